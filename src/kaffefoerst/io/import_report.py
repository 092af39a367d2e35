"""The import's answer in words, the same on the command line and on the import screen."""

from __future__ import annotations

from kaffefoerst.locale import t
from kaffefoerst.store.import_merge import MergeReport, VisitLine

SHOWN = 20  # visits listed per kind; the rest are counted


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(
        t("import_run.count", n=n, table=t(f"import_run.table.{name}"))
        for name, n in counts.items()
        if n
    )


def _visit(line: VisitLine) -> str:
    fields = ", ".join(t(f"import_run.field.{f}") for f in line.fields)
    return t(
        "import_run.visit",
        id=line.source_id,
        day=line.day,
        citizen=line.citizen,
        fields=fields or "-",
    )


def _list(key: str, found: list[VisitLine]) -> list[str]:
    if not found:
        return []
    out = [t(key, n=len(found))]
    out += ["  " + _visit(v) for v in found[:SHOWN]]
    if len(found) > SHOWN:
        out.append("  " + t("import_file.more", count=len(found) - SHOWN))
    return out


def report_lines(report: MergeReport, db: str) -> list[str]:
    if report.nothing:
        return [t("import_run.nothing", db=db)]
    new = dict(report.new)
    if report.visits_new:
        new["visit"] = report.visits_new
    out = [t("import_run.done", db=db)]
    if any(new.values()):
        out.append(t("import_run.new", what=_counts(new)))
    if any(report.changed.values()):
        out.append(t("import_run.changed", what=_counts(report.changed)))
    if report.generated_replaced:
        out.append(t("import_days.replaced", n=report.generated_replaced))
    out += _list("import_run.visits_changed", report.visits_changed)
    out += _list("import_run.visits_cancelled", report.visits_cancelled)
    out += _list("import_run.conflicts", report.conflicts)
    if report.skipped:
        names = ", ".join(t(f"import_run.table.{n}") for n in report.skipped)
        out.append(t("import_run.skipped", what=names))
    return out
