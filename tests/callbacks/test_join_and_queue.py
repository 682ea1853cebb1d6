"""The participant page and the facilitator's queue, handler by handler, on a real SQLite store."""

import uuid
from dataclasses import replace

import pytest
from dash import no_update

from app import create_app
from callbacks.join import open_link, send
from callbacks.workshop import join_card, refresh, select
from dashboard.context import check_state, load_context
from dashboard.core.settings import sqlite_url
from dashboard.core.view_state import ViewState, state_from_url
from dashboard.security.secrets import hash_secret
from dashboard.views.join import kept_ids, my_entries
from dashboard.views.workshop import SIGN_IN_FIRST, decide, editing, keep_edit, queue, start_copy
from layouts.ids import Id, JoinId
from tests.callbacks.test_layout_and_callbacks import walk

SCRIPT = "<script>alert(1)</script>"
SHED = {"name": "Men's Shed", "provider": "Shed trust", "locality": "E06000009",
        "types": ["peer_support"], "determinants": ["social_isolation"], "populations": ["men"],
        "note": "Tuesdays"}


@pytest.fixture(scope="module")
def settings_(settings, tmp_path_factory):
    folder = tmp_path_factory.mktemp("join")
    return replace(settings, instance_dir=folder, database_url=sqlite_url(folder / "a.sqlite3"),
                   editor_secret_hash=hash_secret("s"))


@pytest.fixture(scope="module")
def atlas(settings_):
    return load_context(settings_, with_store=True)


@pytest.fixture(scope="module")
def workshop(atlas):
    path, search = start_copy(atlas, "Fay", "Bolton", ViewState()).location
    state, _ = state_from_url(path, search, atlas.codelists, atlas.geography.recode, {})
    return check_state(atlas, state)[0]


def sent(atlas, by="Sam", kept=None, client_id=None, **changes):
    return send(atlas, "Bolton", by, {**SHED, **changes}, client_id or str(uuid.uuid4()), kept)


def texts(component) -> str:
    return " ".join(str(getattr(c, "children", "")) for c in walk(component)
                    if isinstance(getattr(c, "children", None), str))


# the participant page


@pytest.mark.parametrize("search", ["", "?dataset=bundled", "?dataset=session-abcdefgh12",
                                    "?dataset=Nowhere"])
def test_a_link_without_a_workshop_says_so_and_shows_no_form(atlas, workshop, search):
    values = open_link(atlas, search, None)
    assert values["dataset"] is None and values["form"] is True
    assert "workshop" in values["line"] and "facilitator" in values["line"]


def test_a_workshop_link_names_it_and_offers_labels_never_codes(atlas, workshop):
    values = open_link(atlas, "?dataset=Bolton", None)
    assert values["dataset"] == "Bolton" and values["form"] is False
    assert values["line"] == ("Workshop: Bolton (illustrative data). Add a service the map is "
                              "missing.")
    places = values["options"]["locality"]
    covered = set(atlas.dataset.interventions["locality_code"])
    assert {o["value"] for o in places[:len(covered)]} == covered       # the workshop's first
    assert len(places) == 296 and not any("E0" in o["label"] for o in places)
    types = values["options"]["types"]
    assert types[0] == {"label": "Social activities and groups", "value": "social_activities",
                        "search": types[0]["search"]}
    assert "loneliness" in next(o["search"] for o in values["options"]["determinants"]
                                if o["value"] == "social_isolation").lower()
    assert uuid.UUID(values["client_id"])
    assert open_link(atlas, "?dataset=Bolton", "kept-id")["client_id"] == "kept-id"


def test_send_with_gaps_says_what_to_do_in_plain_english_and_keeps_everything(atlas, workshop):
    client_id = str(uuid.uuid4())
    values = send(atlas, "Bolton", "Sam", {**SHED, "locality": None, "types": []}, client_id, None)
    problems = texts(values["feedback"])
    assert "Choose the district where it runs." in problems
    assert "Choose at least one thing it offers." in problems
    assert "locality_code" not in problems and "ons code" not in problems.lower()
    assert values["client_id"] is no_update and values["kept"] is no_update
    assert all(v is no_update for v in values["cleared"].values())     # nothing typed is lost
    nameless = send(atlas, "Bolton", " ", SHED, client_id, None)
    assert "Give your name" in texts(nameless["feedback"])


def test_send_confirms_with_a_reference_and_clears_every_field(atlas, workshop):
    client_id = str(uuid.uuid4())
    values = send(atlas, "Bolton", "Sam", SHED, client_id, {"Other": ["x"]})
    reference = client_id.replace("-", "")[:6].upper()
    assert values["text"] == (f"'Men's Shed' in Blackpool is with the facilitator. Your reference "
                              f"is {reference}. You can follow it under Your entries.")
    assert values["keep"] == "Add another in Blackpool (keeps the place)"
    assert values["place"] == "E06000009" and values["keep_hidden"] is False
    assert values["cleared"] == {"name": "", "provider": "", "locality": None, "types": [],
                                 "determinants": [], "populations": [], "note": ""}
    assert values["form"] is True and values["done"] is False
    assert values["kept"] == {"Other": ["x"], "Bolton": [client_id]}
    assert values["client_id"] not in (None, client_id)
    again = send(atlas, "Bolton", "Sam", SHED, client_id, values["kept"])   # a retry: stored once
    assert again["kept"] == values["kept"]
    assert len([e for e in my_entries(atlas, "Bolton", values["kept"])]) == 1


def test_a_participant_sees_only_their_own_entries_and_learns_the_outcome(atlas, workshop):
    mine = sent(atlas, "Sam", name="Cafe club")["kept"]
    theirs = sent(atlas, "Ann", name="Ann's secret", note="private note")["kept"]
    listed = my_entries(atlas, "Bolton", mine)
    assert [(e.service, e.status_text) for e in listed] == [
        ("Cafe club", "Waiting for the facilitator")]
    assert "Ann's secret" not in str(listed) and "private note" not in str(listed)
    rows = queue(atlas, "Fay", workshop, {}).rows
    cafe = next(r for r in rows if r["name"] == "Cafe club")
    decided = decide(atlas, "Fay", workshop, False, [cafe], "Already on the map", {})
    assert decided.clear_reason
    (entry,) = my_entries(atlas, "Bolton", mine)
    assert (entry.status, entry.status_text, entry.reason) == (
        "rejected", "Not added", "Already on the map")
    other = next(r for r in queue(atlas, "Fay", workshop, {}).rows if r["name"] == "Ann's secret")
    approved = decide(atlas, "Fay", workshop, True, [other], None, {})
    assert "now version" in " ".join(approved.notice.lines)
    (entry,) = my_entries(atlas, "Bolton", theirs)
    assert entry.status == "approved" and entry.status_text.startswith("Added to the map (version")


def test_kept_ids_are_bounded_and_ignore_rubbish():
    kept = kept_ids({"A": [f"id-{n}" for n in range(80)], "B": "x", "C": [1, "y"]}, "A", "new")
    assert kept["A"][0] == "new" and len(kept["A"]) == 50 and kept["C"] == ["y"]
    assert "B" not in kept and kept_ids(None, "A") == {}


def test_the_participant_page_is_its_own_app_without_the_atlas_controls(settings_):
    server = create_app(settings_).server
    client = server.test_client()
    redirect = client.get("/join?dataset=Bolton")
    assert redirect.status_code == 302 and redirect.headers["Location"] == "/join/?dataset=Bolton"
    page = client.get("/join/?dataset=Bolton")
    assert page.status_code == 200 and "presenter.js" not in page.get_data(as_text=True)
    layout = client.get("/join/_dash-layout").get_data(as_text=True)
    for atlas_id in (Id.DATASET_PICKER, Id.LOCALITY_PICKER, Id.WORKSHOP_QUEUE, Id.MAP):
        assert atlas_id not in layout
    for join_id in JoinId:
        assert join_id in layout
    csp = page.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp.split(";")[1]


# the facilitator's queue


def test_the_queue_and_audit_trail_are_for_editors_only(atlas, workshop):
    sent(atlas, "Sam", name="Quiet group", note="call Sam on 07700")
    anonymous = queue(atlas, None, workshop, {})
    assert anonymous.rows == () and anonymous.audit == () and anonymous.note == SIGN_IN_FIRST
    assert refresh(atlas, None, workshop, False, {}, None) == ([], [], SIGN_IN_FIRST)
    editor = queue(atlas, "Fay", workshop, {})
    row = next(r for r in editor.rows if r["name"] == "Quiet group")
    assert (row["locality"], row["types"], row["populations"]) == (
        "Blackpool", "Peer support and mentoring", "Men")          # labels, not codes
    assert editor.audit and row["note"] == "call Sam on 07700"


def test_likely_duplicates_are_flagged(atlas, workshop):
    first = sent(atlas, "Sam", name="Double act")
    sent(atlas, "Ann", name="double  ACT!")
    known = atlas.dataset.interventions.iloc[0]
    sent(atlas, "Ann", name=str(known["name"]).upper(), locality=known["locality_code"])
    rows = {r["name"]: r for r in queue(atlas, "Fay", workshop, {}).rows}
    reference = first["text"].split("reference is ")[1][:6]
    assert rows["Double act"]["duplicate"] == ""
    assert rows["double  ACT!"]["duplicate"] == f"Same name and place as entry {reference}"
    assert rows[str(known["name"]).upper()]["duplicate"] == f"Already in the dataset: {known['name']}"


def test_edits_survive_new_arrivals_and_are_highlighted(atlas, workshop):
    sent(atlas, "Sam", name="Walk and talk")
    shown = queue(atlas, "Fay", workshop, {})
    row = next(r for r in shown.rows if r["name"] == "Walk and talk")
    panel = editing(atlas, "Fay", workshop, [row], {})
    assert panel.values["types"] == ["peer_support"] and panel.values["locality"] == "E06000009"
    # the facilitator is typing; the rows are redrawn when someone else sends an entry
    assert select(atlas, "Fay", workshop, [row], {}, panel.entry)["fields"]["name"] is no_update
    edits = keep_edit(atlas, {}, panel.entry, {**panel.values, "name": "Walk & talk Blackpool",
                                               "types": ["physical_activity", "peer_support"]})
    sent(atlas, "Ann", name="Newcomer")
    rows, _, _ = refresh(atlas, "Fay", workshop, False, edits, list(shown.rows))
    edited = next(r for r in rows if r["id"] == row["id"])
    assert edited["name"] == "Walk & talk Blackpool"
    assert edited["types"] == "Physical activity, Peer support and mentoring"
    assert edited["edited"] == ["name", "types"] and edited["edited_text"] == "service, offers"
    assert any(r["name"] == "Newcomer" for r in rows)
    assert refresh(atlas, "Fay", workshop, True, edits, rows) == (no_update,) * 3  # same entries
    decided = decide(atlas, "Fay", workshop, True, [edited], None, edits)
    assert row["id"] not in decided.edits
    audit = queue(atlas, "Fay", workshop, {}).audit
    assert any("Walk & talk Blackpool" in a["changes"] for a in audit)


def test_a_rejection_needs_a_reason_and_the_box_clears_after_use(atlas, workshop):
    sent(atlas, "Sam", name="Maybe")
    row = next(r for r in queue(atlas, "Fay", workshop, {}).rows if r["name"] == "Maybe")
    refused = decide(atlas, "Fay", workshop, False, [row], "  ", {})
    assert "Give a reason" in refused.notice.lines[0] and not refused.clear_reason
    assert any(r["id"] == row["id"] for r in queue(atlas, "Fay", workshop, {}).rows)
    done = decide(atlas, "Fay", workshop, False, [row], "Not in the area", {})
    assert done.clear_reason and "Not in the area" in done.notice.lines[0]
    assert decide(atlas, None, workshop, True, [row], None, {}).notice.kind == "danger"


def test_the_join_card_shows_the_link_and_a_qr_code(atlas, workshop):
    card = join_card(atlas, workshop, "https://atlas.example")
    assert card["text"].startswith("Participants add services on their phones at "
                                   "https://atlas.example/join?dataset=Bolton")
    assert card["href"] == "/join?dataset=Bolton" and card["qr"].startswith("data:image/svg+xml")
    assert card["places"][0]["label"] in set(atlas.geography.lad_names.values())
    bundled = join_card(atlas, replace(workshop, dataset="bundled", revision=None), "https://x")
    assert bundled["card"] == {"display": "none"}
    assert join_card(atlas, replace(workshop, page="gaps"), "https://x")["text"] is no_update


def test_text_is_kept_as_text(atlas, workshop):
    sent(atlas, SCRIPT, name=SCRIPT)
    row = next(r for r in queue(atlas, "Fay", workshop, {}).rows if r["name"] == SCRIPT)
    assert row["submitted_by"] == SCRIPT          # a grid cell shows it as text, never as HTML
