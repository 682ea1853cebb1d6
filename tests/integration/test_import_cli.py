"""Importing directories end to end: an HSDS API read page by page from a local server, and the CLI.

The local server serves the Open Referral UK validator's larger fixture (V3.0-UK-Test: 128
services) as 12 pages of ``/services`` and each ``/services/{id}``. That fixture gives all 128
the same id (it tests validators), so the server gives each its own before serving it.
"""

import copy
import json
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.coding.pipeline import hsds_schemas
from dashboard.ingest.directories.hsds_api import read_hsds_api
from dashboard.ingest.directories.records import DirectoryError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "hsds"
PER_PAGE = 11


def fixture_services() -> list[dict]:
    items = json.loads((FIXTURES / "V3.0-UK-Test" / "service_list.json").read_text())["contents"]
    full = json.loads((FIXTURES / "V3.0-UK-Test" / "service_full.json").read_text())
    services = []
    for position, item in enumerate(items):
        service = copy.deepcopy(full)
        service.update(item)
        service["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"test-service-{position}"))
        service["name"] = f"{item.get('name', 'Service')} {position + 1}"
        services.append(service)
    return services


class Feed:
    """What the local server answers: the pages, the details, and the faults a test asks for."""

    def __init__(self) -> None:
        self.services = fixture_services()
        self.version = "HSDS-UK-3.0"
        self.failing_page: int | None = None
        self.malformed_page: int | None = None
        self.missing_detail: str | None = None

    def answer(self, path: str, query: dict) -> tuple[int, bytes]:
        if path in ("", "/"):
            return 200, json.dumps({"version": self.version}).encode()
        if path == "/services":
            page = int(query.get("page", ["1"])[0])
            if page == self.failing_page:
                return 500, b"oops"
            if page == self.malformed_page:
                return 200, b'{"contents": [}'
            pages = -(-len(self.services) // PER_PAGE)
            items = [{k: v for k, v in s.items() if k in ("id", "name", "status", "description")}
                     for s in self.services[(page - 1) * PER_PAGE:page * PER_PAGE]]
            return 200, json.dumps({"total_items": len(self.services), "total_pages": pages,
                                    "page_number": page, "size": len(items), "first_page": page == 1,
                                    "last_page": page == pages, "empty": False, "contents": items}).encode()
        if path.startswith("/services/"):
            wanted = path.rsplit("/", 1)[1]
            found = [s for s in self.services if s["id"] == wanted and wanted != self.missing_detail]
            return (200, json.dumps(found[0]).encode()) if found else (404, b"{}")
        return 404, b"{}"


@pytest.fixture
def feed():
    state = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            parts = urlsplit(self.path)
            status, body = state.answer(parts.path.removeprefix("/api").rstrip("/") or "/",
                                        parse_qs(parts.query))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def schemas(settings):
    return hsds_schemas(settings)


def test_api_is_read_page_by_page_with_each_services_details(feed, schemas):
    read = read_hsds_api(feed.url, schemas)
    assert len(read.records) == 128 and read.rejected == ()
    assert any("Read 12 page(s)" in w and "128 services listed" in w for w in read.warnings)
    assert read.records.iloc[0]["provider"] == "Example Organization Inc."  # from /services/{id}
    assert read.records.iloc[127]["source_record"] == "page 12, item 7"


def test_an_http_error_on_page_7_of_12_stops_the_import_and_names_the_page(feed, schemas):
    feed.failing_page = 7
    with pytest.raises(DirectoryError) as raised:
        read_hsds_api(feed.url, schemas)
    message = str(raised.value)
    assert message.startswith("Page 7 of 12 (") and "page=7" in message
    assert "could not be read: HTTP 500" in message
    assert message.endswith("Nothing was imported (pages 1 to 6 had been read).")


def test_malformed_json_on_a_page_names_the_page(feed, schemas):
    feed.malformed_page = 3
    with pytest.raises(DirectoryError, match=r"^Page 3 of 12 \(.*\) is not valid JSON \(Expecting value at "
                                             r"line 1, column 15\)\. Nothing was imported\.$"):
        read_hsds_api(feed.url, schemas)


def test_a_feed_of_another_hsds_version_is_refused(feed, schemas):
    feed.version = "2.0"
    with pytest.raises(DirectoryError, match="declares version '2.0'; this reader reads HSDS 3.0"):
        read_hsds_api(feed.url, schemas)


def test_a_service_whose_details_fail_is_imported_from_the_list_and_named(feed, schemas):
    feed.missing_detail = feed.services[4]["id"]
    read = read_hsds_api(feed.url, schemas)
    assert len(read.records) == 128
    assert any("could not be read, so they were imported from the list alone: page 1, item 5" in w
               for w in read.warnings)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, check=False)


def test_cli_imports_an_api_and_exits_0_or_2(feed, tmp_path):
    out, report = tmp_path / "coded.csv", tmp_path / "report.json"
    done = run_cli("import", feed.url, "--from", "hsds", "-o", str(out), "--report", str(report))
    assert done.returncode == 0, done.stderr
    assert "128 records read: 128 imported, 0 rejected." in done.stdout
    body = json.loads(report.read_text())
    assert body["counts"]["read"] == 128 and len(body["records"]) == 128
    assert out.read_text().splitlines()[0].startswith("intervention_id,name,provider,locality_code")
    feed.failing_page = 7
    failed = run_cli("import", feed.url, "--from", "hsds", "-o", str(tmp_path / "x.csv"))
    assert failed.returncode == 2 and "Page 7 of 12" in failed.stderr
    assert not (tmp_path / "x.csv").exists()


def test_cli_exit_codes_for_a_spreadsheet_and_a_feed_with_rejected_services(tmp_path):
    food = ROOT / "data" / "directories" / "real" / "gm_food_banks_pantries_2018.csv"
    done = run_cli("import", str(food), "--from", "csv", "--map", "text=Referral method",
                   "-o", str(tmp_path / "food.csv"))
    assert done.returncode == 0, done.stderr
    assert "Placed: 171 on an LSOA" in done.stdout
    rejected = run_cli("import", str(FIXTURES / "V3.0-UK-Fail"), "--from", "hsds",
                       "-o", str(tmp_path / "fail.csv"), "--report", str(tmp_path / "fail.json"))
    assert rejected.returncode == 1
    assert "Rejected service_list.json, item 2: Not a usable HSDS 3.0 service" in rejected.stdout
    fates = json.loads((tmp_path / "fail.json").read_text())["records"]
    assert any(r["fate"] == "rejected" and "'name' is a required property" in r["reason"] for r in fates)
    unreadable = run_cli("import", str(tmp_path / "missing.csv"), "--from", "csv")
    assert unreadable.returncode == 2 and "Cannot import" in unreadable.stderr
