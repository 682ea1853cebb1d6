import uuid

import pandas as pd
import pytest

from dashboard.store.errors import ConflictError, InvalidSubmissionError, NotFoundError
from dashboard.store.records import SubmissionForm
from tests.conftest import TODAY
from tests.storage.conftest import table_counts

GOOD = {
    "name": "Men's shed", "provider": "Shed CIC", "locality": "E06000009",
    "types": ["peer_support", "social activities"], "determinants": "social_isolation",
    "populations": "men|older_adults", "note": "Tuesdays at the library",
}


def form(**changes) -> SubmissionForm:
    return SubmissionForm.of(**{**GOOD, **changes})


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def area(store, example_report):
    store.save_version("area", example_report.accepted, actor="Ann", illustrative=True, notice="Synthetic.")
    return "area"


def test_submission_valid_entry_waits_in_the_queue(store, area):
    client_id = new_id()
    result = store.submit(area, form(), client_id=client_id, actor="Sam (table 3)", today=TODAY)
    assert result.accepted and not result.duplicate and result.errors == ()
    entry = result.submission
    assert (entry.status, entry.client_id, entry.submitted_by) == ("pending", client_id, "Sam (table 3)")
    assert entry.form.types == "peer_support|social activities"
    assert store.submissions(area, "pending") == [entry]
    assert [v.version for v in store.versions(area)] == [1]  # nothing reaches the dataset yet
    audit = store.audit(area)[-1]
    assert (audit.actor, audit.action) == ("Sam (table 3)", "submission.create")
    assert audit.submission_id == entry.id
    assert audit.details["form"]["name"] == "Men's shed"


def test_submission_retry_with_the_same_client_id_is_stored_once(store, area):
    client_id = new_id()
    first = store.submit(area, form(), client_id=client_id, actor="Sam")
    again = store.submit(area, form(), client_id=client_id.upper(), actor="Sam")
    assert again.accepted and again.duplicate
    assert again.submission == first.submission
    assert len(store.submissions(area)) == 1
    assert [a.action for a in store.audit(area)].count("submission.create") == 1


def test_submission_client_id_reused_for_other_content_is_a_conflict(store, area):
    client_id = new_id()
    store.submit(area, form(), client_id=client_id, actor="Sam")
    with pytest.raises(ConflictError, match="already used"):
        store.submit(area, form(name="Something else"), client_id=client_id, actor="Sam")
    assert len(store.submissions(area)) == 1


@pytest.mark.parametrize(("changes", "column", "value", "message"), [
    ({"name": ""}, "name", "", "'name' is required and is empty"),
    ({"provider": "  "}, "provider", "", "'provider' is required and is empty"),
    ({"locality": ""}, "locality_code", "", "'locality_code' is required and is empty"),
    ({"locality": "E0600009"}, "locality_code", "E0600009",
     "is not an English local authority district code"),
    ({"locality": "W06000015"}, "locality_code", "W06000015", "is a code in Wales"),
    ({"types": ""}, "types", "", "'types' is required and is empty"),
    ({"types": "befriending|knitting"}, "types", "knitting", "'knitting' is not a known intervention type"),
    ({"determinants": "social isolaton"}, "determinants", "social isolaton",
     "'social isolaton' is not a known determinant. Did you mean 'social_isolation'?"),
    ({"populations": "aliens"}, "populations", "aliens", "'aliens' is not a known population group"),
])
def test_submission_rejected_entry_returns_each_issue_and_writes_nothing(store, area, changes, column, value,
                                                                          message):
    before = table_counts(store)
    result = store.submit(area, form(**changes), client_id=new_id(), actor="Sam", today=TODAY)
    assert not result.accepted and result.submission is None
    assert [(i.row, i.column, i.value) for i in result.errors] == [(2, column, value)]
    assert message in result.errors[0].message
    assert table_counts(store) == before


def test_submission_rejected_entry_lists_every_problem(store, area):
    result = store.submit(area, form(name="", types="knitting", populations=""), client_id=new_id(),
                          actor="Sam")
    assert [i.column for i in result.errors] == ["name", "types", "populations"]
    assert store.submissions(area) == []


def test_submission_district_name_is_accepted_with_a_warning(store, area):
    result = store.submit(area, form(locality="Blackpool"), client_id=new_id(), actor="Sam")
    assert result.accepted
    assert [(w.column, w.message) for w in result.warnings] == [
        ("locality_code", "'Blackpool' is a district name, not a code; read as E06000009.")
    ]


def test_submission_unknown_dataset_or_bad_client_id_is_refused(store, area):
    with pytest.raises(NotFoundError):
        store.submit("elsewhere", form(), client_id=new_id(), actor="Sam")
    with pytest.raises(ValueError):
        store.submit(area, form(), client_id="not-a-uuid", actor="Sam")
    with pytest.raises(ValueError, match="Unknown form field"):
        SubmissionForm.of(name="x", colour="red")
    assert store.submissions(area) == []


def test_approve_creates_a_new_version_with_the_entries_and_keeps_the_old_one(store, area, example_report):
    ids = [store.submit(area, form(name=f"Shed {n}"), client_id=new_id(), actor="Sam").submission.id
           for n in range(3)]
    version = store.approve(ids[:2], actor="Fay Facilitator", note="checked with the room")
    assert (version.version, version.row_count, version.created_by) == (2, 406, "Fay Facilitator")
    assert version.illustrative and version.notice == "Synthetic."

    pd.testing.assert_frame_equal(store.load(area, 1).rows, example_report.accepted)
    rows = store.load(area).rows
    pd.testing.assert_frame_equal(rows.iloc[:404], example_report.accepted)
    added = rows.iloc[404:]
    assert list(added["name"]) == ["Shed 0", "Shed 1"]
    assert added.iloc[0]["types"] == ["peer_support", "social_activities"]
    assert added.iloc[0]["populations"] == ["men", "older_adults"]
    assert added.iloc[0]["description"] == "Tuesdays at the library"
    assert added.iloc[0]["recorded_by"] == "Sam"
    assert list(added["source_row"]) == [406, 407]
    assert rows.dtypes.equals(example_report.accepted.dtypes)

    approved = store.submissions(area, "approved")
    assert [(s.id, s.version, s.decided_by) for s in approved] == [(ids[0], 2, "Fay Facilitator"),
                                                                  (ids[1], 2, "Fay Facilitator")]
    assert [s.id for s in store.submissions(area, "pending")] == [ids[2]]
    actions = [(a.action, a.version, a.submission_id) for a in store.audit(area)[-3:]]
    assert actions == [("submission.approve", 2, ids[0]), ("submission.approve", 2, ids[1]),
                       ("version.approve", 2, None)]
    assert store.audit(area)[-1].details["added"] == list(added["intervention_id"])


def test_approve_twice_or_after_rejection_is_a_conflict_and_writes_nothing(store, area):
    first = store.submit(area, form(), client_id=new_id(), actor="Sam").submission
    second = store.submit(area, form(name="Other"), client_id=new_id(), actor="Sam").submission
    store.approve([first.id], actor="Fay")
    store.reject(second.id, actor="Fay", reason="duplicate of the shed")
    before = table_counts(store)
    approved, rejected = store.submission(first.id), store.submission(second.id)
    # A retried approval (its worker died after committing) says who decided it, and when.
    said_approved = (f"'{first.form.name}' was already approved by Fay on "
                     f"{approved.decided_at:%Y-%m-%d at %H:%M:%S} UTC (in version 2).")
    said_rejected = (f"'Other' was already rejected by Fay on "
                     f"{rejected.decided_at:%Y-%m-%d at %H:%M:%S} UTC.")
    for ids, message in (([first.id], said_approved), ([second.id], said_rejected),
                         ([first.id, second.id], f"{said_approved} {said_rejected}")):
        with pytest.raises(ConflictError) as conflict:
            store.approve(ids, actor="Fay")
        assert str(conflict.value) == message
    with pytest.raises(ConflictError, match=f"^{said_rejected}$"):
        store.reject(second.id, actor="Fay", reason="twice")
    assert table_counts(store) == before
    assert [v.version for v in store.versions(area)] == [1, 2]


def test_edit_then_approve_stores_the_edited_row_and_what_changed(store, area):
    entry = store.submit(area, form(name="mens shed", types="peer support"), client_id=new_id(),
                         actor="Sam").submission
    edited = form(name="Men's Shed Blackpool", types="peer_support|physical_activity")
    store.approve([entry.id], actor="Fay", edits={entry.id: edited})

    row = store.load(area).rows.iloc[-1]
    assert row["name"] == "Men's Shed Blackpool"
    assert row["types"] == ["peer_support", "physical_activity"]
    stored = store.submission(entry.id)
    assert stored.form.name == "mens shed" and stored.edited_form == edited
    audit = [a for a in store.audit(area) if a.action == "submission.approve"][-1]
    assert audit.actor == "Fay" and audit.details["edited"] is True
    assert audit.details["changes"] == {
        "name": ["mens shed", "Men's Shed Blackpool"],
        "types": ["peer support", "peer_support|physical_activity"],
    }


def test_edit_that_fails_validation_is_refused_with_its_issues(store, area):
    entry = store.submit(area, form(), client_id=new_id(), actor="Sam").submission
    before = table_counts(store)
    with pytest.raises(InvalidSubmissionError) as refused:
        store.approve([entry.id], actor="Fay", edits={entry.id: form(locality="Atlantis")})
    assert [(i.column, i.value) for i in refused.value.issues] == [("locality_code", "Atlantis")]
    assert table_counts(store) == before
    assert store.submission(entry.id).status == "pending"


def test_reject_keeps_the_entry_with_the_reason_and_audits_it(store, area):
    entry = store.submit(area, form(), client_id=new_id(), actor="Sam").submission
    rejected = store.reject(entry.id, actor="Fay", reason="not a mental-health service")
    assert (rejected.status, rejected.decided_by, rejected.decision_note) == (
        "rejected", "Fay", "not a mental-health service")
    assert rejected.decided_at >= rejected.submitted_at
    assert [v.version for v in store.versions(area)] == [1]
    last = store.audit(area)[-1]
    assert (last.action, last.actor, last.details["reason"]) == ("submission.reject", "Fay",
                                                                 "not a mental-health service")


def test_approve_unknown_entry_is_not_found(store, area):
    with pytest.raises(NotFoundError):
        store.approve([999], actor="Fay")
    with pytest.raises(NotFoundError):
        store.reject(999, actor="Fay", reason="unknown")


def test_a_rejection_needs_a_reason(store, area):
    entry = store.submit(area, form(), client_id=new_id(), actor="Sam").submission
    before = table_counts(store)
    for blank in ("", "   "):
        with pytest.raises(ValueError, match="needs a reason"):
            store.reject(entry.id, actor="Fay", reason=blank)
    assert table_counts(store) == before and store.submission(entry.id).status == "pending"


def test_entries_by_client_id_are_only_those_ids_in_that_dataset(store, area):
    mine, theirs = new_id(), new_id()
    store.submit(area, form(name="Mine"), client_id=mine, actor="Sam")
    store.submit(area, form(name="Theirs"), client_id=theirs, actor="Ann")
    found = store.submissions_by_client(area, [mine, "not-a-uuid", str(uuid.uuid4())])
    assert [(s.form.name, s.submitted_by) for s in found] == [("Mine", "Sam")]
    assert store.submissions_by_client(area, []) == []
