"""Thin HTML views: inspections and their recommendations, exemplary models and commendations, the access-to-law
standard, steering committees, and the dashboard of a level (table of units with key indicators, .xlsx)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.exports import table_download
from danchu.core.http import form_errors
from danchu.core.http import require_perm as require
from danchu.core.legal_rules import rule_text
from danchu.core.scoping import subtree_q
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import domain, services
from .domain import CRITERIA, AssessmentState, InspectionState, PlanState, SubmissionState
from .forms import (
    CommendationFormForm,
    CommitteeForm,
    ConcludeForm,
    DecideForm,
    EvaluateForm,
    FollowUpForm,
    HeadForm,
    InspectionForm,
    MeetingForm,
    ModelForm_,
    PostingForm,
    ReplicationForm,
    ScoresForm,
    SendForm,
)
from .models import (
    AccessToLawAssessment,
    Commendation,
    ExemplaryModel,
    Inspection,
    Recommendation,
    SteeringCommittee,
    Submission,
    Task,
)
from .verbs import AuditVerb
from .views import NAV, _subunits, _unit

# --- inspections -----------------------------------------------------------------------------------


@login_required
def inspection_list(request, unit_pk: int):
    unit = _unit(unit_pk)
    require(request, "steering.view_steering", unit)
    can_manage = request.user.has_perm("steering.manage_steering", unit)
    form = InspectionForm(request.POST or None, units=_subunits(unit).exclude(pk=unit.pk))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                inspection = services.inspection_create(unit=unit, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Đã lập kế hoạch kiểm tra, giám sát."))
                return redirect("steering:inspection-detail", inspection.pk)
    inspections = (Inspection.objects.filter(subtree_q("unit", unit) | subtree_q("target_unit", unit))
                   .select_related("unit", "target_unit").order_by("-starts_on", "-pk")[:200])
    return render(request, "steering/inspection_list.html", {
        "nav": NAV, "unit": unit, "inspections": inspections, "form": form, "can_manage": can_manage},
        status=400 if form.errors else 200)


@login_required
def inspection_detail(request, pk: int):
    inspection = get_object_or_404(Inspection.objects.select_related("unit", "target_unit"), pk=pk)
    if not (request.user.has_perm("steering.view_steering", inspection.unit)
            or request.user.has_perm("steering.view_steering", inspection.target_unit)):
        raise PermissionDenied
    can_manage = request.user.has_perm("steering.manage_steering", inspection.unit)
    can_follow = can_manage or request.user.has_perm("steering.update_task", inspection.target_unit)
    conclude = ConcludeForm(prefix="k")
    follow = FollowUpForm(prefix="f")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if (action in ("start", "conclude", "close") and not can_manage) or (action == "follow" and not can_follow):
            raise PermissionDenied
        try:
            if action == "start":
                services.inspection_start(inspection=inspection, actor=request.user)
                return redirect("steering:inspection-detail", inspection.pk)
            if action == "close":
                services.inspection_close(inspection=inspection, actor=request.user)
                messages.success(request, _("Đã hoàn tất theo dõi cuộc kiểm tra."))
                return redirect("steering:inspection-detail", inspection.pk)
            if action == "conclude":
                conclude = ConcludeForm(request.POST, prefix="k")
                if conclude.is_valid():
                    data = conclude.cleaned_data
                    recs = [{"content": line.strip(), "due_on": data["due_on"]}
                            for line in (data["recommendations"] or "").splitlines() if line.strip()]
                    try:
                        services.inspection_conclude(inspection=inspection, findings=data["findings"],
                                                     conclusion=data["conclusion"], recommendations=recs,
                                                     actor=request.user)
                    except ValidationError as exc:
                        form_errors(conclude, exc)
                        inspection.refresh_from_db()  # the refused write changed nothing
                    else:
                        messages.success(request, _("Đã ghi kết luận."))
                        return redirect("steering:inspection-detail", inspection.pk)
            elif action == "follow":
                follow = FollowUpForm(request.POST, prefix="f")
                if follow.is_valid():
                    rec = get_object_or_404(Recommendation, pk=follow.cleaned_data["recommendation"],
                                            inspection=inspection)
                    try:
                        services.recommendation_follow_up(recommendation=rec, actor=request.user,
                                                          follow_up=follow.cleaned_data["follow_up"],
                                                          closed_on=follow.cleaned_data["closed_on"])
                    except ValidationError as exc:
                        form_errors(follow, exc)
                    else:
                        messages.success(request, _("Đã cập nhật kết quả thực hiện kiến nghị."))
                        return redirect("steering:inspection-detail", inspection.pk)
            elif action not in ("start", "close"):
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("steering:inspection-detail", inspection.pk)
        status = 400
    return render(request, "steering/inspection_detail.html", {
        "nav": NAV, "unit": inspection.unit, "inspection": inspection, "conclude": conclude, "follow": follow,
        "recommendations": inspection.recommendations.all(), "can_manage": can_manage, "can_follow": can_follow,
        "today": clock.today()}, status=status)


# --- exemplary models and commendations ------------------------------------------------------------


@login_required
def model_list(request, unit_pk: int):
    unit = _unit(unit_pk)
    require(request, "steering.view_steering", unit)
    can_manage = request.user.has_perm("steering.manage_steering", unit)
    can_register = can_manage or request.user.has_perm("steering.submit_report", unit)
    form = ModelForm_(request.POST or None, prefix="m", units=_subunits(unit))
    commendation = CommendationFormForm(request.POST or None, prefix="c",
                                        models=ExemplaryModel.objects.in_subtree(unit))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "model":
        if not can_register:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            target = data.pop("unit")
            if not request.user.has_perm("steering.submit_report", target) and not can_manage:
                raise PermissionDenied
            try:
                services.model_create(unit=target, field_=data.pop("field"), actor=request.user, **data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Đã đăng ký mô hình."))
                return redirect("steering:model-list", unit.pk)
    elif action == "commendation":
        if not can_manage:
            raise PermissionDenied
        if commendation.is_valid():
            try:
                services.commendation_create(unit=unit, actor=request.user, **commendation.cleaned_data)
            except ValidationError as exc:
                form_errors(commendation, exc)
            else:
                messages.success(request, _("Đã ghi khen thưởng."))
                return redirect("steering:model-list", unit.pk)
    elif action:
        raise Http404
    models = (ExemplaryModel.objects.in_subtree(unit).select_related("unit")
              .prefetch_related("replications__unit", "commendations").order_by("unit__name", "name")[:300])
    commendations = Commendation.objects.in_subtree(unit).select_related("unit", "model")[:300]
    return render(request, "steering/model_list.html", {
        "nav": NAV, "unit": unit, "models": models, "commendations": commendations, "form": form,
        "commendation_form": commendation, "can_manage": can_manage, "can_register": can_register},
        status=400 if (form.errors or commendation.errors) and action else 200)


@login_required
def model_detail(request, pk: int):
    model = get_object_or_404(ExemplaryModel.objects.select_related("unit"), pk=pk)
    require(request, "steering.view_steering", model.unit)
    top = model.unit
    for ancestor in model.unit.ancestors():
        if request.user.has_perm("steering.manage_steering", ancestor):
            top = ancestor
            break
    can_evaluate = request.user.has_perm("steering.manage_steering", top) and top.pk != model.unit_id
    can_replicate = request.user.has_perm("steering.manage_steering", model.unit) or can_evaluate
    evaluate = EvaluateForm(prefix="e", initial={"status": model.status, "evaluation": model.evaluation})
    replicate = ReplicationForm(prefix="r", units=_subunits(top).filter(level__gte=Level.COMMUNE))
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "evaluate" and can_evaluate:
            evaluate = EvaluateForm(request.POST, prefix="e")
            if evaluate.is_valid():
                try:
                    services.model_evaluate(model=model, actor=request.user, **evaluate.cleaned_data)
                except ValidationError as exc:
                    form_errors(evaluate, exc)
                else:
                    messages.success(request, _("Đã ghi đánh giá."))
                    return redirect("steering:model-detail", model.pk)
        elif action == "replicate" and can_replicate:
            replicate = ReplicationForm(request.POST, prefix="r", units=_subunits(top))
            if replicate.is_valid():
                try:
                    services.replication_add(model=model, actor=request.user, **replicate.cleaned_data)
                except ValidationError as exc:
                    form_errors(replicate, exc)
                else:
                    messages.success(request, _("Đã ghi nơi nhân rộng."))
                    return redirect("steering:model-detail", model.pk)
        else:
            raise PermissionDenied
    return render(request, "steering/model_detail.html", {
        "nav": NAV, "unit": model.unit, "model": model, "evaluate": evaluate, "replicate": replicate,
        "can_evaluate": can_evaluate, "can_replicate": can_replicate,
        "replications": model.replications.select_related("unit"), "commendations": model.commendations.all()},
        status=400 if request.method == "POST" else 200)


# --- access-to-law standard ------------------------------------------------------------------------


@login_required
def assessment_list(request, unit_pk: int):
    unit = _unit(unit_pk)
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
        rows.append((commune, a, services.assessment_result(a) if a and (a.self_scores or a.appraised_scores) else None))
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
        "dossier_deadline": domain.dossier_deadline(year), "recognition_deadline": domain.recognition_deadline(year)})


@login_required
def assessment_detail(request, pk: int):
    a = get_object_or_404(AccessToLawAssessment.objects.select_related("commune"), pk=pk)
    require(request, "steering.view_steering", a.commune)
    maxima = services.indicator_maxima()
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
    result = services.assessment_result(a)
    criteria = [(c, result.by_criterion[c.code], result.criterion_max[c.code], c.code in result.failing_criteria)
                for c in CRITERIA]
    evidence, evidence_olds = services.assessment_evidence(a)
    return render(request, "steering/assessment_detail.html", {
        "nav": NAV, "unit": a.commune, "a": a, "forms": forms, "result": result, "criteria": criteria,
        "can_self": can_self, "can_appraise": can_appraise, "posting_days": domain.posting_days(a.posted_from, a.posted_to),
        "posting_min": rule_text(domain.POSTING_RULE),
        "dossier_deadline": domain.dossier_deadline(a.year), "recognition_deadline": domain.recognition_deadline(a.year),
        "pass_total": domain.PASS_TOTAL, "unverified_maxima": not settings.DANCHU_QD25_INDICATOR_MAX,
        "evidence": evidence, "evidence_olds": evidence_olds,
    }, status=status)


# --- steering committees ---------------------------------------------------------------------------


@login_required
def committee_list(request, unit_pk: int):
    unit = _unit(unit_pk)
    require(request, "steering.view_steering", unit)
    can_manage = request.user.has_perm("steering.manage_steering", unit)
    form = CommitteeForm(prefix="c")
    meeting = MeetingForm(prefix="m")
    committees = list(SteeringCommittee.objects.filter(unit=unit).prefetch_related("members", "meetings"))
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action == "committee":
            form = CommitteeForm(request.POST, prefix="c")
            if form.is_valid():
                try:
                    services.committee_create(unit=unit, actor=request.user, members=form.members_list(),
                                              name=form.cleaned_data["name"],
                                              decision_number=form.cleaned_data["decision_number"],
                                              decision_date=form.cleaned_data["decision_date"])
                except ValidationError as exc:
                    form_errors(form, exc)
                else:
                    messages.success(request, _("Đã ghi quyết định thành lập/kiện toàn Ban Chỉ đạo."))
                    return redirect("steering:committee-list", unit.pk)
        elif action == "meeting" and committees:
            meeting = MeetingForm(request.POST, prefix="m")
            current = next((c for c in committees if c.dissolved_on is None), committees[0])
            if meeting.is_valid():
                try:
                    services.committee_meeting_add(committee=current, actor=request.user, **meeting.cleaned_data)
                except ValidationError as exc:
                    form_errors(meeting, exc)
                else:
                    messages.success(request, _("Đã ghi cuộc họp."))
                    return redirect("steering:committee-list", unit.pk)
        else:
            raise Http404
        status = 400
    return render(request, "steering/committee_list.html", {
        "nav": NAV, "unit": unit, "committees": committees, "form": form, "meeting": meeting,
        "can_manage": can_manage}, status=status)


# --- dashboard -------------------------------------------------------------------------------------


def _dashboard_rows(unit: AdministrativeUnit, today: date, year: int):
    """Per child unit: tasks (open, overdue, done), reports sent in the year, access-to-law result, models.

    Each figure is one aggregate query over the whole subtree, grouped by the unit of the record (its path comes
    with the row); the rows are then added up per child in Python (domain.group_under). Reports filed under
    pre-2025 units count for the child they roll into through the lineage. The number of queries does not grow
    with the number of children."""
    children = list(AdministrativeUnit.objects.filter(parent=unit).current(services._inside_validity(unit, today))
                    .order_by("name"))
    child_of_old = {old: child for child, olds in _legacy_by_child(unit, children).items() for old in olds}

    def per_child(rows) -> dict[int, Counter]:
        """rows of (path, unit id, {figure: n}) → {child id: Counter of figures}."""
        out: dict[int, Counter] = {}
        for path, unit_id, figures in rows:
            child = domain.group_under(unit.path, path or "") if path and path.startswith(unit.path) else \
                child_of_old.get(unit_id)
            if child is not None:
                out.setdefault(child, Counter()).update(figures)
        return out

    open_q = Q(state__in=domain.OPEN_TASK_STATES)
    tasks = per_child(
        (path, unit_id, {"tasks_open": n_open, "tasks_overdue": n_overdue, "tasks_done": n_done})
        for path, unit_id, n_open, n_overdue, n_done in
        Task.objects.in_subtree(unit).filter(plan__state__in=[PlanState.ISSUED, PlanState.CLOSED])
        .values_list("assignee_unit__path", "assignee_unit_id")
        .annotate(n_open=Count("pk", filter=open_q), n_overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
                  n_done=Count("pk", filter=Q(state=domain.TaskState.DONE))).order_by())
    counted = Q(state__in=domain.COUNTED_STATES)
    late = Q(due_on__isnull=False) & (Q(submitted_on__gt=F("due_on")) | Q(submitted_on__isnull=True,
                                                                           due_on__lt=today))
    reports = per_child(
        (path, unit_id, {"reports_sent": sent, "reports_returned": returned, "reports_late": n_late})
        for path, unit_id, sent, returned, n_late in
        Submission.objects.filter(subtree_q("unit", unit) | Q(unit_id__in=list(child_of_old)),
                                  period_start__year=year)
        .values_list("unit__path", "unit_id")
        .annotate(n_sent=Count("pk", filter=counted), n_returned=Count("pk", filter=Q(state=SubmissionState.RETURNED)),
                  n_late=Count("pk", filter=counted & late)).order_by())
    models = per_child((path, unit_id, {"models": n}) for path, unit_id, n in
                       ExemplaryModel.objects.in_subtree(unit)
                       .values_list("unit__path", "unit_id").annotate(n=Count("pk")).order_by())
    inspections = per_child(
        (path, unit_id, {"inspections_open": n}) for path, unit_id, n in
        Inspection.objects.filter(subtree_q("target_unit", unit)).exclude(state=InspectionState.CLOSED)
        .values_list("target_unit__path", "target_unit_id").annotate(n=Count("pk")).order_by())
    assessments = {a.commune_id: a for a in AccessToLawAssessment.objects.filter(commune__in=children, year=year)}
    out = []
    for child in children:
        figures = Counter()
        for table in (tasks, reports, models, inspections):
            figures.update(table.get(child.pk, {}))
        assessment = assessments.get(child.pk)
        out.append({
            "unit": child,
            **{key: figures[key] for key in ("tasks_open", "tasks_overdue", "tasks_done", "reports_sent",
                                              "reports_returned", "reports_late", "models", "inspections_open")},
            "access_to_law": assessment.get_state_display() if assessment else "—",
        })
    return out


def _legacy_by_child(unit, children) -> dict[int, list[int]]:
    """Pre-2025 units whose records roll into each child (through the lineage): their reports count there."""
    old_into = services.predecessors_into(unit)
    paths = dict(AdministrativeUnit.objects.filter(pk__in=set(old_into.values())).values_list("pk", "path"))
    out: dict[int, list[int]] = {}
    for old, new in old_into.items():
        group = domain.group_under(unit.path, paths.get(new, ""))
        if group is not None:
            out.setdefault(group, []).append(old)
    return out


DASHBOARD_HEADERS = [
    ("unit", "Đơn vị"), ("tasks_open", "Nhiệm vụ đang thực hiện"), ("tasks_overdue", "Nhiệm vụ quá hạn"),
    ("tasks_done", "Nhiệm vụ hoàn thành"), ("reports_sent", "Báo cáo đã gửi trong năm"),
    ("reports_late", "Báo cáo gửi chậm"), ("reports_returned", "Báo cáo bị trả lại"),
    ("access_to_law", "Chuẩn tiếp cận pháp luật"), ("models", "Mô hình"),
    ("inspections_open", "Kiểm tra chưa hoàn tất")]


MAP_W, MAP_H = 600, 420


def _map_points(rows) -> list[dict]:
    """Units with coordinates placed in an SVG box (equirectangular, enough for one province): red when a task is
    overdue, green when reports were sent in the year, grey otherwise."""
    located = [r for r in rows if r["unit"].latitude is not None and r["unit"].longitude is not None]
    if len(located) < 2:
        return []
    lats = [r["unit"].latitude for r in located]
    lons = [r["unit"].longitude for r in located]
    span_lat = (max(lats) - min(lats)) or 1.0
    span_lon = (max(lons) - min(lons)) or 1.0
    scale = min((MAP_W - 40) / span_lon, (MAP_H - 40) / span_lat)
    out = []
    for r in located:
        status = "late" if r["tasks_overdue"] else ("ok" if r["reports_sent"] else "none")
        out.append({"unit": r["unit"], "status": status,
                    "x": round(20 + (r["unit"].longitude - min(lons)) * scale, 1),
                    "y": round(20 + (max(lats) - r["unit"].latitude) * scale, 1)})
    return out


@login_required
def dashboard(request, unit_pk: int):
    unit = _unit(unit_pk)
    require(request, "steering.view_steering", unit)
    today = clock.today()
    try:
        year = int(request.GET.get("nam") or today.year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    rows = _dashboard_rows(unit, today, year)
    if request.GET.get("xuat") == "xlsx":
        headers = [label for _key, label in DASHBOARD_HEADERS]
        data = [[row["unit"].name if key == "unit" else row[key] for key, _l in DASHBOARD_HEADERS] for row in rows]
        return table_download(request, headers=headers, rows=data, fmt="xlsx", sheet=f"Theo dõi {year}",
                              filename=f"bang-theo-doi-{unit.name}-{year}", verb=AuditVerb.DASHBOARD_EXPORTED,
                              target=unit, unit=unit, data={"year": year})
    legacy = list(services.predecessors_into(unit))
    years = range(year - 4, year + 1)
    sent = dict(Submission.objects.filter(subtree_q("unit", unit) | Q(unit_id__in=legacy),
                                          period_start__year__in=years, state__in=domain.COUNTED_STATES)
                .values_list("period_start__year").annotate(n=Count("pk")).order_by())
    done = dict(Task.objects.in_subtree(unit).filter(due_on__year__in=years, state=domain.TaskState.DONE)
                .values_list("due_on__year").annotate(n=Count("pk")).order_by())
    recognised = dict(AccessToLawAssessment.objects.in_subtree(unit).filter(year__in=years,
                                                           state=AssessmentState.RECOGNISED)
                      .values_list("year").annotate(n=Count("pk")).order_by())
    trend = [(y, sent.get(y, 0), done.get(y, 0), recognised.get(y, 0)) for y in years]
    points = _map_points(rows)
    return render(request, "steering/dashboard.html", {
        "nav": NAV, "unit": unit, "rows": rows, "year": year, "trend": trend, "headers": DASHBOARD_HEADERS,
        "years": range(today.year, today.year - 6, -1), "points": points, "map_w": MAP_W, "map_h": MAP_H})
