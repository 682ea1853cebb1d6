"""The benchmark suite run by ``scripts/bench.py``: measuring helpers and one module per section.

``table`` (the printed rows, formatting, interleaved timing), ``serving`` (gunicorn and the app
as a worker holds it), ``interactions`` (the callback requests a browser sends, and the
measured scenarios), ``plain`` (plain plotly.express baselines), ``server_sections`` (cold
start, page weight over HTTP, callback latency), ``browser``, ``concurrency``, ``scale`` and
``export``. Modules import the project (``dashboard``, ``callbacks``, ``layouts``, ``app``)
from the project root, which ``scripts/bench.py`` puts on ``sys.path``.
"""
