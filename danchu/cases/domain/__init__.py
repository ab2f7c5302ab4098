"""The law of citizen reception, complaints, denunciations and grassroots mediation — pure, no ORM.

Sources (docs reference "Vietnamese legal rules"):
- §3 Luật Khiếu nại 02/2011/QH13 (complaints): limitation Art.9, non-acceptance Art.11, acceptance Art.27/36,
  resolution Art.28/37, sending the decision Art.32/41, finality Art.44, group complaints Art.8.4, withdrawal Art.10.
- §4 Luật Tố cáo 25/2018/QH14 + NĐ 31/2019 (denunciations): initial processing Art.24, anonymous letters Art.25,
  acceptance Art.29, resolution and extensions Art.30, complexity NĐ31 Art.3, conclusion Art.35, publication
  Art.40, identity protection Art.8.3, 47, 56.
- §5 Luật Tiếp công dân 42/2013/QH13 (reception): frequencies Art.12.5, 15.2.d, 18.2; book Art.25; reply Art.28.1;
  group visits Art.29.
- §10.3 counting: "ngày" = calendar days, "ngày làm việc" = working days (BLDS Art.147–148, danchu.core.deadlines).
- Luật Hòa giải ở cơ sở 35/2013/QH13 is NOT in the reference: its numbers here are UNVERIFIED.

By sub-domain: `letters` (kinds, states, workflows, grounds, complexity), `periods` (the versioned rule sets and
every deadline), `reception` (groups, frequencies, handling of a visit), `mediation`.
"""

from .letters import (
    ANONYMOUS_GROUND,
    ANONYMOUS_WORKFLOW,
    CLOSED_STATES,
    COMPLAINT_REJECTION_GROUNDS,
    DENUNCIATION_REJECTION_GROUNDS,
    GROUNDS_BY_KIND,
    MAX_EXTENSIONS,
    OPEN_STATES,
    WORKFLOWS,
    AnonymousLetterWorkflow,
    CaseKind,
    Complexity,
    ComplexityCriterion,
    Finding,
    Ground,
    State,
    check_extension,
    check_reclassification,
    check_rejection,
    complexity_of,
    ground_of,
    workflow_for,
)
from .mediation import (
    MEDIATION_CLOSED,
    MEDIATION_TEAM_MIN_MEMBERS,
    DisputeType,
    MediationState,
    check_mediation_outcome,
    mediation_team_warnings,
)
from .periods import (
    DEFAULT_EFFECTIVE,
    DEFAULT_PERIODS,
    DEFAULT_RULES_CODE,
    DEFAULT_RULESET,
    Period,
    RuleSet,
    check_extension_days,
    complaint_accept_due,
    complaint_final_on,
    complaint_resolve_due,
    complaint_resolve_key,
    complaint_send_due,
    denunciation_resolve_due,
    due,
    extension_limit,
    initial_processing_due,
    is_time_barred,
    limitation_expires,
    notify_acceptance_due,
    notify_conclusion_due,
    pick_ruleset,
    publicise_due,
    reception_reply_due,
    ruleset_from_overrides,
    ruleset_from_snapshot,
    transfer_due,
)
from .reception import (
    FREQUENCY,
    GROUP_MIN,
    Handling,
    LeaderKind,
    SessionKind,
    check_representatives,
    frequency_text,
    schedule_gaps,
)

__all__ = [
    "ANONYMOUS_GROUND", "ANONYMOUS_WORKFLOW", "CLOSED_STATES", "COMPLAINT_REJECTION_GROUNDS", "DEFAULT_EFFECTIVE",
    "DEFAULT_PERIODS", "DEFAULT_RULESET", "DEFAULT_RULES_CODE", "DENUNCIATION_REJECTION_GROUNDS", "FREQUENCY",
    "GROUNDS_BY_KIND", "GROUP_MIN", "MAX_EXTENSIONS", "MEDIATION_CLOSED", "MEDIATION_TEAM_MIN_MEMBERS", "OPEN_STATES",
    "WORKFLOWS", "AnonymousLetterWorkflow", "CaseKind", "Complexity", "ComplexityCriterion", "DisputeType", "Finding",
    "Ground", "Handling", "LeaderKind", "MediationState", "Period", "RuleSet", "SessionKind", "State",
    "check_extension", "check_extension_days", "check_mediation_outcome", "check_reclassification", "check_rejection",
    "check_representatives", "complaint_accept_due", "complaint_final_on", "complaint_resolve_due",
    "complaint_resolve_key", "complaint_send_due", "complexity_of", "denunciation_resolve_due", "due",
    "extension_limit", "frequency_text", "ground_of", "initial_processing_due", "is_time_barred",
    "limitation_expires", "mediation_team_warnings", "notify_acceptance_due", "notify_conclusion_due",
    "pick_ruleset", "publicise_due", "reception_reply_due", "ruleset_from_overrides", "ruleset_from_snapshot",
    "schedule_gaps", "transfer_due", "workflow_for",
]
