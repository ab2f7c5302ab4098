"""The statutory deadline table (pure: no database)."""

from __future__ import annotations

from datetime import date

import pytest

from danchu.core.calendar import calendar_from_holidays
from danchu.core.deadlines import DeadlineUnit, due_date
from danchu.core.legal_rules import LAWS, RULES, LegalDeadline, all_rules, get_rule, unverified_rules


def test_it_groups_the_rules_by_the_eight_laws():
    assert set(LAWS) == {
        "grassroots", "complaints", "denunciations", "reception", "information", "feedback", "voters",
        "access_to_law",
    }
    assert all(law.rules for law in LAWS.values())


def test_it_keeps_every_key_unique_and_prefixed_by_its_law():
    keys = [rule.key for law in LAWS.values() for rule in law.rules]
    assert len(keys) == len(set(keys)) == len(RULES)
    for law in LAWS.values():
        assert all(rule.key.startswith(f"{law.key}.") for rule in law.rules)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.key)
def test_it_gives_every_rule_an_article_a_valid_unit_and_a_positive_amount(rule: LegalDeadline):
    assert rule.article.strip()
    assert "Art." in rule.article or "Mẫu" in rule.article or "TT " in rule.article or "NĐ " in rule.article
    assert rule.unit in DeadlineUnit.values
    assert isinstance(rule.amount, int) and rule.amount > 0
    assert rule.direction in ("within", "before", "at_least")
    assert isinstance(rule.verified, bool)


def test_it_flags_the_unverified_rules():
    unverified = {rule.key for rule in unverified_rules()}
    assert {
        "complaints.accept_1_from_2026",  # DX-2026 NĐ 155/2026 copy (conflict C1)
        "complaints.dialogue_notice_from_2026",
        "complaints.suspension_decision_send_from_2026",  # Luật 136/2025, §12.2.2
        "complaints.provide_documents",  # NĐ 124/2020 not read, §12.2.13
        "reception.refusal_notice_from_2026",  # NĐ 154/2026 copy
        "reception.online_session_notice_from_2026",
        "access_to_law.publish_recognition",  # district level abolished, §12.2.3
        "access_to_law.council_papers_before",
    } <= unverified
    assert all(rule.note for rule in unverified_rules())  # an unverified rule always says why


def test_it_keeps_the_units_exactly_as_the_texts_write_them():
    assert get_rule("grassroots.publicity_deadline").unit == DeadlineUnit.WORKING_DAY  # Art.12.3
    assert get_rule("complaints.accept_1").unit == DeadlineUnit.DAY  # Art.27 "10 ngày"
    assert get_rule("denunciations.initial_processing").amount == 7
    assert get_rule("denunciations.initial_processing").unit == DeadlineUnit.WORKING_DAY
    assert get_rule("information.electronic_extension").unit == DeadlineUnit.DAY  # "15 ngày"
    assert get_rule("grassroots.initiative_consent_valid").unit == DeadlineUnit.MONTH
    assert get_rule("voters.answer_voter").amount == 60


def test_it_says_which_laws_need_checking_before_use():
    assert "97/2025" in LAWS["grassroots"].caveat
    assert "136/2025" in LAWS["complaints"].caveat
    assert all(law.caveat and law.number and law.title for law in LAWS.values())


def test_it_raises_a_clear_error_for_an_unknown_key():
    with pytest.raises(KeyError, match="unknown legal deadline"):
        get_rule("complaints.nope")


def test_it_feeds_the_deadline_counter():
    cal = calendar_from_holidays([2026])
    rule = get_rule("denunciations.initial_processing")
    # received Friday 13/02/2026, before Tết: 7 WD -> 23, 24, 25, 26, 27/02, 02, 03/03
    assert due_date(date(2026, 2, 13), rule.amount, rule.unit, cal) == date(2026, 3, 3)
