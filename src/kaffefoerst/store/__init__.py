"""Storage: opening the file, schema versions, every query. Never imports Textual.

``Store`` loads the engine (SQLAlchemy) only when first used: importing ``kaffefoerst.store``
costs nothing before the first board is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kaffefoerst.store.engine import Store

__all__ = ["Store"]


def __getattr__(name: str) -> object:
    if name == "Store":
        from kaffefoerst.store.engine import Store  # start-up: see the docstring

        return Store
    raise AttributeError(name)
