"""Which check each component value of a callback request gets (``server.callback_requests``)."""

from __future__ import annotations

from functools import partial

from dashboard.context import AtlasContext
from dashboard.core.view_state import control_problem, state_problem
from dashboard.security.requests import (
    Check,
    client_id_problem,
    entry_rows_problem,
    link_problem,
    report_problem,
)
from layouts.ids import CONTROL_IDS, Id, JoinId


def request_checks(atlas: AtlasContext) -> dict[str, Check]:
    """Checks by ``"<component id>.<property>"`` for the values a handler relies on."""
    codelists, lads = atlas.codelists, frozenset(atlas.geography.lads.index)
    checks: dict[str, Check] = {
        f"{Id.STATE}.data": partial(state_problem, codelists=codelists, lads=lads),
        f"{Id.WORKSHOP_QUEUE}.selectedRows": entry_rows_problem,
        f"{Id.WORKSHOP_QUEUE}.rowData": entry_rows_problem,
        f"{Id.DATA_REPORT}.data": report_problem,
        f"{Id.SEARCH}.value": link_problem,
    }
    for name, control in CONTROL_IDS.items():
        checks[f"{control}.value"] = partial(control_problem, name, codelists=codelists, lads=lads)
    return checks


def join_checks() -> dict[str, Check]:
    """Checks for the participant page's callback requests."""
    return {f"{JoinId.CLIENT_ID}.data": client_id_problem}
