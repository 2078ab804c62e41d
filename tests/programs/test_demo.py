from core.demo import seed_platform_users
from organizations.demo import seed_organizations
from programs.models import Application, ApplicationStatus, Call, CallPhase, PublicNotice
from programs.selectors import notice_has_ended


def test_seed_programs_is_idempotent_and_covers_every_state(db):
    from programs.demo import seed_programs

    users = seed_platform_users()
    organizations = seed_organizations()
    first = seed_programs(users=users, organizations=organizations)
    counts = (Call.objects.count(), Application.objects.count(), PublicNotice.objects.count())
    second = seed_programs(users=users, organizations=organizations)
    assert counts == (Call.objects.count(), Application.objects.count(), PublicNotice.objects.count())
    assert {k: v.pk for k, v in first["applications"].items()} == {k: v.pk for k, v in second["applications"].items()}

    phases = {call.phase() for call in Call.objects.all()}
    assert {CallPhase.UPCOMING, CallPhase.OPEN, CallPhase.CLOSED, None} <= phases
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.RETURNED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED,
    } <= statuses
    ready = second["approved_ready_for_grant"]
    assert ready and all(notice_has_ended(a) for a in ready)
    assert not notice_has_ended(second["applications"]["notice_running"])
    assert len(second["brands"]) == 5


def test_portal_cards_lead_each_role_to_their_work(client, db):
    from django.urls import reverse

    from programs.demo import seed_programs

    users = seed_platform_users()
    seed_programs(users=users, organizations=seed_organizations())
    from core.models import User

    for username, link in [
        ("officer_wuhan", reverse("programs:officer_applications")),
        ("org_wuhan_admin", reverse("programs:my_applications")),
        ("reviewer_huang", reverse("programs:my_reviews")),
    ]:
        client.force_login(User.objects.get(username=username))
        assert link in client.get(reverse("portal")).content.decode(), username
    body = client.get(reverse("programs:my_reviews")).content.decode()
    assert "待声明" in body  # the demo leaves one review waiting for the conflict-of-interest declaration
