"""Storage: engine and pragmas, schema versions, queries. Never imports Textual."""

from kaffefoerst.store.engine import Store, StoreError

__all__ = ["Store", "StoreError"]
