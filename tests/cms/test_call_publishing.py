"""Publishing a call in the work portal publishes it on the public site; cancelling takes it down; the nav's 申报指南,
the call index and a call's page show one coherent, current picture of the call."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.models import HomePage
from cms.program_pages import CallIndexPage, CallPage
from programs.models import CallStatus
from programs.services.calls import call_cancel, call_publish, call_save
from programs.signals import call_published
from tests.factories.programs import CallFactory


@pytest.fixture
def call_index(db):
    index = CallIndexPage(title="申报指南", slug="calls", intro="各级民政部门发布的申报指南。")
    HomePage.objects.first().add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def draft_call(db):
    return CallFactory(status=CallStatus.DRAFT, title="江岸区困境儿童关爱服务项目", summary="为困境儿童提供监护指导。")


def publish(call, actor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return call_publish(call=call, actor=actor)


def test_publishing_a_call_publishes_its_page_under_the_call_index(
    client, call_index, draft_call, wuhan_officer, django_capture_on_commit_callbacks
):
    publish(draft_call, wuhan_officer, django_capture_on_commit_callbacks)
    page = CallPage.objects.get(call=draft_call)
    assert page.live and page.get_parent().specific == call_index
    assert page.title == draft_call.title
    assert page.search_description == "为困境儿童提供监护指导。"
    assert page.get_latest_revision().user == wuhan_officer
    body = client.get(page.url).content.decode()
    assert "<h1>江岸区困境儿童关爱服务项目</h1>" in body
    assert "为困境儿童提供监护指导。" in body
    # The call's programs URL (used in the call index and in e-mails) leads to that page.
    assert client.get(reverse("programs:call_detail", args=[draft_call.pk])).url == page.url


def test_the_page_is_created_only_after_commit(
    call_index, draft_call, wuhan_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_publish(call=draft_call, actor=wuhan_officer)
    assert not CallPage.objects.exists()
    for callback in callbacks:
        callback()
    assert CallPage.objects.filter(call=draft_call, live=True).count() == 1


def test_an_invalid_call_is_not_published_and_gets_no_page(
    call_index, wuhan_officer, django_capture_on_commit_callbacks
):
    call = CallFactory(status=CallStatus.DRAFT, rubric=[("只有一项", 50)])
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_publish(call=call, actor=wuhan_officer)
    assert callbacks == []
    assert not CallPage.objects.exists()


def test_a_call_that_already_has_a_page_gets_no_second_one(
    call_index, draft_call, wuhan_officer, django_capture_on_commit_callbacks
):
    editors_page = CallPage(title="编辑写的页面", slug="jiangan", call=draft_call, body="<p>编辑撰写的正文</p>")
    call_index.add_child(instance=editors_page)
    editors_page.save_revision()  # a draft the editors are still writing
    publish(draft_call, wuhan_officer, django_capture_on_commit_callbacks)
    call_published.send(sender=type(draft_call), call=draft_call, actor=wuhan_officer)  # a repeat does nothing
    assert list(CallPage.objects.filter(call=draft_call)) == [editors_page]


def test_without_a_call_index_publishing_still_succeeds(
    db, draft_call, wuhan_officer, django_capture_on_commit_callbacks
):
    publish(draft_call, wuhan_officer, django_capture_on_commit_callbacks)
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.PUBLISHED
    assert not CallPage.objects.exists()


def test_a_failing_page_does_not_undo_the_publication(
    call_index, draft_call, wuhan_officer, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("wagtail is down")

    monkeypatch.setattr(CallIndexPage, "add_child", broken)
    publish(draft_call, wuhan_officer, django_capture_on_commit_callbacks)
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.PUBLISHED


def test_cancelling_a_call_takes_its_page_down(
    client, call_index, draft_call, wuhan_officer, django_capture_on_commit_callbacks
):
    publish(draft_call, wuhan_officer, django_capture_on_commit_callbacks)
    page = CallPage.objects.get(call=draft_call)
    url = page.url
    with django_capture_on_commit_callbacks(execute=True):
        call_cancel(call=draft_call, actor=wuhan_officer, reason="资金未落实")
    page.refresh_from_db()
    assert not page.live
    assert client.get(url).status_code == 404
    assert client.get(reverse("programs:call_detail", args=[draft_call.pk])).status_code == 404


def test_a_live_page_of_a_call_that_is_not_published_is_not_found(client, call_index, draft_call):
    page = CallPage(title=draft_call.title, slug="draft-call", call=draft_call)
    call_index.add_child(instance=page)
    page.save_revision().publish()
    assert client.get(page.url).status_code == 404


def test_the_page_shows_the_calls_current_title(
    client, call_index, draft_call, wuhan_officer, django_capture_on_commit_callbacks
):
    publish(draft_call, wuhan_officer, django_capture_on_commit_callbacks)
    draft_call.refresh_from_db()
    draft_call.title = "江岸区困境儿童关爱服务项目（更正）"
    call_save(
        call=draft_call,
        actor=wuhan_officer,
        criteria=list(draft_call.rubric_criteria.all()),
        tranches=list(draft_call.tranche_templates.all()),
    )
    body = client.get(CallPage.objects.get(call=draft_call).url).content.decode()
    assert "<h1>江岸区困境儿童关爱服务项目（更正）</h1>" in body


def test_the_nav_leads_to_the_one_call_index_keeping_the_filters(client, call_index, draft_call):
    nav_url = reverse("programs:call_list")
    assert f'href="{nav_url}"' in client.get("/").content.decode()
    response = client.get(nav_url, {"phase": "open"})
    assert response.status_code == 302
    assert response.url == f"{call_index.url}?phase=open"
    assert client.get(nav_url).url == call_index.url
    # Rows link through the stable programs URL, which leads on to the call's page.
    call = CallFactory(title="恩施州留守儿童陪伴项目")
    index_body = client.get(call_index.url).content.decode()
    assert reverse("programs:call_detail", args=[call.pk]) in index_body


def test_without_a_live_call_index_programs_serves_the_list_itself(client, db):
    call = CallFactory(title="恩施州留守儿童陪伴项目")
    response = client.get(reverse("programs:call_list"))
    assert response.status_code == 200
    assert call.title in response.content.decode()


def test_the_call_index_keeps_its_title_and_intro_and_pages_its_list(client, call_index):
    for n in range(21):
        CallFactory(title=f"第{n:02d}号申报指南")
    body = client.get(call_index.url).content.decode()
    assert "<h1>申报指南</h1>" in body
    assert "各级民政部门发布的申报指南。" in body
    assert "第 1 / 2 页" in body
    second = client.get(call_index.url, {"page": 2}).content.decode()
    assert "<h1>申报指南</h1>" in second and "第 2 / 2 页" in second
