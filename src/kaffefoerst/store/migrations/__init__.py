"""Alembic's migration scripts (env.py, versions/), shipped in the wheel and run by
store/migrate.py; no alembic.ini needed."""
