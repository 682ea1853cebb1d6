import dataclasses

import plotly.graph_objects as go
import pytest

from dashboard.figures.caption import (
    AXIS_MARGIN,
    CAPTION,
    FIT,
    FOOTER_GAP,
    ILLUSTRATIVE_COLOUR,
    ILLUSTRATIVE_LINE,
    LEGEND_ROW,
    SOURCES_NAME,
    TITLE_GAP,
    Caption,
    apply_caption,
    browser_caption,
    caption_layout,
    captioned_figure,
    footer_text,
    title_block_height,
    title_text,
    wrap,
)
from dashboard.figures.frames import BARE, SCREEN, Frame
from dashboard.figures.theme import FIGURE_TEMPLATE
from tests.figures.plain import layout_json, plain

NARROW = Frame("narrow", title_wrap=10, subtitle_wrap=12, source_wrap=15)
MARKED = Frame("marked", title_wrap=70, marks_illustrative=True)  # the mark: 79 a line
MARK = ("<span style='color:#801650;font-size:15px'><b>ILLUSTRATIVE DATA: synthetic records, "
        "not a real service directory</b></span>")
EXPORTED = Caption("Provision", subtitle="Blackpool.", sources=("IMD 2019.",), dataset="Demo v1",
                   illustrative=True, link="https://atlas.example/v?a=1&b=2",
                   exported="2 December 2026", credit="Made by the locality team")

# A larger frame (the slide frame's sizes before slides drew their own captions): caption.py's
# arithmetic for any frame other than the screen's.
SLIDE = Frame("slide", title_size=22, subtitle_size=15, source_size=13, title_wrap=70,
              subtitle_wrap=110, source_wrap=150, title_pad=34, legend_row=36, axis_scale=1.2)


def title(text, frame=SCREEN):
    return {"text": text, "x": 0, "xref": "container", "xanchor": "left", "y": 1,
            "yref": "container", "yanchor": "top",
            "pad": {"t": frame.title_pad, "l": frame.side_margin}, "font": {"size": frame.title_size}}


def footer(text, yshift, frame=SCREEN):
    return {"text": text, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left",
            "yanchor": "top", "yshift": yshift, "showarrow": False, "align": "left",
            "name": "caption-sources", "font": {"size": frame.source_size, "color": "#3d3d3d"}}


def browser(caption, frame=SCREEN, axis=40, row=0):
    return {"title": caption.title, "subtitle": caption.subtitle, "footer": caption.footer_lines(),
            "sizes": [frame.title_size, frame.subtitle_size, frame.source_size],
            "pad": frame.title_pad, "side": frame.side_margin, "gap": 10, "footer_gap": 6,
            "row": row, "axis": axis}


# Caption ------------------------------------------------------------------------------------


def test_caption_constants():
    assert (SOURCES_NAME, AXIS_MARGIN, LEGEND_ROW, CAPTION, FIT) == (
        "caption-sources", "axis_margin", "legend_row", "caption", "fit")
    assert ILLUSTRATIVE_LINE == "ILLUSTRATIVE DATA: synthetic records, not a real service directory"
    assert ILLUSTRATIVE_COLOUR == "#801650"
    assert (TITLE_GAP, FOOTER_GAP) == (10, 6)


def test_caption_defaults_and_frozen():
    caption = Caption("Title")
    assert dataclasses.asdict(caption) == {
        "title": "Title", "subtitle": "", "notes": (), "sources": (), "dataset": "",
        "illustrative": False, "link": "", "exported": "", "credit": ""}
    with pytest.raises(dataclasses.FrozenInstanceError):
        caption.title = "Other"


def test_caption_header_is_the_standfirst_alone():
    caption = Caption("T", subtitle="Blackpool.", notes=("Counted once.",), dataset="Demo v1")
    assert caption.header_lines() == ["Blackpool."]
    assert Caption("T").header_lines() == []


def test_caption_footer_holds_notes_sources_and_the_dataset():
    caption = Caption("T", notes=("", "Counted once."), sources=("IMD 2019.", "", "Census 2021."),
                      dataset="Demo v1")
    assert caption.footer_lines() == ["Counted once.", "IMD 2019.", "Census 2021.", "Demo v1"]
    assert Caption("T").footer_lines() == []


def test_caption_footer_lines_of_an_export_with_link_date_and_credit():
    assert EXPORTED.footer_lines() == [
        "IMD 2019.", "Demo v1",
        "Exported 2 December 2026. View: https://atlas.example/v?a=1&b=2",
        "Made by the locality team",
    ]


def test_caption_stamp_line_without_link():
    assert Caption("T", exported="2 December 2026").stamp_line() == "Exported 2 December 2026."
    assert Caption("T").stamp_line() == ""


def test_caption_plain_lines_of_an_illustrative_export():
    caption = dataclasses.replace(EXPORTED, notes=("Counted once.",))
    assert caption.plain_lines() == [
        "ILLUSTRATIVE DATA: synthetic records, not a real service directory",
        "Provision",
        "Blackpool. Counted once.",
        "IMD 2019.",
        "Demo v1",
        "Exported 2 December 2026 from https://atlas.example/v?a=1&b=2",
        "Made by the locality team",
    ]


def test_caption_plain_lines_of_a_bare_caption():
    assert Caption("Provision").plain_lines() == ["Provision"]
    assert Caption("T", dataset="Demo v1", exported="1 May 2026").plain_lines() == [
        "T", "Demo v1", "Exported 1 May 2026."]


def test_caption_plain_lines_are_not_escaped():
    assert Caption("<i>x</i> & y").plain_lines() == ["<i>x</i> & y"]


# wrap ---------------------------------------------------------------------------------------


def test_wrap_never_breaks_a_word_or_a_hyphenated_word():
    assert wrap(["mental-health provision atlas"], 8) == ["mental-health", "provision", "atlas"]
    assert wrap(["", "a b"], 10) == ["", "a b"]


# title_text ---------------------------------------------------------------------------------


def test_title_text_title_only():
    assert title_text(Caption("Provision")) == "<b>Provision</b>"


def test_title_text_empty_caption_is_empty():
    assert title_text(Caption("")) == ""


def test_title_text_headline_then_standfirst():
    caption = Caption("Provision", subtitle="Blackpool.", notes=("Counted once.",), dataset="Demo v1")
    assert title_text(caption) == "<b>Provision</b><br><span style='font-size:12px'>Blackpool.</span>"


def test_title_text_escapes_every_line():
    caption = Caption("<i>x</i> & y", subtitle="<b>Sub</b> A&B <script>O'Neil</script>")
    assert title_text(caption) == (
        "<b>&lt;i&gt;x&lt;/i&gt; &amp; y</b><br>"
        "<span style='font-size:12px'>&lt;b&gt;Sub&lt;/b&gt; A&amp;B "
        "&lt;script&gt;O'Neil&lt;/script&gt;</span>")


def test_title_text_wraps_title_and_standfirst_at_the_frame_widths():
    caption = Caption("alpha beta gamma delta", subtitle="one two three four", notes=("five",))
    assert title_text(caption, NARROW) == (
        "<b>alpha beta</b><br><b>gamma</b><br><b>delta</b><br>"
        "<span style='font-size:12px'>one two<br>three four</span>")


def test_title_text_wraps_a_long_title_at_50_characters_on_screen():
    title_ = "a" * 30 + " " + "b" * 19 + " " + "c" * 10  # 50 characters fit, 61 do not
    assert title_text(Caption(title_)) == f"<b>{'a' * 30} {'b' * 19}</b><br><b>{'c' * 10}</b>"


def test_title_text_marks_illustrative_only_in_frames_that_mark():
    caption = Caption("T", illustrative=True)
    assert title_text(caption, MARKED) == MARK + "<br><b>T</b>"
    for frame in (SCREEN, SLIDE, BARE):
        assert title_text(caption, frame) == "<b>T</b>"
    assert title_text(Caption("T"), MARKED) == "<b>T</b>"


def test_title_text_slide_standfirst_size():
    assert title_text(Caption("T", subtitle="S", dataset="D"), SLIDE) == (
        "<b>T</b><br><span style='font-size:15px'>S</span>")


# footer_text --------------------------------------------------------------------------------


def test_footer_text_empty_without_footer_lines():
    assert footer_text(Caption("T", subtitle="S")) == ""


def test_footer_text_lines_escaped_in_order():
    assert footer_text(EXPORTED) == (
        "IMD 2019.<br>Demo v1<br>"
        "Exported 2 December 2026. View: https://atlas.example/v?a=1&amp;b=2<br>"
        "Made by the locality team")
    caption = Caption("T", sources=("<a href='x'>OS</a> © Crown & database right",))
    assert footer_text(caption) == "&lt;a href='x'&gt;OS&lt;/a&gt; © Crown &amp; database right"


def test_footer_text_wraps_at_the_source_width():
    caption = Caption("T", notes=("Counted once",), sources=("Source: ONS and NHS England",))
    assert footer_text(caption, NARROW) == "Counted once<br>Source: ONS and<br>NHS England"


# title_block_height -------------------------------------------------------------------------


def test_title_block_height_from_the_first_baseline_to_the_last_line():
    # the first baseline at the title pad, each further line 1.3 em of the headline lower,
    # and the last line's descent
    assert title_block_height(Caption("T"), SCREEN) == round(44 + 0.3 * 17)          # 49
    assert title_block_height(Caption("T", subtitle="S"), SCREEN) == round(44 + 22.1 + 5.1)
    assert title_block_height(Caption(""), SCREEN) == 0
    assert title_block_height(Caption("T", illustrative=True), MARKED) == round(44 + 22.1 + 5.1)


# caption_layout -----------------------------------------------------------------------------


def test_caption_layout_screen_with_subtitle_and_source():
    caption = Caption("Title", subtitle="Sub", sources=("S1",))
    assert caption_layout(caption) == {
        "title": title("<b>Title</b><br><span style='font-size:12px'>Sub</span>"),
        "margin": {"t": 81, "b": 60, "l": 10, "r": 10},  # 71 + 10; 40 + 14 + 6
        "annotations": [footer("S1", -44)],                # -(40 + 6) + 2
        "meta": {"axis_margin": 40, "caption": browser(caption)},
    }


def test_caption_layout_without_footer_has_no_annotation():
    caption = Caption("Title")
    assert caption_layout(caption, axis_margin=70) == {
        "title": title("<b>Title</b>"),
        "margin": {"t": 59, "b": 70, "l": 10, "r": 10},  # 49 + 10
        "annotations": [],
        "meta": {"axis_margin": 70, "caption": browser(caption, axis=70)},
    }


def test_caption_layout_legend_above_adds_the_legend_row():
    assert caption_layout(Caption("Title"), legend_above=True)["margin"] == {
        "t": 89, "b": 40, "l": 10, "r": 10}
    layout = caption_layout(Caption("Title"), legend_above=True, legend_row=62)
    assert layout["margin"]["t"] == 121
    assert layout["meta"][LEGEND_ROW] == 62 and layout["meta"][CAPTION]["row"] == 62


def test_caption_layout_wrapped_line_counts_feed_the_margins():
    caption = Caption("alpha beta gamma delta", subtitle="one two three four", notes=("five",),
                      sources=("Source: ONS and NHS England", "OGL"))
    layout = caption_layout(caption, NARROW)
    # 3 title and 2 standfirst lines: 44 + 4 * 22.1 + 5.1 = 137.5 -> 138, + 10;
    # 4 footer lines: 40 + 57 + 6
    assert layout["margin"] == {"t": 148, "b": 103, "l": 10, "r": 10}
    assert layout["annotations"] == [footer("five<br>Source: ONS and<br>NHS England<br>OGL", -44)]


def test_caption_layout_slide_scales_the_axis_margin_and_line_heights():
    caption = Caption("T", subtitle="S", notes=("N",), sources=("S1", "S2"))
    assert caption_layout(caption, SLIDE, axis_margin=230, legend_above=True) == {
        "title": title("<b>T</b><br><span style='font-size:15px'>S</span>", SLIDE),
        # 34 + 28.6 + 6.6 = 69 + 10 + 36; round(230 * 1.2) + round(3 * 16.9) + 6
        "margin": {"t": 115, "b": 333, "l": 10, "r": 10},
        "annotations": [footer("N<br>S1<br>S2", -280, SLIDE)],
        "meta": {"axis_margin": 230, "caption": browser(caption, SLIDE, 276, 36)},
    }


def test_caption_layout_bare_empty_caption():
    caption = Caption("")
    assert caption_layout(caption, BARE, axis_margin=230) == {
        "title": title("", BARE),
        "margin": {"t": 0, "b": 92, "l": 10, "r": 10},  # no title band; round(230 * 0.4)
        "annotations": [],
        "meta": {"axis_margin": 230, "caption": browser(caption, BARE, 92)},
    }


def test_caption_layout_empty_title_keeps_room_for_the_standfirst():
    caption = Caption("", subtitle="Blackpool.")
    assert title_text(caption) == "<span style='font-size:12px'>Blackpool.</span>"
    assert caption_layout(caption)["margin"]["t"] == 59


def test_browser_caption_carries_the_plain_text_and_the_spacing():
    caption = Caption("T <i>", subtitle="S", notes=("N",), sources=("X",))
    assert browser_caption(caption, SCREEN, 40, 30) == {
        "title": "T <i>", "subtitle": "S", "footer": ["N", "X"], "sizes": [17, 12, 11],
        "pad": 44, "side": 10, "gap": 10, "footer_gap": 6, "row": 30, "axis": 40}


# apply_caption ------------------------------------------------------------------------------


def note_figure():
    figure = captioned_figure([], Caption("Old", subtitle="Old sub", sources=("Old source",)),
                              axis_margin=100)
    figure.add_annotation(text="note", name="note", x=0.5, y=0.5, showarrow=False)
    return figure


def test_apply_caption_replaces_the_caption_and_keeps_other_annotations():
    caption = Caption("New", sources=("New source",))
    figure = apply_caption(note_figure(), caption, SLIDE)
    layout = layout_json(figure)
    assert layout["title"] == title("<b>New</b>", SLIDE)
    assert layout["annotations"] == [
        {"text": "note", "name": "note", "x": 0.5, "y": 0.5, "showarrow": False},
        footer("New source", -124, SLIDE),  # -(120 + 6) + 2
    ]
    assert layout["margin"] == {"t": 51, "b": 143, "l": 10, "r": 10}  # 34 + 6.6 + 10; 120 + 17 + 6
    assert layout["meta"] == {"axis_margin": 100, "caption": browser(caption, SLIDE, 120)}


def test_apply_caption_leaves_the_input_figure_untouched():
    figure = note_figure()
    before = plain(figure.to_plotly_json())
    apply_caption(figure, Caption("New"), SLIDE)
    assert plain(figure.to_plotly_json()) == before


def test_apply_caption_without_footer_drops_the_old_footer():
    figure = apply_caption(note_figure(), Caption("New"))
    assert layout_json(figure)["annotations"] == [
        {"text": "note", "name": "note", "x": 0.5, "y": 0.5, "showarrow": False}]
    assert layout_json(figure)["margin"] == {"t": 59, "b": 100, "l": 10, "r": 10}


def test_apply_caption_twice_equals_applying_once():
    caption = Caption("New", subtitle="Sub", sources=("S1",))
    once = apply_caption(note_figure(), caption, SLIDE)
    twice = apply_caption(apply_caption(note_figure(), Caption("Other", sources=("X", "Y"))),
                          caption, SLIDE)
    assert layout_json(twice) == layout_json(once)


def test_apply_caption_defaults_the_axis_margin_and_keeps_other_meta():
    layout = layout_json(apply_caption(go.Figure(), Caption("T")))
    assert layout["margin"] == {"t": 59, "b": 40, "l": 10, "r": 10}
    assert layout["meta"]["axis_margin"] == 40
    figure = go.Figure(layout={"meta": {"axis_margin": 70, "view": "gaps", "bounds": [0, 1, 2, 3]}})
    out = layout_json(apply_caption(figure, Caption("T")))
    assert {k: out["meta"][k] for k in ("axis_margin", "view", "bounds")} == {
        "axis_margin": 70, "view": "gaps", "bounds": [0, 1, 2, 3]}
    assert out["margin"]["b"] == 70


def test_apply_caption_reserves_the_legend_row_for_a_legend_above_or_a_recorded_row():
    above = go.Figure(layout={"showlegend": True,
                              "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom"}})
    assert layout_json(apply_caption(above, Caption("T")))["margin"]["t"] == 89   # 59 + 30
    assert layout_json(apply_caption(above, Caption("T"), SLIDE))["margin"]["t"] == 87  # 51 + 36
    recorded = go.Figure(layout={"meta": {"legend_row": 62}})
    assert layout_json(apply_caption(recorded, Caption("T")))["margin"]["t"] == 121  # 59 + 62


def test_apply_caption_no_legend_row_for_other_legends():
    hidden = go.Figure(layout={"showlegend": False, "legend": {"orientation": "h", "yanchor": "bottom"}})
    vertical = go.Figure(layout={"showlegend": True, "legend": {"orientation": "v"}})
    below = go.Figure(layout={"showlegend": True, "legend": {"orientation": "h", "yanchor": "top"}})
    for figure in (hidden, vertical, below):
        assert layout_json(apply_caption(figure, Caption("T")))["margin"]["t"] == 59


# captioned_figure ---------------------------------------------------------------------------


def test_captioned_figure_builds_template_layout_and_caption():
    caption = Caption("T", sources=("S",))
    figure = captioned_figure([{"type": "bar", "x": [1], "y": ["a"]}], caption, 70,
                              height=300, plot_bgcolor="#ffffff")
    assert figure.layout.template.to_plotly_json() == FIGURE_TEMPLATE.to_plotly_json()
    assert [trace.to_plotly_json() for trace in figure.data] == [{"type": "bar", "x": [1], "y": ["a"]}]
    assert layout_json(figure) == {
        "height": 300, "plot_bgcolor": "#ffffff",
        "title": title("<b>T</b>"),
        "margin": {"t": 59, "b": 90, "l": 10, "r": 10},  # 70 + 14 + 6
        "annotations": [footer("S", -74)],
        "meta": {"axis_margin": 70, "caption": browser(caption, axis=70)},
    }


def test_captioned_figure_legend_above_and_extra_meta():
    figure = captioned_figure([], Caption("T"), legend_above=True, extra_meta={"bounds": [1, 2]})
    assert layout_json(figure)["margin"] == {"t": 89, "b": 40, "l": 10, "r": 10}
    assert layout_json(figure)["meta"]["bounds"] == [1, 2]


def test_captioned_figure_draws_the_screen_frame_without_the_mark():
    figure = captioned_figure([], Caption("T", illustrative=True, dataset="Demo v1"))
    assert layout_json(figure)["title"]["text"] == "<b>T</b>"
    assert layout_json(figure)["annotations"][0]["text"] == "Demo v1"
