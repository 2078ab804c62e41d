"""More data in the dashboard's province: what the query-count tests add before counting again."""

from decimal import Decimal

from tests.factories.delivery import EnrolmentFactory, ServiceLogFactory
from tests.factories.grants import approved_application, make_grant


def add_served_grants(officer, *, grants: int = 3, children: int = 3, logs: int = 5) -> None:
    """``grants`` grants in 武汉, each with ``children`` enrolled children and ``logs`` service logs."""
    for _number in range(grants):
        grant = make_grant(
            officer=officer,
            application=approved_application(approved_amount=Decimal("1000.00"), region_code="420100"),
        )
        for _child in range(children):
            EnrolmentFactory(grant=grant)
        for _log in range(logs):
            ServiceLogFactory(grant=grant)
