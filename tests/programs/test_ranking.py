"""The ranking of a call: best mean score first, applications not yet reviewed last on every database."""

from django.urls import reverse

from programs.selectors import ranking
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.programs import ApplicationFactory
from tests.programs.helpers import reviewed, to_review


def test_unreviewed_applications_rank_last(call, draft, applicant, wuhan_officer, reviewers, client):
    # Submitted first, so only the score (not the submission time) can put it below the reviewed one.
    other_org = OrganizationFactory(region_code="420102")
    unreviewed = ApplicationFactory(call=call, organization=other_org)
    to_review(unreviewed, applicant=MembershipFactory(organization=other_org).user, officer=wuhan_officer)
    low = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers, fraction="0.5")
    assert [a.pk for a in ranking(call)] == [low.pk, unreviewed.pk]

    client.force_login(wuhan_officer)
    body = client.get(reverse("programs:officer_call_ranking", args=[call.pk])).content.decode()
    assert body.index(low.title) < body.index(unreviewed.title)
