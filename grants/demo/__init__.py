"""Demo grants at every stage, spread over the province as a real programme would be: 武汉市 (officer_wuhan signs and
approves, officer_wuhan2 releases), 宜昌市 (a city without a demo officer of its own: officer_hubei acts, officer_hubei2
releases), 恩施州 (officer_enshi) and a province-issued grant, delivered by the three verified demo organizations
(wuhan_hope, yichang_star, enshi_sunshine). Stages: signed, submitted, returned, resubmitted, approved awaiting release,
paid, overdue, suspended, terminated, completed with published evaluations, and a renewal chain.

Built through the real services so that audit timelines and notifications look as they would in use. Idempotent: a
grant that exists is left alone. Dates are relative to today, so "overdue" and "due next week" stay true whenever the
demo is seeded. The approved application 江岸区“五社联动”儿童关爱项目 (programs demo) is deliberately left without a
grant, for the walkthrough in docs/grants.md: officer_hubei signs it, org_wuhan_admin reports, officer_hubei2 releases.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from programs.models import ApplicationStatus, FundingSource

from ..dates import add_months
from ..models import EvaluationKind, Grant
from ..services import grant_change_status, milestone_approve, milestone_return
from .builders import approved, demo_call, evaluate, pay, sign, submit

YICHANG_BUREAU = "宜昌市民政局"
YICHANG_CONTACT = ("宜昌市民政局 儿童福利科 覃伟", "0717-6220000")
ENSHI_CONTACT = ("恩施州民政局 儿童福利科 向红", "0718-8220000")


def _admin(organization):
    return organization.memberships.filter(role="admin").first().user


def _pay_all(grant, *, member, approver, releaser):
    for milestone in grant.milestones.order_by("order"):
        pay(
            milestone, member=member, approver=approver, releaser=releaser, voucher=f"DEMO-{grant.pk}-{milestone.order}"
        )


def seed_grants(*, users: dict, organizations: dict, programs: dict) -> dict:
    grants: dict[str, Grant] = {}
    grants.update(_seed_wuhan(users, organizations["wuhan_hope"], programs))
    grants.update(_seed_yichang(users, organizations["yichang_star"], programs))
    grants.update(_seed_enshi(users, organizations["enshi_sunshine"], programs))
    return grants


def _seed_wuhan(users, hope, programs) -> dict:
    """武汉市 and 武汉市江岸区希望社会工作服务中心: a completed grant renewed (the renewal overdue), a milestone waiting
    for review, and one approved by officer_wuhan waiting for officer_wuhan2 to release it (four eyes), its mid-term
    evaluation assigned to evaluator_li."""
    today = timezone.localdate()
    wuhan, wuhan2, evaluator = users["officer_wuhan"], users["officer_wuhan2"], users["evaluator_li"]
    member = _admin(hope)
    grants = {}
    call = demo_call(
        title="武汉市儿童关爱持续性服务项目（演示·往年度）",
        region_code="420100",
        officer=wuhan,
        funding_source=FundingSource.WELFARE_LOTTERY,
        continuing=True,
        brand=programs.get("brands", {}).get("tongban-mama"),
    )

    def application(title, amount, regions=("420102",)):
        return approved(call, hope, title=title, amount=Decimal(amount), regions=regions, officer=wuhan)

    # Completed last year, with mid-term and final evaluations published; renewed by "overdue" below.
    grant, created = sign(
        application("江岸区童伴妈妈驻站服务（第一期）", "120000.00"), officer=wuhan, start=add_months(today, -20)
    )
    if created:
        _pay_all(grant, member=member, approver=wuhan, releaser=wuhan2)
        grant_change_status(grant=grant, action="complete", actor=wuhan)
        evaluate(
            grant,
            kind=EvaluationKind.MIDTERM,
            evaluator=evaluator,
            officer=wuhan,
            score="84.00",
            summary="服务按计划推进，个案管理规范，建议加强家长参与。",
            publish=True,
        )
        evaluate(
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
    grant, created = sign(
        application("江岸区童伴妈妈驻站服务（第二期）", "126000.00"),
        officer=wuhan,
        start=add_months(today - datetime.timedelta(days=3), -7),
        continues=grants["completed"],
    )
    if created:
        pay(grant.milestones.get(order=1), member=member, approver=wuhan, releaser=wuhan2, voucher=f"DEMO-{grant.pk}-1")
    grants["overdue"] = grant

    # Milestone 1 submitted, waiting for the officer.
    grant, created = sign(
        application("江汉区儿童之家提质项目", "86000.00", ("420103",)),
        officer=wuhan,
        start=add_months(today + datetime.timedelta(days=10), -3),
    )
    if created:
        submit(grant.milestones.get(order=1), member)
    grants["submitted"] = grant

    # Milestone 1 approved by officer_wuhan: officer_wuhan2 releases it (four eyes).
    grant, created = sign(
        application("武昌区困境儿童心理疏导项目", "110000.00", ("420106",)),
        officer=wuhan,
        start=add_months(today - datetime.timedelta(days=5), -3),
    )
    if created:
        milestone = submit(grant.milestones.get(order=1), member)
        milestone_approve(milestone=milestone, actor=wuhan, comment="材料齐全，同意通过。")
        # Its first milestone approved, the mid-term evaluation can start: evaluator_li's open task.
        evaluate(grant, kind=EvaluationKind.MIDTERM, evaluator=evaluator, officer=wuhan)
    grants["approved"] = grant
    return grants


def _seed_yichang(users, star, programs) -> dict:
    """宜昌市 and 宜昌市星光儿童关爱服务中心: a completed grant with a published final evaluation, one signed and
    not yet due, one returned with comments, one terminated. The province's officers act for 宜昌 (no officer there)."""
    today = timezone.localdate()
    hubei, hubei2, evaluator = users["officer_hubei"], users["officer_hubei2"], users["evaluator_li"]
    member = _admin(star)
    grants = {}
    call = demo_call(
        title="宜昌市困境儿童关爱服务项目（演示·往年度）",
        region_code="420500",
        officer=hubei,
        bureau=YICHANG_BUREAU,
        funding_source=FundingSource.CHARITY,
        continuing=False,
        brand=programs.get("brands", {}).get("xiwang-banfei"),
    )

    def application(title, amount, regions):
        return approved(call, star, title=title, amount=Decimal(amount), regions=regions, officer=hubei)

    def contract(title, amount, regions, start):
        return sign(application(title, amount, regions), officer=hubei, start=start, bureau_contact=YICHANG_CONTACT)

    grant, created = contract("西陵区儿童之家示范运营项目", "150000.00", ("420502",), add_months(today, -19))
    if created:
        _pay_all(grant, member=member, approver=hubei, releaser=hubei2)
        grant_change_status(grant=grant, action="complete", actor=hubei)
        evaluate(
            grant,
            kind=EvaluationKind.FINAL,
            evaluator=evaluator,
            officer=hubei,
            score="86.50",
            summary="西陵区 6 个儿童之家全年开放，服务儿童 2,300 人次，儿童主任培训全覆盖；个案跟进记录有待完善。",
            publish=True,
        )
    grants["yichang_completed"] = grant

    # Signed last week; nothing due yet.
    grant, _ = contract("伍家岗区困境儿童监护支持项目", "98000.50", ("420503",), today + datetime.timedelta(days=10))
    grants["signed"] = grant

    # Milestone 1 returned with comments, due in a week.
    grant, created = contract(
        "夷陵区留守儿童学业陪伴项目", "75000.00", ("420506",), add_months(today + datetime.timedelta(days=7), -3)
    )
    if created:
        milestone = submit(grant.milestones.get(order=1), member)
        milestone_return(milestone=milestone, actor=hubei, comment="请补充儿童需求评估表和家长知情同意书（已脱敏）。")
    grants["returned"] = grant

    # Terminated after the first tranche; the reason is public.
    grant, created = contract("伍家岗区儿童安全教育项目", "60000.00", ("420503",), add_months(today, -5))
    if created:
        pay(grant.milestones.get(order=1), member=member, approver=hubei, releaser=hubei2, voucher=f"DEMO-{grant.pk}-1")
        grant_change_status(
            grant=grant,
            action="terminate",
            actor=hubei,
            reason="承接机构核心社工团队调整，无法按合同配备驻点社工，经协商一致解除合同，未拨付资金不再拨付。",
        )
    grants["terminated"] = grant
    return grants


def _seed_enshi(users, sunshine, programs) -> dict:
    """恩施州 and 恩施州阳光儿童社会工作服务中心: an overdue milestone, a suspended
    grant, and the province's "五社联动" grant whose mid-term evaluation waits for publication."""
    today = timezone.localdate()
    enshi, hubei, hubei2 = users["officer_enshi"], users["officer_hubei"], users["officer_hubei2"]
    evaluator = users["evaluator_li"]
    member = _admin(sunshine)
    grants = {}
    call = demo_call(
        title="恩施州农村留守儿童关爱服务项目（演示·往年度）",
        region_code="422800",
        officer=enshi,
        funding_source=FundingSource.FISCAL,
        continuing=False,
    )

    def contract(title, amount, regions, start):
        application = approved(call, sunshine, title=title, amount=Decimal(amount), regions=regions, officer=enshi)
        return sign(application, officer=enshi, start=start, bureau_contact=ENSHI_CONTACT)

    # Milestone 1 one day overdue (no evaluation yet: a mid-term one waits for the first approved milestone).
    grant, _ = contract(
        "恩施市留守儿童“童心港湾”驻村服务", "132000.00", ("422801",), add_months(today - datetime.timedelta(days=1), -3)
    )
    grants["enshi_overdue"] = grant

    # Suspended while a complaint is checked.
    grant, created = contract("利川市困境儿童关爱项目", "90000.00", ("422802",), add_months(today, -2))
    if created:
        grant_change_status(grant=grant, action="suspend", actor=enshi, reason="收到服务投诉，核查期间暂停。")
    grants["suspended"] = grant

    # The province's "五社联动" call (programs demo): the Enshi application becomes a grant in progress whose
    # mid-term evaluation waits for publication; the Jiang'an one is left for the walkthrough.
    ready = programs.get("applications", {}).get("notice_ended_enshi")
    if ready is not None and ready.status == ApplicationStatus.APPROVED:
        grant, created = sign(ready, officer=hubei, start=add_months(today, -4))
        if created:
            milestones = list(grant.milestones.order_by("order"))
            pay(milestones[0], member=member, approver=hubei, releaser=hubei2, voucher=f"DEMO-{grant.pk}-1")
            second = submit(milestones[1], member, "提前提交中期材料。")
            milestone_return(milestone=second, actor=hubei, comment="服务记录汇总缺少 9 月数据，请补充后重新提交。")
            submit(second, member, "已补充 9 月服务记录汇总。")
            evaluate(
                grant,
                kind=EvaluationKind.MIDTERM,
                evaluator=evaluator,
                officer=hubei,
                score="78.00",
                summary="服务已覆盖 4 个村，入户走访及时；志愿者管理有待加强。",
            )
        grants["province"] = grant
    return grants
