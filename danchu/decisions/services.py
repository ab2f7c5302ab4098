"""Write functions of community decisions. Each runs in one transaction, moves the decision through the
transition table of domain.py and writes its audit row there.

A refused write (bad input or abuse: a second position of a household in one channel, a ballot after the
round closed, a household of another village, more attendees than households…) raises a ValidationError with
a Vietnamese message and changes nothing; the refusal itself is audited in its own transaction
("decisions.<entity>.<verb>.rejected") so that attempts leave a trace.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.calendar_service import get_calendar
from danchu.core.errors import field_error
from danchu.core.text import clean_text, nfc
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit, Household, HouseholdResidence

from . import domain
from .domain import Channel, Choice, Form, Kind, Scope, State
from .models import (
    BallotRound,
    Consent,
    ConsentChannel,
    Decision,
    HouseholdPosition,
    Initiative,
    InitiativeState,
    Meeting,
    MeetingAttendance,
    RoundState,
    VoteMethod,
)

LAW_EFFECTIVE = date(2023, 7, 1)  # Luật 10/2022/QH15 in force
MAX_TEXT = 20000


def calendar_for(start: date):
    return get_calendar(range(start.year, start.year + 2))


# --- households of a village at a date (units.services.household_count_on is the same base) --------


def household_ids_on(village: AdministrativeUnit, on: date) -> set[int]:
    """Households living in the village on `on` (HouseholdResidence history): the base of Art.21.1."""
    return set(
        HouseholdResidence.objects.filter(village=village, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values_list("household_id", flat=True)
    )


def households_on(village: AdministrativeUnit, on: date):
    return Household.objects.filter(pk__in=household_ids_on(village, on)).order_by("code")


# --- plumbing --------------------------------------------------------------------------------------


def _target_of(kwargs: dict):
    for key in ("decision", "initiative"):
        if kwargs.get(key) is not None:
            obj = kwargs[key]
            return obj, getattr(obj, "unit", None) or getattr(obj, "village", None)
    meeting = kwargs.get("meeting")
    if meeting is not None:
        return meeting.decision, meeting.decision.unit
    unit = kwargs.get("unit") or kwargs.get("village")
    return unit, unit


def _summary(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        return [_summary(v) for v in items[:50]] + (["…"] if len(items) > 50 else [])
    if isinstance(value, dict):
        return {str(k): _summary(v) for k, v in list(value.items())[:50]}
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, str):
        return value[:200]
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)[:200]


def _reject(verb: str, kwargs: dict, exc: ValidationError) -> None:
    target, unit = _target_of(kwargs)
    codes = ([e.code for errs in exc.error_dict.values() for e in errs] if hasattr(exc, "error_dict")
             else [e.code for e in exc.error_list])
    data = {"codes": [c for c in codes if c], "messages": exc.messages[:5],
            "input": {k: _summary(v) for k, v in kwargs.items() if k != "actor"}}
    try:
        with transaction.atomic():
            audit.record(actor=kwargs.get("actor"), verb=f"{verb}.rejected", target=target, unit=unit, data=data)
    except Exception:  # pragma: no cover — never hide the user's error behind an audit failure
        pass


def service(verb: str):
    """Atomic, in Vietnamese (stored notes), keyword-only; a ValidationError is audited as a rejection."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(**kwargs):
            with translation.override(settings.LANGUAGE_CODE):
                try:
                    with transaction.atomic():
                        return fn(**kwargs)
                except ValidationError as exc:
                    _reject(verb, kwargs, exc)
                    raise

        wrapper.verb = verb
        return wrapper

    return decorate


def _audit(decision: Decision, verb: str, actor, **data) -> None:
    audit.record(actor=actor, verb=f"decisions.decision.{verb}", target=decision, unit=decision.unit,
                 data={"state": decision.state, **data})


def _move(decision: Decision, target: str) -> None:
    if not domain.can_transition(decision.state, target):
        raise ValidationError(
            _("Không thể chuyển từ “%(a)s” sang “%(b)s”.") % {"a": State(decision.state).label,
                                                             "b": State(target).label},
            code="invalid_transition")
    decision.state = target


def _lock(decision: Decision) -> Decision:
    """Re-read the decision under a row lock: concurrent writes on one decision are serialised."""
    fresh = Decision.objects.select_for_update(of=("self",)).select_related("unit").get(pk=decision.pk)
    decision.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return decision


def _text(value, field: str, *, required: bool, max_length: int, single_line: bool = True,
          message: str | None = None) -> str:
    value = clean_text(value or "") if single_line else nfc(value or "").strip()
    if required and not value:
        raise field_error(field, message or _("Trường này là bắt buộc."), "required")
    if len(value) > max_length:
        raise field_error(field, _("Tối đa %(n)d ký tự.") % {"n": max_length}, "too_long")
    return value


def _names(values: Iterable[str], field: str) -> list[str]:
    names = [clean_text(v) for v in values if clean_text(v or "")]
    if not domain.team_size_ok(len(names)):
        raise field_error(field, _("Tổ phải có từ %(a)d đến %(b)d người (Nghị định 59/2023, Điều 3, 4).") % {
            "a": domain.TEAM_MIN, "b": domain.TEAM_MAX}, "team_size")
    if len({n.casefold() for n in names}) != len(names):
        raise field_error(field, _("Tên thành viên trong tổ bị trùng."), "team_duplicate")
    if any(len(n) > 150 for n in names):
        raise field_error(field, _("Tên tối đa 150 ký tự."), "too_long")
    return names


def _date_in_range(value: date | None, field: str, *, required: bool = True) -> date | None:
    if value is None:
        if required:
            raise field_error(field, _("Cần nhập ngày."), "required")
        return None
    if value < LAW_EFFECTIVE:
        raise field_error(field, _("Ngày phải từ 01/07/2023 (ngày Luật Thực hiện dân chủ ở cơ sở có hiệu lực)."),
                          "too_old")
    if value.year > clock.today().year + 5:
        raise field_error(field, _("Ngày quá xa trong tương lai."), "too_far")
    return value


def _not_future(value: date, field: str) -> date:
    if value > clock.today():
        raise field_error(field, _("Ngày này không thể ở tương lai."), "future_date")
    return value


def _village_household(decision: Decision, household: Household | None, on: date, field: str = "household"):
    if household is None or household.pk not in household_ids_on(decision.unit, on):
        raise field_error(field, _("Hộ này không thuộc %(v)s vào ngày %(d)s.") % {
            "v": decision.unit.name, "d": on.strftime("%d/%m/%Y")}, "household_not_in_village")
    return household


def _witnesses(decision: Decision, w1, w2, on: date, allowed: set[int] | None = None) -> tuple:
    if w1 is None or w2 is None:
        raise field_error("witness_1", _("Cần 02 đại diện hộ gia đình chứng kiến việc kiểm phiếu."), "witnesses")
    if w1.pk == w2.pk:
        raise field_error("witness_2", _("Hai hộ chứng kiến phải khác nhau."), "witnesses_same")
    _village_household(decision, w1, on, "witness_1")
    _village_household(decision, w2, on, "witness_2")
    if allowed is not None and not {w1.pk, w2.pk} <= allowed:
        raise field_error("witness_1", _("Hộ chứng kiến phải là hộ có đại diện dự họp."), "witness_absent")
    return w1, w2


# --- decisions -------------------------------------------------------------------------------------


@service("decisions.decision.created")
def decision_create(*, unit: AdministrativeUnit, kind: str, title: str, content: str, options: str = "",
                    form: str = Form.MEETING, actor) -> Decision:
    """Draft a content for residents to decide (Art.16): in a village, or commune-wide for K1/K2 (one part per
    village, each decided by its households; the commune aggregates, Art.21.1.a; NĐ59 Art.4.6.c)."""
    if unit is None or unit.level not in (Level.VILLAGE, Level.COMMUNE) or unit.valid_to is not None:
        raise field_error("unit", _("Hãy chọn một thôn, tổ dân phố hoặc xã, phường đang hoạt động."), "invalid_unit")
    if kind not in Kind.values:
        raise field_error("kind", _("Hãy chọn nội dung theo Điều 15."), "invalid_kind")
    scope = Scope.VILLAGE if unit.level == Level.VILLAGE else Scope.COMMUNE
    if not domain.scope_allowed(kind, scope):
        raise field_error("kind", _("Nội dung này do cộng đồng dân cư từng thôn, tổ dân phố quyết định; hãy tạo ở "
                                    "thôn, tổ dân phố."), "scope_not_allowed")
    if form not in Form.values or not domain.form_allowed(kind, form):
        raise field_error("form", _("Hình thức này không áp dụng cho nội dung đã chọn (Điều 17.2: biểu quyết trực "
                                    "tuyến chỉ cho công việc tự quản khác; hương ước, bầu cử phải họp)."),
                          "form_not_allowed")
    title = _text(title, "title", required=True, max_length=300, message=_("Cần nhập tên nội dung."))
    content = _text(content, "content", required=True, max_length=MAX_TEXT, single_line=False,
                    message=_("Cần nhập nội dung đưa ra bàn và quyết định."))
    options = _text(options, "options", required=False, max_length=MAX_TEXT, single_line=False)
    decision = Decision(unit=unit, scope=scope, kind=kind, form=form, title=title, content=content, options=options,
                        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    decision.full_clean()
    decision.save()
    _audit(decision, "created", actor, kind=kind, scope=scope, form=form)
    if scope == Scope.COMMUNE:
        villages = list(AdministrativeUnit.objects.filter(parent=unit, level=Level.VILLAGE, valid_to__isnull=True)
                        .order_by("name"))
        if not villages:
            raise field_error("unit", _("Xã, phường chưa có thôn, tổ dân phố nào."), "no_villages")
        for village in villages:
            part = Decision.objects.create(unit=village, parent=decision, scope=Scope.VILLAGE, kind=kind, form=form,
                                           title=title, content=content, options=options,
                                           created_by=decision.created_by)
            _audit(part, "created", actor, kind=kind, parent=decision.pk)
        _move(decision, State.COLLECTING)
        decision.villages_total = len(villages)
        decision.save(update_fields=["state", "villages_total", "modified"])
        _audit(decision, "collecting", actor, villages=len(villages))
    return decision


@service("decisions.decision.updated")
def decision_update(*, decision: Decision, title: str, content: str, options: str = "", actor) -> Decision:
    _lock(decision)
    if decision.state != State.DRAFT:
        raise ValidationError(_("Chỉ sửa được khi còn là dự thảo."), code="not_draft")
    decision.title = _text(title, "title", required=True, max_length=300)
    decision.content = _text(content, "content", required=True, max_length=MAX_TEXT, single_line=False)
    decision.options = _text(options, "options", required=False, max_length=MAX_TEXT, single_line=False)
    decision.save(update_fields=["title", "content", "options", "modified"])
    _audit(decision, "updated", actor)
    return decision


# --- meetings --------------------------------------------------------------------------------------


@service("decisions.meeting.noticed")
def meeting_notice(*, decision: Decision, notice_on: date, held_on: date, place: str, chair_name: str,
                   starts_at: time | None = None, cluster: str = "", actor) -> Meeting:
    """Publish the meeting information (Mẫu 01) ≥ 02 days before the meeting (NĐ59 Art.3.3). A village of
    ≥ 200 households may meet in clusters (Law Art.18.3): one notice per cluster meeting."""
    _lock(decision)
    if decision.scope != Scope.VILLAGE:
        raise ValidationError(_("Quyết định phạm vi xã được họp ở từng thôn, tổ dân phố."), code="commune_scope")
    if not domain.form_allowed(decision.kind, Form.MEETING):
        raise ValidationError(_("Nội dung này không tổ chức bằng cuộc họp."), code="form_not_allowed")
    notice_on = _date_in_range(notice_on, "notice_on")
    held_on = _date_in_range(held_on, "held_on")
    if held_on < domain.earliest_meeting(notice_on):
        raise field_error("held_on", _("Thông báo phải gửi trước ngày họp ít nhất 02 ngày (Nghị định 59/2023, Điều "
                                       "3.3): họp sớm nhất ngày %(d)s.") % {
            "d": domain.earliest_meeting(notice_on).strftime("%d/%m/%Y")}, "notice_too_late")
    place = _text(place, "place", required=True, max_length=300, message=_("Cần nhập địa điểm họp."))
    chair_name = _text(chair_name, "chair_name", required=True, max_length=150,
                       message=_("Cần nhập người chủ trì cuộc họp."))
    cluster = _text(cluster, "cluster", required=False, max_length=150)
    if decision.state == State.NOTICED:
        total = len(household_ids_on(decision.unit, held_on))
        if not domain.clusters_allowed(total):
            raise ValidationError(_("Chỉ thôn, tổ dân phố từ 200 hộ trở lên mới họp theo cụm dân cư (Điều 18.3); "
                                    "nơi này có %(n)d hộ.") % {"n": total}, code="clusters_not_allowed")
        if not cluster or decision.meetings.filter(cluster="").exists():
            raise field_error("cluster", _("Khi họp theo cụm, mỗi cuộc họp phải ghi tên cụm dân cư."),
                              "cluster_required")
        if decision.meetings.filter(cluster__iexact=cluster).exists():
            raise field_error("cluster", _("Cụm dân cư này đã có cuộc họp."), "cluster_duplicate")
    _move(decision, State.NOTICED)
    meeting = Meeting.objects.create(decision=decision, cluster=cluster, notice_on=notice_on, held_on=held_on,
                                     starts_at=starts_at, place=place, chair_name=chair_name)
    decision.save(update_fields=["state", "modified"])
    _audit(decision, "noticed", actor, meeting=meeting.pk, notice_on=notice_on, held_on=held_on, cluster=cluster)
    return meeting


def _check_meeting_open(meeting: Meeting) -> None:
    if meeting.decision.state != State.NOTICED or meeting.recorded_at is not None:
        raise ValidationError(_("Cuộc họp đã ghi kết quả, không sửa điểm danh được nữa."), code="meeting_closed")


@service("decisions.meeting.attendance_recorded")
def attendance_record(*, meeting: Meeting, household_ids: Iterable[int], actor) -> int:
    """The household representatives present (Art.18.1–2): the whole checklist, replacing what was recorded."""
    decision = _lock(meeting.decision)
    meeting.decision = decision
    _check_meeting_open(meeting)
    try:
        wanted = {int(h) for h in household_ids}
    except (TypeError, ValueError):
        raise field_error("households", _("Danh sách hộ không hợp lệ."), "invalid_households") from None
    eligible = household_ids_on(decision.unit, meeting.held_on)
    if len(wanted) > len(eligible):
        raise field_error("households", _("Số hộ dự họp (%(a)d) nhiều hơn tổng số hộ của %(v)s (%(b)d).") % {
            "a": len(wanted), "b": len(eligible), "v": decision.unit.name}, "more_attendees_than_households")
    strangers = wanted - eligible
    if strangers:
        raise field_error("households", _("%(n)d hộ không thuộc %(v)s vào ngày họp.") % {
            "n": len(strangers), "v": decision.unit.name}, "household_not_in_village")
    elsewhere = set(MeetingAttendance.objects.filter(decision=decision, household_id__in=wanted)
                    .exclude(meeting=meeting).values_list("household_id", flat=True))
    if elsewhere:
        raise field_error("households", _("%(n)d hộ đã được ghi dự họp ở cụm dân cư khác.") % {"n": len(elsewhere)},
                          "attended_elsewhere")
    before = set(meeting.attendances.values_list("household_id", flat=True))
    meeting.attendances.exclude(household_id__in=wanted).delete()
    names = dict(Household.objects.filter(pk__in=wanted - before).values_list("pk", "representative_name"))
    MeetingAttendance.objects.bulk_create([
        MeetingAttendance(decision=decision, meeting=meeting, household_id=h, representative_name=names.get(h, ""),
                          recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
        for h in sorted(wanted - before)])
    _audit(decision, "attendance_recorded", actor, meeting=meeting.pk, present=len(wanted),
           added=len(wanted - before), removed=len(before - wanted))
    return len(wanted)


@service("decisions.meeting.attendance_marked")
def attendance_mark(*, meeting: Meeting, household: Household, present: bool, actor) -> int:
    """One row of the checklist (htmx): mark one household present or absent."""
    ids = set(meeting.attendances.values_list("household_id", flat=True))
    ids = ids | {household.pk} if present else ids - {household.pk}
    if present:
        _village_household(meeting.decision, household, meeting.held_on)
    return attendance_record.__wrapped__(meeting=meeting, household_ids=ids, actor=actor)


@service("decisions.meeting.recorded")
def meeting_record(*, meeting: Meeting, secretary_name: str, secretary_votes: int | None, vote_method: str,
                   positions: dict[int, str] | None = None, notes: dict[int, str] | None = None,
                   count_team: Iterable[str] = (), witness_1: Household | None = None,
                   witness_2: Household | None = None, secret_agree: int = 0, secret_disagree: int = 0,
                   secret_other: int = 0, actor) -> Decision:
    """The vote of the meeting (Law Art.18.4; NĐ59 Art.3.5). Show of hands: one position per household
    present. Secret ballot: a count team of 03–05 approved by > 50% of those present, 02 household witnesses,
    the anonymous count (Mẫu 02). Then, once every meeting of the decision is recorded, its result."""
    decision = _lock(meeting.decision)
    meeting.decision = decision
    _check_meeting_open(meeting)
    if meeting.held_on > clock.today():
        raise ValidationError(_("Chưa đến ngày họp (%(d)s).") % {"d": meeting.held_on.strftime("%d/%m/%Y")},
                              code="meeting_in_future")
    present_ids = set(meeting.attendances.values_list("household_id", flat=True))
    present = len(present_ids)
    if present == 0:
        raise ValidationError(_("Chưa điểm danh hộ dự họp."), code="no_attendance")
    secretary_name = _text(secretary_name, "secretary_name", required=True, max_length=150,
                           message=_("Cần nhập thư ký cuộc họp."))
    if secretary_votes is None or isinstance(secretary_votes, bool) or secretary_votes < 0 \
            or secretary_votes > present or not domain.meeting_majority(secretary_votes, present):
        raise field_error("secretary_votes", _("Thư ký phải được trên 50%% số đại diện hộ dự họp biểu quyết tán "
                                               "thành (Nghị định 59/2023, Điều 3.5.a): cần ít nhất %(n)d trên %(p)d.")
                          % {"n": present // 2 + 1, "p": present}, "secretary_not_elected")
    if vote_method not in VoteMethod.values:
        raise field_error("vote_method", _("Hãy chọn biểu quyết giơ tay hoặc bỏ phiếu kín."), "invalid_vote_method")
    rows: list[HouseholdPosition] = []
    by = actor if getattr(actor, "is_authenticated", False) else None
    if vote_method == VoteMethod.HANDS:
        positions = {int(k): v for k, v in (positions or {}).items()}
        notes = {int(k): v for k, v in (notes or {}).items()}
        strangers = set(positions) - present_ids
        if strangers:
            raise field_error("positions", _("Chỉ ghi biểu quyết của hộ có đại diện dự họp (%(n)d hộ không dự họp).")
                              % {"n": len(strangers)}, "position_not_present")
        bad = [v for v in positions.values() if v not in (Choice.AGREE, Choice.DISAGREE, Choice.OTHER)]
        if bad:
            raise field_error("positions", _("Ý kiến không hợp lệ."), "invalid_choice")
        rows = [HouseholdPosition(decision=decision, household_id=h, channel=Channel.MEETING, choice=c,
                                  note=clean_text(notes.get(h, ""))[:500], meeting=meeting, recorded_by=by)
                for h, c in sorted(positions.items())]
        meeting.count_team, meeting.witness_1, meeting.witness_2 = [], None, None
        meeting.secret_agree = meeting.secret_disagree = meeting.secret_other = 0
    else:
        meeting.count_team = _names(count_team, "count_team")
        meeting.witness_1, meeting.witness_2 = _witnesses(decision, witness_1, witness_2, meeting.held_on,
                                                          present_ids)
        counts = [secret_agree, secret_disagree, secret_other]
        if any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in counts):
            raise field_error("secret_agree", _("Số phiếu phải là số nguyên không âm."), "invalid_count")
        if sum(counts) > present:
            raise field_error("secret_agree", _("Tổng số phiếu (%(a)d) nhiều hơn số hộ dự họp (%(b)d).") % {
                "a": sum(counts), "b": present}, "more_ballots_than_attendees")
        meeting.secret_agree, meeting.secret_disagree, meeting.secret_other = counts
        rows = [HouseholdPosition(decision=decision, household_id=h, channel=Channel.MEETING, choice=Choice.SECRET,
                                  meeting=meeting, recorded_by=by) for h in sorted(present_ids)]
    try:
        with transaction.atomic():
            HouseholdPosition.objects.bulk_create(rows)
    except IntegrityError:
        raise ValidationError(_("Một hộ đã có ý kiến tại cuộc họp của nội dung này."),
                              code="duplicate_position") from None
    meeting.secretary_name, meeting.secretary_votes, meeting.vote_method = secretary_name, secretary_votes, vote_method
    meeting.recorded_at = timezone.now()
    meeting.save()
    audit.record(actor=actor, verb="decisions.meeting.recorded", target=decision, unit=decision.unit,
                 data={"meeting": meeting.pk, "present": present, "vote_method": vote_method, "positions": len(rows),
                       "secret": [meeting.secret_agree, meeting.secret_disagree, meeting.secret_other]})
    if not decision.meetings.filter(recorded_at__isnull=True).exists():
        _conclude_meetings(decision, actor)
    return decision


def _secret_count(decision: Decision) -> domain.SecretCount:
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
    secret = _secret_count(decision)
    # Art.20.2(b): present = the households whose representative attended, whether or not they voted
    present = set(MeetingAttendance.objects.filter(decision=decision).values_list("household_id", flat=True))
    try:
        result = domain.tally(decision.kind, len(eligible), kept, secret=secret, eligible=eligible,
                              present=present & eligible)
    except (domain.TallyError, domain.DuplicatePosition, domain.SecretSuperseded) as exc:
        raise ValidationError(_("Không tổng hợp được kết quả: %(e)s") % {"e": exc}, code="tally_error") from None
    return result, len(rows) + len(online) - len(kept)


def _store_tally(decision: Decision, result: domain.Tally, on: date, form: str) -> None:
    decision.decided_on, decision.household_total = on, result.total_households
    decision.participating, decision.agree = result.participating, result.agree
    decision.disagree, decision.other = result.disagree, result.other
    decision.result_form = form


def _conclude(decision: Decision, result: domain.Tally, on: date, actor, *, form: str) -> None:
    _store_tally(decision, result, on, form)
    _move(decision, State.PASSED if result.passed else State.FAILED)
    decision.result_on = on
    if decision.state == State.PASSED and decision.parent_id is None:
        decision.send_due = domain.send_due(on, calendar_for(on))
    decision.save()
    _audit(decision, "passed" if result.passed else "failed", actor, total=result.total_households,
           participating=result.participating, agree=result.agree, required=result.required, form=form)
    if decision.parent_id:
        _aggregate_commune(decision.parent, actor)


def _conclude_meetings(decision: Decision, actor) -> None:
    on = max(m.held_on for m in decision.meetings.all())
    result, ignored = compute_tally(decision, on)
    present = MeetingAttendance.objects.filter(decision=decision).count()
    _move(decision, State.MEETING_HELD)
    if not domain.ballot_needed(decision.kind, result.total_households, min(present, result.total_households),
                                min(result.agree, present)):
        _conclude(decision, result, on, actor, form=Form.MEETING)
        return
    # Art.19.1.b: the absent households decide the outcome → household ballot
    _store_tally(decision, result, on, Form.MEETING)
    decision.save()
    _audit(decision, "meeting_insufficient", actor, present=present, total=result.total_households,
           required=result.required, agree=result.agree, ignored=ignored)


def needs_ballot(decision: Decision) -> bool:
    return decision.state == State.MEETING_HELD


# --- household ballot ------------------------------------------------------------------------------


@service("decisions.ballot.opened")
def ballot_open(*, decision: Decision, plan_issued_on: date, notice_on: date, distribute_on: date, deadline: date,
                team: Iterable[str], leader_name: str, plan_sent_on: date | None = None, actor) -> BallotRound:
    """Phát phiếu lấy ý kiến (Law Art.19; NĐ59 Art.4): the plan (sent to the commune within 02 days), a team of
    03–05 led by the Front's representative, a public notice ≥ 02 days before the ballots are handed out."""
    _lock(decision)
    if decision.state == State.DRAFT and not domain.form_allowed(decision.kind, Form.BALLOT):
        raise ValidationError(_("Nội dung này phải họp trước; chỉ phát phiếu khi cuộc họp không đủ số hộ (Điều "
                                "19.1.b)."), code="form_not_allowed")
    if decision.scope != Scope.VILLAGE:
        raise ValidationError(_("Quyết định phạm vi xã được phát phiếu ở từng thôn, tổ dân phố."),
                              code="commune_scope")
    if hasattr(decision, "ballot_round"):
        raise ValidationError(_("Nội dung này đã có đợt phát phiếu."), code="round_exists")
    plan_issued_on = _date_in_range(plan_issued_on, "plan_issued_on")
    notice_on = _date_in_range(notice_on, "notice_on")
    distribute_on = _date_in_range(distribute_on, "distribute_on")
    deadline = _date_in_range(deadline, "deadline")
    plan_sent_on = _date_in_range(plan_sent_on, "plan_sent_on", required=False)
    if notice_on < plan_issued_on:
        raise field_error("notice_on", _("Ngày thông báo không thể trước ngày ban hành kế hoạch."), "notice_before_plan")
    if distribute_on < domain.earliest_distribution(notice_on):
        raise field_error("distribute_on", _("Phải thông báo trước ngày phát phiếu ít nhất 02 ngày (Nghị định 59/2023, "
                                             "Điều 4.4): phát phiếu sớm nhất ngày %(d)s.") % {
            "d": domain.earliest_distribution(notice_on).strftime("%d/%m/%Y")}, "notice_too_late")
    if deadline < distribute_on:
        raise field_error("deadline", _("Hạn thu phiếu không thể trước ngày phát phiếu."), "deadline_before")
    if decision.state == State.MEETING_HELD and decision.decided_on and distribute_on < decision.decided_on:
        raise field_error("distribute_on", _("Phát phiếu sau cuộc họp."), "before_meeting")
    if plan_sent_on is not None and plan_sent_on < plan_issued_on:
        raise field_error("plan_sent_on", _("Ngày gửi kế hoạch không thể trước ngày ban hành."), "sent_before_plan")
    team = _names(team, "team")
    leader_name = _text(leader_name, "leader_name", required=True, max_length=150,
                        message=_("Cần ghi tổ trưởng (đại diện Ban công tác Mặt trận)."))
    if leader_name.casefold() not in {n.casefold() for n in team}:
        raise field_error("leader_name", _("Tổ trưởng phải là thành viên của tổ phát phiếu."), "leader_not_in_team")
    _move(decision, State.BALLOT)
    round_ = BallotRound.objects.create(
        decision=decision, plan_issued_on=plan_issued_on, plan_sent_on=plan_sent_on,
        plan_due=domain.plan_to_commune_due(plan_issued_on, calendar_for(plan_issued_on)), notice_on=notice_on,
        distribute_on=distribute_on, deadline=deadline, team=team, leader_name=leader_name)
    round_.full_clean()
    decision.save(update_fields=["state", "modified"])
    _audit(decision, "ballot_opened", actor, round=round_.pk, deadline=deadline, plan_due=round_.plan_due)
    return round_


@service("decisions.ballot.plan_sent")
def ballot_plan_send(*, decision: Decision, sent_on: date, actor) -> BallotRound:
    _lock(decision)
    round_ = getattr(decision, "ballot_round", None)
    if round_ is None:
        raise ValidationError(_("Chưa có đợt phát phiếu."), code="no_round")
    sent_on = _not_future(_date_in_range(sent_on, "sent_on"), "sent_on")
    if sent_on < round_.plan_issued_on:
        raise field_error("sent_on", _("Ngày gửi kế hoạch không thể trước ngày ban hành."), "sent_before_plan")
    round_.plan_sent_on = sent_on
    round_.save(update_fields=["plan_sent_on", "modified"])
    _audit(decision, "ballot_plan_sent", actor, sent_on=sent_on, due=round_.plan_due, late=sent_on > round_.plan_due)
    return round_


def _open_round(decision: Decision) -> BallotRound:
    round_ = BallotRound.objects.select_for_update().filter(decision=decision).first()
    if round_ is None:
        raise ValidationError(_("Nội dung này chưa có đợt phát phiếu."), code="no_round")
    if round_.state != RoundState.OPEN or decision.state != State.BALLOT:
        raise ValidationError(_("Đợt phát phiếu đã kiểm phiếu xong; không nhận thêm phiếu."), code="round_closed")
    return round_


@service("decisions.ballot.entered")
def ballot_enter(*, decision: Decision, household: Household, choice: str, note: str = "", actor) -> HouseholdPosition:
    """One returned ballot (Law Art.19.3: one ballot per household). Entered by the team from the paper."""
    _lock(decision)
    round_ = _open_round(decision)
    _village_household(decision, household, round_.deadline)
    if choice not in (Choice.AGREE, Choice.DISAGREE, Choice.OTHER):
        raise field_error("choice", _("Hãy chọn Đồng ý, Không đồng ý hoặc Ý kiến khác."), "invalid_choice")
    note = _text(note, "note", required=False, max_length=500)
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
    audit.record(actor=actor, verb="decisions.ballot.entered", target=decision, unit=decision.unit,
                 data={"household": household.pk, "choice": choice})
    return position


@service("decisions.ballot.removed")
def ballot_remove(*, decision: Decision, household: Household, reason: str, actor) -> None:
    """Take back a ballot entered by mistake, before the count (the reason is audited)."""
    _lock(decision)
    _open_round(decision)
    reason = _text(reason, "reason", required=True, max_length=500, message=_("Cần ghi lý do."))
    deleted, _rows = HouseholdPosition.objects.filter(decision=decision, household=household,
                                                      channel=Channel.BALLOT).delete()
    if not deleted:
        raise field_error("household", _("Hộ này chưa có phiếu."), "no_ballot")
    audit.record(actor=actor, verb="decisions.ballot.removed", target=decision, unit=decision.unit,
                 data={"household": household.pk, "reason": reason})


@service("decisions.ballot.counted")
def ballot_count(*, decision: Decision, witness_1: Household, witness_2: Household, actor) -> Decision:
    """The team counts with 02 household witnesses (Mẫu 04); the result on ALL households at the deadline.
    Not before the collection deadline (NĐ59 Art.4.6.a), unless every household of the village has already
    returned its ballot — then the result is of the day of the count."""
    _lock(decision)
    round_ = _open_round(decision)
    today = clock.today()
    if round_.distribute_on > today:
        raise ValidationError(_("Chưa đến ngày phát phiếu."), code="round_not_started")
    on = min(today, round_.deadline)
    if today < round_.deadline:
        eligible = household_ids_on(decision.unit, on)
        returned = _final_ballot_households(decision) & eligible
        if not domain.ballot_count_allowed(today, round_.deadline, len(returned), len(eligible)):
            raise ValidationError(
                _("Chưa hết hạn thu phiếu (%(d)s). Chỉ kiểm phiếu trước hạn khi tất cả %(t)d hộ của %(v)s đã nộp "
                  "phiếu; hiện mới có %(n)d hộ (Nghị định 59/2023/NĐ-CP, Điều 4.6).")
                % {"d": round_.deadline.strftime("%d/%m/%Y"), "t": len(eligible), "v": decision.unit.name,
                   "n": len(returned)}, code="before_deadline")
    round_.witness_1, round_.witness_2 = _witnesses(decision, witness_1, witness_2, on)
    result, ignored = compute_tally(decision, on)
    round_.state, round_.closed_at = RoundState.CLOSED, timezone.now()
    round_.save()
    audit.record(actor=actor, verb="decisions.ballot.counted", target=decision, unit=decision.unit,
                 data={"ballots": decision.positions.filter(channel=Channel.BALLOT).count(), "ignored": ignored,
                       "witnesses": [witness_1.pk, witness_2.pk]})
    _conclude(decision, result, on, actor, form=Form.BALLOT)
    return decision


def _final_ballot_households(decision: Decision) -> set[int]:
    """Households whose position can no longer change in this round: a returned ballot, or a secret vote at the
    meeting (which a ballot cannot supersede, see ballot_enter)."""
    return set(decision.positions.filter(Q(channel=Channel.BALLOT) | Q(channel=Channel.MEETING, choice=Choice.SECRET))
               .values_list("household_id", flat=True))


# --- commune scope ---------------------------------------------------------------------------------


def _aggregate_commune(parent: Decision, actor) -> None:
    parent = _lock(parent)
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
    _move(parent, State.PASSED if passed else State.FAILED)
    if passed:
        parent.send_due = domain.send_due(on, calendar_for(on))
    parent.save()
    _audit(parent, "passed" if passed else "failed", actor, villages=len(parts), approving=approving)


# --- sending, recognition, amendment, annulment ----------------------------------------------------


@service("decisions.decision.sent")
def decision_send(*, decision: Decision, sent_on: date, actor) -> Decision:
    """The decision goes to UBND xã and UB MTTQ xã ≤ 05 working days after the meeting/ballot (Art.20.3)."""
    _lock(decision)
    if decision.parent_id:
        raise ValidationError(_("Kết quả của từng thôn được tổng hợp vào quyết định phạm vi xã."), code="part")
    sent_on = _not_future(_date_in_range(sent_on, "sent_on"), "sent_on")
    if decision.result_on and sent_on < decision.result_on:
        raise field_error("sent_on", _("Ngày gửi không thể trước ngày có kết quả."), "sent_before_result")
    _move(decision, State.SENT)
    decision.sent_on = sent_on
    decision.recognition_due = domain.recognition_due(sent_on, calendar_for(sent_on))
    decision.save(update_fields=["state", "sent_on", "recognition_due", "modified"])
    _audit(decision, "sent", actor, sent_on=sent_on, send_due=decision.send_due,
           late=bool(decision.send_due and sent_on > decision.send_due), recognition_due=decision.recognition_due)
    return decision


@service("decisions.decision.recognised")
def decision_recognise(*, decision: Decision, recognised_on: date, reference: str, effective_on: date | None = None,
                       actor) -> Decision:
    """UBND xã (UB MTTQ xã for K5) recognises ≤ 05 working days after receipt (Art.21.2). The decision takes
    effect on adoption (village-scope K1/K2, K6), on the date UBND xã sets (commune-scope K1/K2) or from the
    recognition (K3–K5) — never before it was adopted or, when it depends on it, before the recognition."""
    _lock(decision)
    recognised_on = _not_future(_date_in_range(recognised_on, "recognised_on"), "recognised_on")
    if decision.sent_on and recognised_on < decision.sent_on:
        raise field_error("recognised_on", _("Ngày công nhận không thể trước ngày nhận."), "before_sent")
    adopted_on = decision.result_on or decision.decided_on
    if adopted_on and recognised_on < adopted_on:
        raise field_error("recognised_on", _("Ngày công nhận không thể trước ngày thông qua (%(d)s).")
                          % {"d": adopted_on.strftime("%d/%m/%Y")}, "before_adoption")
    reference = _text(reference, "reference", required=True, max_length=100,
                      message=_("Cần ghi số quyết định công nhận."))
    effective_on = _date_in_range(effective_on, "effective_on", required=False)
    try:
        effective_on = domain.effective_on(decision.kind, decision.scope, adopted_on=adopted_on or recognised_on,
                                           recognised_on=recognised_on, requested=effective_on)
    except ValueError as exc:
        if str(exc) == "effective_on_adoption":
            raise field_error("effective_on", _("Nội dung này có hiệu lực từ ngày được thông qua (%(d)s), không phụ "
                                                "thuộc ngày công nhận (Luật số 10/2022/QH15, Điều 21.2); hãy để trống "
                                                "ngày có hiệu lực.") % {"d": adopted_on.strftime("%d/%m/%Y")},
                              "effective_on_adoption") from None
        raise field_error("effective_on", _("Ngày có hiệu lực không thể trước ngày công nhận (%(r)s) hay ngày thông "
                                            "qua (Luật số 10/2022/QH15, Điều 21.2).")
                          % {"r": recognised_on.strftime("%d/%m/%Y")}, "effective_before_recognition") from None
    _move(decision, State.RECOGNISED)
    decision.recognised_on, decision.recognition_ref, decision.effective_on = recognised_on, reference, effective_on
    decision.save(update_fields=["state", "recognised_on", "recognition_ref", "effective_on", "modified"])
    _audit(decision, "recognised", actor, on=recognised_on, reference=reference, effective_on=effective_on,
           due=decision.recognition_due,
           late=bool(decision.recognition_due and recognised_on > decision.recognition_due))
    if decision.amends_id:
        old = _lock(decision.amends)
        if old.state == State.RECOGNISED:
            _move(old, State.AMENDED)
            old.closed_on = recognised_on
            old.save(update_fields=["state", "closed_on", "modified"])
            _audit(old, "amended", actor, by=decision.pk)
    return decision


@service("decisions.decision.refused")
def decision_refuse(*, decision: Decision, refused_on: date, reason: str, actor) -> Decision:
    """Not recognised: answered in writing with the reasons (Art.21.2)."""
    _lock(decision)
    refused_on = _not_future(_date_in_range(refused_on, "refused_on"), "refused_on")
    reason = _text(reason, "reason", required=True, max_length=MAX_TEXT, single_line=False,
                   message=_("Cần nêu rõ lý do không công nhận (Điều 21.2)."))
    _move(decision, State.REFUSED)
    decision.refused_on, decision.refusal_reason = refused_on, reason
    decision.save(update_fields=["state", "refused_on", "refusal_reason", "modified"])
    _audit(decision, "refused", actor, on=refused_on)
    return decision


@service("decisions.decision.annulled")
def decision_annul(*, decision: Decision, ground: str, reason: str, on: date, actor) -> Decision:
    """UBND xã annuls a decision that is unlawful or breached the procedure (Art.22)."""
    _lock(decision)
    if ground not in (domain.AnnulGround.UNLAWFUL, domain.AnnulGround.PROCEDURE):
        raise field_error("ground", _("Cấp xã bãi bỏ khi nội dung trái pháp luật hoặc vi phạm trình tự (Điều 22.1.a, b)"
                                      "; cộng đồng muốn thay đổi thì biểu quyết sửa đổi."), "invalid_ground")
    on = _not_future(_date_in_range(on, "on"), "on")
    reason = _text(reason, "reason", required=True, max_length=MAX_TEXT, single_line=False,
                   message=_("Cần nêu lý do bãi bỏ."))
    _move(decision, State.ANNULLED)
    decision.closed_on, decision.annul_ground, decision.annul_reason = on, ground, reason
    decision.save(update_fields=["state", "closed_on", "annul_ground", "annul_reason", "modified"])
    _audit(decision, "annulled", actor, ground=ground, on=on)
    return decision


@service("decisions.decision.amendment_drafted")
def decision_amend(*, decision: Decision, title: str, content: str, options: str = "", actor) -> Decision:
    """The community amends a recognised decision through the same procedure (Art.22.2): a new draft that,
    once recognised, marks the old one amended."""
    _lock(decision)
    if decision.state != State.RECOGNISED:
        raise ValidationError(_("Chỉ sửa đổi quyết định đã được công nhận."), code="not_recognised")
    if decision.amendments.exclude(state__in=[State.FAILED, State.REFUSED, State.ANNULLED]).exists():
        raise ValidationError(_("Đã có một dự thảo sửa đổi đang thực hiện."), code="amendment_exists")
    new = decision_create.__wrapped__(unit=decision.unit, kind=decision.kind, title=title, content=content,
                                      options=options, form=decision.form, actor=actor)
    new.amends = decision
    new.save(update_fields=["amends", "modified"])
    _audit(decision, "amendment_drafted", actor, amendment=new.pk)
    return new


# --- online vote (K6; danchu.evoting) --------------------------------------------------------------


def online_positions(decision: Decision) -> list[domain.Position]:
    """The per-household result of the linked online poll, as positions of the ONLINE channel."""
    if not decision.poll_id:
        return []
    from . import online

    return online.positions(decision)


# --- citizen initiatives (Art.16.3) ----------------------------------------------------------------


def _initiative_audit(initiative: Initiative, verb: str, actor, **data) -> None:
    audit.record(actor=actor, verb=f"decisions.initiative.{verb}", target=initiative, unit=initiative.village,
                 data={"state": initiative.state, **data})


@service("decisions.initiative.created")
def initiative_create(*, village: AdministrativeUnit, kind: str, title: str, content: str, initiator_name: str,
                      opened_on: date, initiator_household: Household | None = None, actor) -> Initiative:
    if village is None or village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Hãy chọn một thôn, tổ dân phố đang hoạt động."), "invalid_village")
    if kind not in Kind.values:
        raise field_error("kind", _("Hãy chọn nội dung theo Điều 15."), "invalid_kind")
    opened_on = _not_future(_date_in_range(opened_on, "opened_on"), "opened_on")
    if initiator_household is not None and initiator_household.pk not in household_ids_on(village, opened_on):
        raise field_error("initiator_household", _("Hộ khởi xướng không thuộc thôn, tổ dân phố này."),
                          "household_not_in_village")
    initiative = Initiative.objects.create(
        village=village, kind=kind,
        title=_text(title, "title", required=True, max_length=300, message=_("Cần nhập tên sáng kiến.")),
        content=_text(content, "content", required=True, max_length=MAX_TEXT, single_line=False),
        initiator_name=_text(initiator_name, "initiator_name", required=True, max_length=150),
        initiator_household=initiator_household, opened_on=opened_on)
    _initiative_audit(initiative, "created", actor)
    return initiative


def _consent(initiative: Initiative, household: Household, given_on: date, channel: str, actor) -> Consent:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
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
    _initiative_audit(initiative, "consented", actor, household=household.pk, channel=channel, given_on=given_on)
    return consent


@service("decisions.initiative.consent_recorded")
def consent_record(*, initiative: Initiative, household: Household, given_on: date, channel: str, actor) -> Consent:
    """Staff record a consent given at a meeting or in writing (Art.16.3)."""
    if channel not in (ConsentChannel.MEETING, ConsentChannel.WRITTEN):
        raise field_error("channel", _("Hình thức không hợp lệ."), "invalid_channel")
    given_on = _not_future(_date_in_range(given_on, "given_on"), "given_on")
    return _consent(initiative, household, given_on, channel, actor)


@service("decisions.initiative.consent_given")
def consent_give(*, initiative: Initiative, household: Household, user) -> Consent:
    """A resident consents online for THEIR OWN household (the account recorded as its representative)."""
    if household is None or not getattr(user, "is_authenticated", False) or household.representative_id != user.pk:
        raise field_error("household", _("Chỉ đại diện hộ mới đồng thuận thay cho hộ của mình."), "not_representative")
    return _consent(initiative, household, clock.today(), ConsentChannel.ONLINE, user)


def consent_counts(initiative: Initiative, on: date) -> tuple[int, int, int]:
    """(valid consents on `on`, households of the village on `on`, required) — each consent valid 3 months."""
    eligible = household_ids_on(initiative.village, on)
    valid = sum(1 for h, given in initiative.consents.values_list("household_id", "given_on")
                if h in eligible and domain.consent_is_valid(given, on))
    return valid, len(eligible), domain.initiative_required(len(eligible))


@service("decisions.initiative.tabled")
def initiative_table(*, initiative: Initiative, on: date, actor) -> Decision:
    """≥ 10% of the households consent → the village head tables it (Art.16.3): a draft decision."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.state != InitiativeState.COLLECTING:
        raise ValidationError(_("Sáng kiến không còn lấy sự đồng thuận."), code="initiative_closed")
    on = _not_future(_date_in_range(on, "on"), "on")
    valid, total, required = consent_counts(initiative, on)
    if not domain.initiative_reached(valid, total):
        raise ValidationError(_("Mới có %(v)d hộ đồng thuận còn hiệu lực; cần ít nhất %(r)d hộ (10%% của %(t)d hộ, "
                                "Điều 16.3).") % {"v": valid, "r": required, "t": total}, code="not_enough_consents")
    form = Form.MEETING
    decision = decision_create.__wrapped__(unit=initiative.village, kind=initiative.kind, title=initiative.title,
                                           content=initiative.content, form=form, actor=actor)
    initiative.state, initiative.tabled_on, initiative.decision = InitiativeState.TABLED, on, decision
    initiative.save(update_fields=["state", "tabled_on", "decision", "modified"])
    _initiative_audit(initiative, "tabled", actor, valid=valid, total=total, decision=decision.pk)
    return decision


@service("decisions.initiative.withdrawn")
def initiative_withdraw(*, initiative: Initiative, actor) -> Initiative:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.state != InitiativeState.COLLECTING:
        raise ValidationError(_("Sáng kiến không còn lấy sự đồng thuận."), code="initiative_closed")
    initiative.state = InitiativeState.WITHDRAWN
    initiative.save(update_fields=["state", "modified"])
    _initiative_audit(initiative, "withdrawn", actor)
    return initiative
