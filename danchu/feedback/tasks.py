"""Feedback's own periodic job (its reminders run with every app's, core/tasks.py): close answered feedback whose
reopening window has passed."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="7", minute="10"))
def close_answered_feedback() -> int:
    """Every morning at 07:10 (Asia/Ho_Chi_Minh); idempotent."""
    from .services import close_answered

    return close_answered()
