from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("验证码"),
        max_length=16,
        help_text=_("认证器应用中的 6 位数字；手机不在身边时，可输入一个备用验证码（每个只能用一次）。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip().replace(" ", "").lower()


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("验证码"),
        max_length=6,
        help_text=_("用认证器应用扫描二维码后，输入应用显示的 6 位数字。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ConfirmForm(forms.Form):
    """Password again, and the second factor's code when the user has one."""

    password = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autofocus": True}))

    def __init__(self, *args, request, needs_token: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if needs_token:
            self.fields["token"] = TokenForm.base_fields["token"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # authenticate() (not check_password) so that failures count towards axes and the login delay too
        if authenticate(self.request, username=user.get_username(), password=password) is None:
            raise forms.ValidationError(_("密码不正确。"))
        return password

    def clean_token(self):
        return self.cleaned_data["token"].strip().replace(" ", "").lower()
