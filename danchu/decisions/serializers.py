"""Input serializers of the community decisions API (validation only; the rules are the services'). Shared by
api.py and the steps table (actions.py)."""

from __future__ import annotations

from rest_framework import serializers

from danchu.core.api import TextField

from .domain import AnnulGround, Choice, Form, Kind
from .models import ConsentChannel, VoteMethod

ID = {"min_value": 1, "max_value": 2**62}


class CdAmendIn(serializers.Serializer):
    """The text of a draft: of a new content, or of the amendment of a recognised one."""

    title = TextField(max_length=300)
    content = TextField(multiline=True, max_length=20000)
    options = TextField(multiline=True, max_length=20000, required=False, allow_blank=True, default="")


class CdDecisionIn(CdAmendIn):
    unit = serializers.IntegerField(**ID)
    kind = serializers.ChoiceField(choices=Kind.choices)
    form = serializers.ChoiceField(choices=Form.choices, default=Form.MEETING)


class CdNoticeIn(serializers.Serializer):
    notice_on = serializers.DateField()
    held_on = serializers.DateField()
    starts_at = serializers.TimeField(required=False, allow_null=True, default=None)
    place = TextField(max_length=300)
    chair_name = TextField(max_length=150)
    cluster = TextField(max_length=150, required=False, allow_blank=True, default="")


class CdAttendanceIn(serializers.Serializer):
    households = serializers.ListField(child=serializers.IntegerField(**ID), max_length=100000, allow_empty=True)


class CdPositionIn(serializers.Serializer):
    household = serializers.IntegerField(**ID)
    choice = serializers.ChoiceField(choices=[(c, Choice(c).label) for c in (Choice.AGREE, Choice.DISAGREE,
                                                                              Choice.OTHER)])
    note = TextField(max_length=500, required=False, allow_blank=True, default="")


class CdMeetingResultIn(serializers.Serializer):
    secretary_name = TextField(max_length=150)
    secretary_votes = serializers.IntegerField(min_value=0, max_value=1000000)
    vote_method = serializers.ChoiceField(choices=VoteMethod.choices)
    positions = CdPositionIn(many=True, required=False, default=list, max_length=100000)
    count_team = serializers.ListField(child=TextField(max_length=150), required=False, default=list,
                                       max_length=10)
    witness_1 = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    witness_2 = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    secret_agree = serializers.IntegerField(min_value=0, max_value=1000000, default=0)
    secret_disagree = serializers.IntegerField(min_value=0, max_value=1000000, default=0)
    secret_other = serializers.IntegerField(min_value=0, max_value=1000000, default=0)


class CdBallotOpenIn(serializers.Serializer):
    plan_issued_on = serializers.DateField()
    plan_sent_on = serializers.DateField(required=False, allow_null=True, default=None)
    notice_on = serializers.DateField()
    distribute_on = serializers.DateField()
    deadline = serializers.DateField()
    team = serializers.ListField(child=TextField(max_length=150), min_length=1, max_length=10)
    leader_name = TextField(max_length=150)


class CdCountIn(serializers.Serializer):
    witness_1 = serializers.IntegerField(**ID)
    witness_2 = serializers.IntegerField(**ID)


class CdDateIn(serializers.Serializer):
    on = serializers.DateField()


class CdRecogniseIn(serializers.Serializer):
    recognised_on = serializers.DateField()
    reference = TextField(max_length=100)
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)


class CdRefuseIn(serializers.Serializer):
    refused_on = serializers.DateField()
    reason = TextField(multiline=True, max_length=20000)


class CdAnnulIn(serializers.Serializer):
    ground = serializers.ChoiceField(choices=AnnulGround.choices)
    on = serializers.DateField()
    reason = TextField(multiline=True, max_length=20000)


class CdOnlineIn(serializers.Serializer):
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()


class CdInitiativeIn(serializers.Serializer):
    village = serializers.IntegerField(**ID)
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = TextField(max_length=300)
    content = TextField(multiline=True, max_length=20000)
    initiator_name = TextField(max_length=150)
    opened_on = serializers.DateField()


class CdConsentIn(serializers.Serializer):
    household = serializers.IntegerField(**ID)
    given_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=[(c, ConsentChannel(c).label) for c in (ConsentChannel.WRITTEN,
                                                                                     ConsentChannel.MEETING)])


class CdOwnConsentIn(serializers.Serializer):
    household = serializers.IntegerField(**ID)
