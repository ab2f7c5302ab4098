"""Information on request (Luật Tiếp cận thông tin 2016; Law 10/2022/QH15 Art.14), end to end: an anonymous
resident sends the form of Art.24.2 online, keeps the tracking code and follows each step on the tracking page
while the commune official (password + TOTP) sends a deadline notice and then provides the information. The
ID number stays with the official; the official of another commune cannot open the request."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now

FULL_NAME = "Trần Thị Thu Hà"
ADDRESS = "Số 18, hẻm 42 đường Mậu Thân, Khu vực 1, Phường Cái Khế"
ID_TYPED = "092 187 004 321"
ID_NUMBER = "092187004321"
PHONE_NUMBER = "0912 345 678"
EMAIL = "thuha.tran@example.vn"
CONTENT = ("Quyết định thu hồi đất và phương án bồi thường, hỗ trợ khi mở rộng đường Mậu Thân "
           "(đoạn qua Khu vực 1) năm 2026.")
PURPOSE = "Để biết quyền lợi của gia đình tôi có đất bị thu hồi."
ANSWER = ("Gửi bà Quyết định số 45/QĐ-UBND ngày 24/11/2026 và phương án bồi thường đã được phê duyệt; "
          "bản giấy có tại bộ phận một cửa.")


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


ANSWER_PDF_NAME = "Phương án bồi thường đường Mậu Thân.pdf"
ANSWER_PDF = minimal_pdf("Phuong an boi thuong, ho tro - duong Mau Than")


def label(text: str) -> re.Pattern:
    """The exact label of a field; a required field's label ends with " *"."""
    return re.compile(rf"^{re.escape(text)}(\s*\*)?$")


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


def action_box(page, summary: str):
    """One of the <details> boxes of the request page, by its exact summary."""
    return page.locator("details").filter(has=page.locator("summary").get_by_text(summary, exact=True))


def assert_no_id_number(page) -> None:
    html = page.content()
    assert ID_NUMBER not in html and ID_TYPED not in html, f"{page.url} shows the requester's ID number"


@pytest.mark.django_db(transaction=True)
def test_resident_follows_an_electronic_request_with_the_tracking_code(page, new_context, server, shot, tree,
                                                                       personas, login, client):
    from django.conf import settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.inforequests.models import InfoRequest

    resident = page  # an anonymous visitor: never logs in
    official_page = new_context().new_page()
    official_page.set_default_timeout(10_000)
    official = personas["official_a"]
    device = TOTPDevice.objects.create(user=official, name="điện thoại", confirmed=True)

    # --- the resident fills the form of Art.24.2 (reached from the main navigation).
    resident.goto(server + "/")
    resident.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Yêu cầu cung cấp thông tin").click()
    expect(resident).to_have_url(f"{server}/yeu-cau-thong-tin/")
    expect(resident.get_by_role("heading", level=1)).to_have_text("Yêu cầu cung cấp thông tin")
    form = resident.locator("main form")
    form.get_by_label("Gửi đến xã, phường").select_option(label="Phường Cái Khế")
    form.get_by_label(label("Họ và tên")).fill(FULL_NAME)
    form.get_by_label("Nơi cư trú, địa chỉ liên hệ").fill(ADDRESS)
    form.get_by_label("Số CCCD, CMND hoặc hộ chiếu").fill(ID_TYPED)
    form.get_by_label("Số điện thoại").fill(PHONE_NUMBER)
    form.get_by_label("Thư điện tử").fill(EMAIL)
    form.get_by_label("Thông tin cần cung cấp").fill(CONTENT)
    form.get_by_label("Hình thức nhận thông tin").select_option(label="Gửi qua thư điện tử")
    form.get_by_label("Lý do, mục đích yêu cầu").fill(PURPOSE)
    shot(resident, "1-form")
    form.get_by_role("button", name="Gửi yêu cầu").click()

    expect(resident).to_have_url(f"{server}/yeu-cau-thong-tin/da-gui/")
    expect(resident.get_by_role("heading", level=1)).to_have_text("Đã gửi yêu cầu cung cấp thông tin")
    expect(resident.get_by_role("status")).to_contain_text("Phường Cái Khế đã nhận yêu cầu của ông/bà.")
    code = resident.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"TT-[2-9A-HJKMNP-Z]{10}", code), code
    assert_no_id_number(resident)
    shot(resident, "2-submitted")

    info_request = InfoRequest.objects.get(tracking_code=code)
    assert (info_request.commune_id, info_request.full_name, info_request.id_number, info_request.phone,
            info_request.email, info_request.delivery, info_request.channel, info_request.state) == (
        tree.commune_a.pk, FULL_NAME, ID_NUMBER, "0912345678", EMAIL, "email", "electronic", "received")
    received_due = info_request.due_on

    def track(step: str, state: str, *, typed: str | None = None) -> None:
        """The resident opens the tracking page, types the code and reads the current state."""
        resident.goto(server + "/")
        resident.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name="Yêu cầu cung cấp thông tin").click()
        with resident.expect_response(lambda r: r.url == f"{server}/yeu-cau-thong-tin/theo-doi/") as opened:
            resident.get_by_role("link", name="Theo dõi yêu cầu đã gửi").click()
        expect(resident).to_have_url(f"{server}/yeu-cau-thong-tin/theo-doi/")
        resident.get_by_label("Mã tra cứu").fill(typed or code)
        with resident.expect_response(lambda r: r.request.method == "POST") as posted:
            resident.get_by_role("button", name="Tra cứu").click()
        assert posted.value.status == 200, (
            f"the tracking form was refused with {posted.value.status} (the page came with Referrer-Policy: "
            f"{opened.value.headers.get('referrer-policy')}; the form was posted with Origin: "
            f"{posted.value.request.header_value('origin')})")
        result = resident.locator("section.card")
        expect(result.get_by_role("heading", level=2)).to_have_text(f"Yêu cầu {code}")
        expect(result).to_contain_text("Phường Cái Khế")
        expect(result.locator(".badge")).to_have_text(state)
        assert_no_id_number(resident)
        for private in (ADDRESS, EMAIL, "0912345678", PURPOSE):
            assert private not in resident.content(), f"the tracking page shows {private!r}"
        shot(resident, step)

    steps = resident.locator("main ol > li")

    # The code as someone would type it from an SMS: lower case, with spaces.
    track("3-track-received", "Đã tiếp nhận", typed=" " + code.lower().replace("-", " ") + " ")
    expect(steps).to_have_count(1)
    expect(steps.first).to_contain_text(
        f"Đã tiếp nhận: Đã tiếp nhận yêu cầu; hạn xử lý: {received_due:%d/%m/%Y}.")

    # --- the official of A logs in and finds the request in the register (search without diacritics).
    log_in(official_page, server, official, device)
    official_page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Yêu cầu thông tin").click()
    expect(official_page).to_have_url(f"{server}/quan-ly/{tree.commune_a.pk}/yeu-cau-thong-tin/")
    official_page.get_by_label("Tìm (mã tra cứu, họ tên)").fill("tran thi thu ha")
    official_page.get_by_role("button", name="Lọc").click()
    register = official_page.locator("main table tbody tr")
    expect(register).to_have_count(1)
    expect(register.first).to_contain_text(FULL_NAME)
    expect(register.first).to_contain_text("Qua mạng điện tử")
    expect(register.first).to_contain_text("Đã tiếp nhận")
    shot(official_page, "4-register")
    register.first.get_by_role("link", name=code).click()
    expect(official_page).to_have_url(f"{server}/quan-ly/yeu-cau-thong-tin/{info_request.pk}/")
    expect(official_page.get_by_role("heading", level=1)).to_have_text(f"Yêu cầu cung cấp thông tin {code}")
    expect(official_page.locator("#h-requester + dl")).to_contain_text(ID_NUMBER)  # only the official sees it
    shot(official_page, "5-request")
    clipped = official_page.evaluate("""() => [...document.querySelectorAll('main section.card')]
      .flatMap(card => {
        const edge = card.getBoundingClientRect().right;
        return [...card.querySelectorAll('dd')].filter(dd => dd.getBoundingClientRect().right > edge + 1)
            .map(dd => dd.textContent.trim());
    })""")
    assert clipped == [], f"the request page cuts off the requester's details at its card's edge: {clipped}"

    # The deadline notice (the information needs collecting): the date left empty = the legal latest date.
    notice = action_box(official_page, "Thông báo thời hạn cung cấp (thông tin phức tạp)")
    notice.locator("summary").click()
    notice.get_by_role("button", name="Gửi thông báo").click()
    expect(official_page.locator(".messages")).to_contain_text("Đã thông báo thời hạn cung cấp thông tin.")
    expect(official_page.locator("main .badge").first).to_have_text("Đã thông báo thời hạn cung cấp")
    info_request.refresh_from_db()
    assert info_request.state == "deadline_notified" and info_request.complexity == "complex"
    notified_due = info_request.due_on
    assert notified_due > received_due
    shot(official_page, "6-notice-sent")

    track("7-track-notified", "Đã thông báo thời hạn cung cấp")
    expect(steps).to_have_count(2)
    expect(steps.nth(1)).to_contain_text(
        f"Đã thông báo thời hạn cung cấp: Thông tin sẽ được cung cấp chậm nhất ngày {notified_due:%d/%m/%Y}.")
    due_shown = resident.locator("section.card dt:text-is('Hạn xử lý') + dd")
    expect(due_shown).to_have_text(f"{notified_due:%d/%m/%Y}")
    expect(resident.get_by_role("heading", name="Thông tin được cung cấp")).to_have_count(0)

    # --- the official provides the information: a written answer and a PDF.
    official_page.reload()
    provide = action_box(official_page, "Cung cấp thông tin")
    provide.locator("summary").click()
    provide.get_by_label("Nội dung trả lời").fill(ANSWER)
    provide.get_by_label("Tệp đính kèm (PDF, Word, Excel, ảnh)").set_input_files(
        {"name": ANSWER_PDF_NAME, "mimeType": "application/pdf", "buffer": ANSWER_PDF})
    shot(official_page, "8-provide-form")
    provide.get_by_role("button", name="Ghi nhận đã cung cấp").click()
    expect(official_page.locator(".messages")).to_contain_text("Đã ghi nhận việc cung cấp thông tin.")
    expect(official_page.locator("main .badge").first).to_have_text("Đã cung cấp thông tin")
    info_request.refresh_from_db()
    assert info_request.state == "provided" and info_request.answer == ANSWER
    shot(official_page, "9-provided")

    track("10-track-provided", "Đã cung cấp thông tin")
    expect(steps).to_have_count(3)
    expect(steps.nth(2)).to_contain_text("Đã cung cấp thông tin: Đã cung cấp thông tin.")
    answer = resident.locator("main .card").filter(has_text=ANSWER)
    expect(answer).to_have_count(1)
    answer_link = answer.get_by_role("link", name=ANSWER_PDF_NAME)
    href = answer_link.get_attribute("href")
    assert re.fullmatch(rf"/yeu-cau-thong-tin/theo-doi/{code}/tep/\d+/", href)
    pdf = resident.request.get(server + href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    assert pdf.body() == ANSWER_PDF

    # The tracking page with its answer on a phone.
    resident.set_viewport_size(PHONE)
    scroll_width, inner_width = no_horizontal_scroll(resident)
    assert scroll_width <= inner_width, f"tracking page is {scroll_width}px wide on a {inner_width}px screen"
    shot(resident, "11-phone-provided")

    # --- the official of commune B: not in B's register, and the request itself is refused.
    login(client, personas["official_b"])
    other = new_context()
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    other.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_id, "url": server}])
    other_page = other.new_page()
    other_page.set_default_timeout(10_000)
    other_page.goto(f"{server}/quan-ly/{tree.commune_b.pk}/yeu-cau-thong-tin/?q={code}")
    expect(other_page.get_by_role("heading", level=1)).to_contain_text("Phường Ninh Kiều")
    expect(other_page.locator("main table tbody tr")).to_have_text(["Chưa có yêu cầu nào."])
    denied = other_page.goto(f"{server}/quan-ly/yeu-cau-thong-tin/{info_request.pk}/")
    assert denied.status in (403, 404), denied.status
    assert_no_id_number(other_page)
    assert FULL_NAME not in other_page.content()
    shot(other_page, "12-other-commune-denied")
    for path in (f"/quan-ly/{tree.commune_a.pk}/yeu-cau-thong-tin/",
                 f"/quan-ly/yeu-cau-thong-tin/{info_request.pk}/tep/{info_request.answer_files.get().pk}/"):
        response = other_page.request.get(server + path)
        assert response.status in (403, 404), (path, response.status)
