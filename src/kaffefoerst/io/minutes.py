"""Meeting minutes as Markdown, and exported to a file only its owner can read.

Older minutes lack some fields (visit times, where a move went): each line says what it has.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from kaffefoerst.io.private import write_private
from kaffefoerst.io.report import number

Text = Callable[..., str]  # the locale's t(), passed in so io/ stays free of UI state
Row = dict[str, Any]


def _clock(at: str) -> str:
    """HH:MM on the local clock, as the meeting screen shows it (minutes store UTC)."""
    return datetime.fromisoformat(at).astimezone().strftime("%H:%M")


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _who(carer: str | None, t: Text) -> str:
    return carer if carer else t("minutes.unassigned")


def where(c: Row, t: Text) -> str:
    """Where a visit went: 'fra LP til MH kl. 09:00', or 'hos LP kl. 09:00 → 09:30'."""
    if "to" not in c:
        return ""
    before, after = c.get("from_min"), c.get("to_min")
    if c.get("from") != c["to"]:
        route = t("minutes.route", before=_who(c.get("from"), t), after=_who(c["to"], t))
    else:
        route = t("minutes.same_route", carer=_who(c["to"], t))
    if before is not None and after is not None and before != after:
        return f"{route} {t('minutes.retimed', before=hhmm(before), after=hhmm(after))}"
    return f"{route} {t('minutes.at', time=hhmm(after))}" if after is not None else route


# Plan edits (issue 12) name their verbs in their own locale table.
PLAN_VERBS = frozenset(
    {"visit_add", "visit_cancel", "visit_duration", "citizen_add", "citizen_pause"}
)


def _verb(action: str, t: Text) -> str:
    return t(f"plan_edit.change.{action}") if action in PLAN_VERBS else t(f"change.{action}")


def plan_detail(c: Row, t: Text) -> str:
    """A plan edit's particulars: when, the reason, the durations, a pause's days."""
    bits = []
    if c.get("at_min") is not None:
        bits.append(t("plan_edit.change.at", time=hhmm(c["at_min"])))
    if c.get("duration_from") is not None and c.get("duration_to") is not None:
        bits.append(
            t("plan_edit.change.duration", before=c["duration_from"], after=c["duration_to"])
        )
    elif c.get("duration_to") is not None:
        bits.append(f"{c['duration_to']} min.")
    if c.get("reason") is not None and c["action"] == "visit_cancel":
        bits.append(f"({t('plan_edit.reason.' + str(c['reason']))})")
    if c.get("paused"):
        p = c["paused"]
        bits.append(t("plan_edit.change.paused", start=p["from"], end=p["to"], n=p["cancelled"]))
    return " ".join(bits)


def change_lines(changes: list[Row], t: Text) -> list[str]:
    """One line per change; an undo folds into the move it put back when both are listed."""
    undone = {c["undoes"]: c for c in changes if c.get("undoes") is not None}
    listed = {c.get("id") for c in changes if c.get("id")}
    lines = []
    for c in changes:
        if c.get("undoes") in listed:
            continue  # told on the move's own line
        text = f"{_clock(c['at'])} {c['actor']}: {_verb(c['action'], t)} {c['what']}"
        detail = plan_detail(c, t) if c["action"] in PLAN_VERBS else ""
        if detail:
            text += " " + detail
        if c.get("kind"):
            text += f" ({t('absence.kind.' + c['kind'])})"
        if c.get("undoes") is not None and "to" in c:  # the move it undid is older
            back = c.get("to_min")
            text += " " + t(
                "minutes.undo_back",
                carer=_who(c["to"], t),
                time=hhmm(back) if back is not None else "",
            )
        elif "to" in c:
            text += " " + where(c, t)
        if c.get("id") in undone:
            undo = undone[c["id"]]
            text += " " + t("minutes.undone", at=_clock(undo["at"]), actor=undo["actor"])
        if c["outside"]:
            text += f" **{t('change.outside')}**"
        lines.append("- " + text.rstrip())
    return lines


def triage_line(n: Row, t: Text) -> str:
    """'**Fru Jensen** (gul): faldet · ændringsskema: mobilitet · handling: … · ansvarlig: AB'."""
    points = [p for p in (n.get("points") or "").split(",") if p.strip()]
    bits = [n.get("observation", "")]
    if points:
        names = ", ".join(t(f"triage.point.{p.strip()}") for p in points)
        bits.append(t("minutes.points", points=names))
    if n.get("action"):
        bits.append(t("minutes.action", action=n["action"]))
    if n.get("responsible"):
        bits.append(t("minutes.responsible", carer=n["responsible"]))
    if n.get("follow_up"):
        bits.append(t("minutes.follow_up", day=n["follow_up"]))
    if n.get("reason"):
        bits.append(t("minutes.reason", reason=n["reason"]))
    said = " · ".join(b for b in bits if b) or "–"
    return f"- **{n['citizen']}** ({t('triage.colour.' + n['colour'])}): {said}"


def attendance_lines(m: Row, t: Text) -> list[str]:
    """Who came and who did not, as two list items (Markdown would join two plain lines)."""
    lines = []
    if m.get("attendance"):
        lines.append("- " + t("minutes.present", carers=", ".join(m["attendance"])))
    away = []
    for a in m.get("not_present", []):
        arrives = a.get("arrives_min")
        if arrives is None:
            away.append(a["carer"])
        else:
            key = "minutes.called_in" if a.get("substitute") else "minutes.arrives"
            away.append(f"{a['carer']} ({t(key, time=hhmm(arrives))})")
    if away:
        lines.append("- " + t("minutes.not_present", carers=", ".join(away)))
    return lines or ["–"]


def _cover_line(c: Row, t: Text) -> str:
    time = f"{hhmm(c['start_min'])} " if c.get("start_min") is not None else ""
    return (
        f"- {time}{c['citizen']}: {c['by']} {t('minutes.covers_for', absent=c['for'])} "
        f"({t('cover.source_short.' + c['source'])})"
    )


def evening_lines(x: Row, t: Text) -> list[str]:
    """'- [✓] Hr. Iversen: … — MH · læst af CM kl. 16:05', then the evening shift's answers."""
    if x.get("read_by") and x.get("read_at"):
        said = t("inbox.read", by=x["read_by"], at=_clock(x["read_at"]))
        mark = "[✓]"
    else:
        said, mark = t("inbox.unread"), "[ ]"
    citizen = f"{x['citizen']}: " if x.get("citizen") else ""
    lines = [f"- {mark} {citizen}{x['text']} — {x['author']} · {said}"]
    lines += [
        "  - " + t("inbox.reply_line", author=r["author"], text=r["text"])
        for r in x.get("replies", [])
    ]
    return lines


def decision_line(d: Row, t: Text) -> str:
    """'- **Hr. Iversen**: tal med datteren · ansvarlig: KR Kirsten Rahbek · opfølgning …':
    a decision names its responsible by name (004)."""
    who = f"{d['responsible']} {d.get('responsible_name', '')}".strip()
    return "- " + t(
        "decisions.minutes.line",
        citizen=d["citizen"],
        decision=d["decision"],
        responsible=who,
        day=d["follow_up"],
        by=d.get("by", ""),
    )


def outcome_line(d: Row, t: Text) -> str:
    return "- " + t(
        "decisions.minutes.outcome",
        citizen=d["citizen"],
        decision=d["decision"],
        outcome=d["outcome"],
        by=d.get("outcome_by", ""),
    )


def minutes_markdown(minutes: Row, t: Text) -> str:
    m = minutes
    lines = [
        f"# {t('minutes.title', day=m['day'])}",
        "",
        t(
            "minutes.meta",
            chair=m.get("chair", ""),
            duration=number(m.get("duration_min", 0)),
            planned=m.get("planned_min", 15),
        ),
        "",
        f"## {t('minutes.attendance')}",
        *attendance_lines(m, t),
        "",
        f"## {t('minutes.absences')}",
    ]
    lines += [
        f"- {a['carer']}: {t('absence.kind.' + a['kind'])} ({a['from']} – {a['to']})"
        for a in m.get("absences", [])
    ] or ["–"]
    lines += ["", f"## {t('minutes.covers')}"]
    lines += [_cover_line(c, t) for c in m.get("covers", [])] or ["–"]
    lines += ["", f"## {t('minutes.changes')}"]
    lines += change_lines(m.get("changes", []), t) or ["–"]
    if m.get("evening"):
        lines += ["", f"## {t('inbox.yesterday')}"]
        lines += [line for x in m["evening"] for line in evening_lines(x, t)]
    lines += ["", f"## {t('minutes.triage')}"]
    lines += [triage_line(n, t) for n in m.get("triage", [])] or ["–"]
    lines += ["", f"## {t('minutes.board')}"]
    lines += [f"- {b['citizen']}: {b['reason']} ({b['by']})" for b in m.get("board", [])] or ["–"]
    lines += ["", f"## {t('decisions.minutes.title')}"]
    lines += [decision_line(d, t) for d in m.get("decisions", [])] or ["–"]
    if m.get("outcomes"):
        lines += ["", f"## {t('decisions.minutes.outcomes')}"]
        lines += [outcome_line(d, t) for d in m["outcomes"]]
    lines += ["", f"## {t('minutes.messages')}"]
    lines += [
        f"- {t('message.to.' + x['to'])}: {x['text']}"
        + (f" ({x['citizen']})" if x.get("citizen") else "")
        + f" — {x['author']}"
        for x in m.get("messages", [])
    ] or ["–"]
    return "\n".join(lines) + "\n"


def export_minutes(markdown: str, path: Path) -> Path:
    """Owner-only (0600), through a fresh temporary file renamed over the target: minutes name
    citizens (health data), and a half-written or pre-existing wider file is never left."""
    return write_private(Path(path).expanduser(), markdown)
