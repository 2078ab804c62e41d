import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import MembershipFactory, OfficerFactory, UserFactory


def test_home_page_is_served_in_chinese(client, db):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "湖北儿童福利服务购买平台" in body
    assert "登录" in body


def test_language_switcher_turns_the_site_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Sign in" in body


def test_portal_needs_login(client, db):
    response = client.get(reverse("portal"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (lambda: OfficerFactory(region_code="420100"), "项目官员 · 武汉市"),
        (lambda: UserFactory(is_reviewer=True), "评审专家"),
        (lambda: UserFactory(is_evaluator=True), "第三方评估"),
        (lambda: UserFactory(is_superuser=True, is_staff=True), "平台管理"),
        (lambda: MembershipFactory(organization__name="江岸希望社工").user, "江岸希望社工 · 管理员"),
    ],
)
def test_portal_greets_each_role_with_what_they_can_do(client, db, make_user, expected):
    client.force_login(make_user())
    response = client.get(reverse("portal"))
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_login_and_logout_in_chinese(client, db):
    UserFactory(username="zhou", password="a-long-password-1")
    page = client.get(reverse("login"))
    assert "用户名" in page.content.decode() and "密码" in page.content.decode()
    wrong = client.post(reverse("login"), {"username": "zhou", "password": "nope"})
    assert wrong.status_code == 400
    assert "请输入一个正确的" in wrong.content.decode()
    ok = client.post(reverse("login"), {"username": "zhou", "password": "a-long-password-1"})
    assert ok.status_code == 302 and ok.url == reverse("landing")
    assert client.get(ok.url).url == reverse("portal")
    out = client.post(reverse("logout"))
    assert out.status_code == 302
    assert client.get(reverse("portal")).status_code == 302


def test_password_change_and_reset_work(client, db):
    user = UserFactory(username="zhou", email="zhou@example.com", password="a-long-password-1")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-password-1",
            "new_password1": "another-long-pass-2",
            "new_password2": "another-long-pass-2",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-pass-2")
    client.logout()
    response = client.post(reverse("password_reset"), {"email": "zhou@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "重设密码" in mail.outbox[0].subject
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    confirm = client.get(link.split("testserver", 1)[1], follow=True)
    assert "设置新密码" in confirm.content.decode()


def test_unread_notifications_show_in_the_header(client, db):
    from core.models import Notification

    user = UserFactory()
    Notification.objects.create(recipient=user, subject="您的申报书已退回", url="/portal/")
    client.force_login(user)
    body = client.get(reverse("notifications")).content.decode()
    assert "您的申报书已退回" in body and "未读" in body
    notification = Notification.objects.get()
    response = client.post(reverse("notification_open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == "/portal/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_not_found(client, db):
    from core.models import Notification

    notification = Notification.objects.create(recipient=UserFactory(), subject="x")
    client.force_login(UserFactory())
    assert client.post(reverse("notification_open", args=[notification.pk])).status_code == 404


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client, db):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in body
    assert "登录" in body


def test_a_wrong_old_password_or_mismatched_new_ones_answer_400_in_chinese(client, db):
    user = UserFactory(username="zhou", password="a-long-password-1")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "another-long-pass-2", "new_password2": "different-long-pass-3"},
    )
    assert response.status_code == 400
    assert "旧密码不正确" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("a-long-password-1")


def test_all_notifications_can_be_marked_read_at_once(client, db):
    from core.models import Notification

    user, other = UserFactory(), UserFactory()
    for subject in ("一", "二"):
        Notification.objects.create(recipient=user, subject=subject)
    Notification.objects.create(recipient=other, subject="别人的")
    client.force_login(user)
    assert "全部标为已读" in client.get(reverse("notifications")).content.decode()
    assert client.get(reverse("notifications_read_all")).status_code == 405  # never on GET
    response = client.post(reverse("notifications_read_all"))
    assert response.status_code == 302
    assert not user.notifications.unread().exists()
    assert other.notifications.unread().count() == 1


@pytest.mark.parametrize(
    ("make_user", "offered"),
    [
        (lambda: UserFactory(), True),  # no role yet: may be someone from an organization
        (lambda: UserFactory(is_reviewer=True), False),
        (lambda: UserFactory(is_evaluator=True), False),
        (lambda: OfficerFactory(region_code="420100"), False),
    ],
)
def test_only_users_without_a_role_are_offered_organization_registration(client, db, make_user, offered):
    client.force_login(make_user())
    assert ("注册社会组织" in client.get(reverse("portal")).content.decode()) is offered
