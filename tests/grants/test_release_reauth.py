"""Releasing a payment needs a recent password (and second-factor) confirmation."""

from binascii import unhexlify

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.signin.twofactor import new_totp_key, two_factor_enrol
from grants.services import milestone_approve, milestone_submit
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def _stale(client):
    session = client.session
    session["reauth_at"] = 0
    session.save()


def _release(client, milestone, **headers):
    return client.post(
        reverse("grants:milestone_release", args=[milestone.pk]),
        {"paid_on": timezone.localdate().isoformat(), "voucher_number": "PZ-2026-001"},
        **headers,
    )


@pytest.fixture
def approved(milestone, org_admin, wuhan_officer):
    milestone_submit(milestone=milestone, actor=org_admin, narrative="完成", evidence_files=[pdf_upload()])
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    return milestone


def test_a_release_after_a_stale_confirmation_asks_for_the_password_first(client, approved, wuhan_officer2):
    client.force_login(wuhan_officer2)
    _stale(client)
    detail = reverse("grants:milestone_detail", args=[approved.pk])
    response = _release(client, approved, HTTP_REFERER=f"http://testserver{detail}")
    assert response.status_code == 302 and response["Location"].startswith(reverse("reauth_confirm"))
    approved.refresh_from_db()
    assert approved.status == "approved"  # nothing paid

    response = client.post(response["Location"], {"password": "correct-horse-battery"})
    assert response["Location"] == f"http://testserver{detail}"  # back to the form, to submit it again
    assert _release(client, approved).status_code == 302
    approved.refresh_from_db()
    assert approved.status == "paid"


def test_with_a_second_factor_the_confirmation_also_needs_its_code(client, approved, wuhan_officer2):
    key = new_totp_key()
    two_factor_enrol(user=wuhan_officer2, key=key, token=f"{totp(unhexlify(key)):06d}", actor=wuhan_officer2)
    client.force_login(wuhan_officer2)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=wuhan_officer2).persistent_id
    session.save()
    _stale(client)
    confirm = reverse("reauth_confirm")
    response = client.post(confirm, {"password": "correct-horse-battery", "token": "000000"})
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    assert _release(client, approved)["Location"].startswith(confirm)
    # django-otp's throttle after the wrong code: let its wait pass
    TOTPDevice.objects.filter(user=wuhan_officer2).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    code = f"{totp(unhexlify(key), drift=1):06d}"
    assert client.post(confirm, {"password": "correct-horse-battery", "token": code}).status_code == 302
    assert _release(client, approved).status_code == 302
    approved.refresh_from_db()
    assert approved.status == "paid"
