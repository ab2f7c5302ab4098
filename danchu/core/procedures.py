"""Deadline-bearing records (procedures): one abstract base, one QuerySet, one tracking-code scheme.

A procedure is something a resident or an office starts, that a unit must handle by a due date: a feedback, an
information request, a complaint, a voter petition. Each app keeps its own model, states and law; what they share
lives here:

    class InfoRequest(Procedure):
        unit_field = "commune"                      # core.scoping: the unit it belongs to
        OPEN_STATES = domain.OPEN_STATES
        commune = models.ForeignKey(AdministrativeUnit, ...)
        state = models.CharField(choices=State.choices, ...)
        objects = ProcedureQuerySet.as_manager()

    InfoRequest.objects.open().overdue(today)          # due before today and still open
    InfoRequest.objects.in_subtree(commune).due_soon(today, 1)

`Procedure` brings `tracking_code`, `received_on`, `due_on`, `closed_on` and `assignee`; a model whose data
differs (a feedback closes at a moment, not a day) removes an inherited field by setting it to None in the class
body and overrides `closed_on_value()`. A deadline ends at the end of its last day (BLDS Art.148.1), so a record is
overdue from the day after `due_on` (`core.deadlines.is_overdue`).

Tracking codes are read aloud on the phone and typed from an SMS: `TrackingCode` draws them from an alphabet
without 0/O/1/I/L, accepts what people type (lower case, spaces, dots, dashes, the prefix or not) and stores one
canonical form.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .deadlines import DeadlineUnit, due_date, is_overdue
from .scoping import ScopedQuerySet, UnitScoped

SAFE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out loud or typed from an SMS


@dataclass(frozen=True)
class TrackingCode:
    """A scheme of tracking codes: `prefix` + `length` characters, optionally grouped ("ABCD-EFGH-JK").

    Codes issued before this scheme may hold any letter or digit (an older alphabet had L), so validation accepts
    [A-Z0-9]; new codes use `SAFE_ALPHABET` only."""

    prefix: str = ""
    length: int = 10
    groups: tuple[int, ...] = ()
    alphabet: str = SAFE_ALPHABET

    def _format(self, body: str) -> str:
        if self.groups:
            parts, i = [], 0
            for size in self.groups:
                parts.append(body[i:i + size])
                i += size
            body = "-".join(parts)
        return self.prefix + body

    def new(self) -> str:
        return self._format("".join(secrets.choice(self.alphabet) for _i in range(self.length)))

    def normalise(self, text) -> str:
        """What a person types → the stored form: upper case; spaces, dots, dashes and underscores ignored; the
        prefix optional. Input that cannot be a code comes back unchanged in substance (upper case, cut to 40
        characters) so that a lookup simply finds nothing."""
        raw = re.sub(r"[\s\-_.]", "", str(text or "").upper())[:40]
        bare = self.prefix.rstrip("-").upper()
        if bare and raw.startswith(bare) and len(raw) > self.length:
            raw = raw[len(bare):]
        if len(raw) == self.length and raw.isalnum() and raw.isascii():
            return self._format(raw)
        return (self.prefix + raw) if self.prefix else raw

    def is_valid(self, code: str) -> bool:
        if not code or not code.startswith(self.prefix):
            return False
        body = code[len(self.prefix):].replace("-", "") if self.groups else code[len(self.prefix):]
        if self.groups and code[len(self.prefix):] != self._format(body)[len(self.prefix):]:
            return False
        return len(body) == self.length and body.isascii() and body.isalnum() and body.upper() == body


class ProcedureQuerySet(ScopedQuerySet):
    """`open()`, `closed()`, `overdue(today)`, `due_soon(today, n)`, `in_subtree(unit)` for any procedure."""

    def _open_states(self):
        return self.model.OPEN_STATES

    def open(self):
        return self.filter(state__in=self._open_states())

    def closed(self):
        return self.exclude(state__in=self._open_states())

    def overdue(self, today: date):
        """Open, with a due date before `today` (the due day itself is not late, BLDS Art.148.1)."""
        return self.open().filter(due_on__isnull=False, due_on__lt=today)

    def due_by(self, day: date):
        """Open, due on or before `day` (late ones included)."""
        return self.open().filter(due_on__isnull=False, due_on__lte=day)

    def due_soon(self, today: date, working_days: int, cal=None):
        """Open and not yet late, due within `working_days` working days of `today` (today included)."""
        if cal is None:
            from .calendar_service import get_calendar

            cal = get_calendar(range(today.year - 1, today.year + 2))
        horizon = due_date(today, working_days, DeadlineUnit.WORKING_DAY, cal)
        return self.open().filter(due_on__isnull=False, due_on__gte=today, due_on__lte=horizon)


class Procedure(UnitScoped, models.Model):
    """Abstract base of a deadline-bearing record. Subclasses declare `unit_field`, `OPEN_STATES`, their unit
    foreign key and their `state` field (with the app's choices)."""

    OPEN_STATES: ClassVar[frozenset[str]] = frozenset()
    TRACKING: ClassVar[TrackingCode] = TrackingCode()

    tracking_code = models.CharField(_("mã tra cứu"), max_length=20, unique=True)
    received_on = models.DateField(_("ngày tiếp nhận"))
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True

    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def is_closed(self) -> bool:
        return not self.is_open()

    def is_overdue(self, today: date) -> bool:
        return self.is_open() and self.due_on is not None and is_overdue(self.due_on, today)

    @classmethod
    def new_tracking_code(cls) -> str:
        """A code not yet used by this model (collisions are astronomically rare; checked anyway)."""
        for _i in range(10):
            code = cls.TRACKING.new()
            if not cls._default_manager.filter(tracking_code=code).exists():
                return code
        raise RuntimeError("could not draw a free tracking code")  # pragma: no cover


__all__ = ["SAFE_ALPHABET", "Procedure", "ProcedureQuerySet", "TrackingCode"]
