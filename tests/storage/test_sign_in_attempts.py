import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from tests.storage.conftest import table_counts

WINDOW = dt.timedelta(minutes=15)
START = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def attempt(store, client: str, minutes: float, limit: int = 3):
    return store.sign_in_attempt(client, limit=limit, window=WINDOW,
                                 now=START + dt.timedelta(minutes=minutes))


def test_a_client_waits_once_it_reaches_the_limit_within_the_window(store):
    assert attempt(store, "203.0.113.9", 0).wait is None
    assert attempt(store, "203.0.113.9", 4).wait is None
    assert attempt(store, "203.0.113.9", 6).wait is None               # the third is counted
    refused = attempt(store, "203.0.113.9", 7)
    assert refused.id is None and refused.wait == dt.timedelta(minutes=8)   # until 0 + 15 min
    assert attempt(store, "198.51.100.7", 7).wait is None              # counted per client
    assert attempt(store, "203.0.113.9", 15.5).wait is None            # the first left the window
    assert attempt(store, "203.0.113.9", 17).wait == dt.timedelta(minutes=2)  # until 4 + 15 min


def test_a_right_guess_is_taken_back_and_old_attempts_are_forgotten(store):
    first = attempt(store, "203.0.113.9", 0)
    attempt(store, "203.0.113.9", 1)
    store.forget_sign_in_attempt(first.id)                             # that one was right
    assert attempt(store, "203.0.113.9", 2).wait is None               # so two count, not three
    assert table_counts(store)["sign_in_attempts"] == 2
    attempt(store, "198.51.100.7", 60)
    assert table_counts(store)["sign_in_attempts"] == 1                # older than 15 min: gone


def test_guesses_sent_in_parallel_cannot_pass_the_limit(store):
    def one(_):
        return store.sign_in_attempt("203.0.113.9", limit=5, window=WINDOW)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, range(200)))
    assert sum(r.id is not None for r in results) == 5
    assert sum(r.wait is not None for r in results) == 195


def test_unlock_clears_one_client_or_every_client(store):
    for minutes in (0, 1, 2):
        attempt(store, "203.0.113.9", minutes)
        attempt(store, "198.51.100.7", minutes)
    assert attempt(store, "203.0.113.9", 3).wait is not None            # locked out
    assert store.clear_sign_in_attempts("203.0.113.9") == 3
    assert attempt(store, "203.0.113.9", 3).wait is None                # through at once
    assert attempt(store, "198.51.100.7", 3).wait is not None           # the other still waits
    assert store.clear_sign_in_attempts() == 4
    assert table_counts(store)["sign_in_attempts"] == 0
