"""Public pages carry no form and set no cookie for anonymous visitors, so that they can be cached; the language is
switched by a plain link."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name", ["organizations:directory", "grants:public_project_list", "programs:call_list", "programs:brand_list"]
)
def test_anonymous_public_pages_set_no_cookie(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert not response.cookies, list(response.cookies)
    assert b"csrfmiddlewaretoken" not in response.content


def test_the_language_link_sets_the_preference_and_returns_to_the_page(client):
    page = client.get(reverse("programs:call_list")).content.decode()
    link = reverse("switch_language", args=["en"]) + "?next=%2Fprograms%2Fcalls%2F"
    assert link.replace("&", "&amp;") in page or link in page
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/programs/calls/"
    assert response.cookies["django_language"].value == "en"
    assert 'lang="en"' in client.get("/programs/calls/").content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/ok\x00", "javascript:alert(1)", "/" + "a" * 5000]
)
def test_an_unsafe_next_address_goes_home(client, next_url):
    response = client.get(reverse("switch_language", args=["en"]), {"next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_is_404_and_a_post_is_405(client):
    assert client.get(reverse("switch_language", args=["xx"])).status_code == 404
    assert client.post(reverse("switch_language", args=["en"])).status_code == 405
