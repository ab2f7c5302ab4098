"""Nhân dân bàn và quyết định — PURE rules (no ORM): kinds, forms, thresholds, lifecycle, positions.

Sources: legal_rules.md §1.b and Appendix B — Luật 10/2022/QH15 Art.15–24 (the 2022 wording; the
amendments of Luật 97/2025/QH15 were not read, §0.1.1) and NĐ 59/2023/NĐ-CP Art.3–5.

Every threshold is read from the registry (core.legal_rules.THRESHOLDS, counted by core.thresholds in integers,
never floats), so the boundaries are exact: 2 of 3 passes a K1 ("từ 2/3 trở lên"), 2 of 4 fails a K3 ("trên 50%").
Every period is read by its rule key ("grassroots.meeting_notice_min"…).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import WorkCalendar
from danchu.core.deadlines import add_months
from danchu.core.legal_rules import THRESHOLDS, get_rule, rule_due
from danchu.core.workflow import Workflow

# --- kinds, scopes, forms --------------------------------------------------------------------------


class Kind(models.TextChoices):
    """The six contents residents decide (Law Art.15)."""

    K1 = "k1", _("Chủ trương và mức đóng góp xây dựng cơ sở hạ tầng, công trình công cộng (Điều 15.1)")
    K2 = "k2", _("Thu, chi, quản lý các khoản đóng góp, kinh phí, tài sản của cộng đồng (Điều 15.2)")
    K3 = "k3", _("Nội dung hương ước, quy ước của cộng đồng dân cư (Điều 15.3)")
    K4 = "k4", _("Bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân phố (Điều 15.4)")
    K5 = "k5", _("Bầu, cho thôi làm thành viên Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng (Điều 15.5)")
    K6 = "k6", _("Các công việc tự quản khác trong nội bộ cộng đồng dân cư (Điều 15.6)")


KIND_SHORT = {
    Kind.K1: _("Đóng góp xây dựng hạ tầng"), Kind.K2: _("Khoản đóng góp, quỹ cộng đồng"),
    Kind.K3: _("Hương ước, quy ước"), Kind.K4: _("Trưởng thôn, tổ trưởng"),
    Kind.K5: _("Ban Thanh tra nhân dân, Ban Giám sát đầu tư"), Kind.K6: _("Công việc tự quản khác"),
}


class Scope(models.TextChoices):
    VILLAGE = "village", _("Phạm vi thôn, tổ dân phố")
    COMMUNE = "commune", _("Phạm vi xã, phường")


class Form(models.TextChoices):
    """How residents decide (Law Art.17.1)."""

    MEETING = "meeting", _("Họp cộng đồng dân cư")
    BALLOT = "ballot", _("Phát phiếu lấy ý kiến hộ gia đình")
    ONLINE = "online", _("Biểu quyết trực tuyến")


# Art.17.2: online voting only for K6. K3–K5 must first go to a meeting; the household ballot is the fallback
# when the meeting lacked household representatives (Art.19.1.b). K1, K2 and K6 may go straight to a ballot
# (Art.19.1.a for commune-scope items; Art.19.1.c, limited by NĐ59 to K6, for village-scope items).
ALLOWED_FORMS: dict[str, frozenset[str]] = {
    Kind.K1: frozenset({Form.MEETING, Form.BALLOT}),
    Kind.K2: frozenset({Form.MEETING, Form.BALLOT}),
    Kind.K3: frozenset({Form.MEETING}),
    Kind.K4: frozenset({Form.MEETING}),
    Kind.K5: frozenset({Form.MEETING}),
    Kind.K6: frozenset({Form.MEETING, Form.BALLOT, Form.ONLINE}),
}

# The commune-wide rule "≥ 2/3 of all villages approve" is written for K1–K2 only (Art.21.1.a); the other
# contents are decided by the community of one village (K3–K6). A commune-scope K1/K2 is voted in every village
# and each village reports its result for aggregation (NĐ59 Art.4.6.c).
ALLOWED_SCOPES: dict[str, frozenset[str]] = {
    Kind.K1: frozenset({Scope.VILLAGE, Scope.COMMUNE}),
    Kind.K2: frozenset({Scope.VILLAGE, Scope.COMMUNE}),
    Kind.K3: frozenset({Scope.VILLAGE}),
    Kind.K4: frozenset({Scope.VILLAGE}),
    Kind.K5: frozenset({Scope.VILLAGE}),
    Kind.K6: frozenset({Scope.VILLAGE}),
}

# The contents whose documents reach each household before the meeting (NĐ59 Art.3.4; the period is the rule
# "grassroots.meeting_documents_min").
DOCUMENTS_BEFORE_MEETING = frozenset({Kind.K1, Kind.K2, Kind.K3})

# Who recognises (Art.21.2): UBND xã, except K5 (members of Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng
# đồng) which UB MTTQ xã recognises. Annulment stays with UBND xã for every kind (Art.22).
RECOGNISED_BY_FRONT = frozenset({Kind.K5})
RECOGNISER = {k: (_("Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã") if k in RECOGNISED_BY_FRONT
                  else _("Ủy ban nhân dân cấp xã")) for k in Kind.values}


def takes_effect_on_adoption(kind: str, scope: str) -> bool:
    """Art.21.2: a village-scope K1/K2 and a K6 take effect when the community adopts them; a commune-scope K1/K2
    on the date UBND cấp xã sets after aggregating the villages; K3, K4 from UBND cấp xã's recognition; K5 from
    UB MTTQ cấp xã's recognition."""
    return kind == Kind.K6 or (kind in (Kind.K1, Kind.K2) and scope == Scope.VILLAGE)


def effective_on(kind: str, scope: str, *, adopted_on: date, recognised_on: date,
                 requested: date | None = None) -> date:
    """The date a recognised decision takes effect (Art.21.2). Raises ValueError with a stable code:
    "effective_on_adoption" when a decision that takes effect on adoption is given another date,
    "effective_before_recognition" when a decision that takes effect by recognition is dated before it."""
    if takes_effect_on_adoption(kind, scope):
        if requested is not None and requested != adopted_on:
            raise ValueError("effective_on_adoption")
        return adopted_on
    chosen = requested or recognised_on
    if chosen < recognised_on or chosen < adopted_on:
        raise ValueError("effective_before_recognition")
    return chosen


def form_allowed(kind: str, form: str) -> bool:
    return form in ALLOWED_FORMS.get(kind, frozenset())


def scope_allowed(kind: str, scope: str) -> bool:
    return scope in ALLOWED_SCOPES.get(kind, frozenset())


# --- thresholds (Art.21.1) -------------------------------------------------------------------------


class Rule(models.TextChoices):
    TWO_THIRDS = "two_thirds", _("Từ 2/3 tổng số hộ gia đình trở lên đồng ý")
    MAJORITY = "majority", _("Trên 50% tổng số hộ gia đình đồng ý")
    VILLAGES_TWO_THIRDS = "villages_two_thirds", _("Từ 2/3 tổng số thôn, tổ dân phố trở lên tán thành")


def rule_for(kind: str) -> str:
    """K1, K2: ≥ 2/3 (Art.21.1.a); K3–K6: > 50% (Art.21.1.b) — of ALL households, never of attendees."""
    return Rule.TWO_THIRDS if kind in (Kind.K1, Kind.K2) else Rule.MAJORITY


# Each rule is a threshold of the registry (with its article); nothing here repeats its numbers.
RULE_THRESHOLD = {Rule.TWO_THIRDS: THRESHOLDS["grassroots.pass_k1_k2"],
                  Rule.MAJORITY: THRESHOLDS["grassroots.pass_other"],
                  Rule.VILLAGES_TWO_THIRDS: THRESHOLDS["grassroots.pass_k1_k2_commune"]}
MEETING_CHOICE = THRESHOLDS["grassroots.meeting_choice"]  # NĐ59 Art.3.5.a–c
INITIATIVE = THRESHOLDS["grassroots.initiative"]  # Law Art.16.3


def percent(threshold) -> str:
    """The share of a threshold as a percentage ("10%"), for messages."""
    return f"{threshold.threshold.share * 100}%"


def law_texts() -> dict[str, str]:
    """The numbers of the law the pages write, read from the registry: "từ 2/3 trở lên", "trên 50%", "10%",
    "03 tháng"."""
    from danchu.core.legal_rules import rule_text

    return {"pass_k1_k2": RULE_THRESHOLD[Rule.TWO_THIRDS].describe(),
            "pass_other": RULE_THRESHOLD[Rule.MAJORITY].describe(),
            "villages": RULE_THRESHOLD[Rule.VILLAGES_TWO_THIRDS].describe(),
            "meeting_choice": MEETING_CHOICE.describe(), "initiative": percent(INITIATIVE),
            "consent_valid": rule_text(CONSENT_VALID_RULE), "team_min": f"{TEAM_MIN:02d}",
            "team_max": f"{TEAM_MAX:02d}"}


def rule_of(kind: str, scope: str) -> str:
    """The rule of a decision: a commune-scope K1/K2 counts VILLAGES, not households (Art.21.1.a); each village
    part is decided by its own households."""
    return Rule.VILLAGES_TWO_THIRDS if scope == Scope.COMMUNE else rule_for(kind)


def required_households(kind: str, scope: str, total: int | None) -> int | None:
    """The number of approving households to show next to a decision: none for a commune-scope decision (its
    threshold is on villages, Art.21.1.a) nor without a household total."""
    if scope == Scope.COMMUNE or not total:
        return None
    return required_yes(kind, total)


def required_villages(total_villages: int) -> int:
    """Commune scope: the smallest number of approving villages that passes (≥ 2/3, Art.21.1.a)."""
    _check_counts(0, total_villages)
    return RULE_THRESHOLD[Rule.VILLAGES_TWO_THIRDS].needed(total_villages)


def _check_counts(yes: int, total: int) -> None:
    for name, value in (("yes", yes), ("total", total)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if yes > total:
        raise ValueError(f"more approvals ({yes}) than households ({total})")


def passes(kind: str, yes: int, total: int) -> bool:
    """Does `yes` approvals out of `total` households of the village pass a decision of `kind`?

    `total` is every household of the village at the decision date (Art.21.1: "tổng số đại diện hộ gia đình
    trong thôn, tổ dân phố"), present or not. No households: nothing can pass."""
    _check_counts(yes, total)
    return RULE_THRESHOLD[rule_for(kind)].reached(yes, total)  # ≥ 2/3: exactly 2/3 passes; > 50%: exactly half fails


def required_yes(kind: str, total: int) -> int:
    """The smallest number of approvals that passes (0 households: 1, i.e. unreachable)."""
    _check_counts(0, total)
    return RULE_THRESHOLD[rule_for(kind)].needed(total)


def commune_passes(approving_villages: int, total_villages: int) -> bool:
    """Commune-scope K1/K2: ≥ 2/3 of ALL villages of the commune approve (Art.21.1.a)."""
    _check_counts(approving_villages, total_villages)
    return RULE_THRESHOLD[Rule.VILLAGES_TWO_THIRDS].reached(approving_villages, total_villages)


def meeting_majority(votes: int, present: int) -> bool:
    """Choices made inside a meeting (the secretary, the voting method, the count team) need > 50% of the
    household representatives PRESENT (NĐ59 Art.3.5.a–c)."""
    _check_counts(votes, present)
    return MEETING_CHOICE.reached(votes, present)


def meeting_majority_needed(present: int) -> int:
    """The votes a choice inside the meeting needs."""
    return MEETING_CHOICE.needed(present)


def meeting_can_decide(kind: str, present: int, total: int) -> bool:
    """A meeting can reach the threshold only if enough households are present."""
    return present >= required_yes(kind, total)


def ballot_needed(kind: str, total: int, present: int, agree: int) -> bool:
    """After the meeting: go to a household ballot (Art.19.1.b) when the meeting did not pass the content and
    the households WITHOUT a representative at the meeting could still make it pass (agree + absent ≥ required).
    When even their approval could not reach the threshold, the content has failed.

    Interpretation (ADR 0009): Art.19.1.b says "không có đủ số đại diện hộ gia đình để thực hiện việc biểu quyết
    theo quy định tại Điều 21"; a meeting whose missing households decide the outcome lacked them."""
    _check_counts(agree, present)
    _check_counts(present, total)
    if passes(kind, agree, total):
        return False
    return agree + (total - present) >= required_yes(kind, total)


def ballot_count_allowed(today: date, deadline: date, returned: int, total: int) -> bool:
    """The ballots are collected until the announced deadline, then counted (Law Art.19.2–3; NĐ59 Art.4.4,
    4.6.a). Counting earlier would shut out households still entitled to return their ballot: allowed only when
    every household of the village has already expressed its final position (`returned` of `total`)."""
    _check_counts(returned, total)
    return today >= deadline or (total > 0 and returned == total)


# --- counts of people (NĐ59 Art.3.5.c, 4.3, 4.6.a) -------------------------------------------------

TEAM_MIN, TEAM_MAX = 3, 5  # count team / ballot team: 03–05 persons
CLUSTER_MIN_HOUSEHOLDS = 200  # Law Art.18.3: villages of ≥ 200 households may meet in clusters


def team_size_ok(size: int) -> bool:
    return TEAM_MIN <= size <= TEAM_MAX


def clusters_allowed(total_households: int) -> bool:
    return total_households >= CLUSTER_MIN_HOUSEHOLDS


# --- lifecycle (Appendix B) ------------------------------------------------------------------------


class State(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    NOTICED = "noticed", _("Đã thông báo họp")
    MEETING_HELD = "meeting_held", _("Đã họp, đang ghi kết quả")
    BALLOT = "ballot", _("Đang phát phiếu lấy ý kiến hộ gia đình")
    ONLINE = "online", _("Đang biểu quyết trực tuyến")
    COLLECTING = "collecting", _("Đang tổng hợp kết quả các thôn")
    PASSED = "passed", _("Đã thông qua")
    FAILED = "failed", _("Không được thông qua")
    SENT = "sent", _("Đã gửi cấp xã")
    RECOGNISED = "recognised", _("Đã công nhận, có hiệu lực")
    REFUSED = "refused", _("Cấp xã không công nhận")
    AMENDED = "amended", _("Đã sửa đổi, thay thế")
    ANNULLED = "annulled", _("Đã bị bãi bỏ")


WORKFLOW = Workflow({
    State.DRAFT: {State.NOTICED, State.BALLOT, State.ONLINE, State.COLLECTING},
    State.NOTICED: {State.MEETING_HELD, State.NOTICED},
    # the result of the meeting: passed, failed, or not enough households present → household ballot (Art.19.1.b)
    State.MEETING_HELD: {State.PASSED, State.FAILED, State.BALLOT},
    State.BALLOT: {State.PASSED, State.FAILED},
    State.ONLINE: {State.PASSED, State.FAILED},
    State.COLLECTING: {State.PASSED, State.FAILED},
    # a passed decision goes to the commune for recognition (Art.20.3, 21.2); a failed one has nothing to recognise
    State.PASSED: {State.SENT},
    State.SENT: {State.RECOGNISED, State.REFUSED},
    State.RECOGNISED: {State.AMENDED, State.ANNULLED},
    # Art.22: the commune annuls an unlawful decision or one whose procedure was breached, recognised or not
    State.REFUSED: {State.ANNULLED},
}, labels=State)

CLOSED_STATES = frozenset({State.FAILED, State.AMENDED, State.ANNULLED})
RESULT_STATES = frozenset({State.PASSED, State.FAILED, State.SENT, State.RECOGNISED, State.REFUSED, State.AMENDED,
                           State.ANNULLED})


class AnnulGround(models.TextChoices):
    """Art.22.1."""

    UNLAWFUL = "unlawful", _("Trái pháp luật, trái đạo đức xã hội, thuần phong mỹ tục (Điều 22.1.a)")
    PROCEDURE = "procedure", _("Vi phạm trình tự, thủ tục (Điều 22.1.b)")
    COMMUNITY = "community", _("Theo nguyện vọng của cộng đồng dân cư (Điều 22.1.c)")


# --- deadlines (legal_rules.md Appendix A; core.legal_rules) ---------------------------------------


MEETING_NOTICE_RULE = "grassroots.meeting_notice_min"  # NĐ59 Art.3.3
DOCUMENTS_RULE = "grassroots.meeting_documents_min"  # NĐ59 Art.3.4
BALLOT_NOTICE_RULE = "grassroots.ballot_notice_min"  # NĐ59 Art.4.4; Law Art.19.2
CONSENT_VALID_RULE = "grassroots.initiative_consent_valid"  # Law Art.16.3


def earliest_meeting(notice_on: date) -> date:
    """Mẫu 01 reaches the households ≥ 02 days before the meeting (NĐ59 Art.3.3). Calendar days: the notice
    day is not counted (BLDS Art.147), so a notice of Monday allows a meeting on Wednesday."""
    return notice_on + timedelta(days=get_rule(MEETING_NOTICE_RULE).amount)


def earliest_distribution(notice_on: date) -> date:
    """The ballot is announced ≥ 02 days before the ballots are handed out (NĐ59 Art.4.4; Law Art.19.2)."""
    return notice_on + timedelta(days=get_rule(BALLOT_NOTICE_RULE).amount)


def plan_to_commune_due(plan_issued_on: date, cal: WorkCalendar) -> date:
    """The ballot plan goes to the commune within 02 days of issuing it (NĐ59 Art.4.2) — calendar days."""
    return rule_due("grassroots.ballot_plan_to_commune", plan_issued_on, cal)


def send_due(result_on: date, cal: WorkCalendar) -> date:
    """The decision goes to UBND xã and UB MTTQ xã ≤ 05 working days after the meeting or the ballot deadline
    (Law Art.20.3; NĐ59 Art.3.5.d, 4.7, 5)."""
    return rule_due("grassroots.decision_to_commune", result_on, cal)


def recognition_due(sent_on: date, cal: WorkCalendar) -> date:
    """Recognised or refused in writing with reasons ≤ 05 working days after receipt (Art.21.2)."""
    return rule_due("grassroots.recognition_deadline", sent_on, cal)


def consent_valid_until(given_on: date) -> date:
    """Each initiative consent is valid 03 months from when it was expressed (Art.16.3)."""
    return add_months(given_on, get_rule(CONSENT_VALID_RULE).amount)


def consent_is_valid(given_on: date, on: date) -> bool:
    return given_on <= on <= consent_valid_until(given_on)


def initiative_reached(valid_consents: int, total_households: int) -> bool:
    """Tabled when ≥ 10% of the village's households consent (Art.16.3)."""
    _check_counts(valid_consents, total_households)
    return INITIATIVE.reached(valid_consents, total_households)


def initiative_required(total_households: int) -> int:
    return INITIATIVE.needed(total_households)


# --- positions: one final position per household across channels -----------------------------------


class Channel(models.TextChoices):
    MEETING = "meeting", _("Biểu quyết tại cuộc họp")
    BALLOT = "ballot", _("Phiếu lấy ý kiến hộ gia đình")
    ONLINE = "online", _("Biểu quyết trực tuyến")


class Choice(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
    OTHER = "other", _("Ý kiến khác")
    # A secret ballot at the meeting: the household took part, its choice is only in the anonymous count.
    SECRET = "secret", _("Bỏ phiếu kín (không ghi theo hộ)")


# PRECEDENCE RULE (documented in docs/adr/0009-decisions-household-positions.md): when a household expressed
# itself in several channels of the same decision, the ballot wins over the online vote, which wins over the
# meeting. The household ballot is organised because the meeting could not decide (Art.19.1.b): it is the later,
# written, per-household expression (one ballot per household, Art.19.3), so it supersedes a show of hands.
# A household whose meeting vote was a SECRET ballot cannot be superseded (its choice is not known, so removing
# it from the anonymous count is impossible): the services refuse a ballot for such a household.
CHANNEL_PRECEDENCE: dict[str, int] = {Channel.MEETING: 1, Channel.ONLINE: 2, Channel.BALLOT: 3}


@dataclass(frozen=True)
class Position:
    household: int
    channel: str
    choice: str


class DuplicatePosition(ValueError):
    """Two positions of one household in one channel (also refused by a UNIQUE constraint)."""


class SecretSuperseded(ValueError):
    """A secret meeting vote would be superseded by another channel: its choice cannot be taken back."""


def final_positions(positions: Iterable[Position]) -> dict[int, Position]:
    """The one position that counts for each household (CHANNEL_PRECEDENCE), never two."""
    seen: set[tuple[int, str]] = set()
    final: dict[int, Position] = {}
    for p in positions:
        if p.channel not in CHANNEL_PRECEDENCE:
            raise ValueError(f"unknown channel {p.channel!r}")
        if p.choice not in Choice.values:
            raise ValueError(f"unknown choice {p.choice!r}")
        key = (p.household, p.channel)
        if key in seen:
            raise DuplicatePosition(f"household {p.household} has two positions in channel {p.channel}")
        seen.add(key)
        current = final.get(p.household)
        if current is None:
            final[p.household] = p
            continue
        low, high = sorted((current, p), key=lambda x: CHANNEL_PRECEDENCE[x.channel])
        if low.choice == Choice.SECRET:
            raise SecretSuperseded(f"household {p.household} voted by secret ballot at the meeting")
        final[p.household] = high
    return final


@dataclass(frozen=True)
class SecretCount:
    """The anonymous count of a secret ballot at the meeting (Mẫu 02)."""

    agree: int = 0
    disagree: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.other


@dataclass(frozen=True)
class Tally:
    """Art.20.2(b): `participating` are the households whose representative took part (attended a meeting, or
    expressed a position: ballot, online vote); `absent` the others of the village. Households that took part
    without choosing an option are `abstained`, reported separately — never counted as absent."""

    kind: str
    total_households: int
    participating: int  # households that took part: present at a meeting or with a final position
    agree: int
    disagree: int
    other: int
    by_channel: dict[str, int] = field(default_factory=dict)  # final positions per channel

    @property
    def absent(self) -> int:
        return self.total_households - self.participating

    @property
    def voted(self) -> int:
        return self.agree + self.disagree + self.other

    @property
    def abstained(self) -> int:
        return self.participating - self.voted

    @property
    def required(self) -> int:
        return required_yes(self.kind, self.total_households)

    @property
    def passed(self) -> bool:
        return passes(self.kind, self.agree, self.total_households)

    @property
    def share(self) -> Fraction:
        return Fraction(self.agree, self.total_households) if self.total_households else Fraction(0)


class TallyError(ValueError):
    pass


def tally(kind: str, total_households: int, positions: Iterable[Position], *,
          secret: SecretCount | None = None, eligible: set[int] | frozenset[int] | None = None,
          present: Iterable[int] = ()) -> Tally:
    """Count the final positions of the households of the village against its total at the decision date.

    `secret` is the anonymous count of a secret meeting ballot; it must match the households recorded with
    the SECRET choice (never more votes than voters). `eligible`, when given, is the set of households of the
    village at the decision date: a position of any other household is an error. `present` are the households
    whose representative attended the meeting(s) (Art.20.2.b): they took part even if they did not vote."""
    final = final_positions(positions)
    took_part = set(final) | set(present)
    if eligible is not None:
        strangers = [h for h in took_part if h not in eligible]
        if strangers:
            raise TallyError(f"households outside the village: {sorted(strangers)[:5]}")
    if len(took_part) > total_households:
        raise TallyError(f"{len(took_part)} households took part but the village has {total_households}")
    counts = {c: 0 for c in Choice.values}
    by_channel = {c: 0 for c in Channel.values}
    for p in final.values():
        counts[p.choice] += 1
        by_channel[p.channel] += 1
    secret = secret or SecretCount()
    if secret.total > counts[Choice.SECRET]:
        raise TallyError(f"{secret.total} secret ballots counted for {counts[Choice.SECRET]} households")
    return Tally(kind=kind, total_households=total_households, participating=len(took_part),
                 agree=counts[Choice.AGREE] + secret.agree, disagree=counts[Choice.DISAGREE] + secret.disagree,
                 other=counts[Choice.OTHER] + secret.other, by_channel=by_channel)
