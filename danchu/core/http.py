"""Helpers shared by the HTML views of every app (thin views: fetch, check, bind, call the service)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


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
