"""Online vote by household (NĐ 59/2023 Art.5; Law 10/2022 Art.17.2), end to end: the village head (password +
TOTP) creates and opens a K6 poll once > 50% of the households opted in; the resident, on a phone, votes for
their household and keeps the receipt code; the head sees how many households voted but no result; the poll
closes, the head publishes the result, and the resident finds their receipt on the public result page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now

QUESTION = "Lắp đèn chiếu sáng hẻm 52 đường Mậu Thân bằng quỹ tự quản của Khu vực 1?"


def log_in(page, server, user, device=None) -> None:
    page.goto(server + "/")
    page.locator("header.site").get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if device is not None:
        expect(page).to_have_url(re.compile(r"/accounts/xac-thuc-hai-lop/"))
        page.get_by_label("Mã xác thực 6 chữ số").fill(totp_now(device))
        page.get_by_role("button", name="Xác nhận").click()
        expect(page.locator(".messages")).to_contain_text("Đã xác thực hai lớp.")
    else:
        expect(page.locator("header.site")).to_contain_text("Đăng xuất")


@pytest.mark.django_db(transaction=True)
def test_resident_votes_online_and_checks_the_receipt_on_the_public_result(page, new_context, server, shot, tree,
                                                                          personas):
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.evoting import services
    from danchu.evoting.models import Poll, Vote
    from danchu.units.services import household_create

    resident, head = personas["resident"], personas["village_head"]
    tree.household_a1.representative = resident
    tree.household_a1.save()
    others = [household_create(village=tree.village_a1, actor=None, code=f"A1-00{i}", representative_name=name,
                               established_on=date(2025, 7, 1))
              for i, name in ((2, "Lê Văn Bình"), (3, "Phạm Thị Cúc"), (4, "Võ Văn Dũng"))]
    services.opt_in(household=others[0], actor=head)
    services.opt_in(household=others[1], actor=head)
    device = TOTPDevice.objects.create(user=head, name="điện thoại", confirmed=True)

    # --- the resident, on a phone, opts the household in from "Biểu quyết trực tuyến" (2 → 3 of 4 households)
    phone = new_context().new_page()
    phone.set_viewport_size(PHONE)
    phone.set_default_timeout(10_000)
    log_in(phone, server, resident)
    phone.goto(server + "/bieu-quyet/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Biểu quyết trực tuyến")
    phone.get_by_role("button", name="Đăng ký biểu quyết trực tuyến").click()
    expect(phone.locator(".messages")).to_contain_text("Hộ A1-001 đã đăng ký biểu quyết trực tuyến.")

    # --- the village head creates the poll and opens it
    log_in(page, server, head, device)
    page.goto(f"{server}/quan-ly/{tree.village_a1.pk}/bieu-quyet/")
    expect(page.locator("main")).to_contain_text("3/4")
    page.get_by_role("link", name="Tạo cuộc biểu quyết").click()
    page.get_by_label("Nội dung biểu quyết").fill(QUESTION)
    expect(page.locator("#poll-options")).to_have_text("Đồng ý · Không đồng ý · Ý kiến khác")  # NĐ59 Art.5.4
    page.get_by_label("Tôi xác nhận nội dung này là công việc tự quản khác").check()  # K6 only (Art.17.2)
    shot(page, "1-create")
    page.get_by_role("button", name="Tạo (dự thảo)").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo cuộc biểu quyết (dự thảo).")
    page.get_by_role("button", name="Mở biểu quyết").click()
    expect(page.locator("#poll-state")).to_have_text("Đang biểu quyết")
    poll = Poll.objects.get()
    assert poll.total_households == 4 and poll.options == ["Đồng ý", "Không đồng ý", "Ý kiến khác"]

    # --- the resident votes on the phone and gets the receipt code once
    phone.goto(server + "/bieu-quyet/")
    phone.get_by_role("link", name="Biểu quyết", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(QUESTION)
    phone.get_by_label("Đồng ý", exact=True).check()
    assert no_horizontal_scroll(phone)[0] <= no_horizontal_scroll(phone)[1]
    shot(phone, "2-vote-phone")
    phone.get_by_role("button", name="Gửi phiếu biểu quyết").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Đã nhận phiếu biểu quyết của hộ")
    code = phone.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", code), code
    shot(phone, "3-receipt-phone")
    # a second attempt for the same household is refused
    phone.goto(f"{server}/bieu-quyet/{poll.pk}/")
    expect(phone.locator("main")).to_contain_text("Hộ đã biểu quyết. Mỗi hộ chỉ được một phiếu.")
    assert Vote.objects.count() == 1

    # --- the head sees participation, never the result, while the poll is open
    services.cast_vote(poll=poll, household=others[0], option=1,
                       user=_link(others[0], "ho.binh"))
    page.reload()
    expect(page.locator("#participation")).to_have_text("2")
    expect(page.locator("main")).not_to_contain_text("Được thông qua")
    assert phone.goto(f"{server}/bieu-quyet/{poll.pk}/ket-qua/").status == 404

    # --- the announced end passes; the head closes the poll and publishes the result
    Poll.objects.filter(pk=poll.pk).update(opens_at=timezone.now() - timedelta(days=3),
                                           closes_at=timezone.now() - timedelta(minutes=1))
    page.reload()
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(page.locator("#poll-state")).to_have_text("Đã kết thúc")
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.locator("#poll-state")).to_have_text("Đã công bố kết quả")

    # --- the resident checks the receipt on the public result page (phone)
    phone.goto(server + "/bieu-quyet/")
    phone.get_by_role("link", name=QUESTION).click()
    expect(phone.locator("#result")).to_contain_text("Không được thông qua")  # 1 of 4 households agreed
    # no household names next to the counts (they would reveal a household's vote); the staff minutes list them
    expect(phone.locator("main")).not_to_contain_text("Nguyễn Văn An")
    phone.get_by_label("Mã biên nhận").fill(code.lower().replace("-", " "))
    phone.get_by_role("button", name="Kiểm tra").click()
    expect(phone.locator("#receipt-result")).to_contain_text("Phiếu của bạn đã được đếm, với lựa chọn: Đồng ý.")
    assert no_horizontal_scroll(phone)[0] <= no_horizontal_scroll(phone)[1]
    shot(phone, "4-receipt-checked-phone")
    vote = Vote.objects.get(household=tree.household_a1)
    expect(phone.locator("main")).to_contain_text(vote.receipt_hash)
    page.goto(f"{server}/bieu-quyet/{poll.pk}/ket-qua/")
    shot(page, "5-result-desktop")


def _link(household, username):
    from danchu.accounts.models import User

    user = User.objects.create(username=username, full_name=household.representative_name)
    household.representative = user
    household.save()
    return user
