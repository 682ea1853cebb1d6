"""Shared fixtures: settings, code lists and a small locality registry.

No test touches the repository's own ``instance/`` folder (where a deployed checkout keeps its
database and secret key): the whole run, its subprocesses included, gets a temporary instance
folder through ``ATLAS_INSTANCE_DIR``, and the run fails if ``./instance`` changes.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from dashboard.core.codelists import load_codelists
from dashboard.core.settings import Settings
from dashboard.ingest.validation import Localities

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 22)
REPOSITORY_INSTANCE = Path(__file__).resolve().parents[1] / "instance"
# Set at import, before any test or subprocess reads the environment.
TEST_INSTANCE = Path(tempfile.mkdtemp(prefix="atlas-test-instance-"))
os.environ["ATLAS_INSTANCE_DIR"] = str(TEST_INSTANCE)
os.environ.pop("DATABASE_URL", None)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.exists():
        return {}
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture(scope="session", autouse=True)
def repository_instance_untouched():
    """Fail the run if any test created or changed ``./instance``."""
    before = _snapshot(REPOSITORY_INSTANCE)
    yield
    after = _snapshot(REPOSITORY_INSTANCE)
    assert after == before, f"a test touched {REPOSITORY_INSTANCE}: {before} -> {after}"


@pytest.fixture(scope="session")
def settings() -> Settings:
    settings = Settings.from_env({"ATLAS_INSTANCE_DIR": str(TEST_INSTANCE)})
    assert settings.instance_dir == TEST_INSTANCE and str(TEST_INSTANCE) in settings.database_url
    return settings


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


def pytest_setup_options():
    """Headless Debian Chromium for dash[testing]; nothing is downloaded."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = os.environ.get("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1400,1000",
    ):
        options.add_argument(argument)
    return options


@pytest.fixture(scope="session")
def atlas_context(settings):
    from dashboard.context import load_context

    return load_context(settings)
