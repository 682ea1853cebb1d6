"""Shared fixtures: settings, code lists and a small locality registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.codelists import load_codelists
from dashboard.settings import Settings
from dashboard.validation import Localities

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env({})


@pytest.fixture(scope="session")
def codelists(settings):
    return load_codelists(settings.codelists_dir)


@pytest.fixture(scope="session")
def localities(settings) -> Localities:
    return Localities.from_prepared(settings.prepared_dir)


@pytest.fixture(scope="session")
def small_localities() -> Localities:
    """Three real LAD 2024 codes and one real retired code, independent of prepared data."""
    return Localities(
        names={"E06000009": "Blackpool", "E08000025": "Birmingham", "E06000063": "Cumberland"},
        recodes={"E07000026": ("E06000063", "E07000026 (Allerdale) is retired in 2023")},
    )
