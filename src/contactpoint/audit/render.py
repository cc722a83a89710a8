"""Audit reports as CSV and PDF. Rows come from queries.report_rows: opaque references only."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from fpdf import FPDF

from contactpoint.audit.queries import COLUMNS

CSV_CHUNK_ROWS = 1_000
# A PDF is for reading and printing, and costs ~3 ms of CPU a row to build: a download holds
# at most this many rows (~110 pages, ~15 s of one core); larger reports are CSV.
PDF_LIMIT = 5_000
# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PDF_WIDTHS = (14, 30, 40, 14, 22, 18, 10, 16, 18, 95)


def to_csv(rows: Sequence[tuple[str, ...]]) -> bytes:
    return b"".join(csv_chunks(rows))


def csv_chunks(rows: Sequence[tuple[str, ...]], size: int = CSV_CHUNK_ROWS) -> Iterator[bytes]:
    """The CSV a piece at a time, so a large report streams as it is written."""
    for start in range(0, max(len(rows), 1), size):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if start == 0:
            writer.writerow(COLUMNS)
        writer.writerows(tuple(_inert(cell) for cell in row) for row in rows[start : start + size])
        yield buffer.getvalue().encode()


def _inert(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def to_pdf(rows: Sequence[tuple[str, ...]], *, title: str, filters: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(title)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.cell(text=title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    pdf.cell(text=f"{filters} - {len(rows)} events", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", size=7)
    with pdf.table(col_widths=_PDF_WIDTHS, text_align="LEFT", first_row_as_headings=True) as table:
        table.row(COLUMNS)
        for row in rows:
            table.row(row)
    return bytes(pdf.output())
