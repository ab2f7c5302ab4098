"""Pure rules of steering and reporting (no ORM): report periods and due dates, submission and task states,
the roll-up of indicator values up the administrative tree and across the 2025 reorganisation, and the
scoring of the access-to-law standard (QĐ 25/2021/QĐ-TTg; legal_rules.md §9).

Everything here takes plain values (dates, ints, dicts) and is tested without a database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.legal_rules import get_rule
from danchu.core.workflow import Workflow

# --- report periods --------------------------------------------------------------------------------


class PeriodKind(models.TextChoices):
    """Report periods named by the issue and by Law 10/2022 Art.39 / NĐ59 Art.14.3 (quarterly, 6-monthly,
    yearly reports of the People's Inspection Board) plus the 5-year review of a term (2021–2025)."""

    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half", _("6 tháng")
    YEAR = "year", _("Năm")
    FIVE_YEARS = "five_years", _("5 năm")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: date
    end: date

    @property
    def key(self) -> str:
        return period_key(self)

    @property
    def label(self) -> str:
        return period_label(self)


MIN_YEAR, MAX_YEAR = 1990, 2100
_KEY = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12])|-(\d{4}))?$")


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"year out of range: {year}")


def five_year_start(year: int) -> int:
    """5-year periods follow the terms 2021–2025, 2026–2030 … (Kết luận 120-KL/TW reviews 2021–2025)."""
    return (year - 1) // 5 * 5 + 1


def period_of(kind: str, year: int, number: int = 1) -> Period:
    """The period `number` (quarter 1–4, half 1–2; ignored for a year) of `year`."""
    _check_year(year)
    if kind == PeriodKind.QUARTER:
        if not 1 <= number <= 4:
            raise PeriodError("quarter must be 1–4")
        start = date(year, 3 * number - 2, 1)
        end = date(year + (number == 4), (3 * number) % 12 + 1, 1) - timedelta(days=1)
        return Period(kind, start, end)
    if kind == PeriodKind.HALF_YEAR:
        if number not in (1, 2):
            raise PeriodError("half must be 1 or 2")
        return Period(kind, date(year, 1, 1), date(year, 6, 30)) if number == 1 else Period(
            kind, date(year, 7, 1), date(year, 12, 31))
    if kind == PeriodKind.YEAR:
        return Period(kind, date(year, 1, 1), date(year, 12, 31))
    if kind == PeriodKind.FIVE_YEARS:
        first = five_year_start(year)
        _check_year(first + 4)
        return Period(kind, date(first, 1, 1), date(first + 4, 12, 31))
    raise PeriodError(f"unknown period kind {kind!r}")


def period_containing(kind: str, on: date) -> Period:
    if kind == PeriodKind.QUARTER:
        return period_of(kind, on.year, (on.month - 1) // 3 + 1)
    if kind == PeriodKind.HALF_YEAR:
        return period_of(kind, on.year, 1 if on.month <= 6 else 2)
    return period_of(kind, on.year)


def previous_period(kind: str, on: date) -> Period:
    """The last period that has ended on or before `on` (the one a report is due for)."""
    current = period_containing(kind, on)
    if current.end == on:
        return current
    return period_containing(kind, current.start - timedelta(days=1))


def period_key(period: Period) -> str:
    """'2025-Q3', '2025-H1', '2025', '2021-2025'."""
    if period.kind == PeriodKind.QUARTER:
        return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
    if period.kind == PeriodKind.HALF_YEAR:
        return f"{period.start.year}-H{1 if period.start.month == 1 else 2}"
    if period.kind == PeriodKind.YEAR:
        return str(period.start.year)
    return f"{period.start.year}-{period.end.year}"


def parse_period_key(kind: str, key: str) -> Period:
    """The inverse of `period_key` for a given kind; PeriodError for anything else."""
    m = _KEY.match((key or "").strip())
    if not m:
        raise PeriodError("bad period key")
    year = int(m.group(1))
    part, last = m.group(2), m.group(3)
    if kind == PeriodKind.QUARTER and part and part[0] == "Q":
        return period_of(kind, year, int(part[1]))
    if kind == PeriodKind.HALF_YEAR and part and part[0] == "H":
        return period_of(kind, year, int(part[1]))
    if kind == PeriodKind.YEAR and not part and not last:
        return period_of(kind, year)
    if kind == PeriodKind.FIVE_YEARS and last and not part:
        period = period_of(kind, year)
        if period.start.year != year or period.end.year != int(last):
            raise PeriodError("a 5-year period runs 2021–2025, 2026–2030 …")
        return period
    raise PeriodError("period key does not match the kind")


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(period: Period) -> str:
    """Vietnamese label used in documents: 'Quý III năm 2025', '6 tháng đầu năm 2025', 'Năm 2025',
    'Giai đoạn 2021–2025'."""
    y = period.start.year
    if period.kind == PeriodKind.QUARTER:
        return f"Quý {ROMAN[(period.start.month - 1) // 3 + 1]} năm {y}"
    if period.kind == PeriodKind.HALF_YEAR:
        return f"6 tháng đầu năm {y}" if period.start.month == 1 else f"6 tháng cuối năm {y}"
    if period.kind == PeriodKind.YEAR:
        return f"Năm {y}"
    return f"Giai đoạn {y}–{period.end.year}"


def recent_periods(kind: str, today: date, count: int = 8) -> list[Period]:
    """The `count` most recent periods that have started by `today`, newest first (choices of a form)."""
    out: list[Period] = []
    current = period_containing(kind, today)
    while len(out) < count:
        out.append(current)
        if current.start.year <= MIN_YEAR:
            break
        current = period_containing(kind, current.start - timedelta(days=1))
    return out


# Reports are due a number of working days after the period ends. No article of legal_rules.md fixes it for
# steering reports (each issuing level sets it in its plan), so it is a field of the template with this
# default, counted with the core working-day calendar (holidays + override table).
DEFAULT_DUE_WORKING_DAYS = 5
MAX_DUE_WORKING_DAYS = 60


def due_after_issue(period_due: date, issue_due: date | None) -> date:
    """The deadline of a period's report: its usual deadline (period end + the template's working days), but never
    before the deadline counted from the day the template was issued (`issue_due`).

    Decision of this project, documented (no article fixes it): a unit cannot be late with a report it had not been
    asked for. When the issuing level issues a template after a period's usual deadline (a catch-up or a 2021–2025
    review of earlier years), each such period is due `issue_due` = issue date + the template's working days, at
    least DEFAULT_DUE_WORKING_DAYS (a template due "at the end of the period" still leaves a week to answer)."""
    if issue_due is None:
        return period_due
    return max(period_due, issue_due)


# --- submissions -----------------------------------------------------------------------------------


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại để sửa")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


SUBMISSION_WORKFLOW = Workflow({
    SubmissionState.DRAFT: {SubmissionState.SUBMITTED},
    SubmissionState.SUBMITTED: {SubmissionState.RETURNED, SubmissionState.ACCEPTED},
    SubmissionState.RETURNED: {SubmissionState.SUBMITTED},
    SubmissionState.ACCEPTED: set(),
}, labels=SubmissionState, name=_("báo cáo"))
EDITABLE_STATES = frozenset({SubmissionState.DRAFT, SubmissionState.RETURNED})
# What the issuing level adds up: a report once sent (and not sent back) counts; drafts and returned ones don't.
COUNTED_STATES = frozenset({SubmissionState.SUBMITTED, SubmissionState.ACCEPTED})


def submission_is_late(due_on: date | None, submitted_on: date | None, today: date) -> bool:
    """Late if sent after the due date, or not sent and the due date has passed."""
    if due_on is None:
        return False
    if submitted_on is not None:
        return submitted_on > due_on
    return today > due_on


# --- indicators and validation ---------------------------------------------------------------------


class IndicatorKind(models.TextChoices):
    NUMBER = "number", _("Số liệu")
    BOOLEAN = "boolean", _("Có/Không")
    TEXT = "text", _("Văn bản")
    TABLE = "table", _("Bảng")


class ColumnKind(models.TextChoices):
    """The kind of a column of a TABLE indicator: numbers add up the tree, texts are listed."""

    NUMBER = "number", _("Số liệu")
    TEXT = "text", _("Văn bản")


# Plain strings for the hot loops of the roll-up (comparing to a TextChoices member is several times slower).
_NUMBER, _BOOLEAN = str(IndicatorKind.NUMBER.value), str(IndicatorKind.BOOLEAN.value)
_TABLE = str(IndicatorKind.TABLE.value)
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
        text = str(raw).replace("\x00", "").strip()
        if len(text) > MAX_TEXT_VALUE:
            raise ValueError_(f"Tối đa {MAX_TEXT_VALUE} ký tự.")
        return text or None
    raise ValueError_("Loại chỉ tiêu không hợp lệ.")


# --- table indicators ------------------------------------------------------------------------------
# The issuing level defines the columns (label + number/text) and, optionally, fixed row labels (e.g. "Nam",
# "Nữ"); without fixed rows each unit lists as many rows as it needs (e.g. one per model built). Number cells
# follow the rules of NUMBER values (Vietnamese typing, ≥ 0, 2 decimals); the roll-up adds them per fixed row and
# column, or per column when the rows are free; text cells are listed, never summed.

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
        label = label.replace("\x00", "").strip() if isinstance(label, str) else ""
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
            label = row.replace("\x00", "").strip() if isinstance(row, str) else ""
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


# --- roll-up ---------------------------------------------------------------------------------------


@dataclass
class Aggregate:
    """The roll-up of one indicator over a set of reports.

    NUMBER → `total` is the sum; BOOLEAN → `yes` of `answered`; TEXT → `texts` (unit label, text) listed, never
    summed. TABLE → `grid` {(row, column): sum} of the number cells — per fixed row, or all in row 0 when the rows
    are free —, `lines` the number of rows given, and the text cells listed in `texts`. `reports` counts the
    reports that gave a value.
    """

    kind: str
    total: Decimal = Decimal(0)
    yes: int = 0
    answered: int = 0
    reports: int = 0
    texts: list[tuple[str, str]] = field(default_factory=list)
    grid: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    lines: int = 0

    def __post_init__(self) -> None:
        self.kind = str(self.kind)  # a plain str, also when given a TextChoices member

    def add(self, value, *, label: str = "") -> None:
        if value is None:
            return
        self.reports += 1
        if self.kind == _NUMBER:
            self.total += Decimal(value)
        elif self.kind == _BOOLEAN:
            self.answered += 1
            self.yes += bool(value)
        elif self.kind == _TABLE:
            self._add_table(value, label)
        else:
            self.texts.append((label, str(value)))

    def _add_table(self, value: TableValue, label: str) -> None:
        spec, grid = value.spec, self.grid
        self.lines += len(value.rows)
        for i, row in enumerate(value.rows):
            r = i if spec.fixed else 0
            for j, cell in enumerate(row):
                if cell is None:
                    continue
                if isinstance(cell, Decimal):
                    grid[(r, j)] = grid.get((r, j), Decimal(0)) + cell
                else:
                    self.texts.append((label, f"{spec.row_label(i)} — {spec.columns[j].label}: {cell}"))

    def merge(self, other: Aggregate) -> None:
        self.total += other.total
        self.yes += other.yes
        self.answered += other.answered
        self.reports += other.reports
        self.texts.extend(other.texts)
        self.lines += other.lines
        for key, value in other.grid.items():
            self.grid[key] = self.grid.get(key, Decimal(0)) + value

    def table_totals(self, spec: TableSpec) -> list[tuple[str, list[Decimal | None]]]:
        """The sums of a TABLE indicator: (row label, [sum per column, None for a text column]) for each fixed
        row, or one row "Tổng cộng" when the rows are free. A number column nobody filled sums to None."""
        labels = spec.rows if spec.fixed else ("Tổng cộng",)
        number = set(spec.number_columns)
        return [(label, [self.grid.get((i, j)) if j in number else None for j in range(len(spec.columns))])
                for i, label in enumerate(labels)]

    @property
    def display(self) -> str:
        if self.kind == _NUMBER:
            return format_number(self.total) if self.reports else "—"
        if self.kind == _BOOLEAN:
            return f"{self.yes}/{self.answered}" if self.answered else "—"
        if self.kind == _TABLE:
            return f"{self.reports} báo cáo, {self.lines} dòng" if self.reports else "—"
        return str(len(self.texts)) if self.texts else "—"


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


def resolve_current(unit_id: int, successor_of: Mapping[int, int], *, max_hops: int = 8) -> int:
    """Follow the primary lineage old → new (ADR 0005: "a record filed under an old unit rolls up through the
    primary successor") until a unit with no successor. A cycle or an over-long chain stops where it is."""
    seen = {unit_id}
    current = unit_id
    for _hop in range(max_hops):
        nxt = successor_of.get(current)
        if nxt is None or nxt in seen:
            break
        seen.add(nxt)
        current = nxt
    return current


def path_ids(path: str) -> list[int]:
    """'/1/5/9/' → [1, 5, 9]."""
    return [int(x) for x in path.strip("/").split("/") if x]


def group_under(scope_path: str, unit_path: str) -> int | None:
    """The child of the scope unit that contains `unit_path` (drill-down grouping); the scope's own id when the
    unit is the scope itself; None when the unit lies outside the scope."""
    if not unit_path.startswith(scope_path):
        return None
    rest = unit_path[len(scope_path):]
    if not rest:
        return path_ids(scope_path)[-1]
    return int(rest.split("/", 1)[0])


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One value of one report: the unit it was filed under (possibly a pre-2025 unit) and the indicator."""

    unit_id: int
    indicator_id: int
    number: Decimal | None = None
    boolean: bool | None = None
    text: str | None = None
    label: str = ""
    table: TableValue | None = None


def value_of(kind: str, row: ValueRow):
    if kind == _NUMBER:
        return row.number
    if kind == _BOOLEAN:
        return row.boolean
    if kind == _TABLE:
        return row.table
    return row.text


def roll_up(
    rows: Iterable[ValueRow],
    *,
    kinds: Mapping[int, str],
    scope_path: str,
    path_of: Mapping[int, str],
    successor_of: Mapping[int, int],
) -> dict[int, dict[int, Aggregate]]:
    """Group values by the child of the scope that contains the (current) unit, then by indicator.

    A value filed under a pre-2025 unit is first carried to today's unit through the primary lineage
    (`successor_of`), then grouped by where that unit sits in today's tree (`path_of`). Values whose unit does
    not land inside the scope are left out. Returns {child id: {indicator id: Aggregate}}.
    """
    out: dict[int, dict[int, Aggregate]] = {}
    group_of: dict[int, int | None] = {}  # unit id → group, computed once per unit (hundreds of thousands of rows)
    for row in rows:
        kind = kinds.get(row.indicator_id)
        if kind is None:
            continue
        if row.unit_id in group_of:
            group = group_of[row.unit_id]
        else:
            path = path_of.get(resolve_current(row.unit_id, successor_of))
            group = group_under(scope_path, path) if path is not None else None
            group_of[row.unit_id] = group
        if group is None:
            continue
        cells = out.get(group)
        if cells is None:
            cells = out[group] = {}
        cell = cells.get(row.indicator_id)
        if cell is None:
            cell = cells[row.indicator_id] = Aggregate(kind)
        cell.add(value_of(kind, row), label=row.label)
    return out


def totals(groups: Mapping[int, Mapping[int, Aggregate]], kinds: Mapping[int, str]) -> dict[int, Aggregate]:
    """The grand total over every group, per indicator."""
    out = {ind: Aggregate(kind) for ind, kind in kinds.items()}
    for cells in groups.values():
        for ind, agg in cells.items():
            if ind in out:
                out[ind].merge(agg)
    return out


# --- plans and tasks -------------------------------------------------------------------------------


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Hủy bỏ")


TASK_WORKFLOW = Workflow({
    TaskState.NOT_STARTED: {TaskState.IN_PROGRESS, TaskState.DONE, TaskState.CANCELLED},
    TaskState.IN_PROGRESS: {TaskState.IN_PROGRESS, TaskState.DONE, TaskState.CANCELLED},
    TaskState.DONE: {TaskState.IN_PROGRESS},  # reopened when the evidence is found wanting
    TaskState.CANCELLED: set(),
}, labels=TaskState, name=_("nhiệm vụ"))
OPEN_TASK_STATES = frozenset({TaskState.NOT_STARTED, TaskState.IN_PROGRESS})


def state_for_progress(current: str, percent: int) -> str:
    """A progress update moves the task: 100% → done, more than 0% → in progress."""
    if percent >= 100:
        return TaskState.DONE
    if percent > 0 or current == TaskState.DONE:  # below 100% a done task is reopened
        return TaskState.IN_PROGRESS
    return current


def task_is_overdue(state: str, due_on: date | None, today: date) -> bool:
    return state in OPEN_TASK_STATES and due_on is not None and today > due_on


def task_due_soon(state: str, due_on: date | None, today: date, days: int) -> bool:
    """Open and due within `days` calendar days of `today` (the lead time is a policy: steering/reminders.py)."""
    return state in OPEN_TASK_STATES and due_on is not None and today <= due_on <= today + timedelta(days=days)


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã tổng kết")


PLAN_WORKFLOW = Workflow({
    PlanState.DRAFT: {PlanState.ISSUED},
    PlanState.ISSUED: {PlanState.CLOSED},
    PlanState.CLOSED: set(),
}, labels=PlanState, name=_("kế hoạch"))


# --- inspections -----------------------------------------------------------------------------------


class InspectionKind(models.TextChoices):
    INSPECTION = "kiem_tra", _("Kiểm tra")
    SUPERVISION = "giam_sat", _("Giám sát")


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    ONGOING = "ongoing", _("Đang tiến hành")
    CONCLUDED = "concluded", _("Đã kết luận")
    CLOSED = "closed", _("Đã hoàn tất theo dõi")


INSPECTION_WORKFLOW = Workflow({
    InspectionState.PLANNED: {InspectionState.ONGOING},
    InspectionState.ONGOING: {InspectionState.CONCLUDED},
    InspectionState.CONCLUDED: {InspectionState.CLOSED},
    InspectionState.CLOSED: set(),
}, labels=InspectionState, name=_("cuộc kiểm tra, giám sát"))


def inspection_can_close(open_recommendations: int) -> bool:
    """An inspection is closed only when every recommendation has been followed up."""
    return open_recommendations == 0


# --- exemplary models and commendations ------------------------------------------------------------


class ModelField(models.TextChoices):
    DISCLOSURE = "cong_khai", _("Công khai thông tin")
    DECIDE = "ban_quyet_dinh", _("Nhân dân bàn và quyết định")
    CONSULT = "tham_gia_y_kien", _("Nhân dân tham gia ý kiến")
    SUPERVISE = "kiem_tra_giam_sat", _("Nhân dân kiểm tra, giám sát")
    DIGITAL = "chuyen_doi_so", _("Chuyển đổi số, dân vận chính quyền")
    COMMUNITY = "cong_dong", _("Tự quản cộng đồng, hương ước")
    OTHER = "khac", _("Khác")


class ModelStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đăng ký xây dựng")
    NOMINATED = "nominated", _("Đề nghị công nhận")
    RECOGNISED = "recognised", _("Được công nhận")
    DISCONTINUED = "discontinued", _("Không duy trì")


class CommendationForm(models.TextChoices):
    CERTIFICATE = "giay_khen", _("Giấy khen")
    MERIT = "bang_khen", _("Bằng khen")
    FLAG = "co_thi_dua", _("Cờ thi đua")
    TITLE = "danh_hieu", _("Danh hiệu thi đua")
    OTHER = "khac", _("Hình thức khác")


class CommendationLevel(models.TextChoices):
    COMMUNE = "xa", _("Cấp xã")
    PROVINCE = "tinh", _("Cấp tỉnh, thành phố")
    CENTRAL = "trung_uong", _("Cấp Trung ương")
    NATIONAL = "nha_nuoc", _("Nhà nước")


# --- access-to-law standard (QĐ 25/2021/QĐ-TTg; TT 09/2021/TT-BTP) -----------------------------------


@dataclass(frozen=True)
class Criterion:
    code: str  # "TC1"
    title: str
    indicators: tuple[tuple[str, str], ...]  # (code "TC1.CT1", title)


# QĐ25 Art.3 [V]: 5 criteria, 20 indicators (TC1 = 2, TC2 = 6, TC3 = 3, TC4 = 5, TC5 = 4); maximum 100 (Art.3.6).
CRITERIA: tuple[Criterion, ...] = (
    Criterion("TC1", "Ban hành văn bản theo thẩm quyền để tổ chức và bảo đảm thi hành Hiến pháp và pháp luật", (
        ("TC1.CT1", "Ban hành đầy đủ, kịp thời, đúng pháp luật văn bản quy phạm pháp luật được giao"),
        ("TC1.CT2", "Ban hành đúng pháp luật văn bản hành chính tác động trực tiếp đến quyền, lợi ích"),
    )),
    Criterion("TC2", "Tiếp cận thông tin, phổ biến, giáo dục pháp luật", (
        ("TC2.CT1", "Công khai thông tin kịp thời, chính xác, đầy đủ (tiếp cận thông tin, dân chủ ở cơ sở)"),
        ("TC2.CT2", "Cung cấp thông tin theo yêu cầu"),
        ("TC2.CT3", "Kế hoạch phổ biến, giáo dục pháp luật hằng năm"),
        ("TC2.CT4", "Hình thức, mô hình phổ biến, giáo dục pháp luật hiệu quả"),
        ("TC2.CT5", "Bồi dưỡng tuyên truyền viên pháp luật"),
        ("TC2.CT6", "Kinh phí, cơ sở vật chất, phương tiện cho phổ biến, giáo dục pháp luật"),
    )),
    Criterion("TC3", "Hòa giải ở cơ sở, trợ giúp pháp lý", (
        ("TC3.CT1", "Mâu thuẫn, tranh chấp thuộc phạm vi hòa giải được hòa giải kịp thời, hiệu quả"),
        ("TC3.CT2", "Hỗ trợ kinh phí cho công tác hòa giải ở cơ sở"),
        ("TC3.CT3", "Thông tin về trợ giúp pháp lý"),
    )),
    Criterion("TC4", "Thực hiện dân chủ ở xã, phường, thị trấn", (
        ("TC4.CT1", "Đối thoại với Nhân dân theo pháp luật về chính quyền địa phương"),
        ("TC4.CT2", "Nhân dân bàn và quyết định trực tiếp"),
        ("TC4.CT3", "Nhân dân bàn, biểu quyết"),
        ("TC4.CT4", "Nhân dân tham gia ý kiến"),
        ("TC4.CT5", "Nhân dân giám sát trực tiếp hoặc qua Ban Thanh tra nhân dân, Ban Giám sát đầu tư cộng đồng"),
    )),
    Criterion("TC5", "Tiếp công dân, giải quyết kiến nghị, phản ánh, khiếu nại, tố cáo, thủ tục hành chính; "
                     "bảo đảm an ninh, trật tự", (
        ("TC5.CT1", "Tiếp công dân, giải quyết kiến nghị, phản ánh, khiếu nại, tố cáo"),
        ("TC5.CT2", "Giải quyết thủ tục hành chính đúng pháp luật"),
        ("TC5.CT3", "Không có cán bộ, công chức bị xử lý kỷ luật hoặc truy cứu trách nhiệm hình sự"),
        ("TC5.CT4", "Đạt chuẩn \"An toàn về an ninh, trật tự\""),
    )),
)
ALL_INDICATORS: tuple[str, ...] = tuple(code for c in CRITERIA for code, _t in c.indicators)
TOTAL_MAX = 100  # QĐ25 Art.3.6 [V]
PASS_TOTAL = 80  # QĐ25 Art.4.1 [V]
PASS_CRITERION_SHARE = Decimal("0.5")  # QĐ25 Art.4.2 [V]: each criterion ≥ 50% of its maximum
# The point maxima per indicator are in Phụ lục I of TT 09/2021/TT-BTP, which was not retrieved (legal_rules.md
# §12.2.4, UNVERIFIED). This default spreads the 100 points evenly (5 per indicator); a deployment sets the real
# table with settings.DANCHU_QD25_INDICATOR_MAX = {"TC1.CT1": …} (it must add up to 100).
DEFAULT_INDICATOR_MAX: dict[str, Decimal] = {code: Decimal(5) for code in ALL_INDICATORS}
# Public posting of the self-score at the commune HQ and on the portal for a minimum period (TT09 Art.3.1.c [V]):
# the registry's rule, read with core.legal_rules.
POSTING_RULE = "access_to_law.self_score_posting_min"
# Fixed dates (QĐ25 Art.5.2–5.3, TT09 Art.6 [V]); the actor who recognises after 01/07/2025 is UNVERIFIED.
DOSSIER_BEFORE = (1, 10)  # (month, day) of the following year
RECOGNITION_BEFORE = (2, 10)


# Platform figures shown on the assessment page as evidence for indicators of the standard: (indicator codes,
# source keys of sources.py). They back the scoring, they do not score: TT 09/2021 Phụ lục I (UNVERIFIED, §12.2.4)
# says how each indicator is scored. TC4.CT2–CT3 still name the PL34-era categories, with no 1:1 counterpart in
# Law 10/2022 (legal_rules.md §9.1, UNVERIFIED): the decisions of residents back both together. A deployment
# sets its own list with settings.DANCHU_QD25_EVIDENCE (same shape).
DEFAULT_EVIDENCE: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("TC2.CT1",), ("disclosure.published", "disclosure.on_time", "disclosure.late")),
    (("TC2.CT2",), ("inforequests.received", "inforequests.on_time")),
    (("TC3.CT1",), ("cases.mediations_received", "cases.mediations_concluded", "cases.mediations_successful")),
    (("TC4.CT2", "TC4.CT3"), ("decisions.decided", "decisions.adopted")),
    (("TC4.CT4",), ("consultations.held",)),
    (("TC5.CT1",), ("cases.reception_sessions", "feedback.received", "feedback.answered", "feedback.on_time",
                    "cases.complaints_resolved", "cases.complaints_on_time", "cases.denunciations_resolved",
                    "cases.denunciations_on_time")),
)


def evidence_table(configured=None, *, known_sources: Iterable[str] | None = None):
    """The configured evidence list, checked: each entry names indicators of the standard and known sources."""
    if not configured:
        configured = DEFAULT_EVIDENCE
    known = set(known_sources) if known_sources is not None else None
    out = []
    for entry in configured:
        try:
            codes, keys = entry
        except (TypeError, ValueError):
            raise ScoreError("DANCHU_QD25_EVIDENCE: each entry is (indicator codes, source keys)") from None
        codes, keys = tuple(codes), tuple(keys)
        bad = [c for c in codes if c not in ALL_INDICATORS]
        if not codes or bad:
            raise ScoreError(f"DANCHU_QD25_EVIDENCE: unknown indicator {bad[:1] or codes}")
        if known is not None and any(k not in known for k in keys):
            raise ScoreError(f"DANCHU_QD25_EVIDENCE: unknown source {[k for k in keys if k not in known][:1]}")
        out.append((codes, keys))
    return tuple(out)


def indicator_title(code: str) -> str:
    for criterion in CRITERIA:
        for c, title in criterion.indicators:
            if c == code:
                return title
    return code


class AssessmentState(models.TextChoices):
    SELF_SCORING = "self_scoring", _("Đang tự chấm điểm")
    POSTED = "posted", _("Đã niêm yết công khai")
    SENT = "sent", _("Đã gửi hồ sơ đề nghị")
    APPRAISED = "appraised", _("Hội đồng đã thẩm định")
    RECOGNISED = "recognised", _("Được công nhận đạt chuẩn")
    NOT_RECOGNISED = "not_recognised", _("Không đạt chuẩn")


ASSESSMENT_WORKFLOW = Workflow({
    AssessmentState.SELF_SCORING: {AssessmentState.POSTED},
    AssessmentState.POSTED: {AssessmentState.SENT, AssessmentState.SELF_SCORING},
    AssessmentState.SENT: {AssessmentState.APPRAISED},
    AssessmentState.APPRAISED: {AssessmentState.RECOGNISED, AssessmentState.NOT_RECOGNISED},
    AssessmentState.RECOGNISED: set(),
    AssessmentState.NOT_RECOGNISED: set(),
}, labels=AssessmentState, name=_("hồ sơ đánh giá chuẩn tiếp cận pháp luật"))


class ScoreError(ValueError):
    pass


def indicator_max_table(configured: Mapping[str, object] | None = None) -> dict[str, Decimal]:
    """The configured maxima, checked: every one of the 20 indicators, non-negative, total 100."""
    if not configured:
        return dict(DEFAULT_INDICATOR_MAX)
    table: dict[str, Decimal] = {}
    for code in ALL_INDICATORS:
        if code not in configured:
            raise ScoreError(f"DANCHU_QD25_INDICATOR_MAX lacks {code}")
        value = Decimal(str(configured[code]))
        if value < 0:
            raise ScoreError(f"negative maximum for {code}")
        table[code] = value
    if sum(table.values()) != TOTAL_MAX:
        raise ScoreError("the maxima must add up to 100 (QĐ25 Art.3.6)")
    return table


def criterion_max(maxima: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {c.code: sum((maxima[code] for code, _t in c.indicators), Decimal(0)) for c in CRITERIA}


def clean_scores(raw: Mapping[str, object], maxima: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Scores per indicator: numbers between 0 and that indicator's maximum, at most 2 decimals. Unknown codes
    are refused; a missing indicator scores 0."""
    out: dict[str, Decimal] = {}
    for code, value in raw.items():
        if code not in maxima:
            raise ScoreError(f"Chỉ tiêu không có trong bộ tiêu chí: {code}")
        if value is None or value == "":
            continue
        try:
            score = Decimal(str(value).replace(",", "."))
        except Exception:
            raise ScoreError(f"{code}: phải là một số") from None
        if not score.is_finite() or score < 0 or score > maxima[code]:
            raise ScoreError(f"{code}: điểm phải từ 0 đến {format_number(maxima[code])}")
        if score != score.quantize(Decimal("0.01")):
            raise ScoreError(f"{code}: tối đa 2 chữ số thập phân")
        out[code] = score
    return out


@dataclass(frozen=True)
class StandardResult:
    total: Decimal
    by_criterion: dict[str, Decimal]
    criterion_max: dict[str, Decimal]
    failing_criteria: tuple[str, ...]
    total_ok: bool
    head_ok: bool

    @property
    def passed(self) -> bool:
        return self.total_ok and not self.failing_criteria and self.head_ok


def evaluate_standard(scores: Mapping[str, Decimal], maxima: Mapping[str, Decimal], *,
                      head_disciplined: bool) -> StandardResult:
    """QĐ25 Art.4 [V]: recognised when (1) total ≥ 80, (2) each criterion ≥ 50% of its maximum, (3) no head of the
    commune Party committee or government was disciplined or prosecuted that year. The score used for
    recognition is the council's appraised one (TT09 Art.2.2): pass the appraised scores when there are some."""
    maxes = criterion_max(maxima)
    by_criterion = {c.code: sum((Decimal(scores.get(code, 0)) for code, _t in c.indicators), Decimal(0))
                    for c in CRITERIA}
    total = sum(by_criterion.values(), Decimal(0))
    failing = tuple(code for code, got in by_criterion.items() if got < maxes[code] * PASS_CRITERION_SHARE)
    return StandardResult(total=total, by_criterion=by_criterion, criterion_max=maxes, failing_criteria=failing,
                          total_ok=total >= PASS_TOTAL, head_ok=not head_disciplined)


def posting_days(start: date | None, end: date | None) -> int:
    """Days of posting, both ends included (posted 01/01 to 05/01 = 5 days)."""
    if start is None or end is None or end < start:
        return 0
    return (end - start).days + 1


def posting_ok(start: date | None, end: date | None) -> bool:
    """TT09 Art.3.1.c [V]: the self-score is posted at the commune HQ for at least the days of POSTING_RULE, the
    days of posting counted both ends included, as this module has always counted them (posting_days)."""
    return posting_days(start, end) >= get_rule(POSTING_RULE).amount


def dossier_deadline(year: int) -> date:
    """The dossier is sent before 10/01 of the following year (QĐ25 Art.5.2 [V]): the last day is 09/01."""
    month, day = DOSSIER_BEFORE
    return date(year + 1, month, day) - timedelta(days=1)


def recognition_deadline(year: int) -> date:
    """Recognition before 10/02 of the following year (QĐ25 Art.5.3 [V]): the last day is 09/02."""
    month, day = RECOGNITION_BEFORE
    return date(year + 1, month, day) - timedelta(days=1)
