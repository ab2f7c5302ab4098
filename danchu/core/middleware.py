"""Every text input is normalised to Unicode NFC before any view sees it; input no view could read (JSON nested
deeper than any form of danchu, text that is not Unicode) is answered 400 here, before authentication."""

from __future__ import annotations

import contextlib
import json

from django.http import QueryDict

from .text import nfc


def _nfc_querydict(qd: QueryDict) -> QueryDict:
    out = QueryDict(mutable=True, encoding=qd.encoding)
    for key, values in qd.lists():
        out.setlist(nfc(key), [nfc(v) for v in values])
    out._mutable = False
    return out


# No request of danchu nests JSON deeper than a handful of levels; 32 leaves room and keeps every recursive
# reader (the normaliser, DRF, the serializers) far from Python's recursion limit.
MAX_JSON_DEPTH = 32


def json_depth(value) -> int:
    """The nesting depth of a parsed JSON value (iterative: no recursion on hostile input)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def nfc_json(value):
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_json(v) for v in value]
    if isinstance(value, dict):
        return {nfc_json(k): nfc_json(v) for k, v in value.items()}
    return value


def bad_input(request, message: str, code: str = "invalid", status: int = 400):
    """The 400 answer for input refused before any view: JSON in the API's error format, a page otherwise."""
    from django.http import JsonResponse
    from django.shortcuts import render

    if request.path.startswith("/api/") or request.content_type == "application/json":
        return JsonResponse({"error": {"code": code, "message": str(message)}}, status=status)
    return render(request, "400.html", {"message": message}, status=status)


class NormalizeInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _nfc_querydict(request.GET)
        if request.method in {"POST", "PUT", "PATCH"}:
            ctype = request.META.get("CONTENT_TYPE", "")
            if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
                with contextlib.suppress(Exception):  # malformed body: let the view/parser report it
                    request.POST = _nfc_querydict(request.POST)
            elif ctype.startswith("application/json") and request.body:
                refused = self._normalise_json(request)
                if refused is not None:
                    return refused
        return self.get_response(request)

    @staticmethod
    def _normalise_json(request):
        from django.utils.translation import gettext as _

        try:
            data = json.loads(request.body)
        except RecursionError:
            return bad_input(request, _("Dữ liệu JSON lồng nhau quá sâu."), "too_deep")
        except (ValueError, UnicodeDecodeError):
            return None  # the API parser answers 400 with the standard error format
        if json_depth(data) > MAX_JSON_DEPTH:
            return bad_input(request, _("Dữ liệu JSON lồng nhau quá sâu."), "too_deep")
        try:
            request._body = json.dumps(nfc_json(data), ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate ("\\ud800") is not text
            return bad_input(request, _("Dữ liệu gửi lên có ký tự không hợp lệ (không phải Unicode)."),
                             "invalid_text")
        return None


class RequestSizeLimitMiddleware:
    """Refuse a request larger than DANCHU_MAX_REQUEST_BYTES (413) before reading its body: Django caps the
    non-file part of a body, not the files, and nginx may be absent (the embedded server)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.limit = settings.DANCHU_MAX_REQUEST_BYTES

    def __call__(self, request):
        from django.utils.translation import gettext as _

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_input(request, _("Độ dài nội dung gửi lên không hợp lệ."), "invalid")
        if length > self.limit:
            return bad_input(request, _("Nội dung gửi lên quá lớn (tối đa %(mb)d MB mỗi lần gửi).") % {
                "mb": self.limit // (1024 * 1024)}, "too_large", status=413)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script, nothing from another site: government intranets are often
    offline and the pages must not load third-party code) and Permissions-Policy (the camera for photos and the
    position for a feedback's place, nothing else). HSTS is Django's SecurityMiddleware (DANCHU_HSTS_SECONDS)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.csp = settings.DANCHU_CSP
        self.permissions = settings.DANCHU_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.csp
        if self.permissions and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions
        return response


class BadInputMiddleware:
    """The last safety net for input the forms did not catch (an id too large for the database, a value
    the database refuses): answer 400 with a clear Vietnamese message, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        if not isinstance(exception, (OverflowError, DataError)):
            return None
        message = _("Dữ liệu gửi lên không hợp lệ (giá trị quá lớn hoặc sai kiểu).")
        if request.path.startswith("/api/"):
            return JsonResponse({"error": {"code": "invalid", "message": message}}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
