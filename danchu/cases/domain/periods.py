"""The periods of the law, as data: a versioned `RuleSet` and the deadlines counted with it (pure, no ORM).

Every period is data: a `RuleSet` maps a key to (amount, unit, article). The default set is built from the
project's registry (danchu.core.legal_rules); an administrator may add a later version (e.g. Luật 136/2025 from
01/07/2026, whose text is UNVERIFIED — §12.1 C1) without code changes, and each case keeps the set it used.
Counting: "ngày" = calendar days, "ngày làm việc" = working days (BLDS Art.147–148, danchu.core.deadlines).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import WorkCalendar
from danchu.core.deadlines import DeadlineUnit, due_date, explain_due
from danchu.core.legal_rules import get_rule

from .letters import Complexity

D, WD = DeadlineUnit.DAY, DeadlineUnit.WORKING_DAY


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # "D" or "WD"
    article: str

    def text(self) -> str:
        """As residents read it: "90 ngày", "10 ngày làm việc" (two digits, as the law writes)."""
        return f"{self.amount:02d} {DeadlineUnit(self.unit).label}"


def _reg(key: str) -> Period:
    rule = get_rule(key)
    return Period(rule.amount, str(rule.unit), rule.article)


KN = "Luật Khiếu nại 02/2011/QH13"

# The local key → the registry rule it comes from.
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
    "complaint.decision_final_remote": _reg("complaints.decision_1_final_remote"),
    "denunciation.initial_processing": _reg("denunciations.initial_processing"),
    "denunciation.initial_processing_extended": _reg("denunciations.initial_processing_extended"),
    "denunciation.transfer": _reg("denunciations.transfer_if_not_competent"),
    "denunciation.notify_acceptance": _reg("denunciations.notify_acceptance"),
    "denunciation.resolve": _reg("denunciations.resolve"),
    "denunciation.extension": _reg("denunciations.extend_complex"),
    "denunciation.extension_especially_complex": _reg("denunciations.extend_especially_complex"),
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
    """The set a case stored. A key added to DEFAULT_PERIODS after the case was received takes its default."""
    periods = {**DEFAULT_PERIODS,
               **{k: Period(int(v[0]), str(v[1]), str(v[2])) for k, v in data.get("periods", {}).items()}}
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


# --- denunciations (Luật Tố cáo 2018) ---------------------------------------------------------------


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


def extension_limit(complexity: str, rules: RuleSet) -> int:
    """Art.30.2: the days one extension may add — at most 30 for a complex case (once), at most 30 for each of the
    two extensions of an especially complex one."""
    key = ("denunciation.extension_especially_complex" if complexity == Complexity.ESPECIALLY_COMPLEX
           else "denunciation.extension")
    return rules.period(key).amount


def check_extension_days(days: int, complexity: str, rules: RuleSet) -> int:
    limit = extension_limit(complexity, rules)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= limit:
        raise ValidationError({"days": ValidationError(
            _("Mỗi lần gia hạn từ 1 đến %(n)d ngày (khoản 2 Điều 30 Luật Tố cáo).") % {"n": limit},
            code="invalid_extension_days")})
    return days


def denunciation_resolve_due(accepted_on: date, rules: RuleSet, cal: WorkCalendar,
                             extension_days: Iterable[int] = ()) -> date:
    """Art.30.1–2: 30 days from acceptance, plus the days of each extension granted (complex: once, especially
    complex: twice, each at most 30 days). The whole period is counted once from the acceptance (BLDS Art.147: the
    day of acceptance not counted) and only its last day moves past a non-working day (Art.148.5): an extension is
    never added to a date already rolled forward, so the resolution never takes more than 30, 60 or 90 days."""
    resolve = rules.period("denunciation.resolve")
    last = explain_due(accepted_on, resolve.amount, resolve.unit, cal).nominal_end
    last += timedelta(days=sum(extension_days))
    return cal.roll_forward(last)


def notify_conclusion_due(decided_on: date, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.35: the conclusion is sent and the denouncer notified within 05 working days."""
    return due(rules, "denunciation.notify_conclusion", decided_on, cal)


def publicise_due(decided_on: date, rules: RuleSet, cal: WorkCalendar) -> date:
    """Art.40: the conclusion is made public within 07 working days, never revealing the denouncer."""
    return due(rules, "denunciation.publicise_conclusion", decided_on, cal)


# --- citizen reception (Luật Tiếp công dân 2013) -----------------------------------------------------


def reception_reply_due(received_on: date, rules: RuleSet, cal: WorkCalendar) -> date:
    """Tiếp công dân Art.28.1: the citizen is told within 10 working days whether the letter is accepted, refused
    or transferred."""
    return due(rules, "reception.reply", received_on, cal)
