"""Route sheets as one HTML page that prints cleanly on A4: one carer per printed page, every
piece of data escaped, no scripts and nothing loaded from elsewhere."""

from __future__ import annotations

from html import escape

from kaffefoerst.domain.route import RouteSheet
from kaffefoerst.io.route_text import (
    Text,
    contact_lines,
    sheet_notes,
    sheet_title,
    span,
    stop_details,
    stop_marks,
)

# Print first: A4 margins, a page break after each carer, a stop never split across pages.
# Triage is told by a word and a border style as well as colour (never colour alone).
_CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111;
  margin: 0 auto; max-width: 190mm; line-height: 1.35; overflow-wrap: anywhere; }
section.sheet { padding: 4mm 0; }
section.sheet + section.sheet { border-top: 1px solid #999; }
h1 { font-size: 14pt; margin: 0 0 2mm; }
p.note { margin: 0; }
dl.contacts { display: grid; grid-template-columns: max-content 1fr; gap: 0 3mm;
  margin: 2mm 0 3mm; padding: 2mm 3mm; border: 1px solid #777; }
dl.contacts dt { font-weight: bold; }
dl.contacts dd { margin: 0; }
ol.stops { list-style: none; margin: 0; padding: 0; }
li.stop { break-inside: avoid; page-break-inside: avoid; border-left: 6px solid #d4d4d4;
  padding: 1.5mm 0 1.5mm 3mm; margin: 0 0 2mm; }
li.stop.red { border-left: 6px double #b00020; }
li.stop.yellow { border-left: 6px dashed #a66b00; }
.head { font-weight: bold; font-size: 11.5pt; }
.num { display: inline-block; width: 8mm; }
.marks { font-weight: bold; margin-left: 2mm; }
table.details { border-collapse: collapse; margin: 0.5mm 0 0 8mm; }
table.details th { text-align: left; font-weight: normal; color: #444; width: 36mm;
  padding: 0 3mm 0 0; vertical-align: top; }
table.details td { padding: 0; vertical-align: top; }
@media print {
  body { max-width: none; }
  section.sheet { break-after: page; page-break-after: always; padding: 0; }
  section.sheet:last-child { break-after: auto; page-break-after: auto; }
  section.sheet + section.sheet { border-top: none; }
}
"""


def _sheet(sheet: RouteSheet, t: Text) -> str:
    parts = ['<section class="sheet">', f"<h1>{escape(sheet_title(sheet, t))}</h1>"]
    parts += [f'<p class="note">{escape(line)}</p>' for line in sheet_notes(sheet, t)]
    parts.append('<dl class="contacts">')
    for label, people in contact_lines(sheet, t):
        names = "<br>".join(escape(person) for person in people)
        parts.append(f"<dt>{escape(label)}</dt><dd>{names}</dd>")
    parts.append("</dl>")
    parts.append('<ol class="stops">')
    for number, stop in enumerate(sheet.stops, 1):
        colour = stop.triage.colour.value.lower() if stop.triage else ""
        marks = stop_marks(stop, t)
        head = (
            f'<span class="num">{number}.</span>{escape(span(stop.start_min, stop.end_min))}'
            f" &nbsp;{escape(stop.citizen_name)}"
        )
        if marks:
            head += f'<span class="marks">[{escape(", ".join(marks))}]</span>'
        parts.append(f'<li class="stop {colour}"><div class="head">{head}</div>')
        parts.append('<table class="details">')
        for label, value in stop_details(stop, t):
            parts.append(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>")
        parts.append("</table></li>")
    parts.append("</ol></section>")
    return "\n".join(parts)


def routes_html(sheets: list[RouteSheet], t: Text, lang: str) -> str:
    title = sheet_title(sheets[0], t) if len(sheets) == 1 else t("route.html_title")
    body = "\n".join(_sheet(sheet, t) for sheet in sheets)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        # Nothing from elsewhere, no scripts: a saved route list is inert.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
        " style-src 'unsafe-inline'\">\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
