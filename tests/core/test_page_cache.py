"""The anonymous full-page cache: public pages come from the cache for visitors without a session, a content change
shows at once, and nothing personal or stateful is ever stored or served from it."""

import pytest
from django.core.cache import cache

from programs.models import Call
from tests.factories.programs import CallFactory

pytestmark = pytest.mark.django_db

CALLS = "/programs/calls/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()


def test_a_public_page_is_stored_then_served_without_touching_the_database(client, django_assert_num_queries):
    call = CallFactory(title="武汉市留守儿童关爱服务项目", status="published")
    first = client.get(CALLS)
    assert first["X-Page-Cache"] == "miss" and call.title in first.content.decode()
    with django_assert_num_queries(0):
        second = client.get(CALLS)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert not second.cookies


def test_a_change_to_content_shows_at_once(client):
    call = CallFactory(title="旧标题项目", status="published")
    client.get(CALLS)
    Call.objects.filter(pk=call.pk).update(title="不经模型保存")  # a bulk update does not bump the version
    assert "旧标题项目" in client.get(CALLS).content.decode()
    call.refresh_from_db()
    call.title = "新标题项目"
    call.save()
    response = client.get(CALLS)
    assert response["X-Page-Cache"] == "miss" and "新标题项目" in response.content.decode()


def test_signed_in_users_are_never_served_or_stored(client, org_admin):
    client.get(CALLS)  # stored for anonymous visitors
    client.force_login(org_admin)
    response = client.get(CALLS)
    assert "X-Page-Cache" not in response
    assert org_admin.display_name in response.content.decode()
    client.logout()
    assert org_admin.display_name not in client.get(CALLS).content.decode()


def test_each_language_has_its_own_entry(client):
    chinese = client.get(CALLS).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(CALLS)
    assert english["X-Page-Cache"] == "miss" and english.content.decode() != chinese


def test_pages_that_set_a_cookie_or_are_not_html_are_not_stored(client):
    assert "X-Page-Cache" not in client.get("/accounts/login/")
    assert client.get("/healthz").get("X-Page-Cache") is None
    client.get("/accounts/login/")
    response = client.get("/accounts/login/")
    assert "X-Page-Cache" not in response


def test_query_strings_are_part_of_the_key(client):
    CallFactory(title="第一个指南项目", status="published")
    client.get(CALLS)
    other = client.get(CALLS + "?q=不存在的项目")
    assert other["X-Page-Cache"] == "miss"
