"""Write functions of inspections and supervision: planned, started, concluded with recommendations, the
recommendations followed up, closed when every one is done."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.models import AdministrativeUnit

from .. import domain
from ..domain import InspectionState
from ..inputs import MAX_TEXT, checked_date, checked_span
from ..models import Inspection, Plan, Recommendation
from ..verbs import AuditVerb


@service(AuditVerb.INSPECTION_CREATED)
def inspection_create(*, unit: AdministrativeUnit, title: str, target_unit: AdministrativeUnit, starts_on: date,
                      ends_on: date, actor, kind: str = "kiem_tra", team: str = "", objectives: str = "",
                      plan: Plan | None = None) -> Inspection:
    if kind not in domain.InspectionKind.values:
        raise field_error("kind", _("Hình thức không hợp lệ."), "bad_kind")
    if target_unit is None or not target_unit.path.startswith(unit.path):
        raise field_error("target_unit", _("Đơn vị được kiểm tra phải thuộc địa bàn."), "target_outside")
    starts_on, ends_on = checked_span(starts_on, ends_on)
    inspection = Inspection(unit=unit, kind=kind, title=clean_field(title, "title", required=True, max_length=500),
                            target_unit=target_unit, starts_on=starts_on, ends_on=ends_on, plan=plan,
                            team=clean_field(team, "team", max_length=MAX_TEXT, single_line=False, required=False),
                            objectives=clean_field(objectives, "objectives", max_length=MAX_TEXT,
                                                   single_line=False, required=False))
    inspection.save()
    audit.record(actor=actor, verb=AuditVerb.INSPECTION_CREATED, target=inspection, unit=unit,
                 data={"target": target_unit.pk})
    return inspection


@service(AuditVerb.INSPECTION_STARTED)
def inspection_start(*, inspection: Inspection, actor) -> Inspection:
    locked(inspection)
    domain.INSPECTION_WORKFLOW.check(inspection.state, InspectionState.ONGOING)
    inspection.state = InspectionState.ONGOING
    inspection.save(update_fields=["state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.INSPECTION_STARTED, target=inspection, unit=inspection.unit, data={})
    return inspection


@service(AuditVerb.INSPECTION_CONCLUDED)
def inspection_conclude(*, inspection: Inspection, findings: str, conclusion: str, actor,
                        recommendations: list[dict] | None = None, on: date | None = None) -> Inspection:
    locked(inspection)
    domain.INSPECTION_WORKFLOW.check(inspection.state, InspectionState.CONCLUDED)
    inspection.findings = clean_field(findings, "findings", max_length=MAX_TEXT, single_line=False, required=False)
    inspection.conclusion = clean_field(conclusion, "conclusion", required=True, max_length=MAX_TEXT,
                                        single_line=False)
    inspection.concluded_on = on or clock.today()
    inspection.state = InspectionState.CONCLUDED
    inspection.save(update_fields=["findings", "conclusion", "concluded_on", "state", "modified"])
    for rec in recommendations or []:
        Recommendation.objects.create(
            inspection=inspection,
            content=clean_field(rec.get("content"), "recommendations", required=True, max_length=MAX_TEXT,
                                single_line=False),
            responsible=clean_field(rec.get("responsible"), "recommendations", max_length=250, required=False),
            due_on=checked_date(rec.get("due_on"), "recommendations", required=False))
    audit.record(actor=actor, verb=AuditVerb.INSPECTION_CONCLUDED, target=inspection, unit=inspection.unit,
                 data={"recommendations": len(recommendations or [])})
    return inspection


@service(AuditVerb.RECOMMENDATION_FOLLOWED_UP)
def recommendation_follow_up(*, recommendation: Recommendation, follow_up: str, actor,
                             closed_on: date | None = None) -> Recommendation:
    rec = locked(recommendation, "inspection")
    if rec.inspection.state != InspectionState.CONCLUDED:
        raise ValidationError(_("Chỉ theo dõi kiến nghị của cuộc kiểm tra đã kết luận."),
                              code="invalid_transition")
    rec.follow_up = clean_field(follow_up, "follow_up", required=True, max_length=MAX_TEXT, single_line=False)
    rec.closed_on = checked_date(closed_on, "closed_on", required=False)
    rec.save(update_fields=["follow_up", "closed_on"])
    audit.record(actor=actor, verb=AuditVerb.RECOMMENDATION_FOLLOWED_UP, target=rec.inspection,
                 unit=rec.inspection.unit, data={"recommendation": rec.pk, "closed": bool(rec.closed_on)})
    return rec


@service(AuditVerb.INSPECTION_CLOSED)
def inspection_close(*, inspection: Inspection, actor) -> Inspection:
    locked(inspection)
    domain.INSPECTION_WORKFLOW.check(inspection.state, InspectionState.CLOSED)
    open_count = inspection.recommendations.filter(closed_on__isnull=True).count()
    if not domain.inspection_can_close(open_count):
        raise ValidationError(_("Còn %(n)d kiến nghị chưa thực hiện xong.") % {"n": open_count},
                              code="open_recommendations")
    inspection.state = InspectionState.CLOSED
    inspection.save(update_fields=["state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.INSPECTION_CLOSED, target=inspection, unit=inspection.unit, data={})
    return inspection
