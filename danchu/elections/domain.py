"""Pure rules of village elections and dismissals — Nghị định 59/2023/NĐ-CP Art.3, 6–9, 13; Law 10/2022/QH15 Art.15.4–5,
21, 36, 41. No ORM. Numbers from the reference "Vietnamese legal rules" §1.b and §1.d (legal_rules.md) and the
project registry `danchu.core.legal_rules` (keys "grassroots.election_*", "grassroots.dismissal_recognition",
"grassroots.re_election_after_dismissal_max", "grassroots.recognition_deadline", "grassroots.meeting_notice_min").

Who is elected how:
- Trưởng thôn / Tổ trưởng tổ dân phố (Law Art.15.4, K4): at a community meeting convened by the Tổ bầu cử that the
  commune chairman sets up; the timeline of NĐ59 Art.6 runs back from the election day; recognised by UBND cấp xã
  within 05 working days (NĐ59 Art.8).
- Members of the Ban Thanh tra nhân dân (Law Art.15.5, 36.1; NĐ59 Art.13): elected by each village at a community
  meeting (NĐ59 Art.3, notice ≥ 02 days); recognised by UB MTTQ cấp xã (Law Art.21.2, 40.2.b) within 05 WD.
- Resident members of a Ban Giám sát đầu tư của cộng đồng (Law Art.15.5, 41.1; NĐ59 Art.17): one board per project;
  the community elects, UB MTTQ cấp xã recognises (Art.21.2) within 05 WD.

Timeline of a village-head election (NĐ59 Art.6), every step "ít nhất … ngày trước ngày bầu cử" (calendar days,
"ngày"; a step done on day E−N is on time, on E−N+1 it is late):

| step                                                            | at least | article        |
|-----------------------------------------------------------------|----------|----------------|
| decision to hold the election and its plan (Chủ tịch UBND xã)   | 20 days  | NĐ59 Art.6.1.a |
| Ban CTMT minutes with the candidate list (Mẫu 05, ≥ 1 candidate)| 15 days  | NĐ59 Art.6.2   |
| decision establishing the Tổ bầu cử                             | 10 days  | NĐ59 Art.6.1.b |
| public notice of these decisions                                | 07 days  | NĐ59 Art.6.1   |

Thresholds (exact integer arithmetic, on ALL the households of the village on the election day):
- elected: more than 50% of the households (Law Art.21.1.b; NĐ59 Art.7) — exactly half FAILS;
- a dismissal petition counts when at least 50% of the households sign (NĐ59 Art.9.1: "từ 50% … trở lên") —
  exactly half PASSES;
- after a dismissal is recognised, the commune decides a new election within 60 days (NĐ59 Art.9.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import WorkCalendar
from danchu.core.legal_rules import THRESHOLDS, get_rule, rule_due, rule_text
from danchu.core.workflow import Workflow


class Office(models.TextChoices):
    VILLAGE_HEAD = "village_head", _("Trưởng thôn, tổ trưởng tổ dân phố")
    INSPECTION_BOARD = "inspection_board", _("Thành viên Ban Thanh tra nhân dân")
    INVESTMENT_BOARD = "investment_board", _("Thành viên Ban Giám sát đầu tư của cộng đồng")


BOARD_OFFICES = frozenset({Office.INSPECTION_BOARD, Office.INVESTMENT_BOARD})


class Recogniser(models.TextChoices):
    COMMUNE = "commune", _("Ủy ban nhân dân cấp xã")
    FRONT = "front", _("Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã")


def recogniser(office: str) -> str:
    """Law 10/2022 Art.21.2: K4 (village head) by UBND cấp xã; K5 (the two boards) by UB MTTQ cấp xã."""
    return Recogniser.FRONT if office in BOARD_OFFICES else Recogniser.COMMUNE


class State(models.TextChoices):
    PLANNED = "planned", _("Đã có kế hoạch bầu cử")
    ELECTED = "elected", _("Đã bầu, chờ công nhận")
    NO_WINNER = "no_winner", _("Không có người trúng cử")
    RECOGNISED = "recognised", _("Đã công nhận kết quả")
    RE_ELECTION = "re_election", _("Phải bầu lại")
    CANCELLED = "cancelled", _("Đã hủy")


WORKFLOW = Workflow({
    State.PLANNED: {State.ELECTED, State.NO_WINNER, State.CANCELLED},
    State.ELECTED: {State.RECOGNISED, State.RE_ELECTION},
    State.NO_WINNER: {State.RE_ELECTION},
}, labels=State, name=_("cuộc bầu cử"))

PUBLIC_STATES = frozenset(State.values) - {State.CANCELLED}


class VoteMethod(models.TextChoices):
    MEETING = "meeting", _("Bỏ phiếu kín tại cuộc họp")
    HANDS = "hands", _("Biểu quyết giơ tay tại cuộc họp")
    BALLOT = "ballot", _("Phát phiếu lấy ý kiến hộ gia đình")


class Nomination(models.TextChoices):
    FRONT_LIST = "front_list", _("Danh sách của Ban công tác Mặt trận (Mẫu 05)")
    MEETING = "meeting", _("Ứng cử, đề cử tại cuộc họp")


class DismissalTrigger(models.TextChoices):
    RESIGNATION = "resignation", _("Đơn xin thôi làm")
    FRONT_PROPOSAL = "front_proposal", _("Trưởng Ban công tác Mặt trận đề nghị")
    PETITION = "petition", _("Từ 50% số hộ gia đình trở lên kiến nghị")


class DismissalState(models.TextChoices):
    OPENED = "opened", _("Đang xem xét")
    VOTED = "voted", _("Cộng đồng đã biểu quyết cho thôi")
    REJECTED = "rejected", _("Không đủ số hộ tán thành cho thôi")
    RECOGNISED = "recognised", _("Đã công nhận cho thôi")


# NĐ59 Art.9: the community votes (more than half of all households: dismissed, otherwise rejected), then the
# commune (or the Front, for a board member) recognises the dismissal.
DISMISSAL_WORKFLOW = Workflow({
    DismissalState.OPENED: {DismissalState.VOTED, DismissalState.REJECTED},
    DismissalState.VOTED: {DismissalState.RECOGNISED},
}, labels=DismissalState, name=_("việc cho thôi làm"))


# --- thresholds --------------------------------------------------------------------------------------


def _check_total(total: int) -> None:
    if isinstance(total, bool) or not isinstance(total, int) or total <= 0:
        raise ValidationError(_("Tổng số hộ gia đình của thôn phải lớn hơn 0."), code="no_households")


def _non_negative(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({name: ValidationError(_("Phải là số nguyên không âm."), code="negative")})


def is_elected(votes: int, total: int) -> bool:
    """More than 50% of ALL households of the village (Law Art.21.1.b; NĐ59 Art.7): exactly half fails."""
    _check_total(total)
    return THRESHOLDS["grassroots.election"].reached(votes, total)


def law_texts() -> dict[str, str]:
    """The thresholds the pages write ("trên 50%", "từ 50% trở lên"), read from the registry."""
    return {"elected": THRESHOLDS["grassroots.election"].describe(),
            "petition": THRESHOLDS["grassroots.dismissal_petition"].describe(),
            "petition_share": f"{THRESHOLDS['grassroots.dismissal_petition'].threshold.share * 100}%"}


def dismissal_passes(approve: int, total: int) -> bool:
    """The community lets the holder go with more than 50% of ALL households (Law Art.15.4–5, 21.1.b): exactly half
    fails."""
    _check_total(total)
    return THRESHOLDS["grassroots.pass_other"].reached(approve, total)


def petition_valid(consenting: int, total: int) -> bool:
    """NĐ59 Art.9.1: a dismissal petition of at least 50% of the households ("từ 50% trở lên"): exactly half passes."""
    _check_total(total)
    _non_negative("consenting", consenting)
    if consenting > total:
        raise ValidationError({"consenting": ValidationError(
            _("Số hộ kiến nghị (%(n)d) vượt quá tổng số hộ của thôn (%(t)d).") % {"n": consenting, "t": total},
            code="exceeds_households")})
    return THRESHOLDS["grassroots.dismissal_petition"].reached(consenting, total)


@dataclass(frozen=True)
class Tally:
    total: int
    participating: int
    votes: dict  # candidate key → votes
    elected: tuple  # candidate keys, most votes first

    @property
    def absent(self) -> int:
        return self.total - self.participating


def tally(*, total: int, participating: int, votes: dict, seats: int = 1) -> Tally:
    """Check the counts and find who is elected: more than 50% of all households, most votes first, at most
    `seats` people. Each participating household has one vote per seat (secret ballot: it may vote for up to
    `seats` candidates), so no candidate has more votes than households took part, and the votes add up to at
    most participating × seats."""
    _check_total(total)
    _non_negative("participating", participating)
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise ValidationError({"seats": ValidationError(_("Số người cần bầu phải từ 1 trở lên."), code="seats")})
    if participating > total:
        raise ValidationError({"participating": ValidationError(
            _("Số hộ tham gia bầu (%(n)d) vượt quá tổng số hộ của thôn tại ngày bầu cử (%(t)d).")
            % {"n": participating, "t": total}, code="exceeds_households")})
    if not votes:
        raise ValidationError({"votes": ValidationError(_("Cần có ít nhất 01 người ứng cử."), code="no_candidates")})
    for count in votes.values():
        _non_negative("votes", count)
        if count > participating:
            raise ValidationError({"votes": ValidationError(
                _("Số phiếu của một người (%(n)d) vượt quá số hộ tham gia bầu (%(p)d).") % {"n": count, "p": participating},
                code="exceeds_participating")})
    if sum(votes.values()) > participating * seats:
        raise ValidationError({"votes": ValidationError(
            _("Tổng số phiếu (%(n)d) vượt quá số phiếu có thể có (%(p)d hộ × %(s)d người).")
            % {"n": sum(votes.values()), "p": participating, "s": seats}, code="exceeds_participating")})
    winners = sorted((k for k, v in votes.items() if is_elected(v, total)), key=lambda k: -votes[k])
    if len(winners) > seats and votes[winners[seats - 1]] == votes[winners[seats]]:
        # a tie for the last seat: nobody can be declared for it; the commune decides (NĐ59 Art.7)
        cut = votes[winners[seats]]
        winners = [k for k in winners if votes[k] > cut]
    return Tally(total, participating, dict(votes), tuple(winners[:seats]))


# --- the timeline ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    days_before: int
    article: str
    rule: str = ""  # the registry key ("grassroots.election_plan_min")

    @property
    def text(self) -> str:
        """The period as the law writes it ("20 ngày"), for help texts."""
        return rule_text(self.rule)


def _before(name: str) -> tuple[int, str]:
    rule = get_rule(f"grassroots.{name}")
    return rule.amount, rule.article


def timeline_steps(office: str) -> list[Step]:
    """The "at least N days before the election day" steps: NĐ59 Art.6 for a village head; for the boards the
    community-meeting notice of NĐ59 Art.3.3 (≥ 02 days)."""
    if office == Office.VILLAGE_HEAD:
        rows = [("plan", _("Quyết định tổ chức bầu cử và kế hoạch (Chủ tịch UBND cấp xã)"), "election_plan_min"),
                ("candidates", _("Biên bản Ban công tác Mặt trận về danh sách người ứng cử (Mẫu 05)"),
                 "election_candidate_list_min"),
                ("team", _("Quyết định thành lập Tổ bầu cử"), "election_team_min"),
                ("notice", _("Thông báo công khai các quyết định, danh sách"), "election_public_notice_min")]
    else:
        rows = [("notice", _("Thông báo thời gian, địa điểm, nội dung cuộc họp (Mẫu 01)"), "meeting_notice_min")]
    out = []
    for key, label, rule in rows:
        days, article = _before(rule)
        out.append(Step(key, str(label), days, article, f"grassroots.{rule}"))
    return out


def latest_day(election_day: date, days_before: int) -> date:
    """The last day a step may happen: E − N ("ít nhất N ngày trước": exactly N days before is on time)."""
    return election_day - timedelta(days=days_before)


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    article: str
    latest: date
    done_on: date | None
    status: str  # "done", "late", "due", "overdue"


def milestones(election_day: date, office: str, done: dict, today: date) -> list[Milestone]:
    """Each step with its latest day and its status on `today`: done on time, done late, still due, overdue."""
    out = []
    for step in timeline_steps(office):
        latest = latest_day(election_day, step.days_before)
        done_on = done.get(step.key)
        if done_on is not None:
            status = "late" if done_on > latest else "done"
        else:
            status = "overdue" if today > latest else "due"
        out.append(Milestone(step.key, step.label, step.article, latest, done_on, status))
    return out


def check_election_day(election_day: date, decided_on: date, office: str) -> None:
    """When the plan is decided, the election day must leave room for the whole timeline."""
    first = timeline_steps(office)[0]
    if election_day <= decided_on:
        raise ValidationError({"election_day": ValidationError(
            _("Ngày bầu cử phải sau ngày quyết định tổ chức bầu cử."), code="date_order")})
    if office == Office.VILLAGE_HEAD and decided_on > latest_day(election_day, first.days_before):
        raise ValidationError({"election_day": ValidationError(
            _("Quyết định tổ chức bầu cử phải ban hành ít nhất %(n)d ngày trước ngày bầu cử (%(a)s): ngày bầu cử "
              "sớm nhất là %(d)s.") % {"n": first.days_before, "a": first.article,
                                       "d": (decided_on + timedelta(days=first.days_before)).strftime("%d/%m/%Y")},
            code="plan_too_late")})


RECOGNITION_RULE = "grassroots.recognition_deadline"  # Law Art.21.2 (the boards)
ELECTION_RECOGNITION_RULE = "grassroots.election_recognition"  # NĐ59 Art.8 (the village head)
DISMISSAL_RECOGNITION_RULE = "grassroots.dismissal_recognition"  # NĐ59 Art.9.3
NEW_ELECTION_RULE = "grassroots.re_election_after_dismissal_max"  # NĐ59 Art.9.3


def recognition_rule(office: str) -> str:
    return ELECTION_RECOGNITION_RULE if office == Office.VILLAGE_HEAD else RECOGNITION_RULE


def recognition_due(office: str, received_on: date, cal: WorkCalendar) -> date:
    """NĐ59 Art.8 (village head) and Law Art.21.2 (boards): within 05 working days."""
    return rule_due(recognition_rule(office), received_on, cal)


def dismissal_recognition_due(received_on: date, cal: WorkCalendar) -> date:
    """NĐ59 Art.9.3: within 05 working days."""
    return rule_due(DISMISSAL_RECOGNITION_RULE, received_on, cal)


def new_election_due(recognised_on: date, cal: WorkCalendar) -> date:
    """NĐ59 Art.9.3: the commune decides a new election within 60 days ("ngày") of recognising the dismissal."""
    return rule_due(NEW_ELECTION_RULE, recognised_on, cal)
