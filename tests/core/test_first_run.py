"""What a first-time user of ``make run`` sees on the console and in the browser (issue: a noisy first run)."""

import io

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from config.settings import base as base_settings
from tests.factories import MembershipFactory, OfficerFactory, UserFactory
from tests.factories.grants import make_grant

DEV_MIDDLEWARE = [*base_settings.MIDDLEWARE, "config.dev_errors.FriendlyErrorPagesMiddleware"]


def test_seeding_prints_a_short_summary_not_the_demo_emails(db, settings):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) <= 3, lines
    assert "demo e-mails kept off the console" in lines[-1]


def test_load_regions_says_up_to_date_rather_than_zero_created(db):
    # The migrations load the counties, not the townships: the first run adds those, the second has nothing to do.
    call_command("load_regions", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert "already up to date" in out.getvalue()
    assert "0 created" not in out.getvalue()


@override_settings(DEBUG=True, MIDDLEWARE=DEV_MIDDLEWARE)
def test_the_demo_shows_its_own_404_page_for_a_hidden_object(client, db):
    grant = make_grant(officer=OfficerFactory(username="wuhan_officer", region_code="420100"))
    client.force_login(OfficerFactory(username="far_officer", region_code="422800"))
    response = client.get(reverse("grants:grant_detail", args=[grant.pk]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert "URLconf" not in body  # Django's technical 404 lists every URL pattern


@override_settings(DEBUG=True, MIDDLEWARE=DEV_MIDDLEWARE)
def test_the_demo_shows_its_own_403_page(client, db):
    grant = make_grant(officer=OfficerFactory(username="wuhan_officer", region_code="420100"))
    member = UserFactory(username="member_x")
    MembershipFactory(organization=grant.organization, user=member)
    client.force_login(member)
    milestone = grant.milestones.first()
    response = client.post(reverse("grants:milestone_release", args=[milestone.pk]), {})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Traceback" not in body
    assert "只有发包地区的项目官员可以拨付资金" in body


def test_site_url_follows_the_port_make_run_serves_on(monkeypatch):
    import importlib

    import config.settings.dev as dev

    monkeypatch.setenv("PORT", "8123")
    monkeypatch.delenv("SITE_URL", raising=False)
    try:
        reloaded = importlib.reload(dev)
        assert reloaded.SITE_URL == "http://127.0.0.1:8123"
    finally:
        monkeypatch.delenv("PORT")
        importlib.reload(dev)


def test_every_page_offers_a_menu_button_that_folds_the_navigation_on_phones(client, db):
    body = client.get(reverse("programs:call_list")).content.decode()
    assert 'class="nav-toggle' in body
    assert 'aria-controls="site-nav-list"' in body
    assert 'id="site-nav-list"' in body


def test_the_in_process_broker_adds_no_warning_to_the_first_run(monkeypatch, caplog):
    # seed_demo used to print kombu's "No hostname was supplied. Reverting to default 'localhost'" among its summary.
    import importlib

    from kombu import Connection

    import config.settings.dev as dev

    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    try:
        broker_url = importlib.reload(dev).CELERY_BROKER_URL
    finally:
        importlib.reload(dev)
    with caplog.at_level("WARNING"):
        Connection(broker_url).info()
    assert broker_url.startswith("memory://")
    assert [record.getMessage() for record in caplog.records] == []
