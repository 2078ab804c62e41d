"""Every add, change and delete in ``/django-admin/`` writes an audit event through ``audit_log``, and models whose
changes must go through a service are read-only there.

``AuditedAdminConfig`` (core/apps.py) runs :func:`audit_every_admin` once every app's admin module is registered, so
no registered ModelAdmin, ours or a library's, escapes it; tests/core/test_admin_audit.py checks the registry.
"""

from django.contrib import admin
from django.db import transaction

from .audit import MASK, audit_log, field_changes, is_secret, plain

# Rows that change only through a service (which checks the rules and writes the audit event): payments and the
# grants they belong to, public notices, decisions (on the application), reviews, the annual result, invitations,
# the audit log itself, the e-mail outbox, children's files, two-factor devices (reset is a service).
SERVICE_ONLY_MODELS = frozenset(
    {
        "core.auditevent",
        "core.outgoingemail",
        "core.notification",
        "grants.grant",
        "grants.milestone",
        "grants.payment",
        "grants.evaluation",
        "grants.milestoneevidence",
        "grants.contractsequence",
        "programs.call",
        "programs.application",
        "programs.applicationversion",
        "programs.publicnotice",
        "programs.reviewassignment",
        "organizations.annualstatus",
        "organizations.invitation",
        "delivery.beneficiary",
        "delivery.servicelog",
        "delivery.outcomemeasurement",
        "delivery.importbatch",
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
    }
)
# Apps holding children's data: an audit event names the fields that changed, never their values.
CHILD_DATA_APPS = frozenset({"delivery", "referrals"})


def _masked(model) -> bool:
    return model is not None and model._meta.app_label in CHILD_DATA_APPS


def admin_form_changes(form, formsets, *, add: bool) -> dict:
    """``{field: [before, after]}`` for the admin form and its inlines (``"inline_model[id].field"``). A secret or a
    child's value is recorded as changed, ``["***", "***"]``, never as itself."""
    model = form._meta.model if hasattr(form, "_meta") else None  # e.g. the password form is no ModelForm
    before, after, masked = {}, {}, set()

    def record(key, model, name, old, new):
        if _masked(model) or is_secret(name):
            masked.add(key)
        else:
            before[key], after[key] = old, plain(new)

    for name in form.changed_data:
        record(name, model, name, None if add else plain(form.initial.get(name)), form.cleaned_data.get(name))
    for formset in formsets or []:
        inline_model = formset.model
        label = inline_model._meta.model_name
        deleted = {id(f) for f in formset.deleted_forms} if formset.can_delete else set()
        for inline in formset.forms:
            if id(inline) in deleted:
                record(f"{label}[{inline.initial.get('id', '')}]", inline_model, "", "存在", None)
                continue
            if not inline.has_changed():
                continue
            new = not inline.initial
            key = f"{label}[{inline.instance.pk or ''}]"
            for name in inline.changed_data:
                old = None if new else plain(inline.initial.get(name))
                record(f"{key}.{name}", inline_model, name, old, inline.cleaned_data.get(name))
    changes = field_changes(before, after)
    changes.update({key: [MASK, MASK] for key in sorted(masked)})
    return changes


def _row_values(obj) -> dict:
    return {
        field.name: MASK if _masked(type(obj)) or is_secret(field.name) else plain(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }


def _admin_audit(request, verb: str, obj, changes: dict) -> None:
    with transaction.atomic():  # a savepoint inside the admin's own transaction, so both roll back together
        audit_log(
            actor=request.user,
            action=f"admin.{verb}",
            target=obj,
            details={"model": obj._meta.label_lower, "via": "django-admin"},
            changes=changes,
        )


class AuditedAdminMixin:
    """Audits what a ModelAdmin writes; read-only for the models in ``SERVICE_ONLY_MODELS``."""

    def _service_only(self) -> bool:
        return self.model._meta.label_lower in SERVICE_ONLY_MODELS

    def has_add_permission(self, request, *args):
        return not self._service_only() and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._service_only() and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._service_only() and super().has_delete_permission(request, obj)

    def construct_change_message(self, request, form, formsets, add=False):
        # Called after the save with the bound form: form.initial holds the values from before it.
        request._audit_admin_changes = admin_form_changes(form, formsets, add=add)
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        _admin_audit(request, "add", obj, getattr(request, "_audit_admin_changes", {}))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        _admin_audit(request, "change", obj, getattr(request, "_audit_admin_changes", {}))
        return entry

    def delete_model(self, request, obj):
        with transaction.atomic():
            _admin_audit(request, "delete", obj, field_changes(_row_values(obj), {}))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The "delete selected" action runs outside a transaction: the events and the deletion commit together.
        with transaction.atomic():
            for obj in queryset:
                _admin_audit(request, "delete", obj, field_changes(_row_values(obj), {}))
            super().delete_queryset(request, queryset)


def audit_every_admin(site: admin.AdminSite) -> None:
    """Give every registered ModelAdmin the audit mixin (once), whichever app registered it."""
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if not issubclass(cls, AuditedAdminMixin):
            model_admin.__class__ = type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {})
