"""我要申报 is for those who may apply; a member of one organization is not asked to pick it; the officer is told
when a notice that starts later becomes public."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.programs.formpost import form_with_field


def test_apply_button_only_for_visitors_and_members(client, call, applicant, wuhan_officer, reviewers):
    url = reverse("programs:call_detail", args=[call.pk])
    apply_url = reverse("programs:application_start", args=[call.pk])
    assert apply_url in client.get(url).content.decode()  # a visitor may log in as a member
    for user in (wuhan_officer, reviewers[0], UserFactory()):
        client.force_login(user)
        assert apply_url not in client.get(url).content.decode(), user
    client.force_login(applicant)
    assert apply_url in client.get(url).content.decode()


def test_a_member_of_one_organization_is_not_asked_to_pick_it(client, call, applicant, applicant_org):
    client.force_login(applicant)
    url = reverse("programs:application_start", args=[call.pk])
    body = client.get(url).content.decode()
    assert "---------" not in body
    data = form_with_field(body, "title")
    assert data["organization"] == [str(applicant_org.pk)]
    data["title"] = ["留守儿童陪伴项目"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert applicant_org.applications.filter(title="留守儿童陪伴项目").exists()


def test_publishing_a_notice_that_starts_later_says_when_it_becomes_public(
    client, draft, applicant, wuhan_officer, reviewers
):
    from decimal import Decimal

    from programs.services.decisions import application_approve
    from tests.programs.helpers import close_call, reviewed

    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    close_call(application.call)
    application_approve(application=application, actor=wuhan_officer, amount=Decimal("40000"), reason="好")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    while tomorrow.weekday() >= 5:
        tomorrow += datetime.timedelta(days=1)
    client.force_login(wuhan_officer)
    response = client.post(
        reverse("programs:officer_notice_publish", args=[application.call.pk]),
        {"text": "拟立项", "starts_on": tomorrow.isoformat()},
        follow=True,
    )
    assert f"{tomorrow.isoformat()} 起对外公开" in response.content.decode()
