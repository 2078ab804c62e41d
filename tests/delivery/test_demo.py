"""The demo shows every delivery page with real figures, and one child served by two organizations is one file."""

from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from core.models import User
from delivery.models import Beneficiary, Enrolment


def test_demo_delivery_pages_render_with_figures(db, settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    shared = Beneficiary.objects.annotate(n=Count("enrolments__organization", distinct=True)).filter(n__gt=1)
    assert shared.exists()
    member = User.objects.get(username="org_wuhan_admin")
    enrolment = (
        Enrolment.objects.filter(organization__memberships__user=member, grant__status="in_progress")
        .order_by("pk")
        .first()
    )
    grant = enrolment.grant
    client.force_login(member)
    for name in ("grant_overview", "child_list", "log_list", "measurement_list", "log_add", "child_add"):
        response = client.get(reverse(f"delivery:{name}", args=[grant.pk]))
        assert response.status_code == 200, name
    page = client.get(reverse("delivery:grant_overview", args=[grant.pk])).content.decode()
    assert "儿童心理韧性量表得分：改善儿童比例" in page and "服务儿童合计" in page
    assert client.get(reverse("delivery:child_file", args=[enrolment.beneficiary_id])).status_code == 200
    client.force_login(User.objects.get(username="officer_wuhan"))
    page = client.get(reverse("grants:milestone_detail", args=[grant.milestones.first().pk])).content.decode()
    assert "截至本节点的服务数据：计划与完成" in page
    assert client.get(reverse("grants:grant_list") + "?delivery_behind=1").status_code == 200
