"""Every text input is normalised to Unicode NFC before any view sees it."""

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


def nfc_json(value):
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_json(v) for v in value]
    if isinstance(value, dict):
        return {nfc_json(k): nfc_json(v) for k, v in value.items()}
    return value


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
                try:
                    data = json.loads(request.body)
                except (ValueError, UnicodeDecodeError):
                    pass  # the API parser answers 400 with the standard error format
                else:
                    request._body = json.dumps(nfc_json(data), ensure_ascii=False).encode("utf-8")
        return self.get_response(request)


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
