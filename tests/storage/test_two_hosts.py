"""Two app hosts on one PostgreSQL, as behind a load balancer (issue 14, "Beyond one machine").

Two gunicorn processes run the real atlas (``app:server``), each with its own instance folder,
both on one PostgreSQL database and one ``ATLAS_SECRET_KEY``. Every request names the same site
(``Host``/``Origin``), as a load balancer passes them, and the test alternates between hosts:
an editor signs in on one and works on the other; a participant's entry sent to one appears in
the queue and, once approved, in the views the other serves; signing out on one ends the session
on both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from dashboard.security.secrets import hash_secret
from layouts.ids import Id, JoinId
from tests.storage.conftest import _new_postgres_database, free_port

ROOT = Path(__file__).resolve().parents[2]
SITE = "atlas.example"
SECRET = "two hosts, one database"
SECRET_HASH = hash_secret(SECRET)  # one hash for every host: it must match, like the key
START_SECONDS = 300  # two cold starts on a shared two-core machine


@pytest.fixture(scope="module")
def database(postgres_admin_url):
    admin, name, url = _new_postgres_database(postgres_admin_url)
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _start(database: str, instance: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database, "ATLAS_INSTANCE_DIR": str(instance),
           "ATLAS_SECRET_KEY": "one key for every host", "ATLAS_LIVE_POLL_SECONDS": "1",
           "ATLAS_EDITOR_SECRET_HASH": SECRET_HASH, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "--timeout", "300",
         "app:server"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return f"http://127.0.0.1:{port}", process


@pytest.fixture(scope="module")
def hosts(database, tmp_path_factory):
    started = [_start(database, tmp_path_factory.mktemp(f"host{n}")) for n in (1, 2)]
    deadline = time.monotonic() + START_SECONDS
    for base, process in started:  # the first request builds the app in each worker
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                if requests.get(base + "/api/v1/codelists", timeout=60).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "a host did not start"
            time.sleep(0.5)
    yield [base for base, _ in started]
    for _, process in started:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


class Browser:
    """One browser's cookies, sent to whichever host the load balancer picks."""

    def __init__(self, hosts: list[str], prefix: str = "/") -> None:
        self.hosts = hosts
        self.prefix = prefix  # the Dash app: the atlas ("/") or the participant page ("/join/")
        self.http = requests.Session()
        self.http.headers.update({"Host": SITE, "Origin": f"http://{SITE}"})
        dependencies = requests.get(hosts[0] + prefix + "_dash-dependencies",
                                    headers={"Host": SITE}).json()
        self.callbacks = [d for d in dependencies if not d.get("clientside_function")]

    def call(self, host: int, trigger: str, values: dict, output: str | None = None) -> dict:
        """Run the server callback ``trigger`` fires on host ``host``; its outputs by id.prop."""
        spec = next(d for d in self.callbacks
                    if trigger in [f"{i['id']}.{i['property']}" for i in d["inputs"]]
                    and (output is None or output in d["output"]))
        key = spec["output"]
        parts = [p.rsplit(".", 1) for p in key.strip(".").split("...")]
        outputs = [{"id": i, "property": p} for i, p in parts]

        def items(kind):
            return [{"id": d["id"], "property": d["property"],
                     "value": values.get(f"{d['id']}.{d['property']}")} for d in spec[kind]]

        body = {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
                "inputs": items("inputs"), "state": items("state"), "changedPropIds": [trigger]}
        answer = self.http.post(self.hosts[host] + self.prefix + "_dash-update-component", json=body,
                                timeout=120)
        assert answer.status_code in (200, 204), answer.text[:500]
        if answer.status_code == 204:
            return {}
        response = answer.json()["response"]
        return {f"{i}.{p.split('@')[0]}": v for i, props in response.items() for p, v in props.items()}


def _store_data(node, store_id: str):
    """The data of the store ``store_id`` inside a component tree as JSON (None: not there)."""
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == store_id:
            return props.get("data")
        children = [*props.values(), *node.values()]
    elif isinstance(node, list):
        children = node
    else:
        return None
    return next((found for child in children
                 if (found := _store_data(child, store_id)) is not None), None)


def _view(browser: Browser, host: int, path: str, search: str) -> dict:
    """The view state the URL callback gives a page (with its section, when it builds one)."""
    out = browser.call(host, f"{Id.URL}.search", {f"{Id.URL}.pathname": path,
                                                  f"{Id.URL}.search": search}, output=str(Id.STATE))
    return out.get(f"{Id.STATE}.data") or _store_data(out[f"{Id.PAGE_CONTENT}.children"],
                                                      str(Id.STATE))


def test_two_hosts_share_sessions_entries_and_sign_out(hosts):
    editor, participant, phone = Browser(hosts), Browser(hosts), Browser(hosts, "/join/")
    signed_in = editor.call(0, f"{Id.EDITOR_LOGIN}.n_clicks", {
        f"{Id.EDITOR_LOGIN}.n_clicks": 1, f"{Id.EDITOR_NAME}.value": "Fay",
        f"{Id.EDITOR_SECRET}.value": SECRET})
    assert "Signed in." in str(signed_in)
    copied = editor.call(1, f"{Id.WORKSHOP_COPY}.n_clicks", {          # signed in on host 1, works on 2
        f"{Id.WORKSHOP_COPY}.n_clicks": 1, f"{Id.WORKSHOP_COPY_NAME}.value": "Two hosts",
        f"{Id.STATE}.data": _view(editor, 1, "/", "")})
    assert "Started Two hosts" in str(copied)
    workshop = _view(participant, 0, "/workshop", "?dataset=Two+hosts")
    sent = phone.call(0, f"{JoinId.SEND}.n_clicks", {
        f"{JoinId.SEND}.n_clicks": 1, f"{JoinId.DATASET}.data": "Two hosts",
        f"{JoinId.BY}.value": "Sam", f"{JoinId.NAME}.value": "Men's shed",
        f"{JoinId.PROVIDER}.value": "Shed CIC", f"{JoinId.LOCALITY}.value": "E06000009",
        f"{JoinId.TYPES}.value": ["peer_support"],
        f"{JoinId.DETERMINANTS}.value": ["social_isolation"],
        f"{JoinId.POPULATIONS}.value": ["men"]})
    assert "is with the facilitator" in str(sent)
    follower = _view(participant, 1, "/", "?dataset=Two+hosts")  # a view served by the other host
    queue = editor.call(1, f"{Id.LIVE_INTERVAL}.n_intervals", {
        f"{Id.STATE}.data": workshop, f"{Id.LIVE_INTERVAL}.n_intervals": 1},
        output=str(Id.WORKSHOP_AUDIT))[f"{Id.WORKSHOP_QUEUE}.rowData"]
    assert [row["name"] for row in queue] == ["Men's shed"]           # sent on 1, queued on 2
    approved = editor.call(1, f"{Id.WORKSHOP_APPROVE}.n_clicks", {
        f"{Id.WORKSHOP_APPROVE}.n_clicks": 1, f"{Id.STATE}.data": workshop,
        f"{Id.WORKSHOP_QUEUE}.selectedRows": queue})
    assert "Two hosts is now version 2" in str(approved)
    polled = participant.call(0, f"{Id.LIVE_INTERVAL}.n_intervals", {
        f"{Id.LIVE_INTERVAL}.n_intervals": 2, f"{Id.STATE}.data": follower},
        output=str(Id.STATE))
    assert polled[f"{Id.STATE}.data"]["revision"] == 2                # the other host's view follows
    listed = participant.http.get(hosts[0] + "/api/v1/interventions?dataset=Two+hosts&per_page=500"
                                  "&locality=E06000009").json()
    assert "Men's shed" in [row["name"] for row in listed["interventions"]]

    editor.call(0, f"{Id.EDITOR_LOGOUT}.n_clicks", {f"{Id.EDITOR_LOGOUT}.n_clicks": 1},
                output=str(Id.EDITOR_MESSAGE))
    for host in (0, 1):                                               # signed out on both
        refused = editor.call(host, f"{Id.WORKSHOP_COPY}.n_clicks", {
            f"{Id.WORKSHOP_COPY}.n_clicks": 1, f"{Id.WORKSHOP_COPY_NAME}.value": f"After {host}",
            f"{Id.STATE}.data": follower})
        assert "Only a signed-in editor can start a workshop copy." in str(refused)
