"""Everything the server loads once at start, read-only afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.codelists import CodeLists, load_codelists
from dashboard.dataset import InterventionDataset, load_dataset
from dashboard.geography import Geography, load_geography
from dashboard.settings import Settings
from dashboard.validation import Localities


@dataclass(frozen=True)
class AtlasContext:
    """Settings, code lists, prepared geography and the loaded intervention dataset."""

    settings: Settings
    codelists: CodeLists
    geography: Geography
    dataset: InterventionDataset


def load_context(settings: Settings) -> AtlasContext:
    """Load prepared artefacts and validate the configured dataset."""
    codelists = load_codelists(settings.codelists_dir)
    geography = load_geography(settings.prepared_dir)
    localities = Localities.from_prepared(settings.prepared_dir)
    dataset = load_dataset(
        settings.dataset_path, codelists, localities, stale_after_days=settings.stale_after_days
    )
    return AtlasContext(settings=settings, codelists=codelists, geography=geography, dataset=dataset)
