"""Read-only admin: every change to the register goes through services.py (audited), never the admin."""

from django.contrib import admin

from .models import CommuneDisclosureSettings, DisclosureItem, DisclosureItemVersion, Posting, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = DisclosureItemVersion
    extra = 0
    fields = ("version", "published_on", "title", "change_note", "created_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    fields = ("channel", "village", "place", "start", "end", "posted_by", "claims_compliance")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DisclosureItem)
class DisclosureItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "commune", "category", "status", "publication_due", "published_on", "version")
    list_filter = ("status", "category")
    search_fields = ("name_folded", "decision_number")
    raw_id_fields = ("commune", "created_by")
    date_hierarchy = "published_on"
    inlines = [VersionInline, PostingInline]


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ("item", "channel", "village", "start", "end", "claims_compliance")
    list_filter = ("channel",)
    raw_id_fields = ("item", "village", "proof")


@admin.register(CommuneDisclosureSettings)
class CommuneDisclosureSettingsAdmin(ReadOnlyAdmin):
    list_display = ("commune", "has_portal", "has_loudspeaker", "portal_url")
    list_filter = ("has_portal", "has_loudspeaker")


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    # addresses are personal data: listed without them
    list_display = ("commune", "category", "channel", "confirmed_at", "created")
    list_filter = ("channel", "category")
    exclude = ("address", "token")
