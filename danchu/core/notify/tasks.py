"""Delivery job.

The huey consumer autodiscovers only `<app>.tasks` modules, so this task is registered in the worker
only when `danchu.core.notify` is imported there: `danchu/core/tasks.py` should carry
`from .notify import tasks as _notify_tasks  # noqa: F401` (importing `danchu.core.notify` is enough).
"""

from huey.contrib.djhuey import db_task

from .services import notification_deliver


@db_task(retries=3, retry_delay=60, context=True)
def deliver_notification(notification_id: int, task=None) -> str:
    """Deliver one notification; huey retries 3 times, 60 s apart; the last failure marks it failed."""
    final_attempt = task is None or not task.retries
    return notification_deliver(notification_id=notification_id, final_attempt=final_attempt)
