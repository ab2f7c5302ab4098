from __future__ import annotations

from datetime import date

import pytest

OPEN = date(2025, 7, 1)


def add_households(village, n: int, prefix: str | None = None):
    from danchu.units.services import household_create

    prefix = prefix or village.code
    start = village.households.count()
    return [household_create(village=village, actor=None, code=f"{prefix}-{start + i + 1:03d}",
                             representative_name=f"Hộ thứ {start + i + 1}", established_on=OPEN)
            for i in range(n)]


@pytest.fixture
def village(tree):
    """Khu vực 1 of Phường Cái Khế with 9 households (the tree's A1-001 and 8 more)."""
    add_households(tree.village_a1, 8, "A1")
    return tree.village_a1


@pytest.fixture
def households(village):
    return list(village.households.order_by("code"))
