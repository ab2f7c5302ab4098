"""The public portal: only published items, filters, search without diacritics, versions, attachments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.disclosure.domain import Channel, ItemStatus, quarter_bounds
from danchu.disclosure.models import DisclosureItem, DisclosureItemVersion, Posting


def make_item(commune, title="Công khai dự toán ngân sách năm 2026", *, category=2, status=ItemStatus.PUBLISHED,
              published_on=date(2026, 1, 5), version=1, villages=(), **extra):
    item = DisclosureItem(commune=commune, title=title, category=category, status=status,
                          published_on=published_on if status != ItemStatus.DRAFT else None, version=version,
                          **extra)
    item.save()
    if villages:
        item.villages.set(villages)
    if status != ItemStatus.DRAFT:
        for n in range(1, version + 1):
            DisclosureItemVersion.objects.create(
                item=item, version=n, title=title if n == version else f"{title} (bản {n})", body=item.body,
                decision_number=item.decision_number, published_on=published_on,
                change_note="" if n == 1 else "Sửa số liệu")
    return item


# --- pure ------------------------------------------------------------------------------------------


def test_it_computes_quarter_bounds():
    assert quarter_bounds(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_bounds(2024, 1)[1] == date(2024, 3, 31)


# --- lists -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_hides_drafts_and_withdrawn_items_from_the_public(client, tree):
    published = make_item(tree.commune_a, "Kế hoạch phát triển kinh tế - xã hội", category=1)
    draft = make_item(tree.commune_a, "Bản nháp quy chế", category=4, status=ItemStatus.DRAFT)
    withdrawn = make_item(tree.commune_a, "Nội dung đã gỡ", status=ItemStatus.WITHDRAWN)

    page = client.get(reverse("disclosure:public-commune", args=[tree.commune_a.pk])).content.decode()
    city = client.get(reverse("disclosure:public-list")).content.decode()

    for html in (page, city):
        assert published.title in html
        assert draft.title not in html
        assert withdrawn.title not in html
    assert client.get(reverse("disclosure:public-detail", args=[published.pk])).status_code == 200
    assert client.get(reverse("disclosure:public-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("disclosure:public-detail", args=[withdrawn.pk])).status_code == 404


@pytest.mark.django_db
def test_it_finds_items_without_diacritics(client, tree):
    make_item(tree.commune_a, "Kế hoạch sử dụng đất đai năm 2026", category=3)
    make_item(tree.commune_a, "Mức thu phí chợ", category=12)

    html = client.get(reverse("disclosure:public-list"), {"q": "dat dai"}).content.decode()

    assert "Kế hoạch sử dụng đất đai năm 2026" in html
    assert "Mức thu phí chợ" not in html


@pytest.mark.django_db
def test_every_word_of_the_search_must_match_in_any_order(client, tree):
    make_item(tree.commune_a, "Danh sách hộ nghèo được hỗ trợ tiền điện quý 3", category=7)
    make_item(tree.commune_a, "Danh sách hộ cận nghèo được cấp thẻ bảo hiểm y tế", category=7)

    html = client.get(reverse("disclosure:public-list"), {"q": "ho ngheo tien dien"}).content.decode()
    assert "Danh sách hộ nghèo được hỗ trợ tiền điện quý 3" in html and "thẻ bảo hiểm" not in html
    html = client.get(reverse("disclosure:public-list"), {"q": "TIỀN ĐIỆN hộ nghèo"}).content.decode()
    assert "hỗ trợ tiền điện" in html


@pytest.mark.django_db
def test_it_finds_items_by_decision_number(client, tree):
    make_item(tree.commune_a, "Quyết định phê duyệt dự toán", decision_number="125/QĐ-UBND")
    make_item(tree.commune_a, "Thông báo khác", decision_number="7/TB-UBND")

    html = client.get(reverse("disclosure:public-list"), {"q": "125/qđ"}).content.decode()

    assert "Quyết định phê duyệt dự toán" in html
    assert "Thông báo khác" not in html


@pytest.mark.django_db
def test_it_filters_by_category_period_commune_and_village(client, tree):
    budget = make_item(tree.commune_a, "Dự toán ngân sách", category=2, published_on=date(2026, 2, 10))
    fees = make_item(tree.commune_a, "Mức thu phí vệ sinh", category=12, published_on=date(2026, 5, 3),
                     villages=[tree.village_a2])
    other = make_item(tree.commune_b, "Kết quả thanh tra", category=10, published_on=date(2025, 11, 1))
    village1 = make_item(tree.commune_a, "Danh sách hộ nghèo khu vực 1", category=7,
                         published_on=date(2026, 2, 1), villages=[tree.village_a1])

    def titles(url, **params):
        html = client.get(url, params).content.decode()
        return {i.title for i in (budget, fees, other, village1) if i.title in html}

    city = reverse("disclosure:public-list")
    commune = reverse("disclosure:public-commune", args=[tree.commune_a.pk])
    assert titles(city, category=12) == {fees.title}
    assert titles(city, year=2026, quarter=1) == {budget.title, village1.title}
    assert titles(city, year=2025) == {other.title}
    assert titles(city, start="2026-02-05", end="2026-06-30") == {budget.title, fees.title}
    assert titles(city, commune=tree.commune_b.pk) == {other.title}
    assert titles(commune) == {budget.title, fees.title, village1.title}
    # a village: the items about it and the items about the whole commune
    assert titles(commune, village=tree.village_a1.pk) == {budget.title, village1.title}


@pytest.mark.django_db
@pytest.mark.parametrize("params, message", [
    ({"category": "99"}, "Lĩnh vực không hợp lệ."),
    ({"category": "abc"}, "Lĩnh vực không hợp lệ."),
    ({"year": "hai nghìn"}, "Năm phải là một số"),
    ({"quarter": "5", "year": "2026"}, "Quý phải từ I đến IV."),
    ({"quarter": "2"}, "Chọn năm khi lọc theo quý."),
    ({"start": "31/02/2026"}, "Ngày phải theo dạng năm-tháng-ngày."),
    ({"start": "2026-05-01", "end": "2026-01-01"}, "phải sau"),
    ({"page": "x'; drop table"}, ""),
])
def test_it_explains_bad_filters_in_vietnamese_and_never_fails(client, tree, params, message):
    make_item(tree.commune_a, "Dự toán ngân sách")

    response = client.get(reverse("disclosure:public-list"), params)

    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_it_rejects_a_village_of_another_commune(client, tree):
    make_item(tree.commune_a, "Dự toán ngân sách")

    response = client.get(reverse("disclosure:public-commune", args=[tree.commune_a.pk]),
                          {"village": tree.village_b1.pk})

    assert response.status_code == 200
    assert "không thuộc Phường Cái Khế" in response.content.decode()


@pytest.mark.django_db
def test_it_404s_for_a_unit_that_is_not_a_commune(client, tree):
    assert client.get(reverse("disclosure:public-commune", args=[tree.province.pk])).status_code == 404
    assert client.get(reverse("disclosure:public-commune", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_it_advertises_the_atom_feeds_in_the_head(client, tree):
    html = client.get(reverse("disclosure:public-commune", args=[tree.commune_a.pk]),
                      {"category": 3}).content.decode()
    head = html.split("</head>")[0]

    assert 'type="application/atom+xml"' in head
    assert reverse("disclosure:public-feed-commune", args=[tree.commune_a.pk]) in head
    assert reverse("disclosure:public-feed-commune-category", args=[tree.commune_a.pk, 3]) in head
    city_head = client.get(reverse("disclosure:public-list")).content.decode().split("</head>")[0]
    assert reverse("disclosure:public-feed") in city_head


@pytest.mark.django_db
def test_it_paginates(client, tree):
    for n in range(30):
        make_item(tree.commune_a, f"Nội dung số {n:02d}", published_on=date(2026, 1, 1 + n))

    first = client.get(reverse("disclosure:public-list")).content.decode()
    second = client.get(reverse("disclosure:public-list"), {"page": 2}).content.decode()

    assert "Nội dung số 29" in first and "Nội dung số 00" not in first
    assert "Nội dung số 00" in second and "Trang 2/2" in second


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["disclosure:public-list", "disclosure:public-commune"])
def test_it_lists_with_a_constant_number_of_queries(client, tree, url_name):
    args = [tree.commune_a.pk] if url_name == "disclosure:public-commune" else []
    url = reverse(url_name, args=args)
    make_item(tree.commune_a, "Một nội dung", villages=[tree.village_a1])
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"q": "noi dung", "category": 2}).status_code == 200
    for n in range(40):
        make_item(tree.commune_a if n % 2 else tree.commune_b, f"Nội dung {n}", villages=[tree.village_a1])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"q": "noi dung", "category": 2}).status_code == 200

    assert len(many) == len(few)
    assert len(many) <= 6, [q["sql"] for q in many.captured_queries]


# --- item page -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_item_with_its_document_postings_and_versions(client, tree):
    item = make_item(tree.commune_a, "Quyết toán ngân sách năm 2025", version=2, decision_number="15/QĐ-UBND",
                     decision_issuer="UBND Phường Cái Khế", decision_date=date(2026, 1, 2),
                     body="Tổng thu: 12 tỷ đồng.")
    Posting.objects.create(item=item, channel=Channel.COMMUNE_HQ, place="Bảng tin trụ sở UBND",
                           start=date(2026, 1, 5), end=date(2026, 2, 4))
    Posting.objects.create(item=item, channel=Channel.VILLAGE_HOUSE, village=tree.village_a1,
                           place="Nhà văn hóa", start=date(2026, 1, 6))

    html = client.get(reverse("disclosure:public-detail", args=[item.pk])).content.decode()

    assert "Quyết toán ngân sách năm 2025" in html
    assert "15/QĐ-UBND" in html and "02/01/2026" in html
    assert "Bảng tin trụ sở UBND" in html and "từ 05/01/2026 đến 04/02/2026" in html
    assert "Khu vực 1" in html and "(thường xuyên)" in html
    assert "Điều 11 khoản 2" in html
    old = reverse("disclosure:public-version", args=[item.pk, 1])
    assert old in html
    old_html = client.get(old).content.decode()
    assert "Quyết toán ngân sách năm 2025 (bản 1)" in old_html
    assert "đã được thay bằng phiên bản 2" in old_html
    assert client.get(reverse("disclosure:public-version", args=[item.pk, 9])).status_code == 404


@pytest.mark.django_db
def test_it_serves_attachments_inline_only_for_published_items(client, tree, personas):
    from danchu.core.attachments import attachment_create

    pdf = attachment_create(uploaded_file=SimpleUploadedFile("Quyết định 15.pdf", b"%PDF-1.4\n%test\n"),
                            actor=personas["official_a"])
    item = make_item(tree.commune_a, "Có tệp đính kèm")
    item.attachments.add(pdf)
    draft = make_item(tree.commune_a, "Nháp có tệp", status=ItemStatus.DRAFT)
    draft.attachments.add(pdf)

    html = client.get(reverse("disclosure:public-detail", args=[item.pk])).content.decode()
    url = reverse("disclosure:public-attachment", args=[item.pk, pdf.pk])
    assert url in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("disclosure:public-attachment", args=[draft.pk, pdf.pk])).status_code == 404
    other = make_item(tree.commune_a, "Không có tệp")
    assert client.get(reverse("disclosure:public-attachment", args=[other.pk, pdf.pk])).status_code == 404
