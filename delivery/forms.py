"""Forms for the service-data pages. They check types; the services check the rules and report by field name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlausibleDatesMixin
from core.models import ChildCategory, Region, RegionLevel
from core.uploads import UploadField
from grants.forms import DateInput, NamedErrorsForm
from organizations.models import StaffMember
from programs.models import OutcomeIndicator

from .models import ConsentBy, Gender, GuardianType, MeasurementMethod, MeasurementPhase, SchoolStage, ServiceForm
from .validation import allowed_service_types


def _county_choices():
    return Region.objects.filter(level=RegionLevel.COUNTY).order_by("path")


class ChildRecordForm(PlausibleDatesMixin, NamedErrorsForm):
    """The child's record and this enrolment's name and consent (shared by the add and edit pages)."""

    name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        required=False,
        help_text=_("选填。只有服务该儿童的社会组织能看到姓名。"),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("儿童类别"),
        queryset=ChildCategory.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    gender = forms.ChoiceField(label=_("性别"), choices=[("", _("请选择")), *Gender.choices], required=False)
    birth_year = forms.IntegerField(label=_("出生年"), min_value=2000, max_value=2100, required=False)
    birth_month = forms.IntegerField(label=_("出生月"), min_value=1, max_value=12, required=False)
    county = forms.ModelChoiceField(label=_("县市区"), queryset=Region.objects.none(), required=False)
    township = forms.CharField(label=_("乡镇街道"), max_length=50, required=False)
    guardian_type = forms.ChoiceField(label=_("监护类型"), choices=[("", _("请选择")), *GuardianType.choices])
    school_stage = forms.ChoiceField(label=_("就学阶段"), choices=[("", _("请选择")), *SchoolStage.choices])
    consent_date = forms.DateField(label=_("监护人知情同意日期"), widget=DateInput)
    consent_by = forms.ChoiceField(label=_("同意人"), choices=[("", _("请选择")), *ConsentBy.choices])
    consent_form = UploadField(
        label=_("知情同意书扫描件"), required=False, help_text=_("PDF、JPG 或 PNG。文件以随机名称保存。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = _county_choices()

    def record(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "categories": list(data["categories"]),
            "gender": data["gender"],
            "birth_year": data["birth_year"],
            "birth_month": data["birth_month"],
            "county": data["county"],
            "township": data["township"],
            "guardian_type": data["guardian_type"],
            "school_stage": data["school_stage"],
            "consent_date": data["consent_date"],
            "consent_by": data["consent_by"],
            "consent_form": data["consent_form"],
        }


class ChildAddForm(ChildRecordForm):
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=30,
        required=False,
        help_text=_(
            "只保存加密摘要和脱敏号码（前3位和后4位），用于在各组织之间识别同一儿童。填写后性别和出生年月以号码为准。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    no_id_reason = forms.CharField(
        label=_("无身份证号码的原因"),
        max_length=200,
        required=False,
        help_text=_("如未落户。没有身份证号码的儿童只在本组织内识别。"),
    )
    field_order = ["id_number", "no_id_reason", "name"]

    def record(self) -> dict:
        return {
            **super().record(),
            "id_number": self.cleaned_data["id_number"],
            "no_id_reason": self.cleaned_data["no_id_reason"],
        }


class FileReasonForm(NamedErrorsForm):
    reason = forms.CharField(
        label=_("查阅事由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("查阅儿童档案须说明事由，事由和查阅记录将留档备查。"),
    )


class ServiceLogForm(PlausibleDatesMixin, NamedErrorsForm):
    date = forms.DateField(label=_("服务日期"), widget=DateInput)
    service_type = forms.ModelChoiceField(label=_("服务类型"), queryset=None)
    form = forms.ChoiceField(label=_("服务形式"), choices=[("", _("请选择")), *ServiceForm.choices])
    minutes = forms.IntegerField(label=_("服务时长（分钟）"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    staff_member = forms.ModelChoiceField(label=_("服务人员"), queryset=None, required=False)
    volunteer_name = forms.CharField(
        label=_("志愿者姓名"), max_length=50, required=False, help_text=_("由志愿者提供服务时填写，不选服务人员。")
    )
    beneficiary = forms.ModelChoiceField(label=_("服务对象（个案、家访、电话访问）"), queryset=None, required=False)
    attendees = forms.ModelMultipleChoiceField(
        label=_("参与儿童（小组、社区活动）"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    group_name = forms.CharField(
        label=_("小组名称（小组）"), max_length=50, required=False, help_text=_("同一小组的各节活动填写同一名称。")
    )
    head_count = forms.IntegerField(label=_("参与人数（小组、社区活动）"), min_value=0, required=False)
    township = forms.CharField(label=_("乡镇街道"), max_length=50, required=False)
    village = forms.CharField(label=_("村（社区）"), max_length=50, required=False)
    notes = forms.CharField(label=_("服务记录"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, grant, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = allowed_service_types(grant)
        self.fields["staff_member"].queryset = StaffMember.objects.filter(
            organization=grant.organization, left_on__isnull=True
        )
        self.fields["beneficiary"].queryset = children
        self.fields["attendees"].queryset = children
        # The organization knows its children by name; the label is built from the enrolment.
        self.fields["beneficiary"].label_from_instance = _child_label
        self.fields["attendees"].label_from_instance = _child_label


def _child_label(child) -> str:
    name = getattr(child, "enrolment_name", "") or ""
    return f"{name} {child.code}".strip()


class MeasurementForm(PlausibleDatesMixin, NamedErrorsForm):
    indicator = forms.ModelChoiceField(label=_("成效指标"), queryset=None)
    beneficiary = forms.ModelChoiceField(label=_("服务对象（按儿童测量的指标）"), queryset=None, required=False)
    phase = forms.ChoiceField(label=_("测量阶段"), choices=MeasurementPhase.choices)
    value = forms.DecimalField(label=_("测量值"), max_digits=12, decimal_places=2)
    measured_on = forms.DateField(label=_("测量日期"), widget=DateInput)
    method = forms.ChoiceField(label=_("测量方法"), choices=MeasurementMethod.choices)

    def __init__(self, *args, grant, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = OutcomeIndicator.objects.filter(call=grant.call_id)
        self.fields["beneficiary"].queryset = children
        self.fields["beneficiary"].label_from_instance = _child_label


class GuardianFindForm(NamedErrorsForm):
    """Sent by POST only: an ID number must never travel in a URL (it would reach access logs and history)."""

    id_number = forms.CharField(
        label=_("儿童身份证号码"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("只用于计算摘要查找档案，不保存、不记录。"),
    )
    code = forms.CharField(label=_("或档案号"), max_length=12, required=False, help_text=_("例如 C0000123。"))


class GuardianCorrectForm(ChildRecordForm):
    """The child's record and, for each enrolment, the name the organization recorded."""

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("name", "consent_date", "consent_by", "consent_form"):
            del self.fields[field]
        self.enrolments = list(enrolments)
        for enrolment in self.enrolments:
            self.fields[f"name_{enrolment.pk}"] = forms.CharField(
                label=_("姓名（%(organization)s 登记）") % {"organization": enrolment.organization.name},
                max_length=50,
                required=False,
                initial=enrolment.name,
            )

    def record(self) -> dict:
        data = self.cleaned_data
        return {
            "categories": list(data["categories"]),
            **{f: data[f] for f in ("gender", "birth_year", "birth_month", "county", "township")},
            "guardian_type": data["guardian_type"],
            "school_stage": data["school_stage"],
            "names": {e.pk: data.get(f"name_{e.pk}", "") for e in self.enrolments},
        }
