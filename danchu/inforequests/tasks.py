"""Periodic job: remind handlers of information requests due within 1 working day, and of overdue ones."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from danchu.core.notify import tasks as _notify_tasks  # noqa: F401  (the worker must know the delivery task)


@db_periodic_task(crontab(hour="7", minute="0"))
def send_inforequest_reminders() -> int:
    """Every morning at 07:00 (Asia/Ho_Chi_Minh); idempotent, so a re-run sends nothing twice."""
    from .services import send_reminders

    return send_reminders()
