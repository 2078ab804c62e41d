from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("申报与评审")

    def ready(self):
        from core import choices

        from . import portal_cards, rules  # noqa: F401  (register permission rules and portal cards)
        from .models import BrandProgram

        choices.register(BrandProgram)  # filter drop-downs of brand programs come from the cache
