"""The one cache: bounded per region, least recently used dropped first, safe across threads."""

import threading

import pytest

from dashboard.core.cache import Cache


def test_cache_computes_once_and_returns_the_kept_value():
    cache, calls = Cache({"r": 2}), []
    assert cache.get("r", "a", lambda: calls.append("a") or 1) == 1
    assert cache.get("r", "a", lambda: calls.append("a") or 2) == 1
    assert calls == ["a"]


def test_cache_drops_the_least_recently_used_entry_of_a_full_region():
    cache = Cache({"r": 2, "other": 5})
    cache.get("r", "a", lambda: 1)
    cache.get("r", "b", lambda: 2)
    cache.get("r", "a", lambda: 0)          # a is now the most recent
    cache.get("r", "c", lambda: 3)          # b goes
    cache.get("other", "x", lambda: 9)      # regions are bounded separately
    assert cache.size("r") == 2 and cache.size("other") == 1
    assert cache.get("r", "b", lambda: "recomputed") == "recomputed"
    assert cache.get("r", "c", lambda: "no") == 3 or cache.get("r", "a", lambda: "no") == 1


def test_cache_refuses_an_unknown_region():
    with pytest.raises(KeyError):
        Cache({"r": 1}).get("nowhere", "a", lambda: 1)


def test_cache_keeps_nothing_when_compute_fails():
    cache = Cache({"r": 1})
    with pytest.raises(ZeroDivisionError):
        cache.get("r", "a", lambda: 1 / 0)
    assert cache.size("r") == 0


def test_cache_many_threads_get_right_values_and_the_bound_holds():
    cache = Cache({"r": 50})
    errors = []

    def work(offset: int) -> None:
        for i in range(400):
            key = (i + offset) % 120
            if cache.get("r", key, lambda key=key: key * 2) != key * 2:
                errors.append(key)

    threads = [threading.Thread(target=work, args=(n * 7,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and cache.size("r") == 50


def test_two_contexts_never_share_entries(atlas_context):
    other = Cache()
    atlas_context.geography.lsoa_geometry("E06000009")
    assert atlas_context.cache.size("lsoa_geometry") >= 1 and other.size() == 0
    assert atlas_context.geography.cache is atlas_context.cache
    assert atlas_context.dataset.cache is atlas_context.cache
