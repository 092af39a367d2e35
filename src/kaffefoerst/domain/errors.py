"""Refusals the user must understand; the key names a text in the locale catalogues."""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


class StaleVisit(DomainError):
    """Someone else changed the visit since it was read (the version check)."""

    def __init__(self, visit_id: int, by: str) -> None:
        super().__init__("move.stale", visit=visit_id, by=by)
        self.by = by
