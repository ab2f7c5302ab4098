"""The roll-up (read): the counted reports of a template added up for a scope and a span of periods, grouped by
the units of the drill-down — today's units and the pre-2025 units that roll into them (ADR 0005) — cached under a
signature of what it was built from; and who has and has not sent the report of a period."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, Sum

from danchu.core.scoping import subtree_q
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit, UnitLineage

from .. import domain
from ..aggregate import Aggregate, ValueRow, group_under, roll_up, totals
from ..models import Indicator, ReportTemplate, Submission, SubmissionValue
from ..values import IndicatorKind, TableSpec, table_from_json


@dataclass
class RollupRow:
    unit: AdministrativeUnit
    cells: dict[int, Aggregate]
    reports: int = 0
    legacy_reports: int = 0  # reports filed under pre-2025 units that rolled into this row


@dataclass
class Rollup:
    template: ReportTemplate
    scope: AdministrativeUnit
    start: date
    end: date
    indicators: list[Indicator]
    rows: list[RollupRow]
    total: dict[int, Aggregate]
    reports: int
    legacy_reports: int
    label: str = ""
    legacy_units: list[str] = field(default_factory=list)  # names, at most MAX_LEGACY_NAMES
    legacy_unit_count: int = 0

    @property
    def grid_indicators(self) -> list[Indicator]:
        """The indicators shown as one column each of the main table (numbers, yes/no, texts)."""
        return [ind for ind in self.indicators if ind.kind != IndicatorKind.TABLE]

    def tables(self) -> list[TableSection]:
        """One section per TABLE indicator: its number columns added up per unit of the drill-down and in total,
        per fixed row (or once per unit when the rows are free, with the number of rows given)."""
        out = []
        for ind in self.indicators:
            if ind.kind != IndicatorKind.TABLE:
                continue
            spec = ind.table_spec()
            number = spec.number_columns
            section = TableSection(indicator=ind, spec=spec, columns=[spec.columns[j].label for j in number])

            def lines(agg, section=section, number=number):
                return [(label, [sums[j] for j in number], agg.lines, agg.reports)
                        for label, sums in agg.table_totals(section.spec)]

            for row in self.rows:
                agg = row.cells.get(ind.pk) or Aggregate(ind.kind)
                section.rows.append((row.unit, lines(agg)))
            section.total = lines(self.total.get(ind.pk) or Aggregate(ind.kind))
            section.texts = (self.total.get(ind.pk) or Aggregate(ind.kind)).texts
            out.append(section)
        return out


@dataclass
class TableSection:
    """The roll-up of one TABLE indicator. Each line is (row label, [sum per number column or None], rows given,
    reports); `rows` pairs each unit of the drill-down with its lines, `total` is the lines of the whole scope."""

    indicator: Indicator
    spec: TableSpec
    columns: list[str]
    rows: list[tuple[AdministrativeUnit, list[tuple]]] = field(default_factory=list)
    total: list[tuple] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)


ROLLUP_CACHE_SECONDS = 600
MAX_LEGACY_NAMES = 100


def _rollup_signature(template: ReportTemplate) -> str:
    """Changes whenever a report of the template, the lineage or the unit tree changes: a cached roll-up is only
    reused while the figures it was built from are the same."""
    from django.db.models import Count, Max

    subs = Submission.objects.filter(template=template).aggregate(n=Count("pk"), m=Max("modified"))
    units = AdministrativeUnit.objects.aggregate(n=Count("pk"), m=Max("modified"))
    lineage = UnitLineage.objects.aggregate(n=Count("pk"), m=Max("pk"))
    return f"{subs['n']}:{subs['m']}:{units['n']}:{units['m']}:{lineage['n']}:{lineage['m']}"


def rollup(*, template: ReportTemplate, scope: AdministrativeUnit, start: date, end: date, label: str = "") -> Rollup:
    """Add up the counted reports (sent or accepted) of every period inside [start, end] for the units in `scope`'s
    subtree — today's units and the pre-2025 units that roll into them through the lineage — grouped by the child
    of `scope` that contains them (drill-down). Numbers are summed in the database per unit and indicator; the
    lineage and tree grouping are applied in Python (roll_up). The result is cached for 10 minutes under a
    signature of the template's reports, the units and the lineage, so any change is seen at once."""
    import hashlib

    from django.core.cache import cache

    signature = _rollup_signature(template)
    key = "steering:rollup:v2:" + hashlib.sha256(  # v2: aggregates carry the sums of table indicators
        f"{template.pk}|{scope.pk}|{start}|{end}|{signature}".encode()).hexdigest()
    packed = cache.get(key)
    if packed is None:
        result = build_rollup(template=template, scope=scope, start=start, end=end)
        cache.set(key, _pack(result), ROLLUP_CACHE_SECONDS)
    else:
        result = _unpack(packed, template=template, scope=scope, start=start, end=end)
    result.label = label
    return result


def _agg_tuple(agg: Aggregate) -> tuple:
    return (agg.kind, agg.total, agg.yes, agg.answered, agg.reports, agg.texts, agg.grid, agg.lines)


def _pack(result: Rollup) -> dict:
    """Plain data (ids, numbers, strings) for the cache: cheap to (un)pickle, unlike model instances."""
    return {"rows": [(r.unit.pk, r.reports, r.legacy_reports, {i: _agg_tuple(a) for i, a in r.cells.items()})
                     for r in result.rows],
            "total": {i: _agg_tuple(a) for i, a in result.total.items()}, "reports": result.reports,
            "legacy_reports": result.legacy_reports, "legacy_units": result.legacy_units,
            "legacy_unit_count": result.legacy_unit_count}


def _unpack(data: dict, *, template, scope, start, end) -> Rollup:
    units = AdministrativeUnit.objects.in_bulk([row[0] for row in data["rows"]])

    def agg(t):
        return Aggregate(t[0], total=t[1], yes=t[2], answered=t[3], reports=t[4], texts=t[5], grid=t[6],
                                lines=t[7])

    rows = [RollupRow(unit=units[pk], reports=n, legacy_reports=legacy, cells={i: agg(t) for i, t in cells.items()})
            for pk, n, legacy, cells in data["rows"] if pk in units]
    return Rollup(template=template, scope=scope, start=start, end=end, indicators=list(template.indicators.all()),
                  rows=rows, total={i: agg(t) for i, t in data["total"].items()}, reports=data["reports"],
                  legacy_reports=data["legacy_reports"], legacy_units=data["legacy_units"],
                  legacy_unit_count=data["legacy_unit_count"])


def build_rollup(*, template: ReportTemplate, scope: AdministrativeUnit, start: date, end: date) -> Rollup:
    """Reports are grouped in SQL by `rollup_unit` (today's unit, the lineage already applied when the report was
    opened), so a 5-year review of a province reads one sum per (today's unit, indicator)."""
    indicators = list(template.indicators.all())
    kinds = {ind.pk: ind.kind for ind in indicators}
    subs = Q(submission__template=template, submission__state__in=domain.COUNTED_STATES,
             submission__period_start__gte=start, submission__period_end__lte=end)
    report_filter = Q(template=template, state__in=domain.COUNTED_STATES, period_start__gte=start,
                      period_end__lte=end)
    if scope.pk != template.unit_id:
        # every report of a template lies in the issuing unit's subtree (submission_open checks it): only a
        # drill-down below the issuing unit needs the unit filter
        subs &= subtree_q("submission__rollup_unit", scope)
        report_filter &= subtree_q("rollup_unit", scope)
    base = SubmissionValue.objects.filter(subs)
    number_ids = [i for i, k in kinds.items() if k == IndicatorKind.NUMBER]
    rows: list[ValueRow] = [
        ValueRow(unit_id, ind_id, number=total)
        for unit_id, ind_id, total in (base.filter(indicator_id__in=number_ids, number__isnull=False)
                                       .values_list("submission__rollup_unit_id", "indicator_id")
                                       .annotate(s=Sum("number")).order_by())]
    if len(number_ids) < len(kinds):
        specs = {ind.pk: ind.table_spec() for ind in indicators if ind.kind == IndicatorKind.TABLE}
        other = base.exclude(indicator_id__in=number_ids).values_list(
            "submission__rollup_unit_id", "submission__unit__name", "submission__period_key", "indicator_id",
            "boolean", "text", "table")
        rows += [ValueRow(unit_id, ind_id, boolean=boolean, text=text or None, label=f"{unit_name} ({key})",
                          table=table_from_json(specs[ind_id], table) if ind_id in specs else None)
                 for unit_id, unit_name, key, ind_id, boolean, text, table in other]
    # (today's unit, filed unit, number of reports)
    from django.db.models import Count, F

    counts = list(Submission.objects.filter(report_filter).values_list("rollup_unit_id").annotate(
        n=Count("pk"), legacy=Count("pk", filter=~Q(unit_id=F("rollup_unit_id")))).order_by())
    unit_ids = {r.unit_id for r in rows} | {c[0] for c in counts}
    path_of = dict(AdministrativeUnit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    groups = roll_up(rows, kinds=kinds, scope_path=scope.path, path_of=path_of, successor_of={})
    report_count: Counter = Counter()
    legacy_count: Counter = Counter()
    for unit_id, n, legacy in counts:
        group = group_under(scope.path, path_of.get(unit_id, ""))
        if group is None:
            continue
        report_count[group] += n
        legacy_count[group] += legacy
    children = list(AdministrativeUnit.objects.filter(parent=scope).current(inside_validity(scope, end))
                    .order_by("name")) if scope.level < Level.VILLAGE else []
    shown = {c.pk for c in children}
    extra_ids = (set(groups) | set(report_count)) - shown
    if extra_ids:
        children += list(AdministrativeUnit.objects.filter(pk__in=extra_ids).order_by("name"))
    result_rows = [RollupRow(unit=c, cells=groups.get(c.pk, {}), reports=report_count[c.pk],
                             legacy_reports=legacy_count[c.pk]) for c in children]
    legacy = Submission.objects.filter(report_filter).exclude(unit_id=F("rollup_unit_id"))
    legacy_unit_count = legacy.values("unit_id").distinct().count()
    legacy_units = list(AdministrativeUnit.objects.filter(pk__in=legacy.values("unit_id")).order_by("name")
                        .values_list("name", flat=True)[:MAX_LEGACY_NAMES])
    return Rollup(template=template, scope=scope, start=start, end=end, indicators=indicators, rows=result_rows,
                  total=totals(groups, kinds), reports=sum(report_count.values()),
                  legacy_reports=sum(legacy_count.values()), legacy_units=legacy_units,
                  legacy_unit_count=legacy_unit_count)


def inside_validity(scope: AdministrativeUnit, on: date) -> date:
    """`on` moved inside the scope's validity: a 2021–2025 review of today's city lists today's communes."""
    if scope.valid_from and on < scope.valid_from:
        return scope.valid_from
    if scope.valid_to and on > scope.valid_to:
        return scope.valid_to
    return on
