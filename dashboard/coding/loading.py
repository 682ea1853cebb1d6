"""Where the coder's files are, and loading it once per process (run time)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.coding.coder import Coder, load_coder
from dashboard.core.cache import Cache
from dashboard.core.codelists import load_codelists
from dashboard.core.settings import Settings


@dataclass(frozen=True)
class CoderPaths:
    """The files the coder is built from and the folder it is kept in."""

    rules: Path
    ukcat_tags: Path
    ukcat_sample: Path
    illustrative: Path
    model_dir: Path


def default_paths(settings: Settings) -> CoderPaths:
    """The project's own files (``data/``)."""
    data = settings.data_dir
    return CoderPaths(rules=settings.codelists_dir / "crosswalks" / "ukcat_to_atlas.csv",
                      ukcat_tags=data / "directories" / "ukcat" / "ukcat.csv",
                      ukcat_sample=data / "directories" / "ukcat" / "sample.csv",
                      illustrative=data / "examples" / "illustrative_interventions.csv",
                      model_dir=settings.coder_dir)


def cached_coder(settings: Settings, cache: Cache) -> Coder:
    """The coder of ``settings`` (its model folder), loaded once per process into ``cache``."""
    paths = default_paths(settings)

    def load() -> Coder:
        return load_coder(paths.model_dir, paths.rules, load_codelists(settings.codelists_dir))

    return cache.get("coder", str(paths.model_dir), load)
