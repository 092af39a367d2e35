"""Route sheets as an A4 PDF through fpdf2, one carer per page (more when a day is long).

A Unicode TrueType font is embedded so æ, ø, å, – and · print as they are: DejaVu Sans, which
Debian installs with fonts-dejavu-core. Only io/route_export imports this module, for a PDF.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from kaffefoerst.domain.errors import DomainError
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

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
FONT = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"
# Triage is printed as a word; the colour bar beside a stop only repeats it (black-and-white
# printers lose colour, so the bar is also drawn in a different width).
_BAR = {"RED": ((176, 0, 32), 2.2), "YELLOW": ((166, 107, 0), 1.4)}
LABEL_W = 38.0  # mm: the detail labels' column
LINE = 4.6  # mm: one line of 9.5 pt text


def find_font(dirs: tuple[Path, ...] = FONT_DIRS) -> tuple[Path, Path]:
    for folder in dirs:
        regular, bold = folder / FONT, folder / FONT_BOLD
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise DomainError("route.no_font", font=FONT, where=", ".join(str(d) for d in dirs))


def routes_pdf(sheets: list[RouteSheet], t: Text) -> bytes:
    regular, bold = find_font()

    class RoutePDF(FPDF):
        running = ""  # the current sheet's title, repeated on its following pages

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", size=8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, self.running, align="L")
            self.set_x(self.l_margin)
            page = t("route.page", page=self.page_no(), pages="{nb}")
            self.cell(0, 5, page, align="R")
            self.set_text_color(0, 0, 0)

    pdf = RoutePDF(format="A4", unit="mm")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_creator("kaffefoerst")
    pdf.set_title(t("route.html_title"))
    for sheet in sheets:
        pdf.add_page()  # draws the previous page's footer with the previous title
        pdf.running = sheet_title(sheet, t)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 6.2, sheet_title(sheet, t), align="L", new_x=XPos.LMARGIN)
        pdf.set_font("DejaVu", size=9.5)
        for line in sheet_notes(sheet, t):
            pdf.multi_cell(0, LINE, line, align="L", new_x=XPos.LMARGIN)
        pdf.ln(1.5)
        top = pdf.get_y()
        for label, people in contact_lines(sheet, t):
            pdf.set_font("DejaVu", "B", 9.5)
            pdf.set_x(pdf.l_margin + 2)
            pdf.cell(LABEL_W + 8, LINE, label + ":")
            pdf.set_font("DejaVu", size=9.5)
            for person in people:
                pdf.set_x(pdf.l_margin + LABEL_W + 10)
                pdf.multi_cell(0, LINE, person, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.rect(pdf.l_margin, top - 1, pdf.epw, pdf.get_y() - top + 2)
        pdf.ln(4)
        for number, stop in enumerate(sheet.stops, 1):
            details = stop_details(stop, t)
            marks = stop_marks(stop, t)
            head = f"{number}.  {span(stop.start_min, stop.end_min)}   {stop.citizen_name}"
            if marks:
                head += "   [" + ", ".join(marks) + "]"
            # Keep a stop on one page: measure it before drawing.
            needed = _height(pdf, head, details)
            if pdf.get_y() + needed > pdf.page_break_trigger:
                pdf.add_page()
            start_y = pdf.get_y()
            pdf.set_font("DejaVu", "B", 10.5)
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 5.4, head, align="L", new_x=XPos.LMARGIN)
            for label, value in details:
                pdf.set_x(pdf.l_margin + 10)
                pdf.set_font("DejaVu", size=8.5)
                pdf.set_text_color(70, 70, 70)
                pdf.cell(LABEL_W - 10, LINE, label)
                pdf.set_text_color(0, 0, 0)
                pdf.set_font("DejaVu", size=9.5)
                pdf.multi_cell(0, LINE, value, align="L", new_x=XPos.LMARGIN)
            bar = _BAR.get(stop.triage.colour.value) if stop.triage else None
            colour, width = bar if bar else ((170, 170, 170), 0.5)
            pdf.set_fill_color(*colour)
            pdf.rect(pdf.l_margin, start_y + 0.5, width, pdf.get_y() - start_y - 0.5, style="F")
            pdf.ln(2.4)
    return bytes(pdf.output())


def _height(pdf: object, head: str, details: list[tuple[str, str]]) -> float:
    """The stop's height, from string widths (a full dry run doubled the export time); one
    spare line per wrapped text keeps the estimate on the safe side."""
    pdf.set_font("DejaVu", "B", 10.5)  # type: ignore[attr-defined]
    total = 5.4 * _lines(pdf.get_string_width(head), pdf.epw - 6)  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", size=9.5)  # type: ignore[attr-defined]
    for _label, value in details:
        width = pdf.get_string_width(value)  # type: ignore[attr-defined]
        total += LINE * _lines(width, pdf.epw - LABEL_W - 2)  # type: ignore[attr-defined]
    return total + 2.4


def _lines(width: float, room: float) -> int:
    whole = int(width // room) + 1
    return whole if whole == 1 else whole + 1
