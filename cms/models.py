"""Wagtail page models of the public site. Pages point at domain rows, never the reverse."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .routing import ViewRestrictionsInOneQuery


class HomePage(ViewRestrictionsInOneQuery, Page):
    intro = models.CharField(_("导语"), max_length=300, blank=True)
    body = RichTextField(_("正文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        from .figures import home_lists

        context = super().get_context(request, *args, **kwargs)
        context.update(home_lists())
        context["news"] = NewsPage.objects.live().descendant_of(self).order_by("-date", "-first_published_at")[:5]
        context["policies"] = PolicyPage.objects.live().descendant_of(self).order_by("-issued_on")[:5]
        context["brand_pages"] = (
            BrandProgramPage.objects.live().descendant_of(self).select_related("brand").order_by("brand__start_year")
        )
        return context


class StandardPage(ViewRestrictionsInOneQuery, Page):
    """A plain page: about us, contact, help."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)
    body = RichTextField(_("正文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("普通页面")


from .news_pages import NewsIndexPage, NewsPage, PolicyIndexPage, PolicyPage  # noqa: E402, F401
from .program_pages import BrandProgramIndexPage, BrandProgramPage, CallIndexPage, CallPage  # noqa: E402, F401
