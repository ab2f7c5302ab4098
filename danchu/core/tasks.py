"""Periodic jobs registry. Later modules register their own periodic jobs with huey's
`@db_periodic_task(crontab(...))` in their `tasks.py`; this module holds the platform's own."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import audit
from .notify import tasks as _notify_tasks  # noqa: F401  (the worker must know the delivery task)


@db_periodic_task(crontab(hour="2", minute="15"))
def verify_audit_chain_nightly():
    """Every night: walk the audit chain against every signed checkpoint and log loudly if it was tampered with;
    when intact, sign a new checkpoint of the head (published on the public page and appended outside the DB)."""
    import logging

    breach = audit.verify()
    if breach:
        logging.getLogger("danchu.audit").error("audit chain broken at #%s: %s", breach.seq, breach.reason)
        return {"seq": breach.seq, "reason": breach.reason}
    audit.checkpoint()
    return None


@db_periodic_task(crontab(hour="7", minute="0"))
def send_reminders() -> dict:
    """Every morning at 07:00 (Asia/Ho_Chi_Minh): the deadline reminders of every app (core.reminders);
    idempotent, so a re-run or a second worker sends nothing twice."""
    from . import reminders

    return reminders.run()


@db_periodic_task(crontab(hour="3", minute="40"))
def prune_rate_counters() -> int:
    """Every night: drop the rate-limit counters of windows that are over (no Redis: they live in the database)."""
    from . import ratelimit

    return ratelimit.prune()


@db_task()
def heartbeat(token: str) -> str:
    """Echo task used by /healthz (queue status) and by tests of the worker."""
    return token
