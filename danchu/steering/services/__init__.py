"""Write functions of steering, one module per sub-domain; every one is a `core.services.service`: keyword-only,
atomic, in Vietnamese, audited (a refused write as `<verb>.rejected`), rows locked with `core.services.locked`.

- committees.py     steering committees and their meetings
- plans.py          plans and the tasks they assign
- reports.py        report templates and the units' reports (submissions)
- inspections.py    inspections, supervision and their recommendations
- exemplary.py      exemplary models and commendations
- access_to_law.py  the access-to-law standard of a commune (QĐ 25/2021)

Reads live in ../selectors (the roll-up, report status, dashboard, access-to-law evidence). The names below are
those callers imported from the former single module; the few reads among them are re-exported so that
`services.rollup(...)` keeps working.
"""

from ..lineage import current_unit_of, predecessors_into
from ..selectors.access_to_law import assessment_evidence, assessment_result, indicator_maxima
from ..selectors.reports import issue_due_on, parse_period, report_due_on, submission_status
from ..selectors.rollup import Rollup, rollup
from .access_to_law import (
    assessment_appraise,
    assessment_correct_head,
    assessment_decide,
    assessment_open,
    assessment_post,
    assessment_self_score,
    assessment_send,
)
from .committees import committee_create, committee_meeting_add
from .exemplary import commendation_create, model_create, model_evaluate, replication_add
from .inspections import (
    inspection_close,
    inspection_conclude,
    inspection_create,
    inspection_start,
    recommendation_follow_up,
)
from .plans import plan_close, plan_create, plan_issue, task_cancel, task_create, task_progress
from .reports import (
    indicator_add,
    submission_accept,
    submission_fill_from_platform,
    submission_open,
    submission_return,
    submission_save,
    submission_submit,
    submissions_relink,
    template_create,
    template_issue,
)

__all__ = [
    "Rollup", "assessment_appraise", "assessment_correct_head", "assessment_decide", "assessment_evidence",
    "assessment_open", "assessment_post", "assessment_result", "assessment_self_score", "assessment_send",
    "commendation_create", "committee_create", "committee_meeting_add", "current_unit_of", "indicator_add",
    "indicator_maxima", "inspection_close", "inspection_conclude", "inspection_create", "inspection_start",
    "issue_due_on", "model_create", "model_evaluate", "parse_period", "plan_close", "plan_create", "plan_issue",
    "predecessors_into", "recommendation_follow_up", "replication_add", "report_due_on", "rollup",
    "submission_accept", "submission_fill_from_platform", "submission_open", "submission_return",
    "submission_save", "submission_status", "submission_submit", "submissions_relink", "task_cancel",
    "task_create", "task_progress", "template_create", "template_issue",
]
