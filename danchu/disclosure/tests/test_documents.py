"""The quarterly list (Law 10/2022 Art.13.2) as .docx and PDF, the loudspeaker script and the SMS text."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from danchu.disclosure import documents
from danchu.disclosure.domain import Channel, ItemStatus
from danchu.disclosure.models import DisclosureItem, Posting

from .test_public import make_item

HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.fixture
def publisher(personas):
    """official_a holds disclosure.publish_item for commune A (danchu/disclosure/rules.py)."""
    return personas["official_a"]


@pytest.fixture
def quarter_items(tree):
    budget = make_item(tree.commune_a, "Dự toán ngân sách phường năm 2026", category=2,
                       published_on=date(2026, 1, 5), decision_number="12/QĐ-UBND", decision_date=date(2026, 1, 2),
                       decision_issuer="UBND Phường Cái Khế")
    Posting.objects.create(item=budget, channel=Channel.COMMUNE_HQ, place="Bảng tin trụ sở UBND",
                           start=date(2026, 1, 5), end=date(2026, 2, 4))
    Posting.objects.create(item=budget, channel=Channel.VILLAGE_HOUSE, village=tree.village_a1,
                           place="Nhà văn hóa", start=date(2026, 1, 6), end=date(2026, 2, 5))
    rules_item = make_item(tree.commune_a, "Quy chế thực hiện dân chủ của phường", category=4,
                           published_on=date(2025, 8, 1))
    Posting.objects.create(item=rules_item, channel=Channel.COMMUNE_HQ, start=date(2025, 8, 1))  # permanent
    old = make_item(tree.commune_a, "Kế hoạch năm 2025", category=1, published_on=date(2025, 7, 10))
    Posting.objects.create(item=old, channel=Channel.COMMUNE_HQ, start=date(2025, 7, 10), end=date(2025, 8, 9))
    aid = make_item(tree.commune_a, "Danh sách hộ được hỗ trợ sau lũ", category=8, published_on=date(2026, 3, 20))
    make_item(tree.commune_a, "Bản nháp", status=ItemStatus.DRAFT)
    make_item(tree.commune_b, "Của phường khác", published_on=date(2026, 2, 1))
    return budget, rules_item, old, aid


# --- pure ------------------------------------------------------------------------------------------


def test_it_writes_the_date_line_of_decree_30():
    assert documents.date_line("Cái Khế", date(2026, 1, 5)) == "Cái Khế, ngày 05 tháng 01 năm 2026"
    assert documents.date_line("Cái Khế", date(2026, 11, 25)) == "Cái Khế, ngày 25 tháng 11 năm 2026"
    assert documents.date_line("Cái Khế", date(2026, 3, 9)) == "Cái Khế, ngày 09 tháng 3 năm 2026"
    assert documents.place_name("Phường Cái Khế") == "Cái Khế"
    assert documents.place_name("Xã Thới Lai") == "Thới Lai"


# --- rows ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_lists_what_was_disclosed_in_the_quarter(tree, quarter_items):
    budget, rules_item, old, aid = quarter_items

    rows = documents.quarterly_list_items(tree.commune_a, 2026, 1)

    assert [r.title for r in rows] == [rules_item.title, budget.title, aid.title]
    row = rows[1]
    assert row.number == 2
    assert row.category_label == "Khoản 2 Điều 11 (Ngân sách)"
    assert row.document == "Số 12/QĐ-UBND ngày 02/01/2026 — UBND Phường Cái Khế"
    assert row.forms == ["Niêm yết tại trụ sở HĐND, UBND xã — Bảng tin trụ sở UBND",
                         "Niêm yết tại nhà văn hóa thôn, tổ dân phố — Khu vực 1 — Nhà văn hóa"]
    assert row.periods == ["05/01/2026 – 04/02/2026", "06/01/2026 – 05/02/2026"]
    assert rows[0].periods == ["từ 01/08/2025 (thường xuyên)"]
    assert rows[2].forms == ["Trang công khai điện tử"]
    assert [r.title for r in documents.quarterly_list_items(tree.commune_a, 2025, 3)] == [old.title, rules_item.title]


# --- downloads -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_builds_the_quarterly_docx(client, tree, quarter_items, publisher, login):
    from docx import Document

    login(client, publisher)
    response = client.get(reverse("disclosure:document-quarterly", args=[tree.commune_a.pk, 2026, 1, "docx"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="danh-sach-cong-khai-phuong-cai-khe-quy-1-2026.docx"' in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210  # A4 landscape
    assert doc.styles["Normal"].font.name == "Times New Roman"
    head = doc.tables[0]
    left, right = (c.text for c in head.rows[0].cells)
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG CÁI KHẾ" in left
    assert HEADING in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Cái Khế, ngày" in right
    motto = [r for p in head.rows[0].cells[1].paragraphs for r in p.runs if r.text == "Độc lập - Tự do - Hạnh phúc"]
    assert motto and motto[0].underline and motto[0].bold
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "DANH SÁCH" in text and "quý I năm 2026" in text
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells][:2] == ["STT", "Nội dung công khai"]
    assert len(table.rows) == 1 + 4  # one line per place: 1 + 2 + 1
    assert table.rows[2].cells[1].text == "Dự toán ngân sách phường năm 2026"
    assert "Bảng tin trụ sở UBND" in table.rows[2].cells[4].text
    # each place with its own time on the same line; the item's cells span its lines
    assert table.rows[3].cells[1].text == "Dự toán ngân sách phường năm 2026"
    assert "Khu vực 1" in table.rows[3].cells[4].text and table.rows[3].cells[5].text == "06/01/2026 – 05/02/2026"
    assert table.rows[2].cells[5].text == "05/01/2026 – 04/02/2026"
    sign = "\n".join(c.text for c in doc.tables[2].rows[0].cells)
    assert "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" in sign and "Nơi nhận:" in sign


@pytest.mark.django_db
def test_it_builds_an_empty_quarterly_docx(client, tree, publisher, login):
    from docx import Document

    login(client, publisher)
    response = client.get(reverse("disclosure:document-quarterly", args=[tree.commune_a.pk, 2030, 4, "docx"]))

    doc = Document(io.BytesIO(response.content))
    assert "Không có nội dung công khai trong quý." in doc.tables[1].rows[1].cells[0].text


@pytest.mark.django_db
@pytest.mark.requires_tool("pdftotext")
def test_it_builds_the_quarterly_pdf_with_vietnamese_text(client, tree, quarter_items, publisher, login, tmp_path):
    login(client, publisher)
    response = client.get(reverse("disclosure:document-quarterly", args=[tree.commune_a.pk, 2026, 1, "pdf"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "list.pdf"
    path.write_bytes(response.content)
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    text = " ".join(raw.split())  # table cells wrap: compare with the white space collapsed
    assert HEADING in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "PHƯỜNG CÁI KHẾ" in text
    assert "Dự toán ngân sách phường năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Liberation-Serif" in fonts or "TimesNewRoman" in fonts


@pytest.mark.django_db
def test_the_quarterly_pdf_flows_with_one_line_per_place(tree, tmp_path):
    """12 items posted at 9 places each: the table starts under the heading on page 1 and the rows flow across
    pages (it used to leave page 1 blank and give each item its own page); form and time share a line."""
    import re

    for i in range(12):
        item = make_item(tree.commune_a, f"Nội dung công khai số {i + 1} về dự toán ngân sách", category=2,
                         published_on=date(2026, 1, 5), decision_number=f"{i + 1}/QĐ-UBND",
                         decision_date=date(2026, 1, 2), decision_issuer="UBND Phường Cái Khế")
        Posting.objects.create(item=item, channel=Channel.COMMUNE_HQ, place="Bảng tin trụ sở UBND",
                               start=date(2026, 1, 5), end=date(2026, 2, 4))
        for k in range(4):
            for village in (tree.village_a1, tree.village_a2):
                Posting.objects.create(item=item, channel=Channel.VILLAGE_HOUSE, village=village,
                                       place=f"Điểm sinh hoạt số {k + 1}", start=date(2026, 1, 6 + k),
                                       end=date(2026, 2, 5 + k))
    rows = documents.quarterly_list_items(tree.commune_a, 2026, 1)
    heading = documents.quarterly_heading(tree.commune_a, 2026, 1, on=date(2026, 4, 1))
    html = render_to_string("disclosure/documents/quarterly_list.html", {
        "heading": heading, "rows": rows, "headers": documents.table_headers(), "receivers": []})
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    lines = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    assert len(lines) == 12 * 9
    assert all(re.search(r"<td>[^<]*Điểm sinh hoạt số 2</td>\s*<td>07/01/2026 – 06/02/2026</td>", line)
               for line in lines if "Điểm sinh hoạt số 2" in line)
    path = tmp_path / "list.pdf"
    path.write_bytes(documents.build_quarterly_pdf(heading, rows))
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True,
                                                             text=True, check=True).stdout).group(1))
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Nội dung công khai số 1 " in " ".join(first.split()) and pages <= 18


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["official_b", "resident", "village_head"])
def test_it_forbids_the_downloads_to_others(client, tree, personas, quarter_items, login, who):
    login(client, personas[who])
    budget = quarter_items[0]

    for url in (reverse("disclosure:document-quarterly", args=[tree.commune_a.pk, 2026, 1, "docx"]),
                reverse("disclosure:document-quarterly", args=[tree.commune_a.pk, 2026, 1, "pdf"]),
                reverse("disclosure:document-quarterly-index", args=[tree.commune_a.pk]),
                reverse("disclosure:document-loudspeaker", args=[budget.pk]),
                reverse("disclosure:document-sms", args=[budget.pk])):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_it_sends_anonymous_users_to_sign_in(client, tree, quarter_items):
    response = client.get(reverse("disclosure:document-sms", args=[quarter_items[0].pk]))

    assert response.status_code == 302


@pytest.mark.django_db
def test_it_404s_for_a_bad_quarter_or_unit(client, tree, publisher, login):
    login(client, publisher)

    assert client.get(f"/quan-ly/{tree.commune_a.pk}/cong-khai/quy/2026/5.docx").status_code == 404
    assert client.get(f"/quan-ly/{tree.commune_a.pk}/cong-khai/quy/1999/1.pdf").status_code == 404
    assert client.get(f"/quan-ly/{tree.village_a1.pk}/cong-khai/quy/2026/1.pdf").status_code == 404
    index = client.get(reverse("disclosure:document-quarterly-index", args=[tree.commune_a.pk]),
                       {"year": "abc", "quarter": "9"})
    assert index.status_code == 200
    assert "Năm hoặc quý không hợp lệ" in index.content.decode()


@pytest.mark.django_db
def test_it_shows_the_quarter_page(client, tree, quarter_items, publisher, login):
    login(client, publisher)

    html = client.get(reverse("disclosure:document-quarterly-index", args=[tree.commune_a.pk]),
                      {"year": 2026, "quarter": 1}).content.decode()

    assert "Dự toán ngân sách phường năm 2026" in html
    assert reverse("disclosure:document-quarterly", args=[tree.commune_a.pk, 2026, 1, "pdf"]) in html


# --- loudspeaker and SMS ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_writes_the_loudspeaker_script(client, tree, quarter_items, publisher, login):
    aid = quarter_items[3]
    Posting.objects.create(item=aid, channel=Channel.VILLAGE_HOUSE, village=tree.village_a2, place="Nhà văn hóa",
                           start=date(2026, 3, 20), end=date(2026, 4, 19))
    login(client, publisher)

    response = client.get(reverse("disclosure:document-loudspeaker", args=[aid.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Kính thưa bà con Nhân dân Phường Cái Khế!")
    assert "Danh sách hộ được hỗ trợ sau lũ" in text
    assert "Nhà văn hóa Khu vực 2" in text
    assert text.count("20/03/2026") == 2  # the date is said twice
    assert "ít nhất 03 ngày liên tục" in text  # Art.13.3 for items 7–12


@pytest.mark.django_db
def test_the_loudspeaker_script_names_places_not_channels(tree):
    item = make_item(tree.commune_a, "Danh sách hộ được hỗ trợ", category=7, published_on=date(2026, 3, 20))
    for channel, village, place in ((Channel.COMMUNE_HQ, None, ""), (Channel.LOUDSPEAKER, None, ""),
                                    (Channel.VILLAGE_HOUSE, tree.village_a1, ""), (Channel.SMS, None, "")):
        Posting.objects.create(item=item, channel=channel, village=village, place=place, start=date(2026, 3, 20))
    text = documents.loudspeaker_script(item)
    assert "niêm yết tại: trụ sở HĐND, UBND Phường Cái Khế; nhà văn hóa Khu vực 1, và đăng" in text
    assert "Niêm yết tại" not in text and "Hệ thống truyền thanh" not in text and "Tin nhắn" not in text


@pytest.mark.django_db
def test_it_writes_a_short_sms_with_or_without_diacritics(client, tree, publisher, login):
    from danchu.core.notify.services import sms_length

    long_title = "Danh sách các hộ gia đình được hỗ trợ " * 7  # 259 characters: more than 3 SMS parts
    item = make_item(tree.commune_a, long_title.strip(), category=7, published_on=date(2026, 4, 1))
    login(client, publisher)

    vi = client.get(reverse("disclosure:document-sms", args=[item.pk])).content.decode().strip()
    ascii_text = client.get(reverse("disclosure:document-sms", args=[item.pk]), {"khong-dau": "1"}).content.decode()

    assert vi.startswith("UBND Phường Cái Khế công khai: Danh sách các hộ")
    assert sms_length(vi)[0] <= 3 * 67
    detail = reverse("disclosure:public-detail", args=[item.pk])
    assert vi.endswith(detail) and "01/04/2026" in vi  # the link and the date are never cut
    assert ascii_text.isascii() and ascii_text.startswith("UBND Phuong Cai Khe cong khai")
    assert sms_length(ascii_text.strip())[0] <= 3 * 153


@pytest.mark.django_db
def test_it_posts_the_quarterly_list_itself_with_its_pdf(client, tree, personas, quarter_items, publisher, login):
    """Art.13.2: the quarterly list is itself posted — as a published item with the PDF attached."""
    login(client, publisher)
    url = f"/quan-ly/{tree.commune_a.pk}/cong-khai/quy/2026/1/cong-khai/"
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    item = DisclosureItem.objects.get(commune=tree.commune_a, category=14)
    assert item.status == ItemStatus.PUBLISHED and "quý I năm 2026" in item.title
    (pdf,) = item.attachments.all()
    assert pdf.content_type == "application/pdf"
    assert "Dự toán ngân sách phường năm 2026" not in item.title
    public = client.get(f"/cong-khai/{item.pk}/")
    assert public.status_code == 200 and "quý I năm 2026" in public.content.decode()
    client.post(url)  # again: the same item, a fresh PDF
    assert DisclosureItem.objects.filter(commune=tree.commune_a, category=14).count() == 1
    login(client, personas["official_b"])
    assert client.post(url).status_code == 403


@pytest.mark.django_db
def test_an_official_using_english_still_publishes_a_vietnamese_document(client, tree, quarter_items, publisher, login):
    login(client, publisher)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    url = f"/quan-ly/{tree.commune_a.pk}/cong-khai/quy/2026/1/cong-khai/"
    client.post(url)
    client.post(url)
    (item,) = DisclosureItem.objects.filter(commune=tree.commune_a, category=14)
    assert "Danh sách các nội dung đã công khai quý I năm 2026" in item.title
    assert item.versions.order_by("version").first().change_note == "Công khai lần đầu"
    docx = client.get(f"/quan-ly/{tree.commune_a.pk}/cong-khai/quy/2026/1.docx")
    import docx as python_docx

    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(docx.content)).paragraphs)
    assert "Các nội dung đã thực hiện công khai quý I năm 2026" in text


@pytest.mark.django_db
def test_a_quarter_not_yet_begun_cannot_be_published(client, tree, publisher, login):
    import time_machine

    from danchu.disclosure.domain import check_quarter_started

    with pytest.raises(Exception) as exc:
        check_quarter_started(2026, 4, date(2026, 9, 30))
    assert exc.value.error_dict["quarter"][0].code == "future_quarter"
    check_quarter_started(2026, 4, date(2026, 10, 1))  # the current quarter may be listed and updated
    with time_machine.travel(date(2026, 12, 10), tick=False):
        login(client, publisher)
        response = client.post(f"/quan-ly/{tree.commune_a.pk}/cong-khai/quy/2031/4/cong-khai/", follow=True)
        assert "Quý 4 năm 2031 chưa bắt đầu" in response.content.decode()
        assert not DisclosureItem.objects.filter(category=14).exists()
        index = client.get(reverse("disclosure:document-quarterly-index", args=[tree.commune_a.pk]),
                           {"year": 2031, "quarter": 4}).content.decode()
        assert "/2031/4/cong-khai/" not in index  # no button for a quarter not yet begun
        index = client.get(reverse("disclosure:document-quarterly-index", args=[tree.commune_a.pk]),
                           {"year": 2026, "quarter": 4}).content.decode()
        assert "/2026/4/cong-khai/" in index


@pytest.mark.django_db
def test_a_republished_item_stays_in_the_list_of_its_first_quarter(tree, personas):
    """A permanent item re-published in Q4 (its publication date moves) was disclosed in Q1 too."""
    import time_machine

    from danchu.disclosure import services

    official = personas["official_a"]
    item = services.item_create(commune=tree.commune_a, category=13, title="Thủ tục hành chính cấp xã",
                                decision_date=date(2026, 2, 13), actor=official)
    services.item_publish(item=item, actor=official, on=date(2026, 2, 16))
    with time_machine.travel(date(2026, 11, 9), tick=False):
        services.item_update(item=item, actor=official, body="Thêm thủ tục", change_note="Cập nhật")
    (q1,) = documents.quarterly_list_items(tree.commune_a, 2026, 1)
    assert q1.title == item.title and q1.periods == ["từ 16/02/2026"]
    (q4,) = documents.quarterly_list_items(tree.commune_a, 2026, 4)
    assert q4.periods == ["từ 09/11/2026"]
    assert documents.quarterly_list_items(tree.commune_a, 2026, 2) == []
    assert documents.quarterly_list_items(tree.commune_a, 2025, 4) == []
