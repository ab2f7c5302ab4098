"""The roll-up arithmetic — PURE: indicator values added up the administrative tree (sums, yes of answered,
texts listed, table cells per row and column), carried across the 2025 reorganisation through the primary
lineage (ADR 0005). Tested without a database; selectors/rollup.py feeds it from the database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .values import IndicatorKind, TableSpec, TableValue, format_number

# Plain strings for the hot loops of the roll-up (comparing to a TextChoices member is several times slower).
_NUMBER, _BOOLEAN = str(IndicatorKind.NUMBER.value), str(IndicatorKind.BOOLEAN.value)
_TABLE = str(IndicatorKind.TABLE.value)


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
