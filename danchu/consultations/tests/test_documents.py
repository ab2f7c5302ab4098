"""The synthesis report in the Nghị định 30/2020 format: PDF (WeasyPrint) and .docx, Vietnamese intact, no author."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from danchu.consultations import documents, services

from .conftest import AFTER, at

pytestmark = pytest.mark.django_db
OUT = Path(__file__).resolve().parents[3] / "tests" / "screenshots"


@pytest.fixture
def decided(make_consultation, personas, tree, clock):
    official = personas["official_a"]
    c = make_consultation("open", decision_authority="UBND thành phố Cần Thơ")
    a = services.opinion_submit(consultation=c, user=personas["resident"], stance="agree", village=tree.village_a1,
                                text="Tán thành; đề nghị niêm yết thêm ở chợ Cái Khế.")
    b = services.opinion_record(consultation=c, actor=official, channel="meeting", stance="disagree", people_count=30,
                                village=tree.village_a2, text="Chưa đồng ý quy định về giờ tiếp công dân.",
                                author_name="Ông Lê Văn Riêng Tư")
    clock.move_to(at(AFTER))
    services.consultation_close(consultation=c, actor=official)
    services.entry_save(consultation=c, actor=official, opinions=[a], outcome="accepted",
                        response="Bổ sung Điều 8: niêm yết tại chợ Cái Khế.")
    services.entry_save(consultation=c, actor=official, opinions=[b], outcome="explained", summary="Giờ tiếp công dân",
                        response="Giữ lịch tiếp công dân sáng thứ Năm theo Luật Tiếp công dân.")
    services.synthesis_publish(consultation=c, actor=official, summary="Đã nhận 2 ý kiến của 31 người.")
    services.decision_record(consultation=c, actor=official, outcome="adopted", decision_number="15/QĐ-UBND",
                             explanation="Quy chế cần ban hành trước kỳ họp HĐND; giờ tiếp dân đã theo luật.")
    return c


def test_the_report_says_everything_the_law_asks(decided):
    report = documents.report_context(decided, on=AFTER)
    assert report.issuer_upper == "PHƯỜNG CÁI KHẾ" and report.date_line == "Cái Khế, ngày 24 tháng 11 năm 2026"
    headings = [h for h, _p in report.sections]
    assert headings == ["I. KHÁI QUÁT VIỆC TỔ CHỨC LẤY Ý KIẾN", "II. KẾT QUẢ TỔNG HỢP Ý KIẾN",
                        "III. TIẾP THU, GIẢI TRÌNH Ý KIẾN", "IV. KẾT QUẢ TỔNG HỢP CHUNG",
                        "V. QUYẾT ĐỊNH CỦA CƠ QUAN CÓ THẨM QUYỀN"]
    text = "\n".join(p for _h, ps in report.sections for p in ps)
    assert "ngày 03/11/2026; thời gian lấy ý kiến đến hết ngày 23/11/2026 (20 ngày" in text
    assert "Ý kiến của đa số: Không tán thành dự thảo" in text
    assert "Giải thích của cơ quan có thẩm quyền (khoản 4 Điều 28)" in text
    assert [r.outcome for r in report.rows] == ["Tiếp thu", "Giải trình"]
    assert report.rows[1].opinions == ["Ý kiến số 2 (Khu vực 2, Hội nghị, cuộc họp, 30 người): "
                                       "Chưa đồng ý quy định về giờ tiếp công dân."]
    assert "- UBND thành phố Cần Thơ (khoản 4 Điều 28);" in report.receivers
    assert "Riêng Tư" not in repr(report)


@pytest.mark.requires_tool("pdftotext")
def test_the_pdf_keeps_the_vietnamese_text(decided):
    pdf = documents.build_report_pdf(documents.report_context(decided, on=AFTER))
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "consultation-report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                     "PHƯỜNG CÁI KHẾ", "TM. ỦY BAN NHÂN DÂN", "Giữ lịch tiếp công dân"):
        assert expected in text, expected
    assert "Riêng Tư" not in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Liberation-Serif" in fonts or "Times" in fonts
