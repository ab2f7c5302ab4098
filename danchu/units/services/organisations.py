"""Organisations, positions and appointments: who holds which post, and with which role on the platform."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.errors import field_error
from danchu.core.services import service
from danchu.core.text import clean_text

from ..domain import Role
from ..models import AdministrativeUnit, Appointment, Organisation, Position
from ..verbs import AuditVerb
from .common import check_record_date


def _check_organisation_dates(org: Organisation) -> None:
    check_record_date(org.established_on, "established_on", _("Ngày thành lập"))
    check_record_date(org.dissolved_on, "dissolved_on", _("Ngày giải thể"))
    if org.established_on and org.dissolved_on and org.dissolved_on < org.established_on:
        raise field_error("dissolved_on", _("Ngày giải thể không thể trước ngày thành lập."), "invalid_date")


@service(AuditVerb.ORGANISATION_CREATED)
def organisation_create(*, unit: AdministrativeUnit, kind: str, name: str, actor, parent: Organisation | None = None,
                        established_on: date | None = None, decision_ref: str = "") -> Organisation:
    org = Organisation(unit=unit, kind=kind, name=clean_text(name), parent=parent, established_on=established_on,
                       decision_ref=clean_text(decision_ref))
    if not org.name:
        raise field_error("name", _("Cần nhập tên tổ chức."), "required")
    if parent is not None and not unit.path.startswith(parent.unit.path):
        raise field_error("parent", _("Tổ chức cấp trên phải thuộc đơn vị này hoặc đơn vị cấp trên."), "invalid_parent")
    _check_organisation_dates(org)
    org.full_clean()
    org.save()
    audit.record(actor=actor, verb=AuditVerb.ORGANISATION_CREATED, target=org, unit=unit,
                 data={"kind": kind, "name": org.name})
    return org


@service(AuditVerb.ORGANISATION_UPDATED)
def organisation_update(*, organisation: Organisation, actor, **changes) -> Organisation:
    allowed = {"name", "kind", "established_on", "dissolved_on", "decision_ref"}
    if set(changes) - allowed:
        raise ValidationError(_("Trường không sửa được."), code="invalid")
    before = {k: getattr(organisation, k) for k in changes}
    for key, value in changes.items():
        setattr(organisation, key, clean_text(value) if isinstance(value, str) else value)
    if not organisation.name:
        raise field_error("name", _("Cần nhập tên tổ chức."), "required")
    _check_organisation_dates(organisation)
    organisation.full_clean()
    organisation.save()
    audit.record(actor=actor, verb=AuditVerb.ORGANISATION_UPDATED, target=organisation, unit=organisation.unit,
                 data={"changed": {k: [str(before[k]), str(getattr(organisation, k))] for k in changes}})
    return organisation


def _check_may_grant(actor, role: str, unit) -> None:
    """Refuse a role the actor could not exercise over `unit` themselves (domain.may_grant). Code paths without a
    person (demo, imports, tests: actor None or a label) and superusers are not limited."""
    from ..access import user_grants
    from ..domain import may_grant

    if not role or actor is None or isinstance(actor, str) or getattr(actor, "is_superuser", False):
        return
    if not may_grant(user_grants(actor), role, unit.path):
        raise field_error("role", _("Ông/bà không thể giao quyền “%(role)s”: quyền này rộng hơn quyền của chính "
                                    "ông/bà tại đơn vị.") % {"role": Role(role).label}, "role_not_grantable")


@service(AuditVerb.POSITION_CREATED)
def position_create(*, organisation: Organisation, title: str, actor, role: str = "", is_head: bool = False) -> Position:
    _check_may_grant(actor, role, organisation.unit)
    position = Position(organisation=organisation, title=clean_text(title), role=role, is_head=is_head)
    if not position.title:
        raise field_error("title", _("Cần nhập chức danh."), "required")
    position.full_clean()
    position.save()
    audit.record(actor=actor, verb=AuditVerb.POSITION_CREATED, target=position, unit=organisation.unit,
                 data={"title": position.title, "role": role})
    return position


@service(AuditVerb.APPOINTMENT_CREATED)
def appointment_create(*, position: Position, holder_name: str, actor, user=None, start: date | None = None,
                       end: date | None = None, decision_ref: str = "") -> Appointment:
    if position.role:
        _check_may_grant(actor, position.role, position.organisation.unit)
        if user is not None and getattr(actor, "pk", None) == user.pk and not getattr(actor, "is_superuser", False):
            raise field_error("user", _("Không thể tự bổ nhiệm mình vào chức danh có quyền trên hệ thống; "
                                        "người khác có thẩm quyền phải làm việc này."), "self_appointment")
    appointment = Appointment(position=position, holder_name=clean_text(holder_name) or (user.full_name if user else ""),
                              user=user, start=start, end=end, decision_ref=clean_text(decision_ref))
    if not appointment.holder_name:
        raise field_error("holder_name", _("Cần nhập người giữ chức danh."), "required")
    appointment.full_clean()
    appointment.save()
    audit.record(actor=actor, verb=AuditVerb.APPOINTMENT_CREATED, target=appointment, unit=position.organisation.unit,
                 data={"position": position.pk, "user": getattr(user, "pk", None), "start": start, "end": end})
    return appointment


@service(AuditVerb.APPOINTMENT_ENDED)
def appointment_end(*, appointment: Appointment, end: date, actor) -> Appointment:
    if appointment.start and end < appointment.start:
        raise field_error("end", _("Ngày kết thúc không thể trước ngày bắt đầu."), "invalid_date")
    appointment.end = end
    appointment.save(update_fields=["end", "modified"])
    audit.record(actor=actor, verb=AuditVerb.APPOINTMENT_ENDED, target=appointment,
                 unit=appointment.position.organisation.unit, data={"end": end})
    return appointment
