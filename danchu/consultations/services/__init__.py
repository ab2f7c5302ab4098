"""Write functions of Nhân dân tham gia ý kiến. Each is a `core.services.service` (one transaction with its audit
row, in Vietnamese, a refused write audited), goes through the rules of domain.py and locks the consultation it
changes. Permissions are checked by the callers (views, API) with the named rules of rules.py.

Disclosure (Law 10/2022 Art.11.11: "kế hoạch lấy ý kiến Nhân dân, nội dung, kết quả tổng hợp ý kiến và giải
trình, tiếp thu"): publishing a consultation creates and publishes a disclosure item 11 for the plan and the
content; publishing the synthesis creates and publishes a second item 11 with the synthesis report (PDF); the
authority's decision — and its explanation when it differs from the majority (Art.28.4) — is added to that item
as a new version. All through danchu.disclosure.services, so the items are audited and versioned like any other.

The package: `plan` (the plan and the period, Art.28.1–28.2), `opinions` (Art.26), `synthesis` (Art.28.3–28.5),
`common` (limits and checks they share); every public name is available here.
"""

from .common import (
    DOCUMENT_KINDS,
    LAW_EFFECTIVE,
    MAX_DESCRIPTION,
    MAX_FILES,
    MAX_PEOPLE,
    MAX_TEXT,
    OPINION_FILE_KINDS,
    OPINION_LIMITS,
    public_path,
    public_url,
)
from .opinions import opinion_allowed, opinion_record, opinion_submit
from .plan import (
    PLAN_FIELDS,
    consultation_close,
    consultation_create,
    consultation_detach,
    consultation_publish,
    consultation_send_plan,
    consultation_update,
)
from .synthesis import (
    council_report_record,
    decision_record,
    entry_delete,
    entry_save,
    synthesis_publish,
    synthesis_rows,
    tally_of,
)

__all__ = [
    "DOCUMENT_KINDS", "LAW_EFFECTIVE", "MAX_DESCRIPTION", "MAX_FILES", "MAX_PEOPLE", "MAX_TEXT", "OPINION_FILE_KINDS",
    "OPINION_LIMITS", "PLAN_FIELDS", "consultation_close", "consultation_create", "consultation_detach",
    "consultation_publish", "consultation_send_plan", "consultation_update", "council_report_record",
    "decision_record", "entry_delete", "entry_save", "opinion_allowed", "opinion_record", "opinion_submit",
    "public_path", "public_url", "synthesis_publish", "synthesis_rows", "tally_of",
]
