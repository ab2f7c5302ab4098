"""Atom feeds: they parse cleanly, hold only published items, with titles, links and dates."""

from __future__ import annotations

from datetime import date

import feedparser
import pytest
from django.urls import reverse

from danchu.disclosure.domain import ItemStatus

from .test_public import make_item


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return feedparser.parse(response.content)


@pytest.mark.django_db
def test_it_publishes_a_valid_atom_feed_per_commune(client, tree):
    land = make_item(tree.commune_a, "Kế hoạch thu hồi đất, bồi thường", category=3, published_on=date(2026, 3, 2),
                     decision_number="40/QĐ-UBND", body="Diện tích 1,2 ha <b>khu vực 2</b> & khu vực 1.")
    make_item(tree.commune_a, "Bản nháp", status=ItemStatus.DRAFT)
    make_item(tree.commune_b, "Của phường khác")

    feed = parse(client, reverse("disclosure:public-feed-commune", args=[tree.commune_a.pk]))

    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    assert "Phường Cái Khế" in feed.feed.title
    assert feed.feed.link.endswith(reverse("disclosure:public-commune", args=[tree.commune_a.pk]))
    assert [e.title for e in feed.entries] == ["Kế hoạch thu hồi đất, bồi thường"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + reverse("disclosure:public-detail", args=[land.pk])
    assert entry.published_parsed[:3] == (2026, 3, 1)  # 02/03 00:00 in Asia/Ho_Chi_Minh = 01/03 17:00 UTC
    assert entry.published.startswith("2026-03-02T00:00:00+07:00")
    assert entry.updated_parsed is not None
    assert "40/QĐ-UBND" in entry.summary
    assert [t.term for t in entry.tags] == ["Dự án, đất đai"]
    assert entry.author == "Ủy ban nhân dân Phường Cái Khế"


@pytest.mark.django_db
def test_it_publishes_feeds_per_category_citywide_and_per_commune(client, tree):
    make_item(tree.commune_a, "Mức thu phí chợ Cái Khế", category=12, published_on=date(2026, 1, 3))
    make_item(tree.commune_b, "Mức thu phí chợ Ninh Kiều", category=12, published_on=date(2026, 1, 4))
    make_item(tree.commune_a, "Dự toán ngân sách", category=2)

    city = parse(client, reverse("disclosure:public-feed-category", args=[12]))
    commune = parse(client, reverse("disclosure:public-feed-commune-category", args=[tree.commune_a.pk, 12]))
    everything = parse(client, reverse("disclosure:public-feed"))

    assert city.bozo == 0 and commune.bozo == 0 and everything.bozo == 0
    assert [e.title for e in city.entries] == ["Mức thu phí chợ Ninh Kiều", "Mức thu phí chợ Cái Khế"]
    assert "Phí, lệ phí" in city.feed.title
    assert [e.title for e in commune.entries] == ["Mức thu phí chợ Cái Khế"]
    assert len(everything.entries) == 3


@pytest.mark.django_db
def test_it_parses_an_empty_feed(client, tree):
    feed = parse(client, reverse("disclosure:public-feed-commune", args=[tree.commune_b.pk]))

    assert feed.bozo == 0
    assert feed.entries == []


@pytest.mark.django_db
def test_it_404s_for_an_unknown_category_or_unit(client, tree):
    assert client.get(reverse("disclosure:public-feed-category", args=[15])).status_code == 404
    assert client.get(reverse("disclosure:public-feed-commune-category",
                              args=[tree.commune_a.pk, 0])).status_code == 404
    assert client.get(reverse("disclosure:public-feed-commune", args=[tree.village_a1.pk])).status_code == 404
