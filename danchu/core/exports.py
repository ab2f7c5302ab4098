"""Table downloads (.xlsx or .csv): one function for every export view, with one audit row.

    return table_download(
        request, headers=headers, rows=rows, fmt="xlsx", sheet=_("Phản ánh, kiến nghị"),
        filename=f"phan-anh-kien-nghi-{unit.name}", verb="feedback.feedback.exported", target=unit, unit=unit,
        data={"filters": request.GET.dict()},
    )

The file is written by core.tabular (UTF-8 with BOM for CSV, real dates, text never run as a formula: a cell that
starts with =, +, -, @ is escaped). An export of a register holds personal data, so every download writes one
audit row (`verb`, the format, the number of rows, what the caller adds in `data`) in its own transaction before
the file is sent. The file name is made ASCII-safe (Vietnamese folded, spaces to dashes) with the Unicode name in
`filename*` (RFC 6266).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _

from . import audit
from .text import fold, nfc

# --- writing the files --------------------------------------------------------------------------------

_FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?![\d\s.,()]*$)")


def _row_values(headers: Sequence[str], row: Mapping[str, Any] | Sequence[Any]) -> list[Any]:
    if isinstance(row, Mapping):
        return [row.get(h) for h in headers]
    return list(row)


def _export_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = unicodedata.normalize("NFC", str(value))
    if isinstance(value, str) and _FORMULA_START.match(text):
        text = "'" + text  # spreadsheet formula injection
    return text


def write_csv(
    headers: Sequence[str], rows: Iterable[Mapping[str, Any] | Sequence[Any]], *, delimiter: str = ","
) -> bytes:
    """CSV as UTF-8 with BOM (Excel then shows diacritics), CRLF lines, dates as dd/mm/yyyy.

    Rows are dicts keyed by header or sequences in header order. Text that Excel would run as a
    formula (=…, @…, +/-… that is not a number) is prefixed with an apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_export_text(h) for h in headers])
    for row in rows:
        writer.writerow([_export_text(v) for v in _row_values(headers, row)])
    return buffer.getvalue().encode("utf-8-sig")


_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Mapping[str, Any] | Sequence[Any]], sheet_title: str = "Danh sách"
) -> bytes:
    """One-sheet .xlsx: bold, frozen header row with a filter, fitted column widths, real dates.

    Text is always stored as text (never as a formula).
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (_SHEET_TITLE_FORBIDDEN.sub(" ", sheet_title).strip() or "Sheet1")[:31]
    widths = [len(str(h)) for h in headers]
    sheet.append([unicodedata.normalize("NFC", str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values = _row_values(headers, row)
        prepared: list[Any] = []
        for value in values:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", unicodedata.normalize("NFC", value))
            elif isinstance(value, Decimal):
                value = float(value)
            prepared.append(value)
        sheet.append(prepared)
        for i, (cell, value) in enumerate(zip(sheet[sheet.max_row], prepared, strict=False)):
            if isinstance(value, str):
                cell.data_type = "s"  # "=..." stays text
            elif isinstance(value, dt.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            if i < len(widths):
                widths[i] = max(widths[i], len(_export_text(value)))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width, 6) + 2, 60)
    if headers:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- downloads ---

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def safe_filename(name: str) -> str:
    """"Sổ tiếp công dân — Xã An Bình" → "so-tiep-cong-dan-xa-an-binh" (ASCII, no separators)."""
    return _UNSAFE.sub("-", fold(name)).strip("-.") or "danh-sach"


def attachment_disposition(filename: str, extension: str) -> str:
    """Content-Disposition for a download: an ASCII name and the Unicode one for browsers that read it."""
    ascii_name = f"{safe_filename(filename)}.{extension}"
    unicode_name = quote(f"{nfc(filename)}.{extension}", safe="")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{unicode_name}"


def table_bytes(fmt: str, headers: Sequence[str], rows: Iterable[Mapping[str, Any] | Sequence[Any]],
                sheet: str) -> bytes:
    if fmt == "xlsx":
        return write_xlsx(headers, rows, sheet)
    if fmt == "csv":
        return write_csv(headers, rows)
    raise ValueError(f"unknown export format {fmt!r}")


def table_download(request, *, headers: Sequence[str], rows: Iterable, filename: str, verb: str, target=None,
                   unit=None, fmt: str = "xlsx", sheet: str = "Danh sách", data: dict | None = None) -> HttpResponse:
    """The file as an attachment, after one audit row for the download."""
    if fmt not in FORMATS:
        fmt = "xlsx"
    rows = list(rows)
    content = table_bytes(fmt, headers, rows, sheet)
    with transaction.atomic():
        audit.record(actor=request.user, verb=verb, target=target, unit=unit,
                     data={"format": fmt, "rows": len(rows), **(data or {})})
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = attachment_disposition(filename, fmt)
    return response


def file_download(content: bytes, *, filename: str, extension: str, content_type: str,
                  inline: bool = False) -> HttpResponse:
    """A generated document (.docx, .pdf, .ics …) as a download (or inline, for a PDF shown in the browser)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = attachment_disposition(filename, extension)
    response["Content-Disposition"] = disposition.replace("attachment;", "inline;", 1) if inline else disposition
    return response


__all__ = ["FORMATS", "write_csv", "write_xlsx", "attachment_disposition", "file_download", "safe_filename", "table_bytes", "table_download"]
