"""Calls and brand programs in the Wagtail admin (snippets). Editors maintain brands; calls may be edited here too,
but the rubric, tranche template and publication go through the work portal, whose services check and audit them, so
``status`` is not editable here and the form applies the same date, budget and contract-length rules."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.audit import audit_log
from core.permissions import check

from .models import BrandProgram, Call, CallStatus
from .services.calls import call_rule_errors
from .services.decisions import approved_total


def _scope_errors(user, stored: Call | None, new_region) -> list[str]:
    """Officers edit here only the calls they manage in the work portal, and cannot move a call out of their scope;
    platform admins may edit any call. A cancelled call stays as it was."""
    errors = []
    if stored is not None and stored.status == CallStatus.CANCELLED:
        errors.append(_("已撤销的申报指南不能修改。"))
    if user is None or user.is_platform_admin:
        return errors
    for target in (stored, new_region):
        if target is not None and not check(user, "programs.call_manage", target).allowed:
            errors.append(_("发布地区：只能修改本人辖区内的申报指南。"))
            break
    return errors


class CallAdminForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        instance = self.instance
        stored = Call.objects.filter(pk=instance.pk).first() if instance.pk else None
        for message in _scope_errors(getattr(self, "for_user", None), stored, data.get("issuing_region")):
            self.add_error(None, message)
        if stored is not None and data.get("total_budget") is not None:
            approved = approved_total(stored)
            if data["total_budget"] < approved:
                self.add_error(
                    "total_budget",
                    _("资金总额：不能少于已立项金额 %(approved)s 元。") % {"approved": format(approved, ",.2f")},
                )
        if self.errors:
            return data
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

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        creating = self.instance.pk is None
        with transaction.atomic():
            call = super().save(commit=True)
            audit_log(
                actor=getattr(self, "for_user", None),
                action="programs.call_create" if creating else "programs.call_update",
                target=call,
                details={"via": "wagtail", "title": call.title, "total_budget": call.total_budget},
            )
        return call


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
