"""How a write is done: one decorator for service functions and one row lock.

    @service("conventions.convention.adopt")
    def convention_adopt(*, convention, actor, on, ...):
        locked(convention)                       # re-read under a row lock, fields refreshed in place
        WORKFLOW.check(convention.state, State.ADOPTED)
        ...
        audit.record(actor=actor, verb=AuditVerb.ADOPTED, target=convention, unit=convention.village)

`@service(verb)`:
- runs the function in one transaction (`transaction.atomic`), so the change and its audit row commit together;
- in the platform's default language (Vietnamese), so that stored notes and notifications do not follow the
  interface language of the official who acted;
- when the function raises a `ValidationError` (bad input, an `InvalidTransition`, a rule refused), the change is
  rolled back, then one audit row `<verb>.rejected` is written in its own transaction with the error codes, the
  messages and a summary of the scalar inputs (never free text or personal data, see `PRIVATE_INPUTS`), and the
  error is raised again: nothing changes, but the attempt is on record;
- service functions are keyword-only (`fn(**kwargs)`), as the house style asks.

`locked(obj)`: re-reads `obj`'s row with `SELECT … FOR UPDATE` inside the current transaction and copies the fresh
field values into `obj` (same instance, so callers keep their reference), then returns it. Two officials acting on
one record at once are serialised: the second sees the first's change and its transition check refuses a stale move.
On PostgreSQL the row is locked until the transaction ends; SQLite has no row locks but runs every write
transaction IMMEDIATE (settings), which serialises the whole write. It must be called inside `atomic()`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation

from . import audit
from .scoping import unit_of

log = logging.getLogger("danchu.services")

# Inputs never copied into a rejection row: the acting user, secrets, identity and contact data, and free text
# (which may hold anything). Their presence is recorded, their value is not.
PRIVATE_INPUTS = frozenset({
    "actor", "user", "password", "token", "secret", "code", "receipt_code", "id_number", "identity", "phone",
    "email", "full_name", "petitioner_name", "reporter_name", "name", "address", "content", "description",
    "text", "body", "answer", "note", "reason", "files", "photos", "purpose", "comment", "reference", "to_body",
    "lat", "lon", "device_id", "account_id", "media_url",
})
MAX_TEXT_IN_SUMMARY = 100


def summary(value, depth: int = 0):
    """A JSON-safe, bounded picture of one input: a model instance becomes its pk, dates their ISO form, long
    strings are cut, containers are cut at 50 items and two levels."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, str):
        return value[:MAX_TEXT_IN_SUMMARY]
    if depth >= 2:
        return "…"
    if isinstance(value, dict):
        return {str(k): summary(v, depth + 1) for k, v in list(value.items())[:50]}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        return [summary(v, depth + 1) for v in items[:50]] + (["…"] if len(items) > 50 else [])
    return str(value)[:MAX_TEXT_IN_SUMMARY]


def error_codes(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        codes = [e.code for errors in exc.error_dict.values() for e in errors]
    else:
        codes = [e.code for e in exc.error_list]
    return [str(c) for c in codes if c]


def _target_and_unit(kwargs: dict):
    """The first saved model instance among the inputs (in the order they were passed) is the target; its unit
    comes from the unit-scoping contract. A function about a unit itself (create something in a village) has
    that unit as both."""
    target = next((v for k, v in kwargs.items() if k not in PRIVATE_INPUTS and isinstance(v, models.Model)
                   and v.pk is not None and hasattr(type(v), "owning_unit")), None)
    if target is None:
        return None, None
    try:
        return target, unit_of(target)
    except Exception:  # an object half-built by a failing create: record the attempt without a unit
        return target, None


def record_rejection(verb: str, kwargs: dict, exc: ValidationError, *, private: Iterable[str] = ()) -> None:
    """Audit one refused write in a transaction of its own (the change itself was rolled back). Inputs named in
    PRIVATE_INPUTS or in `private` (the service's own names for free text or identity) are never copied."""
    target, unit = _target_and_unit(kwargs)
    hidden = PRIVATE_INPUTS.union(private)
    data = {
        "codes": error_codes(exc),
        "messages": [str(m)[:300] for m in exc.messages[:5]],
        "input": {k: ("…" if k in hidden else summary(v)) for k, v in kwargs.items() if k != "actor"},
    }
    actor = kwargs.get("actor") or kwargs.get("user")
    try:
        with transaction.atomic():
            audit.record(actor=actor, verb=f"{verb}.rejected", target=target, unit=unit, data=data)
    except Exception:  # pragma: no cover — never hide the user's error behind an audit failure
        log.exception("could not audit the rejection of %s", verb)


def service(verb: str, *, private: Iterable[str] = ()):
    """Declare a write function: atomic, in the default language, a refused write audited as `<verb>.rejected`.

    `private` names further inputs that must never reach the audit log, not even from a refused attempt, beyond
    PRIVATE_INPUTS: free text or a person's identity under other names (`representatives`, `topic`, `parties`), or
    the option of a secret ballot (`@service(AuditVerb.VOTE_CAST, private={"option"})`)."""
    verb = str(verb)  # a member of the app's AuditVerb (verbs.py)
    private = frozenset(private)

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if args:
                raise TypeError(f"{fn.__name__}() takes keyword arguments only")
            with translation.override(settings.LANGUAGE_CODE):
                try:
                    with transaction.atomic():
                        return fn(**kwargs)
                except ValidationError as exc:
                    record_rejection(verb, kwargs, exc, private=private)
                    raise

        wrapper.verb = verb
        wrapper.private = private
        return wrapper

    return decorate


def locked(obj: models.Model, *related: str) -> models.Model:
    """Lock `obj`'s row for the rest of the transaction and refresh its fields in place; returns `obj`.

    `related` names forward relations to read along (`select_related`), e.g. `locked(case, "unit")`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked() must be called inside transaction.atomic()")
    model = type(obj)
    qs = model._default_manager.select_for_update(of=("self",) if related else ()).filter(pk=obj.pk)
    if related:
        qs = qs.select_related(*related)
    fresh = qs.get()
    for f in model._meta.concrete_fields:
        setattr(obj, f.attname, getattr(fresh, f.attname))
    for name in related:
        if "__" not in name:
            model._meta.get_field(name).set_cached_value(obj, getattr(fresh, name))
    return obj


__all__ = ["PRIVATE_INPUTS", "error_codes", "locked", "record_rejection", "service", "summary"]
