"""Pure rules of NĐ59/2023 Art.6–9: the timeline (exactly N days before is on time), thresholds at their boundaries
(elected: more than half, exactly half fails; petition: at least half, exactly half passes), deadlines."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danchu.core.calendar import calendar_from_holidays
from danchu.elections import domain
from danchu.elections.domain import Office, Recogniser, State

CAL = calendar_from_holidays([2026, 2027])
E = date(2026, 12, 20)  # election day (Sunday)


def test_the_village_head_timeline_of_article_6():
    steps = {s.key: (s.days_before, s.article) for s in domain.timeline_steps(Office.VILLAGE_HEAD)}
    assert steps == {"plan": (20, "NĐ 59/2023/NĐ-CP Art.6.1.a"), "candidates": (15, "NĐ 59/2023/NĐ-CP Art.6.2"),
                     "team": (10, "NĐ 59/2023/NĐ-CP Art.6.1.b"), "notice": (7, "NĐ 59/2023/NĐ-CP Art.6.1")}
    assert [s.key for s in domain.timeline_steps(Office.INSPECTION_BOARD)] == ["notice"]  # NĐ59 Art.3.3: 2 days
    assert domain.timeline_steps(Office.INVESTMENT_BOARD)[0].days_before == 2


@pytest.mark.parametrize("done_on, status", [(date(2026, 12, 5), "done"), (date(2026, 12, 6), "late")])
def test_exactly_fifteen_days_before_is_on_time(done_on, status):
    ms = {m.key: m for m in domain.milestones(E, Office.VILLAGE_HEAD, {"candidates": done_on}, today=E)}
    assert ms["candidates"].latest == date(2026, 12, 5) and ms["candidates"].status == status


def test_pending_steps_are_due_then_overdue():
    ms = {m.key: m for m in domain.milestones(E, Office.VILLAGE_HEAD, {}, today=date(2026, 12, 13))}
    assert (ms["notice"].latest, ms["notice"].status) == (date(2026, 12, 13), "due")
    assert ms["team"].status == "overdue" and ms["plan"].status == "overdue"


def test_the_plan_needs_twenty_days():
    domain.check_election_day(E, date(2026, 11, 30), Office.VILLAGE_HEAD)
    with pytest.raises(ValidationError) as exc:
        domain.check_election_day(E, date(2026, 12, 1), Office.VILLAGE_HEAD)
    assert exc.value.error_dict["election_day"][0].code == "plan_too_late"
    domain.check_election_day(E, date(2026, 12, 15), Office.INSPECTION_BOARD)
    with pytest.raises(ValidationError):
        domain.check_election_day(E, E, Office.INSPECTION_BOARD)


@pytest.mark.parametrize("votes, total, elected", [(51, 100, True), (50, 100, False), (2, 3, True), (1, 3, False),
                                                   (1, 1, True), (101, 201, True), (100, 201, False)])
def test_elected_means_more_than_half_of_all_households(votes, total, elected):
    assert domain.is_elected(votes, total) is elected


@pytest.mark.parametrize("signed, total, valid", [(50, 100, True), (49, 100, False), (2, 3, True), (1, 3, False),
                                                  (1, 2, True), (0, 1, False)])
def test_a_petition_needs_at_least_half_of_the_households(signed, total, valid):
    assert domain.petition_valid(signed, total) is valid


def test_a_petition_cannot_have_more_signatures_than_households():
    with pytest.raises(ValidationError):
        domain.petition_valid(101, 100)


def test_the_tally_counts_on_all_households():
    result = domain.tally(total=100, participating=60, votes={"a": 51, "b": 9})
    assert result.elected == ("a",) and result.absent == 40
    assert domain.tally(total=100, participating=60, votes={"a": 50, "b": 10}).elected == ()


def test_a_board_elects_several_members_most_votes_first():
    result = domain.tally(total=10, participating=9, votes={"a": 9, "b": 3, "c": 6, "d": 0}, seats=2)
    assert result.elected == ("a", "c")  # b has 3 of 10 households: not elected


def test_a_tie_for_the_last_seat_elects_nobody_to_it():
    assert domain.tally(total=10, participating=10, votes={"a": 8, "b": 6, "c": 6}, seats=2).elected == ("a",)


@pytest.mark.parametrize("kwargs, field", [
    ({"total": 100, "participating": 101, "votes": {"a": 60}}, "participating"),
    ({"total": 100, "participating": 60, "votes": {"a": 61}}, "votes"),
    ({"total": 100, "participating": 60, "votes": {"a": 40, "b": 30}}, "votes"),   # one vote per household
    ({"total": 100, "participating": 60, "votes": {}}, "votes"),
    ({"total": 100, "participating": 60, "votes": {"a": -1}}, "votes"),
])
def test_the_tally_refuses_impossible_counts(kwargs, field):
    with pytest.raises(ValidationError) as exc:
        domain.tally(**kwargs)
    assert field in exc.value.message_dict


def test_who_recognises_and_by_when():
    assert domain.recogniser(Office.VILLAGE_HEAD) == Recogniser.COMMUNE
    assert domain.recogniser(Office.INSPECTION_BOARD) == Recogniser.FRONT
    # sent Friday 13/02/2026, Tết Mon 16 – Fri 20/02: 5 WD = 23–27/02
    assert domain.recognition_due(Office.VILLAGE_HEAD, date(2026, 2, 13), CAL) == date(2026, 2, 27)
    assert domain.recognition_due(Office.INSPECTION_BOARD, date(2026, 2, 13), CAL) == date(2026, 2, 27)
    assert domain.dismissal_recognition_due(date(2026, 2, 13), CAL) == date(2026, 2, 27)
    # 60 calendar days ("ngày") from 01/10/2026 = 30/11/2026 (a Monday)
    assert domain.new_election_due(date(2026, 10, 1), CAL) == date(2026, 11, 30)
    # ending on Sunday 29/11 rolls to Monday 30/11 (BLDS Art.148.5)
    assert domain.new_election_due(date(2026, 9, 30), CAL) == date(2026, 11, 30)


def test_transitions():
    domain.WORKFLOW.check(State.PLANNED, State.ELECTED)
    domain.WORKFLOW.check(State.ELECTED, State.RECOGNISED)
    for current, target in [(State.PLANNED, State.RECOGNISED), (State.RECOGNISED, State.ELECTED),
                            (State.NO_WINNER, State.RECOGNISED), ("x", State.PLANNED)]:
        with pytest.raises(ValidationError):
            domain.WORKFLOW.check(current, target)
