"""Builders for grant tests. The call, application and public notice are created directly through the programs models
(the programs work has its own factories); the grant itself goes through the real service."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import User
from grants.models import Grant
from grants.services import grant_create
from programs.models import (
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    FundingSource,
    PublicNotice,
    TrancheTemplate,
)

from .core import region
from .organizations import OrganizationFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def pdf_upload(name: str = "evidence.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def grant_call(
    *,
    region_code: str = "420100",
    percentages=(40, 30, 30),
    is_continuing_service: bool = False,
    brand_program=None,
    funding_source: str = FundingSource.WELFARE_LOTTERY,
) -> Call:
    now = timezone.now()
    call = Call.objects.create(
        issuing_region=region(region_code),
        title=f"{region(region_code).name}儿童关爱服务项目",
        funding_source=funding_source,
        total_budget=Decimal("1000000.00"),
        per_project_cap=Decimal("300000.00"),
        opens_at=now - datetime.timedelta(days=90),
        closes_at=now - datetime.timedelta(days=60),
        status=CallStatus.PUBLISHED,
        is_continuing_service=is_continuing_service,
        brand_program=brand_program,
    )
    count = len(percentages)
    for number, percentage in enumerate(percentages, start=1):
        TrancheTemplate.objects.create(
            call=call,
            order=number,
            title=f"第{number}期",
            percentage=Decimal(str(percentage)),
            due_after_months=max(1, number * 12 // count - 1),
            deliverables=f"第{number}期交付成果",
        )
    return call


def approved_application(
    *,
    call: Call | None = None,
    organization=None,
    approved_amount: Decimal = Decimal("100000.01"),
    notice_ended: bool = True,
    with_notice: bool = True,
    **call_kwargs,
) -> Application:
    call = call or grant_call(**call_kwargs)
    organization = organization or OrganizationFactory(region_code="420102")
    application = Application.objects.create(
        call=call,
        organization=organization,
        title=f"{organization.name}留守儿童关爱服务",
        status=ApplicationStatus.APPROVED,
        requested_amount=approved_amount,
        approved_amount=approved_amount,
    )
    jiangan = region("420102")
    application.service_regions.set([jiangan if call.issuing_region.contains(jiangan) else call.issuing_region])
    if with_notice:
        today = timezone.localdate()
        ends_on = today - datetime.timedelta(days=1) if notice_ended else today + datetime.timedelta(days=3)
        notice = PublicNotice.objects.create(
            call=call,
            starts_on=ends_on - datetime.timedelta(days=7),
            ends_on=ends_on,
            published_at=timezone.now() - datetime.timedelta(days=10),
        )
        notice.applications.add(application)
    return application


def grant_kwargs(application: Application, **overrides) -> dict:
    start = overrides.pop("start_date", timezone.localdate())
    months = application.call.max_contract_months
    from grants.dates import latest_end_date

    values = {
        "start_date": start,
        "end_date": latest_end_date(start, months),
        "signed_contract": pdf_upload("contract.pdf"),
        "contact_name": "李社工",
        "contact_phone": "13800000000",
        "bureau_contact_name": "陈静",
        "bureau_contact_phone": "027-85000000",
    }
    values.update(overrides)
    return values


def make_grant(*, officer: User, application: Application | None = None, **overrides) -> Grant:
    application = application or approved_application(**overrides.pop("application_kwargs", {}))
    return grant_create(application=application, actor=officer, **grant_kwargs(application, **overrides))


def mark_milestones_approved(grant: Grant, *, count: int | None = None) -> None:
    """Shortcut for evaluation tests: the grant's first ``count`` milestones (all by default) count as approved, as if
    the organization had reported and an officer had accepted (a mid-term evaluation waits for the first approved
    milestone, a final one for the last; the milestone workflow itself is tested in test_milestone_services.py)."""
    from grants.models import MilestoneStatus

    orders = list(grant.milestones.order_by("order").values_list("pk", flat=True))
    grant.milestones.filter(pk__in=orders[:count] if count is not None else orders).update(
        status=MilestoneStatus.APPROVED, reviewed_at=timezone.now()
    )
