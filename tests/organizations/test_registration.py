import pytest
from django.core import mail

from core.models import AuditEvent, Notification, Region, User
from organizations.models import Membership, Organization
from tests.factories import OrganizationFactory, credit_code

from .conftest import pdf, registration_post


def _post(client, **overrides):
    data = registration_post(**overrides)
    if not data.get("registration_region"):
        data["registration_region"] = Region.objects.get(code="420103").pk
    return client.post("/organizations/register/", data)


def _nothing_saved():
    return not User.objects.filter(username="newadmin").exists() and not Organization.objects.exists()


def test_registration_page_is_in_chinese(client, db):
    response = client.get("/organizations/register/")
    assert response.status_code == 200
    assert "社会组织注册" in response.content.decode()
    assert "统一社会信用代码" in response.content.decode()


def test_visitor_registers_account_and_organization_and_is_logged_in(client, wuhan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client)
    organization = Organization.objects.get()
    assert response.status_code == 302
    assert response.url == f"/organizations/{organization.pk}/"
    assert organization.credit_code == credit_code(77, "420103")  # normalised to upper case
    assert organization.verification_status == "pending"
    user = User.objects.get(username="newadmin")
    assert Membership.objects.get(user=user, organization=organization).role == "admin"
    assert AuditEvent.objects.filter(action="organizations.register").count() == 1
    assert Notification.objects.filter(recipient=wuhan).count() == 1  # the covering officer is told
    page = client.get(response.url)
    assert page.status_code == 200 and "等待登记地区项目官员审核" in page.content.decode()
    assert [m.to for m in mail.outbox] == [[wuhan.email]]


def test_logged_in_user_adds_another_organization(client, jiangan_org, admin):
    client.force_login(admin)
    data = registration_post()
    data = {k: v for k, v in data.items() if not k.startswith("account-")}
    data["registration_region"] = Region.objects.get(code="420103").pk
    response = client.post("/organizations/register/", data)
    assert response.status_code == 302
    assert Membership.objects.filter(user=admin).count() == 2
    assert User.objects.count() == 1


def test_duplicate_credit_code_is_refused_with_chinese_message(client, db):
    OrganizationFactory(credit_code=credit_code(77, "420103"))
    response = _post(client)
    assert response.status_code == 400
    assert "已被平台上的另一个社会组织登记" in response.content.decode()
    assert not User.objects.filter(username="newadmin").exists()
    assert "武汉市江汉区某街 8 号" in response.content.decode()  # typed input re-shown


def test_credit_code_waiting_for_reverification_counts_as_taken(client, db):
    OrganizationFactory(pending_legal_facts={"credit_code": credit_code(77, "420103")})
    response = _post(client)
    assert response.status_code == 400
    assert "已被平台上的另一个社会组织登记" in response.content.decode()


def test_invalid_credit_code_names_the_rule(client, db):
    code = credit_code(77, "420103")
    wrong_check = code[:17] + ("0" if code[17] != "0" else "1")
    response = _post(client, credit_code=wrong_check)
    assert response.status_code == 400
    assert "校验位错误" in response.content.decode()
    assert _nothing_saved()
    response = _post(client, credit_code="12345")
    assert "应为18位" in response.content.decode()


def test_rating_without_expiry_is_refused(client, db):
    response = _post(client, rating_expires_on="")
    assert response.status_code == 400
    assert "必须填写有效期截止日期" in response.content.decode()
    assert _nothing_saved()


def test_expired_rating_is_refused(client, db):
    response = _post(client, rating_expires_on="2020-01-01")
    assert response.status_code == 400
    assert "已于 2020-01-01 过期" in response.content.decode()
    assert _nothing_saved()


def test_no_rating_needs_no_expiry(client, db):
    response = _post(client, rating="", rating_expires_on="")
    assert response.status_code == 302
    assert Organization.objects.get().rating == ""


def test_fake_pdf_is_refused(client, db):
    response = _post(client, registration_certificate=pdf("certificate.pdf", b"just some text, not a PDF"))
    assert response.status_code == 400
    assert "内容与其扩展名不符" in response.content.decode()
    assert _nothing_saved()


def test_unsupported_extension_is_refused(client, db):
    response = _post(client, registration_certificate=pdf("certificate.docx"))
    assert response.status_code == 400
    assert "类型不受支持" in response.content.decode()


def test_oversized_file_is_refused(client, db, settings):
    settings.MAX_UPLOAD_SIZE = 50
    response = _post(client)
    assert response.status_code == 400
    assert "超过上限" in response.content.decode()
    assert _nothing_saved()


def test_registration_certificate_is_required(client, db):
    data = registration_post()
    del data["registration_certificate"]
    data["registration_region"] = Region.objects.get(code="420103").pk
    response = client.post("/organizations/register/", data)
    assert response.status_code == 400
    assert _nothing_saved()


def test_taken_username_and_mismatched_passwords(client, db):
    User.objects.create_user(username="newadmin", password="x")
    response = _post(client, **{"account-password2": "Different-2026-pass"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "已被使用" in body and "两次输入的密码不一致" in body
    assert not Organization.objects.exists()


def test_a_refused_registration_says_so_at_the_top_and_asks_to_choose_the_files_again(client, db):
    response = _post(client, **{"account-password2": "something-else-2026"})
    assert response.status_code == 400
    body = response.content.decode()
    top = body.split('<form method="post"', 1)[0]
    assert "还没有保存" in top
    assert "请重新选择要上传的文件" in top  # a certificate was chosen, and the browser will not keep it
    assert "密码也需要重新输入" in top  # password fields are never sent back
    assert 'value="武汉市江汉区新苗社会工作服务中心"' in body  # what was typed is still there
    assert _nothing_saved()


def test_the_registration_page_shows_no_error_banner_before_submitting(client, db):
    assert "还没有保存" not in client.get("/organizations/register/").content.decode()


def _race_lost(monkeypatch, check: str, module_paths):
    """Make the pre-check ``check`` pass although the row exists: what a registration running at the same moment sees
    before the other one commits, so that only the database's unique constraint can refuse it."""
    for module in module_paths:
        monkeypatch.setattr(f"{module}.{check}", lambda *args, **kwargs: False)


@pytest.mark.parametrize("taken", ["newadmin", "NewAdmin"])
def test_a_username_taken_by_a_concurrent_registration_is_a_form_error(client, db, monkeypatch, taken):
    User.objects.create_user(username=taken, password="x")
    _race_lost(monkeypatch, "username_taken", ["organizations.forms", "organizations.services.accounts"])
    response = _post(client)
    assert response.status_code == 400
    assert "用户名“newadmin”已被使用，请换一个。" in response.content.decode()  # the sequential case's message
    assert not Organization.objects.exists()
    assert User.objects.filter(username__iexact="newadmin").count() == 1


def test_a_credit_code_taken_by_a_concurrent_registration_is_a_form_error(client, db, monkeypatch):
    OrganizationFactory(credit_code=credit_code(77, "420103"))
    _race_lost(monkeypatch, "credit_code_taken", ["organizations.forms", "organizations.services.profile"])
    response = _post(client)
    assert response.status_code == 400
    assert "已被平台上的另一个社会组织登记" in response.content.decode()
    assert Organization.objects.count() == 1 and not User.objects.filter(username="newadmin").exists()
