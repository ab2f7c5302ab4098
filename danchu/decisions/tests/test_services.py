"""Services: the lifecycle with meetings and ballots, and every abuse refused, unchanged and audited."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from danchu.core import audit
from danchu.core.models import AuditEvent
from danchu.decisions import services
from danchu.decisions.domain import Channel, Choice, Form, Kind, State
from danchu.decisions.models import (
    Decision,
    HouseholdPosition,
    InitiativeState,
    MeetingAttendance,
    VoteMethod,
)

from .conftest import add_households

VN = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db

NOTICE, HELD = date(2026, 11, 2), date(2026, 11, 4)
TEAM = ["Lê Văn Tám", "Nguyễn Thị Hoa", "Trần Văn Hai"]


def code_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [e.code for errs in exc.error_dict.values() for e in errs]
    return [e.code for e in exc.error_list]


def rejected(verb: str) -> int:
    return AuditEvent.objects.filter(verb=f"{verb}.rejected").count()


def k1(village, actor=None, **kw):
    return services.decision_create(unit=village, kind=kw.pop("kind", Kind.K1),
                                    title="Bê tông hóa hẻm 52, mỗi hộ góp 500.000 đồng",
                                    content="Làm 180 m đường bê tông, Nhà nước hỗ trợ 60%.", actor=actor, **kw)


def meeting_with(decision, present, positions=None, *, method=VoteMethod.HANDS, **kw):
    meeting = services.meeting_notice(decision=decision, notice_on=NOTICE, held_on=HELD, place="Nhà văn hóa KV1",
                                      chair_name="Huỳnh Văn Lộc", actor=None)
    services.attendance_record(meeting=meeting, household_ids=[h.pk for h in present], actor=None)
    services.meeting_record(meeting=meeting, secretary_name="Võ Thị Mai", secretary_votes=len(present),
                            vote_method=method, positions=positions or {}, actor=None, **kw)
    decision.refresh_from_db()
    return meeting


def open_round(decision):
    return services.ballot_open(decision=decision, plan_issued_on=date(2026, 11, 5), notice_on=date(2026, 11, 6),
                                distribute_on=date(2026, 11, 9), deadline=date(2026, 11, 13), team=TEAM,
                                leader_name="Lê Văn Tám", actor=None)


def test_k1_fails_at_the_meeting_then_passes_by_household_ballot_counting_each_household_once(village, households):
    decision = k1(village)
    # 5 of 9 households present: 6 are needed (≥ 2/3 of ALL 9), so the meeting cannot decide → ballot (Art.19.1.b)
    meeting_with(decision, households[:5], {h.pk: Choice.AGREE for h in households[:4]}
                 | {households[4].pk: Choice.DISAGREE})
    assert decision.state == State.MEETING_HELD and services.needs_ballot(decision)
    assert (decision.household_total, decision.participating, decision.agree) == (9, 5, 4)
    round_ = open_round(decision)
    assert round_.plan_due == date(2026, 11, 9)  # 02 days after Thu 05/11 = Sat → Monday
    decision.refresh_from_db()
    assert decision.state == State.BALLOT
    # the household that disagreed at the meeting now agrees on paper; four absent households return ballots
    for h in [households[4], *households[5:8]]:
        services.ballot_enter(decision=decision, household=h, choice=Choice.AGREE, actor=None)
    services.ballot_count(decision=decision, witness_1=households[0], witness_2=households[1], actor=None)
    decision.refresh_from_db()
    assert decision.state == State.PASSED
    assert (decision.household_total, decision.participating, decision.agree, decision.disagree) == (9, 8, 8, 0)
    assert decision.result_form == Form.BALLOT and decision.decided_on == date(2026, 11, 13)
    assert decision.send_due == date(2026, 11, 20)
    services.decision_send(decision=decision, sent_on=date(2026, 11, 16), actor=None)
    decision.refresh_from_db()
    assert decision.recognition_due == date(2026, 11, 23)
    services.decision_recognise(decision=decision, recognised_on=date(2026, 11, 18), reference="25/QĐ-UBND",
                                actor=None)
    decision.refresh_from_db()
    # a village-scope K1 is in force from its adoption (the ballot deadline), not from the recognition (Art.21.2)
    assert decision.state == State.RECOGNISED and decision.effective_on == date(2026, 11, 13)
    assert audit.verify() is None


def test_exactly_half_of_all_households_fails_a_k3(village, households):
    add_households(village, 1)  # 10 households
    everyone = list(village.households.order_by("code"))
    decision = k1(village, kind=Kind.K3)
    meeting_with(decision, everyone, {h.pk: (Choice.AGREE if i < 5 else Choice.DISAGREE)
                                      for i, h in enumerate(everyone)})
    assert decision.state == State.FAILED and (decision.agree, decision.household_total) == (5, 10)


def test_exactly_two_thirds_passes_a_k1_at_the_meeting(village, households):
    decision = k1(village)
    meeting_with(decision, households, {h.pk: (Choice.AGREE if i < 6 else Choice.DISAGREE)
                                        for i, h in enumerate(households)})
    assert decision.state == State.PASSED and decision.agree == 6


def test_it_refuses_a_second_ballot_of_a_household_unchanged_and_audited(village, households):
    decision = k1(village, form=Form.BALLOT)
    open_round(decision)
    services.ballot_enter(decision=decision, household=households[0], choice=Choice.AGREE, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.ballot_enter(decision=decision, household=households[0], choice=Choice.DISAGREE, actor=None)
    assert "duplicate_ballot" in code_of(exc.value)
    assert "mỗi hộ chỉ một phiếu" in " ".join(exc.value.messages)
    assert list(HouseholdPosition.objects.filter(decision=decision).values_list("choice", flat=True)) == ["agree"]
    assert rejected("decisions.ballot.entered") == 1
    assert audit.verify() is None


def test_it_refuses_a_ballot_after_the_round_closed(village, households):
    decision = k1(village, form=Form.BALLOT)
    open_round(decision)
    services.ballot_enter(decision=decision, household=households[0], choice=Choice.AGREE, actor=None)
    services.ballot_count(decision=decision, witness_1=households[0], witness_2=households[1], actor=None)
    decision.refresh_from_db()
    assert decision.state == State.FAILED
    with pytest.raises(ValidationError) as exc:
        services.ballot_enter(decision=decision, household=households[1], choice=Choice.AGREE, actor=None)
    assert code_of(exc.value) == ["round_closed"]
    assert HouseholdPosition.objects.filter(decision=decision).count() == 1
    assert rejected("decisions.ballot.entered") == 1


def test_it_refuses_to_count_ballots_before_the_collection_deadline(village, households):
    """NĐ59 Art.4.6.a: counted once the ballots are collected by the deadline; never a result dated in the future."""
    decision = k1(village, form=Form.BALLOT)
    open_round(decision)  # distributed 09/11, collected until 13/11
    for h in households[:6]:  # 6 of 9 agree (≥ 2/3): the result would already be "passed"
        services.ballot_enter(decision=decision, household=h, choice=Choice.AGREE, actor=None)
    with time_machine.travel(datetime(2026, 11, 11, 9, 0, tzinfo=VN), tick=False):
        with pytest.raises(ValidationError) as exc:
            services.ballot_count(decision=decision, witness_1=households[0], witness_2=households[1], actor=None)
        assert code_of(exc.value) == ["before_deadline"]
        message = " ".join(exc.value.messages)
        assert "Chưa hết hạn thu phiếu (13/11/2026)" in message and "tất cả 9 hộ" in message and "6 hộ" in message
        decision.refresh_from_db()
        assert decision.state == State.BALLOT and decision.decided_on is None and decision.result_on is None
        assert decision.ballot_round.state == "open"
        assert rejected("decisions.ballot.counted") == 1
        # every household returned its ballot: counted early, dated the day of the count (not the deadline)
        for h in households[6:]:
            services.ballot_enter(decision=decision, household=h, choice=Choice.DISAGREE, actor=None)
        services.ballot_count(decision=decision, witness_1=households[0], witness_2=households[1], actor=None)
    decision.refresh_from_db()
    assert decision.state == State.PASSED and decision.decided_on == decision.result_on == date(2026, 11, 11)
    assert (decision.participating, decision.agree, decision.disagree) == (9, 6, 3)


def test_a_ballot_is_counted_on_the_deadline_day_with_missing_households(village, households):
    decision = k1(village, form=Form.BALLOT)
    open_round(decision)
    services.ballot_enter(decision=decision, household=households[0], choice=Choice.AGREE, actor=None)
    with time_machine.travel(datetime(2026, 11, 13, 17, 0, tzinfo=VN), tick=False):
        services.ballot_count(decision=decision, witness_1=households[0], witness_2=households[1], actor=None)
    decision.refresh_from_db()
    assert decision.state == State.FAILED and decision.result_on == date(2026, 11, 13)


def test_it_refuses_a_ballot_of_a_household_of_another_village(tree, village, households):
    decision = k1(village, form=Form.BALLOT)
    open_round(decision)
    with pytest.raises(ValidationError) as exc:
        services.ballot_enter(decision=decision, household=tree.household_b1, choice=Choice.AGREE, actor=None)
    assert code_of(exc.value) == ["household_not_in_village"]
    assert not HouseholdPosition.objects.filter(decision=decision).exists()
    event = AuditEvent.objects.get(verb="decisions.ballot.entered.rejected")
    assert event.data["input"]["household"] == tree.household_b1.pk and event.unit_id == village.pk


def test_it_refuses_more_attendees_than_households(tree, village, households):
    decision = k1(village)
    meeting = services.meeting_notice(decision=decision, notice_on=NOTICE, held_on=HELD, place="Nhà văn hóa",
                                      chair_name="Huỳnh Văn Lộc", actor=None)
    too_many = [h.pk for h in households] + [tree.household_b1.pk]
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(meeting=meeting, household_ids=too_many, actor=None)
    assert code_of(exc.value) == ["more_attendees_than_households"]
    assert "nhiều hơn tổng số hộ" in " ".join(exc.value.messages)
    assert not MeetingAttendance.objects.exists()
    assert rejected("decisions.meeting.attendance_recorded") == 1
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(meeting=meeting, household_ids=[tree.household_b1.pk], actor=None)
    assert code_of(exc.value) == ["household_not_in_village"]


def test_it_refuses_a_second_meeting_position_and_positions_of_absent_households(village, households):
    decision = k1(village)
    meeting = services.meeting_notice(decision=decision, notice_on=NOTICE, held_on=HELD, place="Nhà văn hóa",
                                      chair_name="Huỳnh Văn Lộc", actor=None)
    services.attendance_record(meeting=meeting, household_ids=[h.pk for h in households[:3]], actor=None)
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(meeting=meeting, secretary_name="Mai", secretary_votes=3, vote_method="hands",
                                positions={households[5].pk: Choice.AGREE}, actor=None)
    assert code_of(exc.value) == ["position_not_present"]
    HouseholdPosition.objects.create(decision=decision, household=households[0], channel=Channel.MEETING,
                                     choice=Choice.AGREE)  # as if written by a concurrent request
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(meeting=meeting, secretary_name="Mai", secretary_votes=3, vote_method="hands",
                                positions={households[0].pk: Choice.DISAGREE}, actor=None)
    assert code_of(exc.value) == ["duplicate_position"]
    meeting.refresh_from_db()
    assert meeting.recorded_at is None and Decision.objects.get(pk=decision.pk).state == State.NOTICED


def test_secretary_team_and_notice_rules(village, households):
    decision = k1(village)
    with pytest.raises(ValidationError) as exc:
        services.meeting_notice(decision=decision, notice_on=NOTICE, held_on=date(2026, 11, 3), place="Nhà văn hóa",
                                chair_name="Lộc", actor=None)
    assert code_of(exc.value) == ["notice_too_late"]
    meeting = services.meeting_notice(decision=decision, notice_on=NOTICE, held_on=HELD, place="Nhà văn hóa",
                                      chair_name="Lộc", actor=None)
    services.attendance_record(meeting=meeting, household_ids=[h.pk for h in households[:4]], actor=None)
    base = dict(meeting=meeting, secretary_name="Mai", vote_method="secret", witness_1=households[0],
                witness_2=households[1], actor=None)
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(secretary_votes=2, count_team=TEAM, **base)  # 2 of 4 is not > 50%
    assert code_of(exc.value) == ["secretary_not_elected"]
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(secretary_votes=3, count_team=TEAM[:2], **base)
    assert code_of(exc.value) == ["team_size"]
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(secretary_votes=3, count_team=TEAM, secret_agree=3, secret_disagree=2, **base)
    assert code_of(exc.value) == ["more_ballots_than_attendees"]
    services.meeting_record(secretary_votes=3, count_team=TEAM, secret_agree=3, secret_disagree=1, **base)
    decision.refresh_from_db()
    assert decision.state == State.MEETING_HELD and decision.agree == 3  # 4 present < 6 needed → ballot
    open_round(decision)
    with pytest.raises(ValidationError) as exc:  # its secret vote cannot be taken back
        services.ballot_enter(decision=decision, household=households[0], choice=Choice.AGREE, actor=None)
    assert code_of(exc.value) == ["voted_secretly"]


def test_forms_per_kind(village):
    with pytest.raises(ValidationError) as exc:
        k1(village, form=Form.ONLINE)
    assert code_of(exc.value) == ["form_not_allowed"]
    k3 = k1(village, kind=Kind.K3)
    with pytest.raises(ValidationError) as exc:
        open_round(k3)
    assert code_of(exc.value) == ["form_not_allowed"]
    assert Decision.objects.count() == 1


def test_clusters_only_in_villages_of_200_households(village, households):
    decision = k1(village)
    services.meeting_notice(decision=decision, notice_on=NOTICE, held_on=HELD, place="Nhà văn hóa",
                            chair_name="Lộc", cluster="Cụm 1", actor=None)
    with pytest.raises(ValidationError) as exc:
        services.meeting_notice(decision=decision, notice_on=NOTICE, held_on=HELD, place="Chùa",
                                chair_name="Lộc", cluster="Cụm 2", actor=None)
    assert code_of(exc.value) == ["clusters_not_allowed"]


def test_cluster_meetings_of_a_large_village_aggregate(village, households):
    add_households(village, 191)  # 200 households
    everyone = list(village.households.order_by("code"))
    decision = k1(village)
    m1 = services.meeting_notice(decision=decision, notice_on=NOTICE, held_on=HELD, place="Nhà văn hóa",
                                 chair_name="Lộc", cluster="Cụm 1", actor=None)
    m2 = services.meeting_notice(decision=decision, notice_on=NOTICE, held_on=HELD, place="Chùa",
                                 chair_name="Phó trưởng", cluster="Cụm 2", actor=None)
    services.attendance_record(meeting=m1, household_ids=[h.pk for h in everyone[:100]], actor=None)
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(meeting=m2, household_ids=[h.pk for h in everyone[90:200]], actor=None)
    assert code_of(exc.value) == ["attended_elsewhere"]
    services.attendance_record(meeting=m2, household_ids=[h.pk for h in everyone[100:200]], actor=None)
    services.meeting_record(meeting=m1, secretary_name="Mai", secretary_votes=60, vote_method="hands",
                            positions={h.pk: Choice.AGREE for h in everyone[:70]}, actor=None)
    assert Decision.objects.get(pk=decision.pk).state == State.NOTICED  # cluster 2 not recorded yet
    services.meeting_record(meeting=m2, secretary_name="Lan", secretary_votes=60, vote_method="hands",
                            positions={h.pk: Choice.AGREE for h in everyone[100:164]}, actor=None)
    decision.refresh_from_db()
    assert (decision.state, decision.agree, decision.household_total) == (State.PASSED, 134, 200)  # 134 ≥ 133.3


def test_commune_scope_k1_is_decided_by_two_thirds_of_villages(tree, village, households):
    add_households(tree.village_a2, 3, "A2")
    parent = services.decision_create(unit=tree.commune_a, kind=Kind.K1, title="Đèn đường toàn phường",
                                      content="Mỗi hộ góp 200.000 đồng", form=Form.BALLOT, actor=None)
    assert parent.state == State.COLLECTING and parent.parts.count() == 2
    a1, a2 = parent.parts.get(unit=village), parent.parts.get(unit=tree.village_a2)
    for part, voters in ((a1, households[:6]), (a2, list(tree.village_a2.households.all())[:1])):
        open_round(part)
        for h in voters:
            services.ballot_enter(decision=part, household=h, choice=Choice.AGREE, actor=None)
        witnesses = list(part.unit.households.all()[:2])
        services.ballot_count(decision=part, witness_1=witnesses[0], witness_2=witnesses[1], actor=None)
    parent.refresh_from_db()
    assert (parent.villages_total, parent.villages_approving, parent.state) == (2, 1, State.FAILED)  # 1/2 < 2/3
    with pytest.raises(ValidationError):
        services.decision_create(unit=tree.commune_a, kind=Kind.K3, title="Hương ước", content="…", actor=None)


def test_refusal_annulment_and_amendment(village, households):
    decision = k1(village)
    meeting_with(decision, households, {h.pk: Choice.AGREE for h in households})
    services.decision_send(decision=decision, sent_on=date(2026, 11, 5), actor=None)
    with pytest.raises(ValidationError) as exc:
        services.decision_refuse(decision=decision, refused_on=date(2026, 11, 6), reason=" ", actor=None)
    assert code_of(exc.value) == ["required"]
    services.decision_recognise(decision=decision, recognised_on=date(2026, 11, 6), reference="30/QĐ-UBND", actor=None)
    new = services.decision_amend(decision=decision, title="Bê tông hóa hẻm 52 (mức góp 400.000 đồng)",
                                  content="Giảm mức góp", actor=None)
    assert new.state == State.DRAFT and new.amends_id == decision.pk
    meeting_with(new, households, {h.pk: Choice.AGREE for h in households})
    services.decision_send(decision=new, sent_on=date(2026, 11, 10), actor=None)
    services.decision_recognise(decision=new, recognised_on=date(2026, 11, 11), reference="31/QĐ-UBND", actor=None)
    decision.refresh_from_db()
    assert decision.state == State.AMENDED
    with pytest.raises(ValidationError) as exc:
        services.decision_annul(decision=new, ground="community", reason="x", on=date(2026, 11, 12), actor=None)
    assert code_of(exc.value) == ["invalid_ground"]
    services.decision_annul(decision=new, ground="procedure", reason="Không gửi tài liệu trước 02 ngày",
                            on=date(2026, 11, 12), actor=None)
    assert Decision.objects.get(pk=new.pk).state == State.ANNULLED


def test_the_effective_date_follows_art_21_2_and_is_never_before_adoption(village, households):
    # K6 (village): in force from adoption (the meeting of 04/11); another date is refused, nothing changes
    k6 = k1(village, kind=Kind.K6)
    meeting_with(k6, households, {h.pk: Choice.AGREE for h in households})
    services.decision_send(decision=k6, sent_on=date(2026, 11, 5), actor=None)
    for wrong in (date(2023, 7, 1), date(2026, 11, 6)):
        with pytest.raises(ValidationError) as exc:
            services.decision_recognise(decision=k6, recognised_on=date(2026, 11, 6), reference="1/QĐ-UBND",
                                        effective_on=wrong, actor=None)
        assert code_of(exc.value) == ["effective_on_adoption"]
        assert "có hiệu lực từ ngày được thông qua (04/11/2026)" in " ".join(exc.value.messages)
    k6.refresh_from_db()
    assert k6.state == State.SENT and k6.effective_on is None
    assert rejected("decisions.decision.recognised") == 2
    services.decision_recognise(decision=k6, recognised_on=date(2026, 11, 6), reference="1/QĐ-UBND", actor=None)
    k6.refresh_from_db()
    assert (k6.state, k6.effective_on) == (State.RECOGNISED, date(2026, 11, 4))
    # K3 (hương ước): in force from the recognition — never before it (the 2023 date of the review is refused)
    k3 = k1(village, kind=Kind.K3)
    meeting_with(k3, households, {h.pk: Choice.AGREE for h in households})
    services.decision_send(decision=k3, sent_on=date(2026, 11, 5), actor=None)
    with pytest.raises(ValidationError) as exc:
        services.decision_recognise(decision=k3, recognised_on=date(2026, 11, 6), reference="2/QĐ-UBND",
                                    effective_on=date(2023, 7, 1), actor=None)
    assert code_of(exc.value) == ["effective_before_recognition"]
    services.decision_recognise(decision=k3, recognised_on=date(2026, 11, 6), reference="2/QĐ-UBND",
                                effective_on=date(2026, 11, 15), actor=None)
    k3.refresh_from_db()
    assert k3.effective_on == date(2026, 11, 15)


def test_initiative_is_tabled_at_ten_percent_of_valid_consents(personas, village, households):
    initiative = services.initiative_create(village=village, kind=Kind.K6, title="Lắp camera an ninh đầu hẻm",
                                            content="Mỗi hộ góp 100.000 đồng", initiator_name="Nguyễn Văn An",
                                            opened_on=date(2026, 7, 1), actor=None)
    # a consent of 01/07 has expired by 25/11 (3 months): it does not count
    services.consent_record(initiative=initiative, household=households[0], given_on=date(2026, 7, 1),
                            channel="written", actor=None)
    with pytest.raises(ValidationError) as exc:
        services.initiative_table(initiative=initiative, on=date(2026, 11, 20), actor=None)
    assert code_of(exc.value) == ["not_enough_consents"]
    resident = personas["resident"]
    with pytest.raises(ValidationError) as exc:  # not the representative of households[1]
        services.consent_give(initiative=initiative, household=households[1], user=resident)
    assert code_of(exc.value) == ["not_representative"]
    households[1].representative = resident
    households[1].save()
    with time_machine.travel(datetime(2026, 11, 24, 20, 0, tzinfo=VN), tick=False):  # consent online on 24/11
        services.consent_give(initiative=initiative, household=households[1], user=resident)
        with pytest.raises(ValidationError) as exc:
            services.consent_give(initiative=initiative, household=households[1], user=resident)
    assert code_of(exc.value) == ["duplicate_consent"]
    assert initiative.consents.get(household=households[1]).given_on == date(2026, 11, 24)
    decision = services.initiative_table(initiative=initiative, on=date(2026, 11, 25), actor=None)
    initiative.refresh_from_db()
    assert initiative.state == InitiativeState.TABLED and initiative.decision == decision
    assert decision.state == State.DRAFT and decision.kind == Kind.K6
