"""core.thresholds and the thresholds of the law in core.legal_rules (pure)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danchu.core.legal_rules import THRESHOLDS, get_threshold
from danchu.core.thresholds import (
    AT_LEAST_TWO_THIRDS,
    MORE_THAN_HALF,
    Threshold,
    at_least_half,
    at_least_two_thirds,
    more_than_half,
)


def test_more_than_half_fails_at_exactly_half():
    assert not more_than_half(2, 4)
    assert more_than_half(3, 4)
    assert more_than_half(2, 3)
    assert not more_than_half(0, 0)


def test_at_least_half_passes_at_exactly_half():
    assert at_least_half(2, 4)
    assert not at_least_half(1, 3)


def test_at_least_two_thirds_passes_at_exactly_two_thirds_and_never_rounds():
    assert at_least_two_thirds(2, 3)
    assert at_least_two_thirds(200, 300)
    assert not at_least_two_thirds(199, 300)
    assert not at_least_two_thirds(66, 100)  # 66% is below 2/3
    assert at_least_two_thirds(67, 100)


@given(st.integers(min_value=1, max_value=10_000))
def test_needed_is_the_smallest_count_that_reaches_the_threshold(total):
    for threshold in (MORE_THAN_HALF, AT_LEAST_TWO_THIRDS, Threshold(Fraction(1, 10), True)):
        n = threshold.needed(total)
        assert threshold.reached(n, total)
        assert n == 0 or not threshold.reached(n - 1, total)


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        more_than_half(-1, 3)
    with pytest.raises(TypeError):
        more_than_half(True, 3)
    with pytest.raises(ValueError):
        Threshold(Fraction(3, 2), True)


def test_the_law_s_thresholds_are_declared_with_their_articles():
    k1 = get_threshold("grassroots.pass_k1_k2")
    assert k1.reached(2, 3) and not k1.reached(1, 2)
    assert "Art.21.1.a" in k1.article and k1.describe() == "từ 2/3 trở lên"
    assert get_threshold("grassroots.pass_other").describe() == "trên 50%"
    assert get_threshold("grassroots.initiative").describe() == "từ 10% trở lên"
    assert get_threshold("grassroots.dismissal_petition").reached(5, 10)
    assert all(t.article for t in THRESHOLDS.values())
    with pytest.raises(KeyError):
        get_threshold("grassroots.nothing")
