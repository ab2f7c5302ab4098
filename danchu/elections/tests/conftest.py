from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def add_households(village, count: int, *, on: date = date(2025, 7, 1), prefix: str = "E") -> list:
    from danchu.units.models import Household, HouseholdResidence

    made = Household.objects.bulk_create([
        Household(village=village, code=f"{prefix}{village.pk}-{i:04d}", representative_name=f"Hộ số {i}",
                  established_on=on) for i in range(count)])
    HouseholdResidence.objects.bulk_create([HouseholdResidence(household=h, village=village, start=on) for h in made])
    return made


@pytest.fixture
def december():
    """Monday 21/12/2026, 09:00 in Cần Thơ."""
    with time_machine.travel(datetime(2026, 12, 21, 9, 0, tzinfo=VN), tick=False) as traveller:
        yield traveller


@pytest.fixture
def village_100(tree):
    add_households(tree.village_a1, 99)
    return tree.village_a1


@pytest.fixture
def planned(village_100, personas):
    """A village-head election on Sunday 13/12/2026, decided 20/11 (23 days before)."""
    from danchu.elections import services

    election = services.election_plan(village=village_100, office="village_head", election_day=date(2026, 12, 13),
                                      decided_on=date(2026, 11, 20), decision_number="210/KH-UBND",
                                      place="Nhà văn hóa Khu vực 1", actor=personas["official_a"])
    services.candidate_add(election=election, full_name="Huỳnh Văn Lộc", birth_year=1972, actor=personas["official_a"])
    services.candidate_add(election=election, full_name="Trần Minh Tâm", birth_year=1980,
                           actor=personas["official_a"])
    return election
