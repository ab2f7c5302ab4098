"""Write functions of the access-to-law standard (QĐ 25/2021/QĐ-TTg, TT 09/2021/TT-BTP): a commune's yearly
assessment self-scored, posted, sent, appraised by the council (which may correct the head condition) and
decided."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.legal_rules import rule_text
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .. import domain
from ..domain import AssessmentState
from ..inputs import MAX_TEXT, checked_date
from ..models import AccessToLawAssessment
from ..selectors.access_to_law import assessment_result, indicator_maxima
from ..standard import POSTING_RULE, ScoreError, clean_scores, dossier_deadline, posting_ok
from ..verbs import AuditVerb


def _scores(raw: dict, name: str) -> dict[str, str]:
    try:
        cleaned = clean_scores(raw or {}, indicator_maxima())
    except ScoreError as exc:
        raise field_error(name, str(exc), "bad_score") from None
    return {k: str(v) for k, v in cleaned.items()}


@service(AuditVerb.ASSESSMENT_OPENED)
def assessment_open(*, commune: AdministrativeUnit, year: int, actor) -> AccessToLawAssessment:
    if commune.level != Level.COMMUNE:
        raise field_error("commune", _("Chỉ xã, phường, đặc khu tự đánh giá chuẩn tiếp cận pháp luật."),
                          "not_commune")
    if not isinstance(year, int) or not 2022 <= year <= 2100:  # QĐ25 in force from 01/01/2022 (Art.7)
        raise field_error("year", _("Năm đánh giá từ 2022 (QĐ 25/2021/QĐ-TTg có hiệu lực từ 01/01/2022)."),
                          "bad_year")
    assessment, created = AccessToLawAssessment.objects.get_or_create(commune=commune, year=year)
    if created:
        audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_OPENED, target=assessment, unit=commune,
                     data={"year": year})
    return assessment


@service(AuditVerb.ASSESSMENT_SELF_SCORED)
def assessment_self_score(*, assessment: AccessToLawAssessment, scores: dict, head_disciplined: bool,
                          actor) -> AccessToLawAssessment:
    locked(assessment)
    if assessment.state != AssessmentState.SELF_SCORING:
        raise ValidationError(_("Đã niêm yết hoặc gửi hồ sơ: không sửa điểm tự chấm."), code="not_editable")
    assessment.self_scores = _scores(scores, "self_scores")
    assessment.head_disciplined = bool(head_disciplined)
    assessment.save(update_fields=["self_scores", "head_disciplined", "modified"])
    result = assessment_result(assessment)
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_SELF_SCORED, target=assessment, unit=assessment.commune,
                 data={"total": result.total, "passed": result.passed})
    return assessment


@service(AuditVerb.ASSESSMENT_POSTED)
def assessment_post(*, assessment: AccessToLawAssessment, posted_from: date, posted_to: date,
                    actor) -> AccessToLawAssessment:
    """The self-score posted at the commune HQ ≥ 05 days (TT09 Art.3.1.c)."""
    locked(assessment)
    domain.ASSESSMENT_WORKFLOW.check(assessment.state, AssessmentState.POSTED)
    posted_from, posted_to = checked_date(posted_from, "posted_from"), checked_date(posted_to, "posted_to")
    if not posting_ok(posted_from, posted_to):
        raise field_error("posted_to",
                          _("Phải niêm yết ít nhất %(period)s (khoản 1 Điều 3 Thông tư 09/2021/TT-BTP).")
                          % {"period": rule_text(POSTING_RULE)}, "posting_too_short")
    if not assessment.self_scores:
        raise ValidationError(_("Chưa có điểm tự chấm."), code="no_scores")
    assessment.posted_from, assessment.posted_to = posted_from, posted_to
    assessment.state = AssessmentState.POSTED
    assessment.save(update_fields=["posted_from", "posted_to", "state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_POSTED, target=assessment, unit=assessment.commune,
                 data={"from": posted_from, "to": posted_to})
    return assessment


@service(AuditVerb.ASSESSMENT_SENT)
def assessment_send(*, assessment: AccessToLawAssessment, feedback_summary: str, actor,
                    on: date | None = None) -> AccessToLawAssessment:
    locked(assessment)
    domain.ASSESSMENT_WORKFLOW.check(assessment.state, AssessmentState.SENT)
    on = on or clock.today()
    if assessment.posted_to and on <= assessment.posted_to:
        raise field_error("dossier_sent_on", _("Gửi hồ sơ sau khi hết thời gian niêm yết."),
                          "sent_before_posting_end")
    assessment.feedback_summary = clean_field(feedback_summary, "feedback_summary", max_length=MAX_TEXT,
                                              single_line=False, required=False)
    assessment.dossier_sent_on = on
    assessment.state = AssessmentState.SENT
    assessment.save(update_fields=["feedback_summary", "dossier_sent_on", "state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_SENT, target=assessment, unit=assessment.commune,
                 data={"late": on > dossier_deadline(assessment.year)})
    return assessment


HEAD_FIELDS = ["head_disciplined", "head_set_by_council", "head_note"]


def _correct_head(assessment: AccessToLawAssessment, head_disciplined, note: str, actor) -> list[str]:
    """The council sets the third condition of QĐ25 Art.4 (no head of the commune Party committee or government
    disciplined or prosecuted that year) when it differs from the commune's statement: the ground is required and
    the change is audited with the value it replaced. Returns the fields changed."""
    if head_disciplined is None or bool(head_disciplined) == assessment.head_disciplined:
        return []
    note = clean_field(note, "head_note", max_length=MAX_TEXT, single_line=False, required=False)
    if not note:
        raise field_error("head_note",
                          _("Ghi căn cứ (quyết định kỷ luật, quyết định khởi tố hoặc văn bản xác minh) "
                                         "khi Hội đồng xác định khác với xã tự khai."), "head_note_required")
    before = assessment.head_disciplined
    assessment.head_disciplined, assessment.head_set_by_council, assessment.head_note = bool(head_disciplined), True, note
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_HEAD_CORRECTED, target=assessment, unit=assessment.commune,
                 data={"from": before, "to": assessment.head_disciplined, "note": note, "state": assessment.state})
    return HEAD_FIELDS


@service(AuditVerb.ASSESSMENT_APPRAISED)
def assessment_appraise(*, assessment: AccessToLawAssessment, scores: dict, actor, on: date | None = None,
                        head_disciplined: bool | None = None, head_note: str = "") -> AccessToLawAssessment:
    """The council's scores (TT09 Art.3.2.b, Art.2.2: they decide recognition) and, when it finds otherwise than
    the commune stated, whether a head of the commune was disciplined or prosecuted that year (with its ground)."""
    locked(assessment)
    domain.ASSESSMENT_WORKFLOW.check(assessment.state, AssessmentState.APPRAISED)
    assessment.appraised_scores = _scores(scores, "appraised_scores")
    fields = ["appraised_scores", "appraised_on", "state", "modified"]
    fields += _correct_head(assessment, head_disciplined, head_note, actor)
    assessment.appraised_on = on or clock.today()
    assessment.state = AssessmentState.APPRAISED
    assessment.save(update_fields=fields)
    result = assessment_result(assessment)
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_APPRAISED, target=assessment, unit=assessment.commune,
                 data={"total": result.total, "passed": result.passed, "head_ok": result.head_ok})
    return assessment


@service(AuditVerb.ASSESSMENT_HEAD_CORRECTED)
def assessment_correct_head(*, assessment: AccessToLawAssessment, head_disciplined: bool, head_note: str,
                            actor) -> AccessToLawAssessment:
    """The council corrects the head condition after scoring but before the decision (e.g. a disciplinary decision
    of December learnt late): only while the dossier is with the council (sent or appraised)."""
    locked(assessment)
    if assessment.state not in (AssessmentState.SENT, AssessmentState.APPRAISED):
        raise ValidationError(_("Chỉ Hội đồng thẩm định điều chỉnh được, khi hồ sơ đang được thẩm định."),
                              code="invalid_transition")
    fields = _correct_head(assessment, head_disciplined, head_note, actor)
    if fields:
        assessment.save(update_fields=[*fields, "modified"])
    return assessment


@service(AuditVerb.ASSESSMENT_DECIDED)
def assessment_decide(*, assessment: AccessToLawAssessment, decision_number: str, actor,
                      on: date | None = None) -> AccessToLawAssessment:
    """Record the decision: recognised exactly when the pass rule holds on the appraised scores (QĐ25 Art.4)."""
    locked(assessment)
    result = assessment_result(assessment)
    target = AssessmentState.RECOGNISED if result.passed else AssessmentState.NOT_RECOGNISED
    domain.ASSESSMENT_WORKFLOW.check(assessment.state, target)
    assessment.decision_number = clean_field(decision_number, "decision_number", required=result.passed,
                                             max_length=100)
    assessment.recognised_on = (on or clock.today()) if result.passed else None
    assessment.state = target
    assessment.save(update_fields=["decision_number", "recognised_on", "state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_DECIDED, target=assessment, unit=assessment.commune,
                 data={"passed": result.passed, "total": result.total,
                       "failing": list(result.failing_criteria), "head_ok": result.head_ok})
    return assessment
