"""Citizen reception (Luật Tiếp công dân 42/2013/QH13, §5 of the reference): group visits (Art.29; Luật Khiếu nại
Art.8.4), the leaders' reception frequency (Art.12.5, 15.2.d, 18.2) and what is done with a visit (Art.26, 28.1).
Pure, no ORM."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

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


def frequency_text(leader_kind: str) -> str:
    """The legal minimum as residents read it — "01 ngày mỗi tuần", "01 ngày mỗi tháng" — or "" when none."""
    rule = FREQUENCY.get(leader_kind)
    if rule is None:
        return ""
    period, minimum, _article = rule
    text = _("%(n)s ngày mỗi tuần") if period == "week" else _("%(n)s ngày mỗi tháng")
    return str(text) % {"n": f"{minimum:02d}"}


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
