"""Permission rules for grants, milestones, payments and evaluations (one predicate per action)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.permissions import ALLOW, deny, hide, officer_covers, rule
from organizations.selectors import conflict_of_interest, membership_of

from .models import GrantStatus


def _officer(user, grant) -> bool:
    return officer_covers(user, grant.issuing_region)


def _member(user, grant) -> bool:
    return membership_of(user, grant.organization) is not None


def _assigned_evaluator(user, grant) -> bool:
    return user.is_evaluator and grant.evaluations.filter(evaluator=user).exists()


def _conflict_reason(user, organization):
    """Why not, when ``user`` is, or recently was, a member of ``organization`` (whatever other role they hold): such
    a person may not sign, manage, review, pay or evaluate anything of it. None when there is no conflict."""
    if conflict_of_interest(user, organization):
        return _(
            "利益冲突：您是（或 %(days)s 天内曾是）“%(organization)s”的成员，"
            "不能办理该组织项目的签订、管理、审核、拨付或评估，请由其他人员办理。"
        ) % {"days": settings.CONFLICT_OF_INTEREST_DAYS, "organization": organization.name}
    return None


def _submitter_reason(user, milestone):
    """Nobody decides on or pays what they submitted themselves."""
    if milestone.submitted_by_id is not None and milestone.submitted_by_id == user.pk:
        return _("该节点材料由您本人提交，审核和拨付须由其他项目官员办理。")
    return None


def _closed_reason(grant):
    """Why nothing more can happen on this grant, or None while it runs."""
    if grant.status == GrantStatus.TERMINATED:
        return _("该项目已终止，不能再进行任何操作。")
    if grant.status == GrantStatus.COMPLETED:
        return _("该项目已结项，不能再进行此操作。")
    return None


@rule("grants.view")
def view_grant(user, grant):
    if user.is_platform_admin or _officer(user, grant) or _member(user, grant) or _assigned_evaluator(user, grant):
        return ALLOW
    return hide()


@rule("grants.create")
def create_grant(user, application):
    """Turn an approved application into a grant: officers of the call's issuing region."""
    if officer_covers(user, application.call.issuing_region):
        reason = _conflict_reason(user, application.organization)
        return deny(reason) if reason else ALLOW
    if membership_of(user, application.organization) is not None:
        return deny(_("只有发布该申报指南地区的项目官员可以签订合同。"))
    return hide()


@rule("grants.manage")
def manage_grant(user, grant):
    """Change the schedule, suspend, resume, complete or terminate, assign and publish evaluations."""
    if _officer(user, grant):
        reason = _closed_reason(grant) or _conflict_reason(user, grant.organization)
        return deny(reason) if reason else ALLOW
    if view_grant(user, grant):
        return deny(_("只有发包地区的项目官员可以管理项目合同。"))
    return hide()


@rule("grants.view_audit")
def view_audit(user, grant):
    if user.is_platform_admin or _officer(user, grant):
        return ALLOW
    return deny(_("只有项目官员可以查看项目的完整操作记录。")) if view_grant(user, grant) else hide()


@rule("grants.milestone_submit")
def submit_milestone(user, milestone):
    grant = milestone.grant
    if not _member(user, grant):
        if view_grant(user, grant):
            return deny(_("只有承接项目的社会组织可以提交节点材料。"))
        return hide()
    reason = _closed_reason(grant)
    if reason:
        return deny(reason)
    if grant.status == GrantStatus.SUSPENDED:
        return deny(_("项目已暂停，暂停期间不能提交节点材料。"))
    return ALLOW


@rule("grants.milestone_review")
def review_milestone(user, milestone):
    grant = milestone.grant
    if not _officer(user, grant):
        return deny(_("只有发包地区的项目官员可以审核节点。")) if view_grant(user, grant) else hide()
    reason = _closed_reason(grant) or _conflict_reason(user, grant.organization) or _submitter_reason(user, milestone)
    return deny(reason) if reason else ALLOW


@rule("grants.milestone_release")
def release_payment(user, milestone):
    """Four eyes: the officer who approved the milestone may not also release its payment, nor may the person who
    submitted it or anyone in conflict with the organization."""
    grant = milestone.grant
    if not _officer(user, grant):
        return deny(_("只有发包地区的项目官员可以拨付资金。")) if view_grant(user, grant) else hide()
    reason = _closed_reason(grant)
    if reason:
        return deny(reason)
    if grant.status == GrantStatus.SUSPENDED:
        return deny(_("项目已暂停，暂停期间不能拨付资金。"))
    reason = _conflict_reason(user, grant.organization) or _submitter_reason(user, milestone)
    if reason:
        return deny(reason)
    if milestone.approved_by_id == user.pk:
        return deny(_("您审核通过了该节点，拨付须由另一位项目官员办理（双人复核）。"))
    return ALLOW


@rule("grants.evaluation_view")
def view_evaluation(user, evaluation):
    """The evaluator, the officers and platform admins see it at every stage. The grant's organization reads it (page
    and report) once it is published, as the public already reads its grade and summary; before that it stays hidden,
    so an unfinished score is never shown to the organization being judged."""
    if evaluation.evaluator_id == user.pk or user.is_platform_admin or _officer(user, evaluation.grant):
        return ALLOW
    if evaluation.is_published and _member(user, evaluation.grant):
        return ALLOW
    return hide()


@rule("grants.evaluation_submit")
def submit_evaluation(user, evaluation):
    if evaluation.evaluator_id != user.pk:
        return deny(_("只有被指派的评估人员可以提交评估。")) if _officer(user, evaluation.grant) else hide()
    reason = _closed_reason(evaluation.grant) if evaluation.grant.is_terminated else None
    if reason:
        return deny(reason)
    if evaluation.is_published:
        return deny(_("评估结果已公开，不能再修改。"))
    reason = _conflict_reason(user, evaluation.grant.organization)
    return deny(reason) if reason else ALLOW


@rule("grants.evaluation_publish")
def publish_evaluation(user, evaluation):
    if not _officer(user, evaluation.grant):
        return deny(_("只有发包地区的项目官员可以公开评估结果。")) if evaluation.evaluator_id == user.pk else hide()
    if evaluation.grant.is_terminated:
        return deny(_("该项目已终止，不能再进行任何操作。"))
    reason = _conflict_reason(user, evaluation.grant.organization)
    return deny(reason) if reason else ALLOW


@rule("grants.evaluation_assign")
def assign_evaluation(user, grant):
    """Evaluations are assigned while a grant runs and after it is completed (the final one), never once terminated."""
    if not _officer(user, grant):
        return deny(_("只有发包地区的项目官员可以指派第三方评估。")) if view_grant(user, grant) else hide()
    if grant.is_terminated:
        return deny(_("该项目已终止，不能再进行任何操作。"))
    reason = _conflict_reason(user, grant.organization)
    return deny(reason) if reason else ALLOW
