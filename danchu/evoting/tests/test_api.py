"""API: the whole life of a poll, hidden results, receipts, export, and bad input → 4xx."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .conftest import close

pytestmark = pytest.mark.django_db


def _as(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_vote_receipt_results_and_export(personas, open_poll, hh):
    resident = _as(personas["resident"])
    r = resident.post(f"/api/v1/evoting/polls/{open_poll.pk}/votes/", {"household": hh[0].pk, "option": 1},
                      format="json")
    assert r.status_code == 201
    code = r.json()["receipt_code"]
    dup = resident.post(f"/api/v1/evoting/polls/{open_poll.pk}/votes/", {"household": hh[0].pk, "option": 0},
                        format="json")
    assert dup.status_code == 400 and dup.json()["error"]["code"] == "already_voted"
    head = _as(personas["village_head"])
    detail = head.get(f"/api/v1/evoting/polls/{open_poll.pk}/").json()
    assert detail["participation"] == 1 and "counts" not in str(detail)
    assert "participation" not in resident.get(f"/api/v1/evoting/polls/{open_poll.pk}/").json()
    assert head.get(f"/api/v1/evoting/polls/{open_poll.pk}/results/").status_code == 404
    assert head.post(f"/api/v1/evoting/polls/{open_poll.pk}/receipts/verify/", {"code": code},
                     format="json").status_code == 404
    close(open_poll, personas["village_head"])
    results = head.get(f"/api/v1/evoting/polls/{open_poll.pk}/results/").json()
    assert [o["count"] for o in results["options"]] == [0, 1, 0]
    assert results["participants"] == [{"code": "A1-001", "representative_name": "Nguyễn Văn An"}]
    assert APIClient().get(f"/api/v1/evoting/polls/{open_poll.pk}/results/").status_code == 404  # not published
    assert head.post(f"/api/v1/evoting/polls/{open_poll.pk}/publish/").status_code == 200
    public = APIClient()
    published = public.get(f"/api/v1/evoting/polls/{open_poll.pk}/results/").json()
    assert [o["count"] for o in published["options"]] == [0, 1, 0]
    assert "participants" not in published and "Nguyễn Văn An" not in str(published)  # names: staff minutes only
    assert "participants" not in resident.get(f"/api/v1/evoting/polls/{open_poll.pk}/results/").json()
    check = public.post(f"/api/v1/evoting/polls/{open_poll.pk}/receipts/verify/", {"code": code}, format="json")
    assert check.json()["found"] is True and check.json()["option"] == 1
    nope = public.post(f"/api/v1/evoting/polls/{open_poll.pk}/receipts/verify/", {"code": "zz"}, format="json")
    assert nope.json()["found"] is False
    export = public.get(f"/api/v1/evoting/polls/{open_poll.pk}/ballots/").json()
    assert len(export["ballots"]) == 1 and export["tally"]["voters"] == 1


def test_staff_lifecycle_and_clear_errors(personas, tree, opted):
    head = _as(personas["village_head"])
    r = head.post("/api/v1/evoting/polls/", {"village": tree.village_a1.pk, "question": "Q?", "options": ["A", "a"],
                                             "opens_at": "2026-12-01T07:00:00Z", "closes_at": "2026-12-02T07:00:00Z"},
                  format="json")
    assert r.status_code == 400 and "options" in r.json()["error"]["fields"]
    r = head.post("/api/v1/evoting/polls/", {"village": tree.village_a1.pk, "question": "Q?",
                                             "opens_at": "2026-12-01T07:00:00Z", "closes_at": "2036-12-02T07:00:00Z"},
                  format="json")
    assert r.status_code == 400 and set(r.json()["error"]["fields"]) == {"self_management_confirmed"}  # K6 only
    r = head.post("/api/v1/evoting/polls/", {"village": tree.village_a1.pk, "question": "Q?",
                                             "options": ["Đồng ý", "Không đồng ý", "Ý kiến khác"],
                                             "self_management_confirmed": True, "approval_option": 2,
                                             "opens_at": "2026-12-01T07:00:00Z", "closes_at": "2036-12-02T07:00:00Z"},
                  format="json")
    assert r.status_code == 400 and set(r.json()["error"]["fields"]) == {"approval_option"}
    r = head.post("/api/v1/evoting/polls/", {"village": tree.village_a1.pk, "question": "Q?",
                                             "self_management_confirmed": True,
                                             "opens_at": "2026-12-01T07:00:00Z", "closes_at": "2036-12-02T07:00:00Z"},
                  format="json")
    assert r.status_code == 201 and r.json()["state"] == "draft" and r.json()["self_management_confirmed"] is True
    assert r.json()["options"] == ["Đồng ý", "Không đồng ý", "Ý kiến khác"]
    pk = r.json()["id"]
    assert head.post(f"/api/v1/evoting/polls/{pk}/close/").json()["error"]["code"] == "invalid_state"
    assert head.post(f"/api/v1/evoting/polls/{pk}/open/").json()["state"] == "open"
    assert head.post(f"/api/v1/evoting/polls/{pk}/close/").json()["error"]["code"] == "too_early"
    assert head.post("/api/v1/evoting/polls/", "{bad", content_type="application/json").status_code == 400
    assert head.get("/api/v1/evoting/polls/?state=zzz").status_code == 400
    assert head.get("/api/v1/evoting/opt-ins/").status_code == 400


def test_opt_in_register_through_the_api(personas, tree, hh):
    head = _as(personas["village_head"])
    assert head.post("/api/v1/evoting/opt-ins/", {"household": hh[3].pk}, format="json").json()["opted_in"] is True
    register = head.get(f"/api/v1/evoting/opt-ins/?village={tree.village_a1.pk}").json()
    assert register["status"] == {"village": tree.village_a1.pk, "opted_in": 1, "total": 4, "allows_poll": False,
                                  "needed": 2}
    resident = _as(personas["resident"])
    r = resident.post("/api/v1/evoting/opt-ins/", {"household": hh[0].pk, "opted_in": True}, format="json")
    assert r.json()["opted_in"] is True
    assert resident.post("/api/v1/evoting/opt-ins/", {"household": hh[1].pk}, format="json").status_code == 403
