"""Django admin for platform admins: read-mostly. Workflow fields change only through the services (which check
permissions and write the audit log), so they are read-only here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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


class _ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RubricInline(_ReadOnlyInline):
    model = RubricCriterion


class TrancheInline(_ReadOnlyInline):
    model = TrancheTemplate


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """Read-only: a call changes only through ``call_save`` and friends (work portal, Wagtail snippet), which check
    the rules, freeze a scored rubric and write the audit log; an admin form here would bypass all of that."""

    list_display = ("title", "issuing_region", "status", "opens_at", "closes_at", "total_budget")
    list_filter = ("status", "funding_source")
    search_fields = ("title",)
    readonly_fields = ("where_to_edit",)
    inlines = [RubricInline, TrancheInline]

    @admin.display(description=_("修改方式"))
    def where_to_edit(self, obj):
        return format_html(
            '{} <a href="{}">{}</a>',
            _("申报指南只能在工作台修改（规则检查与审计日志都在那里）："),
            reverse("programs:officer_call_edit", args=[obj.pk]),
            _("在工作台打开"),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
