"""API conventions shared by every app: one error format with stable codes, pagination."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


_CODES = {
    exceptions.ValidationError: "invalid",
    exceptions.ParseError: "parse_error",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}

_MESSAGES = {
    "invalid": _("Dữ liệu gửi lên không hợp lệ."),
    "parse_error": _("Nội dung gửi lên không đọc được (JSON sai cú pháp?)."),
    "authentication_failed": _("Xác thực không thành công."),
    "not_authenticated": _("Cần đăng nhập hoặc gửi mã token."),
    "permission_denied": _("Bạn không có quyền thực hiện thao tác này."),
    "not_found": _("Không tìm thấy."),
    "method_not_allowed": _("Phương thức không được hỗ trợ."),
    "throttled": _("Quá nhiều yêu cầu, vui lòng thử lại sau."),
}


def _flatten(detail):
    if isinstance(detail, dict):
        return {k: _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [str(x) if not isinstance(x, (dict, list)) else _flatten(x) for x in detail]
    return str(detail)


def error_response(code: str, message: str, *, fields=None, http_status=400) -> Response:
    body = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    return Response(body, status=http_status)


def exception_handler(exc, context):
    """{"error": {"code": "<stable code>", "message": "<Vietnamese text>", "fields": {...}}}"""
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        codes = [e.code for e in exc.error_list] if not hasattr(exc, "error_dict") else [
            e.code for errors in exc.error_dict.values() for e in errors]
        code = next((c for c in codes if isinstance(c, str) and c), "invalid")
        message = exc.messages[0] if len(exc.messages) == 1 else _MESSAGES["invalid"]
        return error_response(code, message, fields=_flatten(fields), http_status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    # imported here: rest_framework.views reads DEFAULT_THROTTLE_CLASSES (this module) while it loads
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = next((c for cls, c in _CODES.items() if isinstance(exc, cls)), "error")
    detail = getattr(exc, "detail", None)
    if code == "invalid":
        message, fields = _MESSAGES["invalid"], _flatten(detail)
        if isinstance(fields, list):
            fields = {"non_field_errors": fields}
    else:
        message = str(detail) if detail and code not in _MESSAGES else _MESSAGES.get(code, str(detail))
        if isinstance(detail, (str,)) and detail and code == "parse_error":
            message = _MESSAGES["parse_error"]
        fields = None
    response.data = {"error": {"code": code, "message": str(message)}}
    if fields:
        response.data["error"]["fields"] = fields
    return response


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True},
            },
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}

# --- shared by every app's api.py ------------------------------------------------------------------

from drf_spectacular.utils import OpenApiResponse, inline_serializer  # noqa: E402
from rest_framework import serializers  # noqa: E402

ERROR = inline_serializer("Error", fields={
    "error": inline_serializer("ErrorBody", fields={
        "code": serializers.CharField(), "message": serializers.CharField(),
        "fields": serializers.DictField(required=False),
    }),
})
ERRORS = {400: OpenApiResponse(ERROR, description="Dữ liệu không hợp lệ"),
          401: OpenApiResponse(ERROR, description="Chưa xác thực"),
          403: OpenApiResponse(ERROR, description="Không có quyền"),
          404: OpenApiResponse(ERROR, description="Không tìm thấy")}
READ_ERRORS = {k: v for k, v in ERRORS.items() if k in (400, 404)}


class TextField(serializers.CharField):
    """A free-text input cleaned by core.text exactly as the HTML forms and the services clean it (one line, or
    `multiline=True`); a value made only of invisible characters counts as blank."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        kwargs["trim_whitespace"] = False
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        from .text import clean_multiline, clean_text

        if isinstance(data, str):
            data = clean_multiline(data) if self.multiline else clean_text(data)
        return super().run_validation(data)


from rest_framework import throttling  # noqa: E402


class AnonThrottle(throttling.AnonRateThrottle):
    """The anonymous API rate (settings API_ANON_RATE) counted per client address in core.ratelimit: shared by
    every web process (Redis or the database), and the address read the same way as every other limit."""

    def allow_request(self, request, view):
        if self.rate is None or (request.user and request.user.is_authenticated):
            return True
        from . import ratelimit

        self.num_requests, self.duration = self.parse_rate(self.rate)
        return ratelimit.hit("api.anon", ratelimit.client_ip(request), limit=self.num_requests,
                             window=self.duration)

    def wait(self):
        return None


def paginated(request, view, queryset, serializer_class, **serializer_kwargs):
    """One page of `queryset` in the API's envelope {count, next, previous, results}; describe the endpoint with
    `responses={200: page_of(serializer_class)}` so that the schema says the same."""
    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, **serializer_kwargs).data)


_PAGES: dict = {}


def page_of(serializer_class):
    """The schema of one page of `serializer_class` (what `paginated` answers), one component per item type."""
    if serializer_class not in _PAGES:
        name = serializer_class.__name__
        name = name[:-3] if name.endswith("Out") else name
        parts = serializer_class.__module__.split(".")
        app = parts[1].title() if len(parts) > 1 and parts[0] == "danchu" else ""
        if name.startswith(app):
            app = ""
        _PAGES[serializer_class] = inline_serializer(f"Paginated{app}{name}List", fields={
            "count": serializers.IntegerField(help_text="Tổng số kết quả"),
            "next": serializers.URLField(allow_null=True, help_text="Trang sau (null ở trang cuối)"),
            "previous": serializers.URLField(allow_null=True, help_text="Trang trước (null ở trang đầu)"),
            "results": serializer_class(many=True),
        })
    return _PAGES[serializer_class]


def check_perm(request, perm: str, obj) -> None:
    """The named permission (rules.py) on `obj`, or 401/403 in the API's error format."""
    if not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    if not request.user.has_perm(perm, obj):
        raise exceptions.PermissionDenied()


def valid(serializer_class, request, **kwargs) -> dict:
    """Validate the request body with an input serializer; 400 in the API's format otherwise."""
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def int_param(request, name: str) -> int | None:
    """An optional non-negative integer query parameter; a clear 400 for anything else."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(value)
        if number < 0 or number > 2**62:
            raise ValueError
    except ValueError:
        raise exceptions.ValidationError({name: [_("Phải là số nguyên dương.")]}) from None
    return number


__all__ = ["ERRORS", "ERROR_SCHEMA", "READ_ERRORS", "Pagination", "TextField", "check_perm", "page_of", "paginated", "error_response", "exception_handler",
           "int_param", "status", "valid"]

