from django.contrib import admin

from .models import (
    AdministrativeUnit,
    Appointment,
    Household,
    Organisation,
    Position,
    StructureVersion,
    UnitLineage,
)


@admin.register(StructureVersion)
class StructureVersionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "valid_from", "valid_to")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "level", "version", "parent", "valid_to")
    list_filter = ("version", "level", "kind")
    search_fields = ("name_folded", "code")
    raw_id_fields = ("parent",)
    readonly_fields = ("path",)


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "is_primary", "effective_on")
    raw_id_fields = ("predecessor", "successor")
    list_filter = ("kind",)


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("code", "representative_name", "village", "member_count", "dissolved_on")
    search_fields = ("name_folded",)
    raw_id_fields = ("village", "representative")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "unit", "dissolved_on")
    list_filter = ("kind",)
    search_fields = ("name_folded",)
    raw_id_fields = ("unit", "parent")


class AppointmentInline(admin.TabularInline):
    model = Appointment
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "role", "is_head")
    list_filter = ("role",)
    raw_id_fields = ("organisation",)
    inlines = [AppointmentInline]
