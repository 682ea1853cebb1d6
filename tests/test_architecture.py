import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_architecture_domain_never_imports_dash():
    code = (
        "import sys, importlib, pkgutil, dashboard\n"
        "for m in pkgutil.iter_modules(dashboard.__path__):\n"
        "    if m.name != '__main__': importlib.import_module('dashboard.' + m.name)\n"
        "bad = [m for m in sys.modules if m == 'dash' or m.startswith('dash.')]\n"
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


def test_architecture_imports_point_one_way():
    allowed = {
        "dashboard": {"dashboard"},
        "layouts": {"dashboard", "layouts"},
        "callbacks": {"dashboard", "layouts", "callbacks"},
    }
    for package, may_import in allowed.items():
        for path in (ROOT / package).glob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    top = node.module.split(".")[0]
                elif isinstance(node, ast.Import):
                    top = node.names[0].name.split(".")[0]
                else:
                    continue
                if top in allowed:
                    assert top in may_import, f"{path.name} imports {top}"


def test_architecture_callbacks_hold_no_dataframe_work():
    for path in (ROOT / "callbacks").glob("*.py"):
        text = path.read_text()
        for forbidden in (".groupby(", ".merge(", ".query(", "pd.crosstab", "import pandas"):
            assert forbidden not in text, f"{path.name} does {forbidden}"
