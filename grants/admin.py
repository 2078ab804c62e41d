"""Read-mostly admin for platform administrators. Changes go through the pages (services, audit), not here."""

from django.contrib import admin

from .models import ContractSequence, Evaluation, Grant, Milestone, MilestoneEvidence, Payment


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["order", "title", "due_date", "percentage", "payment_amount", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["contract_number", "title", "organization", "issuing_region", "amount", "status", "signed_on"]
    list_filter = ["status", "funding_source"]
    search_fields = ["contract_number", "title", "organization__name"]
    list_select_related = ["organization", "issuing_region"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["grant", "order", "title", "due_date", "payment_amount", "status"]
    list_filter = ["status"]
    list_select_related = ["grant"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["voucher_number", "milestone", "amount", "paid_on", "released_by"]
    search_fields = ["voucher_number"]
    list_select_related = ["milestone__grant", "released_by"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["grant", "kind", "evaluator", "status", "score", "grade"]
    list_filter = ["kind", "status", "grade"]
    list_select_related = ["grant", "evaluator"]


admin.site.register(MilestoneEvidence, ReadOnlyAdmin)
admin.site.register(ContractSequence, ReadOnlyAdmin)
