"""Django admin for platform admins: read-mostly views. Verification, membership and roster changes go through the
site's pages (services with permission checks and audit), so the workflow fields are read-only here."""

from django.contrib import admin

from core.uploads import admin_file_overrides

from .models import AnnualStatus, Incubation, Invitation, Membership, Organization, StaffMember


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "org_type", "registration_region", "rating", "verification_status")
    list_filter = ("verification_status", "org_type", "rating")
    search_fields = ("name", "credit_code")
    autocomplete_fields = ["registration_region", "service_regions"]
    readonly_fields = (
        "verification_status",
        "verification_note",
        "verified_at",
        "verified_by",
        "submitted_at",
        "pending_legal_facts",
        "created_at",
        "updated_at",
    )
    inlines = [MembershipInline]
    formfield_overrides = admin_file_overrides()


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "qualification", "is_full_time", "started_on", "left_on")
    list_filter = ("qualification", "is_full_time")
    search_fields = ("name", "organization__name")


@admin.register(AnnualStatus)
class AnnualStatusAdmin(admin.ModelAdmin):
    list_display = ("organization", "year", "result", "confirmed_at")
    list_filter = ("year", "result")
    readonly_fields = ("confirmed_at", "confirmed_by", "submitted_by")
    formfield_overrides = admin_file_overrides()


@admin.register(Incubation)
class IncubationAdmin(admin.ModelAdmin):
    list_display = ("organization", "program_name", "region", "started_on", "stage")
    list_filter = ("stage",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("organization", "email", "role", "created_at", "expires_at", "accepted_at", "revoked_at")
    readonly_fields = ("token_hash", "invited_by", "accepted_by", "accepted_at", "created_at")
