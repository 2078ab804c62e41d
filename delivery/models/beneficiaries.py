"""Children served (服务对象, 一人一档): one Beneficiary per child platform-wide, one Enrolment per grant serving it.

No column ever holds a clear-text national ID number: ``id_hash`` is an HMAC-SHA256 of the normalised number keyed
with ``settings.BENEFICIARY_ID_HASH_KEY`` (finds the same child across organizations), ``id_masked`` keeps the first
3 and last 4 characters for display. A child without an ID number belongs to one organization
(``owner_organization``) and is matched only within it. The name, when given, lives on the Enrolment: it is the
serving organization's knowledge, never shown to anyone else.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.models import ChildCategory, Region
from core.storage import private_storage


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class GuardianType(models.TextChoices):
    PARENTS = "parents", _("父母")
    GRANDPARENTS = "grandparents", _("祖父母")
    OTHER_RELATIVES = "other_relatives", _("其他亲属")
    ENTRUSTED = "entrusted", _("受委托照护人")
    INSTITUTION = "institution", _("福利机构")


class SchoolStage(models.TextChoices):
    PRESCHOOL = "preschool", _("学前")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    VOCATIONAL = "vocational", _("中职")
    OUT_OF_SCHOOL = "out_of_school", _("未在学")


class ConsentBy(models.TextChoices):
    """Who gave the guardian consent (监护人知情同意), by relation to the child."""

    FATHER = "father", _("父亲")
    MOTHER = "mother", _("母亲")
    GRANDPARENT = "grandparent", _("祖父母")
    OTHER_RELATIVE = "other_relative", _("其他亲属")
    ENTRUSTED = "entrusted", _("受委托照护人")
    INSTITUTION = "institution", _("福利机构")


class BeneficiaryQuerySet(models.QuerySet):
    def served_by(self, organization):
        """Children with at least one enrolment with ``organization`` (an EXISTS, so no duplicates)."""
        return self.filter(Exists(Enrolment.objects.filter(beneficiary=OuterRef("pk"), organization=organization)))

    def served_under(self, grant):
        return self.filter(Exists(Enrolment.objects.filter(beneficiary=OuterRef("pk"), grant=grant)))


class Beneficiary(models.Model):
    id_hash = models.CharField(_("身份证号摘要"), max_length=64, unique=True, null=True, blank=True, editable=False)
    id_masked = models.CharField(_("身份证号（脱敏）"), max_length=18, blank=True, editable=False)
    no_id_reason = models.CharField(_("无身份证号原因"), max_length=200, blank=True)
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("建档组织（无身份证号）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    categories = models.ManyToManyField(ChildCategory, verbose_name=_("儿童类别"), related_name="beneficiaries")
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年"))
    # Empty only once the file is anonymised (the year is kept for counts by age, the month is not).
    birth_month = models.PositiveSmallIntegerField(_("出生月"), null=True, blank=True)
    county = models.ForeignKey(Region, verbose_name=_("县市区"), on_delete=models.PROTECT, related_name="+")
    # Townships are not in the region tree yet; kept as text until they are.
    township = models.CharField(_("乡镇街道"), max_length=50, blank=True)
    guardian_type = models.CharField(_("监护类型"), max_length=20, choices=GuardianType.choices)
    school_stage = models.CharField(_("就学阶段"), max_length=20, choices=SchoolStage.choices)
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Set when the identity was removed (retention or a guardian's deletion request): no ID hash, masked ID, name,
    # township, birth month or consent scan remains; the counts (gender, birth year, county, categories) stay.
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务对象")
        verbose_name_plural = _("服务对象")
        ordering = ["-id"]
        constraints = [
            # Either an ID hash (matched platform-wide) or an owning organization and a reason (matched within it),
            # or, once anonymised, neither hash nor reason.
            models.CheckConstraint(
                condition=(Q(id_hash__isnull=False) & Q(owner_organization__isnull=True) & Q(no_id_reason=""))
                | (Q(id_hash__isnull=True) & Q(owner_organization__isnull=False) & ~Q(no_id_reason=""))
                | (Q(anonymised_at__isnull=False) & Q(id_hash__isnull=True) & Q(no_id_reason="")),
                name="beneficiary_id_or_owner",
            ),
            models.CheckConstraint(
                condition=Q(birth_month__gte=1) & Q(birth_month__lte=12), name="beneficiary_birth_month_range"
            ),
        ]

    def __str__(self):
        # Never the name or the ID: this string reaches audit events (target_repr).
        return _("服务对象 %(code)s") % {"code": self.code}

    @property
    def code(self) -> str:
        """A pseudonymous file number (档案号) that identifies the record, not the child."""
        return f"C{self.pk:07d}" if self.pk else "C-"

    @property
    def has_id(self) -> bool:
        return self.id_hash is not None

    def age_on(self, day) -> int:
        """Age in whole years on ``day`` (the month is known, the day is not: counted from the 1st)."""
        if self.birth_month is None:  # anonymised: the year alone
            return day.year - self.birth_year
        return day.year - self.birth_year - (1 if day.month < self.birth_month else 0)


def _consent_path(instance, filename):
    # Never the uploaded name: a scanned consent form is often named after the child.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"delivery/consent/{instance.grant_id}/{uuid.uuid4().hex}.{extension}"


class Enrolment(models.Model):
    """This organization serves this child under this grant (服务关系)."""

    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("服务对象"), on_delete=models.PROTECT, related_name="enrolments"
    )
    grant = models.ForeignKey(
        "grants.Grant", verbose_name=_("项目合同"), on_delete=models.PROTECT, related_name="enrolments"
    )
    # Always grant.organization; kept here so "the children an organization serves" is one indexed filter.
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("服务组织"), on_delete=models.PROTECT, related_name="enrolments"
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    consent_date = models.DateField(_("知情同意日期"))
    consent_by = models.CharField(_("同意人"), max_length=20, choices=ConsentBy.choices)
    consent_form = models.FileField(
        _("知情同意书"), storage=private_storage, upload_to=_consent_path, blank=True, max_length=200
    )
    import_batch = models.ForeignKey(
        "delivery.ImportBatch",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    enrolled_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("服务关系")
        verbose_name_plural = _("服务关系")
        ordering = ["grant", "-id"]
        constraints = [models.UniqueConstraint(fields=["beneficiary", "grant"], name="enrolment_unique_grant")]
        indexes = [models.Index(fields=["organization", "beneficiary"])]

    def __str__(self):
        return f"{self.beneficiary} @ {self.grant_id}"
