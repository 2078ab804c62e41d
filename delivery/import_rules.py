"""Permission rules of Excel imports (registered when ``delivery.services.imports`` is imported).

Uploading and running an import is ``delivery.manage`` (the serving organization while the grant runs). The
uploaded files and error workbooks hold children's names and ID numbers as the organization typed them, so the
import pages are for that organization's members only: officers of the issuing region see the figures on the
grant's pages, not the files (403 with the reason); everyone else gets 404.
"""

from django.utils.translation import gettext_lazy as _

from core.permissions import ALLOW, deny, hide, officer_covers, rule
from organizations.selectors import membership_of


@rule("delivery.view_imports")
def view_imports(user, grant):
    if membership_of(user, grant.organization) is not None:
        return ALLOW
    if officer_covers(user, grant.issuing_region):
        return deny(_("导入文件和错误清单含有儿童个人信息，只有承接项目的社会组织可以查看。"))
    return hide()
