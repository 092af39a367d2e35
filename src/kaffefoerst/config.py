"""Paths and settings. Nothing is created at import; directories appear when first needed."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "KAFFEFOERST_DB"
ENV_USER = "KAFFEFOERST_USER"
_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The platform's data folder (created 0700 by whoever first writes into it)."""
    import platformdirs  # start-up: ~40 ms under load, only when a user folder is needed

    return platformdirs.user_data_path("kaffefoerst")


def default_db_path() -> Path:
    return data_dir() / "kaffefoerst.db"


def screenshot_dir() -> Path:
    """Screenshots show citizen names: kept with the data, owner-only, not in Downloads."""
    return data_dir() / "screenshots"


def resolve_db_path(cli_value: str | None) -> Path:
    """--db wins over KAFFEFOERST_DB, which wins over the platform's data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).expanduser()
    return default_db_path()


def resource_dir(name: str) -> Path:
    """themes/ or sample_data/: inside the wheel when installed, at the repo root when editable."""
    packaged = _PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent.parent / name
