"""The officer's milestone work queues (待审核 / 待拨付) and the notice that a tranche waits for a second officer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from grants.models import GrantStatus
from grants.services import grant_change_status, milestone_approve, milestone_release, milestone_submit
from organizations.models import FormerMembership
from tests.factories import MembershipFactory, OfficerFactory, make_grant, pdf_upload

pytestmark = pytest.mark.django_db

QUEUE = reverse("grants:milestone_queue")


def _submit(milestone, member):
    return milestone_submit(milestone=milestone, actor=member, narrative="完成", evidence_files=[pdf_upload()])


def test_review_queue_lists_submitted_milestones_of_the_region_only(
    client, milestone, org_admin, wuhan_officer, enshi_officer
):
    _submit(milestone, org_admin)
    client.force_login(wuhan_officer)
    page = client.get(QUEUE).content.decode()
    assert reverse("grants:milestone_detail", args=[milestone.pk]) in page
    assert "待审核 (1)" in page and "待拨付 (0)" in page

    client.force_login(enshi_officer)
    page = client.get(QUEUE).content.decode()
    assert reverse("grants:milestone_detail", args=[milestone.pk]) not in page
    assert "目前没有等待审核的节点" in page


def test_release_queue_leaves_out_what_the_officer_approved(
    client, milestone, org_admin, wuhan_officer, wuhan_officer2
):
    _submit(milestone, org_admin)
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    link = reverse("grants:milestone_detail", args=[milestone.pk])

    client.force_login(wuhan_officer)
    page = client.get(QUEUE, {"queue": "release"}).content.decode()
    assert link not in page and "目前没有等待您拨付的节点" in page

    client.force_login(wuhan_officer2)
    page = client.get(QUEUE, {"queue": "release"}).content.decode()
    assert link in page and "待拨付 (1)" in page


def test_release_queue_leaves_out_suspended_grants(client, grant, milestone, org_admin, wuhan_officer, wuhan_officer2):
    _submit(milestone, org_admin)
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    grant_change_status(grant=grant, action="suspend", actor=wuhan_officer, reason="核查")
    grant.refresh_from_db()
    assert grant.status == GrantStatus.SUSPENDED
    client.force_login(wuhan_officer2)
    page = client.get(QUEUE, {"queue": "release"}).content.decode()
    assert reverse("grants:milestone_detail", args=[milestone.pk]) not in page


def test_queue_is_for_officers_only(client, org_admin):
    client.force_login(org_admin)
    assert client.get(QUEUE).status_code == 403


def test_approval_tells_the_nearest_other_officer_that_a_tranche_waits(
    milestone, org_admin, wuhan_officer, wuhan_officer2, province_officer
):
    _submit(milestone, org_admin)
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    waiting = Notification.objects.filter(subject__startswith="节点待拨付")
    # The Wuhan bureau's second officer, not the province (which would hear of every tranche in Hubei).
    assert list(waiting.values_list("recipient__username", flat=True)) == [wuhan_officer2.username]


def test_approval_falls_back_to_the_province_when_the_city_has_no_other_officer(
    milestone, org_admin, wuhan_officer, province_officer
):
    _submit(milestone, org_admin)
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    waiting = Notification.objects.filter(subject__startswith="节点待拨付")
    assert list(waiting.values_list("recipient__username", flat=True)) == [province_officer.username]


@pytest.mark.parametrize("count", [3, 30])
def test_queue_query_count_is_bounded(
    client, wuhan_officer, wuhan_officer2, org_admin, organization, count, django_assert_max_num_queries
):
    for _ in range(count):
        grant = make_grant(officer=wuhan_officer, application_kwargs={"organization": organization})
        first = _submit(grant.milestones.get(order=1), org_admin)
        milestone_approve(milestone=first, actor=wuhan_officer)
    client.force_login(wuhan_officer2)
    with django_assert_max_num_queries(13):  # +1: the referrals role lookup
        response = client.get(QUEUE, {"queue": "release"})
    assert response.content.decode().count("milestones/") >= min(count, 50)


def test_grant_page_offers_completion_only_when_every_tranche_is_paid(
    client, grant, org_admin, wuhan_officer, wuhan_officer2
):
    complete = reverse("grants:grant_status", args=[grant.pk, "complete"])
    client.force_login(wuhan_officer)
    assert complete not in client.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()
    for number, milestone in enumerate(grant.milestones.order_by("order"), start=1):
        _submit(milestone, org_admin)
        milestone_approve(milestone=milestone, actor=wuhan_officer)
        if number == 1:
            html = client.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()
            assert "待拨付</a>" in html  # the approved tranche links to where it is released
        milestone_release(
            milestone=milestone, actor=wuhan_officer2, paid_on=timezone.localdate(), voucher_number=f"V-{number}"
        )
    assert complete in client.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()


def test_queues_leave_out_the_organization_an_officer_is_in_conflict_with(
    client, grant, milestone, org_admin, wuhan_officer, settings
):
    """The complaint: "my queue lists milestones I may not touch; I open one and get a 403 利益冲突"."""
    settings.CONFLICT_OF_INTEREST_DAYS = 730
    member_officer = OfficerFactory(username="officer_member", region_code="420100")
    MembershipFactory(organization=grant.organization, user=member_officer)
    left = timezone.now() - datetime.timedelta(days=30)
    former_officer = OfficerFactory(username="officer_former", region_code="420100")
    FormerMembership.objects.create(
        user=former_officer,
        organization=grant.organization,
        role="staff",
        joined_at=left - datetime.timedelta(days=300),
        left_at=left,
    )
    clean_officer = OfficerFactory(username="officer_clean", region_code="420100")
    link = reverse("grants:milestone_detail", args=[milestone.pk])

    _submit(milestone, org_admin)
    for officer, listed in ((member_officer, False), (former_officer, False), (clean_officer, True)):
        client.force_login(officer)
        page = client.get(QUEUE).content.decode()
        assert (link in page) is listed, officer.username
        assert ("待审核 (1)" if listed else "待审核 (0)") in page

    milestone_approve(milestone=milestone, actor=wuhan_officer)
    for officer, listed in ((member_officer, False), (former_officer, False), (clean_officer, True)):
        client.force_login(officer)
        page = client.get(QUEUE, {"queue": "release"}).content.decode()
        assert (link in page) is listed, officer.username
