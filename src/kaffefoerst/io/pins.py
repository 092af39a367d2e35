"""PINs for browser access: salted scrypt hashes in a file only its owner can read.

A PIN never leaves this file in clear text; checking compares in constant time. Six digits at
least: with five wrong tries per fifteen minutes, a million PINs take decades to guess.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from pathlib import Path

from kaffefoerst.domain.errors import DomainError
from kaffefoerst.io.private import write_private

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PIN_LENGTH = 6
MAX_PIN_LENGTH = 12


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DomainError("pin.unreadable", path=path) from exc
    if not isinstance(data, dict):
        raise DomainError("pin.unreadable", path=path)
    return {str(k): str(v) for k, v in data.items()}


def _well_formed(pin: str) -> bool:
    return MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH and pin.isascii() and pin.isdigit()


def set_pin(path: Path, initials: str, pin: str) -> None:
    """Store (or replace) one person's PIN; the file is written 0600, atomically (a fresh
    temporary file in the same folder, renamed over the old one)."""
    initials = initials.strip().upper()
    if not initials.isalpha() or not 2 <= len(initials) <= 4:
        raise DomainError("pin.bad_initials", initials=initials)
    if not _well_formed(pin):
        raise DomainError("pin.too_short", n=MIN_PIN_LENGTH, most=MAX_PIN_LENGTH)
    pins = _read(path)
    salt = secrets.token_bytes(16)
    digest = base64.b64encode(_hash(pin, salt)).decode()
    pins[initials] = "$".join(
        (
            "scrypt",
            str(SCRYPT_N),
            str(SCRYPT_R),
            str(SCRYPT_P),
            base64.b64encode(salt).decode(),
            digest,
        )
    )
    try:
        write_private(path, json.dumps(pins, indent=1, sort_keys=True))
    except OSError as exc:  # a read-only file system, a folder we may not write, …
        raise DomainError("pin.cannot_write", path=path, reason=exc.strerror or str(exc)) from exc


def check_pin(path: Path, initials: str, pin: str) -> bool:
    """True only for a known person with the right PIN (unknown people cost the same time)."""
    pins = _read(path)
    record = pins.get(initials.strip().upper())
    # A PIN shorter than the rule (set before it, or typed) never opens: set a new one.
    if record is None or not _well_formed(pin):
        _hash(pin, b"0" * 16)  # same work as a real check, so timing tells nothing
        return False
    try:
        _, n, r, p, salt, stored = record.split("$")
        digest = hashlib.scrypt(
            pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, base64.b64decode(stored))


def has_pins(path: Path) -> bool:
    return bool(_read(path))
