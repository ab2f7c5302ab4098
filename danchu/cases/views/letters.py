"""Staff pages of letters: the deadline dashboard, recording a letter, a letter's page with the steps to take
(core.actions, see cases/actions.py), its documents, and the custodian's reveal of a denouncer.

A denouncer's identity is never rendered by these views except on the reveal page, which needs the custodian's
permission and a reason, and is audited."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from danchu.core import audit, clock
from danchu.core.calendar_service import calendar_for
from danchu.core.documents import build_paper_docx, build_paper_pdf
from danchu.core.exports import file_download
from danchu.core.http import form_errors, require_perm
from danchu.core.text import clean_text
from danchu.units.domain import Level

from .. import actions, documents, domain, forms, services
from ..domain import CaseKind, State
from ..models import Case, ReceptionEntry
from ..reminders import DUE_SOON_WORKING_DAYS, by_deadline, due_soon_horizon
from ..rules import may_reveal_identity
from ..stats import on_time_by_unit, statistics
from ..verbs import AuditVerb
from .common import period_from, unit_or_404


def _cases_queryset(request, unit, today):
    qs = Case.objects.in_subtree(unit).select_related("unit", "assignee")
    kind = request.GET.get("kind", "")
    if kind in CaseKind.values:
        qs = qs.filter(kind=kind)
    state = request.GET.get("state", "")
    if state == "open":
        qs = qs.open()
    elif state in State.values:
        qs = qs.filter(state=state)
    due = request.GET.get("due", "")
    qs = by_deadline(qs, due, today)
    q = clean_text(request.GET.get("q", "")[:60])
    if q:
        # by file number or tracking code only: a search never matches (nor reveals) a person's name
        qs = qs.filter(Q(code__icontains=q) | Q(tracking_code=Case.TRACKING.normalise(q)))
    return qs.order_by(F("due_on").asc(nulls_last=True), "-received_on", "-id"), kind, state, due, q


@login_required
def case_list(request, unit_pk: int):
    """One deadline dashboard for all case types: due soon, overdue, extended; on-time statistics."""
    unit = unit_or_404(unit_pk)
    require_perm(request, "cases.view_cases", unit)
    today = clock.today()
    qs, kind, state, due, q = _cases_queryset(request, unit, today)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    horizon = due_soon_horizon(today, calendar_for(today))
    rows = [(c, {"overdue": c.due_on is not None and c.due_on < today,
                 "soon": c.due_on is not None and today <= c.due_on <= horizon}) for c in page]
    all_cases = Case.objects.in_subtree(unit)
    counts = {"overdue": all_cases.step_overdue(today).count(),
              "soon": all_cases.step_due_between(today, horizon).count(),
              "extended": all_cases.open().filter(extensions__gt=0).count(),
              "open": all_cases.open().count()}
    start, end = period_from(request, today)
    base = request.GET.copy()
    base.pop("page", None)
    can_record = request.user.has_perm("cases.view_book", unit)
    return render(request, "cases/case_list.html", {
        "nav": "cases", "unit": unit, "page_obj": page, "rows": rows, "kind": kind, "state": state, "due": due,
        "q": q, "kinds": CaseKind.choices, "states": State.choices, "counts": counts, "today": today,
        "stats": statistics(unit, start, end), "stats_start": start, "stats_end": end,
        # a province: on-time resolution per commune over the period
        "by_unit": on_time_by_unit(unit, start, end) if unit.level < Level.COMMUNE else [],
        "querystring_base": (base.urlencode() + "&") if base else "", "can_work": can_record,
        "can_record": can_record, "due_soon_days": DUE_SOON_WORKING_DAYS,
    })


@login_required
def letter_record(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
    if not (request.user.has_perm("cases.view_book", unit) or request.user.has_perm("cases.view_cases", unit)):
        raise PermissionDenied
    form = forms.LetterForm(request.POST or None, initial={"received_on": clock.today(), "round": 1})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_record_letter(unit=unit, actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            form.add_error("kind", _("Bạn không có quyền tiếp nhận loại đơn này."))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã vào sổ đơn %(c)s.") % {"c": case.code})
            return redirect("cases:case-detail", case.pk)
    return render(request, "cases/letter_record.html", {"nav": "cases", "unit": unit, "form": form},
                  status=400 if form.errors else 200)


@login_required
def case_detail(request, pk: int):
    case = get_object_or_404(Case.objects.select_related("unit", "assignee", "entry"), pk=pk)
    require_perm(request, "cases.view_cases", case)
    table = actions.for_case(case)
    outcome = table.handle(request, case)
    if outcome.response:
        return outcome.response
    bound = outcome.bound or {}
    services.case_viewed(case=case, actor=request.user)
    boxes = [box for box in table.boxes(request, case, bound) if actions.OFFERED[box["name"]](case)]
    shown = {box["name"] for box in boxes}
    for name, form in bound.items():  # a step not offered in this state: its error as a message
        if name not in shown and form.errors:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    today = clock.today()
    rules = case.rules()
    return render(request, "cases/case_detail.html", {
        "nav": "cases", "unit": case.unit, "case": case, "boxes": boxes, "today": today,
        "overdue": case.due_on is not None and case.due_on < today,
        "events": case.events.select_related("actor").order_by("created", "id"),
        "documents": case.documents.order_by("number"),
        "can_reveal": case.identity_sealed and may_reveal_identity(request.user, case),
        "reveal_form": forms.RevealForm(), "rules": rules,
        "limitation": (domain.limitation_expires(case.known_on, case.obstacle_days, rules, calendar_for(case.known_on))
                       if case.kind == CaseKind.COMPLAINT and case.known_on else None),
        "max_extensions": domain.MAX_EXTENSIONS.get(case.complexity, 0),
        "final_on": (domain.complaint_final_on(case.decided_on, remote=case.remote_area, rules=rules,
                                               cal=calendar_for(case.decided_on))
                     if case.kind == CaseKind.COMPLAINT and case.state == State.DECIDED else None),
    }, status=outcome.status)


@never_cache
@login_required
@require_POST
def identity_reveal(request, kind: str, pk: int):
    """The custodian sees the denouncer's identity after giving a reason (audited). Never cached."""
    if kind == "don":
        owner = get_object_or_404(Case.objects.select_related("unit"), pk=pk, identity_sealed=True)
        back = ("cases:case-detail", owner.pk)
    elif kind == "so":
        owner = get_object_or_404(ReceptionEntry.objects.select_related("unit"), pk=pk, sealed=True)
        back = ("cases:entry-detail", owner.pk)
    else:
        raise Http404
    target = {"case": owner} if kind == "don" else {"entry": owner}
    if not may_reveal_identity(request.user, owner):
        with contextlib.suppress(PermissionDenied):  # the service audits the refused attempt, then refuses
            services.identity_reveal(actor=request.user, reason="", **target)
        raise PermissionDenied
    form = forms.RevealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nêu lý do (ít nhất 10 ký tự) để xem thông tin người tố cáo."))
        return redirect(*back)
    try:
        identity = services.identity_reveal(actor=request.user, reason=form.cleaned_data["reason"], **target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(*back)
    response = render(request, "cases/identity.html", {"nav": "cases", "unit": owner.unit, "owner": owner,
                                                       "identity": identity, "back": back})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def case_document(request, pk: int, doc_pk: int, fmt: str):
    case = get_object_or_404(Case.objects.select_related("unit"), pk=pk)
    require_perm(request, "cases.view_cases", case)
    document = get_object_or_404(case.documents, pk=doc_pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    paper = documents.compose(document)
    with transaction.atomic():
        audit.record(actor=request.user, verb=AuditVerb.DOCUMENT_DOWNLOADED, target=case, unit=case.unit,
                     data={"document": document.number, "format": fmt})
    name = f"{case.code}-{document.number:02d}-{document.kind}"
    if fmt == "docx":
        return file_download(build_paper_docx(paper), filename=name, extension="docx", content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    return file_download(build_paper_pdf(paper), filename=name, extension="pdf", content_type="application/pdf",
                         inline=True)
