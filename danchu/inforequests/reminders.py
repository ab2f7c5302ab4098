"""Deadline reminders of information requests (core.reminders): the handlers of an open request are told the
working day before its due date and once it is overdue, once per due date (a notice of the deadline or an
extension sets a new one). Run every morning with the other apps' reminders (`danchu send_reminders`)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.notify import notify
from danchu.core.reminders import Due, ReminderPolicy

from .models import InfoRequest
from .services import fmt, handlers
from .verbs import AuditVerb

# Lead times: decisions of this project, not of the law (which sets the due dates themselves, Art.29–31).
DUE_SOON_WORKING_DAYS = 2  # the register's "due soon" filter and badge
REMIND_WORKING_DAYS = 1  # the handlers are reminded this many working days before a due date

VERBS = {"due_soon": AuditVerb.REQUEST_REMINDED_DUE_SOON, "overdue": AuditVerb.REQUEST_REMINDED_OVERDUE}


class InfoRequestReminders(ReminderPolicy):
    name = "inforequests"
    kinds = {"due_soon": gettext_lazy("Sắp đến hạn"), "overdue": gettext_lazy("Quá hạn")}
    targets = ("inforequests.inforequest",)

    def due(self, today: date, cal):
        requests = InfoRequest.objects.select_related("commune", "assignee").order_by("due_on", "pk")
        for request in requests.overdue(today):
            yield Due(request, "overdue", request.due_on)
        for request in requests.due_soon(today, REMIND_WORKING_DAYS, cal):
            yield Due(request, "due_soon", request.due_on)

    def send(self, item: Due, *, today: date, cal) -> list:
        request = item.obj
        if item.kind == "overdue":
            subject = _("Yêu cầu cung cấp thông tin %(code)s đã quá hạn") % {"code": request.tracking_code}
        else:
            subject = _("Yêu cầu cung cấp thông tin %(code)s sắp đến hạn") % {"code": request.tracking_code}
        body = _("%(commune)s — yêu cầu %(code)s (%(state)s), hạn xử lý %(due)s.") % {
            "commune": request.commune.name, "code": request.tracking_code, "state": request.get_state_display(),
            "due": fmt(request.due_on)}
        url = reverse("inforequests:request-detail", args=[request.pk])
        recipients = handlers(request, today)
        for user in recipients:
            notify(channel="in_app", recipient=user, subject=subject, body=body, url=url, actor="system")
            if user.email:
                notify(channel="email", recipient=user, subject=subject, body=body, url=url, actor="system")
        return recipients

    def verb(self, item: Due) -> str:
        return VERBS[item.kind]  # the verbs written since the first reminder ("inforequests.request.…")

    def verbs(self) -> set[str]:
        return {str(v) for v in VERBS.values()}


POLICY = InfoRequestReminders()
