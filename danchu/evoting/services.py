"""Write functions (and the few reads with rules) of online votes by household — NĐ 59/2023 Art.5.

Every write is a `core.services.service`: one transaction with its audit row; a refused write changes nothing,
is audited as "<verb>.rejected" (with its codes, never with the option of a ballot) and raises a ValidationError
with a stable code and a Vietnamese message. Stable API (other apps, e.g. decisions, may call these):

    opt_in(*, household, actor, now=None) -> OptIn
    opt_out(*, household, actor, now=None) -> OptIn
    opt_in_status(village) -> OptInStatus(opted_in, total, allows_poll)
    create_poll(*, village, question, actor, opens_at, closes_at, self_management_confirmed, options=DEFAULT_OPTIONS,
                description="", approval_option=0) -> Poll                      # state "draft"
        # K6 only (Law Art.17.2): self_management_confirmed must be True; options only DEFAULT_OPTIONS, approval 0
    open_poll(*, poll, actor, now=None) -> Poll      # draft → open; K6 only; needs > 50% opt-in; snapshots households
    cast_vote(*, poll, household, option, user, now=None) -> CastVote(vote, receipt_code)
                                                      # receipt_code is returned ONCE and never stored
    close_poll(*, poll, actor, now=None) -> Poll     # open → closed, at or after closes_at
    publish_poll(*, poll, actor, now=None) -> Poll   # closed → published (public result page)
    close_due_polls(now=None) -> int                 # closes every open poll whose end has passed (periodic job)
    tally(poll) -> Tally                             # only once closed; otherwise ValidationError("results_hidden")
        Tally.result: domain.TallyResult (counts per option in option order, voters, total households, passes)
        Tally.counts: {option index: count}
        Tally.households: {household_id: option index} for every participating household
    participation(poll) -> int                       # number of households that voted (no options; allowed while open)
    participants(poll) -> QuerySet[Household]        # the minutes' list (names, never options); only once closed
    find_receipt(poll, code) -> Vote | None          # only once closed
    export_ballots(poll) -> dict                     # {"poll": …, "ballots": [{"receipt_hash", "option"}], "tally": …}

Permissions are NOT checked here (see rules.py), except the ones the law ties to the act itself: a ballot is
cast only by the user linked to the household as its representative (Household.representative, set by staff).
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field, clean_text
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit, Household

from . import domain
from .domain import DEFAULT_OPTIONS, WORKFLOW, PollState, Window
from .models import OptIn, Poll, Vote
from .verbs import AuditVerb

MAX_QUESTION = 500
MAX_DESCRIPTION = 10000


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- opt-in register (NĐ59 Art.5.3) --------------------------------------------------------------------


@dataclass(frozen=True)
class OptInStatus:
    opted_in: int
    total: int

    @property
    def allows_poll(self) -> bool:
        return domain.opt_in_allows_poll(self.opted_in, self.total)

    @property
    def needed(self) -> int:
        """How many more opt-ins are needed to pass 50%."""
        return domain.opt_ins_needed(self.opted_in, self.total)


def village_households(village: AdministrativeUnit, on=None):
    """The households of the village counted in every threshold: living there, not dissolved on `on`."""
    on = on or clock.today()
    return Household.objects.filter(village=village).active_on(on)


def opt_in_status(village: AdministrativeUnit, on=None) -> OptInStatus:
    households = village_households(village, on)
    opted = OptIn.objects.active().filter(household__in=households).count()
    return OptInStatus(opted_in=opted, total=households.count())


@service(AuditVerb.OPT_IN_CREATED)
def opt_in(*, household: Household, actor, now: datetime | None = None) -> OptIn:
    """The household chooses online voting (recorded by its representative or by village staff)."""
    now = now or clock.now()
    if household.dissolved_on is not None and household.dissolved_on < clock.today():
        raise field_error("household", _("Hộ gia đình này không còn hoạt động."), "household_inactive")
    row, created = OptIn.objects.select_for_update().get_or_create(
        household=household, defaults={"opted_in_at": now, "recorded_by": _user(actor)})
    if not created:
        if row.withdrawn_at is None:
            return row  # idempotent: already opted in
        row.withdrawn_at, row.opted_in_at, row.recorded_by = None, now, _user(actor)
        row.save(update_fields=["withdrawn_at", "opted_in_at", "recorded_by", "modified"])
    audit.record(actor=actor, verb=AuditVerb.OPT_IN_CREATED, target=household, unit=household.village,
                 data={"household": household.pk})
    return row


@service(AuditVerb.OPT_IN_WITHDRAWN)
def opt_out(*, household: Household, actor, now: datetime | None = None) -> OptIn | None:
    """The household withdraws from online voting (its ballots already cast stay counted)."""
    now = now or clock.now()
    row = OptIn.objects.select_for_update().filter(household=household).first()
    if row is None or row.withdrawn_at is not None:
        return row
    row.withdrawn_at = now
    row.save(update_fields=["withdrawn_at", "modified"])
    audit.record(actor=actor, verb=AuditVerb.OPT_IN_WITHDRAWN, target=household, unit=household.village,
                 data={"household": household.pk})
    return row


# --- polls ---------------------------------------------------------------------------------------------


def _validate_poll_fields(*, village, question, description, options, opens_at, closes_at, approval_option,
                          self_management_confirmed):
    errors: dict[str, list] = {}
    # Law 10/2022 Art.15.6, 17.2; NĐ59 Art.5: online votes only for "công việc tự quản khác" (K6)
    if self_management_confirmed is not True:
        errors["self_management_confirmed"] = [ValidationError(
            _("Chỉ được biểu quyết trực tuyến đối với công việc tự quản khác (Luật số 10/2022/QH15, Điều 17.2). Hãy "
              "xác nhận nội dung không phải là đóng góp xây dựng công trình hay các khoản đóng góp, hương ước, quy "
              "ước, hay bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân phố hoặc thành viên Ban Thanh tra nhân dân, "
              "Ban Giám sát đầu tư của cộng đồng."), code="not_self_management")]
    if village is None or village.level != Level.VILLAGE or village.valid_to is not None:
        errors["village"] = [ValidationError(_("Hãy chọn một thôn, tổ dân phố đang hoạt động."), code="not_a_village")]
    try:
        question = clean_field(question, "question", max_length=MAX_QUESTION,
                               message=_("Cần nhập nội dung biểu quyết."))
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        description = clean_field(description, "description", required=False, max_length=MAX_DESCRIPTION,
                                  single_line=False)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    # NĐ59 Art.5.4: the options are đồng ý / không đồng ý / ý kiến khác, nothing else
    if not domain.standard_options(clean_text(o) for o in options):
        errors["options"] = [ValidationError(
            _("Biểu quyết trực tuyến chỉ có các phương án: %(o)s (Nghị định 59/2023/NĐ-CP, Điều 5).")
            % {"o": " / ".join(DEFAULT_OPTIONS)}, code="invalid_options")]
    options = list(DEFAULT_OPTIONS)
    if opens_at is None or closes_at is None or timezone.is_naive(opens_at) or timezone.is_naive(closes_at):
        errors["closes_at"] = [ValidationError(_("Cần nhập thời gian bắt đầu và kết thúc."), code="required")]
    elif closes_at <= opens_at:
        errors["closes_at"] = [ValidationError(_("Thời gian kết thúc phải sau thời gian bắt đầu."), code="bad_window")]
    elif opens_at.year < 2023 or closes_at.year > 2100:
        errors["opens_at"] = [ValidationError(_("Thời gian không hợp lệ."), code="bad_window")]
    if approval_option != domain.APPROVAL_OPTION:
        errors["approval_option"] = [ValidationError(
            _("Phương án tán thành của biểu quyết trực tuyến là “%(o)s”.") % {"o": DEFAULT_OPTIONS[0]},
            code="invalid_option")]
    if errors:
        raise ValidationError(errors)
    return question, description, options


@service(AuditVerb.POLL_CREATED)
def create_poll(*, village: AdministrativeUnit, question: str, actor, opens_at: datetime, closes_at: datetime,
                self_management_confirmed: bool = False, options: Iterable[str] = DEFAULT_OPTIONS,
                description: str = "", approval_option: int | None = domain.APPROVAL_OPTION) -> Poll:
    """A draft online vote. Only for K6 content, which the creator confirms (`self_management_confirmed=True`),
    with the options of NĐ59 Art.5.4 only; anything else is refused with field errors and nothing is stored."""
    question, description, options = _validate_poll_fields(
        village=village, question=question, description=description, options=list(options), opens_at=opens_at,
        closes_at=closes_at, approval_option=approval_option, self_management_confirmed=self_management_confirmed)
    poll = Poll.objects.create(village=village, question=question, description=description, options=options,
                               approval_option=domain.APPROVAL_OPTION, opens_at=opens_at, closes_at=closes_at,
                               self_management_confirmed=True, salt=secrets.token_hex(16), created_by=_user(actor))
    audit.record(actor=actor, verb=AuditVerb.POLL_CREATED, target=poll, unit=village,
                 data={"question": question, "options": options, "opens_at": opens_at, "closes_at": closes_at,
                       "self_management_confirmed": True})
    return poll


@service(AuditVerb.POLL_OPENED)
def open_poll(*, poll: Poll, actor, now: datetime | None = None) -> Poll:
    """Draft → open. NĐ59 Art.5: only when > 50% of the village's households opted in; the number of
    households is frozen now and is the denominator of the result (Law Art.21.1)."""
    now = now or clock.now()
    locked(poll, "village")
    WORKFLOW.check(poll.state, PollState.OPEN)
    if not domain.is_k6_poll(self_management_confirmed=poll.self_management_confirmed, options=poll.options,
                             approval_option=poll.approval_option):
        # a draft from before the K6 confirmation, or with options other than NĐ59 Art.5.4
        raise ValidationError(
            _("Chỉ được mở biểu quyết trực tuyến cho công việc tự quản khác, đã được người tạo xác nhận, với các "
              "phương án: %(o)s (Luật số 10/2022/QH15, Điều 17.2; Nghị định 59/2023/NĐ-CP, Điều 5). Hãy tạo lại "
              "cuộc biểu quyết.") % {"o": " / ".join(DEFAULT_OPTIONS)}, code="not_self_management")
    if poll.closes_at <= now:
        raise ValidationError(_("Thời gian kết thúc đã qua; hãy sửa thời gian trước khi mở biểu quyết."),
                              code="bad_window")
    status = opt_in_status(poll.village, clock.local_date(now))
    if not status.allows_poll:
        raise ValidationError(
            _("Chỉ được biểu quyết trực tuyến khi trên 50%% số hộ đã đăng ký (hiện có %(n)d/%(t)d hộ, cần thêm "
              "%(m)d hộ).") % {"n": status.opted_in, "t": status.total, "m": status.needed},
            code="opt_in_below_half")
    WORKFLOW.move(poll, PollState.OPEN)
    poll.opened_at, poll.total_households, poll.opted_in_households = now, status.total, status.opted_in
    poll.save(update_fields=["state", "opened_at", "total_households", "opted_in_households", "modified"])
    audit.record(actor=actor, verb=AuditVerb.POLL_OPENED, target=poll, unit=poll.village,
                 data={"total_households": status.total, "opted_in": status.opted_in})
    return poll


@service(AuditVerb.POLL_CLOSED)
def close_poll(*, poll: Poll, actor, now: datetime | None = None) -> Poll:
    """Open → closed, at or after the announced end. Waits for votes in flight (they hold a share lock on the poll)."""
    now = now or clock.now()
    locked(poll, "village")
    WORKFLOW.check(poll.state, PollState.CLOSED)
    if now < poll.closes_at:
        raise ValidationError(_("Chưa hết thời gian biểu quyết (kết thúc lúc %(t)s).")
                              % {"t": timezone.localtime(poll.closes_at).strftime("%H:%M %d/%m/%Y")}, code="too_early")
    WORKFLOW.move(poll, PollState.CLOSED)
    poll.closed_at = now
    poll.save(update_fields=["state", "closed_at", "modified"])
    audit.record(actor=actor, verb=AuditVerb.POLL_CLOSED, target=poll, unit=poll.village,
                 data={"voters": poll.votes.count()})
    return poll


def close_due_polls(now: datetime | None = None) -> int:
    """Close every open poll whose announced end has passed (huey job every 5 minutes; `danchu close_due_polls`)."""
    now = now or clock.now()
    closed = 0
    for poll in Poll.objects.filter(state=PollState.OPEN, closes_at__lte=now).select_related("village"):
        with contextlib.suppress(ValidationError):  # closed meanwhile by staff
            close_poll(poll=poll, actor="danchu", now=now)
            closed += 1
    return closed


@service(AuditVerb.POLL_PUBLISHED)
def publish_poll(*, poll: Poll, actor, now: datetime | None = None) -> Poll:
    """Closed → published: the result page, receipt list and export become public (NĐ59 Art.5: publish)."""
    now = now or clock.now()
    locked(poll, "village")
    WORKFLOW.move(poll, PollState.PUBLISHED)
    poll.published_at = now
    poll.save(update_fields=["state", "published_at", "modified"])
    result = _count(poll)
    audit.record(actor=actor, verb=AuditVerb.POLL_PUBLISHED, target=poll, unit=poll.village,
                 data={"counts": list(result.counts), "voters": result.voters, "passes": result.passes})
    return poll


# --- votes ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CastVote:
    vote: Vote
    receipt_code: str  # shown once to the voter; only its hash is stored


_VOTE_ERRORS = {
    "not_open": lambda: _("Cuộc biểu quyết này chưa mở."),
    "closed": lambda: _("Cuộc biểu quyết này đã kết thúc; không nhận thêm phiếu."),
    "too_early": lambda: _("Chưa đến giờ biểu quyết."),
    "too_late": lambda: _("Đã hết giờ biểu quyết."),
    "wrong_village": lambda: _("Hộ gia đình này không thuộc thôn, tổ dân phố của cuộc biểu quyết."),
    "household_inactive": lambda: _("Hộ gia đình này không còn hoạt động."),
    "not_representative": lambda: _("Bạn không phải là người đại diện của hộ gia đình này."),
    "not_opted_in": lambda: _("Hộ gia đình chưa đăng ký tham gia biểu quyết trực tuyến."),
    "invalid_option": lambda: _("Phương án không hợp lệ."),
    "already_voted": lambda: _("Hộ gia đình này đã biểu quyết trong cuộc biểu quyết này; mỗi hộ chỉ một phiếu."),
}


def _lock_poll_shared(poll_id: int) -> str | None:
    """The poll's current state, with a lock that lets votes run together but makes close_poll wait for them.
    On SQLite the IMMEDIATE transaction already holds the database's write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT state FROM evoting_poll WHERE id = %s FOR SHARE", [poll_id])
            row = cursor.fetchone()
        return row[0] if row else None
    return Poll.objects.filter(pk=poll_id).values_list("state", flat=True).first()


def _vote_problem(*, poll: Poll, state: str | None, household: Household, option, user, now: datetime) -> str:
    if state in (PollState.CLOSED, PollState.PUBLISHED):
        return "closed"
    if state != PollState.OPEN:
        return "not_open"
    when = domain.window(poll.opens_at, poll.closes_at, now)
    if when == Window.BEFORE:
        return "too_early"
    if when == Window.AFTER:
        return "too_late"
    if household.village_id != poll.village_id:
        return "wrong_village"
    if household.dissolved_on is not None and household.dissolved_on < clock.local_date(now):
        return "household_inactive"
    if not getattr(user, "is_authenticated", False) or household.representative_id != user.pk:
        return "not_representative"
    if not OptIn.objects.active().filter(household=household).exists():
        return "not_opted_in"
    if not (isinstance(option, int) and not isinstance(option, bool) and 0 <= option < len(poll.options)):
        return "invalid_option"
    return ""


@service(AuditVerb.VOTE_CAST, private={"option"})
def cast_vote(*, poll: Poll, household: Household, option: int, user, now: datetime | None = None) -> CastVote:
    """One ballot for the household. The UNIQUE (poll, household) constraint decides a race between two
    attempts; the loser gets "already_voted". Every refusal is audited (never with the option chosen) and changes
    nothing else."""
    now = now or clock.now()
    problem = ""
    for _attempt in range(3):  # a receipt-hash collision (≈ 2^-74) is retried with a new code
        code = domain.new_receipt_code()
        try:
            with transaction.atomic():
                state = _lock_poll_shared(poll.pk)
                problem = _vote_problem(poll=poll, state=state, household=household, option=option, user=user,
                                        now=now)
                if problem:
                    break
                vote = Vote.objects.create(poll=poll, household=household, option=option, cast_at=now, cast_by=user,
                                           receipt_hash=domain.receipt_hash(code, poll.salt))
                # who took part is public in the minutes; WHICH option never goes into the audit log
                audit.record(actor=user, verb=AuditVerb.VOTE_CAST, target=poll, unit=poll.village_id,
                             data={"household": household.pk})
            return CastVote(vote=vote, receipt_code=code)
        except IntegrityError:
            if Vote.objects.filter(poll=poll, household=household).exists():
                problem = "already_voted"
                break
    else:  # pragma: no cover
        raise RuntimeError("could not store the vote")
    if problem == "invalid_option":
        raise field_error("option", _VOTE_ERRORS[problem](), problem)
    raise ValidationError(_VOTE_ERRORS[problem](), code=problem)


# --- reads with rules ----------------------------------------------------------------------------------


def participation(poll: Poll) -> int:
    """How many households voted — never per option (allowed while the poll is open)."""
    return Vote.objects.filter(poll=poll).count()


def _hidden(poll: Poll) -> None:
    if not poll.results_visible:
        raise ValidationError(_("Kết quả chỉ được xem sau khi kết thúc biểu quyết."), code="results_hidden")


def _count(poll: Poll) -> domain.TallyResult:
    rows = Vote.objects.filter(poll=poll).values_list("option").annotate(n=Count("id")).order_by()
    counts = dict(rows)
    options = tuple(poll.options)
    if any(not 0 <= k < len(options) for k in counts):
        raise ValueError("ballot with unknown option index")
    values = tuple(counts.get(i, 0) for i in range(len(options)))
    return domain.TallyResult(options, values, sum(values), poll.total_households or 0, poll.approval_option)


@dataclass
class Tally:
    poll: Poll
    result: domain.TallyResult

    @property
    def counts(self) -> dict[int, int]:
        return dict(enumerate(self.result.counts))

    @cached_property
    def households(self) -> dict[int, int]:
        """household_id → option index, for every participating household (for the decisions app: one final
        position per household across channels)."""
        return dict(Vote.objects.filter(poll=self.poll).values_list("household_id", "option").iterator(chunk_size=5000))


def tally(poll: Poll) -> Tally:
    _hidden(poll)
    return Tally(poll=poll, result=_count(poll))


def participants(poll: Poll):
    """The minutes' list of participating households (Mẫu 03): representatives' names, never options."""
    _hidden(poll)
    return Household.objects.filter(evoting_votes__poll=poll).order_by("code")


def find_receipt(poll: Poll, code: str) -> Vote | None:
    _hidden(poll)
    if not domain.normalise_receipt_code(code):
        return None
    return Vote.objects.filter(poll=poll, receipt_hash=domain.receipt_hash(code, poll.salt)).first()


EXPORT_FORMAT = "danchu-evoting-ballots/1"


def export_ballots(poll: Poll) -> dict:
    """Everything needed to recompute the tally and check a receipt: the options, the public salt and every
    ballot as (receipt hash, option), ordered by hash so the order tells nothing about who voted when."""
    result = tally(poll).result
    ballots = [{"receipt_hash": h, "option": o} for h, o in
               Vote.objects.filter(poll=poll).order_by("receipt_hash").values_list("receipt_hash", "option")]
    return {
        "format": EXPORT_FORMAT,
        "poll": {"id": poll.pk, "question": poll.question, "village": poll.village.name, "options": list(poll.options),
                 "approval_option": poll.approval_option, "salt": poll.salt,
                 "total_households": poll.total_households, "opens_at": poll.opens_at.isoformat(),
                 "closes_at": poll.closes_at.isoformat(),
                 "closed_at": poll.closed_at.isoformat() if poll.closed_at else None},
        "receipt_hash": "sha256(salt + ':' + receipt code, e.g. 'ABCDE-FGHJK-MNPQR')",
        "ballots": ballots,
        "tally": result.as_dict(),
    }
