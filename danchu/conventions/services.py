"""Write functions of village conventions (NĐ61/2023). Each is a `core.services.service`: one transaction, in
Vietnamese, a refused write audited as "<verb>.rejected"; it moves the convention through `domain.WORKFLOW`, checks
the rules of domain.py and writes its audit row in the same transaction. Permissions are checked by the callers
(views, API) with the named rules of rules.py."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.calendar_service import calendar_for
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.core.workflow import INVALID_TRANSITION
from danchu.units.domain import Level
from danchu.units.models import Household
from danchu.units.services import household_count_on

from . import domain
from .domain import WORKFLOW, CommentChannel, Kind, MeasureKind, Outcome, Proposer, Scope, State, VoteMethod
from .models import (
    AdoptionVote,
    Convention,
    ConventionComment,
    ConventionMeasure,
    ConventionReview,
    ConventionVersion,
)
from .verbs import AuditVerb

MAX_TEXT = 100_000
MAX_NOTE = 5_000
EARLIEST = date(2023, 8, 16)  # NĐ 61/2023/NĐ-CP in force


def review_day() -> tuple[int, int]:
    return tuple(settings.DANCHU_CONVENTION_REVIEW_DAY)


# --- helpers ---------------------------------------------------------------------------------------


def _day(value, field: str, *, today: date | None = None, future_ok: bool = False) -> date:
    today = today or clock.today()
    if not isinstance(value, date):
        raise field_error(field, _("Cần nhập ngày."), "required")
    if value < EARLIEST:
        raise field_error(field, _("Ngày không thể trước ngày 16/08/2023 (Nghị định 61/2023/NĐ-CP có hiệu lực)."),
                          "too_early")
    if not future_ok and value > today:
        raise field_error(field, _("Ngày này chưa đến: không thể ghi nhận việc chưa xảy ra."), "in_future")
    return value


def _after(value: date, earlier: date | None, field: str) -> None:
    if earlier is not None:
        domain.check_decision_date(value, after=earlier, field=field)


def _data(convention: Convention, **data) -> dict:
    """What every audit row of a convention records: its state, then the step's data."""
    return {"state": convention.state, **data}


def _save(convention: Convention, *fields: str) -> None:
    convention.full_clean()
    convention.save(update_fields=[*fields, "modified"])




def _actor_name(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.get_full_name() or actor.username
    return str(actor or "")


def _new_version(convention: Convention, *, text: str, reason: str, actor, published_on: date | None = None):
    last = convention.versions.order_by("-number").first()
    if last is not None and last.text == text:
        raise field_error("text", _("Nội dung không thay đổi so với phiên bản %(n)d.") % {"n": last.number},
                          "unchanged")
    return ConventionVersion.objects.create(
        convention=convention, number=(last.number + 1) if last else 1, text=text, reason=reason,
        author=actor if getattr(actor, "is_authenticated", False) else None, author_name=_actor_name(actor),
        created=timezone.now(), published_on=published_on)


def _check_village(village) -> None:
    if village is None or village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Hãy chọn một thôn, tổ dân phố đang hoạt động."), "not_a_village")


def _households(village, on: date) -> int:
    total = household_count_on(village, on)
    if total <= 0:
        raise ValidationError(
            _("Sổ hộ gia đình của %(v)s chưa có hộ nào tại ngày %(d)s: cần cập nhật sổ hộ trước.")
            % {"v": village.name, "d": on.strftime("%d/%m/%Y")}, code="no_households")
    return total


# --- proposal and drafting (NĐ61 Art.7–8) ----------------------------------------------------------


def _proposal(village, *, proposer: str, proposed_on: date, households_consenting, front_agreed: bool) -> dict:
    if proposer not in Proposer.values:
        raise field_error("proposer", _("Hãy chọn người đề xuất."), "invalid_proposer")
    if proposer == Proposer.VILLAGE_HEAD:
        return {"proposal_households_total": None, "proposal_households_consenting": None,
                "proposal_front_agreed": bool(front_agreed)}
    total = _households(village, proposed_on)
    if households_consenting is None:
        raise field_error("households_consenting", _("Cần nhập số hộ đồng ý với đề xuất của công dân."),
                          "required")
    if not domain.citizen_proposal_tabled(households_consenting, total, front_committee_agrees=bool(front_agreed)):
        raise field_error(
            "households_consenting",
            _("Đề xuất của công dân cần ít nhất 10%% số hộ gia đình đồng ý (%(n)d/%(t)d hộ), hoặc được Ban công tác "
              "Mặt trận đồng ý (Điều 7 Nghị định 61/2023/NĐ-CP).") % {"n": households_consenting, "t": total},
            "below_proposal_threshold")
    return {"proposal_households_total": total, "proposal_households_consenting": households_consenting,
            "proposal_front_agreed": bool(front_agreed)}


@service(AuditVerb.PROPOSED)
def convention_propose(*, village, title: str, text: str, actor, kind: str = Kind.HUONG_UOC,
                       proposer: str = Proposer.VILLAGE_HEAD, proposed_on: date | None = None,
                       households_consenting: int | None = None, front_agreed: bool = False, note: str = "",
                       drafting_team: str = "") -> Convention:
    """A new convention: the proposal (Art.7), the drafting team (Art.8) and the first draft (version 1)."""
    _check_village(village)
    if kind not in Kind.values:
        raise field_error("kind", _("Hãy chọn hương ước hoặc quy ước."), "invalid_kind")
    proposed_on = _day(proposed_on or clock.today(), "proposed_on")
    title = clean_field(title, "title", max_length=250, message=_("Cần nhập tên hương ước, quy ước."))
    text = clean_field(text, "text", max_length=MAX_TEXT, message=_("Cần nhập toàn văn dự thảo."), single_line=False)
    convention = Convention(
        village=village, kind=kind, title=title, state=State.DRAFTING, proposer=proposer, proposed_on=proposed_on,
        proposal_note=clean_field(note, "note", required=False, single_line=False), drafting_team=clean_field(drafting_team, "drafting_team",
                                                                                                              required=False, single_line=False),
        **_proposal(village, proposer=proposer, proposed_on=proposed_on,
                    households_consenting=households_consenting, front_agreed=front_agreed),
    )
    convention.full_clean()
    convention.save()
    version = _new_version(convention, text=text, reason=_("Dự thảo ban đầu"), actor=actor)
    audit.record(actor=actor, verb=AuditVerb.PROPOSED, target=convention, unit=convention.village,
                 data=_data(convention, proposer=proposer, version=version.number,
                            households_total=convention.proposal_households_total,
                            households_consenting=convention.proposal_households_consenting))
    return convention


@service(AuditVerb.AMENDMENT_STARTED)
def convention_amend(*, convention: Convention, reason: str, actor, proposer: str = Proposer.VILLAGE_HEAD,
                     proposed_on: date | None = None, households_consenting: int | None = None,
                     front_agreed: bool = False) -> Convention:
    """Start a new drafting round: an amendment of the recognised text, or a new draft after a refusal or a vote
    that did not adopt it. The version in force (if any) stays in force until the new one is recognised."""
    WORKFLOW.move(convention, State.DRAFTING)
    proposed_on = _day(proposed_on or clock.today(), "proposed_on")
    reason = clean_field(reason, "reason", message=_("Cần nêu lý do sửa đổi, bổ sung."), single_line=False)
    for key, value in _proposal(convention.village, proposer=proposer, proposed_on=proposed_on,
                                households_consenting=households_consenting, front_agreed=front_agreed).items():
        setattr(convention, key, value)
    convention.proposer, convention.proposed_on, convention.proposal_note = proposer, proposed_on, reason
    convention.is_amendment = convention.in_force_version_id is not None
    for field in ("posted_on", "comment_until", "adopted_version", "voted_on", "submit_due_on", "submitted_on",
                  "recognise_due_on", "decided_on", "decided_by"):
        setattr(convention, field, None)
    convention.decision_number = convention.signer = convention.refusal_reason = convention.posting_place = ""
    _save(convention, "state", "proposer", "proposed_on", "proposal_note", "is_amendment",
          "proposal_households_total", "proposal_households_consenting", "proposal_front_agreed", "posted_on",
          "comment_until", "adopted_version", "voted_on", "submit_due_on", "submitted_on", "recognise_due_on",
          "decided_on", "decided_by", "decision_number", "signer", "refusal_reason", "posting_place")
    audit.record(actor=actor, verb=AuditVerb.AMENDMENT_STARTED, target=convention, unit=convention.village,
                 data=_data(convention, reason=reason, proposer=proposer))
    return convention


@service(AuditVerb.TEAM_SET)
def convention_set_team(*, convention: Convention, drafting_team: str, actor) -> Convention:
    if convention.state not in domain.EDITABLE_STATES:
        raise ValidationError(_("Chỉ cập nhật Tổ soạn thảo khi đang soạn thảo hoặc lấy ý kiến."), code="not_editable")
    convention.drafting_team = clean_field(drafting_team, "drafting_team", message=_("Cần ghi thành viên Tổ soạn thảo."), single_line=False)
    _save(convention, "drafting_team")
    audit.record(actor=actor, verb=AuditVerb.TEAM_SET, target=convention, unit=convention.village,
                 data=_data(convention, drafting_team=convention.drafting_team))
    return convention


@service(AuditVerb.REVISED)
def convention_revise(*, convention: Convention, text: str, reason: str, actor,
                      on: date | None = None) -> ConventionVersion:
    """A new version of the draft (drafting, or taking the comments in while posted: then public at once, from `on`,
    the day the revised draft was posted — today unless a past record is being entered)."""
    locked(convention)
    if convention.state not in domain.EDITABLE_STATES:
        raise ValidationError(
            _("Chỉ sửa nội dung khi đang soạn thảo hoặc lấy ý kiến dự thảo; hãy bắt đầu sửa đổi, bổ sung trước."),
            code="not_editable")
    text = clean_field(text, "text", max_length=MAX_TEXT, message=_("Cần nhập toàn văn dự thảo."), single_line=False)
    reason = clean_field(reason, "reason", max_length=500, message=_("Cần nêu lý do thay đổi."))
    published = None
    if convention.state == State.POSTED:
        published = _day(on or clock.today(), "on")
        _after(published, convention.posted_on, "on")
    version = _new_version(convention, text=text, reason=reason, actor=actor, published_on=published)
    audit.record(actor=actor, verb=AuditVerb.REVISED, target=convention, unit=convention.village,
                 data=_data(convention, version=version.number, reason=reason))
    return version


@service(AuditVerb.WITHDRAWN)
def convention_withdraw(*, convention: Convention, reason: str, actor) -> Convention:
    if convention.in_force_version_id:
        raise ValidationError(_("Hương ước, quy ước đang có hiệu lực: không thể dừng soạn thảo bản sửa đổi theo cách "
                                "này."), code="in_force")
    WORKFLOW.move(convention, State.WITHDRAWN)
    reason = clean_field(reason, "reason", message=_("Cần nêu lý do dừng soạn thảo."), single_line=False)
    _save(convention, "state")
    audit.record(actor=actor, verb=AuditVerb.WITHDRAWN, target=convention, unit=convention.village,
                 data=_data(convention, reason=reason))
    return convention


# --- draft posting and comments (NĐ61 Art.9) -------------------------------------------------------


@service(AuditVerb.POSTED)
def convention_post(*, convention: Convention, posted_on: date, comment_until: date, place: str, actor) -> Convention:
    """Post the latest draft for comments, for at least the period of Art.9 (domain.posting_min_end)."""
    WORKFLOW.move(convention, State.POSTED)
    if convention.in_force_version_id and convention.latest_version().pk == convention.in_force_version_id:
        raise field_error("text", _("Chưa có nội dung sửa đổi, bổ sung: hãy cập nhật dự thảo trước khi niêm yết."),
                          "unchanged")
    posted_on = _day(posted_on, "posted_on")
    if not isinstance(comment_until, date):
        raise field_error("comment_until", _("Cần nhập hạn góp ý."), "required")
    domain.check_comment_period(posted_on, comment_until)
    convention.posted_on, convention.comment_until = posted_on, comment_until
    convention.posting_place = clean_field(place, "place", max_length=300,
                                           message=_("Cần ghi nơi niêm yết dự thảo (nhà văn hóa, bảng tin…)."))
    _save(convention, "state", "posted_on", "comment_until", "posting_place")
    version = convention.latest_version()
    version.published_on = posted_on
    version.save(update_fields=["published_on"])
    audit.record(actor=actor, verb=AuditVerb.POSTED, target=convention, unit=convention.village,
                 data=_data(convention, posted_on=posted_on, comment_until=comment_until, version=version.number))
    return convention


def comments_open(convention: Convention, today: date | None = None) -> bool:
    today = today or clock.today()
    return (convention.state == State.POSTED and convention.posted_on is not None
            and convention.posted_on <= today <= convention.comment_until)


def _comment(convention: Convention, *, channel: str, author_name: str, body: str, received_on: date, user=None,
             household=None, entered_by=None) -> ConventionComment:
    version = convention.latest_version()
    return ConventionComment.objects.create(
        convention=convention, version=version, channel=channel, author_name=author_name, body=body,
        received_on=received_on, user=user, household=household, entered_by=entered_by, created=timezone.now())


@service(AuditVerb.COMMENTED)
def comment_submit(*, convention: Convention, user, body: str) -> ConventionComment:
    """A logged-in resident comments online on the posted draft while the comment period runs."""
    if not getattr(user, "is_authenticated", False):
        raise ValidationError(_("Cần đăng nhập để góp ý."), code="login_required")
    if not comments_open(convention):
        raise ValidationError(_("Dự thảo không trong thời gian lấy ý kiến."), code="comments_closed")
    body = clean_field(body, "body", max_length=MAX_NOTE, message=_("Cần nhập nội dung góp ý."), single_line=False)
    household = Household.objects.filter(village=convention.village, representative=user).first()
    comment = _comment(convention, channel=CommentChannel.ONLINE, author_name=_actor_name(user), body=body,
                       received_on=clock.today(), user=user, household=household)
    audit.record(actor=user, verb=AuditVerb.COMMENTED, target=convention, unit=convention.village,
                 data=_data(convention, comment=comment.pk, channel=comment.channel,
                            household=household.pk if household else None))
    return comment


@service(AuditVerb.COMMENT_RECORDED)
def comment_record(*, convention: Convention, actor, channel: str, author_name: str, body: str,
                   received_on: date) -> ConventionComment:
    """An official enters a comment received at a meeting, in the box, by letter or in the village group."""
    if convention.state != State.POSTED:
        raise ValidationError(_("Dự thảo không trong thời gian lấy ý kiến."), code="comments_closed")
    if channel not in CommentChannel.values:
        raise field_error("channel", _("Hãy chọn hình thức góp ý."), "invalid_channel")
    received_on = _day(received_on, "received_on")
    if received_on < convention.posted_on or received_on > convention.comment_until:
        raise field_error("received_on", _("Ngày góp ý phải trong thời gian niêm yết dự thảo (%(a)s – %(b)s).") % {
            "a": convention.posted_on.strftime("%d/%m/%Y"), "b": convention.comment_until.strftime("%d/%m/%Y")},
                          "outside_period")
    comment = _comment(convention, channel=channel,
                       author_name=clean_field(author_name, "author_name", max_length=150,
                                               message=_("Cần ghi người hoặc nhóm góp ý.")),
                       body=clean_field(body, "body", message=_("Cần nhập nội dung góp ý."), single_line=False), received_on=received_on,
                       entered_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit.record(actor=actor, verb=AuditVerb.COMMENT_RECORDED, target=convention, unit=convention.village,
                 data=_data(convention, comment=comment.pk, channel=channel))
    return comment


@service(AuditVerb.COMMENT_ANSWERED)
def comment_respond(*, convention: Convention, comment_id: int, response: str, actor) -> ConventionComment:
    """The drafting team's answer to a comment (taken in, or why not)."""
    comment = convention.comments.filter(pk=comment_id).first() if isinstance(comment_id, int) else None
    if comment is None:
        raise field_error("comment", _("Không có góp ý mã %(n)s của hương ước, quy ước này.") % {"n": comment_id},
                          "unknown_comment")
    comment.response = clean_field(response, "response", message=_("Cần nhập nội dung tiếp thu, giải trình."), single_line=False)
    comment.save(update_fields=["response"])
    audit.record(actor=actor, verb=AuditVerb.COMMENT_ANSWERED, target=convention, unit=convention.village,
                 data=_data(convention, comment=comment.pk))
    return comment


# --- adoption (NĐ61 Art.10; Law 10/2022 Art.19–21) ------------------------------------------------


@service(AuditVerb.VOTED)
def vote_record(*, convention: Convention, method: str, held_on: date, present: int, approve: int, against: int,
                actor, note: str = "") -> AdoptionVote:
    """Record the adoption meeting (state POSTED) or, after a meeting without enough households, the household
    ballot (state BALLOT). The total is the household register of the village on that date."""
    locked(convention)
    if method == VoteMethod.MEETING:
        if convention.state != State.POSTED:
            raise ValidationError(_("Chỉ họp biểu quyết khi dự thảo đang được lấy ý kiến."), code=INVALID_TRANSITION)
    elif method == VoteMethod.BALLOT:
        if convention.state != State.BALLOT:
            raise ValidationError(_("Chỉ phát phiếu lấy ý kiến khi cuộc họp không đủ trên 50% số hộ tham dự."),
                                  code=INVALID_TRANSITION)
    else:
        raise field_error("method", _("Hãy chọn hình thức biểu quyết."), "invalid_method")
    held_on = _day(held_on, "held_on")
    domain.check_vote_date(posted_on=convention.posted_on, comment_until=convention.comment_until, held_on=held_on)
    last = convention.votes.order_by("-held_on").first()
    if last is not None:
        _after(held_on, last.held_on, "held_on")
    total = _households(convention.village, held_on)
    if method == VoteMethod.MEETING:
        result = domain.meeting_outcome(total=total, attended=present, approve=approve, against=against)
    else:
        result = domain.ballot_outcome(total=total, returned=present, approve=approve, against=against)
    version = convention.latest_version()
    vote = AdoptionVote.objects.create(
        convention=convention, version=version, method=method, held_on=held_on, households_total=total,
        households_present=present, approve=approve, against=against, outcome=result.outcome,
        minutes_note=clean_field(note, "note", required=False, single_line=False), created=timezone.now(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    target = {Outcome.ADOPTED: State.ADOPTED, Outcome.NOT_ADOPTED: State.NOT_ADOPTED,
              Outcome.NEEDS_BALLOT: State.BALLOT}[result.outcome]
    WORKFLOW.move(convention, target)
    fields = ["state"]
    if target == State.ADOPTED:
        convention.adopted_version, convention.voted_on = version, held_on
        convention.submit_due_on = domain.submit_due(held_on, calendar_for(held_on))
        fields += ["adopted_version", "voted_on", "submit_due_on"]
    _save(convention, *fields)
    audit.record(actor=actor, verb=AuditVerb.VOTED, target=convention, unit=convention.village,
                 data=_data(convention, method=method, held_on=held_on, households_total=total,
                            households_present=present, approve=approve, against=against, outcome=result.outcome,
                            version=version.number))
    return vote


# --- dossier, recognition, distribution (NĐ61 Art.11, 18) ------------------------------------------


@service(AuditVerb.SUBMITTED)
def convention_submit(*, convention: Convention, submitted_on: date, actor) -> Convention:
    """The village head sends the dossier (request, minutes, adopted text) to the commune (≤ 05 WD)."""
    WORKFLOW.move(convention, State.SUBMITTED)
    submitted_on = _day(submitted_on, "submitted_on")
    _after(submitted_on, convention.voted_on, "submitted_on")
    convention.submitted_on = submitted_on
    convention.recognise_due_on = domain.recognise_due(submitted_on, calendar_for(submitted_on))
    _save(convention, "state", "submitted_on", "recognise_due_on")
    audit.record(actor=actor, verb=AuditVerb.SUBMITTED, target=convention, unit=convention.village,
                 data=_data(convention, submitted_on=submitted_on, due_on=convention.submit_due_on,
                            late=domain.is_late(submitted_on, convention.submit_due_on)))
    return convention


@service(AuditVerb.RECOGNISED)
def convention_recognise(*, convention: Convention, decision_number: str, decided_on: date, signer: str,
                         actor) -> Convention:
    """The commune's recognition decision (Mẫu 03): the adopted version is in force from the decision."""
    WORKFLOW.move(convention, State.RECOGNISED)
    decided_on = _day(decided_on, "decided_on")
    _after(decided_on, convention.submitted_on, "decided_on")
    convention.decision_number = clean_field(decision_number, "decision_number", max_length=50,
                                             message=_("Cần nhập số quyết định công nhận."))
    convention.signer = clean_field(signer, "signer", max_length=150, required=False)
    convention.decided_on, convention.decided_by = decided_on, actor if getattr(actor, "is_authenticated",
                                                                                False) else None
    version = convention.adopted_version
    version.recognition_number, version.recognised_on = convention.decision_number, decided_on
    version.published_on = version.published_on or decided_on
    version.save(update_fields=["recognition_number", "recognised_on", "published_on"])
    convention.in_force_version, convention.in_force_since = version, decided_on
    convention.distribute_due_on, convention.distributed_on = domain.distribute_due(decided_on,
                                                                                    calendar_for(decided_on)), None
    _save(convention, "state", "decision_number", "signer", "decided_on", "decided_by", "in_force_version",
          "in_force_since", "distribute_due_on", "distributed_on")
    audit.record(actor=actor, verb=AuditVerb.RECOGNISED, target=convention, unit=convention.village,
                 data=_data(convention, decision_number=convention.decision_number, decided_on=decided_on,
                            version=version.number, due_on=convention.recognise_due_on,
                            late=domain.is_late(decided_on, convention.recognise_due_on)))
    return convention


@service(AuditVerb.REFUSED)
def convention_refuse(*, convention: Convention, reason: str, decided_on: date, actor) -> Convention:
    """The commune refuses in writing with reasons (Art.11.3.b)."""
    WORKFLOW.move(convention, State.REFUSED)
    decided_on = _day(decided_on, "decided_on")
    _after(decided_on, convention.submitted_on, "decided_on")
    convention.refusal_reason = clean_field(reason, "reason", message=_("Cần nêu rõ lý do không công nhận."), single_line=False)
    convention.decided_on = decided_on
    convention.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    _save(convention, "state", "refusal_reason", "decided_on", "decided_by")
    audit.record(actor=actor, verb=AuditVerb.REFUSED, target=convention, unit=convention.village,
                 data=_data(convention, reason=convention.refusal_reason, decided_on=decided_on,
                            late=domain.is_late(decided_on, convention.recognise_due_on)))
    return convention


@service(AuditVerb.DISTRIBUTED)
def convention_distribute(*, convention: Convention, distributed_on: date, actor) -> Convention:
    """The recognised text sent to the village head and the Front (≤ 02 WD, Art.18.1.a)."""
    if convention.in_force_version_id is None or convention.state not in (State.RECOGNISED, State.SUSPENDED):
        raise ValidationError(_("Chỉ gửi văn bản sau khi đã công nhận."), code=INVALID_TRANSITION)
    if convention.distributed_on:
        raise ValidationError(_("Đã ghi nhận việc gửi văn bản ngày %(d)s.") % {
            "d": convention.distributed_on.strftime("%d/%m/%Y")}, code="already_done")
    distributed_on = _day(distributed_on, "distributed_on")
    _after(distributed_on, convention.in_force_since, "distributed_on")
    convention.distributed_on = distributed_on
    _save(convention, "distributed_on")
    audit.record(actor=actor, verb=AuditVerb.DISTRIBUTED, target=convention, unit=convention.village,
                 data=_data(convention, distributed_on=distributed_on,
                            late=domain.is_late(distributed_on, convention.distribute_due_on)))
    return convention


# --- suspension, annulment, review (NĐ61 Art.12, 14, 15) -------------------------------------------


@service(AuditVerb.MEASURE_RECORDED)
def convention_measure(*, convention: Convention, kind: str, scope: str, reason: str, reported_on: date,
                       decided_on: date, decision_number: str, actor, provisions: str = "") -> ConventionMeasure:
    """A suspension (≤ 03 WD from the report) or an annulment (≤ 05 WD), in full or in part. A full measure
    changes the state; a partial one is recorded and shown with the text."""
    if kind not in MeasureKind.values:
        raise field_error("kind", _("Hãy chọn tạm ngưng hoặc bãi bỏ."), "invalid_kind")
    if scope not in Scope.values:
        raise field_error("scope", _("Hãy chọn toàn bộ hoặc một phần."), "invalid_scope")
    if convention.in_force_version_id is None or convention.state == State.ANNULLED:
        raise ValidationError(_("Chỉ áp dụng với hương ước, quy ước đang có hiệu lực."), code="not_in_force")
    if kind == MeasureKind.SUSPENSION and convention.state == State.SUSPENDED:
        raise ValidationError(_("Hương ước, quy ước đang bị tạm ngưng toàn bộ."), code="already_suspended")
    reported_on = _day(reported_on, "reported_on")
    decided_on = _day(decided_on, "decided_on")
    _after(reported_on, convention.in_force_since, "reported_on")
    _after(decided_on, reported_on, "decided_on")
    provisions = clean_field(provisions, "provisions", max_length=300, required=scope == Scope.PARTIAL,
                             message=_("Cần ghi các điều, khoản bị tạm ngưng hoặc bãi bỏ."))
    measure = ConventionMeasure.objects.create(
        convention=convention, kind=kind, scope=scope, provisions=provisions,
        reason=clean_field(reason, "reason", message=_("Cần nêu lý do."), single_line=False), reported_on=reported_on,
        due_on=domain.measure_due(kind, reported_on, calendar_for(reported_on)), decided_on=decided_on,
        decision_number=clean_field(decision_number, "decision_number", max_length=50,
                                    message=_("Cần nhập số quyết định.")),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    if scope == Scope.FULL:
        if convention.state in (State.RECOGNISED, State.SUSPENDED):
            WORKFLOW.move(convention, State.SUSPENDED if kind == MeasureKind.SUSPENSION else State.ANNULLED)
        elif kind == MeasureKind.ANNULMENT:  # annulled during an amendment round: the round ends too
            convention.state = State.ANNULLED
        else:
            raise ValidationError(_("Đang sửa đổi, bổ sung: hãy tạm ngưng từng phần."), code=INVALID_TRANSITION)
        _save(convention, "state")
    data = _data(convention, measure=measure.pk,
                 scope=scope, provisions=provisions, reported_on=reported_on, decided_on=decided_on,
                 due_on=measure.due_on, late=measure.is_late)
    if kind == MeasureKind.SUSPENSION:
        audit.record(actor=actor, verb=AuditVerb.SUSPENDED, target=convention, unit=convention.village, data=data)
    else:
        audit.record(actor=actor, verb=AuditVerb.ANNULLED, target=convention, unit=convention.village, data=data)
    return measure


@service(AuditVerb.SUSPENSION_LIFTED)
def convention_lift_suspension(*, convention: Convention, lifted_on: date, actor) -> Convention:
    WORKFLOW.move(convention, State.RECOGNISED)
    lifted_on = _day(lifted_on, "lifted_on")
    measure = convention.measures.filter(kind=MeasureKind.SUSPENSION, scope=Scope.FULL,
                                         lifted_on__isnull=True).order_by("-decided_on").first()
    if measure is not None:
        _after(lifted_on, measure.decided_on, "lifted_on")
        measure.lifted_on = lifted_on
        measure.save(update_fields=["lifted_on"])
    _save(convention, "state")
    audit.record(actor=actor, verb=AuditVerb.SUSPENSION_LIFTED, target=convention, unit=convention.village,
                 data=_data(convention, lifted_on=lifted_on))
    return convention


@service(AuditVerb.REVIEWED)
def review_record(*, convention: Convention, held_on: date, summary: str, actor, proposals: str = "") -> ConventionReview:
    """The yearly review by the community (Art.15.4)."""
    if convention.in_force_version_id is None or convention.state == State.ANNULLED:
        raise ValidationError(_("Chỉ đánh giá hương ước, quy ước đang có hiệu lực."), code="not_in_force")
    held_on = _day(held_on, "held_on")
    _after(held_on, convention.in_force_since, "held_on")
    if convention.reviews.filter(held_on__year=held_on.year).exists():
        raise field_error("held_on", _("Đã có đánh giá của năm %(y)d.") % {"y": held_on.year}, "already_reviewed")
    review = ConventionReview.objects.create(
        convention=convention, held_on=held_on, summary=clean_field(summary, "summary", message=_("Cần ghi kết quả đánh giá."), single_line=False),
        proposals=clean_field(proposals, "proposals", required=False, single_line=False), created=timezone.now(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit.record(actor=actor, verb=AuditVerb.REVIEWED, target=convention, unit=convention.village,
                 data=_data(convention, review=review.pk, held_on=held_on))
    return review


# --- reading helpers ---------------------------------------------------------------------------------


def warnings(convention: Convention, today: date | None = None) -> list[str]:
    """What is late or due (shown to staff): each deadline of NĐ61 with its article."""
    today = today or clock.today()
    out = []

    def check(done: date | None, due_on: date | None, message: str) -> None:
        if due_on is None:
            return
        if done is None and today > due_on:
            out.append(_("Quá hạn: %(m)s (hạn %(d)s).") % {"m": message, "d": due_on.strftime("%d/%m/%Y")})
        elif done is not None and done > due_on:
            out.append(_("Thực hiện muộn: %(m)s (hạn %(d)s, thực hiện %(x)s).") % {
                "m": message, "d": due_on.strftime("%d/%m/%Y"), "x": done.strftime("%d/%m/%Y")})

    if convention.state in (State.ADOPTED, State.SUBMITTED, State.RECOGNISED, State.REFUSED):
        check(convention.submitted_on, convention.submit_due_on,
              _("gửi hồ sơ đề nghị công nhận (%(n)s, điểm a khoản 3 Điều 11)") % {"n": domain.due_text("submit")})
    if convention.state in (State.SUBMITTED, State.RECOGNISED, State.REFUSED):
        check(convention.decided_on, convention.recognise_due_on,
              _("quyết định công nhận hoặc trả lời bằng văn bản (%(n)s, điểm b khoản 3 Điều 11)")
              % {"n": domain.due_text("recognise")})
    if convention.state in (State.RECOGNISED, State.SUSPENDED) and convention.in_force_version_id:
        check(convention.distributed_on, convention.distribute_due_on,
              _("gửi văn bản đã công nhận cho Trưởng thôn và UB MTTQ (%(n)s, Điều 18)")
              % {"n": domain.due_text("distribute")})
        last = convention.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
        if domain.review_overdue(recognised_on=convention.in_force_since, last_review_on=last, today=today,
                                 day=review_day()):
            out.append(_("Chưa đánh giá việc thực hiện năm %(y)d (khoản 4 Điều 15).") % {"y": today.year})
    for measure in convention.measures.all():
        if measure.is_late:
            out.append(_("%(k)s số %(n)s ra muộn (hạn %(d)s).") % {
                "k": measure.get_kind_display(), "n": measure.decision_number, "d": measure.due_on.strftime("%d/%m/%Y")})
    return out
