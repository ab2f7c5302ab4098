"""HTML views: forms work, bad input is a 400 with a message and changes nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from danchu.cases.models import Case, MediationCase, MediationTeam, ReceptionEntry, ReceptionSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(client, personas, login):
    login(client, personas["official_a"])
    return client


def test_the_schedule_page_adds_a_session_and_shows_missing_weeks(official, tree):
    url = f"/quan-ly/{tree.commune_a.pk}/lich-tiep-cong-dan/"
    page = official.get(url).content.decode()
    assert "Chưa đủ số buổi tiếp theo luật" in page  # no session at all: every week is missing
    day = timezone.localdate() + timedelta(days=1)
    response = official.post(url, {"leader_name": "Trần Quốc Cường", "leader_title": "Chủ tịch UBND",
                                   "leader_kind": "commune_chair", "kind": "regular", "day": day.isoformat(),
                                   "start": "07:30", "end": "11:00", "place": "Trụ sở", "capacity": "5"})
    assert response.status_code == 302 and ReceptionSession.objects.count() == 1
    response = official.post(url, {"leader_name": "X", "leader_title": "Y", "leader_kind": "commune_chair",
                                   "kind": "regular", "day": day.isoformat(), "start": "11:00", "end": "07:00",
                                   "place": "Trụ sở", "capacity": "5"})
    assert response.status_code == 400 and "Giờ kết thúc phải sau giờ bắt đầu." in response.content.decode()
    assert ReceptionSession.objects.count() == 1


def test_a_visit_with_a_bad_group_is_refused_on_the_form(official, tree):
    response = official.post(f"/quan-ly/{tree.commune_a.pk}/so-tiep-cong-dan/ghi-so/", {
        "received_on": "2026-03-02", "full_name": "Đoàn 12 hộ", "people_count": "12",
        "representatives": "\n".join(f"Người {i}; " for i in range(6)), "content": "Khiếu nại bồi thường",
        "complaint": "Khiếu nại bồi thường"})
    assert response.status_code == 400
    assert "Nhóm 12 người phải cử từ 1 đến 5 người đại diện" in response.content.decode()
    assert not ReceptionEntry.objects.exists() and not Case.objects.exists()


def test_letter_record_and_an_invalid_action(official, tree):
    response = official.post(f"/quan-ly/{tree.commune_a.pk}/don-thu/vao-so/", {
        "kind": "denunciation", "received_on": "2026-03-02", "summary": "Thư nặc danh", "content": "Nội dung",
        "anonymous": "on", "round": "1"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.anonymous and case.petitioner_name == ""
    response = official.post(f"/quan-ly/don-thu/{case.pk}/", {"action": "decide", "decide-number": "1",
                                                              "decide-finding": "right", "decide-text": "x",
                                                              "decide-on": "2026-03-03"})
    assert response.status_code == 400 and "Chưa thụ lý" in response.content.decode()
    response = official.post(f"/quan-ly/don-thu/{case.pk}/", {"action": "accept", "accept-on": "2026-03-03"})
    assert response.status_code == 400 and "Điều 25" in response.content.decode()
    assert official.post(f"/quan-ly/don-thu/{case.pk}/", {"action": "nope"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "received"


def test_an_anonymous_letter_offers_only_the_fitting_actions_and_the_check_closes_it(official, tree):
    official.post(f"/quan-ly/{tree.commune_a.pk}/don-thu/vao-so/", {
        "kind": "denunciation", "received_on": "2026-03-02", "summary": "Thư nặc danh", "content": "Nội dung",
        "anonymous": "on", "round": "1"})
    case = Case.objects.get()
    page = official.get(f"/quan-ly/don-thu/{case.pk}/").content.decode()
    offered = set(re.findall(r'name="action" value="(\w+)"', page))
    assert offered == {"anonymous_check", "reject", "transfer", "assign"}
    assert "Điều 29.1.d" not in page  # only the Art.25 ground is offered for "not processed"
    response = official.post(f"/quan-ly/don-thu/{case.pk}/", {"action": "anonymous_check",
                                                              "anonymous_check-on": "2026-03-09",
                                                              "anonymous_check-note": "Đã kiểm tra, có vi phạm nhỏ."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "checked" and case.closed_on == date(2026, 3, 9) and case.due_on is None
    page = official.get(f"/quan-ly/don-thu/{case.pk}/").content.decode()
    assert 'name="action"' not in page and "Đã kiểm tra nội dung đơn nặc danh" in page
    stats = official.get(f"/quan-ly/{tree.commune_a.pk}/don-thu/?tu=2026-01-01&den=2026-12-31").content.decode()
    assert "Đơn nặc danh, mạo danh (Điều 25 Luật Tố cáo)" in stats and "đã kiểm tra nội dung: 1" in stats


def test_mediation_pages(official, tree):
    response = official.post(f"/quan-ly/{tree.commune_a.pk}/hoa-giai/", {
        "village": tree.village_a1.pk, "name": "Tổ hòa giải Khu vực 1", "established_on": "2025-08-01"})
    team = MediationTeam.objects.get()
    assert response.status_code == 302
    page = official.get(f"/quan-ly/hoa-giai/to/{team.pk}/").content.decode()
    assert "nên có ít nhất 3 hòa giải viên" in page
    official.post(f"/quan-ly/hoa-giai/to/{team.pk}/", {"action": "member", "member-full_name": "Nguyễn Thị Hòa",
                                                       "member-is_woman": "on", "member-term_start": "2025-08-01"})
    response = official.post(f"/quan-ly/hoa-giai/to/{team.pk}/", {
        "action": "case", "case-dispute_type": "land", "case-parties": "Hộ A và hộ B",
        "case-summary": "Ranh giới", "case-received_on": "2026-03-02"})
    mcase = MediationCase.objects.get()
    assert response.status_code == 302
    url = f"/quan-ly/hoa-giai/vu-viec/{mcase.pk}/"
    response = official.post(url, {"action": "close", "close-outcome": "successful", "close-note": "x",
                                   "close-on": "2026-03-03"})
    assert response.status_code == 400
    official.post(url, {"action": "session", "session-held_on": "2026-03-04", "session-place": "Nhà văn hóa",
                        "session-note": "Thống nhất"})
    official.post(url, {"action": "close", "close-outcome": "successful", "close-note": "Thành",
                        "close-on": "2026-03-04"})
    mcase.refresh_from_db()
    assert mcase.state == "successful"
    stats = official.get(f"/quan-ly/{tree.commune_a.pk}/hoa-giai/").content.decode()
    assert "100.0%" in stats or "100,0%" in stats


def test_the_dashboard_counts_and_statistics(official, visit):
    page = official.get(f"/quan-ly/{visit.unit_id}/don-thu/").content.decode()
    assert "quá hạn" in page and "Kết quả giải quyết đúng hạn" in page
    assert official.get(f"/quan-ly/{visit.unit_id}/don-thu/?due=overdue&kind=complaint&q=KN").status_code == 200


def test_the_city_officer_sees_on_time_resolution_per_commune(client, login, personas, visit, tree):
    from danchu.cases import services

    case = visit.cases.get(kind="complaint")
    services.case_accept(case=case, actor=personas["official_a"], on=date(2026, 2, 23))
    services.case_decide(case=case, actor=personas["official_a"], number="1/QĐ", finding="right", text="Đúng",
                         on=date(2026, 3, 20))
    login(client, personas["city_officer"])
    page = client.get(f"/quan-ly/{tree.province.pk}/don-thu/?tu=2026-01-01&den=2026-12-31").content.decode()
    assert "Theo đơn vị" in page and "Phường Cái Khế" in page and "100,0%" in page  # Vietnamese decimal comma
    assert client.get(f"/quan-ly/{tree.province.pk}/don-thu/?tu=bad&den=2026-99-01").status_code == 200


def test_reclassifying_a_denunciation_offers_the_extension(client, login, visit, leader_a):
    from danchu.cases import services

    login(client, leader_a)
    case = services.case_accept(case=visit.cases.get(kind="denunciation"), actor=leader_a, on=date(2026, 2, 24))
    url = f"/quan-ly/don-thu/{case.pk}/"
    page = client.get(url).content.decode()
    assert 'value="reclassify"' in page and 'value="extend"' not in page
    response = client.post(url, {"action": "reclassify", "reclassify-on": "2026-03-02",
                                 "reclassify-reason": ""})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.complexity == "normal"
    response = client.post(url, {"action": "reclassify", "reclassify-on": "2026-03-02",
                                 "reclassify-criteria": "foreign",
                                 "reclassify-reason": "Người bị tố cáo có yếu tố nước ngoài."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.complexity == "complex"
    assert 'value="extend"' in client.get(url).content.decode()


def test_a_mediators_term_is_ended(official, tree, personas, login):
    from django.core.exceptions import ValidationError
    from django.test import Client

    from danchu.cases import services
    from danchu.cases.models import Mediator
    from danchu.core.models import AuditEvent

    team = services.team_create(village=tree.village_a1, actor=personas["official_a"], name="Tổ hòa giải Khu vực 1",
                                established_on=date(2025, 8, 1))
    member = services.mediator_add(team=team, actor=personas["official_a"], full_name="Lê Văn Thuận",
                                   term_start=date(2025, 8, 1))
    url = f"/quan-ly/hoa-giai/to/{team.pk}/"
    page = official.get(url).content.decode()
    assert f'name="member" value="{member.pk}"' in page
    response = official.post(url, {"action": "end_term", "member": member.pk, f"end-{member.pk}-on": "2025-07-01"})
    assert response.status_code == 400 and "ngày bắt đầu nhiệm kỳ" in response.content.decode()
    assert official.post(url, {"action": "end_term", "member": "999999", "end-999999-on": "2026-03-01"}).status_code == 302
    member.refresh_from_db()
    assert member.term_end is None
    response = official.post(url, {"action": "end_term", "member": member.pk, f"end-{member.pk}-on": "2026-03-01",
                                   f"end-{member.pk}-reason": "Chuyển nơi ở"})
    assert response.status_code == 302
    member = Mediator.objects.get(pk=member.pk)
    assert member.term_end == date(2026, 3, 1) and not member.is_active_on(date(2026, 3, 2))
    event = AuditEvent.objects.get(verb="cases.mediator.term_ended")
    assert event.data["reason"] == "Chuyển nơi ở"
    assert "nên có ít nhất 3 hòa giải viên" in official.get(url).content.decode()
    with pytest.raises(ValidationError) as exc:
        services.mediator_end_term(member=member, actor=personas["official_a"], on=date(2026, 3, 5))
    assert exc.value.code == "term_already_ended"
    other = login(Client(), personas["official_b"])
    assert other.post(url, {"action": "end_term", "member": member.pk, f"end-{member.pk}-on": "2026-03-01"}
                      ).status_code == 403


def test_a_resident_sees_and_cancels_their_own_bookings(client, login, tree, personas):
    from datetime import time

    from django.test import Client

    from danchu.cases import services
    from danchu.cases.models import Booking
    from danchu.core.models import AuditEvent

    day = timezone.localdate() + timedelta(days=3)
    session = services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Ông Cường",
                                      leader_title="Chủ tịch UBND", leader_kind="commune_chair", day=day,
                                      start=time(7, 30), end=time(11), place="Trụ sở UBND", capacity=2)
    mine = services.booking_create(session=session, full_name="Người Dân", phone="0912345678", topic="Hỏi đất",
                                   user=personas["resident"])
    other = services.booking_create(session=session, full_name="Võ Thị Lan", phone="0987000111", topic="Hỏi nhà")
    login(client, personas["resident"])
    page = client.get("/tiep-cong-dan/dang-ky-cua-toi/").content.decode()
    assert mine.tracking_code in page and other.tracking_code not in page
    # someone else's booking by pk: not found, nothing changed
    assert client.post("/tiep-cong-dan/dang-ky-cua-toi/", {"action": "cancel_mine", "booking": other.pk}
                       ).status_code == 404
    assert client.post("/tiep-cong-dan/dang-ky-cua-toi/", {"action": "cancel_mine", "booking": mine.pk}
                       ).status_code == 302
    assert Booking.objects.get(pk=mine.pk).cancelled and not Booking.objects.get(pk=other.pk).cancelled
    assert services.session_free_places(session) == 1
    # without an account: the code and the phone it was made with
    anonymous = Client()
    url = "/tiep-cong-dan/dang-ky-cua-toi/"
    response = anonymous.post(url, {"action": "find", "code": other.tracking_code, "phone": "0912345678"})
    assert response.status_code == 404 and "Võ Thị Lan" not in response.content.decode()
    response = anonymous.post(url, {"action": "find", "code": other.tracking_code.lower().replace("-", ""),
                                    "phone": "0987 000 111"})
    assert response.status_code == 200 and "Hủy đăng ký này" in response.content.decode()
    response = anonymous.post(url, {"action": "cancel_code", "code": other.tracking_code, "phone": "0987000111"})
    assert response.status_code == 302
    assert Booking.objects.get(pk=other.pk).cancelled
    response = anonymous.post(url, {"action": "cancel_code", "code": other.tracking_code, "phone": "0987000111"})
    assert response.status_code == 400 and "đã hủy" in response.content.decode()
    assert list(AuditEvent.objects.filter(verb="cases.booking.cancelled").order_by("pk").values_list("data__by", flat=True)) == [
        "account", "code"]
    assert anonymous.post(url, {"action": "find", "code": "", "phone": "x"}).status_code == 400


def test_a_booking_of_a_past_session_cannot_be_cancelled(tree, personas):
    from datetime import time

    import time_machine
    from django.core.exceptions import ValidationError

    from danchu.cases import services

    with time_machine.travel(date(2026, 2, 2), tick=False):
        session = services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Ông Cường",
                                          leader_title="Chủ tịch UBND", leader_kind="commune_chair",
                                          day=date(2026, 2, 6), start=time(7, 30), end=time(11), place="Trụ sở")
        booking = services.booking_create(session=session, full_name="Người Dân", phone="0912345678", topic="Đất")
    with pytest.raises(ValidationError) as exc:
        services.booking_cancel(booking=booking, actor=None)
    assert exc.value.code == "session_closed"
    booking.refresh_from_db()
    assert not booking.cancelled


def test_mediation_statistics_by_period_and_per_commune_at_city_level(client, login, tree, personas):
    from django.test import Client

    from danchu.cases import services
    from danchu.cases.stats import mediation_statistics

    def mediate(village, official, received_on, outcome=None, closed_on=None):
        team = (MediationTeam.objects.filter(village=village).first()
                or services.team_create(village=village, actor=official, name=f"Tổ {village.name}",
                                        established_on=date(2025, 8, 1)))
        case = services.mediation_open(team=team, actor=official, dispute_type="land", parties="A và B",
                                       summary="Ranh giới", received_on=received_on)
        if outcome:
            services.mediation_session_add(case=case, actor=official, held_on=closed_on, place="Nhà văn hóa",
                                           note="Trao đổi")
            services.mediation_close(case=case, actor=official, outcome=outcome, note="Kết quả", on=closed_on)

    a, b = personas["official_a"], personas["official_b"]
    mediate(tree.village_a1, a, date(2026, 1, 5), "successful", date(2026, 1, 10))
    mediate(tree.village_a2, a, date(2026, 2, 5), "unsuccessful", date(2026, 2, 10))
    mediate(tree.village_a1, a, date(2026, 3, 5))
    mediate(tree.village_b1, b, date(2025, 11, 5), "successful", date(2025, 11, 10))  # before the period
    stats = mediation_statistics(tree.province, date(2026, 1, 1), date(2026, 12, 31))
    assert stats["per_commune"] is True
    rows = {r["name"]: r for r in stats["groups"]}
    assert (rows["Phường Cái Khế"]["received"], rows["Phường Cái Khế"]["successful"],
            rows["Phường Cái Khế"]["unsuccessful"], rows["Phường Cái Khế"]["rate"], rows["Phường Cái Khế"]["open"]) == (
        3, 1, 1, 50.0, 1)
    assert (rows["Phường Ninh Kiều"]["received"], rows["Phường Ninh Kiều"]["closed"]) == (0, 0)
    assert stats["total"]["received"] == 3
    villages = mediation_statistics(tree.commune_a, date(2026, 1, 1), date(2026, 1, 31))
    assert [(r["name"], r["received"], r["successful"]) for r in villages["groups"]] == [
        ("Khu vực 1", 1, 1), ("Khu vực 2", 0, 0)]
    city = login(Client(), personas["city_officer"])
    page = city.get(f"/quan-ly/{tree.province.pk}/hoa-giai/thong-ke/?tu=2026-01-01&den=2026-12-31")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phường Cái Khế" in html and "Phường Ninh Kiều" in html and ("50.0%" in html or "50,0%" in html)
    assert city.get(f"/quan-ly/{tree.province.pk}/hoa-giai/thong-ke/?tu=x&den=y").status_code == 200
    other = login(Client(), personas["official_b"])
    assert other.get(f"/quan-ly/{tree.commune_a.pk}/hoa-giai/thong-ke/").status_code == 403
    assert login(Client(), personas["resident"]).get(
        f"/quan-ly/{tree.commune_a.pk}/hoa-giai/thong-ke/").status_code == 403
