"""units.access.capability_rule: the one predicate every app's rules.py builds from a capability."""

import pytest

from danchu.units.access import capability_rule
from danchu.units.domain import Capability


@pytest.mark.django_db
def test_a_capability_rule_asks_the_object_s_unit(personas, tree):
    rule = capability_rule(Capability.MANAGE_HOUSEHOLDS)
    assert rule.test(personas["official_a"], tree.household_a1)
    assert not rule.test(personas["official_b"], tree.household_a1)
    assert not rule.test(personas["resident"], tree.commune_a)
    assert rule.name == "has_manage_households"
    assert capability_rule(Capability.MANAGE_HOUSEHOLDS, unit=lambda obj: tree.commune_b).test(
        personas["official_b"], tree.household_a1)
