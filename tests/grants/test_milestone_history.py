"""The complaint: "after we resubmitted a milestone we could no longer see what we first wrote or why the officer
returned it". The milestone page keeps every submission and review, with dates."""

import pytest
from django.urls import reverse

from grants.services import milestone_approve, milestone_return, milestone_submit
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def test_resubmitted_milestone_shows_each_submission_and_the_return_comment(
    client, milestone, org_admin, wuhan_officer
):
    milestone_submit(
        milestone=milestone,
        actor=org_admin,
        narrative="第一次进展说明：走访 30 户。",
        evidence_files=[pdf_upload("走访记录.pdf")],
    )
    milestone_return(milestone=milestone, actor=wuhan_officer, comment="请补充家长知情同意书。")
    milestone_submit(
        milestone=milestone,
        actor=org_admin,
        narrative="第二次进展说明：已补充。",
        evidence_files=[pdf_upload("知情同意书.pdf")],
    )
    milestone_approve(milestone=milestone, actor=wuhan_officer, comment="材料齐全。")

    for user in (org_admin, wuhan_officer):
        client.force_login(user)
        page = client.get(reverse("grants:milestone_detail", args=[milestone.pk])).content.decode()
        history = page[page.index("提交与审核记录") :]
        order = [
            history.index("第一次进展说明：走访 30 户。"),
            history.index("走访记录.pdf"),
            history.index("请补充家长知情同意书。"),
            history.index("第二次进展说明：已补充。"),
            history.index("知情同意书.pdf", history.index("第二次进展说明")),
            history.index("材料齐全。"),
        ]
        assert order == sorted(order)
        assert history.count("重新提交节点材料") >= 1 and "退回节点" in history
