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

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from django.db import transaction
from django.http import HttpResponse

from . import audit
from .tabular import write_csv, write_xlsx
from .text import fold, nfc

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


__all__ = ["FORMATS", "attachment_disposition", "file_download", "safe_filename", "table_bytes", "table_download"]
