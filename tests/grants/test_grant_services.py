import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent
from core.permissions import Denied, NotVisible
from grants.dates import latest_end_date
from grants.models import ContractSequence, Grant, GrantStatus, MilestoneStatus
from grants.services import grant_change_status, grant_create
from programs.models import ApplicationStatus
from tests.factories import OfficerFactory, approved_application, make_grant, pdf_upload
from tests.factories.grants import grant_kwargs

pytestmark = pytest.mark.django_db


def test_grant_from_approved_application_lays_out_milestones(wuhan_officer):
    application = approved_application(approved_amount=Decimal("100000.01"))
    grant = grant_create(application=application, actor=wuhan_officer, **grant_kwargs(application))
    year = timezone.localdate().year
    assert re.fullmatch(rf"HBMZ-420100-{year}-\d{{4}}", grant.contract_number)
    assert grant.status == GrantStatus.SIGNED
    assert grant.funding_source == application.call.funding_source
    assert list(grant.service_regions.values_list("code", flat=True)) == ["420102"]
    milestones = list(grant.milestones.order_by("order"))
    assert [m.payment_amount for m in milestones] == [Decimal("40000.00"), Decimal("30000.00"), Decimal("30000.01")]
    assert sum(m.payment_amount for m in milestones) == grant.amount
    assert all(m.status == MilestoneStatus.PENDING for m in milestones)
    assert milestones[0].due_date > grant.start_date
    assert AuditEvent.objects.for_object(grant).filter(action="grant.create").exists()


def test_contract_numbers_run_per_region_and_year(wuhan_officer, enshi_officer):
    year = timezone.localdate().year
    first = make_grant(officer=wuhan_officer)
    second = make_grant(officer=wuhan_officer)
    enshi = make_grant(officer=enshi_officer, application_kwargs={"region_code": "422800"})
    assert first.contract_number == f"HBMZ-420100-{year}-0001"
    assert second.contract_number == f"HBMZ-420100-{year}-0002"
    assert enshi.contract_number == f"HBMZ-422800-{year}-0001"
    assert ContractSequence.objects.get(region__code="420100", year=year).last_number == 2


def test_grant_before_the_public_notice_has_ended_is_refused(wuhan_officer):
    application = approved_application(notice_ended=False)
    with pytest.raises(ValidationError) as excinfo:
        grant_create(application=application, actor=wuhan_officer, **grant_kwargs(application))
    assert "公示期结束后才能签订合同" in excinfo.value.messages[0]
    assert not Grant.objects.exists()


def test_grant_without_any_public_notice_is_refused(wuhan_officer):
    application = approved_application(with_notice=False)
    with pytest.raises(ValidationError, match="尚未进行立项公示"):
        grant_create(application=application, actor=wuhan_officer, **grant_kwargs(application))


def test_grant_for_an_application_that_is_not_approved_is_refused(wuhan_officer):
    application = approved_application()
    application.status = ApplicationStatus.REJECTED
    application.save()
    with pytest.raises(ValidationError, match="只有已立项"):
        grant_create(application=application, actor=wuhan_officer, **grant_kwargs(application))


def test_a_second_grant_for_the_same_application_is_refused(wuhan_officer):
    grant = make_grant(officer=wuhan_officer)
    with pytest.raises(ValidationError, match="不能重复签订"):
        grant_create(application=grant.application, actor=wuhan_officer, **grant_kwargs(grant.application))
    assert Grant.objects.count() == 1


def test_dates_beyond_the_calls_contract_length_are_refused(wuhan_officer):
    application = approved_application()
    start = datetime.date(2026, 3, 1)
    with pytest.raises(ValidationError) as excinfo:
        grant_create(
            application=application,
            actor=wuhan_officer,
            **grant_kwargs(application, start_date=start, end_date=datetime.date(2027, 3, 1)),
        )
    message = excinfo.value.message_dict["end_date"][0]
    assert "12 个月" in message and "2027-02-28" in message
    assert not Grant.objects.exists()


def test_continuing_service_may_run_three_years(wuhan_officer):
    application = approved_application(is_continuing_service=True)
    start = timezone.localdate()
    grant = grant_create(
        application=application,
        actor=wuhan_officer,
        **grant_kwargs(application, start_date=start, end_date=latest_end_date(start, 36)),
    )
    assert (grant.end_date - grant.start_date).days > 1000


def test_end_before_start_is_refused(wuhan_officer):
    application = approved_application()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        grant_create(
            application=application,
            actor=wuhan_officer,
            **grant_kwargs(application, start_date=today, end_date=today - datetime.timedelta(days=1)),
        )
    assert "结束日期必须晚于开始日期" in excinfo.value.message_dict["end_date"][0]


def test_template_that_cannot_be_split_is_refused_and_nothing_saved(wuhan_officer):
    application = approved_application(approved_amount=Decimal("0.02"))
    with pytest.raises(ValidationError) as excinfo:
        grant_create(application=application, actor=wuhan_officer, **grant_kwargs(application))
    assert "每期金额必须至少 0.01 元" in excinfo.value.message_dict["amount"][0]
    assert not Grant.objects.exists()
    assert not ContractSequence.objects.filter(last_number__gt=0).exists()


def test_template_not_summing_to_100_is_refused(wuhan_officer):
    application = approved_application(percentages=(40, 30, 20))
    with pytest.raises(ValidationError) as excinfo:
        grant_create(application=application, actor=wuhan_officer, **grant_kwargs(application))
    assert "必须恰好等于 100%" in excinfo.value.message_dict["amount"][0]


def test_amount_above_the_approved_amount_is_refused(wuhan_officer):
    application = approved_application(approved_amount=Decimal("1000.00"))
    with pytest.raises(ValidationError) as excinfo:
        grant_create(
            application=application, actor=wuhan_officer, **grant_kwargs(application, amount=Decimal("1000.01"))
        )
    assert "不能超过立项金额" in excinfo.value.message_dict["amount"][0]


def test_contract_that_is_not_what_its_name_claims_is_refused(wuhan_officer):
    application = approved_application()
    fake = pdf_upload("contract.pdf", content=b"MZ\x90\x00 this is an executable, not a PDF" * 10)
    with pytest.raises(ValidationError) as excinfo:
        grant_create(application=application, actor=wuhan_officer, **grant_kwargs(application, signed_contract=fake))
    assert "可执行程序" in excinfo.value.message_dict["signed_contract"][0]
    assert not Grant.objects.exists()


def test_officer_outside_the_region_cannot_create(enshi_officer, org_admin, organization):
    application = approved_application(organization=organization)
    with pytest.raises(NotVisible):
        grant_create(application=application, actor=enshi_officer, **grant_kwargs(application))
    with pytest.raises(Denied):
        grant_create(application=application, actor=org_admin, **grant_kwargs(application))


def test_renewal_links_grants_of_the_same_organization_into_a_chain(wuhan_officer, organization):
    first = make_grant(officer=wuhan_officer, application_kwargs={"organization": organization})
    second = make_grant(officer=wuhan_officer, application_kwargs={"organization": organization}, continues=first)
    third = make_grant(officer=wuhan_officer, application_kwargs={"organization": organization}, continues=second)
    assert [g.pk for g in second.renewal_chain()] == [first.pk, second.pk, third.pk]
    with pytest.raises(ValidationError) as excinfo:
        make_grant(officer=wuhan_officer, application_kwargs={"organization": organization}, continues=first)
    assert "已经续签过" in excinfo.value.message_dict["continues"][0]


def test_renewal_of_another_organizations_grant_is_refused(wuhan_officer):
    first = make_grant(officer=wuhan_officer)
    with pytest.raises(ValidationError) as excinfo:
        make_grant(officer=wuhan_officer, continues=first)
    assert "同一社会组织" in excinfo.value.message_dict["continues"][0]


def test_status_moves_and_reasons(wuhan_officer):
    grant = make_grant(officer=wuhan_officer)
    with pytest.raises(ValidationError) as excinfo:
        grant_change_status(grant=grant, action="suspend", actor=wuhan_officer, reason="")
    assert "reason" in excinfo.value.message_dict
    grant = grant_change_status(grant=grant, action="suspend", actor=wuhan_officer, reason="机构负责人变更")
    assert grant.status == GrantStatus.SUSPENDED
    grant = grant_change_status(grant=grant, action="resume", actor=wuhan_officer)
    assert grant.status == GrantStatus.IN_PROGRESS
    with pytest.raises(ValidationError, match="全部拨付后才能结项"):
        grant_change_status(grant=grant, action="complete", actor=wuhan_officer)
    grant = grant_change_status(grant=grant, action="terminate", actor=wuhan_officer, reason="未按合同提供服务")
    assert grant.status == GrantStatus.TERMINATED and grant.status_reason == "未按合同提供服务"
    with pytest.raises(Denied, match="已终止"):
        grant_change_status(grant=grant, action="resume", actor=wuhan_officer)


def test_second_officer_in_region_may_manage(wuhan_officer):
    grant = make_grant(officer=wuhan_officer)
    other = OfficerFactory(region_code="420000")
    grant = grant_change_status(grant=grant, action="suspend", actor=other, reason="审计")
    assert grant.status == GrantStatus.SUSPENDED


def test_service_regions_outside_the_issuing_region_are_refused(wuhan_officer):
    from tests.factories import region

    application = approved_application()
    with pytest.raises(ValidationError) as excinfo:
        grant_create(
            application=application,
            actor=wuhan_officer,
            **grant_kwargs(application, service_regions=[region("420102"), region("422801")]),
        )
    assert "恩施市 不在其中" in excinfo.value.message_dict["service_regions"][0]
