"""The 07:00 reminder job and its management command: due within 1 working day, overdue; once per deadline."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from danchu.core.models import AuditEvent, Notification
from danchu.inforequests import services
from danchu.inforequests.models import InfoRequestReminder
from danchu.inforequests.tasks import send_inforequest_reminders

from .conftest import at

pytestmark = pytest.mark.django_db


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
        assert services.send_reminders() == 0
    with time_machine.travel(at(2026, 2, 24, 7, 0), tick=False):  # Tue: 1 working day left
        assert services.send_reminders() == 1
        assert services.send_reminders() == 0  # idempotent
    assert reminders_to(official) == [("in_app", f"Yêu cầu cung cấp thông tin {assigned.tracking_code} sắp đến hạn"),
                                      ("email", f"Yêu cầu cung cấp thông tin {assigned.tracking_code} sắp đến hạn")]
    assert InfoRequestReminder.objects.get().kind == "due_soon"


def test_it_reminds_of_overdue_requests_once_per_deadline(assigned, personas):
    with time_machine.travel(at(2026, 2, 26, 7, 0), tick=False):
        assert services.send_reminders() == 1
        assert services.send_reminders() == 0
        # a new deadline (notice of the deadline) is a new reminder when it comes close
        services.request_notify_deadline(request=assigned, actor=personas["official_a"])
        assert services.send_reminders() == 0
    with time_machine.travel(at(2026, 3, 12, 7, 0), tick=False):
        assert services.send_reminders() == 1
    kinds = list(InfoRequestReminder.objects.order_by("id").values_list("kind", "due_on"))
    assert kinds == [("overdue", date(2026, 2, 25)), ("due_soon", date(2026, 3, 13))]
    assert AuditEvent.objects.filter(verb="inforequests.request.reminded_overdue").count() == 1


def test_it_reminds_the_handlers_of_the_commune_when_nobody_is_assigned(tree, personas, submitted,
                                                                         friday_before_tet):
    submitted()
    with time_machine.travel(at(2026, 2, 26, 7, 0), tick=False):
        assert services.send_reminders() == 1
    assert reminders_to(personas["official_a"])
    assert not reminders_to(personas["official_b"]) and not reminders_to(personas["city_officer"])


def test_it_does_not_remind_of_closed_requests(assigned, personas):
    services.request_refuse(request=assigned, ground="already_public", reason="Đã niêm yết", actor=personas["official_a"])
    with time_machine.travel(at(2026, 2, 26, 7, 0), tick=False):
        assert services.send_reminders() == 0


def test_the_command_and_the_periodic_job_run_the_same_function(assigned, capsys):
    with time_machine.travel(at(2026, 2, 26, 7, 0), tick=False):
        call_command("send_inforequest_reminders")
        assert "Đã gửi 1 lời nhắc." in capsys.readouterr().out
        assert send_inforequest_reminders.call_local() == 0
    call_command("send_inforequest_reminders", "--date", "2026-02-24")
    assert InfoRequestReminder.objects.count() == 2


def test_the_command_explains_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_inforequest_reminders", "--date", "hôm nay")
