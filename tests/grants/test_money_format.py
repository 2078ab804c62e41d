"""The complaint: "money is written four ways: 88000 元, 512000.00 元, 140000.00, 56,480.00". In grants every amount, on
pages, in messages and in notifications, reads the same way: thousands separators and two decimals."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from grants.services import grant_create, milestone_approve, milestone_submit
from grants.tranches import split_award
from tests.factories import approved_application, make_grant, pdf_upload
from tests.factories.grants import grant_kwargs

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "grants" / "templates"


def test_no_grants_template_formats_money_by_hand():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "intcomma" in path.read_text() or 'floatformat:"2' in path.read_text()
    ]
    assert offenders == []


def test_pages_messages_and_notifications_show_separated_amounts(
    client, wuhan_officer, wuhan_officer2, organization, org_admin
):
    grant = make_grant(
        officer=wuhan_officer,
        application_kwargs={"approved_amount": Decimal("512000"), "organization": organization},
    )
    milestone = grant.milestones.get(order=1)
    client.force_login(wuhan_officer)
    page = client.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()
    assert "512,000.00" in page and "512000" not in page

    milestone_submit(milestone=milestone, actor=org_admin, narrative="完成", evidence_files=[pdf_upload()])
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    tranche = f"{milestone.payment_amount:,.2f}"
    assert Notification.objects.filter(body__contains=f"拨付金额 {tranche} 元").exists()

    client.force_login(wuhan_officer2)
    response = client.post(
        reverse("grants:milestone_release", args=[milestone.pk]),
        {"paid_on": timezone.localdate().isoformat(), "voucher_number": "PZ-1"},
        follow=True,
    )
    assert f"已拨付 {tranche} 元" in response.content.decode()
    assert Notification.objects.filter(body__startswith=f"拨付金额 {tranche} 元").exists()


def test_service_errors_show_separated_amounts(wuhan_officer):
    application = approved_application(approved_amount=Decimal("512000"))
    with pytest.raises(ValidationError) as error:
        grant_create(
            application=application, actor=wuhan_officer, **grant_kwargs(application, amount=Decimal("600000"))
        )
    assert "合同金额 600,000.00 元不能超过立项金额 512,000.00 元。" in error.value.messages
    with pytest.raises(ValidationError) as error:
        split_award(Decimal("1000.01"), [Decimal("0.0001"), Decimal("99.9999")])
    assert "1,000.01" in error.value.messages[0]
