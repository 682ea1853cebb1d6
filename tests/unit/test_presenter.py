import numpy as np
import pytest

from dashboard.core.view_state import ViewState, state_from_url
from dashboard.figures.presentation import REVEALED, slide_figure
from dashboard.figures.text import text_width
from dashboard.views.parts import build_part
from dashboard.views.playlist import (
    MAX_SLIDES,
    Slide,
    current_slide,
    edit_playlist,
    parse_playlist,
    playlist_href,
    playlist_search,
    slides_from_data,
    slides_to_data,
    step_from_hash,
    steps_of,
)
from dashboard.views.presenter import reveal_cells, reveal_part, stage, view_reader

NAMES = {"E06000009": "Blackpool", "E08000025": "Birmingham", "E06000063": "Cumberland"}


def recode(code):
    if code in NAMES:
        return code, None
    if code == "E07000026":
        return "E06000063", "E07000026 (Allerdale) is retired in 2023"
    return None, None


@pytest.fixture
def read(codelists):
    return lambda path, query: state_from_url(path, query, codelists, recode, NAMES)


SLIDES = (
    Slide("/locality/E06000009?domain=income&types=befriending,peer_support", "map"),
    Slide("/", "locality_determinant", reveal=True),
    Slide("/gaps?need=70", "parity"),
)


def test_presenter_playlist_round_trips_through_the_link(read):
    search = playlist_search(SLIDES)
    assert search.count("slide=") == 3
    slides, notes = parse_playlist(search, read)
    assert slides == SLIDES and notes == []
    assert playlist_href(SLIDES, 4).startswith("/present?slide=/locality/E06000009")
    assert playlist_href(SLIDES, 4).endswith("#4")


def test_presenter_playlist_round_trips_through_the_store(read):
    assert slides_from_data(slides_to_data(SLIDES), read) == SLIDES
    assert slides_from_data({"not": "a list"}, read) == ()
    assert slides_from_data([3, None, "/!map"], read) == (Slide("/", "map"),)


def test_presenter_playlist_canonicalises_views_and_defaults_the_part(read):
    slides, notes = parse_playlist("?slide=/locality/E07000026/%3Fmeasure%3Drank", read)
    assert slides == (Slide("/locality/E06000063", "map"),)
    assert len(notes) == 1 and notes[0].startswith("Slide 1:") and "Allerdale" in notes[0]


@pytest.mark.parametrize(
    ("token", "fragment"),
    [
        ("https://example.org/", "must start with '/'"),
        ("//example.org/!map", "must start with '/'"),
        ("/nowhere!map", "no page at"),
        ("/locality/E99999999!map", "not an English local authority district"),
        ("/methods", "no figure to present"),
        ("/compare?codes=E06000009", "no figure to present"),
        ("/present?slide=/!map", "no figure to present"),
    ],
)
def test_presenter_invalid_slides_are_left_out_with_a_note(read, token, fragment):
    slides, notes = parse_playlist(playlist_search([Slide("/", "map")]) + "&slide=" + token
                                   .replace("?", "%3F").replace("&", "%26").replace("=", "%3D"),
                                   read)
    assert slides == (Slide("/", "map"),)
    assert len(notes) == 1 and notes[0].startswith("Slide 2 was left out") and fragment in notes[0]


def test_presenter_slide_options_are_checked_with_notes(read):
    slides, notes = parse_playlist(
        "?slide=/!nonsense&slide=/gaps!gaps!reveal&slide=/!map!sparkle&colour=red", read)
    assert slides == (Slide("/", "map"), Slide("/gaps", "gaps"), Slide("/", "map"))
    assert "unknown URL parameter 'colour'" in notes[0]
    assert "no figure 'nonsense'" in notes[1]
    assert "only be revealed" in notes[2]
    assert "'sparkle'" in notes[3]


def test_presenter_playlist_length_is_capped(read):
    slides, notes = parse_playlist(playlist_search([Slide("/", "map")] * (MAX_SLIDES + 3)), read)
    assert len(slides) == MAX_SLIDES and "at most" in notes[-1]


def test_presenter_steps_give_reveal_slides_two_phases():
    assert steps_of(SLIDES) == [(0, "figure"), (1, "provision"), (1, "gaps"), (2, "figure")]
    assert steps_of(()) == []


@pytest.mark.parametrize(("fragment", "step"),
                         [("#2", 2), ("3", 3), ("", 1), (None, 1), ("#0", 1), ("#99", 4),
                          ("#x", 1), ("#-2", 1)])
def test_presenter_step_from_hash_stays_in_range(fragment, step):
    assert step_from_hash(fragment, 4) == step




def test_presenter_edit_playlist_reorders_removes_and_changes_parts():
    a, b, c = SLIDES
    slides, selected = edit_playlist([a, b], "add", 0, c)
    assert slides == (a, b, c) and selected == 2
    slides, selected = edit_playlist(slides, "up", 2)
    assert slides == (a, c, b) and selected == 1
    assert edit_playlist(slides, "up", 0) == (slides, 0)
    assert edit_playlist(slides, "down", 2) == (slides, 2)
    slides, selected = edit_playlist(slides, "down", 0)
    assert slides == (c, a, b) and selected == 1
    slides, selected = edit_playlist(slides, "remove", 2)
    assert slides == (c, a) and selected == 1
    # Changing the part away from the grid drops the reveal; reveal only where it can apply.
    slides, _ = edit_playlist([b], "part", 0, "map")
    assert slides == (Slide("/", "map"),)
    assert edit_playlist(slides, "reveal", 0, True)[0] == slides
    assert edit_playlist([Slide("/", "locality_determinant")], "reveal", 0, True)[0] == (b,)
    assert edit_playlist([a], "remove", 0) == ((), None)
    assert edit_playlist([], "up", None) == ((), None)
    assert edit_playlist([a, b], None, 7) == ((a, b), 0)
    assert edit_playlist([a], "replace", 0, [b, c]) == ((b, c), 0)


def test_presenter_current_slide_is_the_view_and_its_headline_figure():
    assert current_slide(ViewState(locality="E06000009", domain="income")) == Slide(
        "/locality/E06000009?domain=income", "map")
    assert current_slide(ViewState(page="gaps")) == Slide("/gaps", "gaps")
    assert current_slide(ViewState(page="methods")) is None
    assert current_slide(ViewState(page="present")) is None


def test_presenter_reveal_marks_exactly_the_high_need_gaps(atlas_context):
    from dashboard.views.common import dataset_localities, lad_name
    from dashboard.views.gaps import gap_heatmap

    state = ViewState(thresholds=(70.0, 1.0, 5.0))
    localities = dataset_localities(atlas_context)
    table = gap_heatmap(atlas_context, state, localities)[1]
    expected = {(r.gap_class, r.locality, r.determinant) for r in table.itertuples()
                if r.gap_class in REVEALED}
    assert expected  # the illustrative data has both kinds of gap
    assert {c for c, _, _ in expected} == set(REVEALED)
    provision = build_part(atlas_context, state, "locality_determinant")
    revealed = reveal_part(atlas_context, state, provision)
    marked = {tuple(shape.name.split(":")) for shape in revealed.figure.layout.shapes}
    assert marked == expected
    assert len(reveal_cells(atlas_context, state)) == len(expected)
    # Same grid: same trace, same axes, same colours; the gap cells' text carries the mark.
    before, after = provision.figure.data[0], revealed.figure.data[0]
    assert after.x == before.x and after.y == before.y
    np.testing.assert_array_equal(after.z, before.z)
    labels = atlas_context.codelists["determinants"].labels
    rows, cols = list(after.y), list(after.x[1])
    for gap_class, locality, determinant in expected:
        i, j = rows.index(lad_name(atlas_context, locality)), cols.index(labels[determinant])
        assert after.text[i][j].endswith("NONE" if gap_class == REVEALED[0] else "LOW")
        shape = next(s for s in revealed.figure.layout.shapes
                     if s.name == f"{gap_class}:{locality}:{determinant}")
        assert (shape.x0, shape.x1, shape.y0, shape.y1) == (j - 0.5, j + 0.5, i - 0.5, i + 0.5)
    unmarked = sum(not str(t).endswith(("NONE", "LOW")) for row in after.text for t in row)
    assert unmarked == len(rows) * len(cols) - len(expected)
    # The caption keeps its title and sources and adds a note and the need sources.
    assert revealed.caption.title == provision.caption.title
    assert revealed.caption.notes[:-1] == provision.caption.notes
    assert revealed.caption.notes[-1].startswith("Gaps revealed")
    sources = revealed.figure.layout.annotations[0].text  # the footer: notes, then sources
    assert "Gaps revealed" in sources
    assert "Code lists" in sources and "Indices of Deprivation" in sources
    assert "Census 2021" in sources
    assert "Gaps revealed" in revealed.summary and "High need, no provision:" in revealed.summary


def test_presenter_reveal_on_one_locality_uses_its_own_grid(atlas_context):
    state = ViewState(locality="E06000009")
    provision = build_part(atlas_context, state, "locality_determinant")
    revealed = reveal_part(atlas_context, state, provision)
    assert {s.name.split(":")[1] for s in revealed.figure.layout.shapes} == {"E06000009"}


def test_presenter_figure_is_a_slide_and_keeps_its_caption(atlas_context):
    part = build_part(atlas_context, ViewState(), "determinant_type")
    big = slide_figure(part.figure, part.caption)
    assert (big.layout.width, big.layout.height, big.layout.autosize) == (1920, 1000, False)
    assert big.layout.title.text == f"<b>{part.caption.title}</b>"
    assert big.layout.title.font.size == 44
    header, sources = (a for a in big.layout.annotations if a.name in ("slide-header",
                                                                       "caption-sources"))
    assert header.font.size == 28 and sources.font.size == 20
    assert part.caption.subtitle in header.text and "Illustrative data" in header.text
    assert sources.text == "<br>".join(part.caption.sources)


def test_presenter_stage_counts_slides_and_phases(atlas_context):
    read = view_reader(atlas_context)
    slides, _ = parse_playlist(playlist_search(SLIDES), read)
    first = stage(atlas_context, slides, "#1")
    assert first.counter == "Slide 1 of 3" and first.exit_href == SLIDES[0].view
    assert "Blackpool" in first.part.figure.layout.title.text
    provision = stage(atlas_context, slides, "#2")
    gaps = stage(atlas_context, slides, "#3")
    assert provision.counter.startswith("Slide 2 of 3 (provision")
    assert gaps.counter == "Slide 2 of 3 (gaps revealed)"

    def outlined(figure):
        return [shape for shape in figure.layout.shapes if shape.type == "rect"]

    assert not outlined(provision.part.figure) and outlined(gaps.part.figure)
    last = stage(atlas_context, slides, "#42")
    assert last.step == last.total_steps == 4 and last.slide_number == 3
    assert [current for _, _, current in last.outline] == [False, False, True]
    assert [href[-2:] for _, href, _ in last.outline] == ["#1", "#2", "#4"]
    assert stage(atlas_context, (), "#1") is None


def test_presenter_script_reads_the_step_total_by_its_registered_id():
    from pathlib import Path

    from layouts.ids import Id

    script = (Path(__file__).resolve().parents[2] / "assets" / "presenter.js").read_text()
    assert f'getElementById("{Id.PRESENT_TOTAL}")' in script


SLIDE_PARTS = [(ViewState(), "map"), (ViewState(), "determinant_type"),
               (ViewState(), "population_determinant"), (ViewState(), "locality_determinant"),
               (ViewState(), "intersection"), (ViewState(locality="E06000009"), "quadrant"),
               (ViewState(locality="E06000009"), "map"), (ViewState(page="gaps"), "gaps"),
               (ViewState(page="gaps"), "parity")]


@pytest.mark.parametrize(("state", "key"), SLIDE_PARTS, ids=[f"{s.current_page}-{k}" for s, k in SLIDE_PARTS])
def test_every_slide_of_the_bundled_data_is_set_for_a_room(atlas_context, state, key):
    """Type sizes and the arithmetic of the layout; tests/e2e/test_slide_type.py measures the
    drawn slides in Chromium."""
    part = build_part(atlas_context, state, key)
    figure = slide_figure(part.figure, part.caption)
    layout = figure.layout
    assert (layout.width, layout.height, layout.title.font.size) == (1920, 1000, 44)
    for axis in (layout.xaxis, layout.yaxis):
        if axis.tickfont.size is not None:
            assert axis.tickfont.size >= 28 and axis.automargin is False
        if axis.title.text:
            assert axis.title.font.size >= 28
    plot_height = 1000 - layout.margin.t - layout.margin.b
    trace = figure.data[0]
    if trace.type == "heatmap":
        labels = [str(label) for label in trace.y]
        assert plot_height / len(labels) >= 34                      # 28 px row labels never touch
        assert max(text_width(label, 28) for label in labels) <= layout.margin.l - 24 - 12 + 1
        page_rows = len(part.figure.data[0].y[-1] if isinstance(part.figure.data[0].y[0], tuple)
                        else part.figure.data[0].y)
        if len(labels) < page_rows:
            said = next(a.text for a in layout.annotations if a.name == "slide-header")
            assert f"of {page_rows} rows" in said
    if trace.type == "choroplethmap":
        assert trace.colorbar.tickfont.size == 28


def test_a_revealed_slide_keeps_its_outlines_and_legend_readable(atlas_context):
    state = ViewState()
    revealed = reveal_part(atlas_context, state, build_part(atlas_context, state,
                                                            "locality_determinant"))
    figure = slide_figure(revealed.figure, revealed.caption)
    outlines = [s for s in figure.layout.shapes if s.type == "rect"]
    assert len(outlines) == len([s for s in revealed.figure.layout.shapes if s.type == "rect"])
    assert figure.layout.legend.font.size == 28
    assert min(figure.data[0].textfont.size, 28) >= 14
