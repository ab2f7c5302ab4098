"""Thin HTML views. Public: a commune's consultations, one consultation (draft, period, the opinion form, and
after publication the synthesis — village and channel of each opinion, never its author). Staff: the register,
the plan, the steps of Art.28, quick entry of opinions from meetings/hotline/boxes, the synthesis written inline
per opinion (htmx), the decision; the synthesis report as .docx/PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core import clock
from danchu.core.attachments import attachment_response
from danchu.core.exports import file_download
from danchu.core.http import form_errors
from danchu.core.http import require_perm as require
from danchu.core.legal_rules import rule_text
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import domain, services
from .actions import ACTIONS
from .domain import State
from .forms import EntryForm, GroupForm, OpinionForm, PlanForm, RecordOpinionForm
from .models import Consultation, Opinion, SynthesisEntry

RUN, VIEW_REGISTER, VIEW = ("consultations.run_consultation", "consultations.view_register",
                            "consultations.view_consultation")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _commune(pk: int) -> AdministrativeUnit:
    return get_object_or_404(AdministrativeUnit, pk=pk, level=Level.COMMUNE)


def _consultation(pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("commune", "plan_item", "synthesis_item"), pk=pk)


def _numbered(opinions) -> list[Opinion]:
    opinions = list(opinions)
    for i, o in enumerate(sorted(opinions, key=lambda o: o.pk), start=1):
        o._number = i
    return opinions


# --- public ----------------------------------------------------------------------------------------


def public_list(request, pk: int):
    """A commune's open and past consultations (reached from the commune's public page)."""
    commune = _commune(pk)
    today = clock.today()
    qs = Consultation.objects.filter(commune=commune).public().order_by("-opens_on", "-id")
    open_now = [c for c in qs if c.is_open(today)]
    past = qs.exclude(pk__in=[c.pk for c in open_now])
    page = Paginator(past, 20).get_page(request.GET.get("page"))
    return render(request, "consultations/public_list.html", {
        "nav": "units", "unit": commune, "open_now": open_now, "page_obj": page, "today": today,
        "can_run": request.user.has_perm(RUN, commune), "period": rule_text(domain.PERIOD_RULE)})


def public_detail(request, pk: int):
    c = _consultation(pk)
    require(request, VIEW, c)
    if not c.is_public:  # a draft, seen by staff: their page
        return redirect("consultations:staff-detail", c.pk)
    today = clock.today()
    form = None
    status = 200
    can_give = c.is_open(today) and domain.accepts_online(c.forms)
    if can_give and request.user.is_authenticated:
        form = OpinionForm(request.POST or None, request.FILES or None, commune=c.commune,
                           initial={"village": _home_village(request.user, c)})
        if request.method == "POST":
            if not services.opinion_allowed(request.user):
                form.add_error(None, _("Bạn đã gửi quá nhiều ý kiến trong thời gian ngắn. Vui lòng thử lại sau."))
                status = 429
            elif form.is_valid():
                data = form.cleaned_data
                try:
                    services.opinion_submit(consultation=c, user=request.user, text=data["text"],
                                            stance=data["stance"], village=data["village"], files=data["files"])
                except ValidationError as exc:
                    form_errors(form, exc)
                else:
                    messages.success(request, _("Cảm ơn ông/bà đã góp ý. Ý kiến đã được ghi nhận và sẽ được tổng "
                                                "hợp, tiếp thu hoặc giải trình công khai."))
                    return redirect(reverse("consultations:public-detail", args=[c.pk]) + "#y-kien-cua-ban")
            if status == 200 and form.errors:
                status = 400
    elif request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
        messages.error(request, _("Nội dung này không còn nhận ý kiến trực tuyến."))
        return redirect("consultations:public-detail", c.pk)
    mine = (_numbered(c.opinions.all()) if request.user.is_authenticated else [])
    mine = [o for o in mine if o.author_id == request.user.pk] if request.user.is_authenticated else []
    rows = services.synthesis_rows(c) if c.has_result else []
    tally = services.tally_of(c) if c.has_result else None
    return render(request, "consultations/public_detail.html", {
        "nav": "units", "c": c, "unit": c.commune, "form": form, "can_give": can_give, "mine": mine, "rows": rows,
        "tally": tally, "majority": domain.majority(tally) if tally else None, "today": today,
        "documents": c.documents.all(), "opinion_count": c.opinions.count(),
        "villages": list(c.villages.all()), "can_see_register": request.user.has_perm(VIEW_REGISTER, c),
    }, status=status)


def _home_village(user, c: Consultation):
    """The village of the resident's household in this commune, if the register knows it."""
    from danchu.units.models import Household

    return (Household.objects.filter(representative=user, village__parent=c.commune, dissolved_on__isnull=True)
            .values_list("village_id", flat=True).first())


def public_document(request, pk: int, attachment_pk: int):
    c = _consultation(pk)
    require(request, VIEW, c)
    return attachment_response(get_object_or_404(c.documents, pk=attachment_pk))


def report_download(request, pk: int, fmt: str):
    """The synthesis report: public once the synthesis is published; before that, a working draft for staff."""
    from . import documents

    c = _consultation(pk)
    if not c.has_result:
        if not request.user.is_authenticated:
            raise Http404
        require(request, VIEW_REGISTER, c)
        if c.state not in (State.CLOSED, State.SYNTHESIS):
            raise Http404
    if fmt == "pdf" and c.has_result and c.synthesis_item_id:
        # the published report is the PDF attached to disclosure item 11: served as stored, never re-rendered
        # for each visitor (rendering costs CPU; the stored file is what was published)
        stored = c.synthesis_item.attachments.filter(content_type="application/pdf").order_by("-pk").first()
        if stored is not None:
            return attachment_response(stored)
    report = documents.report_context(c, on=c.synthesis_published_on or clock.today())
    name = f"bao-cao-tong-hop-y-kien-{c.title}"[:104]
    if fmt == "pdf":
        return file_download(documents.build_report_pdf(report), filename=name, extension="pdf",
                             content_type="application/pdf", inline=True)
    if fmt == "docx":
        return file_download(documents.build_report_docx(report), filename=name, extension="docx", content_type=DOCX)
    raise Http404


# --- staff: register and plan -----------------------------------------------------------------------


@login_required
def staff_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, VIEW_REGISTER, unit)
    qs = Consultation.objects.in_subtree(unit).select_related("commune").order_by("-opens_on", "-id")
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "consultations/staff_list.html", {
        "nav": "consultations", "unit": unit, "page_obj": page, "state": state, "states": State.choices,
        "querystring_base": f"state={state}&" if state else "",
        "can_create": unit.level == Level.COMMUNE and request.user.has_perm(RUN, unit),
        "today": clock.today()})


@login_required
def staff_create(request, unit_pk: int):
    commune = _commune(unit_pk)
    require(request, RUN, commune)
    today = clock.today()
    initial = {"opens_on": today, "closes_on": domain.earliest_close(today), "forms": ["portal"]}
    form = PlanForm(request.POST or None, request.FILES or None, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.consultation_create(commune=commune, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo dự thảo kế hoạch lấy ý kiến."))
            return redirect("consultations:staff-detail", c.pk)
    return render(request, "consultations/staff_plan.html", {
        "nav": "consultations", "unit": commune, "form": form, "c": None, "period": rule_text(domain.PERIOD_RULE)},
        status=400 if form.errors else 200)


@login_required
def staff_edit(request, pk: int):
    c = _consultation(pk)
    require(request, RUN, c)
    if c.state not in domain.EDITABLE_STATES:
        messages.error(request, _("Nội dung lấy ý kiến đã công khai, không sửa được kế hoạch."))
        return redirect("consultations:staff-detail", c.pk)
    initial = {f: getattr(c, f) for f in ("content_kind", "title", "description", "forms", "opens_on", "closes_on",
                                          "method", "responsible", "decision_authority", "plan_number")}
    initial["villages"] = list(c.villages.all())
    form = PlanForm(request.POST or None, request.FILES or None, commune=c.commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.consultation_update(consultation=c, actor=request.user, documents=data.pop("documents"), **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("consultations:staff-detail", c.pk)
    return render(request, "consultations/staff_plan.html", {
        "nav": "consultations", "unit": c.commune, "form": form, "c": c, "documents": c.documents.all(),
        "period": rule_text(domain.PERIOD_RULE)}, status=400 if form.errors else 200)


@login_required
@require_POST
def staff_detach(request, pk: int, attachment_pk: int):
    c = _consultation(pk)
    require(request, RUN, c)
    attachment = get_object_or_404(c.documents, pk=attachment_pk)
    try:
        services.consultation_detach(consultation=c, attachment=attachment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("consultations:staff-edit", c.pk)


# --- staff: one consultation -----------------------------------------------------------------------


def _detail_context(request, c: Consultation, **extra) -> dict:
    today = clock.today()
    opinions = _numbered(c.opinions.select_related("village", "author", "entered_by", "entry")
                         .prefetch_related("attachments").order_by("received_on", "id"))
    tally = services.tally_of(c)
    entry_sizes = {}
    for o in opinions:
        if o.entry_id:
            entry_sizes[o.entry_id] = entry_sizes.get(o.entry_id, 0) + 1
    can_run = request.user.has_perm(RUN, c)
    ctx = {
        "nav": "consultations", "c": c, "unit": c.commune, "opinions": opinions, "tally": tally,
        "majority": domain.majority(tally), "today": today, "can_run": can_run,
        "documents": c.documents.all(), "villages": list(c.villages.all()),
        "opinion_rows": [(o, EntryForm(prefix=f"o{o.pk}", initial={"outcome": o.entry.outcome,
                                                                    "response": o.entry.response} if o.entry_id else {}),
                          entry_sizes.get(o.entry_id, 0)) for o in opinions],
        "uncovered": sum(1 for o in opinions if not o.entry_id),
        "can_edit": can_run and c.state in domain.EDITABLE_STATES,
        "can_synthesise": can_run and c.state in domain.SYNTHESIS_STATES,
        "can_enter": can_run and c.state in domain.STAFF_ENTRY_STATES,
        "earliest_close": domain.earliest_close(c.opens_on),
        "period_days": domain.period_days(c.opens_on, c.closes_on), "period": rule_text(domain.PERIOD_RULE),
    }
    ctx.update(extra)
    ctx["boxes"] = [box for box in ACTIONS.boxes(request, c, ctx.pop("bound", None)) if _shown(box["name"], c, today)]
    names = {box["name"] for box in ctx["boxes"]}
    ctx.update(can_publish_synthesis="synthesis" in names, can_decide="decision" in names)
    if "record_form" not in ctx:
        ctx["record_form"] = RecordOpinionForm(prefix="op", commune=c.commune, initial={
            "channel": request.GET.get("kenh") or "meeting", "village": request.GET.get("thon") or None,
            "received_on": request.GET.get("ngay") or None, "source_note": request.GET.get("nguon", "")[:300],
            "stance": "other", "people_count": 1})
    ctx.setdefault("group_form", GroupForm(prefix="group"))
    return ctx


def _shown(name: str, c: Consultation, today) -> bool:
    """The steps the page offers now: closing only once the last day has passed, the report to HĐND only once (the
    step itself stays allowed — a POST sent early gets the service's explanation, a second report a new date)."""
    if name == "close":
        return domain.can_close(c.state, c.closes_on, today)
    if name == "report":
        return not c.reported_to_council_on
    return True


@login_required
def staff_detail(request, pk: int):
    """The staff page of a consultation; a step posted here runs through the same table as the API (actions.py)."""
    c = _consultation(pk)
    require(request, VIEW_REGISTER, c)
    outcome = ACTIONS.handle(request, c)
    if outcome.response:
        return outcome.response
    return render(request, "consultations/staff_detail.html", _detail_context(request, c, bound=outcome.bound),
                  status=outcome.status)


@login_required
@require_POST
def staff_action(request, pk: int):
    """The steps' form address kept for bookmarks and clients: the same as posting to the staff page."""
    c = _consultation(pk)
    require(request, RUN, c)
    outcome = ACTIONS.handle(request, c, redirect_to=reverse("consultations:staff-detail", args=[c.pk]))
    if outcome.response:
        return outcome.response
    return render(request, "consultations/staff_detail.html", _detail_context(request, c, bound=outcome.bound),
                  status=outcome.status)


@login_required
@require_POST
def opinion_record(request, pk: int):
    """Quick entry: after saving, the form comes back with the same channel, village, date and source."""
    c = _consultation(pk)
    require(request, RUN, c)
    form = RecordOpinionForm(request.POST, request.FILES, prefix="op", commune=c.commune)
    if form.is_valid():
        data = form.cleaned_data
        try:
            opinion = services.opinion_record(consultation=c, actor=request.user, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã nhập ý kiến số %(n)d.") % {"n": c.opinions.filter(pk__lte=opinion.pk).count()})
            sticky = {"kenh": data["channel"], "thon": data["village"].pk if data["village"] else "",
                      "ngay": data["received_on"].isoformat() if data["received_on"] else "",
                      "nguon": data["source_note"]}
            return redirect(reverse("consultations:staff-detail", args=[c.pk]) + "?" +
                            urlencode({k: v for k, v in sticky.items() if v}) + "#nhap-y-kien")
    return render(request, "consultations/staff_detail.html",
                  _detail_context(request, c, record_form=form, open_action="record"), status=400)


def _opinion_row(request, c: Consultation, opinion: Opinion, *, form=None, status=200):
    opinion = Opinion.objects.select_related("village", "author", "entered_by", "entry").get(pk=opinion.pk)
    opinion._number = c.opinions.filter(pk__lte=opinion.pk).count()
    size = opinion.entry.opinions.count() if opinion.entry_id else 0
    if form is None:
        initial = {"outcome": opinion.entry.outcome, "response": opinion.entry.response} if opinion.entry_id else {}
        form = EntryForm(prefix=f"o{opinion.pk}", initial=initial)
    return render(request, "consultations/_opinion_row.html", {
        "c": c, "o": opinion, "entry_form": form, "entry_size": size, "can_synthesise": c.state in
        domain.SYNTHESIS_STATES and request.user.has_perm(RUN, c), "editing": True}, status=status)


@login_required
@require_POST
def entry_for_opinion(request, pk: int, opinion_pk: int):
    """Accept or explain one opinion (htmx: returns the re-rendered row). An opinion already in a group edits
    the group's row."""
    c = _consultation(pk)
    require(request, RUN, c)
    opinion = get_object_or_404(c.opinions.select_related("entry"), pk=opinion_pk)
    form = EntryForm(request.POST, prefix=f"o{opinion.pk}")
    ok = False
    if form.is_valid():
        try:
            entry = opinion.entry
            services.entry_save(consultation=c, actor=request.user,
                                opinions=list(entry.opinions.all()) if entry else [opinion],
                                outcome=form.cleaned_data["outcome"], response=form.cleaned_data["response"],
                                summary=entry.summary if entry else "", entry=entry)
            ok = True
        except ValidationError as exc:
            form_errors(form, exc)
    if request.htmx:
        c.refresh_from_db()
        # htmx swaps only 2xx answers: the row comes back with its errors shown, with status 200
        return _opinion_row(request, c, opinion, form=None if ok else form)
    if ok:
        messages.success(request, _("Đã lưu tiếp thu, giải trình."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(reverse("consultations:staff-detail", args=[c.pk]) + f"#y-kien-{opinion.pk}")


@login_required
@require_POST
def entry_group(request, pk: int):
    """Group the selected opinions into one row (similar opinions answered together)."""
    c = _consultation(pk)
    require(request, RUN, c)
    form = GroupForm(request.POST, prefix="group")
    ids = [int(x) for x in request.POST.getlist("opinions") if x.isdigit()][:1000]
    opinions = list(c.opinions.filter(pk__in=ids))
    if form.is_valid():
        try:
            services.entry_save(consultation=c, actor=request.user, opinions=opinions, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã gộp %(n)d ý kiến thành một nội dung tiếp thu, giải trình.")
                             % {"n": len(opinions)})
            return redirect(reverse("consultations:staff-detail", args=[c.pk]) + "#tong-hop")
    return render(request, "consultations/staff_detail.html",
                  _detail_context(request, c, group_form=form, open_action="group"), status=400)


@login_required
@require_POST
def entry_delete(request, pk: int, entry_pk: int):
    c = _consultation(pk)
    require(request, RUN, c)
    entry = get_object_or_404(SynthesisEntry, pk=entry_pk, consultation=c)
    try:
        services.entry_delete(entry=entry, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã bỏ dòng tổng hợp; các ý kiến cần được tiếp thu hoặc giải trình lại."))
    return redirect(reverse("consultations:staff-detail", args=[c.pk]) + "#tong-hop")


@login_required
def staff_file(request, pk: int, attachment_pk: int):
    """A draft document or an opinion's attachment (opinions' files are not public: they may name people)."""
    c = _consultation(pk)
    require(request, VIEW_REGISTER, c)
    attachment = (c.documents.filter(pk=attachment_pk).first()
                  or get_object_or_404(c.opinions.model.attachments.through.objects.select_related("attachment"),
                                       opinion__consultation=c, attachment_id=attachment_pk).attachment)
    return attachment_response(attachment)

