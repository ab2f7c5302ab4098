"""Read-only admin: every change goes through the services (audited); the admin is for looking."""

from django.contrib import admin

from .models import BallotRound, Consent, Decision, HouseholdPosition, Initiative, Meeting, MeetingAttendance


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ["title", "unit", "kind", "state", "agree", "household_total", "modified"]
    list_filter = ["kind", "state", "scope"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "parent", "amends", "poll", "created_by"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["decision", "held_on", "cluster", "vote_method", "recorded_at"]
    raw_id_fields = ["decision", "witness_1", "witness_2"]


@admin.register(BallotRound)
class BallotRoundAdmin(ReadOnly):
    list_display = ["decision", "distribute_on", "deadline", "state"]
    raw_id_fields = ["decision", "witness_1", "witness_2"]


@admin.register(HouseholdPosition)
class HouseholdPositionAdmin(ReadOnly):
    list_display = ["decision", "household", "channel", "choice", "created"]
    list_filter = ["channel", "choice"]
    raw_id_fields = ["decision", "household", "meeting", "recorded_by"]


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(ReadOnly):
    list_display = ["decision", "meeting", "household"]
    raw_id_fields = ["decision", "meeting", "household", "recorded_by"]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnly):
    list_display = ["title", "village", "state", "opened_on"]
    raw_id_fields = ["village", "initiator_household", "decision"]


@admin.register(Consent)
class ConsentAdmin(ReadOnly):
    list_display = ["initiative", "household", "given_on", "channel"]
    raw_id_fields = ["initiative", "household", "recorded_by"]
