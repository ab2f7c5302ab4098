"""Pure rules of citizen feedback ("phản ánh, kiến nghị") — no ORM.

Legal frame (docs reference "Vietnamese legal rules" §7 and §1.d):
- Law 10/2022/QH15 Art.35.2.a: UBND xã runs a system where residents rate their satisfaction and send comments
  and petitions about the commune government and its officials. The law sets NO processing deadline for them.
- NĐ 20/2008/NĐ-CP Art.9.1.d: feedback outside the receiver's competence is transferred within 05 working days
  of receipt (registry key "feedback.transfer_if_not_competent"). Art.1: complaints and denunciations are
  excluded from feedback — they follow Luật Khiếu nại 2011 / Luật Tố cáo 2018 (the cases app).
- NĐ 20/2008 Art.12.2: the submitter may ask for the status of handling (→ tracking code and status page).
- NĐ 20/2008 Art.19: results are published (portal, written reply to the submitter).

Answer deadlines are therefore *local policy*, not law: each category carries a number of working days
(default below, overridable per category and per routing rule) that the commune's regulation (Quy chế thực hiện
dân chủ ở xã, Art.35.2.c) may change. They are stored with the record together with their basis. The lead times
of the reminders and of the escalation are not law either: they live in reminders.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import WorkCalendar
from danchu.core.deadlines import DeadlineUnit, due_date, working_days_between
from danchu.core.legal_rules import get_rule
from danchu.core.procedures import TrackingCode
from danchu.core.text import fold
from danchu.core.workflow import Workflow

ND20 = "NĐ 20/2008/NĐ-CP"
L10 = "Luật 10/2022/QH15"


# --- categories (Open311 "services") --------------------------------------------------------------


@dataclass(frozen=True)
class CategorySpec:
    code: str  # the Open311 service_code: stable, ASCII
    name: str
    group: str
    keywords: str
    answer_days: int  # working days, local policy (see the module docstring)
    description: str


# The default list, seeded by a data migration and editable afterwards (admin / API). Deadlines are the
# project's defaults, modelled on what Vietnamese provinces publish for their feedback portals (5–10 WD); the
# commune may change them. Conduct of officials gets the longest period because it needs a verification.
DEFAULT_CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec("ha-tang", "Hạ tầng giao thông, chiếu sáng", "Hạ tầng", "đường, hẻm, ổ gà, cầu, đèn đường, cống",
                 7, "Đường, hẻm hư hỏng; cầu, cống; đèn chiếu sáng công cộng."),
    CategorySpec("moi-truong", "Vệ sinh môi trường", "Môi trường", "rác, nước thải, mùi hôi, kênh rạch, khói",
                 5, "Rác thải, nước thải, ô nhiễm, kênh rạch bị lấp."),
    CategorySpec("trat-tu-do-thi", "Trật tự đô thị, xây dựng", "Trật tự", "lấn chiếm, vỉa hè, xây dựng không phép",
                 7, "Lấn chiếm lòng lề đường, xây dựng sai phép, quảng cáo sai quy định."),
    CategorySpec("an-ninh-trat-tu", "An ninh trật tự", "Trật tự", "ồn ào, tụ tập, trộm cắp, karaoke",
                 3, "Mất trật tự, tiếng ồn, tệ nạn xã hội."),
    CategorySpec("thu-tuc-hanh-chinh", "Thủ tục hành chính", "Hành chính", "hồ sơ, một cửa, chậm trễ, giấy tờ",
                 5, "Giải quyết hồ sơ chậm, yêu cầu giấy tờ không đúng quy định."),
    CategorySpec("can-bo", "Thái độ, trách nhiệm của cán bộ", "Hành chính", "cán bộ, thái độ, nhũng nhiễu, tiếp dân",
                 10, f"Phản ánh về cán bộ, công chức của xã ({L10} Điều 35.2.a)."),
    CategorySpec("chinh-sach", "Chính sách, an sinh xã hội", "Xã hội", "hỗ trợ, bảo trợ, hộ nghèo, bảo hiểm",
                 10, "Chế độ, chính sách, hỗ trợ an sinh xã hội."),
    CategorySpec("kien-nghi-khac", "Kiến nghị, góp ý khác", "Khác", "góp ý, sáng kiến, đề xuất",
                 10, f"Góp ý, sáng kiến, kiến nghị khác ({ND20} Điều 3.5)."),
)
DEFAULT_ANSWER_DAYS = 10
MAX_ANSWER_DAYS = 60
CATEGORY_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def check_category_code(code: str) -> None:
    if not CATEGORY_CODE.match(code or ""):
        raise ValidationError({"code": ValidationError(
            _("Mã lĩnh vực chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tối đa 40 ký tự)."),
            code="invalid_code")})


def check_answer_days(days) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_ANSWER_DAYS:
        raise ValidationError({"answer_days": ValidationError(
            _("Thời hạn trả lời phải từ 1 đến %(n)d ngày làm việc.") % {"n": MAX_ANSWER_DAYS},
            code="invalid_answer_days")})


# --- states ---------------------------------------------------------------------------------------


class State(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACCEPTED = "accepted", _("Đã thụ lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã kết thúc")
    REJECTED = "rejected", _("Không thụ lý")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan có thẩm quyền")
    DUPLICATE = "duplicate", _("Trùng phản ánh khác")
    CONVERTED = "converted", _("Chuyển xử lý theo thủ tục khiếu nại, tố cáo")


OPEN_STATES = frozenset({State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS})
CLOSED_STATES = frozenset(set(State.values) - OPEN_STATES)
# The states in which a deadline runs (answered/closed/... stop the clock).
RUNNING_STATES = OPEN_STATES

# received → accepted (within competence) | rejected (form, NĐ20 Art.9.1 "rejected for form") |
#            transferred (outside competence, ≤ 05 WD, Art.9.1.d) | duplicate | converted (complaint/denunciation,
#            Art.1) ; accepted → in progress → answered ; answered → closed | in progress (reopened by the resident).
# A transfer to another unit *on the platform* does not end the feedback: it goes back to "received" at the
# new unit (see services.feedback_transfer); TRANSFERRED is the end state of a transfer to an outside body.
# A closed feedback goes back to "in progress" only when its reporter reopens it within the window (can_reopen).
WORKFLOW = Workflow(
    {
        State.RECEIVED: {State.ACCEPTED, State.IN_PROGRESS, State.ANSWERED, State.REJECTED, State.TRANSFERRED,
                         State.DUPLICATE, State.CONVERTED},
        State.ACCEPTED: {State.IN_PROGRESS, State.ANSWERED, State.TRANSFERRED, State.DUPLICATE, State.CONVERTED},
        State.IN_PROGRESS: {State.ANSWERED, State.TRANSFERRED, State.DUPLICATE, State.CONVERTED},
        State.ANSWERED: {State.CLOSED, State.IN_PROGRESS},
        State.CLOSED: {State.IN_PROGRESS},
    },
    labels=State,
    name=_("phản ánh"),
)


def open311_status(state: str) -> str:
    """GeoReport v2 knows only open/closed: an answered feedback is closed for the outside world."""
    return "open" if state in OPEN_STATES else "closed"


class Channel(models.TextChoices):
    WEB = "web", _("Trang web, điện thoại di động")
    OPEN311 = "open311", _("Ứng dụng kết nối (Open311)")
    HOTLINE = "hotline", _("Đường dây nóng")
    IN_PERSON = "in_person", _("Trực tiếp tại trụ sở")
    API = "api", _("Hệ thống khác (API)")


class NotifyChannel(models.TextChoices):
    """How the reporter wants to hear of each step (besides the tracking page)."""

    NONE = "", _("Không nhận thông báo (tự tra cứu bằng mã)")
    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Zalo (theo số điện thoại)")
    EMAIL = "email", _("Thư điện tử")


class CaseKind(models.TextChoices):
    """What a feedback is converted into when it is really a complaint or a denunciation (NĐ 20/2008 Art.1)."""

    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")


# --- deadlines ------------------------------------------------------------------------------------


def transfer_period() -> tuple[int, DeadlineUnit, str]:
    rule = get_rule("feedback.transfer_if_not_competent")  # 05 WD, NĐ 20/2008 Art.9.1.d [V]
    return rule.amount, rule.unit, rule.article


def transfer_due(received_on: date, cal: WorkCalendar) -> date:
    """The last day to transfer a feedback outside the receiver's competence (≤ 05 WD from receipt)."""
    amount, unit, _article = transfer_period()
    return due_date(received_on, amount, unit, cal)


def answer_due(received_on: date, answer_days: int, cal: WorkCalendar) -> date:
    """The answer deadline: `answer_days` working days after receipt (local policy; BLDS Art.147: the day of
    receipt does not count; a last day off rolls to the next working day)."""
    check_answer_days(answer_days)
    return due_date(received_on, answer_days, DeadlineUnit.WORKING_DAY, cal)


def is_overdue(state: str, due: date | None, today: date) -> bool:
    return state in RUNNING_STATES and due is not None and today > due


def answered_on_time(due: date | None, answered_on: date | None) -> bool | None:
    if due is None or answered_on is None:
        return None
    return answered_on <= due


def is_due_within(due: date | None, today: date, working_days: int, cal: WorkCalendar) -> bool:
    if due is None or today > due:
        return False
    return working_days_between(today, due, cal) <= working_days


def should_escalate(state: str, due: date | None, today: date, cal: WorkCalendar, *, after: int) -> bool:
    """Escalate to the superior unit when still open `after` working days past the due date (the lead time is a
    decision of this project: reminders.ESCALATE_AFTER_WORKING_DAYS)."""
    if not is_overdue(state, due, today):
        return False
    return working_days_between(due, today, cal) >= after


# --- satisfaction and reopening (Law 10/2022 Art.35.2.a) -------------------------------------------

RATING_MIN, RATING_MAX = 1, 5
SATISFIED_FROM = 4  # 4 "hài lòng" and 5 "rất hài lòng" count as satisfied (as Hue-S publishes)
RATING_LABELS = {1: _("Rất không hài lòng"), 2: _("Không hài lòng"), 3: _("Bình thường"), 4: _("Hài lòng"),
                 5: _("Rất hài lòng")}
# The reopening window (calendar days after the answer) is the setting DANCHU_FEEDBACK_REOPEN_DAYS.


def check_rating(rating) -> int:
    if isinstance(rating, bool):
        rating = None
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if not RATING_MIN <= value <= RATING_MAX or str(rating).strip() not in {str(value), f"{value}.0"}:
        raise ValidationError({"rating": ValidationError(_("Hãy chọn mức hài lòng từ 1 đến 5."),
                                                         code="invalid_rating")})
    return value


def is_satisfied(rating: int | None) -> bool:
    return rating is not None and rating >= SATISFIED_FROM


def can_rate(state: str, *, shared_answer: bool = False) -> bool:
    """An answered or closed feedback; and a feedback merged into another one (duplicate) once the answer of
    that one has been passed on to it (`shared_answer`): every reporter rates the answer they received."""
    return state in (State.ANSWERED, State.CLOSED) or (state == State.DUPLICATE and shared_answer)


def can_reopen(state: str, rating: int | None, answered_on: date | None, today: date, window_days: int) -> bool:
    """The resident may reopen an answered feedback they are not satisfied with (rating ≤ 3, or not rated yet),
    within `window_days` calendar days of the answer."""
    if state not in (State.ANSWERED, State.CLOSED) or answered_on is None:
        return False
    if is_satisfied(rating):
        return False
    return today <= answered_on + timedelta(days=window_days)


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to count."""
    if whole <= 0:
        return None
    return round(100.0 * part / whole, 1)


# --- location -------------------------------------------------------------------------------------

# Mainland Việt Nam with its islands (generous): a first sanity bound for any point.
VN_BOUNDS = (8.0, 23.6, 102.0, 117.5)  # lat min, lat max, lon min, lon max
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance on the WGS84 mean sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def commune_radius_km(area_km2: float | None) -> float:
    """The radius around a commune's centroid inside which a point is accepted: the radius of a disc of the same
    area, times 1.8 for irregular shapes, plus 1 km of slack; 15 km when the area is unknown. (The project has no
    commune polygons offline; see ADR 0017.)"""
    if not area_km2 or area_km2 <= 0:
        return 15.0
    return math.sqrt(area_km2 / math.pi) * 1.8 + 1.0


def check_point(lat, lon, *, centroid: tuple[float, float] | None, area_km2: float | None) -> tuple[float, float] | None:
    """Validate an optional WGS84 point: both or neither; numbers; inside Việt Nam; near the chosen commune.
    Returns (lat, lon) rounded to 6 decimals (≈ 0.1 m) or None."""
    empty = (lat in (None, ""), lon in (None, ""))
    if all(empty):
        return None
    if any(empty):
        raise ValidationError({"lat": ValidationError(_("Cần cả vĩ độ và kinh độ."), code="incomplete_point")})
    try:
        flat, flon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValidationError({"lat": ValidationError(_("Tọa độ không hợp lệ."), code="invalid_point")}) from None
    if not (math.isfinite(flat) and math.isfinite(flon)):
        raise ValidationError({"lat": ValidationError(_("Tọa độ không hợp lệ."), code="invalid_point")})
    lat_min, lat_max, lon_min, lon_max = VN_BOUNDS
    if not (lat_min <= flat <= lat_max and lon_min <= flon <= lon_max):
        raise ValidationError({"lat": ValidationError(_("Vị trí không nằm trên lãnh thổ Việt Nam."),
                                                      code="point_outside_country")})
    if centroid is not None and distance_km(flat, flon, *centroid) > commune_radius_km(area_km2):
        raise ValidationError({"lat": ValidationError(
            _("Vị trí đã chọn nằm ngoài xã, phường nhận phản ánh. Hãy kiểm tra lại vị trí hoặc xã, phường."),
            code="point_outside_commune")})
    return round(flat, 6), round(flon, 6)


# --- duplicates -----------------------------------------------------------------------------------

DUPLICATE_DAYS = 14
DUPLICATE_KM = 0.15
DUPLICATE_SIMILARITY = 0.35
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(["va", "la", "cua", "co", "cho", "o", "tai", "da", "dang", "bi", "duoc", "nay", "khi", "thi", "cac", "nhung", "mot", "de", "tren", "duoi", "rat", "nhieu", "toi", "chung", "xin", "vui", "long"])


def tokens(text: str) -> frozenset[str]:
    """Folded words (no diacritics) without short or very common Vietnamese words."""
    return frozenset(w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two token sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Candidate:
    """What duplicate detection needs to know of a feedback."""

    category: str
    received: datetime
    lat: float | None
    lon: float | None
    village_id: int | None
    words: frozenset[str]


def duplicate_score(new: Candidate, old: Candidate) -> float:
    """0 when not a plausible duplicate; else a score in (0, 1]: same category, within 14 days, at the same
    place (≤ 150 m, or the same village when there are no points), and similar folded text."""
    if new.category != old.category or abs((new.received - old.received).days) > DUPLICATE_DAYS:
        return 0.0
    if new.lat is not None and old.lat is not None:
        near = distance_km(new.lat, new.lon, old.lat, old.lon) <= DUPLICATE_KM
    else:
        near = new.village_id is not None and new.village_id == old.village_id
    sim = similarity(new.words, old.words)
    if not near and sim < 0.6:
        return 0.0
    if sim < DUPLICATE_SIMILARITY and not (near and sim >= 0.2):
        return 0.0
    return round(min(1.0, sim + (0.25 if near else 0.0)), 3)


# --- intake classification (NĐ 20/2008 Art.1) ------------------------------------------------------

_COMPLAINT = ("khieu nai", "de nghi xem xet lai quyet dinh", "quyet dinh hanh chinh trai phap luat")
_DENUNCIATION = ("to cao", "tham nhung", "nhan hoi lo", "an hoi lo", "tham o", "bao ke")


def suggest_case_kind(text: str) -> str | None:
    """A hint for the official at intake: the words of a complaint or a denunciation. Never converts by itself
    (the official decides and converts with a link)."""
    folded = fold(text)
    if any(w in folded for w in _DENUNCIATION):
        return CaseKind.DENUNCIATION
    if any(w in folded for w in _COMPLAINT):
        return CaseKind.COMPLAINT
    return None


# --- routing: (category × unit) → responsible organisation ------------------------------------------


@dataclass(frozen=True)
class Route:
    category: str | None  # None = every category
    unit_path: str  # the unit (commune, village or a unit above) whose subtree the rule covers
    organisation_id: int
    answer_days: int | None = None


def route(category: str, unit_path: str, routes: list[Route] | tuple[Route, ...]) -> Route | None:
    """The most specific rule covering (category, unit): the deepest unit first, then a rule for this category
    before a rule for every category. None when no rule covers it (the commune's UBND answers)."""
    best, best_key = None, None
    for r in routes:
        if not unit_path.startswith(r.unit_path) or (r.category is not None and r.category != category):
            continue
        key = (len(r.unit_path), r.category is not None)
        if best_key is None or key > best_key:
            best, best_key = r, key
    return best


# --- form fields ----------------------------------------------------------------------------------

MAX_DESCRIPTION = 4000  # Open311 GeoReport v2: "free form text limited to 4,000 characters"
MIN_DESCRIPTION = 10
MAX_PHOTOS = 3
# "PA-" and 10 characters of the safe alphabet (core.procedures.TrackingCode), read aloud or typed from an SMS.
TRACKING = TrackingCode(prefix="PA-")


def is_valid_tracking_code(code: str) -> bool:
    """A code this app may have issued: the scheme's form, drawn from its alphabet (never 0/O, 1/I/L)."""
    return TRACKING.is_valid(code) and not set(code[len(TRACKING.prefix):]) - set(TRACKING.alphabet)


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
        raise ValidationError({"phone": ValidationError(_("Số điện thoại không hợp lệ (ví dụ: 0912 345 678)."),
                                                        code="invalid_phone")})
    return value


def mask_name(name: str) -> str:
    """How a reporter who agreed to be named appears publicly: the given name only ("Nguyễn Văn An" → "An")."""
    parts = (name or "").split()
    return parts[-1] if parts else ""
