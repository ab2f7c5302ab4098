"""The reminders of information requests (reminders.py, run by core.reminders every morning and by
`danchu send_reminders`): due within 1 working day, overdue; once per deadline."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from danchu.core import reminders
from danchu.core.models import AuditEvent, Notification, Reminder
from danchu.core.tasks import send_reminders as send_reminders_task
from danchu.inforequests import services
from danchu.inforequests.reminders import POLICY

from .conftest import at

pytestmark = pytest.mark.django_db


def send(today=None) -> int:
    return reminders.run_policy(POLICY, today=today)


def reminders_to(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=user).exclude(subject__startswith="Được giao")
                .order_by("id").values_list("channel", "subject"))


@pytest.fixture
def assigned(tree, personas, submitted, friday_before_tet):
    official = personas["official_a"]
    official.email = "canbo.a@caikhe.gov.vn"
    official.save(update_fields=["email"])
    r = submitted()  # due Wed 25/02/2026
    services.request_assign(request=r, assignee=official, actor=personas["superuser"])
    return r


def test_it_reminds_the_assignee_the_working_day_before_and_only_once(assigned, personas):
    official = personas["official_a"]
    with time_machine.travel(at(2026, 2, 23, 7, 0), tick=False):  # Mon: 2 working days left
        assert send() == 0
    with time_machine.travel(at(2026, 2, 24, 7, 0), tick=False):  # Tue: 1 working day left
        assert send() == 1
        assert send() == 0  # idempotent
    assert reminders_to(official) == [("in_app", f"Yêu cầu cung cấp thông tin {assigned.tracking_code} sắp đến hạn"),
                                      ("email", f"Yêu cầu cung cấp thông tin {assigned.tracking_code} sắp đến hạn")]
    reminder = Reminder.objects.get()
    assert (reminder.policy, reminder.target_type, reminder.target_id, reminder.kind, reminder.recipients) == (
        "inforequests", "inforequests.inforequest", assigned.pk, "due_soon", 1)


def test_it_reminds_of_overdue_requests_once_per_deadline(assigned, personas):
    with time_machine.travel(at(2026, 2, 26, 7, 0), tick=False):
        assert send() == 1
        assert send() == 0
        # a new deadline (notice of the deadline) is a new reminder when it comes close
        services.request_notify_deadline(request=assigned, actor=personas["official_a"])
        assert send() == 0
    with time_machine.travel(at(2026, 3, 12, 7, 0), tick=False):
        assert send() == 1
    kinds = list(Reminder.objects.order_by("id").values_list("kind", "due_on"))
    assert kinds == [("overdue", date(2026, 2, 25)), ("due_soon", date(2026, 3, 13))]
    event = AuditEvent.objects.get(verb="inforequests.request.reminded_overdue")
    assert event.unit_id == assigned.commune_id and event.data["recipients"] == [personas["official_a"].pk]


def test_it_reminds_the_handlers_of_the_commune_when_nobody_is_assigned(tree, personas, submitted,
                                                                         friday_before_tet):
    submitted()
    with time_machine.travel(at(2026, 2, 26, 7, 0), tick=False):
        assert send() == 1
    assert reminders_to(personas["official_a"])
    assert not reminders_to(personas["official_b"]) and not reminders_to(personas["city_officer"])


def test_it_does_not_remind_of_closed_requests(assigned, personas):
    services.request_refuse(request=assigned, ground="already_public", reason="Đã niêm yết", actor=personas["official_a"])
    with time_machine.travel(at(2026, 2, 26, 7, 0), tick=False):
        assert send() == 0


def test_the_command_and_the_periodic_job_run_the_same_sweep(assigned, capsys):
    with time_machine.travel(at(2026, 2, 26, 7, 0), tick=False):
        call_command("send_reminders", "--policy", "inforequests")
        assert "inforequests: đã gửi 1 lời nhắc" in capsys.readouterr().out
        assert send_reminders_task.call_local()["inforequests"] == 0
    call_command("send_reminders", "--policy", "inforequests", "--date", "2026-02-24")
    assert Reminder.objects.filter(policy="inforequests").count() == 2


def test_the_policy_is_run_by_the_daily_sweep_with_its_declared_verbs():
    from danchu.core.verbs import declared_verbs

    assert reminders.policy_named("inforequests") is POLICY
    assert POLICY.verbs() == {"inforequests.request.reminded_due_soon", "inforequests.request.reminded_overdue"}
    assert POLICY.verbs() <= declared_verbs()


@pytest.mark.django_db(transaction=True)
def test_reminders_sent_before_the_upgrade_are_not_sent_again(tree, requester):
    """Migration 0003 copies the rows of the old InfoRequestReminder into core.Reminder, then drops the table."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("inforequests", "0002_late_steps")], [("inforequests", "0003_procedure_and_core_reminders")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        request = old.get_model("inforequests", "InfoRequest").objects.create(
            commune_id=tree.commune_a.pk, tracking_code="TT-ABCDEFGH23", full_name="Lê Thị Hoa", address="Số 5",
            id_number="092186001234", content="Dự toán", delivery="email", purpose="Tìm hiểu",
            channel="electronic", complexity="simple", state="received", received_on=date(2026, 2, 13),
            due_on=date(2026, 2, 25))
        old.get_model("inforequests", "InfoRequestReminder").objects.create(
            request=request, kind="overdue", due_on=date(2026, 2, 25), sent_at=at(2026, 2, 26, 7, 0))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    copied = Reminder.objects.get()
    assert (copied.policy, copied.target_type, copied.target_id, copied.kind, copied.due_on) == (
        "inforequests", "inforequests.inforequest", request.pk, "overdue", date(2026, 2, 25))
    with time_machine.travel(at(2026, 2, 27, 7, 0), tick=False):
        assert send() == 0  # already sent before the upgrade
    assert not Notification.objects.exists()
