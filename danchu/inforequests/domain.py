"""Pure rules of information requests (Luật Tiếp cận thông tin 104/2016/QH13; Law 10/2022/QH15 Art.14.2).

No ORM here: enums, the workflow (core.workflow), the deadline policy per channel and complexity, the refusal
grounds of Art.28.1, the fee rule of Art.12 and the checks of the request form (Art.24.2). The lead times of the
reminders are not law: they live in reminders.py.

Deadlines (Art.29–31) — the unit is kept exactly as the law writes it ("ngày làm việc" → WD, "ngày" → D);
the numbers come from the project's registry `danchu.core.legal_rules` (keys "information.*"):

| channel              | simple               | complex: notice | complex: provide/refuse | extension      |
|----------------------|----------------------|-----------------|-------------------------|----------------|
| in person (Art.29)   | immediately (0 WD)   | ≤ 10 WD         | ≤ 10 WD                 | + ≤ 10 WD      |
| electronic (Art.30)  | ≤ 3 WD               | ≤ 3 WD          | ≤ 15 WD                 | + ≤ 15 D       |
| post / fax (Art.31)  | ≤ 5 WD               | ≤ 3 WD          | ≤ 15 WD                 | + ≤ 15 D       |

Every period is counted from the day the valid request is received (BLDS Art.147: the day itself does
not count); the extension is added to the end of the provide/refuse period. "Immediately" is encoded as a
0-day deadline: the day of receipt, rolled forward to the next working day when received on a day off
(see danchu.core.deadlines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import WorkCalendar
from danchu.core.deadlines import DeadlineUnit, due_date, working_days_between
from danchu.core.legal_rules import get_rule
from danchu.core.procedures import TrackingCode
from danchu.core.workflow import Workflow

LAW = "Luật Tiếp cận thông tin 104/2016/QH13"


class Channel(models.TextChoices):
    """How the request reached the commune (Art.24.1): in person, electronically, by post or fax."""

    IN_PERSON = "in_person", _("Trực tiếp tại trụ sở")
    ELECTRONIC = "electronic", _("Qua mạng điện tử")
    POST = "post", _("Qua dịch vụ bưu chính, fax")


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("Thông tin đơn giản, có sẵn")
    COMPLEX = "complex", _("Thông tin phức tạp, cần tập hợp hoặc hỏi ý kiến")


class Delivery(models.TextChoices):
    """How the requester wants to receive the information (Art.24.2.đ / Art.25)."""

    IN_PERSON = "in_person", _("Nhận trực tiếp tại trụ sở")
    POST = "post", _("Gửi qua bưu chính")
    EMAIL = "email", _("Gửi qua thư điện tử")
    FAX = "fax", _("Gửi qua fax")


class State(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    DEADLINE_NOTIFIED = "deadline_notified", _("Đã thông báo thời hạn cung cấp")
    EXTENDED = "extended", _("Đã gia hạn")
    PROVIDED = "provided", _("Đã cung cấp thông tin")
    REFUSED = "refused", _("Từ chối cung cấp")


OPEN_STATES = frozenset({State.RECEIVED, State.DEADLINE_NOTIFIED, State.EXTENDED})
CLOSED_STATES = frozenset({State.PROVIDED, State.REFUSED})

# Appendix B of the legal reference: REQUESTED → {PROVIDED | DEADLINE_NOTICE → PROVIDED_OR_REFUSED (+ extension)
# | REFUSED_IN_WRITING}. An extension is only possible after the deadline notice (Art.29.2, 30.2, 31.2).
WORKFLOW = Workflow(
    {
        State.RECEIVED: {State.PROVIDED, State.DEADLINE_NOTIFIED, State.REFUSED},
        State.DEADLINE_NOTIFIED: {State.PROVIDED, State.REFUSED, State.EXTENDED},
        State.EXTENDED: {State.PROVIDED, State.REFUSED},
    },
    labels=State,
    name=_("yêu cầu"),
)


# --- deadlines -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    amount: int
    unit: DeadlineUnit
    article: str


@dataclass(frozen=True)
class Policy:
    """What the law allows for one channel and complexity. `notice` is None when no deadline notice
    is foreseen (simple requests); `extension` is None when the period cannot be extended."""

    channel: str
    complexity: str
    provide: Period
    notice: Period | None
    extension: Period | None


def _period(key: str) -> Period:
    rule = get_rule(f"information.{key}")
    return Period(rule.amount, rule.unit, rule.article)


_ARTICLE = re.compile(r"Art\.(\d+)(?:\.(\d+))?(?:\.([a-zđ]))?")


def cite(reference: str) -> str:
    """An article reference of the registry as a Vietnamese reader writes it: "… Art.30" → "Điều 30 …",
    "Art.29.1" → "khoản 1 Điều 29", "Art.28.1.a" → "điểm a khoản 1 Điều 28"; the law's name goes last."""
    def one(match: re.Match) -> str:
        article, clause, point = match.groups()
        text = _("Điều %(n)s") % {"n": article}
        if clause:
            text = _("khoản %(k)s %(rest)s") % {"k": clause, "rest": text}
        if point:
            text = _("điểm %(p)s %(rest)s") % {"p": point, "rest": text}
        return text

    reference = reference or ""
    if reference.startswith(LAW) and _ARTICLE.search(reference):
        return f"{_ARTICLE.sub(one, reference[len(LAW):].strip())} {LAW}"
    return _ARTICLE.sub(one, reference)


# "cung cấp ngay" (Art.29.1): the same day.
IMMEDIATELY = Period(0, DeadlineUnit.WORKING_DAY, f"{LAW} Art.29.1")


def policy(channel: str, complexity: str) -> Policy:
    if channel not in Channel.values or complexity not in Complexity.values:
        raise ValueError(f"unknown channel/complexity {channel!r}/{complexity!r}")
    simple = complexity == Complexity.SIMPLE
    if channel == Channel.IN_PERSON:  # Art.29
        if simple:
            return Policy(channel, complexity, IMMEDIATELY, None, None)
        complex_ = _period("in_person_complex")
        # within 10 WD: provide, refuse, or notify in writing of the date (the notice deadline is the same)
        return Policy(channel, complexity, complex_, complex_, _period("in_person_extension"))
    prefix = "electronic" if channel == Channel.ELECTRONIC else "post"  # Art.30 / Art.31
    if simple:
        return Policy(channel, complexity, _period(f"{prefix}_simple"), None, None)
    return Policy(channel, complexity, _period(f"{prefix}_complex"), _period(f"{prefix}_notice_of_deadline"),
                  _period(f"{prefix}_extension"))


def provide_due(received_on: date, channel: str, complexity: str, cal: WorkCalendar) -> date:
    """The last day to provide or refuse, without extension."""
    p = policy(channel, complexity).provide
    return due_date(received_on, p.amount, p.unit, cal)


def notice_due(received_on: date, channel: str, cal: WorkCalendar) -> date:
    """The last day to send the written deadline notice of a complex request."""
    p = policy(channel, Complexity.COMPLEX).notice
    assert p is not None
    return due_date(received_on, p.amount, p.unit, cal)


def extension_max(received_on: date, channel: str, cal: WorkCalendar) -> date:
    """The latest date an extension may reach: the complex period plus the extension (Art.29–31)."""
    pol = policy(channel, Complexity.COMPLEX)
    assert pol.extension is not None
    end = provide_due(received_on, channel, Complexity.COMPLEX, cal)
    return due_date(end, pol.extension.amount, pol.extension.unit, cal)


def due_for(state: str, received_on: date, channel: str, complexity: str, cal: WorkCalendar) -> date | None:
    """The legal due date of the next step in `state` (None once closed):

    - received, simple: provide/refuse; received, complex: the deadline notice (Art.30.2, 31.2; for
      in-person requests notice and answer share the 10 WD of Art.29.2);
    - deadline notified: provide/refuse within the complex period;
    - extended: the complex period plus the extension.
    """
    if state in CLOSED_STATES:
        return None
    if state == State.RECEIVED:
        if complexity == Complexity.SIMPLE:
            return provide_due(received_on, channel, complexity, cal)
        return notice_due(received_on, channel, cal)
    if state == State.DEADLINE_NOTIFIED:
        return provide_due(received_on, channel, Complexity.COMPLEX, cal)
    if state == State.EXTENDED:
        return extension_max(received_on, channel, cal)
    raise ValueError(f"unknown state {state!r}")


def is_due_within(due: date | None, today: date, working_days: int, cal: WorkCalendar) -> bool:
    """Not yet overdue, and at most `working_days` working days left (0 = due today)."""
    if due is None or today > due:
        return False
    return working_days_between(today, due, cal) <= working_days


# --- refusal (Art.28) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefusalGround:
    code: str
    article: str
    text: str


REFUSAL_GROUNDS: tuple[RefusalGround, ...] = (
    RefusalGround("secret", "Art.28.1.a, Art.6", _(
        "Thông tin thuộc loại không được tiếp cận (bí mật nhà nước; thông tin gây nguy hại đến lợi ích Nhà nước, "
        "quốc phòng, an ninh, quan hệ quốc tế, trật tự, đạo đức xã hội, sức khỏe cộng đồng, tính mạng, tài sản "
        "của người khác; bí mật công tác; cuộc họp nội bộ; tài liệu do cơ quan soạn thảo cho công việc nội bộ)")),
    RefusalGround("no_consent", "Art.28.1.a, Art.7", _(
        "Thông tin được tiếp cận có điều kiện (bí mật kinh doanh, bí mật đời tư, bí mật cá nhân, bí mật gia đình) "
        "mà chưa có sự đồng ý của người có liên quan")),
    RefusalGround("already_public", "Art.28.1.b", _(
        "Thông tin đã được công khai theo Điều 17 (trừ trường hợp quy định tại khoản 1 Điều 23)")),
    RefusalGround("not_responsible", "Art.28.1.c", _(
        "Thông tin không thuộc trách nhiệm cung cấp của cơ quan được yêu cầu")),
    RefusalGround("provided_twice", "Art.28.1.d", _(
        "Thông tin đã được cung cấp 02 lần cho chính người yêu cầu mà không có lý do chính đáng")),
    RefusalGround("beyond_capacity", "Art.28.1.đ", _(
        "Việc cung cấp thông tin vượt quá khả năng đáp ứng hoặc làm cản trở hoạt động bình thường của cơ quan")),
    RefusalGround("unpaid_costs", "Art.28.1.e", _(
        "Người yêu cầu chưa thanh toán chi phí thực tế để in, sao, chụp, gửi thông tin")),
)
REFUSAL_BY_CODE = {g.code: g for g in REFUSAL_GROUNDS}
REFUSAL_CHOICES = [(g.code, g.text) for g in REFUSAL_GROUNDS]


def check_refusal(ground: str, reason: str) -> None:
    """A refusal names a ground of Art.28.1 and gives written reasons (Art.28.2)."""
    errors = {}
    if ground not in REFUSAL_BY_CODE:
        errors["ground"] = ValidationError(_("Hãy chọn một căn cứ từ chối theo khoản 1 Điều 28."),
                                           code="invalid_ground")
    if not (reason or "").strip():
        errors["reason"] = ValidationError(_("Từ chối phải nêu rõ lý do bằng văn bản (khoản 2 Điều 28)."),
                                           code="reason_required")
    if errors:
        raise ValidationError(errors)


# --- fees (Art.12; TT 46/2018/TT-BTC) ---------------------------------------------------------------


class FeePurpose(models.TextChoices):
    """The only costs a requester pays: printing, copying, photographing, sending (Art.12.2)."""

    NONE = "", _("Không thu")
    COPY = "copy", _("Chi phí in, sao, chụp tài liệu")
    POSTAGE = "postage", _("Chi phí gửi qua bưu chính")
    COPY_POSTAGE = "copy_postage", _("Chi phí in, sao, chụp và gửi qua bưu chính")


MAX_FEE = Decimal("100000000")  # a sanity bound (100 million đồng), not a legal number


def check_fee(amount, purpose: str, note: str, delivery: str) -> None:
    """No fee or charge is collected (Art.12.1); only the actual cost of copying/printing and of sending
    by post may be charged (Art.12.2; TT 46/2018 Art.3). Sending by e-mail or fax costs nothing."""
    try:
        amount = Decimal(amount or 0)
    except (ArithmeticError, TypeError, ValueError):
        raise ValidationError({"fee_amount": ValidationError(_("Số tiền không hợp lệ."), code="invalid_fee")}) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_FEE or amount != amount.to_integral_value():
        raise ValidationError({"fee_amount": ValidationError(
            _("Số tiền phải là số đồng nguyên, không âm."), code="invalid_fee")})
    if purpose not in FeePurpose.values:
        raise ValidationError({"fee_purpose": ValidationError(_("Khoản thu không hợp lệ."), code="invalid_fee")})
    if amount == 0:
        if purpose:
            raise ValidationError({"fee_amount": ValidationError(
                _("Đã chọn khoản chi phí thì phải nhập số tiền."), code="fee_amount_required")})
        return
    if not purpose:
        raise ValidationError({"fee_purpose": ValidationError(
            _("Chỉ được thu chi phí thực tế in, sao, chụp, gửi thông tin (Điều 12): hãy chọn khoản thu."),
            code="fee_purpose_required")})
    if not (note or "").strip():
        raise ValidationError({"fee_note": ValidationError(
            _("Hãy ghi rõ khoản chi phí (số trang, số bản, cước gửi)."), code="fee_note_required")})
    if purpose in (FeePurpose.POSTAGE, FeePurpose.COPY_POSTAGE) and delivery in (Delivery.EMAIL, Delivery.FAX):
        raise ValidationError({"fee_purpose": ValidationError(
            _("Không thu chi phí gửi khi cung cấp qua thư điện tử hoặc fax (Thông tư 46/2018/TT-BTC)."),
            code="no_sending_cost")})


# --- request form (Art.24.2) -----------------------------------------------------------------------

# "TT-" and 10 characters of the safe alphabet (core.procedures.TrackingCode), read aloud or typed from an SMS.
TRACKING = TrackingCode(prefix="TT-")


def is_valid_tracking_code(code: str) -> bool:
    """A code this app may have issued: the scheme's form, drawn from its alphabet (never 0/O, 1/I/L)."""
    return TRACKING.is_valid(code) and not set(code[len(TRACKING.prefix):]) - set(TRACKING.alphabet)


_ID_DIGITS = re.compile(r"^(\d{9}|\d{12})$")  # CMND (9) or CCCD (12)
_PASSPORT = re.compile(r"^[A-Z]\d{7,8}$")


def normalise_id_number(text: str) -> str:
    """CMND/CCCD/passport number (Art.24.2.b): spaces and dots removed; raises a ValidationError."""
    value = re.sub(r"[\s.\-]", "", (text or "")).upper()
    if not value:
        raise ValidationError({"id_number": ValidationError(
            _("Cần nhập số CMND, CCCD hoặc hộ chiếu (Điều 24 Luật Tiếp cận thông tin)."), code="required")})
    if not (_ID_DIGITS.match(value) or _PASSPORT.match(value)):
        raise ValidationError({"id_number": ValidationError(
            _("Số giấy tờ không hợp lệ: CCCD gồm 12 chữ số, CMND 9 chữ số, hộ chiếu 1 chữ cái và 7–8 chữ số."),
            code="invalid_id_number")})
    return value


def normalise_phone(text: str) -> str:
    """Vietnamese phone number → "0…" with 10–11 digits, or "" when empty; raises a ValidationError."""
    value = re.sub(r"[\s.\-()]", "", (text or ""))
    if not value:
        return ""
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) >= 11:
        value = "0" + value[2:]
    if not re.fullmatch(r"0\d{9,10}", value):
        raise ValidationError({"phone": ValidationError(
            _("Số điện thoại không hợp lệ (ví dụ: 0912 345 678)."), code="invalid_phone")})
    return value


__all__ = [
    "CLOSED_STATES", "Channel", "Complexity", "Delivery", "FeePurpose", "OPEN_STATES", "Period", "Policy",
    "REFUSAL_BY_CODE", "REFUSAL_CHOICES", "REFUSAL_GROUNDS", "RefusalGround", "State", "TRACKING", "WORKFLOW",
    "check_fee", "cite", "check_refusal", "due_for", "extension_max", "is_due_within", "is_valid_tracking_code",
    "normalise_id_number", "normalise_phone", "notice_due", "policy", "provide_due",
]
