"""Reading the first sheet of an .xlsx into rows for core.tabular, with bounds checked before openpyxl works.

openpyxl loads the whole shared-string table of a workbook before the first row, even in read-only mode, so a
small file holding millions of tiny shared strings cost a minute of CPU (issue 12 L7). The table is measured in
the ZIP first (its unpacked size, then its entries counted in a stream) and refused beyond what any list of
MAX_ROWS rows could need.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

Cell = str | dt.date  # what a cell becomes (core.tabular)
SHARED_STRINGS = "xl/sharedStrings.xml"
MAX_SHARED_STRINGS = 1_000_000  # 50,000 rows × 20 distinct texts
MAX_SHARED_STRINGS_BYTES = 48 * 1024 * 1024
_SI = re.compile(rb"<(?:\w+:)?si[ >/]")


def _check_shared_strings(data: bytes, corrupt) -> None:
    from .tabular import TableError

    too_many = TableError(_("Tệp Excel chứa quá nhiều ô chữ khác nhau; hãy chia danh sách thành nhiều tệp "
                            "hoặc lưu lại thành CSV UTF-8."), code="too_large")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo(SHARED_STRINGS)
            except KeyError:
                return
            if info.file_size > MAX_SHARED_STRINGS_BYTES:
                raise too_many
            count, tail = 0, b""
            with archive.open(info) as member:
                while chunk := member.read(1 << 20):
                    window = tail + chunk  # a tag cut by the chunk boundary is found once, in the next window
                    count += sum(1 for m in _SI.finditer(window) if m.end() > len(tail))
                    tail = chunk[-8:]
                    if count > MAX_SHARED_STRINGS:
                        raise too_many
    except TableError:  # a ValueError too: not "corrupt"
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise corrupt from None


def read_xlsx_rows(data: bytes, max_unpacked: int, limit: int, max_rows: int) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook  # deferred: heavy, only needed for .xlsx

    from .tabular import TableError, too_many_rows  # the reading errors of core.tabular

    corrupt = TableError(
        _("Tệp Excel bị hỏng hoặc không đúng định dạng .xlsx; hãy mở bằng Excel và lưu lại."), code="corrupt"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise corrupt from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise TableError(
            _("Tệp có đuôi .xlsx nhưng không chứa bảng tính Excel (có thể là tệp nén hoặc tài liệu khác)."),
            code="mismatch",
        )
    if unpacked > max_unpacked:
        raise TableError(
            _("Tệp Excel quá lớn khi giải nén; hãy chia danh sách thành nhiều tệp."), code="too_large"
        )
    _check_shared_strings(data, corrupt)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors)
        raise corrupt from None
    rows: list[tuple[int, list[Any]]] = []
    try:
        if not workbook.worksheets:
            raise TableError(_("Tệp Excel không có trang tính nào."), code="empty")
        for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            cells = [xlsx_value(v) for v in values]
            if any(c != "" for c in cells):
                rows.append((number, cells))
                if len(rows) > limit:
                    raise too_many_rows(max_rows)
    except TableError:
        raise
    except Exception:
        raise corrupt from None
    finally:
        workbook.close()
    return rows


def xlsx_value(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def number_text(value: float) -> str:
    if not math.isfinite(value):
        return ""
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text else text
