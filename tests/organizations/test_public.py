import datetime

from django.utils import timezone

from organizations import public
from tests.factories import OfficerFactory, OrganizationFactory
from tests.factories.organizations import StaffMemberFactory


def test_directory_lists_verified_organizations_only_for_anonymous_visitors(client, db):
    OrganizationFactory(name="已认证的组织")
    OrganizationFactory(name="待审核的组织", verification_status="pending")
    OrganizationFactory(name="被退回的组织", verification_status="returned")
    response = client.get("/organizations/directory/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "已认证的组织" in body and "待审核的组织" not in body and "被退回的组织" not in body
    assert 'href="/organizations/directory/"' in body  # the site navigation links to the directory


def test_directory_search_and_type_filter(client, db):
    OrganizationFactory(name="武汉甲中心")
    OrganizationFactory(name="武汉乙协会", org_type="association")
    assert "武汉乙协会" not in client.get("/organizations/directory/?q=甲").content.decode()
    body = client.get("/organizations/directory/?type=association").content.decode()
    assert "武汉乙协会" in body and "武汉甲中心" not in body


def test_public_detail_shows_counts_never_staff_names(client, db):
    organization = OrganizationFactory(name="公开中心")
    StaffMemberFactory(organization=organization, name="张秘密", certificate_number="SECRET-123")
    response = client.get(f"/organizations/directory/{organization.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "社会工作师 1 人" in body
    assert "张秘密" not in body and "SECRET-123" not in body
    assert organization.contact_email not in body and organization.legal_representative not in body


def test_unverified_organization_has_no_public_page(client, db):
    organization = OrganizationFactory(verification_status="pending")
    assert client.get(f"/organizations/directory/{organization.pk}/").status_code == 404


def test_registered_sections_appear_on_the_public_page(client, db, monkeypatch):
    monkeypatch.setattr(public, "_providers", [])
    organization = OrganizationFactory()

    @public.register_public_section
    def delivered(org):
        return [{"title": "承接的项目", "items": [(f"{org.name}的关爱项目", "/grants/public/1/")]}]

    body = client.get(f"/organizations/directory/{organization.pk}/").content.decode()
    assert "承接的项目" in body and "/grants/public/1/" in body


def test_directory_query_count_is_bounded(client, db, django_assert_max_num_queries):
    for _ in range(25):
        OrganizationFactory()
    with django_assert_max_num_queries(6):
        assert client.get("/organizations/directory/").status_code == 200


def test_directory_filters_by_prefecture(client, db):
    OrganizationFactory(name="江岸的中心", region_code="420102")
    OrganizationFactory(name="恩施的中心", region_code="422801")
    body = client.get("/organizations/directory/?region=422800").content.decode()
    assert "恩施的中心" in body and "江岸的中心" not in body


def test_directory_shows_each_organization_as_a_card_with_a_count_and_explains_an_empty_result(client, db):
    OrganizationFactory(name="武汉甲中心", rating="4A")
    body = client.get("/organizations/directory/").content.decode()
    assert "共 1 个组织" in body
    card = body.split('<section class="card">', 1)[1].split("</section>", 1)[0]
    assert "武汉甲中心" in card and "4A" in card and "评估等级" in card
    empty = client.get("/organizations/directory/?q=不存在的名字").content.decode()
    assert "共 0 个组织" in empty and "没有符合条件的组织。" in empty


def test_an_expired_rating_is_marked_expired_wherever_it_is_shown(client, db):
    lapsed = timezone.localdate() - datetime.timedelta(days=1)
    organization = OrganizationFactory(region_code="420102", name="过期中心", rating="5A", rating_expires_on=lapsed)
    OrganizationFactory(region_code="420102", name="有效中心", rating="4A")
    expired = f"已于 {lapsed.isoformat()} 过期"
    directory = client.get("/organizations/directory/").content.decode()
    assert directory.count(expired) == 1
    assert expired in client.get(f"/organizations/directory/{organization.pk}/").content.decode()
    client.force_login(OfficerFactory(region_code="420100"))
    assert client.get("/organizations/officer/?status=").content.decode().count(expired) == 1
    assert expired in client.get(f"/organizations/{organization.pk}/").content.decode()
