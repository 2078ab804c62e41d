"""Admin for the referral network's reference data. Referrals themselves hold children's data and are read through
the permission-checked pages only."""

from django.contrib import admin

from .models import CareWorker, CountyHotline


@admin.register(CareWorker)
class CareWorkerAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "township", "village", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__name", "township__name", "village")
    raw_id_fields = ("user", "township", "created_by")


@admin.register(CountyHotline)
class CountyHotlineAdmin(admin.ModelAdmin):
    list_display = ("county", "hotline", "note", "updated_at")
    raw_id_fields = ("county", "updated_by")
