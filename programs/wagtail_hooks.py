"""Calls and brand programs in the Wagtail admin (snippets). Editors maintain brands; calls may be edited here too,
but the rubric, tranche template and publication go through the work portal, whose services check and audit them, so
``status`` is not editable here and the form applies the same date, budget and contract-length rules."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import BrandProgram, Call
from .services.calls import call_rule_errors


class CallAdminForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        instance = self.instance
        for name, value in data.items():
            if hasattr(instance, name) and name not in ("child_categories", "service_types"):
                setattr(instance, name, value)
        existing = instance.pk is not None
        errors = call_rule_errors(
            instance,
            criteria=list(instance.rubric_criteria.all()) if existing else [],
            tranches=list(instance.tranche_templates.all()) if existing else [],
        )
        for field, messages in errors.items():
            if field in ("rubric", "tranches"):
                continue  # the tables are edited in the work portal and checked when the call is published
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return data


class CallViewSet(SnippetViewSet):
    model = Call
    icon = "doc-full"
    menu_label = _("申报指南")
    list_display = ["title", "issuing_region", "status", "opens_at", "closes_at"]
    list_filter = ["status", "funding_source", "brand_program"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("issuing_region"),
            FieldPanel("issuing_bureau"),
            FieldPanel("summary"),
            MultiFieldPanel(
                [
                    FieldPanel("funding_source"),
                    FieldPanel("total_budget"),
                    FieldPanel("per_project_cap"),
                    FieldPanel("opens_at"),
                    FieldPanel("closes_at"),
                    FieldPanel("brand_program"),
                    FieldPanel("child_categories"),
                    FieldPanel("service_types"),
                ],
                heading=_("基本信息"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("min_rating"),
                    FieldPanel("min_years_registered"),
                    FieldPanel("require_annual_status_passed"),
                    FieldPanel("require_service_region_inside"),
                    FieldPanel("min_reviewers"),
                    FieldPanel("is_continuing_service"),
                    FieldPanel("contract_months"),
                    FieldPanel("notice_working_days"),
                ],
                heading=_("申报条件与规则"),
            ),
        ],
        base_form_class=CallAdminForm,
    )


class BrandProgramViewSet(SnippetViewSet):
    model = BrandProgram
    icon = "pick"
    menu_label = _("品牌项目")
    list_display = ["name", "partner", "start_year"]
    search_fields = ["name", "partner"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("partner"),
        FieldPanel("start_year"),
        FieldPanel("regions"),
        FieldPanel("description"),
    ]


class ProgramsViewSetGroup(SnippetViewSetGroup):
    items = (CallViewSet, BrandProgramViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("申报与评审")
    menu_name = "programs"


register_snippet(ProgramsViewSetGroup)
