"""Screenshots for docs/workshop.md: a facilitator's screen, a participant's phone and a slide.

Runs the atlas on its bundled data with a throwaway instance folder (a SQLite store, an editor
secret), saves a workshop copy, sends two entries as a participant would, signs in as the
facilitator, and photographs each screen in headless Debian Chromium::

    .venv/bin/python scripts/workshop_screenshots.py [--out docs/img]

Nothing is fetched: the server and the browser run on this machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "a workshop secret"  # noqa: S105 - a throwaway instance made for the screenshots
DATASET = "Workshop demo"


def serve(settings) -> tuple[str, object]:
    """The atlas on a free local port, in a thread; its address and server."""
    from werkzeug.serving import make_server

    from app import create_app

    server = make_server("127.0.0.1", 0, create_app(settings).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def prepare(settings) -> None:
    """A saved workshop dataset with two entries waiting, as participants would leave them."""
    from dashboard.context import load_context
    from dashboard.store.records import SubmissionForm

    atlas = load_context(settings, with_store=True)
    store = atlas.library.store
    store.save_version(DATASET, atlas.dataset.interventions, actor="Fay", illustrative=True,
                       notice=atlas.dataset.meta.notice)
    for name, by, place, types, determinants, populations in (
        ("Tuesday men's shed", "Sam", "E06000009", "peer_support", "social_isolation", "men"),
        ("Hastings food pantry", "Priya", "E07000062", "food_security", "food_insecurity",
         "parents"),
    ):
        store.submit(DATASET, SubmissionForm.of(
            name=name, provider="Community trust", locality=place, types=types,
            determinants=determinants, populations=populations), client_id=str(uuid.uuid4()),
            actor=by)


def wait_for(driver, css: str, timeout: float = 60) -> None:
    from selenium.webdriver.common.by import By

    deadline = time.time() + timeout
    while time.time() < deadline:
        if driver.find_elements(By.CSS_SELECTOR, css):
            return
        time.sleep(0.3)
    raise TimeoutError(css)


def shoot(base: str, out: Path) -> list[Path]:
    """Each screen of a workshop, as a PNG in ``out``."""
    from selenium.webdriver.common.by import By

    from dashboard.views.playlist import Slide, playlist_href
    from layouts.ids import Id, JoinId
    from tests.e2e.helpers import browser

    shots = []
    phone = browser(390, 844, mobile=True)
    try:
        phone.get(f"{base}/join?dataset={DATASET.replace(' ', '+')}")
        wait_for(phone, f"#{JoinId.NAME}")
        time.sleep(1)
        shots.append(out / "workshop-phone-form.png")
        phone.save_screenshot(str(shots[-1]))
    finally:
        phone.quit()
    desk = browser(1440, 900)
    try:
        desk.get(f"{base}/workshop?dataset={DATASET.replace(' ', '+')}")
        wait_for(desk, f"#{Id.EDITOR_NAME}")
        desk.find_element(By.ID, Id.EDITOR_NAME).send_keys("Fay")
        desk.find_element(By.ID, Id.EDITOR_SECRET).send_keys(SECRET)
        desk.find_element(By.ID, Id.EDITOR_LOGIN).click()
        wait_for(desk, f"#{Id.WORKSHOP_QUEUE} .ag-row")
        time.sleep(1)
        queue = desk.find_element(By.ID, Id.WORKSHOP_QUEUE)
        desk.execute_script("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -90);",
                            queue)
        time.sleep(0.5)
        shots.append(out / "workshop-queue.png")
        desk.save_screenshot(str(shots[-1]))
        card = desk.find_element(By.ID, Id.WORKSHOP_JOIN)
        desk.execute_script("arguments[0].scrollIntoView({block: 'start'});", card)
        time.sleep(0.5)
        shots.append(out / "workshop-join-card.png")
        desk.save_screenshot(str(shots[-1]))
        slides = (Slide(f"/workshop?dataset={DATASET.replace(' ', '+')}", "join"),
                  Slide(f"/?dataset={DATASET.replace(' ', '+')}", "locality_determinant"))
        desk.set_window_size(1920, 1080)
        desk.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
        for step, drawn, name in ((1, f"#{Id.PRESENT_JOIN_QR}", "workshop-slide-join.png"),
                                  (2, f"#{Id.PRESENT_GRAPH} .infolayer .gtitle",
                                   "workshop-slide-grid.png")):
            desk.get(base + playlist_href(slides).split("#")[0] + f"#{step}")
            wait_for(desk, drawn)
            time.sleep(2)  # let the figure settle
            shots.append(out / name)
            desk.save_screenshot(str(shots[-1]))
    finally:
        desk.quit()
    return shots


def main(argv: list[str] | None = None) -> int:
    from dashboard.core.settings import Settings, sqlite_url
    from dashboard.security.secrets import hash_secret

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        settings = replace(Settings.from_env({}), instance_dir=instance,
                           database_url=sqlite_url(instance / "atlas.sqlite3"),
                           editor_secret_hash=hash_secret(SECRET), live_poll_seconds=2.0)
        prepare(settings)
        base, server = serve(settings)
        try:
            for shot in shoot(base, args.out):
                print(shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot)
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
