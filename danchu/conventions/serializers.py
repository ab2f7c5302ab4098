"""Input serializers of the conventions API (validation only; the rules are the services'). Shared by api.py and
the steps table (actions.py)."""

from __future__ import annotations

from rest_framework import serializers

from danchu.core.api import TextField

from .domain import CommentChannel, Kind, MeasureKind, Proposer, Scope, VoteMethod

MAX_COUNT = 1_000_000


class ConventionProposeIn(serializers.Serializer):
    village = serializers.IntegerField(min_value=1, max_value=2**62)
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.HUONG_UOC)
    title = TextField(max_length=250)
    text = TextField(multiline=True, max_length=100_000)
    proposer = serializers.ChoiceField(choices=Proposer.choices, default=Proposer.VILLAGE_HEAD)
    proposed_on = serializers.DateField(required=False, allow_null=True, default=None)
    households_consenting = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False,
                                                     allow_null=True, default=None)
    front_agreed = serializers.BooleanField(default=False)
    note = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")
    drafting_team = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")


class ConventionTeamIn(serializers.Serializer):
    drafting_team = TextField(multiline=True, max_length=5000)


class ConventionReviseIn(serializers.Serializer):
    text = TextField(multiline=True, max_length=100_000)
    reason = TextField(max_length=500)


class ConventionPostIn(serializers.Serializer):
    posted_on = serializers.DateField()
    comment_until = serializers.DateField()
    place = TextField(max_length=300)


class ConventionCommentIn(serializers.Serializer):
    body = TextField(multiline=True, max_length=5000)


class ConventionCommentRecordIn(serializers.Serializer):
    channel = serializers.ChoiceField(choices=[c for c in CommentChannel.choices if c[0] != CommentChannel.ONLINE])
    author_name = TextField(max_length=150)
    body = TextField(multiline=True, max_length=5000)
    received_on = serializers.DateField()


class ConventionRespondIn(serializers.Serializer):
    comment = serializers.IntegerField(min_value=1, max_value=2**62)
    response = TextField(multiline=True, max_length=5000)


class ConventionVoteIn(serializers.Serializer):
    method = serializers.ChoiceField(choices=VoteMethod.choices)
    held_on = serializers.DateField()
    present = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    approve = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    against = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    note = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")


class ConventionSubmitIn(serializers.Serializer):
    submitted_on = serializers.DateField()


class ConventionRecogniseIn(serializers.Serializer):
    decision_number = TextField(max_length=50)
    decided_on = serializers.DateField()
    signer = TextField(max_length=150, required=False, allow_blank=True, default="")


class ConventionRefuseIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=5000)
    decided_on = serializers.DateField()


class ConventionDistributeIn(serializers.Serializer):
    distributed_on = serializers.DateField()


class ConventionMeasureIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeasureKind.choices)
    scope = serializers.ChoiceField(choices=Scope.choices)
    provisions = TextField(max_length=300, required=False, allow_blank=True, default="")
    reason = TextField(multiline=True, max_length=5000)
    reported_on = serializers.DateField()
    decided_on = serializers.DateField()
    decision_number = TextField(max_length=50)


class ConventionLiftIn(serializers.Serializer):
    lifted_on = serializers.DateField()


class ConventionReviewIn(serializers.Serializer):
    held_on = serializers.DateField()
    summary = TextField(multiline=True, max_length=5000)
    proposals = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")


class ConventionAmendIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=5000)
    proposer = serializers.ChoiceField(choices=Proposer.choices, default=Proposer.VILLAGE_HEAD)
    households_consenting = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False,
                                                     allow_null=True, default=None)
    front_agreed = serializers.BooleanField(default=False)


class ConventionWithdrawIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=5000)
