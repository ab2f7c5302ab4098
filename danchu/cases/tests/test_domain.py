"""Pure rules: no database. Deadlines in the unit the law writes, across weekends and Tết 2026 (14–22/02/2026 off)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from danchu.cases import domain
from danchu.cases.domain import CaseKind, Complexity, State
from danchu.core.calendar import calendar_from_holidays
from danchu.core.workflow import InvalidTransition

CAL = calendar_from_holidays(range(2025, 2029))
R = domain.DEFAULT_RULESET


def test_it_counts_complaint_acceptance_in_calendar_days_and_rolls_over_tet():
    # received Fri 06/02/2026: day 10 is Mon 16/02 (Tết eve holiday) → first working day after Tết, Mon 23/02
    assert domain.complaint_accept_due(date(2026, 2, 6), 1, R, CAL) == date(2026, 2, 23)
    # an ordinary case: 10 calendar days, weekends counted
    assert domain.complaint_accept_due(date(2026, 3, 2), 1, R, CAL) == date(2026, 3, 12)
    assert domain.complaint_accept_due(date(2026, 3, 2), 2, R, CAL) == date(2026, 3, 12)


@pytest.mark.parametrize(("round_", "complex_", "remote", "days"), [
    (1, False, False, 30), (1, True, False, 45), (1, False, True, 45), (1, True, True, 60),
    (2, False, False, 45), (2, True, False, 60), (2, False, True, 60), (2, True, True, 70),
])
def test_it_uses_the_resolution_periods_of_art_28_and_37(round_, complex_, remote, days):
    start = date(2026, 4, 6)  # Monday
    due = domain.complaint_resolve_due(start, round_, complex_=complex_, remote=remote, rules=R, cal=CAL)
    assert due == CAL.roll_forward(start + timedelta(days=days))


def test_it_sends_a_first_decision_within_3_working_days():
    assert domain.complaint_send_due(date(2026, 2, 12), 1, R, CAL) == date(2026, 2, 24)  # Thu → 13, 23, 24
    assert domain.complaint_send_due(date(2026, 3, 5), 2, R, CAL) == date(2026, 3, 12)  # 7 calendar days


def test_a_decision_becomes_final_after_30_days_or_45_in_remote_areas():
    assert domain.complaint_final_on(date(2026, 3, 2), remote=False, rules=R, cal=CAL) == date(2026, 4, 1)
    assert domain.complaint_final_on(date(2026, 3, 2), remote=True, rules=R, cal=CAL) == date(2026, 4, 16)


def test_the_limitation_is_90_days_plus_obstacle_days():
    assert domain.limitation_expires(date(2026, 1, 1), 0) == date(2026, 4, 1)
    assert not domain.is_time_barred(date(2026, 1, 1), date(2026, 4, 1))
    assert domain.is_time_barred(date(2026, 1, 1), date(2026, 4, 2))
    assert not domain.is_time_barred(date(2026, 1, 1), date(2026, 4, 2), obstacle_days=1)
    with pytest.raises(ValidationError):
        domain.limitation_expires(date(2026, 1, 1), -1)


def test_initial_processing_of_a_denunciation_counts_working_days_across_tet():
    # received Thu 12/02/2026: 7 WD = 13/02, then Tết (14–22 off), 23, 24, 25, 26, 27, 02/03
    assert domain.initial_processing_due(date(2026, 2, 12), several_places=False, rules=R, cal=CAL) == date(2026, 3, 2)
    assert domain.initial_processing_due(date(2026, 2, 12), several_places=True, rules=R, cal=CAL) == date(2026, 3, 5)
    assert domain.transfer_due(date(2026, 3, 2), R, CAL) == date(2026, 3, 9)
    assert domain.notify_acceptance_due(date(2026, 3, 2), R, CAL) == date(2026, 3, 9)


def test_denunciation_resolution_and_extensions():
    assert domain.denunciation_resolve_due(date(2026, 3, 2), R, CAL) == date(2026, 4, 1)
    # one extension of 30 days: 60 days from 02/03 = 01/05 holiday, 02–03 weekend → 04/05
    assert domain.denunciation_resolve_due(date(2026, 3, 2), R, CAL, extension_days=[30]) == date(2026, 5, 4)
    for complexity in (Complexity.COMPLEX, Complexity.ESPECIALLY_COMPLEX):
        assert domain.check_extension_days(30, complexity, R) == 30
        for days in (31, 0, True, "30"):
            with pytest.raises(ValidationError) as exc:
                domain.check_extension_days(days, complexity, R)
            assert exc.value.message_dict["days"]


def test_extensions_are_counted_from_acceptance_never_from_a_rolled_forward_date():
    """Luật Tố cáo Art.30: 30 days from acceptance; complex: once ≤ 30 days; especially complex: twice, each ≤ 30
    days — so never more than 30, 60 or 90 days after acceptance (BLDS Art.147–148: the last day alone moves past a
    non-working day). Accepted Thu 05/11/2026: day 30 is Sat 05/12 (→ Mon 07/12), day 90 is Wed 03/02/2027, a
    working day before Tết 2027 (04–10/02 off). Adding each extension to the rolled date gave 11/02/2027."""
    accepted = date(2026, 11, 5)
    assert domain.denunciation_resolve_due(accepted, R, CAL) == date(2026, 12, 7)
    assert domain.denunciation_resolve_due(accepted, R, CAL, extension_days=[30]) == date(2027, 1, 4)  # Sun 03/01
    twice = domain.denunciation_resolve_due(accepted, R, CAL, extension_days=[30, 30])
    assert twice == date(2027, 2, 3) and (twice - accepted).days == 90
    assert CAL.is_working_day(date(2027, 2, 3)) and not CAL.is_working_day(date(2027, 2, 4))
    # shorter extensions add only their days: 20 + 10 → day 60 (Mon 04/01/2027); 30 + 20 → day 80 (Sun 24/01 → 25/01)
    assert domain.denunciation_resolve_due(accepted, R, CAL, extension_days=[20, 10]) == date(2027, 1, 4)
    assert domain.denunciation_resolve_due(accepted, R, CAL, extension_days=[30, 20]) == date(2027, 1, 25)
    # when day 90 itself falls in Tết it moves once, to the first working day after (accepted 06/11 → 04/02/2027)
    assert domain.denunciation_resolve_due(date(2026, 11, 6), R, CAL, extension_days=[30, 30]) == date(2027, 2, 11)
    for day in range(0, 400, 7):
        start = date(2026, 1, 1) + timedelta(days=day)
        due = domain.denunciation_resolve_due(start, R, CAL, extension_days=[30, 30])
        nominal = start + timedelta(days=90)
        assert due == CAL.roll_forward(nominal), start


def test_extensions_depend_on_complexity():
    assert domain.complexity_of([]) == Complexity.NORMAL
    assert domain.complexity_of(["places"]) == Complexity.COMPLEX
    assert domain.complexity_of(["places", "contents"]) == Complexity.ESPECIALLY_COMPLEX
    assert domain.complexity_of(["places", "bogus"]) == Complexity.COMPLEX
    with pytest.raises(ValidationError) as exc:
        domain.check_extension(Complexity.NORMAL, 0)
    assert exc.value.code == "extension_not_complex"
    domain.check_extension(Complexity.COMPLEX, 0)
    with pytest.raises(ValidationError) as exc:
        domain.check_extension(Complexity.COMPLEX, 1)
    assert exc.value.code == "too_many_extensions"
    domain.check_extension(Complexity.ESPECIALLY_COMPLEX, 1)
    with pytest.raises(ValidationError):
        domain.check_extension(Complexity.ESPECIALLY_COMPLEX, 2)


def test_conclusion_notice_and_publication_in_working_days():
    # Fri 24/04/2026: Mon 27/04 is off (Hùng Vương day fell on Sunday 26/04), 30/04 and 01/05 are holidays
    assert domain.notify_conclusion_due(date(2026, 4, 24), R, CAL) == date(2026, 5, 6)
    assert domain.publicise_due(date(2026, 4, 24), R, CAL) == date(2026, 5, 8)


def test_reception_reply_is_10_working_days():
    assert domain.reception_reply_due(date(2026, 2, 12), R, CAL) == date(2026, 3, 5)


@pytest.mark.parametrize(("people", "reps", "ok"), [
    (1, 0, True), (4, 0, True), (4, 4, True), (5, 0, False), (5, 1, True), (10, 2, True), (10, 3, False),
    (11, 5, True), (12, 6, False), (12, 0, False), (3, 4, False), (0, 0, False),
])
def test_group_representatives(people, reps, ok):
    if ok:
        domain.check_representatives(people, reps)
    else:
        with pytest.raises(ValidationError):
            domain.check_representatives(people, reps)


def test_a_group_of_12_with_6_representatives_has_a_clear_message():
    with pytest.raises(ValidationError) as exc:
        domain.check_representatives(12, 6)
    assert "từ 1 đến 5 người đại diện" in str(exc.value.message_dict["representative_count"][0])


def test_state_machines_per_kind():
    complaint, denunciation = domain.WORKFLOWS[CaseKind.COMPLAINT], domain.WORKFLOWS[CaseKind.DENUNCIATION]
    assert complaint.allows(State.RECEIVED, State.ACCEPTED)
    assert not complaint.allows(State.RECEIVED, State.DECIDED)  # decide before accepting
    assert not complaint.allows(State.ACCEPTED, State.EXTENDED)
    assert denunciation.allows(State.EXTENDED, State.EXTENDED)
    assert not denunciation.allows(State.DECIDED, State.TERMINATED)  # Art.33: before
    assert domain.WORKFLOWS[CaseKind.PETITION].allows(State.RECEIVED, State.ANSWERED)
    with pytest.raises(InvalidTransition) as exc:
        complaint.check(State.RECEIVED, State.DECIDED)
    assert exc.value.code == "invalid_transition"
    assert str(exc.value.message) == "Không thể chuyển đơn khiếu nại từ “Đã tiếp nhận” sang “Đã có quyết định, kết luận”."
    assert domain.workflow_for(CaseKind.DENUNCIATION) is denunciation


def test_rejection_grounds():
    assert len(domain.COMPLAINT_REJECTION_GROUNDS) == 9
    assert domain.check_rejection(CaseKind.COMPLAINT, "time_barred", "Quá 90 ngày").article == "Điều 11.6"
    with pytest.raises(ValidationError):
        domain.check_rejection(CaseKind.COMPLAINT, "anonymous", "x")
    with pytest.raises(ValidationError):
        domain.check_rejection(CaseKind.DENUNCIATION, "anonymous", "  ")


def test_rule_versions_override_by_effective_date():
    v2026 = domain.ruleset_from_overrides("2026-07", date(2026, 7, 1), {
        "complaint.accept_1": {"amount": 7, "unit": "WD", "article": "NĐ 155/2026 Điều 16.1"}}, verified=False)
    assert domain.pick_ruleset([v2026], date(2026, 6, 30)) is domain.DEFAULT_RULESET
    assert domain.pick_ruleset([v2026], date(2026, 7, 1)) is v2026
    # 7 working days from Wed 01/07/2026 → Fri 10/07/2026
    assert domain.complaint_accept_due(date(2026, 7, 1), 1, v2026, CAL) == date(2026, 7, 10)
    assert domain.complaint_resolve_due(date(2026, 7, 1), 1, complex_=False, remote=False, rules=v2026,
                                        cal=CAL) == date(2026, 7, 31)
    restored = domain.ruleset_from_snapshot(v2026.snapshot())
    assert restored.period("complaint.accept_1") == v2026.period("complaint.accept_1")
    for bad in ({"nope": {"amount": 1, "unit": "D", "article": "x"}},
                {"complaint.accept_1": {"amount": -1, "unit": "D", "article": "x"}},
                {"complaint.accept_1": {"amount": 5, "unit": "M", "article": "x"}},
                {"complaint.accept_1": {"amount": 5, "unit": "D", "article": ""}},
                {"complaint.accept_1": 5}, []):
        with pytest.raises(ValidationError):
            domain.ruleset_from_overrides("x", date(2026, 7, 1), bad, verified=False)


def test_schedule_gaps_weekly_and_monthly():
    # November 2026: Mondays 2, 9, 16, 23, 30 (the last week ends 06/12, outside)
    sessions = [date(2026, 11, 4), date(2026, 11, 12), date(2026, 11, 25)]
    gaps = domain.schedule_gaps("commune_chair", sessions, date(2026, 11, 1), date(2026, 11, 30))
    assert gaps == [date(2026, 11, 16)]
    assert domain.schedule_gaps("agency_head", sessions, date(2026, 10, 1), date(2026, 11, 30)) == [date(2026, 10, 1)]
    assert domain.schedule_gaps("other", [], date(2026, 10, 1), date(2026, 11, 30)) == []


def test_tracking_codes():
    from danchu.cases.models import TRACKING, Booking, Case

    assert Case.TRACKING is TRACKING and Booking.TRACKING is TRACKING
    code = TRACKING.new()
    assert TRACKING.is_valid(code) and len(code) == 12 and code[4] == code[9] == "-"  # "ABCD-EFGH-JK"
    assert TRACKING.normalise(code.lower().replace("-", " ")) == code
    assert TRACKING.is_valid("ABCL-EFGH-JK")  # codes drawn before (an alphabet with L) stay valid
    assert not TRACKING.is_valid("abc")


def test_mediation_rules():
    assert domain.mediation_team_warnings(3, 1) == []
    assert len(domain.mediation_team_warnings(2, 0)) == 2
    with pytest.raises(ValidationError):
        domain.check_mediation_outcome("successful", 0)
    domain.check_mediation_outcome("transferred", 0)
    with pytest.raises(ValidationError):
        domain.check_mediation_outcome("open", 1)


def test_on_time_rate_and_due_soon():
    from danchu.cases.reminders import DUE_SOON_WORKING_DAYS, due_soon_horizon
    from danchu.cases.stats import on_time_rate

    assert on_time_rate(0, 0) is None
    assert on_time_rate(2, 3) == 66.7
    assert DUE_SOON_WORKING_DAYS == 3
    assert due_soon_horizon(date(2026, 2, 13), CAL) == date(2026, 2, 25)  # Fri before Tết → 23, 24, 25/02


def test_an_anonymous_letter_has_its_own_transitions():
    """Luật Tố cáo Art.25: checked, not processed or transferred — never accepted, extended or withdrawn."""
    anonymous = domain.workflow_for(CaseKind.DENUNCIATION, anonymous=True)
    assert anonymous is domain.ANONYMOUS_WORKFLOW
    assert anonymous.next_states(State.RECEIVED) == {State.CHECKED, State.REJECTED, State.TRANSFERRED}
    with pytest.raises(InvalidTransition) as exc:
        anonymous.check(State.RECEIVED, State.ACCEPTED)
    assert exc.value.code == "anonymous" and "Điều 25 Luật Tố cáo" in str(exc.value.message)
    assert not domain.WORKFLOWS[CaseKind.DENUNCIATION].allows(State.RECEIVED, State.CHECKED)  # a named one
    assert domain.workflow_for(CaseKind.COMPLAINT, anonymous=True) is domain.WORKFLOWS[CaseKind.COMPLAINT]
    assert State.CHECKED in domain.CLOSED_STATES
    with pytest.raises(ValidationError):
        domain.check_rejection(CaseKind.DENUNCIATION, "no_basis", "Không rõ", anonymous=True)
    assert domain.check_rejection(CaseKind.DENUNCIATION, "anonymous", "Nặc danh", anonymous=True).article == "Điều 25"
