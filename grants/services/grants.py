"""Creating grants from approved applications, and moving a grant through its status."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log, field_changes
from core.dates import validate_plausible_date
from core.money import format_money
from core.notifications import notify
from core.permissions import require
from core.uploads import validate_document
from programs.models import Application, ApplicationStatus
from programs.selectors import notice_for, notice_has_ended

from ..dates import add_months, latest_end_date
from ..funding import record_grant_funding
from ..models import ContractSequence, Grant, GrantStatus, Milestone, MilestoneStatus
from ..models.grants import CONTRACT_PREFIX
from ..tranches import split_award
from ..workflows import grant_workflow
from .common import grant_url, organization_members

_DEFAULT = object()


def allocate_contract_number(*, region, year: int) -> str:
    """The next contract number for ``region`` and ``year`` (HBMZ-420100-2026-0007). The sequence row is locked until
    the caller's transaction ends, so two officers signing at once get different numbers."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_contract_number() must run inside the transaction that uses the number")
    ContractSequence.objects.get_or_create(region=region, year=year)
    sequence = ContractSequence.objects.select_for_update().get(region=region, year=year)
    while True:
        sequence.last_number += 1
        number = f"{CONTRACT_PREFIX}-{region.code}-{year}-{sequence.last_number:04d}"
        if not Grant.objects.filter(contract_number=number).exists():
            break
    sequence.save(update_fields=["last_number"])
    return number


def _check_dates(call, start_date, end_date, signed_on, today: datetime.date, errors: dict) -> None:
    """A contract's dates: each within the plausible range, a period of at least one day within the call's maximum
    months, and a signing date that is not in the future (a typo such as 0201 or 2206 must not become a contract)."""
    for field, value in (("start_date", start_date), ("end_date", end_date), ("signed_on", signed_on)):
        if value is None and field != "signed_on":
            errors.setdefault(field, []).append(_("请填写合同的开始和结束日期。"))
            continue
        try:
            validate_plausible_date(value)
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)
    if signed_on is not None and signed_on > today:
        errors.setdefault("signed_on", []).append(_("签订日期不能晚于今天。"))
    if start_date is None or end_date is None or "start_date" in errors or "end_date" in errors:
        return
    if end_date <= start_date:
        errors.setdefault("end_date", []).append(_("结束日期必须晚于开始日期：合同期至少为一天。"))
        return
    latest = latest_end_date(start_date, call.max_contract_months)
    if end_date > latest:
        errors.setdefault("end_date", []).append(
            _("合同期限超出申报指南允许的 %(months)s 个月：开始日期为 %(start)s 时，结束日期最晚为 %(latest)s。")
            % {"months": call.max_contract_months, "start": start_date, "latest": latest}
        )


def grant_create(
    *,
    application: Application,
    actor,
    start_date: datetime.date,
    end_date: datetime.date,
    signed_contract,
    contact_name: str,
    contact_phone: str,
    bureau_contact_name: str,
    bureau_contact_phone: str,
    amount: Decimal | None = None,
    service_regions=None,
    brand_program=_DEFAULT,
    continues: Grant | None = None,
    signed_on: datetime.date | None = None,
) -> Grant:
    """Sign the contract for an approved application whose public notice has ended, and lay out its milestones from
    the call's tranche templates (amounts summing exactly to the award)."""
    today = timezone.localdate()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("call", "organization").get(pk=application.pk)
        )
        require(actor, "grants.create", application)
        call = application.call
        if application.status != ApplicationStatus.APPROVED:
            raise ValidationError(_("只有已立项（审批通过）的申报书才能签订合同。"))
        if Grant.objects.filter(application=application).exists():
            raise ValidationError(_("该申报书已经签订合同，不能重复签订。"))
        if not notice_has_ended(application, on=today):
            notice = notice_for(application)
            if notice is None:
                raise ValidationError(_("该项目尚未进行立项公示，公示期结束后才能签订合同。"))
            raise ValidationError(
                _("立项公示期至 %(ends)s 结束，公示期结束后才能签订合同。") % {"ends": notice.ends_on}
            )

        errors: dict[str, list] = {}
        amount = application.approved_amount if amount is None else amount
        if amount is None or amount <= 0:
            errors.setdefault("amount", []).append(_("合同金额必须大于 0 元。"))
        elif application.approved_amount is not None and amount > application.approved_amount:
            errors.setdefault("amount", []).append(
                _("合同金额 %(amount)s 元不能超过立项金额 %(approved)s 元。")
                % {"amount": format_money(amount), "approved": format_money(application.approved_amount)}
            )
        _check_dates(call, start_date, end_date, signed_on, today, errors)
        templates = list(call.tranche_templates.order_by("order", "id"))
        tranches: list[Decimal] = []
        if not templates:
            errors.setdefault("__all__", []).append(_("申报指南没有设置拨付节点模板，无法生成项目节点。"))
        elif "amount" not in errors:
            try:
                tranches = split_award(amount, [t.percentage for t in templates])
            except ValidationError as error:
                errors.setdefault("amount", []).extend(error.messages)
        if continues is not None:
            if continues.organization_id != application.organization_id:
                errors.setdefault("continues", []).append(_("续签的原项目必须由同一社会组织承接。"))
            elif Grant.objects.filter(continues=continues).exists():
                errors.setdefault("continues", []).append(
                    _("项目 %(number)s 已经续签过，不能再次续签。") % {"number": continues.contract_number}
                )
        regions = list(service_regions) if service_regions is not None else list(application.service_regions.all())
        outside = [region.name for region in regions if not call.issuing_region.contains(region)]
        if not regions:
            errors.setdefault("service_regions", []).append(_("请至少选择一个服务区域。"))
        elif outside:
            errors.setdefault("service_regions", []).append(
                _("服务区域必须在发包地区%(issuer)s之内：%(outside)s 不在其中。")
                % {"issuer": call.issuing_region.name, "outside": "、".join(outside)}
            )
        if not signed_contract:
            errors.setdefault("signed_contract", []).append(_("请上传已签署的合同扫描件。"))
        else:
            try:
                validate_document(signed_contract)
            except ValidationError as error:
                errors.setdefault("signed_contract", []).extend(error.messages)
        if errors:
            raise ValidationError(errors)

        grant = Grant.objects.create(
            application=application,
            call=call,
            organization=application.organization,
            issuing_region=call.issuing_region,
            contract_number=allocate_contract_number(region=call.issuing_region, year=(signed_on or today).year),
            title=application.title,
            amount=amount,
            start_date=start_date,
            end_date=end_date,
            funding_source=call.funding_source,
            brand_program=call.brand_program if brand_program is _DEFAULT else brand_program,
            signed_contract=signed_contract,
            contact_name=contact_name,
            contact_phone=contact_phone,
            bureau_contact_name=bureau_contact_name,
            bureau_contact_phone=bureau_contact_phone,
            continues=continues,
            signed_on=signed_on or today,
            created_by=actor,
        )
        grant.service_regions.set(service_regions if service_regions is not None else application.service_regions.all())
        shares = record_grant_funding(grant)
        Milestone.objects.bulk_create(
            Milestone(
                grant=grant,
                order=number,
                title=template.title,
                deliverables=template.deliverables,
                due_date=min(add_months(start_date, template.due_after_months), end_date),
                percentage=template.percentage,
                payment_amount=tranche,
                status=MilestoneStatus.PENDING,
            )
            for number, (template, tranche) in enumerate(zip(templates, tranches, strict=True), start=1)
        )
        audit_log(
            actor=actor,
            action="grant.create",
            target=grant,
            details={
                "application": application.pk,
                "contract_number": grant.contract_number,
                "amount": amount,
                "period": [start_date, end_date],
                "tranches": tranches,
                "continues": continues.contract_number if continues else None,
                "funding": {share.source: share.amount for share in shares},
            },
        )
        notify(
            recipients=organization_members(grant.organization),
            subject=_("项目合同已签订：%(number)s") % {"number": grant.contract_number},
            body=_("“%(title)s”已签订合同，请按节点要求提交进展材料。") % {"title": grant.title},
            url=grant_url(grant),
        )
    return grant


def grant_change_status(*, grant: Grant, action: str, actor, reason: str = "") -> Grant:
    """Start, suspend, resume, complete or terminate a grant. Suspension and termination need a reason (a
    termination reason is public); completion needs every tranche paid."""
    with transaction.atomic():
        grant = Grant.objects.select_for_update().select_related("issuing_region", "organization").get(pk=grant.pk)
        require(actor, "grants.manage", grant)
        previous, previous_reason = grant.status, grant.status_reason
        new_status = grant_workflow.next_state(grant.status, action)
        reason = (reason or "").strip()
        if action in ("suspend", "terminate") and not reason:
            raise ValidationError({"reason": [_("请填写暂停或终止的原因。")]})
        if action == "complete":
            unpaid = grant.milestones.exclude(status=MilestoneStatus.PAID).count()
            if unpaid:
                raise ValidationError(_("还有 %(count)s 个节点未完成拨付，全部拨付后才能结项。") % {"count": unpaid})
        grant.status = new_status
        if action in ("suspend", "terminate"):
            grant.status_reason = reason
        elif action == "resume":
            grant.status_reason = ""
        grant.save(update_fields=["status", "status_reason"])
        audit_log(
            actor=actor,
            action=f"grant.{action}",
            target=grant,
            details={"from": previous, "to": new_status, "reason": reason},
            changes=field_changes(
                {"status": previous, "status_reason": previous_reason},
                {"status": grant.status, "status_reason": grant.status_reason},
            ),
        )
        notify(
            recipients=organization_members(grant.organization),
            subject=_("项目状态变更：%(number)s %(status)s")
            % {"number": grant.contract_number, "status": grant.get_status_display()},
            body=reason,
            url=grant_url(grant),
        )
    return grant


def grant_start_if_signed(*, grant: Grant, actor) -> None:
    """The first milestone submission puts a signed grant in progress (called inside the submitting transaction)."""
    if grant.status == GrantStatus.SIGNED:
        grant.status = GrantStatus.IN_PROGRESS
        grant.save(update_fields=["status"])
        audit_log(
            actor=actor,
            action="grant.start",
            target=grant,
            details={"from": "signed", "to": "in_progress"},
            changes={"status": [GrantStatus.SIGNED.value, GrantStatus.IN_PROGRESS.value]},
        )
