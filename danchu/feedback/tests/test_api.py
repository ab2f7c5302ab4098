"""Feedback API: the same services as the HTML views, the shared error format, bad input → 400 with nothing created."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from danchu.feedback.models import Feedback

from .conftest import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _body(places, **extra):
    return {"category": "ha-tang", "commune": places.commune_a.pk, "reporter_name": "Trần Văn Bảy",
            "description": "Ổ gà lớn trên đường Mậu Thân trước nhà số 120.", "lat": 10.0461, "lon": 105.784,
            "publish": True, **extra}


def test_public_submit_track_and_rate(api, places, personas):
    from danchu.feedback import services

    response = api.post("/api/v1/feedback/submit/", _body(places), format="json")
    assert response.status_code == 201, response.content
    code = response.json()["tracking_code"]
    tracked = api.post("/api/v1/feedback/track/", {"code": code}, format="json").json()
    assert tracked["state"] == "received" and "phone" not in tracked
    services.feedback_answer(feedback=Feedback.objects.get(), answer="Đã vá.", actor=personas["official_a"])
    rated = api.post("/api/v1/feedback/rate/", {"code": code, "rating": 4}, format="json")
    assert rated.status_code == 200 and rated.json()["state"] == "closed"


def test_submit_with_a_photo_as_multipart(api, places):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _body(places, photos=[SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")])
    data["publish"] = "true"
    response = api.post("/api/v1/feedback/submit/", data, format="multipart")
    assert response.status_code == 201, response.content
    assert Feedback.objects.get().photos.count() == 1


@pytest.mark.parametrize("extra,field", [
    ({"category": "khong-co"}, "category"), ({"commune": 999999}, "commune"), ({"village": 999999}, "village"),
    ({"lat": 21.03, "lon": 105.85}, "lat"), ({"description": ""}, "description"), ({"lat": 95}, "lat"),
    ({"description": "x" * 4001}, "description"), ({"notify_channel": "fax"}, "notify_channel"),
])
def test_bad_submissions_are_400_with_the_field(api, places, extra, field):
    response = api.post("/api/v1/feedback/submit/", _body(places, **extra), format="json")
    assert response.status_code == 400
    assert field in response.json()["error"].get("fields", {}), response.json()
    assert Feedback.objects.count() == 0


def test_unknown_code_is_404(api, places):
    assert api.post("/api/v1/feedback/track/", {"code": "PA-ABCDEFGHJK"}, format="json").status_code == 404
    assert api.post("/api/v1/feedback/rate/", {"code": "xx", "rating": 3}, format="json").status_code == 404


def test_an_official_handles_through_the_api(api, places, personas, submit):
    feedback = submit()
    api.force_authenticate(personas["official_a"])
    base = f"/api/v1/feedback/{feedback.pk}"
    assert api.post(f"{base}/accept/", {}, format="json").status_code == 200
    assert api.post(f"{base}/assign/", {"assignee": personas["official_a"].pk}, format="json").status_code == 200
    assert api.post(f"{base}/assign/", {"assignee": personas["official_b"].pk}, format="json").status_code == 400
    assert api.post(f"{base}/note/", {"note": "Đã gọi lại cho người dân."}, format="json").status_code == 200
    assert api.post(f"{base}/recategorise/", {"category": "khong-co"}, format="json").status_code == 400
    response = api.post(f"{base}/answer/", {"answer": "Đã vá ổ gà."}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "answered"
    bad = api.post(f"{base}/reject/", {"reason": "…"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_transition"
    detail = api.get(f"{base}/").json()
    assert detail["phone"] == "0912345678" and [e["kind"] for e in detail["events"]][:2] == ["state", "state"]


def test_transfer_and_duplicate_through_the_api(api, places, personas, submit):
    a, b = submit(), submit()
    api.force_authenticate(personas["official_a"])
    assert api.post(f"/api/v1/feedback/{b.pk}/duplicate/", {"original": a.tracking_code},
                    format="json").status_code == 200
    assert api.post(f"/api/v1/feedback/{a.pk}/transfer/", {"reason": "x", "to_unit": 999999},
                    format="json").status_code == 400
    response = api.post(f"/api/v1/feedback/{a.pk}/transfer/", {"reason": "Thuộc Ninh Kiều",
                                                               "to_unit": places.commune_b.pk}, format="json")
    assert response.status_code == 200 and response.json()["commune"] == places.commune_b.pk


def test_a_merged_reporter_tracks_the_answer_and_rates_through_the_api(api, places, personas, submit):
    from danchu.feedback import services

    a, b = submit(), submit()
    services.feedback_mark_duplicate(feedback=b, original=a, actor=personas["official_a"])
    tracked = api.post("/api/v1/feedback/track/", {"code": b.tracking_code}, format="json").json()
    assert tracked["answer"] == "" and tracked["can_rate"] is False
    services.feedback_answer(feedback=a, answer="Đã vá.", actor=personas["official_a"])
    tracked = api.post("/api/v1/feedback/track/", {"code": b.tracking_code}, format="json").json()
    assert tracked["answer"] == "Đã vá." and tracked["answered_at"] and tracked["can_rate"] is True
    rated = api.post("/api/v1/feedback/rate/", {"code": b.tracking_code, "rating": 5}, format="json")
    assert rated.status_code == 200 and rated.json()["rating"] == 5 and rated.json()["state"] == "duplicate"


def test_list_filters_and_stats(api, places, personas, submit):
    submit()
    api.force_authenticate(personas["official_a"])
    for query in ("", "?state=open", "?due=overdue", "?due=soon", "?due=escalated", "?category=ha-tang"):
        assert api.get("/api/v1/feedback/" + query).status_code == 200, query
    assert api.get("/api/v1/feedback/?state=bogus").status_code == 400
    assert api.get("/api/v1/feedback/?due=bogus").status_code == 400
    stats = api.get(f"/api/v1/feedback/stats/?unit={places.commune_a.pk}").json()
    assert stats["summary"]["total"] == 1
    assert api.get("/api/v1/feedback/stats/").status_code == 400


def test_routes_through_the_api(api, places, personas):
    api.force_authenticate(personas["superuser"])
    body = {"unit": places.commune_a.pk, "category": "ha-tang", "organisation": places.org_a.pk, "answer_days": 4}
    assert api.post("/api/v1/feedback/routes/", body, format="json").status_code == 200
    assert api.post("/api/v1/feedback/routes/", {**body, "organisation": places.org_b.pk},
                    format="json").status_code == 400
    assert api.post("/api/v1/feedback/routes/", {**body, "organisation": 999999}, format="json").status_code == 400
    rows = api.get(f"/api/v1/feedback/routes/?unit={places.commune_a.pk}").json()
    assert [(r["category"], r["answer_days"]) for r in rows] == [("ha-tang", 4)]
    api.force_authenticate(personas["official_a"])  # a commune official may read, not configure
    assert api.get(f"/api/v1/feedback/routes/?unit={places.commune_a.pk}").status_code == 200
    assert api.post("/api/v1/feedback/routes/", body, format="json").status_code == 403


def test_failed_api_submissions_do_not_count_towards_the_limit(api, places):
    bad = [api.post("/api/v1/feedback/submit/", _body(places, description="ngắn"), format="json").status_code
           for _i in range(6)]
    good = [api.post("/api/v1/feedback/submit/", _body(places), format="json").status_code for _i in range(6)]
    assert bad == [400] * 6 and good == [201] * 5 + [429]
