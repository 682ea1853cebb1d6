"""Property tests: arbitrary text in every URL and API parameter, and in hand-made callback
requests, never gives a 500 (issue 14).

Hypothesis generates the text (any Unicode, with digits of other scripts, separators and
control characters weighted in); every request goes through the Flask test client of a real app.
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app import create_app
from dashboard.core.view_state import FILTER_FIELDS, THRESHOLD_PARAMS
from layouts.ids import Id
from tests.callbacks.dash_requests import post, request

# ATLAS_HYPOTHESIS_EXAMPLES raises the count for a longer hunt; the run is the same every time.
RUNS = settings(max_examples=int(os.environ.get("ATLAS_HYPOTHESIS_EXAMPLES", "150")), deadline=None,
                derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TRICKY = st.sampled_from(["²", "٣", "１", "1_0", " 1", "1e999", "nan", "-0", "0", "@", "@²", "%",
                          "../../etc/passwd", "E06000009", "e06000009", "\x00", "\u202e", "bundled",
                          "session-" + "a" * 8, "a@1", "a@0", ",", "|", "9" * 40])
TEXT = st.one_of(TRICKY, st.text(max_size=40),
                 st.lists(TRICKY, max_size=3).map("".join))
PAGE_PARAMS = ("domain", "measure", "map", "values", "codes", "dataset", *THRESHOLD_PARAMS,
               *FILTER_FIELDS, "other")
API_PATHS = ("/api/v1/localities", "/api/v1/interventions", "/api/v1/localities/E06000009",
             "/api/v1/codelists")
API_PARAMS = ("dataset", "page", "per_page", "locality", "need", "rate", "share",
              *FILTER_FIELDS, "other")


@pytest.fixture(scope="module")
def app(settings):
    return create_app(settings)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _query(params: dict[str, str]) -> str:
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items())


@RUNS
@given(params=st.dictionaries(st.sampled_from(API_PARAMS), TEXT, max_size=3),
       path=st.sampled_from(API_PATHS), code=TEXT)
@example(params={"page": "²"}, path="/api/v1/interventions", code="e06000009")  # the issue's
@example(params={"dataset": "a@²"}, path="/api/v1/localities", code="E06000009")
def test_api_parameters_never_give_a_500(client, params, path, code):
    answer = client.get(f"{path}?{_query(params)}")
    assert answer.status_code in (200, 301, 400, 404), answer.get_data(as_text=True)[:300]
    assert answer.is_json and "error" in answer.get_json() or answer.status_code == 200
    one = client.get(f"/api/v1/localities/{quote(code, safe='')}?{_query(params)}")
    assert one.status_code in (200, 301, 400, 404), one.get_data(as_text=True)[:300]


@RUNS
@given(path=st.one_of(st.sampled_from(["/", "/gaps", "/locality/E06000009", "/present", "/data",
                                       "/workshop"]),
                      TEXT.map(lambda t: "/" + quote(t, safe=""))),
       params=st.dictionaries(st.sampled_from(PAGE_PARAMS), TEXT, max_size=4))
@example(path="/", params={"dataset": "a@²"})  # the issue's
def test_page_links_never_give_a_500(app, client, path, params):
    page = client.get(f"{path}?{_query(params)}")
    assert page.status_code in (200, 404), page.status_code
    # What the page then asks the server: the URL callback (and the presenter's) with this link.
    for trigger in (f"{Id.URL}.search",):
        for key, spec in app.callback_map.items():
            inputs = [f"{d['id']}.{d['property']}" for d in spec["inputs"]]
            if trigger not in inputs or "callback" not in spec:
                continue
            values = {f"{Id.URL}.pathname": path, f"{Id.URL}.search": "?" + _query(params),
                      f"{Id.URL}.hash": ""}
            answer = post(client, request(key, spec, values, trigger))
            assert answer.status_code in (200, 204, 400), (key, answer.get_data(as_text=True)[:300])


VALUES = st.one_of(st.none(), TEXT, st.integers(-5, 10**12), st.booleans(),
                   st.lists(TEXT, max_size=3), st.dictionaries(TEXT, TEXT, max_size=2),
                   st.lists(st.dictionaries(st.sampled_from(["id", "name"]), TEXT, max_size=2),
                            max_size=2))


ROWS = st.lists(st.fixed_dictionaries({"id": st.one_of(st.integers(-1, 10**9), TEXT)},
                                      optional={"name": TEXT, "types": TEXT}), max_size=2)
# Values the page could send for each property, so most requests reach their handler.
PLAUSIBLE = {"n_clicks": st.one_of(st.none(), st.integers(0, 10**6)),
             "n_intervals": st.one_of(st.none(), st.integers(0, 10**6)),
             "value": st.one_of(st.none(), TEXT, st.lists(TEXT, max_size=3),
                                st.floats(allow_nan=False, allow_infinity=False)),
             "rowData": ROWS, "selectedRows": ROWS, "contents": st.one_of(st.none(), TEXT)}


def _value(prop: str):
    return st.one_of(PLAUSIBLE.get(prop, st.one_of(st.none(), TEXT)), VALUES)


@RUNS
@given(data=st.data())
def test_hand_made_callback_requests_never_give_a_500(app, client, data):
    key = data.draw(st.sampled_from(sorted(app.callback_map)), label="callback")  # clientside too
    spec = app.callback_map[key]
    values = {f"{d['id']}.{d['property']}": data.draw(_value(d["property"]),
                                                      label=f"{d['id']}.{d['property']}")
              for d in spec["inputs"] + spec["state"]}
    trigger = data.draw(st.sampled_from([f"{d['id']}.{d['property']}" for d in spec["inputs"]]),
                        label="trigger")
    answer = post(client, request(key, spec, values, trigger))
    assert answer.status_code in (200, 204, 400), (key, answer.get_data(as_text=True)[:300])
