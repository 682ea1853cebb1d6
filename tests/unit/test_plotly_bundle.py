"""The atlas's partial plotly.js bundle (assets/vendor, built by ``make plotly-bundle``)."""

import re

import brotli
import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.core.view_state import DEFAULT, ViewState
from dashboard.views.atlas import national_chart
from dashboard.views.common import filtered
from dashboard.views.gaps import gaps_page
from dashboard.views.locality import locality_map, locality_page
from dashboard.views.provision import national_provision
from server.static_files import PLOTLY_BUNDLE

CORE = {"scatter"}  # plotly.js's core holds scatter


@pytest.fixture(scope="module")
def banner() -> str:
    return PLOTLY_BUNDLE.read_bytes()[:400].decode()


def bundled_traces(banner: str) -> set[str]:
    found = re.search(r"partial bundle of the atlas: ([a-z, ]+)\.", banner)
    return CORE | set(found.group(1).split(", ")) - {"core"}


def test_the_bundle_is_built_from_the_plotly_js_that_plotly_py_expects(banner):
    assert f"plotly.js {get_plotlyjs_version()} (MIT)" in banner


def test_the_brotli_copy_is_the_bundle(banner):
    packed = PLOTLY_BUNDLE.with_name(PLOTLY_BUNDLE.name + ".br").read_bytes()
    assert brotli.decompress(packed) == PLOTLY_BUNDLE.read_bytes()


def test_every_package_in_the_bundle_has_its_licence_beside_it():
    licences = PLOTLY_BUNDLE.with_name("plotly-atlas.LICENSES.txt").read_text(encoding="utf-8")
    assert "plotly.js 4" in licences and "maplibre-gl" in licences
    assert "Redistribution and use in source and binary forms" in licences  # BSD texts kept


def test_the_bundle_draws_every_trace_type_the_pages_draw(atlas_context, banner):
    blackpool = ViewState(locality="E06000009")
    figures = [national_chart(atlas_context, DEFAULT).figure,
               *(chart.figure for chart in national_provision(atlas_context, DEFAULT).values()),
               locality_map(atlas_context, "E06000009", blackpool,
                            filtered(atlas_context, blackpool, "E06000009")).figure,
               *(chart.figure for chart in locality_page(atlas_context, blackpool).heatmaps),
               locality_page(atlas_context, blackpool).need.figure]
    gaps = gaps_page(atlas_context, DEFAULT)
    figures += [gaps.classes.figure, gaps.parity.figure]
    drawn = {trace.type for figure in figures for trace in figure.data}
    assert drawn <= bundled_traces(banner), drawn - bundled_traces(banner)
