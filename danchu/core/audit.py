"""Append-only audit log: a keyed hash chain, and signed checkpoints kept outside the database.

Call `record()` inside the transaction of the change. `verify()` walks the chain and compares it with every
checkpoint it can find (the database's, the file outside it, and any file a verifier brings). It detects, with the
first row concerned:
- a row edited (its HMAC no longer matches; nobody without the chain key can compute a new one);
- a row removed from the middle (a gap in `seq`, or a broken link);
- the last rows removed (the chain head, or a checkpoint, names rows that are gone);
- the last rows removed and the head moved back (a checkpoint kept outside names them);
- a row rewritten and everything after it re-hashed (without the key the hashes do not match; with a stolen key,
  a checkpoint kept outside still names the old hash);
- the whole table deleted (a checkpoint kept outside names rows that are gone).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from . import keys
from .models import AuditChainHead, AuditCheckpoint, AuditEvent

GENESIS = "0" * 64
CHECKPOINT_PREFIX = "danchu-audit-checkpoint:v1"
log = logging.getLogger("danchu.audit")


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
        "key": event.key_id,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)


def chain_hash(prev_hash: str, event: AuditEvent, key: bytes | None = None) -> str:
    """HMAC-SHA256 of the previous hash and the row, with the chain key named by the row (or `key`)."""
    key = key if key is not None else keys.audit_key(event.key_id)
    if key is None:
        raise keys.KeyProblem(f"unknown audit chain key {event.key_id!r}")
    return keys.mac(key, prev_hash + canonical(event))


def legacy_hash(prev_hash: str, event: AuditEvent) -> str:
    """The unkeyed SHA-256 chain of rows written before keys existed (only used to re-key them once)."""
    payload = json.loads(canonical(event))
    payload.pop("key")
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # round-trip so that what is hashed equals what the database gives back later
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def record(*, actor, verb: str, target: models.Model | None = None, unit=None,
           data: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction (atomic) so both commit or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside transaction.atomic()")
    verb = str(verb)  # a TextChoices member of the app's verbs.py, stored as its value
    key_id, key = keys.current_audit_key()
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
        key_id=key_id,
    )
    event.hash = chain_hash(head.hash, event, key)
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


# --- checkpoints ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    created: str  # ISO 8601, UTC
    signature: str
    public_key: str

    @property
    def message(self) -> str:
        return f"{CHECKPOINT_PREFIX}:{self.seq}:{self.hash}:{self.created}"

    def as_dict(self) -> dict:
        return {"seq": self.seq, "hash": self.hash, "created": self.created, "signature": self.signature,
                "public_key": self.public_key}

    @classmethod
    def from_dict(cls, d: dict) -> Checkpoint:
        return cls(int(d["seq"]), str(d["hash"]), str(d["created"]), str(d["signature"]), str(d["public_key"]))

    @classmethod
    def from_row(cls, row: AuditCheckpoint) -> Checkpoint:
        return cls(row.seq, row.hash, row.created.astimezone(datetime.UTC).isoformat(timespec="seconds"),
                   row.signature, row.public_key)

    def signed_by_us(self) -> bool:
        return self.public_key == keys.public_key_b64() and keys.verify_signature(self.message, self.signature)


def checkpoint() -> Checkpoint | None:
    """Sign the current head, store the checkpoint and append it to the file outside the database."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None or head.seq == 0:
            return None
        now = timezone.now().replace(microsecond=0)
        created = now.astimezone(datetime.UTC).isoformat(timespec="seconds")
        message = f"{CHECKPOINT_PREFIX}:{head.seq}:{head.hash}:{created}"
        cp = Checkpoint(head.seq, head.hash, created, keys.sign(message), keys.public_key_b64())
        AuditCheckpoint.objects.create(seq=cp.seq, hash=cp.hash, created=now, signature=cp.signature,
                                       public_key=cp.public_key)
    path = Path(settings.DANCHU_AUDIT_CHECKPOINTS)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(cp.as_dict(), ensure_ascii=False) + "\n")
    return cp


def read_checkpoints(source: str | Path) -> list[Checkpoint]:
    """Checkpoints from a file kept outside: JSON lines (the local file) or the public feed's JSON."""
    text = Path(source).read_text(encoding="utf-8").strip()
    if not text:
        return []
    if text.startswith("{") and '"checkpoints"' in text.split("\n", 1)[0]:
        return [Checkpoint.from_dict(d) for d in json.loads(text)["checkpoints"]]
    if text.startswith("["):
        return [Checkpoint.from_dict(d) for d in json.loads(text)]
    return [Checkpoint.from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]


def known_checkpoints(extra: Iterable[Checkpoint] = ()) -> list[Checkpoint]:
    found = [Checkpoint.from_row(row) for row in AuditCheckpoint.objects.all()]
    path = Path(settings.DANCHU_AUDIT_CHECKPOINTS)
    if path.exists():
        found += read_checkpoints(path)
    found += list(extra)
    unique = {(c.seq, c.hash, c.created, c.signature): c for c in found}
    return sorted(unique.values(), key=lambda c: (c.seq, c.created))


# --- verification -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    seq: int
    reason: str


def verify(batch: int = 2000, *, checkpoints: Iterable[Checkpoint] = ()) -> Breach | None:
    """The first sign of tampering, or None when the chain and every known checkpoint agree."""
    cps = known_checkpoints(checkpoints)
    for cp in cps:
        if not cp.signed_by_us():
            return Breach(cp.seq, f"checkpoint of #{cp.seq} ({cp.created}) is not signed by this installation's key")
    wanted = {cp.seq for cp in cps}
    seen: dict[int, str] = {}
    expected_seq, prev, last = 1, GENESIS, 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return Breach(expected_seq, f"missing row(s): expected #{expected_seq}, found #{event.seq}")
            if event.prev_hash != prev:
                return Breach(event.seq, "link to the previous row is broken (a row before it was altered or removed)")
            key = keys.audit_key(event.key_id)
            if key is None:
                return Breach(event.seq, f"row chained with an unknown key ({event.key_id or 'none'})")
            if chain_hash(prev, event, key) != event.hash:
                return Breach(event.seq, "row content does not match its hash (altered)")
            if event.seq in wanted:
                seen[event.seq] = event.hash
            prev, expected_seq, last = event.hash, expected_seq + 1, event.seq
    for cp in cps:
        if cp.seq > last:
            what = "the whole log was deleted" if last == 0 else f"rows after #{last} were removed"
            return Breach(last + 1, f"{what}: a signed checkpoint of {cp.created} vouches for #{cp.seq}")
        if seen.get(cp.seq) != cp.hash:
            return Breach(cp.seq, f"row #{cp.seq} differs from the signed checkpoint of {cp.created} (rewritten)")
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and last:
        return Breach(last, "the chain head is missing")
    if head and head.seq != last:
        return Breach(last + 1, f"the last {head.seq - last} row(s) were removed (chain head is #{head.seq})")
    if head and head.seq and head.hash != prev:
        return Breach(head.seq, "the last row does not match the chain head")
    return None


__all__ = ["GENESIS", "Breach", "Checkpoint", "canonical", "chain_hash", "checkpoint", "known_checkpoints",
           "read_checkpoints", "record", "verify"]
