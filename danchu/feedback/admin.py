"""Admin (superusers): categories and routing may be read here; every change goes through services.py (audited),
so the admin is read-only. Configure categories and routing with the API or `danchu feedback_setup`."""

from django.contrib import admin

from .models import ApiClient, Category, Feedback, FeedbackEvent, RoutingRule


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "group", "answer_days", "active", "order"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(ReadOnlyAdmin):
    list_display = ["unit", "category", "organisation", "answer_days"]
    list_select_related = ["unit", "category", "organisation"]


@admin.register(ApiClient)
class ApiClientAdmin(ReadOnlyAdmin):
    list_display = ["name", "key_prefix", "active", "created"]
    exclude = ["key_hash"]


class EventInline(admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    fields = ["created", "kind", "state", "note", "internal_note", "actor"]
    readonly_fields = fields
    can_delete = False


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "commune", "category", "state", "received_at", "due_on"]
    list_filter = ["state", "category", "channel"]
    list_select_related = ["commune", "category"]
    search_fields = ["tracking_code"]
    inlines = [EventInline]
    exclude = ["words"]
