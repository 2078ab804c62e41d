"""Social organizations (社会组织), the platform's suppliers, and the people who act for them."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ChildCategory, Region, ServiceType
from core.storage import private_storage
from core.validators import validate_credit_code


class OrganizationType(models.TextChoices):
    ASSOCIATION = "association", _("社会团体")
    SOCIAL_SERVICE_AGENCY = "social_service_agency", _("社会服务机构（民办非企业单位）")
    FOUNDATION = "foundation", _("基金会")


class Rating(models.TextChoices):
    NONE = "", _("未评估")
    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    VERIFIED = "verified", _("已认证")
    RETURNED = "returned", _("已退回")


# Facts that identify the organization in law (法定信息), and the facts that eligibility for a call and the public
# directory rely on (the rating, its expiry, the registration date). On a verified profile a change to any of them
# waits in ``pending_legal_facts`` for an officer, while the facts in force stay as they are: otherwise an
# organization could grant itself what a call checks. The registering authority is one of them too: moving it would
# otherwise hand a verified profile to another region's officers unchecked.
LEGAL_FACT_FIELDS = (
    "name",
    "credit_code",
    "org_type",
    "legal_representative",
    "registration_region",
    "registered_on",
    "rating",
    "rating_expires_on",
)
# The certificates that prove them. A new upload to a verified profile waits too: the file is stored under its own
# name and that name waits in ``pending_legal_facts`` until an officer has read it.
LEGAL_FACT_DOCUMENTS = ("registration_certificate", "rating_certificate")


class OrganizationQuerySet(models.QuerySet):
    def with_pending_changes(self):
        return self.exclude(pending_legal_facts={})

    def awaiting_officer(self):
        """Profiles an officer must decide on: new or resubmitted ones, and verified ones with changed legal facts."""
        return self.filter(
            models.Q(verification_status=VerificationStatus.PENDING)
            | (models.Q(verification_status=VerificationStatus.VERIFIED) & ~models.Q(pending_legal_facts={}))
        )

    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def in_region(self, region: Region):
        """Organizations whose registering authority lies in ``region``'s subtree."""
        return self.filter(registration_region__path__startswith=region.path)


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _registration_certificate_path(instance, filename):
    return f"organizations/{instance.credit_code}/registration/{filename}"


def _rating_certificate_path(instance, filename):
    return f"organizations/{instance.credit_code}/rating/{filename}"


class Organization(models.Model):
    name = models.CharField(_("组织名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code])
    org_type = models.CharField(_("组织类型"), max_length=30, choices=OrganizationType.choices)
    registration_region = models.ForeignKey(
        Region,
        verbose_name=_("登记管理机关所在区划"),
        on_delete=models.PROTECT,
        related_name="registered_organizations",
    )
    registered_on = models.DateField(_("登记日期"))
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    address = models.CharField(_("住所"), max_length=200)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    contact_email = models.EmailField(_("联系邮箱"))
    introduction = models.TextField(_("机构简介"), blank=True)
    service_regions = models.ManyToManyField(
        Region, verbose_name=_("服务区域"), blank=True, related_name="serving_organizations"
    )
    child_categories = models.ManyToManyField(ChildCategory, verbose_name=_("服务儿童类别"), blank=True)
    service_types = models.ManyToManyField(ServiceType, verbose_name=_("服务类型"), blank=True)
    rating = models.CharField(_("等级评估"), max_length=2, choices=Rating.choices, blank=True, default="")
    rating_expires_on = models.DateField(_("评估等级有效期至"), null=True, blank=True)
    registration_certificate = models.FileField(
        _("登记证书"), storage=private_storage, upload_to=_registration_certificate_path, blank=True
    )
    rating_certificate = models.FileField(
        _("等级评估证书"), storage=private_storage, upload_to=_rating_certificate_path, blank=True
    )

    verification_status = models.CharField(
        _("认证状态"), max_length=12, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    verification_note = models.TextField(_("审核意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True)
    verified_at = models.DateTimeField(_("认证时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认证人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Legal facts (``LEGAL_FACT_FIELDS`` and ``LEGAL_FACT_DOCUMENTS``) changed on a verified profile wait here for
    # re-verification, as JSON (a related row by its primary key, a date as ISO text, a document by its stored name);
    # until an officer accepts them the facts above stay in force.
    pending_legal_facts = models.JSONField(_("待审核的法定信息变更"), default=dict, blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("社会组织")
        verbose_name_plural = _("社会组织")
        ordering = ["name"]
        indexes = [models.Index(fields=["verification_status", "registration_region"])]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def has_pending_changes(self) -> bool:
        return bool(self.pending_legal_facts)

    def apply_legal_facts(self, facts: dict) -> None:
        """Set legal facts given as stored in ``pending_legal_facts`` (a related row by its primary key, a date as ISO
        text, a document by its stored name)."""
        for field_name, value in facts.items():
            field = self._meta.get_field(field_name)
            if field.is_relation or isinstance(field, models.FileField):
                setattr(self, field.attname, value)
            else:
                setattr(self, field.attname, field.to_python(value))

    def pending_document(self, field_name: str):
        """The document uploaded for ``field_name`` that waits for an officer (a file of private storage), or None."""
        name = (self.pending_legal_facts or {}).get(field_name) if field_name in LEGAL_FACT_DOCUMENTS else None
        if not name:
            return None
        field = self._meta.get_field(field_name)
        return field.attr_class(self, field, name)

    def pending_changes_display(self) -> list[tuple[str, str, str, str]]:
        """(field label, value in force, proposed value, field name of a waiting document or "") for each legal fact
        waiting for an officer."""
        rows = []
        for field_name, proposed in (self.pending_legal_facts or {}).items():
            field = self._meta.get_field(field_name)
            current = getattr(self, field_name)
            document = ""
            if field_name in LEGAL_FACT_DOCUMENTS:
                current = _("已上传") if current else _("未上传")
                proposed, document = _("新上传的文件"), field_name
            elif field.is_relation:
                proposed = field.related_model.objects.filter(pk=proposed).first() or proposed
            elif field.choices:
                labels = dict(field.flatchoices)
                current, proposed = labels.get(current, current), labels.get(proposed, proposed)
            rows.append((str(field.verbose_name), _display(current), _display(proposed), document))
        return rows

    def rating_valid_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return bool(self.rating) and self.rating_expires_on is not None and self.rating_expires_on >= day

    def years_registered(self, day: datetime.date | None = None) -> int:
        day = day or timezone.localdate()
        years = day.year - self.registered_on.year
        if (day.month, day.day) < (self.registered_on.month, self.registered_on.day):
            years -= 1
        return years


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("管理员")
    STAFF = "staff", _("工作人员")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("社会组织"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=10, choices=MemberRole.choices, default=MemberRole.STAFF)
    joined_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("组织成员")
        verbose_name_plural = _("组织成员")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_org")]

    def __str__(self):
        return f"{self.user} · {self.organization} · {self.get_role_display()}"

    @property
    def is_admin(self) -> bool:
        return self.role == MemberRole.ADMIN


class FormerMembership(models.Model):
    """A membership that ended (the member left or was removed). Kept so that a person who acted for an organization
    cannot review, decide, approve or pay anything of it for a while after leaving (conflict of interest)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="former_memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("社会组织"), on_delete=models.CASCADE, related_name="former_memberships"
    )
    role = models.CharField(_("角色"), max_length=10, choices=MemberRole.choices)
    joined_at = models.DateTimeField(_("加入时间"))
    left_at = models.DateTimeField(_("离开时间"), default=timezone.now)

    class Meta:
        verbose_name = _("曾任组织成员")
        verbose_name_plural = _("曾任组织成员")
        ordering = ["-left_at"]
        indexes = [models.Index(fields=["user", "organization", "left_at"])]

    def __str__(self):
        return f"{self.user} · {self.organization}"


class Qualification(models.TextChoices):
    NONE = "none", _("无")
    ASSISTANT = "assistant", _("助理社会工作师")
    INTERMEDIATE = "intermediate", _("社会工作师")
    SENIOR = "senior", _("高级社会工作师")


class StaffMember(models.Model):
    """One person on the professional staff roster (社工队伍). Names are kept for the organization and officers
    only; the public directory shows counts."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("社会组织"), on_delete=models.CASCADE, related_name="staff_members"
    )
    name = models.CharField(_("姓名"), max_length=50)
    qualification = models.CharField(
        _("职业资格"), max_length=20, choices=Qualification.choices, default=Qualification.NONE
    )
    certificate_number = models.CharField(_("证书编号"), max_length=50, blank=True)
    position = models.CharField(_("岗位"), max_length=50, blank=True)
    is_full_time = models.BooleanField(_("全职"), default=True)
    started_on = models.DateField(_("入职日期"))
    left_on = models.DateField(_("离职日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("专业人员")
        verbose_name_plural = _("专业人员")
        ordering = ["organization", "name"]

    def __str__(self):
        return self.name


class AnnualResult(models.TextChoices):
    PASSED = "passed", _("合格")
    BASICALLY_PASSED = "basically_passed", _("基本合格")
    FAILED = "failed", _("不合格")
    NOT_INSPECTED = "not_inspected", _("未参检")


def _annual_evidence_path(instance, filename):
    return f"organizations/{instance.organization.credit_code}/annual/{instance.year}/{filename}"


class AnnualStatus(models.Model):
    """The yearly inspection / annual report result (年检/年报), entered by the organization, confirmed by an
    officer."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("社会组织"), on_delete=models.CASCADE, related_name="annual_statuses"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    result = models.CharField(_("结论"), max_length=20, choices=AnnualResult.choices)
    evidence = models.FileField(_("证明材料"), storage=private_storage, upload_to=_annual_evidence_path, blank=True)
    note = models.TextField(_("说明"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("年检年报")
        verbose_name_plural = _("年检年报")
        ordering = ["organization", "-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="annual_status_unique_year")]

    def __str__(self):
        return f"{self.organization} {self.year} {self.get_result_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Invitations that can still be accepted: not used, not revoked, not expired."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mailed, single-use and expiring invitation to join an organization. Only a SHA-256 hash of the token is
    stored: the link in the e-mail is the only copy of the token itself."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("社会组织"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("受邀人邮箱"))
    role = models.CharField(_("角色"), max_length=10, choices=MemberRole.choices, default=MemberRole.STAFF)
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("邀请人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接受人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("成员邀请")
        verbose_name_plural = _("成员邀请")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organization} · {self.email}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


# Incubation lives in its own module (kept small); imported here so Django registers its models with this app.
from .models_incubation import Incubation, IncubationStage, IncubationSupport, SupportKind  # noqa: E402, F401
