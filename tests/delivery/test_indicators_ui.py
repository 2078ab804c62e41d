"""Call indicators (officer page) and application targets (applicant page), frozen with the version."""

from decimal import Decimal

from django.urls import reverse

from programs.models import Application, ApplicationStatus, OutcomeIndicator, OutcomeTarget
from programs.services.applications import snapshot
from tests.factories.delivery import OutcomeIndicatorFactory
from tests.factories.grants import grant_call


def _rows(*rows):
    data = {"indicators-TOTAL_FORMS": str(len(rows)), "indicators-INITIAL_FORMS": "0"}
    for n, row in enumerate(rows):
        data.update({f"indicators-{n}-{k}": v for k, v in row.items()})
    return data


def test_officer_defines_indicators_and_a_share_over_100_is_refused(client, wuhan_officer, enshi_officer):
    call = grant_call()
    url = reverse("programs:officer_call_indicators", args=[call.pk])
    client.force_login(enshi_officer)
    assert client.get(url).status_code == 404
    client.force_login(wuhan_officer)
    assert client.get(url).status_code == 200
    row = {"name": "心理韧性", "kind": "outcome", "measured_per": "child", "unit": "分", "direction": "higher"}
    response = client.post(url, _rows({**row, "target": "120"}))
    assert response.status_code == 400 and "应在 0 至 100 之间" in response.content.decode()
    assert (
        client.post(
            url,
            _rows(
                {**row, "target": "70"},
                {**row, "name": "满意度", "measured_per": "grant", "kind": "satisfaction", "target": "90"},
            ),
        ).status_code
        == 302
    )
    assert list(call.indicators.values_list("name", "target")) == [
        ("心理韧性", Decimal("70")),
        ("满意度", Decimal("90")),
    ]


def test_indicators_are_frozen_once_an_application_is_submitted(client, wuhan_officer, organization):
    call = grant_call()
    OutcomeIndicatorFactory(call=call)
    Application.objects.create(call=call, organization=organization, title="x", status=ApplicationStatus.SUBMITTED)
    client.force_login(wuhan_officer)
    row = {"name": "新指标", "kind": "outcome", "measured_per": "child", "unit": "分", "direction": "higher"}
    response = client.post(reverse("programs:officer_call_indicators", args=[call.pk]), _rows(row))
    assert response.status_code == 400 and "成效指标不能再修改" in response.content.decode()
    assert OutcomeIndicator.objects.get(call=call).name != "新指标"


def test_applicant_sets_targets_and_the_version_snapshot_keeps_them(client, org_admin, organization, other_admin):
    call = grant_call()
    indicator = OutcomeIndicatorFactory(call=call, name="心理韧性")
    application = Application.objects.create(call=call, organization=organization, title="x")
    url = reverse("programs:application_targets", args=[application.pk])
    client.force_login(other_admin)
    assert client.get(url).status_code == 404
    client.force_login(org_admin)
    response = client.post(url, {f"target_{indicator.pk}": "150"})
    assert response.status_code == 400 and "应在 0 至 100 之间" in response.content.decode()
    assert client.post(url, {f"target_{indicator.pk}": "75", f"note_{indicator.pk}": "前后测"}).status_code == 302
    target = OutcomeTarget.objects.get(application=application)
    assert target.target_value == Decimal("75") and target.note == "前后测"
    assert snapshot(application)["indicator_targets"] == [
        {"indicator": "心理韧性", "unit": "%", "target_value": "75.00", "note": "前后测"}
    ]


def test_submission_needs_a_target_on_each_indicator(organization):
    from programs.eligibility import submission_failures

    call = grant_call()
    indicator = OutcomeIndicatorFactory(call=call, name="心理韧性")
    application = Application.objects.create(call=call, organization=organization, title="x")
    assert any("心理韧性" in f.message for f in submission_failures(application))
    OutcomeTarget.objects.create(application=application, indicator=indicator, target_value=Decimal("70"))
    assert not any(f.rule == "indicator_targets" for f in submission_failures(application))
