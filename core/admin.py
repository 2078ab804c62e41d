from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .forms import PlausibleDatesMixin
from .models import (
    AuditEvent,
    CalendarDay,
    ChildCategory,
    Notification,
    OfficerScope,
    OutgoingEmail,
    Region,
    ServiceType,
    User,
)
from .reauth import require_recent_auth
from .signin.twofactor import two_factor_reset


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
    actions = ["reset_two_factor"]

    # Roles, superuser status and officer scopes are changed on these pages: confirm the password first.
    @method_decorator(require_recent_auth())
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, extra_context)

    @method_decorator(require_recent_auth())
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    @admin.action(description=_("重置两步验证（手机丢失时）"))
    def reset_two_factor(self, request, queryset):
        removed = sum(two_factor_reset(user=user, actor=request.user) for user in queryset)
        self.message_user(
            request,
            gettext("已重置 %(users)s 个用户的两步验证，共删除 %(devices)s 个验证设备；他们下次访问时需要重新设置。")
            % {"users": queryset.count(), "devices": removed},
            messages.SUCCESS,
        )


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


class CalendarDayForm(PlausibleDatesMixin, forms.ModelForm):
    """A holiday typed as year 0001 or 9999 is a typing error (and year 0001 is unreadable on PostgreSQL)."""

    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "name"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "is_workday", "name")
    list_filter = ("is_workday",)
    date_hierarchy = "date"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """Read-only: what the outbox holds, so an administrator sees e-mails that keep failing (attempts, last error)."""

    list_display = ("to", "subject", "created_at", "sent_at", "attempts")
    list_filter = ("sent_at",)
    search_fields = ("to", "subject")
    readonly_fields = ("to", "subject", "body", "notification", "created_at", "sent_at", "attempts", "last_error")

    def has_add_permission(self, request):
        return False
