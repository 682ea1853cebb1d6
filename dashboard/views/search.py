"""One search box: districts, Sub-ICB locations, ICBs, wards and services by name.

Matching forgives case, accents, punctuation and small typos: the query and every name are
folded (accents dropped, lower case, punctuation to spaces) and each word of the query must
match a word of the name exactly, as its start, inside it (three letters or more), or within
one edit (two for words of eight letters or more). A ward leads to its district with its LSOAs
outlined; a Sub-ICB location or ICB to its districts; a service to its district's page, open.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace

from dashboard.context import AtlasContext
from dashboard.core.view_state import ViewState, state_to_url

KIND_ORDER = {"District": 0, "ICB": 1, "Sub-ICB location": 2, "Ward": 3, "Service": 4}
LIMIT = 12
MIN_QUERY = 2


def fold(text: str) -> str:
    """Lower case, accents dropped, anything but letters and digits turned into spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def within(a: str, b: str, limit: int) -> bool:
    """Whether two words are at most ``limit`` edits apart (insert, delete, substitute, swap)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


@dataclass(frozen=True)
class Entry:
    """One thing the search box can find."""

    kind: str
    label: str
    detail: str
    target: dict  # what the view state becomes: locality, ward, service, focus...
    words: tuple[str, ...]


@dataclass(frozen=True)
class SearchIndex:
    """Entries, for each folded word the entries holding it, and the words by first letter."""

    entries: tuple[Entry, ...]
    words: dict[str, tuple[int, ...]]
    initials: dict[str, tuple[str, ...]]


def _index(entries: list[Entry]) -> SearchIndex:
    words: dict[str, list[int]] = defaultdict(list)
    for position, entry in enumerate(entries):
        for word in set(entry.words):
            words[word].append(position)
    initials: dict[str, list[str]] = defaultdict(list)
    for word in words:
        initials[word[0]].append(word)
    return SearchIndex(tuple(entries), {w: tuple(p) for w, p in words.items()},
                       {c: tuple(w) for c, w in initials.items()})


def _entry(kind: str, label: str, detail: str, target: dict, *names: str) -> Entry:
    return Entry(kind, label, detail, target, tuple(fold(" ".join((label, *names))).split()))


def place_index(atlas: AtlasContext) -> SearchIndex:
    """Districts, Sub-ICB locations, ICBs and wards (kept in the cache: the geography is fixed)."""
    geography = atlas.geography

    def build() -> SearchIndex:
        entries = [_entry("District", str(name), f"{code}, {region}", {"locality": code}, code)
                   for code, name, region in zip(geography.lads.index, geography.lads["LAD24NM"],
                                                 geography.lads["RGN24NM"], strict=True)]
        nhs = geography.nhs
        if nhs is not None:
            for code, row in nhs.areas.iterrows():
                kind = "ICB" if row["level"] == "icb" else "Sub-ICB location"
                entries.append(_entry(kind, str(row["short_name"]), f"{code}, {row['nhs_code']}",
                                      {"focus": code}, str(row["name"]), code,
                                      str(row["nhs_code"])))
            wards = nhs.lsoas.drop_duplicates("WD24CD")
            for ward, name, lad in zip(wards["WD24CD"], wards["WD24NM"], wards["LAD24CD"],
                                       strict=True):
                entries.append(_entry("Ward", str(name), f"{geography.lad_names[lad]}, {ward}",
                                      {"locality": lad, "ward": ward}, ward))
        return _index(entries)

    return geography.cache.get("areas", ("search", id(geography)), build)


def service_index(atlas: AtlasContext) -> SearchIndex:
    """The loaded dataset's interventions by name and provider (kept per loaded dataset)."""
    dataset = atlas.dataset

    def build() -> SearchIndex:
        rows = dataset.interventions
        names = atlas.geography.lad_names
        return _index([_entry("Service", str(name), f"{provider}, {names.get(lad, lad)}",
                              {"locality": lad, "service": str(ident)}, str(provider))
                       for ident, name, provider, lad in zip(
                           rows["intervention_id"], rows["name"], rows["provider"],
                           rows["locality_code"], strict=True)])

    return dataset.cache.get("areas", ("search", dataset.token), build)


def _word_scores(query_word: str, index: SearchIndex) -> dict[int, float]:
    """Entries holding a word that matches ``query_word``, with the best score of each.

    Typos are looked for only when no word starts with ``query_word``, and among words with
    the same first letter (or the second, for a swap of the first two): a keystroke's search
    stays within tens of milliseconds.
    """
    limit = 2 if len(query_word) >= 8 else 1 if len(query_word) >= 4 else 0
    matched: dict[str, float] = {}
    for word in index.words:
        if word == query_word:
            matched[word] = 3.0
        elif word.startswith(query_word):
            matched[word] = 2.5
        elif len(query_word) >= 3 and query_word in word:
            matched[word] = 1.5
    if limit and not any(score >= 2.5 for score in matched.values()):
        initials = {query_word[0], query_word[1] if len(query_word) > 1 else query_word[0]}
        for initial in initials:
            for word in index.initials.get(initial, ()):
                if word not in matched and within(query_word, word, limit):
                    matched[word] = 1.0
    scores: dict[int, float] = {}
    for word, score in matched.items():
        for position in index.words[word]:
            scores[position] = max(scores.get(position, 0.0), score)
    return scores


def find(index: SearchIndex, query: str) -> list[tuple[float, Entry]]:
    """Entries matching every word of ``query``, best first."""
    words = fold(query).split()
    if not words:
        return []
    total: dict[int, float] | None = None
    for word in words:
        scores = _word_scores(word, index)
        total = scores if total is None else {p: total[p] + s for p, s in scores.items()
                                              if p in total}
    folded = " ".join(words)
    found = []
    for position, score in (total or {}).items():
        entry = index.entries[position]
        if " ".join(entry.words).startswith(folded):
            score += 1.0
        found.append((score, entry))
    found.sort(key=lambda p: (-p[0], KIND_ORDER[p[1].kind], len(p[1].label), p[1].label))
    return found


def search_options(atlas: AtlasContext, state: ViewState, query: str | None,
                   limit: int = LIMIT) -> list[dict[str, str]]:
    """Dropdown options for a query: label, the view's link as value, the query as search key.

    The search key is the query itself, so the dropdown's own filter keeps every fuzzy match.
    """
    query = (query or "").strip()
    if len(fold(query)) < MIN_QUERY:
        return []
    found = find(place_index(atlas), query) + find(service_index(atlas), query)
    found.sort(key=lambda p: (-p[0], KIND_ORDER[p[1].kind], len(p[1].label), p[1].label))
    return [{"label": f"{entry.kind}: {entry.label} ({entry.detail})",
             "value": link(state, entry.target), "search": query}
            for _, entry in found[:limit]]


def link(state: ViewState, target: dict) -> str:
    """The link a result leads to, keeping the view's dataset and filters."""
    if "focus" in target:
        moved = replace(state, locality=None, page="national", area_level="lad",
                        focus=target["focus"], ward=None, service=None)
    else:
        moved = replace(state, locality=target["locality"], ward=target.get("ward"),
                        service=target.get("service"), focus=None)
    return "".join(state_to_url(moved))
