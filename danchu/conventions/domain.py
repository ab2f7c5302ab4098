"""Pure rules of village conventions (hương ước, quy ước) — Nghị định 61/2023/NĐ-CP; Law 10/2022/QH15 Art.15.3, 21.

No ORM here: the states and their transitions, the thresholds (exact integer arithmetic on the households of
the village at the date, never floats), the deadlines and the yearly review day. Every number comes from the
reference "Vietnamese legal rules" §1.e (legal_rules.md) and the project registry `danchu.core.legal_rules`
(keys "grassroots.huong_uoc_*"), with its unit exactly as the decree writes it:

| step                                   | rule                                   | unit | article                  |
|----------------------------------------|----------------------------------------|------|--------------------------|
| citizens' proposal tabled              | ≥ 10% of the households consent        | —    | NĐ61 Art.7               |
| draft posted for comments              | ≥ 30 days                              | ngày | NĐ61 Art.9               |
| adoption meeting valid                 | attended by > 50% of the households    | —    | NĐ61 Art.10              |
| adopted                                | approved by > 50% of ALL households    | —    | NĐ61 Art.10; L Art.21.1  |
| meeting not attended enough            | household ballot instead               | —    | NĐ61 Art.10; L Art.19.1.b|
| dossier to the commune                 | ≤ 05 working days after meeting/ballot | WD   | NĐ61 Art.11.3.a          |
| recognition decision (or refusal)      | ≤ 05 working days from the dossier     | WD   | NĐ61 Art.11.3.b          |
| recognised text sent out               | ≤ 02 working days                      | WD   | NĐ61 Art.18.1.a          |
| suspension decision                    | ≤ 03 working days from the report      | WD   | NĐ61 Art.12              |
| annulment decision                     | ≤ 05 working days                      | WD   | NĐ61 Art.14              |
| yearly review                          | on 18/11 or another agreed day         | —    | NĐ61 Art.15.4            |

The "within" deadlines bind the authorities: an act recorded after its deadline is accepted and marked late
(the record must tell the truth), never refused. The "at least" rules bind the procedure: a meeting before
the end of the posting period is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import WorkCalendar
from danchu.core.legal_rules import THRESHOLDS, get_rule, rule_due, rule_period_end, rule_text
from danchu.core.workflow import Workflow

DECREE = "Nghị định 61/2023/NĐ-CP"


class Kind(models.TextChoices):
    """Hương ước (thôn, làng, ấp, bản…) or quy ước (tổ dân phố, khu phố…) — NĐ61 Art.2."""

    HUONG_UOC = "huong_uoc", _("Hương ước")
    QUY_UOC = "quy_uoc", _("Quy ước")


class Proposer(models.TextChoices):
    """Who proposed drafting or amending the convention (NĐ61 Art.7)."""

    VILLAGE_HEAD = "village_head", _("Trưởng thôn, tổ trưởng tổ dân phố (thống nhất với Ban công tác Mặt trận)")
    CITIZENS = "citizens", _("Công dân trong cộng đồng dân cư")


class State(models.TextChoices):
    DRAFTING = "drafting", _("Đang soạn thảo")
    POSTED = "posted", _("Đang lấy ý kiến dự thảo")
    BALLOT = "ballot", _("Chờ phát phiếu lấy ý kiến hộ gia đình")
    ADOPTED = "adopted", _("Cộng đồng đã thông qua")
    NOT_ADOPTED = "not_adopted", _("Không được thông qua")
    SUBMITTED = "submitted", _("Đã gửi UBND cấp xã đề nghị công nhận")
    RECOGNISED = "recognised", _("Đã được công nhận, có hiệu lực")
    REFUSED = "refused", _("UBND cấp xã không công nhận")
    SUSPENDED = "suspended", _("Tạm ngưng thi hành")
    ANNULLED = "annulled", _("Đã bãi bỏ")
    WITHDRAWN = "withdrawn", _("Đã dừng soạn thảo")


class VoteMethod(models.TextChoices):
    MEETING = "meeting", _("Cuộc họp cộng đồng dân cư")
    BALLOT = "ballot", _("Phát phiếu lấy ý kiến hộ gia đình")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Được thông qua (trên 50% tổng số hộ tán thành)")
    NOT_ADOPTED = "not_adopted", _("Không được thông qua")
    NEEDS_BALLOT = "needs_ballot", _("Cuộc họp không đủ trên 50% số hộ tham dự: phát phiếu lấy ý kiến")


class CommentChannel(models.TextChoices):
    ONLINE = "online", _("Góp ý trực tuyến")
    MEETING = "meeting", _("Tại cuộc họp, hội nghị")
    BOX = "box", _("Hòm thư góp ý")
    WRITTEN = "written", _("Văn bản gửi Tổ soạn thảo")
    SOCIAL = "social", _("Nhóm mạng xã hội của thôn")


class MeasureKind(models.TextChoices):
    SUSPENSION = "suspension", _("Tạm ngưng thi hành")
    ANNULMENT = "annulment", _("Bãi bỏ")


class Scope(models.TextChoices):
    FULL = "full", _("Toàn bộ")
    PARTIAL = "partial", _("Một phần")


# --- transitions -----------------------------------------------------------------------------------

# An amendment of a recognised convention starts a new drafting round (NĐ61 Art.13): the recognised
# version stays in force until the amended one is recognised.
WORKFLOW = Workflow({
    State.DRAFTING: {State.POSTED, State.WITHDRAWN},
    State.POSTED: {State.ADOPTED, State.NOT_ADOPTED, State.BALLOT, State.DRAFTING, State.WITHDRAWN},
    State.BALLOT: {State.ADOPTED, State.NOT_ADOPTED},
    State.ADOPTED: {State.SUBMITTED},
    State.NOT_ADOPTED: {State.DRAFTING},
    State.SUBMITTED: {State.RECOGNISED, State.REFUSED},
    State.REFUSED: {State.DRAFTING},
    State.RECOGNISED: {State.DRAFTING, State.SUSPENDED, State.ANNULLED},
    State.SUSPENDED: {State.RECOGNISED, State.ANNULLED},
}, labels=State, name=_("hương ước, quy ước"))

# States in which the text may change (a new version): drafting, and while posted (taking comments in).
EDITABLE_STATES = frozenset({State.DRAFTING, State.POSTED})
# States with a public page: the draft under comment and everything from the adoption on.
PUBLIC_STATES = frozenset({State.POSTED, State.BALLOT, State.ADOPTED, State.NOT_ADOPTED, State.SUBMITTED,
                           State.RECOGNISED, State.REFUSED, State.SUSPENDED, State.ANNULLED})


# --- thresholds (core.thresholds: exact integer arithmetic, legal_rules.THRESHOLDS) ---------------------------

# NĐ61 Art.7 tables a citizens' proposal on the rule of a citizens' initiative (Law Art.16.3): at least 10% of the
# households of the village; the meeting is valid when MORE than half of them attend, the text adopted when MORE
# than half of ALL of them approve (NĐ61 Art.10; Law Art.21.1).
PROPOSAL = THRESHOLDS["grassroots.initiative"]
ATTENDANCE = THRESHOLDS["grassroots.convention_attendance"]
ADOPTION = THRESHOLDS["grassroots.convention_adoption"]


def percent(threshold) -> str:
    """The share of a threshold as a percentage ("10%", "50%"), for help texts."""
    return f"{threshold.threshold.share * 100}%"


def _check_counts(total: int, *parts: tuple[str, int]) -> None:
    if isinstance(total, bool) or not isinstance(total, int) or total <= 0:
        raise ValidationError(_("Tổng số hộ gia đình của thôn phải lớn hơn 0."), code="no_households")
    for name, value in parts:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError({name: ValidationError(_("Phải là số nguyên không âm."), code="negative")})


def citizen_proposal_tabled(consenting: int, total: int, *, front_committee_agrees: bool = False) -> bool:
    """NĐ61 Art.7: a citizens' proposal is tabled when at least 10% of the households consent; below 10% only
    if the Ban công tác Mặt trận agrees. 10% of 35 households is 3.5: 4 households are needed (4·10 ≥ 35)."""
    _check_counts(total, ("consenting", consenting))
    if consenting > total:
        raise ValidationError({"consenting": ValidationError(
            _("Số hộ đồng ý (%(n)d) vượt quá tổng số hộ của thôn (%(t)d).") % {"n": consenting, "t": total},
            code="exceeds_households")})
    return PROPOSAL.reached(consenting, total) or front_committee_agrees


@dataclass(frozen=True)
class VoteResult:
    outcome: str
    total: int
    present: int  # households attending the meeting, or returning a ballot
    approve: int
    against: int

    @property
    def absent(self) -> int:
        return self.total - self.present

    @property
    def other(self) -> int:
        """Present but neither for nor against (abstained, spoiled ballots, "ý kiến khác")."""
        return self.present - self.approve - self.against


def _validate_vote(total: int, present: int, approve: int, against: int, *, present_field: str) -> None:
    _check_counts(total, (present_field, present), ("approve", approve), ("against", against))
    if present > total:
        raise ValidationError({present_field: ValidationError(
            _("Số hộ tham gia (%(n)d) vượt quá tổng số hộ của thôn tại ngày biểu quyết (%(t)d).")
            % {"n": present, "t": total}, code="exceeds_households")})
    if approve + against > present:
        raise ValidationError({"approve": ValidationError(
            _("Số hộ tán thành và không tán thành (%(n)d) vượt quá số hộ tham gia (%(p)d).")
            % {"n": approve + against, "p": present}, code="exceeds_present")})


def meeting_outcome(*, total: int, attended: int, approve: int, against: int) -> VoteResult:
    """NĐ61 Art.10: the adoption meeting must be attended by representatives of MORE than 50% of the households;
    otherwise a household ballot is organised (Law Art.19.1.b). With the meeting attended, the convention is
    adopted when MORE than 50% of ALL the households of the village (not of those present) approve."""
    _validate_vote(total, attended, approve, against, present_field="attended")
    if not ATTENDANCE.reached(attended, total):
        outcome = Outcome.NEEDS_BALLOT
    elif ADOPTION.reached(approve, total):
        outcome = Outcome.ADOPTED
    else:
        outcome = Outcome.NOT_ADOPTED
    return VoteResult(outcome, total, attended, approve, against)


def ballot_outcome(*, total: int, returned: int, approve: int, against: int) -> VoteResult:
    """NĐ61 Art.10; NĐ59 Art.4.6.b: one ballot per household; adopted when more than 50% of ALL households
    approve. A ballot has no attendance condition."""
    _validate_vote(total, returned, approve, against, present_field="returned")
    outcome = Outcome.ADOPTED if ADOPTION.reached(approve, total) else Outcome.NOT_ADOPTED
    return VoteResult(outcome, total, returned, approve, against)


# --- periods and deadlines -------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str
    article: str


def period(name: str) -> Period:
    rule = get_rule(f"grassroots.huong_uoc_{name}")
    return Period(rule.amount, rule.unit, rule.article)


POSTING_RULE = "grassroots.huong_uoc_draft_posting"  # NĐ61 Art.9: at least 30 days ("ngày": calendar days)


def posting_text() -> str:
    """The posting period as the decree writes it ("30 ngày")."""
    return rule_text(POSTING_RULE)


def posting_min_end(posted_on: date) -> date:
    """NĐ61 Art.9: the draft stays posted for at least 30 days, counted as every posting period is counted
    (core.legal_rules.rule_period_end; BLDS Art.147: the posting day itself is not counted): posted on 01/11, the
    30th day is 01/12 — the earliest day the comment period may end and the adoption meeting may be held."""
    return rule_period_end(POSTING_RULE, posted_on)


def check_comment_period(posted_on: date, comment_until: date) -> None:
    earliest = posting_min_end(posted_on)
    if comment_until < earliest:
        raise ValidationError({"comment_until": ValidationError(
            _("Dự thảo phải được niêm yết lấy ý kiến ít nhất %(n)s (Điều 9 Nghị định 61/2023/NĐ-CP): hạn góp ý "
              "sớm nhất là ngày %(d)s.") % {"n": posting_text(), "d": earliest.strftime("%d/%m/%Y")},
            code="posting_too_short")})


def check_vote_date(*, posted_on: date | None, comment_until: date | None, held_on: date) -> None:
    """The adoption meeting (or ballot) comes after the posting period (NĐ61 Art.9–10)."""
    if posted_on is None:
        raise ValidationError(_("Dự thảo chưa được niêm yết lấy ý kiến."), code="not_posted")
    end = max(posting_min_end(posted_on), comment_until or posted_on)
    if held_on < end:
        raise ValidationError({"held_on": ValidationError(
            _("Chỉ biểu quyết thông qua sau khi hết thời gian lấy ý kiến dự thảo (từ ngày %(d)s).")
            % {"d": end.strftime("%d/%m/%Y")}, code="before_posting_end")})


def due(start: date, name: str, cal: WorkCalendar) -> date:
    """The last day of a "within" deadline of NĐ61 (submit, recognise, distribute, suspend, annul)."""
    return rule_due(f"grassroots.huong_uoc_{name}", start, cal)


def due_text(name: str) -> str:
    """A "within" deadline of NĐ61 as the decree writes it ("05 ngày làm việc")."""
    return rule_text(f"grassroots.huong_uoc_{name}")


def law_texts() -> dict[str, str]:
    """The numbers of the decree the pages write, read from the registry."""
    return {"posting": posting_text(), "submit": due_text("submit"), "recognise": due_text("recognise"),
            "distribute": due_text("distribute"), "attendance": ATTENDANCE.describe(),
            "adoption": ADOPTION.describe(), "proposal": percent(PROPOSAL)}


def submit_due(voted_on: date, cal: WorkCalendar) -> date:
    """NĐ61 Art.11.3.a: the village head sends the dossier within 05 working days of the meeting/ballot."""
    return due(voted_on, "submit", cal)


def recognise_due(received_on: date, cal: WorkCalendar) -> date:
    """NĐ61 Art.11.3.b: the commune decides within 05 working days of the complete dossier."""
    return due(received_on, "recognise", cal)


def distribute_due(recognised_on: date, cal: WorkCalendar) -> date:
    """NĐ61 Art.18.1.a: the recognised text goes to the village head and the Front within 02 working days."""
    return due(recognised_on, "distribute", cal)


def measure_due(kind: str, reported_on: date, cal: WorkCalendar) -> date:
    """NĐ61 Art.12 (suspension, 03 WD from the written report) and Art.14 (annulment, 05 WD)."""
    return due(reported_on, "suspend" if kind == MeasureKind.SUSPENSION else "annul", cal)


def is_late(done_on: date | None, due_on: date | None) -> bool:
    return bool(done_on and due_on and done_on > due_on)


# --- yearly review ---------------------------------------------------------------------------------

# NĐ61 Art.15.4: reviewed every year on the Great National Unity Day (18/11) or another day the community
# agrees; the day is configurable (settings.DANCHU_CONVENTION_REVIEW_DAY = (month, day)).
DEFAULT_REVIEW_DAY = (11, 18)


def review_day(year: int, day: tuple[int, int] = DEFAULT_REVIEW_DAY) -> date:
    return date(year, day[0], day[1])


def review_overdue(*, recognised_on: date | None, last_review_on: date | None, today: date,
                   day: tuple[int, int] = DEFAULT_REVIEW_DAY) -> bool:
    """The review of a year is overdue once that year's review day has passed without a review in the year,
    for a convention recognised before that day."""
    if recognised_on is None:
        return False
    this_year = review_day(today.year, day)
    if today <= this_year or recognised_on >= this_year:
        return False
    return last_review_on is None or last_review_on.year < today.year


def check_decision_date(decided_on: date, *, after: date, field: str = "decided_on") -> None:
    if decided_on < after:
        raise ValidationError({field: ValidationError(
            _("Ngày này không thể trước ngày %(d)s.") % {"d": after.strftime("%d/%m/%Y")}, code="date_order")})
