"""Pure rules of community decisions: thresholds on ALL households, lifecycle, one position per household."""

from __future__ import annotations

from datetime import date

import pytest

from danchu.core.calendar import WorkCalendar
from danchu.core.workflow import InvalidTransition
from danchu.decisions import domain
from danchu.decisions.domain import Channel, Choice, Form, Kind, Position, Scope, SecretCount, State


@pytest.mark.parametrize("kind", [Kind.K1, Kind.K2])
def test_it_passes_k1_k2_at_exactly_two_thirds_of_all_households(kind):
    assert domain.passes(kind, 2, 3)
    assert domain.passes(kind, 100, 150)
    assert not domain.passes(kind, 99, 150)
    assert domain.passes(kind, 67, 100) and not domain.passes(kind, 66, 100)  # 66.67% needed
    assert domain.required_yes(kind, 100) == 67 and domain.required_yes(kind, 150) == 100


@pytest.mark.parametrize("kind", [Kind.K3, Kind.K4, Kind.K5, Kind.K6])
def test_it_fails_k3_to_k6_at_exactly_half_of_all_households(kind):
    assert not domain.passes(kind, 2, 4)
    assert domain.passes(kind, 3, 4)
    assert not domain.passes(kind, 50, 100) and domain.passes(kind, 51, 100)
    assert domain.passes(kind, 51, 101) and not domain.passes(kind, 50, 101)
    assert domain.required_yes(kind, 100) == 51 and domain.required_yes(kind, 101) == 51


def test_it_counts_on_all_households_not_on_attendees():
    # 40 households present, all 40 agree, but the village has 100: a K3 does not pass
    assert not domain.passes(Kind.K3, 40, 100)
    assert not domain.meeting_can_decide(Kind.K1, 60, 100)  # 67 needed, only 60 present
    assert domain.meeting_can_decide(Kind.K1, 67, 100)


def test_a_ballot_is_needed_only_when_the_absent_households_could_still_pass_it():
    # K1, 9 households (6 needed): 6 present, 5 agree, 3 absent → the absent decide → ballot
    assert domain.ballot_needed(Kind.K1, 9, 6, 5)
    # 9 present, 5 agree: nobody is missing → failed, no ballot
    assert not domain.ballot_needed(Kind.K1, 9, 9, 5)
    # 8 present, 2 agree, 1 absent: 3 < 6 even if the absent household agreed → failed
    assert not domain.ballot_needed(Kind.K1, 9, 8, 2)
    # passed at the meeting → no ballot
    assert not domain.ballot_needed(Kind.K1, 9, 6, 6)
    # K3, 10 households: 4 present all agree, 6 absent → ballot; boundary 5 + 0 absent of 10 → failed
    assert domain.ballot_needed(Kind.K3, 10, 4, 4) and not domain.ballot_needed(Kind.K3, 10, 10, 5)


def test_it_never_passes_without_households_and_refuses_bad_counts():
    assert not domain.passes(Kind.K6, 0, 0)
    assert domain.required_yes(Kind.K6, 0) == 1
    for yes, total in [(-1, 3), (4, 3), (True, 3), (1.5, 3)]:
        with pytest.raises(ValueError):
            domain.passes(Kind.K6, yes, total)


def test_it_passes_a_commune_scope_decision_when_two_thirds_of_villages_approve():
    assert domain.commune_passes(4, 6) and not domain.commune_passes(3, 6)
    assert domain.commune_passes(2, 3) and not domain.commune_passes(1, 2)
    assert not domain.commune_passes(0, 0)


def test_meeting_choices_need_more_than_half_of_those_present():
    assert domain.meeting_majority(6, 10) and not domain.meeting_majority(5, 10)
    assert not domain.meeting_majority(0, 0)


def test_forms_and_scopes_per_kind():
    assert domain.form_allowed(Kind.K6, Form.ONLINE)
    for kind in (Kind.K1, Kind.K2, Kind.K3, Kind.K4, Kind.K5):
        assert not domain.form_allowed(kind, Form.ONLINE)  # Art.17.2
    assert not domain.form_allowed(Kind.K3, Form.BALLOT) and domain.form_allowed(Kind.K1, Form.BALLOT)
    assert domain.scope_allowed(Kind.K1, Scope.COMMUNE) and not domain.scope_allowed(Kind.K4, Scope.COMMUNE)


def test_team_clusters_and_initiative_thresholds():
    assert [domain.team_size_ok(n) for n in (2, 3, 5, 6)] == [False, True, True, False]
    assert not domain.clusters_allowed(199) and domain.clusters_allowed(200)
    assert domain.initiative_reached(10, 100) and not domain.initiative_reached(9, 100)
    assert domain.initiative_reached(11, 101) and not domain.initiative_reached(10, 101)
    assert domain.initiative_required(101) == 11 and domain.initiative_required(0) == 1


def test_consents_are_valid_three_months():
    given = date(2026, 1, 31)
    assert domain.consent_valid_until(given) == date(2026, 4, 30)
    assert domain.consent_is_valid(given, date(2026, 4, 30))
    assert not domain.consent_is_valid(given, date(2026, 5, 1))
    assert not domain.consent_is_valid(given, date(2026, 1, 30))


def test_lifecycle_of_appendix_b():
    path = [State.DRAFT, State.NOTICED, State.MEETING_HELD, State.BALLOT, State.PASSED, State.SENT,
            State.RECOGNISED, State.AMENDED]
    for a, b in zip(path, path[1:], strict=False):
        domain.WORKFLOW.check(a, b)
    for a, b in [(State.DRAFT, State.PASSED), (State.NOTICED, State.SENT), (State.FAILED, State.SENT),
                 (State.SENT, State.ANNULLED), (State.ANNULLED, State.RECOGNISED), (State.BALLOT, State.BALLOT)]:
        with pytest.raises(InvalidTransition):
            domain.WORKFLOW.check(a, b)


def _cal():
    return WorkCalendar(days_off=frozenset({date(2026, 9, 2)}))


def test_deadlines_count_days_and_working_days():
    assert domain.earliest_meeting(date(2026, 11, 2)) == date(2026, 11, 4)  # Mon notice → Wed meeting
    assert domain.earliest_distribution(date(2026, 11, 2)) == date(2026, 11, 4)
    cal = _cal()
    # result on Friday 28/08/2026: 5 WD skip the weekend and the 02/09 holiday → Monday 07/09
    assert domain.send_due(date(2026, 8, 28), cal) == date(2026, 9, 7)
    assert domain.recognition_due(date(2026, 11, 23), cal) == date(2026, 11, 30)
    # plan sent within 02 days: Friday + 2 = Sunday → rolled to Monday
    assert domain.plan_to_commune_due(date(2026, 11, 27), cal) == date(2026, 11, 30)


def test_ballots_are_counted_from_the_deadline_or_once_every_household_returned_one():
    deadline = date(2026, 11, 13)
    assert not domain.ballot_count_allowed(date(2026, 11, 12), deadline, 8, 9)
    assert domain.ballot_count_allowed(date(2026, 11, 12), deadline, 9, 9)  # every household returned a ballot
    assert domain.ballot_count_allowed(deadline, deadline, 0, 9)
    assert domain.ballot_count_allowed(date(2026, 11, 20), deadline, 3, 9)
    assert not domain.ballot_count_allowed(date(2026, 11, 12), deadline, 0, 0)
    with pytest.raises(ValueError):
        domain.ballot_count_allowed(date(2026, 11, 12), deadline, 10, 9)


def test_the_effective_date_of_art_21_2():
    adopted, recognised = date(2026, 12, 4), date(2026, 12, 8)
    for kind in (Kind.K1, Kind.K2, Kind.K6):  # village scope: on adoption
        assert domain.takes_effect_on_adoption(kind, "village")
        assert domain.effective_on(kind, "village", adopted_on=adopted, recognised_on=recognised) == adopted
        with pytest.raises(ValueError, match="effective_on_adoption"):
            domain.effective_on(kind, "village", adopted_on=adopted, recognised_on=recognised,
                                requested=date(2023, 7, 1))
    for kind, scope in ((Kind.K1, "commune"), (Kind.K3, "village"), (Kind.K4, "village"), (Kind.K5, "village")):
        assert not domain.takes_effect_on_adoption(kind, scope)
        assert domain.effective_on(kind, scope, adopted_on=adopted, recognised_on=recognised) == recognised
        later = date(2027, 1, 1)
        assert domain.effective_on(kind, scope, adopted_on=adopted, recognised_on=recognised, requested=later) == later
        with pytest.raises(ValueError, match="effective_before_recognition"):
            domain.effective_on(kind, scope, adopted_on=adopted, recognised_on=recognised, requested=adopted)


def P(h, channel, choice):
    return Position(h, channel, choice)


def test_one_final_position_per_household_ballot_beats_online_beats_meeting():
    final = domain.final_positions([
        P(1, Channel.MEETING, Choice.DISAGREE), P(1, Channel.BALLOT, Choice.AGREE),
        P(2, Channel.ONLINE, Choice.AGREE), P(2, Channel.MEETING, Choice.DISAGREE),
        P(3, Channel.BALLOT, Choice.OTHER), P(3, Channel.ONLINE, Choice.AGREE),
        P(4, Channel.MEETING, Choice.AGREE),
    ])
    assert {h: (p.channel, p.choice) for h, p in final.items()} == {
        1: (Channel.BALLOT, Choice.AGREE), 2: (Channel.ONLINE, Choice.AGREE), 3: (Channel.BALLOT, Choice.OTHER),
        4: (Channel.MEETING, Choice.AGREE)}


def test_it_refuses_two_positions_in_one_channel_and_superseding_a_secret_vote():
    with pytest.raises(domain.DuplicatePosition):
        domain.final_positions([P(1, Channel.BALLOT, Choice.AGREE), P(1, Channel.BALLOT, Choice.DISAGREE)])
    with pytest.raises(domain.SecretSuperseded):
        domain.final_positions([P(1, Channel.MEETING, Choice.SECRET), P(1, Channel.BALLOT, Choice.AGREE)])


def test_tally_counts_each_household_once_against_the_village_total():
    positions = [P(h, Channel.MEETING, Choice.DISAGREE) for h in range(1, 5)]
    positions += [P(h, Channel.BALLOT, Choice.AGREE) for h in range(1, 8)]  # 1–4 changed their mind
    result = domain.tally(Kind.K1, 9, positions)
    assert (result.participating, result.agree, result.disagree, result.absent) == (7, 7, 0, 2)
    assert result.required == 6 and result.passed
    assert result.by_channel[Channel.BALLOT] == 7 and result.by_channel[Channel.MEETING] == 0


def test_households_present_without_a_choice_took_part_and_are_not_absent():
    """Art.20.2(b): present = representatives who attended; absent = total − present; abstentions apart."""
    result = domain.tally(Kind.K1, 19, [], present=range(1, 11), eligible=set(range(1, 20)))
    assert (result.participating, result.absent, result.voted, result.abstained) == (10, 9, 0, 10)
    positions = [P(1, Channel.MEETING, Choice.AGREE), P(2, Channel.MEETING, Choice.DISAGREE),
                 P(15, Channel.BALLOT, Choice.AGREE)]  # 15 was absent from the meeting and returned a ballot
    result = domain.tally(Kind.K1, 19, positions, present=range(1, 11))
    assert (result.participating, result.absent, result.voted, result.abstained) == (11, 8, 3, 8)
    with pytest.raises(domain.TallyError):  # an attendee from outside the village
        domain.tally(Kind.K1, 19, [], present=[1, 99], eligible=set(range(1, 20)))


def test_tally_adds_the_anonymous_secret_count_and_rejects_impossible_counts():
    positions = [P(h, Channel.MEETING, Choice.SECRET) for h in range(1, 6)]
    result = domain.tally(Kind.K4, 8, positions, secret=SecretCount(agree=4, disagree=1))
    assert (result.agree, result.disagree, result.participating, result.passed) == (4, 1, 5, False)
    with pytest.raises(domain.TallyError):
        domain.tally(Kind.K4, 8, positions, secret=SecretCount(agree=6))
    with pytest.raises(domain.TallyError):
        domain.tally(Kind.K4, 3, positions)
    with pytest.raises(domain.TallyError):
        domain.tally(Kind.K4, 8, positions, eligible={1, 2, 3})
