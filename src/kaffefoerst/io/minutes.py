"""Meeting minutes as Markdown, and exported to a file only its owner can read."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

Text = Callable[..., str]  # the locale's t(), passed in so io/ stays free of UI state


def _clock(at: str) -> str:
    """HH:MM on the local clock, as the meeting screen shows it (minutes store UTC)."""
    return datetime.fromisoformat(at).astimezone().strftime("%H:%M")


def minutes_markdown(minutes: dict[str, object], t: Text) -> str:
    m = minutes
    lines = [
        f"# {t('minutes.title', day=m['day'])}",
        "",
        t(
            "minutes.meta",
            chair=m.get("chair", ""),
            duration=m.get("duration_min", 0),
            planned=m.get("planned_min", 15),
        ),
        "",
        f"## {t('minutes.attendance')}",
        ", ".join(m.get("attendance", [])) or "–",  # type: ignore[arg-type]
        "",
        f"## {t('minutes.absences')}",
    ]
    lines += [
        f"- {a['carer']}: {t('absence.kind.' + a['kind'])} ({a['from']} – {a['to']})"
        for a in m.get("absences", [])
    ] or ["–"]  # type: ignore[union-attr]
    lines += ["", f"## {t('minutes.covers')}"]
    lines += [
        f"- {c['citizen']}: {c['by']} {t('minutes.covers_for', absent=c['for'])} "
        f"({t('cover.source_short.' + c['source'])})"
        for c in m.get("covers", [])
    ] or ["–"]  # type: ignore[union-attr]
    lines += ["", f"## {t('minutes.changes')}"]
    lines += [
        f"- {_clock(c['at'])} {c['actor']}: {t('change.' + c['action'])} {c['what']}"
        + (f" **{t('change.outside')}**" if c["outside"] else "")
        for c in m.get("changes", [])
    ] or ["–"]  # type: ignore[union-attr]
    lines += ["", f"## {t('minutes.triage')}"]
    for n in m.get("triage", []):  # type: ignore[union-attr]
        follow = t("minutes.follow_up", day=n["follow_up"]) if n.get("follow_up") else ""
        lines.append(
            f"- **{n['citizen']}** ({t('triage.colour.' + n['colour'])}): "
            f"{n['observation']} — {n['action']} {n['responsible']} {follow}".rstrip()
        )
    if not m.get("triage"):
        lines.append("–")
    lines += ["", f"## {t('minutes.board')}"]
    lines += [f"- {b['citizen']}: {b['reason']} ({b['by']})" for b in m.get("board", [])] or ["–"]  # type: ignore[union-attr]
    lines += ["", f"## {t('minutes.messages')}"]
    lines += [
        f"- {t('message.to.' + x['to'])}: {x['text']}"
        + (f" ({x['citizen']})" if x.get("citizen") else "")
        + f" — {x['author']}"
        for x in m.get("messages", [])
    ] or ["–"]  # type: ignore[union-attr]
    return "\n".join(lines) + "\n"


def export_minutes(markdown: str, path: Path) -> Path:
    """Write the file readable by its owner only (minutes name citizens: health data)."""
    path = Path(path).expanduser()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # the mode above only applies to a new file: narrow an old one first
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(markdown)
    return path
