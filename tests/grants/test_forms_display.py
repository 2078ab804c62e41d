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
