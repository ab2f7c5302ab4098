"""core.scoping: every record knows its unit; no guessing from attribute names."""

import pytest

from danchu.core.scoping import ScopedQuerySet, UnitScoped, subtree_q, unit_of


def test_unit_of_refuses_objects_that_do_not_declare_their_unit():
    class Stranger:
        commune = "looks like a unit"

    assert unit_of(None) is None
    with pytest.raises(TypeError):
        unit_of(Stranger())


def test_a_scoped_object_follows_its_declared_path():
    class Village:
        path = "/1/2/3/"

    class Team:
        village = Village()

    class Case(UnitScoped):
        unit_field = "team__village"
        team = Team()

    assert unit_of(Case()) is Case.team.village
    assert Case.unit_lookup("path") == "team__village__path"


def test_subtree_q_filters_on_the_materialised_path():
    class Commune:
        path = "/1/5/"

    assert str(subtree_q("commune", Commune())) == str(__import__("django.db.models", fromlist=["Q"]).Q(
        commune__path__startswith="/1/5/"))


@pytest.mark.django_db
def test_units_belong_to_themselves_and_filter_their_subtree(tree):
    from danchu.units.models import AdministrativeUnit, Household

    assert unit_of(tree.commune_a) is tree.commune_a
    assert isinstance(AdministrativeUnit.objects.all(), ScopedQuerySet)
    below = set(AdministrativeUnit.objects.in_subtree(tree.commune_a).values_list("pk", flat=True))
    assert below == {tree.commune_a.pk, tree.village_a1.pk, tree.village_a2.pk}
    assert list(AdministrativeUnit.objects.in_unit(tree.village_b1)) == [tree.village_b1]
    assert Household.objects.count() == 2
