"""Building blocks of the grants demo: past calls with tranche templates, approved applications with an ended public
notice, and grants moved along through the real services (so audit timelines and notifications look as in use)."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.calendar import add_working_days
from core.models import Region, User
from programs.demo.builders import _review
from programs.models import (
    Application,
    ApplicationStatus,
    ApplicationVersion,
    Call,
    CallStatus,
    PublicNotice,
    TrancheTemplate,
)
from programs.services.applications import snapshot

from ..dates import add_months, latest_end_date
from ..models import Grant, Milestone
from ..services import (
    evaluation_assign,
    evaluation_publish,
    evaluation_submit,
    grant_create,
    milestone_approve,
    milestone_release,
    milestone_submit,
)

DEMO_REVIEWERS = ("reviewer_huang", "reviewer_zhang")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TRANCHES = [
    ("首期：服务方案与需求评估", Decimal("40"), 3, "服务方案、需求评估报告、儿童档案建立情况"),
    ("中期：服务开展与中期报告", Decimal("30"), 7, "中期报告、服务记录汇总、督导记录"),
    ("末期：结项报告", Decimal("30"), 11, "结项报告、成效评估、财务决算"),
]


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def demo_call(*, title, region_code, officer, funding_source, continuing, brand=None, bureau=None) -> Call:
    """A call of an earlier year, keyed by title. ``bureau`` names the issuing bureau when it is not the officer's own
    (a 市州 without a demo officer of its own: the province's officers act for it, as they may). It opened 26 months
    ago, so that it closed, was decided and its 公示 ended before the earliest demo contract starts (20 months ago)."""
    today = timezone.localdate()
    opens = timezone.make_aware(datetime.datetime.combine(add_months(today, -26), datetime.time(9)))
    call, created = Call.objects.get_or_create(
        title=title,
        defaults={
            "issuing_region": Region.objects.get(code=region_code),
            "issuing_bureau": bureau or officer.officer_scope.bureau,
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


def approved(call, organization, *, title, amount, regions, officer) -> Application:
    """An application of ``call`` as the rules would have left it: submitted before the call closed, scored by the
    call's minimum number of reviewers, decided after it closed, then published in a 公示 that starts on a working day
    after the decision and ends before any contract is signed."""
    applicant = organization.memberships.filter(role="admin").first().user
    submitted_at = call.closes_at - datetime.timedelta(days=5)
    reviewed_at = call.closes_at + datetime.timedelta(days=5)
    decided_at = call.closes_at + datetime.timedelta(days=10)
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
            "decided_at": decided_at,
            "submitted_at": submitted_at,
            "version": 1,
            "decision_reason": "评审通过（演示数据）。",
            "created_by": applicant,
        },
    )
    if created:
        application.service_regions.set(Region.objects.filter(code__in=regions))
        ApplicationVersion.objects.create(
            application=application,
            number=1,
            snapshot=snapshot(application),
            submitted_at=submitted_at,
            submitted_by=applicant,
        )
        reviewers = User.objects.filter(username__in=DEMO_REVIEWERS).order_by("username")[: call.min_reviewers]
        for reviewer, fraction in zip(reviewers, ("0.88", "0.84", "0.8"), strict=False):
            _review(
                application,
                reviewer,
                officer=officer,
                fraction=fraction,
                comment="方案完整，预算合理（演示数据）。",
                submitted_at=reviewed_at,
            )
        notice = PublicNotice.objects.filter(call=call).first()
        if notice is None:
            starts = add_working_days(timezone.localdate(decided_at) + datetime.timedelta(days=1), 1)
            notice = PublicNotice.objects.create(
                call=call,
                starts_on=starts,
                ends_on=add_working_days(starts, call.notice_working_days),
                published_at=timezone.make_aware(datetime.datetime.combine(starts, datetime.time(9))),
                published_by=officer,
                text="立项结果公示（演示数据）。",
            )
        notice.applications.add(application)
    return application


def sign(application, *, officer, start, continues=None, bureau_contact=None) -> tuple[Grant, bool]:
    """The grant of ``application`` (created on the first run). ``bureau_contact`` is (name, phone) of the bureau's
    contact person when it is not the signing officer."""
    existing = Grant.objects.filter(application=application).first()
    if existing is not None:
        return existing, False
    grant = grant_create(
        application=application,
        actor=officer,
        start_date=start,
        end_date=latest_end_date(start, 12),
        signed_contract=pdf("合同.pdf"),
        contact_name=application.organization.legal_representative,
        contact_phone=application.organization.contact_phone,
        bureau_contact_name=bureau_contact[0] if bureau_contact else officer.display_name,
        bureau_contact_phone=bureau_contact[1] if bureau_contact else "027-87000000",
        continues=continues,
        signed_on=min(start, timezone.localdate()) - datetime.timedelta(days=5),
    )
    return grant, True


def submit(milestone, member, text="按计划完成本节点各项服务，详见佐证材料。"):
    return milestone_submit(
        milestone=milestone, actor=member, narrative=text, evidence_files=[pdf(f"节点{milestone.order}佐证.pdf")]
    )


def pay(milestone, *, member, approver, releaser, voucher):
    submit(milestone, member)
    milestone_approve(milestone=milestone, actor=approver, comment="材料齐全，同意通过。")
    paid_on = min(milestone.due_date + datetime.timedelta(days=10), timezone.localdate())
    # The demo replays months of work in one run; a tranche is never paid before its approval, so the submission and
    # approval are dated as they would have happened, a few days before the payment (demo data only).
    approved_on = max(paid_on - datetime.timedelta(days=2), milestone.grant.start_date)
    approved_at = timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(10)))
    Milestone.objects.filter(pk=milestone.pk).update(
        submitted_at=approved_at - datetime.timedelta(days=3), reviewed_at=approved_at
    )
    milestone_release(milestone=milestone, actor=releaser, paid_on=paid_on, voucher_number=voucher)


def evaluate(grant, *, kind, evaluator, officer, score=None, summary="", publish=False):
    evaluation = grant.evaluations.filter(kind=kind).first() or evaluation_assign(
        grant=grant, kind=kind, evaluator=evaluator, actor=officer
    )
    if score is not None and evaluation.status == "assigned":
        evaluation = evaluation_submit(
            evaluation=evaluation, actor=evaluator, score=Decimal(score), summary=summary, report=pdf("评估报告.pdf")
        )
    if publish and evaluation.status == "submitted":
        evaluation_publish(evaluation=evaluation, actor=officer)
    return evaluation
