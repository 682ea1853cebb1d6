"""Run axe-core in the page a Selenium driver holds, and report its violations readably.

axe-core is a devDependency in the root ``package.json``; ``make test`` installs it with ``npm ci``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
NODES_PER_VIOLATION = 5

_RUN_AXE = """
const [context, options, done] = arguments;
const internal = (rule, node) => rule === "label-content-name-mismatch"
  && document.querySelector(node.target[0])?.matches(".dash-dropdown");
axe.run(context || document, options)
  .then((results) => done({violations: results.violations
    .map((v) => ({...v, nodes: v.nodes.filter((n) => !internal(v.id, n))}))
    .filter((v) => v.nodes.length)}))
  .catch((error) => done({error: String(error && error.stack || error)}));
"""


def _axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        pytest.fail(
            f"axe-core is not installed ({AXE_SCRIPT.relative_to(ROOT)} is missing): "
            "run `make test`, which installs it with `npm ci`."
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")


# Dash 4.4's dcc.Dropdown puts a readonly, aria-hidden <input tabindex=0> before its button so
# that Safari can tab to it; the input only forwards focus to the labelled button (checked with
# the keyboard in Chromium). It is the component's internals, not our markup, so it is excluded.
# Its multi-select button is also labelled by its value and a hidden count, so axe's
# label-content-name-mismatch fires on the button itself (filtered in _RUN_AXE, that rule only).
DASH_INTERNALS = [".dash-dropdown-focus-target"]


def run_axe(
    driver, context: str | None = None, impacts: tuple[str, ...] = ("serious", "critical"),
    rules: tuple[str, ...] = (),
) -> list[dict]:
    """Inject axe-core, check the page (or the ``context`` CSS selector) against WCAG 2.x A and AA.

    Returns the violations whose impact is in ``impacts``, each as ``{id, impact, help, nodes}``
    where ``nodes`` holds at most five ``{target, failureSummary}`` entries.
    """
    source = _axe_source()
    driver.execute_script(source)
    # Only rules tagged with a WCAG A/AA level run, so best-practice rules stay off (or only
    # the ``rules`` named).
    only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag",
                                                                  "values": list(WCAG_TAGS)}
    options = {"runOnly": only, "resultTypes": ["violations"]}
    previous_timeout = driver.timeouts.script
    driver.set_script_timeout(60)
    try:
        scope = {"include": [[context or "html"]], "exclude": [[sel] for sel in DASH_INTERNALS]}
        result = driver.execute_async_script(_RUN_AXE, scope, options)
    finally:
        driver.set_script_timeout(previous_timeout)
    if result.get("error"):
        pytest.fail(f"axe.run failed: {result['error']}")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [
                {"target": node["target"], "failureSummary": node.get("failureSummary", "")}
                for node in violation["nodes"][:NODES_PER_VIOLATION]
            ],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def format_violations(violations: list[dict]) -> str:
    """Describe violations one rule per paragraph, with selectors and axe's failure summaries."""
    if not violations:
        return "no accessibility violations"
    paragraphs = []
    for violation in violations:
        lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']}"]
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = node["failureSummary"].replace("\n", "\n      ")
            lines.append(f"  - {target}\n      {summary}")
        paragraphs.append("\n".join(lines))
    return f"{len(violations)} accessibility violation(s):\n" + "\n\n".join(paragraphs)
