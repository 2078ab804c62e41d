"""Permission rules for calls, applications and reviews."""

from django.utils.translation import gettext_lazy as _

from core.permissions import ALLOW, deny, hide, officer_covers, rule
from organizations.selectors import conflict_of_interest, membership_of

from .models import ApplicationStatus, ReviewStatus


def _is_applicant(user, application) -> bool:
    return membership_of(user, application.organization) is not None


def _unless_conflict(user, application, doing):
    """ALLOW, or a denial when ``user`` is, or was within ``CONFLICT_OF_INTEREST_DAYS``, a member of the applicant:
    whatever other role they hold, they may not screen, review, decide or announce that organization's application.
    ``doing`` completes the sentence (e.g. "初审该申报书")."""
    if conflict_of_interest(user, application.organization):
        return deny(_("您是（或曾是）该申报单位的成员，存在利益冲突，不能%(doing)s。") % {"doing": doing})
    return ALLOW


@rule("programs.call_manage")
def call_manage(user, call):
    """Create (``call`` is the issuing region then) or edit, publish and cancel a call."""
    region = getattr(call, "issuing_region", call)
    if region is None:
        return ALLOW if user.is_officer else deny(_("只有项目官员可以发布申报指南。"))
    if officer_covers(user, region):
        return ALLOW
    if user.is_officer:
        return hide()
    return deny(_("只有项目官员可以发布申报指南。"))


@rule("programs.application_create")
def application_create(user, organization):
    if membership_of(user, organization) is None:
        return hide()
    return ALLOW


@rule("programs.application_view")
def application_view(user, application):
    if user.is_platform_admin or _is_applicant(user, application):
        return ALLOW
    # A draft is the organization's own until it is submitted: officers never see it, by any URL (their list and
    # their detail page leave drafts out too, see selectors.officer_applications).
    if application.status == ApplicationStatus.DRAFT:
        return hide()
    if officer_covers(user, application.call.issuing_region):
        return ALLOW
    # A reviewer reads the application once they have declared no conflict of interest.
    if application.reviews.filter(reviewer=user, status__in=[ReviewStatus.ACCEPTED, ReviewStatus.SUBMITTED]).exists():
        return ALLOW
    return hide()


@rule("programs.application_edit")
def application_edit(user, application):
    if not _is_applicant(user, application):
        if officer_covers(user, application.call.issuing_region):
            return deny(_("只有申报单位的成员可以修改申报书。"))
        return hide()
    if not application.is_editable:
        return deny(
            _("申报书已提交，当前状态为“%(status)s”，不能修改。") % {"status": application.get_status_display()}
        )
    return ALLOW


def _applicant_action(user, application, message):
    if _is_applicant(user, application):
        return ALLOW
    if officer_covers(user, application.call.issuing_region):
        return deny(message)
    return hide()


@rule("programs.application_submit")
def application_submit(user, application):
    return _applicant_action(user, application, _("只有申报单位的成员可以提交申报书。"))


@rule("programs.application_withdraw")
def application_withdraw(user, application):
    return _applicant_action(user, application, _("只有申报单位的成员可以撤回申报书。"))


def _officer_action(user, application, message, doing):
    if officer_covers(user, application.call.issuing_region):
        return _unless_conflict(user, application, doing)
    if _is_applicant(user, application):
        return deny(message)
    return hide()


@rule("programs.application_screen")
def application_screen(user, application):
    """Return for revision or pass to review (初审)."""
    return _officer_action(
        user, application, _("只有发布地区的项目官员可以初审申报书。"), _("初审、退回或送审该申报书")
    )


@rule("programs.application_assign_reviewers")
def application_assign_reviewers(user, application):
    return _officer_action(
        user, application, _("只有发布地区的项目官员可以分配评审专家。"), _("为该申报书分配评审专家")
    )


@rule("programs.application_decide")
def application_decide(user, application):
    """Approve or reject (立项决定)."""
    return _officer_action(
        user, application, _("只有发布地区的项目官员可以作出立项决定。"), _("对该申报书作出立项决定")
    )


@rule("programs.application_announce")
def application_announce(user, application):
    """List an approved application in the call's public notice (立项公示)."""
    return _officer_action(
        user, application, _("只有发布地区的项目官员可以发布立项公示。"), _("发布该申报书的立项公示")
    )


@rule("programs.review_declare")
def review_declare(user, assignment):
    """Declare no conflict of interest, or decline: only the assigned reviewer."""
    if assignment.reviewer_id != user.pk:
        return hide()
    if assignment.status != ReviewStatus.ASSIGNED:
        return deny(_("您已经作过利益冲突声明。"))
    return _unless_conflict(user, assignment.application, _("评审该申报书"))


@rule("programs.review_read_application")
def review_read_application(user, assignment):
    if assignment.reviewer_id != user.pk:
        return hide()
    if assignment.status == ReviewStatus.ASSIGNED:
        return deny(_("请先声明与申报单位无利益冲突，再查看申报书。"))
    if assignment.status == ReviewStatus.DECLINED:
        return deny(_("您已回避此项评审。"))
    return ALLOW


@rule("programs.review_score")
def review_score(user, assignment):
    decision = review_read_application(user, assignment)
    if not decision.allowed:
        return decision
    if assignment.status == ReviewStatus.SUBMITTED:
        return deny(_("评审意见已提交，不能再修改。"))
    # A reviewer who joined the applicant after accepting is stopped here too.
    return _unless_conflict(user, assignment.application, _("评审该申报书"))
