"""Forms for calls, applications, reviews and decisions. They check shape and single fields; the services check the
rules that span rows (sums, caps, regions) so the rules hold whichever way a change arrives."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.forms import formset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.dates import validate_plausible_date
from core.models import ChildCategory, Region, RegionLevel, ServiceType, User
from core.uploads import OFFICE_DOCUMENTS, UploadField
from core.widgets import RegionPicker
from organizations.models import StaffMember

from .models import MIN_REVIEWERS, Application, BudgetCategory, Call


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        from django.utils import timezone

        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "title",
            "issuing_region",
            "issuing_bureau",
            "summary",
            "funding_source",
            "brand_program",
            "total_budget",
            "per_project_cap",
            "opens_at",
            "closes_at",
            "child_categories",
            "service_types",
            "min_rating",
            "min_years_registered",
            "require_annual_status_passed",
            "require_service_region_inside",
            "min_reviewers",
            "is_continuing_service",
            "contract_months",
            "notice_working_days",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "child_categories": forms.CheckboxSelectMultiple,
            "service_types": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, officer_region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_region"].queryset = Region.objects.subtree(officer_region).filter(
            level__in=[RegionLevel.PROVINCE, RegionLevel.PREFECTURE, RegionLevel.COUNTY]
        )
        self.fields["child_categories"].queryset = ChildCategory.objects.active()
        self.fields["service_types"].queryset = ServiceType.objects.active()
        # Setting ``min_value`` on a built field adds no validator; the model's validator and the service refuse 0
        # too, this only makes the form say so first (and the browser's input offer no 0).
        min_reviewers = self.fields["min_reviewers"]
        min_reviewers.min_value = MIN_REVIEWERS
        min_reviewers.validators.append(MinValueValidator(MIN_REVIEWERS))
        min_reviewers.widget.attrs["min"] = MIN_REVIEWERS


class RubricCriterionForm(forms.Form):
    name = forms.CharField(label=_("评分项"), max_length=100)
    weight = forms.DecimalField(label=_("分值"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"))
    description = forms.CharField(label=_("评分说明"), required=False, widget=forms.TextInput)


class TrancheForm(forms.Form):
    title = forms.CharField(label=_("节点名称"), max_length=100)
    percentage = forms.DecimalField(
        label=_("拨付比例（%）"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("100")
    )
    due_after_months = forms.IntegerField(label=_("项目开始后第几个月"), min_value=0, max_value=36)
    deliverables = forms.CharField(label=_("应交成果"), required=False, widget=forms.TextInput)


RubricFormSet = formset_factory(RubricCriterionForm, extra=2, can_delete=True)
TrancheFormSet = formset_factory(TrancheForm, extra=1, can_delete=True)


def filled_rows(formset) -> list[dict]:
    """The cleaned rows of a valid formset, skipping blank extra rows and rows marked for deletion."""
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class ApplicationStartForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=150)
    organization = forms.ModelChoiceField(label=_("申报单位"), queryset=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # The organization the member acts for is preselected; a member of several may choose another.
        self.fields["organization"].queryset = organizations


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "title",
            "summary",
            "duration_months",
            "service_regions",
            "planned_cases",
            "planned_groups",
            "planned_group_sessions",
            "planned_events",
            "outcome_targets",
        ]
        widgets = {"service_regions": RegionPicker}

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        # Only counties and townships inside the call's region are offered; the service checks again (naming any
        # region outside) so the rule holds for every way a draft is saved.
        self.fields["service_regions"].queryset = Region.objects.subtree(call.issuing_region).filter(
            level__in=[RegionLevel.COUNTY, RegionLevel.TOWNSHIP]
        )
        self.fields["service_regions"].required = False
        self.fields["duration_months"].min_value = 1


class BudgetLineForm(forms.Form):
    # The empty choice matters: without it a blank row's category defaults to the first one, the row counts as
    # filled and the formset demands every other field of it.
    category = forms.ChoiceField(label=_("预算科目"), choices=[("", "---------"), *BudgetCategory.choices])
    item = forms.CharField(label=_("明细"), max_length=100)
    unit = forms.CharField(label=_("单位"), max_length=20)
    unit_price = forms.DecimalField(label=_("单价（元）"), max_digits=14, decimal_places=2)
    quantity = forms.DecimalField(label=_("数量"), max_digits=10, decimal_places=2)

    def clean_unit_price(self):
        value = self.cleaned_data["unit_price"]
        if value <= 0:
            raise forms.ValidationError(_("单价必须大于 0。"))
        return value

    def clean_quantity(self):
        value = self.cleaned_data["quantity"]
        if value <= 0:
            raise forms.ValidationError(_("数量必须大于 0。"))
        return value


# One blank row; the page's "添加一行" button adds more (programs/static/programs/budget.js).
BudgetLineFormSet = formset_factory(BudgetLineForm, extra=1, can_delete=True)


class TeamMemberForm(forms.Form):
    staff_member = forms.ModelChoiceField(label=_("人员"), queryset=StaffMember.objects.none())
    role = forms.CharField(label=_("项目角色"), max_length=50, required=False)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["staff_member"].queryset = organization.staff_members.filter(left_on__isnull=True)


TeamFormSet = formset_factory(TeamMemberForm, extra=1, can_delete=True)


class PlannedOutputsForm(forms.Form):
    """Children per category and hours per service type: one number field per vocabulary term."""

    def __init__(self, *args, categories, service_types, **kwargs):
        super().__init__(*args, **kwargs)
        for category in categories:
            self.fields[f"children_{category.pk}"] = forms.IntegerField(
                label=_("%(name)s（人）") % {"name": category.name}, min_value=0, required=False
            )
        for service_type in service_types:
            self.fields[f"hours_{service_type.pk}"] = forms.IntegerField(
                label=_("%(name)s（小时）") % {"name": service_type.name}, min_value=0, required=False
            )
        self.categories = list(categories)
        self.service_types = list(service_types)

    def children_rows(self):
        return [
            {"category": c, "count": self.cleaned_data[f"children_{c.pk}"]}
            for c in self.categories
            if self.cleaned_data.get(f"children_{c.pk}")
        ]

    def hours_rows(self):
        return [
            {"service_type": s, "hours": self.cleaned_data[f"hours_{s.pk}"]}
            for s in self.service_types
            if self.cleaned_data.get(f"hours_{s.pk}")
        ]


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("附件名称"), max_length=150)
    file = UploadField(label=_("文件（PDF、Word、Excel、WPS 或 JPG/PNG 图片）"), allowed=OFFICE_DOCUMENTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "单个文件不超过 %(limit)s；每份申报书最多 %(files)s 个附件，合计不超过 %(total)s。"
        ) % {
            "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
            "files": settings.MAX_ATTACHMENTS_PER_APPLICATION,
            "total": filesizeformat(settings.MAX_APPLICATION_ATTACHMENTS_SIZE),
        }


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("退回意见"), widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class AssignReviewersForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("评审专家"),
        queryset=User.objects.filter(is_reviewer=True, is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(
        label=_("评审截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_plausible_date],
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("决定"), choices=[("approve", _("立项")), ("reject", _("不予立项"))])
    amount = forms.DecimalField(label=_("立项金额（元）"), max_digits=14, decimal_places=2, required=False)
    reason = forms.CharField(label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and data.get("amount") is None:
            self.add_error("amount", _("立项时必须填写立项金额。"))
        return data


class ReviewScoreForm(forms.Form):
    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.DecimalField(
                label=_("%(name)s（满分 %(weight)s）")
                % {"name": criterion.name, "weight": format(criterion.weight.normalize(), "f")},
                help_text=criterion.description,
                max_digits=5,
                decimal_places=2,
                required=False,
            )
        self.fields["comment"] = forms.CharField(
            label=_("评审意见"), widget=forms.Textarea(attrs={"rows": 5}), required=False
        )
        self.criteria = list(criteria)

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}


class NoticeForm(forms.Form):
    text = forms.CharField(label=_("公示说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    starts_on = forms.DateField(
        label=_("公示开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_plausible_date],
    )
