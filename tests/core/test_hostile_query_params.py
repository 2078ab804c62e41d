"""No query string answers 500. The list and export views are discovered, not listed: every parameterless URL is
opened as each persona, the FilterSets it builds are recorded, and every field of each is then fed hostile values
(a NUL byte, numbers past 64 bits, negative and fractional years, 10,000 characters, paths, unicode junk). On
PostgreSQL NUL bytes and integer overflow reach the database, so run this there too (.ci/run does)."""

import django_filters
import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver

from core.filters import FilterSet
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory
from tests.factories.programs import ApplicationFactory

HOSTILE_VALUES = [
    "\x00",
    "abc\x00def",
    "99999999999999999999",
    "-99999999999999999999",
    "-1",
    "0",
    "abc",
    "x" * 10_000,
    "1e309",
    "NaN",
    "2020.5",
    "0001-01-01",
    "9999-12-31",
    "../../etc/passwd",
    "𝕏\u202e\ufeff☃'\";--",
]
# Not lists: the admin sites, authentication (GETs there are forms), the language switch.
SKIPPED_PREFIXES = ("cms-admin/", "django-admin/", "accounts/", "i18n/", "_util/")


def _parameterless_urls():
    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif not any(mark in route for mark in "<(^$"):
                yield "/" + route

    urls = {
        url
        for url in walk(get_resolver().url_patterns, "")
        if not url.startswith(tuple("/" + p for p in SKIPPED_PREFIXES))
    }
    return sorted(urls)


@pytest.fixture
def personas(db):
    organization = OrganizationFactory(region_code="420102")
    member = MembershipFactory(organization=organization, role="admin", user=UserFactory(username="hostile_member"))
    ApplicationFactory(organization=organization, status="submitted")
    return {
        "anonymous": None,
        "officer": OfficerFactory(username="hostile_officer", region_code="420000"),
        "member": member.user,
        "reviewer": UserFactory(username="hostile_reviewer", is_reviewer=True),
        "evaluator": UserFactory(username="hostile_evaluator", is_evaluator=True),
    }


@pytest.fixture
def recorded_filtersets(monkeypatch):
    """Every core.filters.FilterSet built while a view runs: its filter (= form field) names."""
    built: list[list[str]] = []
    original = FilterSet.__init__

    def recording_init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        built.append(list(self.filters))

    monkeypatch.setattr(FilterSet, "__init__", recording_init)
    return built


def test_every_filterset_of_the_project_extends_the_core_base():
    project_apps = {config.name for config in apps.get_app_configs() if not config.path.count("site-packages")}

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    import grants.filters  # noqa: F401 — the modules that declare FilterSets
    import organizations.filters  # noqa: F401
    import programs.filters  # noqa: F401

    ours = [cls for cls in subclasses(django_filters.FilterSet) if cls.__module__.split(".")[0] in project_apps]
    assert ours, "no FilterSet found: the discovery is broken"
    strays = [f"{cls.__module__}.{cls.__name__}" for cls in ours if not issubclass(cls, FilterSet)]
    assert strays == [], "extend core.filters.FilterSet"


@pytest.mark.parametrize("persona", ["anonymous", "officer", "member", "reviewer", "evaluator"])
def test_no_filter_of_any_list_answers_500(client, personas, recorded_filtersets, persona):
    if personas[persona] is not None:
        client.force_login(personas[persona])
    failures = []
    filtered = {}
    for url in _parameterless_urls():
        recorded_filtersets.clear()
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((url, [], response.status_code))
        names = {name for names in recorded_filtersets for name in names}
        if names:
            filtered[url] = sorted(names | {"page"})
    if persona in ("anonymous", "officer"):
        assert filtered, "no filtered list was discovered"
    # Every field at once with each value (fields are cleaned and applied independently, so one request tries them
    # all); a 500 is then narrowed down to the field that caused it.
    for url, names in filtered.items():
        for value in HOSTILE_VALUES:
            if client.get(url, dict.fromkeys(names, value)).status_code < 500:
                continue
            culprits = [name for name in names if client.get(url, {name: value}).status_code >= 500]
            failures.append((url, culprits or names, value[:20]))
    assert failures == []


def test_the_officers_lists_show_a_bad_year_as_the_filters_error(client, personas):
    client.force_login(personas["officer"])
    for url in ("/grants/?year=-1", "/grants/?year=99999999999999999999", "/grants/export.xlsx?year=1e309"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "筛选条件有误" in response.content.decode(), url
    response = client.get("/grants/projects/?year=99999999999999999999")
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()
    assert client.get("/grants/projects/?year=2026").status_code == 200
    assert client.get("/grants/export.xlsx?year=2026").status_code == 200


def test_the_public_directory_refuses_a_nul_byte_with_its_error(client, personas):
    response = client.get("/organizations/directory/", {"q": "\x00"})
    assert response.status_code == 400
    assert "筛选条件有误" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "\x00", "99999999999999999999", "-1", "1e309", "x" * 10_000])
def test_a_bad_version_number_is_a_400(client, personas, value):
    client.force_login(personas["officer"])
    application = ApplicationFactory(status="submitted", organization=OrganizationFactory(region_code="420102"))
    for name in ("old", "new"):
        response = client.get(f"/programs/work/applications/{application.pk}/versions/", {name: value})
        assert response.status_code == 400
    assert client.get(f"/programs/work/applications/{application.pk}/versions/?old=1&new=1").status_code == 200
