"""Citizens' initiatives (Law Art.16.3): the consents of the households, each valid for a period, and the tabling
of the initiative once enough households of the village consent."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit, Household

from .. import domain
from ..domain import Form, Kind
from ..models import Consent, ConsentChannel, Decision, Initiative, InitiativeState
from ..verbs import AuditVerb
from .common import MAX_TEXT, date_in_range, household_ids_on, initiative_data, not_future
from .drafting import decision_create


@service(AuditVerb.INITIATIVE_CREATED)
def initiative_create(*, village: AdministrativeUnit, kind: str, title: str, content: str, initiator_name: str,
                      opened_on: date, initiator_household: Household | None = None, actor) -> Initiative:
    if village is None or village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Hãy chọn một thôn, tổ dân phố đang hoạt động."), "invalid_village")
    if kind not in Kind.values:
        raise field_error("kind", _("Hãy chọn nội dung theo Điều 15."), "invalid_kind")
    opened_on = not_future(date_in_range(opened_on, "opened_on"), "opened_on")
    if initiator_household is not None and initiator_household.pk not in household_ids_on(village, opened_on):
        raise field_error("initiator_household", _("Hộ khởi xướng không thuộc thôn, tổ dân phố này."),
                          "household_not_in_village")
    initiative = Initiative.objects.create(
        village=village, kind=kind,
        title=clean_field(title, "title", required=True, max_length=300, message=_("Cần nhập tên sáng kiến.")),
        content=clean_field(content, "content", required=True, max_length=MAX_TEXT, single_line=False),
        initiator_name=clean_field(initiator_name, "initiator_name", required=True, max_length=150),
        initiator_household=initiator_household, opened_on=opened_on)
    audit.record(actor=actor, verb=AuditVerb.INITIATIVE_CREATED, target=initiative, unit=initiative.village,
                 data=initiative_data(initiative))
    return initiative


def _consent(initiative: Initiative, household: Household, given_on: date, channel: str, actor) -> Consent:
    locked(initiative, "village")
    if initiative.state != InitiativeState.COLLECTING:
        raise ValidationError(_("Sáng kiến không còn lấy sự đồng thuận."), code="initiative_closed")
    if given_on < initiative.opened_on:
        raise field_error("given_on", _("Ngày đồng thuận không thể trước ngày bắt đầu."), "before_opened")
    if household is None or household.pk not in household_ids_on(initiative.village, given_on):
        raise field_error("household", _("Hộ này không thuộc %(v)s.") % {"v": initiative.village.name},
                          "household_not_in_village")
    try:
        with transaction.atomic():
            consent = Consent.objects.create(initiative=initiative, household=household, given_on=given_on,
                                             channel=channel,
                                             recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError:
        raise field_error("household", _("Hộ %(c)s đã đồng thuận với sáng kiến này.") % {"c": household.code},
                          "duplicate_consent") from None
    audit.record(actor=actor, verb=AuditVerb.INITIATIVE_CONSENTED, target=initiative, unit=initiative.village,
                 data=initiative_data(initiative, household=household.pk, channel=channel, given_on=given_on))
    return consent


@service(AuditVerb.INITIATIVE_CONSENT_RECORDED)
def consent_record(*, initiative: Initiative, household: Household, given_on: date, channel: str, actor) -> Consent:
    """Staff record a consent given at a meeting or in writing (Art.16.3)."""
    if channel not in (ConsentChannel.MEETING, ConsentChannel.WRITTEN):
        raise field_error("channel", _("Hình thức không hợp lệ."), "invalid_channel")
    given_on = not_future(date_in_range(given_on, "given_on"), "given_on")
    return _consent(initiative, household, given_on, channel, actor)


@service(AuditVerb.INITIATIVE_CONSENT_GIVEN)
def consent_give(*, initiative: Initiative, household: Household, user) -> Consent:
    """A resident consents online for THEIR OWN household (the account recorded as its representative)."""
    if household is None or not getattr(user, "is_authenticated", False) or household.representative_id != user.pk:
        raise field_error("household", _("Chỉ đại diện hộ mới đồng thuận thay cho hộ của mình."), "not_representative")
    return _consent(initiative, household, clock.today(), ConsentChannel.ONLINE, user)


def consent_counts(initiative: Initiative, on: date) -> tuple[int, int, int]:
    """(valid consents on `on`, households of the village on `on`, required) — each consent valid for the period of
    Art.16.3 (domain.consent_valid_until)."""
    eligible = household_ids_on(initiative.village, on)
    valid = sum(1 for h, given in initiative.consents.values_list("household_id", "given_on")
                if h in eligible and domain.consent_is_valid(given, on))
    return valid, len(eligible), domain.initiative_required(len(eligible))


@service(AuditVerb.INITIATIVE_TABLED)
def initiative_table(*, initiative: Initiative, on: date, actor) -> Decision:
    """≥ 10% of the households consent → the village head tables it (Art.16.3): a draft decision."""
    locked(initiative, "village")
    if initiative.state != InitiativeState.COLLECTING:
        raise ValidationError(_("Sáng kiến không còn lấy sự đồng thuận."), code="initiative_closed")
    on = not_future(date_in_range(on, "on"), "on")
    valid, total, required = consent_counts(initiative, on)
    if not domain.initiative_reached(valid, total):
        raise ValidationError(_("Mới có %(v)d hộ đồng thuận còn hiệu lực; cần ít nhất %(r)d hộ (%(p)s của %(t)d hộ, "
                                "Điều 16.3).") % {"v": valid, "r": required, "p": domain.percent(domain.INITIATIVE),
                                                  "t": total}, code="not_enough_consents")
    form = Form.MEETING
    decision = decision_create.__wrapped__(unit=initiative.village, kind=initiative.kind, title=initiative.title,
                                           content=initiative.content, form=form, actor=actor)
    initiative.state, initiative.tabled_on, initiative.decision = InitiativeState.TABLED, on, decision
    initiative.save(update_fields=["state", "tabled_on", "decision", "modified"])
    audit.record(actor=actor, verb=AuditVerb.INITIATIVE_TABLED, target=initiative, unit=initiative.village,
                 data=initiative_data(initiative, valid=valid, total=total, decision=decision.pk))
    return decision


@service(AuditVerb.INITIATIVE_WITHDRAWN)
def initiative_withdraw(*, initiative: Initiative, actor) -> Initiative:
    locked(initiative, "village")
    if initiative.state != InitiativeState.COLLECTING:
        raise ValidationError(_("Sáng kiến không còn lấy sự đồng thuận."), code="initiative_closed")
    initiative.state = InitiativeState.WITHDRAWN
    initiative.save(update_fields=["state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.INITIATIVE_WITHDRAWN, target=initiative, unit=initiative.village,
                 data=initiative_data(initiative))
    return initiative

