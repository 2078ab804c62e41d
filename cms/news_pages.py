"""News (工作动态) and policy documents (政策文件): editors write them in the Wagtail admin; the home page lists the
latest of each."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.dates import validate_plausible_date

from .routing import ViewRestrictionsInOneQuery


def _today() -> datetime.date:
    return timezone.localdate()


def validate_policy_date(day) -> None:
    """Policies in force may be older than the platform, but none older than the People's Republic."""
    validate_plausible_date(day, earliest=datetime.date(1949, 10, 1))


class _PagedIndex:
    """An index page listing its live children, 20 to a page (``entries`` says which and in what order)."""

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = Paginator(self.entries(), 20).get_page(request.GET.get("page"))
        return context


class NewsIndexPage(_PagedIndex, ViewRestrictionsInOneQuery, Page):
    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("新闻列表页")

    def entries(self):
        return NewsPage.objects.child_of(self).live().order_by("-date", "-first_published_at")


class NewsPage(ViewRestrictionsInOneQuery, Page):
    date = models.DateField(_("发布日期"), default=_today, validators=[validate_plausible_date])
    source = models.CharField(_("来源"), max_length=100, blank=True)
    intro = models.CharField(_("摘要"), max_length=300, blank=True)
    body = RichTextField(_("正文"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("source")], heading=_("发布信息")),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("新闻")


class PolicyIndexPage(_PagedIndex, ViewRestrictionsInOneQuery, Page):
    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PolicyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("政策文件列表页")

    def entries(self):
        return PolicyPage.objects.child_of(self).live().order_by("-issued_on", "-first_published_at")


class PolicyPage(ViewRestrictionsInOneQuery, Page):
    """A policy document: who issued it, its document number (文号), when, and its text or attachment."""

    issuing_authority = models.CharField(_("发文机关"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("成文日期"), validators=[validate_policy_date])
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = RichTextField(_("正文"), blank=True)
    attachments = StreamField([("document", DocumentChooserBlock(label=_("文件")))], verbose_name=_("附件"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("issuing_authority"), FieldPanel("document_number"), FieldPanel("issued_on")],
            heading=_("发文信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("document_number"),
        index.FilterField("issued_on"),
    ]
    parent_page_types = ["cms.PolicyIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("政策文件")
