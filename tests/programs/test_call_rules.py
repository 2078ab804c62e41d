"""Calls: rubric and tranche sums, dates, contract length; a call cannot open with invalid tables."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programs.models import Call, CallPhase, CallStatus, RubricCriterion, TrancheTemplate
from programs.services.calls import call_publish, call_rule_errors, call_save
from tests.factories import region
from tests.factories.programs import CallFactory
from tests.programs.test_browser_path import call_post_data


def _criteria(*weights):
    return [RubricCriterion(name=f"项{i}", weight=Decimal(w)) for i, w in enumerate(weights)]


def _tranches(*pcts, months=0):
    return [
        TrancheTemplate(title=f"节点{i}", percentage=Decimal(p), due_after_months=months) for i, p in enumerate(pcts)
    ]


def test_valid_call_has_no_errors(call):
    assert call_rule_errors(call) == {}


def test_rubric_must_sum_to_100(call):
    errors = call_rule_errors(call, criteria=_criteria(30, 30, 30))
    assert errors["rubric"] == ["评分标准：各评分项分值合计必须为 100，当前为 90。"]


def test_tranches_must_sum_to_100(call):
    errors = call_rule_errors(call, tranches=_tranches("40", "30", "30.01"))
    assert errors["tranches"] == ["拨付节点：各节点拨付比例合计必须为 100%，当前为 100.01%。"]


def test_close_must_follow_open(call):
    call.closes_at = call.opens_at
    assert "申报截止时间必须晚于申报开始时间" in call_rule_errors(call)["closes_at"][0]


def test_contract_length(call):
    call.contract_months = 13
    assert "最长 12 个月" in call_rule_errors(call)["contract_months"][0]
    call.is_continuing_service = True
    call.contract_months = 36
    assert call.max_contract_months == 36
    assert "contract_months" not in call_rule_errors(call)
    call.contract_months = 37
    assert "contract_months" in call_rule_errors(call)


def test_tranche_after_contract_end(call):
    errors = call_rule_errors(call, tranches=_tranches("100", months=13))
    assert "超出合同期限" in errors["tranches"][0]


def test_draft_with_bad_rubric_cannot_be_published(wuhan_officer):
    call = CallFactory(status=CallStatus.DRAFT, rubric=[("只有一项", 50)])
    with pytest.raises(ValidationError) as error:
        call_publish(call=call, actor=wuhan_officer)
    assert "合计必须为 100" in str(error.value)
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


def test_save_refuses_invalid_tables_without_writing(call, wuhan_officer):
    call.title = "改过的标题"
    with pytest.raises(ValidationError):
        call_save(call=call, actor=wuhan_officer, criteria=_criteria(50, 40), tranches=_tranches(100))
    call.refresh_from_db()
    assert call.title != "改过的标题"
    assert call.rubric_criteria.count() == 4


def test_officer_outside_the_region_cannot_create_a_call_there(enshi_officer):
    call = Call(
        issuing_region=region("420100"),
        title="x",
        funding_source="fiscal",
        total_budget=1,
        per_project_cap=1,
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    from core.permissions import NotVisible

    with pytest.raises(NotVisible):
        call_save(call=call, actor=enshi_officer, criteria=_criteria(100), tranches=_tranches(100))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rubric-0-weight": "10"}, "各评分项分值合计必须为 100，当前为 70"),
        ({"tranches-0-percentage": "50"}, "各节点拨付比例合计必须为 100%，当前为 110%"),
        ({"contract_months": "24"}, "合同期限必须在 1 到 12 个月之间"),
        ({"per_project_cap": "200000.00"}, "单个项目上限不能超过资金总额"),
    ],
)
def test_call_form_bad_input_is_400_with_typed_input_kept(client, wuhan_officer, overrides, message):
    client.force_login(wuhan_officer)
    data = call_post_data(region("420100").pk, **overrides)
    response = client.post(reverse("programs:officer_call_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "江岸区困境儿童关爱服务项目申报指南" in body  # the typed title is shown again
    assert not Call.objects.filter(title=data["title"]).exists()


def test_close_before_open_in_the_form(client, wuhan_officer):
    client.force_login(wuhan_officer)
    data = call_post_data(region("420100").pk)
    data["closes_at"], data["opens_at"] = data["opens_at"], data["closes_at"]
    response = client.post(reverse("programs:officer_call_create"), data)
    assert response.status_code == 400
    assert "申报截止时间必须晚于申报开始时间" in response.content.decode()


def test_phases_follow_the_clock():
    now = timezone.now()
    call = Call(status=CallStatus.PUBLISHED, opens_at=now, closes_at=now + datetime.timedelta(days=1))
    assert call.phase(now - datetime.timedelta(seconds=1)) == CallPhase.UPCOMING
    assert call.phase(now) == CallPhase.OPEN
    assert call.phase(call.closes_at) == CallPhase.CLOSED
    call.status = CallStatus.DRAFT
    assert call.phase(now) is None
