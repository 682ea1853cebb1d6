import datetime as dt

from tests.storage.conftest import table_counts

WINDOW = dt.timedelta(minutes=15)
START = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def fail(store, client: str, minutes: float) -> None:
    store.record_sign_in_failure(client, window=WINDOW, now=START + dt.timedelta(minutes=minutes))


def wait(store, client: str, minutes: float) -> dt.timedelta | None:
    return store.sign_in_wait(client, limit=3, window=WINDOW,
                              now=START + dt.timedelta(minutes=minutes))


def test_a_client_waits_once_it_reaches_the_limit_within_the_window(store):
    fail(store, "203.0.113.9", 0)
    fail(store, "203.0.113.9", 4)
    assert wait(store, "203.0.113.9", 5) is None                      # two of three
    fail(store, "203.0.113.9", 6)
    assert wait(store, "203.0.113.9", 7) == dt.timedelta(minutes=8)   # until the first is 15 min old
    assert wait(store, "198.51.100.7", 7) is None                     # counted per client
    assert wait(store, "203.0.113.9", 15.5) is None                   # the first has left the window
    fail(store, "203.0.113.9", 16)
    assert wait(store, "203.0.113.9", 17) == dt.timedelta(minutes=2)  # until the one at 4 is 15 min old


def test_failures_older_than_the_window_are_forgotten(store):
    for minute in range(5):
        fail(store, "203.0.113.9", minute)
    assert table_counts(store)["sign_in_failures"] == 5
    fail(store, "198.51.100.7", 60)
    assert table_counts(store)["sign_in_failures"] == 1
