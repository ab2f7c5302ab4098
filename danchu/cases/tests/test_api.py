"""API: bad input gets a clear 400 in the error format and changes nothing; public booking and tracking."""

from __future__ import annotations

from datetime import date as date_
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


# --- staff endpoints: schedule, bookings, letters, dialogue, anonymous check, assignment ----------------------


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _session_payload(tree, **extra):
    day = timezone.localdate() + timedelta(days=5)
    return {"unit": tree.commune_a.pk, "leader_name": "Trần Quốc Cường", "leader_title": "Chủ tịch UBND",
            "leader_kind": "commune_chair", "day": day.isoformat(), "start": "07:30", "end": "11:00",
            "place": "Trụ sở UBND", "capacity": 3, **extra}


def test_staff_create_and_cancel_a_session(api, tree, personas):
    from danchu.cases.models import ReceptionSession
    from danchu.core.models import AuditEvent

    assert _client(personas["official_b"]).post("/api/v1/cases/reception-sessions/", _session_payload(tree),
                                                format="json").status_code == 403
    assert APIClient().post("/api/v1/cases/reception-sessions/", _session_payload(tree),
                            format="json").status_code == 401
    for bad in ({"end": "07:00"}, {"leader_kind": "king"}, {"capacity": 0}, {"day": "x"}, {"place": ""}):
        _error(api.post("/api/v1/cases/reception-sessions/", _session_payload(tree, **bad), format="json"))
    assert not ReceptionSession.objects.exists()
    response = api.post("/api/v1/cases/reception-sessions/", _session_payload(tree), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["free"], body["cancelled"], body["kind"]) == (3, False, "regular")
    session = ReceptionSession.objects.get(pk=body["id"])
    services.booking_create(session=session, full_name="Võ Thị Lan", phone="0912345678", topic="Hỏi đất")
    assert _client(personas["official_b"]).post(f"/api/v1/cases/reception-sessions/{session.pk}/cancel/",
                                                format="json").status_code == 403
    session.refresh_from_db()
    assert not session.cancelled
    response = api.post(f"/api/v1/cases/reception-sessions/{session.pk}/cancel/", format="json")
    assert response.status_code == 200 and response.json()["cancelled"] is True
    assert _error(api.post(f"/api/v1/cases/reception-sessions/{session.pk}/cancel/",
                           format="json"))["code"] == "already_cancelled"
    assert AuditEvent.objects.filter(verb="cases.session.cancelled").count() == 1
    assert APIClient().get(f"/api/v1/cases/reception-sessions/?unit={tree.commune_a.pk}").json()["results"] == []


def test_staff_list_the_bookings_of_a_session_and_a_sealed_one_shows_no_contact(api, tree, personas):
    from datetime import date, time

    import time_machine

    from danchu.core.models import AuditEvent

    from .conftest import PLANTED, SECRET_NAME

    with time_machine.travel(date(2026, 2, 2), tick=False):
        session = services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Ông Cường",
                                          leader_title="Chủ tịch UBND", leader_kind="commune_chair",
                                          day=date(2026, 2, 6), start=time(7, 30), end=time(11), place="Trụ sở")
        sealed = services.booking_create(session=session, full_name=SECRET_NAME, phone=PLANTED[3],
                                         topic="Tố cáo cán bộ địa chính")
        services.booking_create(session=session, full_name="Võ Thị Lan", phone="0912345678", topic="Hỏi đất")
    services.reception_record(unit=tree.commune_a, actor=personas["official_a"], full_name=SECRET_NAME,
                              content="Tố cáo", received_on=date(2026, 2, 6), session=session, booking=sealed,
                              letters=[services.Letter("denunciation", "Tố cáo cán bộ địa chính")])
    url = f"/api/v1/cases/reception-sessions/{session.pk}/bookings/"
    assert _client(personas["official_b"]).get(url).status_code == 403
    assert _client(personas["resident"]).get(url).status_code == 403
    assert APIClient().get(url).status_code == 401
    response = api.get(url)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["sealed"], r["full_name"], r["phone"], r["topic"]) for r in rows] == [
        (True, None, None, None), (False, "Võ Thị Lan", "0912345678", "Hỏi đất")]
    assert not any(p in response.content.decode() for p in PLANTED)
    assert AuditEvent.objects.filter(verb="cases.session.bookings_viewed", data__via="api").count() == 1


def test_record_a_letter_by_api(api, tree, personas):
    from .conftest import SECRET_NAME

    url = "/api/v1/cases/letters/"
    payload = {"unit": tree.commune_a.pk, "kind": "denunciation", "summary": "Tố cáo nhận tiền",
               "content": "Nội dung tố cáo", "full_name": SECRET_NAME, "received_on": "2026-03-02"}
    assert _client(personas["official_b"]).post(url, payload, format="json").status_code == 403
    assert _client(personas["city_officer"]).post(url, payload, format="json").status_code == 403
    for bad in ({"kind": "poem"}, {"summary": ""}, {"received_on": "2099-01-01"}, {"full_name": ""},
                {"round": 3}, {"phone": "abc"}, {"unit": tree.village_a1.pk}):
        _error(api.post(url, {**payload, **bad}, format="json"))
    assert not Case.objects.exists()
    response = api.post(url, payload, format="json")
    assert response.status_code == 201, response.content
    assert SECRET_NAME not in response.content.decode() and response.json()["petitioner_name"] == ""
    response = api.post(url, {**payload, "full_name": "", "anonymous": True}, format="json")
    assert response.status_code == 201 and response.json()["anonymous"] is True
    assert response.json()["due_on"] is None


def test_dialogue_anonymous_check_and_assignment_by_api(api, tree, personas, visit, leader_a):
    from danchu.core.models import AuditEvent

    complaint = visit.cases.get(kind="complaint")
    url = f"/api/v1/cases/{complaint.pk}/dialogue/"
    dialogue = {"on": "2026-03-02", "participants": "Người khiếu nại; công chức địa chính", "content": "Hai bên trình bày."}
    assert _error(api.post(url, dialogue, format="json"))["code"] == "not_in_progress"  # not accepted yet
    services.case_accept(case=complaint, actor=personas["official_a"], on=date_(2026, 2, 23))
    assert _client(personas["official_b"]).post(url, dialogue, format="json").status_code == 403
    _error(api.post(url, {**dialogue, "participants": ""}, format="json"))
    _error(api.post(url, {**dialogue, "on": "2026-02-01"}, format="json"))  # before acceptance
    assert not complaint.documents.filter(kind="dialogue").exists()
    response = api.post(url, dialogue, format="json")
    assert response.status_code == 200
    assert [d["kind"] for d in response.json()["documents"]] == ["acceptance", "dialogue"]

    assign = f"/api/v1/cases/{complaint.pk}/assign/"
    assert _client(personas["official_b"]).post(assign, {"assignee": leader_a.pk}, format="json").status_code == 403
    assert _error(api.post(assign, {"assignee": personas["official_b"].pk}, format="json"))["code"] == "invalid_assignee"
    assert _error(api.post(assign, {"assignee": 10**12}, format="json"))["code"] == "invalid_assignee"
    _error(api.post(assign, {"assignee": "x"}, format="json"))
    complaint.refresh_from_db()
    assert complaint.assignee_id is None
    response = api.post(assign, {"assignee": leader_a.pk}, format="json")
    assert response.status_code == 200 and response.json()["assignee"] == leader_a.pk
    assert AuditEvent.objects.filter(verb="cases.case.assigned").count() == 1

    letter = services.case_record_letter(unit=tree.commune_a, actor=personas["official_a"], kind="denunciation",
                                         anonymous=True, summary="Thư nặc danh", content="Nội dung",
                                         received_on=date_(2026, 3, 2))
    check = f"/api/v1/cases/{letter.pk}/anonymous-check/"
    assert _client(personas["official_b"]).post(check, {"note": "x"}, format="json").status_code == 403
    _error(api.post(check, {"note": ""}, format="json"))
    assert _error(api.post(f"/api/v1/cases/{complaint.pk}/anonymous-check/", {"note": "x"},
                           format="json"))["code"] == "not_anonymous"
    letter.refresh_from_db()
    assert letter.state == "received"
    response = api.post(check, {"note": "Đã kiểm tra, không có vi phạm.", "on": "2026-03-05"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "checked"
    assert _error(api.post(f"/api/v1/cases/{letter.pk}/accept/", {}, format="json"))["code"] == "anonymous"


def test_the_new_endpoints_are_documented(client):
    import json

    schema = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/json").content)
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()
                  if isinstance(op, dict) and "operationId" in op}
    assert {"cases_session_create", "cases_session_cancel", "cases_session_bookings", "cases_letter_record",
            "cases_dialogue", "cases_anonymous_check", "cases_assign"} <= operations


def test_reclassify_by_api(visit, leader_a, personas):
    case = visit.cases.get(kind="denunciation")
    client = _client(leader_a)
    assert client.post(f"/api/v1/cases/{case.pk}/accept/", {"on": "2026-02-24"}, format="json").status_code == 200
    url = f"/api/v1/cases/{case.pk}/reclassify/"
    payload = {"criteria": ["contents"], "reason": "Có hai nội dung tố cáo.", "on": "2026-03-02"}
    assert _client(personas["official_b"]).post(url, payload, format="json").status_code == 403
    _error(client.post(url, {**payload, "criteria": ["bogus"]}, format="json"))
    _error(client.post(url, {"reason": "x"}, format="json"))
    assert _error(client.post(url, {**payload, "criteria": []}, format="json"))["code"] == "complexity_unchanged"
    case.refresh_from_db()
    assert case.complexity == "normal"
    response = client.post(url, payload, format="json")
    assert response.status_code == 200
    assert (response.json()["complexity"], response.json()["complexity_criteria"]) == ("complex", ["contents"])
    response = client.post(f"/api/v1/cases/{case.pk}/extend/", {"days": 30, "reason": "Xác minh thêm",
                                                               "on": "2026-03-03"}, format="json")
    assert response.status_code == 200 and response.json()["extensions"] == 1


def test_the_ics_feed_has_its_timezone_and_folds_long_lines(client, tree, personas):
    """RFC 5545: the TZID used by DTSTART has a VTIMEZONE (Asia/Ho_Chi_Minh, UTC+7, no DST); content lines longer
    than 75 octets are folded (§3.1) without splitting a Vietnamese character, and unfold to the original."""
    from danchu.cases.views_public import ics_fold

    day = timezone.localdate() + timedelta(days=1)
    place = ("Hội trường Ủy ban nhân dân phường Cái Khế, số 1 đường Mậu Thân, khu vực 1, thành phố Cần Thơ "
             "(cổng bên hông, tầng trệt)")
    services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Trần Quốc Cường",
                            leader_title="Chủ tịch Ủy ban nhân dân phường Cái Khế, thành phố Cần Thơ",
                            leader_kind="commune_chair", day=day, start=time(7, 30), end=time(11), place=place)
    raw = client.get(f"/tiep-cong-dan/{tree.commune_a.pk}/lich.ics").content
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    text = raw.decode("utf-8")  # never a split multi-octet character
    unfolded = text.replace("\r\n ", "")
    assert "LOCATION:" + place.replace(",", "\\,") in unfolded
    tz = unfolded[unfolded.index("BEGIN:VTIMEZONE"):unfolded.index("END:VTIMEZONE")]
    assert "TZID:Asia/Ho_Chi_Minh" in tz and "TZOFFSETFROM:+0700" in tz and "TZOFFSETTO:+0700" in tz
    assert "BEGIN:DAYLIGHT" not in tz
    assert unfolded.index("END:VTIMEZONE") < unfolded.index("BEGIN:VEVENT")
    assert ics_fold("A" * 75) == "A" * 75
    assert ics_fold("A" * 76) == "A" * 75 + "\r\n A"
    folded = ics_fold("Đ" * 40)  # 2 octets each: 37 on the first line (74 octets), 3 after the space
    assert folded.split("\r\n ") == ["Đ" * 37, "Đ" * 3]


def test_a_resident_lists_and_cancels_bookings_by_api(tree, personas):
    from danchu.cases.models import Booking

    day = timezone.localdate() + timedelta(days=3)
    session = services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Ông Cường",
                                      leader_title="Chủ tịch UBND", leader_kind="commune_chair", day=day,
                                      start=time(7, 30), end=time(11), place="Trụ sở UBND")
    mine = services.booking_create(session=session, full_name="Người Dân", phone="0912345678", topic="Đất",
                                   user=personas["resident"])
    services.booking_create(session=session, full_name="Võ Thị Lan", phone="0987000111", topic="Nhà")
    assert APIClient().get("/api/v1/cases/bookings/mine/").status_code == 401
    rows = _client(personas["resident"]).get("/api/v1/cases/bookings/mine/").json()["results"]
    assert [r["tracking_code"] for r in rows] == [mine.tracking_code]
    public = APIClient()
    assert _error(public.post("/api/v1/cases/bookings/cancel/", {"code": mine.tracking_code, "phone": "0987000111"},
                              format="json"), 404)
    _error(public.post("/api/v1/cases/bookings/cancel/", {"code": mine.tracking_code}, format="json"))
    assert not Booking.objects.filter(cancelled=True).exists()
    response = public.post("/api/v1/cases/bookings/cancel/", {"code": mine.tracking_code, "phone": "0912 345 678"},
                           format="json")
    assert response.status_code == 200 and response.json()["cancelled"] is True
    assert _error(public.post("/api/v1/cases/bookings/cancel/", {"code": mine.tracking_code, "phone": "0912345678"},
                              format="json"))["code"] == "already_cancelled"
    assert Booking.objects.filter(cancelled=True).count() == 1
