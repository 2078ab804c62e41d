import pytest
from django.utils import translation

from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django empties the tables between transactional tests with TRUNCATE, which the audit table's trigger
    refuses on PostgreSQL: in the test database only, that one trigger is off (tests/core/test_audit_chain.py turns
    it back on, inside its transaction, to show that it refuses). UPDATE and DELETE stay refused."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_truncate")


@pytest.fixture(autouse=True)
def _chinese():
    """Every test starts in the default language, as a first-time visitor does."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and login delays live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def province_officer(db):
    return OfficerFactory(username="officer_province", region_code="420000")


@pytest.fixture
def wuhan_officer(db):
    return OfficerFactory(username="officer_wuhan", region_code="420100")


@pytest.fixture
def enshi_officer(db):
    return OfficerFactory(username="officer_enshi", region_code="422800")


@pytest.fixture
def organization(db):
    return OrganizationFactory(region_code="420102")


@pytest.fixture
def org_admin(organization):
    return MembershipFactory(organization=organization, user=UserFactory(username="org_admin")).user


@pytest.fixture
def member_client(client, org_admin):
    client.force_login(org_admin)
    return client


@pytest.fixture
def plain_user(db):
    return UserFactory(username="plain")


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` (row locks, real concurrency) run only when DATABASE_URL points at PostgreSQL."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); .ci/run runs it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


# PostgreSQL-only tests that passed in this run, so .ci/run can prove the lock tests really ran there.
_postgres_passed: list[str] = []


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed and "postgres" in report.keywords:
        _postgres_passed.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    import os

    from django.conf import settings

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    terminalreporter.write_line(f"PostgreSQL-only tests passed: {len(_postgres_passed)}")
    report = os.environ.get("POSTGRES_TESTS_REPORT")
    if report:
        with open(report, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{nodeid}\n" for nodeid in _postgres_passed))
