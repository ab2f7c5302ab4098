"""Indicator values — PURE: what a unit may type into its report (numbers the Vietnamese way, yes/no, texts)
and the table indicators the issuing level defines (columns and fixed rows), checked cell by cell, with their
stored form. Tested without a database."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.text import clean_multiline, clean_text


class IndicatorKind(models.TextChoices):
    NUMBER = "number", _("Số liệu")
    BOOLEAN = "boolean", _("Có/Không")
    TEXT = "text", _("Văn bản")
    TABLE = "table", _("Bảng")


class ColumnKind(models.TextChoices):
    """The kind of a column of a TABLE indicator: numbers add up the tree, texts are listed."""

    NUMBER = "number", _("Số liệu")
    TEXT = "text", _("Văn bản")


MAX_NUMBER = Decimal("1e12")
MAX_TEXT_VALUE = 5000


class ValueError_(ValueError):  # noqa: N801 — distinct from the builtin, carries a Vietnamese message
    pass


_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def parse_value(kind: str, raw, *, required: bool = False, spec: TableSpec | None = None):
    """Validate one indicator value from a form or JSON. Returns Decimal | bool | str | TableValue | None.

    Numbers: non-negative, at most 2 decimals, below 10^12 (counts and amounts; a rate is entered as a
    number of %). Yes/no: true/false/"co"/"khong". Text: up to 5,000 characters. Table: see `parse_table`
    (each cell checked by these same rules; `spec` is the table's columns and rows).
    """
    if kind == IndicatorKind.TABLE:
        if spec is None:
            raise ValueError_("Loại chỉ tiêu không hợp lệ.")
        value = parse_table(spec, raw)
        if value is None and required:
            raise ValueError_("Chỉ tiêu này bắt buộc phải nhập.")
        return value
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        if required:
            raise ValueError_("Chỉ tiêu này bắt buộc phải nhập.")
        return None
    if kind == IndicatorKind.NUMBER:
        if isinstance(raw, bool):
            raise ValueError_("Phải là một số.")
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        if isinstance(raw, str):  # typed the Vietnamese way: "." groups thousands, "," marks decimals
            if "," in text:
                whole, _sep, decimals = text.partition(",")
                if not (whole.isdigit() or _THOUSANDS.fullmatch(whole)) or not decimals.isdigit():
                    raise ValueError_("Phải là một số.")
                text = whole.replace(".", "") + "." + decimals  # "1.234,5" → 1234.5; "12,5" → 12.5
            elif _THOUSANDS.fullmatch(text):
                text = text.replace(".", "")  # "1.000" is one thousand, "2.500.000" two and a half million
        try:
            value = Decimal(text)
        except Exception:
            raise ValueError_("Phải là một số.") from None
        if not value.is_finite():
            raise ValueError_("Phải là một số.")
        if value < 0:
            raise ValueError_("Không được là số âm.")
        if value >= MAX_NUMBER:
            raise ValueError_("Số quá lớn.")
        if value != value.quantize(Decimal("0.01")):
            raise ValueError_("Tối đa 2 chữ số thập phân.")
        return value.quantize(Decimal("0.01")).normalize() if value == value.to_integral() else value
    if kind == IndicatorKind.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"true", "1", "co", "có", "yes", "on"}:
            return True
        if text in {"false", "0", "khong", "không", "no", "off"}:
            return False
        raise ValueError_("Chọn Có hoặc Không.")
    if kind == IndicatorKind.TEXT:
        text = clean_multiline(str(raw))
        if len(text) > MAX_TEXT_VALUE:
            raise ValueError_(f"Tối đa {MAX_TEXT_VALUE} ký tự.")
        return text or None
    raise ValueError_("Loại chỉ tiêu không hợp lệ.")


def format_number(value: Decimal | int | float | None) -> str:
    """Vietnamese grouping: 12345.5 → '12.345,5'."""
    if value is None:
        return ""
    d = Decimal(value)
    if d == d.to_integral():
        return f"{int(d):,}".replace(",", ".")
    whole, frac = f"{d:,.2f}".split(".")
    frac = frac.rstrip("0")
    return whole.replace(",", ".") + ("," + frac if frac else "")


# --- table indicators ------------------------------------------------------------------------------


MAX_TABLE_COLUMNS = 20
MAX_TABLE_FIXED_ROWS = 100
MAX_TABLE_FREE_ROWS = 200
MAX_TABLE_LABEL = 200
MAX_TABLE_CELL_TEXT = 1000


class TableSpecError(ValueError):
    """A bad definition of a table: `field` is "columns" or "rows"; the message is Vietnamese."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class TableColumn:
    label: str
    kind: str  # ColumnKind


@dataclass(frozen=True)
class TableSpec:
    columns: tuple[TableColumn, ...]
    rows: tuple[str, ...] = ()  # fixed row labels; empty: the unit adds its own rows

    @property
    def fixed(self) -> bool:
        return bool(self.rows)

    @property
    def number_columns(self) -> tuple[int, ...]:
        return tuple(j for j, c in enumerate(self.columns) if c.kind == ColumnKind.NUMBER)

    def row_label(self, i: int) -> str:
        return self.rows[i] if self.fixed else f"Dòng {i + 1}"

    def to_json(self) -> tuple[list[dict], list[str]]:
        """(columns, rows) as stored on the indicator."""
        return [{"label": c.label, "kind": str(c.kind)} for c in self.columns], list(self.rows)


def table_spec(columns, rows=None) -> TableSpec:
    """Check a table definition: 1–20 columns, each with a label (≤ 200 characters, unique) and a kind
    (number/text), at least one number column or one text column; 0–100 fixed row labels (unique)."""
    if not isinstance(columns, (list, tuple)) or not columns:
        raise TableSpecError("columns", "Bảng cần ít nhất một cột.")
    if len(columns) > MAX_TABLE_COLUMNS:
        raise TableSpecError("columns", f"Bảng có tối đa {MAX_TABLE_COLUMNS} cột.")
    out: list[TableColumn] = []
    for n, col in enumerate(columns, start=1):
        if not isinstance(col, Mapping):
            raise TableSpecError("columns", f"Cột {n}: cần tên cột và loại (số liệu hoặc văn bản).")
        label = col.get("label")
        label = clean_text(label) if isinstance(label, str) else ""
        if not label:
            raise TableSpecError("columns", f"Cột {n}: chưa có tên cột.")
        if len(label) > MAX_TABLE_LABEL:
            raise TableSpecError("columns", f"Cột {n}: tên cột tối đa {MAX_TABLE_LABEL} ký tự.")
        kind = col.get("kind", ColumnKind.NUMBER) or ColumnKind.NUMBER
        if kind not in ColumnKind.values:
            raise TableSpecError("columns", f"Cột “{label}”: loại cột phải là số liệu hoặc văn bản.")
        if any(c.label == label for c in out):
            raise TableSpecError("columns", f"Cột “{label}” bị trùng tên.")
        out.append(TableColumn(label, str(kind)))
    labels: list[str] = []
    if rows:
        if not isinstance(rows, (list, tuple)):
            raise TableSpecError("rows", "Danh sách dòng không hợp lệ.")
        if len(rows) > MAX_TABLE_FIXED_ROWS:
            raise TableSpecError("rows", f"Bảng có tối đa {MAX_TABLE_FIXED_ROWS} dòng cố định.")
        for n, row in enumerate(rows, start=1):
            label = clean_text(row) if isinstance(row, str) else ""
            if not label:
                raise TableSpecError("rows", f"Dòng {n}: chưa có tên dòng.")
            if len(label) > MAX_TABLE_LABEL:
                raise TableSpecError("rows", f"Dòng {n}: tên dòng tối đa {MAX_TABLE_LABEL} ký tự.")
            if label in labels:
                raise TableSpecError("rows", f"Dòng “{label}” bị trùng tên.")
            labels.append(label)
    return TableSpec(tuple(out), tuple(labels))


Cell = Decimal | str | None


@dataclass(frozen=True)
class TableValue:
    """A unit's filled table: one tuple of cells per row (Decimal in number columns, str in text columns, None
    when empty). Fixed rows: one row per fixed label, in order. Free rows: only the rows with something in them."""

    spec: TableSpec
    rows: tuple[tuple[Cell, ...], ...]

    def display_rows(self) -> list[tuple[str, list[str]]]:
        """(row label, cells as shown: numbers the Vietnamese way, "" when empty)."""
        return [(self.spec.row_label(i), ["" if c is None else (format_number(c) if isinstance(c, Decimal) else c)
                                          for c in row]) for i, row in enumerate(self.rows)]


def _scalar(raw) -> bool:
    return raw is None or isinstance(raw, (str, int, float, Decimal))  # bool is an int: refused by parse_value


def _parse_row(spec: TableSpec, raw, where: str) -> tuple[Cell, ...]:
    """One row: a list of cells in column order, or a mapping column label → cell."""
    if isinstance(raw, Mapping):
        unknown = [k for k in raw if k not in {c.label for c in spec.columns}]
        if unknown:
            raise ValueError_(f"{where}: không có cột “{str(unknown[0])[:50]}”.")
        raw = [raw.get(c.label) for c in spec.columns]
    if not isinstance(raw, (list, tuple)):
        raise ValueError_(f"{where}: mỗi dòng là danh sách các ô theo thứ tự cột.")
    if len(raw) > len(spec.columns):
        raise ValueError_(f"{where}: có {len(raw)} ô, bảng chỉ có {len(spec.columns)} cột.")
    cells: list[Cell] = []
    for j, col in enumerate(spec.columns):
        cell = raw[j] if j < len(raw) else None
        if not _scalar(cell) or (isinstance(cell, bool) and col.kind != ColumnKind.NUMBER):
            raise ValueError_(f"{where}, cột “{col.label}”: giá trị không hợp lệ.")
        try:
            if col.kind == ColumnKind.NUMBER:
                cells.append(parse_value(IndicatorKind.NUMBER, cell))
            else:
                text = parse_value(IndicatorKind.TEXT, cell)
                if text is not None and len(text) > MAX_TABLE_CELL_TEXT:
                    raise ValueError_(f"Tối đa {MAX_TABLE_CELL_TEXT} ký tự.")
                cells.append(text)
        except ValueError_ as exc:
            raise ValueError_(f"{where}, cột “{col.label}”: {exc}") from None
    return tuple(cells)


def parse_table(spec: TableSpec, raw) -> TableValue | None:
    """Validate a filled table from a form or JSON. None when nothing is filled in.

    `raw` is a list of rows (each a list of cells in column order, or a mapping column label → cell); with fixed
    rows it may also be a mapping row label → row, and a list gives the fixed rows in order (fewer rows leave the
    rest empty). Every cell is checked; the first error names its row and column."""
    if raw is None or (isinstance(raw, str) and raw.strip() == "") or (isinstance(raw, (list, tuple, Mapping))
                                                                       and not raw):
        return None
    if spec.fixed and isinstance(raw, Mapping):
        unknown = [k for k in raw if k not in spec.rows]
        if unknown:
            raise ValueError_(f"Không có dòng “{str(unknown[0])[:50]}” trong bảng.")
        raw = [raw.get(label) for label in spec.rows]
    if not isinstance(raw, (list, tuple)):
        raise ValueError_("Bảng phải là danh sách các dòng.")
    limit = len(spec.rows) if spec.fixed else MAX_TABLE_FREE_ROWS
    if len(raw) > limit:
        raise ValueError_(f"Bảng có {limit} dòng cố định." if spec.fixed else f"Bảng có tối đa {limit} dòng.")
    rows: list[tuple[Cell, ...]] = []
    for i, raw_row in enumerate(raw):
        where = f"Dòng “{spec.rows[i]}”" if spec.fixed else f"Dòng {i + 1}"
        rows.append(_parse_row(spec, [] if raw_row is None else raw_row, where))
    if spec.fixed:
        rows += [(None,) * len(spec.columns)] * (len(spec.rows) - len(rows))
    else:
        rows = [row for row in rows if any(c is not None for c in row)]
    if not any(c is not None for row in rows for c in row):
        return None
    return TableValue(spec, tuple(rows))


def table_to_json(value: TableValue | None) -> list | None:
    """Stored form: a list of rows of cells; numbers as decimal strings ("1234.5"), texts as they are."""
    if value is None:
        return None
    return [[None if c is None else (f"{c:f}" if isinstance(c, Decimal) else c) for c in row] for row in value.rows]


def table_from_json(spec: TableSpec, data) -> TableValue | None:
    """The inverse of `table_to_json` (stored data is trusted: it was checked when saved)."""
    if not data:
        return None
    number = set(spec.number_columns)
    rows = tuple(tuple(None if c is None else (Decimal(c) if j in number else str(c)) for j, c in enumerate(row))
                 for row in data)
    return TableValue(spec, rows)
