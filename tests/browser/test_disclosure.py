"""Public disclosure (Law 10/2022/QH15 Art.11–13), end to end: the commune official logs in (password + TOTP),
drafts an item with a PDF, publishes it and records two postings; an anonymous visitor finds it on the
commune's public page (also searching without diacritics, on a phone), opens the PDF and reads the Atom feed;
the official sees it in the quarterly list (Art.13.2)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now

TITLE = "Kế hoạch thu hồi đất mở rộng đường Mậu Thân"
DECISION_NUMBER = "45/QĐ-UBND"
ISSUER = "Ủy ban nhân dân Phường Cái Khế"
PDF_NAME = "Quyết định 45-QĐ-UBND thu hồi đất.pdf"
OTHER_TITLE = "Dự toán ngân sách phường năm 2026"


def minimal_pdf(text: str) -> bytes:
    """A small but well-formed one-page PDF (header, objects, exact cross-reference table, trailer)."""
    content = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF = minimal_pdf("Quyet dinh 45/QD-UBND ve thu hoi dat mo rong duong Mau Than")


def log_in(page, server, user, device) -> None:
    """The real login form from the header link, then the second factor."""
    page.goto(server + "/")
    page.locator("header.site").get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/accounts/xac-thuc-hai-lop/"))
    page.get_by_label("Mã xác thực 6 chữ số").fill(totp_now(device))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác thực hai lớp.")


def label(text: str) -> re.Pattern:
    """The exact label of a field; a required field's label ends with " *"."""
    return re.compile(rf"^{re.escape(text)}(\s*\*)?$")


def assert_fits(page) -> None:
    scroll_width, inner_width = no_horizontal_scroll(page)
    assert scroll_width <= inner_width, f"{page.url}: {scroll_width}px wide on a {inner_width}px screen"


@pytest.fixture
def other_published_item(tree):
    """Something else Phường Cái Khế already disclosed (the search must leave it out)."""
    from django.utils import timezone

    from danchu.disclosure import services

    item = services.item_create(commune=tree.commune_a, category=2, title=OTHER_TITLE,
                                decision_number="12/QĐ-UBND", decision_issuer=ISSUER, actor=None,
                                decision_date=timezone.localdate() - timedelta(days=3))
    return services.item_publish(item=item, actor=None)


@pytest.mark.django_db(transaction=True)
def test_official_publishes_an_item_that_residents_find(page, new_context, server, shot, tree, personas,
                                                        other_published_item):
    import io

    import feedparser
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from docx import Document

    from danchu.disclosure.models import DisclosureItem

    official = personas["official_a"]
    device = TOTPDevice.objects.create(user=official, name="điện thoại", confirmed=True)
    commune = tree.commune_a
    today = timezone.localdate()
    decision_date = today - timedelta(days=1)
    posting_end = today + timedelta(days=30)  # 30 days, the posting day not counted (Art.13.2, BLDS Art.147)

    # --- the official: log in, open the register from the navigation, draft the item with its PDF.
    log_in(page, server, official, device)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Sổ công khai").click()
    expect(page).to_have_url(f"{server}/quan-ly/{commune.pk}/cong-khai/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Công khai thông tin — Phường Cái Khế")
    expect(page.locator("#register-results tbody tr")).to_have_count(1)
    shot(page, "1-register")

    page.get_by_role("link", name="Thêm nội dung công khai").click()
    expect(page).to_have_url(f"{server}/quan-ly/{commune.pk}/cong-khai/them/")
    form = page.locator("main form")
    form.get_by_label("Nội dung công khai (khoản … Điều 11)").select_option("3")
    form.get_by_label(label("Tiêu đề")).fill(TITLE)
    form.get_by_label(label("Nội dung")).fill(
        "Thu hồi 1.250 m² đất của 14 hộ gia đình tại Khu vực 1 để mở rộng đường Mậu Thân.\n"
        "Người dân góp ý tại trụ sở Ủy ban nhân dân phường.")
    form.get_by_label("Số, ký hiệu văn bản").fill(DECISION_NUMBER)
    form.get_by_label("Ngày ban hành văn bản").fill(decision_date.isoformat())
    form.get_by_label("Cơ quan ban hành").fill(ISSUER)
    form.get_by_label("Khu vực 1").check()
    form.get_by_label("Tệp đính kèm (PDF, Word, Excel, ảnh)").set_input_files(
        {"name": PDF_NAME, "mimeType": "application/pdf", "buffer": PDF})
    shot(page, "2-draft-form")
    form.get_by_role("button", name="Lưu dự thảo").click()

    item = DisclosureItem.objects.get(title=TITLE)
    expect(page).to_have_url(f"{server}/quan-ly/{commune.pk}/cong-khai/{item.pk}/")
    expect(page.locator(".messages")).to_contain_text(f"Đã lưu dự thảo “{TITLE}”.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main .badge").first).to_have_text("Dự thảo (chưa công khai)")
    expect(page.locator("main")).to_contain_text(
        f"{DECISION_NUMBER}, ngày {decision_date:%d/%m/%Y} — {ISSUER}")
    expect(page.get_by_role("link", name=PDF_NAME)).to_be_visible()
    assert item.status == "draft" and item.category == 3
    assert [a.original_name for a in item.attachments.all()] == [PDF_NAME]

    # --- publish (date left empty: today), then record two postings of 30 days.
    page.get_by_role("button", name="Công khai", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã công khai.")
    expect(page.locator("main .badge").first).to_have_text("Đã công khai")
    item.refresh_from_db()
    assert item.status == "published" and item.published_on == today
    shot(page, "3-published")

    def add_posting(channel: str, place: str, village: str | None) -> None:
        details = page.locator("details").filter(has_text="Ghi thêm hình thức công khai")
        details.locator("summary").click()
        posting = details.locator("form")
        posting.get_by_label(label("Hình thức")).select_option(label=channel)
        if village:
            posting.get_by_label(label("Thôn, tổ dân phố")).select_option(label=village)
        posting.get_by_label("Địa điểm, kênh cụ thể").fill(place)
        posting.get_by_label("Từ ngày").fill(today.isoformat())
        posting.get_by_label("Đến hết ngày").fill(posting_end.isoformat())
        posting.get_by_label("Người thực hiện").fill("Lê Thị Hồng Nhung")
        posting.get_by_role("button", name="Lưu").click()
        expect(page.locator(".messages")).to_contain_text("Đã ghi hình thức công khai.")

    add_posting("Niêm yết tại trụ sở HĐND, UBND xã", "Bảng tin trụ sở UBND phường, số 1 Mậu Thân", None)
    add_posting("Niêm yết tại nhà văn hóa thôn, tổ dân phố", "Nhà văn hóa Khu vực 1", "Khu vực 1")
    rows = page.locator("main table").first.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Niêm yết tại trụ sở HĐND, UBND xã")
    expect(rows.nth(1)).to_contain_text("Niêm yết tại nhà văn hóa thôn, tổ dân phố")
    expect(rows.nth(1)).to_contain_text("Khu vực 1, Nhà văn hóa Khu vực 1")
    for row in (rows.nth(0), rows.nth(1)):
        expect(row).to_contain_text(today.strftime("%d/%m/%Y"))
        expect(row).to_contain_text(posting_end.strftime("%d/%m/%Y"))
    assert sorted(item.postings.values_list("channel", "village_id")) == [
        ("commune_hq", None), ("village_house", tree.village_a1.pk)]
    shot(page, "4-postings")

    # --- the quarterly list (Art.13.2) of the current quarter, as the official.
    quarter = (today.month - 1) // 3 + 1
    page.goto(f"{server}/quan-ly/{commune.pk}/cong-khai/quy/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Danh sách nội dung đã công khai theo quý")
    expect(page.get_by_role("heading", level=2)).to_contain_text(f"năm {today.year}")
    quarterly = page.locator("main table tbody tr").filter(has_text=TITLE)
    expect(quarterly).to_have_count(1)
    expect(quarterly).to_contain_text("Khoản 3 Điều 11")
    expect(quarterly).to_contain_text(
        "Niêm yết tại nhà văn hóa thôn, tổ dân phố — Khu vực 1 — Nhà văn hóa Khu vực 1")
    expect(quarterly).to_contain_text(f"{today:%d/%m/%Y} – {posting_end:%d/%m/%Y}")
    shot(page, "5-quarterly-list")
    docx_link = page.get_by_role("link", name="Tải về Word (.docx)")
    expect(docx_link).to_have_attribute(
        "href", f"/quan-ly/{commune.pk}/cong-khai/quy/{today.year}/{quarter}.docx")
    docx = page.request.get(server + docx_link.get_attribute("href"))
    assert docx.status == 200
    assert docx.headers["content-type"] == ("application/vnd.openxmlformats-officedocument"
                                            ".wordprocessingml.document")
    text = "\n".join(cell.text for table in Document(io.BytesIO(docx.body())).tables
                     for row in table.rows for cell in row.cells)
    assert TITLE in text and OTHER_TITLE in text

    # --- an anonymous visitor (a fresh browser) on the commune's public page.
    visitor = new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(f"{server}/don-vi/{commune.pk}/")
    visitor.get_by_role("link", name="Công khai thông tin").click()
    expect(visitor).to_have_url(f"{server}/don-vi/{commune.pk}/cong-khai/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Công khai thông tin — Phường Cái Khế")
    public_rows = visitor.locator("main table tbody tr")
    expect(public_rows).to_have_count(2)
    expect(public_rows.nth(0)).to_contain_text(TITLE)  # newest first
    expect(public_rows.nth(1)).to_contain_text(OTHER_TITLE)
    shot(visitor, "6-public-list")

    search = visitor.get_by_label("Tìm (tiêu đề, số văn bản, cơ quan ban hành)")
    search.fill("thu hoi dat")
    visitor.get_by_role("button", name="Lọc").click()
    expect(visitor).to_have_url(re.compile(r"\?q=thu\+hoi\+dat"))
    expect(public_rows).to_have_count(1)
    expect(public_rows.first).to_contain_text(TITLE)
    expect(visitor.locator("main p[role=status]")).to_have_text("1 nội dung")
    shot(visitor, "7-search-thu-hoi-dat")

    # The same search on a phone: no horizontal scrolling.
    visitor.set_viewport_size(PHONE)
    expect(public_rows).to_have_count(1)
    assert_fits(visitor)
    shot(visitor, "8-phone-search")
    public_rows.first.get_by_role("link", name=TITLE).click()
    expect(visitor).to_have_url(f"{server}/cong-khai/{item.pk}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator("main")).to_contain_text("Điều 11 khoản 3")
    expect(visitor.locator("main")).to_contain_text(
        f"Số {DECISION_NUMBER} ngày {decision_date:%d/%m/%Y} — {ISSUER}")
    expect(visitor.locator("main")).to_contain_text("Nhà văn hóa Khu vực 1")
    assert_fits(visitor)
    shot(visitor, "9-phone-detail")
    visitor.set_viewport_size({"width": 1280, "height": 900})
    shot(visitor, "10-detail")

    # The attachment opens in the browser (inline PDF).
    link = visitor.get_by_role("link", name=PDF_NAME)
    href = link.get_attribute("href")
    assert re.fullmatch(rf"/cong-khai/{item.pk}/tep/\d+/", href)
    pdf = visitor.request.get(server + href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    assert "filename*=UTF-8''" in pdf.headers["content-disposition"]
    assert pdf.body() == PDF

    # The Atom feed named in the page head lists the item and is well-formed.
    visitor.goto(f"{server}/don-vi/{commune.pk}/cong-khai/")
    feed_link = visitor.locator('head link[rel="alternate"][type="application/atom+xml"]')
    expect(feed_link).to_have_count(1)
    feed_href = feed_link.get_attribute("href")
    assert feed_href == f"/don-vi/{commune.pk}/cong-khai/atom.xml"
    response = visitor.request.get(server + feed_href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "Công khai thông tin — Phường Cái Khế"
    assert [e.title for e in feed.entries] == [TITLE, OTHER_TITLE]
    entry = feed.entries[0]
    assert entry.link.endswith(f"/cong-khai/{item.pk}/")
    assert f"Văn bản: {DECISION_NUMBER} ({ISSUER})" in entry.summary
    assert [t.term for t in entry.tags] == ["Dự án, đất đai"]
    visitor.context.close()
