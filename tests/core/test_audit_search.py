"""Officers search and export the audit log of their own region; nobody else's, and nobody without the role."""

import io

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from core.audit import audit_log, region_of
from core.models import AuditEvent
from tests.export_checks import body
from tests.factories import UserFactory, region
from tests.factories.programs import CallFactory

URL = reverse("audit_list")


@pytest.fixture
def events(db):
    """Two events about a Wuhan call, one about an Enshi call, one with no region (a sign-in)."""
    wuhan_call, enshi_call = CallFactory(region_code="420100"), CallFactory(region_code="422800")
    alice = UserFactory(username="alice")
    with transaction.atomic():
        title = {"title": ["旧", "=HYPERLINK(1)"]}
        audit_log(actor=alice, action="programs.call_update", target=wuhan_call, changes=title)
        audit_log(actor=None, action="programs.call_publish", target=wuhan_call)
        audit_log(actor=alice, action="programs.call_update", target=enshi_call)
        audit_log(actor=alice, action="core.login")
    return {"wuhan": wuhan_call, "enshi": enshi_call, "alice": alice}


def test_events_take_the_region_of_their_target(events):
    assert region_of(events["wuhan"]) == region("420100")
    regions = list(AuditEvent.objects.order_by("id").values_list("region__code", flat=True))
    assert regions == ["420100", "420100", "422800", None]


def test_an_officer_sees_only_the_events_of_their_region(client, wuhan_officer, events):
    client.force_login(wuhan_officer)
    page = client.get(URL)
    assert page.status_code == 200
    shown = [e.pk for e in page.context["page"].object_list]
    assert shown == list(AuditEvent.objects.filter(region__code="420100").order_by("-id").values_list("pk", flat=True))
    assert "=HYPERLINK(1)" in page.content.decode()  # the before and after of the change are on the page


def test_the_province_sees_every_region_and_the_platform_admin_everything(client, province_officer, events):
    client.force_login(province_officer)
    assert len(client.get(URL).context["page"].object_list) == 3
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert len(client.get(URL).context["page"].object_list) == 4


def test_search_by_actor_action_object_type_and_date(client, province_officer, events):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    client.force_login(province_officer)

    def found(**query):
        response = client.get(URL, query)
        assert response.status_code == 200, response.context["filter"].errors
        return len(response.context["page"].object_list)

    call_type = ContentType.objects.get_for_model(events["wuhan"]).pk
    today = timezone.localdate().isoformat()
    assert found(actor="alic") == 2
    assert found(action="publish") == 1
    assert found(target_type=call_type) == 3
    assert found(date_from=today, date_to=today) == 3
    assert found(date_from="2030-01-01") == 0
    assert client.get(URL, {"date_from": "0001-01-01"}).status_code == 400


def test_people_without_the_role_are_refused(client, org_admin, events):
    client.force_login(org_admin)
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_export_is_the_officers_region_only_formula_neutralised_and_itself_audited(client, wuhan_officer, events):
    client.force_login(wuhan_officer)
    response = client.get(URL, {"format": "xlsx", "action": "call_"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 2  # header and Wuhan's two events, not Enshi's
    details = [row[9] for row in rows[1:]]
    assert any("'" not in d and "=HYPERLINK" in d for d in details)  # inside JSON: no leading "=", stays text
    assert all(not str(cell).startswith("=") for row in rows for cell in row if cell is not None)
    export = AuditEvent.objects.get(action="core.audit_export")
    assert export.actor == wuhan_officer and export.details["filters"] == {"action": "call_"}


def test_the_list_runs_a_bounded_number_of_queries(client, province_officer, events, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(province_officer)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    with transaction.atomic():
        for _ in range(30):
            audit_log(actor=UserFactory(), action="programs.call_update", target=CallFactory())
    with django_assert_max_num_queries(14), CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
