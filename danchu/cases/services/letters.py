"""Letters — complaints, denunciations, petitions — from their receipt to their acceptance: recording a letter,
accepting it or not, transferring it, checking an anonymous letter, assigning it. No audit row, notification or log
line carries a denouncer's identity (Luật Tố cáo Art.8.3, 47, 56): audit data holds codes, states and dates only;
str(case) is its file number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.calendar_service import calendar_for
from danchu.core.documents import fmt_date
from danchu.core.errors import field_error
from danchu.core.notify import notify
from danchu.core.services import service
from danchu.core.text import clean_field
from danchu.units.access import can

from .. import domain
from ..domain import CaseKind, Complexity, State
from ..identity import Identity, seal
from ..models import Case, DocumentKind, SealedIdentity
from ..recipients import HANDLING_CAPABILITY, handling_capability
from ..verbs import AuditVerb
from .casefile import case_data, check_criteria, issue_document, lock_for_handling, record_event
from .common import MAX_TEXT, act_date, check_commune, clean_id_number, clean_phone, rules_for

KIND_PREFIX = {CaseKind.COMPLAINT: "KN", CaseKind.DENUNCIATION: "TC", CaseKind.PETITION: "KNPA"}


@dataclass(frozen=True)
class Letter:
    """One letter split out of a visit (Art.25.3)."""

    kind: str
    summary: str
    respondent: str = ""
    known_on: date | None = None
    obstacle_days: int = 0
    round: int = 1


def _next_case_code(unit, kind: str, year: int) -> str:
    prefix = f"{KIND_PREFIX[kind]}-{unit.code}-{year}-"
    last = Case.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _initial_due(case: Case, rules, cal) -> tuple[date, str]:
    if case.kind == CaseKind.COMPLAINT:
        return (domain.complaint_accept_due(case.received_on, case.round, rules, cal),
                _("Thụ lý hoặc thông báo không thụ lý"))
    if case.kind == CaseKind.DENUNCIATION:
        return (domain.initial_processing_due(case.received_on, several_places=case.several_places, rules=rules,
                                              cal=cal), _("Xử lý ban đầu đơn tố cáo"))
    return domain.reception_reply_due(case.received_on, rules, cal), _("Trả lời công dân")


def case_from_letter(*, unit, actor, letter: Letter, content: str, received_on: date, entry, identity: Identity,
                     people_count: int, representative_count: int, remote_area: bool, rules, cal,
                     anonymous: bool = False) -> Case:
    """The case of one letter, inside the transaction of the write that received it (a visit, a letter by post)."""
    is_denunciation = letter.kind == CaseKind.DENUNCIATION
    # every letter of a visit that includes a denunciation is sealed: a complaint of the same visitor carrying the
    # name in clear would point at the denouncer (Luật Tố cáo Art.47, 56)
    sealed = is_denunciation or bool(entry is not None and entry.sealed)
    if letter.round not in (1, 2) or (letter.round == 2 and letter.kind != CaseKind.COMPLAINT):
        raise field_error("round", _("Chỉ khiếu nại mới có lần giải quyết thứ hai."), "invalid_round")
    if letter.known_on and letter.known_on > received_on:
        raise field_error("known_on", _("Ngày biết quyết định, hành vi không thể sau ngày nhận đơn."), "invalid_known_on")
    case = Case(
        unit=unit, kind=letter.kind, round=letter.round, code=_next_case_code(unit, letter.kind, received_on.year),
        tracking_code=Case.new_tracking_code(), state=State.RECEIVED,
        summary=clean_field(letter.summary, "summary", max_length=300),
        content=content, respondent=clean_field(letter.respondent, "respondent", required=False, max_length=300),
        petitioner_name="" if sealed else identity.full_name,
        petitioner_address="" if sealed else identity.address,
        petitioner_phone="" if sealed else identity.phone,
        identity_sealed=sealed and not identity.is_empty(), anonymous=anonymous, people_count=people_count,
        representative_count=representative_count,
        remote_area=bool(remote_area), known_on=letter.known_on, obstacle_days=letter.obstacle_days or 0,
        received_on=received_on, rules_code=rules.code, rules_snapshot=rules.snapshot(), entry=entry)
    if anonymous:  # not a denunciation (Luật Tố cáo Art.25): no statutory deadline runs, it is never overdue
        case.due_on, case.due_label = None, ""
    else:
        case.due_on, case.due_label = _initial_due(case, rules, cal)
    case.full_clean()
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # pragma: no cover (a number taken concurrently)
        case.code = _next_case_code(unit, letter.kind, received_on.year) + "B"
        case.save()
    if sealed and not identity.is_empty():
        SealedIdentity.objects.create(case=case, token=seal(identity))
    if anonymous:
        record_event(case, actor, note=_("Đã tiếp nhận đơn nặc danh, mạo danh: không xử lý như tố cáo; kiểm tra nội "
                                         "dung nếu rõ ràng, có căn cứ (Điều 25 Luật Tố cáo)."))
    else:
        record_event(case, actor, note=_("Đã tiếp nhận đơn; %(what)s trước ngày %(due)s.") % {
            "what": case.due_label.lower(), "due": fmt_date(case.due_on)})
    audit.record(actor=actor, verb=AuditVerb.CASE_RECEIVED, target=case, unit=case.unit,
                 data=case_data(case, received_on=received_on, rules=rules.code, anonymous=case.anonymous))
    return case


@service(AuditVerb.CASE_RECEIVED, private=("summary", "respondent"))
def case_record_letter(*, unit, actor, kind: str, summary: str, content: str, respondent: str = "",
                       full_name: str = "", address: str = "", phone: str = "", id_number: str = "",
                       anonymous: bool = False, received_on: date | None = None, known_on: date | None = None,
                       round: int = 1, remote_area: bool = False) -> Case:
    """A letter received by post or at the office without a reception visit. An anonymous denunciation is recorded
    without identity (Art.25)."""
    check_commune(unit)
    if kind not in HANDLING_CAPABILITY:
        raise field_error("kind", _("Loại đơn không hợp lệ."), "invalid_kind")
    if not can(actor, handling_capability(kind), unit):
        raise PermissionDenied
    received_on = act_date(received_on, "received_on")
    content = clean_field(content, "content", max_length=MAX_TEXT, single_line=False,
                          message=_("Cần ghi nội dung đơn."))
    anonymous = bool(anonymous) and kind == CaseKind.DENUNCIATION
    name = "" if anonymous else clean_field(full_name, "full_name", max_length=150,
                                            message=_("Cần ghi họ tên người gửi đơn (hoặc đánh dấu đơn nặc danh)."))
    identity = Identity(full_name=name, address=clean_field(address, "address", required=False, max_length=300),
                        phone=clean_phone(phone), id_number=clean_id_number(id_number))
    if anonymous:
        identity = Identity()
    return case_from_letter(unit=unit, actor=actor, letter=Letter(kind, summary, respondent, known_on, 0, round),
                            content=content, received_on=received_on, entry=None, identity=identity, people_count=1,
                            representative_count=0, remote_area=remote_area, rules=rules_for(received_on),
                            cal=calendar_for(received_on), anonymous=anonymous)


# --- the first steps: acceptance or not ------------------------------------------------------------


@service(AuditVerb.CASE_ACCEPTED)
def case_accept(*, case: Case, actor, on: date | None = None, criteria=(), remote_area: bool | None = None,
                several_places: bool | None = None, obstacle_days: int | None = None) -> Case:
    """Thụ lý. Complaint: Art.27/36 (within 10 days), resolution deadline Art.28/37. Denunciation: Art.29 acceptance
    decision; the resolution deadline is 30 days (Art.30.1)."""
    case = lock_for_handling(case, actor)
    case.workflow.check(case.state, State.ACCEPTED)
    on = act_date(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    if obstacle_days is not None and case.kind == CaseKind.COMPLAINT:
        # days of illness, disaster, distant work… are not counted in the 90 days (Khiếu nại Art.9); the
        # complainant's proof is part of the case file
        if isinstance(obstacle_days, bool) or not isinstance(obstacle_days, int) or not 0 <= obstacle_days <= 3650:
            raise field_error("obstacle_days", _("Số ngày trở ngại khách quan từ 0 đến 3650."), "invalid_obstacle")
        case.obstacle_days = obstacle_days
    if case.kind == CaseKind.COMPLAINT and case.known_on and domain.is_time_barred(
            case.known_on, case.received_on, case.obstacle_days, case.rules(), calendar_for(case.known_on)):
        raise ValidationError(_("Đơn đã hết thời hiệu %(n)s (Điều 9 Luật Khiếu nại): không thụ lý (Điều 11.6), "
                                "trừ khi có trở ngại khách quan — hãy ghi số ngày trở ngại.") % {
                                    "n": case.rules().period("complaint.limitation").text()}, code="time_barred")
    criteria = check_criteria(criteria)
    if remote_area is not None:
        case.remote_area = bool(remote_area)
    if several_places is not None:
        case.several_places = bool(several_places)
    case.complexity_criteria = criteria
    case.complexity = domain.complexity_of(criteria)
    rules, cal = case.rules(), calendar_for(on)
    initial_due = case.due_on
    if case.kind == CaseKind.COMPLAINT:
        case.resolve_due_on = domain.complaint_resolve_due(on, case.round, complex_=case.complexity != Complexity.NORMAL,
                                                           remote=case.remote_area, rules=rules, cal=cal)
    else:
        case.resolve_due_on = domain.denunciation_resolve_due(on, rules, cal)
    case.state = State.ACCEPTED
    case.accepted_on = on
    case.due_on, case.due_label = case.resolve_due_on, str(_("Giải quyết"))
    case.save(update_fields=["state", "accepted_on", "due_on", "due_label", "resolve_due_on", "complexity",
                             "complexity_criteria", "remote_area", "several_places", "obstacle_days", "modified"])
    late = bool(initial_due and on > initial_due)
    body = {}
    if case.kind == CaseKind.DENUNCIATION:
        body = {"notify_by": domain.notify_acceptance_due(on, rules, cal).isoformat()}
    issue_document(case, DocumentKind.ACCEPTANCE, on,
                   _("Thông báo thụ lý đơn %(k)s") % {"k": case.get_kind_display().lower()},
                   {**body, "resolve_due_on": case.resolve_due_on.isoformat(), "complexity": case.complexity})
    record_event(case, actor, note=_("Đã thụ lý ngày %(on)s; hạn giải quyết %(due)s.") % {
        "on": fmt_date(on), "due": fmt_date(case.resolve_due_on)})
    audit.record(actor=actor, verb=AuditVerb.CASE_ACCEPTED, target=case, unit=case.unit,
                 data=case_data(case, accepted_on=on, late=late, complexity=case.complexity, remote=case.remote_area))
    return case


@service(AuditVerb.CASE_NOT_ACCEPTED)
def case_reject(*, case: Case, actor, ground: str, reason: str, on: date | None = None) -> Case:
    """Không thụ lý with written reasons (Khiếu nại Art.27, 11; Tố cáo Art.24.1, 25, 29)."""
    case = lock_for_handling(case, actor)
    case.workflow.check(case.state, State.REJECTED)
    on = act_date(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    reason = clean_field(reason, "reason", required=False, max_length=MAX_TEXT, single_line=False)
    domain.check_rejection(case.kind, ground, reason, anonymous=case.anonymous)
    case.state = State.REJECTED
    case.rejection_ground, case.rejection_reason = ground, reason
    case.closed_on, case.due_on, case.due_label = on, None, ""
    if ground == domain.ANONYMOUS_GROUND:
        case.anonymous = True
    case.save(update_fields=["state", "rejection_ground", "rejection_reason", "closed_on", "due_on", "due_label",
                             "anonymous", "modified"])
    issue_document(case, DocumentKind.REJECTION, on, _("Thông báo không thụ lý đơn %(k)s") % {
        "k": case.get_kind_display().lower()}, {"ground": case.rejection_ground_text(), "reason": reason})
    record_event(case, actor, note=_("Không thụ lý: %(g)s. Lý do: %(r)s") % {"g": case.rejection_ground_text(),
                                                                           "r": reason})
    audit.record(actor=actor, verb=AuditVerb.CASE_NOT_ACCEPTED, target=case, unit=case.unit,
                 data=case_data(case, ground=ground))
    return case


@service(AuditVerb.CASE_ANONYMOUS_CHECKED)
def case_anonymous_check(*, case: Case, actor, note: str, on: date | None = None) -> Case:
    """Art.25: an anonymous letter whose content is specific and verifiable is checked within competence. The
    result is recorded and the letter is closed (State.CHECKED): it is not a denunciation, so it is never
    accepted, extended or concluded, and no deadline runs on it."""
    case = lock_for_handling(case, actor)
    if not case.anonymous:
        raise ValidationError(_("Chỉ áp dụng cho đơn nặc danh."), code="not_anonymous")
    case.workflow.check(case.state, State.CHECKED)
    on = act_date(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    note = clean_field(note, "note", max_length=MAX_TEXT, single_line=False, message=_("Cần ghi kết quả kiểm tra."))
    case.state, case.anonymous_checked, case.decision_text, case.closed_on = State.CHECKED, True, note, on
    case.due_on, case.due_label = None, ""
    case.save(update_fields=["state", "anonymous_checked", "decision_text", "closed_on", "due_on", "due_label",
                             "modified"])
    record_event(case, actor, note=_("Đã kiểm tra nội dung đơn nặc danh ngày %(d)s (Điều 25 Luật Tố cáo).") % {
        "d": fmt_date(on)}, internal_note=note)
    audit.record(actor=actor, verb=AuditVerb.CASE_ANONYMOUS_CHECKED, target=case, unit=case.unit,
                 data=case_data(case, checked_on=on))
    return case


@service(AuditVerb.CASE_SEVERAL_PLACES)
def case_several_places(*, case: Case, actor, reason: str) -> Case:
    """Luật Tố cáo Art.24: initial processing within 07 working days, or up to 10 working days when the content must
    be verified in several places — recorded during initial processing, with the reason."""
    case = lock_for_handling(case, actor)
    if case.kind != CaseKind.DENUNCIATION or case.state != State.RECEIVED or case.anonymous:
        raise ValidationError(_("Chỉ áp dụng khi đang xử lý ban đầu đơn tố cáo."), code="not_initial_processing")
    if case.several_places:
        raise ValidationError(_("Đã ghi việc xác minh ở nhiều địa điểm."), code="already_several_places")
    reason = clean_field(reason, "reason", max_length=MAX_TEXT, single_line=False,
                         message=_("Cần nêu các địa điểm cần xác minh."))
    case.several_places = True
    case.due_on = domain.initial_processing_due(case.received_on, several_places=True, rules=case.rules(),
                                                cal=calendar_for(case.received_on))
    case.save(update_fields=["several_places", "due_on", "modified"])
    record_event(case, actor, note=_("Xác minh ở nhiều địa điểm: hạn xử lý ban đầu %(d)s (Điều 24 Luật Tố cáo).") % {
        "d": fmt_date(case.due_on)}, internal_note=reason)
    audit.record(actor=actor, verb=AuditVerb.CASE_SEVERAL_PLACES, target=case, unit=case.unit,
                 data=case_data(case))
    return case


@service(AuditVerb.CASE_TRANSFERRED)
def case_transfer(*, case: Case, actor, to: str, on: date | None = None) -> Case:
    """Not competent: transfer (Tố cáo Art.24.2: within 05 working days; Tiếp công dân Art.26)."""
    case = lock_for_handling(case, actor)
    case.workflow.check(case.state, State.TRANSFERRED)
    on = act_date(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    to = clean_field(to, "to", max_length=300, message=_("Cần ghi cơ quan có thẩm quyền nhận đơn."))
    late = False
    if case.kind == CaseKind.DENUNCIATION and not case.anonymous:
        late = on > domain.transfer_due(case.received_on, case.rules(), calendar_for(case.received_on))
    case.state, case.transferred_to, case.closed_on, case.due_on, case.due_label = State.TRANSFERRED, to, on, None, ""
    case.save(update_fields=["state", "transferred_to", "closed_on", "due_on", "due_label", "modified"])
    issue_document(case, DocumentKind.TRANSFER, on, _("Phiếu chuyển đơn"), {"to": to})
    record_event(case, actor, note=_("Đã chuyển đơn đến %(to)s.") % {"to": to})
    audit.record(actor=actor, verb=AuditVerb.CASE_TRANSFERRED, target=case, unit=case.unit,
                 data=case_data(case, late=late))
    return case


@service(AuditVerb.CASE_ASSIGNED)
def case_assign(*, case: Case, actor, assignee) -> Case:
    case = lock_for_handling(case, actor)
    if not case.is_open():
        raise ValidationError(_("Đơn đã giải quyết xong, không giao lại được."), code="closed")
    if assignee is None or not assignee.is_active or not can(assignee, handling_capability(case.kind), case.unit):
        raise field_error("assignee", _("Người được giao phải có quyền giải quyết loại đơn này của đơn vị."),
                          "invalid_assignee")
    case.assignee = assignee
    case.save(update_fields=["assignee", "modified"])
    record_event(case, actor, internal_note=_("Giao cho %(n)s.") % {"n": assignee.get_full_name()})
    audit.record(actor=actor, verb=AuditVerb.CASE_ASSIGNED, target=case, unit=case.unit,
                 data=case_data(case, assignee=assignee.pk))
    if assignee.pk != getattr(actor, "pk", None):
        notify(channel="in_app", recipient=assignee, actor=actor, subject=_("Được giao giải quyết đơn %(c)s") % {
            "c": case.code}, body=_("Hạn: %(d)s.") % {"d": fmt_date(case.due_on) or "—"},
            url=reverse("cases:case-detail", args=[case.pk]))
    return case


@service(AuditVerb.CASE_VIEWED)
def case_viewed(*, case: Case, actor, via: str = "html") -> None:
    """Every opening of a case (personal data of the parties, the stripped letter) is audited."""
    audit.record(actor=actor, verb=AuditVerb.CASE_VIEWED, target=case, unit=case.unit,
                 data=case_data(case, via=via))
