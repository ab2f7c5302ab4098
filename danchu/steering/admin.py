"""Read-only admin: every change goes through services.py (validated and audited), never the admin."""

from django.contrib import admin

from .models import (
    AccessToLawAssessment,
    Commendation,
    ExemplaryModel,
    Indicator,
    Inspection,
    Plan,
    ReportTemplate,
    SteeringCommittee,
    Submission,
    Task,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("code", "label", "kind", "measure", "required", "source", "table_columns", "table_rows")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "number", "state", "starts_on", "ends_on")
    list_filter = ("state",)
    search_fields = ("title", "number")
    raw_id_fields = ("unit", "parent")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "assignee_unit", "due_on", "state", "progress")
    list_filter = ("state",)
    raw_id_fields = ("plan", "assignee_unit")


@admin.register(ReportTemplate)
class ReportTemplateAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "period_kind", "is_issued", "issued_on")
    inlines = [IndicatorInline]
    raw_id_fields = ("unit", "plan")


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("template", "unit", "period_key", "state", "submitted_on")
    list_filter = ("state",)
    raw_id_fields = ("template", "unit")


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "target_unit", "state", "starts_on")
    raw_id_fields = ("unit", "target_unit", "plan")


@admin.register(ExemplaryModel)
class ExemplaryModelAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "field", "status")
    raw_id_fields = ("unit",)


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "form", "level", "decision_number", "decision_date")
    raw_id_fields = ("unit", "model")


@admin.register(AccessToLawAssessment)
class AccessToLawAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("commune", "year", "state", "recognised_on")
    list_filter = ("state", "year")
    raw_id_fields = ("commune",)


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "decision_number", "decision_date", "dissolved_on")
    raw_id_fields = ("unit",)
