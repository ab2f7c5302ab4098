"""Write functions of exemplary models (mô hình, điển hình) and commendations: registered, evaluated by the
level above, replicated elsewhere; commendations recorded."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.models import AdministrativeUnit

from .. import domain
from ..inputs import MAX_TEXT, checked_date
from ..models import Commendation, ExemplaryModel, Replication
from ..verbs import AuditVerb


@service(AuditVerb.MODEL_CREATED)
def model_create(*, unit: AdministrativeUnit, name: str, field_: str, actor, description: str = "",
                 evidence: str = "", started_on: date | None = None) -> ExemplaryModel:
    if field_ not in domain.ModelField.values:
        raise field_error("field", _("Lĩnh vực không hợp lệ."), "bad_field")
    model = ExemplaryModel(unit=unit, name=clean_field(name, "name", required=True, max_length=300), field=field_,
                           description=clean_field(description, "description", max_length=MAX_TEXT,
                                                   single_line=False, required=False),
                           evidence=clean_field(evidence, "evidence", max_length=MAX_TEXT, single_line=False,
                                                required=False),
                           started_on=checked_date(started_on, "started_on", required=False))
    model.save()
    audit.record(actor=actor, verb=AuditVerb.MODEL_CREATED, target=model, unit=unit, data={"field": field_})
    return model


@service(AuditVerb.MODEL_EVALUATED)
def model_evaluate(*, model: ExemplaryModel, status: str, evaluation: str, actor) -> ExemplaryModel:
    if status not in domain.ModelStatus.values:
        raise field_error("status", _("Tình trạng không hợp lệ."), "bad_status")
    locked(model)
    model.status = status
    model.evaluation = clean_field(evaluation, "evaluation", max_length=MAX_TEXT, single_line=False,
                                   required=False)
    model.save(update_fields=["status", "evaluation", "modified"])
    audit.record(actor=actor, verb=AuditVerb.MODEL_EVALUATED, target=model, unit=model.unit,
                 data={"status": status})
    return model


@service(AuditVerb.MODEL_REPLICATED)
def replication_add(*, model: ExemplaryModel, unit: AdministrativeUnit, actor, started_on: date | None = None,
                    result: str = "") -> Replication:
    if unit.pk == model.unit_id:
        raise field_error("unit", _("Nơi nhân rộng phải khác nơi xây dựng mô hình."), "same_unit")
    replication = Replication.objects.create(model=model, unit=unit,
                                             started_on=checked_date(started_on, "started_on", required=False),
                                             result=clean_field(result, "result", max_length=MAX_TEXT,
                                                                single_line=False, required=False))
    audit.record(actor=actor, verb=AuditVerb.MODEL_REPLICATED, target=model, unit=model.unit,
                 data={"unit": unit.pk})
    return replication


@service(AuditVerb.COMMENDATION_CREATED)
def commendation_create(*, unit: AdministrativeUnit, recipient: str, form: str, level: str, decision_number: str,
                        decision_date: date, issuer: str, actor, reason: str = "",
                        model: ExemplaryModel | None = None) -> Commendation:
    if form not in domain.CommendationForm.values:
        raise field_error("form", _("Hình thức khen thưởng không hợp lệ."), "bad_form")
    if level not in domain.CommendationLevel.values:
        raise field_error("level", _("Cấp khen thưởng không hợp lệ."), "bad_level")
    if model is not None and not model.unit.path.startswith(unit.path):
        raise field_error("model", _("Mô hình không thuộc địa bàn."), "model_outside")
    commendation = Commendation(unit=unit, model=model, form=form, level=level,
                                recipient=clean_field(recipient, "recipient", required=True, max_length=300),
                                decision_number=clean_field(decision_number, "decision_number", required=True,
                                                            max_length=100),
                                decision_date=checked_date(decision_date, "decision_date"),
                                issuer=clean_field(issuer, "issuer", required=True, max_length=250),
                                reason=clean_field(reason, "reason", max_length=MAX_TEXT, single_line=False,
                                                   required=False))
    commendation.save()
    audit.record(actor=actor, verb=AuditVerb.COMMENDATION_CREATED, target=commendation, unit=unit,
                 data={"form": form, "level": level, "model": model.pk if model else None})
    return commendation
