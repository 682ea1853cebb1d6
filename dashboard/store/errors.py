"""What the store refuses, each with one sentence for the user."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.ingest.validation import Issue


class StoreError(Exception):
    """A request the store cannot carry out; the message is one sentence for the user."""


class NotFoundError(StoreError):
    """The named dataset, version or submission does not exist."""


class ConflictError(StoreError):
    """The request clashes with the stored state (already decided, id reused with other content)."""


class InvalidSubmissionError(StoreError):
    """An (edited) submission fails validation; ``issues`` say what to fix."""

    def __init__(self, message: str, issues: Sequence[Issue]) -> None:
        super().__init__(message)
        self.issues = tuple(issues)
