"""Forms of the referral pages. The report form is built for a phone: few fields, large choices, no date to type."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PlausibleDatesMixin
from core.models import ChildCategory, Region, RegionLevel
from core.uploads import SPREADSHEET, UploadField
from delivery.models import ConsentBy, Gender, GuardianType, SchoolStage

from .models import Need, Urgency


class ReportForm(PlausibleDatesMixin, forms.Form):
    child_name = forms.CharField(label=_("儿童姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=30,
        required=False,
        help_text=_("只保存脱敏号码和不可还原的摘要，用于找到同一名儿童。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
    )
    no_id_reason = forms.CharField(label=_("无身份证号码的原因"), max_length=200, required=False)
    gender = forms.ChoiceField(
        label=_("性别（无身份证号码时填写）"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_year = forms.IntegerField(label=_("出生年（无身份证号码时）"), required=False, min_value=2000, max_value=2100)
    birth_month = forms.IntegerField(label=_("出生月（无身份证号码时）"), required=False, min_value=1, max_value=12)
    category = forms.ModelChoiceField(label=_("儿童类别"), queryset=ChildCategory.objects.none(), empty_label=None)
    need = forms.ChoiceField(label=_("需求"), choices=Need.choices, widget=forms.RadioSelect)
    urgency = forms.ChoiceField(
        label=_("紧急程度"), choices=Urgency.choices, widget=forms.RadioSelect, initial=Urgency.ROUTINE
    )
    description = forms.CharField(
        label=_("情况说明"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=_("简要说明发现的情况，不要填写身份证号码或电话号码。"),
    )
    consent_by = forms.ChoiceField(label=_("同意转介的监护人"), choices=ConsentBy.choices)
    consent_given = forms.BooleanField(label=_("监护人已知情并同意将儿童情况转介给服务机构"))
    consent_date = forms.DateField(label=_("同意日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("consent_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ChildCategory.objects.active()

    def record(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("consent_given")
        data["gender"] = data.get("gender") or ""
        return data


class AcceptForm(forms.Form):
    name = forms.CharField(label=_("儿童姓名"), max_length=50)
    guardian_type = forms.ChoiceField(label=_("监护类型"), choices=GuardianType.choices)
    school_stage = forms.ChoiceField(label=_("就学阶段"), choices=SchoolStage.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    grant = forms.ModelChoiceField(label=_("承接项目"), queryset=None, empty_label=None)

    def __init__(self, *args, grants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = grants
        self.fields["grant"].label_from_instance = lambda g: f"{g.contract_number} {g.title}（{g.organization.name}）"


def counties_of(region: Region):
    return Region.objects.subtree(region).filter(level=RegionLevel.COUNTY).order_by("code")


class WorkersImportForm(forms.Form):
    county = forms.ModelChoiceField(label=_("县市区"), queryset=None)
    file = UploadField(label=_("人员名单（.xlsx）"), allowed=SPREADSHEET)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties_of(region)


class HotlineForm(forms.Form):
    county = forms.ModelChoiceField(label=_("县市区"), queryset=None)
    hotline = forms.CharField(label=_("未成年人保护/求助热线"), max_length=40)
    note = forms.CharField(label=_("说明"), max_length=100, required=False)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties_of(region)


class ActivateForm(forms.Form):
    username = forms.CharField(label=_("手机号码（用户名）"), max_length=20)
    code = forms.CharField(label=_("激活码"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    password1 = forms.CharField(label=_("设置密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("再次输入密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class ActivateLinkForm(ActivateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["username"]
        del self.fields["code"]
