"""Read uploaded CSV / XLSX lists into clean rows (no database).

`read_table(data, filename)` → `Table(headers, rows, encoding, converted_from, …)`:

* size, extension and content are checked first (an .xlsx must be a ZIP holding a workbook,
  a .csv must be text), then the rows are read:
  - .csv / .tsv / .txt: UTF-8 (with or without BOM), UTF-16 (BOM, or the NUL pattern of Excel's
    "Unicode text"), otherwise single-byte cp1258 or cp1252 (whichever reads as Vietnamese);
    delimiter sniffed among `,` `;` tab, and an Excel `sep=;` first line is honoured;
  - .xlsx: first sheet, openpyxl read-only with cached formula values; datetimes become dates;
    numbers become strings without ".0" (codes such as "0123" typed as text stay text).
* all text cells are judged together: double-encoded UTF-8, TCVN3 or VNI text is converted
  (`table.converted_from`), and text that is still unreadable raises `TableError`;
* every string is NFC and stripped; the header row is the first row (of the first 30) that is
  filled at least 60 % as wide as the widest one, so title lines above the table are skipped.

`TableError` is a `ValueError` whose message is Vietnamese and can be shown to the user as is (writing: core.exports).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from danchu.core import legacy_encodings as legacy
from danchu.core.text import fold

from .xlsx_reader import Cell, read_xlsx_rows

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})
XLSX_EXTENSION = ".xlsx"
HEADER_SEARCH_ROWS = 30
#: an .xlsx may not unpack to more than this many times the upload limit (zip bombs)
XLSX_MAX_EXPANSION = 40



class TableError(ValueError):
    """A file that cannot be imported; `str(error)` is a Vietnamese message for the user.

    `code` is stable for programs: too_large, empty, extension, mismatch, binary, corrupt,
    unreadable, legacy, too_many_rows, no_header, missing_columns.
    """

    def __init__(self, message: str, *, code: str, missing: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.missing = list(missing)


@dataclass
class Table:
    headers: list[str]
    rows: list[dict[str, Cell]]
    #: how the bytes were read: "xlsx", "utf-8", "utf-8-sig", "utf-16", "cp1258" or "cp1252"
    encoding: str
    #: "tcvn3", "vni" or "double-utf8" when the text was converted, else None
    converted_from: str | None = None
    #: 1-based line (CSV) or row (XLSX) number of the header and of each row, for messages
    header_line: int = 1
    line_numbers: list[int] = field(default_factory=list)

    def numbered_rows(self) -> Iterator[tuple[int, dict[str, Cell]]]:
        return zip(self.line_numbers, self.rows, strict=True)


# --- reading --------------------------------------------------------------------------------


def read_table(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    header_line: int | None = None,
) -> Table:
    """Read an uploaded .csv/.tsv/.txt or .xlsx file. `header_line` (1-based) skips the guess."""
    if len(data) > max_bytes:
        raise TableError(
            _("Tệp quá lớn (%(size)s MB). Giới hạn là %(limit)s MB; hãy chia danh sách thành nhiều tệp.")
            % {"size": _megabytes(len(data)), "limit": _megabytes(max_bytes)},
            code="too_large",
        )
    if not data.strip():
        raise TableError(_("Tệp rỗng, không có dữ liệu."), code="empty")
    extension = PurePath(filename or "").suffix.lower()
    _check_content(data, extension)
    limit = max_rows + HEADER_SEARCH_ROWS + 1
    if extension == XLSX_EXTENSION:
        raw, encoding = read_xlsx_rows(data, max_bytes * XLSX_MAX_EXPANSION, limit, max_rows), "xlsx"
    else:
        text, encoding = _decode(data)
        raw = _read_delimited(text, limit, max_rows, default_tab=extension in {".tsv", ".txt"})
    raw, converted_from = _repair(raw)
    raw = [(line, [_clean(cell) for cell in cells]) for line, cells in raw]
    raw = [(line, cells) for line, cells in raw if any(c != "" for c in cells)]
    _check_readable(raw)
    return _build_table(raw, encoding, converted_from, header_line, max_rows)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")


def too_many_rows(max_rows: int) -> TableError:
    return TableError(
        _("Tệp có quá nhiều dòng: tối đa %(limit)s dòng mỗi lần nhập; hãy chia thành nhiều tệp.")
        % {"limit": f"{max_rows:,}".replace(",", ".")},
        code="too_many_rows",
    )


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGICS = (b"MZ", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"Rar!", b"7z\xbc\xaf")


def _check_content(data: bytes, extension: str) -> None:
    if extension in {".xls", ".xlsm", ".xlsb", ".ods"}:
        raise TableError(
            _("Định dạng %(ext)s chưa được hỗ trợ. Hãy mở tệp bằng Excel và lưu lại thành .xlsx hoặc CSV UTF-8.")
            % {"ext": extension},
            code="extension",
        )
    if extension != XLSX_EXTENSION and extension not in TEXT_EXTENSIONS:
        raise TableError(
            _("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv); tệp «%(ext)s» không được hỗ trợ.")
            % {"ext": extension or _("không có đuôi")},
            code="extension",
        )
    if data.startswith(_OLE_MAGIC):
        raise TableError(
            _(
                "Tệp này là bảng tính Excel cũ (.xls) hoặc đang đặt mật khẩu. "
                "Hãy bỏ mật khẩu và lưu lại thành .xlsx hoặc CSV UTF-8."
            ),
            code="mismatch",
        )
    if extension == XLSX_EXTENSION:
        if not data.startswith(_ZIP_MAGIC):
            raise TableError(
                _("Tệp có đuôi .xlsx nhưng nội dung không phải bảng tính Excel."), code="mismatch"
            )
        return
    if data.startswith(_ZIP_MAGIC):
        raise TableError(
            _("Tệp có đuôi %(ext)s nhưng thực chất là tệp nén hoặc tệp Excel; hãy đổi đuôi thành .xlsx.")
            % {"ext": extension},
            code="mismatch",
        )
    if data.startswith(_BINARY_MAGICS):
        raise TableError(_binary_message(extension), code="binary")


def _binary_message(extension: str) -> str:
    return _("Tệp có đuôi %(ext)s nhưng không phải tệp văn bản (có vẻ là tệp nhị phân).") % {"ext": extension}


# XLSX: core/xlsx_reader.py


# CSV


def _decode(data: bytes) -> tuple[str, str]:
    unreadable = TableError(
        _("Tệp không đọc được: nội dung không khớp với bảng mã khai báo ở đầu tệp."), code="unreadable"
    )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            raise unreadable from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise unreadable from None
    if b"\x00" in data:
        utf16 = _sniff_utf16(data)
        if utf16 is None:
            raise TableError(_binary_message(".csv"), code="binary")
        try:
            return data.decode(utf16), "utf-16"
        except UnicodeDecodeError:
            raise unreadable from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    controls = sum(1 for b in data if b < 0x20 and b not in b"\t\n\r\x0c\x1a")
    if controls > max(2, len(data) // 200):
        raise TableError(_binary_message(".csv"), code="binary")
    return _decode_single_byte(data)


def _sniff_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    even, odd = sample[0::2], sample[1::2]
    if odd and odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even and even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _code_page(codec: str) -> dict[int, str]:
    # Bytes a code page leaves undefined decode as Latin-1 (C1 controls), like Windows does.
    return {b: bytes([b]).decode(codec, errors="ignore") or chr(b) for b in range(0x80, 0x100)}


_CODE_PAGES = {codec: _code_page(codec) for codec in ("cp1252", "cp1258")}


def _single_byte(data: bytes, codec: str) -> str:
    return data.decode("latin-1").translate(_CODE_PAGES[codec])


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    """cp1252 carries TCVN3/VNI bytes unchanged into Latin-1 look-alikes; cp1258 is real Vietnamese."""
    western = _single_byte(data, "cp1252")
    vietnamese = unicodedata.normalize("NFC", _single_byte(data, "cp1258"))
    score_vn = legacy.vietnamese_score(vietnamese)
    scores = legacy.score_legacy(western)
    found = legacy.decide_legacy(scores)
    if found is not None and getattr(scores, found) >= score_vn:
        return western, "cp1252"
    if score_vn > scores.unicode:
        return vietnamese, "cp1258"
    return western, "cp1252"


_DELIMITERS = (",", ";", "\t")


def _read_delimited(text: str, limit: int, max_rows: int, *, default_tab: bool) -> list[tuple[int, list[Any]]]:
    text = text.lstrip("\ufeff").rstrip("\x1a")
    first_line, _newline, rest = text.partition("\n")
    hint = re.fullmatch(r"\s*sep=(.)\s*", first_line)
    offset = 0
    if hint:
        delimiter, text, offset = hint.group(1), rest, 1
    else:
        delimiter = _sniff_delimiter(text, default_tab=default_tab)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num + offset, cells))
                if len(rows) > limit:
                    raise too_many_rows(max_rows)
    except csv.Error:
        raise TableError(
            _("Tệp CSV bị lỗi định dạng gần dòng %(line)s (dấu ngoặc kép không khớp hoặc ô quá dài).")
            % {"line": reader.line_num + offset},
            code="corrupt",
        ) from None
    return rows


def _sniff_delimiter(text: str, *, default_tab: bool) -> str:
    sample = "\n".join(text.splitlines()[:50])
    best, best_key = ("\t" if default_tab else ","), (0, 0.0, 0)
    for delimiter in _DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        if common < 2:
            continue
        key = (1, widths.count(common) / len(widths), common)
        if key > best_key:
            best, best_key = delimiter, key
    return best


# --- text repair and checks -----------------------------------------------------------------

Raw = list[tuple[int, list[Any]]]


def _map_text(raw: Raw, convert: Any) -> Raw:
    done: dict[str, str] = {}  # lists repeat their values: convert each distinct one once

    def once(cell: str) -> str:
        if cell not in done:
            done[cell] = convert(cell)
        return done[cell]

    return [(line, [once(c) if isinstance(c, str) else c for c in cells]) for line, cells in raw]


def _distinct_text(texts: Iterable[str]) -> str:
    """Distinct cell texts joined: judging them counts each distinct value once."""
    return "\n".join(dict.fromkeys(texts))


def _repair(raw: Raw) -> tuple[Raw, str | None]:
    texts = [c for _, cells in raw for c in cells if isinstance(c, str) and not c.isascii()]
    if not texts:
        return raw, None
    # 1. UTF-8 that was read as cp1252 somewhere along the way ("Cáº§n ThÆ¡").
    fixed = {t: legacy.fix_double_utf8(t) for t in set(texts)}
    fixable = sum(1 for t in texts if fixed[t] is not None)
    if fixable >= 0.5 * len(texts):
        return _map_text(raw, lambda c: fixed.get(c) or c), legacy.DOUBLE_UTF8
    # 2. TCVN3 / VNI, judged on all text cells together.
    found = legacy.detect_legacy(_distinct_text(texts))
    if found is not None:

        def convert(cell: str) -> str:
            if cell.isascii() or legacy.is_unicode_vietnamese(cell):
                return cell  # already Unicode (a pasted cell in an old file)
            return legacy.convert_legacy(cell, found)

        return _map_text(raw, convert), found

    # 3. A few double-encoded cells in an otherwise good file: fix those that read better.
    def fix_cell(cell: str) -> str:
        better = fixed.get(cell)
        if better is not None and legacy.vietnamese_score(better) > legacy.vietnamese_score(cell):
            return better
        return cell

    return _map_text(raw, fix_cell), None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LEGACY_NAMES = {legacy.TCVN3: "TCVN3 (phông .VnTime)", legacy.VNI: "VNI (phông VNI-Times)"}


def _clean(cell: Any) -> Any:
    if not isinstance(cell, str):
        return cell
    text = unicodedata.normalize("NFC", cell.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()


def _check_readable(raw: Raw) -> None:
    texts = [(line, c) for line, cells in raw for c in cells if isinstance(c, str) and not c.isascii()]
    for line, text in texts:
        if "\ufffd" in text:
            raise TableError(
                _(
                    "Tệp không đọc được: dòng %(line)s có ký tự lỗi «%(char)s» (tệp đã bị hỏng bảng mã khi lưu). "
                    "Hãy lưu lại từ tệp gốc dưới dạng .xlsx hoặc CSV UTF-8."
                )
                % {"line": line, "char": "\ufffd"},
                code="unreadable",
            )
    joined = _distinct_text(t for _, t in texts)
    suspected = legacy.suspect_legacy(joined)
    if suspected is not None:
        raise TableError(
            _(
                "Tệp không đọc được: có vẻ dùng bảng mã %(encoding)s nhưng không chuyển đổi được tự động. "
                "Hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi lưu lại."
            )
            % {"encoding": _LEGACY_NAMES[suspected]},
            code="legacy",
        )
    if legacy.junk_share(joined) >= 0.3:
        raise TableError(
            _(
                "Tệp không đọc được: không nhận ra bảng mã của chữ trong tệp. "
                "Hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8."
            ),
            code="unreadable",
        )
    lost = sum(1 for _, cells in raw for c in cells if isinstance(c, str) and _LOST_MARKS.search(c))
    if lost >= 3 and lost >= 0.05 * sum(1 for _, cells in raw for c in cells if isinstance(c, str) and c):
        raise TableError(
            _(
                "Tệp không đọc được: nhiều chữ có dấu đã bị thay bằng «?» khi lưu. "
                "Hãy lưu lại từ tệp gốc dưới dạng .xlsx hoặc CSV UTF-8."
            ),
            code="unreadable",
        )


_LOST_MARKS = re.compile(r"[^\W\d_]\?+[^\W\d_]")


# --- header and rows ------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def _build_table(raw: Raw, encoding: str, converted_from: str | None, header_line: int | None, max_rows: int) -> Table:
    if not raw:
        raise TableError(_("Tệp không có dữ liệu."), code="empty")
    index = _header_index(raw, header_line)
    line, header_cells = raw[index]
    body = raw[index + 1 :]
    if len(body) > max_rows:
        raise too_many_rows(max_rows)
    width = max(len(header_cells), *(len(cells) for _, cells in body)) if body else len(header_cells)
    while width > 0 and _blank(header_cells, width - 1) and all(_blank(cells, width - 1) for _, cells in body):
        width -= 1
    headers = _unique_headers([_header_text(header_cells[i] if i < len(header_cells) else "") for i in range(width)])
    rows, numbers = [], []
    for number, cells in body:
        values = [cells[i] if i < len(cells) else "" for i in range(width)]
        if all(v == "" for v in values):
            continue
        rows.append(dict(zip(headers, values, strict=True)))
        numbers.append(number)
    return Table(headers, rows, encoding, converted_from, line, numbers)


def _blank(cells: list[Any], i: int) -> bool:
    return i >= len(cells) or cells[i] == ""


def _header_index(raw: Raw, header_line: int | None) -> int:
    if header_line is not None:
        for i, (line, _cells) in enumerate(raw):
            if line == header_line:
                return i
        raise TableError(
            _("Không tìm thấy dòng tiêu đề ở dòng %(line)s.") % {"line": header_line}, code="no_header"
        )
    widths = [sum(1 for c in cells if c != "") for _, cells in raw[:HEADER_SEARCH_ROWS]]
    widest = max(widths)
    needed = max(min(2, widest), math.ceil(0.6 * widest))
    return next(i for i, w in enumerate(widths) if w >= needed)


def _header_text(value: Cell) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return _SPACES.sub(" ", value).strip()


def _unique_headers(names: list[str]) -> list[str]:
    result: list[str] = []
    for position, name in enumerate(names, start=1):
        candidate = name or _("Cột %(number)s") % {"number": position}
        base, copy = candidate, 2
        while candidate in result:
            candidate, copy = f"{base} ({copy})", copy + 1
        result.append(candidate)
    return result


def header_key(name: str) -> str:
    """Comparison key for column names: folded, punctuation and "(*)" markers ignored."""
    return " ".join(re.sub(r"[\W_]+", " ", fold(name)).split())


def match_headers(
    headers: Sequence[str], spec: Mapping[str, Sequence[str]], *, optional: Iterable[str] = ()
) -> dict[str, str]:
    """Map canonical column names to the file's headers.

    `spec` maps each canonical name to its accepted labels, the first being the one shown in
    messages: {"head_name": ["Họ và tên chủ hộ", "Chủ hộ"], …}. Labels match whatever their case,
    diacritics or punctuation ("HỌ VÀ TÊN CHỦ HỘ", "ho va ten chu ho"). Every canonical name not in
    `optional` is required; missing ones raise `TableError(code="missing_columns")` listing them.
    Returns {canonical: header as in the file}; a header is used at most once, first match wins.
    """
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(header_key(header), header)
    skip = set(optional)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    missing: list[str] = []
    for canonical, labels in spec.items():
        for label in [*labels, canonical]:
            header = by_key.get(header_key(label))
            if header is not None and header not in used:
                mapping[canonical] = header
                used.add(header)
                break
        else:
            if canonical not in skip:
                missing.append(labels[0] if labels else canonical)
    if missing:
        raise TableError(
            _("Thiếu cột bắt buộc: %(missing)s. Các cột có trong tệp: %(found)s.")
            % {
                "missing": ", ".join(f"«{m}»" for m in missing),
                "found": ", ".join(f"«{h}»" for h in headers) or _("(không có)"),
            },
            code="missing_columns",
            missing=missing,
        )
    return mapping


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


def parse_date(value: Cell) -> dt.date | None:
    """A date cell: a date (from .xlsx) or text "dd/mm/yyyy" (also - and .) or ISO; "" → None."""
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(_("«%(value)s» không phải ngày hợp lệ (dạng ngày/tháng/năm, ví dụ 25/03/1980).") % {"value": text})


from .exports import write_csv, write_xlsx  # noqa: E402,F401  (writing lives in core.exports)
