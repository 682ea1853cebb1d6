"""The one cache of the atlas: pure results kept per process, bounded, safe across threads.

Everything the atlas caches is a pure function of immutable inputs: LSOA polygons of a district
(the prepared files never change while served), the bounds that frame them, a loaded dataset
version (saved versions are immutable), a filtered selection of one loaded dataset. Keys name
those inputs, so an entry can never go stale; each region keeps at most its limit of entries
and drops the least recently used. The :class:`~dashboard.context.AtlasContext` owns the cache
and hands it to what it loads (geography, datasets, the library); nothing is cached at module
level, and two contexts never share entries.

Each gunicorn worker has its own cache; nothing in it is shared state between workers, and a
worker that has not seen an entry computes the same value from the same inputs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

T = TypeVar("T")

# Entries kept per region (see the modules that use each region for what an entry costs).
LIMITS: dict[str, int] = {
    "lsoa_geojson": 64,     # one district's LSOA polygons as GeoJSON text, ~0.1-1 MB
    "lsoa_geometry": 32,    # the same as read-only numpy rings, for figures
    "lsoa_bounds": 512,     # bounds of a district's LSOA map: four numbers
    "national_bounds": 2,   # bounds of the national map, by map mode (map, hex)
    "versions": 16,         # loaded dataset versions, each with its code index
    "selections": 32,       # filtered rows of a loaded dataset: positions, 4 MB at 1,000,000 rows
    "counts": 512,          # pattern counts of a selection: a few small arrays each
    "static_files": 4,      # files served to browsers with their brotli copies (~4 MB in all)
    "areas": 64,            # a geography at another level or focus, an LSOA tree: small
    "area_datasets": 8,     # a loaded dataset counted by NHS area (its rows and code index)
    "history": 8,           # a saved dataset's figures per version (small tables)
    "placer": 1,            # every LSOA 2021 polygon in a search tree, for imports (~30 MB)
    "coder": 2,             # the assisted-coding rules and classifier (~5 MB)
    "hsds": 16,             # HSDS service ids of a loaded dataset's rows (~80 bytes a row)
}


class Cache:
    """Named regions of least-recently-used entries, each bounded, guarded by one lock.

    Args:
        limits: entries kept per region; a region not named here is refused.
    """

    def __init__(self, limits: Mapping[str, int] = LIMITS) -> None:
        self._limits = dict(limits)
        self._regions: dict[str, OrderedDict] = {name: OrderedDict() for name in self._limits}
        self._lock = threading.Lock()

    def get(self, region: str, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key`` in ``region``, computed (outside the lock) when missing.

        Two threads asking for the same missing key at once may both compute it; both get a
        correct value (the inputs are immutable) and one of them is kept.

        Raises:
            KeyError: ``region`` is not one of the cache's regions.
        """
        entries = self._regions[region]
        with self._lock:
            if key in entries:
                entries.move_to_end(key)
                return entries[key]
        value = compute()
        with self._lock:
            entries[key] = value
            entries.move_to_end(key)
            while len(entries) > self._limits[region]:
                entries.popitem(last=False)
        return value

    def size(self, region: str | None = None) -> int:
        """Entries kept now in ``region`` (in every region when ``None``)."""
        with self._lock:
            regions = self._regions.values() if region is None else [self._regions[region]]
            return sum(len(entries) for entries in regions)
