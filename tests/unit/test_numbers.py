"""One strict ASCII number parser for URLs, API parameters, requests and settings."""

import pytest

from dashboard.core.dataset_identity import DatasetKey, parse_key
from dashboard.core.numbers import parse_float, parse_int
from dashboard.core.settings import Settings
from dashboard.views.playlist import step_from_hash


@pytest.mark.parametrize("text", ["²", "٣", "１", "1_0", " 1", "1 ", "+1", "", "1.0", "0x1", "-1",
                                  "9" * 19, None, True, 1.5, [1]])
def test_parse_int_refuses_what_is_not_plain_ascii_digits(text):
    assert parse_int(text) is None


def test_parse_int_reads_digits_and_ints_within_bounds():
    assert parse_int("007") == 7 and parse_int(12) == 12 and parse_int("-3", signed=True) == -3
    assert parse_int("0", minimum=1) is None and parse_int("11", maximum=10) is None


@pytest.mark.parametrize("text", ["²", "٣.5", "nan", "inf", "-inf", "1e999", "1_0", " 1", "", ".",
                                  "1,5", float("nan"), float("inf"), None, False])
def test_parse_float_refuses_what_is_not_a_finite_ascii_number(text):
    assert parse_float(text) is None


def test_parse_float_reads_decimals_and_bounds():
    assert [parse_float(t) for t in ("12", "-0.5", ".5", "5.", "1e3", 7)] == [12, -0.5, .5, 5, 1000, 7]
    assert parse_float("101", maximum=100) is None and parse_float("-1", minimum=0) is None


def test_every_reader_of_numbers_uses_it():
    assert parse_key("area@²") == (DatasetKey(), "Ignored dataset='area@²': not a dataset name; "
                                                 "showing the bundled dataset.")
    assert parse_key("area@٣")[0] == DatasetKey() and parse_key("area@3")[0] == DatasetKey("area", 3)
    assert step_from_hash("#٣", 9) == 1 and step_from_hash("#3", 9) == 3
    with pytest.raises(ValueError, match="ATLAS_PROXY_HOPS must be a whole number written in digits"):
        Settings.from_env({"ATLAS_PROXY_HOPS": "١"})
    with pytest.raises(ValueError, match="ATLAS_UPLOAD_MAX_MB must be a number"):
        Settings.from_env({"ATLAS_UPLOAD_MAX_MB": "nan"})
    assert Settings.from_env({"ATLAS_EDITOR_IDLE_HOURS": "2", "ATLAS_EDITOR_SESSION_DAYS": "1"}
                             ).editor_idle_hours == 2
    with pytest.raises(ValueError, match="ATLAS_EDITOR_IDLE_HOURS"):
        Settings.from_env({"ATLAS_EDITOR_IDLE_HOURS": "48", "ATLAS_EDITOR_SESSION_DAYS": "1"})
