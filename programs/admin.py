"""Django admin for platform admins: read-mostly. Workflow fields change only through the services (which check
permissions and write the audit log), so they are read-only here."""

from django.contrib import admin

from .models import (
    Application,
    ApplicationVersion,
    BrandProgram,
    BudgetLine,
    Call,
    PublicNotice,
    ReviewAssignment,
    RubricCriterion,
    TrancheTemplate,
)


class RubricInline(admin.TabularInline):
    model = RubricCriterion
    extra = 0


class TrancheInline(admin.TabularInline):
    model = TrancheTemplate
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("title", "issuing_region", "status", "opens_at", "closes_at", "total_budget")
    list_filter = ("status", "funding_source")
    search_fields = ("title",)
    readonly_fields = ("status", "published_at", "created_by", "created_at", "updated_at")
    inlines = [RubricInline, TrancheInline]


@admin.register(BrandProgram)
class BrandProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "partner", "start_year")
    prepopulated_fields = {"slug": ("name",)}


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "call", "status", "requested_amount", "approved_amount")
    list_filter = ("status",)
    search_fields = ("title", "organization__name")
    readonly_fields = (
        "status",
        "version",
        "submitted_at",
        "approved_amount",
        "decision_reason",
        "decided_at",
        "decided_by",
        "requested_amount",
    )
    inlines = [BudgetLineInline]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(admin.ModelAdmin):
    list_display = ("application", "reviewer", "status", "due_on", "total_score")
    list_filter = ("status",)
    readonly_fields = ("status", "total_score", "submitted_at", "no_conflict_declared_at", "comment")


@admin.register(ApplicationVersion)
class ApplicationVersionAdmin(admin.ModelAdmin):
    list_display = ("application", "number", "submitted_at")
    readonly_fields = ("application", "number", "snapshot", "submitted_at", "submitted_by")


@admin.register(PublicNotice)
class PublicNoticeAdmin(admin.ModelAdmin):
    list_display = ("call", "starts_on", "ends_on", "published_at")
    readonly_fields = ("published_at", "published_by")
