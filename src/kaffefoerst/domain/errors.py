"""Refusals the user must understand; the key names a text in the locale catalogues."""

from __future__ import annotations


class DomainError(Exception):
    """The one error a person is shown: a rule refused, an import or a PIN file was wrong.
    Every layer raises it (not a class per layer), and one boundary turns it into a line."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

    def __str__(self) -> str:
        # Readable where it escapes as a traceback (a script, a failing test); people see t().
        return f"{self.key} {self.fields}" if self.fields else self.key


class StaleVisit(DomainError):
    """Someone else changed the visit since it was read (the version check)."""

    def __init__(self, visit_id: int, by: str) -> None:
        super().__init__("move.stale", visit=visit_id, by=by)
        self.by = by


class DatabaseBusy(DomainError):
    """Another writer held the database past the wait: nothing was changed, and the same step
    works again in a moment. The store raises it in place of its driver's lock error."""

    def __init__(self) -> None:
        super().__init__("error.db_busy")
