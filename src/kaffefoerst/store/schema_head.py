"""The newest schema revision this code knows (Alembic's head).

Read at every start without importing Alembic: a database whose stored revision equals this
opens at once. `python -m kaffefoerst.store.migrate revision` rewrites it when it adds a
revision, and tests/test_migrations.py checks it equals Alembic's head.
"""

HEAD = "0012"
