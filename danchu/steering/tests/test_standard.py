"""The access-to-law standard (standard.py, pure): QĐ 25/2021/QĐ-TTg Art.3–4 scoring and dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from danchu.steering import domain as d
from danchu.steering.standard import (
    ALL_INDICATORS,
    CRITERIA,
    DEFAULT_EVIDENCE,
    DEFAULT_INDICATOR_MAX,
    ScoreError,
    clean_scores,
    dossier_deadline,
    evaluate_standard,
    evidence_table,
    indicator_max_table,
    indicator_title,
    posting_ok,
    recognition_deadline,
)

# --- access-to-law standard (QĐ 25/2021/QĐ-TTg Art.3–4) --------------------------------------------


def test_the_standard_has_5_criteria_20_indicators_100_points():
    assert len(CRITERIA) == 5
    assert [len(c.indicators) for c in CRITERIA] == [2, 6, 3, 5, 4]
    assert len(ALL_INDICATORS) == 20
    assert sum(DEFAULT_INDICATOR_MAX.values()) == 100


def _full(points=5):
    return {code: Decimal(points) for code in ALL_INDICATORS}


def test_pass_rule_boundaries():
    maxima = DEFAULT_INDICATOR_MAX
    assert evaluate_standard(_full(), maxima, head_disciplined=False).passed
    exactly_80 = _full(4)  # 20 × 4 = 80, every criterion at 80%
    result = evaluate_standard(exactly_80, maxima, head_disciplined=False)
    assert result.total == 80 and result.passed
    below = dict(exactly_80, **{"TC1.CT1": Decimal("3.99")})
    assert not evaluate_standard(below, maxima, head_disciplined=False).total_ok


def test_a_weak_criterion_fails_even_with_a_high_total():
    scores = _full()
    scores["TC1.CT1"] = Decimal(0)
    scores["TC1.CT2"] = Decimal("4.99")  # TC1 = 4.99 < 50% of 10
    result = evaluate_standard(scores, DEFAULT_INDICATOR_MAX, head_disciplined=False)
    assert result.total_ok and result.failing_criteria == ("TC1",) and not result.passed
    scores["TC1.CT2"] = Decimal(5)  # exactly 50%: passes the criterion rule
    assert evaluate_standard(scores, DEFAULT_INDICATOR_MAX, head_disciplined=False).passed


def test_a_disciplined_head_fails_the_standard():
    result = evaluate_standard(_full(), DEFAULT_INDICATOR_MAX, head_disciplined=True)
    assert result.total == 100 and not result.head_ok and not result.passed


def test_configured_maxima_must_cover_all_and_total_100():
    table = {code: 5 for code in ALL_INDICATORS}
    assert indicator_max_table(table)["TC2.CT1"] == 5
    table["TC1.CT1"] = 6
    with pytest.raises(ScoreError):
        indicator_max_table(table)
    with pytest.raises(ScoreError):
        indicator_max_table({"TC1.CT1": 100})


def test_scores_are_bounded_by_the_indicator_maximum():
    maxima = DEFAULT_INDICATOR_MAX
    assert clean_scores({"TC1.CT1": "4,5", "TC1.CT2": ""}, maxima) == {"TC1.CT1": Decimal("4.5")}
    for bad in ({"TC1.CT1": "6"}, {"TC1.CT1": "-1"}, {"TC9.CT1": "1"}, {"TC1.CT1": "x"}, {"TC1.CT1": "1.234"}):
        with pytest.raises(ScoreError):
            clean_scores(bad, maxima)


def test_the_evidence_list_names_indicators_of_the_standard_and_known_sources():
    table = evidence_table(None, known_sources=["disclosure.published", "disclosure.on_time", "disclosure.late",
                                                   *[k for _c, keys in DEFAULT_EVIDENCE for k in keys]])
    assert table == DEFAULT_EVIDENCE and all(set(codes) <= set(ALL_INDICATORS) for codes, _k in table)
    assert evidence_table([(["TC2.CT2"], ["x.y"])]) == ((("TC2.CT2",), ("x.y",)),)
    for bad in ([(["TC9.CT1"], ["x.y"])], [([], ["x.y"])], ["TC2.CT2"], [(["TC2.CT2"], ["x.y"], 3)]):
        with pytest.raises(ScoreError):
            evidence_table(bad)
    with pytest.raises(ScoreError):
        evidence_table([(["TC2.CT2"], ["nope"])], known_sources=["x.y"])
    assert indicator_title("TC5.CT3").startswith("Không có cán bộ")


def test_posting_and_fixed_dates():
    assert posting_ok(date(2026, 1, 1), date(2026, 1, 5))
    assert not posting_ok(date(2026, 1, 1), date(2026, 1, 4))
    assert not posting_ok(None, date(2026, 1, 4))
    assert dossier_deadline(2025) == date(2026, 1, 9)
    assert recognition_deadline(2025) == date(2026, 2, 9)


def test_a_report_is_never_due_before_the_template_asked_for_it():
    usual = date(2026, 10, 7)
    assert d.due_after_issue(usual, None) == usual
    assert d.due_after_issue(usual, date(2026, 12, 8)) == date(2026, 12, 8)  # issued after the usual deadline
    assert d.due_after_issue(date(2027, 1, 8), date(2026, 12, 8)) == date(2027, 1, 8)  # issued in time
