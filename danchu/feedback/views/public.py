"""The residents' pages: report a feedback from a phone, see the tracking code once, follow it with the code and
rate the answer (and reopen it), and the public pages of the communes with their on-time and satisfaction rates."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danchu.core import clock
from danchu.core.attachments import attachment_response
from danchu.core.http import CachedCountPaginator
from danchu.core.http import form_errors as _form_errors
from danchu.core.models import folded_search
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .. import domain, services, stats
from ..forms import HONEYPOT, RateForm, SubmitForm, TrackForm
from ..limits import submission_accepted, submission_allowed, tracking_allowed
from ..models import Category, Feedback

SESSION_CODE = "feedback:submitted"
SESSION_TRACKED = "feedback:tracked"


def _commune_param(request) -> int | None:
    value = (request.GET.get("commune") or request.GET.get("xa") or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


# --- residents -------------------------------------------------------------------------------------


def submit(request):
    """Report from a phone in a few taps: category, commune, village, location, description, photos, contact."""
    initial = {"publish": True}
    commune_id = _commune_param(request)
    if commune_id:
        initial["commune"] = commune_id
    if request.user.is_authenticated:
        initial.update(reporter_name=request.user.full_name, phone=request.user.phone or "",
                       email=request.user.email)
    form = SubmitForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):  # a bot: pretend it worked, store nothing
            request.session[SESSION_CODE] = ""
            return redirect("feedback:submitted")
        if not submission_allowed(request):
            form.add_error(None, _("Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau một giờ."))
            status = 429
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != HONEYPOT}
            try:
                feedback = services.feedback_submit(user=request.user, **data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                submission_accepted(request)
                request.session[SESSION_CODE] = feedback.tracking_code
                return redirect("feedback:submitted")
        if status == 200 and form.errors:
            status = 400
    return render(request, "feedback/submit.html", {"nav": "feedback", "form": form}, status=status)


@never_cache
def submitted(request):
    """Shows the tracking code once (from the session, never from the URL)."""
    if SESSION_CODE not in request.session:
        return redirect("feedback:submit")
    code = request.session.pop(SESSION_CODE)
    feedback = Feedback.objects.filter(tracking_code=code).select_related("commune", "category").first() \
        if code else None
    duplicates = services.find_duplicates(feedback, limit=3) if feedback else []
    duplicates = [(s, f) for s, f in duplicates if f.publish]
    return render(request, "feedback/submitted.html", {"nav": "feedback", "feedback": feedback, "code": code,
                                                       "duplicates": duplicates})


def _lookup(code: str) -> Feedback | None:
    return (Feedback.objects.with_code(code).select_related("commune", "category", "duplicate_of", "organisation")
            .prefetch_related("photos").first())


@never_cache
def track(request):
    """The reporter enters the tracking code: status, each public step, the answer; then rates it and may
    reopen. Never the phone, e-mail or staff notes."""
    feedback = None
    status = 200
    rate_form = None
    if request.method == "POST" and request.POST.get("action") == "rate":
        code = request.session.get(SESSION_TRACKED, "")
        feedback = _lookup(code) if code else None
        if feedback is None:
            messages.error(request, _("Phiên tra cứu đã hết hạn. Hãy nhập lại mã tra cứu."))
            return redirect("feedback:track")
        rate_form = RateForm(request.POST)
        if rate_form.is_valid():
            try:
                services.feedback_rate(feedback=feedback, actor=request.user if request.user.is_authenticated
                                       else "public", **rate_form.cleaned_data)
            except ValidationError as exc:
                _form_errors(rate_form, exc)
            else:
                messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
                return redirect(f"{request.path}?code={feedback.tracking_code}")
        status = 400
        form = TrackForm(initial={"code": feedback.tracking_code})
    else:
        data = request.POST if request.method == "POST" else (request.GET if "code" in request.GET else None)
        form = TrackForm(data)
        if data is not None:
            if not tracking_allowed(request):
                form.add_error(None, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
                status = 429
            elif form.is_valid():
                feedback = _lookup(form.cleaned_data["code"])
                if feedback is None:
                    form.add_error("code", _("Không tìm thấy phản ánh với mã này. Hãy kiểm tra lại mã tra cứu."))
                    status = 404
                else:
                    request.session[SESSION_TRACKED] = feedback.tracking_code
            else:
                status = 400
    context = {"nav": "feedback", "form": form, "feedback": feedback}
    if feedback is not None:
        today = clock.today()
        answered_on = clock.local_date(feedback.answered_at) if feedback.answered_at else None
        context.update(
            events=[e for e in feedback.events.order_by("created", "id") if e.note],
            answered_at=services.answer_time(feedback),
            rate_form=rate_form or RateForm(initial={"rating": feedback.rating}),
            show_rate=services.rating_open(feedback, today),
            can_reopen=domain.can_reopen(feedback.state, None, answered_on, today, services.reopen_days()),
            reopen_until=answered_on + timedelta(days=services.reopen_days()) if answered_on else None,
            overdue=feedback.is_overdue(today),
        )
    response = render(request, "feedback/track.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def track_photo(request, code: str, photo_pk: int):
    """A photo of a feedback, reachable with its tracking code (a capability URL) or when published."""
    if not tracking_allowed(request):
        raise Http404
    feedback = _lookup(code)
    if feedback is None:
        raise Http404
    attachment = get_object_or_404(feedback.photos, pk=photo_pk)
    response = attachment_response(attachment)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def public_photo(request, pk: int, photo_pk: int):
    feedback = get_object_or_404(Feedback.objects.public(), pk=pk)
    return attachment_response(get_object_or_404(feedback.photos, pk=photo_pk))


def public_index(request):
    """The communes, with how many feedback each received and answered on time (links to each page)."""
    q = request.GET.get("q", "")[:100].replace("\x00", "").strip()
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
    if q:
        communes = folded_search(communes, q)
    page = CachedCountPaginator(communes.order_by("name_folded"), 50).get_page(request.GET.get("page"))
    today = clock.today()
    rows = {r["label"]: r for r in stats.by(Feedback.objects.filter(commune__in=list(page)), "commune_id",
                                            today=today)}
    items = [(c, rows.get(c.pk)) for c in page]
    return render(request, "feedback/public_index.html", {
        "nav": "feedback", "items": items, "page_obj": page, "q": q,
        "querystring_base": f"q={q}&" if q else "",
        "recent": Feedback.objects.public().select_related("commune", "category").order_by("-received_at")[:10],
    })


def public_commune(request, unit_pk: int):
    """Recent feedback, answers, the on-time rate and the satisfaction rate of one commune."""
    commune = get_object_or_404(AdministrativeUnit, pk=unit_pk, level=Level.COMMUNE)
    today = clock.today()
    qs = Feedback.objects.public().filter(commune=commune).select_related("category").prefetch_related("photos")
    category = request.GET.get("linh-vuc", "")[:40].replace("\x00", "")
    if category:
        qs = qs.filter(category__code=category)
    page = CachedCountPaginator(qs.order_by("-received_at", "-id"), 20).get_page(request.GET.get("page"))
    return render(request, "feedback/public_commune.html", {
        "nav": "feedback", "unit": commune, "page_obj": page, "summary": stats.for_commune_public(commune, today=today),
        "by_category": stats.by(Feedback.objects.filter(commune=commune), "category__name", today=today),
        "categories": Category.objects.filter(active=True), "category": category, "today": today,
        "querystring_base": f"linh-vuc={category}&" if category else "",
    })
