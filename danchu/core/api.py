"""API conventions shared by every app: one error format with stable codes, pagination."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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

__all__ = ["ERROR_SCHEMA", "Pagination", "error_response", "exception_handler", "status"]
