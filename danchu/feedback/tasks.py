"""Periodic job: remind handlers of feedback due within 1 working day and of overdue ones; escalate to the
superior unit when 3 working days late; close answered feedback whose reopening window has passed."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from danchu.core.notify import tasks as _notify_tasks  # noqa: F401  (the worker must know the delivery task)


@db_periodic_task(crontab(hour="7", minute="10"))
def send_feedback_reminders() -> int:
    """Every morning at 07:10 (Asia/Ho_Chi_Minh); idempotent, so a re-run sends nothing twice."""
    from .services import close_answered, send_reminders

    return send_reminders() + close_answered()
