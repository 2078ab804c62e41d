from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("项目合同与资金拨付")

    def ready(self):
        from . import portal_cards, rules  # noqa: F401  (register permission rules and portal cards)
        from .public_sections import register_public_sections

        register_public_sections()
