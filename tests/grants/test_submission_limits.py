"""A milestone submission takes a limited number of files and bytes in total (one took 6 files of 9.5 MB), says so on
the form, and a refused submission writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.uploads import validate_submission
from grants.models import MilestoneEvidence, MilestoneStatus
from grants.services import milestone_submit
from tests.factories import pdf_upload
from tests.factories.grants import PDF_BYTES

pytestmark = pytest.mark.django_db


def _pdfs(count, size=0):
    padding = b"\n%" + b"x" * max(size - len(PDF_BYTES) - 2, 0)
    return [pdf_upload(f"佐证{number}.pdf", PDF_BYTES + padding) for number in range(count)]


def test_validate_submission_counts_files_and_bytes(settings):
    settings.MAX_FILES_PER_SUBMISSION, settings.MAX_SUBMISSION_SIZE = 2, 1000
    validate_submission(_pdfs(2, 400))
    with pytest.raises(ValidationError, match="最多上传 2 个文件"):
        validate_submission(_pdfs(3, 100))
    with pytest.raises(ValidationError, match="超过每次提交的上限"):
        validate_submission(_pdfs(2, 600))


def test_six_files_in_one_submission_are_refused_and_nothing_is_saved(milestone, org_admin, settings):
    settings.MAX_FILES_PER_SUBMISSION = 5
    with pytest.raises(ValidationError) as excinfo:
        milestone_submit(milestone=milestone, actor=org_admin, narrative="进展", evidence_files=_pdfs(6))
    assert "最多上传 5 个文件" in excinfo.value.message_dict["evidence"][0]
    assert not MilestoneEvidence.objects.exists()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


def test_files_over_the_total_size_are_refused(milestone, org_admin, settings):
    settings.MAX_UPLOAD_SIZE, settings.MAX_SUBMISSION_SIZE = 10_000, 20_000
    with pytest.raises(ValidationError) as excinfo:
        milestone_submit(milestone=milestone, actor=org_admin, narrative="进展", evidence_files=_pdfs(3, 9_500))
    assert "超过每次提交的上限" in " ".join(excinfo.value.message_dict["evidence"])
    assert not MilestoneEvidence.objects.exists()


def test_the_form_states_the_limits_and_refuses_too_many_files_with_400(client, milestone, org_admin, settings):
    settings.MAX_FILES_PER_SUBMISSION, settings.MAX_SUBMISSION_SIZE = 5, 20 * 1024 * 1024
    client.force_login(org_admin)
    page = client.get(reverse("grants:milestone_detail", args=[milestone.pk])).content.decode()
    assert "每次最多 5 个文件" in page and "合计不超过 20.0" in page
    response = client.post(
        reverse("grants:milestone_submit", args=[milestone.pk]), {"narrative": "进展", "evidence": _pdfs(6)}
    )
    assert response.status_code == 400
    assert "最多上传 5 个文件" in response.content.decode()
    assert not MilestoneEvidence.objects.exists()
