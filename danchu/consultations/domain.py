"""Pure rules of "Nhân dân tham gia ý kiến" (Law 10/2022/QH15 Art.25–29). No ORM here.

Legal reference: ../shared/reference/legal_rules.md §1.c, Appendix A ("consultation_min") and Appendix B:
`PLAN (to HĐND xã + MTTQ) → PUBLISHED → OPEN(the minimum period) → SYNTHESISED + EXPLAINED → PUBLISHED_RESULT →
(higher authority: DECIDED; if ≠ majority → EXPLANATION_RETURNED) → REPORTED_TO_HĐND`.

- Art.25: the 9 contents residents are consulted on (`ContentKind`).
- Art.26.1 a–h: the forms of consultation; Art.26.2: UBND xã chooses one or more (`ConsultationForm`).
- Art.27: before an administrative decision that imposes obligations on, or ends/restricts the rights of, a
  citizen (content 8), the person concerned is informed and may present views; a dialogue may be held.
- Art.28.1: the plan (content, form, method, deadline, responsibility) is sent to HĐND xã AND UB MTTQ xã.
- Art.28.2: the period is at least "grassroots.consultation_min" (20 calendar days) "kể từ ngày công khai nội dung
  lấy ý kiến" unless a law sets another one. Counted like every minimum period of the registry
  (core.legal_rules.rule_period_end, BLDS Art.147): the publication day itself does not count, the period ends at
  24:00 of its last day, and that last day is not moved past a weekend or a holiday (ADR-0025: one count for
  every "at least N days" period, the disclosure and convention postings included).
- Art.28.3: Chủ tịch UBND xã directs the synthesis — each opinion accepted (tiếp thu) or explained (giải
  trình) — and publishes it to residents (also Art.11.11, disclosure item 11).
- Art.28.4: for contents decided by a competent authority, the authority studies the opinions and, if its
  decision differs from the majority opinion, must explain why; the explanation is published by UBND xã.
- Art.28.5: UBND xã reports to HĐND xã at its next regular session, with a copy to UB MTTQ xã.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.deadlines import days_elapsed
from danchu.core.legal_rules import get_rule, rule_period_end, rule_text
from danchu.core.workflow import Workflow

LAW = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
PERIOD_RULE = "grassroots.consultation_min"  # Art.28.2


# --- Art.25: the nine contents ----------------------------------------------------------------------


class ContentKind(models.IntegerChoices):
    """Nội dung Nhân dân tham gia ý kiến trước khi cơ quan có thẩm quyền quyết định (Điều 25)."""

    SOCIO_ECONOMIC_PLAN = 1, _("Dự thảo kế hoạch phát triển kinh tế - xã hội cấp xã; phương án chuyển đổi cơ cấu "
                               "kinh tế, cơ cấu sản xuất; đề án định canh, định cư, phát triển ngành nghề (khoản 1 "
                               "Điều 25)")
    LAND_USE_PLAN = 2, _("Dự thảo quy hoạch, kế hoạch sử dụng đất và phương án điều chỉnh; việc quản lý, sử dụng "
                         "quỹ đất giao cho UBND cấp xã (khoản 2 Điều 25)")
    INVESTMENT_POLICY = 3, _("Chủ trương, chính sách đầu tư, xây dựng, đất đai, xử lý chất thải, bảo vệ môi trường, "
                             "bồi thường, giải phóng mặt bằng, tái định cư của dự án, công trình trên địa bàn "
                             "(khoản 3 Điều 25)")
    ADMINISTRATIVE_BOUNDARIES = 4, _("Đề án thành lập, giải thể, nhập, chia, điều chỉnh địa giới, đặt tên, đổi tên "
                                     "đơn vị hành chính; thành lập, nhập, chia, đặt tên, đổi tên thôn, tổ dân phố "
                                     "(khoản 4 Điều 25)")
    COMMUNITY_DECISION = 5, _("Dự thảo quyết định hành chính của UBND cấp xã liên quan đến lợi ích của cộng đồng "
                              "dân cư (môi trường, sức khỏe, trật tự, an toàn xã hội…) (khoản 5 Điều 25)")
    CONSTRUCTION_PLANNING = 6, _("Nhiệm vụ và đồ án quy hoạch xây dựng, quy hoạch chung, phân khu, chi tiết, quy "
                                 "hoạch xã, điểm dân cư nông thôn (khoản 6 Điều 25)")
    DEMOCRACY_REGULATION = 7, _("Dự thảo quy chế thực hiện dân chủ ở xã, phường, thị trấn (khoản 7 Điều 25)")
    INDIVIDUAL_DECISION = 8, _("Dự thảo quyết định hành chính xác lập nghĩa vụ hoặc làm chấm dứt, hạn chế quyền, "
                               "lợi ích của công dân là đối tượng thi hành (khoản 8 Điều 25; Điều 27)")
    OTHER = 9, _("Nội dung khác theo quy định của pháp luật, quy chế thực hiện dân chủ của xã (khoản 9 Điều 25)")


CONTENT_SHORT: dict[int, str] = {
    1: _("Kế hoạch kinh tế - xã hội"), 2: _("Quy hoạch, kế hoạch sử dụng đất"), 3: _("Dự án, đầu tư, đất đai"),
    4: _("Địa giới, tên đơn vị hành chính, thôn"), 5: _("Quyết định liên quan lợi ích cộng đồng"),
    6: _("Quy hoạch xây dựng"), 7: _("Quy chế dân chủ"), 8: _("Quyết định về nghĩa vụ, quyền của công dân"),
    9: _("Nội dung khác"),
}


def content_article(kind: int) -> str:
    return f"khoản {int(kind)} Điều 25"


def content_or_error(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if isinstance(value, (bool, float)) or number not in ContentKind.values:
        raise ValidationError({"content_kind": ValidationError(
            _("Nội dung lấy ý kiến phải là một trong các khoản 1–9 Điều 25 Luật số 10/2022/QH15."),
            code="invalid_content_kind")})
    return number


# --- Art.26: forms of consultation; how one opinion arrived -----------------------------------------


class ConsultationForm(models.TextChoices):
    """Hình thức Nhân dân tham gia ý kiến (khoản 1 Điều 26, điểm a–h). UBND xã chọn một hoặc nhiều (khoản 2)."""

    DIALOGUE = "dialogue", _("Hội nghị trao đổi, đối thoại giữa UBND xã với Nhân dân (điểm a)")
    COMMUNITY_MEETING = "community_meeting", _("Cuộc họp cộng đồng dân cư (điểm b)")
    HOUSEHOLD_FORM = "household_form", _("Phát phiếu lấy ý kiến hộ gia đình (điểm c)")
    BOX_HOTLINE = "box_hotline", _("Hòm thư góp ý, đường dây nóng (điểm d)")
    FRONT = "front", _("Qua Ban công tác Mặt trận, tổ chức chính trị - xã hội ở thôn, tổ dân phố (điểm đ)")
    PORTAL = "portal", _("Cổng, trang thông tin điện tử của xã (điểm e)")
    SOCIAL_NETWORK = "social_network", _("Mạng viễn thông, mạng xã hội hoạt động hợp pháp (điểm g)")
    AFFECTED_DIALOGUE = "affected_dialogue", _("Đối thoại với người chịu tác động trực tiếp (điểm h; Điều 27)")


class Channel(models.TextChoices):
    """How one opinion reached the commune. ONLINE: a logged-in resident on danchu (the commune's portal,
    Art.26.1.e); every other channel is entered by an official."""

    ONLINE = "online", _("Trực tuyến trên trang của xã")
    MEETING = "meeting", _("Hội nghị, cuộc họp")
    HOUSEHOLD_FORM = "household_form", _("Phiếu lấy ý kiến hộ gia đình")
    COMMENT_BOX = "comment_box", _("Hòm thư góp ý")
    HOTLINE = "hotline", _("Đường dây nóng")
    LETTER = "letter", _("Văn bản, thư góp ý")
    FRONT = "front", _("Qua Mặt trận, đoàn thể")
    SOCIAL_NETWORK = "social_network", _("Mạng xã hội, tin nhắn")


STAFF_CHANNELS = [c for c in Channel.values if c != Channel.ONLINE]
STAFF_CHANNEL_CHOICES = [(c, Channel(c).label) for c in STAFF_CHANNELS]


def accepts_online(forms: Iterable[str]) -> bool:
    """Residents may give their opinion on danchu only when the plan uses the commune portal (Art.26.1.e)."""
    return ConsultationForm.PORTAL in set(forms or ())


def check_forms(forms: Iterable[str]) -> list[str]:
    """At least one form of Art.26.1, each a known one (Art.26.2); returns them deduplicated in order."""
    out: list[str] = []
    for f in forms or ():
        if f not in ConsultationForm.values:
            raise ValidationError({"forms": ValidationError(
                _("Hình thức lấy ý kiến không hợp lệ: %(f)s.") % {"f": str(f)[:50]}, code="invalid_form")})
        if f not in out:
            out.append(f)
    if not out:
        raise ValidationError({"forms": ValidationError(
            _("Cần chọn ít nhất một hình thức lấy ý kiến (khoản 2 Điều 26)."), code="forms_required")})
    return out


class Stance(models.TextChoices):
    """The position an opinion takes on the draft, used to find the majority opinion (Art.28.4)."""

    AGREE = "agree", _("Tán thành dự thảo")
    DISAGREE = "disagree", _("Không tán thành dự thảo")
    OTHER = "other", _("Ý kiến khác, đề xuất sửa đổi")


class Outcome(models.TextChoices):
    """Art.28.3: each opinion is accepted (tiếp thu) or explained (giải trình)."""

    ACCEPTED = "accepted", _("Tiếp thu")
    EXPLAINED = "explained", _("Giải trình")


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("Thông qua như dự thảo")
    ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Thông qua có chỉnh sửa theo ý kiến Nhân dân")
    NOT_ADOPTED = "not_adopted", _("Không thông qua, dừng thực hiện")


# --- the lifecycle (Appendix B) ---------------------------------------------------------------------


class State(models.TextChoices):
    DRAFT = "draft", _("Dự thảo kế hoạch")
    PLAN_SENT = "plan_sent", _("Đã gửi kế hoạch tới HĐND và UB MTTQ xã")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã hết thời gian lấy ý kiến")
    SYNTHESIS = "synthesis", _("Đang tổng hợp, tiếp thu, giải trình")
    SYNTHESIS_PUBLISHED = "synthesis_published", _("Đã công khai kết quả tổng hợp")
    DECIDED = "decided", _("Cơ quan có thẩm quyền đã quyết định")


WORKFLOW = Workflow(
    {
        State.DRAFT: {State.PLAN_SENT},
        State.PLAN_SENT: {State.OPEN},  # published: the period starts (Art.28.2)
        State.OPEN: {State.CLOSED},
        State.CLOSED: {State.SYNTHESIS},
        State.SYNTHESIS: {State.SYNTHESIS_PUBLISHED},
        State.SYNTHESIS_PUBLISHED: {State.DECIDED},
        State.DECIDED: set(),
    },
    labels=State,
)
PUBLIC_STATES = frozenset({State.OPEN, State.CLOSED, State.SYNTHESIS, State.SYNTHESIS_PUBLISHED, State.DECIDED})
EDITABLE_STATES = frozenset({State.DRAFT, State.PLAN_SENT})  # the plan may change until it is published
SYNTHESIS_STATES = frozenset({State.CLOSED, State.SYNTHESIS})
RESULT_STATES = frozenset({State.SYNTHESIS_PUBLISHED, State.DECIDED})
# Officials may enter opinions received by meeting, hotline, box or letter while the consultation is open
# and until the synthesis is published (a letter posted on the last day arrives after it).
STAFF_ENTRY_STATES = frozenset({State.OPEN, State.CLOSED, State.SYNTHESIS})


# --- the period (Art.28.2) --------------------------------------------------------------------------


def minimum_days() -> int:
    """The minimum period in days (Art.28.2), from the project's legal registry (key grassroots.consultation_min)."""
    return get_rule(PERIOD_RULE).amount


def earliest_close(published_on: date) -> date:
    """The earliest last day of the period: the 20th day after publication (BLDS Art.147: the publication day is
    not counted), not moved past a weekend or a holiday — one count for every minimum period (rule_period_end)."""
    return rule_period_end(PERIOD_RULE, published_on)


def period_days(opens_on: date, closes_on: date) -> int:
    """Days counted in the period (BLDS Art.147: the opening/publication day itself is not counted).
    Published on 01/11, last day 21/11 → 20 days."""
    return days_elapsed(opens_on, closes_on)


def check_period(opens_on: date | None, closes_on: date | None) -> None:
    """Refuse a period shorter than Art.28.2 allows, with a message that says the earliest last day."""
    if opens_on is None:
        raise ValidationError({"opens_on": ValidationError(_("Cần nhập ngày công khai, bắt đầu lấy ý kiến."),
                                                           code="required")})
    if closes_on is None:
        raise ValidationError({"closes_on": ValidationError(_("Cần nhập ngày kết thúc lấy ý kiến."),
                                                            code="required")})
    earliest = earliest_close(opens_on)
    if closes_on < earliest:
        raise ValidationError({"closes_on": ValidationError(
            _("Thời gian lấy ý kiến ít nhất là %(rule)s kể từ ngày công khai nội dung, không tính ngày công khai "
              "(khoản 2 Điều 28 Luật số 10/2022/QH15): công khai ngày %(open)s thì ngày kết thúc sớm nhất là "
              "%(earliest)s (đang là %(days)d ngày).") % {
                "rule": rule_text(PERIOD_RULE), "open": opens_on.strftime("%d/%m/%Y"),
                "earliest": earliest.strftime("%d/%m/%Y"), "days": period_days(opens_on, closes_on)},
            code="period_too_short")})


def is_open_on(state: str, opens_on: date | None, closes_on: date | None, today: date) -> bool:
    """Residents may give opinions online from the publication day to the end (24:00) of the last day."""
    return (state == State.OPEN and opens_on is not None and closes_on is not None
            and opens_on <= today <= closes_on)


def can_close(state: str, closes_on: date | None, today: date) -> bool:
    """The period may be closed only after its last day has passed (it ends at 24:00, BLDS Art.148.1)."""
    return state == State.OPEN and closes_on is not None and today > closes_on


# --- synthesis (Art.28.3) ---------------------------------------------------------------------------


def check_outcome(outcome: str, response: str) -> None:
    """Every opinion is accepted or explained, and the synthesis says how or why (Art.28.3)."""
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = ValidationError(_("Hãy chọn tiếp thu hoặc giải trình."), code="invalid_outcome")
    if not (response or "").strip():
        message = (_("Cần ghi rõ nội dung giải trình (lý do không tiếp thu).") if outcome == Outcome.EXPLAINED
                   else _("Cần ghi rõ nội dung tiếp thu (dự thảo được sửa như thế nào)."))
        errors["response"] = ValidationError(message, code="response_required")
    if errors:
        raise ValidationError(errors)


def uncovered(opinion_ids: Iterable[int], covered: Mapping[int, int | None]) -> list[int]:
    """Opinions not yet in any synthesis row: the synthesis cannot be published while there are any."""
    return [pk for pk in opinion_ids if not covered.get(pk)]


# --- the majority opinion and the authority's decision (Art.28.4) -----------------------------------


@dataclass(frozen=True)
class Tally:
    agree: int = 0
    disagree: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.other


def tally(opinions: Iterable[tuple[str, int]]) -> Tally:
    """(stance, number of people who hold it) per opinion → totals. An opinion recorded from a meeting may
    speak for many people; each person counts once."""
    counts = {s: 0 for s in Stance.values}
    for stance, people in opinions:
        if stance in counts:
            counts[stance] += max(1, int(people or 1))
    return Tally(counts[Stance.AGREE], counts[Stance.DISAGREE], counts[Stance.OTHER])


def majority(t: Tally) -> str | None:
    """The stance of MORE than half of the people who gave an opinion ("ý kiến của đa số"), or None when no
    stance has a strict majority (exactly half is not a majority)."""
    if t.total == 0:
        return None
    for stance, n in ((Stance.AGREE, t.agree), (Stance.DISAGREE, t.disagree), (Stance.OTHER, t.other)):
        if 2 * n > t.total:
            return stance
    return None


def is_against_majority(majority_stance: str | None, outcome: str) -> bool:
    """Art.28.4: the decision "khác với ý kiến của đa số": the majority agreed and the draft is not adopted, or
    the majority disagreed and the draft is adopted (with or without changes — the changes may not answer the
    majority's objection, so the authority must explain). No majority → never "against" it."""
    if majority_stance == Stance.AGREE:
        return outcome == DecisionOutcome.NOT_ADOPTED
    if majority_stance == Stance.DISAGREE:
        return outcome in (DecisionOutcome.ADOPTED, DecisionOutcome.ADOPTED_WITH_CHANGES)
    return False


def check_decision(*, outcome: str, majority_stance: str | None, explanation: str) -> bool:
    """Validate a recorded decision; returns whether it goes against the majority (then an explanation is
    required, Art.28.4)."""
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": ValidationError(_("Hãy chọn kết quả quyết định."),
                                                          code="invalid_outcome")})
    against = is_against_majority(majority_stance, outcome)
    if against and not (explanation or "").strip():
        raise ValidationError({"explanation": ValidationError(
            _("Quyết định khác với ý kiến của đa số Nhân dân: cơ quan có thẩm quyền phải giải thích rõ lý do "
              "(khoản 4 Điều 28 Luật số 10/2022/QH15)."), code="explanation_required")})
    return against


__all__ = [
    "CONTENT_SHORT", "Channel", "ConsultationForm", "ContentKind", "DecisionOutcome", "EDITABLE_STATES", "LAW",
    "Outcome", "PERIOD_RULE", "PUBLIC_STATES", "RESULT_STATES", "STAFF_CHANNELS", "STAFF_CHANNEL_CHOICES",
    "STAFF_ENTRY_STATES", "SYNTHESIS_STATES", "Stance", "State", "Tally", "WORKFLOW", "accepts_online", "can_close",
    "check_decision", "check_forms", "check_outcome", "check_period", "content_article", "content_or_error",
    "earliest_close", "is_against_majority", "is_open_on", "majority", "minimum_days", "period_days", "tally",
    "uncovered",
]
