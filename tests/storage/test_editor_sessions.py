"""Editor sessions and per-client counts live in the shared database (migration 0004)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from dashboard.store.editor_sessions import SEEN_EVERY, token_hash

START = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
IDLE, ABSOLUTE = dt.timedelta(hours=8), dt.timedelta(days=7)


def _check(store, token, at):
    return store.editor_session(token, idle=IDLE, absolute=ABSOLUTE, now=at)


def test_a_session_is_live_until_sign_out_and_the_store_keeps_no_token(store):
    token = store.start_editor_session("Fay", "0123456789abcdef", now=START)
    live = _check(store, token, START + dt.timedelta(minutes=5))
    assert (live.editor, live.secret_fingerprint) == ("Fay", "0123456789abcdef")
    with store.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT token_hash, editor FROM editor_sessions")).all()
    assert stored == [(token_hash(token), "Fay")] and token not in str(stored)
    assert store.end_editor_session(token) is True
    assert _check(store, token, START + dt.timedelta(minutes=6)) is None
    assert store.end_editor_session(token) is False
    assert _check(store, "not a token", START) is None and _check(store, "", START) is None


def test_idle_and_absolute_expiry(store):
    token = store.start_editor_session("Fay", "f" * 16, now=START)
    at = START
    while at - START < ABSOLUTE - dt.timedelta(hours=7):  # used every 7 hours: stays live
        at += dt.timedelta(hours=7)
        assert _check(store, token, at) is not None
    assert _check(store, token, START + ABSOLUTE + dt.timedelta(seconds=1)) is None
    idle = store.start_editor_session("Fay", "f" * 16, now=START)
    assert _check(store, idle, START + IDLE - SEEN_EVERY) is not None  # seen: idle time restarts
    assert _check(store, idle, START + 2 * IDLE - 2 * SEEN_EVERY) is not None
    assert _check(store, idle, START + 3 * IDLE) is None


def test_old_sessions_are_forgotten(store):
    old = store.start_editor_session("Fay", "f" * 16, now=START)
    new = store.start_editor_session("Gus", "f" * 16, now=START + dt.timedelta(days=10))
    assert store.forget_editor_sessions(dt.timedelta(days=8), now=START + dt.timedelta(days=10)) == 1
    assert _check(store, old, START + dt.timedelta(days=10)) is None
    assert _check(store, new, START + dt.timedelta(days=10, hours=1)).editor == "Gus"


def test_client_events_are_counted_per_kind_and_client_in_a_sliding_window(store):
    window = dt.timedelta(minutes=10)
    at = START
    for _ in range(3):
        assert store.count_client_event("submission", "192.0.2.1", limit=3, window=window, now=at) is None
        at += dt.timedelta(minutes=1)
    wait = store.count_client_event("submission", "192.0.2.1", limit=3, window=window, now=at)
    assert wait == dt.timedelta(minutes=7)  # the oldest of the three is 3 minutes old
    assert store.count_client_event("submission", "192.0.2.2", limit=3, window=window, now=at) is None
    assert store.count_client_event("other", "192.0.2.1", limit=3, window=window, now=at) is None
    later = START + window + dt.timedelta(seconds=1)
    assert store.count_client_event("submission", "192.0.2.1", limit=3, window=window, now=later) is None
