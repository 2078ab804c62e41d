"""Two releases with the same voucher number: the second always gets the clear 400 of the sequential case, also when
it passed the "already used?" check before the first committed (the database's unique constraint then answers)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import MilestoneStatus, Payment
from grants.services import milestone_approve, milestone_release, milestone_submit
from tests.factories import MembershipFactory, make_grant, pdf_upload

pytestmark = pytest.mark.django_db


def _approved(grant, officer):
    member = MembershipFactory(organization=grant.organization).user
    milestone = grant.milestones.get(order=1)
    milestone_submit(milestone=milestone, actor=member, narrative="进展", evidence_files=[pdf_upload()])
    return milestone_approve(milestone=milestone, actor=officer)


def test_voucher_taken_between_check_and_insert_is_a_400_not_a_500(client, monkeypatch, wuhan_officer, wuhan_officer2):
    """Force the race on SQLite: the check says the voucher is free, the insert meets the unique constraint."""
    first = _approved(make_grant(officer=wuhan_officer), wuhan_officer)
    second = _approved(make_grant(officer=wuhan_officer), wuhan_officer)
    today = timezone.localdate()
    milestone_release(milestone=first, actor=wuhan_officer2, paid_on=today, voucher_number="PZ-2026-001")
    monkeypatch.setattr("grants.services.milestones._voucher_taken", lambda voucher_number: False)

    client.force_login(wuhan_officer2)
    response = client.post(
        reverse("grants:milestone_release", args=[second.pk]),
        {"paid_on": today.isoformat(), "voucher_number": "PZ-2026-001"},
    )
    assert response.status_code == 400
    assert "凭证号“PZ-2026-001”已被使用" in response.content.decode()
    second.refresh_from_db()
    assert second.status == MilestoneStatus.APPROVED
    assert Payment.objects.count() == 1
