"""Table indicators ("indicators: numbers, yes/no, text, tables"): the issuing level defines the columns and the
fixed rows; a unit fills the cells (Vietnamese number typing); the roll-up adds the number columns per fixed row,
or per column when the rows are free, up the tree and through the 2025 lineage; screen, .docx, .xlsx and API."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from danchu.core.models import AuditEvent
from danchu.steering import documents, services
from danchu.steering.models import Indicator, SubmissionValue
from danchu.steering.periods import PeriodKind
from danchu.steering.values import IndicatorKind

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)
MEETINGS = [{"label": "Số hội nghị", "kind": "number"}, {"label": "Số người dự", "kind": "number"},
            {"label": "Ghi chú", "kind": "text"}]
LEVELS = ["Cấp thôn, tổ dân phố", "Cấp xã, phường"]


@pytest.fixture
def table_template(tree):
    """An issued yearly city template: a fixed table (meetings by level), a free table (models) and a number."""
    template = services.template_create(unit=tree.province, title="Báo cáo hội nghị và mô hình",
                                        period_kind=PeriodKind.YEAR, actor=None)
    services.indicator_add(template=template, code="1", label="Hội nghị đối thoại theo cấp", kind=IndicatorKind.TABLE,
                           columns=MEETINGS, rows=LEVELS, actor=None)
    services.indicator_add(template=template, code="2", label="Mô hình dân vận khéo", kind=IndicatorKind.TABLE,
                           columns=[{"label": "Tên mô hình", "kind": "text"}, {"label": "Số hộ tham gia"}],
                           required=False, actor=None)
    services.indicator_add(template=template, code="3", label="Số tổ hòa giải", kind=IndicatorKind.NUMBER, actor=None)
    services.template_issue(template=template, actor=None, on=date(2025, 1, 2))
    return template


def _report(template, unit, key, values, *, submit=True):
    sub = services.submission_open(template=template, unit=unit, period_key=key, actor=None, today=TODAY)
    services.submission_save(submission=sub, values=values, actor=None)
    if submit:
        services.submission_submit(submission=sub, actor=None, on=TODAY)
    return sub


@pytest.fixture
def filled(tree, legacy, table_template):
    _report(table_template, legacy.an_hoa, "2024", {"1": [["2", "1.000"], ["1", "250"]], "3": "4"})  # old → A
    _report(table_template, tree.commune_a, "2025", {
        "1": {"Cấp xã, phường": {"Số hội nghị": "3", "Số người dự": "120,5", "Ghi chú": "Có Chủ tịch dự"}},
        "2": [["Camera an ninh", "40"], ["Đường hoa", "15"]], "3": "2"})
    _report(table_template, tree.commune_b, "2025", {"1": [["4", "200"]], "2": [{"Tên mô hình": "Chợ văn minh",
                                                                               "Số hộ tham gia": "1.200"}], "3": "1"})
    _report(table_template, legacy.tan_an, "2024", {"1": [["9", "9"]], "3": "9"}, submit=False)  # draft: not counted
    return table_template


def _ind(template, code) -> Indicator:
    return template.indicators.get(code=code)


# --- definition ------------------------------------------------------------------------------------


def test_a_table_indicator_keeps_its_columns_and_rows_and_is_audited(table_template):
    ind = _ind(table_template, "1")
    assert ind.table_columns == MEETINGS and ind.table_rows == LEVELS
    assert ind.table_spec().fixed and not _ind(table_template, "2").table_spec().fixed
    event = AuditEvent.objects.filter(verb="steering.template.indicator_added", data__code="1").get()
    assert event.data["columns"] == MEETINGS and event.data["rows"] == LEVELS


@pytest.mark.parametrize(("kind", "columns", "rows", "field"), [
    (IndicatorKind.TABLE, [], [], "columns"),
    (IndicatorKind.TABLE, [{"label": "A", "kind": "ngày"}], [], "columns"),
    (IndicatorKind.TABLE, [{"label": "A"}], ["Nam", "Nam"], "rows"),
    (IndicatorKind.TABLE, [{"label": "\u200b"}], [], "columns"),  # only an invisible character
    (IndicatorKind.NUMBER, [{"label": "A"}], [], "columns"),  # only a table has columns
])
def test_a_bad_table_definition_changes_nothing(tree, kind, columns, rows, field):
    template = services.template_create(unit=tree.province, title="Mẫu", period_kind=PeriodKind.YEAR, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.indicator_add(template=template, code="1", label="Bảng", kind=kind, columns=columns, rows=rows,
                               actor=None)
    assert field in exc.value.error_dict
    assert not template.indicators.exists()


# --- filling ---------------------------------------------------------------------------------------


def test_cells_are_stored_as_typed_the_vietnamese_way(tree, filled):
    value = SubmissionValue.objects.get(indicator=_ind(filled, "1"), submission__unit=tree.commune_a)
    assert value.table == [[None, None, None], ["3", "120.5", "Có Chủ tịch dự"]]
    legacy_value = SubmissionValue.objects.get(indicator=_ind(filled, "1"), submission__period_key="2024",
                                               submission__state="submitted")
    assert legacy_value.value().rows[0] == (Decimal(2), Decimal(1000), None)


def test_a_bad_cell_names_its_row_and_column_and_changes_nothing(tree, table_template):
    sub = _report(table_template, tree.commune_a, "2025", {"1": [["1", "2"]], "3": "1"}, submit=False)
    ind = _ind(table_template, "1")
    with pytest.raises(ValidationError) as exc:
        services.submission_save(submission=sub, values={"1": [["5", "-3"]], "3": "7"}, actor=None)
    assert exc.value.message_dict[f"ind_{ind.pk}"] == [
        "1: Dòng “Cấp thôn, tổ dân phố”, cột “Số người dự”: Không được là số âm."]
    assert sub.values.get(indicator=ind).table[0][:2] == ["1", "2"]
    assert sub.values.get(indicator__code="3").number == 1


def test_a_required_table_must_be_filled_before_sending(tree, table_template):
    sub = _report(table_template, tree.commune_a, "2025", {"1": [["", ""], [None, None]], "3": "1"}, submit=False)
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(submission=sub, actor=None)
    assert "1" in exc.value.messages[0] and "2" not in exc.value.messages[0].split(":")[1]  # 2 is optional


# --- roll-up ---------------------------------------------------------------------------------------


def test_the_rollup_adds_table_cells_per_fixed_row_and_per_column_through_the_lineage(tree, filled):
    result = services.rollup(template=filled, scope=tree.province, start=date(2021, 1, 1), end=date(2025, 12, 31))
    meetings, models = _ind(filled, "1"), _ind(filled, "2")
    by_unit = {row.unit.pk: row for row in result.rows}
    a = by_unit[tree.commune_a.pk].cells[meetings.pk].table_totals(meetings.table_spec())
    assert a == [("Cấp thôn, tổ dân phố", [Decimal(2), Decimal(1000), None]),  # from old An Hòa (2024)
                 ("Cấp xã, phường", [Decimal(4), Decimal("370.5"), None])]  # 1 (2024) + 3 (2025)
    total = result.total[meetings.pk].table_totals(meetings.table_spec())
    assert total == [("Cấp thôn, tổ dân phố", [Decimal(6), Decimal(1200), None]),
                     ("Cấp xã, phường", [Decimal(4), Decimal("370.5"), None])]
    free = result.total[models.pk]
    assert free.table_totals(models.table_spec()) == [("Tổng cộng", [None, Decimal(1255)])]
    assert free.lines == 3 and free.reports == 2
    assert ("Phường Cái Khế (2025)", "Dòng 1 — Tên mô hình: Camera an ninh") in free.texts
    # drill-down to commune A, and the cached roll-up gives the same sums
    only_a = services.rollup(template=filled, scope=tree.commune_a, start=date(2021, 1, 1), end=date(2025, 12, 31))
    assert only_a.total[meetings.pk].grid == result.rows[0].cells[meetings.pk].grid
    again = services.rollup(template=filled, scope=tree.province, start=date(2021, 1, 1), end=date(2025, 12, 31))
    assert again.total[meetings.pk].table_totals(meetings.table_spec()) == total


def test_the_table_sections_list_each_unit_and_the_totals(tree, filled):
    result = services.rollup(template=filled, scope=tree.province, start=date(2025, 1, 1), end=date(2025, 12, 31))
    sections = documents.table_sections(result)
    title, headers, lines, total = sections[0]
    assert title == "1. Hội nghị đối thoại theo cấp"
    assert headers == ["Đơn vị", "Dòng", "Số hội nghị", "Số người dự"]  # number columns; texts are listed
    assert ["Phường Cái Khế", "Cấp thôn, tổ dân phố", "—", "—"] in lines
    assert total == [["Tổng cộng", "Cấp thôn, tổ dân phố", "4", "200"], ["", "Cấp xã, phường", "3", "120,5"]]
    title, headers, lines, total = sections[1]
    assert headers == ["Đơn vị", "Số hộ tham gia", "Số dòng"]
    assert total == [["Tổng cộng", "1.255", "3"]]


# --- documents -------------------------------------------------------------------------------------


def test_the_xlsx_has_a_sheet_per_table_with_numbers(tree, filled):
    from openpyxl import load_workbook

    result = services.rollup(template=filled, scope=tree.province, start=date(2021, 1, 1), end=date(2025, 12, 31))
    wb = load_workbook(io.BytesIO(documents.rollup_xlsx(result)))
    main_headers = [c.value for c in wb["Tổng hợp"][4]]
    assert main_headers[-1] == "3. Số tổ hòa giải" and not any("Hội nghị đối thoại" in str(h) for h in main_headers)
    rows = list(wb["Bảng 1"].iter_rows(min_row=3, values_only=True))
    assert ("Phường Cái Khế", "Cấp xã, phường", 4, 370.5) in rows
    assert rows[-2:] == [("Tổng cộng", "Cấp thôn, tổ dân phố", 6, 1200), ("Tổng cộng", "Cấp xã, phường", 4, 370.5)]
    assert list(wb["Bảng 2"].iter_rows(min_row=3, values_only=True))[-1] == ("Tổng cộng", 1255, 3)
    notes = [r[2] for r in wb["Ý kiến"].iter_rows(min_row=2, values_only=True)]
    assert "Cấp xã, phường — Ghi chú: Có Chủ tịch dự" in notes


def test_the_docx_shows_the_table_totals(tree, filled):
    from docx import Document

    result = services.rollup(template=filled, scope=tree.province, start=date(2021, 1, 1), end=date(2025, 12, 31))
    doc = Document(io.BytesIO(documents.rollup_docx(result, on=TODAY)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "1. Hội nghị đối thoại theo cấp" in text and "2. Mô hình dân vận khéo" in text
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    meetings = next(t for t in tables if t[0][:2] == ["Đơn vị", "Dòng"])
    assert meetings[-2:] == [["Tổng cộng", "Cấp thôn, tổ dân phố", "6", "1.200"], ["", "Cấp xã, phường", "4", "370,5"]]


@pytest.mark.requires_tool("pdftotext")
def test_the_pdf_shows_the_table_totals(tree, filled, tmp_path):
    import subprocess

    result = services.rollup(template=filled, scope=tree.province, start=date(2021, 1, 1), end=date(2025, 12, 31))
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(documents.rollup_pdf(result, on=TODAY))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    assert "Hội nghị đối thoại theo cấp" in text and "370,5" in text and "1.255" in text


# --- HTML ------------------------------------------------------------------------------------------


def test_the_city_defines_a_table_in_the_form(client, tree, personas, login):
    login(client, personas["city_officer"])
    template = services.template_create(unit=tree.province, title="Mẫu", period_kind=PeriodKind.YEAR, actor=None)
    url = f"/quan-ly/chi-dao/mau-bao-cao/{template.pk}/"
    bad = client.post(url, {"action": "indicator", "code": "1", "label": "Bảng", "kind": "table",
                            "columns": "Số vụ; ngày", "required": "on"})
    assert bad.status_code == 400 and "loại cột phải là số liệu hoặc văn bản" in bad.content.decode()
    assert not template.indicators.exists()
    client.post(url, {"action": "indicator", "code": "1", "label": "Hòa giải theo thôn", "kind": "table",
                      "columns": "Số vụ; số\nSố vụ thành\nGhi chú; văn bản", "rows": "Thôn 1\n\nThôn 2\n",
                      "required": "on"})
    ind = template.indicators.get()
    assert ind.table_columns == [{"label": "Số vụ", "kind": "number"}, {"label": "Số vụ thành", "kind": "number"},
                                 {"label": "Ghi chú", "kind": "text"}]
    assert ind.table_rows == ["Thôn 1", "Thôn 2"]
    assert "Số vụ thành (số)" in client.get(url).content.decode()


def test_a_commune_fills_a_table_in_the_form(client, tree, personas, login, table_template):
    login(client, personas["official_a"])
    sub = services.submission_open(template=table_template, unit=tree.commune_a, period_key="2025", actor=None,
                                   today=TODAY)
    fixed, free, number = (_ind(table_template, c) for c in "123")
    page = client.get(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/").content.decode()
    assert f'name="ind_{fixed.pk}_1_2"' in page and f'name="ind_{fixed.pk}_2_0"' not in page
    assert f'name="ind_{free.pk}_2_1"' in page  # three blank rows to start with
    bad = client.post(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/", {
        "action": "save", f"ind_{fixed.pk}_0_0": "abc", f"ind_{number.pk}": "1"})
    assert bad.status_code == 400
    assert "Dòng “Cấp thôn, tổ dân phố”, cột “Số hội nghị”: Phải là một số." in bad.content.decode()
    assert not sub.values.exists()
    client.post(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/", {
        "action": "submit", f"ind_{fixed.pk}_0_0": "2", f"ind_{fixed.pk}_0_1": "1.500",
        f"ind_{free.pk}_0_0": "Camera an ninh", f"ind_{free.pk}_0_1": "40", f"ind_{free.pk}_2_1": "7",
        f"ind_{number.pk}": "1"})
    sub.refresh_from_db()
    assert sub.state == "submitted"
    assert sub.values.get(indicator=fixed).table == [["2", "1500", None], [None, None, None]]
    assert sub.values.get(indicator=free).table == [["Camera an ninh", "40"], [None, "7"]]  # blank row 2 dropped
    shown = client.get(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/").content.decode()
    assert "1.500" in shown and "Camera an ninh" in shown


def test_a_saved_free_table_offers_more_blank_rows(client, tree, personas, login, table_template):
    login(client, personas["official_a"])
    sub = _report(table_template, tree.commune_a, "2025", {"2": [["A", "1"], ["B", "2"], ["C", "3"]]}, submit=False)
    free = _ind(table_template, "2")
    page = client.get(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/").content.decode()
    assert 'value="C"' in page and f'name="ind_{free.pk}_5_0"' in page and f'name="ind_{free.pk}_6_0"' not in page


def test_the_rollup_page_shows_the_table_sums(client, tree, personas, login, filled):
    login(client, personas["city_officer"])
    page = client.get(f"/quan-ly/chi-dao/mau-bao-cao/{filled.pk}/tong-hop/?tu=2021&den=2025").content.decode()
    assert "1. Hội nghị đối thoại theo cấp" in page and "370,5" in page and "1.255" in page


# --- API -------------------------------------------------------------------------------------------


def test_the_api_defines_fills_and_adds_up_tables(tree, personas):
    api = APIClient()
    api.force_authenticate(personas["city_officer"])
    template = api.post("/api/v1/steering/templates/", {"unit": tree.province.pk, "title": "Mẫu bảng",
                                                       "period_kind": "year"}, format="json").json()
    url = f"/api/v1/steering/templates/{template['id']}/indicators/"
    bad = api.post(url, {"code": "1", "label": "Bảng", "kind": "table", "rows": ["Nam"]}, format="json")
    assert bad.status_code == 400 and "Bảng cần ít nhất một cột." in bad.content.decode()
    made = api.post(url, {"code": "1", "label": "Người dự theo giới", "kind": "table", "rows": ["Nam", "Nữ"],
                          "columns": [{"label": "Số người", "kind": "number"}, {"label": "Ghi chú", "kind": "text"}]},
                    format="json")
    assert made.status_code == 201, made.content
    assert made.json()["columns"][1] == {"label": "Ghi chú", "kind": "text"} and made.json()["rows"] == ["Nam", "Nữ"]
    api.post(f"/api/v1/steering/templates/{template['id']}/issue/", format="json")
    api.force_authenticate(personas["official_a"])
    sub = api.post("/api/v1/steering/submissions/", {"template": template["id"], "unit": tree.commune_a.pk,
                                                     "period": "2025"}, format="json").json()
    refused = api.post(f"/api/v1/steering/submissions/{sub['id']}/values/",
                       {"values": {"1": {"Nam": ["1.234"], "Nữ": [{"x": 1}]}}}, format="json")
    assert refused.status_code == 400 and "Dòng “Nữ”, cột “Số người”: giá trị không hợp lệ." in refused.content.decode()
    saved = api.post(f"/api/v1/steering/submissions/{sub['id']}/values/",
                     {"values": {"1": {"Nam": ["1.234"], "Nữ": {"Số người": 56, "Ghi chú": "đủ"}}}}, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["values"][0]["table"] == [{"label": "Nam", "cells": ["1234", None]},
                                                  {"label": "Nữ", "cells": ["56", "đủ"]}]
    assert api.post(f"/api/v1/steering/submissions/{sub['id']}/submit/", format="json").status_code == 200
    api.force_authenticate(personas["city_officer"])
    result = api.get(f"/api/v1/steering/templates/{template['id']}/results/?period=2025").json()
    cell = result["total"][0]
    assert cell["kind"] == "table" and cell["table"]["rows"] == [{"label": "Nam", "totals": ["1234.00", None]},
                                                                {"label": "Nữ", "totals": ["56.00", None]}]
    assert cell["table"]["lines"] == 2 and cell["texts"] == [["Phường Cái Khế (2025)", "Nữ — Ghi chú: đủ"]]
