"""The result of a decision: the tally of every channel on ALL households of the village at the decision date (Law
Art.20.2, 21.1), the conclusion (passed or failed, the deadline to send it to the commune), the household ballot
when the absent households decide (Art.19.1.b), and the aggregation of a commune-wide decision (Art.21.1.a)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.calendar_service import calendar_for
from danchu.core.services import locked

from .. import domain
from ..domain import WORKFLOW, Form, State
from ..models import Decision, MeetingAttendance, VoteMethod
from ..verbs import AuditVerb
from .common import decision_data, household_ids_on


def secret_count(decision: Decision) -> domain.SecretCount:
    agree = disagree = other = 0
    for m in decision.meetings.filter(vote_method=VoteMethod.SECRET):
        agree, disagree, other = agree + m.secret_agree, disagree + m.secret_disagree, other + m.secret_other
    return domain.SecretCount(agree, disagree, other)


def compute_tally(decision: Decision, on: date) -> tuple[domain.Tally, int]:
    """The tally of every channel at the decision date: (tally, positions ignored because their household no
    longer lived in the village on that date)."""
    eligible = household_ids_on(decision.unit, on)
    rows = list(decision.positions.values_list("household_id", "channel", "choice"))
    kept = [domain.Position(h, c, ch) for h, c, ch in rows if h in eligible]
    online = online_positions(decision)
    kept += [p for p in online if p.household in eligible]
    secret = secret_count(decision)
    # Art.20.2(b): present = the households whose representative attended, whether or not they voted
    present = set(MeetingAttendance.objects.filter(decision=decision).values_list("household_id", flat=True))
    try:
        result = domain.tally(decision.kind, len(eligible), kept, secret=secret, eligible=eligible,
                              present=present & eligible)
    except (domain.TallyError, domain.DuplicatePosition, domain.SecretSuperseded) as exc:
        raise ValidationError(_("Không tổng hợp được kết quả: %(e)s") % {"e": exc}, code="tally_error") from None
    return result, len(rows) + len(online) - len(kept)


def store_tally(decision: Decision, result: domain.Tally, on: date, form: str) -> None:
    decision.decided_on, decision.household_total = on, result.total_households
    decision.participating, decision.agree = result.participating, result.agree
    decision.disagree, decision.other = result.disagree, result.other
    decision.result_form = form


def conclude(decision: Decision, result: domain.Tally, on: date, actor, *, form: str) -> None:
    store_tally(decision, result, on, form)
    WORKFLOW.move(decision, State.PASSED if result.passed else State.FAILED)
    decision.result_on = on
    if decision.state == State.PASSED and decision.parent_id is None:
        decision.send_due = domain.send_due(on, calendar_for(on))
    decision.save()
    data = decision_data(decision, total=result.total_households, participating=result.participating,
                         agree=result.agree, required=result.required, form=form)
    if result.passed:
        audit.record(actor=actor, verb=AuditVerb.DECISION_PASSED, target=decision, unit=decision.unit, data=data)
    else:
        audit.record(actor=actor, verb=AuditVerb.DECISION_FAILED, target=decision, unit=decision.unit, data=data)
    if decision.parent_id:
        aggregate_commune(decision.parent, actor)


def conclude_meetings(decision: Decision, actor) -> None:
    on = max(m.held_on for m in decision.meetings.all())
    result, ignored = compute_tally(decision, on)
    present = MeetingAttendance.objects.filter(decision=decision).count()
    WORKFLOW.move(decision, State.MEETING_HELD)
    if not domain.ballot_needed(decision.kind, result.total_households, min(present, result.total_households),
                                min(result.agree, present)):
        conclude(decision, result, on, actor, form=Form.MEETING)
        return
    # Art.19.1.b: the absent households decide the outcome → household ballot
    store_tally(decision, result, on, Form.MEETING)
    decision.save()
    audit.record(actor=actor, verb=AuditVerb.DECISION_MEETING_INSUFFICIENT, target=decision, unit=decision.unit,
                 data=decision_data(decision, present=present, total=result.total_households,
                                    required=result.required, agree=result.agree, ignored=ignored))


def needs_ballot(decision: Decision) -> bool:
    return decision.state == State.MEETING_HELD


# --- commune scope ---------------------------------------------------------------------------------


def aggregate_commune(parent: Decision, actor) -> None:
    parent = locked(parent, "unit")
    parts = list(parent.parts.all())
    if parent.state != State.COLLECTING or any(p.state not in (State.PASSED, State.FAILED) for p in parts):
        return
    approving = sum(1 for p in parts if p.state == State.PASSED)
    parent.villages_total, parent.villages_approving = len(parts), approving
    parent.household_total = sum(p.household_total or 0 for p in parts)
    parent.participating = sum(p.participating for p in parts)
    parent.agree = sum(p.agree for p in parts)
    parent.disagree = sum(p.disagree for p in parts)
    parent.other = sum(p.other for p in parts)
    on = max(p.result_on for p in parts)
    parent.decided_on = parent.result_on = on
    passed = domain.commune_passes(approving, len(parts))
    WORKFLOW.move(parent, State.PASSED if passed else State.FAILED)
    if passed:
        parent.send_due = domain.send_due(on, calendar_for(on))
    parent.save()
    data = decision_data(parent, villages=len(parts), approving=approving)
    if passed:
        audit.record(actor=actor, verb=AuditVerb.DECISION_PASSED, target=parent, unit=parent.unit, data=data)
    else:
        audit.record(actor=actor, verb=AuditVerb.DECISION_FAILED, target=parent, unit=parent.unit, data=data)


# --- online vote (K6; danchu.evoting) --------------------------------------------------------------


def online_positions(decision: Decision) -> list[domain.Position]:
    """The per-household result of the linked online poll, as positions of the ONLINE channel."""
    if not decision.poll_id:
        return []
    from .. import online

    return online.positions(decision)

