"""Thin staff views of reception, letters and mediation, by sub-domain (`reception`, `letters`, `mediation`)."""

from ..stats import mediation_statistics, statistics
from .letters import case_detail, case_document, case_list, identity_reveal, letter_record
from .mediation import mediation, mediation_detail, mediation_stats, team_detail
from .reception import book, book_export, entry_detail, schedule, session_cancel, session_detail, visit_record

__all__ = [
    "book", "book_export", "case_detail", "case_document", "case_list", "entry_detail", "identity_reveal",
    "letter_record", "mediation", "mediation_detail", "mediation_statistics", "mediation_stats", "schedule",
    "session_cancel", "session_detail", "statistics", "team_detail", "visit_record",
]
