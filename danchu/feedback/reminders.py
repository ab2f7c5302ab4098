"""Deadline reminders of citizen feedback (core.reminders), run every morning with the other apps' reminders
(`danchu send_reminders`): the handlers of an open feedback are told the working day before its answer is due
and once it is overdue; a feedback still unanswered ESCALATE_AFTER_WORKING_DAYS working days after its due date is
reported to the superior unit (its supervisors, and the commune's leaders), and marked (`escalated_at`). Each once
per due date: a transfer or a reopening sets a new one."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core import clock
from danchu.core.notify import notify
from danchu.core.reminders import Due, ReminderPolicy
from danchu.units.domain import Capability

from . import domain
from .models import Feedback, FeedbackEvent
from .services.common import event, fmt, handlers_of, notify_handlers
from .verbs import AuditVerb

# Lead times: decisions of this project, not of the law (NĐ 20/2008 sets no answer deadline, see domain.py).
DUE_SOON_WORKING_DAYS = 2  # the queue's "due soon" filter and badge
REMIND_WORKING_DAYS = 1  # the handlers are reminded this many working days before the due date
ESCALATE_AFTER_WORKING_DAYS = 3  # an overdue feedback is reported to the superior unit this many working days late

VERBS = {"due_soon": AuditVerb.FEEDBACK_REMINDED_DUE_SOON, "overdue": AuditVerb.FEEDBACK_REMINDED_OVERDUE,
         "escalated": AuditVerb.FEEDBACK_ESCALATED}


class FeedbackReminders(ReminderPolicy):
    name = "feedback"
    kinds = {"due_soon": gettext_lazy("Sắp đến hạn"), "overdue": gettext_lazy("Quá hạn"),
             "escalated": gettext_lazy("Báo cáo cấp trên")}
    targets = ("feedback.feedback",)

    def due(self, today: date, cal):
        feedback = Feedback.objects.select_related("commune__parent", "assignee", "category").order_by("due_on", "pk")
        for f in feedback.overdue(today).iterator(chunk_size=500):
            yield Due(f, "overdue", f.due_on)
            if domain.should_escalate(f.state, f.due_on, today, cal, after=ESCALATE_AFTER_WORKING_DAYS):
                yield Due(f, "escalated", f.due_on, data={"superior": f.commune.parent_id})
        for f in feedback.due_soon(today, REMIND_WORKING_DAYS, cal).iterator(chunk_size=500):
            yield Due(f, "due_soon", f.due_on)

    def send(self, item: Due, *, today: date, cal) -> list:
        if item.kind == "escalated":
            return self.escalate(item.obj, today)
        feedback = item.obj
        if item.kind == "overdue":
            subject = _("Phản ánh %(code)s đã quá hạn trả lời") % {"code": feedback.tracking_code}
        else:
            subject = _("Phản ánh %(code)s sắp đến hạn trả lời") % {"code": feedback.tracking_code}
        return notify_handlers(feedback, subject=subject, actor="system", body=_(
            "%(commune)s — %(category)s, hạn trả lời %(due)s.") % {
            "commune": feedback.commune.name, "category": feedback.category.name, "due": fmt(feedback.due_on)})

    def escalate(self, feedback: Feedback, today: date) -> list:
        """Report to the superior unit (the commune's parent): its supervisors and the commune's leaders are told,
        the feedback is marked, and the commune's leaders see the mark in their queue."""
        superior = feedback.commune.parent
        feedback.escalated_at = clock.now()
        feedback.save(update_fields=["escalated_at", "modified"])
        event(feedback, actor="system", kind=FeedbackEvent.Kind.ESCALATE,
              internal_note=_("Quá hạn %(n)d ngày làm việc: đã báo cáo %(unit)s.") % {
                  "n": ESCALATE_AFTER_WORKING_DAYS, "unit": superior.name if superior else "—"})
        recipients = handlers_of(superior, today, Capability.SUPERVISE_FEEDBACK) if superior else []
        recipients += [u for u in handlers_of(feedback.commune, today, Capability.CONFIGURE_FEEDBACK)
                       if u not in recipients]
        url = reverse("feedback:staff-detail", args=[feedback.pk])
        for user in recipients:
            notify(channel="in_app", recipient=user, actor="system", url=url,
                   subject=_("Phản ánh quá hạn được báo cáo cấp trên: %(code)s") % {"code": feedback.tracking_code},
                   body=_("%(commune)s — %(category)s, hạn trả lời %(due)s.") % {
                       "commune": feedback.commune.name, "category": feedback.category.name,
                       "due": fmt(feedback.due_on)})
        return recipients

    def verb(self, item: Due) -> str:
        return VERBS[item.kind]  # the escalation keeps its verb of before ("feedback.feedback.escalated")

    def verbs(self) -> set[str]:
        return {str(v) for v in VERBS.values()}


POLICY = FeedbackReminders()
