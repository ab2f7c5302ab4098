"""Indicator values and table indicators (values.py, pure): typed the Vietnamese way, checked cell by cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from danchu.steering.values import IndicatorKind as K
from danchu.steering.values import (
    TableColumn,
    TableSpecError,
    ValueError_,
    format_number,
    parse_table,
    parse_value,
    table_from_json,
    table_spec,
    table_to_json,
)

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
    assert parse_value(kind, raw) == expected


@pytest.mark.parametrize(("kind", "raw"), [
    (K.NUMBER, "-1"), (K.NUMBER, "abc"), (K.NUMBER, "1e12"), (K.NUMBER, "NaN"), (K.NUMBER, "Infinity"),
    (K.NUMBER, "1.2345"), (K.NUMBER, "1.23,4"), (K.NUMBER, True), (K.BOOLEAN, "maybe"), (K.TEXT, "x" * 5001), ("table", "1"),
])
def test_it_refuses_bad_values(kind, raw):
    with pytest.raises(ValueError_):
        parse_value(kind, raw)


def test_a_required_value_must_be_given():
    with pytest.raises(ValueError_):
        parse_value(K.NUMBER, " ", required=True)


def test_vietnamese_number_format():
    assert format_number(Decimal("12345.5")) == "12.345,5"
    assert format_number(Decimal(1000000)) == "1.000.000"
    assert format_number(Decimal("0.25")) == "0,25"


# --- table indicators ------------------------------------------------------------------------------

FIXED = table_spec([{"label": "Số cuộc", "kind": "number"}, {"label": "Số người dự", "kind": "number"},
                      {"label": "Ghi chú", "kind": "text"}], ["Thôn, tổ dân phố", "Xã, phường"])
FREE = table_spec([{"label": "Tên mô hình", "kind": "text"}, {"label": "Số hộ tham gia", "kind": "number"}])


def test_a_table_is_defined_by_columns_and_optional_fixed_rows():
    assert FIXED.fixed and FIXED.rows == ("Thôn, tổ dân phố", "Xã, phường") and FIXED.number_columns == (0, 1)
    assert not FREE.fixed and FREE.row_label(1) == "Dòng 2"
    assert table_spec([{"label": " Số vụ "}]).columns == (TableColumn("Số vụ", "number"),)  # number by default
    assert table_spec(*FIXED.to_json()) == FIXED


@pytest.mark.parametrize(("columns", "rows", "field"), [
    ([], None, "columns"), ("Số vụ", None, "columns"), ([{"label": ""}], None, "columns"),
    ([{"label": "A", "kind": "date"}], None, "columns"), ([{"label": "A"}, {"label": "A"}], None, "columns"),
    ([{"label": "x" * 201}], None, "columns"), ([{"label": f"C{n}"} for n in range(21)], None, "columns"),
    (["Số vụ"], None, "columns"), ([{"label": "A"}], ["Nam", "Nam"], "rows"), ([{"label": "A"}], ["", "Nữ"], "rows"),
    ([{"label": "A"}], [f"R{n}" for n in range(101)], "rows"), ([{"label": "A"}], "Nam", "rows"),
])
def test_a_bad_table_definition_is_refused_and_names_the_part(columns, rows, field):
    with pytest.raises(TableSpecError) as exc:
        table_spec(columns, rows)
    assert exc.value.field == field and str(exc.value)


def test_a_fixed_table_is_read_with_the_vietnamese_number_rules():
    value = parse_value(K.TABLE, [["1.000", "2.500,5", "Tốt"], ["3", None, ""]], spec=FIXED)
    assert value.rows == ((Decimal(1000), Decimal("2500.5"), "Tốt"), (Decimal(3), None, None))
    # by row label and column label; a missing row stays empty
    by_label = parse_table(FIXED, {"Xã, phường": {"Số cuộc": "3"}})
    assert by_label.rows == ((None, None, None), (Decimal(3), None, None))
    assert table_from_json(FIXED, table_to_json(value)) == value
    assert table_to_json(value) == [["1000", "2500.5", "Tốt"], ["3", None, None]]
    assert value.display_rows()[0] == ("Thôn, tổ dân phố", ["1.000", "2.500,5", "Tốt"])


def test_a_free_table_keeps_only_the_rows_given():
    value = parse_table(FREE, [["Mô hình Dân vận khéo", "12"], ["", ""], {"Tên mô hình": "Camera an ninh"}])
    assert value.rows == (("Mô hình Dân vận khéo", Decimal(12)), ("Camera an ninh", None))
    assert parse_table(FREE, [["", ""], [None, None]]) is None
    assert parse_table(FREE, []) is None and parse_table(FREE, "") is None


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
    with pytest.raises(ValueError_) as exc:
        parse_value(K.TABLE, raw, spec=spec)
    assert str(exc.value) == message


def test_a_required_table_must_have_a_cell_filled():
    with pytest.raises(ValueError_):
        parse_value(K.TABLE, [[None, ""]], required=True, spec=FREE)
    with pytest.raises(ValueError_):  # a table without its definition
        parse_value(K.TABLE, [["1"]])
