"""The service-log list of a grant counts each log's attendees for the page's rows only: no join and GROUP BY over
every log of the grant (and its paginator's COUNT stays a plain count)."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delivery.models import ServiceForm
from delivery.selectors.children import log_list
from tests.factories.delivery import BeneficiaryFactory, ServiceLogFactory

pytestmark = pytest.mark.django_db


def test_attendee_counts_without_grouping_every_log(grant):
    children = BeneficiaryFactory.create_batch(3)
    group = ServiceLogFactory(grant=grant, form=ServiceForm.GROUP, head_count=12, attendees=children)
    single = ServiceLogFactory(grant=grant)

    paginator = Paginator(log_list(grant), 50)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 2
        counts = {log.pk: log.attendee_count for log in paginator.page(1).object_list}

    assert counts == {group.pk: 3, single.pk: 0}
    # Neither the COUNT nor the page joins the attendee table (which would group every log of the grant first).
    assert len(queries) == 2
    assert not any('JOIN "delivery_servicelog_attendees"' in q["sql"] for q in queries.captured_queries)
