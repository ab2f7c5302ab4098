"""Input and output schemas of the information requests API (api.py) and of its one endpoint per step
(actions.py). Free text is cleaned as the HTML forms and the services clean it (core.api.TextField)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danchu.core import clock
from danchu.core.api import TextField

from .domain import REFUSAL_CHOICES, Channel, Complexity, Delivery, FeePurpose, State


class SubmitIn(serializers.Serializer):
    commune = serializers.IntegerField(min_value=1, max_value=2**62)
    full_name = TextField(max_length=150)
    address = TextField(max_length=300)
    id_number = serializers.CharField(max_length=30)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    content = TextField(multiline=True, max_length=5000)
    delivery = serializers.ChoiceField(choices=Delivery.choices)
    purpose = TextField(multiline=True, max_length=5000)


class RecordIn(SubmitIn):
    channel = serializers.ChoiceField(choices=Channel.choices)
    complexity = serializers.ChoiceField(choices=Complexity.choices, default=Complexity.SIMPLE)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")


class SubmitOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    state = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)


class TrackIn(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class EventOut(serializers.Serializer):
    state = serializers.CharField()
    note = serializers.CharField()
    created = serializers.DateTimeField()


class FileOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    content_type = serializers.CharField()


class TrackOut(serializers.Serializer):
    """What the requester sees with the tracking code: never the ID number, contact details or staff notes."""

    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    commune_name = serializers.CharField(source="commune.name")
    content = serializers.CharField()
    state = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    answer = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    fee_amount = serializers.DecimalField(max_digits=12, decimal_places=0)
    fee_note = serializers.CharField()
    refusal_ground = serializers.CharField()
    refusal_reason = serializers.CharField()
    events = serializers.SerializerMethodField()

    def get_answer(self, obj) -> str:
        return obj.answer if obj.state == State.PROVIDED else ""

    @extend_schema_field(FileOut(many=True))
    def get_files(self, obj) -> list[dict]:
        return FileOut(obj.answer_files.all(), many=True).data if obj.state == State.PROVIDED else []

    @extend_schema_field(EventOut(many=True))
    def get_events(self, obj) -> list[dict]:
        return EventOut([e for e in obj.events.order_by("created", "id") if e.note], many=True).data


class ListOut(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    full_name = serializers.CharField()
    content = serializers.CharField()
    channel = serializers.CharField()
    complexity = serializers.CharField()
    delivery = serializers.CharField()
    state = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    late = serializers.SerializerMethodField(help_text="Đã trễ hạn ở một bước (đang quá hạn, thông báo thời hạn "
                                             "muộn, gia hạn khi đã quá hạn, cung cấp hoặc từ chối muộn)")

    def get_late(self, obj) -> bool:
        return obj.is_late(clock.today())


class StaffEventOut(EventOut):
    internal_note = serializers.CharField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)


class DetailOut(ListOut):
    address = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    purpose = serializers.CharField()
    notice_sent_on = serializers.DateField(allow_null=True)
    notice_due_on = serializers.DateField(allow_null=True, help_text="Hạn gửi thông báo thời hạn (Điều 29–31)")
    notice_late = serializers.BooleanField(help_text="Thông báo thời hạn gửi sau hạn")
    extended_until = serializers.DateField(allow_null=True)
    extension_reason = serializers.CharField()
    refusal_ground = serializers.CharField()
    refusal_reason = serializers.CharField()
    answer = serializers.CharField()
    files = FileOut(source="answer_files", many=True)
    fee_amount = serializers.DecimalField(max_digits=12, decimal_places=0)
    fee_purpose = serializers.CharField()
    fee_note = serializers.CharField()
    events = StaffEventOut(many=True)


class AssignIn(serializers.Serializer):
    assignee = serializers.IntegerField(min_value=1, max_value=2**62)

    def validate_assignee(self, value):
        """The user (or None: the service answers that they may not handle the request)."""
        from danchu.accounts.models import User

        return User.objects.filter(pk=value).first()


class NoticeIn(serializers.Serializer):
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")


class ExtendIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=5000)
    until = serializers.DateField(required=False, allow_null=True, default=None)


class ProvideIn(serializers.Serializer):
    answer = TextField(multiline=True, max_length=20000, required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=10)
    fee_amount = serializers.DecimalField(max_digits=12, decimal_places=0, min_value=0, required=False, default=0)
    fee_purpose = serializers.ChoiceField(choices=FeePurpose.choices, required=False, allow_blank=True, default="")
    fee_note = TextField(max_length=300, required=False, allow_blank=True, default="")


class RefuseIn(serializers.Serializer):
    ground = serializers.ChoiceField(choices=REFUSAL_CHOICES)
    reason = TextField(multiline=True, max_length=5000)
