"""Periodic job: remind the units of tasks due within a week and of overdue ones."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="10"))
def send_steering_task_reminders() -> int:
    """Every morning at 07:10 (Asia/Ho_Chi_Minh); at most one reminder a day per task."""
    from .services import send_task_reminders

    return send_task_reminders()
