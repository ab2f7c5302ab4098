"""Pure rules of Nhân dân tham gia ý kiến (Law 10/2022 Art.25–28) — no database."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danchu.consultations import domain
from danchu.consultations.domain import (
    ConsultationForm,
    ContentKind,
    DecisionOutcome,
    Outcome,
    Stance,
    State,
    Tally,
)
from danchu.core.legal_rules import rule_period_end
from danchu.core.workflow import InvalidTransition


def codes(exc: ValidationError) -> set[str]:
    return {e.code for errors in exc.error_dict.values() for e in errors}


# --- Art.25 contents ---------------------------------------------------------------------------------


def test_it_lists_the_nine_contents_of_article_25_with_their_article():
    assert ContentKind.values == list(range(1, 10))
    for kind in ContentKind:
        assert f"khoản {kind.value} Điều 25" in str(kind.label)
        assert domain.content_article(kind.value) == f"khoản {kind.value} Điều 25"
    assert set(domain.CONTENT_SHORT) == set(range(1, 10))


@pytest.mark.parametrize("value", [0, 10, -1, "x", None, True, 2.5])
def test_it_refuses_a_content_outside_article_25(value):
    with pytest.raises(ValidationError) as exc:
        domain.content_or_error(value)
    assert codes(exc.value) == {"invalid_content_kind"}


def test_it_accepts_a_content_given_as_text():
    assert domain.content_or_error("7") == 7


# --- Art.26 forms --------------------------------------------------------------------------------------


def test_it_needs_at_least_one_form_of_article_26():
    with pytest.raises(ValidationError) as exc:
        domain.check_forms([])
    assert codes(exc.value) == {"forms_required"}


def test_it_refuses_an_unknown_form_and_deduplicates_known_ones():
    with pytest.raises(ValidationError) as exc:
        domain.check_forms(["portal", "telepathy"])
    assert codes(exc.value) == {"invalid_form"}
    assert domain.check_forms(["portal", "dialogue", "portal"]) == ["portal", "dialogue"]


def test_it_takes_opinions_online_only_when_the_plan_uses_the_commune_portal():
    assert domain.accepts_online([ConsultationForm.PORTAL, ConsultationForm.DIALOGUE])
    assert not domain.accepts_online([ConsultationForm.COMMUNITY_MEETING, ConsultationForm.BOX_HOTLINE])
    assert not domain.accepts_online([])


def test_officials_enter_every_channel_but_online():
    assert "online" not in domain.STAFF_CHANNELS
    assert {"meeting", "hotline", "comment_box", "letter"} <= set(domain.STAFF_CHANNELS)


# --- the lifecycle ---------------------------------------------------------------------------------------


def test_the_lifecycle_goes_through_every_step_of_article_28_in_order():
    path = [State.DRAFT, State.PLAN_SENT, State.OPEN, State.CLOSED, State.SYNTHESIS, State.SYNTHESIS_PUBLISHED,
            State.DECIDED]
    for current, target in zip(path, path[1:], strict=False):
        assert domain.WORKFLOW.allows(current, target)
    assert domain.WORKFLOW.next_states(State.DECIDED) == frozenset()
    assert domain.WORKFLOW.terminal_states == {State.DECIDED}


@pytest.mark.parametrize(("current", "target"), [
    (State.DRAFT, State.OPEN),  # the plan must first go to HĐND and UB MTTQ (Art.28.1)
    (State.OPEN, State.SYNTHESIS_PUBLISHED),
    (State.CLOSED, State.DECIDED),
    (State.SYNTHESIS_PUBLISHED, State.OPEN),
    (State.DECIDED, State.DRAFT),
    ("nonsense", State.OPEN),
])
def test_it_refuses_to_skip_or_go_back_a_step(current, target):
    with pytest.raises(InvalidTransition) as exc:
        domain.WORKFLOW.check(current, target)
    assert exc.value.code == "invalid_transition"


# --- Art.28.2: at least 20 calendar days from publication ----------------------------------------------------


def test_the_minimum_comes_from_the_legal_registry_in_calendar_days():
    from danchu.core.deadlines import DeadlineUnit
    from danchu.core.legal_rules import get_rule

    rule = get_rule("grassroots.consultation_min")
    assert (rule.amount, rule.unit, rule.article) == (20, DeadlineUnit.DAY, "Luật 10/2022/QH15 Art.28.2")
    assert domain.minimum_days() == 20


def test_it_refuses_19_days_and_accepts_20_days():
    # published Tuesday 03/11/2026: the publication day does not count (BLDS Art.147)
    published = date(2026, 11, 3)
    with pytest.raises(ValidationError) as exc:
        domain.check_period(published, date(2026, 11, 22))  # 19 days
    assert codes(exc.value) == {"period_too_short"}
    assert "23/11/2026" in exc.value.message_dict["closes_on"][0]
    assert "ít nhất là 20 ngày" in exc.value.message_dict["closes_on"][0]
    assert domain.period_days(published, date(2026, 11, 23)) == 20
    domain.check_period(published, date(2026, 11, 23))  # 20 days (Monday): accepted
    domain.check_period(published, date(2026, 12, 31))  # longer is always allowed


def test_the_period_is_counted_like_every_minimum_period():
    """One count for every "at least N days" period (core.legal_rules.rule_period_end, BLDS Art.147): the
    publication day is not counted, and the last day is not moved past a weekend or a holiday."""
    for published in (date(2026, 11, 3), date(2026, 11, 2), date(2026, 1, 27)):
        assert domain.earliest_close(published) == rule_period_end("grassroots.consultation_min", published)


def test_a_last_day_on_a_weekend_is_not_moved():
    # published Monday 02/11/2026: the 20th day is Sunday 22/11 — the period may end that Sunday (it used to be
    # moved to Monday 23/11 as a deadline to act would be, BLDS Art.148.5)
    assert domain.earliest_close(date(2026, 11, 2)) == date(2026, 11, 22)
    domain.check_period(date(2026, 11, 2), date(2026, 11, 22))
    with pytest.raises(ValidationError):
        domain.check_period(date(2026, 11, 2), date(2026, 11, 21))


def test_a_last_day_in_tet_is_not_moved():
    # published 27/01/2026: the 20th day is Monday 16/02/2026, in Tết (16–20/02); online opinions are taken that day
    assert domain.earliest_close(date(2026, 1, 27)) == date(2026, 2, 16)


def test_it_names_the_missing_dates():
    with pytest.raises(ValidationError) as exc:
        domain.check_period(None, date(2026, 1, 1))
    assert "opens_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        domain.check_period(date(2026, 1, 1), None)
    assert "closes_on" in exc.value.message_dict


def test_opinions_are_taken_from_publication_to_the_end_of_the_last_day():
    a, b = date(2026, 11, 3), date(2026, 11, 23)
    assert not domain.is_open_on(State.OPEN, a, b, date(2026, 11, 2))
    assert domain.is_open_on(State.OPEN, a, b, a)
    assert domain.is_open_on(State.OPEN, a, b, b)
    assert not domain.is_open_on(State.OPEN, a, b, date(2026, 11, 24))
    assert not domain.is_open_on(State.PLAN_SENT, a, b, a)
    assert not domain.is_open_on(State.CLOSED, a, b, a)


def test_the_period_can_be_closed_only_after_its_last_day():
    b = date(2026, 11, 23)
    assert not domain.can_close(State.OPEN, b, b)
    assert domain.can_close(State.OPEN, b, date(2026, 11, 24))
    assert not domain.can_close(State.CLOSED, b, date(2026, 12, 24))


# --- Art.28.3: every opinion accepted or explained ----------------------------------------------------------


def test_an_outcome_needs_its_reason():
    domain.check_outcome(Outcome.ACCEPTED, "Đã sửa khoản 2 của dự thảo.")
    with pytest.raises(ValidationError) as exc:
        domain.check_outcome(Outcome.EXPLAINED, "   ")
    assert codes(exc.value) == {"response_required"}
    assert "giải trình" in exc.value.message_dict["response"][0]
    with pytest.raises(ValidationError) as exc:
        domain.check_outcome("maybe", "x")
    assert codes(exc.value) == {"invalid_outcome"}


def test_it_lists_the_opinions_still_without_a_synthesis_row():
    assert domain.uncovered([1, 2, 3], {1: 10, 2: None}) == [2, 3]
    assert domain.uncovered([1], {1: 10}) == []


# --- Art.28.4: the majority and a decision against it ---------------------------------------------------------


def test_the_tally_counts_people_not_opinions():
    t = domain.tally([(Stance.AGREE, 1), (Stance.DISAGREE, 30), (Stance.OTHER, 2), ("bogus", 5), (Stance.AGREE, 0)])
    assert (t.agree, t.disagree, t.other, t.total) == (2, 30, 2, 34)


def test_the_majority_is_strictly_more_than_half():
    assert domain.majority(Tally(agree=6, disagree=5)) == Stance.AGREE
    assert domain.majority(Tally(agree=5, disagree=5)) is None  # exactly half is not a majority
    assert domain.majority(Tally(agree=4, disagree=3, other=3)) is None
    assert domain.majority(Tally(disagree=3, other=2)) == Stance.DISAGREE
    assert domain.majority(Tally(other=1)) == Stance.OTHER
    assert domain.majority(Tally()) is None


@pytest.mark.parametrize(("majority", "outcome", "against"), [
    (Stance.AGREE, DecisionOutcome.ADOPTED, False),
    (Stance.AGREE, DecisionOutcome.ADOPTED_WITH_CHANGES, False),
    (Stance.AGREE, DecisionOutcome.NOT_ADOPTED, True),
    (Stance.DISAGREE, DecisionOutcome.ADOPTED, True),
    (Stance.DISAGREE, DecisionOutcome.ADOPTED_WITH_CHANGES, True),
    (Stance.DISAGREE, DecisionOutcome.NOT_ADOPTED, False),
    (Stance.OTHER, DecisionOutcome.ADOPTED, False),
    (None, DecisionOutcome.NOT_ADOPTED, False),
])
def test_a_decision_is_against_the_majority(majority, outcome, against):
    assert domain.is_against_majority(majority, outcome) is against


def test_a_decision_against_the_majority_needs_an_explanation():
    with pytest.raises(ValidationError) as exc:
        domain.check_decision(outcome=DecisionOutcome.ADOPTED, majority_stance=Stance.DISAGREE, explanation=" ")
    assert codes(exc.value) == {"explanation_required"}
    assert "khoản 4 Điều 28" in exc.value.message_dict["explanation"][0]
    assert domain.check_decision(outcome=DecisionOutcome.ADOPTED, majority_stance=Stance.DISAGREE,
                                 explanation="Công trình cấp bách phòng chống sạt lở.") is True
    assert domain.check_decision(outcome=DecisionOutcome.ADOPTED, majority_stance=Stance.AGREE,
                                 explanation="") is False
    with pytest.raises(ValidationError) as exc:
        domain.check_decision(outcome="whatever", majority_stance=None, explanation="")
    assert codes(exc.value) == {"invalid_outcome"}
