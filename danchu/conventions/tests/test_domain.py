"""Pure rules of NĐ61/2023: thresholds at their boundaries, periods, deadlines across Tết 2026, transitions, diff.
No database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danchu.conventions import diff, domain
from danchu.conventions.domain import MeasureKind, Outcome, State
from danchu.core.calendar import calendar_from_holidays
from danchu.core.deadlines import DeadlineUnit

CAL = calendar_from_holidays([2026, 2027])


# --- proposal: ≥ 10% of households (Art.7) ---------------------------------------------------------


@pytest.mark.parametrize("consenting, total, tabled", [
    (10, 100, True),   # exactly 10%: enough ("ít nhất")
    (9, 100, False),
    (4, 35, True),     # 10% of 35 = 3.5 → 4 households
    (3, 35, False),
    (1, 10, True),
    (0, 1, False),
    (1, 1, True),
])
def test_it_tables_a_citizens_proposal_from_ten_percent_of_households(consenting, total, tabled):
    assert domain.citizen_proposal_tabled(consenting, total) is tabled


def test_it_tables_a_smaller_proposal_when_the_front_committee_agrees():
    assert domain.citizen_proposal_tabled(3, 100, front_committee_agrees=True)


@pytest.mark.parametrize("consenting, total", [(101, 100), (-1, 100), (1, 0), (True, 10)])
def test_it_refuses_impossible_proposal_counts(consenting, total):
    with pytest.raises(ValidationError):
        domain.citizen_proposal_tabled(consenting, total)


# --- adoption: > 50% attendance, > 50% of ALL households approve (Art.10) -------------------------


def test_exactly_half_of_the_households_attending_is_not_enough_for_the_meeting():
    result = domain.meeting_outcome(total=100, attended=50, approve=50, against=0)
    assert result.outcome == Outcome.NEEDS_BALLOT


def test_one_more_than_half_attending_makes_the_meeting_valid():
    assert domain.meeting_outcome(total=100, attended=51, approve=51, against=0).outcome == Outcome.ADOPTED


def test_exactly_half_of_all_households_approving_fails():
    result = domain.meeting_outcome(total=100, attended=80, approve=50, against=30)
    assert result.outcome == Outcome.NOT_ADOPTED
    assert (result.absent, result.other) == (20, 0)


def test_approval_is_counted_on_all_households_not_on_those_present():
    # 60 of 61 present approve (98% of those present) but 60 of 121 households is not more than half
    assert domain.meeting_outcome(total=121, attended=61, approve=60, against=1).outcome == Outcome.NOT_ADOPTED
    assert domain.meeting_outcome(total=121, attended=61, approve=61, against=0).outcome == Outcome.ADOPTED


@pytest.mark.parametrize("total, approve, outcome", [
    (3, 2, Outcome.ADOPTED), (3, 1, Outcome.NOT_ADOPTED), (1, 1, Outcome.ADOPTED),
    (201, 101, Outcome.ADOPTED), (201, 100, Outcome.NOT_ADOPTED), (200, 100, Outcome.NOT_ADOPTED),
])
def test_odd_and_even_totals_at_the_boundary(total, approve, outcome):
    assert domain.ballot_outcome(total=total, returned=total, approve=approve, against=0).outcome == outcome


def test_a_ballot_has_no_attendance_condition():
    assert domain.ballot_outcome(total=100, returned=52, approve=51, against=1).outcome == Outcome.ADOPTED


@pytest.mark.parametrize("kwargs, field", [
    ({"total": 100, "attended": 101, "approve": 60, "against": 0}, "attended"),   # more than the households
    ({"total": 100, "attended": 60, "approve": 50, "against": 11}, "approve"),    # votes exceed those present
    ({"total": 100, "attended": 60, "approve": -1, "against": 0}, "approve"),
])
def test_it_refuses_counts_that_cannot_be(kwargs, field):
    with pytest.raises(ValidationError) as exc:
        domain.meeting_outcome(**kwargs)
    assert field in exc.value.message_dict


def test_it_refuses_a_village_without_households():
    with pytest.raises(ValidationError) as exc:
        domain.ballot_outcome(total=0, returned=0, approve=0, against=0)
    assert exc.value.code == "no_households"


# --- periods (Art.9) and deadlines (Art.11, 12, 14, 18) ---------------------------------------------


def test_the_draft_is_posted_for_at_least_thirty_calendar_days():
    assert domain.period("draft_posting") == domain.Period(30, DeadlineUnit.DAY, "NĐ 61/2023/NĐ-CP Art.9")
    assert domain.posting_min_end(date(2026, 11, 1)) == date(2026, 12, 1)
    domain.check_comment_period(date(2026, 11, 1), date(2026, 12, 1))
    with pytest.raises(ValidationError) as exc:
        domain.check_comment_period(date(2026, 11, 1), date(2026, 11, 30))
    assert exc.value.error_dict["comment_until"][0].code == "posting_too_short"


def test_the_vote_comes_after_the_posting_period():
    domain.check_vote_date(posted_on=date(2026, 11, 1), comment_until=date(2026, 12, 5), held_on=date(2026, 12, 5))
    with pytest.raises(ValidationError):
        domain.check_vote_date(posted_on=date(2026, 11, 1), comment_until=date(2026, 12, 5), held_on=date(2026, 12, 4))
    with pytest.raises(ValidationError):
        domain.check_vote_date(posted_on=None, comment_until=None, held_on=date(2026, 12, 4))


@pytest.mark.parametrize("name, amount", [("submit", 5), ("recognise", 5), ("distribute", 2), ("suspend", 3),
                                          ("annul", 5)])
def test_the_within_deadlines_are_working_days(name, amount):
    p = domain.period(name)
    assert (p.amount, p.unit) == (amount, DeadlineUnit.WORKING_DAY)
    assert "NĐ 61/2023/NĐ-CP" in p.article


def test_the_dossier_deadline_skips_tet_2026():
    # meeting on Friday 13/02/2026; Tết Mon 16 – Fri 20/02 off: 5 WD = 23, 24, 25, 26, 27/02
    assert domain.submit_due(date(2026, 2, 13), CAL) == date(2026, 2, 27)
    # Fri 20/11: 23, (24/11 Ngày Văn hóa Việt Nam off in the package), 25, 26, 27, 30/11
    assert domain.recognise_due(date(2026, 11, 20), CAL) == date(2026, 11, 30)
    assert domain.distribute_due(date(2026, 11, 27), CAL) == date(2026, 12, 1)
    assert domain.measure_due(MeasureKind.SUSPENSION, date(2026, 11, 25), CAL) == date(2026, 11, 30)
    assert domain.measure_due(MeasureKind.ANNULMENT, date(2026, 11, 25), CAL) == date(2026, 12, 2)


def test_a_late_act_is_marked_late_not_refused():
    assert domain.is_late(date(2026, 3, 2), date(2026, 2, 27))
    assert not domain.is_late(date(2026, 2, 27), date(2026, 2, 27))
    assert not domain.is_late(None, date(2026, 2, 27))


# --- yearly review (Art.15.4) ----------------------------------------------------------------------


def test_the_review_is_due_after_the_great_unity_day():
    recognised = date(2025, 12, 1)
    assert not domain.review_overdue(recognised_on=recognised, last_review_on=None, today=date(2026, 11, 18))
    assert domain.review_overdue(recognised_on=recognised, last_review_on=None, today=date(2026, 11, 19))
    assert not domain.review_overdue(recognised_on=recognised, last_review_on=date(2026, 11, 18),
                                     today=date(2026, 11, 19))
    assert not domain.review_overdue(recognised_on=date(2026, 11, 20), last_review_on=None, today=date(2026, 12, 1))
    assert domain.review_overdue(recognised_on=recognised, last_review_on=None, today=date(2026, 10, 2),
                                 day=(10, 1))


# --- transitions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("current, target", [
    (State.DRAFTING, State.POSTED), (State.POSTED, State.BALLOT), (State.POSTED, State.ADOPTED),
    (State.BALLOT, State.ADOPTED), (State.ADOPTED, State.SUBMITTED), (State.SUBMITTED, State.RECOGNISED),
    (State.SUBMITTED, State.REFUSED), (State.RECOGNISED, State.DRAFTING), (State.RECOGNISED, State.SUSPENDED),
    (State.SUSPENDED, State.RECOGNISED), (State.SUSPENDED, State.ANNULLED),
])
def test_it_allows_the_steps_of_the_decree(current, target):
    domain.WORKFLOW.check(current, target)


@pytest.mark.parametrize("current, target", [
    (State.DRAFTING, State.RECOGNISED),   # recognition out of order
    (State.POSTED, State.SUBMITTED), (State.ADOPTED, State.RECOGNISED), (State.BALLOT, State.BALLOT),
    (State.ANNULLED, State.RECOGNISED), (State.WITHDRAWN, State.DRAFTING), ("nonsense", State.POSTED),
])
def test_it_refuses_steps_out_of_order(current, target):
    with pytest.raises(ValidationError) as exc:
        domain.WORKFLOW.check(current, target)
    assert exc.value.code == "invalid_transition"


# --- differences between versions -------------------------------------------------------------------


def test_the_diff_marks_words_inside_a_changed_line():
    lines = diff.diff_lines("Điều 1. Mức đóng góp 50.000 đồng/hộ.\nĐiều 2. Giữ gìn vệ sinh.",
                            "Điều 1. Mức đóng góp 70.000 đồng/hộ.\nĐiều 2. Giữ gìn vệ sinh.\nĐiều 3. Mới.")
    assert [line.kind for line in lines] == ["replace", "equal", "insert"]
    assert "<del>50.000</del><ins>70.000</ins>" in lines[0].html
    assert lines[2].html == "<ins>Điều 3. Mới.</ins>"
    assert diff.stats(lines) == diff.DiffStats(inserted=1, deleted=0, changed=1)


def test_the_diff_ignores_nfd_versus_nfc_and_escapes_html():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Hương ước thôn")
    assert [line.kind for line in diff.diff_lines("Hương ước thôn", nfd)] == ["equal"]
    lines = diff.diff_lines("a", "<script>alert(1)</script>")
    assert "<script>" not in "".join(line.html for line in lines)
    assert "&lt;script&gt;" in lines[0].html


def test_only_changes_elides_long_equal_runs():
    old = "\n".join(f"Dòng {i}" for i in range(10))
    new = old.replace("Dòng 5", "Dòng năm")
    shown = diff.only_changes(diff.diff_lines(old, new), context=1)
    assert shown[0] is None and shown[-1] is None
    assert [line.new_number for line in shown if line] == [5, 6, 7]
