"""Owner-only files and folders, whatever the umask: the data is health data (GDPR art. 9).

Every file kaffefoerst writes (PINs, screenshots, exports, backups) goes through
``write_private``: a temporary file made by ``mkstemp`` in the target folder (a fresh, random
name, never followed through a symlink), written, flushed, then renamed over the target, so a
reader sees the old file or the new one and nobody else ever sees either.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(folder: Path) -> Path:
    """Create ``folder`` and each missing parent 0700 (an existing folder is left as it is)."""
    folder = Path(folder).expanduser()
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            created.mkdir(mode=DIR_MODE)
            os.chmod(created, DIR_MODE)  # mkdir's mode passes through the umask first
    return folder


def write_private(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` as 0600 through a temporary file in the same folder."""
    path = Path(path).expanduser()
    folder = private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def narrow(path: Path) -> int | None:
    """Make an existing file of ours owner-only; the old mode if it was wider, else None.

    A file someone else owns is left alone (we may not change it, and should not try)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    old = stat.S_IMODE(info.st_mode)
    if not old & 0o077 or info.st_uid != os.geteuid():
        return None
    try:
        os.chmod(path, old & 0o700)
    except OSError:  # read-only media: nothing can change there, not even by us
        return None
    return old
