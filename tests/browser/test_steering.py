"""Steering and reporting end to end (issue 7, "Done means"): the city board issues a plan with a task and a yearly
report template; two communes submit their 2025 reports, one is returned for correction and sent again; the city
accepts, rolls up 2021–2025 — which adds the 2024 reports kept under the pre-2025 wards into today's wards through
the lineage — and downloads the .docx report, whose figures match the records."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now


def lab(text: str) -> re.Pattern:
    """The exact label of a field; a required field's label ends with " *"."""
    return re.compile(rf"^{re.escape(text)}(\s*\*)?$")


def log_in(page, server, user) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="điện thoại", confirmed=True)
    page.goto(server + "/accounts/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/accounts/xac-thuc-hai-lop/"))
    page.get_by_label("Mã xác thực 6 chữ số").fill(totp_now(device))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác thực hai lớp.")


def legacy_units(tree):
    """The pre-2025 wards of the test tree and their lineage into today's wards (NQ 1668/NQ-UBTVQH15)."""
    from danchu.units.domain import Kind, Level, LineageKind
    from danchu.units.models import AdministrativeUnit, StructureVersion, UnitLineage

    version = StructureVersion.objects.create(code="truoc-2025", name="Trước 01/07/2025", valid_to=date(2025, 6, 30))

    def unit(code, name, kind, level, parent=None):
        u = AdministrativeUnit(version=version, code=code, name=name, short_name=name, kind=kind, level=level,
                               parent=parent, valid_to=date(2025, 6, 30))
        u.save()
        return u

    province = unit("92", "Thành phố Cần Thơ", Kind.THANH_PHO_TW, Level.PROVINCE)
    district = unit("916", "Quận Ninh Kiều", Kind.QUAN, Level.DISTRICT, province)
    an_hoa = unit("31120", "Phường An Hòa", Kind.PHUONG, Level.COMMUNE, district)
    tan_an = unit("31135", "Phường Tân An", Kind.PHUONG, Level.COMMUNE, district)
    for old, new in ((an_hoa, tree.commune_a), (tan_an, tree.commune_b), (province, tree.province)):
        UnitLineage.objects.create(predecessor=old, successor=new, kind=LineageKind.WHOLE, is_primary=True,
                                   effective_on=date(2025, 7, 1))
    return an_hoa, tan_an


def historical_report(template, unit, year, values):
    """A report kept under a pre-2025 ward (entered when the old records were digitised)."""
    from danchu.steering import services

    sub = services.submission_open(template=template, unit=unit, period_key=str(year), actor="nhập hồ sơ cũ",
                                   today=date(year + 1, 1, 5))
    services.submission_save(submission=sub, values=values, actor="nhập hồ sơ cũ")
    services.submission_submit(submission=sub, actor="nhập hồ sơ cũ", on=date(year + 1, 1, 5))
    services.submission_accept(submission=sub, actor="nhập hồ sơ cũ", on=date(year + 1, 1, 6))


def fill_report(page, server, commune, number: str, *, first_time: bool) -> None:
    page.goto(f"{server}/quan-ly/{commune.pk}/chi-dao/")
    if first_time:
        page.get_by_role("button", name="Lập báo cáo").click()
    else:
        page.get_by_role("link", name="Mở báo cáo").click()
    page.get_by_label(re.compile(r"^1\. Số hội nghị đối thoại")).fill(number)
    page.get_by_label(re.compile(r"^2\. Đã kiện toàn Ban Chỉ đạo")).select_option("true")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo.")
    expect(page.locator("#state")).to_have_text("Đã gửi")


@pytest.mark.django_db(transaction=True)
def test_city_plans_collects_returns_and_rolls_up_reports_across_the_reorganisation(page, new_context, server, shot,
                                                                                     tree, personas):
    from docx import Document

    from danchu.steering.models import ReportTemplate, Submission, Task

    an_hoa, tan_an = legacy_units(tree)
    city = page
    log_in(city, server, personas["city_officer"])

    # --- the city board issues a plan with a task for commune A
    city.goto(f"{server}/quan-ly/{tree.province.pk}/chi-dao/")
    city.get_by_role("link", name="Kế hoạch mới").click()
    city.get_by_label("Cơ quan ban hành").fill("Ban Chỉ đạo thực hiện dân chủ ở cơ sở thành phố")
    city.get_by_label("Số, ký hiệu").fill("18-KH/BCĐ")
    city.get_by_label("Trích yếu").fill("Kế hoạch tổng kết 05 năm thực hiện Kết luận 120-KL/TW")
    city.get_by_label("Từ ngày").fill("2025-09-01")
    city.get_by_label("Đến ngày").fill("2026-12-31")
    city.get_by_role("button", name="Tạo kế hoạch").click()
    expect(city.locator(".messages")).to_contain_text("Đã tạo kế hoạch")
    city.locator("summary", has_text="Giao nhiệm vụ").click()
    city.get_by_label(lab("Nhiệm vụ")).fill("Tổ chức hội nghị tổng kết cấp xã")
    city.get_by_label("Đơn vị thực hiện").select_option(label="Phường Cái Khế")
    city.get_by_label("Thời hạn").fill("2026-12-15")
    city.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(city.locator(".messages")).to_contain_text("Đã giao nhiệm vụ.")
    city.get_by_role("button", name="Ban hành kế hoạch").click()
    expect(city.locator(".messages")).to_contain_text("Đã ban hành kế hoạch.")
    assert Task.objects.get().assignee_unit == tree.commune_a

    # --- and a yearly report template with two indicators
    city.goto(f"{server}/quan-ly/{tree.province.pk}/chi-dao/")
    city.get_by_role("link", name="Mẫu báo cáo mới").click()
    city.get_by_label("Tên báo cáo").fill("Báo cáo kết quả thực hiện dân chủ ở cơ sở")
    city.get_by_label("Kỳ báo cáo").select_option("year")
    city.get_by_role("button", name="Tạo mẫu báo cáo").click()
    for code, text, kind in (("1", "Số hội nghị đối thoại", "number"), ("2", "Đã kiện toàn Ban Chỉ đạo", "boolean")):
        city.get_by_label(lab("Mã")).fill(code)
        city.get_by_label(lab("Chỉ tiêu")).fill(text)
        city.get_by_label(lab("Loại")).select_option(kind)
        city.get_by_role("button", name="Thêm chỉ tiêu").click()
        expect(city.locator(".messages")).to_contain_text("Đã thêm chỉ tiêu.")
    city.get_by_role("button", name="Ban hành mẫu báo cáo").click()
    expect(city.locator(".messages")).to_contain_text("Đã ban hành mẫu báo cáo")
    template = ReportTemplate.objects.get()

    # the 2024 reports kept under the old wards, before the reorganisation
    historical_report(template, an_hoa, 2024, {"1": "5", "2": "không"})
    historical_report(template, tan_an, 2024, {"1": "1", "2": "có"})

    # --- two communes fill and send their 2025 report
    page_a = new_context().new_page()
    page_b = new_context().new_page()
    page_b.set_viewport_size(PHONE)
    for p in (page_a, page_b):
        p.set_default_timeout(10_000)
    log_in(page_a, server, personas["official_a"])
    log_in(page_b, server, personas["official_b"])
    fill_report(page_a, server, tree.commune_a, "3", first_time=True)
    fill_report(page_b, server, tree.commune_b, "7", first_time=True)
    shot(page_b, "commune-b-sent-phone")
    assert no_horizontal_scroll(page_b)[0] <= PHONE["width"]

    # --- the city sees who has sent, returns B's report for correction
    city.goto(f"{server}/quan-ly/chi-dao/mau-bao-cao/{template.pk}/?ky=2025")
    expect(city.locator("#status")).to_contain_text("Phường Ninh Kiều")
    expect(city.get_by_text("Đã gửi 2/2 đơn vị")).to_be_visible()
    shot(city, "city-status")
    city.locator("#status tr", has_text="Phường Ninh Kiều").get_by_role("link").click()
    city.get_by_label("Lý do").fill("Số hội nghị đối thoại chưa khớp biên bản: đề nghị kiểm tra lại.")
    city.get_by_role("button", name="Trả lại để sửa").click()
    expect(city.locator(".messages")).to_contain_text("Đã trả lại báo cáo")

    # commune B sees why, corrects and sends again; commune A cannot see B's report
    page_b.goto(f"{server}/quan-ly/{tree.commune_b.pk}/chi-dao/")
    expect(page_b.get_by_text("cần sửa")).to_be_visible()
    page_b.get_by_role("link", name="Mở báo cáo").click()
    expect(page_b.get_by_role("alert")).to_contain_text("chưa khớp biên bản")
    fill_report(page_b, server, tree.commune_b, "4", first_time=False)
    b_report = Submission.objects.get(unit=tree.commune_b)
    response = page_a.goto(f"{server}/quan-ly/chi-dao/bao-cao/{b_report.pk}/")
    assert response.status == 403

    # --- the city accepts both and rolls up 2021–2025
    for sub in Submission.objects.filter(unit__in=[tree.commune_a, tree.commune_b]):
        city.goto(f"{server}/quan-ly/chi-dao/bao-cao/{sub.pk}/")
        city.get_by_role("button", name="Tiếp nhận").click()
        expect(city.locator(".messages")).to_contain_text("Đã tiếp nhận báo cáo.")
    city.goto(f"{server}/quan-ly/chi-dao/mau-bao-cao/{template.pk}/?ky=2025")
    city.get_by_role("link", name=re.compile(r"Tổng hợp giai đoạn 2021–2025")).click()
    rollup = city.locator("#rollup")
    expect(rollup.locator("tr", has_text="Phường Cái Khế")).to_contain_text("8")  # 3 (2025) + 5 (An Hòa 2024)
    expect(rollup.locator("tr", has_text="Phường Ninh Kiều")).to_contain_text("5")  # 4 (2025) + 1 (Tân An 2024)
    expect(rollup.locator("tr", has_text="Tổng cộng")).to_contain_text("13")
    expect(city.locator("#summary")).to_contain_text("4 báo cáo")
    expect(city.locator("#summary")).to_contain_text("Phường An Hòa")
    shot(city, "city-rollup")

    # drill down into commune A
    rollup.get_by_role("link", name="Phường Cái Khế").click()
    expect(city.locator("#rollup tr", has_text="Tổng cộng")).to_contain_text("8")

    # --- the .docx report: its figures are the records'
    city.go_back()
    with city.expect_download() as info:
        city.get_by_role("link", name="Tải báo cáo (.docx)").click()
    data = open(info.value.path(), "rb").read()
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "Phường An Hòa" in text and "2 báo cáo lập trước ngày 01/7/2025" in text
    grid = document.tables[1]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in grid.rows[1:]}
    assert rows["Phường Cái Khế"][3] == "8" and rows["Phường Ninh Kiều"][3] == "5"
    assert rows["Tổng cộng"][3] == "13" and rows["Tổng cộng"][4] == "3/4"
    assert rows["Tổng cộng"][2] == "4"

    city.set_viewport_size(PHONE)
    city.reload()
    shot(city, "city-rollup-phone")
    assert no_horizontal_scroll(city)[0] <= PHONE["width"]
