"""Frames a figure is drawn in (the page, a slide, an export size) and their type sizes.

A frame says how large the caption's type is, how long its lines may be and what it shows
besides the title (the illustrative-data mark). Export presets pair an output size with the
layout it is drawn in (:mod:`dashboard.figures.publication`).
"""

from __future__ import annotations

from dataclasses import dataclass

# plotly sets the lines of one text element 1.3 em of the element's base font apart.
LINE_SPACING = 1.3


@dataclass(frozen=True)
class Frame:
    """Type sizes (px), line lengths (characters) and spacing of a caption.

    Attributes:
        name: what the frame is for.
        title_size: the headline's size, and the line height of the whole title block (plotly
            spaces every line of the title, the standfirst too, by 1.3 em of this size).
        subtitle_size: the standfirst (place and filters) under the headline.
        source_size: the footer: notes, sources and licences, dataset and version.
        title_wrap, subtitle_wrap, source_wrap: characters per line before wrapping.
        title_pad: from the top of the figure to the first line's baseline; on screen it keeps
            a band free for plotly's toolbar, so the toolbar never covers the title.
        side_margin: left and right margins.
        legend_row: height kept for a horizontal legend between the title block and the plot.
        axis_scale: how much the axes' own margin grows (larger tick labels).
        marks_illustrative: draw the ILLUSTRATIVE DATA mark above the title.
    """

    name: str
    title_size: int = 17
    subtitle_size: int = 12
    source_size: int = 11
    title_wrap: int = 50
    subtitle_wrap: int = 76
    source_wrap: int = 86
    title_pad: int = 44
    side_margin: int = 10
    legend_row: int = 30
    axis_scale: float = 1.0
    marks_illustrative: bool = False

    @property
    def title_line(self) -> float:
        """Distance between two lines of the title block, in px."""
        return LINE_SPACING * self.title_size

    @property
    def source_line(self) -> float:
        """Distance between two footer lines, in px."""
        return LINE_SPACING * self.source_size


SCREEN = Frame("screen")
# A slide is drawn at 1920 x 1000 px (a 1080p screen less the presenter's bar) and scaled to
# fit other screens as a whole: type for the back of a room, titles 44 px, the other caption
# lines 28 px (axis and tick labels are 28 px too: dashboard.figures.slides), sources 20 px.
# dashboard.figures.slide_caption draws a slide's title, header and sources apart, each at its
# own size, and wraps them by their real widths.
SLIDE_SIZE = (1920, 1000)
SLIDE = Frame("slide", title_size=44, subtitle_size=28, source_size=20, title_wrap=68,
              subtitle_wrap=118, source_wrap=170, title_pad=24, side_margin=24, legend_row=44)
BARE = Frame("bare", title_pad=0, axis_scale=0.4)  # figures inside a PDF page, no caption


@dataclass(frozen=True)
class Preset:
    """An export size and its type scale.

    Attributes:
        label: what the export panel calls it.
        width, height: layout size in CSS px; ``scale`` times these is the PNG's pixel size.
        scale: PNG pixels per layout px.
        dpi: resolution written into the PNG, if any.
        qr: print a QR code of the view's link in the footer.
        body: the smallest text size of the export, in layout px (labels, cell text, legend,
            footer); headline and standfirst are larger.
        margin: the outer margin, in layout px.
    """

    label: str
    width: int
    height: int
    scale: float = 1.0
    dpi: int | None = None
    qr: bool = False
    body: int = 18
    margin: int = 40

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height in pixels of a PNG at this preset."""
        return round(self.width * self.scale), round(self.height * self.scale)


PRESETS: dict[str, Preset] = {
    # Body text 18 px; headline and standfirst larger.
    "social": Preset("Social media, 1200 × 675 px", 1200, 675, body=18, margin=40),
    # Body text 24 px on the 1920 × 1080 image.
    "slide": Preset("Slide, 1920 × 1080 px", 1920, 1080, body=24, margin=64),
    # A4 portrait at 96 CSS px per inch (794 x 1123), scaled to 2480 x 3508 px = 300 dpi; body
    # text 12 px = 9 pt.
    "a4": Preset("A4 portrait print, 300 dpi", 794, 1123, scale=3508 / 1123, dpi=300, qr=True,
                 body=12, margin=45),
}
