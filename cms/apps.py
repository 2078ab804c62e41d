from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("门户网站")

    def ready(self):
        from programs.brand_figures import register_brand_figures

        from . import signals
        from .figures import render_brand_figures

        signals.connect()
        register_brand_figures(render_brand_figures)
