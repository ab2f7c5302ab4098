"""The elections API: public reads (candidates only once published), staff writes through the services, the
permission of each office, bad input as a 400 with a stable code."""

from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from danchu.elections.domain import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_the_public_sees_the_notice_then_the_result(planned, personas):
    url = f"/api/v1/elections/{planned.pk}/"
    assert api().get(url).json()["candidates"] == []  # the list is not yet published
    official = api(personas["official_a"])
    assert official.post(f"{url}steps/", {"step": "candidates", "done_on": "2026-11-28"},
                         format="json").status_code == 200
    public = api().get(url).json()
    assert [c["full_name"] for c in public["candidates"]] == ["Huỳnh Văn Lộc", "Trần Minh Tâm"]
    assert [m["key"] for m in public["milestones"]] == ["plan", "candidates", "team", "notice"]
    ids = [c["id"] for c in public["candidates"]]
    bad = official.post(f"{url}result/", {"method": "meeting", "participating": 120,
                                          "votes": [{"candidate": ids[0], "votes": 70}, {"candidate": ids[1], "votes": 5}]},
                        format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "exceeds_households"
    ok = official.post(f"{url}result/", {"method": "meeting", "participating": 80,
                                         "votes": [{"candidate": ids[0], "votes": 62}, {"candidate": ids[1], "votes": 15}]},
                       format="json")
    assert ok.status_code == 200 and ok.json()["state"] == State.ELECTED
    assert official.post(f"{url}send/", {"sent_on": "2026-12-14"}, format="json").json()["recognition_due_on"] == (
        "2026-12-21")
    assert api(personas["village_head"]).post(f"{url}recognise/", {"decision_number": "1", "decided_on": "2026-12-15"},
                                              format="json").status_code == 403
    done = official.post(f"{url}recognise/", {"decision_number": "215/QĐ-UBND", "decided_on": "2026-12-15"},
                         format="json")
    assert done.status_code == 200 and done.json()["state"] == State.RECOGNISED
    listing = api().get(f"/api/v1/elections/?unit={planned.village.parent_id}&state=recognised").json()
    assert [row["id"] for row in listing["results"]] == [planned.pk]


@pytest.mark.parametrize("persona, office, status", [
    ("village_head", "village_head", 403),   # never his own office's election
    ("village_head", "inspection_board", 201),
    ("official_a", "village_head", 201),
    ("official_b", "village_head", 403),
    ("resident", "inspection_board", 403),
    ("anonymous", "village_head", 401),
])
def test_who_may_plan(tree, village_100, personas, persona, office, status):
    client = api(None if persona == "anonymous" else personas[persona])
    response = client.post("/api/v1/elections/plan/", {
        "village": tree.village_a1.pk, "office": office, "election_day": "2027-01-20", "decided_on": "2026-12-21",
        "place": "Nhà văn hóa Khu vực 1"}, format="json")
    assert response.status_code == status, response.content


def test_bad_input_is_a_clear_400(planned, personas, tree):
    client = api(personas["official_a"])
    for payload in ({}, {"village": tree.village_a1.pk, "office": "king"},
                    {"village": tree.village_a1.pk, "office": "village_head", "election_day": "2026-12-25",
                     "decided_on": "2026-12-21", "place": "x"}):
        assert client.post("/api/v1/elections/plan/", payload, format="json").status_code == 400
    assert client.post(f"/api/v1/elections/{planned.pk}/result/", {"method": "meeting", "participating": 5,
                                                                    "votes": []}, format="json").status_code == 400
    assert client.get("/api/v1/elections/?office=x").status_code == 400


def test_a_dismissal_through_the_api(village_100, personas, tree):
    client = api(personas["official_a"])
    opened = client.post("/api/v1/dismissals/open/", {
        "village": village_100.pk, "office": "village_head", "holder_name": "Trần Văn Bé", "trigger": "petition",
        "reason": "Mất tín nhiệm", "opened_on": "2026-12-01"}, format="json")
    assert opened.status_code == 201
    pk = opened.json()["id"]
    assert client.post(f"/api/v1/dismissals/{pk}/consents/", {"household": tree.household_b1.pk,
                                                              "signed_on": "2026-12-02"}, format="json").json()[
        "error"]["code"] == "other_village"
    assert client.post(f"/api/v1/dismissals/{pk}/consents/", {"household": tree.household_a1.pk,
                                                              "signed_on": "2026-12-02"}, format="json").json()[
        "consents"] == 1
    assert client.post(f"/api/v1/dismissals/{pk}/vote/", {"held_on": "2026-12-05", "present": 60, "approve": 60,
                                                          "against": 0}, format="json").json()["error"]["code"] == (
        "petition_below_threshold")
    assert api(personas["official_b"]).get(f"/api/v1/dismissals/{pk}/").status_code == 403
    assert api().get("/api/v1/dismissals/").status_code == 401
    assert date(2026, 12, 1).isoformat() == api(personas["city_officer"]).get(
        f"/api/v1/dismissals/{pk}/").json()["opened_on"]
