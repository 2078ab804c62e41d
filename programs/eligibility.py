"""Eligibility rules (申报条件): each rule says whether an organization may apply to a call, and why not."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import format_money
from organizations.models import AnnualResult


@dataclass(frozen=True)
class Failure:
    rule: str
    message: str

    def __str__(self):
        return self.message


def _rating_level(rating: str) -> int:
    return int(rating[0]) if rating else 0


def organization_failures(call, organization, *, now=None) -> list[Failure]:
    """The rules about the organization itself (verified, rating, years registered, annual inspection). Only
    confirmed facts count: the rating and registration date in force (a change waiting for re-verification in
    ``pending_legal_facts`` does not) and an annual result an officer confirmed."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    failures = []
    if not organization.is_verified:
        failures.append(
            Failure(
                "verified",
                _("申报单位“%(name)s”尚未通过认证（当前：%(status)s），只有已认证的社会组织可以申报。")
                % {"name": organization.name, "status": organization.get_verification_status_display()},
            )
        )
    if call.min_rating:
        valid = organization.rating_valid_on(today)
        if not valid or _rating_level(organization.rating) < _rating_level(call.min_rating):
            held = organization.get_rating_display() if organization.rating else _("未评估")
            if organization.rating and not valid:
                held = _("%(rating)s（已过期）") % {"rating": organization.rating}
            failures.append(
                Failure(
                    "rating",
                    _("评估等级：本指南要求 %(required)s 及以上且在有效期内，申报单位为 %(held)s。")
                    % {"required": call.min_rating, "held": held},
                )
            )
    if call.min_years_registered:
        years = organization.years_registered(today)
        if years < call.min_years_registered:
            failures.append(
                Failure(
                    "years_registered",
                    _("登记年限：本指南要求登记满 %(required)s 年，申报单位登记 %(years)s 年。")
                    % {"required": call.min_years_registered, "years": years},
                )
            )
    if call.require_annual_status_passed:
        failure = _annual_status_failure(organization, today.year - 1)
        if failure:
            failures.append(failure)
    return failures


def _annual_status_failure(organization, year: int) -> Failure | None:
    """The organization enters its own result; only a result an officer confirmed counts (else it could declare
    itself 合格)."""
    statuses = [s for s in organization.annual_statuses.all() if s.year == year]
    status = statuses[0] if statuses else None
    if status is not None and status.is_confirmed and status.result == AnnualResult.PASSED:
        return None
    if status is None:
        held = _("无记录")
    elif not status.is_confirmed:
        held = _("%(result)s（待项目官员确认）") % {"result": status.get_result_display()}
    else:
        held = status.get_result_display()
    return Failure(
        "annual_status",
        _("年检年报：本指南要求 %(year)s 年度年检合格且经项目官员确认，申报单位为“%(held)s”。")
        % {"year": year, "held": held},
    )


def region_failures(call, regions) -> list[Failure]:
    """Service counties/townships must lie inside the issuing region."""
    if not call.require_service_region_inside:
        return []
    outside = [r.name for r in regions if not call.issuing_region.contains(r)]
    if not outside:
        return []
    return [
        Failure(
            "service_regions",
            _("服务地区：%(regions)s 不在发布地区“%(issuer)s”范围内。")
            % {"regions": "、".join(outside), "issuer": call.issuing_region.name},
        )
    ]


def time_failures(call, *, now=None) -> list[Failure]:
    """The call must be open by the server clock (Asia/Shanghai)."""
    now = now or timezone.now()
    if call.is_open(now):
        return []
    local = timezone.localtime(call.closes_at if now >= call.closes_at else call.opens_at)
    if now >= call.closes_at:
        message = _("申报时间：本指南已于 %(time)s 截止，不能再提交。") % {"time": f"{local:%Y-%m-%d %H:%M:%S}"}
    else:
        message = _("申报时间：本指南将于 %(time)s 开始接受申报。") % {"time": f"{local:%Y-%m-%d %H:%M:%S}"}
    return [Failure("time", message)]


def content_failures(application) -> list[Failure]:
    """What a complete application needs before it may be submitted."""
    call = application.call
    failures = []
    if not application.summary.strip():
        failures.append(Failure("summary", _("项目概述：提交前必须填写。")))
    lines = list(application.budget_lines.all())
    if not lines:
        failures.append(Failure("budget", _("预算明细：至少需要一行预算。")))
    total = application.budget_total()
    if total > call.per_project_cap:
        failures.append(
            Failure(
                "budget_cap",
                _("预算合计：%(total)s 元超过本指南单个项目上限 %(cap)s 元。")
                % {"total": format_money(total), "cap": format_money(call.per_project_cap)},
            )
        )
    regions = list(application.service_regions.all())
    if not regions:
        failures.append(Failure("service_regions", _("服务地区：至少选择一个服务县市区或乡镇。")))
    failures += region_failures(call, regions)
    if application.duration_months > call.contract_months:
        failures.append(
            Failure(
                "duration",
                _("项目周期：%(months)s 个月超过本指南的合同期限 %(limit)s 个月。")
                % {"months": application.duration_months, "limit": call.contract_months},
            )
        )
    return failures


def submission_failures(application, *, now=None) -> list[Failure]:
    """Every rule a submission breaks, each with its reason (empty when it may be submitted)."""
    return (
        time_failures(application.call, now=now)
        + organization_failures(application.call, application.organization, now=now)
        + content_failures(application)
        + target_failures(application)
    )


def target_failures(application) -> list[Failure]:
    """A target on each of the call's outcome indicators (成效指标)."""
    missing = list(application.call.indicators.exclude(targets__application=application).values_list("name", flat=True))
    if not missing:
        return []
    return [
        Failure("indicator_targets", _("成效目标：请填写以下指标的目标值：%(names)s。") % {"names": "、".join(missing)})
    ]
