from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("平台基础")

    def ready(self):
        from . import (
            portal_cards,  # noqa: F401  (registers the portal cards of this app)
            rules,  # noqa: F401  (registers the permission rules of this app)
        )
