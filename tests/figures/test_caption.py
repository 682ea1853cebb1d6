import dataclasses

import plotly.graph_objects as go
import pytest

from dashboard.figures.caption import (
    AXIS_MARGIN,
    ILLUSTRATIVE_COLOUR,
    ILLUSTRATIVE_LINE,
    SOURCES_NAME,
    Caption,
    apply_caption,
    caption_layout,
    captioned_figure,
    footer_text,
    title_text,
)
from dashboard.figures.frames import BARE, EXPORT, PRESETS, SCREEN, Frame
from dashboard.figures.theme import FIGURE_TEMPLATE
from tests.figures.plain import layout_json, plain

NARROW = Frame("narrow", title_wrap=10, subtitle_wrap=12, source_wrap=15)
MARK = ("<span style='color:#801650;font-size:15px'><b>ILLUSTRATIVE DATA: synthetic records, "
        "not a real service directory</b></span>")
EXPORTED = Caption("Provision", subtitle="Blackpool.", sources=("IMD 2019.",), dataset="Demo v1",
                   illustrative=True, link="https://atlas.example/v?a=1&b=2",
                   exported="2 December 2026", credit="Made by the locality team")

# A larger frame (the slide frame's sizes before slides drew their own captions): caption.py's
# arithmetic for any frame other than the screen's.
SLIDE = Frame("slide", title_size=22, subtitle_size=15, source_size=12, top_pad=32,
              title_line=28.6, header_line=19.5, source_line=17, title_pad=24, legend_row=36,
              axis_scale=1.2)


def sources_annotation(text, yshift):
    return {"text": text, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left",
            "yanchor": "top", "yshift": yshift, "showarrow": False, "align": "left",
            "name": "caption-sources"}


# Caption ------------------------------------------------------------------------------------


def test_caption_constants():
    assert SOURCES_NAME == "caption-sources"
    assert AXIS_MARGIN == "axis_margin"
    assert ILLUSTRATIVE_LINE == "ILLUSTRATIVE DATA: synthetic records, not a real service directory"
    assert ILLUSTRATIVE_COLOUR == "#801650"


def test_caption_defaults_and_frozen():
    caption = Caption("Title")
    assert dataclasses.asdict(caption) == {
        "title": "Title", "subtitle": "", "notes": (), "sources": (), "dataset": "",
        "illustrative": False, "link": "", "exported": "", "credit": ""}
    with pytest.raises(dataclasses.FrozenInstanceError):
        caption.title = "Other"


def test_caption_header_lines_drop_empty_lines_and_leave_out_the_dataset():
    caption = Caption("T", subtitle="Blackpool.", notes=("", "Counted once.", "Capped."),
                      dataset="Demo v1")
    assert caption.header_lines() == ["Blackpool.", "Counted once.", "Capped."]
    assert Caption("T").header_lines() == []


def test_caption_footer_lines_on_screen_are_the_sources_only():
    caption = Caption("T", sources=("IMD 2019.", "", "Census 2021."), dataset="Demo v1")
    assert caption.footer_lines() == ["IMD 2019.", "Census 2021."]
    assert Caption("T").footer_lines() == []


def test_caption_footer_lines_of_an_export_with_link_date_and_credit():
    assert EXPORTED.footer_lines() == [
        "IMD 2019.", "Demo v1",
        "Exported 2 December 2026. View: https://atlas.example/v?a=1&b=2",
        "Made by the locality team",
    ]


def test_caption_footer_lines_of_an_export_without_link_or_dataset():
    caption = Caption("T", sources=("IMD 2019.",), exported="2 December 2026")
    assert caption.footer_lines() == ["IMD 2019.", "Exported 2 December 2026."]


def test_caption_footer_lines_credit_without_export():
    assert Caption("T", credit="By me").footer_lines() == ["By me"]


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


# title_text ---------------------------------------------------------------------------------


def test_title_text_title_only():
    assert title_text(Caption("Provision")) == "<b>Provision</b>"


def test_title_text_empty_caption_is_empty():
    assert title_text(Caption("")) == ""


def test_title_text_screen_puts_header_and_dataset_under_the_title():
    caption = Caption("Provision", subtitle="Blackpool.", notes=("Counted once.",), dataset="Demo v1")
    assert title_text(caption) == (
        "<b>Provision</b><br>"
        "<span style='font-size:12px'>Blackpool.<br>Counted once.<br>Demo v1</span>")


def test_title_text_escapes_every_line():
    caption = Caption("<i>x</i> & y", subtitle="<b>Sub</b>", dataset="A&B <script>O'Neil</script>")
    assert title_text(caption) == (
        "<b>&lt;i&gt;x&lt;/i&gt; &amp; y</b><br>"
        "<span style='font-size:12px'>&lt;b&gt;Sub&lt;/b&gt;<br>"
        "A&amp;B &lt;script&gt;O'Neil&lt;/script&gt;</span>")


def test_title_text_wraps_title_and_header_at_the_frame_widths():
    caption = Caption("alpha beta gamma delta", subtitle="one two three four", notes=("five",))
    assert title_text(caption, NARROW) == (
        "<b>alpha beta</b><br><b>gamma</b><br><b>delta</b><br>"
        "<span style='font-size:12px'>one two<br>three four<br>five</span>")


def test_title_text_wraps_a_long_title_at_62_characters_on_screen():
    title = "a" * 30 + " " + "b" * 30 + " " + "c" * 10  # 61 characters fit, 72 do not
    assert title_text(Caption(title)) == f"<b>{'a' * 30} {'b' * 30}</b><br><b>{'c' * 10}</b>"


def test_title_text_export_marks_illustrative_and_leaves_the_dataset_out():
    assert title_text(EXPORTED, EXPORT) == (
        MARK + "<br><b>Provision</b><br><span style='font-size:12px'>Blackpool.</span>")


def test_title_text_preset_frame_marks_illustrative():
    assert title_text(Caption("T", illustrative=True), PRESETS["social"].frame) == MARK + "<br><b>T</b>"


def test_title_text_no_mark_in_frames_that_do_not_mark():
    caption = Caption("T", illustrative=True)
    assert title_text(caption, SCREEN) == "<b>T</b>"
    assert title_text(caption, SLIDE) == "<b>T</b>"
    assert title_text(caption, BARE) == "<b>T</b>"


def test_title_text_no_mark_for_real_data_in_an_export():
    assert title_text(Caption("T"), EXPORT) == "<b>T</b>"


def test_title_text_slide_header_size():
    caption = Caption("T", subtitle="S", dataset="D")
    assert title_text(caption, SLIDE) == "<b>T</b><br><span style='font-size:15px'>S<br>D</span>"


# footer_text --------------------------------------------------------------------------------


def test_footer_text_empty_without_footer_lines():
    assert footer_text(Caption("T", dataset="Demo v1")) == ""


def test_footer_text_sources_on_screen():
    caption = Caption("T", sources=("IMD 2019.", "Census 2021."))
    assert footer_text(caption) == "<span style='font-size:10px'>IMD 2019.<br>Census 2021.</span>"


def test_footer_text_export_lines_escaped():
    assert footer_text(EXPORTED, EXPORT) == (
        "<span style='font-size:10px'>IMD 2019.<br>Demo v1<br>"
        "Exported 2 December 2026. View: https://atlas.example/v?a=1&amp;b=2<br>"
        "Made by the locality team</span>")


def test_footer_text_escapes_markup_in_sources():
    caption = Caption("T", sources=("<a href='x'>OS</a> © Crown & database right",))
    assert footer_text(caption) == (
        "<span style='font-size:10px'>&lt;a href='x'&gt;OS&lt;/a&gt; © Crown &amp; database right</span>")


def test_footer_text_wraps_at_the_source_width():
    caption = Caption("T", sources=("Source: ONS and NHS England",))
    assert footer_text(caption, NARROW) == (
        "<span style='font-size:10px'>Source: ONS and<br>NHS England</span>")


def test_footer_text_slide_size():
    assert footer_text(Caption("T", sources=("S",)), SLIDE) == "<span style='font-size:12px'>S</span>"


# caption_layout -----------------------------------------------------------------------------


def test_caption_layout_screen_with_subtitle_and_source():
    caption = Caption("Title", subtitle="Sub", sources=("S1",))
    assert caption_layout(caption) == {
        "title": {"text": "<b>Title</b><br><span style='font-size:12px'>Sub</span>", "y": 1,
                  "yref": "container", "yanchor": "top", "pad": {"t": 12}, "font": {"size": 17}},
        "margin": {"t": 71, "b": 54, "l": 10, "r": 10},  # 34 + 20 + 17; 40 + 14
        "annotations": [sources_annotation("<span style='font-size:10px'>S1</span>", -32)],
        "meta": {"axis_margin": 40},
    }


def test_caption_layout_without_footer_has_no_annotation():
    assert caption_layout(Caption("Title"), axis_margin=70) == {
        "title": {"text": "<b>Title</b>", "y": 1, "yref": "container", "yanchor": "top",
                  "pad": {"t": 12}, "font": {"size": 17}},
        "margin": {"t": 54, "b": 70, "l": 10, "r": 10},
        "annotations": [],
        "meta": {"axis_margin": 70},
    }


def test_caption_layout_legend_above_adds_the_legend_row():
    assert caption_layout(Caption("Title"), legend_above=True)["margin"] == {
        "t": 84, "b": 40, "l": 10, "r": 10}


def test_caption_layout_wrapped_line_counts_feed_the_margins():
    caption = Caption("alpha beta gamma delta", subtitle="one two three four", notes=("five",),
                      sources=("Source: ONS and NHS England", "OGL"))
    layout = caption_layout(caption, NARROW)
    # 3 title lines, 3 header lines: 34 + 60 + 51; 3 source lines: 40 + 42
    assert layout["margin"] == {"t": 145, "b": 82, "l": 10, "r": 10}
    assert layout["annotations"] == [sources_annotation(
        "<span style='font-size:10px'>Source: ONS and<br>NHS England<br>OGL</span>", -32)]


def test_caption_layout_dataset_line_counts_on_screen():
    assert caption_layout(Caption("T", dataset="Demo v1"))["margin"]["t"] == 71  # 34 + 20 + 17
    assert caption_layout(Caption("T", dataset="Demo v1"), BARE)["margin"]["t"] == 20  # 0 + 20


def test_caption_layout_export_counts_the_mark_and_footer_lines():
    layout = caption_layout(EXPORTED, EXPORT, axis_margin=70)
    assert layout == {
        "title": {"text": MARK + "<br><b>Provision</b><br><span style='font-size:12px'>Blackpool.</span>",
                  "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12},
                  "font": {"size": 17}},
        "margin": {"t": 93, "b": 126, "l": 10, "r": 10},  # 34 + 2 * 21 + 17; 70 + 4 * 14
        "annotations": [sources_annotation(
            "<span style='font-size:10px'>IMD 2019.<br>Demo v1<br>"
            "Exported 2 December 2026. View: https://atlas.example/v?a=1&amp;b=2<br>"
            "Made by the locality team</span>", -62)],
        "meta": {"axis_margin": 70},
    }


def test_caption_layout_slide_scales_the_axis_margin_and_line_heights():
    caption = Caption("T", subtitle="S", notes=("N",), sources=("S1", "S2"))
    assert caption_layout(caption, SLIDE, axis_margin=230, legend_above=True) == {
        "title": {"text": "<b>T</b><br><span style='font-size:15px'>S<br>N</span>", "y": 1,
                  "yref": "container", "yanchor": "top", "pad": {"t": 24}, "font": {"size": 22}},
        # 32 + round(28.6) + round(2 * 19.5) + 36; round(230 * 1.2) + 2 * 17
        "margin": {"t": 136, "b": 310, "l": 10, "r": 10},
        "annotations": [sources_annotation("<span style='font-size:12px'>S1<br>S2</span>", -268)],
        "meta": {"axis_margin": 230},
    }


def test_caption_layout_bare_empty_caption():
    assert caption_layout(Caption(""), BARE, axis_margin=230) == {
        "title": {"text": "", "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 8},
                  "font": {"size": 17}},
        "margin": {"t": 8, "b": 92, "l": 10, "r": 10},  # title_pad; round(230 * 0.4)
        "annotations": [],
        "meta": {"axis_margin": 230},
    }


def test_caption_layout_empty_title_keeps_room_for_the_header():
    caption = Caption("", subtitle="Blackpool.")
    assert title_text(caption) == "<span style='font-size:12px'>Blackpool.</span>"
    assert caption_layout(caption)["margin"]["t"] == 51  # 34 + 0 title lines + 17


# apply_caption ------------------------------------------------------------------------------


def note_figure():
    figure = captioned_figure([], Caption("Old", subtitle="Old sub", sources=("Old source",)),
                              axis_margin=100)
    figure.add_annotation(text="note", name="note", x=0.5, y=0.5, showarrow=False)
    return figure


def test_apply_caption_replaces_the_caption_and_keeps_other_annotations():
    figure = apply_caption(note_figure(), Caption("New", sources=("New source",)), SLIDE)
    layout = layout_json(figure)
    assert layout["title"] == {"text": "<b>New</b>", "y": 1, "yref": "container", "yanchor": "top",
                               "pad": {"t": 24}, "font": {"size": 22}}
    assert layout["annotations"] == [
        {"text": "note", "name": "note", "x": 0.5, "y": 0.5, "showarrow": False},
        sources_annotation("<span style='font-size:12px'>New source</span>", -112),  # 120 - 8
    ]
    assert layout["margin"] == {"t": 61, "b": 137, "l": 10, "r": 10}  # 32 + 29; 120 + 17
    assert layout["meta"] == {"axis_margin": 100}


def test_apply_caption_leaves_the_input_figure_untouched():
    figure = note_figure()
    before = plain(figure.to_plotly_json())
    apply_caption(figure, Caption("New"), SLIDE)
    assert plain(figure.to_plotly_json()) == before


def test_apply_caption_without_footer_drops_the_old_sources():
    figure = apply_caption(note_figure(), Caption("New"))
    assert layout_json(figure)["annotations"] == [
        {"text": "note", "name": "note", "x": 0.5, "y": 0.5, "showarrow": False}]
    assert layout_json(figure)["margin"] == {"t": 54, "b": 100, "l": 10, "r": 10}


def test_apply_caption_twice_equals_applying_once():
    caption = Caption("New", subtitle="Sub", sources=("S1",))
    once = apply_caption(note_figure(), caption, SLIDE)
    twice = apply_caption(apply_caption(note_figure(), Caption("Other", sources=("X", "Y"))),
                          caption, SLIDE)
    assert layout_json(twice) == layout_json(once)


def test_apply_caption_defaults_the_axis_margin_and_keeps_other_meta():
    assert layout_json(apply_caption(go.Figure(), Caption("T"))) == {
        "title": {"text": "<b>T</b>", "y": 1, "yref": "container", "yanchor": "top",
                  "pad": {"t": 12}, "font": {"size": 17}},
        "margin": {"t": 54, "b": 40, "l": 10, "r": 10},
        "meta": {"axis_margin": 40},
    }
    figure = go.Figure(layout={"meta": {"axis_margin": 70, "view": "gaps"}})
    out = layout_json(apply_caption(figure, Caption("T")))
    assert out["meta"] == {"axis_margin": 70, "view": "gaps"}
    assert out["margin"]["b"] == 70


def test_apply_caption_reserves_the_legend_row_for_a_legend_above():
    above = go.Figure(layout={"showlegend": True,
                              "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom"}})
    assert layout_json(apply_caption(above, Caption("T")))["margin"]["t"] == 84  # 34 + 20 + 30
    assert layout_json(apply_caption(above, Caption("T"), SLIDE))["margin"]["t"] == 97  # 32 + 29 + 36


def test_apply_caption_no_legend_row_for_other_legends():
    hidden = go.Figure(layout={"showlegend": False, "legend": {"orientation": "h", "yanchor": "bottom"}})
    vertical = go.Figure(layout={"showlegend": True, "legend": {"orientation": "v"}})
    below = go.Figure(layout={"showlegend": True, "legend": {"orientation": "h", "yanchor": "top"}})
    for figure in (hidden, vertical, below):
        assert layout_json(apply_caption(figure, Caption("T")))["margin"]["t"] == 54


# captioned_figure ---------------------------------------------------------------------------


def test_captioned_figure_builds_template_layout_and_caption():
    figure = captioned_figure([{"type": "bar", "x": [1], "y": ["a"]}], Caption("T", sources=("S",)), 70,
                              height=300, plot_bgcolor="#ffffff")
    assert figure.layout.template.to_plotly_json() == FIGURE_TEMPLATE.to_plotly_json()
    assert [trace.to_plotly_json() for trace in figure.data] == [{"type": "bar", "x": [1], "y": ["a"]}]
    assert layout_json(figure) == {
        "height": 300, "plot_bgcolor": "#ffffff",
        "title": {"text": "<b>T</b>", "y": 1, "yref": "container", "yanchor": "top",
                  "pad": {"t": 12}, "font": {"size": 17}},
        "margin": {"t": 54, "b": 84, "l": 10, "r": 10},
        "annotations": [sources_annotation("<span style='font-size:10px'>S</span>", -62)],
        "meta": {"axis_margin": 70},
    }


def test_captioned_figure_legend_above():
    figure = captioned_figure([], Caption("T"), legend_above=True)
    assert layout_json(figure)["margin"] == {"t": 84, "b": 40, "l": 10, "r": 10}


def test_captioned_figure_draws_the_screen_frame():
    figure = captioned_figure([], Caption("T", illustrative=True, dataset="Demo v1"))
    assert layout_json(figure)["title"]["text"] == "<b>T</b><br><span style='font-size:12px'>Demo v1</span>"
