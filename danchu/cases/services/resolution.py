"""Resolving an accepted letter: the dialogue of a complaint, the extensions and complexity of a denunciation, the
decision or conclusion, sending and publishing it, withdrawal, and the answer to a petition."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.calendar_service import calendar_for
from danchu.core.documents import fmt_date
from danchu.core.errors import field_error
from danchu.core.services import service
from danchu.core.text import clean_field

from .. import domain
from ..domain import CaseKind, Complexity, Finding, State
from ..models import Case, DocumentKind
from ..verbs import AuditVerb
from .casefile import case_data, check_criteria, issue_document, lock_for_handling, record_event
from .common import MAX_TEXT, act_date


@service(AuditVerb.CASE_DIALOGUE_HELD, private=("participants",))
def case_dialogue(*, case: Case, actor, on: date | None, participants: str, content: str) -> Case:
    """Luật Khiếu nại Art.30: a dialogue with the complainant, the respondent and related parties; the minutes state
    the opinions and the result and go into the case file (Art.34)."""
    case = lock_for_handling(case, actor)
    if case.kind != CaseKind.COMPLAINT or case.state != State.ACCEPTED:
        raise ValidationError(_("Chỉ ghi biên bản đối thoại cho khiếu nại đang giải quyết."), code="not_in_progress")
    on = act_date(on, "on", not_before=case.accepted_on, label_before=_("ngày thụ lý"))
    participants = clean_field(participants, "participants", max_length=2000, single_line=False,
                               message=_("Cần ghi thành phần tham gia."))
    content = clean_field(content, "content", max_length=MAX_TEXT, single_line=False,
                          message=_("Cần ghi nội dung đối thoại."))
    issue_document(case, DocumentKind.DIALOGUE, on, _("Biên bản đối thoại"), {"participants": participants,
                                                                               "content": content})
    record_event(case, actor, note=_("Đã tổ chức đối thoại ngày %(d)s.") % {"d": fmt_date(on)})
    audit.record(actor=actor, verb=AuditVerb.CASE_DIALOGUE_HELD, target=case, unit=case.unit,
                 data=case_data(case, held_on=on))
    return case


@service(AuditVerb.CASE_EXTENDED)
def case_extend(*, case: Case, actor, days: int, reason: str, on: date | None = None) -> Case:
    """Art.30.2: extension decision (Mẫu 01 NĐ 31/2019) — complex once, especially complex twice, ≤ 30 days each.
    The new resolution deadline is counted from the acceptance with every extension's days, and moved past a
    non-working day only at its end (domain.denunciation_resolve_due)."""
    case = lock_for_handling(case, actor)
    if case.kind != CaseKind.DENUNCIATION:
        raise ValidationError(_("Chỉ đơn tố cáo mới có quyết định gia hạn giải quyết (Điều 30 Luật Tố cáo)."),
                              code="extension_not_denunciation")
    case.workflow.check(case.state, State.EXTENDED)
    domain.check_extension(case.complexity, case.extensions)
    on = act_date(on, "on", not_before=case.accepted_on, label_before=_("ngày thụ lý"))
    if case.due_on and on > case.due_on:
        raise field_error("on", _("Quyết định gia hạn phải ban hành trước khi hết hạn (%(d)s).") % {
            "d": fmt_date(case.due_on)}, "extension_after_due")
    reason = clean_field(reason, "reason", max_length=MAX_TEXT, single_line=False,
                         message=_("Cần nêu lý do gia hạn."))
    rules = case.rules()
    days = domain.check_extension_days(days, case.complexity, rules)
    new_due = domain.denunciation_resolve_due(case.accepted_on, rules, calendar_for(case.accepted_on),
                                              extension_days=(case.extension_days, days))
    case.extensions += 1
    case.extension_days += days
    case.state, case.resolve_due_on, case.due_on = State.EXTENDED, new_due, new_due
    case.due_label = str(_("Giải quyết (đã gia hạn lần %(n)d)") % {"n": case.extensions})
    case.save(update_fields=["state", "extensions", "extension_days", "resolve_due_on", "due_on", "due_label",
                             "modified"])
    issue_document(case, DocumentKind.EXTENSION, on, _("Quyết định gia hạn giải quyết tố cáo (lần %(n)d)") % {
        "n": case.extensions}, {"days": days, "reason": reason, "new_due": new_due.isoformat(),
                                "extension": case.extensions})
    record_event(case, actor, note=_("Gia hạn giải quyết lần %(n)d thêm %(d)d ngày, đến %(due)s.") % {
        "n": case.extensions, "d": days, "due": fmt_date(new_due)})
    audit.record(actor=actor, verb=AuditVerb.CASE_EXTENDED, target=case, unit=case.unit,
                 data=case_data(case, extension=case.extensions, days=days, extension_days=case.extension_days))
    return case


@service(AuditVerb.CASE_COMPLEXITY_CHANGED)
def case_reclassify(*, case: Case, actor, criteria, reason: str, on: date | None = None) -> Case:
    """During the resolution of a denunciation, verification shows it complex (or especially complex, or not):
    record the criteria of NĐ 31/2019 Art.3.2–3.3 and the reason, so that the extensions of Luật Tố cáo Art.30.2
    follow the facts. The resolution deadline itself is unchanged (Art.30.1); audited."""
    case = lock_for_handling(case, actor)
    if case.kind != CaseKind.DENUNCIATION or case.anonymous or case.state not in (State.ACCEPTED, State.EXTENDED):
        raise ValidationError(_("Chỉ xếp lại tính chất vụ việc khi đang giải quyết đơn tố cáo (sau khi thụ lý)."),
                              code="not_in_progress")
    on = act_date(on, "on", not_before=case.accepted_on, label_before=_("ngày thụ lý"))
    criteria = check_criteria(criteria)
    reason = clean_field(reason, "reason", max_length=MAX_TEXT, single_line=False,
                         message=_("Cần nêu lý do xếp lại tính chất vụ việc (kết quả xác minh)."))
    before = case.complexity
    complexity = domain.check_reclassification(case.complexity_criteria, criteria, case.extensions)
    case.complexity, case.complexity_criteria = complexity, criteria
    case.save(update_fields=["complexity", "complexity_criteria", "modified"])
    record_event(case, actor, internal_note=_(
        "Xếp lại tính chất vụ việc ngày %(d)s: %(from)s → %(to)s (NĐ 31/2019 Điều 3). Lý do: %(r)s") % {
        "d": fmt_date(on), "from": Complexity(before).label, "to": Complexity(complexity).label, "r": reason})
    audit.record(actor=actor, verb=AuditVerb.CASE_COMPLEXITY_CHANGED, target=case, unit=case.unit,
                 data=case_data(case, on=on, before=before, after=complexity, criteria=criteria))
    return case


@service(AuditVerb.CASE_DECIDED)
def case_decide(*, case: Case, actor, number: str, finding: str, text: str, on: date | None = None) -> Case:
    """Complaint: quyết định giải quyết (Art.31, 40); denunciation: kết luận nội dung tố cáo (Art.35). Then the
    decision must be sent (complaint Art.32: 03 WD / Art.41: 07 days; denunciation Art.35: 05 WD)."""
    case = lock_for_handling(case, actor)
    if case.state == State.RECEIVED:
        raise ValidationError(_("Chưa thụ lý thì chưa thể ban hành quyết định, kết luận (thụ lý trước)."),
                              code="not_accepted")
    case.workflow.check(case.state, State.DECIDED)
    on = act_date(on, "on", not_before=case.accepted_on, label_before=_("ngày thụ lý"))
    if finding not in Finding.values:
        raise field_error("finding", _("Hãy chọn kết luận: đúng, đúng một phần hoặc sai."), "invalid_finding")
    number = clean_field(number, "number", max_length=50, message=_("Cần ghi số quyết định, kết luận."))
    text = clean_field(text, "text", max_length=MAX_TEXT, single_line=False,
                       message=_("Cần ghi nội dung quyết định, kết luận."))
    rules, cal = case.rules(), calendar_for(on)
    on_time = bool(case.resolve_due_on and on <= case.resolve_due_on)
    case.state, case.decided_on, case.decision_number, case.finding, case.decision_text = (
        State.DECIDED, on, number, finding, text)
    case.closed_on = on
    if case.kind == CaseKind.COMPLAINT:
        case.due_on, case.due_label = domain.complaint_send_due(on, case.round, rules, cal), str(_("Gửi quyết định"))
        kind, title = DocumentKind.DECISION, (_("Quyết định giải quyết khiếu nại (lần đầu)") if case.round == 1
                                              else _("Quyết định giải quyết khiếu nại (lần hai)"))
        extra = {"final_on": domain.complaint_final_on(on, remote=case.remote_area, rules=rules, cal=cal).isoformat()}
    else:
        case.due_on, case.due_label = domain.notify_conclusion_due(on, rules, cal), str(_("Gửi kết luận, thông báo"))
        kind, title = DocumentKind.CONCLUSION, _("Kết luận nội dung tố cáo")
        extra = {"publicise_by": domain.publicise_due(on, rules, cal).isoformat()}
    case.save(update_fields=["state", "decided_on", "decision_number", "finding", "decision_text", "closed_on",
                             "due_on", "due_label", "modified"])
    issue_document(case, kind, on, title, {"finding": finding, "text": text, **extra}, reference=number)
    record_event(case, actor, note=_("Đã ban hành %(t)s số %(n)s ngày %(d)s.") % {
        "t": title.lower(), "n": number, "d": fmt_date(on)})
    audit.record(actor=actor, verb=AuditVerb.CASE_DECIDED, target=case, unit=case.unit,
                 data=case_data(case, decided_on=on, on_time=on_time, finding=finding))
    return case


@service(AuditVerb.CASE_SENT)
def case_send(*, case: Case, actor, on: date | None = None) -> Case:
    """The decision / conclusion was sent to the parties."""
    case = lock_for_handling(case, actor)
    if case.state != State.DECIDED or case.sent_on:
        raise ValidationError(_("Chỉ gửi được quyết định, kết luận đã ban hành và chưa gửi."), code="not_decided")
    on = act_date(on, "on", not_before=case.decided_on, label_before=_("ngày ban hành"))
    late = bool(case.due_on and on > case.due_on)
    case.sent_on = on
    if case.kind == CaseKind.DENUNCIATION and not case.published_on:  # still to publish (Art.40)
        case.due_on = domain.publicise_due(case.decided_on, case.rules(), calendar_for(case.decided_on))
        case.due_label = str(_("Công khai kết luận"))
    else:
        case.due_on, case.due_label = None, ""
    case.save(update_fields=["sent_on", "due_on", "due_label", "modified"])
    record_event(case, actor, note=_("Đã gửi quyết định, kết luận ngày %(d)s.") % {"d": fmt_date(on)})
    audit.record(actor=actor, verb=AuditVerb.CASE_SENT, target=case, unit=case.unit,
                 data=case_data(case, sent_on=on, late=late))
    return case


@service(AuditVerb.CASE_PUBLISHED)
def case_publish(*, case: Case, actor, on: date | None = None) -> Case:
    """Art.40: publish the conclusion (on the portal) within 07 working days, without the denouncer's identity."""
    case = lock_for_handling(case, actor)
    if case.kind != CaseKind.DENUNCIATION or case.state != State.DECIDED:
        raise ValidationError(_("Chỉ công khai kết luận nội dung tố cáo đã ban hành."), code="not_concluded")
    if case.published_on:
        raise ValidationError(_("Kết luận đã được công khai."), code="already_published")
    on = act_date(on, "on", not_before=case.decided_on, label_before=_("ngày ban hành kết luận"))
    late = on > domain.publicise_due(case.decided_on, case.rules(), calendar_for(case.decided_on))
    case.published_on = on
    if case.sent_on:
        case.due_on, case.due_label = None, ""
    else:  # published first: sending the conclusion to the parties is still due (Art.35)
        case.due_on = domain.notify_conclusion_due(case.decided_on, case.rules(), calendar_for(case.decided_on))
        case.due_label = str(_("Gửi kết luận, thông báo"))
    case.save(update_fields=["published_on", "due_on", "due_label", "modified"])
    issue_document(case, DocumentKind.PUBLICATION, on, _("Thông báo công khai kết luận nội dung tố cáo"),
                   {"finding": case.finding, "text": case.decision_text})
    record_event(case, actor, note=_("Đã công khai kết luận ngày %(d)s.") % {"d": fmt_date(on)})
    audit.record(actor=actor, verb=AuditVerb.CASE_PUBLISHED, target=case, unit=case.unit,
                 data=case_data(case, published_on=on, late=late))
    return case


@service(AuditVerb.CASE_TERMINATED)
def case_terminate(*, case: Case, actor, reason: str, on: date | None = None) -> Case:
    """Withdrawal → termination (Khiếu nại Art.10; Tố cáo Art.33, before the conclusion)."""
    case = lock_for_handling(case, actor)
    case.workflow.check(case.state, State.TERMINATED)
    on = act_date(on, "on", not_before=case.accepted_on or case.received_on, label_before=_("bước trước"))
    reason = clean_field(reason, "reason", max_length=MAX_TEXT, single_line=False,
                         message=_("Cần ghi việc rút đơn (văn bản hoặc biên bản)."))
    case.state, case.closed_on, case.due_on, case.due_label = State.TERMINATED, on, None, ""
    case.save(update_fields=["state", "closed_on", "due_on", "due_label", "modified"])
    issue_document(case, DocumentKind.TERMINATION, on, _("Quyết định đình chỉ giải quyết"), {"reason": reason})
    record_event(case, actor, note=_("Đình chỉ giải quyết do rút đơn ngày %(d)s.") % {"d": fmt_date(on)})
    audit.record(actor=actor, verb=AuditVerb.CASE_TERMINATED, target=case, unit=case.unit, data=case_data(case))
    return case


@service(AuditVerb.CASE_ANSWERED)
def case_answer(*, case: Case, actor, text: str, on: date | None = None) -> Case:
    """A petition is answered (Tiếp công dân Art.28.1: 10 working days)."""
    case = lock_for_handling(case, actor)
    case.workflow.check(case.state, State.ANSWERED)
    on = act_date(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    text = clean_field(text, "text", max_length=MAX_TEXT, single_line=False, message=_("Cần ghi nội dung trả lời."))
    on_time = bool(case.due_on and on <= case.due_on)
    case.state, case.decision_text, case.closed_on, case.decided_on = State.ANSWERED, text, on, on
    case.due_on, case.due_label = None, ""
    case.save(update_fields=["state", "decision_text", "closed_on", "decided_on", "due_on", "due_label", "modified"])
    issue_document(case, DocumentKind.ANSWER, on, _("Văn bản trả lời kiến nghị, phản ánh"), {"text": text})
    record_event(case, actor, note=_("Đã trả lời ngày %(d)s.") % {"d": fmt_date(on)})
    audit.record(actor=actor, verb=AuditVerb.CASE_ANSWERED, target=case, unit=case.unit,
                 data=case_data(case, on_time=on_time))
    return case
