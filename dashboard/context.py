"""Everything the server loads once at start, read-only afterwards."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.analysis.areas import focus_dataset, focus_geography, level_dataset, level_geography
from dashboard.analysis.dataset import InterventionDataset, load_dataset
from dashboard.core.cache import Cache
from dashboard.core.codelists import CodeLists, load_codelists
from dashboard.core.context_state import LEVEL_PAGES, check_context
from dashboard.core.dataset_identity import BUNDLED, EXAMPLE_PREFIX, parse_key
from dashboard.core.geography import Geography, load_geography
from dashboard.core.settings import Settings
from dashboard.core.view_state import ViewState, state_from_url
from dashboard.ingest.validation import Localities
from dashboard.store.library import DatasetLibrary
from dashboard.store.store import Store


@dataclass(frozen=True)
class AtlasContext:
    """Settings, code lists, prepared geography and the intervention dataset a view shows.

    ``dataset`` is the bundled dataset loaded at start; a callback that serves a view of another
    dataset passes on a copy (:func:`scoped`). ``library`` reaches the saved
    datasets (``None`` when the app runs without a store). ``cache`` is the one cache of the
    process (:mod:`dashboard.core.cache`), shared by the geography, datasets and library it
    loaded.
    """

    settings: Settings
    codelists: CodeLists
    geography: Geography
    dataset: InterventionDataset
    library: DatasetLibrary | None = None
    cache: Cache = field(default_factory=Cache, repr=False)


def load_context(settings: Settings, *, with_store: bool = False) -> AtlasContext:
    """Load prepared artefacts and validate the configured dataset.

    With ``with_store`` the database store is opened too (its migrations run now), so saved
    datasets, session uploads and workshop entries are available.
    """
    cache = Cache()
    codelists = load_codelists(settings.codelists_dir)
    geography = load_geography(settings.prepared_dir, cache)
    localities = Localities.from_prepared(settings.prepared_dir)
    dataset = load_dataset(settings.dataset_path, codelists, localities,
                           stale_after_days=settings.stale_after_days, cache=cache)
    library = None
    if with_store:
        store = Store.open(settings.database_url, codelists=codelists, localities=localities)
        library = DatasetLibrary(
            dataset, store, settings.session_upload_days, cache,
            examples=example_files(settings),
            load_file=lambda path: load_dataset(path, codelists, localities,
                                                stale_after_days=settings.stale_after_days,
                                                cache=cache))
    return AtlasContext(settings=settings, codelists=codelists, geography=geography,
                        dataset=dataset, library=library, cache=cache)


def example_files(settings: Settings) -> dict[str, Path]:
    """``example-<key>`` -> file of each dataset in ``data/examples`` other than the bundled one.

    The key is the ``key`` of the file's ``.meta.json`` (else the file's name).
    """
    found = {}
    for path in sorted((settings.data_dir / "examples").glob("*.csv")):
        if path.resolve() == Path(settings.dataset_path).resolve():
            continue
        meta_path = path.with_name(path.stem + ".meta.json")
        key = json.loads(meta_path.read_text(encoding="utf-8")).get("key") if meta_path.exists() else None
        found[EXAMPLE_PREFIX + (key or path.stem.replace("_", "-"))] = path
    return found


def view_of_url(atlas: AtlasContext, pathname: str | None, search: str | None,
                ) -> tuple[ViewState, list[str]]:
    """The view a URL's path and query open, and notes on what was ignored.

    The one adapter from a URL to a view state: the page, the presenter, exports and the
    command line all read links through it.
    """
    state, notes = state_from_url(pathname, search, atlas.codelists, atlas.geography.recode,
                                  atlas.geography.lad_names)
    state, context_notes = check_context(atlas.geography, state)
    return state, [*notes, *context_notes]


def view_of_link(atlas: AtlasContext, link: str) -> tuple[ViewState, list[str]]:
    """The view a permalink (full URL, or path with query) opens; its host is ignored."""
    parts = urlsplit(link)
    return view_of_url(atlas, parts.path or "/", f"?{parts.query}" if parts.query else "")


def scoped(atlas: AtlasContext, state: ViewState) -> AtlasContext:
    """The context with the dataset the view state names (the same object when bundled).

    On the national and gaps pages the context is also at the state's level of geography (NHS
    areas), or limited to the districts of the NHS area drilled into (``analysis.areas``).
    """
    library = atlas.library
    key, _ = parse_key(state.dataset)
    if library is not None and not key.bundled:
        atlas = replace(atlas, dataset=library.dataset(key, state.revision))
    if state.current_page not in LEVEL_PAGES or atlas.geography.nhs is None:
        return atlas
    if state.area_level != "lad":
        return replace(atlas, geography=level_geography(atlas.geography, state.area_level),
                       dataset=level_dataset(atlas.dataset, atlas.geography, state.area_level))
    if state.focus:
        return replace(atlas, geography=focus_geography(atlas.geography, state.focus),
                       dataset=focus_dataset(atlas.dataset, atlas.geography, state.focus))
    return atlas


def check_state(atlas: AtlasContext, state: ViewState) -> tuple[ViewState, list[str]]:
    """The state with a dataset that exists and the version it shows now, plus notes.

    Its context codes (NHS area, ward) are checked against the geography too.
    """
    state, notes = check_context(atlas.geography, state)
    key, note = parse_key(state.dataset)
    notes += [note] if note else []
    if key.bundled:
        return replace(state, dataset=BUNDLED, revision=None), notes
    if atlas.library is None:
        return (replace(state, dataset=BUNDLED, revision=None),
                [*notes, "Saved datasets are not available on this server; showing the bundled "
                 "dataset."])
    key, revision, note = atlas.library.check(key)
    return replace(state, dataset=str(key), revision=revision), [*notes, *([note] if note else [])]
