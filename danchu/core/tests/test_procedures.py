"""core.procedures: tracking codes (pure)."""

from hypothesis import given
from hypothesis import strategies as st

from danchu.core.procedures import SAFE_ALPHABET, TrackingCode

FEEDBACK = TrackingCode(prefix="PA-")
CASES = TrackingCode(groups=(4, 4, 2))


def test_new_codes_use_the_safe_alphabet_and_are_valid():
    for scheme in (FEEDBACK, CASES):
        code = scheme.new()
        assert scheme.is_valid(code)
        body = code[len(scheme.prefix):].replace("-", "")
        assert len(body) == 10 and set(body) <= set(SAFE_ALPHABET)
    assert CASES.new()[4] == "-" and CASES.new()[9] == "-"


def test_what_people_type_is_normalised():
    assert FEEDBACK.normalise("pa-abcd 2345 67") == "PA-ABCD234567"
    assert FEEDBACK.normalise("abcd.2345.67") == "PA-ABCD234567"
    assert FEEDBACK.normalise("PAABCD234567") == "PA-ABCD234567"
    # a code whose body itself starts with PA, typed without the prefix
    assert FEEDBACK.normalise("PAXY234567") == "PA-PAXY234567"
    assert CASES.normalise("abcd efgh jk") == "ABCD-EFGH-JK"
    assert CASES.normalise("ABCD-EFGH-JK") == "ABCD-EFGH-JK"


def test_codes_issued_with_an_older_alphabet_stay_valid():
    assert CASES.is_valid("ABCL-0000-1I")


def test_invalid_codes_are_refused():
    assert not FEEDBACK.is_valid("PA-ABC")
    assert not FEEDBACK.is_valid("TT-ABCD234567")
    assert not CASES.is_valid("ABCDEFGHJK")
    assert not CASES.is_valid("abcd-efgh-jk")
    assert not FEEDBACK.is_valid("")


@given(st.text(max_size=60))
def test_normalising_never_fails_and_is_stable(text):
    for scheme in (FEEDBACK, CASES):
        once = scheme.normalise(text)
        assert scheme.normalise(once) == once or not scheme.is_valid(once)
