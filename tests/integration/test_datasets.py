from dataclasses import replace

import pandas as pd
import pytest

from dashboard.context import check_state, scoped
from dashboard.core.dataset_identity import DatasetKey, check_name, parse_key
from dashboard.core.settings import sqlite_url
from dashboard.core.view_state import DEFAULT, state_from_dict, state_from_url, state_to_dict, state_to_url
from dashboard.store.library import DatasetLibrary
from dashboard.store.store import Store
from dashboard.views.switcher import dataset_options


@pytest.mark.parametrize(("value", "key"), [
    (None, DatasetKey()), ("", DatasetKey()), ("bundled", DatasetKey()),
    ("area", DatasetKey("area")), ("North Area 2026", DatasetKey("North Area 2026")),
    ("area@3", DatasetKey("area", 3)), ("session-abcdefgh1234", DatasetKey("session-abcdefgh1234")),
])
def test_parse_key_accepts_every_form(value, key):
    assert parse_key(value) == (key, None)


@pytest.mark.parametrize("value", ["area@0", "area@x", "<script>", "session-short", "@2",
                                   "a" * 81, "bundled@2"])
def test_parse_key_invalid_value_falls_back_with_a_note(value):
    key, note = parse_key(value)
    assert key.bundled and note and "bundled" in note


def test_dataset_key_properties_and_text():
    assert DatasetKey("area").follows_latest and str(DatasetKey("area")) == "area"
    assert not DatasetKey("area", 2).follows_latest and str(DatasetKey("area", 2)) == "area@2"
    assert DatasetKey("session-abcdefgh").session and not DatasetKey("session-abcdefgh").follows_latest
    assert str(DatasetKey()) == "bundled"


def test_check_name_refuses_reserved_and_odd_names():
    assert check_name("Workshop 1") is None
    assert "reserved" in check_name("bundled")
    assert "reserved" in check_name("session-abcdefgh")
    assert check_name("<b>x</b>") and check_name("")


def test_state_url_round_trip_keeps_the_dataset(codelists, atlas_context):
    state = replace(DEFAULT, dataset="area@2", page="gaps")
    path, search = state_to_url(state)
    assert search == "?dataset=area%402" or search == "?dataset=area@2"
    parsed, notes = state_from_url(path, search, codelists, atlas_context.geography.recode, {})
    assert parsed.dataset == "area@2" and notes == []
    assert state_from_dict(state_to_dict(replace(parsed, revision=2))).revision == 2
    assert state_to_url(DEFAULT)[1] == ""


def test_state_from_url_invalid_dataset_gives_a_note(codelists, atlas_context):
    state, notes = state_from_url("/", "?dataset=%3Cscript%3E", codelists,
                                  atlas_context.geography.recode, {})
    assert state.dataset == "bundled" and "dataset" in notes[0]


@pytest.fixture
def library(tmp_path, atlas_context, codelists, localities):
    store = Store.open(sqlite_url(tmp_path / "atlas.sqlite3"), codelists=codelists,
                       localities=localities)
    rows = atlas_context.dataset.interventions
    store.save_version("area", rows.head(20), actor="Ann", illustrative=True, notice="Synthetic.")
    store.save_version("area", rows.head(30), actor="Ann", illustrative=True, notice="Synthetic.")
    store.save_version("session-abcdefgh1234", rows.head(5), actor="session upload",
                       comment="mine.csv")
    yield DatasetLibrary(atlas_context.dataset, store)
    store.close()


def test_library_lists_saved_datasets_but_not_session_uploads(library):
    assert library.listed() == ["area"]
    assert library.latest_version("area") == 2 and library.latest_version("nothing") is None


def test_library_check_resolves_versions_and_falls_back(library):
    assert library.check(DatasetKey("area")) == (DatasetKey("area"), 2, None)
    assert library.check(DatasetKey("area", 1)) == (DatasetKey("area", 1), 1, None)
    key, revision, note = library.check(DatasetKey("area", 9))
    assert key.bundled and revision is None and "version 9" in note
    key, _, note = library.check(DatasetKey("missing"))
    assert key.bundled and "missing" in note


def test_library_loads_each_version_once_and_identically(library):
    first = library.dataset(DatasetKey("area", 1), 1)
    assert library.dataset(DatasetKey("area"), 1) is first  # cached: versions never change
    assert len(first.interventions) == 20
    assert len(library.dataset(DatasetKey("area"), 2).interventions) == 30
    assert (first.meta.name, first.meta.version, first.meta.illustrative) == ("area", "1", True)
    pd.testing.assert_frame_equal(
        first.interventions.drop(columns="source_row"),
        library.bundled.interventions.head(20).drop(columns="source_row").reset_index(drop=True),
        check_dtype=False)


def test_library_session_upload_is_named_after_its_file(library):
    dataset = library.dataset(DatasetKey("session-abcdefgh1234"), None)
    assert dataset.meta.name == "Your upload (mine.csv)" and len(dataset.interventions) == 5


def test_check_state_and_scoped_follow_the_chosen_dataset(library, atlas_context):
    atlas = replace(atlas_context, library=library)
    state, notes = check_state(atlas, replace(DEFAULT, dataset="area"))
    assert (state.dataset, state.revision, notes) == ("area", 2, [])
    assert scoped(atlas, state).dataset.meta.caption == "Illustrative data. Interventions: area, version 2."
    assert scoped(atlas, DEFAULT) is atlas
    state, notes = check_state(atlas, replace(DEFAULT, dataset="gone"))
    assert state.dataset == "bundled" and "gone" in notes[0]
    state, notes = check_state(atlas_context, replace(DEFAULT, dataset="area"))
    assert state.dataset == "bundled" and notes


def test_dataset_options_offer_bundled_saved_and_current(library, atlas_context):
    atlas = replace(atlas_context, library=library)
    values = [o["value"] for o in dataset_options(atlas, "session-abcdefgh1234")]
    assert values == ["bundled", "area", "area@2", "area@1", "session-abcdefgh1234"]
    options = dataset_options(atlas, "area")
    assert [o["value"] for o in options] == ["bundled", "area", "area@2", "area@1"]
    assert options[1]["label"] == "area: newest version, updates live"
    saved = library.store.versions("area")[0].created_at
    assert options[3]["label"] == f"area: version 1 only (saved {saved:%d %b %Y} by Ann, 20 rows)"


def test_presenter_slide_shows_the_dataset_its_link_names(library, atlas_context):
    from dashboard.views.playlist import Slide
    from dashboard.views.presenter import stage

    atlas = replace(atlas_context, library=library)
    saved = stage(atlas, [Slide(view="/?dataset=area%401", part="intersection")], "#1")
    bundled = stage(atlas, [Slide(view="/", part="intersection")], "#1")
    def caption(figure):
        return figure.layout.title.text + " ".join(a.text for a in figure.layout.annotations)

    assert "area, version 1" in caption(saved.part.figure)
    assert "area" not in caption(bundled.part.figure)
