"""Fixtures of the consultation tests: a frozen clock and a consultation brought to any step."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PUBLISHED = date(2026, 11, 3)  # a Tuesday
LAST_DAY = date(2026, 11, 23)  # the 20th day after publication (a Monday)
AFTER = date(2026, 11, 24)


def at(d: date, hour: int = 9) -> datetime:
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=VN)


@pytest.fixture
def clock():
    """Tuesday 03/11/2026 09:00 in Cần Thơ; `clock.move_to(at(AFTER))` to jump past the period."""
    with time_machine.travel(at(PUBLISHED), tick=False) as traveller:
        yield traveller


PLAN = {
    "content_kind": 7, "title": "Dự thảo Quy chế thực hiện dân chủ ở Phường Cái Khế",
    "description": "Xin ý kiến Nhân dân về dự thảo Quy chế thực hiện dân chủ ở phường, gồm 5 chương, 32 điều.",
    "forms": ["portal", "community_meeting", "box_hotline"], "method": "Đăng trên trang của phường; họp các khu vực.",
    "responsible": "Văn phòng HĐND và UBND phường", "plan_number": "45/KH-UBND",
}


@pytest.fixture
def make_consultation(tree, personas, clock):
    """make(stage) → a consultation of commune A at `stage`: draft, plan_sent, open, closed."""
    from danchu.consultations import services

    official = personas["official_a"]

    def make(stage: str = "open", **changes):
        c = services.consultation_create(commune=tree.commune_a, actor=official, opens_on=PUBLISHED,
                                         closes_on=LAST_DAY, **{**PLAN, **changes})
        if stage == "draft":
            return c
        services.consultation_send_plan(consultation=c, actor=official, to_council=True, to_front=True)
        if stage == "plan_sent":
            return c
        services.consultation_publish(consultation=c, actor=official)
        if stage == "open":
            return c
        clock.move_to(at(AFTER))
        services.consultation_close(consultation=c, actor=official)
        return c

    return make
