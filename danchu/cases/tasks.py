"""Periodic job: remind assignees of cases due within 3 working days and of overdue ones; escalate overdue cases to
the unit's leaders (Luật Tố cáo Art.38)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from danchu.core.notify import tasks as _notify_tasks  # noqa: F401  (the worker must know the delivery task)


@db_periodic_task(crontab(hour="7", minute="5"))
def send_case_reminders() -> int:
    """Every morning at 07:05 (Asia/Ho_Chi_Minh); idempotent, so a re-run sends nothing twice."""
    from .services import send_reminders

    return send_reminders()
