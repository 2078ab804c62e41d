"""Satisfaction surveys: one-time codes, expiry, rate limit, flags, scoping, the public threshold, no personal data,
and the grant's satisfaction indicator."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from delivery.models import MeasurementMethod, MeasurementPhase, OutcomeMeasurement
from delivery.selectors import grant_delivery_summary
from grants.models import EvaluationKind
from grants.services import evaluation_assign
from surveys.models import CallSurvey, SurveyResponse, SurveyToken
from surveys.questions import DEFAULT_QUESTIONS
from surveys.selectors import grant_survey_results
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories.grants import mark_milestones_approved

from .conftest import answer_data

pytestmark = pytest.mark.django_db

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14; TestPhone-X9)", "REMOTE_ADDR": "203.0.113.77"}


def _answer(client, token, sheet, *, score=5, ip="203.0.113.77", agent="Phone-A", comment=""):
    return client.post(
        reverse("survey_answer", args=[token.token]),
        answer_data(sheet, score, comment),
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=agent,
    )


def _tokens(sheet):
    return list(sheet.tokens.order_by("number"))


# ---- One-time codes and expiry ----


def test_a_code_is_answered_once_and_a_second_answer_is_refused(client, sheet):
    token = _tokens(sheet)[0]
    page = client.get(reverse("survey_answer", args=[token.token]))
    assert page.status_code == 200 and DEFAULT_QUESTIONS["guardian"][0] in page.content.decode()
    assert _answer(client, token, sheet).status_code == 200
    second = _answer(client, token, sheet, score=1)
    assert second.status_code == 409 and "已经作答过了" in second.content.decode()
    assert SurveyResponse.objects.count() == 1 and SurveyResponse.objects.get().scores == [5] * 5
    assert client.get(reverse("survey_answer", args=[token.token])).status_code == 410
    assert client.get(reverse("survey_answer", args=["nosuchtoken"])).status_code == 404


def test_an_incomplete_answer_writes_nothing_and_keeps_the_code(client, sheet):
    token = _tokens(sheet)[0]
    data = answer_data(sheet)
    del data["q3"]
    response = client.post(reverse("survey_answer", args=[token.token]), data)
    assert response.status_code == 400 and "请选择一个答案" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    token.refresh_from_db()
    assert token.used_at is None


def test_a_suspended_grant_takes_no_answers_and_prints_no_new_sheet(client, sheet, org_admin):
    sheet.grant.status = "suspended"
    sheet.grant.save()
    response = _answer(client, _tokens(sheet)[0], sheet)
    assert response.status_code == 410 and not SurveyResponse.objects.exists()
    client.force_login(org_admin)
    url = reverse("surveys:grant_surveys", args=[sheet.grant.pk])
    assert client.post(url, {"audience": "guardian", "label": "x", "count": 3, "valid_days": 5}).status_code == 403


def test_an_expired_code_is_refused(client, sheet):
    sheet.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    sheet.save()
    token = _tokens(sheet)[0]
    assert client.get(reverse("survey_answer", args=[token.token])).status_code == 410
    response = _answer(client, token, sheet)
    assert response.status_code == 410 and "已过期" in response.content.decode()
    assert not SurveyResponse.objects.exists()


@override_settings(RATE_LIMITS={"surveys.answer.ip": "3/h"})
def test_answers_are_rate_limited_per_address(client, sheet):
    tokens = _tokens(sheet)
    assert [_answer(client, t, sheet).status_code for t in tokens[:3]] == [200, 200, 200]
    limited = _answer(client, tokens[3], sheet)
    assert limited.status_code == 429 and limited["Retry-After"]
    assert _answer(client, tokens[3], sheet, ip="198.51.100.9").status_code == 200  # another address
    assert SurveyResponse.objects.count() == 4


# ---- Tamper resistance ----


def test_patterns_are_flagged_for_the_officer_not_dropped(client, sheet, org_admin, wuhan_officer):
    tokens = _tokens(sheet)
    for token in tokens[:3]:  # one device, three answers, within minutes: device + burst
        _answer(client, token, sheet, agent="Same-Phone", ip="198.51.100.1")
    client.force_login(org_admin)  # a member of the surveyed organization answers while signed in
    _answer(client, tokens[3], sheet, agent="Office-PC", ip="198.51.100.2")
    client.logout()
    _answer(client, tokens[4], sheet, agent="Other-Phone", ip="198.51.100.3", score=2)

    results = grant_survey_results(sheet.grant)
    assert results.answers == 5  # nothing dropped
    flags = {r.token.number: set(map(str, labels)) for r, labels in results.flagged_rows}
    assert "同一设备多次作答" in flags[1] and "同一设备多次作答" not in flags.get(5, set())
    assert "本组织成员登录状态下作答" in flags[4]
    assert all("短时间内集中作答" in labels for labels in flags.values()) and len(flags) == 5
    assert results.percent == Decimal("80.0") and results.percent_unflagged is None

    client.force_login(wuhan_officer)
    page = client.get(reverse("surveys:grant_results", args=[sheet.grant.pk])).content.decode()
    assert "同一设备多次作答" in page and "本组织成员登录状态下作答" in page


def test_answers_spread_over_time_from_different_phones_are_not_flagged(sheet):
    from surveys.services import survey_answer

    start = timezone.now() - datetime.timedelta(days=2)
    for i, token in enumerate(_tokens(sheet)[:6]):
        survey_answer(token=token.token, scores=[4] * 5, comment="", user=None, user_agent=f"P{i}", ip=f"10.0.0.{i}")
        SurveyResponse.objects.filter(token=token).update(submitted_at=start + datetime.timedelta(hours=i))
    assert grant_survey_results(sheet.grant).flagged == 0


# ---- Scoping ----


def test_only_the_grants_organization_and_officers_see_and_make_its_sheets(client, sheet, org_admin, enshi_officer):
    url = reverse("surveys:grant_surveys", args=[sheet.grant.pk])
    stranger = MembershipFactory(organization=OrganizationFactory(), user=UserFactory(username="stranger")).user
    for user in (stranger, enshi_officer):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"audience": "guardian", "label": "x", "count": 3, "valid_days": 5}).status_code == 404
        assert client.get(reverse("surveys:sheet_print", args=[sheet.pk])).status_code == 404
    assert SurveyToken.objects.count() == 12

    client.force_login(org_admin)
    page = client.get(url).content.decode()
    assert "大智街道" in page and "0 / 12" in page and "生成并打印" in page
    response = client.post(url, {"audience": "child", "label": "暑期夏令营", "count": 3, "valid_days": 20})
    assert response.status_code == 302
    printed = client.get(response["Location"]).content.decode()
    assert printed.count("<svg") == 3 and "小朋友" in printed
    assert client.get(reverse("surveys:grant_results", args=[sheet.grant.pk])).status_code == 403


def test_an_officer_of_another_prefecture_cannot_see_the_distribution(
    client, sheet, wuhan_officer, enshi_officer, province_officer
):
    url = reverse("surveys:grant_results", args=[sheet.grant.pk])
    client.force_login(enshi_officer)
    assert client.get(url).status_code == 404
    for user in (wuhan_officer, province_officer):
        client.force_login(user)
        assert client.get(url).status_code == 200
    evaluator = UserFactory(username="evaluator", is_evaluator=True)
    client.force_login(evaluator)
    assert client.get(url).status_code == 404
    mark_milestones_approved(sheet.grant, count=1)
    evaluation_assign(grant=sheet.grant, kind=EvaluationKind.MIDTERM, evaluator=evaluator, actor=wuhan_officer)
    assert client.get(url).status_code == 200


def test_the_officer_sets_the_calls_questions(client, grant, wuhan_officer, enshi_officer, org_admin):
    url = reverse("surveys:call_questions", args=[grant.call.pk])
    client.force_login(enshi_officer)
    assert client.get(url).status_code == 404
    client.force_login(wuhan_officer)
    detail = client.get(reverse("programs:officer_call_detail", args=[grant.call.pk])).content.decode()
    assert url in detail
    assert client.post(url, {"guardian_questions": "一\n二", "child_questions": "甲\n乙"}).status_code == 400
    assert not CallSurvey.objects.exists()
    guardian = "\n".join(f"您对第{i}项服务满意吗？" for i in range(1, 7))
    child = "\n".join(f"你喜欢第{i}个活动吗？" for i in range(1, 5))
    assert client.post(url, {"guardian_questions": guardian, "child_questions": child}).status_code == 302

    client.force_login(org_admin)
    client.post(
        reverse("surveys:grant_surveys", args=[grant.pk]),
        {"audience": "guardian", "label": "一元街道", "count": 2, "valid_days": 10},
    )
    sheet = grant.survey_sheets.get()
    assert sheet.questions == guardian.splitlines()
    page = client.get(reverse("survey_answer", args=[sheet.tokens.first().token])).content.decode()
    assert "您对第6项服务满意吗？" in page


# ---- The indicator and the public figure ----


def test_answers_move_the_grants_satisfaction_indicator(client, sheet, org_admin):
    grant = sheet.grant
    indicator = grant.call.indicators.get(name="监护人满意度")
    OutcomeMeasurement.objects.create(  # what the organization typed about itself before
        indicator=indicator,
        grant=grant,
        phase=MeasurementPhase.SINGLE,
        value=Decimal("99"),
        measured_on=timezone.localdate(),
        created_by=org_admin,
    )
    tokens = _tokens(sheet)
    for i, score in enumerate([5, 4, 2, 5]):
        _answer(client, tokens[i], sheet, score=score, agent=f"P{i}", ip=f"10.0.0.{i}")
    row = next(r for r in grant_delivery_summary(grant).rows if r.label == "监护人满意度")
    assert row.delivered == Decimal("75.0")
    survey_rows = OutcomeMeasurement.objects.filter(grant=grant, method=MeasurementMethod.SURVEY)
    assert survey_rows.count() == 1 and survey_rows.get().value == Decimal("75.0")

    client.force_login(org_admin)
    page = client.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()
    assert "满意度 75.0%（4 份答卷）" in page


def test_the_public_sees_satisfaction_from_five_answers_on(client, sheet):
    url = reverse("grants:public_project_detail", args=[sheet.grant.pk])
    tokens = _tokens(sheet)
    for i in range(4):
        _answer(client, tokens[i], sheet, agent=f"P{i}", ip=f"10.0.0.{i}")
    assert "100.0" not in client.get(url).content.decode()
    _answer(client, tokens[4], sheet, agent="P4", ip="10.0.0.4", score=1)
    page = client.get(url).content.decode()
    assert "满意度（%）" in page and "80.0" in page


# ---- Nothing identifying ----


def test_nothing_identifying_is_stored(client, sheet):
    tokens = _tokens(sheet)
    refused = _answer(client, tokens[0], sheet, comment="请联系我 13912345678")
    assert refused.status_code == 400 and not SurveyResponse.objects.exists()
    events_before = AuditEvent.objects.count()
    client.post(
        reverse("survey_answer", args=[tokens[0].token]), answer_data(sheet, comment="老师很耐心，谢谢"), **PHONE
    )
    assert SurveyResponse.objects.count() == 1
    assert AuditEvent.objects.count() == events_before  # an audit event would keep the address
    for model in apps.get_app_config("surveys").get_models():
        for obj in model.objects.all():
            for field in model._meta.concrete_fields:
                if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                    value = str(getattr(obj, field.attname))
                    assert "203.0.113.77" not in value and "TestPhone" not in value, (model, field.name)


def test_an_officer_who_is_or_was_a_member_of_the_organization_does_not_see_its_flags(client, sheet, organization):
    """The flags are kept from the organization being surveyed: an officer who acts, or acted within
    CONFLICT_OF_INTEREST_DAYS, for it is refused like its members (issue 9, item 2)."""
    from organizations.models import FormerMembership
    from tests.factories import OfficerFactory

    url = reverse("surveys:grant_results", args=[sheet.grant.pk])
    member = OfficerFactory(username="officer_member", region_code="420100")
    MembershipFactory(organization=organization, user=member)
    former = OfficerFactory(username="officer_former_member", region_code="420000")
    now = timezone.now()
    FormerMembership.objects.create(
        user=former, organization=organization, role="staff", joined_at=now - datetime.timedelta(days=90), left_at=now
    )
    evaluator = UserFactory(username="evaluator_member", is_evaluator=True)
    MembershipFactory(organization=organization, user=evaluator)
    for user in (member, former, evaluator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403, user
        assert "利益冲突" in response.content.decode()
