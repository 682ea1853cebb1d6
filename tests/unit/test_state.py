import pytest

from dashboard.core.view_state import (
    DEFAULT,
    ViewState,
    state_from_dict,
    state_from_url,
    state_to_dict,
    state_to_url,
)

NAMES = {"E08000025": "Birmingham", "E06000063": "Cumberland"}


def recode(code):
    if code in NAMES:
        return code, None
    if code == "E07000026":
        return "E06000063", "E07000026 (Allerdale) is retired in 2023"
    return None, None


def parse(path, search, codelists):
    return state_from_url(path, search, codelists, recode, NAMES)


def test_state_default_url_is_bare():
    assert state_to_url(DEFAULT) == ("/", "")


def test_state_round_trips_through_the_url(codelists):
    state = ViewState(locality="E08000025", domain="barriers", measure="share", map_mode="hex",
                      shares=True, filters={"types": ("befriending", "peer_support"),
                                            "evaluation": ("published",)})
    path, search = state_to_url(state)
    assert path == "/locality/E08000025"
    parsed, notes = parse(path, search, codelists)
    assert notes == []
    assert state_to_dict(parsed) == state_to_dict(state)
    assert state_from_dict(state_to_dict(state)) == parsed


@pytest.mark.parametrize(
    ("path", "search", "fragment"),
    [
        ("/", "?domain=weather", "domain='weather'"),
        ("/", "?measure=median", "measure='median'"),
        ("/", "?map=globe", "map='globe'"),
        ("/", "?values=ratio", "values='ratio'"),
        ("/", "?types=befriending,knitting", "'knitting'"),
        ("/", "?colour=red", "unknown URL parameter 'colour'"),
        ("/locality/E99999999", "", "not an English local authority district"),
        ("/nowhere", "", "no page at"),
    ],
)
def test_state_invalid_url_values_are_ignored_with_a_note(codelists, path, search, fragment):
    state, notes = parse(path, search, codelists)
    assert len(notes) == 1 and fragment in notes[0]
    assert state.domain == "imd" and state.measure == "rank" and state.map_mode == "map"


def test_state_keeps_the_valid_part_of_a_filter(codelists):
    state, _ = parse("/", "?types=befriending,knitting", codelists)
    assert state.filter_values("types") == ["befriending"]


def test_state_retired_locality_code_is_recoded_with_a_note(codelists):
    state, notes = parse("/locality/E07000026", "", codelists)
    assert state.locality == "E06000063"
    assert "Allerdale" in notes[0] and "Cumberland" in notes[0]
