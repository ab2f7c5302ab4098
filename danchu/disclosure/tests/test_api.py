"""Disclosure API: the same services as the HTML views, the shared error format, bad input → 400."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from danchu.core.models import AuditEvent
from danchu.disclosure.models import DisclosureItem, Posting

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ITEMS = "/api/v1/disclosure/items/"


@pytest.fixture
def official(personas):
    client = APIClient()
    client.force_authenticate(personas["official_a"])
    return client


def create(client, tree, **kw):
    body = {"commune": tree.commune_a.pk, "category": 7, "title": "Danh sách hộ cận nghèo",
            "decision_number": "7/QĐ-UBND", "decision_date": "2026-02-13", "villages": [tree.village_a1.pk]}
    body.update(kw)
    return client.post(ITEMS, body, format="json")


def test_it_creates_publishes_updates_and_withdraws(official, tree):
    response = create(official, tree)
    assert response.status_code == 201, response.json()
    item = response.json()
    assert item["status"] == "draft" and item["publication_due"] == "2026-02-27"
    assert item["villages"] == [tree.village_a1.pk]
    pk = item["id"]
    response = official.post(f"{ITEMS}{pk}/publish/", {"on": "2026-02-20"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "published"
    response = official.patch(f"{ITEMS}{pk}/", {"title": "Danh sách (bổ sung)"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["fields"]["change_note"]
    response = official.patch(f"{ITEMS}{pk}/", {"title": "Danh sách (bổ sung)", "change_note": "Bổ sung"},
                              format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    detail = official.get(f"{ITEMS}{pk}/").json()
    assert [v["version"] for v in detail["versions"]] == [2, 1]
    response = official.post(f"{ITEMS}{pk}/withdraw/", {"reason": "Thay thế"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    response = official.post(f"{ITEMS}{pk}/publish/", {}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_transition"


def test_it_rejects_an_unknown_category_in_vietnamese(official, tree):
    response = create(official, tree, category=99)
    assert response.status_code == 400
    assert "khoản 1–14 Điều 11" in response.json()["error"]["fields"]["category"][0]
    assert DisclosureItem.objects.count() == 0


@pytest.mark.parametrize("body", [
    {"decision_date": "2026-13-45"}, {"villages": ["x"]}, {"villages": [10**9]}, {"title": ""},
    {"commune": 10**12}, {"commune": "abc"}, {"title": "x" * 301},
])
def test_it_rejects_bad_items_without_a_500(official, tree, body):
    response = create(official, tree, **body)
    assert response.status_code in (400, 404)
    assert DisclosureItem.objects.count() == 0


def test_it_filters_the_list_and_rejects_bad_filters(official, tree):
    pk = create(official, tree).json()["id"]
    official.post(f"{ITEMS}{pk}/publish/", {"on": "2026-03-02"}, format="json")  # late: due 27/02
    create(official, tree, title="Dự toán", category=2)
    assert official.get(ITEMS, {"late": "true", "status": "published"}).json()["count"] == 1
    assert official.get(ITEMS, {"late": "true"}).json()["count"] == 2  # the draft is past its deadline too
    assert official.get(ITEMS, {"status": "draft"}).json()["count"] == 1
    assert official.get(ITEMS, {"quarter": "2026-Q1", "category": 7, "q": "can ngheo"}).json()["count"] == 1
    assert official.get(ITEMS, {"commune": tree.commune_b.pk}).json()["count"] == 0
    assert official.get(ITEMS, {"q": "\x00ngheo"}).status_code == 200
    for bad in ({"status": "x"}, {"quarter": "Q9"}, {"category": "-1"}, {"commune": "zz"}):
        response = official.get(ITEMS, bad)
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


def _published(official, tree, **kw):
    pk = create(official, tree, **kw).json()["id"]
    official.post(f"{ITEMS}{pk}/publish/", {"on": "2026-02-16"}, format="json")
    return pk


def test_it_adds_postings_and_lists_them(official, tree):
    pk = _published(official, tree)
    url = f"{ITEMS}{pk}/postings/"
    response = official.post(url, {"channel": "loudspeaker", "start": "2026-02-16", "end": "2026-02-19",
                                   "claims_compliance": True}, format="json")
    assert response.status_code == 201, response.json()
    response = official.post(url, {"channel": "village_house", "village": tree.village_a1.pk, "start": "2026-02-16",
                                   "proof": SimpleUploadedFile("anh.pdf", PDF)}, format="multipart")
    assert response.status_code == 201 and response.json()["has_proof"] is True
    assert [p["channel"] for p in official.get(url).json()["results"]] == ["loudspeaker", "village_house"]
    assert APIClient().get(url).status_code == 200  # published: public


@pytest.mark.parametrize("body, code", [
    ({"channel": "commune_hq", "start": "2026-03-10", "end": "2026-03-01"}, "invalid"),
    ({"channel": "commune_hq", "start": "2026-03-01", "end": "2026-03-29", "claims_compliance": True},
     "claim_not_met"),
    ({"channel": "village_house", "start": "2026-03-01"}, "village_required"),
    ({"channel": "warp", "start": "2026-03-01"}, "invalid"),
])
def test_it_rejects_bad_postings(official, tree, body, code):
    pk = _published(official, tree)
    response = official.post(f"{ITEMS}{pk}/postings/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert Posting.objects.count() == 0


def test_it_rejects_a_village_of_another_commune_and_an_exe_proof(official, tree):
    pk = _published(official, tree)
    response = official.post(f"{ITEMS}{pk}/postings/", {"channel": "village_house", "village": tree.village_b1.pk,
                                                      "start": "2026-03-01"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "village_other_commune"
    response = official.post(f"{ITEMS}{pk}/postings/", {"channel": "commune_hq", "start": "2026-03-01",
                                                      "proof": SimpleUploadedFile("scan.pdf", EXE)},
                             format="multipart")
    assert response.status_code == 400
    assert Posting.objects.count() == 0


def test_it_reports_the_compliance_of_a_commune(official, tree, personas):
    from danchu.disclosure import services

    # the commune keeps its own portal elsewhere, so an item must also be posted there (Art.13.1)
    services.settings_update(commune=tree.commune_a, actor=personas["official_a"], has_portal=True,
                             has_loudspeaker=True, portal_url="https://caikhe.cantho.gov.vn")
    pk = _published(official, tree)
    body = official.get(f"/api/v1/disclosure/communes/{tree.commune_a.pk}/compliance/").json()
    assert body["items"] == 1 and body["with_problems"] == 1
    codes = {p["code"] for p in body["rows"][0]["problems"]}
    assert {"portal_missing", "commune_hq_missing", "loudspeaker_missing"} <= codes
    assert body["rows"][0]["item"] == pk
    response = official.get(f"/api/v1/disclosure/communes/{tree.commune_a.pk}/compliance/", {"quarter": "bad"})
    assert response.status_code == 400


def test_it_audits_every_write(official, tree):
    pk = _published(official, tree)
    official.post(f"{ITEMS}{pk}/postings/", {"channel": "portal", "start": "2026-02-16"}, format="json")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"disclosure.item.created", "disclosure.item.published", "disclosure.posting.added"} <= verbs


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for op in ("disclosure_items_list", "disclosure_items_create", "disclosure_items_publish",
               "disclosure_items_withdraw", "disclosure_postings_create", "disclosure_compliance_retrieve"):
        assert op in schema
