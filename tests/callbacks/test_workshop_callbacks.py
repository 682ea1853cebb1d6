import base64
import time
from dataclasses import replace
from urllib.parse import parse_qs

import flask
import pytest
from dash import no_update

from app import create_app
from callbacks.editor import status_values
from callbacks.pages import page_registry
from callbacks.state_sync import resolve
from callbacks.switcher import dataset_outputs
from callbacks.upload import read_values
from dashboard.__main__ import main
from dashboard.context import check_state, load_context, scoped
from dashboard.core.settings import sqlite_url
from dashboard.core.view_state import DEFAULT, state_from_url, state_to_dict
from dashboard.security.secrets import hash_secret
from dashboard.security.sign_in import SIGN_IN_LIMIT
from dashboard.store.library import DatasetLibrary
from dashboard.views.upload import read_upload, save_upload, use_upload
from dashboard.views.workshop import start_copy
from layouts.ids import Id
from server.editor_session import current_editor, sign_in, sign_out
from tests.conftest import FIXTURES

SECRET = "correct horse battery staple"
SCRIPT = "<script>alert(1)</script>"


def data_url(name: str) -> str:
    return "data:text/csv;base64," + base64.b64encode((FIXTURES / name).read_bytes()).decode()


@pytest.fixture(scope="module")
def workshop_settings(settings, tmp_path_factory):
    folder = tmp_path_factory.mktemp("instance")
    return replace(settings, instance_dir=folder, database_url=sqlite_url(folder / "atlas.sqlite3"),
                   editor_secret_hash=hash_secret(SECRET), upload_max_mb=0.01)


@pytest.fixture(scope="module")
def atlas(workshop_settings):
    return load_context(workshop_settings, with_store=True)


@pytest.fixture(scope="module")
def app(workshop_settings):
    return create_app(workshop_settings)


def text(component) -> str:
    if hasattr(component, "lines"):  # a Notice
        return " ".join(component.lines)
    return str(component.to_plotly_json()) if hasattr(component, "to_plotly_json") else str(component)


def view(atlas, pathname="/", search=""):
    state, _ = state_from_url(pathname, search, atlas.codelists, atlas.geography.recode, {})
    return check_state(atlas, state)[0]


# upload


def test_read_upload_good_file_shows_summary_issues_and_preview(atlas):
    values = read_values(read_upload(atlas, data_url("good.csv"), "good.csv"))
    assert "2 of 2 rows accepted" in values["summary"] and values["result"] == {}
    assert values["report"]["filename"] == "good.csv"
    assert values["preview"][0]["name"] == "Lunch club"
    assert all(row["severity"] == "Warning" for row in values["issues"])


def test_read_upload_bad_file_lists_errors(atlas):
    read = read_upload(atlas, data_url("bad.csv"), "bad.csv")
    errors = [row for row in read.issues if row["severity"] == "Error"]
    assert errors and {"rows", "column", "value", "message", "suggestion"} <= set(errors[0])
    assert errors[0]["rows"] == "row 3" and errors[0]["value"] == "befriendng"
    assert "rejected" in read.summary


def test_read_upload_oversize_and_unreadable_files_get_one_sentence(atlas):
    big = "data:text/csv;base64," + base64.b64encode(b"x" * 20_000).decode()
    values = read_values(read_upload(atlas, big, "big.csv"))
    assert "larger than the upload limit of 0.01 MB" in text(values["status"])
    assert values["result"] == {"display": "none"}
    read = read_upload(atlas, data_url("unreadable.csv"), "unreadable.csv")
    assert "binary file" in text(read.notice) and read.notice.kind == "danger"


def test_use_upload_switches_the_view_to_a_session_dataset(atlas):
    path, search = use_upload(atlas, data_url("good.csv"), "good.csv").location
    name = parse_qs(search.lstrip("?"))["dataset"][0]
    assert path == "/" and name.startswith("session-")
    state = view(atlas, path, search)
    assert state.dataset == name and state.revision == 1
    dataset = scoped(atlas, state).dataset
    assert dataset.meta.name == "Your upload (good.csv)" and len(dataset.interventions) == 2
    panel = dataset_outputs(atlas, state_to_dict(state))
    assert panel["value"] == name and "Your upload (good.csv)" in panel["label"]
    assert panel["banner"] is None and panel["poll_off"]
    assert "Your upload (good.csv), version 1" in panel["caption"]
    assert name not in atlas.library.listed()
    facts = facts_of(panel["facts"])                   # the card describes the upload, not bundled
    assert facts["Dataset"] == "Your upload (good.csv) (version 1)" and "Illustrative" not in facts
    assert facts["Interventions"] == "2 accepted of 2 rows" and facts["Localities"] == "2"
    assert facts["Evaluated"] == "50% (1 of 2; 1 not recorded)"


def facts_of(items) -> dict[str, str]:
    texts = [item.children for item in items]
    return dict(zip(texts[::2], texts[1::2], strict=True))


def test_the_dataset_card_says_not_recorded_where_no_row_records_a_field(atlas):
    bare = (b"intervention_id,name,provider,locality_code,types,determinants,populations\n"
            b"A-1,Club,Charity,E06000009,befriending,social_isolation,older_adults\n"
            b"A-2,Cafe,Charity,E08000025,befriending,social_isolation,older_adults\n")
    contents = "data:text/csv;base64," + base64.b64encode(bare).decode()
    path, search = use_upload(atlas, contents, "bare.csv").location
    facts = facts_of(dataset_outputs(atlas, state_to_dict(view(atlas, path, search)))["facts"])
    assert facts["Evaluated"] == "not recorded (none of the 2 interventions gives it)"
    assert facts["Last verified"] == "not recorded"
    bundled = facts_of(dataset_outputs(atlas, state_to_dict(DEFAULT))["facts"])
    assert bundled["Localities"] == "5" and bundled["Illustrative"].startswith("yes")


def test_session_uploads_expire_after_the_configured_days(atlas):
    opened = use_upload(atlas, data_url("good.csv"), "good.csv")
    assert "for 7 days" in text(opened.notice)
    _, search = opened.location
    name = parse_qs(search.lstrip("?"))["dataset"][0]
    store = atlas.library.store
    one_second = replace(atlas, library=DatasetLibrary(atlas.library.bundled, store, 1 / 86400))
    time.sleep(1.1)
    use_upload(one_second, data_url("good.csv"), "good.csv")   # the next upload expires old ones
    assert name not in store.datasets()
    state, notes = check_state(atlas, state_from_url("/", search, atlas.codelists,
                                                     atlas.geography.recode, {})[0])
    assert state.dataset == "bundled"
    assert notes == ["That session upload has expired (uploads are kept 7 days) or was never "
                     "saved; showing the bundled dataset."]


def test_use_upload_with_no_accepted_row_says_so(atlas):
    content = (b"intervention_id,name,provider,locality_code,types,determinants,populations\n"
               b"X-1,,,E99,zz,zz,zz\n")
    upload = "data:text/csv;base64," + base64.b64encode(content).decode()
    opened = use_upload(atlas, upload, "none.csv")
    assert opened.location is None and "No row was accepted" in text(opened.notice)


# editor role


def test_writes_are_refused_without_the_editor_role(atlas):
    message = save_upload(atlas, None, data_url("good.csv"), "good.csv", "refused", "").notice
    assert "Only a signed-in editor" in text(message)
    assert "refused" not in atlas.library.listed()
    state = view(atlas)
    assert "Only a signed-in editor" in text(start_copy(atlas, None, "copy", state).notice)


def test_sign_in_needs_the_right_secret_and_a_name(app, atlas):
    with app.server.test_request_context():
        assert "not the editor secret" in sign_in(atlas, "Fay", "wrong")
        assert current_editor(atlas) is None
        assert "display name" in sign_in(atlas, " ", SECRET)
        assert sign_in(atlas, "Fay", SECRET) is None
        assert current_editor(atlas) == "Fay"
        sign_out(atlas)
        assert current_editor(atlas) is None


def test_sign_in_refuses_an_address_after_too_many_wrong_secrets(app, atlas, workshop_settings,
                                                                 monkeypatch):
    def attempt(address: str, name: str, secret: str) -> str | None:
        with app.server.test_request_context(environ_base={"REMOTE_ADDR": address}):
            return sign_in(atlas, name, secret)

    for _ in range(SIGN_IN_LIMIT + 2):                 # right secrets do not count
        assert attempt("192.0.2.1", "Fay", SECRET) is None
    for n in range(SIGN_IN_LIMIT):                     # one IPv6 /64 counts as one client
        assert "not the editor secret" in attempt(f"2001:db8:1:2::{n + 1:x}", "Mallory", "guess")
    # Refused without checking, even with the right secret now.
    assert attempt("2001:db8:1:2::ffff", "Mallory", SECRET) == (
        "Too many wrong secrets from your address in the last 15 minutes. Try again in 15 "
        "minutes, or ask whoever runs the server to run `python -m dashboard unlock` there: it "
        "clears the count at once (at a venue everyone may share one address).")
    assert attempt("2001:db8:1:3::1", "Fay", SECRET) is None     # another network signs in
    # the facilitator's way through: the unlock command on the server
    monkeypatch.setenv("DATABASE_URL", workshop_settings.database_url)
    assert main(["unlock", "--address", "2001:db8:1:2::9"]) == 0
    assert attempt("2001:db8:1:2::ffff", "Fay", SECRET) is None


@pytest.mark.parametrize(("hops", "address"), [(0, "127.0.0.1"), (1, "198.51.100.7")])
def test_client_address_comes_from_the_proxy_only_when_configured(workshop_settings, hops,
                                                                  address):
    server = create_app(replace(workshop_settings, proxy_hops=hops)).server
    server.add_url_rule("/test-client-address", "address", lambda: flask.request.remote_addr)
    answer = server.test_client().get("/test-client-address",
                                      headers={"X-Forwarded-For": "198.51.100.7"})
    assert answer.get_data(as_text=True) == address


def test_editor_role_needs_the_current_secret(app, atlas):
    with app.server.test_request_context():
        assert sign_in(atlas, "Fay", SECRET) is None
        token = flask.session["editor_session"]
    other = replace(atlas, settings=replace(atlas.settings, editor_secret_hash=hash_secret("new")))
    with app.server.test_request_context():
        flask.session["editor_session"] = token
        assert current_editor(atlas) == "Fay"
    with app.server.test_request_context():
        flask.session["editor_session"] = token
        assert current_editor(other) is None  # a new secret signs everyone out
    with app.server.test_request_context():
        flask.session["editor_session"] = "forged"
        assert current_editor(atlas) is None


def test_without_a_secret_configured_editing_is_off(atlas):
    off = replace(atlas, settings=replace(atlas.settings, editor_secret_hash=None))
    status, disabled = status_values(off, None, groups=2)
    assert status.startswith("Editing is off: set ATLAS_EDITOR_SECRET_HASH")
    assert disabled == [True, True]
    assert "Editing is off" in sign_in(off, "Fay", SECRET)


def test_editor_saves_a_named_dataset_that_reloads(atlas):
    message = save_upload(atlas, "Fay", data_url("good.csv"), "good.csv", "Good area", "first")
    assert "version 1" in text(message.notice) and message.notice.link[1] == "/?dataset=Good%20area"
    state = view(atlas, "/", "?dataset=Good+area")
    assert state.revision == 1 and len(scoped(atlas, state).dataset.interventions) == 2
    assert "reserved" in text(save_upload(atlas, "Fay", data_url("good.csv"), "good.csv",
                                          "bundled", "").notice)


def test_switch_rewrites_the_url_for_the_chosen_dataset(atlas):
    start_copy(atlas, "Fay", "Switch A", view(atlas))
    pages = page_registry(atlas)
    same = resolve(atlas, pages, Id.DATASET_PICKER, "/gaps", "", {}, dataset="bundled")
    assert same["pathname"] is no_update and same["search"] is no_update
    chosen = resolve(atlas, pages, Id.DATASET_PICKER, "/gaps", "", {}, dataset="Switch A",
                     shown=["gaps", None, "bundled", [80.0, 1.0, 5.0]])
    assert (chosen["pathname"], chosen["search"]) == (no_update, "?dataset=Switch+A")
    assert chosen["content"] is not no_update  # another dataset: the page is built again
    assert chosen["dataset"]["label"].startswith("Switch A, version")


# web layer


def test_responses_carry_security_headers(app):
    response = app.server.test_client().get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in csp and "'unsafe-inline'" not in csp.split(";")[1]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    client = app.server.test_client()
    for path, kind in (("/api/v1/codelists", "application/json"), ("/api/v1/none", "application/json"),
                       ("/_dash-layout", "application/json"), ("/_dash-dependencies", "application/json"),
                       ("/assets/presenter.js", "text/javascript"), ("/assets/02-atlas.css", "text/css")):
        data = client.get(path)  # JSON, scripts, styles: a policy that lets nothing load or frame them
        assert data.mimetype == kind
        assert data.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert data.headers["X-Content-Type-Options"] == "nosniff"


def test_cross_origin_post_is_refused(app):
    client = app.server.test_client()
    body = {"output": "x.children", "outputs": {}, "inputs": [], "changedPropIds": []}
    refused = client.post("/_dash-update-component", json=body,
                          headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403
    assert client.post("/_dash-update-component", json=body).status_code == 403
    allowed = client.post("/_dash-update-component", json=body,
                          headers={"Origin": "http://localhost"})
    assert allowed.status_code != 403


def test_api_follows_dataset_parameter(app, atlas):
    if "Good area" not in atlas.library.listed():
        save_upload(atlas, "Fay", data_url("good.csv"), "good.csv", "Good area", "")
    client = app.server.test_client()
    body = client.get("/api/v1/interventions?dataset=Good+area").get_json()
    assert body["dataset"]["name"] == "Good area" and body["total"] == 2
    assert client.get("/api/v1/localities?dataset=nothing-here").status_code == 404
    assert client.get("/api/v1/localities?dataset=%3Cx%3E").status_code == 400
    bundled = client.get("/api/v1/interventions?per_page=1").get_json()
    assert bundled["dataset"]["illustrative"] is True

