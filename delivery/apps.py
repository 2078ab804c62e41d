from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("服务数据")

    def ready(self):
        from . import import_rules, portal_cards, rules  # noqa: F401  (register permission rules and portal cards)
        from .panels import register
        from .public import register_public_figures

        register()
        register_public_figures()
