"""Input serializers of the elections API (validation only; the rules are the services'). Shared by api.py and the
steps table (actions.py)."""

from __future__ import annotations

from rest_framework import serializers

from danchu.core.api import TextField

from .domain import DismissalTrigger, Nomination, Office, VoteMethod
from .services import MAX_SEATS

MAX_COUNT = 1_000_000


class ElectionPlanIn(serializers.Serializer):
    village = serializers.IntegerField(min_value=1, max_value=2**62)
    office = serializers.ChoiceField(choices=Office.choices)
    election_day = serializers.DateField()
    decided_on = serializers.DateField()
    place = TextField(max_length=300)
    decision_number = TextField(max_length=50, required=False, allow_blank=True, default="")
    seats = serializers.IntegerField(min_value=1, max_value=MAX_SEATS, default=1)
    project_name = TextField(max_length=300, required=False, allow_blank=True, default="")
    follows_dismissal = serializers.IntegerField(min_value=1, max_value=2**62, required=False, allow_null=True,
                                                 default=None)


class ElectionCandidateIn(serializers.Serializer):
    full_name = TextField(max_length=150)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True,
                                          default=None)
    nomination = serializers.ChoiceField(choices=Nomination.choices, default=Nomination.FRONT_LIST)


class ElectionStepIn(serializers.Serializer):
    step = serializers.ChoiceField(choices=[("candidates", "candidates"), ("team", "team"), ("notice", "notice")])
    done_on = serializers.DateField()
    team_members = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")


class ElectionVoteIn(serializers.Serializer):
    candidate = serializers.IntegerField(min_value=1, max_value=2**62)
    votes = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)


class ElectionResultIn(serializers.Serializer):
    method = serializers.ChoiceField(choices=VoteMethod.choices)
    participating = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    votes = ElectionVoteIn(many=True, allow_empty=False, max_length=100)
    no_winner_reason = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")


class ElectionSendIn(serializers.Serializer):
    sent_on = serializers.DateField()


class ElectionRecogniseIn(serializers.Serializer):
    decision_number = TextField(max_length=50)
    decided_on = serializers.DateField()


class ElectionReasonDateIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=5000)
    decided_on = serializers.DateField()


class ElectionCancelIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=5000)


class DismissalOpenIn(serializers.Serializer):
    village = serializers.IntegerField(min_value=1, max_value=2**62)
    office = serializers.ChoiceField(choices=Office.choices)
    holder_name = TextField(max_length=150)
    trigger = serializers.ChoiceField(choices=DismissalTrigger.choices)
    reason = TextField(multiline=True, max_length=5000)
    opened_on = serializers.DateField()


class DismissalConsentIn(serializers.Serializer):
    household = serializers.IntegerField(min_value=1, max_value=2**62)
    signed_on = serializers.DateField()


class DismissalVoteIn(serializers.Serializer):
    held_on = serializers.DateField()
    present = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    approve = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    against = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
