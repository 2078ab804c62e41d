"""The public call and brand pages in Wagtail, their demo seeding, and the call snippet in the Wagtail admin."""

import datetime

import pytest
from django.utils import timezone

from cms.demo import seed_pages
from cms.program_pages import BrandProgramPage, CallIndexPage, CallPage
from core.demo import seed_platform_users
from organizations.demo import seed_organizations
from programs.demo import seed_programs
from tests.factories import UserFactory


@pytest.fixture
def seeded(db):
    users = seed_platform_users()
    programs = seed_programs(users=users, organizations=seed_organizations())
    seed_pages(programs=programs)
    return programs


def test_seeding_pages_twice_creates_nothing_new(seeded):
    counts = (CallIndexPage.objects.count(), CallPage.objects.count(), BrandProgramPage.objects.count())
    seed_pages(programs=seeded)
    assert counts == (CallIndexPage.objects.count(), CallPage.objects.count(), BrandProgramPage.objects.count())
    assert counts[0] == 1 and counts[2] == 5


def test_call_index_filters_by_phase(client, seeded):
    body = client.get("/calls/", {"phase": "open"}).content.decode()
    assert seeded["calls"]["open"].title in body
    assert seeded["calls"]["upcoming"].title not in body
    assert seeded["calls"]["draft"].title not in client.get("/calls/").content.decode()


def test_call_page_shows_the_running_notice(client, seeded):
    call = seeded["calls"]["notice_running"]
    page = CallPage.objects.get(call=call)
    body = client.get(page.url).content.decode()
    assert "立项公示" in body and "公示中" in body
    assert seeded["applications"]["notice_running"].organization.name in body
    assert seeded["applications"]["rejected"].title not in body  # only approved projects are announced


def test_public_call_detail_redirects_to_its_page(client, seeded):
    call = seeded["calls"]["open"]
    response = client.get(f"/programs/calls/{call.pk}/")
    assert response.status_code == 302 and response.url == CallPage.objects.get(call=call).url


def test_brand_pages_list_their_calls_and_leave_room_for_figures(client, seeded):
    body = client.get("/brands/").content.decode()
    assert all(name in body for name in ("童伴妈妈", "春蕾计划", "希望伴飞", "五社联动", "社区(村)儿童关爱"))
    body = client.get("/brands/tongban-mama/").content.decode()
    assert seeded["calls"]["open"].title in body
    assert 'id="brand-figures"' in body


def _snippet_form(client, call):
    """The Wagtail admin's edit URL of ``call`` and the form's current values, ready to post."""
    url = f"/cms-admin/snippets/programs/call/edit/{call.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "all"):
            value = [v.pk for v in value.all()]
        elif isinstance(value, list):
            value = [getattr(v, "pk", v) for v in value]
        if value is None:
            continue
        data[name] = value
    data["opens_at"] = timezone.localtime(call.opens_at).strftime("%Y-%m-%d %H:%M")
    data["closes_at"] = timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")
    return url, {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def test_call_snippet_in_wagtail_admin_refuses_close_before_open(client, seeded):
    client.force_login(_wagtail_officer("420100"))
    call = seeded["calls"]["upcoming"]
    assert client.get("/cms-admin/snippets/programs/call/").status_code == 200
    url, data = _snippet_form(client, call)
    opens = timezone.localtime(call.opens_at)
    data["closes_at"] = (opens - datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = client.post(url, data)
    assert "申报截止时间必须晚于申报开始时间" in response.content.decode()
    call.refresh_from_db()
    assert call.closes_at > call.opens_at


def test_every_published_call_of_the_demo_has_its_page(seeded):
    from programs.models import Call, CallStatus
    from tests.factories.programs import CallFactory

    CallFactory(title="往年度申报指南")  # as the grants demo adds
    seed_pages(programs=seeded)
    published = Call.objects.filter(status=CallStatus.PUBLISHED)
    assert published.count() >= 5
    assert set(CallPage.objects.values_list("call", flat=True)) == set(published.values_list("pk", flat=True))


def _wagtail_officer(region_code):
    from django.contrib.auth.models import Permission

    from tests.factories import OfficerFactory

    officer = OfficerFactory(region_code=region_code, is_staff=True)
    officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="programs", codename="change_call"),
        Permission.objects.get(content_type__app_label="programs", codename="view_call"),
    )
    return officer


def test_an_officer_edits_in_wagtail_only_calls_of_their_region(client, seeded):
    call = seeded["calls"]["upcoming"]  # issued by 武汉市
    client.force_login(_wagtail_officer("422800"))  # 恩施州
    url, data = _snippet_form(client, call)
    data["title"] = "被改掉的标题"
    response = client.post(url, data)
    assert "只能修改本人辖区内的申报指南" in response.content.decode()
    call.refresh_from_db()
    assert call.title != "被改掉的标题"


def test_an_officer_cannot_move_a_call_out_of_their_region_in_wagtail(client, seeded):
    from core.models import Region

    call = seeded["calls"]["upcoming"]
    client.force_login(_wagtail_officer("420100"))
    url, data = _snippet_form(client, call)
    data["issuing_region"] = Region.objects.get(code="422800").pk
    response = client.post(url, data)
    assert "只能修改本人辖区内的申报指南" in response.content.decode()
    call.refresh_from_db()
    assert call.issuing_region.code == "420100"


def test_wagtail_edits_keep_the_budget_above_approved_amounts_and_are_audited(client, seeded):
    from core.models import AuditEvent

    call = seeded["calls"]["notice_running"]
    client.force_login(_wagtail_officer(call.issuing_region.code))
    url, data = _snippet_form(client, call)
    data["total_budget"] = "1.00"
    data["per_project_cap"] = "1.00"
    response = client.post(url, data)
    assert "不能少于已立项金额" in response.content.decode()
    call.refresh_from_db()
    assert call.total_budget > 1
    data = _snippet_form(client, call)[1]
    data["title"] = call.title + "（修订）"
    client.post(url, data)
    call.refresh_from_db()
    assert call.title.endswith("（修订）")
    event = AuditEvent.objects.filter(action="programs.call_update").latest("pk")
    assert event.details["changes"]["title"][1].endswith("（修订）")


def test_wagtail_refuses_an_implausible_date_and_saves_nothing(client, seeded):
    call = seeded["calls"]["upcoming"]
    client.force_login(_wagtail_officer("420100"))
    url, data = _snippet_form(client, call)
    data["opens_at"] = "0001-01-01 00:00"
    data["title"] = "被改掉的标题"
    response = client.post(url, data)
    assert "超出合理范围" in response.content.decode()
    call.refresh_from_db()
    assert call.title != "被改掉的标题"


def test_wagtail_saves_through_the_call_service_so_a_platform_admin_who_is_no_officer_is_refused(client, seeded):
    call = seeded["calls"]["upcoming"]
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url, data = _snippet_form(client, call)
    data["title"] = "被改掉的标题"
    response = client.post(url, data)
    assert "只有项目官员可以发布申报指南" in response.content.decode()
    call.refresh_from_db()
    assert call.title != "被改掉的标题"


def test_the_wagtail_call_form_refuses_to_save_without_a_user(seeded):
    import pytest

    from core.permissions import Denied
    from programs.wagtail_hooks import CallAdminForm

    call = seeded["calls"]["upcoming"]
    form_class = CallViewSet_form_class()
    form = form_class(instance=call, data=None)
    form.cleaned_data = {}
    assert isinstance(form, CallAdminForm)
    with pytest.raises(Denied):
        form.save()


def CallViewSet_form_class():
    from programs.wagtail_hooks import CallViewSet

    return CallViewSet().get_edit_handler().get_form_class()


def test_the_wagtail_call_and_brand_forms_use_check_boxes_not_ctrl_click_list_boxes(client, seeded):
    """Issue 10 item 9 in the Wagtail admin too: child categories, service types and a brand's regions."""
    import re

    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    brand = seeded["brands"]["tongban-mama"]
    for url in (
        f"/cms-admin/snippets/programs/call/edit/{seeded['calls']['upcoming'].pk}/",
        f"/cms-admin/snippets/programs/brandprogram/edit/{brand.pk}/",
    ):
        body = client.get(url).content.decode()
        assert re.findall(r"<select[^>]*\bmultiple\b[^>]*>", body) == [], url
    assert 'type="checkbox" name="regions"' in body
