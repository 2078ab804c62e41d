"""A private download on object storage: the permission check first, then a redirect to a signed URL."""

import pytest
from django.urls import reverse

from grants.models import MilestoneEvidence
from grants.services import milestone_submit
from tests.core.test_files import SigningStorage
from tests.factories import pdf_upload


@pytest.mark.django_db
def test_evidence_download_redirects_to_the_signed_url_only_after_the_permission_check(
    client, milestone, org_admin, enshi_officer, monkeypatch
):
    storage = SigningStorage()
    monkeypatch.setattr(MilestoneEvidence._meta.get_field("file"), "storage", storage)
    milestone_submit(milestone=milestone, actor=org_admin, narrative="x", evidence_files=[pdf_upload("e.pdf")])
    evidence = milestone.evidence.get()
    url = reverse("grants:evidence_download", args=[evidence.pk])

    client.force_login(org_admin)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(f"https://bucket.example/{evidence.file.name}")

    client.force_login(enshi_officer)
    assert client.get(url).status_code == 404
