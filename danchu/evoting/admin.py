"""Read-only admin for superusers: polls, opt-ins and ballots change only through the services (audited,
constraint-checked); village and commune staff use the staff pages, scoped by rules.py."""

from django.contrib import admin

from .models import OptIn, Poll, Vote


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(Poll)
class PollAdmin(_ReadOnly):
    list_display = ("question", "village", "state", "opens_at", "closes_at", "total_households")
    list_filter = ("state",)
    search_fields = ("question",)
    raw_id_fields = ("village", "created_by")


@admin.register(OptIn)
class OptInAdmin(_ReadOnly):
    list_display = ("household", "opted_in_at", "withdrawn_at")
    raw_id_fields = ("household", "recorded_by")


@admin.register(Vote)
class VoteAdmin(_ReadOnly):
    list_display = ("poll", "household", "cast_at")  # the option is shown only on the public result page, by hash
    exclude = ("option",)
    raw_id_fields = ("poll", "household", "cast_by")
