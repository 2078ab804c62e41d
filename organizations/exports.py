"""The officer's Excel export of the filtered organization list: columns declared once, in Chinese."""

from django.utils.translation import gettext_lazy as _

from core.excel import Column


def _status(organization) -> str:
    label = str(organization.get_verification_status_display())
    return f"{label}（{_('法定信息变更待审核')}）" if organization.has_pending_changes else label


def _region(organization) -> str:
    """A county with its 市州 in front (武汉市江岸区), so that a province-wide list is unambiguous."""
    region = organization.registration_region
    parent = region.parent
    return f"{parent.name}{region.name}" if parent is not None and parent.level == "prefecture" else region.name


ORGANIZATION_COLUMNS = [
    Column(_("组织名称"), lambda o: o.name, width=36),
    Column(_("统一社会信用代码"), lambda o: o.credit_code, width=22),
    Column(_("组织类型"), lambda o: o.get_org_type_display(), width=24),
    Column(_("登记管理机关所在区划"), _region),
    Column(_("登记日期"), lambda o: o.registered_on, number_format="yyyy-mm-dd", width=12),
    Column(_("法定代表人"), lambda o: o.legal_representative, width=12),
    Column(_("联系电话"), lambda o: o.contact_phone),
    Column(_("联系邮箱"), lambda o: o.contact_email, width=28),
    Column(_("评估等级"), lambda o: o.get_rating_display(), width=10),
    Column(_("评估等级有效期至"), lambda o: o.rating_expires_on, number_format="yyyy-mm-dd", width=14),
    Column(_("认证状态"), _status, width=20),
    Column(_("在职专业人员数"), lambda o: o.staff_count, width=12),
    Column(_("持证社工数"), lambda o: o.qualified_count, width=12),
]
