"""Assisted coding: suggest codes for imported services, with a person in charge.

Transparent rules first (``rules``: the reviewed crosswalk of UK Charity Activity Tags and the
atlas's own regular expressions, ``data/codelists/crosswalks``), then a small TF-IDF and
logistic-regression classifier (``classifier``) trained at build time (``training``) and
persisted with a manifest. ``coder`` combines them into suggestions with a confidence and their
evidence, above thresholds calibrated on held-out data; ``evaluation`` measures them;
``pipeline`` runs an import from source to coded exchange-template rows and a report.

May import ``dashboard.core`` and ``dashboard.ingest``.
"""
