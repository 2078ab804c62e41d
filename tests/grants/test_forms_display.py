"""What the forms show before anything is typed: date pickers filled in, a resubmission starting from the old text."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.services import milestone_approve, milestone_return, milestone_submit
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_release_form_shows_today_in_the_date_picker(client, milestone, org_admin, wuhan_officer, wuhan_officer2):
    milestone_submit(milestone=milestone, actor=org_admin, narrative="完成", evidence_files=[pdf_upload()])
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    client.force_login(wuhan_officer2)
    html = client.get(reverse("grants:milestone_detail", args=[milestone.pk])).content.decode()
    # An <input type=date> only shows an ISO value; "2026/11/30" would leave the box empty on the phone.
    assert f'value="{timezone.localdate().isoformat()}"' in _input(html, "paid_on")


def test_schedule_form_shows_the_current_due_date(client, milestone, wuhan_officer):
    client.force_login(wuhan_officer)
    html = client.get(reverse("grants:milestone_schedule", args=[milestone.pk])).content.decode()
    assert f'value="{milestone.due_date.isoformat()}"' in _input(html, "due_date")


def test_resubmission_form_starts_from_the_returned_narrative(client, milestone, org_admin, wuhan_officer):
    milestone_submit(milestone=milestone, actor=org_admin, narrative="第一版进展说明", evidence_files=[pdf_upload()])
    milestone_return(milestone=milestone, actor=wuhan_officer, comment="请补充")
    client.force_login(org_admin)
    html = client.get(reverse("grants:milestone_detail", args=[milestone.pk])).content.decode()
    assert re.search(r'<textarea[^>]*name="narrative"[^>]*>\s*第一版进展说明</textarea>', html)


def test_release_without_voucher_names_the_field_and_says_so_at_the_top(
    client, milestone, org_admin, wuhan_officer, wuhan_officer2
):
    milestone_submit(milestone=milestone, actor=org_admin, narrative="完成", evidence_files=[pdf_upload()])
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    client.force_login(wuhan_officer2)
    response = client.post(
        reverse("grants:milestone_release", args=[milestone.pk]), {"paid_on": "2026-13-45", "voucher_number": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写“凭证号”。" in html and "必需字段" not in html
    assert "“拨付日期”不是有效的日期" in html
    assert 'href="#release-h"' in html and "未能保存" in html
    milestone.refresh_from_db()
    assert milestone.status == "approved"


def test_rejected_evidence_keeps_the_narrative_and_flags_the_form_at_the_top(client, milestone, org_admin):
    client.force_login(org_admin)
    fake = pdf_upload("fake.pdf", content=b"MZ this is not a pdf")
    response = client.post(
        reverse("grants:milestone_submit", args=[milestone.pk]), {"narrative": "本期进展说明", "evidence": [fake]}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "本期进展说明</textarea>" in html and 'href="#submit-h"' in html
    assert "fake.pdf" in html  # the evidence error names the file
    milestone.refresh_from_db()
    assert milestone.status == "pending" and not milestone.evidence.exists()


def test_review_without_a_decision_asks_for_one(client, milestone, org_admin, wuhan_officer):
    milestone_submit(milestone=milestone, actor=org_admin, narrative="完成", evidence_files=[pdf_upload()])
    client.force_login(wuhan_officer)
    response = client.post(reverse("grants:milestone_review", args=[milestone.pk]), {"comment": ""})
    assert response.status_code == 400
    assert "请选择“审核结论”。" in response.content.decode()


def test_evaluator_agency_is_named_once(client, grant, wuhan_officer):
    from tests.factories import UserFactory

    UserFactory(
        username="ev", name="李评估（楚天第三方评估中心）", is_evaluator=True, evaluator_agency="楚天第三方评估中心"
    )
    UserFactory(username="ev2", name="王评估", is_evaluator=True, evaluator_agency="江汉评估所")
    client.force_login(wuhan_officer)
    html = client.get(reverse("grants:evaluation_assign", args=[grant.pk])).content.decode()
    assert "李评估（楚天第三方评估中心）</option>" in html and "（楚天第三方评估中心）（" not in html
    assert "王评估（江汉评估所）</option>" in html


def test_grant_pages_load_the_phone_styles(client, milestone, org_admin):
    client.force_login(org_admin)
    for url in (reverse("grants:milestone_detail", args=[milestone.pk]), reverse("grants:public_project_list")):
        assert "grants/grants.css" in client.get(url).content.decode()


def test_empty_choices_read_in_chinese(client, grant, wuhan_officer):
    from tests.factories import approved_application

    client.force_login(wuhan_officer)
    html = client.get(reverse("grants:evaluation_assign", args=[grant.pk])).content.decode()
    assert "---------" not in html and ">请选择</option>" in html
    application = approved_application(organization=grant.organization)
    html = client.get(reverse("grants:grant_create", args=[application.pk])).content.decode()
    assert "---------" not in html and ">不是续签</option>" in html
