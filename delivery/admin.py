"""Read-only admin for platform administrators. Children's records are changed only by the serving organization's
pages (services, audit); the admin never shows a child's name or consent form (names are for the serving
organization only), and there is no clear-text ID number to show."""

from django.contrib import admin

from .models import Beneficiary, ImportBatch, OutcomeMeasurement, ServiceLog


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Beneficiary)
class BeneficiaryAdmin(ReadOnlyAdmin):
    list_display = ["code", "id_masked", "gender", "birth_year", "county", "guardian_type", "created_at"]
    list_filter = ["gender", "guardian_type", "school_stage"]
    list_select_related = ["county"]
    fields = [
        "id_masked",
        "owner_organization",
        "no_id_reason",
        "gender",
        "birth_year",
        "birth_month",
        "county",
        "township",
        "guardian_type",
        "school_stage",
        "created_at",
    ]
    readonly_fields = fields


@admin.register(ServiceLog)
class ServiceLogAdmin(ReadOnlyAdmin):
    list_display = ["date", "grant", "service_type", "form", "minutes", "head_count"]
    list_filter = ["form", "service_type"]
    list_select_related = ["grant", "service_type"]
    # Notes may name children; the admin lists figures only.
    fields = ["grant", "date", "service_type", "form", "minutes", "head_count", "import_batch", "created_at"]
    readonly_fields = fields


@admin.register(OutcomeMeasurement)
class OutcomeMeasurementAdmin(ReadOnlyAdmin):
    list_display = ["grant", "indicator", "phase", "value", "measured_on"]
    list_filter = ["phase", "method"]
    list_select_related = ["grant", "indicator"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["grant", "kind", "status", "rows_total", "rows_imported", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["grant"]
    exclude = ["file", "error_workbook"]
