"""Who may do what with satisfaction surveys (one predicate per action; "hidden" is a 404).

- edit a call's questions: officers whose region issued the call;
- see a grant's QR sheets and print them: the grant's organization and the officers of the issuing region;
  generate new ones: the same, while the grant runs (signed or in progress);
- see the answers (distribution per question, the flagged patterns): the officers of the issuing region, the
  evaluators assigned to the grant and platform admins. The organization being surveyed sees its figure and how many
  codes were answered, not the flags (they would teach it how to avoid them); nor does an officer, evaluator or
  admin who is, or was within ``CONFLICT_OF_INTEREST_DAYS``, one of its members.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.permissions import ALLOW, deny, hide, officer_covers, rule
from grants.models.grants import ACTIVE_STATUSES
from organizations.selectors import conflict_of_interest, membership_of


def _member(user, grant) -> bool:
    return membership_of(user, grant.organization) is not None


def _officer(user, grant) -> bool:
    return officer_covers(user, grant.issuing_region)


def _evaluator(user, grant) -> bool:
    return user.is_authenticated and user.is_evaluator and grant.evaluations.filter(evaluator=user).exists()


@rule("surveys.edit_questions")
def edit_questions(user, call):
    if officer_covers(user, call.issuing_region):
        return ALLOW
    return hide()


@rule("surveys.view_sheets")
def view_sheets(user, grant):
    if _member(user, grant) or _officer(user, grant) or (user.is_authenticated and user.is_platform_admin):
        return ALLOW
    if _evaluator(user, grant):
        return ALLOW
    return hide()


@rule("surveys.create_sheet")
def create_sheet(user, grant):
    if not (_member(user, grant) or _officer(user, grant)):
        return hide()
    if grant.status not in ACTIVE_STATUSES:
        return deny(_("项目不在执行中，不能再生成问卷二维码。"))
    return ALLOW


@rule("surveys.view_results")
def view_results(user, grant):
    if conflict_of_interest(user, grant.organization) and (
        _officer(user, grant) or _evaluator(user, grant) or _member(user, grant) or user.is_platform_admin
    ):
        # An officer, evaluator or admin who acts (or acted within CONFLICT_OF_INTEREST_DAYS) for the organization
        # would carry its flags back to it.
        return deny(
            _("利益冲突：您是（或 %(days)s 天内曾是）“%(organization)s”的成员，不能查看该组织的答卷分布和异常提示。")
            % {"days": settings.CONFLICT_OF_INTEREST_DAYS, "organization": grant.organization.name}
        )
    if _officer(user, grant) or _evaluator(user, grant) or (user.is_authenticated and user.is_platform_admin):
        return ALLOW
    if _member(user, grant):
        return deny(_("答卷分布和异常提示仅供项目官员和评估人员查看。"))
    return hide()
