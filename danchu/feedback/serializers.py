"""Input and output schemas of the feedback API (api.py) and of its one endpoint per step (actions.py). Free text
is cleaned as the HTML forms and the services clean it (core.api.TextField)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danchu.core import clock
from danchu.core.api import TextField
from danchu.units.models import AdministrativeUnit

from . import domain, services
from .domain import CaseKind, NotifyChannel
from .models import Category

ID = {"min_value": 1, "max_value": 2**62}


def category_by_code(code: str) -> Category:
    """An active category by its code (the Open311 service_code), or a 400 on the field "category"."""
    category = Category.objects.filter(code=code, active=True).first()
    if category is None:
        raise serializers.ValidationError({"category": [_("Không có lĩnh vực này.")]})
    return category


class CategoryCodeField(serializers.CharField):
    """A category code in, the active category out (400 "Không có lĩnh vực này." otherwise)."""

    def to_internal_value(self, data):
        category = Category.objects.filter(code=super().to_internal_value(data), active=True).first()
        if category is None:
            raise serializers.ValidationError(_("Không có lĩnh vực này."))
        return category


class CategoryOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    description = serializers.CharField()
    answer_days = serializers.IntegerField()


class SubmitIn(serializers.Serializer):
    category = serializers.CharField(max_length=40, help_text="Mã lĩnh vực (GET /api/v1/feedback/categories/)")
    commune = serializers.IntegerField(**ID)
    village = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    description = TextField(multiline=True, max_length=domain.MAX_DESCRIPTION)
    address = TextField(max_length=300, required=False, allow_blank=True, default="")
    lat = serializers.FloatField(required=False, allow_null=True, default=None, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, allow_null=True, default=None, min_value=-180, max_value=180)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                   max_length=domain.MAX_PHOTOS)
    anonymous = serializers.BooleanField(required=False, default=False)
    reporter_name = TextField(max_length=150, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    notify_channel = serializers.ChoiceField(choices=NotifyChannel.choices, required=False, allow_blank=True,
                                             default="")
    publish = serializers.BooleanField(required=False, default=False)
    show_name = serializers.BooleanField(required=False, default=False)


class RecordIn(SubmitIn):
    channel = serializers.ChoiceField(choices=[("hotline", "hotline"), ("in_person", "in_person"), ("api", "api")])


class SubmitOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    id = serializers.IntegerField()
    state = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)


class CodeIn(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class RateIn(CodeIn):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = TextField(multiline=True, max_length=2000, required=False, allow_blank=True, default="")
    reopen = serializers.BooleanField(required=False, default=False)


class EventOut(serializers.Serializer):
    kind = serializers.CharField()
    state = serializers.CharField()
    note = serializers.CharField()
    created = serializers.DateTimeField()


class TrackOut(serializers.Serializer):
    """What the reporter sees with the tracking code: never contact details or staff notes."""

    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    commune_name = serializers.CharField(source="commune.name")
    category = serializers.CharField(source="category.code")
    description = serializers.CharField()
    state = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    answer = serializers.CharField()
    answered_at = serializers.SerializerMethodField()
    rating = serializers.IntegerField(allow_null=True)
    can_rate = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_answered_at(self, obj):
        value = services.answer_time(obj)
        return serializers.DateTimeField().to_representation(value) if value else None

    def get_can_rate(self, obj) -> bool:
        """True when the reporter may rate now (an answer, including the shared answer of a merged feedback)."""
        return services.rating_open(obj, clock.today())

    @extend_schema_field(EventOut(many=True))
    def get_events(self, obj) -> list[dict]:
        return EventOut([e for e in obj.events.order_by("created", "id") if e.note], many=True).data


class ListOut(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    village = serializers.IntegerField(source="village_id", allow_null=True)
    category = serializers.CharField(source="category.code")
    description = serializers.CharField()
    state = serializers.CharField()
    channel = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    escalated_at = serializers.DateTimeField(allow_null=True)
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    rating = serializers.IntegerField(allow_null=True)

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(clock.today())


class StaffEventOut(EventOut):
    internal_note = serializers.CharField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    from_unit = serializers.IntegerField(source="from_unit_id", allow_null=True)
    to_unit = serializers.IntegerField(source="to_unit_id", allow_null=True)


class DetailOut(ListOut):
    address = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    anonymous = serializers.BooleanField()
    reporter_name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    publish = serializers.BooleanField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    answered_on_time = serializers.BooleanField(allow_null=True)
    transfer_due_on = serializers.DateField(allow_null=True)
    duplicate_of = serializers.IntegerField(source="duplicate_of_id", allow_null=True)
    converted_kind = serializers.CharField()
    converted_ref = serializers.CharField()
    transferred_to = serializers.CharField()
    rating_comment = serializers.CharField()
    events = StaffEventOut(many=True)


class NoteIn(serializers.Serializer):
    note = TextField(multiline=True, max_length=2000, required=False, allow_blank=True, default="")


class RequiredNoteIn(serializers.Serializer):
    note = TextField(multiline=True, max_length=4000)


class AssignIn(serializers.Serializer):
    assignee = serializers.IntegerField(**ID)

    def validate_assignee(self, value):
        """The user (or None: the service answers that they may not handle the feedback)."""
        from danchu.accounts.models import User

        return User.objects.filter(pk=value).first()


class TransferIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=2000)
    to_unit = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    to_body = TextField(max_length=300, required=False, allow_blank=True, default="")

    def validate_to_unit(self, value):
        if value is None:
            return None
        unit = AdministrativeUnit.objects.filter(pk=value).first()
        if unit is None:
            raise serializers.ValidationError(_("Không có xã, phường này."))
        return unit


class AnswerIn(serializers.Serializer):
    answer = TextField(multiline=True, max_length=8000)


class RejectIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=2000)


class DuplicateIn(serializers.Serializer):
    original = serializers.CharField(max_length=40, help_text="Mã tra cứu của phản ánh đã có")
    note = TextField(multiline=True, max_length=2000, required=False, allow_blank=True, default="")


class ConvertIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    reference = TextField(max_length=300, required=False, allow_blank=True, default="")
    note = TextField(multiline=True, max_length=2000, required=False, allow_blank=True, default="")


class CategoryIn(serializers.Serializer):
    category = CategoryCodeField(max_length=40)


class StatsRowOut(serializers.Serializer):
    label = serializers.CharField(allow_null=True)
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    answered = serializers.IntegerField()
    on_time = serializers.IntegerField()
    rated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True, help_text="% trả lời đúng hạn trên số đã trả lời cộng "
                                                                     "số đang quá hạn chưa trả lời")
    satisfaction_rate = serializers.FloatField(allow_null=True)


class StatsOut(serializers.Serializer):
    summary = StatsRowOut()
    by_category = StatsRowOut(many=True)


class RouteOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    category = serializers.CharField(source="category.code", allow_null=True, default=None)
    organisation = serializers.IntegerField(source="organisation_id")
    answer_days = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()


class RouteIn(serializers.Serializer):
    unit = serializers.IntegerField(**ID)
    category = serializers.CharField(max_length=40, required=False, allow_blank=True, default="",
                                     help_text="Mã lĩnh vực; để trống: mọi lĩnh vực")
    organisation = serializers.IntegerField(**ID)
    answer_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=60)
    note = TextField(max_length=300, required=False, allow_blank=True, default="")
