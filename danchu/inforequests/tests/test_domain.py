"""Pure rules: transitions, deadlines of Art.29–31 (across Tết 2026 and the swapped Saturday 22/08/2026),
refusal grounds, fees and the request form checks. No database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danchu.core.calendar import calendar_from_holidays
from danchu.core.deadlines import DeadlineUnit
from danchu.inforequests import domain
from danchu.inforequests.domain import Channel, Complexity, Delivery, FeePurpose, State

CAL = calendar_from_holidays([2026, 2027])
FRI_BEFORE_TET = date(2026, 2, 13)  # Tết 2026: Mon 16/02 – Fri 20/02 off


# --- transitions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("current, target", [
    (State.RECEIVED, State.PROVIDED), (State.RECEIVED, State.DEADLINE_NOTIFIED), (State.RECEIVED, State.REFUSED),
    (State.DEADLINE_NOTIFIED, State.PROVIDED), (State.DEADLINE_NOTIFIED, State.REFUSED),
    (State.DEADLINE_NOTIFIED, State.EXTENDED), (State.EXTENDED, State.PROVIDED), (State.EXTENDED, State.REFUSED),
])
def test_it_allows_the_transitions_of_the_law(current, target):
    domain.WORKFLOW.check(current, target)
    assert domain.WORKFLOW.allows(current, target)


@pytest.mark.parametrize("current, target", [
    (State.RECEIVED, State.EXTENDED),  # an extension needs the deadline notice first
    (State.RECEIVED, State.RECEIVED), (State.EXTENDED, State.EXTENDED), (State.EXTENDED, State.DEADLINE_NOTIFIED),
    (State.PROVIDED, State.REFUSED), (State.PROVIDED, State.EXTENDED), (State.REFUSED, State.PROVIDED),
    (State.REFUSED, State.RECEIVED), ("nonsense", State.PROVIDED),
])
def test_it_forbids_other_transitions(current, target):
    with pytest.raises(ValidationError) as exc:
        domain.WORKFLOW.check(current, target)
    assert exc.value.code == "invalid_transition"
    assert "Không thể chuyển yêu cầu" in exc.value.messages[0]


def test_it_closes_requests_once_provided_or_refused():
    assert domain.WORKFLOW.next_states(State.PROVIDED) == frozenset() == domain.WORKFLOW.next_states(State.REFUSED)
    assert domain.WORKFLOW.terminal_states == domain.CLOSED_STATES
    assert set(State.values) == domain.OPEN_STATES | domain.CLOSED_STATES


# --- deadline policy -------------------------------------------------------------------------------


def test_it_keeps_the_units_of_the_law():
    electronic = domain.policy(Channel.ELECTRONIC, Complexity.COMPLEX)
    assert (electronic.notice.amount, electronic.notice.unit) == (3, DeadlineUnit.WORKING_DAY)
    assert (electronic.provide.amount, electronic.provide.unit) == (15, DeadlineUnit.WORKING_DAY)
    assert (electronic.extension.amount, electronic.extension.unit) == (15, DeadlineUnit.DAY)  # "ngày"
    post = domain.policy(Channel.POST, Complexity.SIMPLE)
    assert (post.provide.amount, post.provide.unit, post.extension) == (5, DeadlineUnit.WORKING_DAY, None)
    in_person = domain.policy(Channel.IN_PERSON, Complexity.COMPLEX)
    assert (in_person.provide.amount, in_person.extension.amount, in_person.extension.unit) == (
        10, 10, DeadlineUnit.WORKING_DAY)
    assert "Art.30" in electronic.provide.article and "Art.29" in in_person.provide.article


def test_it_rejects_an_unknown_channel():
    with pytest.raises(ValueError):
        domain.policy("pigeon", Complexity.SIMPLE)


@pytest.mark.parametrize("channel, complexity, received, expected", [
    # electronic, simple: 3 WD; Tết days and the weekends around it do not count
    (Channel.ELECTRONIC, Complexity.SIMPLE, FRI_BEFORE_TET, date(2026, 2, 25)),
    # post, simple: 5 WD
    (Channel.POST, Complexity.SIMPLE, FRI_BEFORE_TET, date(2026, 2, 27)),
    # in person, simple: immediately — the same working day
    (Channel.IN_PERSON, Complexity.SIMPLE, FRI_BEFORE_TET, FRI_BEFORE_TET),
    # ... or the next working day when received on a day off (Sat 14/02 → Mon 23/02 after Tết)
    (Channel.IN_PERSON, Complexity.SIMPLE, date(2026, 2, 14), date(2026, 2, 23)),
    # in person, complex: 10 WD
    (Channel.IN_PERSON, Complexity.COMPLEX, FRI_BEFORE_TET, date(2026, 3, 6)),
    # electronic, complex: 15 WD
    (Channel.ELECTRONIC, Complexity.COMPLEX, FRI_BEFORE_TET, date(2026, 3, 13)),
    (Channel.POST, Complexity.COMPLEX, FRI_BEFORE_TET, date(2026, 3, 13)),
])
def test_it_counts_the_provide_deadline(channel, complexity, received, expected):
    assert domain.provide_due(received, channel, complexity, CAL) == expected


def test_it_counts_the_swapped_saturday_as_a_working_day():
    # Fri 21/08/2026 + 3 WD: Sat 22/08 is worked (in exchange for Mon 31/08), so Mon 24, Tue 25
    assert domain.provide_due(date(2026, 8, 21), Channel.ELECTRONIC, Complexity.SIMPLE, CAL) == date(2026, 8, 25)


def test_it_skips_the_swapped_monday_and_national_day():
    # Thu 27/08/2026 + 5 WD: Fri 28; Mon 31/08, Tue 1/09, Wed 2/09 off; Thu 3, Fri 4, Mon 7, Tue 8
    assert domain.provide_due(date(2026, 8, 27), Channel.POST, Complexity.SIMPLE, CAL) == date(2026, 9, 8)


def test_it_counts_the_notice_and_the_extension():
    assert domain.notice_due(FRI_BEFORE_TET, Channel.ELECTRONIC, CAL) == date(2026, 2, 25)
    assert domain.notice_due(FRI_BEFORE_TET, Channel.POST, CAL) == date(2026, 2, 25)
    assert domain.notice_due(FRI_BEFORE_TET, Channel.IN_PERSON, CAL) == date(2026, 3, 6)
    # electronic: 13/03 + 15 calendar days = Sat 28/03 → rolled forward to Mon 30/03 (BLDS Art.148.5)
    assert domain.extension_max(FRI_BEFORE_TET, Channel.ELECTRONIC, CAL) == date(2026, 3, 30)
    # in person: 06/03 + 10 WD = 20/03
    assert domain.extension_max(FRI_BEFORE_TET, Channel.IN_PERSON, CAL) == date(2026, 3, 20)


@pytest.mark.parametrize("state, complexity, expected", [
    (State.RECEIVED, Complexity.SIMPLE, date(2026, 2, 25)),
    (State.RECEIVED, Complexity.COMPLEX, date(2026, 2, 25)),  # the deadline notice is due first
    (State.DEADLINE_NOTIFIED, Complexity.COMPLEX, date(2026, 3, 13)),
    (State.EXTENDED, Complexity.COMPLEX, date(2026, 3, 30)),
    (State.PROVIDED, Complexity.COMPLEX, None),
    (State.REFUSED, Complexity.SIMPLE, None),
])
def test_it_gives_the_due_date_of_each_state(state, complexity, expected):
    assert domain.due_for(state, FRI_BEFORE_TET, Channel.ELECTRONIC, complexity, CAL) == expected


def test_it_tells_what_is_due_soon():
    due = date(2026, 2, 23)  # Monday after Tết
    assert domain.is_due_within(due, date(2026, 2, 13), 1, CAL)  # Friday before: 1 working day left
    assert domain.is_due_within(due, due, 0, CAL)
    assert not domain.is_due_within(date(2026, 2, 25), date(2026, 2, 13), 2, CAL)
    assert not domain.is_due_within(due, date(2026, 2, 24), 2, CAL)  # overdue is not "due soon"
    assert not domain.is_due_within(None, due, 2, CAL)


# --- refusal, fees ---------------------------------------------------------------------------------


def test_it_lists_the_refusal_grounds_of_article_28():
    assert [g.article.split(",")[0] for g in domain.REFUSAL_GROUNDS] == [
        "Art.28.1.a", "Art.28.1.a", "Art.28.1.b", "Art.28.1.c", "Art.28.1.d", "Art.28.1.đ", "Art.28.1.e"]
    assert len({g.code for g in domain.REFUSAL_GROUNDS}) == len(domain.REFUSAL_GROUNDS)


def test_it_requires_a_ground_and_written_reasons_to_refuse():
    domain.check_refusal("not_responsible", "Thông tin do Sở Xây dựng quản lý.")
    with pytest.raises(ValidationError) as exc:
        domain.check_refusal("because", "  ")
    assert set(exc.value.message_dict) == {"ground", "reason"}
    assert "khoản 2 Điều 28" in exc.value.message_dict["reason"][0]


@pytest.mark.parametrize("amount, purpose, note, delivery", [
    (0, "", "", Delivery.EMAIL),
    (20000, FeePurpose.COPY, "10 trang A4", Delivery.IN_PERSON),
    (35000, FeePurpose.COPY_POSTAGE, "10 trang, cước 25.000 đ", Delivery.POST),
])
def test_it_accepts_actual_costs(amount, purpose, note, delivery):
    domain.check_fee(amount, purpose, note, delivery)


@pytest.mark.parametrize("amount, purpose, note, delivery, field", [
    (-1, FeePurpose.COPY, "x", Delivery.POST, "fee_amount"),
    ("abc", FeePurpose.COPY, "x", Delivery.POST, "fee_amount"),
    ("1.5", FeePurpose.COPY, "x", Delivery.POST, "fee_amount"),
    (10000, "", "lệ phí", Delivery.POST, "fee_purpose"),  # no other fee or charge (Art.12.1)
    (10000, "service_fee", "x", Delivery.POST, "fee_purpose"),
    (10000, FeePurpose.COPY, "", Delivery.POST, "fee_note"),
    (10000, FeePurpose.POSTAGE, "cước", Delivery.EMAIL, "fee_purpose"),  # no sending cost for e-mail
    (0, FeePurpose.COPY, "", Delivery.POST, "fee_amount"),
])
def test_it_refuses_other_fees(amount, purpose, note, delivery, field):
    with pytest.raises(ValidationError) as exc:
        domain.check_fee(amount, purpose, note, delivery)
    assert field in exc.value.message_dict


# --- request form ----------------------------------------------------------------------------------


def test_it_makes_hard_to_guess_tracking_codes():
    codes = {domain.TRACKING.new() for _i in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert code.startswith("TT-") and len(code) == 13 and domain.is_valid_tracking_code(code)
        assert not set(code[3:]) & set("0O1IL")


def test_it_reads_a_tracking_code_as_typed():
    assert domain.TRACKING.normalise(" tt-abcd efgh23 ") == "TT-ABCDEFGH23"
    assert domain.TRACKING.normalise("ABCD-EFGH-23") == "TT-ABCDEFGH23"
    assert not domain.is_valid_tracking_code(domain.TRACKING.normalise("TT-0000000000"))
    assert not domain.is_valid_tracking_code("TT-ABC")


@pytest.mark.parametrize("raw, expected", [
    ("092 123 456 789", "092123456789"), ("123456789", "123456789"), ("b1234567", "B1234567")])
def test_it_accepts_id_numbers(raw, expected):
    assert domain.normalise_id_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "0921234567890", "ABC12345"])
def test_it_refuses_bad_id_numbers_in_vietnamese(raw):
    with pytest.raises(ValidationError) as exc:
        domain.normalise_id_number(raw)
    assert "id_number" in exc.value.message_dict
    assert any(word in exc.value.message_dict["id_number"][0] for word in ("CCCD", "CMND"))


@pytest.mark.parametrize("raw, expected", [
    ("0912 345 678", "0912345678"), ("+84912345678", "0912345678"), ("84912345678", "0912345678"), ("", "")])
def test_it_normalises_phone_numbers(raw, expected):
    assert domain.normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "09123", "abc", "+1 555 0100"])
def test_it_refuses_bad_phone_numbers(raw):
    with pytest.raises(ValidationError) as exc:
        domain.normalise_phone(raw)
    assert "Số điện thoại không hợp lệ" in exc.value.message_dict["phone"][0]
