"""API: the same lifecycle through /api/v1/, errors in the API format, no household choice in the public read."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from danchu.decisions.models import Decision, HouseholdPosition

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(personas):
    client = APIClient()
    client.force_authenticate(personas["village_head"])
    return client


def test_a_k1_through_the_api_with_every_abuse_refused(api, village, households, tree):
    r = api.post("/api/v1/decisions/", {"unit": village.pk, "kind": "k1", "title": "Đèn đường hẻm 30",
                                         "content": "Lắp 12 bóng đèn LED", "options": "Mỗi hộ 300.000 đồng"},
                 format="json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    r = api.post(f"/api/v1/decisions/{pk}/meetings/", {"notice_on": "2026-11-02", "held_on": "2026-11-04",
                                                        "place": "Nhà văn hóa", "chair_name": "Huỳnh Văn Lộc"},
                 format="json")
    assert r.status_code == 201
    meeting = r.json()["id"]
    too_many = [h.pk for h in households] + [tree.household_b1.pk]
    r = api.put(f"/api/v1/decisions/{pk}/meetings/{meeting}/attendance/", {"households": too_many}, format="json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "more_attendees_than_households"
    r = api.put(f"/api/v1/decisions/{pk}/meetings/{meeting}/attendance/",
                {"households": [h.pk for h in households[:4]]}, format="json")
    assert r.json()["present"] == 4 and r.json()["total"] == 9
    r = api.post(f"/api/v1/decisions/{pk}/meetings/{meeting}/result/", {
        "secretary_name": "Mai", "secretary_votes": 4, "vote_method": "hands",
        "positions": [{"household": h.pk, "choice": "agree"} for h in households[:4]]}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "meeting_held" and r.json()["required"] == 6
    r = api.post(f"/api/v1/decisions/{pk}/ballot/", {
        "plan_issued_on": "2026-11-05", "notice_on": "2026-11-06", "distribute_on": "2026-11-07",
        "deadline": "2026-11-13", "team": ["A", "B", "C"], "leader_name": "A"}, format="json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "notice_too_late"
    r = api.post(f"/api/v1/decisions/{pk}/ballot/", {
        "plan_issued_on": "2026-11-05", "notice_on": "2026-11-06", "distribute_on": "2026-11-08",
        "deadline": "2026-11-13", "team": ["Lê Văn Tám", "Nguyễn Thị Hoa", "Trần Văn Hai"],
        "leader_name": "Lê Văn Tám"}, format="json")
    assert r.status_code == 200 and r.json()["ballot_round"]["plan_due"] == "2026-11-09"
    for h in households[4:7]:
        assert api.post(f"/api/v1/decisions/{pk}/ballots/", {"household": h.pk, "choice": "agree"},
                        format="json").status_code == 201
    r = api.post(f"/api/v1/decisions/{pk}/ballots/", {"household": households[4].pk, "choice": "disagree"},
                 format="json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "duplicate_ballot"
    r = api.post(f"/api/v1/decisions/{pk}/ballots/", {"household": tree.household_b1.pk, "choice": "agree"},
                 format="json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "household_not_in_village"
    r = api.post(f"/api/v1/decisions/{pk}/ballot/count/", {"witness_1": households[0].pk,
                                                            "witness_2": households[1].pk}, format="json")
    assert r.status_code == 200 and (r.json()["state"], r.json()["agree"], r.json()["absent"]) == ("passed", 7, 2)
    r = api.post(f"/api/v1/decisions/{pk}/ballots/", {"household": households[8].pk, "choice": "agree"},
                 format="json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "round_closed"
    positions = api.get(f"/api/v1/decisions/{pk}/positions/").json()
    assert sum(p["counts"] for p in positions) == 7 and len(positions) == 7
    assert api.post(f"/api/v1/decisions/{pk}/send/", {"on": "2026-11-16"}, format="json").json()["state"] == "sent"
    r = api.post(f"/api/v1/decisions/{pk}/recognise/", {"recognised_on": "2026-11-17", "reference": "1/QĐ"},
                 format="json")
    assert r.status_code == 403  # the village head does not recognise
    public = APIClient().get(f"/api/v1/decisions/{pk}/public/").json()
    assert public["household_total"] == 9 and "meetings" not in public
    assert HouseholdPosition.objects.filter(decision_id=pk, channel="ballot").count() == 3


def test_bad_input_is_a_400_not_a_500(api, village):
    for body in ({}, {"unit": "x"}, {"unit": village.pk, "kind": "k9", "title": "a", "content": "b"},
                 {"unit": village.pk, "kind": "k3", "form": "online", "title": "a", "content": "b"}):
        r = api.post("/api/v1/decisions/", body, format="json")
        assert r.status_code == 400, body
    assert Decision.objects.count() == 0
    assert api.get("/api/v1/decisions/?state=nope").status_code == 400
    assert api.get("/api/v1/decisions/?unit=-1").status_code == 400
