"""The officer's grant list stays cheap as a province's data grow (see bench/lists.py for the figures)."""

from django.urls import reverse

from grants.models import EvaluationKind
from grants.selectors import grants_visible_to
from grants.services.evaluations import evaluation_assign
from tests.factories import OrganizationFactory, UserFactory, make_grant, mark_milestones_approved


def test_an_evaluator_with_two_evaluations_of_one_grant_sees_it_once(grant, wuhan_officer):
    evaluator = UserFactory(is_evaluator=True)
    mark_milestones_approved(grant)
    for kind in (EvaluationKind.MIDTERM, EvaluationKind.FINAL):
        evaluation_assign(grant=grant, kind=kind, evaluator=evaluator, actor=wuhan_officer)
    assert list(grants_visible_to(evaluator)) == [grant]
    assert not grants_visible_to(evaluator).query.distinct


def test_officer_filters_grants_by_organization_name_or_credit_code(client, wuhan_officer):
    first = OrganizationFactory(name="江岸希望社工")
    second = OrganizationFactory(name="洪山桥梁社工")
    make_grant(officer=wuhan_officer, application_kwargs={"organization": first})
    make_grant(officer=wuhan_officer, application_kwargs={"organization": second})
    client.force_login(wuhan_officer)
    page = client.get(reverse("grants:grant_list"), {"organization_name": "希望"}).content.decode()
    assert "江岸希望社工" in page and "洪山桥梁社工" not in page
    page = client.get(reverse("grants:grant_list"), {"organization_name": second.credit_code.lower()}).content.decode()
    assert "洪山桥梁社工" in page and "江岸希望社工" not in page
    # the form offers a text box, not a drop-down of every organization in the province
    assert 'name="organization_name"' in page and '<select name="organization"' not in page
