"""Who may do what with referrals (one predicate per action; "hidden" is a 404).

- report: an active village child director (儿童主任), for their own township only;
- view: the director who reported it, the township's supervisors (儿童督导员), members of the organization it is
  routed to (only while it is), and officers whose region contains the township; everyone else gets 404;
- see the child's name: the reporter, the township's supervisors and the organization it is routed to (officers work
  with the file number and the masked ID, as they do for children's files in ``delivery``);
- respond (accept or return): the organization it is routed to, while it waits;
- assign or close: officers whose region contains the township;
- manage workers and the county hotline: officers whose region contains the township or county.
"""

from django.utils.translation import gettext_lazy as _

from core.permissions import ALLOW, deny, hide, officer_covers, rule
from organizations.selectors import membership_of

from .models import CareWorkerRole, ReferralStatus
from .selectors import care_worker_of


def _worker(user, role=None, township=None):
    worker = care_worker_of(user)
    if worker is None or (role and worker.role != role):
        return None
    if township is not None and worker.township_id != township.pk:
        return None
    return worker


def _routed_member(user, referral) -> bool:
    return referral.organization_id is not None and membership_of(user, referral.organization) is not None


@rule("referrals.report")
def report(user, township):
    """``township``: where the child lives (None: the director's own)."""
    worker = _worker(user, CareWorkerRole.DIRECTOR)
    if worker is None:
        return deny(_("只有儿童主任可以报告儿童需求。"))
    if township is not None and township.pk != worker.township_id:
        return hide()
    return ALLOW


@rule("referrals.view")
def view(user, referral):
    if referral.reporter_id == user.pk:
        return ALLOW
    if _worker(user, CareWorkerRole.SUPERVISOR, referral.township):
        return ALLOW
    if _routed_member(user, referral) or officer_covers(user, referral.township):
        return ALLOW
    return hide()


@rule("referrals.view_child_name")
def view_child_name(user, referral):
    if referral.reporter_id == user.pk or _worker(user, CareWorkerRole.SUPERVISOR, referral.township):
        return ALLOW
    if _routed_member(user, referral):
        return ALLOW
    return deny(_("儿童姓名只对报告人、本乡镇督导员和承接组织显示。"))


@rule("referrals.respond")
def respond(user, referral):
    if not _routed_member(user, referral):
        return deny(_("只有承接组织可以接收或退回转介。")) if view(user, referral).allowed else hide()
    if referral.status != ReferralStatus.ROUTED:
        return deny(_("该转介已处理，不能再接收或退回。"))
    if referral.grant is not None and not referral.grant.is_active:
        return deny(_("承接项目已不在执行期，请退回转介，由民政部门重新分派。"))
    return ALLOW


@rule("referrals.assign")
def assign(user, referral):
    if not officer_covers(user, referral.township):
        return deny(_("只有民政部门项目官员可以分派转介。")) if view(user, referral).allowed else hide()
    if referral.status not in (ReferralStatus.WITH_OFFICER, ReferralStatus.ROUTED):
        return deny(_("该转介已被接收或已结束。"))
    return ALLOW


@rule("referrals.manage_workers")
def manage_workers(user, region):
    """Create and deactivate the supervisor and director accounts of ``region`` (a township or a county)."""
    if officer_covers(user, region):
        return ALLOW
    if user.is_officer:
        return hide()
    return deny(_("儿童督导员和儿童主任的账号由县级民政部门创建。"))


@rule("referrals.set_hotline")
def set_hotline(user, county):
    if officer_covers(user, county):
        return ALLOW
    return hide()
