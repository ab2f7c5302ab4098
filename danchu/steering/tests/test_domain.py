"""Pure rules of steering: periods, due dates, states, roll-up across the 2025 lineage, QĐ 25/2021 scoring."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from danchu.core.workflow import InvalidTransition
from danchu.steering import domain as d
from danchu.steering.domain import IndicatorKind as K
from danchu.steering.domain import PeriodKind as P

# --- periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "year", "n", "start", "end", "key"), [
    (P.QUARTER, 2025, 1, date(2025, 1, 1), date(2025, 3, 31), "2025-Q1"),
    (P.QUARTER, 2025, 4, date(2025, 10, 1), date(2025, 12, 31), "2025-Q4"),
    (P.QUARTER, 2024, 1, date(2024, 1, 1), date(2024, 3, 31), "2024-Q1"),
    (P.HALF_YEAR, 2025, 1, date(2025, 1, 1), date(2025, 6, 30), "2025-H1"),
    (P.HALF_YEAR, 2025, 2, date(2025, 7, 1), date(2025, 12, 31), "2025-H2"),
    (P.YEAR, 2023, 1, date(2023, 1, 1), date(2023, 12, 31), "2023"),
    (P.FIVE_YEARS, 2023, 1, date(2021, 1, 1), date(2025, 12, 31), "2021-2025"),
    (P.FIVE_YEARS, 2026, 1, date(2026, 1, 1), date(2030, 12, 31), "2026-2030"),
    (P.FIVE_YEARS, 2025, 1, date(2021, 1, 1), date(2025, 12, 31), "2021-2025"),
])
def test_it_computes_period_bounds_and_keys(kind, year, n, start, end, key):
    period = d.period_of(kind, year, n)
    assert (period.start, period.end, period.key) == (start, end, key)
    assert d.parse_period_key(kind, key) == period


@pytest.mark.parametrize(("kind", "key"), [
    (P.QUARTER, "2025-Q5"), (P.QUARTER, "2025"), (P.HALF_YEAR, "2025-Q1"), (P.YEAR, "2025-H1"),
    (P.FIVE_YEARS, "2022-2026"), (P.FIVE_YEARS, "2021-2024"), (P.YEAR, "1800"), (P.YEAR, ""), (P.YEAR, "abcd"),
    (P.YEAR, "2025\x00"), ("weekly", "2025"),
])
def test_it_refuses_bad_period_keys(kind, key):
    with pytest.raises(d.PeriodError):
        d.parse_period_key(kind, key)


def test_it_labels_periods_in_vietnamese():
    assert d.period_of(P.QUARTER, 2025, 3).label == "Quý III năm 2025"
    assert d.period_of(P.HALF_YEAR, 2025, 1).label == "6 tháng đầu năm 2025"
    assert d.period_of(P.HALF_YEAR, 2025, 2).label == "6 tháng cuối năm 2025"
    assert d.period_of(P.FIVE_YEARS, 2021).label == "Giai đoạn 2021–2025"


def test_previous_period_is_the_last_one_ended():
    assert d.previous_period(P.QUARTER, date(2025, 11, 25)).key == "2025-Q3"
    assert d.previous_period(P.QUARTER, date(2025, 9, 30)).key == "2025-Q3"  # ends today: due now
    assert d.previous_period(P.QUARTER, date(2025, 1, 2)).key == "2024-Q4"
    assert d.previous_period(P.YEAR, date(2026, 1, 5)).key == "2025"


def test_recent_periods_are_newest_first():
    keys = [p.key for p in d.recent_periods(P.QUARTER, date(2025, 11, 25), 5)]
    assert keys == ["2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1", "2024-Q4"]


# --- submission and task states --------------------------------------------------------------------


def test_submission_flow_and_refusals():
    S = d.SubmissionState
    d.SUBMISSION_WORKFLOW.check(S.DRAFT, S.SUBMITTED)
    d.SUBMISSION_WORKFLOW.check(S.SUBMITTED, S.RETURNED)
    d.SUBMISSION_WORKFLOW.check(S.RETURNED, S.SUBMITTED)
    d.SUBMISSION_WORKFLOW.check(S.SUBMITTED, S.ACCEPTED)
    for current, target in [(S.DRAFT, S.ACCEPTED), (S.ACCEPTED, S.RETURNED), (S.RETURNED, S.ACCEPTED),
                            (S.DRAFT, S.RETURNED)]:
        with pytest.raises(InvalidTransition):
            d.SUBMISSION_WORKFLOW.check(current, target)
    with pytest.raises(ValidationError) as exc:  # a refused move is a ValidationError with a stable code
        d.SUBMISSION_WORKFLOW.check(S.ACCEPTED, S.RETURNED)
    assert exc.value.code == "invalid_transition" and "Đã tiếp nhận" in exc.value.messages[0]


def test_lateness_boundaries():
    due = date(2025, 10, 7)
    assert not d.submission_is_late(due, date(2025, 10, 7), date(2025, 12, 1))
    assert d.submission_is_late(due, date(2025, 10, 8), date(2025, 12, 1))
    assert not d.submission_is_late(due, None, date(2025, 10, 7))
    assert d.submission_is_late(due, None, date(2025, 10, 8))
    assert not d.submission_is_late(None, None, date(2030, 1, 1))


def test_task_progress_moves_the_state():
    T = d.TaskState
    assert d.state_for_progress(T.NOT_STARTED, 0) == T.NOT_STARTED
    assert d.state_for_progress(T.NOT_STARTED, 1) == T.IN_PROGRESS
    assert d.state_for_progress(T.IN_PROGRESS, 100) == T.DONE
    assert d.state_for_progress(T.DONE, 90) == T.IN_PROGRESS
    with pytest.raises(InvalidTransition):
        d.TASK_WORKFLOW.check(T.CANCELLED, T.IN_PROGRESS)


def test_task_overdue_and_due_soon_boundaries():
    T = d.TaskState
    due = date(2025, 12, 31)
    assert not d.task_is_overdue(T.IN_PROGRESS, due, due)
    assert d.task_is_overdue(T.IN_PROGRESS, due, date(2026, 1, 1))
    assert not d.task_is_overdue(T.DONE, due, date(2026, 1, 1))
    assert not d.task_is_overdue(T.CANCELLED, due, date(2026, 1, 1))
    assert d.task_due_soon(T.NOT_STARTED, due, date(2025, 12, 24), 7)
    assert not d.task_due_soon(T.NOT_STARTED, due, date(2025, 12, 23), 7)


# --- values ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "raw", "expected"), [
    (K.NUMBER, "12", Decimal(12)), (K.NUMBER, "12,5", Decimal("12.5")), (K.NUMBER, 3, Decimal(3)),
    (K.NUMBER, "1.000", Decimal(1000)), (K.NUMBER, "2.500.000", Decimal(2500000)),
    (K.NUMBER, "1.234,5", Decimal("1234.5")), (K.NUMBER, "12.5", Decimal("12.5")),
    (K.NUMBER, "", None), (K.NUMBER, None, None), (K.NUMBER, "0", Decimal(0)),
    (K.BOOLEAN, "có", True), (K.BOOLEAN, "khong", False), (K.BOOLEAN, True, True), (K.BOOLEAN, "", None),
    (K.TEXT, "  Tốt  ", "Tốt"), (K.TEXT, "", None),
])
def test_it_parses_values(kind, raw, expected):
    assert d.parse_value(kind, raw) == expected


@pytest.mark.parametrize(("kind", "raw"), [
    (K.NUMBER, "-1"), (K.NUMBER, "abc"), (K.NUMBER, "1e12"), (K.NUMBER, "NaN"), (K.NUMBER, "Infinity"),
    (K.NUMBER, "1.2345"), (K.NUMBER, "1.23,4"), (K.NUMBER, True), (K.BOOLEAN, "maybe"), (K.TEXT, "x" * 5001), ("table", "1"),
])
def test_it_refuses_bad_values(kind, raw):
    with pytest.raises(d.ValueError_):
        d.parse_value(kind, raw)


def test_a_required_value_must_be_given():
    with pytest.raises(d.ValueError_):
        d.parse_value(K.NUMBER, " ", required=True)


def test_vietnamese_number_format():
    assert d.format_number(Decimal("12345.5")) == "12.345,5"
    assert d.format_number(Decimal(1000000)) == "1.000.000"
    assert d.format_number(Decimal("0.25")) == "0,25"


# --- roll-up and lineage ---------------------------------------------------------------------------

# Today's tree: city 1 → communes 10, 11; commune 10 → village 100. Old units 50 (→ 10), 51 (→ 11),
# 52 (→ 60 → 10, a village merge after the reform), 99 (→ 999, outside the city).
PATHS = {1: "/1/", 10: "/1/10/", 11: "/1/11/", 100: "/1/10/100/", 999: "/7/999/"}
SUCC = {50: 10, 51: 11, 52: 60, 60: 10, 99: 999}
KINDS = {1: K.NUMBER, 2: K.BOOLEAN, 3: K.TEXT}


def test_resolve_current_follows_chains_and_stops_on_cycles():
    assert d.resolve_current(50, SUCC) == 10
    assert d.resolve_current(52, SUCC) == 10
    assert d.resolve_current(10, SUCC) == 10
    assert d.resolve_current(1, {1: 2, 2: 1}) == 2


def test_group_under_gives_the_child_of_the_scope():
    assert d.group_under("/1/", "/1/10/100/") == 10
    assert d.group_under("/1/", "/1/11/") == 11
    assert d.group_under("/1/10/", "/1/10/") == 10
    assert d.group_under("/1/", "/7/999/") is None


def test_roll_up_adds_records_of_merged_old_communes_into_todays_units():
    rows = [
        d.ValueRow(10, 1, number=Decimal(5)),
        d.ValueRow(50, 1, number=Decimal(7)),  # old commune merged into 10
        d.ValueRow(52, 1, number=Decimal(1)),  # two hops
        d.ValueRow(51, 1, number=Decimal(2)),
        d.ValueRow(99, 1, number=Decimal(1000)),  # rolls into another province: left out
        d.ValueRow(10, 2, boolean=True), d.ValueRow(50, 2, boolean=False), d.ValueRow(11, 2, boolean=None),
        d.ValueRow(11, 3, text="Tốt", label="Phường B"),
        d.ValueRow(10, 42, number=Decimal(1)),  # not an indicator of the template
    ]
    groups = d.roll_up(rows, kinds=KINDS, scope_path="/1/", path_of=PATHS, successor_of=SUCC)
    assert groups[10][1].total == 13 and groups[10][1].reports == 3
    assert groups[11][1].total == 2
    assert (groups[10][2].yes, groups[10][2].answered) == (1, 2)
    assert 2 not in groups[11] or groups[11][2].answered == 0
    assert groups[11][3].texts == [("Phường B", "Tốt")]
    total = d.totals(groups, KINDS)
    assert total[1].total == 15 and total[1].display == "15"
    assert total[2].display == "1/2"
    assert total[3].display == "1"


def test_roll_up_drills_down_to_villages():
    rows = [d.ValueRow(100, 1, number=Decimal(3)), d.ValueRow(10, 1, number=Decimal(4))]
    groups = d.roll_up(rows, kinds=KINDS, scope_path="/1/10/", path_of=PATHS, successor_of=SUCC)
    assert groups[100][1].total == 3 and groups[10][1].total == 4


# --- table indicators ------------------------------------------------------------------------------

FIXED = d.table_spec([{"label": "Số cuộc", "kind": "number"}, {"label": "Số người dự", "kind": "number"},
                      {"label": "Ghi chú", "kind": "text"}], ["Thôn, tổ dân phố", "Xã, phường"])
FREE = d.table_spec([{"label": "Tên mô hình", "kind": "text"}, {"label": "Số hộ tham gia", "kind": "number"}])


def test_a_table_is_defined_by_columns_and_optional_fixed_rows():
    assert FIXED.fixed and FIXED.rows == ("Thôn, tổ dân phố", "Xã, phường") and FIXED.number_columns == (0, 1)
    assert not FREE.fixed and FREE.row_label(1) == "Dòng 2"
    assert d.table_spec([{"label": " Số vụ "}]).columns == (d.TableColumn("Số vụ", "number"),)  # number by default
    assert d.table_spec(*FIXED.to_json()) == FIXED


@pytest.mark.parametrize(("columns", "rows", "field"), [
    ([], None, "columns"), ("Số vụ", None, "columns"), ([{"label": ""}], None, "columns"),
    ([{"label": "A", "kind": "date"}], None, "columns"), ([{"label": "A"}, {"label": "A"}], None, "columns"),
    ([{"label": "x" * 201}], None, "columns"), ([{"label": f"C{n}"} for n in range(21)], None, "columns"),
    (["Số vụ"], None, "columns"), ([{"label": "A"}], ["Nam", "Nam"], "rows"), ([{"label": "A"}], ["", "Nữ"], "rows"),
    ([{"label": "A"}], [f"R{n}" for n in range(101)], "rows"), ([{"label": "A"}], "Nam", "rows"),
])
def test_a_bad_table_definition_is_refused_and_names_the_part(columns, rows, field):
    with pytest.raises(d.TableSpecError) as exc:
        d.table_spec(columns, rows)
    assert exc.value.field == field and str(exc.value)


def test_a_fixed_table_is_read_with_the_vietnamese_number_rules():
    value = d.parse_value(K.TABLE, [["1.000", "2.500,5", "Tốt"], ["3", None, ""]], spec=FIXED)
    assert value.rows == ((Decimal(1000), Decimal("2500.5"), "Tốt"), (Decimal(3), None, None))
    # by row label and column label; a missing row stays empty
    by_label = d.parse_table(FIXED, {"Xã, phường": {"Số cuộc": "3"}})
    assert by_label.rows == ((None, None, None), (Decimal(3), None, None))
    assert d.table_from_json(FIXED, d.table_to_json(value)) == value
    assert d.table_to_json(value) == [["1000", "2500.5", "Tốt"], ["3", None, None]]
    assert value.display_rows()[0] == ("Thôn, tổ dân phố", ["1.000", "2.500,5", "Tốt"])


def test_a_free_table_keeps_only_the_rows_given():
    value = d.parse_table(FREE, [["Mô hình Dân vận khéo", "12"], ["", ""], {"Tên mô hình": "Camera an ninh"}])
    assert value.rows == (("Mô hình Dân vận khéo", Decimal(12)), ("Camera an ninh", None))
    assert d.parse_table(FREE, [["", ""], [None, None]]) is None
    assert d.parse_table(FREE, []) is None and d.parse_table(FREE, "") is None


@pytest.mark.parametrize(("spec", "raw", "message"), [
    (FIXED, [["-1"]], "Dòng “Thôn, tổ dân phố”, cột “Số cuộc”: Không được là số âm."),
    (FIXED, [["1"], ["1.2345"]], "Dòng “Xã, phường”, cột “Số cuộc”: Tối đa 2 chữ số thập phân."),
    (FIXED, [["1"], ["2"], ["3"]], "Bảng có 2 dòng cố định."),
    (FIXED, {"Thôn": ["1"]}, "Không có dòng “Thôn” trong bảng."),
    (FIXED, [["1", "2", "x", "4"]], "Dòng “Thôn, tổ dân phố”: có 4 ô, bảng chỉ có 3 cột."),
    (FIXED, [{"Số hộ": "1"}], "Dòng “Thôn, tổ dân phố”: không có cột “Số hộ”."),
    (FREE, [["A", "abc"]], "Dòng 1, cột “Số hộ tham gia”: Phải là một số."),
    (FREE, [["A", True]], "Dòng 1, cột “Số hộ tham gia”: Phải là một số."),
    (FREE, [[["nested"], "1"]], "Dòng 1, cột “Tên mô hình”: giá trị không hợp lệ."),
    (FREE, [["x" * 1001, "1"]], "Dòng 1, cột “Tên mô hình”: Tối đa 1000 ký tự."),
    (FREE, [["A", "1"]] * 201, "Bảng có tối đa 200 dòng."),
    (FREE, "1", "Bảng phải là danh sách các dòng."),
    (FREE, 5, "Bảng phải là danh sách các dòng."),
    (FREE, ["A"], "Dòng 1: mỗi dòng là danh sách các ô theo thứ tự cột."),
])
def test_a_bad_cell_is_refused_with_its_row_and_column(spec, raw, message):
    with pytest.raises(d.ValueError_) as exc:
        d.parse_value(K.TABLE, raw, spec=spec)
    assert str(exc.value) == message


def test_a_required_table_must_have_a_cell_filled():
    with pytest.raises(d.ValueError_):
        d.parse_value(K.TABLE, [[None, ""]], required=True, spec=FREE)
    with pytest.raises(d.ValueError_):  # a table without its definition
        d.parse_value(K.TABLE, [["1"]])


def test_roll_up_adds_tables_per_fixed_row_and_per_column_of_free_rows_through_the_lineage():
    kinds = {7: K.TABLE, 8: K.TABLE}
    rows = [
        d.ValueRow(10, 7, table=d.parse_table(FIXED, [["2", "40", "Đủ"], ["1", "100"]]), label="Phường A (2025)"),
        d.ValueRow(50, 7, table=d.parse_table(FIXED, [["3", "60"]]), label="Phường cũ (2024)"),  # old → 10
        d.ValueRow(11, 7, table=d.parse_table(FIXED, [[None, None], ["5", "0,5"]]), label="Phường B (2025)"),
        d.ValueRow(10, 8, table=d.parse_table(FREE, [["Mô hình 1", "12"], ["Mô hình 2", "8"]]), label="A"),
        d.ValueRow(51, 8, table=d.parse_table(FREE, [["Mô hình 3", "1.000"]]), label="B cũ"),
        d.ValueRow(11, 8, table=None),
    ]
    groups = d.roll_up(rows, kinds=kinds, scope_path="/1/", path_of=PATHS, successor_of=SUCC)
    a = groups[10][7]
    assert a.reports == 2 and a.grid == {(0, 0): 5, (0, 1): 100, (1, 0): 1, (1, 1): 100}
    assert a.texts == [("Phường A (2025)", "Thôn, tổ dân phố — Ghi chú: Đủ")]
    total = d.totals(groups, kinds)
    assert total[7].table_totals(FIXED) == [("Thôn, tổ dân phố", [Decimal(5), Decimal(100), None]),
                                            ("Xã, phường", [Decimal(6), Decimal("100.5"), None])]
    assert total[8].table_totals(FREE) == [("Tổng cộng", [None, Decimal(1020)])]
    assert (total[8].lines, total[8].reports) == (3, 2)
    assert total[8].display == "2 báo cáo, 3 dòng"
    assert [t for _l, t in total[8].texts] == ["Dòng 1 — Tên mô hình: Mô hình 1", "Dòng 2 — Tên mô hình: Mô hình 2",
                                               "Dòng 1 — Tên mô hình: Mô hình 3"]


def test_an_empty_table_aggregate_sums_to_nothing():
    agg = d.Aggregate(K.TABLE)
    assert agg.display == "—"
    assert agg.table_totals(FREE) == [("Tổng cộng", [None, None])]


# --- access-to-law standard (QĐ 25/2021/QĐ-TTg Art.3–4) ---------------------------------------------


def test_the_standard_has_5_criteria_20_indicators_100_points():
    assert len(d.CRITERIA) == 5
    assert [len(c.indicators) for c in d.CRITERIA] == [2, 6, 3, 5, 4]
    assert len(d.ALL_INDICATORS) == 20
    assert sum(d.DEFAULT_INDICATOR_MAX.values()) == 100


def _full(points=5):
    return {code: Decimal(points) for code in d.ALL_INDICATORS}


def test_pass_rule_boundaries():
    maxima = d.DEFAULT_INDICATOR_MAX
    assert d.evaluate_standard(_full(), maxima, head_disciplined=False).passed
    exactly_80 = _full(4)  # 20 × 4 = 80, every criterion at 80%
    result = d.evaluate_standard(exactly_80, maxima, head_disciplined=False)
    assert result.total == 80 and result.passed
    below = dict(exactly_80, **{"TC1.CT1": Decimal("3.99")})
    assert not d.evaluate_standard(below, maxima, head_disciplined=False).total_ok


def test_a_weak_criterion_fails_even_with_a_high_total():
    scores = _full()
    scores["TC1.CT1"] = Decimal(0)
    scores["TC1.CT2"] = Decimal("4.99")  # TC1 = 4.99 < 50% of 10
    result = d.evaluate_standard(scores, d.DEFAULT_INDICATOR_MAX, head_disciplined=False)
    assert result.total_ok and result.failing_criteria == ("TC1",) and not result.passed
    scores["TC1.CT2"] = Decimal(5)  # exactly 50%: passes the criterion rule
    assert d.evaluate_standard(scores, d.DEFAULT_INDICATOR_MAX, head_disciplined=False).passed


def test_a_disciplined_head_fails_the_standard():
    result = d.evaluate_standard(_full(), d.DEFAULT_INDICATOR_MAX, head_disciplined=True)
    assert result.total == 100 and not result.head_ok and not result.passed


def test_configured_maxima_must_cover_all_and_total_100():
    table = {code: 5 for code in d.ALL_INDICATORS}
    assert d.indicator_max_table(table)["TC2.CT1"] == 5
    table["TC1.CT1"] = 6
    with pytest.raises(d.ScoreError):
        d.indicator_max_table(table)
    with pytest.raises(d.ScoreError):
        d.indicator_max_table({"TC1.CT1": 100})


def test_scores_are_bounded_by_the_indicator_maximum():
    maxima = d.DEFAULT_INDICATOR_MAX
    assert d.clean_scores({"TC1.CT1": "4,5", "TC1.CT2": ""}, maxima) == {"TC1.CT1": Decimal("4.5")}
    for bad in ({"TC1.CT1": "6"}, {"TC1.CT1": "-1"}, {"TC9.CT1": "1"}, {"TC1.CT1": "x"}, {"TC1.CT1": "1.234"}):
        with pytest.raises(d.ScoreError):
            d.clean_scores(bad, maxima)


def test_the_evidence_list_names_indicators_of_the_standard_and_known_sources():
    table = d.evidence_table(None, known_sources=["disclosure.published", "disclosure.on_time", "disclosure.late",
                                                   *[k for _c, keys in d.DEFAULT_EVIDENCE for k in keys]])
    assert table == d.DEFAULT_EVIDENCE and all(set(codes) <= set(d.ALL_INDICATORS) for codes, _k in table)
    assert d.evidence_table([(["TC2.CT2"], ["x.y"])]) == ((("TC2.CT2",), ("x.y",)),)
    for bad in ([(["TC9.CT1"], ["x.y"])], [([], ["x.y"])], ["TC2.CT2"], [(["TC2.CT2"], ["x.y"], 3)]):
        with pytest.raises(d.ScoreError):
            d.evidence_table(bad)
    with pytest.raises(d.ScoreError):
        d.evidence_table([(["TC2.CT2"], ["nope"])], known_sources=["x.y"])
    assert d.indicator_title("TC5.CT3").startswith("Không có cán bộ")


def test_posting_and_fixed_dates():
    assert d.posting_ok(date(2026, 1, 1), date(2026, 1, 5))
    assert not d.posting_ok(date(2026, 1, 1), date(2026, 1, 4))
    assert not d.posting_ok(None, date(2026, 1, 4))
    assert d.dossier_deadline(2025) == date(2026, 1, 9)
    assert d.recognition_deadline(2025) == date(2026, 2, 9)


def test_a_report_is_never_due_before_the_template_asked_for_it():
    usual = date(2026, 10, 7)
    assert d.due_after_issue(usual, None) == usual
    assert d.due_after_issue(usual, date(2026, 12, 8)) == date(2026, 12, 8)  # issued after the usual deadline
    assert d.due_after_issue(date(2027, 1, 8), date(2026, 12, 8)) == date(2027, 1, 8)  # issued in time
