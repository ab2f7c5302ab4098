"""Reads of the access-to-law standard: the configured point table, the result of an assessment under the pass
rule of QĐ 25/2021 Art.4, and the platform's figures behind its indicators (evidence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from ..lineage import predecessors_into
from ..models import AccessToLawAssessment
from ..standard import StandardResult, evaluate_standard, evidence_table, indicator_max_table, indicator_title


def indicator_maxima() -> dict[str, Decimal]:
    """The configured point table (settings.DANCHU_QD25_INDICATOR_MAX) or the even default (UNVERIFIED)."""
    return indicator_max_table(settings.DANCHU_QD25_INDICATOR_MAX)


def assessment_result(assessment: AccessToLawAssessment) -> StandardResult:
    """The pass rule on the council's scores when appraised (TT09 Art.2.2), else on the self-scores."""
    raw = assessment.appraised_scores or assessment.self_scores
    scores = {k: Decimal(v) for k, v in raw.items()}
    return evaluate_standard(scores, indicator_maxima(), head_disciplined=assessment.head_disciplined)


@dataclass
class EvidenceFigure:
    key: str
    label: str
    value: Decimal | None
    notes: list[str]
    refs: list
    more: int = 0


@dataclass
class EvidenceGroup:
    codes: tuple[str, ...]
    titles: list[str]
    figures: list[EvidenceFigure]


def assessment_evidence(assessment: AccessToLawAssessment) -> tuple[list[EvidenceGroup], list[AdministrativeUnit]]:
    """The platform's figures for the commune and the assessed year (01/01–31/12, QĐ25 Art.5.1) behind the
    indicators of the standard (DEFAULT_EVIDENCE or settings.DANCHU_QD25_EVIDENCE), each with the records it
    counted. Read only, through sources.py. Records of the year filed under pre-2025 communes that this commune
    replaced are added (lineage, ADR 0005); they are returned so that the page names them."""
    from ..sources import SOURCES, describe_refs, refs_for

    table = evidence_table(settings.DANCHU_QD25_EVIDENCE, known_sources=SOURCES)
    commune, start, end = assessment.commune, date(assessment.year, 1, 1), date(assessment.year, 12, 31)
    old = [pk for pk, new in predecessors_into(commune).items() if new == commune.pk]
    olds = list(AdministrativeUnit.objects.filter(pk__in=old, level=Level.COMMUNE, valid_to__gte=start)
                .order_by("name"))
    groups: list[EvidenceGroup] = []
    for codes, keys in table:
        figures = []
        for key in keys:
            source = SOURCES[key]
            if not source.available():
                continue
            value, notes, refs = Decimal(0), [], []
            for unit in [commune, *olds]:
                figure = source.compute(unit, start, end)
                value += figure.value or 0
                refs += figure.refs
                notes.append(figure.note if unit is commune else f"{unit.name}: {figure.note}")
            figures.append(EvidenceFigure(key=key, label=str(source.label), value=value, notes=notes, refs=refs))
        if figures:
            groups.append(EvidenceGroup(codes=codes, titles=[indicator_title(c) for c in codes],
                                        figures=figures))
    described = describe_refs(f.refs for g in groups for f in g.figures)
    for group in groups:
        for figure in group.figures:
            figure.refs, figure.more = refs_for(figure.refs, described)
    return groups, olds
