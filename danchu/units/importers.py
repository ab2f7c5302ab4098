"""Import the national administrative units (before and from 1/7/2025) and their lineage.

Source: the `vietnamadminunits` package (MIT): `data/dataset.db` (tables `admin_units_legacy` = 63
provinces / 696 districts / 10,035 communes, `admin_units` = 34 provinces / 3,321 communes) and
`data/converter_2025.json` (old → new keys). The first half of this module is pure (reads the package
files and plans what should exist); `import_units()` then writes the plan in one transaction.

Known defect of converter_2025.json, corrected here (see `plan_commune_lineage`): when two old communes
with the same name (same ward key, e.g. "Xã Tân Thạnh" of Thới Lai and of Long Phú) end up in the same
new province, the package lists BOTH in DICT_PROVINCE_WARD_DIVIDED, each "split" between the two new
communes that really received them whole. Such a group is resolved to one WHOLE link per old commune.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from danchu.core import audit
from danchu.core.text import clean_text, fold

from .domain import (
    KIND_LEVEL,
    REORGANISATION_DATE,
    VERSION_2025,
    VERSION_PRE_2025,
    Level,
    LineageKind,
    kind_from_type_name,
)
from .verbs import AuditVerb

PROVINCE_LAW = "NQ 202/2025/QH15"
COMMUNE_LAW_RANGE = "NQ 1654–1687/NQ-UBTVQH15"
LEGAL_BASIS_2025 = f"{PROVINCE_LAW}; {COMMUNE_LAW_RANGE}"

# The resolution of the Standing Committee of the National Assembly (all dated 16/06/2025) that
# reorganised the communes of each new province (taken from the resolutions' own titles).
# Keyed by the folded name of the province from 1/7/2025.
COMMUNE_RESOLUTION: dict[str, int] = {
    "tinh an giang": 1654, "tinh ca mau": 1655, "thanh pho ha noi": 1656, "tinh cao bang": 1657,
    "tinh bac ninh": 1658, "thanh pho da nang": 1659, "tinh dak lak": 1660, "tinh dien bien": 1661,
    "tinh dong nai": 1662, "tinh dong thap": 1663, "tinh gia lai": 1664, "tinh ha tinh": 1665,
    "tinh hung yen": 1666, "tinh khanh hoa": 1667, "thanh pho can tho": 1668, "thanh pho hai phong": 1669,
    "tinh lai chau": 1670, "tinh lam dong": 1671, "tinh lang son": 1672, "tinh lao cai": 1673,
    "tinh ninh binh": 1674, "thanh pho hue": 1675, "tinh phu tho": 1676, "tinh quang ngai": 1677,
    "tinh nghe an": 1678, "tinh quang ninh": 1679, "tinh quang tri": 1680, "tinh son la": 1681,
    "tinh tay ninh": 1682, "tinh thai nguyen": 1683, "tinh tuyen quang": 1684,
    "thanh pho ho chi minh": 1685, "tinh thanh hoa": 1686, "tinh vinh long": 1687,
}


def commune_resolution(province_name: str) -> str:
    number = COMMUNE_RESOLUTION.get(fold(province_name))
    return f"NQ {number}/NQ-UBTVQH15" if number else COMMUNE_LAW_RANGE


# --- Report ----------------------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


CATEGORIES = ("versions", "old_provinces", "old_districts", "old_communes", "provinces", "communes", "lineage")


@dataclass
class ImportReport:
    province: str | None = None
    versions: Counts = field(default_factory=Counts)
    old_provinces: Counts = field(default_factory=Counts)
    old_districts: Counts = field(default_factory=Counts)
    old_communes: Counts = field(default_factory=Counts)
    provinces: Counts = field(default_factory=Counts)
    communes: Counts = field(default_factory=Counts)
    lineage: Counts = field(default_factory=Counts)
    lineage_corrected: int = 0  # links of the package's DIVIDED dict rewritten (name-collision defect)
    unmatched: int = 0  # keys of the converter that match no unit, even after folding
    folded_matches: int = 0  # keys matched only after folding (diacritics kept in a key)
    stale_units: int = 0  # units of these versions in the database but absent from the source
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: asdict(getattr(self, name)) for name in CATEGORIES}
        data.update(province=self.province, lineage_corrected=self.lineage_corrected,
                    unmatched=self.unmatched, folded_matches=self.folded_matches,
                    stale_units=self.stale_units, warnings=len(self.warnings))
        return data

    @property
    def changed(self) -> int:
        return sum(getattr(self, n).created + getattr(self, n).updated for n in CATEGORIES)


# --- Pure part: read the package and plan ------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    version: str
    code: str
    name: str
    short_name: str
    kind: str
    level: int
    parent_code: str | None
    latitude: float | None = None
    longitude: float | None = None
    area_km2: float | None = None
    category: str = ""


@dataclass(frozen=True)
class LineageSpec:
    predecessor: tuple[str, str]  # (version, code)
    successor: tuple[str, str]
    kind: str
    is_primary: bool
    legal_basis: str


@dataclass
class Plan:
    units: list[UnitSpec]
    lineage: list[LineageSpec]
    warnings: list[str]
    corrected: int = 0
    unmatched: int = 0
    folded_matches: int = 0


def data_dir() -> Path:
    return Path(str(resources.files("vietnamadminunits") / "data"))


def key_fold(key: str) -> str:
    """'xãcẩmgiàng' → 'xacamgiang' (keys are names without spaces, usually already ASCII)."""
    return fold(key).replace(" ", "")


def _opt(value: Any) -> float | None:
    return None if value is None else float(value)


def read_source(directory: Path | None = None) -> tuple[list[dict], list[dict], dict]:
    directory = directory or data_dir()
    conn = sqlite3.connect(f"file:{directory / 'dataset.db'}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        current = [dict(r) for r in conn.execute("SELECT * FROM admin_units ORDER BY provinceCode, wardCode")]
        legacy = [dict(r) for r in conn.execute(
            "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")]
    finally:
        conn.close()
    converter = json.loads((directory / "converter_2025.json").read_text(encoding="utf-8"))
    return current, legacy, converter


class KeyIndex:
    """Exact lookup of converter keys, falling back to a folded key when that is unambiguous."""

    def __init__(self, items: Iterable[tuple[str, Any]]):
        self.exact: dict[str, Any] = {}
        folded: dict[str, list[Any]] = defaultdict(list)
        for key, value in items:
            self.exact[key] = value
            folded[key_fold(key)].append(value)
        self.folded = {k: v[0] for k, v in folded.items() if len(v) == 1}
        self.folded_hits = 0
        self.misses: list[str] = []

    def get(self, key: str) -> Any | None:
        if key in self.exact:
            return self.exact[key]
        hit = self.folded.get(key_fold(key))
        if hit is not None:
            self.folded_hits += 1
        else:
            self.misses.append(key)
        return hit


def plan_commune_lineage(
    no_divided: dict[str, list[str]], divided: dict[str, list[dict]],
) -> tuple[list[tuple[str, str, str, bool]], list[str], int]:
    """Old commune key → new ward key links of one new province: (old, new, kind, is_primary).

    DIVIDED entries are taken as PARTIAL, except groups of same-named old communes that the package
    "splits" over the same set of new communes (see the module docstring): each old commune of such a
    group goes WHOLE to one successor, chosen by district affinity (the successor that also receives
    whole communes from the same old district), then by the package's isDefaultNewWard.
    """
    links: list[tuple[str, str, str, bool]] = []
    warnings: list[str] = []
    corrected = 0
    for new_key, olds in no_divided.items():
        for old_key in olds:
            links.append((old_key, new_key, LineageKind.WHOLE, True))

    district_of = lambda old_key: old_key.rsplit("_", 1)[0]  # noqa: E731
    affinity: dict[str, Counter] = defaultdict(Counter)  # new ward key → Counter(old district prefix)
    for new_key, olds in no_divided.items():
        for old_key in olds:
            affinity[new_key][district_of(old_key)] += 1

    groups: dict[str, list[str]] = defaultdict(list)
    for old_key in divided:
        groups[old_key.rsplit("_", 1)[-1]].append(old_key)

    resolved: dict[str, str] = {}
    for members in groups.values():
        targets = {frozenset(e["newWardKey"] for e in divided[m]) for m in members}
        if len(members) < 2 or len(targets) != 1:
            continue
        picks = {}
        for m in members:
            default = next((e["newWardKey"] for e in divided[m] if e.get("isDefaultNewWard")), None)
            candidates = sorted(
                (e["newWardKey"] for e in divided[m]),
                key=lambda k: (-affinity[k][district_of(m)], k != default, k),  # noqa: B023
            )
            picks[m] = candidates[0]
        if len(set(picks.values())) != len(members):
            warnings.append(f"ambiguous split kept as in the package: {', '.join(sorted(members))}")
            continue
        for m, pick in picks.items():
            resolved[m] = pick
            default = next((e["newWardKey"] for e in divided[m] if e.get("isDefaultNewWard")), None)
            note = "" if pick == default else f" (package default was {default})"
            warnings.append(f"same-name collision in converter: {m} → {pick} WHOLE{note}")

    for old_key, entries in divided.items():
        if old_key in resolved:
            links.append((old_key, resolved[old_key], LineageKind.WHOLE, True))
            corrected += len(entries)
            continue
        for e in entries:
            links.append((old_key, e["newWardKey"], LineageKind.PARTIAL, bool(e.get("isDefaultNewWard"))))
    return links, warnings, corrected


def district_links(commune_links: list[tuple[str, str, bool]]) -> list[tuple[str, str, str, bool]]:
    """(old district, new commune, is_primary of the commune link) → district → commune links.

    WHOLE when the district's communes all went to one new commune, else PARTIAL; the primary
    successor is the one that received most of its communes (then most primary links, then code).
    """
    received: dict[str, Counter] = defaultdict(Counter)
    primary: dict[str, Counter] = defaultdict(Counter)
    for district, successor, is_primary in commune_links:
        received[district][successor] += 1
        primary[district][successor] += int(is_primary)
    out = []
    for district, counter in received.items():
        best = min(counter, key=lambda s: (-counter[s], -primary[district][s], s))  # noqa: B023
        kind = LineageKind.WHOLE if len(counter) == 1 else LineageKind.PARTIAL
        out.extend((district, s, kind, s == best) for s in sorted(counter))
    return out


def build_plan(current: list[dict], legacy: list[dict], converter: dict, *, province: str | None = None) -> Plan:
    warnings: list[str] = []
    new_province_key_by_code = {r["provinceCode"]: r["provinceKey"] for r in current}
    if province is not None and province not in new_province_key_by_code:
        raise ValueError(f"unknown province code {province!r} (structure from 1/7/2025)")
    dict_province: dict[str, list[str]] = converter["DICT_PROVINCE"]
    if province is not None:
        new_keys = {new_province_key_by_code[province]}
        old_keys = set(dict_province.get(next(iter(new_keys)), []))
        current = [r for r in current if r["provinceKey"] in new_keys]
        legacy = [r for r in legacy if r["provinceKey"] in old_keys]
    else:
        new_keys = set(new_province_key_by_code.values())

    units: list[UnitSpec] = []
    V0, V1 = VERSION_PRE_2025, VERSION_2025
    seen: set[tuple[str, str]] = set()

    def add(spec: UnitSpec) -> None:
        if (spec.version, spec.code) not in seen:
            seen.add((spec.version, spec.code))
            units.append(spec)

    # before 1/7/2025: province → district → commune
    old_province_code: dict[str, str] = {}
    old_district_code: dict[str, str] = {}
    old_commune_code: dict[str, str] = {}
    for r in legacy:
        old_province_code[r["provinceKey"]] = r["provinceCode"]
        if (V0, r["provinceCode"]) in seen:
            continue
        name, kind = name_and_kind(r["province"], _type_prefix(r["province"]), level=Level.PROVINCE,
                                   code=r["provinceCode"], warnings=warnings)
        add(UnitSpec(V0, r["provinceCode"], name, clean_text(r["provinceShort"] or ""), kind, Level.PROVINCE,
                     None, _opt(r["provinceLat"]), _opt(r["provinceLon"]), category="old_provinces"))
    for r in legacy:
        old_district_code[f"{r['provinceKey']}_{r['districtKey']}"] = r["districtCode"]
        if (V0, r["districtCode"]) in seen:
            continue
        name, kind = name_and_kind(r["district"], r["districtType"], level=Level.DISTRICT, code=r["districtCode"],
                                   warnings=warnings)
        add(UnitSpec(V0, r["districtCode"], name, clean_text(r["districtShort"] or ""), kind, Level.DISTRICT,
                     r["provinceCode"], _opt(r["districtLat"]), _opt(r["districtLon"]), category="old_districts"))
    for r in legacy:
        if not r["ward"]:
            continue  # a district without communes (island districts): imported above
        old_commune_code[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = r["wardCode"]
        name, kind = name_and_kind(r["ward"], r["wardType"], level=Level.COMMUNE, code=r["wardCode"],
                                   warnings=warnings)
        add(UnitSpec(V0, r["wardCode"], name, clean_text(r["wardShort"] or ""), kind, Level.COMMUNE,
                     r["districtCode"], _opt(r["wardLat"]), _opt(r["wardLon"]), category="old_communes"))

    # from 1/7/2025: province → commune
    new_ward_code: dict[str, dict[str, str]] = defaultdict(dict)
    new_province_code: dict[str, str] = {}
    new_province_name: dict[str, str] = {}
    for r in current:
        new_province_code[r["provinceKey"]] = r["provinceCode"]
        new_province_name[r["provinceKey"]] = r["province"]
        if (V1, r["provinceCode"]) in seen:
            continue
        name, kind = name_and_kind(r["province"], _type_prefix(r["province"]), level=Level.PROVINCE,
                                   code=r["provinceCode"], warnings=warnings)
        add(UnitSpec(V1, r["provinceCode"], name, clean_text(r["provinceShort"] or ""), kind, Level.PROVINCE,
                     None, _opt(r["provinceLat"]), _opt(r["provinceLon"]), category="provinces"))
    for r in current:
        new_ward_code[r["provinceKey"]][r["wardKey"]] = r["wardCode"]
        name, kind = name_and_kind(r["ward"], r["wardType"], level=Level.COMMUNE, code=r["wardCode"],
                                   warnings=warnings)
        add(UnitSpec(V1, r["wardCode"], name, clean_text(r["wardShort"] or ""), kind, Level.COMMUNE,
                     r["provinceCode"], _opt(r["wardLat"]), _opt(r["wardLon"]), _opt(r["wardAreaKm2"]),
                     category="communes"))

    lineage: list[LineageSpec] = []
    corrected = 0
    old_communes = KeyIndex(old_commune_code.items())
    old_districts = KeyIndex(old_district_code.items())
    unmatched = 0
    folded = 0
    for new_pkey in sorted(new_keys):
        new_pcode = new_province_code.get(new_pkey)
        if new_pcode is None:
            continue
        basis_p = PROVINCE_LAW
        for old_pkey in dict_province.get(new_pkey, []):
            old_pcode = old_province_code.get(old_pkey)
            if old_pcode is None:
                unmatched += 1
                warnings.append(f"old province key not found: {old_pkey}")
                continue
            lineage.append(LineageSpec((V0, old_pcode), (V1, new_pcode), LineageKind.WHOLE, True, basis_p))

        basis_c = commune_resolution(new_province_name[new_pkey])
        wards = KeyIndex(new_ward_code[new_pkey].items())
        links, warns, n = plan_commune_lineage(
            converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_pkey, {}),
            converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_pkey, {}),
        )
        warnings.extend(warns)
        corrected += n
        by_district: list[tuple[str, str, bool]] = []
        seen_pairs: set[tuple[str, str]] = set()
        for old_key, new_key, kind, is_primary in links:
            new_code = wards.get(new_key)
            if new_code is None:
                warnings.append(f"new commune key not found in {new_pkey}: {new_key}")
                continue
            if old_key.endswith("_"):  # a district without communes (e.g. Huyện Bạch Long Vĩ → đặc khu)
                district_code = old_districts.get(old_key[:-1])
                if district_code is None:
                    warnings.append(f"old district key not found: {old_key}")
                    continue
                by_district.append((district_code, new_code, is_primary))
                continue
            old_code = old_communes.get(old_key)
            if old_code is None:
                warnings.append(f"old commune key not found: {old_key}")
                continue
            if (old_code, new_code) in seen_pairs:
                continue
            seen_pairs.add((old_code, new_code))
            lineage.append(LineageSpec((V0, old_code), (V1, new_code), kind, is_primary, basis_c))
            district_code = old_districts.get(old_key.rsplit("_", 1)[0])
            if district_code is not None:
                by_district.append((district_code, new_code, is_primary))
        for district_code, new_code, kind, is_primary in district_links(by_district):
            lineage.append(LineageSpec((V0, district_code), (V1, new_code), kind, is_primary, basis_c))
        unmatched += len(wards.misses)
        folded += wards.folded_hits
    unmatched += len(old_communes.misses) + len(old_districts.misses)
    folded += old_communes.folded_hits + old_districts.folded_hits
    if folded:
        warnings.append(f"{folded} converter key(s) matched only after folding diacritics")
    return Plan(units, lineage, warnings, corrected, unmatched, folded)


def _type_prefix(province_name: str) -> str:
    return "Thành phố" if province_name.startswith("Thành phố") else "Tỉnh"


UNIT_PREFIXES = ("Thành phố", "Tỉnh", "Quận", "Huyện", "Thị xã", "Thị trấn", "Xã", "Phường", "Đặc khu")


def name_and_kind(name: str, type_name: str | None, *, level: int, code: str,
                  warnings: list[str]) -> tuple[str, str]:
    """NFC name with its type prefix in canonical case ('Thị Trấn Ái Tử' → 'Thị trấn Ái Tử'), and the kind.

    The name's prefix wins over the type column when they disagree: the package has a few swapped
    types (e.g. 31213 'Phường Tân Lộc' typed Xã, 31299 'Xã Phong Điền' typed Phường), while the names
    follow the resolutions.
    """
    name = clean_text(name)
    type_kind = kind_from_type_name(type_name, level=level) if type_name else None
    for prefix in UNIT_PREFIXES:
        if name.casefold().startswith(prefix.casefold() + " "):
            if not name.startswith(prefix):
                warnings.append(f"{code}: prefix case fixed in {name!r}")
                name = prefix + name[len(prefix):]
            kind = kind_from_type_name(prefix, level=level)
            if KIND_LEVEL.get(kind) != level:
                break
            if type_kind and kind != type_kind:
                warnings.append(f"{code}: type {type_name!r} contradicts the name {name!r}; kind taken from the name")
            return name, kind
    if type_kind is None:
        raise ValueError(f"{code}: no unit type for {name!r}")
    return name, type_kind


# --- Writing ---------------------------------------------------------------------------------------

UNIT_FIELDS = ["name", "short_name", "kind", "level", "parent_id", "valid_from", "valid_to",
               "latitude", "longitude", "area_km2", "name_folded"]
LINEAGE_FIELDS = ["kind", "is_primary", "effective_on", "legal_basis"]

VERSION_DEFS = {
    VERSION_PRE_2025: dict(name="Trước ngày 01/07/2025 (tỉnh – huyện – xã)", valid_from=None,
                           valid_to=REORGANISATION_DATE - timedelta(days=1), legal_basis=LEGAL_BASIS_2025),
    VERSION_2025: dict(name="Từ ngày 01/07/2025 (tỉnh – xã)", valid_from=REORGANISATION_DATE,
                       valid_to=None, legal_basis=LEGAL_BASIS_2025),
}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) < 1e-9 or a is b is None
    return a == b


def import_units(*, province: str | None = None, actor=None, directory: Path | None = None) -> ImportReport:
    """Create or update both structure versions, their units and the lineage old → new. Idempotent."""
    from .models import AdministrativeUnit, StructureVersion, UnitLineage

    current, legacy, converter = read_source(directory)
    plan = build_plan(current, legacy, converter, province=province)
    report = ImportReport(province=province, lineage_corrected=plan.corrected, unmatched=plan.unmatched,
                          folded_matches=plan.folded_matches, warnings=list(plan.warnings))

    with transaction.atomic():
        versions: dict[str, StructureVersion] = {}
        for code, defaults in VERSION_DEFS.items():
            obj = StructureVersion.objects.filter(code=code).first()
            if obj is None:
                versions[code] = StructureVersion.objects.create(code=code, **defaults)
                report.versions.created += 1
                continue
            changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
            for k in changed:
                setattr(obj, k, defaults[k])
            if changed:
                obj.save(update_fields=changed)
                report.versions.updated += 1
            else:
                report.versions.unchanged += 1
            versions[code] = obj

        existing: dict[tuple[str, str], AdministrativeUnit] = {}
        version_code = {v.pk: c for c, v in versions.items()}
        for unit in AdministrativeUnit.objects.filter(version__in=versions.values(), level__lte=Level.COMMUNE):
            existing[(version_code[unit.version_id], unit.code)] = unit

        now = timezone.now()
        by_key: dict[tuple[str, str], AdministrativeUnit] = {}
        for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
            to_create: list[AdministrativeUnit] = []
            to_update: list[AdministrativeUnit] = []
            for spec in (s for s in plan.units if s.level == level):
                version = versions[spec.version]
                parent = by_key[(spec.version, spec.parent_code)] if spec.parent_code else None
                values = dict(name=spec.name, short_name=spec.short_name, kind=spec.kind, level=spec.level,
                              parent_id=parent.pk if parent else None,
                              valid_from=version.valid_from, valid_to=version.valid_to,
                              latitude=spec.latitude, longitude=spec.longitude, area_km2=spec.area_km2)
                counts: Counts = getattr(report, spec.category)
                unit = existing.get((spec.version, spec.code))
                if unit is None:
                    unit = AdministrativeUnit(version=version, code=spec.code, **values)
                    unit.refresh_folded()
                    to_create.append(unit)
                    counts.created += 1
                else:
                    before = {f: getattr(unit, f) for f in UNIT_FIELDS}
                    for k, v in values.items():
                        setattr(unit, k, v)
                    unit.refresh_folded()
                    if all(_same(before[f], getattr(unit, f)) for f in UNIT_FIELDS):
                        counts.unchanged += 1
                    else:
                        unit.modified = now
                        to_update.append(unit)
                        counts.updated += 1
                unit._import_parent = parent  # type: ignore[attr-defined]
                by_key[(spec.version, spec.code)] = unit
            if to_create:
                AdministrativeUnit.objects.bulk_create(to_create, batch_size=1000)
                if any(u.pk is None for u in to_create):  # backends that cannot return ids
                    ids = {(v, c): pk for v, c, pk in AdministrativeUnit.objects.filter(
                        version__in=versions.values(), level=level).values_list("version_id", "code", "pk")}
                    for u in to_create:
                        u.pk = ids[(u.version_id, u.code)]
            if to_update:
                AdministrativeUnit.objects.bulk_update(to_update, [*UNIT_FIELDS, "modified"], batch_size=1000)
            # paths, now that every pk of this level is known (parent is the source of truth)
            path_changes = []
            for spec in (s for s in plan.units if s.level == level):
                unit = by_key[(spec.version, spec.code)]
                parent = unit._import_parent  # type: ignore[attr-defined]
                path = f"{parent.path if parent else '/'}{unit.pk}/"
                if unit.path != path:
                    unit.path = path
                    path_changes.append(unit)
            if path_changes:
                AdministrativeUnit.objects.bulk_update(path_changes, ["path"], batch_size=1000)

        plan_keys = {(s.version, s.code) for s in plan.units}
        scope = {k for k in existing if k not in plan_keys}
        if province is None and scope:
            report.stale_units = len(scope)
            report.warnings.append(f"{len(scope)} unit(s) of these versions are not in the source (kept)")

        unit_ids = [u.pk for u in by_key.values()]
        existing_links: dict[tuple[int, int], UnitLineage] = {}
        for chunk in _chunks(unit_ids, 900):
            for link in UnitLineage.objects.filter(predecessor_id__in=chunk):
                existing_links[(link.predecessor_id, link.successor_id)] = link
        new_links, changed_links = [], []
        for spec in plan.lineage:
            pred, succ = by_key[spec.predecessor], by_key[spec.successor]
            values = dict(kind=spec.kind, is_primary=spec.is_primary, effective_on=REORGANISATION_DATE,
                          legal_basis=spec.legal_basis)
            link = existing_links.get((pred.pk, succ.pk))
            if link is None:
                new_links.append(UnitLineage(predecessor=pred, successor=succ, **values))
                report.lineage.created += 1
            elif all(getattr(link, k) == v for k, v in values.items()):
                report.lineage.unchanged += 1
            else:
                for k, v in values.items():
                    setattr(link, k, v)
                changed_links.append(link)
                report.lineage.updated += 1
        if new_links:
            UnitLineage.objects.bulk_create(new_links, batch_size=1000)
        if changed_links:
            UnitLineage.objects.bulk_update(changed_links, LINEAGE_FIELDS, batch_size=1000)

        target_unit = by_key.get((VERSION_2025, province)) if province else None
        audit.record(actor=actor, verb=AuditVerb.UNITS_IMPORTED, target=target_unit, unit=target_unit, data=report.counts())
    return report


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
