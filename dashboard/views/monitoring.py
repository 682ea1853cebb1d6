"""Monitoring over time on a locality page: what changed between versions, figures per version.

Only saved datasets have versions. A view names two of them with ``from`` and ``to`` (by default
the two newest); the charts follow the newest ``MAX_VERSIONS`` versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.analysis.history import VersionChanges, version_changes, version_figures
from dashboard.context import AtlasContext
from dashboard.core.dataset_identity import DatasetKey, parse_key
from dashboard.core.view_state import FILTER_FIELDS, ViewState, state_to_url
from dashboard.figures.lines import version_lines
from dashboard.store.records import VersionInfo
from dashboard.views.common import Chart, codelists_source, lad_name, view_caption

MAX_VERSIONS = 12
LISTED = 50  # interventions listed per kind of change (the API lists all)
NO_VERSIONS = ("Monitoring over time needs a saved dataset with two or more versions. Save this "
               "dataset under a name (Your data); every update or approved workshop entry then "
               "makes a new version, and this panel compares them.")
ONE_VERSION = ("{name} has one version so far. Every update or approved workshop entry makes a "
               "new version, and this panel then compares them.")


@dataclass(frozen=True)
class Monitoring:
    """The "Over time" panel of a locality.

    Attributes:
        message: why there is nothing to compare (``None`` when there is).
        versions: (version number, label) of every version, oldest first.
        chosen: the two versions compared (earlier, later).
        summary: sentences on what changed.
        changes: (change, intervention name, provider, detail) rows.
        cells: (determinant, before, after, change) for the locality.
        provision: interventions by version (all, and the most targeted determinants).
        evaluation: outcomes measured and evaluated, % by version.
    """

    message: str | None = None
    versions: tuple[tuple[int, str], ...] = ()
    chosen: tuple[int, int] | None = None
    summary: tuple[str, ...] = ()
    changes: tuple[tuple[str, str, str, str], ...] = ()
    cells: tuple[tuple[str, int, int, int], ...] = ()
    provision: Chart | None = field(default=None, repr=False)
    evaluation: Chart | None = field(default=None, repr=False)


def version_label(info: VersionInfo) -> str:
    """"v3, 2 Dec 2026"."""
    return f"v{info.version}, {info.created_at:%-d %b %Y}"


def saved_versions(atlas: AtlasContext, state: ViewState) -> tuple[str | None, list[VersionInfo]]:
    """The saved dataset a view shows and its versions (``None``, [] for the bundled one)."""
    key, _ = parse_key(state.dataset)
    if key.bundled or key.session or atlas.library is None:
        return None, []
    return key.name, atlas.library.versions(key.name)


def version_rows(atlas: AtlasContext, name: str, version: int) -> pd.DataFrame:
    """Accepted rows of one saved version (loaded once, kept in the cache)."""
    return atlas.library.dataset(DatasetKey(name, version), None).interventions


def chosen_versions(state: ViewState, versions: list[VersionInfo]) -> tuple[int, int]:
    """The versions a view compares: its ``from``/``to`` when both exist, else the two newest."""
    numbers = [v.version for v in versions]
    if state.versions and all(v in numbers for v in state.versions):
        return state.versions
    return numbers[-2], numbers[-1]


def describe_changes(changes: VersionChanges, chosen: tuple[int, int], place: str) -> list[str]:
    """The changes in sentences."""
    counts = changes.counts
    first = (f"From version {chosen[0]} to version {chosen[1]} in {place}: {counts['added']} "
             f"added, {counts['removed']} removed, {counts['recoded']} recoded (their types, "
             f"determinants, population groups or locality changed), {counts['edited']} "
             "otherwise edited.")
    if changes.cells.empty:
        return [first, "Provision by determinant is unchanged."]
    return [first]


def _change_rows(atlas: AtlasContext, changes: VersionChanges, before: pd.DataFrame,
                 after: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    names = {**dict(zip(before["intervention_id"], zip(before["name"], before["provider"],
                                                       strict=True), strict=True)),
             **dict(zip(after["intervention_id"], zip(after["name"], after["provider"],
                                                      strict=True), strict=True))}
    rows = [("Added", *names[i], "") for i in changes.added[:LISTED]]
    rows += [("Removed", *names[i], "") for i in changes.removed[:LISTED]]
    for kind, changed in (("Recoded", changes.recoded), ("Edited", changes.edited)):
        rows += [(kind, *names[i], ", ".join(f.replace("_", " ") for f in fields))
                 for i, fields in list(changed.items())[:LISTED]]
    return [(kind, str(name), str(provider), detail) for kind, name, provider, detail in rows]


def monitoring(atlas: AtlasContext, state: ViewState) -> Monitoring:
    """The panel for the state's locality and dataset."""
    name, versions = saved_versions(atlas, state)
    if name is None or len(versions) < 2:
        return Monitoring(message=NO_VERSIONS if name is None else ONE_VERSION.format(name=name))
    code = state.locality
    chosen = chosen_versions(state, versions)
    before, after = (version_rows(atlas, name, v) for v in chosen)
    determinants = atlas.codelists["determinants"]
    changes = version_changes(before, after, determinants.codes, locality=code)
    place = lad_name(atlas, code)
    cells = [(determinants.labels[r.determinant], int(r.before), int(r.after), int(r.change))
             for r in changes.cells.itertuples()]
    shown = versions[-MAX_VERSIONS:]
    history = _history(atlas, state, name, shown)
    return Monitoring(
        versions=tuple((v.version, version_label(v)) for v in versions), chosen=chosen,
        summary=tuple(describe_changes(changes, chosen, place)),
        changes=tuple(_change_rows(atlas, changes, before, after)), cells=tuple(cells),
        provision=_provision_chart(atlas, state, history, place),
        evaluation=_evaluation_chart(atlas, state, history, place))


def _history(atlas: AtlasContext, state: ViewState, name: str,
             versions: list[VersionInfo]) -> list[tuple[str, dict]]:
    """Figures of the locality in each version (filters applied), oldest first."""
    filters = {FILTER_FIELDS[p]: codes for p, codes in state.active_filters.items()}
    key = (name, tuple(v.version for v in versions), state.locality,
           tuple(sorted(filters.items())))
    codes = atlas.codelists["determinants"].codes

    def build() -> list[tuple[str, dict]]:
        out = []
        for info in versions:
            dataset = atlas.library.dataset(DatasetKey(name, info.version), None)
            out.append((version_label(info),
                        version_figures(dataset.select(filters, state.locality), codes)))
        return out

    return atlas.cache.get("history", key, build)


def _provision_chart(atlas: AtlasContext, state: ViewState, history: list[tuple[str, dict]],
                     place: str) -> Chart:
    labels = atlas.codelists["determinants"].labels
    latest = history[-1][1]["determinants"]
    top = [c for c, n in sorted(latest.items(), key=lambda p: -p[1]) if n][:3]
    points = [("All interventions", label, figures["interventions"]) for label, figures in history]
    points += [(labels[c], label, figures["determinants"][c]) for c in top
               for label, figures in history]
    table = pd.DataFrame(points, columns=["series", "x", "y"])
    table["hover"] = [f"{s}<br>{x}: {y} interventions" for s, x, y in points]
    caption = view_caption(
        atlas, state, title=f"{place}: interventions by dataset version", place=place,
        notes=("All interventions and the three determinants most targeted in the newest "
               "version.",), sources=(codelists_source(atlas),))
    figure = version_lines(table, caption, y_title="Interventions")
    summary = "; ".join(f"{x}: {y} ({s})" for s, x, y in points) + "."
    return Chart(figure, caption, summary)


def _evaluation_chart(atlas: AtlasContext, state: ViewState, history: list[tuple[str, dict]],
                      place: str) -> Chart:
    points = []
    for label, figures in history:
        n = figures["interventions"]
        for series, key in (("Outcomes measured", "outcomes_measured"),
                            ("Evaluated (internal, independent or published)", "evaluated")):
            count = figures[key]
            points.append((series, label, 100 * count / n if n else 0.0,
                           f"{series}<br>{label}: {count} of {n}"))
    table = pd.DataFrame(points, columns=["series", "x", "y", "hover"])
    caption = view_caption(
        atlas, state, title=f"{place}: the evaluation gap by dataset version", place=place,
        notes=("Share of the locality's interventions; hover for the counts.",),
        sources=(codelists_source(atlas),))
    figure = version_lines(table, caption, y_title="% of interventions", percent=True)
    summary = "; ".join(h.replace("<br>", " ") for *_, h in points) + "."
    return Chart(figure, caption, summary)


def versions_query(atlas: AtlasContext, state: ViewState, first: int | None,
                   second: int | None) -> str | None:
    """The query string that compares two other versions, or ``None`` when nothing changes.

    ``None`` too when the pickers show what the view already compares (the panel sets them).
    """
    if not state.locality or not first or not second or first == second:
        return None
    _, versions = saved_versions(atlas, state)
    if len(versions) < 2:
        return None
    wanted = tuple(sorted((int(first), int(second))))
    if wanted == chosen_versions(state, versions):
        return None
    return state_to_url(replace(state, versions=wanted))[1]
