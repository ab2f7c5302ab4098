"""The steps an official takes on a letter — one core.actions table for the staff page and the API.

Both check the same named permission (`cases.handle_case`: the handler of the letter's kind in its unit) and call
the same service, which is the one judge of whether the step may be taken now: each refuses with its own code
("not_accepted", "extension_not_complex", "anonymous" …), which the API returns and the page shows. `OFFERED` says
which steps the page offers as boxes in the letter's present state (an anonymous letter: only checking, not
processing, transferring; a complex denunciation: extending while extensions are left). The names are those of
the API's operations (`cases_<name>`), and the boxes' form prefixes.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core import clock
from danchu.core.actions import Action, ActionTable
from danchu.core.errors import field_error
from danchu.core.legal_rules import rule_text

from . import domain, forms, serializers, services
from .domain import CaseKind, State
from .recipients import handlers

PERMISSION = "cases.handle_case"


def _moves_to(target: str):
    """The box of a step that changes the state is offered when the letter's workflow allows that move."""
    return lambda case: case.workflow.allows(case.state, target)


def _assign(case, actor, data):
    from danchu.accounts.models import User

    assignee = data["assignee"]
    if not isinstance(assignee, User):  # the API sends the user's id
        assignee = User.objects.filter(pk=assignee, is_active=True).first()
        if assignee is None:
            raise field_error("assignee", _("Không có người dùng này."), "invalid_assignee")
    return services.case_assign(case=case, actor=actor, assignee=assignee)


def _today(case) -> dict:
    return {"on": clock.today()}


def _step(name, title, form, serializer, service, done, description, **extra) -> Action:
    return Action(name, title, PERMISSION, run=lambda case, actor, data: service(case=case, actor=actor, **data),
                  form=form, serializer=serializer, done=done, description=description,
                  initial=extra.pop("initial", _today), **extra)


ACTIONS = ActionTable([
    _step("accept", gettext_lazy("Thụ lý"), forms.AcceptForm, serializers.CaseAcceptIn, services.case_accept,
          gettext_lazy("Đã thụ lý."), "Thụ lý (Luật Khiếu nại Điều 27, 36; Luật Tố cáo Điều 29).",
          initial=lambda c: {"on": clock.today(), "remote_area": c.remote_area,
                             "obstacle_days": c.obstacle_days or None}),
    _step("reject", gettext_lazy("Không thụ lý"), forms.RejectForm, serializers.CaseRejectIn, services.case_reject,
          gettext_lazy("Đã ghi thông báo không thụ lý."),
          "Không thụ lý, có lý do (Luật Khiếu nại Điều 11; Luật Tố cáo Điều 25, 29).", secondary=True),
    _step("transfer", gettext_lazy("Chuyển đơn"), forms.TransferForm, serializers.CaseTransferIn,
          services.case_transfer, gettext_lazy("Đã chuyển đơn."), "Chuyển đơn đến cơ quan có thẩm quyền."),
    _step("extend", gettext_lazy("Gia hạn giải quyết"), forms.ExtendForm, serializers.CaseExtendIn,
          services.case_extend, gettext_lazy("Đã gia hạn giải quyết."),
          "Gia hạn giải quyết tố cáo (Điều 30.2: phức tạp 1 lần, đặc biệt phức tạp 2 lần, mỗi lần ≤ "
          f"{rule_text('denunciations.extend_complex')}; cả thời hạn tính từ ngày thụ lý)."),
    _step("decide", gettext_lazy("Ban hành quyết định / kết luận"), forms.DecideForm, serializers.CaseDecideIn,
          services.case_decide, gettext_lazy("Đã ghi quyết định, kết luận."),
          "Quyết định giải quyết khiếu nại / kết luận nội dung tố cáo."),
    _step("terminate", gettext_lazy("Đình chỉ (rút đơn)"), forms.TerminateForm, serializers.CaseReasonIn,
          services.case_terminate, gettext_lazy("Đã đình chỉ giải quyết."), "Đình chỉ giải quyết do rút đơn.",
          secondary=True),
    _step("answer", gettext_lazy("Trả lời"), forms.AnswerForm, serializers.CaseTextIn, services.case_answer,
          gettext_lazy("Đã trả lời."), "Trả lời kiến nghị, phản ánh."),
    _step("send", gettext_lazy("Đã gửi quyết định / kết luận"), forms.DateOnlyForm, serializers.CaseOnIn,
          services.case_send, gettext_lazy("Đã ghi việc gửi quyết định, kết luận."),
          "Ghi việc gửi quyết định, kết luận."),
    _step("publish", gettext_lazy("Công khai kết luận"), forms.DateOnlyForm, serializers.CaseOnIn,
          services.case_publish, gettext_lazy("Đã công khai kết luận."),
          "Công khai kết luận nội dung tố cáo (Điều 40), không có thông tin người tố cáo."),
    _step("anonymous_check", gettext_lazy("Kiểm tra nội dung đơn nặc danh"), forms.AnonymousCheckForm,
          serializers.CaseAnonymousCheckIn, services.case_anonymous_check, gettext_lazy("Đã ghi kết quả kiểm tra."),
          "Ghi kết quả kiểm tra nội dung đơn nặc danh, mạo danh và kết thúc đơn (Điều 25 Luật Tố cáo): không xử lý "
          "như tố cáo, không có thời hạn."),
    _step("several_places", gettext_lazy("Xác minh ở nhiều địa điểm"), forms.SeveralPlacesForm,
          serializers.CaseSeveralPlacesIn, services.case_several_places,
          format_lazy(gettext_lazy("Đã ghi việc xác minh ở nhiều địa điểm; hạn xử lý ban đầu là {period}."),
                      period=rule_text("denunciations.initial_processing_extended")),
          "Xử lý ban đầu tố cáo cần xác minh ở nhiều địa điểm: hạn "
          f"{rule_text('denunciations.initial_processing_extended')} (Điều 24).", initial=None),
    _step("dialogue", gettext_lazy("Ghi biên bản đối thoại"), forms.DialogueForm, serializers.CaseDialogueIn,
          services.case_dialogue, gettext_lazy("Đã ghi biên bản đối thoại."),
          "Ghi biên bản đối thoại khi giải quyết khiếu nại (Luật Khiếu nại Điều 30); biên bản vào hồ sơ."),
    _step("reclassify", gettext_lazy("Xếp lại tính chất vụ việc (phức tạp)"), forms.ComplexityForm,
          serializers.CaseReclassifyIn, services.case_reclassify, gettext_lazy("Đã xếp lại tính chất vụ việc."),
          "Xếp lại tính chất vụ việc tố cáo khi đang giải quyết, theo tiêu chí NĐ 31/2019 Điều 3 và có lý do: phức "
          "tạp được gia hạn 1 lần, đặc biệt phức tạp 2 lần (Điều 30.2 Luật Tố cáo).",
          initial=lambda c: {"on": clock.today(), "criteria": list(c.complexity_criteria or [])}),
    Action("assign", gettext_lazy("Giao người xử lý"), PERMISSION, run=_assign, form=forms.AssignForm,
           serializer=serializers.CaseAssignIn, done=gettext_lazy("Đã giao người xử lý."),
           description="Giao người xử lý (người có quyền giải quyết loại đơn này của đơn vị); người được giao được "
                       "báo."),
])

OFFERED = {
    "accept": _moves_to(State.ACCEPTED),
    "reject": _moves_to(State.REJECTED),
    "transfer": _moves_to(State.TRANSFERRED),
    "extend": lambda c: (c.workflow.allows(c.state, State.EXTENDED)
                         and domain.MAX_EXTENSIONS.get(c.complexity, 0) > c.extensions),
    "decide": _moves_to(State.DECIDED),
    "terminate": _moves_to(State.TERMINATED),
    "answer": _moves_to(State.ANSWERED),
    "send": lambda c: c.state == State.DECIDED and not c.sent_on,
    "publish": lambda c: c.kind == CaseKind.DENUNCIATION and c.state == State.DECIDED and not c.published_on,
    "anonymous_check": _moves_to(State.CHECKED),
    "several_places": lambda c: (c.kind == CaseKind.DENUNCIATION and c.state == State.RECEIVED
                                 and not c.several_places and not c.anonymous),
    "dialogue": lambda c: c.kind == CaseKind.COMPLAINT and c.state == State.ACCEPTED,
    "reclassify": lambda c: (c.kind == CaseKind.DENUNCIATION and not c.anonymous
                             and c.state in (State.ACCEPTED, State.EXTENDED)),
    "assign": lambda c: c.is_open(),
}


def for_case(case) -> ActionTable:
    """The table with the forms of this letter: the grounds of its kind, the acceptance fields of its kind, the
    handlers it may be assigned to."""
    bound = {
        "accept": partial(forms.AcceptForm, kind=case.kind),
        "reject": partial(forms.RejectForm, kind=case.kind, anonymous=case.anonymous),
        "assign": partial(forms.AssignForm, users=_handler_choices(case)),
    }
    return ActionTable([replace(a, form=bound[a.name]) if a.name in bound else a for a in ACTIONS])


def _handler_choices(case):
    from danchu.accounts.models import User

    return User.objects.filter(pk__in=[u.pk for u in handlers(case, clock.today())]).order_by("full_name")


def boxes(request, case, bound: dict) -> list[dict]:
    """The boxes of the steps offered now (ACTIONS.boxes, filtered by OFFERED)."""
    return [box for box in for_case(case).boxes(request, case, bound) if OFFERED[box["name"]](case)]
