"""Analysis.

The intervention dataset as loaded, counts of provision (with a per-version code index),
filters, and the need-against-provision method (gap classes, priorities, evaluation).

Pure functions over tables. May import ``dashboard.core`` and ``dashboard.ingest``.
"""
