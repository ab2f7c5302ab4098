"""The community meeting (Law Art.18; NĐ59 Art.3): the notice (Mẫu 01), the household representatives present, and
the vote of the meeting (show of hands, or a secret ballot counted by a team with two household witnesses, Mẫu 02)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.legal_rules import rule_text
from danchu.core.services import locked, service
from danchu.core.text import clean_field, clean_text
from danchu.units.models import Household

from .. import domain
from ..domain import WORKFLOW, Channel, Choice, Form, Scope, State
from ..models import Decision, HouseholdPosition, Meeting, MeetingAttendance, VoteMethod
from ..verbs import AuditVerb
from .common import date_in_range, decision_data, household_ids_on, team_names, village_household, witnesses
from .results import conclude_meetings


@service(AuditVerb.MEETING_NOTICED)
def meeting_notice(*, decision: Decision, notice_on: date, held_on: date, place: str, chair_name: str,
                   starts_at: time | None = None, cluster: str = "", actor) -> Meeting:
    """Publish the meeting information (Mẫu 01) before the meeting, at least the period of NĐ59 Art.3.3
    (domain.earliest_meeting). A large village may meet in clusters (Law Art.18.3): one notice per cluster meeting."""
    locked(decision, "unit")
    if decision.scope != Scope.VILLAGE:
        raise ValidationError(_("Quyết định phạm vi xã được họp ở từng thôn, tổ dân phố."), code="commune_scope")
    if not domain.form_allowed(decision.kind, Form.MEETING):
        raise ValidationError(_("Nội dung này không tổ chức bằng cuộc họp."), code="form_not_allowed")
    notice_on = date_in_range(notice_on, "notice_on")
    held_on = date_in_range(held_on, "held_on")
    if held_on < domain.earliest_meeting(notice_on):
        raise field_error("held_on", _("Thông báo phải gửi trước ngày họp ít nhất %(n)s (Nghị định 59/2023, Điều "
                                       "3.3): họp sớm nhất ngày %(d)s.") % {
            "n": rule_text(domain.MEETING_NOTICE_RULE),
            "d": domain.earliest_meeting(notice_on).strftime("%d/%m/%Y")}, "notice_too_late")
    place = clean_field(place, "place", required=True, max_length=300, message=_("Cần nhập địa điểm họp."))
    chair_name = clean_field(chair_name, "chair_name", required=True, max_length=150,
                             message=_("Cần nhập người chủ trì cuộc họp."))
    cluster = clean_field(cluster, "cluster", required=False, max_length=150)
    if decision.state == State.NOTICED:
        total = len(household_ids_on(decision.unit, held_on))
        if not domain.clusters_allowed(total):
            raise ValidationError(_("Chỉ thôn, tổ dân phố từ %(m)d hộ trở lên mới họp theo cụm dân cư (Điều 18.3); "
                                    "nơi này có %(n)d hộ.") % {"m": domain.CLUSTER_MIN_HOUSEHOLDS, "n": total},
                                  code="clusters_not_allowed")
        if not cluster or decision.meetings.filter(cluster="").exists():
            raise field_error("cluster", _("Khi họp theo cụm, mỗi cuộc họp phải ghi tên cụm dân cư."),
                              "cluster_required")
        if decision.meetings.filter(cluster__iexact=cluster).exists():
            raise field_error("cluster", _("Cụm dân cư này đã có cuộc họp."), "cluster_duplicate")
    WORKFLOW.move(decision, State.NOTICED)
    meeting = Meeting.objects.create(decision=decision, cluster=cluster, notice_on=notice_on, held_on=held_on,
                                     starts_at=starts_at, place=place, chair_name=chair_name)
    decision.save(update_fields=["state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.DECISION_NOTICED, target=decision, unit=decision.unit,
                 data=decision_data(decision, meeting=meeting.pk, notice_on=notice_on, held_on=held_on, cluster=cluster))
    return meeting


def check_meeting_open(meeting: Meeting) -> None:
    if meeting.decision.state != State.NOTICED or meeting.recorded_at is not None:
        raise ValidationError(_("Cuộc họp đã ghi kết quả, không sửa điểm danh được nữa."), code="meeting_closed")


@service(AuditVerb.MEETING_ATTENDANCE_RECORDED)
def attendance_record(*, meeting: Meeting, household_ids: Iterable[int], actor) -> int:
    """The household representatives present (Art.18.1–2): the whole checklist, replacing what was recorded."""
    decision = locked(meeting.decision, "unit")
    meeting.decision = decision
    check_meeting_open(meeting)
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
    audit.record(actor=actor, verb=AuditVerb.DECISION_ATTENDANCE_RECORDED, target=decision, unit=decision.unit,
                 data=decision_data(decision, meeting=meeting.pk, present=len(wanted),
                                    added=len(wanted - before), removed=len(before - wanted)))
    return len(wanted)


@service(AuditVerb.MEETING_ATTENDANCE_MARKED)
def attendance_mark(*, meeting: Meeting, household: Household, present: bool, actor) -> int:
    """One row of the checklist (htmx): mark one household present or absent."""
    ids = set(meeting.attendances.values_list("household_id", flat=True))
    ids = ids | {household.pk} if present else ids - {household.pk}
    if present:
        village_household(meeting.decision, household, meeting.held_on)
    return attendance_record.__wrapped__(meeting=meeting, household_ids=ids, actor=actor)


@service(AuditVerb.MEETING_RECORDED)
def meeting_record(*, meeting: Meeting, secretary_name: str, secretary_votes: int | None, vote_method: str,
                   positions: dict[int, str] | None = None, notes: dict[int, str] | None = None,
                   count_team: Iterable[str] = (), witness_1: Household | None = None,
                   witness_2: Household | None = None, secret_agree: int = 0, secret_disagree: int = 0,
                   secret_other: int = 0, actor) -> Decision:
    """The vote of the meeting (Law Art.18.4; NĐ59 Art.3.5). Show of hands: one position per household
    present. Secret ballot: a count team of 03–05 approved by > 50% of those present, 02 household witnesses,
    the anonymous count (Mẫu 02). Then, once every meeting of the decision is recorded, its result."""
    decision = locked(meeting.decision, "unit")
    meeting.decision = decision
    check_meeting_open(meeting)
    if meeting.held_on > clock.today():
        raise ValidationError(_("Chưa đến ngày họp (%(d)s).") % {"d": meeting.held_on.strftime("%d/%m/%Y")},
                              code="meeting_in_future")
    present_ids = set(meeting.attendances.values_list("household_id", flat=True))
    present = len(present_ids)
    if present == 0:
        raise ValidationError(_("Chưa điểm danh hộ dự họp."), code="no_attendance")
    secretary_name = clean_field(secretary_name, "secretary_name", required=True, max_length=150,
                                 message=_("Cần nhập thư ký cuộc họp."))
    if secretary_votes is None or isinstance(secretary_votes, bool) or secretary_votes < 0 \
            or secretary_votes > present or not domain.meeting_majority(secretary_votes, present):
        raise field_error("secretary_votes", _("Thư ký phải được %(share)s số đại diện hộ dự họp biểu quyết tán "
                                               "thành (Nghị định 59/2023, Điều 3.5.a): cần ít nhất %(n)d trên %(p)d.")
                          % {"share": domain.MEETING_CHOICE.describe(), "n": domain.meeting_majority_needed(present),
                             "p": present}, "secretary_not_elected")
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
        meeting.count_team = team_names(count_team, "count_team")
        meeting.witness_1, meeting.witness_2 = witnesses(decision, witness_1, witness_2, meeting.held_on,
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
    audit.record(actor=actor, verb=AuditVerb.MEETING_RECORDED, target=decision, unit=decision.unit,
                 data={"meeting": meeting.pk, "present": present, "vote_method": vote_method, "positions": len(rows),
                       "secret": [meeting.secret_agree, meeting.secret_disagree, meeting.secret_other]})
    if not decision.meetings.filter(recorded_at__isnull=True).exists():
        conclude_meetings(decision, actor)
    return decision

