"""Open311 GeoReport v2 server (`/open311/v2/`), XML and JSON, exactly as the spec
(docs reference open311_georeport_v2.md; ADR 0016):

- `discovery.{fmt}` (Service Discovery), `services.{fmt}`, `services/{code}.{fmt}` (service definition with
  attributes), `requests.{fmt}` GET (filters service_request_id, service_code, start_date, end_date, status;
  default: the last 90 days, at most 1,000 requests; a range may not span more than 90 days) and POST (api_key),
  `requests/{id}.{fmt}`, `tokens/{token}.{fmt}`.
- `jurisdiction_id` is the code of a current commune (or of the province: every commune under it). This endpoint
  serves many jurisdictions, so it is required for services, service definitions and requests (400 when missing,
  404 when unknown); for one request or a token the id is global and the jurisdiction is checked only if given.
- Errors: 400 (invalid or missing argument), 403 (missing or invalid api_key), 404 (unknown resource), with the
  spec's body: `<errors><error><code/><description/></error></errors>` / `[{"code":…, "description":…}]`.
- Privacy: only feedback whose reporter agreed to publish is listed (FixMyStreet's non-public reports likewise),
  plus those the calling client itself submitted (identified by its api_key). Names, phones and e-mails never.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, time, timedelta
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt

from danchu.core import clock
from danchu.core.ratelimit import client_ip, hit
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import domain, services
from .domain import TRACKING, Channel, NotifyChannel, is_valid_tracking_code
from .models import Category, Feedback

SPEC = "http://wiki.open311.org/GeoReport_v2"
MAX_RANGE = timedelta(days=90)
MAX_REQUESTS = 1000
POST_LIMIT, POST_WINDOW = 600, 3600  # per api key (a hotline may send many), and 30/hour per address without one
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_\-]{1,40})\](\[\])?$")


class Open311Error(Exception):
    def __init__(self, status: int, description: str, code: int | None = None):
        super().__init__(description)
        self.status, self.description, self.code = status, description, code or status


# --- rendering --------------------------------------------------------------------------------------


def _clean(value: str) -> str:
    return _XML_BAD.sub("", value)


def _xml_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(_clean(str(value)))


def _xml(tag: str, value, item_tags: dict[str, str]) -> str:
    """The XML of the spec: lists become a container whose children are named by `item_tags`."""
    if isinstance(value, list):
        child = item_tags.get(tag, "item")
        return f"<{tag}>" + "".join(_xml(child, v, item_tags) for v in value) + f"</{tag}>"
    if isinstance(value, dict):
        return f"<{tag}>" + "".join(_xml(k, v, item_tags) for k, v in value.items()) + f"</{tag}>"
    if value is None:
        return f"<{tag}/>"
    return f"<{tag}>{_xml_value(value)}</{tag}>"


ITEM_TAGS = {"services": "service", "service_requests": "request", "attributes": "attribute", "values": "value",
             "errors": "error", "endpoints": "endpoint", "formats": "format"}


def _respond(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, default=str)
        response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    else:
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + _xml(root, data, ITEM_TAGS)
        response = HttpResponse(body.encode("utf-8"), status=status, content_type="text/xml; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Robots-Tag"] = "noindex"
    return response


def _error(fmt: str, status: int, description: str, code: int | None = None) -> HttpResponse:
    return _respond(fmt, "errors", [{"code": code or status, "description": str(description)}], status=status)


def _errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    return _respond(fmt, "errors", [{"code": status, "description": str(d)} for d in descriptions], status=status)


def endpoint(methods: tuple[str, ...] = ("GET",)):
    """Spec errors for everything that goes wrong (never an HTML page, never a 500 for bad input); Vietnamese
    descriptions whatever the interface language."""

    def wrap(view):
        def inner(request, fmt: str = "xml", **kwargs):
            with override(settings.LANGUAGE_CODE):
                if request.method not in methods:
                    response = _error(fmt, 405, _("Phương thức %(m)s không được hỗ trợ ở đây.") % {
                        "m": request.method[:10]}, 405)
                    response["Allow"] = ", ".join(methods)
                    return response
                try:
                    return view(request, fmt, **kwargs)
                except Open311Error as exc:
                    return _error(fmt, exc.status, exc.description, exc.code)

        inner.__name__ = view.__name__
        inner.__doc__ = view.__doc__
        return csrf_exempt(inner)

    return wrap


# --- arguments ------------------------------------------------------------------------------------


def _param(request, name: str, source=None) -> str:
    data = source if source is not None else request.GET
    value = data.get(name, "")
    return value.replace("\x00", "").strip()[:1000] if isinstance(value, str) else ""


def jurisdiction(request, *, required: bool, source=None) -> AdministrativeUnit | None:
    code = _param(request, "jurisdiction_id", source)
    if not code:
        if required:
            raise Open311Error(400, _("Thiếu jurisdiction_id (mã xã, phường hoặc mã tỉnh, thành phố)."))
        return None
    unit = (AdministrativeUnit.objects.filter(code=code[:32], valid_to__isnull=True,
                                              level__in=[Level.PROVINCE, Level.COMMUNE])
            .order_by("-version__valid_from", "pk").first())
    if unit is None:
        raise Open311Error(404, _("Không tìm thấy jurisdiction_id “%(code)s”.") % {"code": code[:32]})
    return unit


def _iso(dt: datetime | None) -> str | None:
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None


def _parse_when(value: str, name: str, *, end: bool) -> datetime:
    try:  # well-formed but impossible values (month 13, 30 February, hour 25, offset +99:00) raise ValueError
        dt = parse_datetime(value) if "T" in value else None
        if dt is None and "T" not in value:
            d = parse_date(value)
            if d is not None:
                dt = datetime.combine(d, time.max if end else time.min)
        if dt is None:
            raise ValueError
        if timezone.is_naive(dt):
            dt = timezone.make_aware(dt)
        if not 1990 <= dt.year <= 2100:
            raise ValueError
    except (ValueError, OverflowError):
        raise Open311Error(400, _("%(name)s phải theo định dạng W3C, ví dụ 2026-11-25T00:00:00+07:00.") % {
            "name": name}) from None
    return dt


# --- discovery and services -------------------------------------------------------------------------


def _base(request) -> str:
    return request.build_absolute_uri("/open311/v2").rstrip("/")


@endpoint()
def discovery(request, fmt):
    """Service Discovery: the one GeoReport v2 endpoint of this server and its formats."""
    changeset = _iso(clock.local_now().replace(hour=0, minute=0, second=0, microsecond=0))
    data = {
        "changeset": changeset,
        "contact": settings.DANCHU_OPEN311_CONTACT or _("Ủy ban nhân dân xã, phường nơi có sự việc"),
        "key_service": settings.DANCHU_OPEN311_KEY_SERVICE or _(
            "Cấp api_key: liên hệ quản trị hệ thống danchu của tỉnh, thành phố."),
        "endpoints": [{"specification": SPEC, "url": _base(request), "changeset": changeset, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }
    return _respond(fmt, "discovery", data)


def _service(category: Category) -> dict:
    return {"service_code": category.code, "service_name": category.name, "description": category.description or None,
            "metadata": True, "type": "realtime", "keywords": category.keywords or None,
            "group": category.group or None}


@endpoint()
def service_list(request, fmt):
    jurisdiction(request, required=True)
    return _respond(fmt, "services", [_service(c) for c in Category.objects.filter(active=True)])


def _villages(unit) -> list:
    if unit is None or unit.level != Level.COMMUNE:
        return []
    return list(AdministrativeUnit.objects.filter(parent=unit, level=Level.VILLAGE, valid_to__isnull=True)
                .order_by("name_folded").values_list("pk", "name"))


@endpoint()
def service_definition(request, fmt, code):
    unit = jurisdiction(request, required=True)
    category = Category.objects.filter(code=code[:40], active=True).first() if "\x00" not in code else None
    if category is None:
        raise Open311Error(404, _("Không có service_code “%(code)s”.") % {"code": code[:40].replace("\x00", "")})
    attributes = []
    villages = _villages(unit)
    if villages:
        attributes.append({
            "variable": True, "code": "village", "datatype": "singlevaluelist", "required": False,
            "datatype_description": _("Chọn một thôn, ấp, khu vực, tổ dân phố"), "order": 1,
            "description": _("Thôn, ấp, khu vực, tổ dân phố nơi có sự việc"),
            "values": [{"key": str(pk), "name": name} for pk, name in villages]})
    attributes.append({
        "variable": True, "code": "publish", "datatype": "singlevaluelist", "required": False,
        "datatype_description": None, "order": 2,
        "description": _("Người phản ánh đồng ý công khai nội dung và câu trả lời (mặc định: không)"),
        "values": [{"key": "true", "name": _("Đồng ý công khai")}, {"key": "false", "name": _("Không công khai")}]})
    attributes.append({
        "variable": True, "code": "notify", "datatype": "singlevaluelist", "required": False,
        "datatype_description": None, "order": 3,
        "description": _("Nhận thông báo kết quả qua (cần số điện thoại hoặc thư điện tử tương ứng)"),
        "values": [{"key": k, "name": str(v)} for k, v in NotifyChannel.choices if k]})
    return _respond(fmt, "service_definition", {"service_code": category.code, "attributes": attributes})


# --- requests ---------------------------------------------------------------------------------------


def _request_client(request, source=None):
    key = _param(request, "api_key", source)
    return services.api_client_for_key(key) if key else None


def _photo_url(request, feedback: Feedback) -> str | None:
    photos = list(feedback.photos.all())
    if photos and feedback.publish:
        return request.build_absolute_uri(reverse("feedback:public-photo", args=[feedback.pk, photos[0].pk]))
    return feedback.media_url or None


def _status_notes(feedback: Feedback) -> str | None:
    if feedback.state in (domain.State.ANSWERED, domain.State.CLOSED) and feedback.answer:
        return feedback.answer[:4000]
    return feedback.status_note or None


def _expected(feedback: Feedback) -> str | None:
    if feedback.due_on is None or not feedback.is_open():
        return None
    return _iso(timezone.make_aware(datetime.combine(feedback.due_on, time(23, 59, 59))))


def _updated(feedback: Feedback) -> str | None:
    if feedback.is_closed():
        return _iso(feedback.closed_at or feedback.answered_at or feedback.modified)
    return _iso(feedback.modified)


def _address(feedback: Feedback) -> str | None:
    parts = [feedback.address, feedback.village.name if feedback.village_id else "", feedback.commune.name]
    return ", ".join(p for p in parts if p) or None


def _request_out(request, feedback: Feedback) -> dict:
    return {
        "service_request_id": str(feedback.pk),
        "status": domain.open311_status(feedback.state),
        "status_notes": _status_notes(feedback),
        "service_name": feedback.category.name,
        "service_code": feedback.category.code,
        "description": feedback.description[:4000] if feedback.publish else None,
        "agency_responsible": feedback.organisation.name if feedback.organisation_id else feedback.commune.name,
        "service_notice": None,
        "requested_datetime": _iso(feedback.received_at),
        "updated_datetime": _updated(feedback),
        "expected_datetime": _expected(feedback),
        "address": _address(feedback) if feedback.publish else feedback.commune.name,
        "address_id": None,
        "zipcode": None,
        "lat": feedback.lat if feedback.publish else None,
        "long": feedback.lon if feedback.publish else None,
        "media_url": _photo_url(request, feedback),
    }


def _visible(request, client):
    cond = Q(publish=True)
    if client is not None:
        cond |= Q(api_client=client)
    return (Feedback.objects.filter(cond).exclude(state=domain.State.CONVERTED)
            .select_related("category", "commune", "village", "organisation").prefetch_related("photos")
            .only(*_FIELDS))


# what _request_out reads: loading only these keeps 1,000 rows cheap (the spec's default page)
_FIELDS = ("id", "state", "answer", "status_note", "description", "publish", "received_at", "modified", "closed_at",
           "answered_at", "due_on", "address", "lat", "lon", "media_url", "category__name", "category__code",
           "commune__name", "village__name", "organisation__name")


@endpoint(("GET", "POST"))
def requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    unit = jurisdiction(request, required=True)
    client = _request_client(request)
    qs = _visible(request, client)
    qs = qs.filter(commune=unit) if unit.level == Level.COMMUNE else qs.in_subtree(unit)
    ids = _param(request, "service_request_id")
    if ids:  # "overrides all other arguments"
        wanted = [int(i) for i in ids.split(",") if i.strip().isdigit() and len(i.strip()) < 19][:MAX_REQUESTS]
        rows = qs.filter(pk__in=wanted).order_by("-received_at", "-pk")
        return _respond(fmt, "service_requests", [_request_out(request, f) for f in rows])
    codes = [c.strip() for c in _param(request, "service_code").split(",") if c.strip()]
    if codes:
        qs = qs.filter(category__code__in=codes[:50])
    statuses = {s.strip().lower() for s in _param(request, "status").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status chỉ nhận open, closed."))
    if statuses == {"open"}:
        qs = qs.filter(state__in=domain.OPEN_STATES)
    elif statuses == {"closed"}:
        qs = qs.filter(state__in=domain.CLOSED_STATES)
    start_raw, end_raw = _param(request, "start_date"), _param(request, "end_date")
    start = _parse_when(start_raw, "start_date", end=False) if start_raw else None
    end = _parse_when(end_raw, "end_date", end=True) if end_raw else None
    if start and end:
        if end < start:
            raise Open311Error(400, _("end_date phải sau start_date."))
        if end - start > MAX_RANGE:
            raise Open311Error(400, _("Khoảng thời gian không được quá 90 ngày."))
    elif start:
        end = start + MAX_RANGE
    elif end:
        start = end - MAX_RANGE
    else:
        end = clock.now()
        start = end - MAX_RANGE
    qs = qs.filter(received_at__gte=start, received_at__lte=end)
    page_size, page = MAX_REQUESTS, 1  # Extensions: page / page_size
    if _param(request, "page_size"):
        raw = _param(request, "page_size")
        if not raw.isdigit() or not 1 <= int(raw[:6]) <= MAX_REQUESTS:
            raise Open311Error(400, _("page_size phải từ 1 đến 1000."))
        page_size = int(raw)
    if _param(request, "page"):
        raw = _param(request, "page")
        if not raw.isdigit() or not 1 <= int(raw[:7]) <= 100000:
            raise Open311Error(400, _("page phải là số nguyên dương."))
        page = int(raw)
    offset = (page - 1) * page_size
    rows = qs.order_by("-received_at", "-pk")[offset:offset + page_size]
    return _respond(fmt, "service_requests", [_request_out(request, f) for f in rows])


@endpoint()
def request_detail(request, fmt, request_id):
    unit = jurisdiction(request, required=False)
    client = _request_client(request)
    feedback = None
    if request_id.isdigit() and len(request_id) < 19:
        qs = _visible(request, client)
        if unit is not None:
            qs = qs.in_subtree(unit)
        feedback = qs.filter(pk=int(request_id)).first()
    if feedback is None:
        raise Open311Error(404, _("Không tìm thấy service_request_id “%(id)s”.") % {"id": request_id[:40]})
    return _respond(fmt, "service_requests", [_request_out(request, feedback)])


@endpoint()
def token(request, fmt, token):
    """The id of a request from its token — here the tracking code the reporter received."""
    unit = jurisdiction(request, required=False)
    code = TRACKING.normalise(token)
    feedback = None
    if is_valid_tracking_code(code):
        if not hit("open311.token", client_ip(request), limit=60, window=600):
            raise Open311Error(400, _("Quá nhiều yêu cầu, vui lòng thử lại sau."), 429)
        qs = Feedback.objects.with_code(code)
        if unit is not None:
            qs = qs.in_subtree(unit)
        feedback = qs.first()
    if feedback is None:
        raise Open311Error(404, _("Không tìm thấy token “%(t)s”.") % {"t": token[:40]})
    return _respond(fmt, "service_requests", [{"service_request_id": str(feedback.pk), "token": feedback.tracking_code}])


def _create(request, fmt):
    data = request.POST
    key = _param(request, "api_key", data)
    client = services.api_client_for_key(key) if key else None
    if client is None:
        raise Open311Error(403, _("Thiếu hoặc sai api_key: không thể tạo phản ánh."))
    if not hit("open311.post", str(client.pk), limit=POST_LIMIT, window=POST_WINDOW):
        raise Open311Error(429, _("Quá nhiều phản ánh gửi trong một giờ, vui lòng thử lại sau."), 429)
    unit = jurisdiction(request, required=True, source=data)
    if unit.level != Level.COMMUNE:
        raise Open311Error(400, _("jurisdiction_id của phản ánh phải là mã một xã, phường."))
    code = _param(request, "service_code", data)
    if not code:
        raise Open311Error(400, _("Thiếu service_code."))
    category = Category.objects.filter(code=code[:40], active=True).first()
    if category is None:
        raise Open311Error(404, _("Không có service_code “%(code)s”.") % {"code": code[:40]})
    lat, lon = _param(request, "lat", data), _param(request, "long", data)
    address = _param(request, "address_string", data)
    address_id = _param(request, "address_id", data)
    if not ((lat and lon) or address or address_id):
        raise Open311Error(400, _("Cần vị trí: lat và long, hoặc address_string, hoặc address_id."))
    attributes = {}
    for name in data:
        match = _ATTRIBUTE.match(name)
        if match:
            attributes[match.group(1)] = data.getlist(name)
    village = None
    raw_village = (attributes.get("village") or [""])[0].strip()
    if raw_village:
        if not raw_village.isdigit() or len(raw_village) > 18:
            raise Open311Error(400, _("attribute[village] không hợp lệ."))
        village = AdministrativeUnit.objects.filter(pk=int(raw_village)).first()
        if village is None:
            raise Open311Error(400, _("attribute[village] không thuộc xã, phường này."))
    publish = (attributes.get("publish") or ["false"])[0].strip().lower()
    if publish not in ("true", "false", ""):
        raise Open311Error(400, _("attribute[publish] chỉ nhận true hoặc false."))
    notify_channel = (attributes.get("notify") or [""])[0].strip().lower()
    name = " ".join(p for p in (_param(request, "last_name", data), _param(request, "first_name", data)) if p)
    try:
        feedback = services.feedback_submit(
            commune=unit, category=category, description=data.get("description", ""), village=village,
            address=address or (_("Mã địa chỉ %(id)s") % {"id": address_id[:100]} if address_id else ""),
            lat=lat or None, lon=lon or None, reporter_name=name, phone=_param(request, "phone", data),
            email=_param(request, "email", data), notify_channel=notify_channel, publish=publish == "true",
            show_name=False, anonymous=not (name or _param(request, "phone", data) or _param(request, "email", data)),
            channel=Channel.OPEN311, api_client=client, media_url=_param(request, "media_url", data),
            device_id=_param(request, "device_id", data), account_id=_param(request, "account_id", data),
            actor=f"open311:{client.pk}")
    except ValidationError as exc:
        messages = []
        if hasattr(exc, "error_dict"):
            for field, errs in exc.message_dict.items():
                messages += [f"{_OPEN311_FIELD.get(field, field)}: {m}" for m in errs]
        else:
            messages = exc.messages
        return _errors(fmt, 400, messages)
    notice = _("Hạn trả lời: %(due)s. Mã tra cứu của người phản ánh: %(code)s.") % {
        "due": feedback.due_on.strftime("%d/%m/%Y"), "code": feedback.tracking_code}
    return _respond(fmt, "service_requests", [{"service_request_id": str(feedback.pk), "service_notice": notice,
                                                "account_id": feedback.account_id or None}])


_OPEN311_FIELD = {"lat": "lat/long", "reporter_name": "first_name/last_name", "commune": "jurisdiction_id",
                  "category": "service_code", "village": "attribute[village]",
                  "notify_channel": "attribute[notify]"}


@endpoint(("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"))
def invalid_url(request, fmt="xml", rest=""):
    fmt = "json" if rest.endswith(".json") else "xml"
    return _error(fmt, 400, _("Đường dẫn Open311 không hợp lệ. Xem /open311/v2/discovery.xml."))
