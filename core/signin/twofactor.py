"""Two-factor authentication with django-otp: a TOTP authenticator app plus ten single-use backup codes.

Who must use it: program officers, platform admins and editors, while ``TWO_FACTOR_REQUIRED`` is on (production). Anyone
else may enrol from their account page; once enrolled, they too are asked for a code after the password.
The enforcement is ``core.signin.middleware.TwoFactorMiddleware``; the pages are ``core.signin.views``.
"""

import io
import time
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from ..audit import audit_log
from ..models import User
from ..permissions import require

BACKUP_CODE_COUNT = 10
# A code typed a little late (or by a phone whose clock is 30 seconds off) still counts.
TOTP_TOLERANCE_STEPS = 1


def two_factor_required(user) -> bool:
    """Whether ``user`` must have a second factor: officers, platform admins and editors, while the setting is on."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.is_officer or user.is_editor


def has_two_factor(user) -> bool:
    """Whether ``user`` has enrolled (a confirmed device of any kind)."""
    return user_has_device(user, confirmed=True)


def new_totp_key() -> str:
    """A fresh secret (hex, 20 bytes as RFC 4226 recommends) for an enrolment that is not confirmed yet."""
    return random_hex(20)


def totp_config_url(*, user, key: str) -> str:
    """The ``otpauth://`` URL an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def qr_code_svg(data: str) -> str:
    """The QR code of ``data`` as inline SVG markup (a path, no script or style, so the CSP is unaffected)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def manual_entry_key(key: str) -> str:
    """The secret in base32, grouped by four, for typing into an app when the camera cannot read the QR code."""
    from base64 import b32encode

    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _matching_step(key: str, token: str) -> int | None:
    """The time step at which ``token`` is the code of ``key`` (within the tolerance), or None."""
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit() or len(token) != 6:
        return None
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    if totp.verify(int(token), tolerance=TOTP_TOLERANCE_STEPS):
        return totp.t()
    return None


def _lock_user(user) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _delete_devices(user) -> int:
    count = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        count += 1
    return count


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("备用验证码"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_enrol(*, user, key: str, token: str, actor) -> tuple[TOTPDevice, list[str]]:
    """Confirm an authenticator app: ``token`` must be the app's current code for ``key``. Replaces any earlier
    devices, creates ten backup codes and returns them (they are shown once and stored only as django-otp keeps them).

    Raises ValidationError (``token``) for a wrong or expired code.
    """
    if actor.pk != user.pk:
        raise ValidationError(_("只能为自己的账号设置两步验证。"))
    step = _matching_step(key, token)
    if step is None:
        raise ValidationError({"token": _("验证码不正确或已过期，请在认证器应用中查看最新的 6 位数字后重新输入。")})
    with transaction.atomic():
        user = _lock_user(user)
        _delete_devices(user)
        # last_t: the code just used cannot be used again to sign in
        device = TOTPDevice.objects.create(user=user, name=_("认证器应用"), key=key, confirmed=True, last_t=step)
        codes = _new_backup_codes(user)
        audit_log(actor=actor, action="core.two_factor_enrol", target=user)
    return device, codes


def backup_codes_regenerate(*, user, actor) -> list[str]:
    """Replace the user's backup codes with ten new ones (the old ones stop working) and return them."""
    if actor.pk != user.pk:
        raise ValidationError(_("只能为自己的账号生成备用验证码。"))
    with transaction.atomic():
        user = _lock_user(user)
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(_("请先设置认证器应用，再生成备用验证码。"))
        codes = _new_backup_codes(user)
        audit_log(actor=actor, action="core.two_factor_backup_codes", target=user)
    return codes


def two_factor_disable(*, user, actor) -> None:
    """Turn the second factor off for a user who is not required to have one."""
    if actor.pk != user.pk:
        raise ValidationError(_("只能关闭自己账号的两步验证。"))
    if two_factor_required(user):
        raise ValidationError(_("您的身份要求使用两步验证，不能关闭。如更换手机，请联系平台管理员重置。"))
    with transaction.atomic():
        user = _lock_user(user)
        removed = _delete_devices(user)
        audit_log(actor=actor, action="core.two_factor_disable", target=user, details={"devices": removed})


def two_factor_reset(*, user, actor) -> int:
    """A platform admin removes every second-factor device of ``user`` (a lost phone): at the next page the user is
    asked to enrol again (or, if 2FA is optional for them, signs in with the password). Returns the number removed."""
    require(actor, "core.two_factor_reset", user)
    with transaction.atomic():
        user = _lock_user(user)
        removed = _delete_devices(user)
        audit_log(actor=actor, action="core.two_factor_reset", target=user, details={"devices": removed})
    return removed
