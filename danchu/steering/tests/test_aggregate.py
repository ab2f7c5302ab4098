"""The roll-up arithmetic (aggregate.py, pure): sums up the tree and across the 2025 lineage."""

from __future__ import annotations

from decimal import Decimal

from danchu.steering.aggregate import Aggregate, ValueRow, group_under, resolve_current, roll_up, totals
from danchu.steering.values import IndicatorKind as K
from danchu.steering.values import parse_table, table_spec

# --- roll-up and lineage ---------------------------------------------------------------------------

# Today's tree: city 1 → communes 10, 11; commune 10 → village 100. Old units 50 (→ 10), 51 (→ 11),
# 52 (→ 60 → 10, a village merge after the reform), 99 (→ 999, outside the city).
PATHS = {1: "/1/", 10: "/1/10/", 11: "/1/11/", 100: "/1/10/100/", 999: "/7/999/"}
SUCC = {50: 10, 51: 11, 52: 60, 60: 10, 99: 999}
KINDS = {1: K.NUMBER, 2: K.BOOLEAN, 3: K.TEXT}


def test_resolve_current_follows_chains_and_stops_on_cycles():
    assert resolve_current(50, SUCC) == 10
    assert resolve_current(52, SUCC) == 10
    assert resolve_current(10, SUCC) == 10
    assert resolve_current(1, {1: 2, 2: 1}) == 2


def test_group_under_gives_the_child_of_the_scope():
    assert group_under("/1/", "/1/10/100/") == 10
    assert group_under("/1/", "/1/11/") == 11
    assert group_under("/1/10/", "/1/10/") == 10
    assert group_under("/1/", "/7/999/") is None


def test_roll_up_adds_records_of_merged_old_communes_into_todays_units():
    rows = [
        ValueRow(10, 1, number=Decimal(5)),
        ValueRow(50, 1, number=Decimal(7)),  # old commune merged into 10
        ValueRow(52, 1, number=Decimal(1)),  # two hops
        ValueRow(51, 1, number=Decimal(2)),
        ValueRow(99, 1, number=Decimal(1000)),  # rolls into another province: left out
        ValueRow(10, 2, boolean=True), ValueRow(50, 2, boolean=False), ValueRow(11, 2, boolean=None),
        ValueRow(11, 3, text="Tốt", label="Phường B"),
        ValueRow(10, 42, number=Decimal(1)),  # not an indicator of the template
    ]
    groups = roll_up(rows, kinds=KINDS, scope_path="/1/", path_of=PATHS, successor_of=SUCC)
    assert groups[10][1].total == 13 and groups[10][1].reports == 3
    assert groups[11][1].total == 2
    assert (groups[10][2].yes, groups[10][2].answered) == (1, 2)
    assert 2 not in groups[11] or groups[11][2].answered == 0
    assert groups[11][3].texts == [("Phường B", "Tốt")]
    total = totals(groups, KINDS)
    assert total[1].total == 15 and total[1].display == "15"
    assert total[2].display == "1/2"
    assert total[3].display == "1"


def test_roll_up_drills_down_to_villages():
    rows = [ValueRow(100, 1, number=Decimal(3)), ValueRow(10, 1, number=Decimal(4))]
    groups = roll_up(rows, kinds=KINDS, scope_path="/1/10/", path_of=PATHS, successor_of=SUCC)
    assert groups[100][1].total == 3 and groups[10][1].total == 4


# --- table indicators ------------------------------------------------------------------------------

FIXED = table_spec([{"label": "Số cuộc", "kind": "number"}, {"label": "Số người dự", "kind": "number"},
                      {"label": "Ghi chú", "kind": "text"}], ["Thôn, tổ dân phố", "Xã, phường"])
FREE = table_spec([{"label": "Tên mô hình", "kind": "text"}, {"label": "Số hộ tham gia", "kind": "number"}])


def test_roll_up_adds_tables_per_fixed_row_and_per_column_of_free_rows_through_the_lineage():
    kinds = {7: K.TABLE, 8: K.TABLE}
    rows = [
        ValueRow(10, 7, table=parse_table(FIXED, [["2", "40", "Đủ"], ["1", "100"]]), label="Phường A (2025)"),
        ValueRow(50, 7, table=parse_table(FIXED, [["3", "60"]]), label="Phường cũ (2024)"),  # old → 10
        ValueRow(11, 7, table=parse_table(FIXED, [[None, None], ["5", "0,5"]]), label="Phường B (2025)"),
        ValueRow(10, 8, table=parse_table(FREE, [["Mô hình 1", "12"], ["Mô hình 2", "8"]]), label="A"),
        ValueRow(51, 8, table=parse_table(FREE, [["Mô hình 3", "1.000"]]), label="B cũ"),
        ValueRow(11, 8, table=None),
    ]
    groups = roll_up(rows, kinds=kinds, scope_path="/1/", path_of=PATHS, successor_of=SUCC)
    a = groups[10][7]
    assert a.reports == 2 and a.grid == {(0, 0): 5, (0, 1): 100, (1, 0): 1, (1, 1): 100}
    assert a.texts == [("Phường A (2025)", "Thôn, tổ dân phố — Ghi chú: Đủ")]
    total = totals(groups, kinds)
    assert total[7].table_totals(FIXED) == [("Thôn, tổ dân phố", [Decimal(5), Decimal(100), None]),
                                            ("Xã, phường", [Decimal(6), Decimal("100.5"), None])]
    assert total[8].table_totals(FREE) == [("Tổng cộng", [None, Decimal(1020)])]
    assert (total[8].lines, total[8].reports) == (3, 2)
    assert total[8].display == "2 báo cáo, 3 dòng"
    assert [t for _l, t in total[8].texts] == ["Dòng 1 — Tên mô hình: Mô hình 1", "Dòng 2 — Tên mô hình: Mô hình 2",
                                               "Dòng 1 — Tên mô hình: Mô hình 3"]


def test_an_empty_table_aggregate_sums_to_nothing():
    agg = Aggregate(K.TABLE)
    assert agg.display == "—"
    assert agg.table_totals(FREE) == [("Tổng cộng", [None, None])]
