"""The budget table as a new user meets it: posting the form exactly as it renders (blank extra rows included) saves
and submits; one row can be added or removed; the demo's returned application can be resubmitted."""

from django.urls import reverse

from core.demo import seed_platform_users
from organizations.demo import seed_organizations
from programs.models import ApplicationStatus
from tests.programs.formpost import form_with_field


def _edit_page(client, application):
    response = client.get(reverse("programs:application_edit", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_saving_the_form_as_it_renders_keeps_the_draft_and_ignores_blank_rows(client, draft, applicant):
    client.force_login(applicant)
    data = form_with_field(_edit_page(client, draft), "budget-TOTAL_FORMS")
    assert int(data["budget-TOTAL_FORMS"][0]) > int(data["budget-INITIAL_FORMS"][0])  # a blank row is offered
    response = client.post(reverse("programs:application_edit", args=[draft.pk]), {**data, "save": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert draft.budget_lines.count() == 1


def test_submitting_the_form_as_it_renders_submits(client, draft, applicant):
    client.force_login(applicant)
    data = form_with_field(_edit_page(client, draft), "budget-TOTAL_FORMS")
    response = client.post(reverse("programs:application_edit", args=[draft.pk]), {**data, "submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


def test_a_blank_row_offers_an_empty_budget_category(client, draft, applicant):
    client.force_login(applicant)
    data = form_with_field(_edit_page(client, draft), "budget-TOTAL_FORMS")
    last = int(data["budget-TOTAL_FORMS"][0]) - 1
    assert data[f"budget-{last}-category"] == [""]


def test_only_one_blank_row_and_a_template_to_add_one_more(client, draft, applicant):
    client.force_login(applicant)
    body = _edit_page(client, draft)
    data = form_with_field(body, "budget-TOTAL_FORMS")
    assert int(data["budget-TOTAL_FORMS"][0]) == draft.budget_lines.count() + 1
    assert "data-add-row" in body and "budget-__prefix__-item" in body  # the add button and the row it copies
    assert "programs/budget.js" in body


def test_a_row_marked_for_removal_is_removed(client, draft, applicant):
    client.force_login(applicant)
    data = form_with_field(_edit_page(client, draft), "budget-TOTAL_FORMS")
    data["budget-0-DELETE"] = ["on"]
    response = client.post(reverse("programs:application_edit", args=[draft.pk]), {**data, "save": "1"})
    assert response.status_code == 302
    assert draft.budget_lines.count() == 0


def test_the_demo_returned_application_can_be_resubmitted_as_it_renders(client, db):
    from programs.demo import seed_programs

    users = seed_platform_users()
    seeded = seed_programs(users=users, organizations=seed_organizations())
    returned = seeded["applications"]["open_returned"]
    client.force_login(returned.organization.memberships.filter(role="admin").first().user)
    data = form_with_field(_edit_page(client, returned), "budget-TOTAL_FORMS")
    response = client.post(reverse("programs:application_edit", args=[returned.pk]), {**data, "submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    returned.refresh_from_db()
    assert returned.status == ApplicationStatus.RESUBMITTED and returned.version == 2


def test_the_version_comparison_reads_like_a_document_not_python(client, draft, applicant, wuhan_officer):
    from decimal import Decimal

    from programs.services.applications import application_submit
    from programs.services.screening import application_return

    application_submit(application=draft, actor=applicant)
    application_return(application=draft, actor=wuhan_officer, comment="请补充")
    draft.refresh_from_db()
    line = draft.budget_lines.get()
    line.unit_price, line.quantity = Decimal("9500"), Decimal("10")
    line.save()
    draft.requested_amount = Decimal("95000.00")
    draft.save()
    application_submit(application=draft, actor=applicant)
    client.force_login(wuhan_officer)
    body = client.get(reverse("programs:officer_application_versions", args=[draft.pk])).content.decode()
    assert "95,000.00 元" in body and "50,000.00 元" in body
    assert "人员费用 · 社工补贴：9,500.00 元 × 10 月 = 95,000.00 元" in body
    assert "&#x27;" not in body and "[{" not in body and "{&#x27;" not in body
