"""core.exports: one table download, formula-safe, with one audit row."""

import pytest
from django.test import RequestFactory

from danchu.core.exports import attachment_disposition, safe_filename, table_download
from danchu.core.models import AuditEvent


def test_file_names_are_ascii_with_the_unicode_name_beside():
    assert safe_filename("Sổ tiếp công dân — Phường Cái Khế") == "so-tiep-cong-dan-phuong-cai-khe"
    assert safe_filename("???") == "danh-sach"
    header = attachment_disposition("Sổ tiếp công dân", "xlsx")
    assert header.startswith('attachment; filename="so-tiep-cong-dan.xlsx"; filename*=UTF-8\'\'')
    assert "S%E1%BB%95" in header


@pytest.mark.django_db
def test_a_download_is_audited_once_and_formulas_stay_text(personas, tree):
    from io import BytesIO

    from openpyxl import load_workbook

    request = RequestFactory().get("/x/?q=1")
    request.user = personas["official_a"]
    response = table_download(request, headers=["Họ tên", "Ghi chú"], rows=[["An", "=HYPERLINK(\"x\")"]],
                              filename="Danh sách hộ", verb="units.household.exported", target=tree.commune_a,
                              unit=tree.commune_a, sheet="Hộ", data={"filters": {"q": "1"}})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    cell = load_workbook(BytesIO(response.content)).active["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    event = AuditEvent.objects.get(verb="units.household.exported")
    assert event.data == {"format": "xlsx", "rows": 1, "filters": {"q": "1"}} and event.unit_id == tree.commune_a.pk
    csv = table_download(request, headers=["A"], rows=[["=1+1"]], filename="x", verb="units.household.exported",
                         fmt="csv")
    assert csv.content.decode("utf-8-sig").splitlines()[1] == "'=1+1"
    assert AuditEvent.objects.filter(verb="units.household.exported").count() == 2
