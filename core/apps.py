from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("平台基础")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the deployment checks of this app)
            choices,
            pagecache,  # noqa: F401  (content saves bump the anonymous page cache's version, in every process)
            portal_cards,  # noqa: F401  (registers the portal cards of this app)
            rules,  # noqa: F401  (registers the permission rules of this app)
            translation,
        )
        from .logfilters import install_record_factory
        from .models import ChildCategory, Region, ServiceType
        from .signin import signals  # noqa: F401  (login, logout and failed-login receivers)

        for model in (Region, ChildCategory, ServiceType):
            choices.register(model)  # filter drop-downs over them come from the cache
        install_record_factory()  # ID and phone numbers masked in every log record (core.logfilters)
        translation.install()  # each translation object remembers its lookups (core.translation)


class AuditedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, whose registry is audited once every app's admin module has registered its models
    (core/admin_audit.py). Listed in INSTALLED_APPS in place of "django.contrib.admin"."""

    default = False  # CoreConfig stays this module's default app config

    def ready(self):
        super().ready()  # autodiscover: imports every app's admin.py
        from django.contrib import admin

        from .admin_audit import audit_every_admin

        audit_every_admin(admin.site)
