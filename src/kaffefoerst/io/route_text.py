"""The words of a route sheet, shared by the Rute screen and every export format, so the
screen, the text, the HTML and the PDF say the same thing. ``t`` is the locale's t(), passed in.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date

from kaffefoerst.domain.route import Contact, RouteSheet, RouteStop

Text = Callable[..., str]
_MD_ACTIVE = frozenset("\\`*_[]<>|~")
WIDTH = 78  # a plain-text route list fits an 80-column terminal and a printed page


def hhmm(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def span(start: int, end: int) -> str:
    return f"{hhmm(start)}–{hhmm(end)}"


def long_day(day: date, t: Text) -> str:
    weekday, month = t(f"weekday.{day.weekday()}"), t(f"month.{day.month}")
    return t("header.date", weekday=weekday, day=day.day, month=month, year=day.year)


def who(sheet: RouteSheet, t: Text) -> str:
    """'BS Birthe Schmidt (SSH)', or 'Ikke fordelt' for the visits nobody has yet."""
    if sheet.carer_id is None:
        return t("board.unassigned")
    return t("route.who", initials=sheet.initials, name=sheet.name, profession=sheet.profession)


def sheet_title(sheet: RouteSheet, t: Text) -> str:
    parts = [t("route.title", who=who(sheet, t))]
    if sheet.team:
        parts.append(t("board.team", name=sheet.team))
    parts.append(long_day(sheet.day, t))
    if sheet.shift is not None:
        parts.append(span(*sheet.shift))
    return " · ".join(parts)


def sheet_notes(sheet: RouteSheet, t: Text) -> list[str]:
    """Under the title: the carer's own phone, absence, an empty day."""
    lines = []
    if sheet.phone:
        lines.append(t("route.own_phone", phone=sheet.phone))
    if sheet.absent:
        lines.append(t("route.absent", initials=sheet.initials))
    if not sheet.stops:
        lines.append(t("route.no_visits"))
    else:
        lines.append(t("route.count", n=len(sheet.stops)))
    return lines


def _contact(contact: Contact, t: Text) -> str:
    text = t("route.contact", initials=contact.initials, name=contact.name, phone=contact.phone)
    return text + (" " + t("route.phone_duty") if contact.phone_duty else "")


def contact_lines(sheet: RouteSheet, t: Text) -> list[tuple[str, list[str]]]:
    """Whom to call: the day's planner and the nurse(s) on duty, one person a line with phone."""
    none = [t("route.nobody")]
    return [
        (t("route.planner"), [_contact(c, t) for c in sheet.planners] or none),
        (t("route.nurse"), [_contact(c, t) for c in sheet.nurses] or none),
    ]


def stop_head(stop: RouteStop) -> str:
    """'07:20–07:35  Karen Lund': the time and the full name lead every stop."""
    return f"{span(stop.start_min, stop.end_min)}  {stop.citizen_name}"


def stop_marks(stop: RouteStop, t: Text) -> list[str]:
    """Short words that must be seen at once: triage colour, fixed time, two carers."""
    marks = []
    if stop.warnings:
        marks.append(t("route.warning_mark"))
    if stop.triage is not None:
        marks.append(t("route.triage_mark", colour=t(f"triage.colour.{stop.triage.colour.value}")))
    if stop.fixed_time:
        marks.append(t("route.fixed"))
    if stop.two_carers:
        marks.append(t("route.two", partner=stop.partner or t("route.partner_missing")))
    return marks


def stop_details(stop: RouteStop, t: Text) -> list[tuple[str, str]]:
    """(label, text) lines under the head, in the order a carer needs them."""
    lines = []
    if stop.warnings:
        lines.append((t("route.warning"), "; ".join(t(f"warning.{w}") for w in stop.warnings)))
    address = f"{stop.address} ({stop.area})" if stop.area else stop.address
    lines.append((t("route.address"), address))
    time = []
    if stop.window is not None:
        time.append(t("route.window", span=span(*stop.window)))
    if stop.fixed_time:
        time.append(t("route.fixed_long"))
    if time:
        lines.append((t("route.time"), " · ".join(time)))
    if stop.wishes:
        lines.append((t("route.wishes"), stop.wishes))
    if stop.access:
        lines.append((t("route.access"), stop.access))
    lines.append((t("route.services"), "; ".join(stop.services) or t("route.no_services")))
    if stop.covers_for:
        lines.append((t("route.covers_label"), t("route.covers", initials=stop.covers_for)))
    if stop.triage is not None:
        note = stop.triage
        text = t(f"triage.colour.{note.colour.value}").upper()
        if note.action:
            text += " – " + note.action
        if note.follow_up is not None:
            text += " · " + t("route.follow_up", day=f"{note.follow_up:%d.%m.}")
        lines.append((t("route.triage"), text))
    return lines


def _wrapped(label: str, value: str, indent: int) -> list[str]:
    head = " " * indent + (f"{label}: " if label else "")
    return textwrap.wrap(
        value,
        WIDTH,
        initial_indent=head,
        subsequent_indent=" " * len(head),
        break_on_hyphens=False,
    ) or [head.rstrip()]


def routes_text(sheets: list[RouteSheet], t: Text) -> str:
    """Plain text: wrapped to 78 columns, nothing cut; sheets separated by a form feed so a
    printer starts each carer on a new page."""
    pages = []
    for sheet in sheets:
        lines = textwrap.wrap(sheet_title(sheet, t), WIDTH, break_on_hyphens=False)
        lines += sheet_notes(sheet, t)
        for label, people in contact_lines(sheet, t):
            lines += _wrapped(label, people[0], 0)
            for person in people[1:]:  # under the first, one person a line
                lines += [" " * (len(label) + 2) + line for line in _wrapped("", person, 0)]
        lines.append("=" * WIDTH)
        for number, stop in enumerate(sheet.stops, 1):
            head = f"{number:>2}. {stop_head(stop)}"
            marks = stop_marks(stop, t)
            lines += textwrap.wrap(
                head + ("  [" + ", ".join(marks) + "]" if marks else ""),
                WIDTH,
                subsequent_indent="    ",
                break_on_hyphens=False,
            )
            for label, value in stop_details(stop, t):
                lines += _wrapped(label, value, 4)
            lines.append("")
        pages.append("\n".join(lines).rstrip() + "\n")
    return "\f\n".join(pages)


def _md(value: str) -> str:
    """Data in Markdown stays text: the characters that act inline are escaped (data never
    starts a line here, so '#' and '-' need nothing)."""
    return "".join("\\" + c if c in _MD_ACTIVE else c for c in value)


def routes_markdown(sheets: list[RouteSheet], t: Text) -> str:
    parts = []
    for sheet in sheets:
        lines = [f"# {_md(sheet_title(sheet, t))}", ""]
        lines += [_md(line) + "  " for line in sheet_notes(sheet, t)]
        for label, people in contact_lines(sheet, t):
            lines.append(f"**{_md(label)}:** {_md('; '.join(people))}  ")
        lines.append("")
        for number, stop in enumerate(sheet.stops, 1):
            marks = stop_marks(stop, t)
            mark_text = f" — **{_md(', '.join(marks))}**" if marks else ""
            lines.append(f"## {number}. {_md(stop_head(stop))}{mark_text}")
            lines.append("")
            lines += [f"- **{_md(label)}:** {_md(value)}" for label, value in stop_details(stop, t)]
            lines.append("")
        parts.append("\n".join(lines).rstrip() + "\n")
    return "\n---\n\n".join(parts)
