"""How a CSV file is written: its encoding and its separator, found from the bytes.

Danish Excel saves "CSV (semikolonsepareret)" in Windows-1252 with CRLF; other tools write
UTF-8 with or without a byte-order mark, with commas or tabs. We decode UTF-8 when the bytes
are UTF-8 and Windows-1252 otherwise, except when the file mixes the two (real UTF-8 sequences
beside bytes UTF-8 cannot hold): that is a damaged file, and guessing would store mojibake.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from kaffefoerst.domain.errors import DomainError

BOM = b"\xef\xbb\xbf"
SEPARATORS = (";", "\t", ",")  # a tie goes to the last: comma, the format's own
# A lead byte followed by continuation bytes: text that was written as UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


@dataclass(slots=True)
class CsvText:
    """One decoded file: the rows (blank lines dropped) and where each row starts."""

    path: Path
    text: str
    delimiter: str
    encoding: str
    header: list[str]
    rows: list[list[str]]
    _lines: list[int] | None = field(default=None, repr=False)

    def line(self, index: int) -> int:
        """The line number of data row ``index`` as an editor shows it (the header is line
        1; blank lines and quoted line breaks count). Worked out only when a problem is named."""
        if self._lines is None:
            reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
            next(reader, None)
            lines: list[int] = []
            start = reader.line_num + 1
            for row in reader:
                if any(row):
                    lines.append(start)
                start = reader.line_num + 1
            self._lines = lines
        return self._lines[index] if index < len(self._lines) else index + 2


def decode(path: Path, raw: bytes) -> tuple[str, str]:
    """The text and the encoding's name; DomainError when neither reading holds."""
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
        try:
            return raw.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _unreadable(path, raw, exc.start) from exc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(raw):  # partly UTF-8: a damaged or glued-together file
            raise _unreadable(path, raw, exc.start) from exc
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc2:  # five bytes have no Windows-1252 character
            raise _unreadable(path, raw, exc2.start) from exc2


def _unreadable(path: Path, raw: bytes, offset: int) -> DomainError:
    return DomainError("import.unreadable", file=path.name, line=raw.count(b"\n", 0, offset) + 1)


def separator(first_line: str) -> str:
    """The separator the header line uses most (headers hold no separators of their own)."""
    return max(reversed(SEPARATORS), key=first_line.count)


def read_csv(path: Path) -> CsvText:
    """Decode and split one file. Raises FileNotFoundError, or DomainError if unreadable."""
    raw = path.read_bytes()
    text, encoding = decode(path, raw)
    first = text.split("\n", 1)[0]
    delimiter = separator(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        rows = [row for row in reader if any(row)]
    except csv.Error as exc:
        raise DomainError("import.unreadable", file=path.name, line=reader.line_num) from exc
    return CsvText(path, text, delimiter, encoding, [h.strip() for h in header], rows)
