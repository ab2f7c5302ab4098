"""Revealing a denouncer's sealed identity to its custodian (Luật Tố cáo Art.8.3, 47): with a reason, audited —
who, when and why, never what; a refused attempt is audited too."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.errors import field_error
from danchu.core.services import service
from danchu.core.text import clean_field

from ..identity import Identity, unseal
from ..models import Case, ReceptionEntry, SealedIdentity
from ..rules import may_reveal_identity
from ..verbs import AuditVerb

MIN_REASON = 10


def identity_reveal(*, actor, reason: str, case: Case | None = None, entry: ReceptionEntry | None = None) -> Identity:
    """Decrypt a denouncer's identity for the custodian (KEEP_DENOUNCER_IDENTITY on the unit), with a reason."""
    owner = case or entry
    if owner is None:
        raise ValueError("case or entry")
    if not may_reveal_identity(actor, owner):  # the named custodian only, never an administrator (Art.8.3, 47)
        with transaction.atomic():  # on record even though the request fails
            audit.record(actor=actor, verb=AuditVerb.IDENTITY_REVEAL_DENIED, target=owner, unit=owner.unit, data={})
        raise PermissionDenied
    return _reveal(actor=actor, reason=reason, case=case, entry=entry)


@service(AuditVerb.IDENTITY_REVEALED)
def _reveal(*, actor, reason: str, case: Case | None, entry: ReceptionEntry | None) -> Identity:
    reason = clean_field(reason, "reason", max_length=500, message=_("Cần nêu lý do xem thông tin người tố cáo."))
    if len(reason) < MIN_REASON:
        raise field_error("reason", _("Lý do quá ngắn (ít nhất %(n)d ký tự).") % {"n": MIN_REASON}, "reason_too_short")
    owner = case or entry
    sealed = SealedIdentity.objects.filter(**({"case": case} if case else {"entry": entry})).first()
    audit.record(actor=actor, verb=AuditVerb.IDENTITY_REVEALED, target=owner, unit=owner.unit,
                 data={"reason": reason, "found": sealed is not None})
    return unseal(sealed.token) if sealed else Identity()
