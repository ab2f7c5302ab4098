"""Pure rules of public disclosure at commune level (Law 10/2022/QH15 Art.11–14). No ORM here.

The 14 contents of Art.11 are reference data with their rules; channels are Art.12.1 (a)–(k) and Art.13.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import WorkCalendar
from danchu.core.deadlines import DeadlineUnit, due_date, is_overdue

# Art.13.2: posting "ít nhất là 30 ngày liên tục kể từ ngày niêm yết" (calendar days, continuous).
POSTING_MIN_DAYS = 30
# Art.13.3: items 7–12 on the commune loudspeaker "trong thời hạn ít nhất là 03 ngày liên tục".
LOUDSPEAKER_MIN_DAYS = 3
# Art.12.3: "chậm nhất là 05 ngày làm việc kể từ ngày có quyết định, văn bản của cơ quan có thẩm quyền".
PUBLICATION_DEADLINE_WD = 5


@dataclass(frozen=True)
class Category:
    """One content of Law 10/2022 Art.11 (khoản `number`) and its publicity rules."""

    number: int
    title: str
    short: str
    posting_min_days: int | None  # None: posted permanently (Art.11.4, 11.13), or per law (11.14)
    permanent: bool  # kept posted and re-published on every change
    loudspeaker_min_days: int | None  # Art.13.3 for items 7–12


CATEGORIES: tuple[Category, ...] = (
    Category(1, _("Kế hoạch phát triển kinh tế - xã hội, phương án chuyển dịch cơ cấu kinh tế hằng năm và kết quả thực hiện"),
             _("Kế hoạch kinh tế - xã hội"), POSTING_MIN_DAYS, False, None),
    Category(2, _("Dự toán, tình hình thực hiện, quyết toán ngân sách; kiến nghị của Kiểm toán nhà nước"),
             _("Ngân sách"), POSTING_MIN_DAYS, False, None),
    Category(3, _("Dự án, công trình đầu tư; thu hồi đất, bồi thường, hỗ trợ, tái định cư; quy hoạch"),
             _("Dự án, đất đai"), POSTING_MIN_DAYS, False, None),
    Category(4, _("Quy chế thực hiện dân chủ; nhiệm vụ, quyền hạn của cán bộ, công chức; quy tắc ứng xử"),
             _("Quy chế dân chủ, nhiệm vụ cán bộ"), None, True, None),
    Category(5, _("Quản lý, sử dụng các loại quỹ, khoản đầu tư, tài trợ; các khoản huy động Nhân dân đóng góp"),
             _("Quỹ, khoản đóng góp"), POSTING_MIN_DAYS, False, None),
    Category(6, _("Đầu tư, mua sắm, giao, thuê, sử dụng, thu hồi, thanh lý tài sản công cấp xã"),
             _("Tài sản công"), POSTING_MIN_DAYS, False, None),
    Category(7, _("Chính sách hỗ trợ, trợ cấp, tín dụng, chương trình mục tiêu quốc gia, nhà ở, bảo hiểm y tế, an sinh xã hội"),
             _("Chính sách hỗ trợ, an sinh"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(8, _("Hỗ trợ thiên tai, dịch bệnh, bệnh hiểm nghèo; quyên góp tự nguyện"),
             _("Hỗ trợ thiên tai, quyên góp"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(9, _("Nghĩa vụ quân sự, nghĩa vụ tham gia Công an nhân dân"),
             _("Nghĩa vụ quân sự, công an"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(10, _("Kết quả thanh tra, kiểm tra, xử lý tham nhũng, tiêu cực, kỷ luật; kết quả lấy phiếu tín nhiệm"),
             _("Thanh tra, kỷ luật, tín nhiệm"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(11, _("Kế hoạch lấy ý kiến Nhân dân, nội dung, kết quả tổng hợp ý kiến và giải trình, tiếp thu"),
             _("Lấy ý kiến Nhân dân"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(12, _("Đối tượng, mức thu phí, lệ phí, nghĩa vụ tài chính do cấp xã thu"),
             _("Phí, lệ phí"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(13, _("Thủ tục hành chính do cấp xã trực tiếp thực hiện"),
             _("Thủ tục hành chính"), None, True, None),
    Category(14, _("Nội dung khác theo quy định của pháp luật, quy chế thực hiện dân chủ của xã"),
             _("Nội dung khác"), None, False, None),
)
CATEGORY_BY_NUMBER = {c.number: c for c in CATEGORIES}
CATEGORY_CHOICES = [(c.number, f"{c.number}. {c.short}") for c in CATEGORIES]


class Channel(models.TextChoices):
    """Forms of publicity (Art.12.1 a–k; Art.13)."""

    PORTAL = "portal", _("Cổng/trang thông tin điện tử của xã")  # 12.1.b; mandatory when the commune has one
    COMMUNE_HQ = "commune_hq", _("Niêm yết tại trụ sở HĐND, UBND xã")  # 12.1.a; 13.2
    VILLAGE_HOUSE = "village_house", _("Niêm yết tại nhà văn hóa thôn, tổ dân phố")  # 13.2
    LOUDSPEAKER = "loudspeaker", _("Hệ thống truyền thanh")  # 12.1.c; 13.3
    VILLAGE_HEAD = "village_head", _("Thông qua trưởng thôn, tổ trưởng tổ dân phố")  # 12.1.d; 13.4
    WRITTEN_NOTICE = "written_notice", _("Gửi văn bản, thông báo đến hộ gia đình")  # 12.1.đ
    SMS = "sms", _("Tin nhắn đến đại diện hộ gia đình")  # 13.4
    SOCIAL_NETWORK = "social_network", _("Nhóm mạng xã hội hoạt động hợp pháp")  # 12.1.i; 13.4
    MEETING = "meeting", _("Hội nghị, buổi tiếp xúc, đối thoại")  # 12.1.e, g
    OTHER = "other", _("Hình thức khác")  # 12.1.k


# Channels whose period is a physical or online posting that must last POSTING_MIN_DAYS (Art.13.2).
POSTING_CHANNELS = frozenset({Channel.PORTAL, Channel.COMMUNE_HQ, Channel.VILLAGE_HOUSE})


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo (chưa công khai)")
    PUBLISHED = "published", _("Đã công khai")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


# --- Publication deadline (Art.12.3) ---------------------------------------------------------------


def publication_deadline(decision_date: date, cal: WorkCalendar) -> date:
    """The last day to publish: 05 working days from the decision (Law 10/2022 Art.12.3).

    Counted like every deadline (BLDS 2015 Art.147–148, danchu.core.deadlines): the decision day itself
    is not counted, non-working days (weekends, Tết, swapped days off) are skipped, worked Saturdays count.
    A sector law may set another time limit (Art.12.3 "theo quy định của pháp luật chuyên ngành"); this
    is the default the platform applies.
    """
    return due_date(decision_date, PUBLICATION_DEADLINE_WD, DeadlineUnit.WORKING_DAY, cal)


def changed_on(before_decision: date | None, after_decision: date | None, today: date) -> date:
    """The day a published item changed, from which its re-publication is due (Art.14.1: changed information
    must be re-published; within the 05 WD of Art.12.3): a new, later deciding document counts from its own
    date; any other change (a correction, an edited text) from the day it is made."""
    if after_decision is not None and (before_decision is None or after_decision > before_decision):
        return min(after_decision, today)
    return today


def is_late(decision_date: date | None, published_on: date | None, cal: WorkCalendar,
            today: date | None = None) -> bool:
    """Published after the Art.12.3 deadline — or, not published yet and `today` is past it.

    No decision date: nothing to count from, never late."""
    if decision_date is None:
        return False
    due = publication_deadline(decision_date, cal)
    if published_on is not None:
        return is_overdue(due, published_on)
    return today is not None and is_overdue(due, today)


# --- Counting a posting period (Art.13.2, 13.3) ----------------------------------------------------
# Decision of this project, documented: a posting period is a DURATION of display, not a deadline. Every
# calendar day on which the notice is up counts, the first day included: a notice posted from 01/03 to
# 30/03 has been posted 30 days ("ít nhất là 30 ngày liên tục kể từ ngày niêm yết" — from the day of
# posting). BLDS Art.147 (first day not counted) is about when a deadline ENDS; applied here it would
# require the notice to stay until 31/03. Counting inclusively is the reading most communes use on
# their posting records (niêm yết từ ngày … đến hết ngày …). The end date is the last day the notice
# was up ("đến hết ngày").


def posting_days(start: date, end: date | None, today: date) -> int:
    """Days the notice has been (or was) up, both ends included. Still posted (`end` None): up to today.

    A posting that starts in the future has 0 days so far."""
    last = end if end is not None else today
    return max(0, (last - start).days + 1)


def merge_periods(periods: Iterable[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    """Merge overlapping or touching periods (a notice replaced the next day is still "liên tục")."""
    out: list[tuple[date, date | None]] = []
    for start, end in sorted(periods, key=lambda p: p[0]):
        if end is not None and end < start:
            continue  # impossible period (the database forbids it); ignore rather than crash
        if out:
            last_start, last_end = out[-1]
            if last_end is None:
                continue  # the previous one is still posted: it covers everything after
            if start <= last_end + timedelta(days=1):
                out[-1] = (last_start, None if end is None else max(end, last_end))
                continue
        out.append((start, end))
    return out


def longest_run(periods: Iterable[tuple[date, date | None]], today: date) -> tuple[int, bool]:
    """(days of the longest continuous posting, whether that run is still going on)."""
    best, ongoing = 0, False
    for start, end in merge_periods(periods):
        days = posting_days(start, end, today)
        if end is None and start <= today:
            if days >= best:
                best, ongoing = days, True
        elif days > best:
            best, ongoing = days, False
    return best, ongoing


# --- Problems of an item's postings ----------------------------------------------------------------


class ProblemCode(models.TextChoices):
    LATE = "late", _("Công khai chậm")
    NOT_PUBLISHED = "not_published", _("Chưa công khai")
    PORTAL_MISSING = "portal_missing", _("Thiếu đăng trên cổng thông tin điện tử")
    COMMUNE_HQ_MISSING = "commune_hq_missing", _("Thiếu niêm yết tại trụ sở xã")
    VILLAGE_HOUSE_MISSING = "village_house_missing", _("Thiếu niêm yết tại nhà văn hóa thôn")
    POSTING_TOO_SHORT = "posting_too_short", _("Thời gian niêm yết chưa đủ")
    LOUDSPEAKER_MISSING = "loudspeaker_missing", _("Thiếu thông báo trên hệ thống truyền thanh")
    LOUDSPEAKER_TOO_SHORT = "loudspeaker_too_short", _("Thời gian phát thanh chưa đủ")
    PERMANENT_NOT_POSTED = "permanent_not_posted", _("Nội dung phải niêm yết thường xuyên đã bị gỡ")


@dataclass(frozen=True)
class Problem:
    """One shortfall against Art.12–13, with a Vietnamese message for the register and the compliance view."""

    code: str
    message: str
    channel: str = ""
    village_ids: tuple[int, ...] = ()
    days: int | None = None

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), "channel": self.channel,
                "villages": list(self.village_ids), "days": self.days}


def _attr(obj, name: str, default=None):
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _channel_label(channel: str) -> str:
    try:
        return str(Channel(channel).label)
    except ValueError:
        return channel


def posting_problems(category: int, postings: Iterable, villages_of_commune: Mapping[int, str], *,
                     has_portal: bool = True, has_loudspeaker: bool = True, today: date,
                     item_villages: Iterable[int] | None = None) -> list[Problem]:
    """What is missing or too short in the publicity of one item (Law 10/2022 Art.13).

    `postings`: objects or dicts with `channel`, `start`, `end` (None = still posted) and `village_id`.
    `villages_of_commune`: id → name of the commune's current villages; `item_villages`: the villages the
    item concerns (then only their cultural houses are required), empty/None = the whole commune.
    `has_portal` / `has_loudspeaker` are per-commune settings (Art.13.1 "trường hợp … có";
    Art.12.1.c "hệ thống truyền thanh (nếu có)").

    Rules checked:
    - Art.13.1: posted on the commune portal (when the commune has one);
    - Art.13.2: posted at the commune HQ and at the cultural house (điểm sinh hoạt cộng đồng) of every
      village concerned, for ≥ 30 consecutive days (see `posting_days` for counting); a posting still up
      is judged against `today` and is never "too short" while it lasts;
    - Art.11.4, 11.13: items 4 and 13 are posted permanently, so every place needs an open-ended posting;
    - Art.13.3: items 7–12 on the loudspeaker for ≥ 3 consecutive days (when the commune has one).
    Item 14 ("theo quy định của pháp luật") gets the place checks but no minimum duration.
    """
    cat = CATEGORY_BY_NUMBER[category]
    rows = [(str(_attr(p, "channel")), _attr(p, "start"), _attr(p, "end"), _attr(p, "village_id"))
            for p in postings]
    rows = [r for r in rows if r[1] is not None]
    problems: list[Problem] = []

    def periods(channel: str, village_id: int | None = None, any_village: bool = False):
        return [(s, e) for c, s, e, v in rows if c == channel and (any_village or v == village_id)]

    def check_place(channel: str, periods_here: list, *, village_id: int | None = None, label: str) -> None:
        if not periods_here:
            return
        if cat.permanent:
            if not any(e is None for _s, e in periods_here):
                problems.append(Problem(
                    ProblemCode.PERMANENT_NOT_POSTED,
                    _("%(place)s: nội dung khoản %(n)d Điều 11 phải niêm yết thường xuyên nhưng đã gỡ.")
                    % {"place": label, "n": cat.number},
                    channel=channel, village_ids=(village_id,) if village_id else ()))
            return
        if cat.posting_min_days is None:
            return
        days, ongoing = longest_run(periods_here, today)
        future_only = all(s > today for s, _e in periods_here)
        if not ongoing and not future_only and days < cat.posting_min_days:
            problems.append(Problem(
                ProblemCode.POSTING_TOO_SHORT,
                _("%(place)s: niêm yết %(days)d ngày, chưa đủ %(min)d ngày liên tục (khoản 2 Điều 13).")
                % {"place": label, "days": days, "min": cat.posting_min_days},
                channel=channel, village_ids=(village_id,) if village_id else (), days=days))

    # Art.13.1 — the portal
    portal = periods(Channel.PORTAL, any_village=True)
    if has_portal and not portal:
        problems.append(Problem(ProblemCode.PORTAL_MISSING,
                                _("Chưa đăng trên cổng/trang thông tin điện tử của xã (khoản 1 Điều 13)."),
                                channel=Channel.PORTAL))
    check_place(Channel.PORTAL, portal, label=str(_("Cổng thông tin điện tử")))

    # Art.13.2 — commune HQ
    hq = periods(Channel.COMMUNE_HQ, any_village=True)
    if not hq:
        problems.append(Problem(ProblemCode.COMMUNE_HQ_MISSING,
                                _("Chưa niêm yết tại trụ sở HĐND, UBND xã (khoản 2 Điều 13)."),
                                channel=Channel.COMMUNE_HQ))
    check_place(Channel.COMMUNE_HQ, hq, label=str(_("Trụ sở xã")))

    # Art.13.2 — cultural house of each village concerned
    wanted = [v for v in (item_villages or ()) if v in villages_of_commune] or list(villages_of_commune)
    missing = []
    for village_id in wanted:
        here = periods(Channel.VILLAGE_HOUSE, village_id)
        if not here:
            missing.append(village_id)
        else:
            check_place(Channel.VILLAGE_HOUSE, here, village_id=village_id,
                        label=str(_("Nhà văn hóa %(v)s") % {"v": villages_of_commune[village_id]}))
    if missing:
        names = ", ".join(villages_of_commune[v] for v in missing)
        problems.append(Problem(ProblemCode.VILLAGE_HOUSE_MISSING,
                                _("Chưa niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng của: %(names)s "
                                  "(khoản 2 Điều 13).") % {"names": names},
                                channel=Channel.VILLAGE_HOUSE, village_ids=tuple(missing)))

    # Art.13.3 — loudspeaker for items 7–12
    if cat.loudspeaker_min_days and has_loudspeaker:
        speaker = periods(Channel.LOUDSPEAKER, any_village=True)
        if not speaker:
            problems.append(Problem(ProblemCode.LOUDSPEAKER_MISSING,
                                    _("Chưa thông báo trên hệ thống truyền thanh cấp xã (khoản 3 Điều 13)."),
                                    channel=Channel.LOUDSPEAKER))
        else:
            days, ongoing = longest_run(speaker, today)
            if not ongoing and not all(s > today for s, _e in speaker) and days < cat.loudspeaker_min_days:
                problems.append(Problem(
                    ProblemCode.LOUDSPEAKER_TOO_SHORT,
                    _("Hệ thống truyền thanh: %(days)d ngày, chưa đủ %(min)d ngày liên tục (khoản 3 Điều 13).")
                    % {"days": days, "min": cat.loudspeaker_min_days},
                    channel=Channel.LOUDSPEAKER, days=days))
    return problems


def required_days(category: int, channel: str) -> int | None:
    """The minimum continuous period of one posting on `channel` for `category` (None: no minimum)."""
    cat = CATEGORY_BY_NUMBER.get(category)
    if cat is None:
        return None
    if channel in POSTING_CHANNELS:
        return cat.posting_min_days
    if channel == Channel.LOUDSPEAKER:
        return cat.loudspeaker_min_days
    return None


def category_or_error(value) -> Category:
    """The Art.11 category numbered `value`, or a ValidationError with a Vietnamese message (e.g. 99)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if isinstance(value, bool) or number not in CATEGORY_BY_NUMBER:
        raise ValidationError({"category": ValidationError(
            _("Nội dung công khai phải là một trong các khoản 1–14 Điều 11 Luật số 10/2022/QH15."),
            code="invalid_category")})
    return CATEGORY_BY_NUMBER[number]


# --- Quarters (Art.13.2: the list of disclosed items is drawn up and updated each quarter) ---------


def quarter_of(d: date) -> tuple[int, int]:
    """(year, quarter 1–4) of a date."""
    return d.year, (d.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter; ValueError for a quarter outside 1–4."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1–4, got {quarter!r}")
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, last - timedelta(days=1)


def check_quarter_started(year: int, quarter: int, today: date) -> None:
    """The quarterly list (Art.13.2) records what *was* disclosed: a quarter that has not begun has nothing to
    list and is refused. The current quarter may be listed and its list updated until it ends ("được lập, cập
    nhật theo từng quý")."""
    first, _last = quarter_bounds(year, quarter)
    if first > today:
        raise ValidationError({"quarter": ValidationError(
            _("Quý %(q)d năm %(y)d chưa bắt đầu: chỉ lập danh sách công khai cho quý đã qua hoặc quý hiện tại.")
            % {"q": quarter, "y": year}, code="future_quarter")})


def parse_quarter(text: str) -> tuple[int, int] | None:
    """"2026-Q3" / "2026-3" → (2026, 3); anything else → None."""
    text = (text or "").strip().upper().replace("Q", "")
    year, sep, q = text.partition("-")
    if not sep or not year.isdigit() or not q.isdigit() or len(year) != 4:
        return None
    if int(q) not in (1, 2, 3, 4) or not 1990 <= int(year) <= 2100:
        return None
    return int(year), int(q)


# --- Transitions (Appendix B: DECIDED → PUBLISHED → POSTED …; withdrawn is final) ------------------

TRANSITIONS: dict[str, frozenset[str]] = {
    ItemStatus.DRAFT: frozenset({ItemStatus.PUBLISHED}),
    ItemStatus.PUBLISHED: frozenset({ItemStatus.WITHDRAWN}),
    ItemStatus.WITHDRAWN: frozenset(),
}


def check_transition(current: str, target: str) -> None:
    """Raise a ValidationError (code "invalid_transition") unless `current` → `target` is allowed."""
    if target not in TRANSITIONS.get(current, frozenset()):
        messages = {
            ItemStatus.PUBLISHED: _("Chỉ công khai được nội dung đang là dự thảo."),
            ItemStatus.WITHDRAWN: _("Chỉ gỡ được nội dung đang công khai."),
        }
        raise ValidationError(messages.get(target, _("Không chuyển được trạng thái.")), code="invalid_transition")


def is_editable(status: str) -> bool:
    """Drafts are edited in place; published items get a new version; withdrawn items are closed."""
    return status in (ItemStatus.DRAFT, ItemStatus.PUBLISHED)


def makes_new_version(status: str) -> bool:
    """Changing a published item publishes a new version (Art.14.1: changed information is re-published)."""
    return status == ItemStatus.PUBLISHED


def accepts_postings(status: str) -> bool:
    return status == ItemStatus.PUBLISHED
