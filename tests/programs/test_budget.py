"""Budget arithmetic in Decimal, the per-project cap, and bad budget lines."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programs.forms import BudgetLineForm
from programs.models import BudgetLine
from programs.services.applications import ApplicationDraft, application_save_draft, budget_total
from tests.factories import region


def line(price, qty, item="社工补贴"):
    return {"category": "personnel", "item": item, "unit": "月", "unit_price": Decimal(price), "quantity": Decimal(qty)}


def test_totals_are_exact_decimals():
    assert budget_total([line("0.10", "3")]) == Decimal("0.30")
    assert budget_total([line("0.10", "3"), line("0.20", "3")]) == Decimal("0.90")
    assert budget_total([line("33.33", "3"), line("4000.50", "12")]) == Decimal("48105.99")
    assert budget_total([line("0.333", "3")]) == Decimal("1.00")  # each line is rounded to the fen
    assert isinstance(budget_total([]), Decimal)


def test_budget_line_total_property_matches():
    assert BudgetLine(unit_price=Decimal("4000.50"), quantity=Decimal("12")).total == Decimal("48006.00")


def _draft(lines, regions=("420102",)):
    return ApplicationDraft(
        fields={"title": "项目", "summary": "概述", "duration_months": 12},
        budget_lines=lines,
        service_regions=[region(c) for c in regions],
    )


def test_total_equal_to_cap_is_saved(draft, applicant):
    cap = draft.call.per_project_cap  # 200000.00
    application_save_draft(application=draft, actor=applicant, draft=_draft([line("100000.00", "2")]))
    draft.refresh_from_db()
    assert draft.requested_amount == cap


def test_total_one_fen_over_cap_is_refused_and_nothing_changes(draft, applicant):
    with pytest.raises(ValidationError) as error:
        application_save_draft(
            application=draft, actor=applicant, draft=_draft([line("100000.00", "2"), line("0.01", "1")])
        )
    assert "200,000.01 元超过本指南单个项目上限 200,000.00 元" in str(error.value)
    draft.refresh_from_db()
    assert draft.requested_amount == Decimal("50000.00")
    assert list(draft.budget_lines.values_list("item", flat=True)) == ["社工补贴"]


@pytest.mark.parametrize(
    ("price", "qty", "message"), [("0", "1", "单价"), ("-5", "1", "单价"), ("5", "0", "数量"), ("5", "-1", "数量")]
)
def test_zero_or_negative_price_or_quantity(draft, applicant, price, qty, message):
    with pytest.raises(ValidationError) as error:
        application_save_draft(application=draft, actor=applicant, draft=_draft([line(price, qty)]))
    assert f"{message}必须大于 0" in str(error.value)
    form = BudgetLineForm({"category": "personnel", "item": "x", "unit": "月", "unit_price": price, "quantity": qty})
    assert not form.is_valid()
    assert "必须大于 0" in str(form.errors)


def test_service_region_outside_the_call_is_refused_by_name(draft, applicant):
    with pytest.raises(ValidationError) as error:
        application_save_draft(application=draft, actor=applicant, draft=_draft([line("1", "1")], ("422801",)))
    assert "恩施市" in str(error.value)


def test_a_cap_lowered_after_the_draft_was_saved_is_checked_again_at_submission(draft, applicant, wuhan_officer):
    from programs.models import ApplicationStatus
    from programs.services.applications import application_submit
    from programs.services.calls import call_save

    application_save_draft(application=draft, actor=applicant, draft=_draft([line("50000.00", "2")]))
    call = draft.call
    call.per_project_cap = Decimal("80000.00")
    call_save(call=call, actor=wuhan_officer)
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        application_submit(application=draft, actor=applicant)
    assert "100,000.00 元超过本指南单个项目上限 80,000.00 元" in str(error.value)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert not draft.versions.exists()
