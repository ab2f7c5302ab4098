"""The steps an official takes on a request, declared once (core.actions): the boxes of the request page and one
API endpoint per step check the same permission and the same condition and call the same service."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core import clock
from danchu.core.actions import Action, ActionTable
from danchu.core.workflow import InvalidTransition

from . import forms, serializers, services
from .domain import WORKFLOW, State

HANDLE = "inforequests.handle_request"


def _assignees(request) -> dict:
    """The officials who may handle the request's commune: the choices of the assign form."""
    from danchu.accounts.models import User

    handlers = services.commune_handlers(request.commune, clock.today())
    return {"users": User.objects.filter(pk__in=[u.pk for u in handlers]).order_by("full_name")}


def _moving_to(target: str) -> dict:
    """When a step that moves the request to `target` may be taken, and why not (the workflow's message)."""

    def refused(request) -> str:
        try:
            WORKFLOW.check(request.state, target)
        except InvalidTransition as exc:
            return exc.messages[0]
        return ""

    return {"allowed": lambda request: WORKFLOW.allows(request.state, target), "refused": refused}


def _provide(request, user, data):
    services.request_provide(request=request, answer=data["answer"], files=data["files"],
                             fee_amount=data["fee_amount"] or 0, fee_purpose=data["fee_purpose"],
                             fee_note=data["fee_note"], actor=user)


ACTIONS = ActionTable([
    Action("assign", _("Giao người xử lý"), permission=HANDLE, submit=_("Giao"), done=_("Đã giao yêu cầu."),
           allowed=lambda r: r.is_open(), refused=lambda r: _("Yêu cầu đã xử lý xong, không giao lại được."),
           form=forms.AssignForm, form_kwargs=_assignees, initial=lambda r: {"assignee": r.assignee_id},
           serializer=serializers.AssignIn,
           run=lambda r, user, d: services.request_assign(request=r, assignee=d["assignee"], actor=user)),
    Action("provide", _("Cung cấp thông tin"), permission=HANDLE, submit=_("Ghi nhận đã cung cấp"),
           done=_("Đã ghi nhận việc cung cấp thông tin."), **_moving_to(State.PROVIDED),
           form=forms.ProvideForm, serializer=serializers.ProvideIn, run=_provide,
           description=_("Cung cấp thông tin; chỉ thu chi phí thực tế in, sao, chụp, gửi (Điều 12).")),
    Action("notice", _("Thông báo thời hạn cung cấp (thông tin phức tạp)"), permission=HANDLE,
           submit=_("Gửi thông báo"), done=_("Đã thông báo thời hạn cung cấp thông tin."),
           **_moving_to(State.DEADLINE_NOTIFIED), form=forms.NoticeForm, serializer=serializers.NoticeIn,
           run=lambda r, user, d: services.request_notify_deadline(request=r, due_on=d["due_on"], note=d["note"],
                                                                   actor=user),
           description=_("Thông báo thời hạn cung cấp thông tin phức tạp (Điều 29.2, 30.2, 31.2).")),
    Action("extend", _("Gia hạn"), permission=HANDLE, done=_("Đã gia hạn."), **_moving_to(State.EXTENDED),
           form=forms.ExtendForm, serializer=serializers.ExtendIn,
           run=lambda r, user, d: services.request_extend(request=r, until=d["until"], reason=d["reason"],
                                                          actor=user)),
    Action("refuse", _("Từ chối cung cấp (Điều 28)"), permission=HANDLE, submit=_("Từ chối"),
           done=_("Đã từ chối cung cấp thông tin."), secondary=True, **_moving_to(State.REFUSED),
           form=forms.RefuseForm, serializer=serializers.RefuseIn,
           run=lambda r, user, d: services.request_refuse(request=r, ground=d["ground"], reason=d["reason"],
                                                          actor=user),
           description=_("Từ chối bằng văn bản, nêu rõ lý do (Điều 28).")),
])
