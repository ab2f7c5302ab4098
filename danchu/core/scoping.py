"""The unit-scoping contract: every record knows the administrative unit it belongs to, without guessing.

A model whose rows belong to a unit (a feedback to its commune, a convention to its village, a mediation case to
its team's village) declares where that unit is, once, as a lookup path:

    class MediationCase(UnitScoped, TimeStampedModel):
        unit_field = "team__village"
        objects = ScopedQuerySet.as_manager()

and then
- `case.owning_unit` is the unit (following the path on the instance);
- `MediationCase.objects.in_subtree(commune)` filters the rows of the commune and every village under it;
- `unit_of(obj)` (what permission predicates call) returns the unit of a record, of a unit itself, or None.

`unit_of` never guesses from attribute names: an object that does not declare its unit is a programming error
(`TypeError`), caught by tests of the rules, instead of a silent wrong answer. Units themselves answer
`owning_unit` with themselves (the units app declares it); `core` never imports the units app: a unit here is
anything with a materialised `path` ("/<pk>/<pk>/…/") whose descendants' paths start with it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q


def subtree_q(field: str, unit) -> Q:
    """`Q` for rows whose unit (at lookup `field`, "" for a unit model itself) is `unit` or below it."""
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    return Q(**{lookup: unit.path})


class UnitScoped:
    """Mixin for models whose rows belong to an administrative unit. Set `unit_field` to the lookup path of
    that unit ("commune", "village", "unit", "team__village", "decision__unit")."""

    unit_field: ClassVar[str] = ""

    @property
    def owning_unit(self):
        obj = self
        for part in self.unit_field.split("__"):
            obj = getattr(obj, part)
            if obj is None:
                return None
        return obj

    @classmethod
    def unit_lookup(cls, suffix: str = "") -> str:
        """The ORM lookup of the unit, optionally followed by a field of it: `unit_lookup("path")`."""
        return f"{cls.unit_field}__{suffix}" if suffix else cls.unit_field


class ScopedQuerySet(models.QuerySet):
    """Filters over the unit of `UnitScoped` models (and units themselves)."""

    def _unit_field(self) -> str:
        return getattr(self.model, "unit_field", "")

    def in_subtree(self, unit) -> ScopedQuerySet:
        """Rows of `unit` and of every unit below it."""
        return self.filter(subtree_q(self._unit_field(), unit))

    def in_unit(self, unit) -> ScopedQuerySet:
        """Rows of exactly `unit`."""
        field = self._unit_field()
        return self.filter(**{field: unit}) if field else self.filter(pk=unit.pk)


def unit_of(obj):
    """The administrative unit `obj` belongs to: None for None, the unit for a unit, the declared unit for a
    scoped record. Anything else is a programming error."""
    if obj is None:
        return None
    try:
        return obj.owning_unit
    except AttributeError as exc:
        if not hasattr(type(obj), "owning_unit"):
            raise TypeError(f"{type(obj).__name__} does not declare its unit (core.scoping.UnitScoped)") from exc
        raise


__all__ = ["ScopedQuerySet", "UnitScoped", "subtree_q", "unit_of"]
