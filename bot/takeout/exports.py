"""A group's tables as files: CSV for Excel (a zip of one CSV per table) or XLSX (one sheet
per table, with openpyxl).

CSV is written the way Excel opens it with a double click: UTF-8 with a byte order mark
(else Excel reads it as the local code page and accents break), CRLF line ends, and the
separator of the language's own Excel: a comma in English, a semicolon in French (where
the comma is the decimal mark). Times are ISO 8601 ("2027-02-12 14:00"), which Excel reads
as dates in every locale. A cell that would start a formula (=, +, -, @) is prefixed with
an apostrophe, so a name like "=HYPERLINK(...)" stays text."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.effects import Attachment
from bot.takeout.tables import Cell, Table

FORMATS = ("xlsx", "csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
SEPARATORS = {"fr": ";"}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return _safe(value)


def csv_bytes(table: Table, locale: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATORS.get(locale, ","), lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def csv_zip(tables: Iterable[Table], locale: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(f"{table.title}.csv", csv_bytes(table, locale))
    return buffer.getvalue()


def write_csv_folder(tables: Iterable[Table], locale: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for table in tables:
        (folder / f"{table.title}.csv").write_bytes(csv_bytes(table, locale))


def _sheet(book: Workbook, table: Table) -> None:
    sheet: WriteOnlyWorksheet = book.create_sheet(table.title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in table.headers:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells = []
        for value in row:
            if isinstance(value, datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=datetime.combine(value, time()))
                cell.number_format = "yyyy-mm-dd"
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)


def xlsx(tables: Iterable[Table]) -> bytes:
    book = Workbook(write_only=True)
    for table in tables:
        _sheet(book, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def attachment(tables: Iterable[Table], kind: str, locale: str, name: str) -> Attachment:
    if kind == "csv":
        return Attachment(f"{name}-csv.zip", csv_zip(tables, locale), ZIP)
    return Attachment(f"{name}.xlsx", xlsx(tables), XLSX)
