"""Write functions of steering committees (Ban Chỉ đạo thực hiện dân chủ ở cơ sở): their creation or
consolidation, with members, and their meetings."""

from __future__ import annotations

from datetime import date

from danchu.core import audit, clock
from danchu.core.services import service
from danchu.core.text import clean_field
from danchu.units.models import AdministrativeUnit

from ..inputs import MAX_TEXT, checked_date
from ..models import CommitteeMeeting, CommitteeMember, SteeringCommittee
from ..verbs import AuditVerb


@service(AuditVerb.COMMITTEE_CREATED)
def committee_create(*, unit: AdministrativeUnit, name: str, actor, decision_number: str = "",
                     decision_date: date | None = None, note: str = "",
                     members: list[dict] | None = None) -> SteeringCommittee:
    """A committee, or its consolidation (kiện toàn): the previous active committee of the unit stops the day
    before the new decision."""
    committee = SteeringCommittee(
        unit=unit, name=clean_field(name, "name", required=True, max_length=250),
        decision_number=clean_field(decision_number, "decision_number", max_length=100, required=False),
        decision_date=checked_date(decision_date, "decision_date", required=False),
        note=clean_field(note, "note", max_length=MAX_TEXT, single_line=False, required=False))
    previous = list(SteeringCommittee.objects.filter(unit=unit, dissolved_on__isnull=True))
    committee.save()
    end = committee.decision_date or clock.today()
    for old in previous:
        old.dissolved_on = end
        old.save(update_fields=["dissolved_on", "modified"])
    for order, member in enumerate(members or [], start=1):
        CommitteeMember.objects.create(
            committee=committee, order=order,
            full_name=clean_field(member.get("full_name"), "members", required=True, max_length=150),
            position_title=clean_field(member.get("position_title"), "members", max_length=200, required=False),
            committee_role=clean_field(member.get("committee_role"), "members", required=True, max_length=100),
            area=clean_field(member.get("area"), "members", max_length=300, required=False))
    audit.record(actor=actor, verb=AuditVerb.COMMITTEE_CREATED, target=committee, unit=unit,
                 data={"replaces": [c.pk for c in previous], "members": len(members or [])})
    return committee


@service(AuditVerb.COMMITTEE_MEETING_ADDED)
def committee_meeting_add(*, committee: SteeringCommittee, held_on: date, content: str, conclusions: str = "",
                          actor) -> CommitteeMeeting:
    meeting = CommitteeMeeting.objects.create(
        committee=committee, held_on=checked_date(held_on, "held_on"),
        content=clean_field(content, "content", required=True, max_length=MAX_TEXT, single_line=False),
        conclusions=clean_field(conclusions, "conclusions", max_length=MAX_TEXT, single_line=False,
                                required=False))
    audit.record(actor=actor, verb=AuditVerb.COMMITTEE_MEETING_ADDED, target=committee, unit=committee.unit,
                 data={"meeting": meeting.pk, "held_on": held_on})
    return meeting
