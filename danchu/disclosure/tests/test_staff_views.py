"""Staff HTML views of the disclosure register: render, forms, errors in Vietnamese, no 500s."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.disclosure import services
from danchu.disclosure.domain import Channel, ItemStatus
from danchu.disclosure.models import DisclosureItem, Posting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def item_of(tree, actor, status="published", **kw):
    fields = dict(commune=tree.commune_a, category=7, title="Danh sách hộ nghèo năm 2026",
                  decision_number="45/QĐ-UBND", decision_date=date(2026, 2, 13), actor=actor)
    fields.update(kw)
    item = services.item_create(**fields)
    if status == "published":
        services.item_publish(item=item, actor=actor, on=date(2026, 2, 16))
    return item


def url(name, *args):
    return reverse(f"disclosure:{name}", args=args)


def test_it_lists_the_register_with_filters_and_folded_search(client, tree, personas, login):
    actor = personas["official_a"]
    item_of(tree, actor)
    item_of(tree, actor, status="draft", title="Dự toán ngân sách", category=2)
    login(client, actor)
    a = tree.commune_a.pk
    assert "Danh sách hộ nghèo" in client.get(url("staff-list", a)).text
    page = client.get(url("staff-list", a), {"q": "ngan sach"}).text
    assert "Dự toán ngân sách" in page and "Danh sách hộ nghèo" not in page
    page = client.get(url("staff-list", a), {"category": "7", "status": "published", "quarter": "2026-Q1"}).text
    assert "Danh sách hộ nghèo" in page and "Dự toán ngân sách" not in page
    page = client.get(url("staff-list", a), {"late": "1"}).text
    assert "Danh sách hộ nghèo" not in page
    for junk in ({"category": "99"}, {"quarter": "x"}, {"status": "zzz"}, {"page": "abc"}, {"q": "\x00" * 5}):
        assert client.get(url("staff-list", a), junk).status_code == 200
    response = client.get(url("staff-list", a), {"format": "csv"})
    assert response.status_code == 200 and "Danh sách hộ nghèo" in response.content.decode("utf-8-sig")
    assert client.get(url("staff-list", a), {"format": "xlsx"}).status_code == 200


def test_it_creates_a_draft_with_several_files(client, tree, personas, login):
    login(client, personas["official_a"])
    response = client.post(url("staff-create", tree.commune_a.pk), {
        "category": "1", "title": "Kế hoạch năm 2026", "body": "…", "decision_number": "1/KH",
        "decision_date": "2026-02-13", "decision_issuer": "UBND", "villages": [tree.village_a1.pk],
        "files": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
    })
    item = DisclosureItem.objects.get()
    assert response.status_code == 302 and response.url == url("staff-detail", tree.commune_a.pk, item.pk)
    assert item.attachments.count() == 2 and item.publication_due == date(2026, 2, 27)
    assert client.get(response.url).status_code == 200


def test_it_refuses_a_disguised_exe_and_keeps_nothing(client, tree, personas, login):
    login(client, personas["official_a"])
    response = client.post(url("staff-create", tree.commune_a.pk), {
        "category": "1", "title": "Kế hoạch", "files": [SimpleUploadedFile("quyet-dinh.pdf", EXE)],
    })
    assert response.status_code == 200
    assert "không khớp" in response.text or "không được chấp nhận" in response.text
    assert DisclosureItem.objects.count() == 0


def test_it_refuses_an_unknown_category_in_the_form(client, tree, personas, login):
    login(client, personas["official_a"])
    response = client.post(url("staff-create", tree.commune_a.pk), {"category": "99", "title": "X"})
    assert response.status_code == 200 and DisclosureItem.objects.count() == 0
    assert "errorlist" in response.text


def test_it_publishes_edits_with_a_new_version_and_withdraws(client, tree, personas, login):
    actor = personas["official_a"]
    item = item_of(tree, actor, status="draft")
    login(client, actor)
    a = tree.commune_a.pk
    assert client.post(url("staff-publish", a, item.pk), {"on": "2026-02-20"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.published_on == date(2026, 2, 20)
    page = client.get(url("staff-edit", a, item.pk))
    assert "Lý do thay đổi" in page.text
    response = client.post(url("staff-edit", a, item.pk), {"category": "7", "title": "Danh sách (sửa)",
                                                           "change_note": "Bổ sung 2 hộ"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.version == 2
    detail = client.get(url("staff-detail", a, item.pk)).text
    assert "Bổ sung 2 hộ" in detail and "Lịch sử phiên bản" in detail
    assert client.post(url("staff-withdraw", a, item.pk), {"reason": "Thay thế"}).status_code == 302
    assert DisclosureItem.objects.get(pk=item.pk).status == ItemStatus.WITHDRAWN
    # publishing again is refused with a message, not a 500 (core.workflow names both states)
    response = client.post(url("staff-publish", a, item.pk), {"on": ""}, follow=True)
    assert "Không thể chuyển nội dung công khai từ “Đã gỡ” sang “Đã công khai”." in response.text


def test_it_adds_and_ends_postings(client, tree, personas, login):
    actor = personas["official_a"]
    item = item_of(tree, actor)
    login(client, actor)
    a = tree.commune_a.pk
    response = client.post(url("staff-posting-add", a, item.pk), {
        "channel": Channel.VILLAGE_HOUSE, "village": tree.village_a1.pk, "start": "2026-02-16",
        "posted_by": "Trưởng khu vực", "proof": SimpleUploadedFile("anh.pdf", PDF)})
    assert response.status_code == 302
    posting = Posting.objects.get()
    assert posting.proof is not None
    assert client.get(url("staff-posting-proof", a, item.pk, posting.pk)).status_code == 200
    response = client.post(url("staff-posting-end", a, item.pk, posting.pk), {"end": "2026-03-17"})
    assert response.status_code == 302 and Posting.objects.get().end == date(2026, 3, 17)
    response = client.post(url("staff-posting-end", a, item.pk, posting.pk), {"end": "zzz"}, follow=True)
    assert response.status_code == 200


def test_it_shows_vietnamese_errors_for_bad_postings(client, tree, personas, login):
    actor = personas["official_a"]
    item = item_of(tree, actor)
    login(client, actor)
    a = tree.commune_a.pk
    response = client.post(url("staff-posting-add", a, item.pk), {
        "channel": Channel.COMMUNE_HQ, "start": "2026-03-10", "end": "2026-03-01"})
    assert response.status_code == 200 and "Ngày kết thúc không thể trước ngày bắt đầu" in response.text
    response = client.post(url("staff-posting-add", a, item.pk), {
        "channel": Channel.COMMUNE_HQ, "start": "2026-03-01", "end": "2026-03-29", "claims_compliance": "on"})
    assert response.status_code == 200 and "chưa đủ 30 ngày" in response.text
    response = client.post(url("staff-posting-add", a, item.pk), {
        "channel": Channel.VILLAGE_HOUSE, "village": tree.village_b1.pk, "start": "2026-03-01"})
    assert response.status_code == 200
    assert Posting.objects.count() == 0


def test_it_shows_the_compliance_view_with_problems_and_settings(client, tree, personas, login):
    actor = personas["official_a"]
    item_of(tree, actor)
    login(client, actor)
    a = tree.commune_a.pk
    page = client.get(url("staff-compliance", a))
    assert page.status_code == 200
    assert "Chưa thông báo trên hệ thống truyền thanh" in page.text and "Thiết lập của xã" in page.text
    assert client.get(url("staff-compliance", a), {"problem": "loudspeaker_missing", "quarter": "2026-Q1"}).status_code == 200
    assert client.get(url("staff-compliance", a), {"problem": "zzz", "quarter": "bad", "page": "-1"}).status_code == 200
    response = client.post(url("staff-settings", a), {"has_portal": "", "has_loudspeaker": ""})
    assert response.status_code == 302
    page = client.get(url("staff-compliance", a)).text
    assert "Chưa thông báo trên hệ thống truyền thanh" not in page


def test_it_404s_for_an_item_outside_the_unit(client, tree, personas, login):
    item = item_of(tree, personas["official_a"])
    login(client, personas["official_b"])
    assert client.get(url("staff-detail", tree.commune_b.pk, item.pk)).status_code == 404
