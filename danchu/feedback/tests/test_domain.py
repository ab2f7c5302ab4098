"""Pure rules of feedback: no database."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from danchu.core.calendar import calendar_from_holidays
from danchu.feedback import domain
from danchu.feedback.domain import CaseKind, State

CAL = calendar_from_holidays(range(2025, 2028))
VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAI_KHE = (10.0452, 105.7852)  # centroid of Phường Cái Khế (approximately), area ≈ 6.1 km²


# --- transitions ---------------------------------------------------------------------------------


def test_it_allows_the_main_path_received_accepted_in_progress_answered_closed():
    for a, b in [(State.RECEIVED, State.ACCEPTED), (State.ACCEPTED, State.IN_PROGRESS),
                 (State.IN_PROGRESS, State.ANSWERED), (State.ANSWERED, State.CLOSED)]:
        domain.WORKFLOW.check(a, b)


@pytest.mark.parametrize("end", [State.REJECTED, State.TRANSFERRED, State.DUPLICATE, State.CONVERTED])
def test_it_never_leaves_an_end_state(end):
    for target in State.values:
        assert not domain.WORKFLOW.allows(end, target)


def test_it_refuses_to_answer_a_closed_feedback_with_a_clear_code():
    with pytest.raises(ValidationError) as exc:
        domain.WORKFLOW.check(State.REJECTED, State.ANSWERED)
    assert exc.value.code == "invalid_transition"
    assert "Không thể chuyển phản ánh" in exc.value.messages[0]


def test_it_reopens_only_answered_or_closed():
    assert domain.WORKFLOW.allows(State.ANSWERED, State.IN_PROGRESS)
    assert domain.WORKFLOW.allows(State.CLOSED, State.IN_PROGRESS)
    assert not domain.WORKFLOW.allows(State.RECEIVED, State.CLOSED)


def test_open311_status_is_open_only_while_running():
    assert [domain.open311_status(s) for s in (State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS)] == ["open"] * 3
    assert {domain.open311_status(s) for s in domain.CLOSED_STATES} == {"closed"}


# --- deadlines (working days, BLDS Art.147-148; NĐ 20/2008 Art.9.1.d) -----------------------------


def test_transfer_deadline_is_five_working_days_from_receipt():
    # Monday 07/12/2026 → Monday 14/12/2026 (the day of receipt does not count)
    assert domain.transfer_due(date(2026, 12, 7), CAL) == date(2026, 12, 14)
    # Monday 23/11/2026: Tuesday 24/11 is Vietnam Cultural Day (a day off) → Tuesday 01/12/2026
    assert domain.transfer_due(date(2026, 11, 23), CAL) == date(2026, 12, 1)
    assert domain.transfer_period()[2] == "NĐ 20/2008/NĐ-CP Art.9.1.d"


def test_answer_deadline_skips_tet():
    # Friday 13/02/2026 + 5 WD: Tết is Mon 16 – Fri 20/02 → Mon 23 … Fri 27/02
    assert domain.answer_due(date(2026, 2, 13), 5, CAL) == date(2026, 2, 27)


def test_answer_deadline_received_on_a_saturday_starts_monday():
    assert domain.answer_due(date(2026, 11, 28), 1, CAL) == date(2026, 11, 30)


@pytest.mark.parametrize("days", [0, -1, 61, True, 2.5, "5"])
def test_answer_days_are_bounded(days):
    with pytest.raises(ValidationError):
        domain.answer_due(date(2026, 11, 23), days, CAL)


def test_answer_days_boundaries_are_accepted():
    domain.check_answer_days(1)
    domain.check_answer_days(domain.MAX_ANSWER_DAYS)


def test_overdue_only_from_the_day_after_the_due_date_and_only_while_open():
    due = date(2026, 11, 30)
    assert not domain.is_overdue(State.RECEIVED, due, due)
    assert domain.is_overdue(State.RECEIVED, due, due + timedelta(days=1))
    assert not domain.is_overdue(State.ANSWERED, due, due + timedelta(days=10))
    assert not domain.is_overdue(State.RECEIVED, None, due)


def test_answered_on_time_boundary():
    due = date(2026, 11, 30)
    assert domain.answered_on_time(due, due) is True
    assert domain.answered_on_time(due, due + timedelta(days=1)) is False
    assert domain.answered_on_time(None, due) is None


def test_escalation_after_three_working_days_late():
    from danchu.feedback.reminders import ESCALATE_AFTER_WORKING_DAYS as AFTER

    due = date(2026, 12, 4)  # Friday
    assert AFTER == 3
    assert not domain.should_escalate(State.ACCEPTED, due, date(2026, 12, 8), CAL, after=AFTER)  # 2 WD late
    assert domain.should_escalate(State.ACCEPTED, due, date(2026, 12, 9), CAL, after=AFTER)  # 3 WD late
    assert not domain.should_escalate(State.ANSWERED, due, date(2026, 12, 25), CAL, after=AFTER)


def test_due_within():
    assert domain.is_due_within(date(2026, 12, 8), date(2026, 12, 7), 1, CAL)
    assert not domain.is_due_within(date(2026, 12, 9), date(2026, 12, 7), 1, CAL)
    assert not domain.is_due_within(date(2026, 12, 6), date(2026, 12, 7), 1, CAL)


# --- satisfaction -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 5, "3", "4"])
def test_ratings_one_to_five_are_accepted(value):
    assert domain.check_rating(value) == int(value)


@pytest.mark.parametrize("value", [0, 6, -1, "", None, "abc", 3.5, "3.5", True, "1e3"])
def test_other_ratings_are_refused(value):
    with pytest.raises(ValidationError):
        domain.check_rating(value)


def test_satisfied_from_four():
    assert not domain.is_satisfied(3) and domain.is_satisfied(4) and not domain.is_satisfied(None)


def test_reopen_window_boundaries():
    answered = date(2026, 11, 20)
    assert domain.can_reopen(State.ANSWERED, 2, answered, answered + timedelta(days=10), 10)
    assert not domain.can_reopen(State.ANSWERED, 2, answered, answered + timedelta(days=11), 10)
    assert not domain.can_reopen(State.ANSWERED, 4, answered, answered, 10)  # satisfied
    assert domain.can_reopen(State.CLOSED, None, answered, answered, 10)
    assert not domain.can_reopen(State.IN_PROGRESS, 1, answered, answered, 10)


def test_rates():
    assert domain.rate(0, 0) is None
    assert domain.rate(1, 3) == 33.3
    assert domain.rate(3, 3) == 100.0


# --- location -------------------------------------------------------------------------------------


def test_distance_is_haversine():
    # Ninh Kiều wharf → Cái Răng market ≈ 5.3 km
    assert 4.5 < domain.distance_km(10.0342, 105.7880, 10.0021, 105.7540) < 6.0


def test_a_point_in_the_commune_is_kept_rounded():
    assert domain.check_point("10.04521234", "105.7852", centroid=CAI_KHE, area_km2=6.1) == (10.045212, 105.7852)


def test_no_point_is_fine_but_half_a_point_is_not():
    assert domain.check_point(None, "", centroid=CAI_KHE, area_km2=6.1) is None
    with pytest.raises(ValidationError) as exc:
        domain.check_point("10.04", None, centroid=CAI_KHE, area_km2=6.1)
    assert exc.value.error_dict["lat"][0].code == "incomplete_point"


@pytest.mark.parametrize("lat,lon,code", [
    ("abc", "105", "invalid_point"), ("nan", "105.7", "invalid_point"), ("inf", "105.7", "invalid_point"),
    ("48.85", "2.35", "point_outside_country"),  # Paris
    ("21.03", "105.85", "point_outside_commune"),  # Hà Nội
    ("10.12", "105.78", "point_outside_commune"),  # ≈ 8 km north of Cái Khế
])
def test_bad_points_are_refused(lat, lon, code):
    with pytest.raises(ValidationError) as exc:
        domain.check_point(lat, lon, centroid=CAI_KHE, area_km2=6.1)
    assert exc.value.error_dict["lat"][0].code == code


def test_commune_radius_grows_with_area_and_has_a_default():
    assert domain.commune_radius_km(None) == 15.0
    assert 3.5 < domain.commune_radius_km(6.1) < 4.0
    assert domain.commune_radius_km(100) > domain.commune_radius_km(10)


# --- duplicates -----------------------------------------------------------------------------------


def _c(text, *, cat="ha-tang", days=0, lat=10.0452, lon=105.7852, village=1):
    return domain.Candidate(cat, datetime(2026, 11, 20, 8, tzinfo=VN) + timedelta(days=days), lat, lon, village,
                            domain.tokens(text))


def test_tokens_fold_diacritics_and_drop_common_words():
    assert domain.tokens("Đèn đường ở hẻm 52 bị hư") == frozenset({"den", "duong", "hem", "52", "hu"})


def test_same_pothole_reported_twice_is_a_duplicate():
    a = _c("Ổ gà lớn trên đường Mậu Thân trước số 120, xe máy dễ té")
    b = _c("Đường Mậu Thân có ổ gà lớn gần nhà số 120", lat=10.0455, days=2)
    assert domain.duplicate_score(b, a) > 0.35


def test_other_category_or_far_in_time_or_place_is_not_a_duplicate():
    a = _c("Ổ gà lớn trên đường Mậu Thân trước số 120")
    assert domain.duplicate_score(_c("Ổ gà lớn trên đường Mậu Thân trước số 120", cat="moi-truong"), a) == 0
    assert domain.duplicate_score(_c("Ổ gà lớn trên đường Mậu Thân trước số 120", days=15), a) == 0
    assert domain.duplicate_score(_c("Rác thải đổ trộm ven kênh", lat=10.0452), a) == 0
    far = _c("Ổ gà ở hẻm khác hoàn toàn", lat=10.06, village=2)
    assert domain.duplicate_score(far, a) == 0


def test_without_points_the_same_village_counts_as_near():
    a = _c("Đèn đường hẻm 7 không sáng", lat=None, lon=None)
    b = _c("Đèn đường hẻm 7 tắt cả tuần", lat=None, lon=None)
    assert domain.duplicate_score(b, a) > 0


# --- classification, routing, codes -------------------------------------------------------------------


def test_complaints_and_denunciations_are_suggested_for_conversion():
    assert domain.suggest_case_kind("Tôi tố cáo cán bộ địa chính nhận hối lộ") == CaseKind.DENUNCIATION
    assert domain.suggest_case_kind("Tôi KHIẾU NẠI quyết định xử phạt") == CaseKind.COMPLAINT
    assert domain.suggest_case_kind("Đèn đường hư") is None


def test_routing_prefers_the_deepest_unit_then_the_category():
    routes = [domain.Route(None, "/1/", 10), domain.Route("ha-tang", "/1/", 11),
              domain.Route(None, "/1/2/", 12), domain.Route("ha-tang", "/1/2/", 13, 3),
              domain.Route("moi-truong", "/1/2/3/", 14)]
    assert domain.route("ha-tang", "/1/2/3/", routes).organisation_id == 13
    assert domain.route("moi-truong", "/1/2/3/", routes).organisation_id == 14
    assert domain.route("can-bo", "/1/2/3/", routes).organisation_id == 12
    assert domain.route("can-bo", "/1/5/", routes).organisation_id == 10
    assert domain.route("ha-tang", "/1/5/", routes).organisation_id == 11
    assert domain.route("ha-tang", "/9/", routes) is None


def test_tracking_codes():
    code = domain.TRACKING.new()
    assert domain.is_valid_tracking_code(code)
    assert domain.TRACKING.normalise(" pa-" + code[3:].lower()) == code
    assert not domain.is_valid_tracking_code("PA-0000000000")


@pytest.mark.parametrize("raw,ok", [("0912 345 678", "0912345678"), ("+84912345678", "0912345678"), ("", "")])
def test_phones(raw, ok):
    assert domain.normalise_phone(raw) == ok


def test_bad_phone():
    with pytest.raises(ValidationError):
        domain.normalise_phone("12345")


def test_category_codes():
    domain.check_category_code("ha-tang")
    for bad in ("", "Hạ tầng", "-x", "a" * 41):
        with pytest.raises(ValidationError):
            domain.check_category_code(bad)


def test_public_name_is_the_given_name_only():
    assert domain.mask_name("Nguyễn Văn An") == "An" and domain.mask_name("") == ""
