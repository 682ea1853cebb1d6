"""Ingest.

Reading CSV and XLSX files, validating them row by row against the template and code lists, the
blank template, and browser uploads.

May import ``dashboard.core``.
"""
