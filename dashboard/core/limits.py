"""How long user text may be: every field a person types, checked on the server.

The limits are generous for what each field is for and small enough that one entry cannot
fill a page or the database: a workshop entry is at most a few kilobytes, a file's cell at most
``MAX_CELL`` characters. Each refusal says which field, how long it was and what is allowed.
"""

from __future__ import annotations

MAX_CELL = 10_000  # any cell of an uploaded file; longer ones stop the file being read
DISPLAY_NAME = 100  # an editor's or a participant's display name
NOTE = 1_000  # a version note, a rejection reason
FILE_NAME = 255
# Template columns with a tighter limit than MAX_CELL (a workshop entry is a template row).
COLUMN_LIMITS = {
    "intervention_id": 200, "name": 200, "provider": 200, "locality_code": 100,
    "recorded_by": DISPLAY_NAME, "description": 2_000, "types": 1_000, "determinants": 1_000,
    "populations": 1_000, "social_model": 1_000, "delivery_mode": 200, "url": 500,
}


def length_problem(label: str, text: str | None, limit: int) -> str | None:
    """The sentence for text longer than ``limit`` characters, or ``None`` when it fits."""
    length = len(text or "")
    if length <= limit:
        return None
    return f"{label} is {length:,} characters long; at most {limit:,} are allowed."
