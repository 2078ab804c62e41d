"""Supervisor and director accounts: created by an officer in bulk from the county's Excel list (all rows or none),
each with a one-time account-setup token: an e-mailed link when the list gives an address, else a code the officer
prints and hands over. Only a SHA-256 hash of a token is stored. Also: the county's emergency hotline."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import Region, RegionLevel, User
from core.outbox import email_queue
from core.permissions import require
from organizations.services.accounts import username_taken

from ..imports import parse_workers
from ..models import AccountSetup, CareWorker, CountyHotline

SETUP_VALID_FOR = datetime.timedelta(days=30)
# No 0/O, 1/I/L: the code is read off paper and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def _hash(token: str) -> str:
    return hashlib.sha256(token.strip().upper().encode()).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class ImportRefused(ValidationError):
    """The list had row errors: nothing was created. ``row_errors`` is [(row number, message)]."""

    def __init__(self, row_errors):
        super().__init__(_("名单有 %(count)s 处错误，未创建任何账号。") % {"count": len(row_errors)})
        self.row_errors = row_errors


def care_workers_import(*, actor, county: Region, upload) -> list[tuple[CareWorker, str]]:
    """Create the accounts of the list, or none if any row has an error (``ImportRefused``). Returns each worker
    with their printed code (empty when the setup link was e-mailed): the only time the code exists in clear."""
    if county.level != RegionLevel.COUNTY:
        raise ValidationError({"county": [_("请选择县市区。")]})
    rows, errors = parse_workers(upload, county=county)
    if errors:
        raise ImportRefused(errors)
    created = []
    with transaction.atomic():
        require(actor, "referrals.manage_workers", county)
        now = timezone.now()
        for row in rows:
            taken = ImportRefused([(row.number, _("手机号码 %(phone)s 已有账号") % {"phone": row.phone})])
            if username_taken(row.phone):
                raise taken
            user = User(username=row.phone, name=row.name, phone=row.phone, email=row.email)
            user.set_unusable_password()
            try:
                with transaction.atomic():  # a savepoint: an account made at the same moment is the same row error
                    user.save()
            except IntegrityError:
                raise taken from None
            worker = CareWorker.objects.create(
                user=user, role=row.role, township=row.township, village=row.village, created_by=actor
            )
            code = _new_code()
            method = AccountSetup.Method.EMAIL if row.email else AccountSetup.Method.CODE
            AccountSetup.objects.create(
                user=user, method=method, token_hash=_hash(code), created_by=actor, expires_at=now + SETUP_VALID_FOR
            )
            if row.email:
                _send_setup_email(user=user, worker=worker, code=code, expires_at=now + SETUP_VALID_FOR)
                code = ""
            created.append((worker, code))
        audit_log(
            actor=actor,
            action="referrals.workers_import",
            target=county,
            details={"created": len(created), "emailed": sum(1 for _w, code in created if not code)},
        )
    return created


def _send_setup_email(*, user: User, worker: CareWorker, code: str, expires_at) -> None:
    link = f"{settings.SITE_URL}{reverse('referrals:activate_link', args=[code])}"
    email_queue(
        to=user.email,
        subject=_("[关爱] 请设置您的%(role)s账号密码") % {"role": worker.get_role_display()},
        body=_(
            "%(name)s，您好：\n\n县民政部门已为您（%(township)s %(role)s）开通关爱平台账号，用户名是您的手机号 "
            "%(username)s。\n\n请在 %(expires)s 之前打开以下链接设置密码（链接只能使用一次）：\n%(link)s"
        )
        % {
            "name": user.name,
            "township": worker.township.name,
            "role": worker.get_role_display(),
            "username": user.username,
            "expires": timezone.localtime(expires_at).strftime("%Y-%m-%d"),
            "link": link,
        },
    )


def account_setup_reissue(*, actor, worker: CareWorker) -> str:
    """A new setup token for a worker whose code was lost or expired (the open ones are revoked). Returns the code to
    print, or "" when it was e-mailed."""
    with transaction.atomic():
        worker = CareWorker.objects.select_for_update().select_related("user", "township").get(pk=worker.pk)
        require(actor, "referrals.manage_workers", worker.township)
        now = timezone.now()
        AccountSetup.objects.open().filter(user=worker.user).update(revoked_at=now)
        code = _new_code()
        method = AccountSetup.Method.EMAIL if worker.user.email else AccountSetup.Method.CODE
        AccountSetup.objects.create(
            user=worker.user, method=method, token_hash=_hash(code), created_by=actor, expires_at=now + SETUP_VALID_FOR
        )
        audit_log(actor=actor, action="referrals.account_setup_reissue", target=worker.user, details={"method": method})
        if worker.user.email:
            _send_setup_email(user=worker.user, worker=worker, code=code, expires_at=now + SETUP_VALID_FOR)
            return ""
    return code


def account_setup_for(token: str, *, username: str | None = None) -> AccountSetup | None:
    """The open setup of this token (and, for a printed code, this username), or None."""
    if not token:
        return None
    setups = AccountSetup.objects.open().select_related("user").filter(token_hash=_hash(token))
    if username is not None:
        setups = setups.filter(user__username__iexact=username.strip())
    return setups.first()


def account_setup_complete(*, token: str, password: str, username: str | None = None) -> User:
    """Set the password with a one-time token (link) or code (with the username it was printed for)."""
    with transaction.atomic():
        setup = account_setup_for(token, username=username)
        if setup is None:
            raise ValidationError(_("激活码无效、已使用或已过期。请联系县民政部门重新发放。"))
        setup = AccountSetup.objects.select_for_update().get(pk=setup.pk)
        if setup.used_at is not None:
            raise ValidationError(_("激活码无效、已使用或已过期。请联系县民政部门重新发放。"))
        user = setup.user
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        setup.used_at = timezone.now()
        setup.save(update_fields=["used_at"])
        audit_log(actor=user, action="referrals.account_setup", target=user, details={"method": setup.method})
    return user


def hotline_set(*, actor, county: Region, hotline: str, note: str = "") -> CountyHotline:
    hotline = (hotline or "").strip()
    with transaction.atomic():
        require(actor, "referrals.set_hotline", county)
        if county.level != RegionLevel.COUNTY:
            raise ValidationError({"county": [_("请选择县市区。")]})
        if not hotline or len(hotline) > 40:
            raise ValidationError({"hotline": [_("请填写热线号码（不超过 40 个字符）。")]})
        record, _created = CountyHotline.objects.update_or_create(
            county=county, defaults={"hotline": hotline, "note": (note or "").strip()[:100], "updated_by": actor}
        )
        audit_log(actor=actor, action="referrals.hotline_set", target=county, details={"hotline": hotline})
    return record


def hotlines_for(county: Region | None) -> list[str]:
    """The numbers a director is shown in an emergency: 110 first, then the county's line, then 12345."""
    numbers = list(settings.REFERRALS_FALLBACK_HOTLINES)
    record = CountyHotline.objects.filter(county=county).first() if county is not None else None
    if record is not None and record.hotline not in numbers:
        numbers.insert(1, record.hotline)
    return numbers
