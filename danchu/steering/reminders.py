"""Reminders of steering: the units of tasks due within a week, then once more when a task is overdue.

A core reminder policy (core/reminders.py), listed in settings.DANCHU_REMINDER_POLICIES and run by the daily sweep
(`danchu send_reminders`, the huey task of core): each open task of an issued plan is reminded at most once
"due soon" (from TASK_DUE_SOON_DAYS days before its deadline) and once "overdue" (the day after its deadline or
later), for its due date; the core table `Reminder` keeps what was sent so that nothing is sent twice and writes the
audit row `steering.task.reminded_<kind>` with the recipients. The staff told are those who submit the reports of
the assignee unit (Capability.SUBMIT_REPORTS), in the application.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.reminders import Due, ReminderPolicy

# When to start reminding before a task's deadline: a policy of this project, not a rule of law.
TASK_DUE_SOON_DAYS = 7


def task_recipients(task, today):
    """The users who hold, on `today`, a position with the capability to submit reports in an organisation of
    the task's assignee unit that has not been dissolved (one entry per appointment)."""
    from danchu.units.domain import ROLE_CAPABILITIES, Capability
    from danchu.units.models import Appointment

    roles = [r for r, caps in ROLE_CAPABILITIES.items() if r and Capability.SUBMIT_REPORTS in caps]
    appointments = (Appointment.objects.active_on(today)
                    .filter(position__role__in=roles, position__organisation__unit=task.assignee_unit,
                            user__isnull=False, position__organisation__dissolved_on__isnull=True)
                    .select_related("user").order_by("pk"))
    return [a.user for a in appointments]


class TaskReminders(ReminderPolicy):
    name = "steering"
    kinds = {"due_soon": gettext_lazy("Nhiệm vụ sắp đến hạn"), "overdue": gettext_lazy("Nhiệm vụ quá hạn")}
    targets = ("steering.task",)

    def due(self, today, cal):
        from .domain import PlanState
        from .models import Task

        horizon = today + timedelta(days=TASK_DUE_SOON_DAYS)
        tasks = (Task.objects.open().filter(plan__state=PlanState.ISSUED, due_on__lte=horizon)
                 .select_related("assignee_unit", "plan").order_by("due_on", "pk"))
        for task in tasks:
            yield Due(task, "overdue" if task.is_overdue(today) else "due_soon", task.due_on)

    def send(self, item, *, today, cal):
        from danchu.core.notify import notify

        task = item.obj
        subject = (_("Nhiệm vụ quá hạn: %(t)s") if item.kind == "overdue" else _("Nhiệm vụ sắp đến hạn: %(t)s")) % {
            "t": task.title}
        body = _("Kế hoạch: %(p)s. Thời hạn: %(d)s.") % {"p": task.plan.title, "d": task.due_on.strftime("%d/%m/%Y")}
        url = reverse("steering:task-detail", args=[task.pk])
        users = task_recipients(task, today)
        for user in users:
            notify(channel="in_app", recipient=user, subject=subject, body=body, url=url, actor="danchu")
        return users


POLICY = TaskReminders()
