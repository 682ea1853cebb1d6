"""The view state of the atlas and its round trip through the URL.

Every view is one URL: the path chooses the page (``/`` national, ``/locality/<LAD24CD>``) and the
query carries domain, measure, map mode, count/share switch and filters. Parsing never fails:
invalid values are dropped and described in notes the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from dashboard.core.areas import LEVELS, NEIGHBOUR_KINDS
from dashboard.core.codelists import CodeLists
from dashboard.core.context_state import (
    CONTEXT_CONTROLS,
    CONTEXT_PARAMS,
    context_control_values,
    context_fields,
    context_from_controls,
    context_from_dict,
    context_problem,
    context_query,
    context_to_dict,
)
from dashboard.core.dataset_identity import parse_key
from dashboard.core.iod import DOMAIN_BY_KEY
from dashboard.core.numbers import parse_float, parse_int

MEASURES: dict[str, str] = {
    "score": "Average score",
    "rank": "Rank of average score",
    "share": "Share of LSOAs in the most deprived 10%",
    "change": "Change in rank since 2019",
}
MAP_MODES: dict[str, str] = {"map": "Map", "hex": "Hex cartogram"}
# URL parameter -> code-list field of the template.
FILTER_FIELDS: dict[str, str] = {
    "types": "types",
    "determinants": "determinants",
    "populations": "populations",
    "provider": "provider_type",
    "delivery": "delivery_mode",
    "evaluation": "evaluation_level",
    "coding": "coding_status",
}
LOCALITY_PREFIX = "/locality/"
PAGES: dict[str, str] = {
    "national": "/",
    "gaps": "/gaps",
    "compare": "/compare",
    "methods": "/methods",
    "present": "/present",
    "data": "/data",
    "workshop": "/workshop",
    "code": "/code",
}
DEFAULT_THRESHOLDS = (80.0, 1.0, 5.0)
THRESHOLD_PARAMS = ("need", "rate", "share")
MAX_COMPARE = 6  # a locality and its five nearest neighbours


@dataclass(frozen=True)
class ViewState:
    """Everything that defines what the atlas shows."""

    locality: str | None = None
    page: str = "national"
    domain: str = "imd"
    measure: str = "rank"
    map_mode: str = "map"
    shares: bool = False
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    thresholds: tuple[float, float, float] = DEFAULT_THRESHOLDS
    compare: tuple[str, ...] = ()
    dataset: str = "bundled"
    revision: int | None = None
    # Context (dashboard.core.context_state): areas of the national and gaps pages, the NHS
    # area drilled into, the neighbours' kind, a ward or service to pick out, versions compared.
    area_level: str = "lad"
    focus: str | None = None
    similar: str = "global"
    ward: str | None = None
    service: str | None = None
    versions: tuple[int, int] | None = None

    @property
    def current_page(self) -> str:
        """The page shown: ``locality`` when a locality is open, else ``page``."""
        return "locality" if self.locality else self.page

    def filter_values(self, param: str) -> list[str]:
        """Selected codes of one filter (empty list when unfiltered)."""
        return list(self.filters.get(param, ()))

    @property
    def active_filters(self) -> dict[str, tuple[str, ...]]:
        """Filters with at least one selected code, in the fixed parameter order."""
        return {p: tuple(self.filters[p]) for p in FILTER_FIELDS if self.filters.get(p)}

    def with_filters(self, **values: list[str] | tuple[str, ...] | None) -> ViewState:
        """Copy with some filters replaced."""
        merged = dict(self.filters)
        merged.update({k: tuple(v or ()) for k, v in values.items()})
        return replace(self, filters={k: v for k, v in merged.items() if v})


DEFAULT = ViewState()


def state_to_url(state: ViewState) -> tuple[str, str]:
    """Path and query string (with leading ``?`` or empty) of a view; defaults are omitted."""
    path = f"{LOCALITY_PREFIX}{state.locality}" if state.locality else PAGES[state.page]
    query: list[tuple[str, str]] = []
    for name in ("domain", "measure", "map_mode"):
        value = getattr(state, name)
        if value != getattr(DEFAULT, name):
            query.append(("map" if name == "map_mode" else name, value))
    if state.shares:
        query.append(("values", "share"))
    for param, codes in state.active_filters.items():
        query.append((param, ",".join(codes)))
    for param, value, default in zip(THRESHOLD_PARAMS, state.thresholds, DEFAULT_THRESHOLDS,
                                     strict=True):
        if value != default:
            query.append((param, f"{value:g}"))
    if state.compare:
        query.append(("codes", ",".join(state.compare)))
    if state.dataset != DEFAULT.dataset:
        query.append(("dataset", state.dataset))
    query.extend(context_query(state))
    return path, ("?" + urlencode(query, safe=",")) if query else ""


def state_from_url(
    pathname: str | None,
    search: str | None,
    codelists: CodeLists,
    recode: Callable[[str], tuple[str | None, str | None]],
    names: Mapping[str, str],
) -> tuple[ViewState, list[str]]:
    """Parse a URL into a view state; returns the state and plain-English notes on what was ignored.

    ``recode`` maps any LAD code to its LAD 2024 code (see ``Geography.recode``); ``names`` maps
    LAD 2024 codes to names.
    """
    if (pathname or "").rstrip("/") == PAGES["present"]:
        return replace(DEFAULT, page="present"), []  # the presenter reads its own query
    notes: list[str] = []
    params = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
    locality = _locality(pathname or "/", recode, names, notes)

    def choice(param: str, allowed: Mapping[str, str], default: str, what: str) -> str:
        value = params.get(param)
        if value is None or value in allowed:
            return value or default
        notes.append(f"Ignored {param}={value!r}: not a known {what}; showing {allowed[default]}.")
        return default

    domain = choice("domain", {k: d.label for k, d in DOMAIN_BY_KEY.items()}, DEFAULT.domain,
                    "deprivation domain")
    measure = choice("measure", MEASURES, DEFAULT.measure, "measure")
    map_mode = choice("map", MAP_MODES, DEFAULT.map_mode, "map mode")
    values = params.get("values", "count")
    if values not in ("count", "share"):
        notes.append(f"Ignored values={values!r}: use count or share; showing counts.")
    filters: dict[str, tuple[str, ...]] = {}
    for param, field_name in FILTER_FIELDS.items():
        if param not in params:
            continue
        allowed = codelists[field_name].codes
        requested = [c.strip() for c in params[param].split(",") if c.strip()]
        kept = tuple(dict.fromkeys(c for c in requested if c in allowed))
        dropped = [c for c in requested if c not in allowed]
        if dropped:
            notes.append(f"Ignored {param} filter value(s) {', '.join(map(repr, dropped))}: "
                         "not in the code list.")
        if kept:
            filters[param] = kept
    thresholds = _thresholds(params, notes)
    compare = _compare(params.get("codes", ""), recode, notes)
    dataset, note = parse_key(params.get("dataset"))
    if note:
        notes.append(note)
    known = {"domain", "measure", "map", "values", "codes", "dataset", *THRESHOLD_PARAMS,
             *FILTER_FIELDS, *CONTEXT_PARAMS}
    for unknown in sorted(set(params) - known):
        notes.append(f"Ignored unknown URL parameter {unknown!r}.")
    path = (pathname or "/").rstrip("/") or "/"
    page = next((name for name, page_path in PAGES.items() if page_path == path), "national")
    state = ViewState(locality=locality, page=page, domain=domain, measure=measure,
                      map_mode=map_mode, shares=values == "share", filters=filters,
                      thresholds=thresholds, compare=compare, dataset=str(dataset),
                      **context_fields(params, notes))
    return state, notes


def _thresholds(params: Mapping[str, str], notes: list[str]) -> tuple[float, float, float]:
    limits = THRESHOLD_LIMITS
    values = []
    for param, default in zip(THRESHOLD_PARAMS, DEFAULT_THRESHOLDS, strict=True):
        raw = params.get(param)
        low, high = limits[param]
        value = default if raw is None else parse_float(raw, minimum=low, maximum=high)
        if value is None:
            notes.append(f"Ignored {param}={raw!r}: use a number from {low:g} to {high:g}; "
                         f"using {default:g}.")
            value = default
        values.append(value)
    return values[0], values[1], values[2]


def _compare(raw: str, recode, notes: list[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for code in (c.strip() for c in raw.split(",") if c.strip()):
        current, _ = recode(code)
        if current is None:
            notes.append(f"Ignored {code!r} in codes: not an English local authority district code.")
        elif current not in codes:
            codes.append(current)
    if len(codes) > MAX_COMPARE:
        notes.append(f"Only {MAX_COMPARE} localities can be compared; kept the first {MAX_COMPARE}.")
    return tuple(codes[:MAX_COMPARE])


def _locality(pathname: str, recode, names: Mapping[str, str], notes: list[str]) -> str | None:
    path = pathname.rstrip("/") or "/"
    if path == "/":
        return None
    if path in PAGES.values():
        return None
    if not path.startswith(LOCALITY_PREFIX.rstrip("/")):
        notes.append(f"There is no page at {pathname!r}; showing the national view.")
        return None
    code = path[len(LOCALITY_PREFIX):].strip()
    current, reason = recode(code) if code else (None, None)
    if current is None:
        notes.append(f"{code or 'An empty code'!r} is not an English local authority district code "
                     "(LAD 2024); showing the national view.")
        return None
    if reason:
        notes.append(f"{reason}; showing {names.get(current, current)} ({current}).")
    return current


# The atlas's controls by name: what each shows is in ``control_values``.
CONTROLS = ("domain", "measure", "map_mode", "values", "locality", *FILTER_FIELDS,
            *THRESHOLD_PARAMS, "compare", *CONTEXT_CONTROLS)
THRESHOLD_LIMITS = {"need": (0.0, 100.0), "rate": (0.0, 10_000.0), "share": (0.0, 100.0)}


def control_values(state: ViewState) -> dict[str, object]:
    """The value each control (``CONTROLS``) shows for ``state``."""
    return {"domain": state.domain, "measure": state.measure, "map_mode": state.map_mode,
            "values": "share" if state.shares else "count", "locality": state.locality,
            **{param: state.filter_values(param) for param in FILTER_FIELDS},
            **dict(zip(THRESHOLD_PARAMS, state.thresholds, strict=True)),
            "compare": list(state.compare), **context_control_values(state)}


def state_from_controls(controls: Mapping[str, object], *, page: str = "national",
                        dataset: str | None = None, revision: int | None = None,
                        kept: ViewState | None = None) -> ViewState:
    """View state from the controls' values by name (options are valid; numbers are clamped)."""
    thresholds = tuple(
        default if (number := parse_float(controls.get(param))) is None
        else min(max(number, THRESHOLD_LIMITS[param][0]), THRESHOLD_LIMITS[param][1])
        for param, default in zip(THRESHOLD_PARAMS, DEFAULT_THRESHOLDS, strict=True))
    return ViewState(
        locality=controls.get("locality") or None,
        page=page,
        thresholds=(thresholds[0], thresholds[1], thresholds[2]),
        compare=tuple(controls.get("compare") or ())[:MAX_COMPARE],
        domain=controls.get("domain") or DEFAULT.domain,
        measure=controls.get("measure") or DEFAULT.measure,
        map_mode=controls.get("map_mode") or DEFAULT.map_mode,
        shares=controls.get("values") == "share",
        filters={param: tuple(controls[param]) for param in FILTER_FIELDS if controls.get(param)},
        dataset=dataset or DEFAULT.dataset,
        revision=revision,
        **context_from_controls(controls, kept or DEFAULT),
    )


def state_to_dict(state: ViewState) -> dict:
    """JSON-ready form of a state for a ``dcc.Store``."""
    return {"locality": state.locality, "page": state.page, "thresholds": list(state.thresholds),
            "compare": list(state.compare), "domain": state.domain, "measure": state.measure,
            "map_mode": state.map_mode, "shares": state.shares,
            "filters": {k: list(v) for k, v in state.active_filters.items()},
            "dataset": state.dataset, "revision": state.revision, **context_to_dict(state)}


def state_from_dict(data: Mapping | None) -> ViewState:
    """Inverse of :func:`state_to_dict`; the default state for ``None``."""
    if not data:
        return DEFAULT
    return ViewState(locality=data.get("locality"), page=data.get("page", "national"),
                     thresholds=tuple(data.get("thresholds", DEFAULT_THRESHOLDS)),
                     compare=tuple(data.get("compare", ())), domain=data["domain"],
                     measure=data["measure"], map_mode=data["map_mode"],
                     shares=bool(data["shares"]),
                     filters={k: tuple(v) for k, v in data.get("filters", {}).items()},
                     dataset=data.get("dataset") or DEFAULT.dataset, revision=data.get("revision"),
                     **context_from_dict(data))


# Checking what a browser sends -------------------------------------------------------------------

LAD_CODE = re.compile(r"E[0-9]{8}", re.ASCII)
STATE_KEYS = frozenset(state_to_dict(DEFAULT))
MAX_CODES = 200  # more codes than any code list has


def _codes_problem(name: str, value: object, allowed: Collection[str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_CODES:
        return f"{name} must be a list of codes."
    unknown = [v for v in value if not isinstance(v, str) or v not in allowed]
    return f"{name} has unknown code(s)." if unknown else None


def _lad_problem(name: str, value: object, lads: Collection[str]) -> str | None:
    if value is None or (isinstance(value, str) and LAD_CODE.fullmatch(value) and value in lads):
        return None
    return f"{name} must be a current English district code such as E06000009."


def control_problem(name: str, value: object, codelists: CodeLists,
                    lads: Collection[str]) -> str | None:
    """Why a control's value (``CONTROLS``) cannot come from the page, or ``None`` when it can."""
    choices = {"domain": DOMAIN_BY_KEY, "measure": MEASURES, "map_mode": MAP_MODES,
               "values": ("count", "share"), "areas": LEVELS, "similar": NEIGHBOUR_KINDS}
    if name in choices:
        return None if value is None or (isinstance(value, str) and value in choices[name]) \
            else f"{name} must be one of {', '.join(choices[name])}."
    if name == "locality":
        return _lad_problem(name, value, lads)
    if name in FILTER_FIELDS:
        return _codes_problem(name, value, codelists[FILTER_FIELDS[name]].codes)
    if name in THRESHOLD_PARAMS:
        return None if value is None or parse_float(value) is not None \
            else f"{name} must be a number."
    if name == "compare":
        if not isinstance(value, list | type(None)) or len(value or ()) > MAX_CODES:
            return "compare must be a list of district codes."
        return next(filter(None, (_lad_problem(name, v, lads) for v in value or ())), None)
    return f"There is no control called {name}."


def state_problem(data: object, codelists: CodeLists, lads: Collection[str]) -> str | None:
    """Why ``data`` is not a view state as :func:`state_to_dict` makes it (``None``: it is one)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        return "The view state must be an object."
    if set(data) != STATE_KEYS:
        missing, extra = sorted(STATE_KEYS - set(data)), sorted(set(data) - STATE_KEYS)
        return (f"The view state lacks {', '.join(missing)}." if missing
                else f"The view state has unknown field(s) {', '.join(extra)}.")
    thresholds = data["thresholds"]
    filters = data["filters"]
    problems = (
        None if isinstance(data["page"], str) and data["page"] in PAGES
        else "page is not a page of the atlas.",
        None if isinstance(thresholds, list) and len(thresholds) == len(THRESHOLD_PARAMS) and all(
            parse_float(v) is not None for v in thresholds) else "thresholds must be three numbers.",
        None if isinstance(data["shares"], bool) else "shares must be true or false.",
        None if isinstance(filters, dict) else "filters must be an object.",
        *(control_problem(name, data[name], codelists, lads)
          for name in ("domain", "measure", "map_mode", "locality", "compare")),
        *(control_problem(param, codes, codelists, lads) if param in FILTER_FIELDS
          else f"There is no filter called {param}." for param, codes in
          (filters.items() if isinstance(filters, dict) else ())),
        None if isinstance(data["dataset"], str) and parse_key(data["dataset"])[1] is None
        else "dataset is not a dataset name.",
        None if data["revision"] is None or parse_int(data["revision"], minimum=1) is not None
        else "revision must be a whole number.",
        context_problem(data),
    )
    return next(filter(None, problems), None)
