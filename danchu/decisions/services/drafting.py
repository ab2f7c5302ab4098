"""Drafting a content residents decide (Law 10/2022 Art.16): in a village, or commune-wide for K1/K2; its
amendment once recognised (Art.22.2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .. import domain
from ..domain import WORKFLOW, Form, Kind, Scope, State
from ..models import Decision
from ..verbs import AuditVerb
from .common import MAX_TEXT, decision_data


@service(AuditVerb.DECISION_CREATED)
def decision_create(*, unit: AdministrativeUnit, kind: str, title: str, content: str, options: str = "",
                    form: str = Form.MEETING, actor) -> Decision:
    """Draft a content for residents to decide (Art.16): in a village, or commune-wide for K1/K2 (one part per
    village, each decided by its households; the commune aggregates, Art.21.1.a; NĐ59 Art.4.6.c)."""
    if unit is None or unit.level not in (Level.VILLAGE, Level.COMMUNE) or unit.valid_to is not None:
        raise field_error("unit", _("Hãy chọn một thôn, tổ dân phố hoặc xã, phường đang hoạt động."), "invalid_unit")
    if kind not in Kind.values:
        raise field_error("kind", _("Hãy chọn nội dung theo Điều 15."), "invalid_kind")
    scope = Scope.VILLAGE if unit.level == Level.VILLAGE else Scope.COMMUNE
    if not domain.scope_allowed(kind, scope):
        raise field_error("kind", _("Nội dung này do cộng đồng dân cư từng thôn, tổ dân phố quyết định; hãy tạo ở "
                                    "thôn, tổ dân phố."), "scope_not_allowed")
    if form not in Form.values or not domain.form_allowed(kind, form):
        raise field_error("form", _("Hình thức này không áp dụng cho nội dung đã chọn (Điều 17.2: biểu quyết trực "
                                    "tuyến chỉ cho công việc tự quản khác; hương ước, bầu cử phải họp)."),
                          "form_not_allowed")
    title = clean_field(title, "title", required=True, max_length=300, message=_("Cần nhập tên nội dung."))
    content = clean_field(content, "content", required=True, max_length=MAX_TEXT,
                          message=_("Cần nhập nội dung đưa ra bàn và quyết định."), single_line=False)
    options = clean_field(options, "options", required=False, max_length=MAX_TEXT, single_line=False)
    decision = Decision(unit=unit, scope=scope, kind=kind, form=form, title=title, content=content, options=options,
                        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    decision.full_clean()
    decision.save()
    audit.record(actor=actor, verb=AuditVerb.DECISION_CREATED, target=decision, unit=decision.unit,
                 data=decision_data(decision, kind=kind, scope=scope, form=form))
    if scope == Scope.COMMUNE:
        villages = list(AdministrativeUnit.objects.filter(parent=unit, level=Level.VILLAGE, valid_to__isnull=True)
                        .order_by("name"))
        if not villages:
            raise field_error("unit", _("Xã, phường chưa có thôn, tổ dân phố nào."), "no_villages")
        for village in villages:
            part = Decision.objects.create(unit=village, parent=decision, scope=Scope.VILLAGE, kind=kind, form=form,
                                           title=title, content=content, options=options,
                                           created_by=decision.created_by)
            audit.record(actor=actor, verb=AuditVerb.DECISION_CREATED, target=part, unit=part.unit,
                         data=decision_data(part, kind=kind, parent=decision.pk))
        WORKFLOW.move(decision, State.COLLECTING)
        decision.villages_total = len(villages)
        decision.save(update_fields=["state", "villages_total", "modified"])
        audit.record(actor=actor, verb=AuditVerb.DECISION_COLLECTING, target=decision, unit=decision.unit,
                     data=decision_data(decision, villages=len(villages)))
    return decision


@service(AuditVerb.DECISION_UPDATED)
def decision_update(*, decision: Decision, title: str, content: str, options: str = "", actor) -> Decision:
    locked(decision)
    if decision.state != State.DRAFT:
        raise ValidationError(_("Chỉ sửa được khi còn là dự thảo."), code="not_draft")
    decision.title = clean_field(title, "title", required=True, max_length=300)
    decision.content = clean_field(content, "content", required=True, max_length=MAX_TEXT, single_line=False)
    decision.options = clean_field(options, "options", required=False, max_length=MAX_TEXT, single_line=False)
    decision.save(update_fields=["title", "content", "options", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_UPDATED, target=decision, unit=decision.unit,
                 data=decision_data(decision))
    return decision


@service(AuditVerb.DECISION_AMENDMENT_DRAFTED)
def decision_amend(*, decision: Decision, title: str, content: str, options: str = "", actor) -> Decision:
    """The community amends a recognised decision through the same procedure (Art.22.2): a new draft that,
    once recognised, marks the old one amended."""
    locked(decision)
    if decision.state != State.RECOGNISED:
        raise ValidationError(_("Chỉ sửa đổi quyết định đã được công nhận."), code="not_recognised")
    if decision.amendments.exclude(state__in=[State.FAILED, State.REFUSED, State.ANNULLED]).exists():
        raise ValidationError(_("Đã có một dự thảo sửa đổi đang thực hiện."), code="amendment_exists")
    new = decision_create.__wrapped__(unit=decision.unit, kind=decision.kind, title=title, content=content,
                                      options=options, form=decision.form, actor=actor)
    new.amends = decision
    new.save(update_fields=["amends", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_AMENDMENT_DRAFTED, target=decision, unit=decision.unit,
                 data=decision_data(decision, amendment=new.pk))
    return new

