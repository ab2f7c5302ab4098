"""The two named permissions, per persona and per commune."""

import pytest
import rules

pytestmark = pytest.mark.django_db


def test_the_permissions_exist():
    assert rules.perm_exists("inforequests.handle_request")
    assert rules.perm_exists("inforequests.view_request")


@pytest.mark.parametrize("persona, on_a, on_b", [
    ("resident", False, False), ("village_head", False, False), ("official_a", True, False),
    ("official_b", False, True), ("city_officer", False, False), ("superuser", True, True),
])
def test_only_handlers_of_the_commune_handle_its_requests(tree, personas, submitted, persona, on_a, on_b):
    user = personas[persona]
    r = submitted()
    assert user.has_perm("inforequests.handle_request", tree.commune_a) is on_a
    assert user.has_perm("inforequests.handle_request", r) is on_a
    assert user.has_perm("inforequests.view_request", r) is on_a
    assert user.has_perm("inforequests.handle_request", tree.commune_b) is on_b


def test_the_requester_may_view_but_not_handle_their_own_request(tree, personas, submitted):
    resident = personas["resident"]
    r = submitted(user=resident)
    assert resident.has_perm("inforequests.view_request", r)
    assert not resident.has_perm("inforequests.handle_request", r)
    assert not personas["village_head"].has_perm("inforequests.view_request", r)
