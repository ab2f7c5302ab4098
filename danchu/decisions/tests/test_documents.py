"""The NĐ59 forms: Nghị định 30/2020 format, the fields of Art.20.2, Vietnamese text intact in .docx and PDF."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date

import pytest

from danchu.decisions import documents, services
from danchu.decisions.domain import Choice, Kind

pytestmark = pytest.mark.django_db

TEAM = ["Lê Văn Tám", "Nguyễn Thị Hoa", "Trần Văn Hai"]


@pytest.fixture
def decided(village, households):
    d = services.decision_create(unit=village, kind=Kind.K1, title="Bê tông hóa hẻm 52",
                                 content="Làm 180 m đường bê tông.", options="Mỗi hộ góp 500.000 đồng", actor=None)
    m = services.meeting_notice(decision=d, notice_on=date(2026, 11, 2), held_on=date(2026, 11, 4),
                                place="Nhà văn hóa Khu vực 1", chair_name="Huỳnh Văn Lộc", actor=None)
    services.attendance_record(meeting=m, household_ids=[h.pk for h in households[:5]], actor=None)
    services.meeting_record(meeting=m, secretary_name="Võ Thị Mai", secretary_votes=5, vote_method="secret",
                            count_team=TEAM, witness_1=households[0], witness_2=households[1], secret_agree=4,
                            secret_disagree=1, actor=None)
    services.ballot_open(decision=d, plan_issued_on=date(2026, 11, 5), notice_on=date(2026, 11, 6),
                         distribute_on=date(2026, 11, 9), deadline=date(2026, 11, 13), team=TEAM,
                         leader_name="Lê Văn Tám", actor=None)
    for h in households[5:8]:
        services.ballot_enter(decision=d, household=h, choice=Choice.AGREE, actor=None)
    services.ballot_count(decision=d, witness_1=households[5], witness_2=households[6], actor=None)
    d.refresh_from_db()
    return d


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    assert document.styles["Normal"].font.name == "Times New Roman"
    return "\n".join(parts)


def test_the_decision_minutes_carry_the_fields_of_art_20_2(decided):
    assert decided.state == "passed" and (decided.agree, decided.household_total) == (7, 9)
    text = docx_text(documents.render(decided, 3, "docx"))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN PHƯỜNG CÁI KHẾ",
                     "KHU VỰC 1", "Cái Khế, ngày 13 tháng 11 năm 2026",
                     "Tổng số hộ gia đình: 9; số đại diện hộ gia đình tham gia: 8; số hộ không có đại diện tham gia: 1",
                     "đồng ý 7; không đồng ý 1", "7/9 hộ đồng ý", "THÔNG QUA", "TRƯỞNG THÔN, TỔ TRƯỞNG TỔ DÂN PHỐ",
                     "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN", "ĐẠI DIỆN HỘ GIA ĐÌNH 1", "ĐẠI DIỆN HỘ GIA ĐÌNH 2",
                     "Huỳnh Văn Lộc", "Mẫu số 03"):
        assert expected in text, expected


def test_households_present_that_do_not_vote_are_present_not_absent_in_the_minutes(village, households, personas):
    """Art.20.2(b): 10 of 19 households present at a show of hands where nobody raised a hand: 10 took part,
    9 had no representative, 10 did not vote — in Mẫu 03, on the page and in the API."""
    from rest_framework.test import APIClient

    from .conftest import add_households

    everyone = households + add_households(village, 10)
    d = services.decision_create(unit=village, kind=Kind.K1, title="Bê tông hóa hẻm 52", content="Làm đường.",
                                 actor=None)
    m = services.meeting_notice(decision=d, notice_on=date(2026, 11, 2), held_on=date(2026, 11, 4),
                                place="Nhà văn hóa Khu vực 1", chair_name="Huỳnh Văn Lộc", actor=None)
    services.attendance_record(meeting=m, household_ids=[h.pk for h in everyone[:10]], actor=None)
    services.meeting_record(meeting=m, secretary_name="Võ Thị Mai", secretary_votes=10, vote_method="hands",
                            positions={}, actor=None)
    d.refresh_from_db()
    assert d.state == "failed"  # 0 + 9 absent < 13 needed: even the absent could not pass it
    assert (d.household_total, d.participating, d.absent, d.abstained) == (19, 10, 9, 10)
    text = docx_text(documents.render(d, 3, "docx"))
    assert "Tổng số hộ gia đình: 19; số đại diện hộ gia đình tham gia: 10; số hộ không có đại diện tham gia: 9" in text
    assert "đồng ý 0; không đồng ý 0; ý kiến khác 0; tham gia nhưng không biểu quyết 10" in text
    public = APIClient().get(f"/api/v1/decisions/{d.pk}/public/").json()
    assert (public["participating"], public["absent"], public["abstained"]) == (10, 9, 10)
    html = APIClient().get(f"/dan-ban/{d.pk}/").content.decode()
    assert 'id="result-present">10<' in html and 'id="result-absent">9<' in html
    assert 'id="result-abstained">10<' in html


def test_every_form_renders_in_both_formats(decided):
    assert [n for n, _t in documents.available(decided)] == [1, 2, 3, 4]
    for number in (1, 2, 3, 4):
        text = docx_text(documents.render(decided, number, "docx"))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        pdf = documents.render(decided, number, "pdf")
        assert pdf.startswith(b"%PDF")
    two = docx_text(documents.render(decided, 2, "docx"))
    assert "Lê Văn Tám; Nguyễn Thị Hoa; Trần Văn Hai" in two and "03 bản" in two
    four = docx_text(documents.render(decided, 4, "docx"))
    assert "số phiếu thu về: 3" in four and "đồng ý 7/9 hộ" in four
    with pytest.raises(documents.NotAvailable):
        documents.render(decided, 5, "pdf")  # Mẫu 05 is for elections (K4, K5)


@pytest.mark.requires_tool("pdftotext")
def test_the_pdf_keeps_vietnamese_text(decided, tmp_path):
    path = tmp_path / "mau-03.pdf"
    path.write_bytes(documents.render(decided, 3, "pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Tổng số hộ gia đình: 9" in " ".join(text.split())
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Serif" in fonts  # Times New Roman → Liberation Serif 2.x (Vietnamese glyphs)
    if os.environ.get("DANCHU_KEEP_DOCUMENTS"):
        shutil.copy(path, os.environ["DANCHU_KEEP_DOCUMENTS"])
