"""Forms of the organizations app: they parse and check what people type; services do the writing."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import EARLIEST_REGISTRATION_DATE, LATEST_DATE
from core.fields import CreditCodeField
from core.forms import PlausibleDatesMixin
from core.models import Region, RegionLevel, User
from core.uploads import UploadField
from core.widgets import RegionPicker

from .models import (
    LEGAL_FACT_DOCUMENTS,
    LEGAL_FACT_FIELDS,
    AnnualResult,
    AnnualStatus,
    MemberRole,
    Organization,
    OrganizationType,
    Qualification,
    StaffMember,
)
from .selectors import credit_code_taken
from .services.accounts import username_taken, username_taken_message
from .services.profile import duplicate_credit_code_message

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return f"{'　' * region.depth}{region.name}"


class ServiceRegionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, region):
        return f"{region.parent.name} · {region.name}" if region.parent_id else region.name


class DocumentField(UploadField):
    """A PDF/JPEG/PNG document (a stamped certificate), checked by its bytes and size (core.uploads)."""

    widget = forms.FileInput


class AccountForm(forms.Form):
    """A new user account (the first admin of a registering organization, or an invitee)."""

    username = forms.RegexField(
        label=_("登录用户名"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("字母、数字或 @ . + - _，用于登录。"),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
        error_messages={"invalid": _("用户名只能包含字母、数字和 @ . + - _。")},
    )
    name = forms.CharField(label=_("姓名"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("电子邮箱"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("手机号码"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    password1 = forms.CharField(
        label=_("密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("至少 10 位，不能是常见密码、纯数字或与用户名相似。"),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if username_taken(username):
            raise ValidationError(username_taken_message(username), code="duplicate")
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif password1:
            user = User(username=cleaned.get("username", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def account_data(self) -> dict:
        data = self.cleaned_data
        return {k: data.get(k, "") for k in ("username", "name", "email", "phone")} | {"password": data["password1"]}


class OrganizationProfileForm(PlausibleDatesMixin, forms.ModelForm):
    # Organizations were registered long before the platform; the rating's expiry is within the usual range.
    plausible_date_ranges = {"registered_on": (EARLIEST_REGISTRATION_DATE, LATEST_DATE)}

    """The organization's profile, used for registration and later edits."""

    credit_code = CreditCodeField(label=_("统一社会信用代码"), help_text=_("18位，见登记证书；字母不区分大小写。"))
    registration_region = RegionChoiceField(
        label=_("登记管理机关所在区划"),
        queryset=Region.objects.filter(
            level__in=[RegionLevel.PROVINCE, RegionLevel.PREFECTURE, RegionLevel.COUNTY]
        ).order_by("path"),
        help_text=_("即颁发登记证书的民政部门所在地，由该地区的项目官员审核。"),
        empty_label=_("请选择"),
    )
    service_regions = ServiceRegionsField(
        label=_("服务区域（县市区、乡镇街道）"),
        queryset=Region.objects.filter(level__in=[RegionLevel.COUNTY, RegionLevel.TOWNSHIP])
        .select_related("parent")
        .order_by("path"),
        required=False,
        widget=RegionPicker,
    )
    registration_certificate = DocumentField(
        label=_("登记证书"), required=False, help_text=_("PDF、JPG 或 PNG，不超过 10MB。")
    )
    rating_certificate = DocumentField(
        label=_("等级评估证书"), required=False, help_text=_("有评估等级时上传；PDF、JPG 或 PNG。")
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "credit_code",
            "org_type",
            "registration_region",
            "registered_on",
            "legal_representative",
            "address",
            "contact_phone",
            "contact_email",
            "introduction",
            "service_regions",
            "child_categories",
            "service_types",
            "rating",
            "rating_expires_on",
            "registration_certificate",
            "rating_certificate",
        ]
        widgets = {
            "registered_on": DATE_WIDGET,
            "rating_expires_on": DATE_WIDGET,
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "child_categories": forms.CheckboxSelectMultiple,
            "service_types": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].label = _("等级评估")
        self.fields["org_type"].choices = [("", _("请选择")), *OrganizationType.choices]
        if self.instance.pk:
            # Changed legal facts still waiting for an officer are what the admin last asked for: show them, so that
            # saving another change does not withdraw them.
            for field, value in (self.instance.pending_legal_facts or {}).items():
                if field not in LEGAL_FACT_DOCUMENTS:  # a waiting certificate stays unless a new file is chosen
                    self.initial[field] = value
        else:
            self.fields["registration_certificate"].required = True

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"]
        if code and credit_code_taken(code, exclude_pk=self.instance.pk):
            raise ValidationError(duplicate_credit_code_message(code), code="duplicate")
        return code

    def clean_registered_on(self):
        day = self.cleaned_data["registered_on"]
        if day and day > timezone.localdate():
            raise ValidationError(_("登记日期不能晚于今天。"))
        return day

    def clean(self):
        cleaned = super().clean()
        rating, expires = cleaned.get("rating"), cleaned.get("rating_expires_on")
        # A rating that expired since it was verified is shown as expired; only entering one is refused, so that the
        # organization can still save its contact details.
        rating_entered = not self.instance.pk or {"rating", "rating_expires_on"} & set(self.changed_data)
        if rating:
            if not expires:
                self.add_error("rating_expires_on", _("选择了评估等级时必须填写有效期截止日期。"))
            elif expires < timezone.localdate() and rating_entered:
                self.add_error(
                    "rating_expires_on",
                    _("评估等级已于 %(date)s 过期，不能登记为有效等级；请重新评估后再填写，或选择“未评估”。")
                    % {"date": expires.isoformat()},
                )
        return cleaned

    def validate_unique(self):
        """The credit code's uniqueness (including codes waiting for re-verification) is checked above."""

    def service_data(self) -> dict:
        """What the services take: cleaned values, with files only if a new one was uploaded."""
        data = dict(self.cleaned_data)
        for field in ("registration_certificate", "rating_certificate"):
            data[field] = self.files.get(self.add_prefix(field)) if self.files else None
        return data

    def legal_facts_changed(self) -> list[str]:
        return [f for f in LEGAL_FACT_FIELDS if f in self.changed_data]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("受邀人电子邮箱"))
    role = forms.ChoiceField(label=_("角色"), choices=MemberRole.choices, initial=MemberRole.STAFF)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=MemberRole.choices)


class StaffMemberForm(PlausibleDatesMixin, forms.ModelForm):
    # A social worker may have joined the organization before 2000.
    plausible_date_ranges = {
        "started_on": (EARLIEST_REGISTRATION_DATE, LATEST_DATE),
        "left_on": (EARLIEST_REGISTRATION_DATE, LATEST_DATE),
    }

    class Meta:
        model = StaffMember
        fields = ["name", "qualification", "certificate_number", "position", "is_full_time", "started_on", "left_on"]
        widgets = {"started_on": DATE_WIDGET, "left_on": DATE_WIDGET}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("qualification") not in (None, Qualification.NONE) and not cleaned.get("certificate_number"):
            self.add_error("certificate_number", _("持有职业资格的人员必须填写证书编号。"))
        started, left = cleaned.get("started_on"), cleaned.get("left_on")
        if started and left and left < started:
            self.add_error("left_on", _("离职日期不能早于入职日期。"))
        return cleaned


class AnnualStatusForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    result = forms.ChoiceField(label=_("年检/年报结论"), choices=AnnualResult.choices)
    evidence = DocumentField(
        label=_("证明材料"), required=False, help_text=_("年检结论通知或年报回执，PDF、JPG 或 PNG。")
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        first = max(organization.registered_on.year, this_year - 10)
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, first - 1, -1)]
        self.organization = organization

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year and not cleaned.get("evidence"):
            existing = AnnualStatus.objects.filter(organization=self.organization, year=year).first()
            if existing is None or not existing.evidence:
                self.add_error("evidence", _("请上传年检结论或年报回执等证明材料。"))
        return cleaned


class VerifyForm(forms.Form):
    note = forms.CharField(label=_("审核意见（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("组织将看到这段说明，请写明需要补充或更正的内容。"),
        error_messages={"required": _("退回时必须填写退回原因，组织将看到这段说明。")},
    )
