"""Named permissions of steering and reporting — declared once, checked in views, API, admin and commands.

The object is an AdministrativeUnit or an object of this app: its unit is the one it declares
(core.scoping.unit_of, `unit_field` on the model). A record filed under a pre-2025 unit is judged on today's unit
it rolls into (ADR 0005, lineage.steering_unit), so the successor commune's staff may enter and read its
predecessors' historical reports and nobody gains rights through an old unit's path.

- view_steering:   see plans, templates, counted reports, roll-ups, inspections, models of a unit's subtree.
- manage_steering: issue plans/templates/inspections/commendations at a unit; return or accept reports sent to
                   a template the unit issued (checked on the template's unit).
- submit_report:   fill and send the unit's own report; update progress of the unit's own tasks.
- view_submission: a report's content: the submitting unit's staff always; higher levels once it has been sent
                   (a draft is the commune's own business: commune B and the city see nothing of A's draft).
"""

from __future__ import annotations

import rules

from danchu.units.access import can
from danchu.units.domain import Capability

from .domain import EDITABLE_STATES, SubmissionState
from .lineage import steering_unit


def _capability(capability: str):
    @rules.predicate(name=f"steering_{capability}")
    def predicate(user, obj=None) -> bool:
        return can(user, capability, steering_unit(obj))

    return predicate


views_steering = _capability(Capability.VIEW_STEERING)
manages_steering = _capability(Capability.MANAGE_STEERING)
submits_reports = _capability(Capability.SUBMIT_REPORTS)


@rules.predicate
def manages_issuing_level(user, submission=None) -> bool:
    """The level that issued the template reviews the reports sent to it."""
    if submission is None or not hasattr(submission, "template_id"):
        return False
    return can(user, Capability.MANAGE_STEERING, submission.template.unit)


@rules.predicate
def report_was_sent(user, submission=None) -> bool:
    """Sent at least once (a returned report stays visible to the level that returned it)."""
    return submission is not None and getattr(submission, "state", None) not in (None, SubmissionState.DRAFT)


@rules.predicate
def report_is_editable(user, submission=None) -> bool:
    return submission is not None and getattr(submission, "state", None) in EDITABLE_STATES


@rules.predicate
def report_is_sent_for_review(user, submission=None) -> bool:
    return submission is not None and getattr(submission, "state", None) == SubmissionState.SUBMITTED


rules.add_perm("steering.view_steering", views_steering | manages_steering)
rules.add_perm("steering.manage_steering", manages_steering)
rules.add_perm("steering.submit_report", submits_reports)
rules.add_perm("steering.update_task", submits_reports | manages_steering)
rules.add_perm("steering.view_submission", submits_reports | (report_was_sent & (views_steering | manages_steering
                                                                                 | manages_issuing_level)))
rules.add_perm("steering.edit_submission", submits_reports & report_is_editable)
rules.add_perm("steering.review_submission", manages_issuing_level & report_is_sent_for_review)
rules.add_perm("steering.assess_access_to_law", submits_reports)


@rules.predicate
def manages_level_above(user, assessment=None) -> bool:
    """The council's appraisal and the recognition belong to the level above the commune (the district level,
    abolished on 01/07/2025, is replaced by the province here: legal_rules.md §9.3 two-tier caveat, UNVERIFIED)."""
    commune = steering_unit(assessment)
    parent = getattr(commune, "parent", None)
    return parent is not None and can(user, Capability.MANAGE_STEERING, parent)


rules.add_perm("steering.appraise_access_to_law", manages_level_above)
