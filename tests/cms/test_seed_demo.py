import pytest
from django.core.management import CommandError, call_command

from core.models import OfficerScope, User
from organizations.models import Membership, Organization


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


def test_seed_demo_creates_every_role_and_running_it_twice_changes_nothing(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organization.objects.count(), Membership.objects.count()) == counts
    scopes = set(OfficerScope.objects.values_list("region__code", flat=True))
    assert {"420000", "420100"} <= scopes
    assert any(len(code) == 6 and not code.endswith("00") for code in scopes)  # a county officer
    assert Organization.objects.count() >= 3
    assert Membership.objects.filter(role="admin").count() >= 3
    assert Membership.objects.filter(role="staff").count() >= 3
    assert User.objects.filter(is_reviewer=True).count() >= 2
    assert User.objects.filter(is_evaluator=True).exists()
    assert User.objects.filter(groups__name="Editors").exists()
    assert User.objects.get(username="officer_wuhan").check_password("guanai-demo-2026")


def test_running_the_whole_demo_twice_adds_no_row_anywhere(db, settings):
    from django.apps import apps

    settings.DEBUG = True
    call_command("seed_demo")
    labels = {"core", "organizations", "programs", "grants", "delivery", "surveys", "cms"}
    ours = [m for m in apps.get_models() if m._meta.app_label in labels]
    before = {m._meta.label: m.objects.count() for m in ours}
    call_command("seed_demo")
    after = {m._meta.label: m.objects.count() for m in ours}
    assert after == before
    assert before["grants.Grant"] > 0 and before["programs.Application"] > 0
    assert before["delivery.Beneficiary"] >= 200 and before["delivery.ServiceLog"] >= 1000
    assert before["delivery.OutcomeMeasurement"] > 0 and before["programs.OutcomeTarget"] > 0
    assert before["surveys.SurveyResponse"] >= 5
