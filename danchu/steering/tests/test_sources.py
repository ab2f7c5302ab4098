"""Indicators filled from platform data: every source counts the records another app made through its own
services, read only, and keeps the references of the records it counted (the report page lists them as links)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from danchu.steering import services
from danchu.steering.periods import PeriodKind
from danchu.steering.sources import SOURCES, describe_refs
from danchu.steering.values import IndicatorKind

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def at(d: date, hour: int = 9) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=VN)


def figure(key, unit, start=YEAR[0], end=YEAR[1]):
    return SOURCES[key].compute(unit, start, end)


def refs(fig) -> set[int]:
    return {pk for _label, pk in fig.refs}


def test_every_source_is_a_count_and_every_record_kind_has_a_link():
    from danchu.steering.sources import REF_KINDS

    for source in SOURCES.values():
        assert source.kind == IndicatorKind.NUMBER and source.available()
    labels = {"disclosure.disclosureitem", "inforequests.inforequest", "decisions.decision",
              "consultations.consultation", "feedback.feedback", "cases.receptionsession", "cases.case",
              "cases.mediationcase"}
    assert labels <= set(REF_KINDS)


# --- disclosure compliance -------------------------------------------------------------------------


def test_disclosure_publications_on_time_and_late(tree, personas):
    from danchu.disclosure import services as disclosure

    official = personas["official_a"]

    def published(title, decided, on, commune=tree.commune_a):
        item = disclosure.item_create(commune=commune, category=1, title=title, decision_number="1/QĐ-UBND",
                                      decision_date=decided, actor=official)
        return disclosure.item_publish(item=item, actor=official, on=on)

    on_time = published("Dự toán ngân sách phường 2026", date(2026, 3, 2), date(2026, 3, 3))
    late = published("Quyết toán ngân sách 2025", date(2026, 3, 2), date(2026, 4, 20))
    other = published("Dự toán của phường khác", date(2026, 3, 2), date(2026, 4, 20), commune=tree.commune_b)
    disclosure.item_create(commune=tree.commune_a, category=1, title="Dự thảo chưa công khai",
                           decision_date=date(2026, 3, 2), actor=official)

    fig = figure("disclosure.on_time", tree.commune_a)
    assert fig.value == 1 and refs(fig) == {on_time.pk}
    assert "1/2" in fig.note and "Điều 12.3" in fig.note
    fig = figure("disclosure.late", tree.commune_a)
    assert fig.value == 1 and refs(fig) == {late.pk}
    city = figure("disclosure.late", tree.province)
    assert city.value == 2 and refs(city) == {late.pk, other.pk}
    assert figure("disclosure.on_time", tree.commune_a, date(2026, 4, 1), date(2026, 6, 30)).value == 0


# --- community decisions ---------------------------------------------------------------------------


def _households(village, n):
    from danchu.units.services import household_create

    for i in range(n):
        household_create(village=village, actor=None, code=f"{village.code}-S{i:02d}",
                         representative_name=f"Hộ số {i}", established_on=date(2025, 7, 1))
    return list(village.households.all())


def _decide(village, households, title, agree: bool, held):
    from danchu.decisions import services as decisions
    from danchu.decisions.domain import Choice, Kind
    from danchu.decisions.models import VoteMethod

    decision = decisions.decision_create(unit=village, kind=Kind.K1, title=title, content="Làm đường bê tông.",
                                         actor=None)
    meeting = decisions.meeting_notice(decision=decision, notice_on=held - timedelta(days=2),
                                       held_on=held, place="Nhà văn hóa", chair_name="Huỳnh Văn Lộc", actor=None)
    decisions.attendance_record(meeting=meeting, household_ids=[h.pk for h in households], actor=None)
    choice = Choice.AGREE if agree else Choice.DISAGREE
    decisions.meeting_record(meeting=meeting, secretary_name="Võ Thị Mai", secretary_votes=len(households),
                             vote_method=VoteMethod.HANDS, positions={h.pk: choice for h in households}, actor=None)
    decision.refresh_from_db()
    return decision


def test_community_decisions_decided_and_adopted(tree):
    from danchu.decisions.domain import State

    households = _households(tree.village_a1, 3)
    passed = _decide(tree.village_a1, households, "Bê tông hóa hẻm 52", True, date(2026, 11, 4))
    failed = _decide(tree.village_a1, households, "Góp quỹ lắp đèn", False, date(2026, 11, 5))
    assert passed.state == State.PASSED and failed.state == State.FAILED

    fig = figure("decisions.adopted", tree.commune_a)
    assert fig.value == 1 and refs(fig) == {passed.pk}
    fig = figure("decisions.decided", tree.province)
    assert fig.value == 2 and refs(fig) == {passed.pk, failed.pk}
    assert figure("decisions.adopted", tree.commune_b).value == 0
    assert figure("decisions.adopted", tree.commune_a, date(2025, 1, 1), date(2025, 12, 31)).value == 0


# --- consultations ---------------------------------------------------------------------------------


def test_consultations_held_counts_the_published_ones(tree, personas):
    from danchu.consultations import services as consultations

    official = personas["official_a"]
    plan = {"content_kind": 7, "title": "Dự thảo Quy chế dân chủ ở phường", "forms": ["portal"],
            "description": "Xin ý kiến Nhân dân về dự thảo quy chế.", "responsible": "Văn phòng UBND phường"}
    with time_machine.travel(at(date(2026, 11, 3)), tick=False):
        held = consultations.consultation_create(commune=tree.commune_a, actor=official, opens_on=date(2026, 11, 3),
                                                 closes_on=date(2026, 11, 23), **plan)
        consultations.consultation_send_plan(consultation=held, actor=official, to_council=True, to_front=True)
        consultations.consultation_publish(consultation=held, actor=official)
        consultations.consultation_create(commune=tree.commune_a, actor=official, opens_on=date(2026, 11, 3),
                                          closes_on=date(2026, 11, 23), **{**plan, "title": "Chưa công khai"})
    fig = figure("consultations.held", tree.commune_a)
    assert fig.value == 1 and refs(fig) == {held.pk}
    assert figure("consultations.held", tree.commune_b).value == 0


# --- feedback --------------------------------------------------------------------------------------


def test_feedback_received_answered_on_time_and_satisfaction(tree):
    from danchu.feedback import services as feedback
    from danchu.feedback.models import Category, install_default_categories

    install_default_categories()
    category = Category.objects.get(code="ha-tang")

    def submit(on):
        with time_machine.travel(at(on), tick=False):
            return feedback.feedback_submit(commune=tree.commune_a, category=category, reporter_name="Trần Văn Bảy",
                                            phone="0912345678", notify_channel="sms",
                                            description="Ổ gà lớn trên đường Mậu Thân trước nhà số 120.")

    def answer(item, on, rating=None, reopen=False):
        with time_machine.travel(at(on, 10), tick=False):
            feedback.feedback_answer(feedback=item, answer="Đã vá ổ gà.", actor=None)
            if rating:
                feedback.feedback_rate(feedback=item, rating=rating, reopen=reopen)
        item.refresh_from_db()
        return item

    quick = answer(submit(date(2026, 12, 7)), date(2026, 12, 8), rating=5)
    slow = answer(submit(date(2026, 10, 1)), date(2026, 11, 30), rating=2)
    reopened = answer(submit(date(2026, 11, 2)), date(2026, 11, 3), rating=1, reopen=True)
    waiting = submit(date(2026, 12, 9))
    assert quick.answered_on_time is True and slow.answered_on_time is False and reopened.state == "in_progress"

    assert refs(figure("feedback.received", tree.commune_a)) == {quick.pk, slow.pk, reopened.pk, waiting.pk}
    assert refs(figure("feedback.answered", tree.commune_a)) == {quick.pk, slow.pk}  # reopened: open again
    fig = figure("feedback.on_time", tree.commune_a)
    assert fig.value == 1 and refs(fig) == {quick.pk} and "1/2" in fig.note
    assert figure("feedback.rated", tree.commune_a).value == 3
    fig = figure("feedback.satisfied", tree.commune_a)
    assert fig.value == 1 and refs(fig) == {quick.pk} and "1/3" in fig.note
    assert figure("feedback.received", tree.commune_b).value == 0
    assert figure("feedback.received", tree.commune_a, date(2026, 12, 1), date(2026, 12, 31)).value == 2


# --- citizen reception, complaints and denunciations, mediation ------------------------------------


def test_reception_sessions_held_leave_out_cancelled_and_future_ones(tree, personas):
    from danchu.cases import services as cases

    def session(day):
        return cases.session_create(unit=tree.commune_a, actor=None, leader_name="Trần Quốc Cường",
                                    leader_title="Chủ tịch UBND phường", leader_kind="commune_chair", day=day,
                                    start=time(8), end=time(11), place="Trụ sở UBND phường")

    held = [session(date(2026, 11, 2)), session(date(2026, 11, 9))]
    cancelled = session(date(2026, 11, 16))
    cases.session_cancel(session=cancelled, actor=None)
    with time_machine.travel(at(date(2026, 11, 20)), tick=False):
        session(date(2026, 11, 30))
        fig = figure("cases.reception_sessions", tree.commune_a)
    assert fig.value == 2 and refs(fig) == {s.pk for s in held}
    assert figure("cases.reception_sessions", tree.commune_b).value == 0


def test_complaints_and_denunciations_resolved_on_time(tree, personas):
    from danchu.cases import services as cases

    official = personas["official_a"]

    def letter(kind, received):
        return cases.case_record_letter(unit=tree.commune_a, actor=official, kind=kind, summary="Đơn thư",
                                        content="Nội dung đơn", full_name="Lê Văn Đơn", received_on=received,
                                        known_on=received)

    in_time = cases.case_accept(case=letter("complaint", date(2026, 2, 2)), actor=official, on=date(2026, 2, 3))
    cases.case_decide(case=in_time, actor=official, number="1/QĐ", finding="right", text="Giải quyết.",
                      on=in_time.resolve_due_on)
    too_late = cases.case_accept(case=letter("complaint", date(2026, 3, 2)), actor=official, on=date(2026, 3, 3))
    cases.case_decide(case=too_late, actor=official, number="2/QĐ", finding="wrong", text="Giải quyết.",
                      on=date(2026, 6, 30))
    open_case = letter("complaint", date(2026, 5, 4))

    fig = figure("cases.complaints_resolved", tree.commune_a)
    assert fig.value == 2 and refs(fig) == {in_time.pk, too_late.pk}
    fig = figure("cases.complaints_on_time", tree.commune_a)
    assert fig.value == 1 and refs(fig) == {in_time.pk} and "1/2" in fig.note
    assert open_case.pk not in refs(figure("cases.complaints_resolved", tree.province))
    assert figure("cases.denunciations_resolved", tree.commune_a).value == 0


def test_a_denunciation_resolved_on_time(tree, personas):
    from danchu.cases import services as cases

    official = personas["official_a"]
    case = cases.case_record_letter(unit=tree.commune_a, actor=official, kind="denunciation", summary="Tố cáo",
                                    content="Nội dung tố cáo", full_name="Người tố cáo", received_on=date(2026, 4, 1))
    case = cases.case_accept(case=case, actor=official, on=date(2026, 4, 6))
    cases.case_decide(case=case, actor=official, number="3/KL", finding="partly", text="Kết luận.",
                      on=date(2026, 4, 20))
    assert refs(figure("cases.denunciations_on_time", tree.commune_a)) == {case.pk}
    assert figure("cases.denunciations_resolved", tree.province).value == 1


def test_mediation_cases_and_successful_outcomes(tree, personas):
    from danchu.cases import services as cases

    official = personas["official_a"]
    team = cases.team_create(village=tree.village_a1, actor=official, name="Tổ hòa giải Khu vực 1",
                             established_on=date(2025, 8, 1))

    def mediation(received, outcome=None, on=None):
        case = cases.mediation_open(team=team, actor=official, dispute_type="land", parties="Hộ ông A và hộ bà B",
                                    summary="Tranh chấp ranh giới", received_on=received)
        if outcome:
            cases.mediation_session_add(case=case, actor=official, held_on=on, place="Nhà văn hóa", note="Họp")
            case = cases.mediation_close(case=case, actor=official, outcome=outcome, note="Kết quả", on=on)
        return case

    ok = mediation(date(2026, 3, 2), "successful", date(2026, 3, 5))
    failed = mediation(date(2026, 3, 9), "unsuccessful", date(2026, 3, 12))
    running = mediation(date(2026, 3, 16))

    assert refs(figure("cases.mediations_received", tree.commune_a)) == {ok.pk, failed.pk, running.pk}
    assert refs(figure("cases.mediations_concluded", tree.commune_a)) == {ok.pk, failed.pk}
    fig = figure("cases.mediations_successful", tree.province)
    assert fig.value == 1 and refs(fig) == {ok.pk} and "50%" in fig.note
    assert figure("cases.mediations_received", tree.commune_b).value == 0


# --- the figure on the report, with its records ----------------------------------------------------


def test_the_report_page_lists_the_records_behind_a_figure(client, tree, personas, login):
    from danchu.cases import services as cases

    official = personas["official_a"]
    team = cases.team_create(village=tree.village_a1, actor=official, name="Tổ hòa giải Khu vực 1",
                             established_on=date(2025, 8, 1))
    mediation = cases.mediation_open(team=team, actor=official, dispute_type="land", parties="Hai hộ",
                                     summary="Tranh chấp lối đi", received_on=date(2026, 3, 2))
    template = services.template_create(unit=tree.province, title="Báo cáo hòa giải", period_kind=PeriodKind.YEAR,
                                        actor=None)
    services.indicator_add(template=template, code="1", label="Số vụ việc hòa giải", kind=IndicatorKind.NUMBER,
                           source="cases.mediations_received", actor=None)
    services.template_issue(template=template, actor=None, on=date(2026, 1, 2))
    sub = services.submission_open(template=template, unit=tree.commune_a, period_key="2026", actor=None)
    assert services.submission_fill_from_platform(submission=sub, actor=None) == 1
    value = sub.values.get()
    assert value.number == Decimal(1) and value.source_refs == [["cases.mediationcase", mediation.pk]]

    login(client, official)
    page = client.get(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/").content.decode()
    assert f'href="/quan-ly/hoa-giai/vu-viec/{mediation.pk}/"' in page
    assert f"Vụ việc {mediation.code}" in page
    assert "Hai hộ" not in page  # the parties are not shown on the report
    services.submission_submit(submission=sub, actor=None)
    login(client, personas["city_officer"])
    page = client.get(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/").content.decode()
    assert f'href="/quan-ly/hoa-giai/vu-viec/{mediation.pk}/"' in page and "Xem hồ sơ gốc" in page


def test_a_vanished_or_unknown_record_is_named_without_a_link(db):
    described = describe_refs([[["cases.case", 999999], ["khac.model", 3], "rubbish"]])
    assert described[("cases.case", 999999)].url is None
    assert "không còn" in described[("cases.case", 999999)].text
    assert described[("khac.model", 3)].url is None


def test_every_record_kind_is_read_through_its_apps_read_interface(db):
    """Each kind of record is described by its own app's reporting.py (the facts a report may show), never by
    reading that app's table from steering: a record that does not exist comes back as such from every app."""
    from danchu.steering.sources import REF_KINDS

    for label, kind in REF_KINDS.items():
        assert kind.facts.startswith(f"danchu.{label.split('.')[0]}.reporting."), label
        assert kind.read([999999]) == {}, label
    described = describe_refs([[[label, 999999] for label in REF_KINDS]])
    assert all("không còn" in described[(label, 999999)].text for label in REF_KINDS)
