"""The household ballot (Law Art.19; NĐ59 Art.4): the plan and its notice, the team, one ballot per household
entered from the paper, and the count with two household witnesses (Mẫu 04) on ALL households of the village."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.calendar_service import calendar_for
from danchu.core.errors import field_error
from danchu.core.legal_rules import rule_text
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.models import Household

from .. import domain
from ..domain import WORKFLOW, Channel, Choice, Form, Scope, State
from ..models import BallotRound, Decision, HouseholdPosition, RoundState
from ..verbs import AuditVerb
from .common import (
    date_in_range,
    decision_data,
    household_ids_on,
    not_future,
    team_names,
    village_household,
    witnesses,
)
from .results import compute_tally, conclude


@service(AuditVerb.BALLOT_OPENED)
def ballot_open(*, decision: Decision, plan_issued_on: date, notice_on: date, distribute_on: date, deadline: date,
                team: Iterable[str], leader_name: str, plan_sent_on: date | None = None, actor) -> BallotRound:
    """Phát phiếu lấy ý kiến (Law Art.19; NĐ59 Art.4): the plan (sent to the commune within 02 days), a team of
    03–05 led by the Front's representative, a public notice before the ballots are handed out (NĐ59 Art.4.4,
    domain.earliest_distribution)."""
    locked(decision, "unit")
    if decision.state == State.DRAFT and not domain.form_allowed(decision.kind, Form.BALLOT):
        raise ValidationError(_("Nội dung này phải họp trước; chỉ phát phiếu khi cuộc họp không đủ số hộ (Điều "
                                "19.1.b)."), code="form_not_allowed")
    if decision.scope != Scope.VILLAGE:
        raise ValidationError(_("Quyết định phạm vi xã được phát phiếu ở từng thôn, tổ dân phố."),
                              code="commune_scope")
    if hasattr(decision, "ballot_round"):
        raise ValidationError(_("Nội dung này đã có đợt phát phiếu."), code="round_exists")
    plan_issued_on = date_in_range(plan_issued_on, "plan_issued_on")
    notice_on = date_in_range(notice_on, "notice_on")
    distribute_on = date_in_range(distribute_on, "distribute_on")
    deadline = date_in_range(deadline, "deadline")
    plan_sent_on = date_in_range(plan_sent_on, "plan_sent_on", required=False)
    if notice_on < plan_issued_on:
        raise field_error("notice_on", _("Ngày thông báo không thể trước ngày ban hành kế hoạch."), "notice_before_plan")
    if distribute_on < domain.earliest_distribution(notice_on):
        raise field_error("distribute_on", _("Phải thông báo trước ngày phát phiếu ít nhất %(n)s (Nghị định 59/2023, "
                                             "Điều 4.4): phát phiếu sớm nhất ngày %(d)s.") % {
            "n": rule_text(domain.BALLOT_NOTICE_RULE),
            "d": domain.earliest_distribution(notice_on).strftime("%d/%m/%Y")}, "notice_too_late")
    if deadline < distribute_on:
        raise field_error("deadline", _("Hạn thu phiếu không thể trước ngày phát phiếu."), "deadline_before")
    if decision.state == State.MEETING_HELD and decision.decided_on and distribute_on < decision.decided_on:
        raise field_error("distribute_on", _("Phát phiếu sau cuộc họp."), "before_meeting")
    if plan_sent_on is not None and plan_sent_on < plan_issued_on:
        raise field_error("plan_sent_on", _("Ngày gửi kế hoạch không thể trước ngày ban hành."), "sent_before_plan")
    team = team_names(team, "team")
    leader_name = clean_field(leader_name, "leader_name", required=True, max_length=150,
                              message=_("Cần ghi tổ trưởng (đại diện Ban công tác Mặt trận)."))
    if leader_name.casefold() not in {n.casefold() for n in team}:
        raise field_error("leader_name", _("Tổ trưởng phải là thành viên của tổ phát phiếu."), "leader_not_in_team")
    WORKFLOW.move(decision, State.BALLOT)
    round_ = BallotRound.objects.create(
        decision=decision, plan_issued_on=plan_issued_on, plan_sent_on=plan_sent_on,
        plan_due=domain.plan_to_commune_due(plan_issued_on, calendar_for(plan_issued_on)), notice_on=notice_on,
        distribute_on=distribute_on, deadline=deadline, team=team, leader_name=leader_name)
    round_.full_clean()
    decision.save(update_fields=["state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_BALLOT_OPENED, target=decision, unit=decision.unit,
                 data=decision_data(decision, round=round_.pk, deadline=deadline, plan_due=round_.plan_due))
    return round_


@service(AuditVerb.BALLOT_PLAN_SENT)
def ballot_plan_send(*, decision: Decision, sent_on: date, actor) -> BallotRound:
    locked(decision, "unit")
    round_ = getattr(decision, "ballot_round", None)
    if round_ is None:
        raise ValidationError(_("Chưa có đợt phát phiếu."), code="no_round")
    sent_on = not_future(date_in_range(sent_on, "sent_on"), "sent_on")
    if sent_on < round_.plan_issued_on:
        raise field_error("sent_on", _("Ngày gửi kế hoạch không thể trước ngày ban hành."), "sent_before_plan")
    round_.plan_sent_on = sent_on
    round_.save(update_fields=["plan_sent_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_BALLOT_PLAN_SENT, target=decision, unit=decision.unit,
                 data=decision_data(decision, sent_on=sent_on, due=round_.plan_due, late=sent_on > round_.plan_due))
    return round_


def open_round(decision: Decision) -> BallotRound:
    round_ = BallotRound.objects.select_for_update().filter(decision=decision).first()
    if round_ is None:
        raise ValidationError(_("Nội dung này chưa có đợt phát phiếu."), code="no_round")
    if round_.state != RoundState.OPEN or decision.state != State.BALLOT:
        raise ValidationError(_("Đợt phát phiếu đã kiểm phiếu xong; không nhận thêm phiếu."), code="round_closed")
    return round_


@service(AuditVerb.BALLOT_ENTERED)
def ballot_enter(*, decision: Decision, household: Household, choice: str, note: str = "", actor) -> HouseholdPosition:
    """One returned ballot (Law Art.19.3: one ballot per household). Entered by the team from the paper."""
    locked(decision, "unit")
    round_ = open_round(decision)
    village_household(decision, household, round_.deadline)
    if choice not in (Choice.AGREE, Choice.DISAGREE, Choice.OTHER):
        raise field_error("choice", _("Hãy chọn Đồng ý, Không đồng ý hoặc Ý kiến khác."), "invalid_choice")
    note = clean_field(note, "note", required=False, max_length=500)
    if choice == Choice.OTHER and not note:
        raise field_error("note", _("Ghi rõ ý kiến khác của hộ."), "note_required")
    if HouseholdPosition.objects.filter(decision=decision, household=household, channel=Channel.MEETING,
                                        choice=Choice.SECRET).exists():
        raise field_error("household", _("Hộ này đã bỏ phiếu kín tại cuộc họp; phiếu đó đã được tính."),
                          "voted_secretly")
    try:
        with transaction.atomic():
            position = HouseholdPosition.objects.create(
                decision=decision, household=household, channel=Channel.BALLOT, choice=choice, note=note,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    except IntegrityError:
        raise field_error("household", _("Hộ %(c)s đã có phiếu; mỗi hộ chỉ một phiếu (Điều 19.3).") % {
            "c": household.code}, "duplicate_ballot") from None
    audit.record(actor=actor, verb=AuditVerb.BALLOT_ENTERED, target=decision, unit=decision.unit,
                 data={"household": household.pk, "choice": choice})
    return position


@service(AuditVerb.BALLOT_REMOVED)
def ballot_remove(*, decision: Decision, household: Household, reason: str, actor) -> None:
    """Take back a ballot entered by mistake, before the count (the reason is audited)."""
    locked(decision, "unit")
    open_round(decision)
    reason = clean_field(reason, "reason", required=True, max_length=500, message=_("Cần ghi lý do."))
    deleted, _rows = HouseholdPosition.objects.filter(decision=decision, household=household,
                                                      channel=Channel.BALLOT).delete()
    if not deleted:
        raise field_error("household", _("Hộ này chưa có phiếu."), "no_ballot")
    audit.record(actor=actor, verb=AuditVerb.BALLOT_REMOVED, target=decision, unit=decision.unit,
                 data={"household": household.pk, "reason": reason})


@service(AuditVerb.BALLOT_COUNTED)
def ballot_count(*, decision: Decision, witness_1: Household, witness_2: Household, actor) -> Decision:
    """The team counts with 02 household witnesses (Mẫu 04); the result on ALL households at the deadline.
    Not before the collection deadline (NĐ59 Art.4.6.a), unless every household of the village has already
    returned its ballot — then the result is of the day of the count."""
    locked(decision, "unit")
    round_ = open_round(decision)
    today = clock.today()
    if round_.distribute_on > today:
        raise ValidationError(_("Chưa đến ngày phát phiếu."), code="round_not_started")
    on = min(today, round_.deadline)
    if today < round_.deadline:
        eligible = household_ids_on(decision.unit, on)
        returned = final_ballot_households(decision) & eligible
        if not domain.ballot_count_allowed(today, round_.deadline, len(returned), len(eligible)):
            raise ValidationError(
                _("Chưa hết hạn thu phiếu (%(d)s). Chỉ kiểm phiếu trước hạn khi tất cả %(t)d hộ của %(v)s đã nộp "
                  "phiếu; hiện mới có %(n)d hộ (Nghị định 59/2023/NĐ-CP, Điều 4.6).")
                % {"d": round_.deadline.strftime("%d/%m/%Y"), "t": len(eligible), "v": decision.unit.name,
                   "n": len(returned)}, code="before_deadline")
    round_.witness_1, round_.witness_2 = witnesses(decision, witness_1, witness_2, on)
    result, ignored = compute_tally(decision, on)
    round_.state, round_.closed_at = RoundState.CLOSED, timezone.now()
    round_.save()
    audit.record(actor=actor, verb=AuditVerb.BALLOT_COUNTED, target=decision, unit=decision.unit,
                 data={"ballots": decision.positions.filter(channel=Channel.BALLOT).count(), "ignored": ignored,
                       "witnesses": [witness_1.pk, witness_2.pk]})
    conclude(decision, result, on, actor, form=Form.BALLOT)
    return decision


def final_ballot_households(decision: Decision) -> set[int]:
    """Households whose position can no longer change in this round: a returned ballot, or a secret vote at the
    meeting (which a ballot cannot supersede, see ballot_enter)."""
    return set(decision.positions.filter(Q(channel=Channel.BALLOT) | Q(channel=Channel.MEETING, choice=Choice.SECRET))
               .values_list("household_id", flat=True))

