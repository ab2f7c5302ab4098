"""Deadline reminders of letters and of the reception book — one policy of core.reminders.

- a letter whose current step (accepting, resolving, sending the decision, publishing) is due within
  DUE_SOON_WORKING_DAYS working days: its assignee (or the unit's handlers of its kind) is reminded ("due_soon");
- a late open letter: the same people are told ("overdue") and the case is escalated ("escalated") to the unit's
  leaders (SUPERVISE_CASES: the chairman, often the one resolving it) and to the supervising role of the unit above,
  who must ask for a report (Luật Tố cáo Art.38);
- a decision or a conclusion not sent, or not published, in time: "overdue" only;
- a reception-book line not answered within 10 working days (Luật Tiếp công dân Art.28.1): its receiver (or the
  unit's receivers) is told ("overdue").

Once per record, kind and due date (core.Reminder): a new due date (an acceptance, an extension) is a new deadline
and may be reminded again.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.calendar_service import calendar_for
from danchu.core.deadlines import DeadlineUnit, due_date
from danchu.core.documents import fmt_date
from danchu.core.notify import notify
from danchu.core.reminders import Due, ReminderPolicy
from danchu.units.domain import Capability

from .domain import State
from .models import Case, ReceptionEntry
from .recipients import handlers, superior_supervisors, unit_users
from .verbs import AuditVerb

DUE_SOON_WORKING_DAYS = 3  # policy, not law: remind three working days ahead of a deadline


def due_soon_horizon(today: date, cal) -> date:
    """The last day that counts as "due soon" today (today excluded, DUE_SOON_WORKING_DAYS working days on)."""
    return due_date(today, DUE_SOON_WORKING_DAYS, DeadlineUnit.WORKING_DAY, cal)


DEADLINE_FILTERS = ("overdue", "soon", "extended")


def by_deadline(letters, due: str, today: date):
    """The dashboards' filter of letters: a step late ("overdue"), due within DUE_SOON_WORKING_DAYS working days
    ("soon"), extended ("extended"); any other value of `due` leaves `letters` as they are."""
    if due == "overdue":
        return letters.step_overdue(today)
    if due == "soon":
        return letters.step_due_between(today, due_soon_horizon(today, calendar_for(today)))
    if due == "extended":
        return letters.filter(extensions__gt=0)
    return letters


class CaseReminders(ReminderPolicy):
    name = "cases"
    kinds = {"due_soon": gettext_lazy("Sắp đến hạn"), "overdue": gettext_lazy("Quá hạn"),
             "escalated": gettext_lazy("Báo cáo cấp trên")}
    targets = ("cases.case", "cases.receptionentry")
    VERBS = {"due_soon": AuditVerb.CASE_REMINDED_DUE_SOON, "overdue": AuditVerb.CASE_REMINDED_OVERDUE,
             "escalated": AuditVerb.CASE_REMINDED_ESCALATED}

    def verb(self, item: Due) -> str:
        if isinstance(item.obj, ReceptionEntry):
            return AuditVerb.ENTRY_REMINDED_OVERDUE
        return self.VERBS[item.kind]

    def verbs(self) -> set[str]:
        return {*map(str, self.VERBS.values()), str(AuditVerb.ENTRY_REMINDED_OVERDUE)}

    def due(self, today: date, cal):
        for case in (Case.objects.due_by(due_soon_horizon(today, cal)).select_related("unit", "assignee")
                     .order_by("due_on", "pk")):
            if case.due_on < today:
                yield Due(case, "overdue", case.due_on)
                yield Due(case, "escalated", case.due_on)
            else:
                yield Due(case, "due_soon", case.due_on)
        for entry in (ReceptionEntry.objects.filter(replied_on__isnull=True, reply_due_on__lt=today)
                      .select_related("unit", "receiver").order_by("reply_due_on", "pk")):
            yield Due(entry, "overdue", entry.reply_due_on)
        # a decided case still has a step due (sending, publishing), though it is no longer open
        for case in (Case.objects.filter(state=State.DECIDED).step_overdue(today).select_related("unit", "assignee")
                     .order_by("due_on", "pk")):
            yield Due(case, "overdue", case.due_on)

    def send(self, item: Due, *, today: date, cal) -> list:
        if isinstance(item.obj, ReceptionEntry):
            return self._send_entry(item.obj, today)
        case = item.obj
        if item.kind == "escalated":
            leaders = unit_users(case.unit, Capability.SUPERVISE_CASES, today)
            superior, superiors = superior_supervisors(case.unit, today)
            recipients = leaders + [u for u in superiors if u not in leaders]
            item.data.update(superior_unit=superior.pk if superior else None, superiors=[u.pk for u in superiors])
            subject = _("Đơn %(c)s quá hạn: đề nghị chỉ đạo, yêu cầu báo cáo") % {"c": case.code}
        else:
            recipients = [case.assignee] if case.assignee_id and case.assignee.is_active else handlers(case, today)
            subject = (_("Đơn %(c)s đã quá hạn") if item.kind == "overdue" else _("Đơn %(c)s sắp đến hạn")) % {
                "c": case.code}
        body = _("%(u)s — %(k)s %(c)s: %(step)s, hạn %(d)s.") % {
            "u": case.unit.name, "k": case.get_kind_display(), "c": case.code, "step": case.due_label,
            "d": fmt_date(case.due_on)}
        url = reverse("cases:case-detail", args=[case.pk])
        for user in recipients:
            notify(channel="in_app", recipient=user, subject=subject, body=body, url=url, actor="system")
        return recipients

    @staticmethod
    def _send_entry(entry: ReceptionEntry, today: date) -> list:
        recipients = ([entry.receiver] if entry.receiver_id and entry.receiver.is_active
                      else unit_users(entry.unit, Capability.RECEIVE_CITIZENS, today))
        subject = _("Chưa trả lời công dân: %(e)s") % {"e": str(entry)}
        body = _("%(u)s — %(e)s: hạn trả lời công dân %(d)s (Điều 28 Luật Tiếp công dân).") % {
            "u": entry.unit.name, "e": str(entry), "d": fmt_date(entry.reply_due_on)}
        url = reverse("cases:entry-detail", args=[entry.pk])
        for user in recipients:
            notify(channel="in_app", recipient=user, subject=subject, body=body, url=url, actor="system")
        return recipients


POLICY = CaseReminders()
