from __future__ import annotations

import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from drf_spectacular.views import SpectacularAPIView


def _check_database() -> dict:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "engine": connection.vendor, "ms": round((time.perf_counter() - start) * 1000, 2)}


def _check_cache() -> dict:
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, 10)
    ok = cache.get(key) == value
    cache.delete(key)
    return {"ok": ok, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _check_queue() -> dict:
    from huey.contrib.djhuey import HUEY

    pending = HUEY.pending_count()  # touches the queue storage (SQLite file or Redis)
    return {"ok": True, "backend": type(HUEY).__name__, "pending": pending, "immediate": HUEY.immediate}


@never_cache
def healthz(request):
    """Database, cache and queue status as JSON: 200 when all are up, 503 otherwise."""
    checks = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("queue", _check_queue)):
        try:
            checks[name] = check()
        except Exception as exc:  # report any failure of a dependency, never raise
            checks[name] = {"ok": False, "error": exc.__class__.__name__}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def api_not_found(request, *args, **kwargs):
    """Any /api/ address that matches no endpoint: 404 in the API's error format."""
    from django.utils.translation import gettext as _

    return JsonResponse({"error": {"code": "not_found", "message": _("Không tìm thấy.")}}, status=404)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, generated once per process under a lock: the first requests arriving together used to
    race inside the generator (a 500); later ones are served from memory (the schema changes only with the code)."""

    _lock = threading.Lock()
    _cache: dict = {}

    def _get_schema_response(self, request):
        from django.utils.translation import get_language
        from rest_framework.response import Response

        key = (get_language(), request.GET.get("version") or "", self.perform_content_negotiation(request)[0].format)
        with self._lock:
            if key not in self._cache:
                response = super()._get_schema_response(request)
                self._cache[key] = (response.data, response["Content-Disposition"])
        data, disposition = self._cache[key]
        return Response(data=data, headers={"Content-Disposition": disposition})


def audit_checkpoints(request, fmt: str = "html"):
    """The signed checkpoints of the audit log, public: anyone (the Fatherland Front first) may keep copies and
    later prove with `danchu verify_audit --checkpoints <copy>` that no row they vouch for was removed or changed."""
    from . import keys
    from .audit import CHECKPOINT_PREFIX, Checkpoint
    from .models import AuditCheckpoint

    rows = [Checkpoint.from_row(r) for r in AuditCheckpoint.objects.order_by("-seq", "-created")[:500]]
    if fmt == "json":
        return JsonResponse({
            "algorithm": "Ed25519", "public_key": keys.public_key_b64(),
            "message": f"{CHECKPOINT_PREFIX}:<seq>:<hash>:<created>",
            "checkpoints": [c.as_dict() for c in rows],
        }, json_dumps_params={"ensure_ascii": False})
    return render(request, "core/audit_checkpoints.html", {
        "nav": "audit", "checkpoints": rows, "public_key": keys.public_key_b64(), "prefix": CHECKPOINT_PREFIX})


def calendar_page(request, year: int | None = None):
    """The legal calendar of a year (days off, working Saturdays) and a deadline calculator
    (Bộ luật Dân sự Art.147–148), usable by anyone."""
    from . import clock
    from .calendar import CalendarRangeError
    from .calendar_service import compute_due, get_calendar
    from .forms import DeadlineForm

    year = year or clock.today().year
    if not 1990 <= year <= 2100:
        from django.http import Http404

        raise Http404
    cal = get_calendar(year)
    form = DeadlineForm(request.GET or None, initial={"start": clock.today()})
    result = error = None
    if form.is_bound and form.is_valid():
        try:
            result = compute_due(form.cleaned_data["start"], form.cleaned_data["amount"], form.cleaned_data["unit"])
        except (ValueError, CalendarRangeError) as exc:
            error = str(exc)
    template = "core/_deadline_result.html" if request.htmx else "core/calendar.html"
    return render(request, template, {
        "nav": "calendar", "year": year, "days_off": cal.non_working_weekdays(year),
        "working_days": cal.working_weekend_days(year), "form": form, "result": result, "error": error,
    })


def notification_list(request):
    from django.contrib.auth.views import redirect_to_login
    from django.core.paginator import Paginator

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    qs = request.user.notifications.filter(channel="in_app").order_by("-created")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page_obj": page, "querystring_base": ""})


def notification_read(request, pk: int):
    from django.http import HttpResponseNotAllowed
    from django.shortcuts import get_object_or_404, redirect

    from .models import Notification
    from .notify import notification_mark_read

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification, actor=request.user)
    if notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect("core:notifications")
