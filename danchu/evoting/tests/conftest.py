"""Fixtures: Khu vực 1 of Phường Cái Khế with four households, three of them opted in; the resident persona
represents household A1-001."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def hh(tree, personas):
    from danchu.units.services import household_create

    tree.household_a1.representative = personas["resident"]
    tree.household_a1.save()
    extra = [household_create(village=tree.village_a1, actor=None, code=f"A1-00{i}", representative_name=name,
                              established_on=date(2025, 7, 1))
             for i, name in ((2, "Lê Văn Bình"), (3, "Phạm Thị Cúc"), (4, "Võ Văn Dũng"))]
    return [tree.household_a1, *extra]


@pytest.fixture
def opted(hh):
    from danchu.evoting.services import opt_in

    for h in hh[:3]:
        opt_in(household=h, actor=None)
    return hh


@pytest.fixture
def poll(tree, personas, opted):
    from danchu.evoting.services import create_poll

    now = timezone.now()
    return create_poll(village=tree.village_a1, question="Trồng cây xanh trên đường Mậu Thân?",
                       actor=personas["village_head"], opens_at=now - timedelta(minutes=5),
                       closes_at=now + timedelta(hours=1), self_management_confirmed=True)


@pytest.fixture
def open_poll(poll, personas):
    from danchu.evoting.services import open_poll as do_open

    return do_open(poll=poll, actor=personas["village_head"])


def close(poll, actor):
    from danchu.evoting.services import close_poll

    return close_poll(poll=poll, actor=actor, now=poll.closes_at)
