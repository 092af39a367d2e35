"""The frozen migration files, read without any database library."""

from __future__ import annotations

from importlib import resources


def migration_files() -> list[str]:
    folder = resources.files("kaffefoerst.store") / "migrations"
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))


def latest_version() -> int:
    return len(migration_files())


def migration_sql(version: int) -> str:
    name = migration_files()[version - 1]
    return (resources.files("kaffefoerst.store") / "migrations" / name).read_text("utf-8")


def statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
