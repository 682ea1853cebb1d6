"""Issue 14: odd input never gives a 500, sessions end, user text is bounded, headers agree.

Each test drives the web layer as an attacker or a careless user would: through the Flask test
client with hand-made requests, or the view functions the callbacks call.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import replace

import flask
import pytest
from dash import no_update

from app import create_app
from callbacks.join import send as join_send
from dashboard.context import load_context, view_of_url
from dashboard.core.settings import sqlite_url
from dashboard.core.view_state import state_to_dict
from dashboard.security.limits import SUBMISSION_LIMIT
from dashboard.security.secrets import hash_secret
from dashboard.views.upload import read_upload, use_upload
from dashboard.views.workshop import start_copy
from layouts.ids import Id, JoinId
from tests.callbacks.dash_requests import ORIGIN, body, post, said
from tests.callbacks.test_workshop_callbacks import SECRET, text, view

HEADER_ONLY = "intervention_id,name,provider,locality_code,types,determinants,populations\n"
ENTRY = {"name": "<script>alert(1)</script>", "provider": "<img src=x onerror=alert(1)>",
         "locality": "E06000009", "types": ["peer_support"], "determinants": ["social_isolation"],
         "populations": ["men"], "note": ""}
WAITING = "is with the facilitator"


def send(atlas, workshop, by, form, client_id, client=None) -> dict:
    """The participant page's *Send* for the workshop copy; ``said``: every text it shows."""
    del workshop  # entries go to the copy named in the participant's link
    values = join_send(atlas, "Hardening", by, form, client_id, None, client)
    return {**values, "said": f"{text(values['feedback'])} {values['text']}"}


@pytest.fixture(scope="module")
def hard_settings(settings, tmp_path_factory):
    folder = tmp_path_factory.mktemp("instance")
    return replace(settings, instance_dir=folder, database_url=sqlite_url(folder / "atlas.sqlite3"),
                   editor_secret_hash=hash_secret(SECRET))


@pytest.fixture(scope="module")
def atlas(hard_settings):
    return load_context(hard_settings, with_store=True)


@pytest.fixture(scope="module")
def app(hard_settings):
    return create_app(hard_settings)


@pytest.fixture(scope="module")
def workshop(atlas):
    path, search = start_copy(atlas, "Fay", "Hardening", view(atlas)).location
    return view(atlas, path, search)


# 3. Unicode digits -------------------------------------------------------------------------------

def test_unicode_digits_are_bad_parameters_not_errors(app, atlas):
    client = app.server.test_client()
    page = client.get("/api/v1/interventions?page=%C2%B2")
    assert page.status_code == 400
    assert page.get_json()["error"] == "page must be a whole number from 1 to 1000000."
    dataset = client.get("/api/v1/localities?dataset=a%40%C2%B2")
    assert dataset.status_code == 400 and "Ignored dataset='a@²'" in dataset.get_json()["error"]
    assert client.get("/api/v1/localities/E06000009?need=%D9%A3").status_code == 400
    state, notes = view_of_url(atlas, "/", "?dataset=a@%C2%B2&need=%D9%A3%D9%A0")
    assert state.dataset == "bundled" and state.thresholds[0] == 80.0
    assert notes == ["Ignored need='٣٠': use a number from 0 to 100; using 80.",
                     "Ignored dataset='a@²': not a dataset name; showing the bundled dataset."]
    link = post(client, body(app, f"{Id.URL}.search", {f"{Id.URL}.pathname": "/",
                                                       f"{Id.URL}.search": "?dataset=a@%C2%B2"}))
    assert link.status_code == 200 and "Ignored dataset=" in said(link)


# 7, 10. The locality endpoint --------------------------------------------------------------------

def test_a_lower_case_code_is_redirected_with_a_sentence(app):
    answer = app.server.test_client().get("/api/v1/localities/e06000009")
    assert answer.status_code == 301 and answer.headers["Location"] == "/api/v1/localities/E06000009"
    assert answer.get_json()["error"] == ("'e06000009' is written E06000009 (upper case, no "
                                          "spaces); use E06000009.")


def test_one_locality_carries_the_imd_headline_of_the_list(app):
    client = app.server.test_client()
    one = client.get("/api/v1/localities/E06000009").get_json()
    listed = next(item for item in client.get("/api/v1/localities").get_json()["localities"]
                  if item["code"] == "E06000009")
    imd = one["iod2025"]["imd"]
    assert imd == listed["iod2025"]["imd"]
    assert imd["rank_of_average_score"] == 1 and imd["decile_of_rank"] == 1  # Blackpool
    assert imd["average_score"] == pytest.approx(45.0, abs=5)
    assert one["ranks_out_of"] == 296


# 4. Hand-made callback requests ------------------------------------------------------------------

def test_hand_made_callback_requests_are_refused_where_they_enter(app, workshop):
    client = app.server.test_client()
    data = state_to_dict(workshop)
    good = body(app, f"{Id.STATE}.data", {f"{Id.STATE}.data": data}, output=str(Id.WORKSHOP_TARGET))
    assert post(client, good).status_code == 200
    cases = {
        "Unknown callback output.": {**good, "output": "..nothing.children.."},
        "The view state lacks domain.": body(
            app, f"{Id.STATE}.data", {f"{Id.STATE}.data": {k: v for k, v in data.items()
                                                          if k != "domain"}},
            output=str(Id.WORKSHOP_TARGET)),
        "locality must be a current English district code such as E06000009.": body(
            app, f"{Id.STATE}.data", {f"{Id.STATE}.data": {**data, "locality": "../../etc/passwd"}},
            output=str(Id.WORKSHOP_TARGET)),
        "Every entry row needs a whole-number id.": body(
            app, f"{Id.WORKSHOP_APPROVE}.n_clicks", {f"{Id.STATE}.data": data,
                                                     f"{Id.WORKSHOP_QUEUE}.selectedRows": [
                                                         {"id": "1 or 1=1"}]}),
        "Expected app-state-store.data in inputs.": {**good, "inputs": [
            {"id": "app-url-location", "property": "search", "value": ""}]},
    }
    for message, request in cases.items():
        answer = post(client, request)
        assert answer.status_code == 400, message
        assert answer.get_data(as_text=True) == f"Bad callback request: {message}"
    missing = {**body(app, f"{Id.WORKSHOP_APPROVE}.n_clicks", {f"{Id.STATE}.data": data}),
               "state": []}
    assert post(client, missing).get_data(as_text=True) == (
        "Bad callback request: The callback expects 12 state value(s).")
    # The participant page is a Dash app of its own: its requests are checked against its callbacks.
    joined = [d for d in client.get("/join/_dash-dependencies").get_json()
              if f"{JoinId.SEND}.n_clicks" in [f"{i['id']}.{i['property']}" for i in d["inputs"]]]
    spec = joined[0]
    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
               for o in spec["output"].strip(".").split("...")]
    values = {f"{JoinId.CLIENT_ID}.data": "1; drop", f"{JoinId.SEND}.n_clicks": 1}
    send_request = {"output": spec["output"], "outputs": outputs, "changedPropIds": [
        f"{JoinId.SEND}.n_clicks"], **{kind: [{**d, "value": values.get(f"{d['id']}.{d['property']}")}
                                              for d in spec[kind]] for kind in ("inputs", "state")}}
    refused = client.post("/join/_dash-update-component", json=send_request, headers=ORIGIN)
    assert (refused.status_code, refused.get_data(as_text=True)) == (
        400, "Bad callback request: The entry id must be a UUID.")
    # A cross-site request is still refused first, whatever it carries.
    assert post(client, cases["Unknown callback output."],
                {"Origin": "http://evil.example"}).status_code == 403


# 5. Editor sessions ------------------------------------------------------------------------------

def _sign_in(app, client, name="Fay", **options):
    answer = post(client, body(app, f"{Id.EDITOR_LOGIN}.n_clicks", {
        f"{Id.EDITOR_LOGIN}.n_clicks": 1, f"{Id.EDITOR_NAME}.value": name,
        f"{Id.EDITOR_SECRET}.value": SECRET}), **options)
    assert "Signed in." in said(answer)
    return client.get_cookie("atlas_session")


def _copy(app, client, name):
    return said(post(client, body(app, f"{Id.WORKSHOP_COPY}.n_clicks", {
        f"{Id.WORKSHOP_COPY}.n_clicks": 1, f"{Id.WORKSHOP_COPY_NAME}.value": name,
        f"{Id.STATE}.data": state_to_dict(view(app_atlas(app)))})))


def app_atlas(app):
    return app._atlas_for_tests  # set by the fixture below


@pytest.fixture(scope="module", autouse=True)
def _remember_atlas(app, atlas):
    app._atlas_for_tests = atlas


def test_a_copied_cookie_stops_working_after_sign_out(app):
    browser = app.server.test_client()
    cookie = _sign_in(app, browser)
    payload = json.loads(base64.urlsafe_b64decode(cookie.value.split(".")[0] + "=="))
    assert set(payload) == {"editor_session", "_permanent"}  # nothing but an opaque token
    assert "Fay" not in cookie.value
    assert cookie.expires is not None and cookie.http_only and not cookie.secure
    assert "Started Copy one" in _copy(app, browser, "Copy one")
    thief = app.server.test_client()
    thief.set_cookie("atlas_session", cookie.value)
    assert "Started Copy two" in _copy(app, thief, "Copy two")  # the same session, for now
    post(browser, body(app, f"{Id.EDITOR_LOGOUT}.n_clicks", {f"{Id.EDITOR_LOGOUT}.n_clicks": 1},
                       output=str(Id.EDITOR_MESSAGE)))
    assert "Only a signed-in editor" in _copy(app, thief, "Copy three")
    assert "Only a signed-in editor" in _copy(app, browser, "Copy three")


@pytest.mark.parametrize("hops", [0, 1])
def test_the_cookie_is_secure_when_the_request_came_over_https(app, hard_settings, hops):
    server = app if hops == 0 else create_app(replace(hard_settings, proxy_hops=1))
    https = ({"headers": {"X-Forwarded-Proto": "https"}} if hops
             else {"base_url": "https://localhost"})  # through a proxy, or directly
    assert _sign_in(server, server.server.test_client(), **https).secure
    assert not _sign_in(server, server.server.test_client()).secure
    if hops == 0:  # without ATLAS_PROXY_HOPS a client cannot claim HTTPS by a header
        claimed = {"headers": {"X-Forwarded-Proto": "https"}}
        assert not _sign_in(server, server.server.test_client(), **claimed).secure


def test_sessions_end_after_idle_time_and_at_their_absolute_limit(atlas):
    store = atlas.library.store
    start = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    token = store.start_editor_session("Fay", "f" * 16, now=start)
    limits = {"idle": atlas.settings.editor_idle, "absolute": atlas.settings.editor_lifetime}
    assert atlas.settings.editor_idle == dt.timedelta(hours=8)
    assert atlas.settings.editor_lifetime == dt.timedelta(days=7)
    at = start
    for _ in range(20):  # used every 7 hours: alive until 7 days after sign-in
        at += dt.timedelta(hours=7)
        alive = store.editor_session(token, now=at, **limits)
        assert (alive is not None) == (at - start <= dt.timedelta(days=7))
    idle = store.start_editor_session("Fay", "f" * 16, now=start)
    assert store.editor_session(idle, now=start + dt.timedelta(hours=8, minutes=1), **limits) is None


# 6. Bounded user text and rate limits ------------------------------------------------------------

def test_long_text_is_refused_with_a_sentence_and_nothing_is_stored(atlas, workshop):
    before = len(atlas.library.store.submissions("Hardening"))
    huge = send(atlas, workshop, "Sam", {**ENTRY, "note": "x" * 20_000_000}, None)
    assert ("This text is 20,000,000 characters long; at most 2,000 are allowed here."
            in huge["said"])
    named = send(atlas, workshop, "S" * 101, ENTRY, None)
    assert "Your name is 101 characters long; at most 100 are allowed." in named["said"]
    assert len(atlas.library.store.submissions("Hardening")) == before


def test_anonymous_entries_are_limited_per_client_with_a_time_to_wait(atlas, workshop):
    for n in range(SUBMISSION_LIMIT):
        sent = send(atlas, workshop, "Sam", {**ENTRY, "name": f"Entry {n}"}, None, "192.0.2.50")
        assert WAITING in sent["said"]
    refused = send(atlas, workshop, "Sam", {**ENTRY, "name": "One more"}, None, "192.0.2.50")
    assert (f"Your address has sent {SUBMISSION_LIMIT} entries in the last 10 minutes, the most "
            "the atlas takes. Try again in 10 minutes; nothing you typed is lost."
            ) in refused["said"]
    assert refused["cleared"]["name"] is no_update  # the form keeps what was typed
    other = send(atlas, workshop, "Ann", {**ENTRY, "name": "Other"}, None, "192.0.2.51")
    editor = send(atlas, workshop, "Fay", {**ENTRY, "name": "Editor's"}, None, None)
    assert all(WAITING in v["said"] for v in (other, editor))


def test_version_notes_and_reasons_are_bounded(atlas, workshop):
    from dashboard.views.upload import save_upload
    from dashboard.views.workshop import decide
    from tests.callbacks.test_workshop_callbacks import data_url

    saved = save_upload(atlas, "Fay", data_url("good.csv"), "good.csv", "Noted", "n" * 1001)
    assert text(saved.notice) == "The version note is 1,001 characters long; at most 1,000 are allowed."
    assert "Noted" not in atlas.library.listed()
    rows = [{"id": 1}]
    assert text(decide(atlas, "Fay", workshop, False, rows, "r" * 1001, None).notice) == (
        "The reason is 1,001 characters long; at most 1,000 are allowed.")


def test_sign_in_names_are_bounded(app, atlas):
    from server.editor_session import sign_in

    with app.server.test_request_context():
        assert sign_in(atlas, "F" * 101, SECRET) == (
            "Your display name is 101 characters long; at most 100 are allowed.")
        assert flask.session.get("editor_session") is None


# 1. A file with a header and no rows ---------------------------------------------------------------

def test_a_header_only_upload_is_an_error_with_one_sentence(atlas):
    url = "data:text/csv;base64," + base64.b64encode(HEADER_ONLY.encode()).decode()
    read = read_upload(atlas, url, "header_only.csv")
    assert read.notice.kind == "warning" and read.summary.startswith("0 of 0 rows accepted; 0 "
                                                                     "rejected with 1 error(s)")
    assert [row["message"] for row in read.issues] == [
        "The file has a header row but no data rows; add at least one intervention below the "
        "header."]
    used = use_upload(atlas, url, "header_only.csv")
    assert used.location is None and "No row was accepted" in text(used.notice)
