"""What a visitor sees on the home page, the news and policy pages, and a brand page's own facts."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cms.demo import seed_pages
from cms.models import HomePage
from cms.news_pages import NewsPage, PolicyIndexPage, PolicyPage
from core.demo import seed_platform_users
from core.models import Region
from grants.demo import seed_grants
from grants.models import Evaluation, Grant
from organizations.demo import seed_organizations
from programs.demo import seed_programs


@pytest.fixture
def seeded(db):
    users = seed_platform_users()
    organizations = seed_organizations()
    programs = seed_programs(users=users, organizations=organizations)
    seed_grants(users=users, organizations=organizations, programs=programs)
    seed_pages(programs=programs)
    return programs


def test_home_page_shows_open_calls_latest_projects_evaluations_brands_news_and_policies(client, seeded):
    body = client.get("/").content.decode()
    assert seeded["calls"]["open"].title in body
    assert seeded["calls"]["upcoming"].title not in body.split("正在申报")[1].split("最新立项项目")[0]
    assert Grant.objects.order_by("-signed_on", "-id").first().title in body
    assert Evaluation.objects.published().first().grant.title in body
    assert "童伴妈妈" in body and "五社联动" in body
    assert "全省首批儿童关爱服务项目完成签约" in body
    assert "湖北省儿童福利服务体系建设“十四五”规划" in body or "湖北省儿童福利服务体系建设&ldquo;" in body


def test_news_and_policy_pages_are_listed_and_readable(client, seeded):
    assert "工作动态" in client.get("/news/").content.decode()
    news = NewsPage.objects.live().first()
    assert news.title in client.get(news.url).content.decode()
    body = client.get(PolicyIndexPage.objects.get().url).content.decode()
    assert "财政部令第102号" in body
    policy = PolicyPage.objects.get(slug="mof-order-102")
    assert "财政部" in client.get(policy.url).content.decode()


def test_a_policy_dated_before_1949_or_a_news_item_in_9999_is_refused(seeded):
    policy = PolicyPage(title="x", slug="x", issuing_authority="某厅", issued_on=datetime.date(1900, 1, 1))
    with pytest.raises(ValidationError, match="1949-10-01"):
        policy.full_clean(exclude=["path", "depth"])
    news = NewsPage(title="y", slug="y", date=datetime.date(9999, 1, 1), body="<p>y</p>")
    with pytest.raises(ValidationError, match="2100-12-31"):
        news.full_clean(exclude=["path", "depth"])


def test_brand_page_coverage_comes_from_its_grants_not_from_what_an_editor_typed(client, seeded):
    brand = seeded["brands"]["tongban-mama"]
    brand.regions.set(Region.objects.filter(code__in=["420600", "422800"]))  # 襄阳市、恩施州: no grant there
    body = client.get("/brands/tongban-mama/").content.decode()
    facts = body.split("服务覆盖地区")[1].split("</dd>")[0]
    assert "襄阳市" not in facts and "恩施" not in facts
    served = {
        region.name for grant in Grant.objects.filter(brand_program=brand) for region in grant.service_regions.all()
    }
    assert served and all(name in facts for name in served)
    assert str(Grant.objects.filter(brand_program=brand).count()) in body.split('id="brand-figures"')[1][:2000]


def test_a_brand_served_without_its_wagtail_page_claims_no_coverage_an_editor_typed(client, seeded):
    brand = seeded["brands"]["tongban-mama"]
    brand.regions.set(Region.objects.filter(code__in=["420600", "422800"]))  # 襄阳市、恩施州: no grant there
    for page in brand.pages.live():
        page.unpublish()
    response = client.get(f"/programs/brands/{brand.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    facts = "".join(part.split("</dl>")[0] for part in body.split('<dl class="facts">')[1:])
    assert "襄阳市" not in facts and "恩施州" not in facts
    served = {
        region.name for grant in Grant.objects.filter(brand_program=brand) for region in grant.service_regions.all()
    }
    assert served and all(name in facts for name in served)


def test_brand_page_does_not_repeat_its_summary_or_partner(client, seeded):
    brand = seeded["brands"]["tongban-mama"]
    body = client.get("/brands/tongban-mama/").content.decode()
    assert body.count(brand.description) == 1
    assert body.count(brand.partner) == 1


def test_home_page_queries_stay_bounded(client, seeded, django_assert_max_num_queries):
    home = HomePage.objects.get()
    with django_assert_max_num_queries(40):
        client.get(home.url)
