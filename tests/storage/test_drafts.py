"""Coding drafts on SQLite and PostgreSQL: created whole, read a page at a time, updated, expired."""

import datetime as dt

import pytest

from dashboard.store.errors import NotFoundError


def rows(n: int) -> list[dict]:
    out = []
    for i in range(n):
        status = ("needs_review", "suggested", "suggested")[i % 3]
        out.append({"status": status, "placed": i % 4 != 0, "duplicate": i == 5,
                    "confidence": None if status == "needs_review" else 0.5 + i / (2 * n),
                    "data": {"intervention_id": f"S-{i}", "name": f"Service {i}", "types": "befriending",
                             "coding_status": status},
                    "suggestions": {"types": [{"code": "befriending", "confidence": 0.9, "evidence": "rule",
                                               "suggested": True}]}})
    return out


def test_drafts_are_created_whole_and_counted(store):
    token = store.create_draft("directory.csv", rows(30), report={"summary": ["30 read"]},
                               notice="Imported.", actor="Ann")
    info = store.draft(token)
    assert (info.name, info.row_count, info.created_by, info.notice) == \
        ("directory.csv", 30, "Ann", "Imported.")
    assert info.counts["needs_review"] == 10 and info.counts["suggested"] == 20
    assert info.counts["not_placed"] == 8 and info.counts["duplicate"] == 1
    assert info.coded == 0 and info.report == {"summary": ["30 read"]}


def test_drafts_page_through_a_filter_in_order(store):
    token = store.create_draft("d", rows(30), report={})
    total, page = store.draft_page(token, "needs_review", 3, 4)
    assert total == 10 and [r.position for r in page] == [9, 12, 15, 18]
    assert page[0].data["name"] == "Service 9" and page[0].suggestions["types"][0]["code"] == "befriending"
    assert store.draft_neighbour(token, "needs_review", 9, 1) == 12
    assert store.draft_neighbour(token, "needs_review", 9, -1) == 6
    assert store.draft_neighbour(token, "needs_review", None, -1) == 27
    assert store.draft_neighbour(token, "needs_review", 27, 1) is None
    assert store.draft_rank(token, "needs_review", 12) == 4
    assert [r.position for r in store.draft_page(token, "duplicate", 0, 10)[1]] == [5]


def test_drafts_update_rows_and_find_them_by_status_and_confidence(store):
    token = store.create_draft("d", rows(30), report={})
    high = store.draft_rows(token, status="suggested", min_confidence=0.9)
    assert high and all(r.confidence >= 0.9 and r.status == "suggested" for r in high)
    store.update_draft_rows(token, {r.position: ({**r.data, "coding_status": "confirmed"}, "confirmed")
                                    for r in high}, actor="Bo")
    info = store.draft(token)
    assert info.coded == len(high) and info.counts["suggested"] == 20 - len(high)
    again = store.draft_rows(token, [high[0].position])[0]
    assert again.status == "confirmed" and again.data["coding_status"] == "confirmed"
    assert store.draft_page(token, "coded", 0, 50)[0] == len(high)


def test_drafts_expire_with_their_rows_and_unknown_tokens_say_so(store):
    old = store.create_draft("old", rows(3), report={})
    store.create_draft("new", rows(3), report={})
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    assert store.expire_drafts(dt.timedelta(days=7), now=later) == 2
    with pytest.raises(NotFoundError, match="expired"):
        store.draft(old)
    with pytest.raises(NotFoundError):
        store.draft_page("no-such-token", "all", 0, 10)
