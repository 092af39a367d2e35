"""Plain SQL writes on a Session or a bare sqlite3 connection, as ``store.sql.rows`` reads:
the base plan's generation runs in the first board's child, before any database library."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from kaffefoerst.domain.audit_actions import AuditAction
from kaffefoerst.store.logins import stamp


def exec_sql(source: object, sql: str, params: dict[str, object] | None = None) -> None:
    if isinstance(source, sqlite3.Connection):
        source.execute(sql, params or {})
    else:
        from sqlalchemy import text

        source.execute(text(sql), params or {})  # type: ignore[attr-defined]


def exec_many(source: object, sql: str, params: Sequence[tuple[object, ...]]) -> None:
    """``executemany`` with positional (``?``) parameters: the bulk path, thousands of rows."""
    if not params:
        return
    if isinstance(source, sqlite3.Connection):
        source.executemany(sql, params)
    else:
        source.connection().exec_driver_sql(sql, list(params))  # type: ignore[attr-defined]


def commit(source: object) -> None:
    source.commit()  # type: ignore[attr-defined]


def rollback(source: object) -> None:
    source.rollback()  # type: ignore[attr-defined]


def audit_plan(
    source: object,
    action: AuditAction,
    actor: str,
    now: datetime,
    after: dict[str, object],
    entity: str = "plan",
) -> None:
    exec_sql(
        source,
        "INSERT INTO auditevent (actor, at, action, entity, entity_id, before, after, reason)"
        " VALUES (:actor, :at, :action, :entity, 0, '{}', :after, '')",
        {
            "actor": actor,
            "at": stamp(now),
            "action": action.value,
            "entity": entity,
            "after": json.dumps(after, ensure_ascii=False),
        },
    )
