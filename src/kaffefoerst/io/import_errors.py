"""Every problem in an import at once: each names file, line, column, value and why.

A person fixing a file wants the whole list in one run, not one error per run. The checks add
problems to a ``Problems`` list and carry on; at the end ``raise_if_any`` raises one
``ImportFailed`` holding them all, and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable

from kaffefoerst.domain.errors import DomainError

SHOWN = 50  # problems printed; the rest are counted ("og 12 fejl mere")


class ImportFailed(DomainError):
    """An import refused as a whole; ``problems`` holds every reason, in file and line order."""

    def __init__(self, problems: list[DomainError]) -> None:
        super().__init__("import_file.failed", count=len(problems))
        self.problems = problems


class Problems:
    """Problems found so far, kept in the order of the files and their lines."""

    def __init__(self) -> None:
        self._found: list[tuple[int, int, int, DomainError]] = []
        self._file_order: dict[str, int] = {}

    def add(
        self, key: str, *, file: str, line: int = 0, column_no: int = 0, **fields: object
    ) -> None:
        order = self._file_order.setdefault(file, len(self._file_order))
        fields = {"file": file, **({"line": line} if line else {}), **fields}
        self._found.append((order, line, column_no, DomainError(key, **fields)))

    def add_error(self, error: DomainError) -> None:
        """A problem found by code that raises (reading a file)."""
        file = str(error.fields.get("file", ""))
        line = error.fields.get("line", 0)
        order = self._file_order.setdefault(file, len(self._file_order))
        self._found.append((order, line if isinstance(line, int) else 0, 0, error))

    def __bool__(self) -> bool:
        return bool(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def in_file(self, file: str) -> bool:
        order = self._file_order.get(file)
        return order is not None and any(o == order for o, *_ in self._found)

    def sorted(self) -> list[DomainError]:
        return [p for *_, p in sorted(self._found, key=lambda f: f[:3])]

    def raise_if_any(self) -> None:
        if self._found:
            raise ImportFailed(self.sorted())


def lines(error: DomainError, text: Callable[..., str], shown: int = SHOWN) -> list[str]:
    """What to show for a refused import: the problems, at most ``shown``, then how many more
    and that nothing was stored. ``text`` is the locale's t()."""
    problems = error.problems if isinstance(error, ImportFailed) else [error]
    out = [text(p.key, **p.fields) for p in problems[:shown]]
    if len(problems) > shown:
        out.append(text("import_file.more", count=len(problems) - shown))
    out.append(text("import_file.nothing_stored", count=len(problems)))
    return out
