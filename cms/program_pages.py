"""Public pages about calls and brand programs. They point at programs rows (never the reverse) and fetch the rows'
figures through programs selectors."""

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from .routing import ViewRestrictionsInOneQuery


class CallIndexPage(ViewRestrictionsInOneQuery, Page):
    """申报指南: every published call, filtered by status, region, brand, child category and service type."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CallPage"]
    max_count = 1

    class Meta:
        verbose_name = _("申报指南列表页")

    def get_context(self, request, *args, **kwargs):
        from programs.views.public import call_list_context

        context = super().get_context(request, *args, **kwargs)
        context.update(call_list_context(request))
        return context


class CallPage(ViewRestrictionsInOneQuery, Page):
    """Publishes one call with an editor's rich text; the facts, rubric, tranches and public notice come from the
    call itself."""

    call = models.ForeignKey(
        "programs.Call", verbose_name=_("申报指南"), on_delete=models.PROTECT, related_name="pages"
    )
    body = RichTextField(_("正文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("call"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.CallIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("申报指南页面")

    def serve(self, request, *args, **kwargs):
        # The public sees published calls only: a page left live for a draft or cancelled call shows nothing.
        from programs.models import Call, CallStatus

        # the call with its region and brand in one query (the template shows both)
        self.call = Call.objects.select_related("issuing_region", "brand_program").get(pk=self.call_id)
        if self.call.status != CallStatus.PUBLISHED:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from programs.selectors import public_notices

        context = super().get_context(request, *args, **kwargs)
        context.update({"call": self.call, "notices": public_notices(self.call), "today": timezone.localdate()})
        return context


class BrandProgramIndexPage(ViewRestrictionsInOneQuery, Page):
    intro = RichTextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.BrandProgramPage"]
    max_count = 1

    class Meta:
        verbose_name = _("品牌项目列表页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["brand_pages"] = (
            BrandProgramPage.objects.child_of(self).live().select_related("brand").order_by("brand__start_year")
        )
        return context


class BrandProgramPage(ViewRestrictionsInOneQuery, Page):
    """A brand's story, photos and documents, written by editors, with the brand's calls listed from programs."""

    brand = models.ForeignKey(
        "programs.BrandProgram", verbose_name=_("品牌项目"), on_delete=models.PROTECT, related_name="pages"
    )
    story = RichTextField(_("品牌故事"), blank=True)
    photos = StreamField(
        [
            (
                "photo",
                blocks.StructBlock(
                    [
                        ("image", ImageChooserBlock(label=_("图片"))),
                        ("caption", blocks.CharBlock(required=False, label=_("说明"))),
                    ],
                    label=_("照片"),
                ),
            )
        ],
        verbose_name=_("照片"),
        blank=True,
    )
    documents = StreamField(
        [("document", DocumentChooserBlock(label=_("文件")))], verbose_name=_("相关文件"), blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("brand"),
        FieldPanel("story"),
        FieldPanel("photos"),
        FieldPanel("documents"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("story")]
    parent_page_types = ["cms.BrandProgramIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("品牌项目页面")

    def get_context(self, request, *args, **kwargs):
        from programs.selectors import public_calls

        from .figures import brand_figures

        context = super().get_context(request, *args, **kwargs)
        context["calls"] = public_calls().filter(brand_program=self.brand)
        context["brand"] = self.brand
        context["figures"] = brand_figures(self.brand)
        return context
