"""Forms for the grant pages. They check types; the services check the rules and report by field name."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.dates import validate_plausible_date
from core.models import Region, User
from core.uploads import OFFICE_DOCUMENTS, MultipleUploadField, UploadField
from core.widgets import RegionPicker

from .models import EvaluationKind, Grant


class DateInput(forms.DateInput):
    """An HTML date picker. Its value must be ISO (2026-11-30): the localized 2026/11/30 would show an empty box."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


class NamedErrorsForm(forms.Form):
    """Every "required" and "invalid" message names its field, e.g. 请填写“凭证号”。 rather than a bare 必需字段."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label
            if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
                field.empty_label = _("请选择")
            if isinstance(field, forms.FileField):
                field.error_messages["required"] = _("请上传“%(field)s”。") % {"field": label}
            elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                field.error_messages["required"] = _("请选择“%(field)s”。") % {"field": label}
            else:
                field.error_messages["required"] = _("请填写“%(field)s”。") % {"field": label}
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _("“%(field)s”不是有效的日期，请按 年-月-日 填写。") % {
                    "field": label
                }
            elif (
                isinstance(field, forms.DecimalField)
                and field.error_messages["invalid"] is forms.DecimalField.default_error_messages["invalid"]
            ):
                field.error_messages["invalid"] = _("“%(field)s”必须是数字。") % {"field": label}


class GrantCreateForm(NamedErrorsForm):
    amount = forms.DecimalField(label=_("合同金额（元）"), max_digits=14, decimal_places=2, min_value=0)
    start_date = forms.DateField(label=_("开始日期"), widget=DateInput, validators=[validate_plausible_date])
    end_date = forms.DateField(label=_("结束日期"), widget=DateInput, validators=[validate_plausible_date])
    service_regions = forms.ModelMultipleChoiceField(
        label=_("服务区域"), queryset=Region.objects.none(), widget=RegionPicker
    )
    signed_contract = UploadField(label=_("已签署的合同（PDF/JPG/PNG）"))
    contact_name = forms.CharField(label=_("项目负责人"), max_length=50)
    contact_phone = forms.CharField(label=_("项目负责人电话"), max_length=30)
    bureau_contact_name = forms.CharField(label=_("民政部门联系人"), max_length=50)
    bureau_contact_phone = forms.CharField(label=_("民政部门联系电话"), max_length=30)
    continues = forms.ModelChoiceField(
        label=_("续签自（持续性服务）"),
        queryset=Grant.objects.none(),
        required=False,
        help_text=_("本合同延续该组织的哪个已有项目；不是续签则留空。"),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        call = application.call
        self.fields["service_regions"].queryset = Region.objects.subtree(call.issuing_region).exclude(
            level__in=["village"]
        )
        self.fields["continues"].empty_label = _("不是续签")
        self.fields["continues"].queryset = Grant.objects.filter(
            organization=application.organization, continued_by__isnull=True
        ).exclude(application=application)
        self.fields["end_date"].help_text = _("合同期限不超过 %(months)s 个月。") % {"months": call.max_contract_months}
        if not self.is_bound:
            self.initial.setdefault("amount", application.approved_amount)
            self.initial.setdefault("service_regions", list(application.service_regions.all()))


class MilestoneScheduleForm(NamedErrorsForm):
    due_date = forms.DateField(label=_("截止日期"), widget=DateInput, validators=[validate_plausible_date])
    deliverables = forms.CharField(label=_("交付要求"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class MilestoneSubmitForm(NamedErrorsForm):
    narrative = forms.CharField(label=_("进展说明"), widget=forms.Textarea(attrs={"rows": 6}))
    evidence = MultipleUploadField(label=_("佐证材料"), required=False, allowed=OFFICE_DOCUMENTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _(
            "PDF、Word、Excel、WPS 或 JPG/PNG 图片，可多选：每次最多 %(files)s 个文件、"
            "合计不超过 %(total)s，单个文件不超过 %(limit)s。"
        ) % {
            "files": settings.MAX_FILES_PER_SUBMISSION,
            "total": filesizeformat(settings.MAX_SUBMISSION_SIZE),
            "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
        }


class MilestoneReviewForm(NamedErrorsForm):
    DECISIONS = [("approve", _("审核通过")), ("return", _("退回修改"))]
    decision = forms.ChoiceField(label=_("审核结论"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PaymentReleaseForm(NamedErrorsForm):
    paid_on = forms.DateField(label=_("拨付日期"), widget=DateInput, validators=[validate_plausible_date])
    voucher_number = forms.CharField(label=_("凭证号"), max_length=50)


class GrantStatusForm(NamedErrorsForm):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


def _evaluator_label(user) -> str:
    """李评估（楚天第三方评估中心）: the agency once, even when the name already carries it."""
    agency = user.evaluator_agency or user.username
    return user.display_name if agency in user.display_name else f"{user.display_name}（{agency}）"


class EvaluationAssignForm(NamedErrorsForm):
    kind = forms.ChoiceField(label=_("评估类型"), choices=EvaluationKind.choices)
    evaluator = forms.ModelChoiceField(label=_("评估人员"), queryset=User.objects.none())
    due_date = forms.DateField(
        label=_("完成期限"), widget=DateInput, required=False, validators=[validate_plausible_date]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = User.objects.filter(is_evaluator=True, is_active=True).order_by("username")
        self.fields["evaluator"].label_from_instance = _evaluator_label


class EvaluationSubmitForm(NamedErrorsForm):
    score = forms.DecimalField(
        label=_("得分（0–100）"),
        max_digits=5,
        decimal_places=2,
        error_messages={"invalid": _("得分必须是 0 到 100 之间的数字，最多两位小数。")},
    )
    summary = forms.CharField(
        label=_("可公开的评估摘要"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("此摘要公开后将展示在项目公开页面上，请勿包含任何个人信息。"),
    )
    report = UploadField(label=_("评估报告（PDF、Word 或 WPS）"), required=False, allowed=OFFICE_DOCUMENTS)
