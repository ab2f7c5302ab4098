"""Public pages on a phone (390×844): no horizontal scrolling, diacritic-insensitive unit search."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, no_horizontal_scroll


def assert_fits(page):
    scroll_width, inner_width = no_horizontal_scroll(page)
    assert scroll_width <= inner_width, f"{page.url}: {scroll_width}px wide on a {inner_width}px screen"


@pytest.mark.django_db(transaction=True)
@pytest.mark.browser_context_args(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
def test_phone_sized_public_pages(page, server, shot, tree):
    page.goto(server + "/")
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phố Cần Thơ")
    expect(page.locator("main")).to_contain_text("Phường Cái Khế")
    assert_fits(page)
    shot(page, "1-home")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Xã, phường").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị hành chính")
    search = page.get_by_label("Tìm theo tên (gõ có dấu hoặc không dấu)")
    search.fill("can tho")
    search.press("Enter")
    expect(page).to_have_url(f"{server}/don-vi/?q=can+tho&level=&version={tree.version.code}")
    results = page.locator("main table tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Thành phố Cần Thơ")
    assert_fits(page)
    shot(page, "2-search-can-tho")

    search = page.get_by_label("Tìm theo tên (gõ có dấu hoặc không dấu)")
    search.fill("cai khe")
    page.get_by_role("button", name="Tìm").click()
    expect(results).to_have_count(1)
    results.first.get_by_role("link", name="Phường Cái Khế").click()
    expect(page).to_have_url(f"{server}/don-vi/{tree.commune_a.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Cái Khế")
    expect(page.locator("main")).to_contain_text("Khu vực 1")
    expect(page.locator("main")).to_contain_text("Ủy ban nhân dân Phường Cái Khế")
    assert_fits(page)
    shot(page, "3-commune")
