"""Demo grants at every stage: signed, submitted, returned, approved awaiting release, paid, overdue, suspended,
terminated, completed with published evaluations, and a renewal chain. Built through the real services so that audit
timelines and notifications look as they would in use. Idempotent: a grant that exists is left alone.

Dates are relative to today, so "overdue" and "due next week" stay true whenever the demo is seeded. The approved
application 江岸区“五社联动”儿童关爱项目 (programs demo) is deliberately left without a grant, for the walkthrough in
docs/grants.md: officer_hubei signs it, org_wuhan_admin reports, officer_hubei2 releases.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import Region
from programs.models import (
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    FundingSource,
    PublicNotice,
    TrancheTemplate,
)

from .dates import add_months, latest_end_date
from .models import EvaluationKind, Grant
from .services import (
    evaluation_assign,
    evaluation_publish,
    evaluation_submit,
    grant_change_status,
    grant_create,
    milestone_approve,
    milestone_release,
    milestone_return,
    milestone_submit,
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TRANCHES = [
    ("首期：服务方案与需求评估", Decimal("40"), 3, "服务方案、需求评估报告、儿童档案建立情况"),
    ("中期：服务开展与中期报告", Decimal("30"), 7, "中期报告、服务记录汇总、督导记录"),
    ("末期：结项报告", Decimal("30"), 11, "结项报告、成效评估、财务决算"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _demo_call(*, title, region_code, officer, funding_source, continuing, brand=None) -> Call:
    today = timezone.localdate()
    opens = timezone.make_aware(datetime.datetime.combine(add_months(today, -16), datetime.time(9)))
    call, created = Call.objects.get_or_create(
        title=title,
        defaults={
            "issuing_region": Region.objects.get(code=region_code),
            "issuing_bureau": officer.officer_scope.bureau,
            "summary": "往年度购买服务项目（演示数据）。",
            "funding_source": funding_source,
            "total_budget": Decimal("2000000.00"),
            "per_project_cap": Decimal("300000.00"),
            "opens_at": opens,
            "closes_at": opens + datetime.timedelta(days=30),
            "brand_program": brand,
            "is_continuing_service": continuing,
            "contract_months": 36 if continuing else 12,
            "status": CallStatus.PUBLISHED,
            "published_at": opens,
            "created_by": officer,
        },
    )
    if created:
        for order, (name, percentage, months, deliverables) in enumerate(TRANCHES, start=1):
            TrancheTemplate.objects.create(
                call=call,
                order=order,
                title=name,
                percentage=percentage,
                due_after_months=months,
                deliverables=deliverables,
            )
    return call


def _approved(call, organization, *, title, amount, regions, officer) -> Application:
    application, created = Application.objects.get_or_create(
        call=call,
        title=title,
        defaults={
            "organization": organization,
            "summary": "为服务地区的留守儿童和困境儿童提供监护指导、心理疏导和学业辅导。",
            "status": ApplicationStatus.APPROVED,
            "requested_amount": amount,
            "approved_amount": amount,
            "decided_by": officer,
            "decided_at": timezone.now() - datetime.timedelta(days=400),
            "decision_reason": "评审通过（演示数据）。",
            "created_by": officer,
        },
    )
    if created:
        application.service_regions.set(Region.objects.filter(code__in=regions))
        notice = PublicNotice.objects.filter(call=call).first()
        if notice is None:
            ends = timezone.localdate() - datetime.timedelta(days=400)
            notice = PublicNotice.objects.create(
                call=call,
                starts_on=ends - datetime.timedelta(days=7),
                ends_on=ends,
                published_at=timezone.now() - datetime.timedelta(days=408),
                published_by=officer,
                text="立项结果公示（演示数据）。",
            )
        notice.applications.add(application)
    return application


def _grant(application, *, officer, start, continues=None) -> tuple[Grant, bool]:
    existing = Grant.objects.filter(application=application).first()
    if existing is not None:
        return existing, False
    grant = grant_create(
        application=application,
        actor=officer,
        start_date=start,
        end_date=latest_end_date(start, 12),
        signed_contract=_pdf("合同.pdf"),
        contact_name=application.organization.legal_representative,
        contact_phone=application.organization.contact_phone,
        bureau_contact_name=officer.display_name,
        bureau_contact_phone="027-87000000",
        continues=continues,
        signed_on=min(start, timezone.localdate()) - datetime.timedelta(days=5),
    )
    return grant, True


def _submit(milestone, member, text="按计划完成本节点各项服务，详见佐证材料。"):
    return milestone_submit(
        milestone=milestone, actor=member, narrative=text, evidence_files=[_pdf(f"节点{milestone.order}佐证.pdf")]
    )


def _pay(milestone, *, member, approver, releaser, voucher):
    _submit(milestone, member)
    milestone_approve(milestone=milestone, actor=approver, comment="材料齐全，同意通过。")
    paid_on = min(milestone.due_date + datetime.timedelta(days=10), timezone.localdate())
    milestone_release(milestone=milestone, actor=releaser, paid_on=paid_on, voucher_number=voucher)


def _evaluate(grant, *, kind, evaluator, officer, score=None, summary="", publish=False):
    evaluation = grant.evaluations.filter(kind=kind).first() or evaluation_assign(
        grant=grant, kind=kind, evaluator=evaluator, actor=officer
    )
    if score is not None and evaluation.status == "assigned":
        evaluation = evaluation_submit(
            evaluation=evaluation, actor=evaluator, score=Decimal(score), summary=summary, report=_pdf("评估报告.pdf")
        )
    if publish and evaluation.status == "submitted":
        evaluation_publish(evaluation=evaluation, actor=officer)
    return evaluation


def seed_grants(*, users: dict, organizations: dict, programs: dict) -> dict:
    today = timezone.localdate()
    wuhan, wuhan2 = users["officer_wuhan"], users["officer_wuhan2"]
    enshi, hubei, hubei2 = users["officer_enshi"], users["officer_hubei"], users["officer_hubei2"]
    evaluator = users["evaluator_li"]
    hope, sunshine = organizations["wuhan_hope"], organizations["enshi_sunshine"]
    hope_member = hope.memberships.filter(role="admin").first().user
    sunshine_member = sunshine.memberships.filter(role="admin").first().user
    brands = programs.get("brands", {})
    grants: dict[str, Grant] = {}

    wuhan_call = _demo_call(
        title="武汉市儿童关爱持续性服务项目（演示·往年度）",
        region_code="420100",
        officer=wuhan,
        funding_source=FundingSource.WELFARE_LOTTERY,
        continuing=True,
        brand=brands.get("tongban-mama"),
    )
    enshi_call = _demo_call(
        title="恩施州农村留守儿童关爱服务项目（演示·往年度）",
        region_code="422800",
        officer=enshi,
        funding_source=FundingSource.FISCAL,
        continuing=False,
    )

    def wuhan_app(title, amount, regions=("420102",)):
        return _approved(wuhan_call, hope, title=title, amount=Decimal(amount), regions=regions, officer=wuhan)

    def enshi_app(title, amount, regions=("422801",)):
        return _approved(enshi_call, sunshine, title=title, amount=Decimal(amount), regions=regions, officer=enshi)

    # Completed last year, with mid-term and final evaluations published; renewed by "overdue" below.
    grant, created = _grant(
        wuhan_app("江岸区童伴妈妈驻站服务（第一期）", "120000.00"), officer=wuhan, start=add_months(today, -20)
    )
    if created:
        for milestone in grant.milestones.order_by("order"):
            _pay(
                milestone,
                member=hope_member,
                approver=wuhan,
                releaser=wuhan2,
                voucher=f"DEMO-{grant.pk}-{milestone.order}",
            )
        grant_change_status(grant=grant, action="complete", actor=wuhan)
        _evaluate(
            grant,
            kind=EvaluationKind.MIDTERM,
            evaluator=evaluator,
            officer=wuhan,
            score="84.00",
            summary="服务按计划推进，个案管理规范，建议加强家长参与。",
            publish=True,
        )
        _evaluate(
            grant,
            kind=EvaluationKind.FINAL,
            evaluator=evaluator,
            officer=wuhan,
            score="92.50",
            summary="覆盖留守儿童 126 名，监护状况改善率 86%，家长满意度 95%。项目管理规范，成效显著。",
            publish=True,
        )
    grants["completed"] = grant

    # Renewal of the completed grant: first tranche paid, second overdue by 3 days.
    grant, created = _grant(
        wuhan_app("江岸区童伴妈妈驻站服务（第二期）", "126000.00"),
        officer=wuhan,
        start=add_months(today - datetime.timedelta(days=3), -7),
        continues=grants["completed"],
    )
    if created:
        _pay(
            grant.milestones.get(order=1),
            member=hope_member,
            approver=wuhan,
            releaser=wuhan2,
            voucher=f"DEMO-{grant.pk}-1",
        )
    grants["overdue"] = grant

    # Signed last week; nothing due yet.
    grant, _ = _grant(
        wuhan_app("江汉区困境儿童监护支持项目", "98000.50", ("420103",)),
        officer=wuhan,
        start=today + datetime.timedelta(days=10),
    )
    grants["signed"] = grant

    # Milestone 1 submitted, waiting for the officer.
    grant, created = _grant(
        wuhan_app("硚口区儿童之家提质项目", "86000.00", ("420104",)),
        officer=wuhan,
        start=add_months(today + datetime.timedelta(days=10), -3),
    )
    if created:
        _submit(grant.milestones.get(order=1), hope_member)
    grants["submitted"] = grant

    # Milestone 1 returned with comments, due in a week.
    grant, created = _grant(
        wuhan_app("汉阳区留守儿童学业陪伴项目", "75000.00", ("420105",)),
        officer=wuhan,
        start=add_months(today + datetime.timedelta(days=7), -3),
    )
    if created:
        milestone = _submit(grant.milestones.get(order=1), hope_member)
        milestone_return(milestone=milestone, actor=wuhan, comment="请补充儿童需求评估表和家长知情同意书（已脱敏）。")
    grants["returned"] = grant

    # Milestone 1 approved by officer_wuhan: officer_wuhan2 releases it (four eyes).
    grant, created = _grant(
        wuhan_app("青山区困境儿童心理疏导项目", "110000.00", ("420107",)),
        officer=wuhan,
        start=add_months(today - datetime.timedelta(days=5), -3),
    )
    if created:
        milestone = _submit(grant.milestones.get(order=1), hope_member)
        milestone_approve(milestone=milestone, actor=wuhan, comment="同意通过，请复核拨付。")
    grants["approved"] = grant

    # Terminated after the first tranche; the reason is public.
    grant, created = _grant(
        wuhan_app("洪山区儿童安全教育项目", "60000.00", ("420111",)), officer=wuhan, start=add_months(today, -5)
    )
    if created:
        _pay(
            grant.milestones.get(order=1),
            member=hope_member,
            approver=wuhan,
            releaser=wuhan2,
            voucher=f"DEMO-{grant.pk}-1",
        )
        grant_change_status(
            grant=grant,
            action="terminate",
            actor=wuhan,
            reason="承接机构核心社工团队解散，经协商一致解除合同，未拨付资金不再拨付。",
        )
    grants["terminated"] = grant

    # Enshi: milestone 1 one day overdue; a mid-term evaluation assigned to evaluator_li.
    grant, created = _grant(
        enshi_app("恩施市留守儿童“童心港湾”驻村服务", "132000.00"),
        officer=enshi,
        start=add_months(today - datetime.timedelta(days=1), -3),
    )
    if created:
        _evaluate(grant, kind=EvaluationKind.MIDTERM, evaluator=evaluator, officer=enshi)
    grants["enshi_overdue"] = grant

    # Enshi: suspended while a complaint is checked.
    grant, created = _grant(
        enshi_app("利川市困境儿童关爱项目", "90000.00", ("422802",)), officer=enshi, start=add_months(today, -2)
    )
    if created:
        grant_change_status(grant=grant, action="suspend", actor=enshi, reason="收到服务投诉，核查期间暂停。")
    grants["suspended"] = grant

    # The province's "五社联动" call (programs demo): the Enshi application becomes a grant in progress whose
    # mid-term evaluation waits for publication; the Jiang'an one is left for the walkthrough.
    enshi_ready = programs.get("applications", {}).get("notice_ended_enshi")
    if enshi_ready is not None and enshi_ready.status == ApplicationStatus.APPROVED:
        grant, created = _grant(enshi_ready, officer=hubei, start=add_months(today, -4))
        if created:
            _pay(
                grant.milestones.order_by("order").first(),
                member=sunshine_member,
                approver=hubei,
                releaser=hubei2,
                voucher=f"DEMO-{grant.pk}-1",
            )
            second = _submit(grant.milestones.order_by("order")[1], sunshine_member, "提前提交中期材料。")
            milestone_return(milestone=second, actor=hubei, comment="服务记录汇总缺少 9 月数据，请补充后重新提交。")
            _submit(second, sunshine_member, "已补充 9 月服务记录汇总。")
            _evaluate(
                grant,
                kind=EvaluationKind.MIDTERM,
                evaluator=evaluator,
                officer=hubei,
                score="78.00",
                summary="服务已覆盖 4 个村，入户走访及时；志愿者管理有待加强。",
            )
        grants["province"] = grant
    return grants
