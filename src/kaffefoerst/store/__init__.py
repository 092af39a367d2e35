"""Storage: engine and pragmas, schema versions, queries. Never imports Textual.

``Store`` and ``StoreError`` load the engine (SQLAlchemy) only when first used: importing
``kaffefoerst.store`` costs nothing before the first board is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kaffefoerst.store.engine import Store, StoreError

__all__ = ["Store", "StoreError"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from kaffefoerst.store import engine

        return getattr(engine, name)
    raise AttributeError(name)
