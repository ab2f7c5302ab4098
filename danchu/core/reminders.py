"""Deadline reminders: one table, one sweep, a policy per app.

An app that wants its records reminded writes a policy in `<app>/reminders.py`:

    class InfoRequestReminders(ReminderPolicy):
        name = "inforequests"
        kinds = {"due_soon": _("Sắp đến hạn"), "overdue": _("Quá hạn")}

        def due(self, today, cal):                       # what should be reminded today
            for r in InfoRequest.objects.due_by(cal.next_working_day(today)):
                yield Due(r, "overdue" if r.due_on < today else "due_soon", r.due_on)

        def send(self, item, *, today, cal):             # notify; return who was told
            ...notify(..., url=reverse("inforequests:staff-detail", args=[item.obj.pk]))...
            return users

    POLICY = InfoRequestReminders()

and names it in `settings.DANCHU_REMINDER_POLICIES` (an explicit list, in the order they run). `run()` — called by
the `danchu send_reminders` command and by the daily huey task in core/tasks.py — asks every policy for its due
items and, for each, in one transaction: inserts the `Reminder` row (unique on record, kind and due date: a
second run, or a second worker, sends nothing twice), calls `send`, and writes the audit row
`<app>.<model>.reminded_<kind>` with the recipients. Everything runs in Vietnamese. A failure in one item is logged
and rolled back (its row too, so it is retried next run) without stopping the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.module_loading import import_string

from . import audit, clock
from .models import Reminder
from .scoping import unit_of

log = logging.getLogger("danchu.reminders")


@dataclass(frozen=True)
class Due:
    """One reminder to send: about `obj`, of `kind`, for the deadline `due_on`."""

    obj: models.Model
    kind: str
    due_on: date
    data: dict = field(default_factory=dict, compare=False)


class ReminderPolicy:
    """What one app reminds, and to whom. Subclasses set `name` and `kinds` and write `due` and `send`."""

    name: str = ""
    kinds: dict[str, str] = {}  # kind → label
    targets: tuple[str, ...] = ()  # the models reminded, as "app.model" labels (for the list of audit verbs)

    def due(self, today: date, cal) -> Iterable[Due]:  # pragma: no cover — abstract
        raise NotImplementedError

    def send(self, item: Due, *, today: date, cal) -> list:  # pragma: no cover — abstract
        """Send the notifications of one item (inside its transaction); return the users (or addresses) told."""
        raise NotImplementedError

    def verb(self, item: Due) -> str:
        """The audit verb: "<app>.<model>.reminded_<kind>" (each declared in the app's verbs.py)."""
        return f"{item.obj._meta.label_lower}.reminded_{item.kind}"

    def verbs(self) -> set[str]:
        """Every audit verb this policy can write, without running it."""
        return {f"{target}.reminded_{kind}" for target in self.targets for kind in self.kinds}

    def unit(self, item: Due):
        return unit_of(item.obj)


def policies() -> list[ReminderPolicy]:
    return [import_string(path) for path in settings.DANCHU_REMINDER_POLICIES]


def policy_named(name: str) -> ReminderPolicy:
    for policy in policies():
        if policy.name == name:
            return policy
    raise LookupError(name)


def already_sent(obj: models.Model, kind: str, due_on: date) -> bool:
    return Reminder.objects.filter(target_type=obj._meta.label_lower, target_id=obj.pk, kind=kind,
                                   due_on=due_on).exists()


def _send_one(policy: ReminderPolicy, item: Due, today: date, cal) -> bool:
    target_type = item.obj._meta.label_lower
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a concurrent duplicate only undoes this insert
                reminder = Reminder.objects.create(policy=policy.name, target_type=target_type,
                                                   target_id=item.obj.pk, kind=item.kind, due_on=item.due_on,
                                                   sent_at=clock.now())
        except IntegrityError:
            return False
        recipients = list(policy.send(item, today=today, cal=cal) or [])
        reminder.recipients = len(recipients)
        reminder.save(update_fields=["recipients"])
        audit.record(actor="system", verb=policy.verb(item), target=item.obj, unit=policy.unit(item),
                     data={"kind": item.kind, "due_on": item.due_on,
                           "recipients": [getattr(r, "pk", r) for r in recipients], **item.data})
    return True


def run_policy(policy: ReminderPolicy, *, today: date | None = None, cal=None) -> int:
    """Send what `policy` has due today; returns how many reminders were sent (not already sent before)."""
    from .calendar_service import get_calendar

    today = today or clock.today()
    cal = cal or get_calendar(range(today.year - 1, today.year + 2))
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for item in policy.due(today, cal):
            if already_sent(item.obj, item.kind, item.due_on):
                continue
            try:
                sent += _send_one(policy, item, today, cal)
            except Exception:
                log.exception("reminder %s %s#%s %s failed", policy.name, item.obj._meta.label_lower,
                              item.obj.pk, item.kind)
    return sent


def run(*, today: date | None = None, only: Iterable[str] | None = None) -> dict[str, int]:
    """Run every policy of settings.DANCHU_REMINDER_POLICIES (or those named in `only`); {name: sent}."""
    wanted = set(only) if only else None
    return {p.name: run_policy(p, today=today) for p in policies() if wanted is None or p.name in wanted}


__all__ = ["Due", "ReminderPolicy", "already_sent", "policies", "policy_named", "run", "run_policy"]
