"""Services of NĐ59/2023 Art.6–9 on a database: the election from plan to recognition with its audit trail, a
dismissal on petition and the follow-up deadline, and abuse — counts beyond the households, recognition out of
order, a signature of another village's household or a second one."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danchu.core.models import AuditEvent
from danchu.elections import services
from danchu.elections.domain import DismissalState, DismissalTrigger, Office, State, VoteMethod
from danchu.elections.models import Election
from danchu.units.models import Household

from .conftest import add_households

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]


def votes(election, *counts):
    return dict(zip(election.candidates.order_by("id").values_list("pk", flat=True), counts, strict=True))


def test_an_election_from_plan_to_recognition(planned, personas):
    official = personas["official_a"]
    services.election_step(election=planned, step="candidates", done_on=date(2026, 11, 28), actor=official)
    services.election_step(election=planned, step="team", done_on=date(2026, 12, 3), actor=official,
                           team_members="Phan Văn Sáu — Ban công tác Mặt trận, Tổ trưởng\nLê Thị Lan — Chi hội Phụ nữ")
    services.election_step(election=planned, step="notice", done_on=date(2026, 12, 7), actor=official)  # 6 days: late
    assert services.election_warnings(planned, today=date(2026, 12, 8)) == [
        "Thực hiện muộn: Thông báo công khai các quyết định, danh sách (chậm nhất ngày 06/12/2026, thực hiện 07/12/2026)."]
    services.result_record(election=planned, method=VoteMethod.MEETING, participating=80, votes=votes(planned, 62, 15),
                           actor=official)
    assert (planned.state, planned.households_total) == (State.ELECTED, 100)
    assert list(planned.candidates.filter(elected=True).values_list("full_name", flat=True)) == ["Huỳnh Văn Lộc"]
    services.result_send(election=planned, sent_on=date(2026, 12, 14), actor=official)
    assert planned.recognition_due_on == date(2026, 12, 21)
    services.election_recognise(election=planned, decision_number="215/QĐ-UBND", decided_on=date(2026, 12, 18),
                                actor=official)
    assert planned.state == State.RECOGNISED
    verbs = list(AuditEvent.objects.filter(target_type="elections.election").order_by("seq")
                 .values_list("verb", flat=True))
    assert verbs == ["elections.election.planned", "elections.election.candidate_added",
                     "elections.election.candidate_added", "elections.election.step_candidates",
                     "elections.election.step_team", "elections.election.step_notice",
                     "elections.election.result_recorded", "elections.election.result_sent",
                     "elections.election.recognised"]


def test_nobody_elected_needs_a_reason_and_leads_to_re_election(planned, personas):
    official = personas["official_a"]
    with pytest.raises(ValidationError) as exc:
        services.result_record(election=planned, method=VoteMethod.MEETING, participating=90,
                               votes=votes(planned, 50, 40), actor=official)
    assert "no_winner_reason" in exc.value.message_dict
    services.result_record(election=planned, method=VoteMethod.MEETING, participating=90, votes=votes(planned, 50, 40),
                           no_winner_reason="Không ai đạt trên 50% tổng số hộ.", actor=official)
    assert planned.state == State.NO_WINNER
    with pytest.raises(ValidationError):
        services.election_recognise(election=planned, decision_number="1", decided_on=date(2026, 12, 18), actor=official)
    services.election_order_reelection(election=planned, reason="Bầu lại ngày 27/12", decided_on=date(2026, 12, 15),
                                       actor=official)
    assert planned.state == State.RE_ELECTION


@pytest.mark.parametrize("participating, counts", [(101, (60, 10)), (80, (81, 0)), (80, (50, 40))])
def test_it_refuses_counts_beyond_the_households(planned, personas, participating, counts):
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    with pytest.raises(ValidationError):
        services.result_record(election=planned, method=VoteMethod.MEETING, participating=participating,
                               votes=votes(planned, *counts), actor=personas["official_a"])
    planned.refresh_from_db()
    assert planned.state == State.PLANNED and planned.households_total is None
    assert not planned.candidates.filter(votes__isnull=False).exists()
    rejected = AuditEvent.objects.filter(seq__gt=before).get()  # the attempt is on record, nothing else changed
    assert rejected.verb == "elections.election.result_recorded.rejected" and rejected.target_id == str(planned.pk)


def test_it_refuses_recognition_out_of_order_and_votes_for_unknown_candidates(planned, personas):
    with pytest.raises(ValidationError) as exc:
        services.election_recognise(election=planned, decision_number="1", decided_on=date(2026, 12, 18),
                                    actor=personas["official_a"])
    assert exc.value.code == "invalid_transition"
    with pytest.raises(ValidationError):
        services.result_record(election=planned, method=VoteMethod.MEETING, participating=80, votes={999999: 60},
                               actor=personas["official_a"])


def test_the_plan_must_leave_twenty_days_and_results_wait_for_the_day(village_100, personas):
    with pytest.raises(ValidationError) as exc:
        services.election_plan(village=village_100, office=Office.VILLAGE_HEAD, election_day=date(2027, 1, 9),
                               decided_on=date(2026, 12, 21), place="Nhà văn hóa", actor=personas["official_a"])
    assert exc.value.error_dict["election_day"][0].code == "plan_too_late"
    future = services.election_plan(village=village_100, office=Office.VILLAGE_HEAD, election_day=date(2027, 1, 10),
                                    decided_on=date(2026, 12, 21), place="Nhà văn hóa", actor=personas["official_a"])
    services.candidate_add(election=future, full_name="Huỳnh Văn Lộc", actor=personas["official_a"])
    with pytest.raises(ValidationError) as exc:
        services.result_record(election=future, method=VoteMethod.MEETING, participating=60,
                               votes=votes(future, 60), actor=personas["official_a"])
    assert exc.value.code == "before_election_day"
    with pytest.raises(ValidationError):  # a candidate cannot sit on the election team
        services.election_step(election=future, step="team", done_on=date(2026, 12, 21), actor=personas["official_a"],
                               team_members="Huỳnh Văn Lộc — Tổ trưởng")


def test_an_inspection_board_election_elects_several(village_100, personas, front_a):
    election = services.election_plan(village=village_100, office=Office.INSPECTION_BOARD, seats=2,
                                      election_day=date(2026, 12, 19), decided_on=date(2026, 12, 10),
                                      place="Nhà văn hóa", actor=front_a)
    for name in ("Lê Văn Bảy", "Ngô Thị Hồng", "Châu Văn Út"):
        services.candidate_add(election=election, full_name=name, actor=front_a)
    services.result_record(election=election, method=VoteMethod.MEETING, participating=90,
                           votes=votes(election, 70, 55, 40), actor=front_a)
    assert sorted(election.candidates.filter(elected=True).values_list("full_name", flat=True)) == [
        "Lê Văn Bảy", "Ngô Thị Hồng"]


def test_a_dismissal_on_petition_and_the_follow_up_deadline(village_100, personas, tree):
    official = personas["official_a"]
    dismissal = services.dismissal_open(village=village_100, office=Office.VILLAGE_HEAD, holder_name="Trần Văn Bé",
                                        trigger=DismissalTrigger.PETITION, reason="Không hoàn thành nhiệm vụ",
                                        opened_on=date(2026, 10, 1), actor=official)
    households = list(Household.objects.filter(village=village_100).order_by("pk"))
    for household in households[:49]:
        services.dismissal_consent(dismissal=dismissal, household=household, signed_on=date(2026, 10, 2),
                                   actor=official)
    with pytest.raises(ValidationError) as exc:  # 49 of 100: below 50%
        services.dismissal_vote(dismissal=dismissal, held_on=date(2026, 10, 10), present=80, approve=60, against=5,
                                actor=official)
    assert exc.value.code == "petition_below_threshold"
    with pytest.raises(ValidationError) as exc:  # the same household twice
        services.dismissal_consent(dismissal=dismissal, household=households[0], signed_on=date(2026, 10, 3),
                                   actor=official)
    assert exc.value.error_dict["household"][0].code == "duplicate_consent"
    with pytest.raises(ValidationError) as exc:  # a household of another village
        services.dismissal_consent(dismissal=dismissal, household=tree.household_b1, signed_on=date(2026, 10, 3),
                                   actor=official)
    assert exc.value.error_dict["household"][0].code == "other_village"
    assert AuditEvent.objects.filter(verb="elections.dismissal.consent_recorded.rejected").count() == 2
    assert AuditEvent.objects.filter(verb="elections.dismissal.voted.rejected").get().data["codes"] == [
        "petition_below_threshold"]
    services.dismissal_consent(dismissal=dismissal, household=households[49], signed_on=date(2026, 10, 3),
                               actor=official)  # exactly 50%: enough
    assert services.petition_status(dismissal) == (50, 100, True)
    with pytest.raises(ValidationError):
        services.dismissal_vote(dismissal=dismissal, held_on=date(2026, 10, 10), present=101, approve=60, against=5,
                                actor=official)
    services.dismissal_vote(dismissal=dismissal, held_on=date(2026, 10, 10), present=80, approve=60, against=5,
                            actor=official)
    assert dismissal.state == DismissalState.VOTED and dismissal.recognition_due_on == date(2026, 10, 16)
    services.dismissal_recognise(dismissal=dismissal, decision_number="180/QĐ-UBND", decided_on=date(2026, 10, 14),
                                 actor=official)
    assert dismissal.new_election_due_on == date(2026, 12, 14)  # 60 days ("ngày") from 14/10 = 13/12 (Sun) → Mon
    assert services.dismissal_warnings(dismissal) == [
        "Quá 60 ngày mà chưa quyết định bầu người thay thế (hạn 14/12/2026, khoản 3 Điều 9)."]
    follow = services.election_plan(village=village_100, office=Office.VILLAGE_HEAD, election_day=date(2027, 1, 17),
                                    decided_on=date(2026, 12, 21), place="Nhà văn hóa", follows_dismissal=dismissal,
                                    actor=official)
    assert services.dismissal_warnings(dismissal) == []
    assert any("muộn hơn 60 ngày" in w for w in services.election_warnings(follow))


def test_exactly_half_approving_does_not_dismiss(village_100, personas):
    dismissal = services.dismissal_open(village=village_100, office=Office.VILLAGE_HEAD, holder_name="Trần Văn Bé",
                                        trigger=DismissalTrigger.RESIGNATION, reason="Xin nghỉ vì sức khỏe",
                                        opened_on=date(2026, 12, 1), actor=personas["official_a"])
    services.dismissal_vote(dismissal=dismissal, held_on=date(2026, 12, 5), present=70, approve=50, against=20,
                            actor=personas["official_a"])
    assert dismissal.state == DismissalState.REJECTED


def test_a_village_without_households_cannot_hold_the_vote(tree, personas):
    election = services.election_plan(village=tree.village_a2, office=Office.VILLAGE_HEAD,
                                      election_day=date(2026, 12, 20), decided_on=date(2026, 11, 20), place="Nhà văn hóa",
                                      actor=personas["official_a"])
    services.candidate_add(election=election, full_name="Ai Đó", actor=personas["official_a"])
    with pytest.raises(ValidationError) as exc:
        services.result_record(election=election, method=VoteMethod.MEETING, participating=0,
                               votes=votes(election, 0), actor=personas["official_a"])
    assert exc.value.code == "no_households"
    assert Election.objects.get(pk=election.pk).state == State.PLANNED


def test_a_second_planned_election_for_the_same_office_is_refused(planned, personas):
    with pytest.raises(ValidationError) as exc:
        services.election_plan(village=planned.village, office=Office.VILLAGE_HEAD, election_day=date(2027, 2, 1),
                               decided_on=date(2026, 12, 21), place="x", actor=personas["official_a"])
    assert exc.value.code == "already_planned"
    add_households(planned.village, 0)
