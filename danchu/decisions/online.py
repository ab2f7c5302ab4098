"""The online vote of a K6 decision (NĐ 59/2023 Art.5), run by the evoting app.

danchu.evoting owns the opt-in register (> 50% of households), the poll, one vote per household, receipts and
the tally; this module links a Decision to a Poll, opens it, and turns the poll's per-household tally into
positions of the ONLINE channel, so the decision's result counts each household once across channels
(domain.final_positions).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.services import locked, service
from danchu.evoting import services as evoting
from danchu.evoting.domain import DEFAULT_OPTIONS

from . import domain
from .domain import WORKFLOW, Channel, Choice, Form, Kind, State
from .models import Decision
from .services import compute_tally, conclude, decision_data
from .verbs import AuditVerb

# The poll is created with DEFAULT_OPTIONS ("Đồng ý", "Không đồng ý", "Ý kiến khác"), approval option 0.
OPTION_CHOICE = {0: Choice.AGREE, 1: Choice.DISAGREE, 2: Choice.OTHER}


def positions(decision: Decision) -> list[domain.Position]:
    """household → choice from the closed poll; nothing while the results are hidden (poll still open)."""
    poll = decision.poll
    if poll is None or not poll.results_visible:
        return []
    households = evoting.tally(poll).households
    return [domain.Position(h, Channel.ONLINE, OPTION_CHOICE.get(option, Choice.OTHER))
            for h, option in households.items()]


@service(AuditVerb.ONLINE_OPENED)
def online_open(*, decision: Decision, opens_at: datetime, closes_at: datetime, actor) -> Decision:
    """Open an online vote for a K6 decision (Art.17.2): evoting refuses unless > 50% of the households opted in."""
    locked(decision, "unit")
    if decision.kind != Kind.K6 or not domain.form_allowed(decision.kind, Form.ONLINE):
        raise ValidationError(_("Chỉ biểu quyết trực tuyến cho công việc tự quản khác (Điều 17.2)."),
                              code="form_not_allowed")
    if decision.poll_id:
        raise ValidationError(_("Nội dung này đã có cuộc biểu quyết trực tuyến."), code="poll_exists")
    WORKFLOW.move(decision, State.ONLINE)
    # the decision is K6 (checked above): that is the creator's confirmation evoting asks for
    poll = evoting.create_poll(village=decision.unit, question=decision.title, description=decision.content,
                               options=DEFAULT_OPTIONS, approval_option=0, opens_at=opens_at, closes_at=closes_at,
                               self_management_confirmed=True, actor=actor)
    evoting.open_poll(poll=poll, actor=actor)
    decision.poll = poll
    decision.save(update_fields=["state", "poll", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_ONLINE_OPENED, target=decision, unit=decision.unit,
                 data=decision_data(decision, poll=poll.pk))
    return decision


@service(AuditVerb.ONLINE_CONCLUDED)
def online_conclude(*, decision: Decision, actor) -> Decision:
    """After the poll closed: the result on ALL households of the village on the closing day (Art.21.1)."""
    locked(decision, "unit")
    if decision.state != State.ONLINE or decision.poll is None:
        raise ValidationError(_("Nội dung này không đang biểu quyết trực tuyến."), code="not_online")
    poll = decision.poll
    if not poll.results_visible:
        if clock.now() < poll.closes_at:
            raise ValidationError(_("Chưa hết thời gian biểu quyết trực tuyến."), code="poll_open")
        evoting.close_poll(poll=poll, actor=actor)
        poll.refresh_from_db()
    on = clock.local_date(poll.closed_at or poll.closes_at)
    result, _ignored = compute_tally(decision, on)
    conclude(decision, result, on, actor, form=Form.ONLINE)
    return decision
