"""Write functions of citizen reception, letters and mediation (each a core.services `@service`: one transaction,
in Vietnamese, a refused write audited as `<verb>.rejected` without its free text or identity). Each goes through
the domain's law, writes its audit row and notifies after commit. No audit row, notification or log line carries a
denouncer's identity (Luật Tố cáo Art.8.3, 47, 56).

By sub-domain: `reception` (schedule, bookings, the reception book), `letters` (receiving and accepting letters),
`resolution` (resolving them), `identities` (the sealed identity of a denouncer), `mediation`."""

from .common import EARLIEST, MAX_TEXT, rules_for
from .identities import identity_reveal
from .letters import (
    Letter,
    case_accept,
    case_anonymous_check,
    case_assign,
    case_record_letter,
    case_reject,
    case_several_places,
    case_transfer,
    case_viewed,
)
from .mediation import (
    mediation_close,
    mediation_open,
    mediation_session_add,
    mediator_add,
    mediator_end_term,
    team_create,
)
from .reception import (
    booking_cancel,
    booking_create,
    booking_find,
    entry_reply,
    entry_viewed,
    reception_record,
    session_bookings_viewed,
    session_cancel,
    session_create,
    session_free_places,
)
from .resolution import (
    case_answer,
    case_decide,
    case_dialogue,
    case_extend,
    case_publish,
    case_reclassify,
    case_send,
    case_terminate,
)

__all__ = [
    "EARLIEST", "MAX_TEXT", "Letter", "booking_cancel", "booking_create", "booking_find", "case_accept",
    "case_anonymous_check", "case_answer", "case_assign", "case_decide",
    "case_dialogue", "case_extend", "case_publish", "case_reclassify", "case_record_letter", "case_reject",
    "case_send", "case_several_places", "case_terminate", "case_transfer", "case_viewed", "entry_reply",
    "entry_viewed", "identity_reveal", "mediation_close", "mediation_open", "mediation_session_add",
    "mediator_add", "mediator_end_term", "reception_record", "rules_for", "session_bookings_viewed",
    "session_cancel", "session_create", "session_free_places", "team_create",
]
