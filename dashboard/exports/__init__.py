"""Exports.

Captioned images of a view's figure (PNG, SVG, PDF via kaleido and Chromium), the numbers behind
them (CSV, XLSX), a locality's one-page PDF profile, and the export stamp.

May import ``dashboard.views`` and everything below it.
"""
