"""``python -m dashboard export --batch``: many permalinks, one data load, one Chromium."""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import pytest

from dashboard.__main__ import main as cli
from dashboard.exports.batch import BatchError, Request, _free, read_batch
from dashboard.exports.files import export_file
from dashboard.exports.renderer import Renderer
from dashboard.views.parts import parts_of

LINK = "http://127.0.0.1:8050/locality/E06000009?domain=income"


def test_read_batch_takes_each_lines_options_over_the_defaults():
    text = f"# figures for the report\n\n{LINK}\n  {LINK} --figure quadrant --preset slide\n" \
           f"'{LINK}' --format csv -o 'blackpool data.csv' --credit 'Made by Mind'\n"
    requests = read_batch(text, Request(url="", preset="a4", credit="Made by us"))
    assert [(r.line, r.figure, r.preset, r.format, r.output, r.credit) for r in requests] == [
        (3, None, "a4", "png", None, "Made by us"), (4, "quadrant", "slide", "png", None, "Made by us"),
        (5, None, "a4", "csv", "blackpool data.csv", "Made by Mind")]
    assert {r.url for r in requests} == {LINK}


@pytest.mark.parametrize(("line", "message"), [
    (f"{LINK} --size big", "unknown option '--size'"), (f"{LINK} --figure", "--figure needs a value"),
    (f"{LINK} {LINK}", r"one permalink \(found 2\)"), (f"{LINK} 'unclosed", "No closing quotation"),
])
def test_read_batch_names_the_line_it_cannot_read(line, message):
    with pytest.raises(BatchError, match=message) as raised:
        read_batch(f"{LINK}\n{line}\n", Request(url=""))
    assert str(raised.value).startswith("Line 2:")


def test_the_same_file_name_twice_gets_a_number():
    used: set[Path] = set()
    names = [_free(Path("out/a.png"), used) for _ in range(3)]
    assert names == [Path("out/a.png"), Path("out/a-2.png"), Path("out/a-3.png")]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_batch_writes_every_file_equal_to_single_exports_and_reports_the_rest(
        tmp_path, atlas_context, capsys):
    batch = tmp_path / "links.txt"
    batch.write_text(f"{LINK}\n{LINK} --format csv\n{LINK} --figure nothing\n"
                     f"http://127.0.0.1:8050/gaps --preset slide\n{LINK}\n")
    assert cli(["export", "--batch", str(batch), "-o", str(tmp_path / "out")]) == 1  # one failed
    out, err = capsys.readouterr()
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["atlas-blackpool-map-social-2.png", "atlas-blackpool-map-social.png",
                     "atlas-blackpool-map.csv", "atlas-gaps-gaps-slide.png"]
    assert "line 3:" in err and "no figure 'nothing'" in err
    assert "4 of 5 exported to" in out and "Alt text:" in out
    assert png_size((tmp_path / "out" / "atlas-gaps-gaps-slide.png").read_bytes()) == (1920, 1080)
    single = tmp_path / "single.csv"
    assert cli(["export", LINK, "-o", str(single)]) == 0
    assert (tmp_path / "out" / "atlas-blackpool-map.csv").read_bytes() == single.read_bytes()


def test_batch_image_draws_what_the_page_exports(tmp_path, atlas_context):
    from dashboard.context import view_of_link

    (tmp_path / "links.txt").write_text(f"{LINK} --format svg -o map.svg\n")
    assert cli(["export", "--batch", str(tmp_path / "links.txt"), "-o", str(tmp_path)]) == 0
    state, _ = view_of_link(atlas_context, LINK)
    renderer = Renderer()
    try:
        page = export_file(atlas_context, renderer, state, parts_of(state)[0], "social", "svg",
                           LINK, dt.date.today()).content.decode()
    finally:
        renderer.close()
    batch = (tmp_path / "map.svg").read_text()
    # the same drawing (plotly gives each SVG its own clip-path ids, so bytes differ)
    assert batch.count("<path") == page.count("<path") > 90  # Blackpool's 94 LSOAs
    for text in ("Blackpool: Income, 2025", "ILLUSTRATIVE DATA", "locality/E06000009"):
        assert text in batch and text in page


def test_batch_credit_comes_from_its_line_or_the_command(tmp_path, atlas_context):
    (tmp_path / "links.txt").write_text(f"{LINK} --format svg -o own.svg --credit 'Made by Mind'\n"
                                        f"{LINK} --format svg -o default.svg\n")
    assert cli(["export", "--batch", str(tmp_path / "links.txt"), "-o", str(tmp_path),
                "--credit", "Made by the council"]) == 0
    own, default = (tmp_path / "own.svg").read_text(), (tmp_path / "default.svg").read_text()
    assert "Made by Mind" in own and "Made by the council" not in own
    assert "Made by the council" in default


def test_batch_or_link_not_both_and_not_neither(tmp_path, capsys):
    assert cli(["export"]) == 2
    assert cli(["export", LINK, "--batch", str(tmp_path / "x.txt")]) == 2
    assert cli(["export", "--batch", str(tmp_path / "missing.txt")]) == 2
    assert "Cannot read the batch" in capsys.readouterr().err
