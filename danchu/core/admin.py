"""Django admin for `core` (superusers only). Calendar overrides are written through the audited services;
the audit log, notifications and attachments are read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .calendar_service import override_delete, override_set
from .models import Attachment, AuditEvent, CalendarOverride, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only: rows are written by the application's services (audited), never in the admin. Every app's
    admin.py registers its models with it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A read-only table of child rows under a read-only record."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "legal_basis")
    list_filter = ("kind",)
    search_fields = ("name", "legal_basis")
    date_hierarchy = "date"
    ordering = ("-date",)
    fields = ("date", "kind", "name", "legal_basis")

    def get_readonly_fields(self, request, obj=None):
        # the date is the identity of an override: to move one, delete it and add another
        return ("date",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        saved = override_set(
            date=obj.date, kind=obj.kind, name=obj.name, legal_basis=obj.legal_basis, actor=request.user
        )
        obj.pk, obj.created, obj.modified = saved.pk, saved.created, saved.modified

    def delete_model(self, request, obj):
        override_delete(date=obj.date, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            override_delete(date=obj.date, actor=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "created", "actor_label", "verb", "target_label")
    list_filter = ("verb",)
    search_fields = ("verb", "actor_label", "target_label", "target_id")
    date_hierarchy = "created"
    ordering = ("-seq",)
    list_select_related = False
    show_full_result_count = False  # the log grows without bound: avoid a second COUNT(*)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created", "channel", "recipient_label", "subject", "status", "sent_at", "read_at")
    list_filter = ("channel", "status")
    # not searchable by address: nobody looks up whom the platform wrote to by phone number (issue 12 M6)
    search_fields = ("subject",)
    date_hierarchy = "created"
    list_select_related = ("recipient",)

    @admin.display(description=_("người nhận"), ordering="recipient__username")
    def recipient_label(self, obj: Notification) -> str:
        if obj.recipient_id:
            return obj.recipient.username
        return (obj.address[:3] + "…" + obj.address[-2:]) if len(obj.address) > 6 else ("…" if obj.address else "")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "content_type", "size", "short_sha256", "uploaded_by", "created")
    list_filter = ("content_type",)
    search_fields = ("original_name", "sha256")
    date_hierarchy = "created"
    list_select_related = ("uploaded_by",)

    @admin.display(description=_("SHA-256"), ordering="sha256")
    def short_sha256(self, obj: Attachment) -> str:
        return obj.sha256[:12]
