"""Helpers shared by the HTML views of every app (thin views: fetch, check, bind, call the service)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.utils.functional import cached_property


def require_perm(request, perm: str, obj) -> None:
    """The named permission (declared once in a rules.py) on `obj`, or 403."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def form_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class CachedCountPaginator(Paginator):
    """A Paginator whose total is cached briefly once it is large: public lists over 100,000 rows need not
    count them on every page view (such a total may lag by `timeout` seconds; the rows are always fresh).
    Totals below `cache_above` are always counted exactly."""

    def __init__(self, object_list, per_page, *, timeout: int = 60, cache_above: int = 5000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.timeout, self.cache_above = timeout, cache_above

    @cached_property
    def count(self) -> int:
        sql, params = self.object_list.query.sql_with_params()
        key = "count:" + hashlib.sha256(f"{sql}|{params}".encode()).hexdigest()
        value = cache.get(key)
        if value is None:
            value = self.object_list.count()
            if value >= self.cache_above:
                cache.set(key, value, self.timeout)
        return value
