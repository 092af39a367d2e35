"""The store: one database behind a SQLAlchemy engine, opened by store/database.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from kaffefoerst.domain.errors import DatabaseBusy
from kaffefoerst.store.database import Notice, connector, open_database, set_wal
from kaffefoerst.store.problems import is_busy


class Store:
    """One database: an engine whose connections carry our pragmas, on a checked schema."""

    def __init__(self, engine: Engine, *, readonly: bool = False, path: Path | None = None) -> None:
        self.engine = engine
        self.readonly = readonly
        self.path = path
        # Things the person should hear about (locale key, fields), e.g. a database narrowed.
        self.notices: list[Notice] = []

    @classmethod
    def open_sqlite(cls, path: Path, *, readonly: bool = False, upgrade: bool = True) -> Store:
        path = Path(path).expanduser()
        checked, immutable, notices = open_database(path, readonly=readonly, upgrade=upgrade)
        checked.close()
        connect = connector(path, readonly, immutable=immutable)

        def creator():  # noqa: ANN202 - a DB-API connection
            conn = connect()
            if not readonly:
                set_wal(conn)
            return conn

        store = cls(
            create_engine("sqlite://", creator=creator, poolclass=QueuePool),
            readonly=readonly,
            path=path,
        )
        store.notices = notices
        return store

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session; the driver's lock error leaves it as DatabaseBusy (the one error type),
        so callers above the store never name the database library."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusy from exc
            raise

    def close(self) -> None:
        self.engine.dispose()
