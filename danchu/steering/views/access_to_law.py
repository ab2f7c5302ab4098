"""Thin HTML views of the access-to-law standard (QĐ 25/2021/QĐ-TTg): the communes of a unit's subtree for a
year, and an assessment's page (self-score, posting, dossier, council appraisal, decision) with its evidence."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.http import form_errors
from danchu.core.http import require_perm as require
from danchu.core.legal_rules import rule_text
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .. import services
from ..domain import AssessmentState
from ..forms import DecideForm, HeadForm, PostingForm, ScoresForm, SendForm
from ..models import AccessToLawAssessment
from ..selectors.access_to_law import assessment_evidence, assessment_result, indicator_maxima
from ..standard import (
    CRITERIA,
    PASS_TOTAL,
    POSTING_RULE,
    dossier_deadline,
    posting_days,
    recognition_deadline,
)
from .common import NAV, unit_or_404


@login_required
def assessment_list(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
    require(request, "steering.view_steering", unit)
    today = clock.today()
    try:
        year = int(request.GET.get("nam") or (today.year - 1 if today.month <= 2 else today.year))
    except ValueError:
        raise Http404 from None
    if not 2022 <= year <= 2100:
        raise Http404
    communes = AdministrativeUnit.objects.in_subtree(unit).filter(level=Level.COMMUNE,
                                                 valid_to__isnull=True).order_by("name")
    assessments = {a.commune_id: a for a in AccessToLawAssessment.objects.filter(commune__in=communes, year=year)}
    rows = []
    for commune in communes[:500]:
        a = assessments.get(commune.pk)
        rows.append((commune, a, assessment_result(a) if a and (a.self_scores or a.appraised_scores) else None))
    if request.method == "POST":
        commune = get_object_or_404(communes, pk=request.POST.get("commune", "0") if
                                    str(request.POST.get("commune", "")).isdigit() else 0)
        require(request, "steering.assess_access_to_law", commune)
        try:
            a = services.assessment_open(commune=commune, year=year, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("steering:assessment-list", unit.pk)
        return redirect("steering:assessment-detail", a.pk)
    counts = Counter(a.state for a in assessments.values())
    return render(request, "steering/assessment_list.html", {
        "nav": NAV, "unit": unit, "rows": rows, "year": year, "years": range(today.year, 2021, -1),
        "counts": counts, "recognised": counts.get(AssessmentState.RECOGNISED, 0),
        "can_open": {c.pk for c, *_r in rows if request.user.has_perm("steering.assess_access_to_law", c)},
        "dossier_deadline": dossier_deadline(year), "recognition_deadline": recognition_deadline(year)})


@login_required
def assessment_detail(request, pk: int):
    a = get_object_or_404(AccessToLawAssessment.objects.select_related("commune"), pk=pk)
    require(request, "steering.view_steering", a.commune)
    maxima = indicator_maxima()
    can_self = request.user.has_perm("steering.assess_access_to_law", a)
    can_appraise = request.user.has_perm("steering.appraise_access_to_law", a)
    initial_self = {k.replace(".", "_"): v for k, v in a.self_scores.items()} | {"head_disciplined": a.head_disciplined}
    forms = {
        "self": ScoresForm(prefix="s", maxima=maxima, with_head=True, initial=initial_self),
        "post": PostingForm(prefix="p"),
        "send": SendForm(prefix="d"),
        "appraise": ScoresForm(prefix="a", maxima=maxima, council=True,
                               initial={k.replace(".", "_"): v for k, v in (a.appraised_scores or a.self_scores).items()}
                               | {"head_disciplined": a.head_disciplined}),
        "head": HeadForm(prefix="h", initial={"head_disciplined": a.head_disciplined}),
        "decide": DecideForm(prefix="q"),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        own = {"self", "post", "send"}
        if action not in forms or (action in own and not can_self) or (action not in own and not can_appraise):
            raise PermissionDenied
        kwargs = {"maxima": maxima, "with_head": True} if action == "self" else (
            {"maxima": maxima, "council": True} if action == "appraise" else {})
        form = type(forms[action])(request.POST, prefix=forms[action].prefix, **kwargs)
        forms[action] = form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "self":
                    services.assessment_self_score(assessment=a, scores=form.scores(),
                                                   head_disciplined=d["head_disciplined"], actor=request.user)
                elif action == "post":
                    services.assessment_post(assessment=a, actor=request.user, **d)
                elif action == "send":
                    services.assessment_send(assessment=a, feedback_summary=d["feedback_summary"], actor=request.user)
                elif action == "appraise":
                    services.assessment_appraise(assessment=a, scores=form.scores(), actor=request.user,
                                                 head_disciplined=d["head_disciplined"], head_note=d["head_note"])
                elif action == "head":
                    services.assessment_correct_head(assessment=a, head_disciplined=d["head_disciplined"],
                                                     head_note=d["head_note"], actor=request.user)
                else:
                    services.assessment_decide(assessment=a, decision_number=d["decision_number"], actor=request.user)
            except ValidationError as exc:
                if getattr(exc, "code", None) in ("invalid_transition", "not_editable", "no_scores"):
                    messages.error(request, " ".join(exc.messages))
                    return redirect("steering:assessment-detail", a.pk)
                form_errors(form, exc)
                a.refresh_from_db()  # the refused write changed nothing: show what is stored
            else:
                messages.success(request, _("Đã lưu."))
                return redirect("steering:assessment-detail", a.pk)
        status = 400
    result = assessment_result(a)
    criteria = [(c, result.by_criterion[c.code], result.criterion_max[c.code], c.code in result.failing_criteria)
                for c in CRITERIA]
    evidence, evidence_olds = assessment_evidence(a)
    return render(request, "steering/assessment_detail.html", {
        "nav": NAV, "unit": a.commune, "a": a, "forms": forms, "result": result, "criteria": criteria,
        "can_self": can_self, "can_appraise": can_appraise, "posting_days": posting_days(a.posted_from, a.posted_to),
        "posting_min": rule_text(POSTING_RULE),
        "dossier_deadline": dossier_deadline(a.year), "recognition_deadline": recognition_deadline(a.year),
        "pass_total": PASS_TOTAL, "unverified_maxima": not settings.DANCHU_QD25_INDICATOR_MAX,
        "evidence": evidence, "evidence_olds": evidence_olds,
    }, status=status)
