"""Fixtures of the convention tests: a village with a chosen number of households, a frozen clock, a draft."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TEXT_V1 = ("Chương I. QUY ĐỊNH CHUNG\n"
           "Điều 1. Hương ước này quy định việc giữ gìn vệ sinh môi trường, nếp sống văn minh trong Khu vực 1.\n"
           "Điều 2. Mỗi hộ đóng góp quỹ vệ sinh 20.000 đồng/tháng.\n"
           "Điều 3. Không thả rông gia súc, gia cầm trên đường hẻm.")
TEXT_V2 = TEXT_V1.replace("20.000 đồng/tháng", "15.000 đồng/tháng") + (
    "\nĐiều 4. Tổ chức việc cưới, việc tang tiết kiệm, không mở loa quá 22 giờ.")


def add_households(village, count: int, *, on: date = date(2025, 7, 1), prefix: str = "T") -> None:
    """`count` more households in the village from `on` (bulk: the register, not the service, is under test)."""
    from danchu.units.models import Household, HouseholdResidence

    made = Household.objects.bulk_create([
        Household(village=village, code=f"{prefix}{village.pk}-{i:04d}", representative_name=f"Hộ số {i}",
                  established_on=on) for i in range(count)])
    HouseholdResidence.objects.bulk_create([HouseholdResidence(household=h, village=village, start=on) for h in made])


@pytest.fixture
def december():
    """Monday 21/12/2026, 09:00 in Cần Thơ."""
    with time_machine.travel(datetime(2026, 12, 21, 9, 0, tzinfo=VN), tick=False) as traveller:
        yield traveller


@pytest.fixture
def village_100(tree):
    """Khu vực 1 of commune A with exactly 100 households (the tree's one + 99)."""
    add_households(tree.village_a1, 99)
    return tree.village_a1


@pytest.fixture
def draft(village_100, personas):
    from danchu.conventions import services

    return services.convention_propose(
        village=village_100, title="Hương ước Khu vực 1", text=TEXT_V1, actor=personas["village_head"],
        proposed_on=date(2026, 10, 1), drafting_team="Huỳnh Văn Lộc — Trưởng khu vực\nLê Thị Lan — Chi hội Phụ nữ")


@pytest.fixture
def posted(draft, personas):
    from danchu.conventions import services

    return services.convention_post(convention=draft, posted_on=date(2026, 11, 2), comment_until=date(2026, 12, 2),
                                    place="Nhà văn hóa Khu vực 1", actor=personas["village_head"])
