"""The grant pages' lists export exactly what they show: milestone queues (review, release: the payments waiting),
overdue milestones, approved applications waiting for a contract, the evaluator's tasks, the grant list."""

import datetime

import pytest
from django.utils import timezone

from grants.models import Evaluation, EvaluationKind, Milestone
from grants.services import milestone_approve, milestone_submit
from tests.export_checks import FORMULA, assert_formula_inert, download
from tests.factories import OrganizationFactory, UserFactory, make_grant, pdf_upload
from tests.factories.grants import approved_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_org(db):
    return OrganizationFactory(region_code="420102", name=FORMULA)


def _grant(officer, organization, region_code="420100"):
    return make_grant(
        officer=officer,
        application=approved_application(organization=organization, region_code=region_code),
    )


def _submit(milestone, member):
    return milestone_submit(milestone=milestone, actor=member, narrative="完成", evidence_files=[pdf_upload()])


def test_review_queue_export_is_the_queue_of_the_region(
    client, wuhan_officer, enshi_officer, organization, org_admin, hostile_org
):
    ours = _grant(wuhan_officer, organization)
    _submit(ours.milestones.get(order=1), org_admin)
    hostile = _grant(wuhan_officer, hostile_org)
    Milestone.objects.filter(grant=hostile, order=1).update(status="submitted", submitted_at=timezone.now())
    elsewhere = _grant(enshi_officer, organization, region_code="422800")
    _submit(elsewhere.milestones.get(order=1), org_admin)

    client.force_login(wuhan_officer)
    export = download(client, "/grants/milestones/?queue=review&format=xlsx")
    assert sorted(export.column("合同编号")) == sorted([ours.contract_number, hostile.contract_number])
    assert elsewhere.contract_number not in export.texts()
    assert_formula_inert(export)


def test_release_queue_export_leaves_out_what_the_officer_approved(
    client, wuhan_officer, wuhan_officer2, organization, org_admin
):
    grant = _grant(wuhan_officer, organization)
    milestone = _submit(grant.milestones.get(order=1), org_admin)
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    client.force_login(wuhan_officer)
    assert download(client, "/grants/milestones/?queue=release&format=xlsx").rows == []
    client.force_login(wuhan_officer2)
    export = download(client, "/grants/milestones/?queue=release&format=xlsx")
    assert export.column("合同编号") == [grant.contract_number]
    assert export.column("拨付金额（元）") == [float(milestone.payment_amount)]
    assert export.column("审核通过人") == [wuhan_officer.display_name]


def test_overdue_export_lists_overdue_milestones_of_the_region_with_days(
    client, wuhan_officer, enshi_officer, hostile_org
):
    grant = _grant(wuhan_officer, hostile_org)
    ten_days_ago = timezone.localdate() - datetime.timedelta(days=10)
    Milestone.objects.filter(grant=grant, order=1).update(due_date=ten_days_ago)
    client.force_login(wuhan_officer)
    export = download(client, "/grants/overdue/?format=xlsx")
    assert export.column("合同编号") == [grant.contract_number]
    assert export.column("逾期天数") == [10]
    assert_formula_inert(export)
    client.force_login(enshi_officer)
    assert download(client, "/grants/overdue/?format=xlsx").rows == []


def test_ready_export_lists_approved_applications_without_a_contract(client, wuhan_officer, enshi_officer, hostile_org):
    application = approved_application(organization=hostile_org)
    client.force_login(wuhan_officer)
    export = download(client, "/grants/ready/?format=xlsx")
    assert export.column("项目名称") == [f"'{application.title}"]
    assert export.column("公示期已结束") == [True]
    assert_formula_inert(export)
    client.force_login(enshi_officer)
    assert download(client, "/grants/ready/?format=xlsx").rows == []


def test_evaluator_exports_only_their_own_tasks(client, wuhan_officer, hostile_org, organization):
    evaluator, other = UserFactory(is_evaluator=True), UserFactory(is_evaluator=True)
    mine = _grant(wuhan_officer, hostile_org)
    theirs = _grant(wuhan_officer, organization)
    Evaluation.objects.create(grant=mine, kind=EvaluationKind.MIDTERM, evaluator=evaluator, assigned_by=wuhan_officer)
    Evaluation.objects.create(grant=theirs, kind=EvaluationKind.FINAL, evaluator=other, assigned_by=wuhan_officer)
    client.force_login(evaluator)
    export = download(client, "/grants/evaluations/?format=xlsx")
    assert export.column("合同编号") == [mine.contract_number]
    assert export.column("评估类型") == ["中期评估"]
    assert_formula_inert(export)


def test_grant_list_answers_format_xlsx_with_its_filtered_export(client, wuhan_officer, enshi_officer, hostile_org):
    grant = _grant(wuhan_officer, hostile_org)
    _grant(enshi_officer, hostile_org, region_code="422800")
    client.force_login(wuhan_officer)
    export = download(client, "/grants/?format=xlsx")
    assert export.column("合同编号") == [grant.contract_number]
    assert download(client, "/grants/?status=completed&format=xlsx").rows == []
    assert_formula_inert(export)


@pytest.mark.parametrize(
    "url",
    [
        "/grants/milestones/?queue=review&format=xlsx",
        "/grants/overdue/?format=xlsx",
        "/grants/ready/?format=xlsx",
        "/grants/?format=xlsx",
    ],
)
def test_grant_list_exports_run_the_same_queries_for_2_or_5_rows(client, wuhan_officer, organization, org_admin, url):
    def add(n):
        for _ in range(n):
            grant = _grant(wuhan_officer, organization)
            _submit(grant.milestones.get(order=1), org_admin)
            Milestone.objects.filter(grant=grant, order=2).update(due_date=timezone.localdate() - datetime.timedelta(1))
            approved_application(organization=organization)

    add(2)
    client.force_login(wuhan_officer)
    few = download(client, url)
    add(3)
    many = download(client, url)
    assert len(many.rows) > len(few.rows) > 0
    assert many.queries == few.queries


def test_queue_pages_carry_the_export_button(client, wuhan_officer):
    client.force_login(wuhan_officer)
    assert 'href="?queue=release&amp;format=xlsx"' in client.get("/grants/milestones/?queue=release").content.decode()
    for url in ("/grants/overdue/", "/grants/ready/"):
        assert "导出 Excel" in client.get(url).content.decode()
