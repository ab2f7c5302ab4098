"""Pure rules of citizen reception, complaints, denunciations and grassroots mediation (no ORM).

Sources (docs reference "Vietnamese legal rules"):
- §3 Luật Khiếu nại 02/2011/QH13 (complaints): limitation Art.9, non-acceptance Art.11, acceptance Art.27/36,
  resolution Art.28/37, sending the decision Art.32/41, finality Art.44, group complaints Art.8.4, withdrawal Art.10.
- §4 Luật Tố cáo 25/2018/QH14 + NĐ 31/2019 (denunciations): initial processing Art.24, anonymous letters Art.25,
  acceptance Art.29, resolution and extensions Art.30, complexity NĐ31 Art.3, conclusion Art.35, publication
  Art.40, identity protection Art.8.3, 47, 56.
- §5 Luật Tiếp công dân 42/2013/QH13 (reception): frequencies Art.12.5, 15.2.d, 18.2; book Art.25; reply Art.28.1;
  group visits Art.29.
- §10.3 counting: "ngày" = calendar days, "ngày làm việc" = working days (BLDS Art.147–148, danchu.core.deadlines).
- Luật Hòa giải ở cơ sở 35/2013/QH13 is NOT in the reference: its numbers here are UNVERIFIED and configurable.

Every period is data: a `RuleSet` maps a key to (amount, unit, article). The default set is built from the
project's registry (danchu.core.legal_rules); an administrator may add a later version (e.g. Luật 136/2025 from
01/07/2026, whose text is UNVERIFIED — §12.1 C1) without code changes, and each case keeps the set it used.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import WorkCalendar
from danchu.core.deadlines import DeadlineUnit, due_date
from danchu.core.legal_rules import get_rule

D, WD = DeadlineUnit.DAY, DeadlineUnit.WORKING_DAY

# --- kinds and states ------------------------------------------------------------------------------


class CaseKind(models.TextChoices):
    """What a letter is (Luật Tiếp công dân Art.25.3: a mixed letter is split into one per kind)."""

    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PETITION = "petition", _("Kiến nghị, phản ánh")


class State(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACCEPTED = "accepted", _("Đã thụ lý, đang giải quyết")
    EXTENDED = "extended", _("Đã gia hạn giải quyết")
    DECIDED = "decided", _("Đã có quyết định, kết luận")
    ANSWERED = "answered", _("Đã trả lời")
    REJECTED = "rejected", _("Không thụ lý")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan có thẩm quyền")
    TERMINATED = "terminated", _("Đình chỉ do rút đơn")
    CHECKED = "checked", _("Đã kiểm tra nội dung đơn nặc danh")


OPEN_STATES = frozenset({State.RECEIVED, State.ACCEPTED, State.EXTENDED})
CLOSED_STATES = frozenset(set(State.values) - set(OPEN_STATES))

# Appendix B of the reference, per kind. Complaint: RECEIVED → {ACCEPTED (≤10 days) | REJECTED (Art.11)} →
# DECIDED; WITHDRAWN → TERMINATED at any time (Art.10). Denunciation: RECEIVED → {ACCEPTED | TRANSFERRED (Art.24.2)
# | REJECTED (incl. anonymous, Art.25)} → EXTENDED (≤ twice, Art.30.2) → DECIDED (conclusion, Art.35); withdrawal
# before the conclusion (Art.33). Petition: RECEIVED → {ANSWERED | TRANSFERRED} (Tiếp công dân Art.26, 28).
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    CaseKind.COMPLAINT: {
        State.RECEIVED: frozenset({State.ACCEPTED, State.REJECTED, State.TRANSFERRED, State.TERMINATED}),
        State.ACCEPTED: frozenset({State.DECIDED, State.TERMINATED}),
    },
    CaseKind.DENUNCIATION: {
        State.RECEIVED: frozenset({State.ACCEPTED, State.REJECTED, State.TRANSFERRED, State.TERMINATED}),
        State.ACCEPTED: frozenset({State.EXTENDED, State.DECIDED, State.TERMINATED}),
        State.EXTENDED: frozenset({State.EXTENDED, State.DECIDED, State.TERMINATED}),
    },
    CaseKind.PETITION: {
        State.RECEIVED: frozenset({State.ANSWERED, State.TRANSFERRED}),
    },
}
# An anonymous or impersonated letter (Luật Tố cáo Art.25) is not a denunciation: it is never accepted, extended or
# withdrawn. It is not processed (REJECTED on the ground "anonymous"), or — when its content is specific and
# verifiable — checked within competence (CHECKED, the result recorded) or transferred to the competent body for an
# inspection. No statutory deadline runs on it, so it is never overdue.
ANONYMOUS_TRANSITIONS: dict[str, frozenset[str]] = {
    State.RECEIVED: frozenset({State.CHECKED, State.REJECTED, State.TRANSFERRED}),
}
ANONYMOUS_GROUND = "anonymous"


class InvalidTransition(ValidationError):
    pass


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def allowed_targets(kind: str, current: str, *, anonymous: bool = False) -> frozenset[str]:
    if anonymous and kind == CaseKind.DENUNCIATION:
        return ANONYMOUS_TRANSITIONS.get(current, frozenset())
    return TRANSITIONS.get(kind, {}).get(current, frozenset())


def can_transition(kind: str, current: str, target: str, *, anonymous: bool = False) -> bool:
    return target in allowed_targets(kind, current, anonymous=anonymous)


def check_transition(kind: str, current: str, target: str, *, anonymous: bool = False) -> None:
    """Raise `InvalidTransition` (code "invalid_transition") with a Vietnamese message if not allowed."""
    if anonymous and kind == CaseKind.DENUNCIATION and not can_transition(kind, current, target, anonymous=True):
        raise InvalidTransition(
            _("Đơn nặc danh, mạo danh không được xử lý như tố cáo (Điều 25 Luật Tố cáo): chỉ kiểm tra nội dung, "
              "chuyển cơ quan có thẩm quyền hoặc không xử lý."), code="anonymous")
    if not can_transition(kind, current, target, anonymous=anonymous):
        raise InvalidTransition(
            _("Không thể chuyển đơn %(kind)s từ “%(current)s” sang “%(target)s”.") % {
                "kind": _label(CaseKind, kind).lower(), "current": _label(State, current),
                "target": _label(State, target)},
            code="invalid_transition")


# --- rule sets (versioned by effective date) ------------------------------------------------------


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # "D" or "WD"
    article: str


def _reg(key: str) -> Period:
    rule = get_rule(key)
    return Period(rule.amount, str(rule.unit), rule.article)


KN = "Luật Khiếu nại 02/2011/QH13"

# The local key → the registry rule it comes from. Remote finality (Art.44: 45 days) has no registry key.
DEFAULT_PERIODS: dict[str, Period] = {
    "complaint.limitation": _reg("complaints.limitation"),
    "complaint.accept_1": _reg("complaints.accept_1"),
    "complaint.accept_2": _reg("complaints.accept_2"),
    "complaint.resolve_1": _reg("complaints.resolve_1"),
    "complaint.resolve_1_complex": _reg("complaints.resolve_1_complex"),
    "complaint.resolve_1_remote": _reg("complaints.resolve_1_remote"),
    "complaint.resolve_1_remote_complex": _reg("complaints.resolve_1_remote_complex"),
    "complaint.resolve_2": _reg("complaints.resolve_2"),
    "complaint.resolve_2_complex": _reg("complaints.resolve_2_complex"),
    "complaint.resolve_2_remote": _reg("complaints.resolve_2_remote"),
    "complaint.resolve_2_remote_complex": _reg("complaints.resolve_2_remote_complex"),
    "complaint.send_decision_1": _reg("complaints.send_decision_1"),
    "complaint.send_decision_2": _reg("complaints.send_decision_2"),
    "complaint.decision_final": _reg("complaints.decision_1_final"),
    "complaint.decision_final_remote": Period(45, D, f"{KN} Art.44"),
    "denunciation.initial_processing": _reg("denunciations.initial_processing"),
    "denunciation.initial_processing_extended": _reg("denunciations.initial_processing_extended"),
    "denunciation.transfer": _reg("denunciations.transfer_if_not_competent"),
    "denunciation.notify_acceptance": _reg("denunciations.notify_acceptance"),
    "denunciation.resolve": _reg("denunciations.resolve"),
    "denunciation.extension": _reg("denunciations.extend_complex"),
    "denunciation.notify_conclusion": _reg("denunciations.notify_conclusion"),
    "denunciation.publicise_conclusion": _reg("denunciations.publicise_conclusion"),
    "reception.reply": _reg("reception.reply_after_receipt"),
}
DEFAULT_RULES_CODE = "2012-2019"  # Luật Khiếu nại (01/07/2012), Luật Tố cáo (01/01/2019), Tiếp công dân (2014)
DEFAULT_EFFECTIVE = date(2019, 1, 1)


@dataclass(frozen=True)
class RuleSet:
    code: str
    effective_from: date
    periods: Mapping[str, Period] = field(default_factory=dict, hash=False)
    verified: bool = True

    def period(self, key: str) -> Period:
        return self.periods[key]

    def snapshot(self) -> dict:
        """What a case stores: enough to recompute every deadline even if the version is later changed."""
        return {"code": self.code, "effective_from": self.effective_from.isoformat(), "verified": self.verified,
                "periods": {k: [p.amount, p.unit, p.article] for k, p in sorted(self.periods.items())}}


DEFAULT_RULESET = RuleSet(DEFAULT_RULES_CODE, DEFAULT_EFFECTIVE, dict(DEFAULT_PERIODS))


def ruleset_from_overrides(code: str, effective_from: date, overrides: Mapping, *, verified: bool) -> RuleSet:
    """A later version: the default periods with some replaced. `overrides` maps a key of DEFAULT_PERIODS to
    {"amount": int, "unit": "D"|"WD", "article": str}. Raises ValidationError with a clear message."""
    if not isinstance(overrides, Mapping):
        raise ValidationError(_("Nội dung phiên bản phải là một bảng khóa → thời hạn."), code="invalid_rules")
    periods = dict(DEFAULT_PERIODS)
    for key, value in overrides.items():
        if key not in DEFAULT_PERIODS:
            raise ValidationError(_("Không có thời hạn “%(key)s”.") % {"key": key}, code="unknown_rule")
        if not isinstance(value, Mapping):
            raise ValidationError(_("Thời hạn “%(key)s” phải có amount, unit, article.") % {"key": key},
                                  code="invalid_rules")
        amount, unit, article = value.get("amount"), value.get("unit"), str(value.get("article") or "").strip()
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= 365:
            raise ValidationError(_("Số ngày của “%(key)s” phải là số nguyên từ 0 đến 365.") % {"key": key},
                                  code="invalid_amount")
        if unit not in (D, WD):
            raise ValidationError(_("Đơn vị của “%(key)s” phải là D (ngày) hoặc WD (ngày làm việc).") % {"key": key},
                                  code="invalid_unit")
        if not article:
            raise ValidationError(_("Cần ghi căn cứ pháp lý của “%(key)s”.") % {"key": key}, code="no_article")
        periods[key] = Period(amount, str(unit), article[:200])
    return RuleSet(code, effective_from, periods, verified)


def ruleset_from_snapshot(data: Mapping) -> RuleSet:
    periods = {k: Period(int(v[0]), str(v[1]), str(v[2])) for k, v in data.get("periods", {}).items()}
    return RuleSet(str(data.get("code", "")), date.fromisoformat(data["effective_from"]), periods,
                   bool(data.get("verified", True)))


def pick_ruleset(versions: Iterable[RuleSet], on: date) -> RuleSet:
    """The version in force on `on`: the latest whose effective date is on or before it (default otherwise)."""
    best = DEFAULT_RULESET
    for version in versions:
        if version.effective_from <= on and version.effective_from >= best.effective_from:
            best = version
    return best


def due(rules: RuleSet, key: str, start: date, cal: WorkCalendar) -> date:
    period = rules.period(key)
    return due_date(start, period.amount, period.unit, cal)


# --- complaints (Luật Khiếu nại 2011) --------------------------------------------------------------


def limitation_expires(known_on: date, obstacle_days: int, rules: RuleSet = DEFAULT_RULESET,
                       cal: WorkCalendar | None = None) -> date:
    """Art.9: 90 days from knowing the decision/act; days of illness, disaster, war, distant work or study and other
    objective obstacles are not counted (they are added). Calendar days; the day of knowing is not counted and a
    last day that is not a working day moves to the next working day (BLDS Art.147–148.5), given a calendar."""
    if isinstance(obstacle_days, bool) or not isinstance(obstacle_days, int) or obstacle_days < 0:
        raise ValidationError(_("Số ngày có trở ngại khách quan phải là số nguyên không âm."), code="invalid_obstacle")
    period = rules.period("complaint.limitation")
    last = known_on + timedelta(days=period.amount + obstacle_days)
    return cal.roll_forward(last) if cal is not None else last


def is_time_barred(known_on: date, filed_on: date, obstacle_days: int = 0, rules: RuleSet = DEFAULT_RULESET,
                   cal: WorkCalendar | None = None) -> bool:
    return filed_on > limitation_expires(known_on, obstacle_days, rules, cal)


def complaint_accept_due(received_on: date, round_: int, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.27 (1st time) / Art.36.1 (2nd time): 10 "ngày" from receipt (calendar days; conflict C1)."""
    return due(rules, f"complaint.accept_{_round(round_)}", received_on, cal)


def complaint_resolve_key(round_: int, *, complex_: bool, remote: bool) -> str:
    """Art.28 (1st: 30 / complex 45; remote 45 / 60) and Art.37 (2nd: 45 / 60; remote 60 / 70)."""
    key = f"complaint.resolve_{_round(round_)}"
    if remote:
        key += "_remote"
    if complex_:
        key += "_complex"
    return key


def complaint_resolve_due(accepted_on: date, round_: int, *, complex_: bool, remote: bool, rules: RuleSet,
                          cal: WorkCalendar) -> date:
    return due(rules, complaint_resolve_key(round_, complex_=complex_, remote=remote), accepted_on, cal)


def complaint_send_due(decided_on: date, round_: int, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.32: 1st decision sent within 03 working days; Art.41.1: 2nd decision within 07 days."""
    return due(rules, f"complaint.send_decision_{_round(round_)}", decided_on, cal)


def complaint_final_on(decided_on: date, *, remote: bool, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.44: the decision is final 30 days after it is issued (remote areas 45) if no 2nd complaint/lawsuit."""
    return due(rules, "complaint.decision_final_remote" if remote else "complaint.decision_final", decided_on, cal)


def _round(round_: int) -> int:
    if round_ not in (1, 2):
        raise ValidationError(_("Lần giải quyết phải là 1 hoặc 2."), code="invalid_round")
    return round_


@dataclass(frozen=True)
class Ground:
    code: str
    text: str
    article: str


# Art.11 (non-acceptance), verbatim in substance (§3.2 [V]).
COMPLAINT_REJECTION_GROUNDS: tuple[Ground, ...] = (
    Ground("internal", _("Quyết định hành chính, hành vi hành chính trong nội bộ, chỉ đạo điều hành, văn bản quy phạm, "
                         "thuộc bí mật quốc phòng, an ninh, ngoại giao theo danh mục"), "Điều 11.1"),
    Ground("no_interest", _("Quyết định, hành vi bị khiếu nại không liên quan trực tiếp đến quyền, lợi ích hợp pháp "
                            "của người khiếu nại"), "Điều 11.2"),
    Ground("no_capacity", _("Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp"),
           "Điều 11.3"),
    Ground("bad_representative", _("Người đại diện không hợp pháp"), "Điều 11.4"),
    Ground("unsigned", _("Đơn khiếu nại không có chữ ký hoặc điểm chỉ của người khiếu nại"), "Điều 11.5"),
    Ground("time_barred", _("Thời hiệu, thời hạn giải quyết khiếu nại đã hết mà không có lý do chính đáng"), "Điều 11.6"),
    Ground("already_second", _("Khiếu nại đã có quyết định giải quyết khiếu nại lần hai"), "Điều 11.7"),
    Ground("not_continued", _("Có văn bản thông báo đình chỉ việc giải quyết khiếu nại mà sau 30 ngày người khiếu nại "
                              "không tiếp tục khiếu nại"), "Điều 11.8"),
    Ground("court", _("Việc khiếu nại đã được Tòa án thụ lý hoặc đã được giải quyết bằng bản án, quyết định của Tòa án"),
           "Điều 11.9"),
)

# Luật Tố cáo: not accepted when the conditions of Art.29.1 fail; anonymous letters are handled per Art.25.
DENUNCIATION_REJECTION_GROUNDS: tuple[Ground, ...] = (
    Ground("anonymous", _("Đơn không rõ họ tên, địa chỉ người tố cáo hoặc mạo danh: không xử lý như tố cáo "
                          "(nếu nội dung rõ ràng, có căn cứ thì kiểm tra, xác minh theo thẩm quyền)"), "Điều 25"),
    Ground("form", _("Tố cáo không đúng hình thức (không ký tên hoặc điểm chỉ)"), "Điều 23, 29.1.a"),
    Ground("no_capacity", _("Người tố cáo không có năng lực hành vi dân sự mà không có người đại diện"), "Điều 29.1.b"),
    Ground("no_basis", _("Không có đủ căn cứ để xác định người vi phạm, hành vi vi phạm"), "Điều 29.1.d"),
    Ground("repeat", _("Tố cáo đã được giải quyết mà không có thông tin, tài liệu, chứng cứ mới"), "Điều 24.3; 29"),
)

GROUNDS_BY_KIND = {CaseKind.COMPLAINT: COMPLAINT_REJECTION_GROUNDS,
                   CaseKind.DENUNCIATION: DENUNCIATION_REJECTION_GROUNDS}


def ground_of(kind: str, code: str) -> Ground | None:
    return next((g for g in GROUNDS_BY_KIND.get(kind, ()) if g.code == code), None)


def check_rejection(kind: str, code: str, reason: str, *, anonymous: bool = False) -> Ground:
    """An anonymous letter is "not processed" only on the ground of Art.25 (the other grounds assume a
    denouncer)."""
    ground = ground_of(kind, code)
    if anonymous and kind == CaseKind.DENUNCIATION and ground is not None and ground.code != ANONYMOUS_GROUND:
        raise ValidationError({"ground": ValidationError(
            _("Đơn nặc danh, mạo danh chỉ không xử lý theo Điều 25 Luật Tố cáo."), code="invalid_ground")})
    if ground is None:
        raise ValidationError({"ground": ValidationError(_("Hãy chọn một căn cứ không thụ lý theo luật."),
                                                         code="invalid_ground")})
    if not (reason or "").strip():
        raise ValidationError({"reason": ValidationError(_("Cần nêu rõ lý do không thụ lý (thông báo bằng văn bản)."),
                                                         code="reason_required")})
    return ground


# --- denunciations (Luật Tố cáo 2018) ---------------------------------------------------------------


class ComplexityCriterion(models.TextChoices):
    """NĐ 31/2019 Art.3.2: a case meeting one criterion is complex; two or more, especially complex (Art.3.3)."""

    PLACES = "places", _("Nội dung liên quan đến từ 02 địa phương trở lên phải xác minh")
    CONTENTS = "contents", _("Có từ 02 nội dung trở lên")
    MANY_PEOPLE = "many_people", _("Nhiều người tố cáo, liên quan quyền lợi của nhiều người")
    FOREIGN = "foreign", _("Có yếu tố nước ngoài")
    AGENCIES = "agencies", _("Liên quan trách nhiệm của nhiều cơ quan, tổ chức")
    DIVERGING = "diverging", _("Các cơ quan có ý kiến khác nhau")
    CONTRADICTORY = "contradictory", _("Tài liệu, chứng cứ mâu thuẫn")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Thông thường")
    COMPLEX = "complex", _("Phức tạp")
    ESPECIALLY_COMPLEX = "especially_complex", _("Đặc biệt phức tạp")


def complexity_of(criteria: Iterable[str]) -> str:
    """0 criteria → normal; 1 → complex; ≥ 2 → especially complex (NĐ 31/2019 Art.3.2–3.3)."""
    chosen = {c for c in criteria if c in ComplexityCriterion.values}
    if not chosen:
        return Complexity.NORMAL
    return Complexity.COMPLEX if len(chosen) == 1 else Complexity.ESPECIALLY_COMPLEX


MAX_EXTENSIONS = {Complexity.NORMAL: 0, Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 2}  # Art.30.2


def check_reclassification(old_criteria: Iterable[str], new_criteria: Iterable[str], extensions_so_far: int) -> str:
    """A denunciation found complex (or not) while it is being verified is reclassified with the criteria of
    NĐ 31/2019 Art.3.2–3.3, so that the extensions of Luật Tố cáo Art.30.2 follow the facts. Returns the new
    complexity; refuses an unchanged set and a class that allows fewer extensions than were already granted."""
    old, new = set(old_criteria or ()), set(new_criteria or ())
    if old == new:
        raise ValidationError({"criteria": ValidationError(
            _("Tiêu chí phức tạp không thay đổi so với lúc thụ lý."), code="complexity_unchanged")})
    complexity = complexity_of(new)
    if MAX_EXTENSIONS[complexity] < extensions_so_far:
        raise ValidationError({"criteria": ValidationError(
            _("Vụ việc đã gia hạn %(n)d lần: không thể xếp lại thành vụ việc %(c)s (khoản 2 Điều 30 Luật Tố cáo).")
            % {"n": extensions_so_far, "c": _label(Complexity, complexity).lower()}, code="complexity_below_extensions")})
    return complexity


def initial_processing_due(received_on: date, *, several_places: bool, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.24.1: 07 working days from receipt; 10 working days when verification spans several places."""
    key = "denunciation.initial_processing_extended" if several_places else "denunciation.initial_processing"
    return due(rules, key, received_on, cal)


def transfer_due(received_on: date, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.24.2: not competent → transfer and notify the denouncer within 05 working days."""
    return due(rules, "denunciation.transfer", received_on, cal)


def notify_acceptance_due(accepted_on: date, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.29.2–3: the denouncer is notified (and the accused informed) within 05 working days of acceptance."""
    return due(rules, "denunciation.notify_acceptance", accepted_on, cal)


def denunciation_resolve_due(accepted_on: date, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.30.1: 30 days from acceptance."""
    return due(rules, "denunciation.resolve", accepted_on, cal)


def check_extension(complexity: str, extensions_so_far: int) -> None:
    """Art.30.2: complex → once; especially complex → twice; a normal case cannot be extended."""
    allowed = MAX_EXTENSIONS.get(complexity, 0)
    if allowed == 0:
        raise ValidationError(_("Vụ việc không phức tạp thì không được gia hạn (khoản 2 Điều 30 Luật Tố cáo)."),
                              code="extension_not_complex")
    if extensions_so_far >= allowed:
        raise ValidationError(
            _("Vụ việc %(c)s chỉ được gia hạn tối đa %(n)d lần (khoản 2 Điều 30 Luật Tố cáo).") % {
                "c": _label(Complexity, complexity).lower(), "n": allowed},
            code="too_many_extensions")


def extension_due(current_due: date, days: int, rules: RuleSet, cal: WorkCalendar) -> date:
    """Each extension is at most 30 days (Art.30.2), added to the current deadline."""
    limit = rules.period("denunciation.extension").amount
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= limit:
        raise ValidationError({"days": ValidationError(
            _("Mỗi lần gia hạn từ 1 đến %(n)d ngày (khoản 2 Điều 30 Luật Tố cáo).") % {"n": limit},
            code="invalid_extension_days")})
    return due_date(current_due, days, D, cal)


def notify_conclusion_due(decided_on: date, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.35: the conclusion is sent and the denouncer notified within 05 working days."""
    return due(rules, "denunciation.notify_conclusion", decided_on, cal)


def publicise_due(decided_on: date, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.40: the conclusion is made public within 07 working days, never revealing the denouncer."""
    return due(rules, "denunciation.publicise_conclusion", decided_on, cal)


class Finding(models.TextChoices):
    """Conclusion on a denunciation (Art.35) / a complaint decision (Art.31.2, 40.2)."""

    RIGHT = "right", _("Đúng")
    PARTLY = "partly", _("Đúng một phần")
    WRONG = "wrong", _("Sai")


# --- citizen reception (Luật Tiếp công dân 2013) -----------------------------------------------------


def reception_reply_due(received_on: date, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.28.1: the citizen is told within 10 working days whether the letter is accepted, refused or transferred."""
    return due(rules, "reception.reply", received_on, cal)


GROUP_MIN = 5  # Art.29 Tiếp công dân; Art.8.4 Khiếu nại: "từ 05 người trở lên"


def check_representatives(people: int, representatives: int) -> None:
    """Group cases (Tiếp công dân Art.29; Khiếu nại Art.8.4): 5–10 people → 1 or 2 representatives; more than 10 →
    more may be chosen but at most 5. Fewer than 5 people is not a group case: each may speak for themselves."""
    for value, name in ((people, "people_count"), (representatives, "representative_count")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError({name: ValidationError(_("Phải là số nguyên không âm."), code="invalid_number")})
    if people < 1:
        raise ValidationError({"people_count": ValidationError(_("Phải có ít nhất 1 người đến."), code="no_people")})
    if representatives > people:
        raise ValidationError({"representative_count": ValidationError(
            _("Số người đại diện không thể nhiều hơn số người đến."), code="too_many_representatives")})
    if people < GROUP_MIN:
        return
    low, high = (1, 2) if people <= 10 else (1, 5)
    if not low <= representatives <= high:
        raise ValidationError({"representative_count": ValidationError(
            _("Nhóm %(p)d người phải cử từ %(lo)d đến %(hi)d người đại diện (Điều 29 Luật Tiếp công dân, "
              "khoản 4 Điều 8 Luật Khiếu nại).") % {"p": people, "lo": low, "hi": high},
            code="invalid_representatives")})


class LeaderKind(models.TextChoices):
    """Who receives, and the legal minimum frequency (§5.1)."""

    COMMUNE_CHAIR = "commune_chair", _("Chủ tịch UBND cấp xã")
    PROVINCE_CHAIR = "province_chair", _("Chủ tịch UBND cấp tỉnh")
    AGENCY_HEAD = "agency_head", _("Thủ trưởng cơ quan")
    OTHER = "other", _("Người được phân công tiếp công dân")


# (period, minimum sessions per period, article). Weekly = ISO week; monthly = calendar month.
FREQUENCY = {
    LeaderKind.COMMUNE_CHAIR: ("week", 1, "Luật Tiếp công dân Điều 15.2.d"),
    LeaderKind.PROVINCE_CHAIR: ("month", 1, "Luật Tiếp công dân Điều 12.5"),
    LeaderKind.AGENCY_HEAD: ("month", 1, "Luật Tiếp công dân Điều 18.2"),
}


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Định kỳ")
    AD_HOC = "ad_hoc", _("Đột xuất")


def schedule_gaps(leader_kind: str, session_days: Iterable[date], start: date, end: date) -> list[date]:
    """The weeks (their Monday) or months (their 1st day) in [start, end] without a session of this leader:
    commune chairman ≥ 1 day a week (Art.15.2.d); province chairman and agency heads ≥ 1 day a month (Art.12.5,
    18.2). Only whole periods inside [start, end] are checked. Other receivers have no minimum."""
    rule = FREQUENCY.get(leader_kind)
    if rule is None or end < start:
        return []
    period, minimum, _article = rule
    days = [d for d in session_days if start <= d <= end]
    gaps = []
    if period == "week":
        monday = start + timedelta(days=(7 - start.weekday()) % 7)
        while monday + timedelta(days=6) <= end:
            count = sum(1 for d in days if monday <= d <= monday + timedelta(days=6))
            if count < minimum:
                gaps.append(monday)
            monday += timedelta(days=7)
    else:
        first = start if start.day == 1 else (start.replace(day=1) + timedelta(days=32)).replace(day=1)
        while True:
            nxt = (first + timedelta(days=32)).replace(day=1)
            if nxt - timedelta(days=1) > end:
                break
            count = sum(1 for d in days if first <= d < nxt)
            if count < minimum:
                gaps.append(first)
            first = nxt
    return gaps


class Handling(models.TextChoices):
    """What was done with a visit (Luật Tiếp công dân Art.26, 28.1)."""

    PENDING = "pending", _("Đang xem xét")
    ACCEPTED = "accepted", _("Thuộc thẩm quyền, báo cáo để thụ lý")
    GUIDED = "guided", _("Không thuộc thẩm quyền, đã hướng dẫn đến cơ quan có thẩm quyền")
    TRANSFERRED = "transferred", _("Đã chuyển đơn đến cơ quan có thẩm quyền")
    EXPLAINED = "explained", _("Đã được giải quyết đúng, giải thích và trả lại đơn")


# --- tracking codes --------------------------------------------------------------------------------

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
_CODE_RE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$")


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _i in range(10))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_tracking_code(value: str) -> str:
    raw = re.sub(r"[^A-Za-z0-9]", "", str(value or "")).upper()[:10]
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 10 else raw


def is_valid_tracking_code(value: str) -> bool:
    return bool(_CODE_RE.match(value or ""))


# --- grassroots mediation (Luật Hòa giải ở cơ sở 35/2013/QH13 — UNVERIFIED, not in the reference) -----------


class DisputeType(models.TextChoices):
    LAND = "land", _("Đất đai, ranh giới")
    FAMILY = "family", _("Hôn nhân, gia đình")
    NEIGHBOUR = "neighbour", _("Mâu thuẫn láng giềng, sinh hoạt")
    CIVIL = "civil", _("Dân sự (vay mượn, hợp đồng, tài sản)")
    MINOR_OFFENCE = "minor_offence", _("Vi phạm pháp luật nhỏ chưa đến mức xử lý")
    OTHER = "other", _("Khác")


class MediationState(models.TextChoices):
    OPEN = "open", _("Đang hòa giải")
    SUCCESSFUL = "successful", _("Hòa giải thành")
    UNSUCCESSFUL = "unsuccessful", _("Hòa giải không thành")
    TRANSFERRED = "transferred", _("Chuyển cơ quan có thẩm quyền")
    WITHDRAWN = "withdrawn", _("Các bên rút yêu cầu")


MEDIATION_CLOSED = frozenset(set(MediationState.values) - {MediationState.OPEN})
# UNVERIFIED (Luật Hòa giải ở cơ sở Art.12 as recalled: at least 3 mediators including a woman). Shown as a
# warning on the team page, never blocking.
MEDIATION_TEAM_MIN_MEMBERS = 3


def mediation_team_warnings(active_members: int, active_women: int) -> list[str]:
    warnings = []
    if active_members < MEDIATION_TEAM_MIN_MEMBERS:
        warnings.append(str(_("Tổ hòa giải nên có ít nhất %(n)d hòa giải viên (chưa đối chiếu văn bản luật).")
                            % {"n": MEDIATION_TEAM_MIN_MEMBERS}))
    if active_members and not active_women:
        warnings.append(str(_("Tổ hòa giải nên có hòa giải viên nữ (chưa đối chiếu văn bản luật).")))
    return warnings


def check_mediation_outcome(outcome: str, sessions_held: int) -> None:
    if outcome not in MEDIATION_CLOSED:
        raise ValidationError({"outcome": ValidationError(_("Hãy chọn kết quả hòa giải."), code="invalid_outcome")})
    if outcome in (MediationState.SUCCESSFUL, MediationState.UNSUCCESSFUL) and sessions_held < 1:
        raise ValidationError(_("Cần ghi ít nhất một buổi hòa giải trước khi ghi kết quả thành / không thành."),
                              code="no_session")


# --- deadline dashboard (pure) ---------------------------------------------------------------------

DUE_SOON_WORKING_DAYS = 3


def is_due_within(due_on: date | None, today: date, working_days: int, cal: WorkCalendar) -> bool:
    """Not yet overdue, and due within `working_days` working days of today."""
    if due_on is None or due_on < today:
        return False
    end = today
    for _i in range(working_days):
        end = cal.next_working_day(end)
    return due_on <= end


def on_time_rate(closed_on_time: int, closed_total: int) -> float | None:
    """The share of cases closed by their deadline, None when none was closed."""
    if closed_total <= 0:
        return None
    return round(100.0 * closed_on_time / closed_total, 1)
