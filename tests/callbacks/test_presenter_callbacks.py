from dataclasses import replace

import pytest
from dash import no_update

from callbacks.presenter import add, edit, present
from callbacks.state_sync import ROOT_CLASSES
from dashboard.context import load_context
from dashboard.core.settings import sqlite_url
from dashboard.core.view_state import ViewState, state_to_dict
from dashboard.ingest.validation import validate_file
from dashboard.views.playlist import Slide, playlist_search, slides_to_data
from dashboard.views.presenter import presenter_mode
from tests.conftest import FIXTURES

SLIDES = (Slide("/locality/E06000009?domain=income", "map"),
          Slide("/", "locality_determinant", reveal=True), Slide("/gaps", "gaps"))
SEARCH = playlist_search(SLIDES)


def test_presenter_mode_sets_the_shell_class(atlas_context):
    modes = {path + search: presenter_mode(path, search) for path, search in (
        ("/locality/E06000009", ""), ("/present", ""), ("/present", SEARCH))}
    assert list(modes.values()) == ["off", "building", "presenting"]
    assert [ROOT_CLASSES.get(mode, "") for mode in modes.values()] == [
        "", "presenter-building", "presenter-presenting"]


def test_present_hides_itself_on_atlas_pages(atlas_context):
    out = present(atlas_context, "/locality/E06000009", "", "")
    assert out["stage"] == out["builder"] == {"display": "none"}
    assert all(out[key] is no_update for key in ("graph", "counter", "notes", "total"))


def test_present_without_slides_shows_the_builder(atlas_context):
    out = present(atlas_context, "/present", "", "")
    assert out["stage"] == {"display": "none"} and out["builder"] == {}


def test_present_shows_the_step_the_fragment_names(atlas_context):
    out = present(atlas_context, "/present", SEARCH, "#3")
    assert out["stage"] == {}
    assert out["builder"]["display"]
    assert out["counter"] == "Slide 2 of 3 (gaps revealed)" and "reveal the gaps" in out["heading"]
    assert out["graph"].layout.shapes and "Gaps revealed" in out["summary"]
    assert out["notes"] is None and out["exit"] == "/" and len(out["outline"]) == 3
    assert out["total"] == "4"  # the step buttons move within 1..4 (three slides, one with a reveal)


def test_present_notes_what_it_left_out(atlas_context):
    out = present(atlas_context, "/present", SEARCH + "&slide=/nowhere", "#1")
    assert "Slide 4 was left out" in str(out["notes"])
    empty = present(atlas_context, "/present", "?slide=/methods", "")
    assert empty["counter"] == "No slides to show"
    assert "no figure to present" in str(empty["notes"])


def test_edit_adds_the_current_view_and_reorders(atlas_context):
    state = state_to_dict(ViewState(locality="E06000009", domain="income"))
    out = edit(atlas_context, "add", slides_to_data(SLIDES[1:]), 0, None, state)
    data, options, selected, parts, part, reveal, no_reveal, href, empty, status = (
        out[key] for key in ("playlist", "slides", "selected", "parts", "part", "reveal",
                             "reveal_disabled", "start", "empty", "status"))
    assert data == slides_to_data(SLIDES[1:] + SLIDES[:1])
    assert selected == 2 and part == "map" and reveal is False and no_reveal is True
    assert options[2]["label"] == "3. Blackpool (E06000009): Deprivation map"
    assert [p["value"] for p in parts][0] == "map" and empty is None
    assert status == "Added slide 3: Blackpool (E06000009): Deprivation map."
    assert href.startswith("/present?slide=/!locality_determinant!reveal&")
    moved = edit(atlas_context, "up", data, 2, None, state)
    assert moved["playlist"] == slides_to_data((SLIDES[1], SLIDES[0], SLIDES[2]))
    assert moved["selected"] == 1 and moved["status"] is no_update
    assert moved["shown"] == moved["playlist"]  # what the builder shows: no second request


def test_add_from_an_atlas_page_says_what_it_added(atlas_context):
    state = state_to_dict(ViewState(locality="E06000009", domain="income"))
    playlist, status = add(atlas_context, slides_to_data(SLIDES[1:]), state)
    assert playlist == slides_to_data(SLIDES[1:] + SLIDES[:1])
    assert status == "Added slide 3: Blackpool (E06000009): Deprivation map."


def test_edit_refuses_pages_without_figures_and_shows_the_empty_state(atlas_context):
    out = edit(atlas_context, "add", [], None, None, state_to_dict(ViewState(page="methods")))
    assert out["playlist"] == [] and out["selected"] is None and "no figure" in out["status"]
    assert "playlist is empty" in str(out["empty"]) and out["start"] == "/present"


def test_edit_example_playlist_starts_with_a_reveal(atlas_context):
    out = edit(atlas_context, "replace", [], None, None, None)
    assert "/!locality_determinant!reveal" in out["playlist"] and out["selected"] == 0


# slides of saved datasets: their own label, live updates, the join slide


@pytest.fixture(scope="module")
def stored(settings, tmp_path_factory):
    folder = tmp_path_factory.mktemp("present")
    atlas = load_context(replace(settings, instance_dir=folder,
                                 database_url=sqlite_url(folder / "a.sqlite3")), with_store=True)
    report = validate_file(FIXTURES / "good.csv", atlas.codelists, atlas.library.store.localities)
    atlas.library.store.save_version("Council", report.accepted, actor="Fay")   # real data
    return atlas, report.accepted


def test_the_illustrative_label_follows_each_slides_dataset(stored):
    atlas, _ = stored
    search = playlist_search((Slide("/?dataset=Council", "determinant_type"),
                              Slide("/", "determinant_type")))
    real = present(atlas, "/present", search, "#1")
    assert real["badge"] is None and real["illustrative"] is None
    assert "Illustrative" not in str(real["graph"].layout.title.text)
    bundled = present(atlas, "/present", search, "#2")
    assert "Illustrative data" in str(bundled["badge"]) and bundled["illustrative"] is not None


def test_a_live_slide_is_redrawn_with_an_updated_mark_when_a_version_is_saved(stored):
    atlas, rows = stored
    search = playlist_search((Slide("/?dataset=Council", "determinant_type"),))
    first = present(atlas, "/present", search, "#1")
    assert first["poll_off"] is False and first["live"] == ["Council", 1]
    assert first["updated"] is None
    quiet = present(atlas, "/present", search, "#1", tick=True, shown=first["live"])
    assert all(value is no_update for value in quiet.values())          # nothing new: nothing sent
    atlas.library.store.save_version("Council", rows.iloc[:1], actor="Fay", comment="one row")
    fresh = present(atlas, "/present", search, "#1", tick=True, shown=first["live"])
    assert fresh["live"] == ["Council", 2]
    assert "Updated: Council is now version 2" in str(fresh["updated"])
    layout = fresh["graph"].layout   # the dataset line is a header line under the title
    assert "version 2" in " ".join([layout.title.text, *(a.text for a in layout.annotations)])
    pinned = present(atlas, "/present", playlist_search((Slide("/?dataset=Council@1", "map"),)),
                     "#1")
    assert pinned["poll_off"] is True and pinned["live"] is None


def test_the_join_slide_shows_the_address_and_a_qr_code(stored):
    atlas, _ = stored
    state = state_to_dict(ViewState(page="workshop", dataset="Council"))
    added = edit(atlas, "add", [], None, None, state)
    assert added["playlist"] == ["/workshop?dataset=Council!join"]
    assert added["status"] == "Added slide 1: Workshop Council: How to add a service (link and QR code)."
    out = present(atlas, "/present", "?slide=/workshop?dataset=Council!join", "#1",
                  origin="https://atlas.example")
    assert out["join_url"] == "https://atlas.example/join?dataset=Council"
    assert out["join_qr"].startswith("data:image/svg+xml") and out["join"] == {}
    assert out["graph_style"] == {"display": "none"} and out["graph"] == {}
    assert "https://atlas.example/join?dataset=Council" in out["summary"]
