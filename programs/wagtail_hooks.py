"""Calls and brand programs in the Wagtail admin (snippets). Editors maintain brands; calls may be edited here too,
but only through ``programs.services.calls.call_save``, the same service as the work portal: it checks the officer's
scope (no user, no save), every rule, the budget against approved amounts under a lock on the call row, and audits.
The rubric, tranche template and publication stay in the work portal, so ``status`` is not editable here."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from core.forms import apply_service_errors
from core.widgets import RegionPicker

from .models import BrandProgram, Call
from .services.calls import call_save


class CallAdminForm(WagtailAdminModelForm):
    """Shape and single fields (the model's validators included) here; every rule in ``call_save``."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return call_save(
            call=self.instance,
            actor=getattr(self, "for_user", None),
            child_categories=self.cleaned_data.get("child_categories"),
            service_types=self.cleaned_data.get("service_types"),
        )


class _ServiceErrorsMixin:
    """Show the service's refusal on the form (nothing was written: the view's transaction rolled back)."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            apply_service_errors(form, error)
        except Http404:
            # The call, or the region it would move to, is outside the officer's scope.
            form.add_error(None, _("发布地区：只能修改本人辖区内的申报指南。"))
        except PermissionDenied as error:
            form.add_error(None, str(error))
        self.produced_error_code = "validation_error"
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class CallCreateView(_ServiceErrorsMixin, CreateView):
    pass


class CallEditView(_ServiceErrorsMixin, EditView):
    pass


class CallViewSet(SnippetViewSet):
    model = Call
    add_view_class = CallCreateView
    edit_view_class = CallEditView
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
                    # Check boxes, not Ctrl-click list boxes (as on the officer's own call form).
                    FieldPanel("child_categories", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("service_types", widget=forms.CheckboxSelectMultiple),
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
        FieldPanel("regions", widget=RegionPicker),
        FieldPanel("description"),
    ]


class ProgramsViewSetGroup(SnippetViewSetGroup):
    items = (CallViewSet, BrandProgramViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("申报与评审")
    menu_name = "programs"


register_snippet(ProgramsViewSetGroup)
