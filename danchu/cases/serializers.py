"""Input and output schemas of the reception and cases API. Identity fields of denouncers are never part of any
payload (Luật Tố cáo Art.47); list payloads carry no personal data at all. Free text is cleaned by core.api.TextField
as the forms and the services clean it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from danchu.core.api import TextField
from danchu.core.legal_rules import get_rule

from .domain import CaseKind, ComplexityCriterion, Finding, LeaderKind, SessionKind

ID = {"min_value": 1, "max_value": 2**62}


class ReceptionSessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    leader_name = serializers.CharField()
    leader_title = serializers.CharField()
    leader_kind = serializers.CharField()
    kind = serializers.CharField()
    day = serializers.DateField()
    start = serializers.TimeField()
    end = serializers.TimeField()
    place = serializers.CharField()
    capacity = serializers.IntegerField()
    free = serializers.IntegerField()


class ReceptionSessionIn(serializers.Serializer):
    unit = serializers.IntegerField(**ID)
    leader_name = TextField(max_length=150)
    leader_title = TextField(max_length=150)
    leader_kind = serializers.ChoiceField(choices=LeaderKind.choices)
    kind = serializers.ChoiceField(choices=SessionKind.choices, default=SessionKind.REGULAR)
    day = serializers.DateField()
    start = serializers.TimeField()
    end = serializers.TimeField()
    place = TextField(max_length=300)
    capacity = serializers.IntegerField(min_value=1, max_value=200, default=10)


class ReceptionSessionStaffOut(ReceptionSessionOut):
    cancelled = serializers.BooleanField()


class BookingStaffOut(serializers.Serializer):
    """A booking as the receivers see it. A sealed booking (its visit included a denunciation, Luật Tố cáo Art.47,
    56) carries no name, phone or topic: those fields are null."""

    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    people_count = serializers.IntegerField()
    cancelled = serializers.BooleanField()
    sealed = serializers.BooleanField()
    created = serializers.DateTimeField()
    full_name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    topic = serializers.SerializerMethodField()

    def get_full_name(self, obj) -> str | None:
        return None if obj.sealed else obj.full_name

    def get_phone(self, obj) -> str | None:
        return None if obj.sealed else obj.phone

    def get_topic(self, obj) -> str | None:
        return None if obj.sealed else obj.topic


class ReceptionBookIn(serializers.Serializer):
    full_name = TextField(max_length=150)
    phone = serializers.CharField(max_length=20)
    topic = TextField(max_length=500)
    people_count = serializers.IntegerField(min_value=1, max_value=200, default=1)


class BookingCancelIn(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    phone = serializers.CharField(max_length=20)


class BookingMineOut(serializers.Serializer):
    """A resident's own booking."""

    tracking_code = serializers.CharField()
    session = serializers.IntegerField(source="session_id")
    unit = serializers.IntegerField(source="session.unit_id")
    day = serializers.DateField(source="session.day")
    start = serializers.TimeField(source="session.start")
    place = serializers.CharField(source="session.place")
    people_count = serializers.IntegerField()
    cancelled = serializers.BooleanField()
    session_cancelled = serializers.BooleanField(source="session.cancelled")


class ReceptionBookOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    session = serializers.IntegerField(source="session_id")


class ReceptionEntryOut(serializers.Serializer):
    """A line of the reception book. No personal data in lists; a sealed entry never carries the visitor."""

    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    number = serializers.IntegerField()
    year = serializers.IntegerField()
    received_on = serializers.DateField()
    sealed = serializers.BooleanField()
    people_count = serializers.IntegerField()
    handling = serializers.CharField()
    reply_due_on = serializers.DateField(allow_null=True)
    replied_on = serializers.DateField(allow_null=True)
    cases = serializers.SerializerMethodField()

    def get_cases(self, obj) -> list[str]:
        return [c.code for c in obj.cases.all()]


class ReceptionEntryDetailOut(ReceptionEntryOut):
    full_name = serializers.CharField()
    address = serializers.CharField()
    id_number = serializers.CharField()
    content = serializers.CharField()
    prior_handling = serializers.CharField()
    request = serializers.CharField()
    handling_note = serializers.CharField()


class ReceptionRepresentativeIn(serializers.Serializer):
    name = TextField(max_length=150)
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class CaseLetterIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    summary = TextField(max_length=300)
    respondent = TextField(max_length=300, required=False, allow_blank=True, default="")
    known_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReceptionVisitIn(serializers.Serializer):
    unit = serializers.IntegerField(**ID)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    full_name = TextField(max_length=150)
    address = TextField(max_length=300, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    people_count = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    representatives = ReceptionRepresentativeIn(many=True, required=False, default=list)
    content = TextField(multiline=True, max_length=10000)
    prior_handling = TextField(multiline=True, max_length=10000, required=False, allow_blank=True, default="")
    request = TextField(multiline=True, max_length=10000, required=False, allow_blank=True, default="")
    letters = CaseLetterIn(many=True, required=False, default=list)
    remote_area = serializers.BooleanField(required=False, default=False)

    def validate_letters(self, value):
        if len(value) > 10:
            raise serializers.ValidationError(_("Tối đa 10 đơn cho một lượt tiếp."))
        return value

    def validate_representatives(self, value):
        if len(value) > 50:
            raise serializers.ValidationError(_("Tối đa 50 người đại diện."))
        return value


class CaseOut(serializers.Serializer):
    """A case without any personal data (lists)."""

    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    code = serializers.CharField()
    kind = serializers.CharField()
    round = serializers.IntegerField()
    state = serializers.CharField()
    summary = serializers.CharField()
    received_on = serializers.DateField()
    accepted_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    due_label = serializers.CharField()
    resolve_due_on = serializers.DateField(allow_null=True)
    complexity = serializers.CharField()
    extensions = serializers.IntegerField()
    remote_area = serializers.BooleanField()
    anonymous = serializers.BooleanField()
    published_on = serializers.DateField(allow_null=True)
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    rules_code = serializers.CharField()


class CaseDetailOut(CaseOut):
    """Detail: the complainant of a complaint or petition (a party); never a denouncer (not stored here)."""

    content = serializers.CharField()
    respondent = serializers.CharField()
    petitioner_name = serializers.CharField()
    petitioner_address = serializers.CharField()
    people_count = serializers.IntegerField()
    representative_count = serializers.IntegerField()
    complexity_criteria = serializers.ListField(child=serializers.CharField())
    rejection_ground = serializers.CharField()
    rejection_reason = serializers.CharField()
    transferred_to = serializers.CharField()
    decision_number = serializers.CharField()
    finding = serializers.CharField()
    decision_text = serializers.CharField()
    sent_on = serializers.DateField(allow_null=True)
    documents = serializers.SerializerMethodField()

    def get_documents(self, obj) -> list[dict]:
        return [{"number": d.number, "kind": d.kind, "title": d.title, "issued_on": d.issued_on.isoformat()}
                for d in obj.documents.order_by("number")]


class CaseLetterRecordIn(serializers.Serializer):
    """A letter received by post or left at the office (no reception visit). An anonymous denunciation carries no
    sender; a named denunciation's sender is sealed at once and never returned."""

    unit = serializers.IntegerField(**ID)
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    summary = TextField(max_length=300)
    content = TextField(multiline=True, max_length=10000)
    respondent = TextField(max_length=300, required=False, allow_blank=True, default="")
    anonymous = serializers.BooleanField(required=False, default=False)
    full_name = TextField(max_length=150, required=False, allow_blank=True, default="")
    address = TextField(max_length=300, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    known_on = serializers.DateField(required=False, allow_null=True, default=None)
    round = serializers.ChoiceField(choices=[1, 2], required=False, default=1)
    remote_area = serializers.BooleanField(required=False, default=False)


class CaseTrackIn(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class CaseTrackOut(serializers.Serializer):
    kind = serializers.CharField()
    state = serializers.CharField()
    unit_name = serializers.CharField(source="unit.name")
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    due_label = serializers.CharField()
    resolve_due_on = serializers.DateField(allow_null=True)
    steps = serializers.SerializerMethodField()

    def get_steps(self, obj) -> list[dict]:
        return [{"at": e.created.isoformat(), "note": e.note} for e in obj.events.order_by("created", "id") if e.note]


class CaseOnIn(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class CaseAcceptIn(CaseOnIn):
    criteria = serializers.ListField(child=serializers.ChoiceField(choices=ComplexityCriterion.choices),
                                     required=False, default=list, max_length=7)
    remote_area = serializers.BooleanField(required=False, allow_null=True, default=None)
    several_places = serializers.BooleanField(required=False, allow_null=True, default=None)
    obstacle_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                             max_value=3650)


class CaseSeveralPlacesIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=10000)


class CaseRejectIn(CaseOnIn):
    ground = serializers.CharField(max_length=30)
    reason = TextField(multiline=True, max_length=10000)


class CaseTransferIn(CaseOnIn):
    to = TextField(max_length=300)


class CaseExtendIn(CaseOnIn):
    days = serializers.IntegerField(min_value=1, max_value=get_rule("denunciations.extend_complex").amount)
    reason = TextField(multiline=True, max_length=10000)


class CaseDecideIn(CaseOnIn):
    number = TextField(max_length=50)
    finding = serializers.ChoiceField(choices=Finding.choices)
    text = TextField(multiline=True, max_length=10000)


class CaseTextIn(CaseOnIn):
    text = TextField(multiline=True, max_length=10000)


class CaseReasonIn(CaseOnIn):
    reason = TextField(multiline=True, max_length=10000)


class CaseDialogueIn(CaseOnIn):
    participants = TextField(multiline=True, max_length=2000)
    content = TextField(multiline=True, max_length=10000)


class CaseAnonymousCheckIn(CaseOnIn):
    note = TextField(multiline=True, max_length=10000)


class CaseReclassifyIn(CaseOnIn):
    criteria = serializers.ListField(child=serializers.ChoiceField(choices=ComplexityCriterion.choices),
                                     required=True, allow_empty=True, max_length=7)
    reason = TextField(multiline=True, max_length=10000)


class CaseAssignIn(serializers.Serializer):
    assignee = serializers.IntegerField(**ID)
