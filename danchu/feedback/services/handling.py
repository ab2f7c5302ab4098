"""What officials do with a feedback: accept, start, assign, transfer, answer, close, decline, merge, convert into
a complaint or denunciation, note, recategorise. Each is a `@service` (one transaction, in Vietnamese, a refused
write audited as `<verb>.rejected`) that locks the feedback, moves it through the workflow of domain.py, writes
its history, its audit row, and tells the people concerned (delivered after commit)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.calendar_service import calendar_for
from danchu.core.errors import field_error
from danchu.core.notify import notify
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.access import can
from danchu.units.domain import Capability

from .. import domain
from ..domain import WORKFLOW, CaseKind, State
from ..models import Category, Feedback, FeedbackEvent
from ..verbs import AuditVerb
from .common import check_commune, event, facts, fmt, notify_all_reporters, notify_handlers, notify_reporter
from .configuration import routing_for


@service(AuditVerb.FEEDBACK_ACCEPTED)
def feedback_accept(*, feedback: Feedback, actor, note: str = "") -> Feedback:
    """Within competence: accepted for handling (NĐ 20/2008 Art.9.1 "thuộc thẩm quyền")."""
    locked(feedback)
    WORKFLOW.move(feedback, State.ACCEPTED)
    note = clean_field(note, "note", required=False, max_length=2000, single_line=False)
    feedback.save(update_fields=["state", "modified"])
    event(feedback, actor=actor, note=note or _("Phản ánh thuộc thẩm quyền, đã được thụ lý."))
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_ACCEPTED, target=feedback, unit=feedback.commune,
                 data=facts(feedback))
    notify_reporter(feedback, actor=actor, subject=_("Phản ánh đã được thụ lý"),
                    body=_("Phản ánh của ông/bà đã được thụ lý; hạn trả lời: %(due)s.") % {"due": fmt(feedback.due_on)})
    return feedback


@service(AuditVerb.FEEDBACK_STARTED)
def feedback_start(*, feedback: Feedback, actor, note: str = "") -> Feedback:
    locked(feedback)
    WORKFLOW.move(feedback, State.IN_PROGRESS)
    note = clean_field(note, "note", required=False, max_length=2000, single_line=False)
    feedback.status_note = note[:500]
    feedback.save(update_fields=["state", "status_note", "modified"])
    event(feedback, actor=actor, note=note or _("Đang xử lý."))
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_STARTED, target=feedback, unit=feedback.commune,
                 data=facts(feedback))
    return feedback


@service(AuditVerb.FEEDBACK_ASSIGNED)
def feedback_assign(*, feedback: Feedback, assignee, actor) -> Feedback:
    locked(feedback)
    if not feedback.is_open():
        raise ValidationError(_("Phản ánh đã xử lý xong, không giao lại được."), code="closed")
    if assignee is None or not getattr(assignee, "is_active", False) or not can(
            assignee, Capability.HANDLE_FEEDBACK, feedback.commune):
        raise field_error("assignee", _("Người được giao phải có quyền xử lý phản ánh của xã, phường này."),
                          "invalid_assignee")
    before = feedback.assignee_id
    feedback.assignee = assignee
    feedback.save(update_fields=["assignee", "modified"])
    event(feedback, actor=actor, kind=FeedbackEvent.Kind.ASSIGN,
          internal_note=_("Giao cho %(name)s.") % {"name": assignee.get_full_name()})
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_ASSIGNED, target=feedback, unit=feedback.commune,
                 data=facts(feedback, assignee=assignee.pk, before=before))
    if assignee.pk != getattr(actor, "pk", None):
        notify(channel="in_app", recipient=assignee, actor=actor, subject=_("Được giao xử lý phản ánh"),
               body=_("Phản ánh %(code)s, hạn trả lời %(due)s.") % {"code": feedback.tracking_code,
                                                                   "due": fmt(feedback.due_on)},
               url=reverse("feedback:staff-detail", args=[feedback.pk]))
    return feedback


@service(AuditVerb.FEEDBACK_TRANSFERRED)
def feedback_transfer(*, feedback: Feedback, actor, reason: str, to_unit=None, to_body: str = "") -> Feedback:
    """Outside the receiver's competence (NĐ 20/2008 Art.9.1.d, ≤ 05 WD from receipt):
    - to another commune on the platform (`to_unit`): the feedback starts again there — received today, a new
      answer deadline, routed to that commune's responsible organisation; the history keeps both units;
    - to an outside body (`to_body`): the feedback ends here as "transferred" with the body's name."""
    locked(feedback)
    if not feedback.is_open():
        raise ValidationError(_("Phản ánh đã xử lý xong, không chuyển được."), code="closed")
    reason = clean_field(reason, "reason", max_length=2000, single_line=False,
                         message=_("Cần nêu lý do chuyển (không thuộc thẩm quyền)."))
    to_body = clean_field(to_body, "to_body", required=False, max_length=300)
    if (to_unit is None) == (not to_body):
        raise field_error("to_unit", _("Chọn một xã, phường trên hệ thống hoặc ghi tên cơ quan nhận chuyển."),
                          "transfer_target_required")
    today = clock.today()
    late = bool(feedback.transfer_due_on and today > feedback.transfer_due_on)
    from_unit = feedback.commune
    if to_unit is not None:
        check_commune(to_unit)
        if to_unit.pk == from_unit.pk:
            raise field_error("to_unit", _("Phản ánh đang ở xã, phường này."), "same_unit")
        cal = calendar_for(today)
        organisation, answer_days, _rule = routing_for(feedback.category, to_unit)
        feedback.commune = to_unit
        feedback.village = None
        feedback.organisation = organisation
        feedback.assignee = None
        feedback.state = State.RECEIVED  # not a move of the workflow: the procedure starts again at the new unit
        feedback.received_on = today
        feedback.answer_days = answer_days
        feedback.due_on = domain.answer_due(today, answer_days, cal)
        feedback.transfer_due_on = domain.transfer_due(today, cal)
        feedback.escalated_at = None
        feedback.save(update_fields=["commune", "village", "organisation", "assignee", "state", "received_on",
                                     "answer_days", "due_on", "transfer_due_on", "escalated_at", "modified"])
        note = _("Chuyển đến %(unit)s (không thuộc thẩm quyền của %(from)s). Hạn trả lời mới: %(due)s.") % {
            "unit": to_unit.name, "from": from_unit.name, "due": fmt(feedback.due_on)}
        event(feedback, actor=actor, kind=FeedbackEvent.Kind.TRANSFER, note=note, internal_note=reason,
              from_unit=from_unit, to_unit=to_unit)
        audit.record(actor=actor, verb=AuditVerb.FEEDBACK_TRANSFERRED, target=feedback, unit=feedback.commune,
                     data=facts(feedback, from_unit=from_unit.pk, to_unit=to_unit.pk, late=late))
        notify_handlers(feedback, subject=_("Phản ánh được chuyển đến %(unit)s") % {"unit": to_unit.name},
                        body=_("%(code)s từ %(from)s; hạn trả lời %(due)s.") % {
                            "code": feedback.tracking_code, "from": from_unit.name, "due": fmt(feedback.due_on)},
                        actor=actor)
    else:
        WORKFLOW.move(feedback, State.TRANSFERRED)
        feedback.transferred_to = to_body
        feedback.closed_at = clock.now()
        feedback.status_note = (_("Đã chuyển đến %(body)s.") % {"body": to_body})[:500]
        feedback.save(update_fields=["state", "transferred_to", "closed_at", "status_note", "modified"])
        note = _("Không thuộc thẩm quyền của %(from)s; đã chuyển đến %(body)s.") % {"from": from_unit.name,
                                                                                  "body": to_body}
        event(feedback, actor=actor, kind=FeedbackEvent.Kind.TRANSFER, note=note, internal_note=reason,
              from_unit=from_unit)
        audit.record(actor=actor, verb=AuditVerb.FEEDBACK_TRANSFERRED_OUT, target=feedback, unit=feedback.commune,
                     data=facts(feedback, to_body=to_body, late=late))
    notify_all_reporters(feedback, actor=actor, subject=_("Phản ánh đã được chuyển"), body=note)
    return feedback


@service(AuditVerb.FEEDBACK_ANSWERED)
def feedback_answer(*, feedback: Feedback, answer: str, actor) -> Feedback:
    """The public answer (NĐ 20/2008 Art.19: written reply and publication). Stops the clock."""
    answer = clean_field(answer, "answer", max_length=8000, single_line=False,
                         message=_("Cần nhập nội dung trả lời."))
    locked(feedback)
    WORKFLOW.move(feedback, State.ANSWERED)
    now = clock.now()
    feedback.answer = answer
    feedback.answered_at = now
    feedback.answered_on_time = domain.answered_on_time(feedback.due_on, clock.local_date(now))
    feedback.status_note = ""
    feedback.save(update_fields=["state", "answer", "answered_at", "answered_on_time", "status_note", "modified"])
    event(feedback, actor=actor, note=_("Đã trả lời phản ánh."))
    shared = share_answer(feedback, actor=actor)
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_ANSWERED, target=feedback, unit=feedback.commune,
                 data=facts(feedback, on_time=feedback.answered_on_time, shared_with=shared))
    notify_all_reporters(feedback, actor=actor, subject=_("Phản ánh đã được trả lời"), body=_(
        "Phản ánh của ông/bà đã được trả lời. Xin mời xem câu trả lời và đánh giá mức độ hài lòng."))
    return feedback


def share_answer(original: Feedback, *, actor) -> list[int]:
    """Pass the answer of `original` on to every feedback merged into it: each reporter sees it with their own
    tracking code (page, API) and may rate it. The duplicates keep their state and no answer date of their own
    (the statistics count the answer once, on the original)."""
    shared = []
    for dup in original.duplicates.filter(state=State.DUPLICATE).select_for_update():
        dup.answer = original.answer
        dup.save(update_fields=["answer", "modified"])
        event(dup, actor=actor, note=_("Phản ánh được xử lý chung đã có câu trả lời; ông/bà có thể xem và đánh "
                                       "giá mức độ hài lòng."))
        shared.append(dup.pk)
    return shared


@service(AuditVerb.FEEDBACK_CLOSED)
def feedback_close(*, feedback: Feedback, actor, note: str = "") -> Feedback:
    locked(feedback)
    WORKFLOW.move(feedback, State.CLOSED)
    note = clean_field(note, "note", required=False, max_length=2000, single_line=False)
    feedback.closed_at = clock.now()
    feedback.save(update_fields=["state", "closed_at", "modified"])
    event(feedback, actor=actor, note=note or _("Kết thúc xử lý phản ánh."))
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_CLOSED, target=feedback, unit=feedback.commune,
                 data=facts(feedback))
    return feedback


@service(AuditVerb.FEEDBACK_DECLINED)
def feedback_reject(*, feedback: Feedback, reason: str, actor) -> Feedback:
    """Not accepted (e.g. no content, insults, not a feedback): with public reasons (NĐ 20/2008 Art.9.1)."""
    reason = clean_field(reason, "reason", max_length=2000, single_line=False,
                         message=_("Cần nêu lý do không thụ lý."))
    locked(feedback)
    WORKFLOW.move(feedback, State.REJECTED)
    feedback.closed_at = clock.now()
    feedback.status_note = reason[:500]
    feedback.save(update_fields=["state", "closed_at", "status_note", "modified"])
    event(feedback, actor=actor, note=_("Không thụ lý. Lý do: %(reason)s") % {"reason": reason})
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_DECLINED, target=feedback, unit=feedback.commune,
                 data=facts(feedback))
    notify_reporter(feedback, actor=actor, subject=_("Phản ánh không được thụ lý"),
                    body=_("Phản ánh của ông/bà không được thụ lý. Lý do: %(reason)s") % {"reason": reason})
    return feedback


@service(AuditVerb.FEEDBACK_MERGED)
def feedback_mark_duplicate(*, feedback: Feedback, original: Feedback | None, actor, note: str = "") -> Feedback:
    """Merge into an earlier feedback: this one ends; its reporter is informed of every later step of the
    original (answer, transfer)."""
    locked(feedback)
    if original is None or original.pk == feedback.pk or original.commune_id != feedback.commune_id:
        raise field_error("original", _("Hãy nhập mã tra cứu của một phản ánh khác cùng xã, phường."),
                          "invalid_original")
    if original.state in (State.DUPLICATE, State.CONVERTED, State.REJECTED):
        raise field_error("original", _("Không gộp vào phản ánh đã bị gộp, chuyển thủ tục hoặc không thụ lý."),
                          "invalid_original")
    note = clean_field(note, "note", required=False, max_length=2000, single_line=False)
    WORKFLOW.move(feedback, State.DUPLICATE)
    answered = original.state in (State.ANSWERED, State.CLOSED) and bool(original.answer)
    feedback.duplicate_of = original
    feedback.closed_at = clock.now()
    feedback.status_note = (_("Trùng với phản ánh đã có; theo dõi kết quả chung.")).strip()[:500]
    feedback.answer = original.answer if answered else ""
    feedback.save(update_fields=["state", "duplicate_of", "closed_at", "status_note", "answer", "modified"])
    event(feedback, actor=actor, kind=FeedbackEvent.Kind.MERGE, internal_note=note,
          note=_("Phản ánh trùng nội dung với một phản ánh đã tiếp nhận; ông/bà sẽ được thông báo kết quả xử lý "
                 "chung."))
    event(original, actor=actor, kind=FeedbackEvent.Kind.MERGE,
          internal_note=_("Gộp phản ánh %(code)s vào phản ánh này.") % {"code": feedback.tracking_code})
    # the feedback merged earlier into this one follow it to the original: every reporter hears the answer
    moved = list(feedback.duplicates.filter(state=State.DUPLICATE).values_list("pk", flat=True))
    if moved:
        Feedback.objects.filter(pk__in=moved).update(duplicate_of=original, modified=clock.now())
        event(original, actor=actor, kind=FeedbackEvent.Kind.MERGE,
              internal_note=_("Gộp tiếp %(n)d phản ánh đã gộp vào %(code)s.") % {
                  "n": len(moved), "code": feedback.tracking_code})
        if answered:
            share_answer(original, actor=actor)
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_MERGED, target=feedback, unit=feedback.commune,
                 data=facts(feedback, original=original.pk, moved=moved, answer_shared=answered))
    if answered:
        notify_reporter(feedback, actor=actor, subject=_("Phản ánh được gộp"), body=_(
            "Nội dung ông/bà phản ánh đã được người khác phản ánh trước và đã có câu trả lời. Xin mời xem câu trả "
            "lời và đánh giá mức độ hài lòng."))
    else:
        notify_reporter(feedback, actor=actor, subject=_("Phản ánh được gộp"), body=_(
            "Nội dung ông/bà phản ánh đã được người khác phản ánh trước; hai phản ánh được xử lý chung và ông/bà sẽ "
            "nhận được thông báo kết quả."))
    return feedback


@service(AuditVerb.FEEDBACK_CONVERTED)
def feedback_convert(*, feedback: Feedback, kind: str, actor, reference: str = "", note: str = "") -> Feedback:
    """A complaint or a denunciation is not a feedback (NĐ 20/2008 Art.1): it is handled under Luật Khiếu nại
    2011 / Luật Tố cáo 2018. The content becomes a case of that kind in the commune's case register (danchu.cases,
    through its service, with its own deadlines), the feedback ends with a link to it, and for a denunciation the
    reporter's name and contact leave the feedback for the case's sealed identity (Luật Tố cáo Art.47)."""
    from danchu.cases import services as cases

    locked(feedback)
    if kind not in CaseKind.values:
        raise field_error("kind", _("Hãy chọn khiếu nại hoặc tố cáo."), "invalid_kind")
    reference = clean_field(reference, "reference", required=False, max_length=300)
    note = clean_field(note, "note", required=False, max_length=2000, single_line=False)
    anonymous = feedback.anonymous or not feedback.reporter_name
    if kind == CaseKind.COMPLAINT and anonymous:
        raise field_error("kind", _("Khiếu nại phải ghi rõ họ tên, địa chỉ người khiếu nại (Điều 8 Luật Khiếu nại): "
                                    "phản ánh ẩn danh không chuyển thành khiếu nại được; hãy trả lời, hướng dẫn "
                                    "người gửi."), "anonymous_complaint")
    WORKFLOW.move(feedback, State.CONVERTED)
    received_on = clock.local_date(feedback.received_at)
    content = feedback.description
    if reference:
        content += "\n\n" + reference
    case = cases.case_record_letter(
        unit=feedback.commune, actor=actor, kind=kind, summary=feedback.description[:300],
        content=content + "\n\n" + _("(Chuyển từ phản ánh, kiến nghị số %(n)s)") % {"n": feedback.pk},
        full_name=feedback.reporter_name, phone=feedback.phone, anonymous=anonymous, received_on=received_on)
    label = CaseKind(kind).label
    feedback.converted_kind = kind
    feedback.converted_ref = reverse("cases:case-detail", args=[case.pk])
    feedback.closed_at = clock.now()
    feedback.publish = False  # the content of a complaint/denunciation is never published (Luật Tố cáo Art.47)
    # the reporter is told once, before a denouncer's contact leaves the feedback
    notify_reporter(feedback, actor=actor, subject=_("Chuyển giải quyết theo thủ tục %(kind)s") % {"kind": label},
                    body=_("Nội dung ông/bà gửi là %(kind)s nên được giải quyết theo thủ tục %(kind)s.") % {
                        "kind": label.lower()})
    fields = ["state", "converted_kind", "converted_ref", "closed_at", "publish", "modified"]
    if kind == CaseKind.DENUNCIATION:
        feedback.reporter_name, feedback.phone, feedback.email, feedback.show_name = "", "", "", False
        feedback.user = None
        fields += ["reporter_name", "phone", "email", "show_name", "user"]
    feedback.save(update_fields=fields)
    event(feedback, actor=actor, internal_note=note or reference,
          note=_("Nội dung là %(kind)s: được chuyển sang giải quyết theo thủ tục %(kind)s.") % {"kind": label.lower()})
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_CONVERTED, target=feedback, unit=feedback.commune,
                 data=facts(feedback, kind=kind, case=case.pk))
    return feedback


@service(AuditVerb.FEEDBACK_NOTED)
def feedback_note(*, feedback: Feedback, note: str, actor) -> Feedback:
    note = clean_field(note, "note", max_length=4000, single_line=False, message=_("Cần nhập ghi chú."))
    event(feedback, actor=actor, kind=FeedbackEvent.Kind.NOTE, internal_note=note)
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_NOTED, target=feedback, unit=feedback.commune,
                 data=facts(feedback))
    return feedback


@service(AuditVerb.FEEDBACK_RECATEGORISED)
def feedback_recategorise(*, feedback: Feedback, category, actor) -> Feedback:
    """Fix a wrong category while open: re-routed and the answer deadline recounted from the receipt."""
    locked(feedback)
    if not feedback.is_open():
        raise ValidationError(_("Phản ánh đã xử lý xong."), code="closed")
    if not isinstance(category, Category) or not category.active:
        raise field_error("category", _("Hãy chọn một lĩnh vực phản ánh."), "invalid_category")
    if category.pk == feedback.category_id:
        return feedback
    before = feedback.category
    organisation, answer_days, _rule = routing_for(category, feedback.commune, feedback.village)
    cal = calendar_for(feedback.received_on)
    feedback.category, feedback.organisation, feedback.answer_days = category, organisation, answer_days
    feedback.due_on = domain.answer_due(feedback.received_on, answer_days, cal)
    feedback.save(update_fields=["category", "organisation", "answer_days", "due_on", "modified"])
    event(feedback, actor=actor, kind=FeedbackEvent.Kind.CATEGORY,
          note=_("Đổi lĩnh vực: %(a)s → %(b)s; hạn trả lời: %(due)s.") % {"a": before.name, "b": category.name,
                                                                          "due": fmt(feedback.due_on)})
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_RECATEGORISED, target=feedback, unit=feedback.commune,
                 data=facts(feedback, before=before.code, after=category.code))
    return feedback


@service(AuditVerb.FEEDBACK_VIEWED)
def feedback_viewed(*, feedback: Feedback, actor, via: str = "html") -> None:
    """Every access to the reporter's personal data by staff is audited."""
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_VIEWED, target=feedback, unit=feedback.commune,
                 data=facts(feedback, via=via))
