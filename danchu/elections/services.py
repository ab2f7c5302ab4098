"""Write functions of village elections and dismissals (NĐ59/2023 Art.6–9). Each is a `core.services.service`: one
transaction, in Vietnamese, a refused write audited as "<verb>.rejected"; it checks the rules of domain.py and
writes its audit row in the same transaction. Permissions are checked by the callers (views, API) with the named
rules of rules.py."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.calendar_service import calendar_for
from danchu.core.errors import field_error
from danchu.core.legal_rules import rule_text
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.core.workflow import INVALID_TRANSITION
from danchu.units.domain import Level
from danchu.units.models import Household
from danchu.units.services import household_count_on

from . import domain
from .domain import (
    DISMISSAL_WORKFLOW,
    WORKFLOW,
    DismissalState,
    DismissalTrigger,
    Nomination,
    Office,
    State,
    VoteMethod,
)
from .models import Candidate, Dismissal, DismissalConsent, Election
from .verbs import AuditVerb

EARLIEST = date(2023, 8, 15)  # NĐ 59/2023/NĐ-CP in force
MAX_SEATS = 15


def _day(value, field: str, *, future_ok: bool = False) -> date:
    if not isinstance(value, date):
        raise field_error(field, _("Cần nhập ngày."), "required")
    if value < EARLIEST:
        raise field_error(field, _("Ngày không thể trước ngày 15/08/2023 (Nghị định 59/2023/NĐ-CP có hiệu lực)."),
                          "too_early")
    if not future_ok and value > clock.today():
        raise field_error(field, _("Ngày này chưa đến: không thể ghi nhận việc chưa xảy ra."), "in_future")
    return value


def _not_before(value: date, earlier: date | None, field: str) -> None:
    if earlier is not None and value < earlier:
        raise field_error(field, _("Ngày này không thể trước ngày %(d)s.") % {"d": earlier.strftime("%d/%m/%Y")},
                          "date_order")


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _data(obj: Election | Dismissal, **data) -> dict:
    """What every audit row of an election or a dismissal records: its state and office, then the step's data."""
    return {"state": obj.state, "office": obj.office, **data}


def _households(village, on: date) -> int:
    total = household_count_on(village, on)
    if total <= 0:
        raise ValidationError(
            _("Sổ hộ gia đình của %(v)s chưa có hộ nào tại ngày %(d)s: cần cập nhật sổ hộ trước.")
            % {"v": village.name, "d": on.strftime("%d/%m/%Y")}, code="no_households")
    return total


def _check_village(village) -> None:
    if village is None or village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Hãy chọn một thôn, tổ dân phố đang hoạt động."), "not_a_village")


# --- elections -------------------------------------------------------------------------------------


@service(AuditVerb.ELECTION_PLANNED)
def election_plan(*, village, office: str, election_day: date, decided_on: date, place: str, actor,
                  decision_number: str = "", seats: int = 1, project_name: str = "",
                  follows_dismissal: Dismissal | None = None) -> Election:
    """The decision to hold the election and its plan (NĐ59 Art.6.1.a: ≥ 20 days before, for a village head)."""
    _check_village(village)
    if office not in Office.values:
        raise field_error("office", _("Hãy chọn chức danh bầu."), "invalid_office")
    decided_on = _day(decided_on, "decided_on")
    if not isinstance(election_day, date):
        raise field_error("election_day", _("Cần nhập ngày bầu cử."), "required")
    domain.check_election_day(election_day, decided_on, office)
    if office == Office.VILLAGE_HEAD:
        seats = 1
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
        raise field_error("seats", _("Số người cần bầu từ 1 đến %(n)d.") % {"n": MAX_SEATS}, "seats")
    project_name = clean_field(project_name, "project_name", max_length=300,
                               required=office == Office.INVESTMENT_BOARD,
                               message=_("Cần ghi chương trình, dự án mà Ban Giám sát đầu tư giám sát."))
    if follows_dismissal is not None and (follows_dismissal.village_id != village.pk
                                          or follows_dismissal.office != office
                                          or follows_dismissal.state != DismissalState.RECOGNISED):
        raise field_error("follows_dismissal", _("Việc cho thôi không khớp thôn, chức danh hoặc chưa được công nhận."),
                          "invalid_dismissal")
    if Election.objects.filter(village=village, office=office, state=State.PLANNED,
                               project_name=project_name).exists():
        raise ValidationError(_("Thôn đã có một cuộc bầu %(o)s đang chuẩn bị.") % {
            "o": Office(office).label.lower()}, code="already_planned")
    election = Election(
        village=village, office=office, election_day=election_day, plan_decided_on=decided_on,
        plan_decision_number=clean_field(decision_number, "decision_number", max_length=50,
                                         required=False),
        place=clean_field(place, "place", max_length=300, message=_("Cần ghi địa điểm bầu cử.")),
        seats=seats, project_name=project_name, follows_dismissal=follows_dismissal)
    election.full_clean()
    election.save()
    audit.record(actor=actor, verb=AuditVerb.ELECTION_PLANNED, target=election, unit=election.village,
                 data=_data(election, election_day=election_day, decided_on=decided_on, seats=seats,
                            follows_dismissal=follows_dismissal.pk if follows_dismissal else None))
    return election


STEP_FIELDS = {"candidates": "candidates_listed_on", "team": "team_decided_on", "notice": "notice_on"}


def done_steps(election: Election) -> dict:
    return {"plan": election.plan_decided_on, **{k: getattr(election, f) for k, f in STEP_FIELDS.items()}}


@service(AuditVerb.STEP_RECORDED)
def election_step(*, election: Election, step: str, done_on: date, actor, team_members: str = "") -> Election:
    """Record a step of the timeline (candidate list, election team, public notice). A late step is recorded and
    marked late: the law binds the organisers, the record must tell what happened."""
    locked(election)
    if election.state != State.PLANNED:
        raise ValidationError(_("Cuộc bầu cử không còn ở bước chuẩn bị."), code=INVALID_TRANSITION)
    field = STEP_FIELDS.get(step)
    if field is None or step not in {s.key for s in domain.timeline_steps(election.office)}:
        raise field_error("step", _("Bước này không có trong trình tự bầu %(o)s.") % {
            "o": election.get_office_display().lower()}, "invalid_step")
    done_on = _day(done_on, "done_on")
    _not_before(done_on, election.plan_decided_on, "done_on")
    if done_on > election.election_day:
        raise field_error("done_on", _("Bước chuẩn bị phải trước ngày bầu cử."), "after_election")
    if step == "candidates" and not election.candidates.exists():
        raise ValidationError(_("Danh sách phải có ít nhất 01 người ứng cử (khoản 2 Điều 6 Nghị định 59/2023/NĐ-CP)."),
                              code="no_candidates")
    fields = [field]
    setattr(election, field, done_on)
    if step == "team":
        election.team_members = clean_field(team_members, "team_members",
                                            message=_("Cần ghi thành viên Tổ bầu cử (Tổ trưởng là đại diện Ban công tác "
                                                "Mặt trận)."), single_line=False)
        names = {c.full_name.casefold() for c in election.candidates.all()}
        if any(name and name in election.team_members.casefold() for name in names):
            raise field_error("team_members", _("Người ứng cử không được là thành viên Tổ bầu cử."),
                              "candidate_in_team")
        fields.append("team_members")
    election.save(update_fields=[*fields, "modified"])
    latest = domain.latest_day(election.election_day,
                               next(s.days_before for s in domain.timeline_steps(election.office) if s.key == step))
    data = _data(election, done_on=done_on, latest=latest, late=done_on > latest)
    if step == "candidates":
        audit.record(actor=actor, verb=AuditVerb.STEP_CANDIDATES, target=election, unit=election.village, data=data)
    elif step == "team":
        audit.record(actor=actor, verb=AuditVerb.STEP_TEAM, target=election, unit=election.village, data=data)
    else:
        audit.record(actor=actor, verb=AuditVerb.STEP_NOTICE, target=election, unit=election.village, data=data)
    return election


@service(AuditVerb.CANDIDATE_ADDED)
def candidate_add(*, election: Election, full_name: str, actor, birth_year: int | None = None,
                  nomination: str = Nomination.FRONT_LIST, household: Household | None = None) -> Candidate:
    locked(election)
    if election.state != State.PLANNED:
        raise ValidationError(_("Chỉ bổ sung người ứng cử trước khi bầu."), code=INVALID_TRANSITION)
    if nomination not in Nomination.values:
        raise field_error("nomination", _("Hãy chọn hình thức giới thiệu."), "invalid_nomination")
    if birth_year is not None and (isinstance(birth_year, bool) or not 1900 <= birth_year <= election.election_day.year - 18):
        raise field_error("birth_year", _("Năm sinh không hợp lệ (người ứng cử phải đủ 18 tuổi)."), "invalid_birth_year")
    if household is not None and household.village.parent_id != election.village.parent_id:
        raise field_error("household", _("Hộ gia đình không thuộc xã, phường này."), "other_commune")
    candidate = Candidate(election=election, full_name=clean_field(full_name, "full_name", max_length=150,
                                                                   message=_("Cần nhập họ và tên người ứng cử.")),
                          birth_year=birth_year, nomination=nomination, household=household)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        raise field_error("full_name", _("Người này đã có trong danh sách."), "duplicate") from None
    audit.record(actor=actor, verb=AuditVerb.CANDIDATE_ADDED, target=election, unit=election.village,
                 data=_data(election, candidate=candidate.pk, full_name=candidate.full_name,
                            nomination=nomination))
    return candidate


@service(AuditVerb.RESULT_RECORDED)
def result_record(*, election: Election, method: str, participating: int, votes: dict, actor,
                  no_winner_reason: str = "") -> Election:
    """The result of the election meeting (or ballot): total households from the register on the election day,
    households taking part, votes per candidate; elected = more than 50% of all households (NĐ59 Art.7)."""
    locked(election)
    WORKFLOW.check(election.state, State.ELECTED)
    if method not in VoteMethod.values:
        raise field_error("method", _("Hãy chọn hình thức bầu."), "invalid_method")
    if election.election_day > clock.today():
        raise ValidationError(_("Chưa đến ngày bầu cử (%(d)s).") % {"d": election.election_day.strftime("%d/%m/%Y")},
                              code="before_election_day")
    candidates = {c.pk: c for c in election.candidates.all()}
    if not candidates:
        raise ValidationError(_("Cần có ít nhất 01 người ứng cử."), code="no_candidates")
    if not isinstance(votes, dict) or set(votes) != set(candidates):
        raise field_error("votes", _("Cần nhập số phiếu của từng người ứng cử (và chỉ của họ)."), "votes_mismatch")
    total = _households(election.village, election.election_day)
    result = domain.tally(total=total, participating=participating, votes=votes, seats=election.seats)
    target = State.ELECTED if result.elected else State.NO_WINNER
    reason = clean_field(no_winner_reason, "no_winner_reason", required=not result.elected,
                         message=_("Không có người nào được trên 50% tổng số hộ tán thành: biên bản phải ghi rõ lý do "
                             "(Điều 7 Nghị định 59/2023/NĐ-CP)."), single_line=False)
    WORKFLOW.check(election.state, target)
    for pk, candidate in candidates.items():
        candidate.votes, candidate.elected = votes[pk], pk in result.elected
        candidate.save(update_fields=["votes", "elected"])
    WORKFLOW.move(election, target)
    election.method = method
    election.households_total, election.participating, election.no_winner_reason = total, participating, reason
    election.full_clean()
    election.save(update_fields=["state", "method", "households_total", "participating", "no_winner_reason",
                                 "modified"])
    audit.record(actor=actor, verb=AuditVerb.RESULT_RECORDED, target=election, unit=election.village,
                 data=_data(election, households_total=total, participating=participating,
                            votes={str(k): v for k, v in votes.items()}, elected=list(result.elected)))
    return election


@service(AuditVerb.RESULT_SENT)
def result_send(*, election: Election, sent_on: date, actor) -> Election:
    """The result sent to the recognising body (UBND or UB MTTQ cấp xã): the 05-WD recognition period starts."""
    locked(election)
    if election.state not in (State.ELECTED, State.NO_WINNER) or election.sent_on:
        raise ValidationError(_("Chỉ gửi kết quả một lần, sau khi bầu."), code=INVALID_TRANSITION)
    sent_on = _day(sent_on, "sent_on")
    _not_before(sent_on, election.election_day, "sent_on")
    election.sent_on = sent_on
    election.recognition_due_on = domain.recognition_due(election.office, sent_on, calendar_for(sent_on))
    election.save(update_fields=["sent_on", "recognition_due_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.RESULT_SENT, target=election, unit=election.village,
                 data=_data(election, sent_on=sent_on, due_on=election.recognition_due_on))
    return election


@service(AuditVerb.ELECTION_RECOGNISED)
def election_recognise(*, election: Election, decision_number: str, decided_on: date, actor) -> Election:
    """Recognition of the elected (NĐ59 Art.8: the village head takes office only after it)."""
    locked(election)
    WORKFLOW.check(election.state, State.RECOGNISED)
    if not election.sent_on:
        raise ValidationError(_("Kết quả chưa được gửi đề nghị công nhận."), code="not_sent")
    decided_on = _day(decided_on, "decided_on")
    _not_before(decided_on, election.sent_on, "decided_on")
    election.state, election.decided_on, election.decided_by = State.RECOGNISED, decided_on, _actor(actor)
    election.decision_number = clean_field(decision_number, "decision_number", max_length=50,
                                           message=_("Cần nhập số quyết định công nhận."))
    election.save(update_fields=["state", "decided_on", "decided_by", "decision_number", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ELECTION_RECOGNISED, target=election, unit=election.village,
                 data=_data(election, decision_number=election.decision_number, decided_on=decided_on,
                            due_on=election.recognition_due_on,
                            late=bool(election.recognition_due_on and decided_on > election.recognition_due_on)))
    return election


@service(AuditVerb.RE_ELECTION_ORDERED)
def election_order_reelection(*, election: Election, reason: str, decided_on: date, actor) -> Election:
    """Nobody elected, or the result not recognised: the commune orders a new election (NĐ59 Art.7, 8)."""
    locked(election)
    WORKFLOW.check(election.state, State.RE_ELECTION)
    decided_on = _day(decided_on, "decided_on")
    _not_before(decided_on, election.election_day, "decided_on")
    election.state, election.decided_on, election.decided_by = State.RE_ELECTION, decided_on, _actor(actor)
    election.re_election_reason = clean_field(reason, "reason", message=_("Cần nêu lý do bầu lại."), single_line=False)
    election.save(update_fields=["state", "decided_on", "decided_by", "re_election_reason", "modified"])
    audit.record(actor=actor, verb=AuditVerb.RE_ELECTION_ORDERED, target=election, unit=election.village,
                 data=_data(election, reason=election.re_election_reason, decided_on=decided_on))
    return election


@service(AuditVerb.ELECTION_CANCELLED)
def election_cancel(*, election: Election, reason: str, actor) -> Election:
    locked(election)
    WORKFLOW.check(election.state, State.CANCELLED)
    election.state = State.CANCELLED
    election.re_election_reason = clean_field(reason, "reason", message=_("Cần nêu lý do hủy."), single_line=False)
    election.save(update_fields=["state", "re_election_reason", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ELECTION_CANCELLED, target=election, unit=election.village,
                 data=_data(election, reason=election.re_election_reason))
    return election


def election_warnings(election: Election, today: date | None = None) -> list[str]:
    today = today or clock.today()
    out = []
    if election.state == State.PLANNED:
        done = done_steps(election)
        for m in domain.milestones(election.election_day, election.office, done, today):
            if m.status == "overdue":
                out.append(_("Quá hạn: %(s)s (chậm nhất ngày %(d)s, %(a)s).") % {
                    "s": m.label, "d": m.latest.strftime("%d/%m/%Y"), "a": m.article})
            elif m.status == "late":
                out.append(_("Thực hiện muộn: %(s)s (chậm nhất ngày %(d)s, thực hiện %(x)s).") % {
                    "s": m.label, "d": m.latest.strftime("%d/%m/%Y"), "x": m.done_on.strftime("%d/%m/%Y")})
    if election.state == State.ELECTED and election.recognition_due_on and today > election.recognition_due_on:
        out.append(_("Quá hạn công nhận kết quả (%(n)s, hạn %(d)s).") % {
            "n": rule_text(domain.recognition_rule(election.office)),
            "d": election.recognition_due_on.strftime("%d/%m/%Y")})
    dismissal = election.follows_dismissal
    if dismissal is not None and dismissal.new_election_due_on and election.plan_decided_on > dismissal.new_election_due_on:
        out.append(_("Quyết định bầu người thay thế muộn hơn %(n)s kể từ khi công nhận cho thôi (hạn %(d)s, "
                     "khoản 3 Điều 9).") % {"n": rule_text(domain.NEW_ELECTION_RULE),
                                            "d": dismissal.new_election_due_on.strftime("%d/%m/%Y")})
    return out


# --- dismissals (NĐ59 Art.9) -----------------------------------------------------------------------


@service(AuditVerb.DISMISSAL_OPENED)
def dismissal_open(*, village, office: str, holder_name: str, trigger: str, reason: str, opened_on: date,
                   actor) -> Dismissal:
    _check_village(village)
    if office not in Office.values:
        raise field_error("office", _("Hãy chọn chức danh."), "invalid_office")
    if trigger not in DismissalTrigger.values:
        raise field_error("trigger", _("Hãy chọn căn cứ."), "invalid_trigger")
    dismissal = Dismissal(village=village, office=office, trigger=trigger, opened_on=_day(opened_on, "opened_on"),
                          holder_name=clean_field(holder_name, "holder_name", max_length=150,
                                                  message=_("Cần nhập họ tên người bị đề nghị cho thôi.")),
                          reason=clean_field(reason, "reason", message=_("Cần nêu lý do."), single_line=False))
    dismissal.full_clean()
    dismissal.save()
    audit.record(actor=actor, verb=AuditVerb.DISMISSAL_OPENED, target=dismissal, unit=dismissal.village,
                 data=_data(dismissal, trigger=trigger, holder_name=dismissal.holder_name))
    return dismissal


@service(AuditVerb.DISMISSAL_CONSENT_RECORDED)
def dismissal_consent(*, dismissal: Dismissal, household: Household, signed_on: date, actor) -> DismissalConsent:
    """One household signs the petition: a household of the same village, once."""
    locked(dismissal)
    if dismissal.trigger != DismissalTrigger.PETITION or dismissal.state != DismissalState.OPENED:
        raise ValidationError(_("Chỉ ghi nhận chữ ký khi đang xem xét kiến nghị của các hộ."), code=INVALID_TRANSITION)
    if household is None or household.village_id != dismissal.village_id:
        raise field_error("household", _("Hộ gia đình không thuộc %(v)s.") % {"v": dismissal.village.name},
                          "other_village")
    signed_on = _day(signed_on, "signed_on")
    if household.dissolved_on and household.dissolved_on < signed_on:
        raise field_error("household", _("Hộ gia đình này đã thôi là hộ của thôn."), "dissolved")
    try:
        with transaction.atomic():
            consent = DismissalConsent.objects.create(dismissal=dismissal, household=household, signed_on=signed_on,
                                                      recorded_by=_actor(actor))
    except IntegrityError:
        raise field_error("household", _("Hộ %(c)s đã ký kiến nghị này.") % {"c": household.code},
                          "duplicate_consent") from None
    audit.record(actor=actor, verb=AuditVerb.DISMISSAL_CONSENT_RECORDED, target=dismissal, unit=dismissal.village,
                 data=_data(dismissal, household=household.pk, signed_on=signed_on))
    return consent


def petition_status(dismissal: Dismissal, on: date | None = None) -> tuple[int, int, bool]:
    """(households signing, households of the village, valid ≥ 50%)."""
    on = on or clock.today()
    total = household_count_on(dismissal.village, on)
    signed = dismissal.consents.count()
    return signed, total, bool(total) and domain.petition_valid(min(signed, total), total)


@service(AuditVerb.DISMISSAL_VOTED)
def dismissal_vote(*, dismissal: Dismissal, held_on: date, present: int, approve: int, against: int,
                   actor) -> Dismissal:
    """The community meeting votes on the dismissal (Law Art.21.1.b: more than 50% of all households)."""
    locked(dismissal)
    if not DISMISSAL_WORKFLOW.allows(dismissal.state, DismissalState.VOTED):
        raise ValidationError(_("Việc cho thôi này đã được biểu quyết."), code=INVALID_TRANSITION)
    held_on = _day(held_on, "held_on")
    _not_before(held_on, dismissal.opened_on, "held_on")
    if dismissal.trigger == DismissalTrigger.PETITION:
        signed, total_now, valid = petition_status(dismissal, held_on)
        if not valid:
            raise ValidationError(
                _("Kiến nghị mới có %(n)d/%(t)d hộ ký: cần từ 50%% số hộ trở lên (khoản 1 Điều 9 Nghị định "
                  "59/2023/NĐ-CP).") % {"n": signed, "t": total_now}, code="petition_below_threshold")
    total = _households(dismissal.village, held_on)
    for name, value in (("present", present), ("approve", approve), ("against", against)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise field_error(name, _("Phải là số nguyên không âm."), "negative")
    if present > total:
        raise field_error("present", _("Số hộ dự họp (%(n)d) vượt quá tổng số hộ của thôn (%(t)d).") % {
            "n": present, "t": total}, "exceeds_households")
    if approve + against > present:
        raise field_error("approve", _("Số hộ tán thành và không tán thành vượt quá số hộ dự họp."), "exceeds_present")
    dismissal.held_on, dismissal.households_total = held_on, total
    dismissal.households_present, dismissal.approve, dismissal.against = present, approve, against
    DISMISSAL_WORKFLOW.move(dismissal, DismissalState.VOTED if domain.dismissal_passes(approve, total)
                            else DismissalState.REJECTED)
    if dismissal.state == DismissalState.VOTED:
        dismissal.recognition_due_on = domain.dismissal_recognition_due(held_on, calendar_for(held_on))
    dismissal.save(update_fields=["held_on", "households_total", "households_present", "approve", "against", "state",
                                  "recognition_due_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DISMISSAL_VOTED, target=dismissal, unit=dismissal.village,
                 data=_data(dismissal, held_on=held_on, households_total=total, present=present, approve=approve,
                            against=against))
    return dismissal


@service(AuditVerb.DISMISSAL_RECOGNISED)
def dismissal_recognise(*, dismissal: Dismissal, decision_number: str, decided_on: date, actor) -> Dismissal:
    """The commune (or the Front for a board member) recognises the dismissal (≤ 05 WD); from then the new
    election must be decided within 60 days (NĐ59 Art.9.3)."""
    locked(dismissal)
    if not DISMISSAL_WORKFLOW.allows(dismissal.state, DismissalState.RECOGNISED):
        raise ValidationError(_("Chỉ công nhận sau khi cộng đồng đã biểu quyết cho thôi."), code=INVALID_TRANSITION)
    decided_on = _day(decided_on, "decided_on")
    _not_before(decided_on, dismissal.held_on, "decided_on")
    DISMISSAL_WORKFLOW.move(dismissal, DismissalState.RECOGNISED)
    dismissal.decided_on = decided_on
    dismissal.decision_number = clean_field(decision_number, "decision_number", max_length=50,
                                            message=_("Cần nhập số quyết định."))
    dismissal.new_election_due_on = domain.new_election_due(decided_on, calendar_for(decided_on))
    dismissal.save(update_fields=["state", "decided_on", "decision_number", "new_election_due_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DISMISSAL_RECOGNISED, target=dismissal, unit=dismissal.village,
                 data=_data(dismissal, decision_number=dismissal.decision_number, decided_on=decided_on,
                            new_election_due_on=dismissal.new_election_due_on))
    return dismissal


def dismissal_warnings(dismissal: Dismissal, today: date | None = None) -> list[str]:
    today = today or clock.today()
    out = []
    if dismissal.state == DismissalState.VOTED and dismissal.recognition_due_on and today > dismissal.recognition_due_on:
        out.append(_("Quá hạn công nhận việc cho thôi (hạn %(d)s).") % {
            "d": dismissal.recognition_due_on.strftime("%d/%m/%Y")})
    if dismissal.state == DismissalState.RECOGNISED and dismissal.new_election_due_on:
        planned = dismissal.follow_up_elections.exclude(state=State.CANCELLED).order_by("plan_decided_on").first()
        if planned is None and today > dismissal.new_election_due_on:
            out.append(_("Quá %(n)s mà chưa quyết định bầu người thay thế (hạn %(d)s, khoản 3 Điều 9).") % {
                "n": rule_text(domain.NEW_ELECTION_RULE), "d": dismissal.new_election_due_on.strftime("%d/%m/%Y")})
        elif planned is None:
            out.append(_("Cần quyết định bầu người thay thế chậm nhất ngày %(d)s (khoản 3 Điều 9).") % {
                "d": dismissal.new_election_due_on.strftime("%d/%m/%Y")})
    return out

