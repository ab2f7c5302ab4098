"""core.documents: the NĐ 30/2020 page for every .docx and PDF the platform issues."""

from datetime import date

import pytest

from danchu.core.documents import (
    Letterhead,
    OfficialDocx,
    Paper,
    Signature,
    build_paper_docx,
    build_paper_pdf,
    date_line,
    docx_text,
    fmt_date,
    place_name,
)


def test_place_and_date_lines_follow_nd30():
    assert place_name("Phường Cái Khế") == "Cái Khế"
    assert place_name("Xã Thới Lai") == "Thới Lai"
    assert place_name("Cần Thơ") == "Cần Thơ"
    assert date_line("Cái Khế", date(2026, 2, 5)) == "Cái Khế, ngày 05 tháng 02 năm 2026"
    assert date_line("Cái Khế", date(2026, 11, 15)) == "Cái Khế, ngày 15 tháng 11 năm 2026"
    assert fmt_date(date(2026, 3, 1)) == "01/03/2026" and fmt_date("2026-03-01") == "01/03/2026"
    assert fmt_date(None) == ""


def _paper():
    return Paper(letterhead=Letterhead(authority="ỦY BAN NHÂN DÂN", issuer="PHƯỜNG CÁI KHẾ",
                                       number="Số: 12/TB-UBND", date_line=date_line("Cái Khế", date(2026, 11, 5))),
                 title="THÔNG BÁO", subtitle="Về việc thụ lý đơn", paragraphs=["Căn cứ Luật Khiếu nại;", "Điều 1."],
                 receivers=["- Như trên;", "- Lưu: VT."], on_behalf="TM. ỦY BAN NHÂN DÂN", signer_role="CHỦ TỊCH",
                 signer="Nguyễn Văn A")


def test_the_docx_has_the_a4_page_the_heading_and_the_signature():
    from io import BytesIO

    from docx import Document

    data = build_paper_docx(_paper())
    section = Document(BytesIO(data)).sections[0]
    mm = [round(x.mm) for x in (section.page_width, section.page_height, section.left_margin, section.right_margin,
                                section.top_margin, section.bottom_margin)]
    assert mm == [210, 297, 30, 15, 20, 20]
    text = docx_text(data)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "PHƯỜNG CÁI KHẾ",
                     "Số: 12/TB-UBND", "Cái Khế, ngày 05 tháng 11 năm 2026", "THÔNG BÁO", "Nơi nhận:",
                     "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"):
        assert expected in text


def test_landscape_tables_and_several_signers():
    from io import BytesIO

    from docx import Document

    doc = OfficialDocx(landscape=True, font_size=13)
    doc.letterhead(Letterhead(issuer="THÔN 1"))
    doc.table([["STT", "Hộ"], [1, "Nguyễn Văn An"]])
    doc.signatures([Signature("CHỦ TRÌ", "A"), Signature("THƯ KÝ", "B"), Signature("NHÂN CHỨNG")])
    data = doc.bytes()
    document = Document(BytesIO(data))
    assert round(document.sections[0].page_width.mm) == 297
    assert "Nguyễn Văn An" in docx_text(data) and "(Ký, ghi rõ họ tên)" in docx_text(data)


@pytest.mark.requires_tool("pdftotext")
def test_the_pdf_twin_has_the_same_heading(tmp_path):
    import subprocess

    pdf = build_paper_pdf(_paper())
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PHƯỜNG CÁI KHẾ", "THÔNG BÁO", "Nguyễn Văn A"):
        assert expected in text
