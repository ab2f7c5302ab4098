"""Read-only admin: every change to an election or a dismissal goes through services.py (audited)."""

from django.contrib import admin

from .models import Candidate, Dismissal, DismissalConsent, Election


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    can_delete = False
    fields = ("full_name", "birth_year", "nomination", "votes", "elected")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ("village", "office", "election_day", "state", "households_total", "participating",
                    "decision_number")
    list_filter = ("state", "office")
    raw_id_fields = ("village",)
    date_hierarchy = "election_day"
    inlines = [CandidateInline]


@admin.register(Dismissal)
class DismissalAdmin(ReadOnlyAdmin):
    list_display = ("holder_name", "village", "office", "trigger", "state", "opened_on", "new_election_due_on")
    list_filter = ("state", "trigger", "office")


@admin.register(DismissalConsent)
class DismissalConsentAdmin(ReadOnlyAdmin):
    list_display = ("dismissal", "household", "signed_on")
