"""Pure rules of public disclosure at commune level (Law 10/2022/QH15 Art.11–14). No ORM here.

The 14 contents of Art.11 are reference data with their rules; channels are Art.12.1 (a)–(k) and Art.13. The
numbers of the law are read from the registry (danchu.core.legal_rules) by key:
- "grassroots.publicity_deadline" (Art.12.3): published "chậm nhất là 05 ngày làm việc" from the decision;
- "grassroots.posting_min" (Art.13.2): posted "ít nhất là 30 ngày liên tục kể từ ngày niêm yết";
- "grassroots.loudspeaker_min" (Art.13.3): items 7–12 on the loudspeaker for at least 03 consecutive days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.calendar import WorkCalendar
from danchu.core.deadlines import days_elapsed, is_overdue
from danchu.core.legal_rules import get_rule, rule_due, rule_period_end, rule_text
from danchu.core.workflow import Workflow

PUBLICITY_RULE = "grassroots.publicity_deadline"  # Art.12.3
POSTING_RULE = "grassroots.posting_min"  # Art.13.2
LOUDSPEAKER_RULE = "grassroots.loudspeaker_min"  # Art.13.3


@dataclass(frozen=True)
class Category:
    """One content of Law 10/2022 Art.11 (khoản `number`) and its publicity rules."""

    number: int
    title: str
    short: str
    posting_rule: str | None  # the minimum posting period; None: posted permanently (11.4, 11.13) or per law (11.14)
    permanent: bool  # kept posted and re-published on every change
    loudspeaker_rule: str | None  # Art.13.3 for items 7–12

    @property
    def posting_min_days(self) -> int | None:
        return get_rule(self.posting_rule).amount if self.posting_rule else None

    @property
    def loudspeaker_min_days(self) -> int | None:
        return get_rule(self.loudspeaker_rule).amount if self.loudspeaker_rule else None


CATEGORIES: tuple[Category, ...] = (
    Category(1, _("Kế hoạch phát triển kinh tế - xã hội, phương án chuyển dịch cơ cấu kinh tế hằng năm và kết quả thực hiện"),
             _("Kế hoạch kinh tế - xã hội"), POSTING_RULE, False, None),
    Category(2, _("Dự toán, tình hình thực hiện, quyết toán ngân sách; kiến nghị của Kiểm toán nhà nước"),
             _("Ngân sách"), POSTING_RULE, False, None),
    Category(3, _("Dự án, công trình đầu tư; thu hồi đất, bồi thường, hỗ trợ, tái định cư; quy hoạch"),
             _("Dự án, đất đai"), POSTING_RULE, False, None),
    Category(4, _("Quy chế thực hiện dân chủ; nhiệm vụ, quyền hạn của cán bộ, công chức; quy tắc ứng xử"),
             _("Quy chế dân chủ, nhiệm vụ cán bộ"), None, True, None),
    Category(5, _("Quản lý, sử dụng các loại quỹ, khoản đầu tư, tài trợ; các khoản huy động Nhân dân đóng góp"),
             _("Quỹ, khoản đóng góp"), POSTING_RULE, False, None),
    Category(6, _("Đầu tư, mua sắm, giao, thuê, sử dụng, thu hồi, thanh lý tài sản công cấp xã"),
             _("Tài sản công"), POSTING_RULE, False, None),
    Category(7, _("Chính sách hỗ trợ, trợ cấp, tín dụng, chương trình mục tiêu quốc gia, nhà ở, bảo hiểm y tế, an sinh xã hội"),
             _("Chính sách hỗ trợ, an sinh"), POSTING_RULE, False, LOUDSPEAKER_RULE),
    Category(8, _("Hỗ trợ thiên tai, dịch bệnh, bệnh hiểm nghèo; quyên góp tự nguyện"),
             _("Hỗ trợ thiên tai, quyên góp"), POSTING_RULE, False, LOUDSPEAKER_RULE),
    Category(9, _("Nghĩa vụ quân sự, nghĩa vụ tham gia Công an nhân dân"),
             _("Nghĩa vụ quân sự, công an"), POSTING_RULE, False, LOUDSPEAKER_RULE),
    Category(10, _("Kết quả thanh tra, kiểm tra, xử lý tham nhũng, tiêu cực, kỷ luật; kết quả lấy phiếu tín nhiệm"),
             _("Thanh tra, kỷ luật, tín nhiệm"), POSTING_RULE, False, LOUDSPEAKER_RULE),
    Category(11, _("Kế hoạch lấy ý kiến Nhân dân, nội dung, kết quả tổng hợp ý kiến và giải trình, tiếp thu"),
             _("Lấy ý kiến Nhân dân"), POSTING_RULE, False, LOUDSPEAKER_RULE),
    Category(12, _("Đối tượng, mức thu phí, lệ phí, nghĩa vụ tài chính do cấp xã thu"),
             _("Phí, lệ phí"), POSTING_RULE, False, LOUDSPEAKER_RULE),
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


# Channels whose period is a physical or online posting that must last the posting period (Art.13.2).
POSTING_CHANNELS = frozenset({Channel.PORTAL, Channel.COMMUNE_HQ, Channel.VILLAGE_HOUSE})


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo (chưa công khai)")
    PUBLISHED = "published", _("Đã công khai")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


def rule_texts() -> dict[str, str]:
    """The periods of Art.12.3 and 13 as residents read them ("05 ngày làm việc", "30 ngày"), for help texts."""
    return {"deadline": rule_text(PUBLICITY_RULE), "posting": rule_text(POSTING_RULE),
            "loudspeaker": rule_text(LOUDSPEAKER_RULE)}


# --- Publication deadline (Art.12.3) ---------------------------------------------------------------


def publication_deadline(decision_date: date, cal: WorkCalendar) -> date:
    """The last day to publish: "grassroots.publicity_deadline" (05 working days) from the decision (Law
    10/2022 Art.12.3).

    Counted like every deadline (BLDS 2015 Art.147–148, danchu.core.deadlines): the decision day itself
    is not counted, non-working days (weekends, Tết, swapped days off) are skipped, worked Saturdays count.
    A sector law may set another time limit (Art.12.3 "theo quy định của pháp luật chuyên ngành"); this
    is the default the platform applies.
    """
    return rule_due(PUBLICITY_RULE, decision_date, cal)


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
# A posting period is counted like every period of the law (BLDS 2015 Art.147, core.deadlines): the day of posting
# is NOT counted, counting starts the next day. "Ít nhất là 30 ngày liên tục kể từ ngày niêm yết": a notice posted on
# 01/03 has been posted 30 days at the end of 31/03 — it must still be up on 31/03 (rule_period_end). The last day of
# the period is not rolled past a Sunday or a holiday (a notice stays up on a Sunday). A posting's `end` is the last
# day the notice was up ("đến hết ngày"); a notice taken down on its posting day has been posted 0 days.


def posting_days(start: date, end: date | None, today: date) -> int:
    """Days counted of a posting (the posting day itself not counted, BLDS Art.147): up from 01/03 to the end of
    31/03 → 30. Still posted (`end` None): counted to the end of today. A posting that starts later has 0 days."""
    return days_elapsed(start, end if end is not None else today)


def period_complete(rule: str, start: date, end: date) -> bool:
    """Whether a posting up from `start` to the end of `end` lasted the minimum period of `rule`."""
    return end >= rule_period_end(rule, start)


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


def longest_period(periods: Iterable[tuple[date, date | None]],
                   today: date) -> tuple[date, date | None, int, bool] | None:
    """(start, end, days counted, still going on) of the longest continuous posting (a run still going on wins a
    tie), or None when there is none."""
    best = None
    for start, end in merge_periods(periods):
        days = posting_days(start, end, today)
        ongoing = end is None and start <= today
        if best is None or (days >= best[2] if ongoing else days > best[2]):
            best = (start, end, days, ongoing)
    return best


def longest_run(periods: Iterable[tuple[date, date | None]], today: date) -> tuple[int, bool]:
    """(days of the longest continuous posting, whether that run is still going on)."""
    best = longest_period(periods, today)
    return (best[2], best[3]) if best else (0, False)


def too_short(rule: str, periods: list[tuple[date, date | None]], today: date) -> tuple[date, int] | None:
    """(start, days counted) of the longest finished posting when it fell short of `rule`; None when the posting
    lasted long enough, is still up, or has not started yet (nothing to judge)."""
    best = longest_period(periods, today)
    if best is None or all(s > today for s, _e in periods):
        return None
    start, end, days, ongoing = best
    if ongoing or end is None or period_complete(rule, start, end):
        return None
    return start, days


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


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
      village concerned, for the "grassroots.posting_min" period, continuous, the posting day not counted
      (`period_complete`); a posting still up is never "too short" while it lasts;
    - Art.11.4, 11.13: items 4 and 13 are posted permanently, so every place needs an open-ended posting;
    - Art.13.3: items 7–12 on the loudspeaker for the "grassroots.loudspeaker_min" period, counted the same way
      (when the commune has one).
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
        if cat.posting_rule is None:
            return
        short = too_short(cat.posting_rule, periods_here, today)
        if short:
            start, days = short
            problems.append(Problem(
                ProblemCode.POSTING_TOO_SHORT,
                _("%(place)s: niêm yết %(days)d ngày (không tính ngày niêm yết %(start)s), chưa đủ %(rule)s liên "
                  "tục: phải niêm yết đến hết ngày %(until)s (khoản 2 Điều 13).")
                % {"place": label, "days": days, "rule": rule_text(cat.posting_rule), "start": _d(start),
                   "until": _d(rule_period_end(cat.posting_rule, start))},
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
    if cat.loudspeaker_rule and has_loudspeaker:
        speaker = periods(Channel.LOUDSPEAKER, any_village=True)
        if not speaker:
            problems.append(Problem(ProblemCode.LOUDSPEAKER_MISSING,
                                    _("Chưa thông báo trên hệ thống truyền thanh cấp xã (khoản 3 Điều 13)."),
                                    channel=Channel.LOUDSPEAKER))
        else:
            short = too_short(cat.loudspeaker_rule, speaker, today)
            if short:
                start, days = short
                problems.append(Problem(
                    ProblemCode.LOUDSPEAKER_TOO_SHORT,
                    _("Hệ thống truyền thanh: %(days)d ngày (không tính ngày bắt đầu %(start)s), chưa đủ %(rule)s "
                      "liên tục: phải thông báo đến hết ngày %(until)s (khoản 3 Điều 13).")
                    % {"days": days, "rule": rule_text(cat.loudspeaker_rule), "start": _d(start),
                       "until": _d(rule_period_end(cat.loudspeaker_rule, start))},
                    channel=Channel.LOUDSPEAKER, days=days))
    return problems


def required_rule(category: int, channel: str) -> str | None:
    """The key of the minimum continuous period of one posting on `channel` for `category` (None: no minimum)."""
    cat = CATEGORY_BY_NUMBER.get(category)
    if cat is None:
        return None
    if channel in POSTING_CHANNELS:
        return cat.posting_rule
    if channel == Channel.LOUDSPEAKER:
        return cat.loudspeaker_rule
    return None


def required_days(category: int, channel: str) -> int | None:
    """The minimum continuous period, in days, of one posting on `channel` for `category` (None: no minimum)."""
    rule = required_rule(category, channel)
    return get_rule(rule).amount if rule else None


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


# --- Workflow (Appendix B: DECIDED → PUBLISHED → POSTED …; withdrawn is final) ---------------------

WORKFLOW = Workflow(
    {
        ItemStatus.DRAFT: {ItemStatus.PUBLISHED},
        ItemStatus.PUBLISHED: {ItemStatus.WITHDRAWN},
        ItemStatus.WITHDRAWN: set(),
    },
    labels=ItemStatus,
    name=_("nội dung công khai"),
)


def is_editable(status: str) -> bool:
    """Drafts are edited in place; published items get a new version; withdrawn items are closed."""
    return status in (ItemStatus.DRAFT, ItemStatus.PUBLISHED)


def makes_new_version(status: str) -> bool:
    """Changing a published item publishes a new version (Art.14.1: changed information is re-published)."""
    return status == ItemStatus.PUBLISHED


def accepts_postings(status: str) -> bool:
    return status == ItemStatus.PUBLISHED
