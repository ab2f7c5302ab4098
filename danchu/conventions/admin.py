"""Read-only admin: every change to a convention goes through services.py (audited), never the admin."""

from django.contrib import admin

from .models import (
    AdoptionVote,
    Convention,
    ConventionComment,
    ConventionMeasure,
    ConventionReview,
    ConventionVersion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = ConventionVersion
    fields = ("number", "reason", "author_name", "created", "published_on", "recognition_number")
    readonly_fields = fields


class VoteInline(ReadOnlyInline):
    model = AdoptionVote
    fields = ("method", "held_on", "households_total", "households_present", "approve", "against", "outcome")
    readonly_fields = fields


class MeasureInline(ReadOnlyInline):
    model = ConventionMeasure
    fields = ("kind", "scope", "provisions", "decision_number", "decided_on", "due_on", "lifted_on")
    readonly_fields = fields


@admin.register(Convention)
class ConventionAdmin(ReadOnlyAdmin):
    list_display = ("title", "village", "kind", "state", "posted_on", "voted_on", "decided_on")
    list_filter = ("state", "kind")
    search_fields = ("title", "decision_number")
    raw_id_fields = ("village",)
    inlines = [VersionInline, VoteInline, MeasureInline]


@admin.register(ConventionComment)
class ConventionCommentAdmin(ReadOnlyAdmin):
    list_display = ("convention", "channel", "author_name", "received_on")
    list_filter = ("channel",)


@admin.register(ConventionReview)
class ConventionReviewAdmin(ReadOnlyAdmin):
    list_display = ("convention", "held_on")
