"""The whole path as users click through it: officer publishes a call → organization applies, fixes a returned
application → two reviewers score → officer decides → the public notice shows on the call page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from programs.models import Application, ApplicationStatus, Call, CallStatus, ReviewAssignment
from tests.programs.helpers import close_call


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _formset(prefix, rows, extra=0, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows) + extra), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def call_post_data(region_pk, **overrides):
    now = timezone.now()
    data = {
        "title": "江岸区困境儿童关爱服务项目申报指南",
        "issuing_region": region_pk,
        "issuing_bureau": "武汉市民政局",
        "summary": "购买困境儿童关爱服务。",
        "funding_source": "welfare_lottery",
        "total_budget": "100000.00",
        "per_project_cap": "60000.00",
        "opens_at": _local(now - datetime.timedelta(hours=1)),
        "closes_at": _local(now + datetime.timedelta(days=10)),
        "min_rating": "",
        "min_years_registered": "0",
        "min_reviewers": "2",
        "contract_months": "12",
        "notice_working_days": "5",
        "require_service_region_inside": "on",
        **_formset(
            "rubric",
            [
                {"name": "需求分析", "weight": "40"},
                {"name": "团队能力", "weight": "30"},
                {"name": "预算", "weight": "30"},
            ],
        ),
        **_formset(
            "tranches",
            [
                {"title": "首付", "percentage": "40", "due_after_months": "0"},
                {"title": "中期", "percentage": "30", "due_after_months": "6"},
                {"title": "结项", "percentage": "30", "due_after_months": "12"},
            ],
        ),
    }
    data.update(overrides)
    return data


def application_post_data(region_pk, **overrides):
    data = {
        "title": "江岸区困境儿童个案服务",
        "summary": "为 40 名困境儿童提供个案管理。",
        "duration_months": "12",
        "service_regions": [str(region_pk)],
        "planned_cases": "40",
        "planned_groups": "2",
        "planned_group_sessions": "12",
        "planned_events": "3",
        "outcome_targets": "监护状况改善率 80%",
        **_formset(
            "budget",
            [
                {
                    "category": "personnel",
                    "item": "社工补贴",
                    "unit": "人·月",
                    "unit_price": "4000.50",
                    "quantity": "12",
                },
                {"category": "activity", "item": "小组活动", "unit": "节", "unit_price": "300", "quantity": "12"},
            ],
            extra=1,
        ),
        **_formset("team", []),
    }
    data.update(overrides)
    return data


def test_the_whole_path(client, wuhan_officer, applicant, applicant_org, reviewers):
    from core.models import Region

    jiangan = Region.objects.get(code="420102")
    wuhan = Region.objects.get(code="420100")

    # Officer creates and publishes a call.
    client.force_login(wuhan_officer)
    response = client.post(reverse("programs:officer_call_create"), call_post_data(wuhan.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(title="江岸区困境儿童关爱服务项目申报指南")
    assert call.status == CallStatus.DRAFT
    client.post(reverse("programs:officer_call_publish", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED

    # A visitor sees it among open calls.
    client.logout()
    page = client.get(reverse("programs:call_list"), {"phase": "open"}).content.decode()
    assert call.title in page

    # The organization applies.
    client.force_login(applicant)
    response = client.post(
        reverse("programs:application_start", args=[call.pk]),
        {"title": "江岸区困境儿童个案服务", "organization": applicant_org.pk},
    )
    application = Application.objects.get(call=call)
    assert response.url == reverse("programs:application_edit", args=[application.pk])
    response = client.post(
        reverse("programs:application_edit", args=[application.pk]), application_post_data(jiangan.pk)
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert str(application.requested_amount) == "51606.00"  # 4000.50 × 12 + 300 × 12
    response = client.post(reverse("programs:application_submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # The officer returns it; the organization fixes and resubmits.
    client.force_login(wuhan_officer)
    client.post(reverse("programs:officer_application_return", args=[application.pk]), {"comment": "请补充成效指标"})
    client.force_login(applicant)
    assert "请补充成效指标" in client.get(reverse("programs:application_edit", args=[application.pk])).content.decode()
    data = application_post_data(jiangan.pk, outcome_targets="改善率 85%，满意度 90%", submit="1")
    response = client.post(reverse("programs:application_edit", args=[application.pk]), data)
    assert response.status_code == 302, response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RESUBMITTED
    assert application.version == 2

    # The officer sees what changed, passes it to review and assigns two reviewers.
    client.force_login(wuhan_officer)
    diff = client.get(reverse("programs:officer_application_versions", args=[application.pk])).content.decode()
    assert "成效目标" in diff and "85%" in diff and "预算明细" not in diff
    client.post(reverse("programs:officer_application_pass", args=[application.pk]))
    response = client.post(
        reverse("programs:officer_application_assign", args=[application.pk]),
        {"reviewers": [r.pk for r in reviewers]},
    )
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=reviewers[0], subject__contains="评审任务").exists()

    # Each reviewer declares no conflict and scores.
    for reviewer, values in zip(reviewers, [("35", "25", "25"), ("30", "20", "28")], strict=True):
        assignment = ReviewAssignment.objects.get(application=application, reviewer=reviewer)
        client.force_login(reviewer)
        page = client.get(reverse("programs:review_detail", args=[assignment.pk])).content.decode()
        assert "社工补贴" not in page  # not before the declaration
        client.post(reverse("programs:review_declare", args=[assignment.pk]))
        page = client.get(reverse("programs:review_detail", args=[assignment.pk])).content.decode()
        assert "社工补贴" in page
        criteria = list(call.rubric_criteria.all())
        scores = {f"criterion_{c.pk}": v for c, v in zip(criteria, values, strict=True)}
        response = client.post(
            reverse("programs:review_submit", args=[assignment.pk]), {**scores, "comment": f"{reviewer.username} 意见"}
        )
        assert response.status_code == 302

    close_call(call)  # decisions wait for the call to close
    # The officer ranks, decides and publishes the notice.
    client.force_login(wuhan_officer)
    ranking = client.get(reverse("programs:officer_call_ranking", args=[call.pk])).content.decode()
    assert "81.50" in ranking and "7.00" in ranking  # mean of 85 and 78, and their spread
    response = client.post(
        reverse("programs:officer_application_decide", args=[application.pk]),
        {"decision": "approve", "amount": "50000.00", "reason": "排名第一"},
    )
    assert response.status_code == 302
    client.post(reverse("programs:officer_notice_publish", args=[call.pk]), {"text": "拟立项项目公示"})

    # The public sees the notice on the call page; the applicant sees the result and comments without names.
    client.logout()
    page = client.get(reverse("programs:call_detail", args=[call.pk])).content.decode()
    assert "立项公示" in page and applicant_org.name in page and "50,000.00" in page
    client.force_login(applicant)
    page = client.get(reverse("programs:application_detail", args=[application.pk])).content.decode()
    assert "reviewer_a 意见" in page
    assert reviewers[0].name not in page
