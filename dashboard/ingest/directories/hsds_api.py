"""An HSDS 3.0 / Open Referral UK API read page by page: ``/``, ``/services?page=N``, ``/services/{id}``.

Every page must be read: an HTTP error or malformed JSON on any page stops the import with a
message naming the page (``page 7 of 12``) and nothing is imported. A service whose details
(``/services/{id}``) cannot be read is imported from its list entry, and the report says so.
Only ``http`` and ``https`` addresses are read; nothing else is fetched.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from dashboard.ingest.directories.hsds import check_version, services_to_result
from dashboard.ingest.directories.hsds_schema import HsdsSchemas
from dashboard.ingest.directories.records import DirectoryError, ReadResult, text

MAX_PAGES = 10_000
TIMEOUT_SECONDS = 30
DETAIL_WORKERS = 4
Fetch = Callable[[str], bytes]


class FetchError(Exception):
    """One address could not be read; the message says why (HTTP status, refused, timeout)."""


def fetch_url(url: str) -> bytes:
    """GET one address and return its body (JSON expected).

    Raises:
        FetchError: on an HTTP error status, a refused connection or a timeout.
    """
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "mh-provision-atlas import"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise FetchError(f"HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"no answer ({reason})") from None


def _decode(body: bytes, what: str) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        detail = f"{error.msg} at line {error.lineno}, column {error.colno}" \
            if isinstance(error, json.JSONDecodeError) else "not UTF-8 text"
        raise DirectoryError(f"{what} is not valid JSON ({detail}). Nothing was imported.") from None


def _page_url(base: str, page: int, per_page: int | None) -> str:
    query = {"page": page, **({"per_page": per_page} if per_page else {})}
    return f"{base}/services?{urllib.parse.urlencode(query)}"


def read_hsds_api(base_url: str, schemas: HsdsSchemas, *, fetch: Fetch = fetch_url,
                  per_page: int | None = None) -> ReadResult:
    """Records of every service an HSDS 3.0 API lists, with each service's full details.

    Raises:
        DirectoryError: when the address is not http(s), the API declares another HSDS
            version, or any page of the list cannot be read (naming the page).
    """
    base = base_url.rstrip("/")
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        raise DirectoryError(f"{base_url} is not an http(s) address of an HSDS API.")
    warnings = [_details_note(base, fetch)]
    items, total = _list_pages(base, fetch, per_page)
    warnings.append(f"Read {total} page(s) of {base}/services: {len(items)} services listed.")
    services, detail_notes = _with_details(base, items, fetch)
    warnings += detail_notes
    return services_to_result(services, schemas, {"kind": "hsds", "url": base, "pages": total},
                              [w for w in warnings if w])


def _details_note(base: str, fetch: Fetch) -> str:
    try:
        details = _decode(fetch(base + "/"), f"The API description at {base}/")
    except FetchError as error:
        return f"No API description at {base}/ ({error}); the HSDS version was not checked."
    if isinstance(details, dict):
        version = check_version(details, f"The API at {base}/")
        return f"The API declares HSDS version {version or 'not given'}."
    return ""


def _list_pages(base: str, fetch: Fetch, per_page: int | None) -> tuple[list[tuple[dict, str]], int]:
    """Every item of every page of ``/services``; the number of pages read."""
    items: list[tuple[dict, str]] = []
    page, total = 1, None
    while page <= MAX_PAGES:
        url = _page_url(base, page, per_page)
        where = f"Page {page}" + (f" of {total}" if total else "") + f" ({url})"
        try:
            body = fetch(url)
        except FetchError as error:
            read = f" (pages 1 to {page - 1} had been read)" if page > 1 else ""
            raise DirectoryError(f"{where} could not be read: {error}. Nothing was imported{read}.") \
                from None
        document = _decode(body, where)
        if not isinstance(document, dict) or not isinstance(document.get("contents"), list):
            raise DirectoryError(f"{where} is not an HSDS page (no 'contents' list). "
                                 "Nothing was imported.")
        total = total or _int(document.get("total_pages"))
        contents = document["contents"]
        items += [(item, f"page {page}, item {i}") for i, item in enumerate(contents, start=1)
                  if isinstance(item, dict)]
        if not contents or document.get("last_page") is True or (total and page >= total):
            return items, page
        page += 1
    raise DirectoryError(f"{base}/services has more than {MAX_PAGES} pages; stopped. "
                         "Nothing was imported.")


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _with_details(base: str, items: list[tuple[dict, str]],
                  fetch: Fetch) -> tuple[list[tuple[dict, str]], list[str]]:
    """Each listed service replaced by its ``/services/{id}`` document when that can be read."""
    ids = list(dict.fromkeys(text(item.get("id")) for item, _ in items if text(item.get("id"))))

    def detail(service_id: str) -> tuple[str, Any]:
        url = f"{base}/services/{urllib.parse.quote(service_id, safe='')}"
        try:
            return service_id, _decode(fetch(url), url)
        except (FetchError, DirectoryError) as error:
            return service_id, f"{url}: {error}"

    with ThreadPoolExecutor(max_workers=DETAIL_WORKERS) as pool:
        details: Mapping[str, Any] = dict(pool.map(detail, ids))
    services, failed = [], []
    for item, where in items:
        found = details.get(text(item.get("id")))
        if isinstance(found, dict) and text(found.get("id")) == text(item.get("id")):
            services.append((found, where))
        else:
            services.append((item, where))
            failed.append(f"{where}: {found}" if isinstance(found, str) else where)
    notes = [f"The details of {len(failed)} service(s) could not be read, so they were imported "
             f"from the list alone: {'; '.join(failed[:5])}" + (" ..." if len(failed) > 5 else "")
             ] if failed else []
    return services, notes
