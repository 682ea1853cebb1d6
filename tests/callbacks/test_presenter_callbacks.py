from dash import no_update

from callbacks.presenter import edit, present
from dashboard.core.view_state import ViewState, state_to_dict
from dashboard.views.playlist import Slide, playlist_search, slides_to_data

SLIDES = (Slide("/locality/E06000009?domain=income", "map"),
          Slide("/", "locality_determinant", reveal=True), Slide("/gaps", "gaps"))
SEARCH = playlist_search(SLIDES)


def test_present_hides_itself_on_atlas_pages(atlas_context):
    out = present(atlas_context, "/locality/E06000009", "", "")
    assert out[:5] == ("", "nav-link", {"display": "none"}, {"display": "none"},
                       {"display": "none"})
    assert all(o is no_update for o in out[5:])


def test_present_without_slides_shows_the_builder(atlas_context):
    out = present(atlas_context, "/present", "", "")
    assert out[0] == "presenter-building" and out[1] == "nav-link active"
    assert out[3] == {"display": "none"} and out[4] == {}


def test_present_shows_the_step_the_fragment_names(atlas_context):
    out = present(atlas_context, "/present", SEARCH, "#3")
    root, _, _, stage_style, builder_style, figure, counter, label, summary, notes, exit_href, \
        outline, total = out
    assert root == "presenter-presenting" and stage_style == {} and builder_style["display"]
    assert counter == "Slide 2 of 3 (gaps revealed)" and "reveal the gaps" in label
    assert figure.layout.shapes and "Gaps revealed" in summary
    assert notes is None and exit_href == "/" and len(outline) == 3
    assert total == "4"  # the step buttons move within 1..4 (three slides, one with a reveal)


def test_present_notes_what_it_left_out(atlas_context):
    out = present(atlas_context, "/present", SEARCH + "&slide=/nowhere", "#1")
    assert "Slide 4 was left out" in str(out[9])
    empty = present(atlas_context, "/present", "?slide=/methods", "")
    assert empty[6] == "No slides to show" and "no figure to present" in str(empty[9])


def test_edit_adds_the_current_view_and_reorders(atlas_context):
    state = state_to_dict(ViewState(locality="E06000009", domain="income"))
    out = edit(atlas_context, "add", slides_to_data(SLIDES[1:]), 0, None, state)
    data, options, selected, parts, part, reveal, no_reveal, href, empty, status = out
    assert data == slides_to_data(SLIDES[1:] + SLIDES[:1])
    assert selected == 2 and part == "map" and reveal is False and no_reveal is True
    assert options[2]["label"] == "3. Blackpool (E06000009): Deprivation map"
    assert [p["value"] for p in parts][0] == "map" and empty is None
    assert status == "Added slide 3: Blackpool (E06000009): Deprivation map."
    assert href.startswith("/present?slide=/!locality_determinant!reveal&")
    moved = edit(atlas_context, "up", data, 2, None, state)
    assert moved[0] == slides_to_data((SLIDES[1], SLIDES[0], SLIDES[2])) and moved[2] == 1
    assert moved[-1] is no_update


def test_edit_refuses_pages_without_figures_and_shows_the_empty_state(atlas_context):
    out = edit(atlas_context, "add", [], None, None, state_to_dict(ViewState(page="methods")))
    assert out[0] == [] and out[2] is None and "no figure" in out[-1]
    assert "playlist is empty" in str(out[-2]) and out[7] == "/present"


def test_edit_example_playlist_starts_with_a_reveal(atlas_context):
    out = edit(atlas_context, "replace", [], None, None, None)
    assert "/!locality_determinant!reveal" in out[0] and out[2] == 0
