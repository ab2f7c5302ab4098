"""The commune's answer to a community decision: sent within the deadline (Law Art.20.3), recognised (by UBND cấp xã;
by UB MTTQ cấp xã for K5) or refused in writing (Art.21.2), annulled when unlawful (Art.22)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.calendar_service import calendar_for
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field

from .. import domain
from ..domain import WORKFLOW, State
from ..models import Decision
from ..verbs import AuditVerb
from .common import MAX_TEXT, date_in_range, decision_data, not_future


@service(AuditVerb.DECISION_SENT)
def decision_send(*, decision: Decision, sent_on: date, actor) -> Decision:
    """The decision goes to UBND xã and UB MTTQ xã ≤ 05 working days after the meeting/ballot (Art.20.3)."""
    locked(decision, "unit")
    if decision.parent_id:
        raise ValidationError(_("Kết quả của từng thôn được tổng hợp vào quyết định phạm vi xã."), code="part")
    sent_on = not_future(date_in_range(sent_on, "sent_on"), "sent_on")
    if decision.result_on and sent_on < decision.result_on:
        raise field_error("sent_on", _("Ngày gửi không thể trước ngày có kết quả."), "sent_before_result")
    WORKFLOW.move(decision, State.SENT)
    decision.sent_on = sent_on
    decision.recognition_due = domain.recognition_due(sent_on, calendar_for(sent_on))
    decision.save(update_fields=["state", "sent_on", "recognition_due", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_SENT, target=decision, unit=decision.unit,
                 data=decision_data(decision, sent_on=sent_on, send_due=decision.send_due,
                                    late=bool(decision.send_due and sent_on > decision.send_due), recognition_due=decision.recognition_due))
    return decision


@service(AuditVerb.DECISION_RECOGNISED)
def decision_recognise(*, decision: Decision, recognised_on: date, reference: str, effective_on: date | None = None,
                       actor) -> Decision:
    """UBND xã (UB MTTQ xã for K5) recognises ≤ 05 working days after receipt (Art.21.2). The decision takes
    effect on adoption (village-scope K1/K2, K6), on the date UBND xã sets (commune-scope K1/K2) or from the
    recognition (K3–K5) — never before it was adopted or, when it depends on it, before the recognition."""
    locked(decision, "unit")
    recognised_on = not_future(date_in_range(recognised_on, "recognised_on"), "recognised_on")
    if decision.sent_on and recognised_on < decision.sent_on:
        raise field_error("recognised_on", _("Ngày công nhận không thể trước ngày nhận."), "before_sent")
    adopted_on = decision.result_on or decision.decided_on
    if adopted_on and recognised_on < adopted_on:
        raise field_error("recognised_on", _("Ngày công nhận không thể trước ngày thông qua (%(d)s).")
                          % {"d": adopted_on.strftime("%d/%m/%Y")}, "before_adoption")
    reference = clean_field(reference, "reference", required=True, max_length=100,
                            message=_("Cần ghi số quyết định công nhận."))
    effective_on = date_in_range(effective_on, "effective_on", required=False)
    try:
        effective_on = domain.effective_on(decision.kind, decision.scope, adopted_on=adopted_on or recognised_on,
                                           recognised_on=recognised_on, requested=effective_on)
    except ValueError as exc:
        if str(exc) == "effective_on_adoption":
            raise field_error("effective_on", _("Nội dung này có hiệu lực từ ngày được thông qua (%(d)s), không phụ "
                                                "thuộc ngày công nhận (Luật số 10/2022/QH15, Điều 21.2); hãy để trống "
                                                "ngày có hiệu lực.") % {"d": adopted_on.strftime("%d/%m/%Y")},
                              "effective_on_adoption") from None
        raise field_error("effective_on", _("Ngày có hiệu lực không thể trước ngày công nhận (%(r)s) hay ngày thông "
                                            "qua (Luật số 10/2022/QH15, Điều 21.2).")
                          % {"r": recognised_on.strftime("%d/%m/%Y")}, "effective_before_recognition") from None
    WORKFLOW.move(decision, State.RECOGNISED)
    decision.recognised_on, decision.recognition_ref, decision.effective_on = recognised_on, reference, effective_on
    decision.save(update_fields=["state", "recognised_on", "recognition_ref", "effective_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_RECOGNISED, target=decision, unit=decision.unit,
                 data=decision_data(decision, on=recognised_on, reference=reference, effective_on=effective_on,
                                    due=decision.recognition_due,
                                    late=bool(decision.recognition_due and recognised_on > decision.recognition_due)))
    if decision.amends_id:
        old = locked(decision.amends, "unit")
        if old.state == State.RECOGNISED:
            WORKFLOW.move(old, State.AMENDED)
            old.closed_on = recognised_on
            old.save(update_fields=["state", "closed_on", "modified"])
            audit.record(actor=actor, verb=AuditVerb.DECISION_AMENDED, target=old, unit=old.unit,
                         data=decision_data(old, by=decision.pk))
    return decision


@service(AuditVerb.DECISION_REFUSED)
def decision_refuse(*, decision: Decision, refused_on: date, reason: str, actor) -> Decision:
    """Not recognised: answered in writing with the reasons (Art.21.2)."""
    locked(decision, "unit")
    refused_on = not_future(date_in_range(refused_on, "refused_on"), "refused_on")
    reason = clean_field(reason, "reason", required=True, max_length=MAX_TEXT,
                         message=_("Cần nêu rõ lý do không công nhận (Điều 21.2)."), single_line=False)
    WORKFLOW.move(decision, State.REFUSED)
    decision.refused_on, decision.refusal_reason = refused_on, reason
    decision.save(update_fields=["state", "refused_on", "refusal_reason", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_REFUSED, target=decision, unit=decision.unit,
                 data=decision_data(decision, on=refused_on))
    return decision


@service(AuditVerb.DECISION_ANNULLED)
def decision_annul(*, decision: Decision, ground: str, reason: str, on: date, actor) -> Decision:
    """UBND xã annuls a decision that is unlawful or breached the procedure (Art.22)."""
    locked(decision, "unit")
    if ground not in (domain.AnnulGround.UNLAWFUL, domain.AnnulGround.PROCEDURE):
        raise field_error("ground", _("Cấp xã bãi bỏ khi nội dung trái pháp luật hoặc vi phạm trình tự (Điều 22.1.a, b)"
                                      "; cộng đồng muốn thay đổi thì biểu quyết sửa đổi."), "invalid_ground")
    on = not_future(date_in_range(on, "on"), "on")
    reason = clean_field(reason, "reason", required=True, max_length=MAX_TEXT,
                         message=_("Cần nêu lý do bãi bỏ."), single_line=False)
    WORKFLOW.move(decision, State.ANNULLED)
    decision.closed_on, decision.annul_ground, decision.annul_reason = on, ground, reason
    decision.save(update_fields=["state", "closed_on", "annul_ground", "annul_reason", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_ANNULLED, target=decision, unit=decision.unit,
                 data=decision_data(decision, ground=ground, on=on))
    return decision

