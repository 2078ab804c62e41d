"""Changes made in /django-admin/ and in the Wagtail admin write audit events; service-only models are read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse
from wagtail import hooks

from core.admin_audit import SERVICE_ONLY_MODELS, AuditedAdminMixin
from core.models import AuditEvent, ChildCategory
from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_every_registered_admin_is_audited():
    unaudited = [m._meta.label for m, a in admin.site._registry.items() if not isinstance(a, AuditedAdminMixin)]
    assert unaudited == []


def test_models_that_change_only_through_a_service_are_read_only(rf, superuser):
    registered = {model._meta.label_lower: model_admin for model, model_admin in admin.site._registry.items()}
    assert {"grants.payment", "programs.publicnotice", "programs.application", "core.auditevent"} <= set(registered)
    request = rf.get("/")
    request.user = superuser
    for label in SERVICE_ONLY_MODELS & set(registered):
        model_admin = registered[label]
        allowed = [
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        ]
        assert allowed == [False, False, False], label
    assert registered["core.childcategory"].has_change_permission(request)  # the rest stays editable


def test_a_public_notice_cannot_be_back_dated_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:programs_publicnotice_add")).status_code == 403


def _event(action):
    return AuditEvent.objects.filter(action=action).latest("id")


def test_add_change_and_delete_in_the_admin_are_audited_with_before_and_after(admin_client, superuser):
    data = {"code": "test_term", "name": "测试类别", "order": "5", "is_active": "on"}
    assert admin_client.post(reverse("admin:core_childcategory_add"), data).status_code == 302
    term = ChildCategory.objects.get(code="test_term")
    added = _event("admin.add")
    assert (added.actor, added.target_id, added.details["via"]) == (superuser, str(term.pk), "django-admin")
    assert added.details["changes"]["name"] == [None, "测试类别"]

    url = reverse("admin:core_childcategory_change", args=[term.pk])
    assert admin_client.post(url, {**data, "name": "改名类别", "order": "5"}).status_code == 302
    changed = _event("admin.change")
    assert changed.details["changes"] == {"name": ["测试类别", "改名类别"]}

    delete_url = reverse("admin:core_childcategory_delete", args=[term.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    deleted = _event("admin.delete")
    assert deleted.details["changes"]["name"] == ["改名类别", None]
    assert not ChildCategory.objects.filter(pk=term.pk).exists()


def test_the_delete_selected_action_audits_each_row(admin_client):
    terms = [ChildCategory.objects.create(code=f"bulk{i}", name=f"批量{i}") for i in range(3)]
    response = admin_client.post(
        reverse("admin:core_childcategory_changelist"),
        {"action": "delete_selected", "_selected_action": [t.pk for t in terms], "post": "yes"},
    )
    assert response.status_code == 302
    audited = set(AuditEvent.objects.filter(action="admin.delete").values_list("target_id", flat=True))
    assert audited == {str(t.pk) for t in terms}


def test_a_password_set_in_the_admin_is_audited_without_the_password(admin_client):
    user = UserFactory(username="someone")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    new = "Xq7!long-enough-passphrase"
    response = admin_client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    event = _event("admin.change")
    assert event.target_id == str(user.pk)
    assert new not in str(event.details)
    assert event.details["changes"] and set(event.details["changes"].popitem()[1]) == {"***"}


def test_wagtail_snippet_and_page_hooks_write_audit_events(rf, superuser):
    from programs.models import BrandProgram

    registered = {name: [fn.__module__ for fn in hooks.get_hooks(name)] for name in ("after_edit_snippet",)}
    assert "core.wagtail_hooks" in registered["after_edit_snippet"]
    brand = BrandProgram.objects.create(name="护苗", slug="humiao", start_year=2024)
    request = rf.post("/admin/")
    request.user = superuser
    [before] = hooks.get_hooks("before_edit_snippet")[-1:]
    before(request, brand)
    brand.partner = "某基金会"
    brand.save()
    for fn in hooks.get_hooks("after_edit_snippet"):
        if fn.__module__ == "core.wagtail_hooks":
            fn(request, brand)
    event = _event("wagtail.snippet_edit")
    assert event.actor == superuser
    assert event.details["changes"] == {"partner": ["", "某基金会"]}
    for fn in hooks.get_hooks("after_delete_snippet"):
        if fn.__module__ == "core.wagtail_hooks":
            fn(request, [brand])
    assert _event("wagtail.snippet_delete").details["changes"]["name"] == ["护苗", None]
