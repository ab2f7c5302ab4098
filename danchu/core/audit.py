"""Append-only, hash-chained audit log. Call `record()` inside the transaction of the change."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def canonical(event: AuditEvent) -> str:
    """The exact bytes that are hashed: every field that tells what happened, in a fixed order."""
    payload = {
        "seq": event.seq,
        "created": event.created.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "verb": event.verb,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "unit": event.unit_id,
        "data": event.data,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode("utf-8")).hexdigest()


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # round-trip so that what is hashed equals what the database gives back later
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def record(*, actor, verb: str, target: models.Model | None = None, unit=None,
           data: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction (atomic) so both commit or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside transaction.atomic()")
    verb = str(verb)  # a TextChoices member of the app's verbs.py, stored as its value
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        seq=head.seq + 1,
        created=timezone.now(),
        actor=actor_obj,
        actor_label=(str(actor_obj.username) if actor_obj else (actor if isinstance(actor, str) else "")),
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        unit_id=getattr(unit, "pk", unit),
        data=_jsonable(data or {}),
        prev_hash=head.hash,
    )
    event.hash = chain_hash(head.hash, event)
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class Breach:
    seq: int
    reason: str


def verify(batch: int = 2000) -> Breach | None:
    """Walk the chain in order; return the first row that was altered, removed or inserted out of order."""
    expected_seq, prev = 1, GENESIS
    last_pk = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last_pk).order_by("seq")[:batch])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return Breach(expected_seq, f"missing row(s): expected #{expected_seq}, found #{event.seq}")
            if event.prev_hash != prev:
                return Breach(event.seq, "link to the previous row is broken (a row before it was altered or removed)")
            if chain_hash(prev, event) != event.hash:
                return Breach(event.seq, "row content does not match its hash (altered)")
            prev, expected_seq, last_pk = event.hash, expected_seq + 1, event.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.seq != expected_seq - 1:
        return Breach(expected_seq, f"the last {head.seq - expected_seq + 1} row(s) were removed (chain head is #{head.seq})")
    if head and head.seq and head.hash != prev:
        return Breach(head.seq, "the last row does not match the chain head")
    return None
