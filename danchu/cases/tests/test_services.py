"""Services: each write audited, deadlines across Tết, bad input refused with nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danchu.cases import services
from danchu.cases.domain import CaseKind, Complexity, State
from danchu.cases.models import Case, CaseDocument, ReceptionEntry, RuleVersion, SealedIdentity
from danchu.cases.reminders import POLICY
from danchu.core.models import AuditEvent, Reminder
from danchu.core.reminders import run_policy

from .conftest import PLANTED, SECRET_NAME

pytestmark = pytest.mark.django_db


def send_reminders(*, today):
    """The cases policy of core.reminders, as the daily sweep runs it."""
    return run_policy(POLICY, today=today)


def test_a_visit_yields_one_case_per_letter_and_seals_the_visitor(visit):
    assert visit.sealed and visit.full_name == "" and visit.id_number == ""
    assert visit.reply_due_on == date(2026, 2, 27)  # 10 WD: 09–13/02, Tết 14–22/02 off, 23–27/02 (Art.28.1)
    complaint = visit.cases.get(kind=CaseKind.COMPLAINT)
    denunciation = visit.cases.get(kind=CaseKind.DENUNCIATION)
    assert complaint.due_on == date(2026, 2, 23)  # 10 days → 16/02 (Tết) → 23/02
    assert denunciation.due_on == date(2026, 2, 24)  # 7 WD: 09–13/02, then 23 and 24/02 (Art.24.1)
    assert denunciation.petitioner_name == ""
    assert SealedIdentity.objects.filter(case=denunciation).exists()
    assert SealedIdentity.objects.filter(entry=visit).exists()
    raw = bytes(SealedIdentity.objects.get(case=denunciation).token)
    assert SECRET_NAME.encode() not in raw
    assert AuditEvent.objects.filter(verb="cases.entry.recorded").count() == 1
    assert AuditEvent.objects.filter(verb="cases.case.received").count() == 2


def test_the_complaint_runs_to_a_first_decision(visit, personas):
    official = personas["official_a"]
    case = visit.cases.get(kind=CaseKind.COMPLAINT)
    with pytest.raises(ValidationError) as exc:
        services.case_decide(case=case, actor=official, number="1", finding="right", text="x", on=date(2026, 2, 23))
    assert exc.value.code == "not_accepted"
    case = services.case_accept(case=case, actor=official, on=date(2026, 2, 23))
    assert case.resolve_due_on == date(2026, 3, 25)  # 30 days
    case = services.case_decide(case=case, actor=official, number="25/QĐ-UBND", finding="partly",
                                text="Giữ nguyên một phần quyết định.", on=date(2026, 3, 20))
    assert case.state == State.DECIDED and case.due_on == date(2026, 3, 25)  # sent within 3 WD
    case = services.case_send(case=case, actor=official, on=date(2026, 3, 23))
    assert case.due_on is None
    kinds = list(CaseDocument.objects.filter(case=case).values_list("number", "kind"))
    assert kinds == [(1, "acceptance"), (2, "decision")]


def test_a_time_barred_complaint_cannot_be_accepted(tree, personas):
    case = services.case_record_letter(unit=tree.commune_a, actor=personas["official_a"], kind="complaint",
                                       summary="Khiếu nại muộn", content="Nội dung", full_name="Lê Văn Muộn",
                                       received_on=date(2026, 5, 4), known_on=date(2026, 1, 5))
    with pytest.raises(ValidationError) as exc:
        services.case_accept(case=case, actor=personas["official_a"], on=date(2026, 5, 5))
    assert exc.value.code == "time_barred"
    case.refresh_from_db()
    assert case.state == State.RECEIVED
    services.case_reject(case=case, actor=personas["official_a"], ground="time_barred", reason="Quá 90 ngày.",
                         on=date(2026, 5, 5))
    case.refresh_from_db()
    assert case.state == State.REJECTED and "Điều 11.6" in case.rejection_ground_text()


def test_the_denunciation_is_extended_twice_and_concluded(visit, leader_a):
    case = visit.cases.get(kind=CaseKind.DENUNCIATION)
    case = services.case_accept(case=case, actor=leader_a, on=date(2026, 2, 24), criteria=["places", "contents"])
    assert case.complexity == Complexity.ESPECIALLY_COMPLEX
    assert case.resolve_due_on == date(2026, 3, 26)
    case = services.case_extend(case=case, actor=leader_a, days=30, reason="Xác minh ở hai phường.", on=date(2026, 3, 20))
    assert case.resolve_due_on == date(2026, 4, 28)  # 25/04 Sat → Mon 27/04 is the Hùng Vương day off → 28/04
    case.refresh_from_db()
    first = case.resolve_due_on
    case = services.case_extend(case=case, actor=leader_a, days=30, reason="Chờ kết quả giám định.",
                                on=date(2026, 4, 20))
    assert case.extensions == 2 and case.resolve_due_on > first
    with pytest.raises(ValidationError) as exc:
        services.case_extend(case=case, actor=leader_a, days=10, reason="Lần ba", on=date(2026, 5, 2))
    assert exc.value.code in ("too_many_extensions", "invalid_transition")
    case.refresh_from_db()
    assert case.extensions == 2
    case = services.case_decide(case=case, actor=leader_a, number="03/KL-UBND", finding="partly",
                                text="Tố cáo đúng một phần; kiểm điểm cán bộ.", on=date(2026, 5, 15))
    case = services.case_send(case=case, actor=leader_a, on=date(2026, 5, 18))
    case = services.case_publish(case=case, actor=leader_a, on=date(2026, 5, 20))
    assert case.published_on == date(2026, 5, 20)


def test_a_normal_denunciation_cannot_be_extended(visit, leader_a):
    case = services.case_accept(case=visit.cases.get(kind=CaseKind.DENUNCIATION), actor=leader_a, on=date(2026, 2, 24))
    with pytest.raises(ValidationError) as exc:
        services.case_extend(case=case, actor=leader_a, days=30, reason="Muốn thêm thời gian", on=date(2026, 3, 2))
    assert exc.value.code == "extension_not_complex"
    case.refresh_from_db()
    assert case.extensions == 0 and case.state == State.ACCEPTED


def test_a_complex_denunciation_is_extended_once_only(visit, leader_a):
    case = services.case_accept(case=visit.cases.get(kind=CaseKind.DENUNCIATION), actor=leader_a,
                                on=date(2026, 2, 24), criteria=["foreign"])
    services.case_extend(case=case, actor=leader_a, days=30, reason="Có yếu tố nước ngoài.", on=date(2026, 3, 2))
    with pytest.raises(ValidationError):
        services.case_extend(case=case, actor=leader_a, days=30, reason="Lần hai", on=date(2026, 3, 3))


def test_a_group_of_12_with_6_representatives_is_refused_and_nothing_is_written(tree, personas):
    reps = [{"name": f"Người {i}", "id_number": ""} for i in range(6)]
    with pytest.raises(ValidationError) as exc:
        services.reception_record(unit=tree.commune_a, actor=personas["official_a"], full_name="Đoàn 12 hộ",
                                  people_count=12, representatives=reps, content="Khiếu nại bồi thường",
                                  received_on=date(2026, 3, 2),
                                  letters=[services.Letter("complaint", "Khiếu nại bồi thường")])
    assert "representatives" in exc.value.message_dict
    assert not ReceptionEntry.objects.exists() and not Case.objects.exists()


def test_the_official_of_another_commune_cannot_record_or_act(visit, personas, tree):
    with pytest.raises(PermissionDenied):
        services.reception_record(unit=tree.commune_a, actor=personas["official_b"], full_name="X", content="Y")
    with pytest.raises(PermissionDenied):
        services.case_accept(case=visit.cases.first(), actor=personas["official_b"])


def test_only_the_custodian_reveals_and_each_reveal_is_audited(visit, leader_a, personas):
    case = visit.cases.get(kind=CaseKind.DENUNCIATION)
    with pytest.raises(PermissionDenied):
        services.identity_reveal(actor=personas["official_a"], reason="Muốn biết ai tố cáo", case=case)
    assert AuditEvent.objects.filter(verb="cases.identity.reveal_denied").count() == 1
    with pytest.raises(ValidationError):
        services.identity_reveal(actor=leader_a, reason="ngắn", case=case)
    identity = services.identity_reveal(actor=leader_a, reason="Mời người tố cáo bổ sung chứng cứ", case=case)
    assert identity.full_name == SECRET_NAME
    event = AuditEvent.objects.get(verb="cases.identity.revealed")
    assert event.data["reason"] == "Mời người tố cáo bổ sung chứng cứ"
    assert not any(p in str(event.data) + event.target_label for p in PLANTED)


def test_withdrawal_terminates_but_not_after_a_conclusion(visit, personas):
    case = visit.cases.get(kind=CaseKind.COMPLAINT)
    services.case_accept(case=case, actor=personas["official_a"], on=date(2026, 2, 23))
    case = services.case_terminate(case=case, actor=personas["official_a"], reason="Đơn rút ngày 01/03/2026",
                                   on=date(2026, 3, 2))
    assert case.state == State.TERMINATED
    with pytest.raises(ValidationError):
        services.case_terminate(case=case, actor=personas["official_a"], reason="lại", on=date(2026, 3, 3))


def test_dates_in_the_future_or_before_the_previous_step_are_refused(visit, personas):
    case = visit.cases.get(kind=CaseKind.COMPLAINT)
    with pytest.raises(ValidationError):
        services.case_accept(case=case, actor=personas["official_a"], on=date(2026, 2, 1))
    with pytest.raises(ValidationError):
        services.case_accept(case=case, actor=personas["official_a"], on=date(2099, 1, 1))
    case.refresh_from_db()
    assert case.state == State.RECEIVED


def test_a_rule_version_applies_to_letters_received_from_its_date(tree, personas):
    RuleVersion.objects.create(code="2026-07", effective_from=date(2026, 7, 1), legal_basis="Luật 136/2025 (chưa đối chiếu)",
                               overrides={"complaint.accept_1": {"amount": 7, "unit": "WD", "article": "NĐ 155/2026"}})
    old = services.case_record_letter(unit=tree.commune_a, actor=personas["official_a"], kind="complaint", summary="A",
                                      content="A", full_name="Lê A", received_on=date(2026, 6, 30))
    new = services.case_record_letter(unit=tree.commune_a, actor=personas["official_a"], kind="complaint", summary="B",
                                      content="B", full_name="Lê B", received_on=date(2026, 7, 1))
    assert old.rules_code == "2012-2019" and old.due_on == date(2026, 7, 10)
    assert new.rules_code == "2026-07" and new.due_on == date(2026, 7, 10)
    assert new.rules_snapshot["periods"]["complaint.accept_1"][:2] == [7, "WD"]


def test_reminders_are_sent_once_and_overdue_cases_escalate(visit, leader_a):
    sent = send_reminders(today=date(2026, 2, 20))
    assert sent >= 2  # both cases are due within 3 working days (23/02, 27/02 — Tết between)
    assert send_reminders(today=date(2026, 2, 20)) == 0
    send_reminders(today=date(2026, 3, 2))
    assert Reminder.objects.filter(policy="cases", target_type="cases.case", kind="escalated").exists()
    # the book line was not answered within 10 WD: reminded once, for its reply deadline
    assert Reminder.objects.get(target_type="cases.receptionentry", target_id=visit.pk).due_on == date(2026, 2, 27)
    assert AuditEvent.objects.filter(verb="cases.entry.reminded_overdue").count() == 1
    from danchu.core.models import Notification
    assert Notification.objects.filter(recipient=leader_a, subject__contains="quá hạn").exists()
    assert not any(p in n.subject + n.body for n in Notification.objects.all() for p in PLANTED)


def test_booking_and_session_rules(tree, personas):
    from datetime import time, timedelta

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=3)
    session = services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Trần Quốc Cường",
                                      leader_title="Chủ tịch UBND", leader_kind="commune_chair", day=day,
                                      start=time(8), end=time(11), place="Trụ sở UBND", capacity=1)
    services.booking_create(session=session, full_name="Võ Văn Dân", phone="0912 000 111", topic="Hỏi về đất")
    with pytest.raises(ValidationError) as exc:
        services.booking_create(session=session, full_name="Người thứ hai", phone="0912000112", topic="x")
    assert exc.value.code == "session_full"
    with pytest.raises(ValidationError):
        services.session_create(unit=tree.commune_a, actor=None, leader_name="A", leader_title="B",
                                leader_kind="commune_chair", day=day, start=time(11), end=time(8), place="P")


def test_mediation_flow(tree, personas):
    team = services.team_create(village=tree.village_a1, actor=personas["official_a"], name="Tổ hòa giải Khu vực 1",
                                established_on=date(2025, 8, 1))
    services.mediator_add(team=team, actor=personas["official_a"], full_name="Nguyễn Thị Hòa", is_leader=True,
                          is_woman=True, term_start=date(2025, 8, 1))
    case = services.mediation_open(team=team, actor=personas["official_a"], dispute_type="land",
                                   parties="Hộ ông A và hộ bà B", summary="Tranh chấp ranh giới", received_on=date(2026, 3, 2))
    with pytest.raises(ValidationError):
        services.mediation_close(case=case, actor=personas["official_a"], outcome="successful", note="x", on=date(2026, 3, 3))
    services.mediation_session_add(case=case, actor=personas["official_a"], held_on=date(2026, 3, 5),
                                   place="Nhà văn hóa", note="Hai bên thống nhất cắm mốc")
    case = services.mediation_close(case=case, actor=personas["official_a"], outcome="successful",
                                    note="Hòa giải thành", on=date(2026, 3, 5))
    assert case.state == "successful"
    with pytest.raises(ValidationError):
        services.team_create(village=tree.commune_a, actor=None, name="x", established_on=date(2026, 1, 1))


def test_a_dialogue_goes_into_the_case_file(visit, personas):
    case = visit.cases.get(kind=CaseKind.COMPLAINT)
    with pytest.raises(ValidationError):
        services.case_dialogue(case=case, actor=personas["official_a"], on=date(2026, 2, 25), participants="A",
                               content="B")
    services.case_accept(case=case, actor=personas["official_a"], on=date(2026, 2, 23))
    services.case_dialogue(case=case, actor=personas["official_a"], on=date(2026, 3, 2),
                           participants="Người khiếu nại; công chức địa chính", content="Hai bên trình bày ý kiến.")
    document = case.documents.get(kind="dialogue")
    from danchu.cases import documents
    from danchu.core.documents import build_paper_docx, docx_text

    paper = documents.compose(document)
    assert paper.title == "BIÊN BẢN" and "Điều 30" in paper.paragraphs[0]
    assert docx_text(build_paper_docx(paper)).count("Hai bên trình bày ý kiến.") == 1


def test_the_90_days_ending_on_a_sunday_run_to_monday(tree, personas):
    # known 10/11/2025 + 90 days = Sunday 08/02/2026 → Monday 09/02/2026 (BLDS Art.148.5)
    case = services.case_record_letter(unit=tree.commune_a, actor=personas["official_a"], kind="complaint",
                                       summary="Khiếu nại gửi ngày thứ Hai", content="Nội dung",
                                       full_name="Lê Văn Hai", received_on=date(2026, 2, 9),
                                       known_on=date(2025, 11, 10))
    services.case_accept(case=case, actor=personas["official_a"], on=date(2026, 2, 10))
    case.refresh_from_db()
    assert case.state == State.ACCEPTED


def test_days_of_objective_obstacle_are_recorded_at_acceptance(tree, personas):
    case = services.case_record_letter(unit=tree.commune_a, actor=personas["official_a"], kind="complaint",
                                       summary="Khiếu nại sau khi nằm viện", content="Nội dung",
                                       full_name="Lê Văn Ốm", received_on=date(2026, 5, 4), known_on=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        services.case_accept(case=case, actor=personas["official_a"], on=date(2026, 5, 5), obstacle_days=-1)
    with pytest.raises(ValidationError) as exc:  # 119 days: 20 days in hospital are not enough
        services.case_accept(case=case, actor=personas["official_a"], on=date(2026, 5, 5), obstacle_days=20)
    assert exc.value.code == "time_barred"
    case.refresh_from_db()
    assert case.state == State.RECEIVED and case.obstacle_days == 0
    services.case_accept(case=case, actor=personas["official_a"], on=date(2026, 5, 5), obstacle_days=30)
    case.refresh_from_db()
    assert case.state == State.ACCEPTED and case.obstacle_days == 30


def test_a_denunciation_verified_in_several_places_gets_ten_working_days(visit, personas):
    case = visit.cases.get(kind=CaseKind.DENUNCIATION)
    seven = case.due_on
    services.case_several_places(case=case, actor=personas["official_a"], reason="Xác minh tại phường và tại xã Mỹ Khánh")
    case.refresh_from_db()
    # received Fri 06/02/2026: 7 WD → 24/02 (Tết 16–20/02 off); 10 WD → 27/02
    assert (seven, case.due_on, case.several_places) == (date(2026, 2, 24), date(2026, 2, 27), True)
    with pytest.raises(ValidationError):
        services.case_several_places(case=case, actor=personas["official_a"], reason="Lần nữa")
    complaint = visit.cases.get(kind=CaseKind.COMPLAINT)
    with pytest.raises(ValidationError):
        services.case_several_places(case=complaint, actor=personas["official_a"], reason="Không áp dụng")


def test_a_conclusion_published_before_it_is_sent_is_not_overdue_again(visit, leader_a):
    case = visit.cases.get(kind=CaseKind.DENUNCIATION)
    services.case_accept(case=case, actor=leader_a, on=date(2026, 2, 24))
    services.case_decide(case=case, actor=leader_a, number="07/KL-UBND", finding="partly", text="Đúng một phần.",
                         on=date(2026, 3, 20))
    services.case_publish(case=case, actor=leader_a, on=date(2026, 3, 23))
    case.refresh_from_db()
    assert case.due_label == "Gửi kết luận, thông báo" and case.due_on is not None
    services.case_send(case=case, actor=leader_a, on=date(2026, 3, 24))
    case.refresh_from_db()
    assert (case.due_on, case.due_label) == (None, "")


def test_a_booking_used_for_a_visit_with_a_denunciation_is_erased(tree, personas, client, login):
    from datetime import time

    import time_machine

    from danchu.cases.models import Booking
    from danchu.core.models import Notification

    resident = personas["resident"]
    with time_machine.travel(date(2026, 2, 2), tick=False):
        session = services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Ông Cường",
                                          leader_title="Chủ tịch UBND", leader_kind="commune_chair",
                                          day=date(2026, 2, 6), start=time(7, 30), end=time(11, 0),
                                          place="Trụ sở UBND phường")
        booking = services.booking_create(session=session, full_name=SECRET_NAME, phone=PLANTED[3],
                                          topic="Tố cáo cán bộ địa chính nhận tiền", user=resident)
    Notification.objects.update(status=Notification.Status.SENT)
    services.reception_record(unit=tree.commune_a, actor=personas["official_a"], full_name=SECRET_NAME,
                              phone=PLANTED[3], content="Tố cáo cán bộ địa chính", received_on=date(2026, 2, 6),
                              session=session, booking=booking,
                              letters=[services.Letter("denunciation", "Tố cáo cán bộ địa chính nhận tiền")])
    booking = Booking.objects.get(pk=booking.pk)
    assert (booking.full_name, booking.phone, booking.topic, booking.user, booking.sealed) == ("", "", "", None, True)
    assert not Notification.objects.filter(address=PLANTED[3]).exists()
    assert not any(PLANTED[3] in n.body or SECRET_NAME in n.body for n in Notification.objects.all())
    login(client, personas["official_a"])
    page = client.get(f"/quan-ly/lich-tiep-cong-dan/{session.pk}/").content.decode()
    assert SECRET_NAME not in page and PLANTED[3] not in page and "được bảo mật" in page


def test_an_overdue_case_escalates_to_the_supervisor_of_the_unit_above_once(visit, leader_a, personas):
    """Overdue → the commune chairman and the province's supervising officer (the superior), once per due date,
    audited with the recipients."""
    from danchu.core.models import Notification

    city = personas["city_officer"]
    send_reminders(today=date(2026, 3, 2))
    def escalated():
        return Notification.objects.filter(recipient=city, subject__contains="đề nghị chỉ đạo")

    assert escalated().count() == 2  # the complaint and the denunciation, both overdue
    assert Notification.objects.filter(recipient=leader_a, subject__contains="đề nghị chỉ đạo").count() == 2
    send_reminders(today=date(2026, 3, 3))
    assert escalated().count() == 2
    events = AuditEvent.objects.filter(verb="cases.case.reminded_escalated")
    assert events.count() == 2
    for event in events:
        assert event.data["superiors"] == [city.pk] and city.pk in event.data["recipients"]
    assert not any(p in n.subject + n.body for n in escalated() for p in PLANTED)
    # a new due date (after acceptance) escalates again when it is missed
    case = visit.cases.get(kind=CaseKind.COMPLAINT)
    services.case_accept(case=case, actor=leader_a, on=date(2026, 3, 2))
    case.refresh_from_db()
    send_reminders(today=case.due_on + timedelta(days=1))
    assert escalated().count() == 3


def test_an_anonymous_letter_is_checked_and_closed_never_overdue(tree, personas):
    """Luật Tố cáo Art.25: not a denunciation — no deadline, never accepted or withdrawn; the check closes it."""
    official = personas["official_a"]
    case = services.case_record_letter(unit=tree.commune_a, actor=official, kind="denunciation", anonymous=True,
                                       summary="Thư không ký tên về lấn chiếm vỉa hè", content="Nội dung cụ thể",
                                       received_on=date(2026, 3, 2))
    assert case.state == State.RECEIVED and case.due_on is None
    assert not Case.objects.overdue(today=date(2026, 6, 1)).exists()
    assert send_reminders(today=date(2026, 6, 1)) == 0
    for call in (lambda: services.case_accept(case=case, actor=official, on=date(2026, 3, 3)),
                 lambda: services.case_terminate(case=case, actor=official, reason="Rút đơn", on=date(2026, 3, 3)),
                 lambda: services.case_several_places(case=case, actor=official, reason="Hai nơi"),
                 lambda: services.case_reject(case=case, actor=official, ground="no_basis", reason="Không rõ",
                                              on=date(2026, 3, 3))):
        with pytest.raises(ValidationError):
            call()
    with pytest.raises(ValidationError):  # the result is required
        services.case_anonymous_check(case=case, actor=official, note=" ", on=date(2026, 3, 10))
    case.refresh_from_db()
    assert case.state == State.RECEIVED and not case.anonymous_checked
    case = services.case_anonymous_check(case=case, actor=official, note="Tổ trật tự kiểm tra: có lấn chiếm, đã xử lý.",
                                         on=date(2026, 3, 10))
    case.refresh_from_db()
    assert (case.state, case.closed_on, case.due_on, case.anonymous_checked) == (
        State.CHECKED, date(2026, 3, 10), None, True)
    assert case.is_closed() and "đã xử lý" in case.decision_text
    assert AuditEvent.objects.filter(verb="cases.case.anonymous_checked").count() == 1
    with pytest.raises(ValidationError):  # closed: checked once
        services.case_anonymous_check(case=case, actor=official, note="Lại", on=date(2026, 3, 11))


def test_statistics_count_anonymous_letters_apart(tree, personas):
    from danchu.cases.stats import statistics

    official = personas["official_a"]
    anonymous = services.case_record_letter(unit=tree.commune_a, actor=official, kind="denunciation", anonymous=True,
                                            summary="Thư nặc danh", content="Nội dung", received_on=date(2026, 3, 2))
    services.case_anonymous_check(case=anonymous, actor=official, note="Đã kiểm tra.", on=date(2026, 3, 5))
    services.case_record_letter(unit=tree.commune_a, actor=official, kind="denunciation", summary="Tố cáo",
                                content="Nội dung", full_name="Lê Văn Tố", received_on=date(2026, 3, 2))
    rows = statistics(tree.commune_a, date(2026, 1, 1), date(2026, 12, 31))
    denunciations = next(r for r in rows if r["kind"] == "Tố cáo")
    letters = next(r for r in rows if "nặc danh" in str(r["kind"]))
    assert (denunciations["received"], denunciations["open"]) == (1, 1)
    assert (letters["received"], letters["closed"], letters["checked"], letters["open"]) == (1, 1, 1, 0)


def test_a_denunciation_found_complex_during_verification_is_reclassified_then_extended(visit, leader_a, personas):
    """NĐ 31/2019 Art.3: classified normal at acceptance, verification shows two criteria → especially complex, so
    the extensions of Luật Tố cáo Art.30.2 become possible; audited; never below the extensions already granted."""
    case = services.case_accept(case=visit.cases.get(kind=CaseKind.DENUNCIATION), actor=leader_a, on=date(2026, 2, 24))
    with pytest.raises(ValidationError) as exc:
        services.case_extend(case=case, actor=leader_a, days=30, reason="Cần thêm thời gian", on=date(2026, 3, 2))
    assert exc.value.code == "extension_not_complex"
    for bad in ({"criteria": [], "reason": "Không đổi"}, {"criteria": ["bogus"], "reason": "x"},
                {"criteria": ["places"], "reason": " "}, {"criteria": ["places"], "reason": "x", "on": date(2026, 2, 1)}):
        with pytest.raises(ValidationError):
            services.case_reclassify(case=case, actor=leader_a, **{"on": date(2026, 3, 2), **bad})
    with pytest.raises(PermissionDenied):
        services.case_reclassify(case=case, actor=personas["official_b"], criteria=["places"], reason="x")
    case.refresh_from_db()
    assert (case.complexity, case.complexity_criteria) == (Complexity.NORMAL, [])
    due = case.resolve_due_on
    case = services.case_reclassify(case=case, actor=leader_a, criteria=["places", "contradictory"],
                                    reason="Xác minh tại hai phường; lời khai mâu thuẫn.", on=date(2026, 3, 2))
    assert case.complexity == Complexity.ESPECIALLY_COMPLEX and case.resolve_due_on == due
    event = AuditEvent.objects.get(verb="cases.case.complexity_changed")
    assert event.data["before"] == "normal" and event.data["after"] == "especially_complex"
    services.case_extend(case=case, actor=leader_a, days=30, reason="Chờ giám định", on=date(2026, 3, 20))
    services.case_extend(case=case, actor=leader_a, days=20, reason="Chờ kết quả", on=date(2026, 4, 20))
    case.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # two extensions granted: cannot become "complex" (one) again
        services.case_reclassify(case=case, actor=leader_a, criteria=["places"], reason="Bớt một tiêu chí",
                                 on=date(2026, 4, 21))
    assert "criteria" in exc.value.message_dict
    complaint = visit.cases.get(kind=CaseKind.COMPLAINT)
    with pytest.raises(ValidationError):
        services.case_reclassify(case=complaint, actor=leader_a, criteria=["places"], reason="x")


def test_a_denunciation_extended_twice_is_due_90_days_after_acceptance(tree, personas, leader_a):
    """Luật Tố cáo Art.30 (the defect replayed): accepted Thu 05/11/2026, especially complex, extended twice by 30
    days. Day 30 is Sat 05/12 (→ Mon 07/12); the whole period is counted from the acceptance, so the deadline is
    day 90, Wed 03/02/2027 (a working day before Tết 2027), never 11/02/2027 (98 days) as when each extension was
    added to a date already rolled forward."""
    import time_machine

    from danchu.cases import documents

    with time_machine.travel(date(2027, 1, 2), tick=False):
        case = services.case_record_letter(unit=tree.commune_a, actor=leader_a, kind="denunciation",
                                           summary="Tố cáo vi phạm trong đấu thầu", content="Nội dung tố cáo",
                                           full_name=SECRET_NAME, received_on=date(2026, 11, 2))
        case = services.case_accept(case=case, actor=leader_a, on=date(2026, 11, 5), criteria=["places", "foreign"])
        assert case.resolve_due_on == date(2026, 12, 7)
        case = services.case_extend(case=case, actor=leader_a, days=30, reason="Xác minh ở hai tỉnh.",
                                    on=date(2026, 12, 1))
        assert (case.resolve_due_on, case.extension_days) == (date(2027, 1, 4), 30)
        case = services.case_extend(case=case, actor=leader_a, days=30, reason="Chờ kết quả giám định.",
                                    on=date(2027, 1, 2))
    case.refresh_from_db()
    assert (case.resolve_due_on, case.due_on, case.extensions, case.extension_days) == (
        date(2027, 2, 3), date(2027, 2, 3), 2, 60)
    assert (case.resolve_due_on - case.accepted_on).days == 90
    decision = case.documents.filter(kind="extension").order_by("-number").first()
    assert decision.body["new_due"] == "2027-02-03"
    assert "đến hết ngày 03/02/2027" in " ".join(documents.compose(decision).paragraphs)
    assert AuditEvent.objects.filter(verb="cases.case.extended").latest("pk").data["extension_days"] == 60


def test_a_refused_write_is_audited_without_the_visitors_identity_or_free_text(tree, personas):
    """core.services audits a refusal as `<verb>.rejected` with a summary of the inputs: names, ID numbers, phones
    and free text (the representatives of a visit, a booking's topic, a letter's summary) are never copied."""
    official = personas["official_a"]
    reps = [{"name": SECRET_NAME, "id_number": PLANTED[2]}] + [{"name": f"Người {i}", "id_number": ""} for i in range(5)]
    with pytest.raises(ValidationError):
        services.reception_record(unit=tree.commune_a, actor=official, full_name=SECRET_NAME, address=PLANTED[1],
                                  id_number=PLANTED[2], phone=PLANTED[3], people_count=12, representatives=reps,
                                  content=f"Tố cáo; người tố cáo {SECRET_NAME}", prior_handling=SECRET_NAME,
                                  request=SECRET_NAME, received_on=date(2026, 3, 2),
                                  letters=[services.Letter("denunciation", f"Tố cáo, gửi bởi {SECRET_NAME}")])
    with pytest.raises(ValidationError):
        services.case_record_letter(unit=tree.commune_a, actor=official, kind="denunciation",
                                    summary=f"Đơn của {SECRET_NAME}", respondent=SECRET_NAME, content="",
                                    full_name=SECRET_NAME, phone=PLANTED[3], id_number=PLANTED[2],
                                    address=PLANTED[1], received_on=date(2026, 3, 2))
    rejected = AuditEvent.objects.filter(verb__endswith=".rejected").order_by("pk")
    assert [e.verb for e in rejected] == ["cases.entry.recorded.rejected", "cases.case.received.rejected"]
    for event in rejected:
        assert not any(p in str(event.data) + event.target_label for p in PLANTED), event.verb
        assert event.unit_id == tree.commune_a.pk and event.data["codes"]
    assert rejected[0].data["input"]["representatives"] == "…" and rejected[0].data["input"]["people_count"] == 12
    assert not ReceptionEntry.objects.exists() and not Case.objects.exists()


def test_the_cases_policy_is_run_by_the_daily_sweep_and_its_verbs_are_declared(visit, leader_a):
    from django.core.management import call_command

    from danchu.core.reminders import policy_named
    from danchu.core.verbs import declared_verbs

    assert policy_named("cases") is POLICY and POLICY.verbs() <= declared_verbs()
    call_command("send_reminders", "--policy", "cases", "--date", "2026-03-02")
    assert {e.verb for e in AuditEvent.objects.filter(verb__contains=".reminded_")} == {
        "cases.case.reminded_overdue", "cases.case.reminded_escalated", "cases.entry.reminded_overdue"}
    assert send_reminders(today=date(2026, 3, 2)) == 0
