"""Write functions of community decisions (Law 10/2022 Art.15–24; NĐ 59/2023 Art.3–5), one module per step of the
procedure; every public name is importable from `danchu.decisions.services`.

Each write is a `core.services.service`: one transaction, in Vietnamese, moving the decision through
`domain.WORKFLOW` and writing its audit row there. A refused write (bad input or abuse: a second position of a
household in one channel, a ballot after the round closed, a household of another village, more attendees than
households…) raises a ValidationError with a Vietnamese message and changes nothing; the refusal itself is audited
in its own transaction as "<verb>.rejected" so that attempts leave a trace.

- common: the households of a village at a date, checks of dates, teams and witnesses;
- drafting: a content to decide and its amendment;
- meetings: the notice (Mẫu 01), the attendance, the vote of the meeting (Mẫu 02);
- ballots: the household ballot (Mẫu 04);
- results: the tally on all households, the conclusion, the commune-wide aggregation;
- recognition: sending to the commune, recognition or refusal, annulment;
- initiatives: citizens' initiatives and the households' consents.
"""

from .ballots import (
    ballot_count,
    ballot_enter,
    ballot_open,
    ballot_plan_send,
    ballot_remove,
    final_ballot_households,
)
from .common import (
    LAW_EFFECTIVE,
    MAX_TEXT,
    date_in_range,
    decision_data,
    household_ids_on,
    households_on,
    initiative_data,
    not_future,
    team_names,
    village_household,
    witnesses,
)
from .drafting import decision_amend, decision_create, decision_update
from .initiatives import (
    consent_counts,
    consent_give,
    consent_record,
    initiative_create,
    initiative_table,
    initiative_withdraw,
)
from .meetings import attendance_mark, attendance_record, check_meeting_open, meeting_notice, meeting_record
from .recognition import decision_annul, decision_recognise, decision_refuse, decision_send
from .results import (
    aggregate_commune,
    compute_tally,
    conclude,
    conclude_meetings,
    needs_ballot,
    online_positions,
    secret_count,
    store_tally,
)

__all__ = [
    "LAW_EFFECTIVE", "MAX_TEXT", "aggregate_commune", "attendance_mark", "attendance_record", "ballot_count",
    "ballot_enter", "ballot_open", "ballot_plan_send", "ballot_remove", "check_meeting_open", "compute_tally",
    "conclude", "conclude_meetings", "consent_counts", "consent_give", "consent_record", "date_in_range",
    "decision_amend", "decision_annul", "decision_create", "decision_data", "decision_recognise", "decision_refuse",
    "decision_send", "decision_update", "final_ballot_households", "household_ids_on", "households_on",
    "initiative_create", "initiative_data", "initiative_table", "initiative_withdraw", "meeting_notice",
    "meeting_record", "needs_ballot", "not_future", "online_positions", "secret_count", "store_tally", "team_names",
    "village_household", "witnesses",
]
