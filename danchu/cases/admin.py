"""Admin: cases and the reception book are read-only (every change goes through services.py, audited); the sealed
identities of denouncers are not registered at all. Rule versions are the one thing an administrator edits here:
a later set of deadlines without code changes (audited)."""

from django.contrib import admin
from django.db import transaction

from danchu.core import audit

from .models import Case, MediationCase, MediationTeam, ReceptionEntry, ReceptionSession, RuleVersion
from .verbs import AuditVerb


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    # no personal data in the admin: file number, kind, state and dates only
    list_display = ("code", "kind", "state", "unit", "received_on", "due_on", "extensions")
    list_filter = ("kind", "state")
    search_fields = ("code",)
    fields = ("code", "kind", "round", "state", "unit", "summary", "received_on", "accepted_on", "resolve_due_on",
              "due_on", "due_label", "extensions", "extension_days", "complexity", "decided_on", "published_on", "rules_code")
    readonly_fields = fields


@admin.register(ReceptionEntry)
class ReceptionEntryAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "unit", "received_on", "people_count", "sealed", "handling")
    fields = ("unit", "year", "number", "received_on", "sealed", "people_count", "handling", "reply_due_on",
              "replied_on")
    readonly_fields = fields


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(ReadOnlyAdmin):
    list_display = ("unit", "day", "start", "end", "leader_name", "kind", "cancelled")


@admin.register(MediationTeam)
class MediationTeamAdmin(ReadOnlyAdmin):
    list_display = ("name", "village", "established_on")


@admin.register(MediationCase)
class MediationCaseAdmin(ReadOnlyAdmin):
    list_display = ("code", "dispute_type", "state", "received_on")


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ("code", "effective_from", "verified", "legal_basis")

    def has_delete_permission(self, request, obj=None):
        return False  # cases keep a snapshot, but a version once used stays on record

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(actor=request.user, verb=AuditVerb.RULE_VERSION_SAVED, target=obj,
                         data={"effective_from": obj.effective_from, "overrides": obj.overrides,
                               "verified": obj.verified, "changed": change})
