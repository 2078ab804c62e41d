"""Two-factor sign-in: who is forced to enrol, enrolment, verification, backup codes, and the admin's reset."""

import datetime
import re
from binascii import unhexlify

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent
from core.permissions import Denied
from core.signin.twofactor import new_totp_key, two_factor_enrol, two_factor_reset
from tests.factories import MembershipFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _code(key: str, steps_ahead: int = 0) -> str:
    return f"{totp(unhexlify(key), drift=steps_ahead):06d}"


def _enrol(user) -> tuple[str, list[str]]:
    key = new_totp_key()
    _device, codes = two_factor_enrol(user=user, key=key, token=_code(key), actor=user)
    return key, codes


def _login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def _superuser():
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def _editor():
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


@pytest.mark.parametrize("make_user", [OfficerFactory, _superuser, _editor], ids=["officer", "superuser", "editor"])
def test_a_user_who_must_have_2fa_is_sent_to_enrolment_on_every_page(client, required, make_user):
    client.force_login(make_user())
    for url in ["/portal/", "/cms-admin/", "/django-admin/", "/django-admin/core/user/", "/programs/calls/", "/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_enrol")), url
        assert f"next={url.replace('/', '%2F')}" in response["Location"]
    # the ways out stay open: the enrolment page itself, the language switch and signing out
    assert client.get(reverse("two_factor_enrol")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302


def test_enrolment_with_the_apps_code_opens_the_pages_and_shows_ten_backup_codes_once(client, required):
    admin = _superuser()
    client.force_login(admin)
    page = client.get(reverse("two_factor_enrol"))
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'style="' not in html  # the CSP refuses inline styles
    key = client.session["signin_enrol_key"]

    response = client.post(reverse("two_factor_enrol"), {"token": _code(key), "next": "/django-admin/"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(StaticDevice.objects.get(user=admin).token_set.values_list("token", flat=True)) == set(codes)
    assert TOTPDevice.objects.get(user=admin).confirmed
    for url in ["/portal/", "/cms-admin/", "/django-admin/"]:
        assert client.get(url).status_code == 200, url
    assert AuditEvent.objects.filter(action="core.two_factor_enrol", target_id=str(admin.pk)).exists()


def test_a_wrong_code_is_refused_with_400_and_a_chinese_message(client, required, province_officer):
    client.force_login(province_officer)
    client.get(reverse("two_factor_enrol"))
    response = client.post(reverse("two_factor_enrol"), {"token": "000000"})
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=province_officer).exists()

    key, _codes = _enrol(province_officer)
    client.logout()
    _login(client, province_officer)
    assert client.get("/portal/")["Location"].startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_verify"), {"token": "123456", "next": "/portal/"})
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert client.get("/portal/").status_code == 302

    # django-otp's throttle: right after a wrong code even the right one waits (1 s, then 2, 4 …)
    response = client.post(reverse("two_factor_verify"), {"token": _code(key, steps_ahead=1), "next": "/portal/"})
    assert response.status_code == 400
    TOTPDevice.objects.filter(user=province_officer).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=5)
    )
    response = client.post(reverse("two_factor_verify"), {"token": _code(key, steps_ahead=1), "next": "/portal/"})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_a_backup_code_works_once(client, required, province_officer):
    _key, codes = _enrol(province_officer)
    _login(client, province_officer)
    response = client.post(reverse("two_factor_verify"), {"token": codes[0].upper(), "next": "/portal/"})
    assert response.status_code == 302
    assert client.get("/portal/").status_code == 200

    client.logout()
    _login(client, province_officer)
    response = client.post(reverse("two_factor_verify"), {"token": codes[0], "next": "/portal/"})
    assert response.status_code == 400
    assert client.get("/portal/").status_code == 302
    assert StaticDevice.objects.get(user=province_officer).token_set.count() == 9


def test_an_organization_member_is_not_forced_but_once_enrolled_is_asked(client, required, organization):
    member = MembershipFactory(organization=organization, user=UserFactory(username="member")).user
    client.force_login(member)
    assert client.get("/portal/").status_code == 200
    assert client.get(reverse("account_security")).status_code == 200

    key, _codes = _enrol(member)
    client.logout()
    _login(client, member)
    assert client.get("/portal/")["Location"].startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"token": _code(key, steps_ahead=1)})
    assert client.get("/portal/").status_code == 200


def test_demo_and_test_settings_sign_in_with_the_password_alone(client, province_officer):
    # TWO_FACTOR_REQUIRED is off in config.settings.test and (by default) in config.settings.dev
    _login(client, province_officer)
    assert client.get("/portal/").status_code == 200


def test_a_platform_admin_resets_a_lost_phone_and_it_is_audited(client, required, province_officer):
    _enrol(province_officer)
    officer_client = client.__class__()
    _login(officer_client, province_officer)
    assert officer_client.get("/portal/")["Location"].startswith(reverse("two_factor_verify"))

    admin = _superuser()
    admin_key, _codes = _enrol(admin)
    _login(client, admin)
    client.post(reverse("two_factor_verify"), {"token": _code(admin_key, steps_ahead=1)})
    response = client.post(
        "/django-admin/core/user/", {"action": "reset_two_factor", "_selected_action": [province_officer.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=province_officer).exists()
    assert not StaticDevice.objects.filter(user=province_officer).exists()
    event = AuditEvent.objects.get(action="core.two_factor_reset")
    assert event.actor == admin and event.target_id == str(province_officer.pk) and event.details == {"devices": 2}

    # the officer's half-signed-in session now leads to enrolment, not to a code they cannot produce
    response = officer_client.get(reverse("two_factor_verify"), {"next": "/portal/"})
    assert response["Location"].startswith(reverse("two_factor_enrol"))


def test_only_a_platform_admin_may_reset(province_officer, wuhan_officer):
    _enrol(province_officer)
    with pytest.raises(Denied):
        two_factor_reset(user=province_officer, actor=wuhan_officer)
    assert TOTPDevice.objects.filter(user=province_officer).exists()
    assert not AuditEvent.objects.filter(action="core.two_factor_reset").exists()
