"""Pure rules — no database."""

from datetime import UTC, datetime, timedelta

import pytest

from danchu.evoting import domain
from danchu.evoting.domain import PollState, Window


def test_it_needs_more_than_half_of_households_opted_in_exactly_half_is_not_enough():
    assert not domain.opt_in_allows_poll(50, 100)
    assert domain.opt_in_allows_poll(51, 100)
    assert not domain.opt_in_allows_poll(2, 4)
    assert domain.opt_in_allows_poll(3, 5)
    assert not domain.opt_in_allows_poll(2, 5)
    assert not domain.opt_in_allows_poll(0, 0)


def test_k6_passes_on_more_than_half_of_all_households_not_of_voters():
    assert not domain.k6_passes(100, 200)
    assert domain.k6_passes(101, 200)
    # 60 of 70 voters agree, but the village has 200 households
    assert not domain.k6_passes(60, 200)


def test_transitions_go_forward_only():
    assert domain.WORKFLOW.allows(PollState.DRAFT, PollState.OPEN)
    assert domain.WORKFLOW.allows(PollState.OPEN, PollState.CLOSED)
    assert domain.WORKFLOW.allows(PollState.CLOSED, PollState.PUBLISHED)
    assert not domain.WORKFLOW.allows(PollState.CLOSED, PollState.OPEN)
    assert not domain.WORKFLOW.allows(PollState.DRAFT, PollState.CLOSED)
    assert not domain.WORKFLOW.allows(PollState.PUBLISHED, PollState.CLOSED)


def test_window_is_half_open_a_vote_at_the_closing_instant_is_late():
    opens = datetime(2026, 11, 1, 7, tzinfo=UTC)
    closes = opens + timedelta(hours=10)
    assert domain.window(opens, closes, opens - timedelta(microseconds=1)) == Window.BEFORE
    assert domain.window(opens, closes, opens) == Window.DURING
    assert domain.window(opens, closes, closes - timedelta(microseconds=1)) == Window.DURING
    assert domain.window(opens, closes, closes) == Window.AFTER


def test_options_are_cleaned_and_checked():
    assert domain.clean_options([" Đồng  ý ", "Không đồng ý", ""]) == ["Đồng ý", "Không đồng ý"]
    for bad in (["Một"], ["A", "a"], [str(i) for i in range(11)], ["x" * 201, "y"]):
        with pytest.raises(ValueError):
            domain.clean_options(bad)


def test_receipt_codes_are_random_normalised_and_hashed_with_the_poll_salt():
    code = domain.new_receipt_code()
    assert len(code) == 17 and code.count("-") == 2
    assert code != domain.new_receipt_code()
    assert domain.normalise_receipt_code(code.lower().replace("-", " ")) == code
    assert domain.normalise_receipt_code("ABC") == ""
    assert domain.normalise_receipt_code("0" * 15) == ""  # 0 is not in the alphabet
    h = domain.receipt_hash(code, "salt1")
    assert len(h) == 64 and h == domain.receipt_hash(code.lower(), "salt1")
    assert h != domain.receipt_hash(code, "salt2")


def test_count_ballots_counts_per_option_and_rejects_unknown_indices():
    result = domain.count_ballots(["Đồng ý", "Không", "Khác"], [0, 0, 1, 0, 2], total_households=7)
    assert result.counts == (3, 1, 1) and result.voters == 5 and result.approvals == 3
    assert not result.passes  # 3 of 7 households
    assert domain.count_ballots(["A", "B"], [0] * 4, total_households=7).passes
    assert not domain.count_ballots(["A", "B"], [0] * 4, total_households=8).passes
    with pytest.raises(ValueError):
        domain.count_ballots(["A", "B"], [0, 2], total_households=3)
