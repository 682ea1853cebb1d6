"""Frames a figure is drawn in (the page, a slide, an export size) and their type sizes.

A frame says how large the caption's type is, how long its lines may be and what it shows
besides the title (the illustrative-data mark, the dataset line). Export presets pair an output
size with the frame their captions are drawn in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Frame:
    """Type sizes (px), line lengths (characters) and spacing of a caption.

    Attributes:
        name: what the frame is for.
        title_size, subtitle_size, source_size: font sizes of title, header lines and sources.
        title_wrap, subtitle_wrap, source_wrap: characters per line before wrapping.
        top_pad: space above the title block; title_line, header_line, source_line: line heights.
        title_pad: the title's own top padding; side_margin: left and right margins.
        legend_row: height kept for a horizontal legend between title and plot.
        axis_scale: how much the axes' own margin grows (larger tick labels).
        marks_illustrative: draw the ILLUSTRATIVE DATA mark above the title.
        dataset_in_header: the dataset line goes under the subtitle (else in the footer).
    """

    name: str
    title_size: int = 17
    subtitle_size: int = 12
    source_size: int = 10
    title_wrap: int = 62
    subtitle_wrap: int = 90
    source_wrap: int = 100
    top_pad: int = 34
    title_line: float = 20
    header_line: float = 17
    source_line: float = 14
    title_pad: int = 12
    side_margin: int = 10
    legend_row: int = 30
    axis_scale: float = 1.0
    marks_illustrative: bool = False
    dataset_in_header: bool = True


SCREEN = Frame("screen")
# A slide is drawn at 1920 x 1000 px (a 1080p screen less the presenter's bar) and scaled to
# fit other screens as a whole: type for the back of a room, titles 44 px, the other caption
# lines 28 px (axis and tick labels are 28 px too: dashboard.figures.slides), sources 20 px.
SLIDE_SIZE = (1920, 1000)
# Plotly spaces the lines of a text at 1.3 ems; dashboard.figures.slide_caption draws a slide's
# title, header and sources apart, each at its own size, and wraps them by their real widths.
SLIDE = Frame("slide", title_size=44, subtitle_size=28, source_size=20, title_wrap=68,
              subtitle_wrap=118, source_wrap=170, top_pad=24, title_line=57.2, header_line=36.4,
              source_line=26, title_pad=24, side_margin=24, legend_row=44)
EXPORT = Frame("export", title_line=21, marks_illustrative=True, dataset_in_header=False)
BARE = Frame("bare", top_pad=0, title_pad=8, axis_scale=0.4,  # figures inside a PDF page
             dataset_in_header=False)


@dataclass(frozen=True)
class Preset:
    """An export size: layout size in CSS pixels and the scale that gives the pixel size."""

    label: str
    width: int
    height: int
    scale: float = 1.0
    dpi: int | None = None
    qr: bool = False

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height in pixels of a PNG at this preset."""
        return round(self.width * self.scale), round(self.height * self.scale)

    @property
    def frame(self) -> Frame:
        """The export frame with lines as long as this width holds (about 0.55 em a character)."""
        usable = self.width - 2 * EXPORT.side_margin
        return replace(EXPORT, name=f"export {self.width}x{self.height}",
                       title_wrap=int(usable / (EXPORT.title_size * 0.6)),
                       subtitle_wrap=int(usable / (EXPORT.subtitle_size * 0.55)),
                       source_wrap=int(usable / (EXPORT.source_size * 0.55)))


PRESETS: dict[str, Preset] = {
    "social": Preset("Social media, 1200 × 675 px", 1200, 675),
    "slide": Preset("Slide, 1920 × 1080 px", 1280, 720, scale=1.5),
    # A4 portrait at 96 CSS px per inch (794 x 1123), scaled to 2480 x 3508 px = 300 dpi.
    "a4": Preset("A4 portrait print, 300 dpi", 794, 1123, scale=3508 / 1123, dpi=300, qr=True),
}
