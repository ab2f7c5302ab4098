"""API: bad input gets a clear 400 in the error format and changes nothing; public booking and tracking."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from danchu.cases import services
from danchu.cases.models import Case, ReceptionEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(personas):
    client = APIClient()
    client.force_authenticate(personas["official_a"])
    return client


def _error(response, status=400):
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert body["code"] and body["message"]
    return body


def test_a_group_of_12_with_6_representatives_is_a_400(api, tree):
    reps = [{"name": f"Đại diện {i}"} for i in range(6)]
    body = _error(api.post("/api/v1/cases/reception-entries/", {
        "unit": tree.commune_a.pk, "full_name": "Đoàn 12 người", "people_count": 12, "representatives": reps,
        "content": "Khiếu nại", "letters": [{"kind": "complaint", "summary": "Khiếu nại"}]}, format="json"))
    assert "representatives" in body["fields"]
    assert not ReceptionEntry.objects.exists()


def test_resolution_before_acceptance_is_a_400(api, visit):
    case = visit.cases.get(kind="complaint")
    body = _error(api.post(f"/api/v1/cases/{case.pk}/decide/", {"number": "1", "finding": "right", "text": "x",
                                                              "on": "2026-02-20"}, format="json"))
    assert body["code"] == "not_accepted"
    case.refresh_from_db()
    assert case.state == "received"


def test_extensions_refused_with_a_clear_code(api, visit, leader_a):
    case = visit.cases.get(kind="denunciation")
    client = APIClient()
    client.force_authenticate(leader_a)
    assert client.post(f"/api/v1/cases/{case.pk}/accept/", {"on": "2026-02-24"}, format="json").status_code == 200
    body = _error(client.post(f"/api/v1/cases/{case.pk}/extend/", {"days": 30, "reason": "Thêm thời gian",
                                                                  "on": "2026-03-02"}, format="json"))
    assert body["code"] == "extension_not_complex"
    assert _error(client.post(f"/api/v1/cases/{case.pk}/extend/", {"days": 31, "reason": "x"}, format="json"))
    complaint = visit.cases.get(kind="complaint")
    assert _error(client.post(f"/api/v1/cases/{complaint.pk}/extend/", {"days": 10, "reason": "x", "on": "2026-02-24"},
                              format="json"))["code"] == "extension_not_denunciation"


@pytest.mark.parametrize("payload", [
    {}, {"on": "not a date"}, {"on": "9999-12-31"}, {"criteria": ["bogus"]}, {"criteria": "places"},
    {"on": "1900-01-01"}, {"remote_area": "maybe"},
])
def test_garbage_to_accept_is_a_400(api, visit, payload):
    case = visit.cases.get(kind="complaint")
    response = api.post(f"/api/v1/cases/{case.pk}/accept/", payload, format="json")
    if payload == {}:
        assert response.status_code == 200  # today is a valid acceptance day
    else:
        _error(response)


def test_garbage_query_parameters_are_400(api, tree):
    for query in ("unit=abc", "unit=-1", "kind=x", "state=x", "due=x", "unit=99999999999999999999"):
        assert api.get(f"/api/v1/cases/?{query}").status_code in (400, 404), query


def test_public_booking_and_tracking(tree, personas, visit):
    day = timezone.localdate() + timedelta(days=2)
    session = services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Trần Quốc Cường",
                                      leader_title="Chủ tịch", leader_kind="commune_chair", day=day, start=time(8),
                                      end=time(11), place="Trụ sở", capacity=5)
    client = APIClient()
    sessions = client.get(f"/api/v1/cases/reception-sessions/?unit={tree.commune_a.pk}").json()["results"]
    assert sessions[0]["free"] == 5
    response = client.post(f"/api/v1/cases/reception-sessions/{session.pk}/book/",
                           {"full_name": "Võ Thị Lan", "phone": "0912 345 678", "topic": "Hỏi đất"}, format="json")
    assert response.status_code == 201 and response.json()["tracking_code"]
    _error(client.post(f"/api/v1/cases/reception-sessions/{session.pk}/book/",
                       {"full_name": "", "phone": "abc", "topic": "x"}, format="json"))
    case = Case.objects.get(kind="complaint")
    track = client.post("/api/v1/cases/track/", {"code": case.tracking_code.lower()}, format="json")
    assert track.status_code == 200 and track.json()["state"] == "received"
    assert client.post("/api/v1/cases/track/", {"code": "AAAA-BBBB-CC"}, format="json").status_code == 404


def test_the_ics_feed_lists_upcoming_sessions(client, tree, personas):
    day = timezone.localdate() + timedelta(days=1)
    services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Trần Quốc Cường",
                            leader_title="Chủ tịch UBND", leader_kind="commune_chair", day=day, start=time(7, 30),
                            end=time(11), place="Trụ sở UBND, 1 Mậu Thân", capacity=5)
    body = client.get(f"/tiep-cong-dan/{tree.commune_a.pk}/lich.ics").content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body
    assert f"DTSTART;TZID=Asia/Ho_Chi_Minh:{day:%Y%m%d}T073000" in body
    assert "LOCATION:Trụ sở UBND\\, 1 Mậu Thân" in body
