"""The read-only open data API.

JSON payloads of ``/api/v1`` (the same numbers as the screens) and its OpenAPI 3.1 document. The
Flask routes that serve them are in ``server/api.py``.

May import ``dashboard.views`` and everything below it.
"""
