"""The API end to end: the same steps as the HTML pages, with stable error codes and never a 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from danchu.consultations.models import Consultation, Opinion, SynthesisEntry

from .conftest import AFTER, at

pytestmark = pytest.mark.django_db
API = "/api/v1/consultations/"


def client_for(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_the_whole_lifecycle_through_the_api(tree, personas, clock):
    staff, resident = client_for(personas["official_a"]), client_for(personas["resident"])
    plan = {"commune": tree.commune_a.pk, "content_kind": 6, "title": "Đồ án quy hoạch chi tiết khu dân cư Khu vực 2",
            "description": "Xin ý kiến về đồ án quy hoạch chi tiết tỷ lệ 1/500.", "forms": ["portal", "dialogue"],
            "opens_on": "2026-11-03", "closes_on": "2026-11-22", "villages": [tree.village_a2.pk]}
    response = staff.post(API, plan, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "period_too_short"
    response = staff.post(API, {**plan, "closes_on": "2026-11-23"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["villages"] == [tree.village_a2.pk] and response.json()["state"] == "draft"
    assert staff.patch(f"{API}{pk}/", {"plan_number": "12/KH-UBND"}, format="json").json()["plan_number"] == \
        "12/KH-UBND"
    response = staff.post(f"{API}{pk}/send-plan/", {"to_council": True, "to_front": False}, format="json")
    assert response.json()["error"]["code"] == "both_recipients_required"
    assert staff.post(f"{API}{pk}/send-plan/", {"to_council": True, "to_front": True},
                      format="json").json()["state"] == "plan_sent"
    body = staff.post(f"{API}{pk}/publish/", {}, format="json").json()
    assert body["state"] == "open" and body["plan_disclosure_item"]

    assert [c["id"] for c in client_for().get(API, {"open": "true"}).json()["results"]] == [pk]
    response = resident.post(f"{API}{pk}/opinions/", {"text": "Đề nghị thêm cây xanh.", "stance": "other",
                                                      "village": tree.village_a2.pk}, format="json")
    assert response.status_code == 201 and "author_name" not in response.json()
    response = staff.post(f"{API}{pk}/opinions/record/", {"channel": "meeting", "text": "Không đồng ý mật độ.",
                                                          "stance": "disagree", "people_count": 12,
                                                          "author_name": "Ông Kín Tên"}, format="json")
    assert response.status_code == 201 and response.json()["author_name"] == "Ông Kín Tên"
    mine = resident.get(f"{API}{pk}/opinions/").json()["results"]
    assert [o["text"] for o in mine] == ["Đề nghị thêm cây xanh."]  # before publication: only their own

    response = staff.post(f"{API}{pk}/close/")
    assert response.status_code == 400 and response.json()["error"]["code"] == "period_not_over"
    clock.move_to(at(AFTER))
    assert staff.post(f"{API}{pk}/close/").json()["state"] == "closed"
    ids = sorted(Opinion.objects.values_list("pk", flat=True))
    response = staff.post(f"{API}{pk}/synthesis/entries/", {"opinions": ids[:1], "outcome": "accepted",
                                                            "response": "Bổ sung 300 m² cây xanh."}, format="json")
    assert response.status_code == 201
    entry = response.json()["id"]
    response = staff.post(f"{API}{pk}/synthesis/publish/", {"summary": "Tổng hợp"}, format="json")
    assert response.json()["error"]["code"] == "opinions_uncovered"
    second = staff.post(f"{API}{pk}/synthesis/entries/", {"opinions": ids[1:], "outcome": "accepted",
                                                          "response": "x"}, format="json").json()["id"]
    assert staff.patch(f"{API}{pk}/synthesis/entries/{second}/", {"outcome": "explained",
                                                                  "response": "Mật độ theo quy chuẩn."},
                       format="json").json()["outcome"] == "explained"
    synthesis = staff.get(f"{API}{pk}/synthesis/").json()
    assert synthesis["uncovered_opinions"] == [] and synthesis["majority"] == "disagree"
    assert client_for().get(f"{API}{pk}/synthesis/").status_code == 404  # not public yet
    assert staff.post(f"{API}{pk}/synthesis/publish/", {"summary": "Đã tổng hợp 2 ý kiến."},
                      format="json").json()["state"] == "synthesis_published"
    public = client_for().get(f"{API}{pk}/synthesis/").json()
    assert [e["id"] for e in public["entries"]] == [entry, second]
    opinions = client_for().get(f"{API}{pk}/opinions/").json()["results"]
    assert len(opinions) == 2 and all("author_name" not in o for o in opinions)

    response = staff.post(f"{API}{pk}/decision/", {"outcome": "adopted"}, format="json")
    assert response.json()["error"]["code"] == "explanation_required"
    body = staff.post(f"{API}{pk}/decision/", {"outcome": "adopted", "explanation": "Theo quy chuẩn xây dựng."},
                      format="json").json()
    assert (body["state"], body["against_majority"], body["majority_stance"]) == ("decided", True, "disagree")
    assert staff.post(f"{API}{pk}/council-report/", {}, format="json").json()["reported_to_council_on"] == "2026-11-24"


@pytest.mark.parametrize(("url", "payload"), [
    (API, {"commune": 999999, "content_kind": 1, "title": "x", "description": "y", "forms": ["portal"],
           "opens_on": "2026-11-03", "closes_on": "2026-12-31"}),
    (API, {"commune": 1, "content_kind": 0, "title": "", "forms": [], "opens_on": "x", "closes_on": None}),
    (API, {"commune": 2**62, "content_kind": 9, "title": "x" * 301, "description": "y", "forms": ["fax"],
           "opens_on": "9999-12-31", "closes_on": "0001-01-01"}),
    (API, {"commune": 1, "content_kind": 1, "title": "a", "description": "b", "forms": ["portal"],
           "opens_on": "2026-11-03", "closes_on": "2026-12-31", "villages": [999999]}),
    (API, "not json"),
])
def test_bad_plans_get_a_clear_400_or_404(tree, personas, clock, url, payload):
    response = client_for(personas["superuser"]).post(url, payload, format="json")
    assert response.status_code in (400, 404), response.content
    assert "error" in response.json()
    assert not Consultation.objects.exists()


def test_bad_entries_and_opinions_change_nothing(make_consultation, personas, tree, clock):
    c = make_consultation("open")
    staff = client_for(personas["official_a"])
    for payload in ({"channel": "online", "text": "x"}, {"channel": "meeting", "text": "x", "people_count": 0},
                    {"channel": "meeting", "text": "x", "village": tree.village_b1.pk},
                    {"channel": "meeting", "text": "x", "village": 999999},
                    {"channel": "meeting", "text": "x", "received_on": "1900-01-01"}):
        response = staff.post(f"{API}{c.pk}/opinions/record/", payload, format="json")
        assert response.status_code == 400, (payload, response.content)
    assert not Opinion.objects.exists()
    o = staff.post(f"{API}{c.pk}/opinions/record/", {"channel": "letter", "text": "Thư"}, format="json").json()
    response = staff.post(f"{API}{c.pk}/synthesis/entries/", {"opinions": [o["id"]], "outcome": "accepted",
                                                              "response": "x"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "not_synthesising"
    clock.move_to(at(AFTER))
    staff.post(f"{API}{c.pk}/close/")
    response = staff.post(f"{API}{c.pk}/synthesis/entries/", {"opinions": [o["id"], 999999], "outcome": "accepted",
                                                              "response": "x"}, format="json")
    assert response.status_code == 400
    assert staff.delete(f"{API}{c.pk}/synthesis/entries/999999/").status_code == 404
    assert not SynthesisEntry.objects.exists()


def test_a_resident_is_throttled_with_429(make_consultation, personas):
    c = make_consultation("open")
    resident = client_for(personas["resident"])
    statuses = [resident.post(f"{API}{c.pk}/opinions/", {"text": f"Ý kiến {i}"}, format="json").status_code
                for i in range(6)]
    assert statuses == [201] * 5 + [429]
    assert Opinion.objects.count() == 5
