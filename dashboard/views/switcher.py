"""The dataset switcher and the lines that name the dataset a view shows."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.context import AtlasContext, scoped
from dashboard.core.dataset_identity import BUNDLED, DatasetKey, DatasetMeta, parse_key
from dashboard.core.view_state import ViewState
from dashboard.views.gaps import evaluation_rows

SWITCHER_VERSIONS = 5  # pinned versions offered per saved dataset


def dataset_label(meta: DatasetMeta) -> str:
    """Header line naming the dataset a view shows."""
    return f"{meta.name}, version {meta.version}" + (" (illustrative)" if meta.illustrative else "")


def banner_notice(meta: DatasetMeta) -> str | None:
    """Text of the illustrative-data banner, or ``None`` when the dataset is not illustrative."""
    return meta.notice.removeprefix("Illustrative data:").strip() if meta.illustrative else None


def coverage_notice(meta: DatasetMeta) -> str | None:
    """What a real dataset covers and who coded it (a banner on every page), or ``None``.

    Shown for datasets that record who coded them (built with the directory import or the
    workbench); an ordinary upload keeps no banner.
    """
    if meta.illustrative or not meta.coding:
        return None
    return " ".join(part for part in (meta.notice, meta.coding) if part)


def dataset_options(atlas: AtlasContext, current: str) -> list[dict[str, str]]:
    """Switcher options: the bundled dataset, the saved datasets, the current one.

    Each saved dataset is offered as its newest version (following new ones live), then as each
    of its ``SWITCHER_VERSIONS`` newest versions pinned (a link that never changes, for citing).
    """
    meta = atlas.library.bundled.meta if atlas.library else atlas.dataset.meta
    options = [{"label": f"Bundled: {meta.name}", "value": BUNDLED}]
    examples = atlas.library.example_names() if atlas.library else {}
    options += [{"label": f"Real data: {name}", "value": key} for key, name in examples.items()]
    recent = atlas.library.recent_versions(SWITCHER_VERSIONS) if atlas.library else {}
    for name, versions in recent.items():
        options.append({"label": f"{name}: newest version, updates live", "value": name})
        options += [{"label": f"{name}: version {v.version} only (saved "
                              f"{v.created_at:%d %b %Y} by {v.created_by}, {v.row_count:,} rows)",
                     "value": str(DatasetKey(name, v.version))} for v in versions]
    if current not in {o["value"] for o in options}:
        key, _ = parse_key(current)
        label = "Your upload (this session)" if key.session else f"{key.name}, version {key.version}"
        options.append({"label": label, "value": current})
    return options


def dataset_facts(atlas: AtlasContext) -> list[tuple[str, str]]:
    """What the dataset card says about the dataset of ``atlas`` (scoped to the view)."""
    dataset = atlas.dataset
    meta, report, rows = dataset.meta, dataset.report, dataset.interventions
    localities = rows["locality_code"].nunique()
    evaluation = dict(evaluation_rows(atlas, rows))
    verified = rows["last_verified"].dropna() if "last_verified" in rows else rows.iloc[:0, 0]
    checked = (f"{verified.min():%b %Y} to {verified.max():%b %Y} ({len(verified)} of "
               f"{len(rows)} interventions)" if len(verified) else "not recorded")
    warnings = f"; {len(report.warnings)} warnings" if report.warnings else ""
    illustrative = [("Illustrative", "yes: synthetic records, not a real service directory")]
    coverage = coverage_notice(meta)  # a real dataset: what it covers and who coded it
    return [
        ("Dataset", f"{meta.name} (version {meta.version})"),
        *(illustrative if meta.illustrative else []),
        *([("Coverage and coding", coverage)] if coverage else []),
        ("Interventions", f"{report.rows_accepted} accepted of {report.rows_total} rows{warnings}"),
        ("Localities", str(localities)),
        ("Evaluated", evaluation.get("Evaluated (internal, independent or published)", "none")),
        ("Last verified", checked),
        ("Code lists", f"{atlas.codelists.name}, version {atlas.codelists.version}"),
    ]


@dataclass(frozen=True)
class DatasetPanel:
    """How a view names its dataset: switcher options, header label, banner, footer, polling.

    Attributes:
        options: the switcher's options (see :func:`dataset_options`).
        value: the switcher's value, the view's ``dataset=``.
        label: the header line naming the dataset and version.
        notice: the illustrative-data banner's text, or ``None`` for real data.
        coverage: for real data, what it covers and who coded it (a neutral banner), or ``None``.
        caption: the footer line.
        live: whether the view follows a saved dataset's newest version (the poll runs).
        facts: what the dataset card at the foot of the page says about the dataset shown.
    """

    options: list[dict[str, str]]
    value: str
    label: str
    notice: str | None
    caption: str
    live: bool
    coverage: str | None = None
    facts: tuple[tuple[str, str], ...] = ()


def dataset_panel(atlas: AtlasContext, state: ViewState) -> DatasetPanel:
    """The dataset panel of a view (``atlas`` scoped to the view's dataset)."""
    shown = scoped(atlas, state)
    meta = shown.dataset.meta
    return DatasetPanel(
        options=dataset_options(atlas, state.dataset), value=state.dataset,
        label=dataset_label(meta), notice=banner_notice(meta), caption=meta.caption,
        live=parse_key(state.dataset)[0].follows_latest and atlas.library is not None,
        coverage=coverage_notice(meta), facts=tuple(dataset_facts(shown)))
