"""Community mental-health provision atlas: the domain, with no Dash and no Flask.

Subpackages from the bottom layer up (each may import only those below it; see
``docs/architecture.md`` and ``tests/test_architecture.py``): ``core`` (settings, code lists,
IoD, geography, view state, dataset keys), ``ingest`` (reading and validating files),
``analysis`` and ``figures``, ``store`` and ``security``, then the module ``context`` (what a
server loads), ``views`` (one view model per page), ``exports`` and ``api``. ``prepare`` is the
build-time data pipeline, which nothing at run time imports.
"""

__version__ = "0.1.0"
