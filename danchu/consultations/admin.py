"""Read-only admin (superusers only, see core.admin_site): every change goes through services.py (audited)."""

from django.contrib import admin

from .models import Consultation, Opinion, SynthesisEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("title", "commune", "content_kind", "state", "opens_on", "closes_on", "against_majority")
    list_filter = ("state", "content_kind", "against_majority")
    search_fields = ("title", "name_folded")
    raw_id_fields = ("commune", "plan_item", "synthesis_item", "created_by")


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ("id", "consultation", "channel", "village", "stance", "people_count", "received_on")
    list_filter = ("channel", "stance")
    raw_id_fields = ("consultation", "village", "author", "entered_by", "entry")


@admin.register(SynthesisEntry)
class SynthesisEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "consultation", "outcome")
    list_filter = ("outcome",)
    raw_id_fields = ("consultation", "written_by")
