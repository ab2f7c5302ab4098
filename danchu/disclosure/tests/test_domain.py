"""Pure rules of disclosure (Law 10/2022 Art.11–14) — no database."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danchu.core.calendar import WorkCalendar, calendar_from_holidays
from danchu.core.legal_rules import rule_period_end
from danchu.core.workflow import InvalidTransition
from danchu.disclosure.domain import (
    LOUDSPEAKER_RULE,
    POSTING_RULE,
    WORKFLOW,
    Channel,
    ItemStatus,
    ProblemCode,
    category_or_error,
    is_editable,
    is_late,
    longest_run,
    makes_new_version,
    merge_periods,
    parse_quarter,
    period_complete,
    posting_days,
    posting_problems,
    publication_deadline,
    quarter_bounds,
    quarter_of,
    required_days,
)

CAL_2026 = calendar_from_holidays([2026])
PLAIN = WorkCalendar()  # weekends only
VILLAGES = {11: "Khu vực 1", 12: "Khu vực 2"}
TODAY = date(2026, 6, 30)


def P(channel, start, end=None, village=None):
    return {"channel": channel, "start": start, "end": end, "village_id": village}


def full(start=date(2026, 3, 1), end=date(2026, 3, 31)):
    """Every mandatory place, 30 days each: posted on 01/03 (not counted, BLDS Art.147), still up on 31/03."""
    return [P(Channel.PORTAL, start, end), P(Channel.COMMUNE_HQ, start, end),
            P(Channel.VILLAGE_HOUSE, start, end, 11), P(Channel.VILLAGE_HOUSE, start, end, 12)]


def codes(problems):
    return [p.code for p in problems]


# --- Art.12.3 deadline ---------------------------------------------------------------------------


def test_it_counts_five_working_days_from_the_day_after_the_decision():
    # Monday 02/03/2026 → Tue 1, Wed 2, Thu 3, Fri 4, Mon 5
    assert publication_deadline(date(2026, 3, 2), PLAIN) == date(2026, 3, 9)


def test_it_skips_tet_2026():
    # Friday 13/02/2026; Tết days off 16–20/02 (Mon–Fri) → 23, 24, 25, 26, 27/02
    assert publication_deadline(date(2026, 2, 13), CAL_2026) == date(2026, 2, 27)


def test_it_counts_the_swapped_saturday_22_08_2026_as_a_working_day():
    # Thu 20/08 → Fri 21 (1), Sat 22 worked (2), Mon 24 (3), Tue 25 (4), Wed 26 (5)
    assert CAL_2026.is_working_day(date(2026, 8, 22))
    assert publication_deadline(date(2026, 8, 20), CAL_2026) == date(2026, 8, 26)


def test_it_skips_the_swapped_day_off_and_national_day_2026():
    # Thu 27/08 → Fri 28 (1); 29–30 weekend; 31/08 swapped off; 01–02/09 National Day; Thu 03 (2) … Tue 08 (5)
    assert publication_deadline(date(2026, 8, 27), CAL_2026) == date(2026, 9, 8)


def test_it_is_not_late_on_the_last_day_and_late_the_day_after():
    decided = date(2026, 2, 13)
    assert not is_late(decided, date(2026, 2, 27), CAL_2026)
    assert is_late(decided, date(2026, 3, 2), CAL_2026)


def test_it_is_late_when_unpublished_after_the_deadline():
    decided = date(2026, 3, 2)
    assert not is_late(decided, None, PLAIN, today=date(2026, 3, 9))
    assert is_late(decided, None, PLAIN, today=date(2026, 3, 10))
    assert not is_late(decided, None, PLAIN)
    assert not is_late(None, date(2026, 12, 1), PLAIN)


# --- counting a posting period (BLDS Art.147: the posting day is not counted) ---------------------------


def test_it_does_not_count_the_posting_day():
    assert posting_days(date(2026, 3, 1), date(2026, 3, 31), TODAY) == 30
    assert posting_days(date(2026, 3, 1), date(2026, 3, 30), TODAY) == 29
    assert posting_days(date(2026, 3, 1), date(2026, 3, 1), TODAY) == 0  # taken down on the posting day
    assert posting_days(date(2026, 3, 1), None, date(2026, 3, 10)) == 9  # still up: counted to the end of today
    assert posting_days(date(2026, 7, 1), None, TODAY) == 0


def test_a_30_day_posting_from_1_march_is_complete_at_the_end_of_31_march():
    """The legal defect replayed: posted 01/03–30/03 was counted as 30 days (the posting day included); the law
    counts from the next day, so the notice must still be up on 31/03 — the same count as every minimum period
    (core.legal_rules.rule_period_end, also used by conventions and consultations)."""
    start = date(2026, 3, 1)
    assert rule_period_end(POSTING_RULE, start) == date(2026, 3, 31)
    assert not period_complete(POSTING_RULE, start, date(2026, 3, 30))
    assert period_complete(POSTING_RULE, start, date(2026, 3, 31))
    problems = posting_problems(1, full(end=date(2026, 3, 30)), VILLAGES, today=TODAY)
    assert codes(problems) == [ProblemCode.POSTING_TOO_SHORT] * 4
    assert "phải niêm yết đến hết ngày 31/03/2026" in problems[0].message


def test_the_last_day_of_a_posting_is_not_moved_past_a_sunday():
    # 30 days from Friday 02/10/2026 end on Sunday 01/11/2026: the notice stays up that Sunday, no later
    assert rule_period_end(POSTING_RULE, date(2026, 10, 2)) == date(2026, 11, 1)
    assert posting_problems(1, full(date(2026, 10, 2), date(2026, 11, 1)), VILLAGES,
                            today=date(2026, 12, 1)) == []


def test_it_merges_touching_and_overlapping_periods():
    periods = [(date(2026, 3, 16), date(2026, 3, 31)), (date(2026, 3, 1), date(2026, 3, 15)),
               (date(2026, 5, 1), None), (date(2026, 5, 10), date(2026, 5, 12))]
    assert merge_periods(periods) == [(date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 5, 1), None)]
    assert longest_run(periods[:2], TODAY) == (30, False)


def test_it_accepts_exactly_30_days():
    assert posting_problems(1, full(), VILLAGES, today=TODAY) == []


def test_it_rejects_29_days():
    problems = posting_problems(1, full(end=date(2026, 3, 30)), VILLAGES, today=TODAY)
    assert codes(problems) == [ProblemCode.POSTING_TOO_SHORT] * 4
    assert problems[0].days == 29
    assert "29 ngày" in problems[0].message and "30 ngày" in problems[0].message


def test_it_does_not_judge_a_posting_still_up():
    postings = full(start=date(2026, 6, 20), end=None)
    assert posting_problems(1, postings, VILLAGES, today=TODAY) == []


def test_it_counts_two_continuous_postings_as_one_run():
    postings = full()[1:]
    postings += [P(Channel.PORTAL, date(2026, 3, 1), date(2026, 3, 14)),
                 P(Channel.PORTAL, date(2026, 3, 15), date(2026, 3, 31))]
    assert posting_problems(1, postings, VILLAGES, today=TODAY) == []


def test_it_does_not_join_postings_with_a_gap():
    postings = full()[1:]
    postings += [P(Channel.PORTAL, date(2026, 3, 1), date(2026, 3, 14)),
                 P(Channel.PORTAL, date(2026, 3, 16), date(2026, 3, 31))]
    assert codes(posting_problems(1, postings, VILLAGES, today=TODAY)) == [ProblemCode.POSTING_TOO_SHORT]


# --- places (Art.13.1, 13.2) -----------------------------------------------------------------------


def test_it_reports_every_missing_place():
    problems = posting_problems(1, [], VILLAGES, today=TODAY)
    assert codes(problems) == [ProblemCode.PORTAL_MISSING, ProblemCode.COMMUNE_HQ_MISSING,
                               ProblemCode.VILLAGE_HOUSE_MISSING]
    assert problems[2].village_ids == (11, 12)
    assert "Khu vực 1, Khu vực 2" in problems[2].message


def test_it_does_not_require_a_portal_when_the_commune_has_none():
    problems = posting_problems(1, full()[1:], VILLAGES, today=TODAY, has_portal=False)
    assert problems == []


def test_it_requires_only_the_item_villages_when_set():
    postings = full()[:3]  # no posting at Khu vực 2
    assert posting_problems(1, postings, VILLAGES, today=TODAY, item_villages=[11]) == []
    assert codes(posting_problems(1, postings, VILLAGES, today=TODAY)) == [ProblemCode.VILLAGE_HOUSE_MISSING]


def test_it_ignores_item_villages_of_another_commune():
    postings = full()[:3]
    problems = posting_problems(1, postings, VILLAGES, today=TODAY, item_villages=[99])
    assert codes(problems) == [ProblemCode.VILLAGE_HOUSE_MISSING]


# --- loudspeaker (Art.13.3) ------------------------------------------------------------------------


@pytest.mark.parametrize("category", [7, 8, 9, 10, 11, 12])
def test_it_requires_the_loudspeaker_for_items_7_to_12(category):
    assert codes(posting_problems(category, full(), VILLAGES, today=TODAY)) == [ProblemCode.LOUDSPEAKER_MISSING]


@pytest.mark.parametrize("category", [1, 2, 3, 5, 6])
def test_it_does_not_require_the_loudspeaker_for_other_items(category):
    assert posting_problems(category, full(), VILLAGES, today=TODAY) == []


def test_it_accepts_3_loudspeaker_days_and_rejects_2():
    """Counted like the posting (the first day not counted): from 01/03 the 03 days end at the end of 04/03."""
    assert rule_period_end(LOUDSPEAKER_RULE, date(2026, 3, 1)) == date(2026, 3, 4)
    ok = full() + [P(Channel.LOUDSPEAKER, date(2026, 3, 1), date(2026, 3, 4))]
    short = full() + [P(Channel.LOUDSPEAKER, date(2026, 3, 1), date(2026, 3, 3))]
    assert posting_problems(7, ok, VILLAGES, today=TODAY) == []
    problems = posting_problems(7, short, VILLAGES, today=TODAY)
    assert codes(problems) == [ProblemCode.LOUDSPEAKER_TOO_SHORT] and problems[0].days == 2
    assert "03 ngày" in problems[0].message and "đến hết ngày 04/03/2026" in problems[0].message


def test_it_skips_the_loudspeaker_when_the_commune_has_none():
    assert posting_problems(7, full(), VILLAGES, today=TODAY, has_loudspeaker=False) == []


# --- permanent items (Art.11.4, 11.13) and item 14 --------------------------------------------------


@pytest.mark.parametrize("category", [4, 13])
def test_it_requires_an_open_ended_posting_for_permanent_items(category):
    assert codes(posting_problems(category, full(), VILLAGES, today=TODAY)) == [
        ProblemCode.PERMANENT_NOT_POSTED] * 4
    assert posting_problems(category, full(end=None), VILLAGES, today=TODAY) == []


def test_it_has_no_minimum_duration_for_item_14():
    assert posting_problems(14, full(end=date(2026, 3, 2)), VILLAGES, today=TODAY) == []


def test_it_does_not_judge_a_posting_that_has_not_started():
    future = full(start=date(2026, 7, 1), end=date(2026, 7, 5))
    assert posting_problems(1, future, VILLAGES, today=TODAY) == []


def test_it_reads_model_like_objects():
    class Row:
        def __init__(self, channel, start, end, village_id=None):
            self.channel, self.start, self.end, self.village_id = channel, start, end, village_id

    rows = [Row(p["channel"], p["start"], p["end"], p["village_id"]) for p in full()]
    assert posting_problems(1, rows, VILLAGES, today=TODAY) == []


def test_it_knows_the_minimum_per_channel():
    assert required_days(1, Channel.COMMUNE_HQ) == 30
    assert required_days(7, Channel.LOUDSPEAKER) == 3
    assert required_days(1, Channel.LOUDSPEAKER) is None
    assert required_days(4, Channel.PORTAL) is None
    assert required_days(99, Channel.PORTAL) is None


# --- categories, quarters, transitions ------------------------------------------------------------


def test_it_rejects_an_unknown_category_in_vietnamese():
    with pytest.raises(ValidationError) as exc:
        category_or_error(99)
    assert "khoản 1–14 Điều 11" in exc.value.message_dict["category"][0]
    for bad in ("abc", None, True, 0, 15):
        with pytest.raises(ValidationError):
            category_or_error(bad)
    assert category_or_error("7").number == 7


def test_it_finds_the_quarter():
    assert quarter_of(date(2026, 1, 1)) == (2026, 1)
    assert quarter_of(date(2026, 3, 31)) == (2026, 1)
    assert quarter_of(date(2026, 4, 1)) == (2026, 2)
    assert quarter_of(date(2026, 12, 31)) == (2026, 4)
    assert quarter_bounds(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    with pytest.raises(ValueError):
        quarter_bounds(2026, 5)


def test_it_parses_a_quarter_or_returns_none():
    assert parse_quarter("2026-Q3") == (2026, 3)
    assert parse_quarter("2026-3") == (2026, 3)
    for bad in ("", "2026", "2026-Q5", "abcd-Q1", "99999-Q1", "2026-Q"):
        assert parse_quarter(bad) is None


def test_it_allows_draft_to_published_to_withdrawn_only():
    WORKFLOW.check(ItemStatus.DRAFT, ItemStatus.PUBLISHED)
    WORKFLOW.check(ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN)
    for current, target in [(ItemStatus.DRAFT, ItemStatus.WITHDRAWN), (ItemStatus.PUBLISHED, ItemStatus.PUBLISHED),
                            (ItemStatus.WITHDRAWN, ItemStatus.PUBLISHED), (ItemStatus.WITHDRAWN, ItemStatus.DRAFT)]:
        with pytest.raises(InvalidTransition) as exc:
            WORKFLOW.check(current, target)
        assert exc.value.code == "invalid_transition"
    assert WORKFLOW.terminal_states == {ItemStatus.WITHDRAWN}


def test_it_versions_only_published_items():
    assert makes_new_version(ItemStatus.PUBLISHED)
    assert not makes_new_version(ItemStatus.DRAFT)
    assert is_editable(ItemStatus.DRAFT) and is_editable(ItemStatus.PUBLISHED)
    assert not is_editable(ItemStatus.WITHDRAWN)
