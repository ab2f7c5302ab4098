"""The steps an official takes on a feedback, declared once (core.actions): the boxes of the staff page and one
API endpoint per step check the same permission ("feedback.handle_feedback") and the same condition, and call the
same service."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core import clock
from danchu.core.actions import Action, ActionTable
from danchu.core.legal_rules import rule_text
from danchu.core.workflow import InvalidTransition

from . import forms, serializers, services
from .domain import WORKFLOW, State
from .models import Feedback

HANDLE = "feedback.handle_feedback"
CLOSED = _("Phản ánh đã xử lý xong.")


def _moving_to(target: str, *, only_open: bool = False) -> dict:
    """When a step that moves the feedback to `target` may be taken, and why not (the workflow's message)."""

    def allowed(feedback) -> bool:
        return WORKFLOW.allows(feedback.state, target) and (feedback.is_open() or not only_open)

    def refused(feedback) -> str:
        try:
            WORKFLOW.check(feedback.state, target)
        except InvalidTransition as exc:
            return exc.messages[0]
        return str(CLOSED)

    return {"allowed": allowed, "refused": refused}


WHILE_OPEN = {"allowed": lambda f: f.is_open(), "refused": lambda f: CLOSED}


def _assignees(feedback) -> dict:
    """The officials who may handle the feedback's commune: the choices of the assign form."""
    from danchu.accounts.models import User

    handlers = services.handlers_of(feedback.commune, clock.today())
    return {"users": User.objects.filter(pk__in=[u.pk for u in handlers]).order_by("full_name")}


def _by_code(code: str):
    return Feedback.objects.with_code(code).first() if code else None


ACTIONS = ActionTable([
    Action("accept", _("Thụ lý (thuộc thẩm quyền)"), permission=HANDLE, submit=_("Thụ lý"),
           done=_("Đã thụ lý phản ánh."), **_moving_to(State.ACCEPTED), form=forms.NoteForm,
           serializer=serializers.NoteIn, description=_("Thụ lý (thuộc thẩm quyền)."),
           run=lambda f, user, d: services.feedback_accept(feedback=f, actor=user, note=d["note"])),
    Action("start", _("Chuyển sang đang xử lý"), permission=HANDLE, submit=_("Đang xử lý"),
           done=_("Đã chuyển sang đang xử lý."), **_moving_to(State.IN_PROGRESS, only_open=True),
           form=forms.NoteForm, serializer=serializers.NoteIn, description=_("Chuyển sang đang xử lý."),
           run=lambda f, user, d: services.feedback_start(feedback=f, actor=user, note=d["note"])),
    Action("answer", _("Trả lời"), permission=HANDLE, submit=_("Gửi câu trả lời"), done=_("Đã trả lời phản ánh."),
           **_moving_to(State.ANSWERED), form=forms.AnswerForm, serializer=serializers.AnswerIn,
           description=_("Trả lời công khai cho người phản ánh."),
           run=lambda f, user, d: services.feedback_answer(feedback=f, answer=d["answer"], actor=user)),
    Action("assign", _("Giao xử lý"), permission=HANDLE, submit=_("Giao"), done=_("Đã giao xử lý."), **WHILE_OPEN,
           form=forms.AssignForm, form_kwargs=_assignees, initial=lambda f: {"assignee": f.assignee_id},
           serializer=serializers.AssignIn, description=_("Giao cho một cán bộ có quyền xử lý phản ánh của xã."),
           run=lambda f, user, d: services.feedback_assign(feedback=f, assignee=d["assignee"], actor=user)),
    Action("transfer", _("Chuyển (không thuộc thẩm quyền)"), permission=HANDLE, submit=_("Chuyển"),
           done=_("Đã chuyển phản ánh."), **WHILE_OPEN, form=forms.TransferForm,
           form_kwargs=lambda f: {"exclude": f.commune}, serializer=serializers.TransferIn,
           description=_("Chuyển phản ánh không thuộc thẩm quyền (≤ %(period)s, NĐ 20/2008 Điều 9.1.d): đến xã, "
                         "phường khác trên hệ thống (to_unit) hoặc cơ quan khác (to_body).") % {
               "period": rule_text("feedback.transfer_if_not_competent")},
           run=lambda f, user, d: services.feedback_transfer(feedback=f, actor=user, reason=d["reason"],
                                                             to_unit=d["to_unit"], to_body=d["to_body"])),
    Action("recategorise", _("Đổi lĩnh vực"), permission=HANDLE, submit=_("Đổi"), done=_("Đã đổi lĩnh vực."),
           **WHILE_OPEN, form=forms.CategoryForm, serializer=serializers.CategoryIn,
           description=_("Đổi lĩnh vực (phân công và thời hạn được tính lại)."),
           run=lambda f, user, d: services.feedback_recategorise(feedback=f, category=d["category"], actor=user)),
    Action("duplicate", _("Gộp vào phản ánh trùng"), permission=HANDLE, submit=_("Gộp"),
           done=_("Đã gộp vào phản ánh đã có."), **_moving_to(State.DUPLICATE), form=forms.DuplicateForm,
           serializer=serializers.DuplicateIn, description=_("Gộp vào một phản ánh đã có (trùng)."),
           run=lambda f, user, d: services.feedback_mark_duplicate(feedback=f, original=_by_code(d["original"]),
                                                                   actor=user, note=d["note"])),
    Action("convert", _("Chuyển thủ tục khiếu nại, tố cáo"), permission=HANDLE, submit=_("Chuyển thủ tục"),
           done=_("Đã chuyển sang thủ tục khiếu nại, tố cáo."), **_moving_to(State.CONVERTED),
           form=forms.ConvertForm, serializer=serializers.ConvertIn,
           description=_("Nội dung là khiếu nại hoặc tố cáo: chuyển sang thủ tục tương ứng, kèm số hồ sơ hoặc đường "
                         "dẫn."),
           run=lambda f, user, d: services.feedback_convert(feedback=f, kind=d["kind"], reference=d["reference"],
                                                            note=d["note"], actor=user)),
    Action("reject", _("Không thụ lý"), permission=HANDLE, done=_("Đã ghi nhận không thụ lý."), secondary=True,
           **_moving_to(State.REJECTED), form=forms.RejectForm, serializer=serializers.RejectIn,
           description=_("Không thụ lý, nêu lý do."),
           run=lambda f, user, d: services.feedback_reject(feedback=f, reason=d["reason"], actor=user)),
    Action("close", _("Kết thúc"), permission=HANDLE, done=_("Đã kết thúc phản ánh."), secondary=True,
           **_moving_to(State.CLOSED), form=forms.NoteForm, serializer=serializers.NoteIn,
           description=_("Kết thúc phản ánh đã trả lời."),
           run=lambda f, user, d: services.feedback_close(feedback=f, actor=user, note=d["note"])),
    Action("note", _("Ghi chú nội bộ"), permission=HANDLE, submit=_("Thêm ghi chú"), done=_("Đã thêm ghi chú."),
           form=forms.InternalNoteForm, serializer=serializers.RequiredNoteIn, description=_("Ghi chú nội bộ."),
           run=lambda f, user, d: services.feedback_note(feedback=f, note=d["note"], actor=user)),
])
