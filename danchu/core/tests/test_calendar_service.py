"""The calendar service: overrides from the database, the cache and its invalidation, the audit rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from danchu.core import calendar_service
from danchu.core.audit import verify
from danchu.core.calendar_service import compute_due, get_calendar, override_delete, override_set
from danchu.core.deadlines import DeadlineUnit
from danchu.core.models import AuditEvent, CalendarOverride

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_user(username="quantri", password="x", is_staff=True, is_superuser=True)


def test_it_builds_the_calendar_from_the_package_without_overrides():
    cal = get_calendar([2026])
    assert not cal.is_working_day(date(2026, 2, 17))
    assert cal.is_working_day(date(2026, 8, 22))
    assert cal.years == frozenset({2026})


def test_it_defaults_to_last_year_through_two_years_ahead():
    cal = get_calendar()
    assert len(cal.years) == 4


def test_it_rejects_years_outside_the_supported_range():
    with pytest.raises(ValueError):
        get_calendar([1980])
    with pytest.raises(ValueError):
        get_calendar([])


def test_it_applies_an_override_and_invalidates_the_cache(admin_user, django_capture_on_commit_callbacks):
    assert get_calendar([2026]).is_working_day(TUESDAY)  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        override_set(date=TUESDAY, kind="off", name="Nghỉ thêm", legal_basis="QĐ 1/2026", actor=admin_user)
    cal = get_calendar([2026])
    assert not cal.is_working_day(TUESDAY)
    assert cal.name_of(TUESDAY) == "Nghỉ thêm"


def test_it_serves_the_cached_calendar_without_a_query(django_assert_num_queries):
    get_calendar([2026])
    with django_assert_num_queries(0):
        get_calendar([2026])


def test_it_writes_an_audit_row_when_setting_an_override(admin_user):
    obj = override_set(date=TUESDAY, kind="off", name="Nghỉ thêm", legal_basis="QĐ 1/2026", actor=admin_user)
    event = AuditEvent.objects.get(verb="core.calendar_override.set")
    assert event.actor == admin_user
    assert event.target_id == str(obj.pk)
    assert event.data["kind"] == "off" and event.data["before"] is None
    assert verify() is None


def test_it_updates_an_existing_override_and_records_the_previous_value(admin_user):
    override_set(date=TUESDAY, kind="off", name="Nghỉ thêm", legal_basis="", actor=admin_user)
    override_set(date=TUESDAY, kind="work", name="Làm việc", legal_basis="CV 2/2026", actor=admin_user)
    assert CalendarOverride.objects.count() == 1
    obj = CalendarOverride.objects.get()
    assert (obj.kind, obj.name, obj.legal_basis) == ("work", "Làm việc", "CV 2/2026")
    last = AuditEvent.objects.filter(verb="core.calendar_override.set").order_by("-seq").first()
    assert last.data["before"]["kind"] == "off"


def test_it_deletes_an_override_audits_it_and_restores_the_package_answer(
    admin_user, django_capture_on_commit_callbacks
):
    override_set(date=date(2026, 8, 22), kind="off", name="Hủy làm bù", actor=admin_user)
    assert not get_calendar([2026]).is_working_day(date(2026, 8, 22))
    with django_capture_on_commit_callbacks(execute=True):
        override_delete(date=date(2026, 8, 22), actor=admin_user)
    assert not CalendarOverride.objects.exists()
    assert get_calendar([2026]).is_working_day(date(2026, 8, 22))
    event = AuditEvent.objects.get(verb="core.calendar_override.deleted")
    assert event.data["date"] == "2026-08-22"
    assert verify() is None


def test_it_accepts_a_string_actor(admin_user):
    override_set(date=TUESDAY, kind="off", name="x", actor="system")
    assert AuditEvent.objects.get().actor_label == "system"


def test_it_rejects_an_invalid_kind_without_writing_anything(admin_user):
    with pytest.raises(ValidationError):
        override_set(date=TUESDAY, kind="holiday", name="x", actor=admin_user)
    assert not CalendarOverride.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_raises_when_deleting_a_missing_override(admin_user):
    with pytest.raises(CalendarOverride.DoesNotExist):
        override_delete(date=TUESDAY, actor=admin_user)


def test_it_computes_a_due_date_with_the_overrides(admin_user):
    assert compute_due(date(2026, 3, 9), 1, "WD").due == TUESDAY
    override_set(date=TUESDAY, kind="off", name="Nghỉ thêm", actor=admin_user)
    assert compute_due(date(2026, 3, 9), 1, "WD").due == date(2026, 3, 11)


def test_it_loads_enough_years_for_a_deadline_crossing_into_next_years():
    # 27/01/2026 + 1 year of calendar days = 27/01/2027; + 365 WD lands in mid-2027; Tết 2027 is 04–10/02
    result = compute_due(date(2026, 12, 30), 30, DeadlineUnit.DAY)
    assert result.due == date(2027, 1, 29)
    result = compute_due(date(2027, 2, 3), 0, "D")
    assert result.due == date(2027, 2, 3)
    result = compute_due(date(2026, 12, 31), 25, "WD")  # crosses Tết 2027
    assert date(2027, 2, 8) in result.non_working_days
    assert compute_due(date(2026, 6, 1), 3650, "WD").due.year >= 2040


def test_it_uses_overrides_of_the_following_year(admin_user):
    override_set(date=date(2027, 1, 4), kind="off", name="Nghỉ thêm 2027", actor=admin_user)
    # Thursday 31/12/2026 + 1 WD: Fri 01/01/2027 holiday, weekend, Mon 04/01 overridden -> Tue 05/01
    assert compute_due(date(2026, 12, 31), 1, "WD").due == date(2027, 1, 5)


def test_it_rejects_bad_amounts_and_units():
    with pytest.raises(ValueError):
        compute_due(date(2026, 3, 9), -1, "D")
    with pytest.raises(ValueError):
        compute_due(date(2026, 3, 9), 1, "W")


def test_it_recovers_when_the_version_key_was_evicted(admin_user):
    get_calendar([2026])
    cache.delete(calendar_service.VERSION_KEY)
    override_set(date=TUESDAY, kind="off", name="x", actor=admin_user)
    assert not get_calendar([2026]).is_working_day(TUESDAY)


# --- through the Django admin ----------------------------------------------------------------------


@pytest.fixture
def admin_client_(client, admin_user, settings):
    settings.DANCHU_REQUIRE_2FA = False  # two-factor login is tested in accounts; here: the admin itself
    client.force_login(admin_user)
    return client


def test_it_audits_an_override_added_in_the_admin(admin_client_, admin_user):
    response = admin_client_.post(
        "/admin/core/calendaroverride/add/",
        {"date": "2026-03-10", "kind": "off", "name": "Nghỉ thêm", "legal_basis": "QĐ 1/2026"},
    )
    assert response.status_code == 302, response.content[:2000]
    obj = CalendarOverride.objects.get()
    event = AuditEvent.objects.get(verb="core.calendar_override.set")
    assert event.actor == admin_user and event.target_id == str(obj.pk)


def test_it_audits_an_override_changed_and_deleted_in_the_admin(admin_client_, admin_user):
    obj = override_set(date=TUESDAY, kind="off", name="Nghỉ thêm", actor=admin_user)
    response = admin_client_.post(
        f"/admin/core/calendaroverride/{obj.pk}/change/", {"kind": "work", "name": "Đi làm", "legal_basis": ""}
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get().kind == "work"
    response = admin_client_.post(f"/admin/core/calendaroverride/{obj.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True)) == [
        "core.calendar_override.set", "core.calendar_override.set", "core.calendar_override.deleted",
    ]


def test_it_shows_the_audit_log_read_only_in_the_admin(admin_client_, admin_user):
    override_set(date=TUESDAY, kind="off", name="Nghỉ thêm", actor=admin_user)
    assert admin_client_.get("/admin/core/auditevent/").status_code == 200
    assert admin_client_.get("/admin/core/auditevent/add/").status_code == 403
    event = AuditEvent.objects.get()
    assert admin_client_.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client_.get("/admin/core/notification/").status_code == 200
    assert admin_client_.get("/admin/core/attachment/").status_code == 200


@pytest.mark.django_db
def test_calendar_for_covers_the_start_year_and_the_next():
    from datetime import date

    from danchu.core.calendar_service import MAX_YEAR, calendar_for

    cal = calendar_for(date(2026, 12, 30))
    assert cal.years == frozenset({2026, 2027})
    assert calendar_for(date(MAX_YEAR, 1, 1)).years == frozenset({MAX_YEAR})
    assert calendar_for(date(2026, 1, 5), years_after=2).years == frozenset({2026, 2027, 2028})
