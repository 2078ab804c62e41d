from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, CalendarDay, ChildCategory, Notification, OfficerScope, Region, ServiceType, User


class OfficerScopeInline(admin.StackedInline):
    model = OfficerScope
    can_delete = True
    autocomplete_fields = ["region"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("平台角色"),
            {"fields": ("name", "phone", "is_reviewer", "is_evaluator", "evaluator_agency", "may_join_organizations")},
        ),
    )
    list_display = ("username", "name", "email", "is_reviewer", "is_evaluator", "is_staff", "is_active")
    list_filter = ("is_reviewer", "is_evaluator", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "name", "email")
    inlines = [OfficerScopeInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "prefecture_code")
    list_filter = ("level",)
    search_fields = ("code", "name")
    autocomplete_fields = ["parent"]
    readonly_fields = ("path", "depth")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "target_repr", "ip_address")
    list_filter = ("action",)
    search_fields = ("action", "target_repr", "actor__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(ChildCategory)
admin.site.register(ServiceType)
admin.site.register(Notification)
admin.site.site_header = _("关爱平台系统管理")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "name")
    list_filter = ("is_workday",)
    date_hierarchy = "date"
