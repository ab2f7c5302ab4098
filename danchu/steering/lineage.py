"""Records filed under pre-2025 units roll up into today's units through the lineage (ADR 0005).

Read only. A report, a plan or an assessment may sit under a unit that ceased on 30/06/2025; for sums and for
permissions steering carries it to the unit of today that replaced it (its primary successor, `UnitLineage`), so
that the successor commune's staff see and enter its predecessors' historical reports and nobody gains rights
through an old unit's path. `steering_unit(obj)` is the unit permissions are asked of: `core.scoping.unit_of(obj)`
carried to today's unit.
"""

from __future__ import annotations

from danchu.core.scoping import unit_of
from danchu.units.models import AdministrativeUnit, UnitLineage

from .aggregate import resolve_current


def lineage_successors() -> dict[int, int]:
    """Old unit id → its primary successor id. A unit with several links and no primary one goes to the first
    successor by id, so every old unit lands somewhere (ADR 0005: "reports must use is_primary")."""
    out: dict[int, int] = {}
    fallback: dict[int, int] = {}
    for pred, succ, primary in UnitLineage.objects.order_by("successor_id").values_list(
            "predecessor_id", "successor_id", "is_primary"):
        if primary:
            out.setdefault(pred, succ)
        else:
            fallback.setdefault(pred, succ)
    for pred, succ in fallback.items():
        out.setdefault(pred, succ)
    return out


def current_unit_of(unit: AdministrativeUnit, successors: dict[int, int] | None = None) -> AdministrativeUnit:
    """Today's unit a (possibly pre-2025) unit rolls into."""
    if unit.valid_to is None:
        return unit
    successors = successors if successors is not None else lineage_successors()
    target = resolve_current(unit.pk, successors)
    if target == unit.pk:
        return unit
    return AdministrativeUnit.objects.get(pk=target)


def predecessors_into(scope: AdministrativeUnit, successors: dict[int, int] | None = None) -> dict[int, int]:
    """Old unit id → today's unit id, for every old unit whose records roll into `scope`'s subtree."""
    successors = successors if successors is not None else lineage_successors()
    if not successors:
        return {}
    resolved = {old: resolve_current(old, successors) for old in successors}
    inside = set(AdministrativeUnit.objects.in_subtree(scope).filter(pk__in=set(resolved.values()))
                 .values_list("pk", flat=True))
    return {old: new for old, new in resolved.items() if new in inside}


def within_scope(unit: AdministrativeUnit, scope: AdministrativeUnit) -> bool:
    """`unit` is in `scope`'s subtree, directly or through the lineage of a pre-2025 unit."""
    if unit.path.startswith(scope.path):
        return True
    return unit.valid_to is not None and current_unit_of(unit).path.startswith(scope.path)


def steering_unit(obj) -> AdministrativeUnit | None:
    """The unit whose rights decide about `obj` (a unit or a steering record): its unit (core.scoping.unit_of),
    or, for a unit that no longer exists, today's unit it rolls into. Cached on the unit for the request."""
    unit = unit_of(obj)
    if unit is None or unit.valid_to is None:
        return unit
    cached = getattr(unit, "_steering_current", None)
    if cached is None:
        cached = current_unit_of(unit)
        unit._steering_current = cached
    return cached
