"""Exports rendered by the real engine (kaleido driving Debian Chromium) and read back."""

import csv
import datetime as dt
import io
import re
import struct
from dataclasses import replace

import numpy as np
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboard.__main__ import main as cli
from dashboard.context import view_of_link
from dashboard.core.iod import BOUNDARY_SOURCE, IOD_SOURCE
from dashboard.core.view_state import DEFAULT
from dashboard.exports.files import ExportError, export_file
from dashboard.exports.images import export_figure, with_png_dpi
from dashboard.exports.renderer import Renderer
from dashboard.exports.stamp import Stamp
from dashboard.exports.tables import neutralise, table_bytes
from dashboard.figures.caption import ILLUSTRATIVE_LINE
from dashboard.figures.frames import PRESETS
from dashboard.figures.maps import spherical_winding
from dashboard.views.parts import build_part

DAY = dt.date(2026, 11, 23)
LINK = "http://127.0.0.1:8050/locality/E06000009?domain=income"
BLACKPOOL = replace(DEFAULT, locality="E06000009", domain="income")


@pytest.fixture(scope="module")
def renderer():
    engine = Renderer()
    yield engine
    engine.close()


def exported(*args) -> tuple[bytes, str]:
    export = export_file(*args)
    return export.content, export.name


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_export_png_has_the_preset_pixel_size(atlas_context, renderer, preset):
    data, name = exported(atlas_context, renderer, BLACKPOOL, "determinant_type", preset,
                             "png", LINK, DAY)
    assert png_size(data) == PRESETS[preset].pixels
    assert name == f"atlas-blackpool-determinant-type-{preset}.png"
    assert PRESETS["a4"].pixels == (2480, 3508)          # A4 at 300 dpi


def test_export_a4_png_says_300_dpi(atlas_context, renderer):
    data, _ = exported(atlas_context, renderer, BLACKPOOL, "quadrant", "a4", "png", LINK, DAY)
    chunk = data.index(b"pHYs")
    x, y, unit = struct.unpack(">IIB", data[chunk + 4:chunk + 13])
    assert unit == 1 and round(x * 0.0254) == round(y * 0.0254) == 300


def test_export_svg_carries_caption_sources_dataset_date_and_link(atlas_context, renderer):
    data, _ = exported(atlas_context, renderer, BLACKPOOL, "map", "slide", "svg", LINK, DAY)
    svg = data.decode("utf-8")
    for text in ("ILLUSTRATIVE DATA", "Blackpool: Income, 2025", "English Indices of Deprivation 2025",
                 "Office for National Statistics", "Open Government Licence",
                 "Illustrative community mental-health provision (synthetic), version 1.0.0",
                 "Exported 23 November 2026", "/locality/E06000009?domain=income"):
        assert text.replace("&", "&amp;") in svg, text


def test_export_pdf_carries_caption_sources_and_illustrative_line(atlas_context, renderer):
    gaps = replace(DEFAULT, page="gaps")
    data, name = exported(atlas_context, renderer, gaps, "gaps", "a4", "pdf",
                             "http://x/gaps", DAY)
    text = " ".join(pdf_text(data).split())
    assert name == "atlas-gaps-gaps-a4.pdf"
    for expected in ("ILLUSTRATIVE DATA", "Need against provision", "Census 2021",
                     "English Indices of Deprivation 2025", "Exported 23 November 2026"):
        assert expected in text, expected


def test_locality_profile_is_one_page_with_every_section(atlas_context, renderer):
    data, name = exported(atlas_context, renderer, BLACKPOOL, None, "a4", "profile", LINK, DAY)
    reader = PdfReader(io.BytesIO(data))
    info = reader.metadata
    assert info.title == "Blackpool: community mental-health provision profile"
    assert info.author == "Community mental-health provision atlas"
    assert "Illustrative" in info.subject and info.creation_date is not None
    assert name == "atlas-blackpool-profile.pdf" and len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)    # A4 in points
    text = " ".join(pdf_text(data).split())
    for expected in ("ILLUSTRATIVE DATA", "Blackpool (E06000009)", "Rank of average IMD score",
                     "Interventions per 10,000 adults", "Determinants targeted",
                     "Priority gaps", "Evaluation gap", "Outcomes measured",
                     "English Indices of Deprivation 2025", "Census 2021",
                     "Exported 23 November 2026"):
        assert expected in text, expected
    assert len(reader.pages[0].images) >= 3                     # map, heatmap, QR code


def test_profile_text_is_8_pt_or_more_and_never_cut(atlas_context, renderer):
    for state in (BLACKPOOL, replace(DEFAULT, locality="E07000240")):
        export = export_file(atlas_context, renderer, state, None, "a4", "profile", LINK, DAY,
                             credit="Made by Blackpool Mind")
        page = PdfReader(io.BytesIO(export.content)).pages[0]
        content = page.get_contents().get_data().decode("latin-1")
        sizes = [float(size) for size in re.findall(r"/F\d+ ([\d.]+) Tf", content)]
        assert sizes and min(sizes) >= 8, sorted(set(sizes))
        text = " ".join(page.extract_text().split())
        assert "..." not in text and "Made by Blackpool Mind" in text
    assert "No interventions for St Albans (E07000240)" in text and "need by determinant" in text


def test_export_pdf_metadata_names_the_figure_not_the_engine(atlas_context, renderer):
    data, _ = exported(atlas_context, renderer, BLACKPOOL, "map", "a4", "pdf", LINK, DAY)
    info = PdfReader(io.BytesIO(data)).metadata
    assert info.title == "Blackpool: Income, 2025, by neighbourhood (LSOA 2021)"
    assert info.author == "Community mental-health provision atlas"
    assert info.subject.startswith("ILLUSTRATIVE DATA") and "version 1.0.0" in info.subject
    assert info.creation_date is not None and "Kaleido" not in str(dict(info))


def test_export_png_carries_the_credit_line(atlas_context, renderer):
    export = export_file(atlas_context, renderer, BLACKPOOL, "map", "social", "svg", LINK, DAY,
                         credit="Made by Blackpool Mind")
    assert "Made by Blackpool Mind" in export.content.decode()


def test_export_csv_is_the_figure_numbers_with_the_caption(atlas_context, renderer):
    data, name = exported(atlas_context, renderer, BLACKPOOL, "determinant_type", "social",
                             "csv", LINK, DAY)
    lines = data.decode("utf-8-sig").splitlines()
    caption = [line for line in lines if line.startswith("#")]  # never quoted
    assert ILLUSTRATIVE_LINE in caption[0]
    assert any("Exported 23 November 2026 from " + LINK in line for line in caption)
    rows = list(csv.DictReader(lines[len(caption):]))
    rows_in_blackpool = atlas_context.dataset.interventions.query("locality_code == 'E06000009'")
    social = sum(int(r["interventions"]) for r in rows if r["determinant"].startswith("Social iso"))
    expected = sum("social_isolation" in d for d in rows_in_blackpool["determinants"]) and social
    assert social == expected and len(rows) == 23 * 16         # every cell, zeros included


def test_export_xlsx_has_data_and_about_sheets(atlas_context, renderer):
    data, _ = exported(atlas_context, renderer, replace(DEFAULT, page="gaps"), "parity",
                          "social", "xlsx", "http://x/gaps", DAY)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Data", "About"]
    header = [c.value for c in book["Data"][1]]
    assert header == ["locality", "LAD24CD", "population_group", "census_share_percent",
                      "provision_share_percent"]
    about = [r[0].value for r in book["About"].iter_rows()]
    assert about[0] == ILLUSTRATIVE_LINE and any("Census 2021" in line for line in about)


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1"])
def test_export_neutralises_formula_like_text(text):
    assert neutralise(text) == "'" + text
    import pandas as pd

    table = pd.DataFrame({"name": [text], "count": [-3]})
    for fmt in ("csv", "xlsx"):
        data = table_bytes(table, ["Title"], fmt)
        if fmt == "csv":
            cells = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
            assert cells[2] == ["'" + text, "-3"]
            row = data.decode("utf-8-sig").splitlines()[2]
            assert row == '"' + "'" + text.replace('"', '""') + '",-3'  # text quoted, numbers not
        else:
            sheet = load_workbook(io.BytesIO(data))["Data"]
            assert sheet["A2"].value == "'" + text and sheet["A2"].data_type == "s"
            assert sheet["B2"].value == -3                      # numbers stay numbers


def test_export_refuses_unknown_figure_format_preset_and_pages_without_figures(atlas_context,
                                                                                renderer):
    with pytest.raises(ExportError, match="no figure 'quadrant'"):
        export_file(atlas_context, renderer, DEFAULT, "quadrant", "social", "png", "/", DAY)
    with pytest.raises(ExportError, match="Unknown size"):
        export_file(atlas_context, renderer, DEFAULT, "map", "poster", "png", "/", DAY)
    with pytest.raises(ExportError, match="Unknown format"):
        export_file(atlas_context, renderer, DEFAULT, "map", "social", "gif", "/", DAY)
    with pytest.raises(ExportError, match="no figures"):
        export_file(atlas_context, renderer, replace(DEFAULT, page="methods"), None, "social",
                    "png", "/", DAY)
    with pytest.raises(ExportError, match="needs a locality"):
        export_file(atlas_context, renderer, DEFAULT, None, "a4", "profile", "/", DAY)


def test_png_dpi_chunk_replaces_an_existing_one():
    png = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(13) + bytes(4)
           + struct.pack(">I", 0) + b"IEND" + bytes(4))
    once = with_png_dpi(png, 300)
    assert with_png_dpi(once, 300) == once and once.count(b"pHYs") == 1


def test_cli_export_of_a_permalink_equals_the_ui_export(atlas_context, renderer, tmp_path,
                                                        monkeypatch):
    state, notes = view_of_link(atlas_context, LINK)
    assert state == BLACKPOOL and notes == []
    ui, _ = exported(atlas_context, renderer, state, "map", "slide", "csv", LINK,
                        dt.date.today())
    out = tmp_path / "map.csv"
    assert cli(["export", LINK, "--preset", "slide", "-o", str(out)]) == 0
    assert out.read_bytes() == ui
    png = tmp_path / "map.png"
    assert cli(["export", LINK, "--preset", "slide", "-o", str(png)]) == 0
    assert png_size(png.read_bytes()) == (1920, 1080)
    svg = tmp_path / "map.svg"
    assert cli(["export", LINK, "--credit", "Made by Blackpool Mind", "-o", str(svg)]) == 0
    assert "Made by Blackpool Mind" in svg.read_text()


def test_cli_export_explains_a_view_without_figures(capsys):
    assert cli(["export", "http://127.0.0.1:8050/methods"]) == 1
    assert "no figures to export" in capsys.readouterr().err


def test_export_keeps_the_sources_of_every_dataset_in_the_figure(atlas_context, renderer):
    data, _ = exported(atlas_context, renderer, DEFAULT, "map", "social", "svg", "/", DAY)
    svg = data.decode("utf-8")
    assert IOD_SOURCE.split(",")[0] in svg and BOUNDARY_SOURCE.split(" licensed")[0] in svg


def test_map_exports_are_vector_drawings_of_the_same_areas(atlas_context, renderer):
    on_screen = build_part(atlas_context, BLACKPOOL, "map").figure
    drawn = export_figure(build_part(atlas_context, BLACKPOOL, "map"), PRESETS["slide"],
                          Stamp(LINK, DAY))
    assert [t.type for t in on_screen.data] == ["choroplethmap", "scattermap", "scattermap"]
    assert [t.type for t in drawn.data] == ["choropleth", "scattergeo", "scattergeo"]
    assert "map" not in drawn.layout.to_plotly_json() and drawn.layout.geo.fitbounds
    areas, shown = drawn.data[0], on_screen.data[0]
    assert list(areas.locations) == list(shown.locations) and list(areas.z) == list(shown.z)
    assert list(drawn.data[2].lat) == list(on_screen.data[2].lat)
    svg, _ = exported(atlas_context, renderer, BLACKPOOL, "map", "slide", "svg", LINK, DAY)
    text = svg.decode()
    # one filled path per LSOA, drawn as vectors (a WebGL map would be an embedded raster)
    assert text.count('class="choroplethlocation"') == len(shown.locations) > 50
    assert "<image" not in text.split("Source:")[0]


def test_vector_map_winds_outer_rings_clockwise_for_d3():
    square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # counter-clockwise, as GeoJSON writes it
    hole = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]  # clockwise
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "A", "geometry": {"type": "Polygon",
                                                    "coordinates": [square, hole]}},
        {"type": "Feature", "id": "B", "geometry": {"type": "MultiPolygon",
                                                    "coordinates": [[square[::-1]]]}}]}
    wound = spherical_winding(geojson)

    def clockwise(ring):
        xy = np.asarray(ring)
        return np.sum(xy[:-1, 0] * xy[1:, 1] - xy[1:, 0] * xy[:-1, 1]) < 0

    outer, inner = wound["features"][0]["geometry"]["coordinates"]
    assert clockwise(outer) and not clockwise(inner)
    assert clockwise(wound["features"][1]["geometry"]["coordinates"][0][0])
    assert geojson["features"][0]["geometry"]["coordinates"][0] == square  # input untouched
