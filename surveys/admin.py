"""Read-only views for platform admins; everything is written through the officers' and organizations' pages."""

from django.contrib import admin

from .models import CallSurvey, SurveySheet


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CallSurvey)
class CallSurveyAdmin(ReadOnlyAdmin):
    list_display = ["call", "updated_by", "updated_at"]


@admin.register(SurveySheet)
class SurveySheetAdmin(ReadOnlyAdmin):
    list_display = ["grant", "label", "audience", "expires_at", "created_by", "created_at"]
    list_filter = ["audience"]
    exclude = ["questions"]
