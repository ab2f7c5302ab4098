"""The access-to-law standard of a commune — PURE, the law of QĐ 25/2021/QĐ-TTg and TT 09/2021/TT-BTP
(legal_rules.md §9): its 5 criteria and 20 indicators, the point table, the pass rule (Art.4), the public posting
of the self-score (a minimum period of the legal registry) and the fixed dates of the yearly procedure. Tested
without a database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from danchu.core.legal_rules import get_rule

from .values import format_number


@dataclass(frozen=True)
class Criterion:
    code: str  # "TC1"
    title: str
    indicators: tuple[tuple[str, str], ...]  # (code "TC1.CT1", title)


# QĐ25 Art.3 [V]: 5 criteria, 20 indicators (TC1 = 2, TC2 = 6, TC3 = 3, TC4 = 5, TC5 = 4); maximum 100 (Art.3.6).
CRITERIA: tuple[Criterion, ...] = (
    Criterion("TC1", "Ban hành văn bản theo thẩm quyền để tổ chức và bảo đảm thi hành Hiến pháp và pháp luật", (
        ("TC1.CT1", "Ban hành đầy đủ, kịp thời, đúng pháp luật văn bản quy phạm pháp luật được giao"),
        ("TC1.CT2", "Ban hành đúng pháp luật văn bản hành chính tác động trực tiếp đến quyền, lợi ích"),
    )),
    Criterion("TC2", "Tiếp cận thông tin, phổ biến, giáo dục pháp luật", (
        ("TC2.CT1", "Công khai thông tin kịp thời, chính xác, đầy đủ (tiếp cận thông tin, dân chủ ở cơ sở)"),
        ("TC2.CT2", "Cung cấp thông tin theo yêu cầu"),
        ("TC2.CT3", "Kế hoạch phổ biến, giáo dục pháp luật hằng năm"),
        ("TC2.CT4", "Hình thức, mô hình phổ biến, giáo dục pháp luật hiệu quả"),
        ("TC2.CT5", "Bồi dưỡng tuyên truyền viên pháp luật"),
        ("TC2.CT6", "Kinh phí, cơ sở vật chất, phương tiện cho phổ biến, giáo dục pháp luật"),
    )),
    Criterion("TC3", "Hòa giải ở cơ sở, trợ giúp pháp lý", (
        ("TC3.CT1", "Mâu thuẫn, tranh chấp thuộc phạm vi hòa giải được hòa giải kịp thời, hiệu quả"),
        ("TC3.CT2", "Hỗ trợ kinh phí cho công tác hòa giải ở cơ sở"),
        ("TC3.CT3", "Thông tin về trợ giúp pháp lý"),
    )),
    Criterion("TC4", "Thực hiện dân chủ ở xã, phường, thị trấn", (
        ("TC4.CT1", "Đối thoại với Nhân dân theo pháp luật về chính quyền địa phương"),
        ("TC4.CT2", "Nhân dân bàn và quyết định trực tiếp"),
        ("TC4.CT3", "Nhân dân bàn, biểu quyết"),
        ("TC4.CT4", "Nhân dân tham gia ý kiến"),
        ("TC4.CT5", "Nhân dân giám sát trực tiếp hoặc qua Ban Thanh tra nhân dân, Ban Giám sát đầu tư cộng đồng"),
    )),
    Criterion("TC5", "Tiếp công dân, giải quyết kiến nghị, phản ánh, khiếu nại, tố cáo, thủ tục hành chính; "
                     "bảo đảm an ninh, trật tự", (
        ("TC5.CT1", "Tiếp công dân, giải quyết kiến nghị, phản ánh, khiếu nại, tố cáo"),
        ("TC5.CT2", "Giải quyết thủ tục hành chính đúng pháp luật"),
        ("TC5.CT3", "Không có cán bộ, công chức bị xử lý kỷ luật hoặc truy cứu trách nhiệm hình sự"),
        ("TC5.CT4", "Đạt chuẩn \"An toàn về an ninh, trật tự\""),
    )),
)
ALL_INDICATORS: tuple[str, ...] = tuple(code for c in CRITERIA for code, _t in c.indicators)
TOTAL_MAX = 100  # QĐ25 Art.3.6 [V]
PASS_TOTAL = 80  # QĐ25 Art.4.1 [V]
PASS_CRITERION_SHARE = Decimal("0.5")  # QĐ25 Art.4.2 [V]: each criterion ≥ 50% of its maximum
# The point maxima per indicator are in Phụ lục I of TT 09/2021/TT-BTP, which was not retrieved (legal_rules.md
# §12.2.4, UNVERIFIED). This default spreads the 100 points evenly (5 per indicator); a deployment sets the real
# table with settings.DANCHU_QD25_INDICATOR_MAX = {"TC1.CT1": …} (it must add up to 100).
DEFAULT_INDICATOR_MAX: dict[str, Decimal] = {code: Decimal(5) for code in ALL_INDICATORS}
# Public posting of the self-score at the commune HQ and on the portal for a minimum period (TT09 Art.3.1.c [V]):
# the registry's rule, read with core.legal_rules.
POSTING_RULE = "access_to_law.self_score_posting_min"
# Fixed dates (QĐ25 Art.5.2–5.3, TT09 Art.6 [V]); the actor who recognises after 01/07/2025 is UNVERIFIED.
DOSSIER_BEFORE = (1, 10)  # (month, day) of the following year
RECOGNITION_BEFORE = (2, 10)
# Platform figures shown on the assessment page as evidence for indicators of the standard: (indicator codes,
# source keys of sources.py). They back the scoring, they do not score: TT 09/2021 Phụ lục I (UNVERIFIED, §12.2.4)
# says how each indicator is scored. TC4.CT2–CT3 still name the PL34-era categories, with no 1:1 counterpart in
# Law 10/2022 (legal_rules.md §9.1, UNVERIFIED): the decisions of residents back both together. A deployment
# sets its own list with settings.DANCHU_QD25_EVIDENCE (same shape).
DEFAULT_EVIDENCE: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("TC2.CT1",), ("disclosure.published", "disclosure.on_time", "disclosure.late")),
    (("TC2.CT2",), ("inforequests.received", "inforequests.on_time")),
    (("TC3.CT1",), ("cases.mediations_received", "cases.mediations_concluded", "cases.mediations_successful")),
    (("TC4.CT2", "TC4.CT3"), ("decisions.decided", "decisions.adopted")),
    (("TC4.CT4",), ("consultations.held",)),
    (("TC5.CT1",), ("cases.reception_sessions", "feedback.received", "feedback.answered", "feedback.on_time",
                    "cases.complaints_resolved", "cases.complaints_on_time", "cases.denunciations_resolved",
                    "cases.denunciations_on_time")),
)


def evidence_table(configured=None, *, known_sources: Iterable[str] | None = None):
    """The configured evidence list, checked: each entry names indicators of the standard and known sources."""
    if not configured:
        configured = DEFAULT_EVIDENCE
    known = set(known_sources) if known_sources is not None else None
    out = []
    for entry in configured:
        try:
            codes, keys = entry
        except (TypeError, ValueError):
            raise ScoreError("DANCHU_QD25_EVIDENCE: each entry is (indicator codes, source keys)") from None
        codes, keys = tuple(codes), tuple(keys)
        bad = [c for c in codes if c not in ALL_INDICATORS]
        if not codes or bad:
            raise ScoreError(f"DANCHU_QD25_EVIDENCE: unknown indicator {bad[:1] or codes}")
        if known is not None and any(k not in known for k in keys):
            raise ScoreError(f"DANCHU_QD25_EVIDENCE: unknown source {[k for k in keys if k not in known][:1]}")
        out.append((codes, keys))
    return tuple(out)


def indicator_title(code: str) -> str:
    for criterion in CRITERIA:
        for c, title in criterion.indicators:
            if c == code:
                return title
    return code


class ScoreError(ValueError):
    pass


def indicator_max_table(configured: Mapping[str, object] | None = None) -> dict[str, Decimal]:
    """The configured maxima, checked: every one of the 20 indicators, non-negative, total 100."""
    if not configured:
        return dict(DEFAULT_INDICATOR_MAX)
    table: dict[str, Decimal] = {}
    for code in ALL_INDICATORS:
        if code not in configured:
            raise ScoreError(f"DANCHU_QD25_INDICATOR_MAX lacks {code}")
        value = Decimal(str(configured[code]))
        if value < 0:
            raise ScoreError(f"negative maximum for {code}")
        table[code] = value
    if sum(table.values()) != TOTAL_MAX:
        raise ScoreError("the maxima must add up to 100 (QĐ25 Art.3.6)")
    return table


def criterion_max(maxima: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {c.code: sum((maxima[code] for code, _t in c.indicators), Decimal(0)) for c in CRITERIA}


def clean_scores(raw: Mapping[str, object], maxima: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Scores per indicator: numbers between 0 and that indicator's maximum, at most 2 decimals. Unknown codes
    are refused; a missing indicator scores 0."""
    out: dict[str, Decimal] = {}
    for code, value in raw.items():
        if code not in maxima:
            raise ScoreError(f"Chỉ tiêu không có trong bộ tiêu chí: {code}")
        if value is None or value == "":
            continue
        try:
            score = Decimal(str(value).replace(",", "."))
        except Exception:
            raise ScoreError(f"{code}: phải là một số") from None
        if not score.is_finite() or score < 0 or score > maxima[code]:
            raise ScoreError(f"{code}: điểm phải từ 0 đến {format_number(maxima[code])}")
        if score != score.quantize(Decimal("0.01")):
            raise ScoreError(f"{code}: tối đa 2 chữ số thập phân")
        out[code] = score
    return out


@dataclass(frozen=True)
class StandardResult:
    total: Decimal
    by_criterion: dict[str, Decimal]
    criterion_max: dict[str, Decimal]
    failing_criteria: tuple[str, ...]
    total_ok: bool
    head_ok: bool

    @property
    def passed(self) -> bool:
        return self.total_ok and not self.failing_criteria and self.head_ok


def evaluate_standard(scores: Mapping[str, Decimal], maxima: Mapping[str, Decimal], *,
                      head_disciplined: bool) -> StandardResult:
    """QĐ25 Art.4 [V]: recognised when (1) total ≥ 80, (2) each criterion ≥ 50% of its maximum, (3) no head of the
    commune Party committee or government was disciplined or prosecuted that year. The score used for
    recognition is the council's appraised one (TT09 Art.2.2): pass the appraised scores when there are some."""
    maxes = criterion_max(maxima)
    by_criterion = {c.code: sum((Decimal(scores.get(code, 0)) for code, _t in c.indicators), Decimal(0))
                    for c in CRITERIA}
    total = sum(by_criterion.values(), Decimal(0))
    failing = tuple(code for code, got in by_criterion.items() if got < maxes[code] * PASS_CRITERION_SHARE)
    return StandardResult(total=total, by_criterion=by_criterion, criterion_max=maxes, failing_criteria=failing,
                          total_ok=total >= PASS_TOTAL, head_ok=not head_disciplined)


def posting_days(start: date | None, end: date | None) -> int:
    """Days of posting, both ends included (posted 01/01 to 05/01 = 5 days)."""
    if start is None or end is None or end < start:
        return 0
    return (end - start).days + 1


def posting_ok(start: date | None, end: date | None) -> bool:
    """TT09 Art.3.1.c [V]: the self-score is posted at the commune HQ for at least the days of POSTING_RULE, the
    days of posting counted both ends included, as this module has always counted them (posting_days)."""
    return posting_days(start, end) >= get_rule(POSTING_RULE).amount


def dossier_deadline(year: int) -> date:
    """The dossier is sent before 10/01 of the following year (QĐ25 Art.5.2 [V]): the last day is 09/01."""
    month, day = DOSSIER_BEFORE
    return date(year + 1, month, day) - timedelta(days=1)


def recognition_deadline(year: int) -> date:
    """Recognition before 10/02 of the following year (QĐ25 Art.5.3 [V]): the last day is 09/02."""
    month, day = RECOGNITION_BEFORE
    return date(year + 1, month, day) - timedelta(days=1)
