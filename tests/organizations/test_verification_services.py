import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from core.permissions import Denied, NotVisible
from organizations.services import organization_return, organization_update, organization_verify
from organizations.workflow import VERIFICATION


def test_workflow_table():
    assert VERIFICATION.allowed_actions("pending") == ["verify", "return"]
    assert VERIFICATION.allowed_actions("returned") == ["resubmit"]
    assert VERIFICATION.next_state("verified", "verify_changes") == "verified"


def test_a_returned_profile_cannot_be_verified_until_resubmitted(client, jiangan_org, admin, wuhan):
    jiangan_org.verification_status = "returned"
    jiangan_org.save()
    with pytest.raises(ValidationError, match="已退回"):
        organization_verify(organization=jiangan_org, actor=wuhan)
    client.force_login(wuhan)
    response = client.post(f"/organizations/{jiangan_org.pk}/verify/", {"note": ""})
    assert response.status_code == 400
    assert "不能执行" in response.content.decode()
    organization_update(organization=jiangan_org, data={"address": "补充后的地址"}, actor=admin)
    organization_verify(organization=jiangan_org, actor=wuhan)
    jiangan_org.refresh_from_db()
    assert jiangan_org.is_verified


def test_services_check_permissions_themselves(jiangan_org, admin, staff, enshi):
    jiangan_org.verification_status = "pending"
    jiangan_org.save()
    with pytest.raises(Denied):
        organization_verify(organization=jiangan_org, actor=admin)
    with pytest.raises(NotVisible):
        organization_return(organization=jiangan_org, actor=enshi, reason="x")
    with pytest.raises(Denied):
        organization_update(organization=jiangan_org, data={"name": "x"}, actor=staff)
    assert not AuditEvent.objects.exists()
    jiangan_org.refresh_from_db()
    assert jiangan_org.verification_status == "pending"


def test_every_decision_is_audited_with_its_reason(jiangan_org, admin, wuhan):
    jiangan_org.verification_status = "pending"
    jiangan_org.save()
    organization_return(organization=jiangan_org, actor=wuhan, reason="缺少章程")
    organization_update(organization=jiangan_org, data={"address": "新"}, actor=admin)
    organization_verify(organization=jiangan_org, actor=wuhan, note="齐全")
    events = list(AuditEvent.objects.order_by("id").values_list("action", "details"))
    assert [a for a, _ in events] == ["organizations.return", "organizations.update", "organizations.verify"]
    assert events[0][1]["reason"] == "缺少章程"
    assert events[1][1]["resubmitted"] is True
