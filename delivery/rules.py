"""Permission rules for children, service logs and measurements (one predicate per action).

Who sees what about a child (PIPL art. 28/31: minors' data is sensitive):
- members of an organization serving the child (an Enrolment with their organization) open the child's file, with
  the name they recorded; each opening is audited;
- program officers whose region issued a grant the child is enrolled on see counts, and open a file only after
  recording why (``delivery.view_beneficiary_with_reason``); never the name;
- everyone else (other organizations, officers of other regions, reviewers, evaluators, the public): nothing, as 404.
"""

from django.utils.translation import gettext_lazy as _

from core.permissions import ALLOW, deny, hide, officer_covers, rule
from grants.models import GrantStatus
from organizations.selectors import membership_of

from .models import Enrolment

# Service data is entered while a grant runs; once it is completed or terminated the record is closed.
_CLOSED = {
    GrantStatus.COMPLETED: _("该项目已结项，服务数据不能再修改。"),
    GrantStatus.TERMINATED: _("该项目已终止，服务数据不能再修改。"),
}


def _member(user, grant) -> bool:
    return membership_of(user, grant.organization) is not None


@rule("delivery.view_grant")
def view_grant_data(user, grant):
    """The grant's service data: the serving organization in full, officers of the issuing region as counts and
    pseudonymous lists (no names, no notes)."""
    if _member(user, grant) or officer_covers(user, grant.issuing_region):
        return ALLOW
    return hide()


@rule("delivery.manage")
def manage_grant_data(user, grant):
    """Enrol children, log services, record measurements: the serving organization while the grant runs."""
    if not _member(user, grant):
        if officer_covers(user, grant.issuing_region):
            return deny(_("服务数据由承接项目的社会组织填报，项目官员只能查看。"))
        return hide()
    reason = _CLOSED.get(grant.status)
    return deny(reason) if reason else ALLOW


def serves(user, beneficiary) -> bool:
    """Whether ``user`` belongs to an organization with an enrolment of this child."""
    return (
        user.is_authenticated
        and Enrolment.objects.filter(beneficiary=beneficiary, organization__memberships__user=user).exists()
    )


def _officer_of_child(user, beneficiary) -> bool:
    region = user.officer_region if user.is_authenticated else None
    return region is not None and (
        Enrolment.objects.filter(beneficiary=beneficiary, grant__issuing_region__path__startswith=region.path).exists()
    )


@rule("delivery.view_beneficiary")
def view_beneficiary(user, beneficiary):
    """Open a child's file without giving a reason: members of a serving organization only."""
    if serves(user, beneficiary):
        return ALLOW
    if _officer_of_child(user, beneficiary):
        return deny(_("查看儿童档案须先填写查阅事由。"))
    return hide()


@rule("delivery.view_beneficiary_with_reason")
def view_beneficiary_with_reason(user, beneficiary):
    """Open a child's file after recording a reason: officers whose region bought services for the child."""
    if serves(user, beneficiary) or _officer_of_child(user, beneficiary):
        return ALLOW
    return hide()


@rule("delivery.manage_enrolment")
def manage_enrolment(user, enrolment):
    """Edit a child's record and consent on one enrolment: the organization of that enrolment."""
    return manage_grant_data(user, enrolment.grant)


@rule("delivery.view_consent")
def view_consent(user, enrolment):
    """The scanned consent form names the child and the guardian: the enrolling organization only."""
    if membership_of(user, enrolment.organization) is not None:
        return ALLOW
    return hide()


@rule("delivery.guardian_request")
def guardian_request(user, beneficiary):
    """A guardian's request (export, correct, delete): a program officer whose region contains the child's county.
    Anyone else: 404, so the page does not tell who is on file."""
    if officer_covers(user, beneficiary.county):
        return ALLOW
    return hide()


@rule("delivery.delete_log")
def delete_log(user, log):
    return manage_grant_data(user, log.grant)
