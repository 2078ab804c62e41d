"""Shared vocabularies: the child categories (儿童类别) and service types (服务类型) that organizations, calls,
applications and service logs are tagged with. Rows, not choices, so pages can filter by them with a join."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VocabularyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class VocabularyTerm(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class ChildCategory(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("儿童类别")
        verbose_name_plural = _("儿童类别")


class ServiceType(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("服务类型")
        verbose_name_plural = _("服务类型")


CHILD_CATEGORIES = [
    ("orphan", "孤儿"),
    ("unsupported", "事实无人抚养儿童"),
    ("left_behind", "农村留守儿童"),
    ("in_difficulty", "困境儿童"),
    ("disabled", "残疾儿童"),
    ("other", "其他"),
]

SERVICE_TYPES = [
    ("guardianship", "监护指导"),
    ("counselling", "心理疏导"),
    ("behaviour", "行为矫正"),
    ("integration", "社会融入"),
    ("rehabilitation", "康复"),
    ("special_education", "特殊教育"),
    ("medical", "医疗"),
    ("tutoring", "学业辅导"),
    ("social_work", "社会工作"),
    ("safety", "安全教育"),
    ("other", "其他"),
]
