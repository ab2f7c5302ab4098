"""The conventions API: public reads, staff writes through the services, permissions per persona, bad input as
400 with a stable code, never a 500."""

from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from danchu.conventions.domain import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_anyone_reads_a_posted_draft_but_not_a_draft_in_preparation(draft, personas):
    assert api().get(f"/api/v1/conventions/{draft.pk}/").status_code == 404
    assert api().get("/api/v1/conventions/").json()["count"] == 0
    body = api(personas["village_head"]).get(f"/api/v1/conventions/{draft.pk}/").json()
    assert body["state"] == "drafting" and [v["number"] for v in body["versions"]] == [1]
    assert api(personas["official_b"]).get(f"/api/v1/conventions/{draft.pk}/").status_code == 404


def test_the_procedure_through_the_api(posted, personas):
    head, official = api(personas["village_head"]), api(personas["official_a"])
    url = f"/api/v1/conventions/{posted.pk}"
    response = head.post(f"{url}/revise/", {"text": "Điều 1. Mới.", "reason": "Tiếp thu"}, format="json")
    assert response.status_code == 200 and [v["number"] for v in response.json()["versions"]] == [1, 2]
    bad = head.post(f"{url}/vote/", {"method": "meeting", "held_on": "2026-12-05", "present": 101, "approve": 60,
                                     "against": 0}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "exceeds_households"
    ok = head.post(f"{url}/vote/", {"method": "meeting", "held_on": "2026-12-05", "present": 70, "approve": 62,
                                    "against": 5}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == State.ADOPTED
    assert ok.json()["votes"][0]["households_total"] == 100
    # the village head cannot recognise; the commune official of B cannot either
    assert head.post(f"{url}/submit/", {"submitted_on": "2026-12-07"}, format="json").status_code == 200
    payload = {"decision_number": "7/QĐ-UBND", "decided_on": "2026-12-08"}
    assert head.post(f"{url}/recognise/", payload, format="json").status_code == 403
    assert api(personas["official_b"]).post(f"{url}/recognise/", payload, format="json").status_code == 403
    done = official.post(f"{url}/recognise/", payload, format="json")
    assert done.status_code == 200 and done.json()["in_force_version"] == 2
    public = api().get(f"{url}/").json()
    assert public["in_force_text"] == "Điều 1. Mới." and public["warnings"] == []
    diff = api().get(f"{url}/diff/?from=1&to=2").json()
    assert {line["kind"] for line in diff["lines"]} >= {"delete"}
    assert api().get(f"{url}/versions/2/").json()["text"] == "Điều 1. Mới."
    listing = api().get(f"/api/v1/conventions/?in_force=1&unit={posted.village.parent_id}").json()
    assert [row["id"] for row in listing["results"]] == [posted.pk]


def test_recognition_out_of_order_is_a_400(posted, personas):
    response = api(personas["official_a"]).post(
        f"/api/v1/conventions/{posted.pk}/recognise/", {"decision_number": "1", "decided_on": "2026-12-08"},
        format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_transition"


@pytest.mark.parametrize("persona, status", [("anonymous", 401), ("resident", 403), ("village_head", 201),
                                             ("official_a", 201), ("official_b", 403), ("city_officer", 403)])
def test_who_may_propose_in_village_a1(tree, personas, persona, status):
    client = api(None if persona == "anonymous" else personas[persona])
    response = client.post("/api/v1/conventions/propose/", {
        "village": tree.village_a1.pk, "title": "Quy ước Khu vực 1", "text": "Điều 1.",
        "proposed_on": "2026-12-01"}, format="json")
    assert response.status_code == status, response.content


def test_bad_input_is_a_clear_400(tree, personas):
    client = api(personas["official_a"])
    for payload in ({}, {"village": "x"}, {"village": tree.village_a1.pk, "title": "", "text": "a"},
                    {"village": tree.village_a1.pk, "title": "T", "text": "a", "proposed_on": "2026-13-01"},
                    {"village": tree.village_a1.pk, "title": "T", "text": "a", "proposer": "citizens"}):
        response = client.post("/api/v1/conventions/propose/", payload, format="json")
        assert response.status_code == 400, (payload, response.content)
    assert client.get("/api/v1/conventions/?state=nope").status_code == 400
    assert client.get("/api/v1/conventions/?unit=-1").status_code == 400
    assert client.post(f"/api/v1/conventions/{tree.village_a1.pk + 999}/post/", {}, format="json").status_code == 404


def test_a_resident_comments_through_the_api_only_in_the_period(posted, personas, december):
    from datetime import datetime

    from .conftest import VN

    client = api(personas["resident"])
    assert client.post(f"/api/v1/conventions/{posted.pk}/comments/", {"body": "x"}, format="json").status_code == 400
    december.move_to(datetime(2026, 11, 20, 9, 0, tzinfo=VN))
    response = client.post(f"/api/v1/conventions/{posted.pk}/comments/", {"body": "Đồng ý dự thảo."}, format="json")
    assert response.status_code == 201 and response.json()["version"] == 1
    assert client.post(f"/api/v1/conventions/{posted.pk}/record-comment/", {
        "channel": "meeting", "author_name": "x", "body": "y", "received_on": str(date(2026, 11, 20))},
        format="json").status_code == 403


def test_the_drafting_team_answers_a_comment(posted, personas):
    from danchu.conventions import services
    from danchu.conventions.domain import CommentChannel

    comment = services.comment_record(convention=posted, actor=personas["village_head"], channel=CommentChannel.BOX,
                                      author_name="Hộ ông Tư", body="Giảm mức đóng góp.", received_on=date(2026, 11, 9))
    client = api(personas["village_head"])
    url = f"/api/v1/conventions/{posted.pk}/respond-comment/"
    assert client.post(url, {"comment": comment.pk + 1000, "response": "x"}, format="json").json()["error"][
        "code"] == "unknown_comment"
    body = client.post(url, {"comment": comment.pk, "response": "Tiếp thu: giảm còn 15.000 đồng."},
                       format="json").json()
    assert body["comments"][0]["response"] == "Tiếp thu: giảm còn 15.000 đồng."
    assert api().get(f"/api/v1/conventions/{posted.pk}/").json()["comments"] == []  # the public sees the count only
