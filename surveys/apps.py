from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("满意度测评")

    def ready(self):
        from . import panels, rules  # noqa: F401  (register permission rules)

        panels.register()
