"""A director reports on a phone; the organization accepts and enrols the child; services that follow show up."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, ChildCategory
from delivery.models import Beneficiary, Enrolment
from referrals.models import CountyHotline, Referral, ReferralStatus
from referrals.services import referral_accept
from tests.factories.delivery import BeneficiaryFactory, EnrolmentFactory, ServiceLogFactory, id_number
from tests.factories.referrals import report

ACCEPT = {"guardian_type": "grandparents", "school_stage": "primary"}


def _form(**overrides):
    values = {
        "child_name": "李小军",
        "id_number": id_number(902),
        "category": ChildCategory.objects.get(code="left_behind").pk,
        "need": "guardianship",
        "urgency": "routine",
        "description": "爷爷奶奶年迈，无人辅导作业。",
        "consent_by": "grandparent",
        "consent_given": "on",
        "consent_date": timezone.localdate().isoformat(),
    }
    values.update(overrides)
    return values


def test_a_director_reports_through_the_form_and_sees_the_status(client, grant, dazhi_director):
    client.force_login(dazhi_director)
    page = client.get(reverse("referrals:report")).content.decode()
    assert "不是紧急求助渠道" in page and "tel:110" in page
    response = client.post(reverse("referrals:report"), _form())
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:referral_detail", args=[referral.pk]
    )
    assert referral.village == "新村" and referral.township.code == "420102002"
    home = client.get(reverse("referrals:home")).content.decode()
    assert referral.code in home and "待社会组织接收" in home


def test_no_clear_id_number_is_stored_anywhere(grant, dazhi_director):
    number = id_number(903)
    referral = report(dazhi_director, id_number=number)
    assert referral.id_masked == f"{number[:3]}***********{number[-4:]}"
    assert referral.id_hash and number not in referral.id_hash
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM referrals_referral")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert number not in row
    event = AuditEvent.objects.get(action="referral.report")
    assert number not in str(event.details) and "王小花" not in str(event.details) + event.target_repr


def test_gender_and_birth_come_from_the_id_number(grant, dazhi_director):
    referral = report(dazhi_director, id_number=id_number(904, born=datetime.date(2015, 3, 2)))
    assert (referral.birth_year, referral.birth_month) == (2015, 3)


def test_without_an_id_number_a_reason_gender_and_birth_are_required(grant, dazhi_director):
    with pytest.raises(ValidationError) as error:
        report(dazhi_director, id_number="")
    assert {"id_number", "gender", "birth_year"} <= set(error.value.message_dict)
    referral = report(
        dazhi_director, id_number="", no_id_reason="未落户", gender="male", birth_year=2016, birth_month=8
    )
    assert referral.id_hash == "" and referral.no_id_reason == "未落户"


def test_an_id_number_typed_into_the_description_is_refused(grant, dazhi_director):
    with pytest.raises(ValidationError) as error:
        report(dazhi_director, description=f"身份证 {id_number(905)}")
    assert "description" in error.value.message_dict


def test_consent_is_required(client, grant, dazhi_director):
    client.force_login(dazhi_director)
    response = client.post(reverse("referrals:report"), _form(consent_given=""))
    assert response.status_code == 400 and not Referral.objects.exists()


def test_an_urgent_report_shows_the_countys_hotline_first(client, grant, dazhi_director, jiangan_officer):
    from core.models import Region

    CountyHotline.objects.create(
        county=Region.objects.get(code="420102"), hotline="027-82800000", updated_by=jiangan_officer
    )
    client.force_login(dazhi_director)
    response = client.post(reverse("referrals:report"), _form(urgency="urgent", need="safety"), follow=True)
    page = response.content.decode()
    assert "tel:027-82800000" in page and "tel:110" in page and "不是紧急求助渠道" in page


def test_accepting_enrols_a_new_child_on_the_grant_with_the_recorded_consent(grant, dazhi_director, org_admin):
    referral = report(dazhi_director)
    referral_accept(referral=referral, actor=org_admin, **ACCEPT)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    enrolment = Enrolment.objects.get(grant=grant)
    assert referral.enrolment == enrolment and enrolment.name == "王小花"
    assert enrolment.consent_by == referral.consent_by
    child = enrolment.beneficiary
    assert child.id_hash == referral.id_hash and child.county.code == "420102"
    assert list(child.categories.values_list("code", flat=True)) == ["left_behind"]


def test_a_child_already_on_the_platform_keeps_one_file(grant, dazhi_director, org_admin):
    existing = BeneficiaryFactory(number=id_number(901))
    referral = report(dazhi_director)
    assert referral.beneficiary == existing
    referral_accept(referral=referral, actor=org_admin, **ACCEPT)
    assert Beneficiary.objects.count() == 1


def test_a_child_without_id_is_filed_under_the_accepting_organization(grant, dazhi_director, org_admin):
    referral = report(
        dazhi_director, id_number="", no_id_reason="未落户", gender="male", birth_year=2016, birth_month=8
    )
    referral_accept(referral=referral, actor=org_admin, **ACCEPT)
    child = Beneficiary.objects.get()
    assert child.id_hash is None and child.owner_organization == grant.organization


def test_accepting_twice_is_refused(grant, dazhi_director, org_admin):
    from core.permissions import Denied

    referral = report(dazhi_director)
    referral_accept(referral=referral, actor=org_admin, **ACCEPT)
    with pytest.raises(Denied):
        referral_accept(referral=referral, actor=org_admin, **ACCEPT)


def test_services_logged_after_acceptance_show_as_served(client, grant, dazhi_director, org_admin, jiangan_officer):
    referral = report(dazhi_director)
    referral_accept(referral=referral, actor=org_admin, **ACCEPT)
    referral.refresh_from_db()
    ServiceLogFactory(grant=grant, beneficiary=referral.beneficiary, date=timezone.localdate())
    client.force_login(dazhi_director)
    assert "已开始服务" in client.get(reverse("referrals:home")).content.decode()
    client.force_login(org_admin)
    page = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "此后的服务记录" in page and "志愿者王" not in page
    client.force_login(jiangan_officer)
    page = client.get(reverse("referrals:officer_overview")).content.decode()
    assert "江岸区" in page


def test_a_log_of_an_earlier_enrolment_does_not_count_as_the_referrals_service(grant, dazhi_director, org_admin):
    from referrals.selectors import referral_service_logs

    child = BeneficiaryFactory(number=id_number(901))
    EnrolmentFactory(beneficiary=child, grant=grant)
    ServiceLogFactory(grant=grant, beneficiary=child, date=timezone.localdate() - datetime.timedelta(days=3))
    referral = report(dazhi_director)
    referral_accept(referral=referral, actor=org_admin, **ACCEPT)
    referral.refresh_from_db()
    assert not referral_service_logs(referral).exists()
