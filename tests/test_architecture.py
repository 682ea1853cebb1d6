"""The shape of the code: layers point one way, no import cycles, no Dash in the domain.

Every ``.py`` file of every package is read, and every import counts: those inside functions,
under ``TYPE_CHECKING`` and each name of ``import a, b``.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("dashboard", "layouts", "server", "callbacks")

# Packages of the domain from the bottom up: a module may import its own subpackage and the
# subpackages of lower layers, never one of the same layer or above.
DOMAIN_LAYERS = (
    ("dashboard.core",),
    ("dashboard.ingest",),
    ("dashboard.analysis", "dashboard.figures", "dashboard.coding"),
    ("dashboard.store", "dashboard.security"),
    ("dashboard.context",),
    ("dashboard.views",),
    ("dashboard.exports", "dashboard.api"),
    ("dashboard.cli", "dashboard.cli_directories"),  # commands __main__ dispatches to
    ("dashboard.__main__",),
)
# Top-level packages and what each may import (besides the standard library and PyPI).
TOP_LEVEL = {
    "dashboard": {"dashboard"},
    "layouts": {"dashboard", "layouts"},
    "server": {"dashboard", "server"},
    "callbacks": {"dashboard", "layouts", "server", "callbacks"},
    "app": {"dashboard", "layouts", "server", "callbacks"},
}
BUILD_TIME = "dashboard.prepare"  # imports dashboard.core only; nothing at run time imports it


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for package in PACKAGES:
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def imported_names(path: Path) -> list[str]:
    """Every module named by an import in ``path``, wherever the import sits."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (``from a import b`` counts ``a.b`` if a module)."""
    modules = {module_name(p): p for p in source_files()}
    graph = {}
    for name, path in modules.items():
        graph[name] = {n for n in imported_names(path) if n in modules and n != name}
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Components of more than one module (Tarjan), i.e. the import cycles."""
    index, low, stack, on_stack, out, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in graph:
        if node not in index:
            visit(node)
    return out


def layer_of(module: str) -> int | None:
    for rank, packages in enumerate(DOMAIN_LAYERS):
        if any(module == p or module.startswith(p + ".") for p in packages):
            return rank
    return None


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_architecture_has_no_import_cycles():
    assert strongly_connected(import_graph()) == []


def test_architecture_finds_a_cycle_when_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(graph) == [["a", "b", "c"]]


def test_architecture_imports_follow_the_layers():
    problems = []
    for module, imports in import_graph().items():
        top = module.split(".")[0]
        for other in imports:
            if other.split(".")[0] not in TOP_LEVEL[top]:
                problems.append(f"{module} imports {other}")
            if top != "dashboard" or not other.startswith("dashboard"):
                continue
            if other.startswith(BUILD_TIME) and not module.startswith(BUILD_TIME):
                problems.append(f"{module} imports build-time {other}")
            if module.startswith(BUILD_TIME):
                if not (other.startswith(BUILD_TIME) or other.startswith("dashboard.core")):
                    problems.append(f"{module} (build time) imports {other}")
                continue
            mine, theirs = layer_of(module), layer_of(other)
            if other == "dashboard" or package_of(module) == package_of(other):
                continue
            if mine is None or theirs is None or theirs >= mine:
                problems.append(f"{module} (layer {mine}) imports {other} (layer {theirs})")
    assert problems == []


def test_architecture_every_domain_module_has_a_layer():
    modules = [m for m in import_graph() if m.startswith("dashboard.")]
    assert [m for m in modules if layer_of(m) is None and not m.startswith(BUILD_TIME)] == []


@pytest.mark.parametrize("package", ["dashboard", "layouts", "server", "callbacks"])
def test_architecture_every_package_says_what_it_holds(package):
    for init in (ROOT / package).rglob("__init__.py"):
        if "migrations" in init.parts:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert len(doc.split()) >= 15, f"{init.relative_to(ROOT)} needs a docstring"


def test_architecture_domain_never_imports_dash():
    code = (
        "import sys, importlib, pkgutil, dashboard\n"
        "for m in pkgutil.walk_packages(dashboard.__path__, 'dashboard.'):\n"
        "    skip = ('dashboard.__main__', 'dashboard.prepare', 'dashboard.store.migrations')\n"
        "    if not m.name.startswith(skip):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('dash', 'flask')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_architecture_app_import_is_light():
    code = "import sys, app; print(sorted(m for m in ('pandas', 'geopandas') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_architecture_runtime_never_loads_geopandas():
    code = ("import sys, app; app.create_app; from dashboard.context import load_context; "
            "print('geopandas' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "False"


def test_architecture_has_one_cache_and_no_module_level_state():
    """Caching goes through ``dashboard.core.cache`` (owned by the context), nowhere else."""
    forbidden = ("lru_cache", "functools.cache", "@cache\n", "cached_property", "global ")
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        for word in forbidden:
            assert word not in text, f"{path.relative_to(ROOT)} uses {word.strip()}"


def test_architecture_callbacks_hold_no_dataframe_work():
    for path in (ROOT / "callbacks").glob("*.py"):
        text = path.read_text()
        for forbidden in (".groupby(", ".merge(", ".query(", "pd.crosstab", "import pandas"):
            assert forbidden not in text, f"{path.name} does {forbidden}"
