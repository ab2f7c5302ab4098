"""Grassroots mediation (Luật Hòa giải ở cơ sở 2013): teams of a village, their mediators, cases and sessions."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.documents import fmt_date
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field, fold

from .. import domain
from ..domain import MediationState
from ..models import MediationCase, MediationSession, MediationTeam, Mediator
from ..verbs import AuditVerb
from .common import MAX_TEXT, act_date, check_village


@service(AuditVerb.MEDIATION_TEAM_CREATED)
def team_create(*, village, actor, name: str, established_on: date) -> MediationTeam:
    check_village(village)
    established_on = act_date(established_on, "established_on")
    team = MediationTeam.objects.create(village=village, established_on=established_on,
                                        name=clean_field(name, "name", max_length=200,
                                                         message=_("Cần nhập tên tổ hòa giải.")))
    audit.record(actor=actor, verb=AuditVerb.MEDIATION_TEAM_CREATED, target=team, unit=village, data={})
    return team


@service(AuditVerb.MEDIATOR_ADDED)
def mediator_add(*, team: MediationTeam, actor, full_name: str, is_leader: bool = False, is_woman: bool = False,
                 term_start: date, term_end: date | None = None) -> Mediator:
    if not isinstance(term_start, date):
        raise field_error("term_start", _("Cần ngày bắt đầu."), "required")
    if term_end and term_end < term_start:
        raise field_error("term_end", _("Ngày kết thúc phải sau ngày bắt đầu."), "invalid_term")
    member = Mediator.objects.create(team=team, full_name=clean_field(full_name, "full_name", max_length=150,
                                                                      message=_("Cần nhập họ tên hòa giải viên.")),
                                     is_leader=bool(is_leader), is_woman=bool(is_woman), term_start=term_start,
                                     term_end=term_end)
    audit.record(actor=actor, verb=AuditVerb.MEDIATOR_ADDED, target=member, unit=team.village,
                 data={"team": team.pk, "is_leader": member.is_leader})
    return member


@service(AuditVerb.MEDIATOR_TERM_ENDED)
def mediator_end_term(*, member: Mediator, actor, on: date | None = None, reason: str = "") -> Mediator:
    """A mediator's term ends (moved away, resigned, removed, term over): from the day after `on` they no longer
    count as an active member of the team (the warnings of the team page follow). Audited."""
    locked(member, "team")
    if member.term_end is not None and member.term_end < clock.today():
        raise ValidationError(_("Nhiệm kỳ của hòa giải viên này đã kết thúc ngày %(d)s.") % {
            "d": fmt_date(member.term_end)}, code="term_already_ended")
    on = act_date(on, "on", not_before=member.term_start, label_before=_("ngày bắt đầu nhiệm kỳ"))
    reason = clean_field(reason, "reason", required=False, max_length=500)
    member.term_end = on
    member.save(update_fields=["term_end", "modified"])
    audit.record(actor=actor, verb=AuditVerb.MEDIATOR_TERM_ENDED, target=member, unit=member.team.village,
                 data={"team": member.team_id, "term_end": on, "reason": reason})
    return member


@service(AuditVerb.MEDIATION_OPENED, private=("parties", "summary"))
def mediation_open(*, team: MediationTeam, actor, dispute_type: str, parties: str, summary: str,
                   received_on: date | None = None) -> MediationCase:
    if dispute_type not in domain.DisputeType.values:
        raise field_error("dispute_type", _("Hãy chọn loại tranh chấp."), "invalid_dispute_type")
    received_on = act_date(received_on, "received_on")
    prefix = f"HG-{team.village.code or team.village.pk}-{received_on.year}-"
    last = MediationCase.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    code = f"{prefix}{(int(last.rsplit('-', 1)[1]) + 1) if last else 1:03d}"
    case = MediationCase.objects.create(
        team=team, code=fold(code).upper().replace(" ", "-"), dispute_type=dispute_type, received_on=received_on,
        parties=clean_field(parties, "parties", max_length=2000, single_line=False,
                            message=_("Cần ghi các bên tranh chấp.")),
        summary=clean_field(summary, "summary", max_length=MAX_TEXT, single_line=False,
                            message=_("Cần ghi nội dung vụ việc.")))
    audit.record(actor=actor, verb=AuditVerb.MEDIATION_OPENED, target=case, unit=team.village,
                 data={"dispute_type": dispute_type})
    return case


@service(AuditVerb.MEDIATION_SESSION_ADDED)
def mediation_session_add(*, case: MediationCase, actor, held_on: date | None, place: str, note: str
                          ) -> MediationSession:
    locked(case, "team")
    if case.state != MediationState.OPEN:
        raise ValidationError(_("Vụ việc đã kết thúc."), code="closed")
    held_on = act_date(held_on, "held_on", not_before=case.received_on, label_before=_("ngày tiếp nhận"))
    session = MediationSession.objects.create(
        case=case, held_on=held_on, created=clock.now(),
        place=clean_field(place, "place", max_length=300, message=_("Cần ghi địa điểm.")),
        note=clean_field(note, "note", max_length=MAX_TEXT, single_line=False,
                         message=_("Cần ghi diễn biến buổi hòa giải.")))
    audit.record(actor=actor, verb=AuditVerb.MEDIATION_SESSION_ADDED, target=case, unit=case.team.village,
                 data={"held_on": held_on})
    return session


@service(AuditVerb.MEDIATION_CLOSED)
def mediation_close(*, case: MediationCase, actor, outcome: str, note: str, on: date | None = None) -> MediationCase:
    locked(case, "team")
    if case.state != MediationState.OPEN:
        raise ValidationError(_("Vụ việc đã kết thúc."), code="closed")
    domain.check_mediation_outcome(outcome, case.sessions.count())
    last = case.sessions.order_by("-held_on").values_list("held_on", flat=True).first() or case.received_on
    on = act_date(on, "on", not_before=last, label_before=_("buổi hòa giải gần nhất"))
    case.state, case.closed_on = outcome, on
    case.outcome_note = clean_field(note, "note", max_length=MAX_TEXT, single_line=False,
                                    message=_("Cần ghi nội dung kết quả."))
    case.save(update_fields=["state", "closed_on", "outcome_note", "modified"])
    audit.record(actor=actor, verb=AuditVerb.MEDIATION_CLOSED, target=case, unit=case.team.village,
                 data={"outcome": outcome, "closed_on": on})
    return case
