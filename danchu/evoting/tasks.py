"""Periodic job: close the online votes whose announced end has passed, so their results can be read."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/5"))
def close_due_polls() -> int:
    from .services import close_due_polls as run

    return run()
