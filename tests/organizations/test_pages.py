"""Every page of the app renders for the people who use it, in Chinese, on the first try."""

from tests.factories.organizations import StaffMemberFactory, make_invitation


def test_member_pages_render(client, jiangan_org, admin):
    member = StaffMemberFactory(organization=jiangan_org)
    client.force_login(admin)
    for url, text in [
        (f"/organizations/{jiangan_org.pk}/", "基本信息"),
        (f"/organizations/{jiangan_org.pk}/edit/", "修改组织资料"),
        (f"/organizations/{jiangan_org.pk}/members/", "邀请同事"),
        (f"/organizations/{jiangan_org.pk}/staff/", "添加人员"),
        (f"/organizations/{jiangan_org.pk}/staff/new/", "职业资格"),
        (f"/organizations/{jiangan_org.pk}/staff/{member.pk}/edit/", "证书编号"),
        (f"/organizations/{jiangan_org.pk}/annual/new/", "年检/年报结论"),
        ("/organizations/register/", "组织资料"),
        ("/portal/", jiangan_org.name),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_officer_pages_render(client, jiangan_org, wuhan):
    client.force_login(wuhan)
    for url in ("/organizations/officer/", f"/organizations/{jiangan_org.pk}/incubations/new/"):
        assert client.get(url).status_code == 200, url


def test_invitation_page_offers_registration_to_anonymous_visitors(client, jiangan_org, admin):
    _, token = make_invitation(organization=jiangan_org, invited_by=admin, email="x@example.com")
    body = client.get(f"/organizations/invitations/{token}/").content.decode()
    assert "注册并加入" in body and 'value="x@example.com"' in body


def test_user_without_organization_is_offered_registration(client, plain_user):
    client.force_login(plain_user)
    assert "/organizations/register/" in client.get("/portal/").content.decode()
    assert client.get("/organizations/mine/").url == "/organizations/register/"


def test_login_page_leads_a_new_organization_to_registration(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert 'href="/organizations/register/"' in body
    assert 'href="/accounts/password_reset/"' in body


def test_password_reset_pages_lead_back_to_login_not_the_portal(client, db):
    for url in ("/accounts/password_reset/done/", "/accounts/reset/done/"):
        body = client.get(url).content.decode()
        assert 'href="/accounts/login/"' in body, url
        assert 'href="/portal/"' not in body.split("<main", 1)[-1], url


def test_password_change_page_offers_a_way_back(client, admin):
    client.force_login(admin)
    body = client.get("/accounts/password_change/").content.decode()
    assert 'href="/portal/"' in body.split("<main", 1)[1]


def test_portal_card_leads_an_admin_to_annual_status_and_the_public_page(client, jiangan_org, admin, staff):
    client.force_login(admin)
    body = client.get("/portal/").content.decode()
    assert f'href="/organizations/{jiangan_org.pk}/annual/new/"' in body
    assert f'href="/organizations/directory/{jiangan_org.pk}/"' in body  # verified: it has a public page
    client.force_login(staff)
    body = client.get("/portal/").content.decode()
    assert f'href="/organizations/{jiangan_org.pk}/annual/new/"' not in body  # staff may not submit it
