from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import UserFactory


def test_editor_reaches_the_wagtail_admin_and_others_do_not(client, db):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/cms-admin/").status_code == 200
    client.force_login(UserFactory())
    response = client.get("/cms-admin/")
    assert response.status_code == 302  # back to the login page, not the admin


def test_repeated_failed_logins_lock_the_account(client, db, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="zhou", password="a-long-password-1")
    for _ in range(3):
        client.post(reverse("login"), {"username": "zhou", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        reverse("login"), {"username": "zhou", "password": "a-long-password-1"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_pages_carry_a_content_security_policy(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
