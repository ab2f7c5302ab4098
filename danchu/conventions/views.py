"""Thin HTML views of village conventions: the public pages (conventions in force with their text, history and
differences; the draft under comment with its comment form) and the staff pages (draft, post, vote, submit;
the commune recognises, refuses, suspends, annuls)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core import clock
from danchu.core.exports import file_download
from danchu.core.http import form_errors, require_perm
from danchu.core.ratelimit import hit
from danchu.units.access import can
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit

from . import diff, domain, forms, services
from .actions import ACTIONS
from .domain import PUBLIC_STATES, State
from .models import Convention, ConventionVersion

COMMENT_LIMIT, COMMENT_WINDOW = 10, 3600  # per user
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _render(request, template: str, context: dict, **kwargs):
    """render(), with the numbers of the law the pages write (domain.law_texts)."""
    return render(request, template, {"law": domain.law_texts(), **context}, **kwargs)


# --- shared ----------------------------------------------------------------------------------------


def _versions(convention: Convention, *, public: bool):
    qs = convention.versions.order_by("number")
    return qs.filter(published_on__isnull=False) if public else qs


def _pick(versions: list[ConventionVersion], value: str | None, default):
    if value and value.isdigit():
        for v in versions:
            if v.number == int(value):
                return v
    return default


def diff_context(request, versions: list[ConventionVersion]) -> dict:
    """?tu=<n>&den=<m>: the differences between two versions (default: the last two)."""
    if len(versions) < 2:
        return {"diff": None}
    new = _pick(versions, request.GET.get("den"), versions[-1])
    old = _pick(versions, request.GET.get("tu"), versions[-2] if new == versions[-1] else versions[0])
    lines = diff.diff_lines(old.text, new.text)
    full = request.GET.get("day_du") == "1"
    return {"diff": {"old": old, "new": new, "lines": lines if full else diff.only_changes(lines, context=2),
                     "full": full, "stats": diff.stats(lines)}}


# --- public ----------------------------------------------------------------------------------------


def public_index(request):
    """Choose a commune, then see its conventions."""
    commune_id = request.GET.get("xa", "")
    if commune_id.isdigit():
        return redirect("conventions:public-list", int(commune_id))
    communes = (AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
                .filter(Q(children__conventions__in_force_version__isnull=False)
                        | Q(children__conventions__state=State.POSTED))
                .annotate(n=Count("children__conventions", distinct=True)).order_by("name_folded"))
    return _render(request, "conventions/public_index.html", {"nav": "conventions", "communes": communes})


def public_list(request, commune_pk: int):
    """The conventions in force in a commune's villages, and the drafts open for comments (NĐ61 Art.9, 18)."""
    commune = get_object_or_404(AdministrativeUnit, pk=commune_pk, level=Level.COMMUNE)
    base = Convention.objects.filter(village__parent=commune).select_related("village", "in_force_version")
    return _render(request, "conventions/public_list.html", {
        "nav": "conventions", "unit": commune,
        "in_force": base.in_force().order_by("village__name", "title"),
        "drafts": base.under_comment().order_by("comment_until"),
    })


def public_detail(request, pk: int):
    convention = get_object_or_404(Convention.objects.select_related("village__parent", "in_force_version"), pk=pk)
    if convention.state not in PUBLIC_STATES and convention.in_force_version_id is None:
        raise Http404
    versions = list(_versions(convention, public=True))
    draft = versions[-1] if convention.state == State.POSTED and versions else None
    open_ = services.comments_open(convention)
    return _render(request, "conventions/public_detail.html", {
        "nav": "conventions", "convention": convention, "unit": convention.village, "versions": versions,
        "in_force": convention.in_force_version, "draft": draft, "comments_open": open_,
        "comment_form": forms.PublicCommentForm() if open_ else None,
        "comment_count": convention.comments.count(),
        "measures": convention.measures.order_by("decided_on"),
        "votes": convention.votes.order_by("held_on"), **diff_context(request, versions),
    })


@login_required
@require_POST
def public_comment(request, pk: int):
    convention = get_object_or_404(Convention, pk=pk, state=State.POSTED)
    require_perm(request, "conventions.comment_convention", convention)
    form = forms.PublicCommentForm(request.POST)
    if not hit("conventions.comment", str(request.user.pk), limit=COMMENT_LIMIT, window=COMMENT_WINDOW):
        messages.error(request, _("Ông/bà đã góp ý quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau."))
    elif form.is_valid():
        try:
            services.comment_submit(convention=convention, user=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi nhận ý kiến góp ý của ông/bà. Tổ soạn thảo sẽ nghiên cứu, tiếp thu."))
    else:
        messages.error(request, _("Cần nhập nội dung góp ý (tối đa 5.000 ký tự)."))
    return redirect("conventions:public-detail", convention.pk)


def decision_document(request, pk: int, extension: str):
    """The recognition decision with the recognised text (NĐ 30/2020 format): public once recognised."""
    from . import documents

    if extension not in ("docx", "pdf"):
        raise Http404
    convention = get_object_or_404(Convention.objects.select_related("village__parent", "in_force_version"), pk=pk)
    if convention.in_force_version_id is None or not convention.in_force_version.recognition_number:
        raise Http404
    content = documents.decision_content(convention)
    if extension == "docx":
        return file_download(documents.build_docx(content), filename=documents.file_name(convention),
                             extension="docx", content_type=DOCX)
    return file_download(documents.build_pdf(content), filename=documents.file_name(convention), extension="pdf",
                         content_type="application/pdf", inline=True)


# --- staff: list and new ---------------------------------------------------------------------------


def _run_villages(user, unit: AdministrativeUnit):
    qs = AdministrativeUnit.objects.subtree_of(unit).filter(level=Level.VILLAGE, valid_to__isnull=True)
    return qs.filter(pk__in=[v.pk for v in qs if can(user, Capability.RUN_DECISIONS, v)]).order_by("name")


@login_required
def staff_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require_perm(request, "conventions.view_convention", unit)
    state = request.GET.get("state", "")
    qs = Convention.objects.for_unit(unit).select_related("village", "in_force_version")
    if state in State.values:
        qs = qs.filter(state=state)
    today = clock.today()
    rows = [(c, services.warnings(c, today)) for c in qs.order_by("village__name", "-proposed_on")[:500]]
    return _render(request, "conventions/staff_list.html", {
        "nav": "conventions", "unit": unit, "rows": rows, "state": state, "states": State.choices,
        "can_run": request.user.has_perm("conventions.run_convention", unit) and _run_villages(request.user,
                                                                                                 unit).exists(),
    })


@login_required
def staff_create(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require_perm(request, "conventions.run_convention", unit)
    villages = _run_villages(request.user, unit)
    if not villages.exists():
        raise Http404
    form = forms.ProposeForm(request.POST or None, villages=villages,
                             initial={"proposed_on": clock.today(), "village": villages.first()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        require_perm(request, "conventions.run_convention", data["village"])
        try:
            convention = services.convention_propose(actor=request.user, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo dự thảo “%(t)s”.") % {"t": convention.title})
            return redirect("conventions:staff-detail", convention.pk)
    return _render(request, "conventions/staff_create.html", {"nav": "conventions", "unit": unit, "form": form},
                  status=400 if form.errors else 200)


# --- staff: one convention -------------------------------------------------------------------------


@login_required
def staff_detail(request, pk: int):
    convention = get_object_or_404(Convention.objects.select_related("village__parent", "in_force_version",
                                                                     "adopted_version"), pk=pk)
    require_perm(request, "conventions.view_convention", convention)
    outcome = ACTIONS.handle(request, convention)
    if outcome.response:
        return outcome.response
    versions = list(_versions(convention, public=False))
    return _render(request, "conventions/staff_detail.html", {
        "nav": "conventions", "convention": convention, "unit": convention.village,
        "boxes": ACTIONS.boxes(request, convention, outcome.bound),
        "versions": versions, "latest": versions[-1] if versions else None,
        "comments": convention.comments.select_related("household").order_by("received_on", "id"),
        "votes": convention.votes.order_by("held_on", "id"), "measures": convention.measures.order_by("decided_on"),
        "reviews": convention.reviews.all(), "warnings": services.warnings(convention),
        "team_lines": [line for line in convention.drafting_team.splitlines() if line.strip()],
        "posting_end": domain.posting_min_end(convention.posted_on) if convention.posted_on else None,
        **diff_context(request, versions),
    }, status=outcome.status)
