"""Children's data lifecycle: anonymising files past retention, and on a guardian's request (PIPL art. 19, 47).

A child's file is anonymised when every grant it is enrolled on was completed or terminated, and that grant's
contract ended more than ``CHILD_DATA_RETENTION_DAYS`` days ago (grants have no closing date of their own; a
terminated grant's end date is never earlier than its termination, so data are kept longer, never shorter). A child
still enrolled on any other grant is left alone, and so is one that another app holds on to (an open referral:
``BLOCKERS``).

What goes: the ID hash and masked ID, the reason for having none, the township, the birth month, every enrolment's
name and scanned consent form (the file is deleted from storage), the notes of the child's case logs, and what other
apps hold about the child (``ANONYMISERS``: a referral's name, ID and description). The uploaded workbooks of
expired grants (they list names and ID numbers in clear) are deleted with their original names. What stays: the
file number, gender, birth year, county, categories, guardian type, school stage, enrolments with consent dates,
service logs (minutes, forms, types) and measurements, so every count and every planned-against-delivered figure
is unchanged.

Idempotent: an anonymised file is not selected again and emptied fields are not counted again. Audit events carry
counts only.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.audit import audit_log
from grants.models import Grant, GrantStatus

from ..models import Beneficiary, Enrolment, ImportBatch, ServiceLog

CLOSED_STATUSES = (GrantStatus.COMPLETED, GrantStatus.TERMINATED)
BATCH_SIZE = 500

# Other apps (above delivery) register here in their AppConfig.ready():
# BLOCKERS: f(queryset of Beneficiary) -> the same queryset without the children they still need;
# ANONYMISERS: f(list of beneficiary pks) -> {count name: number of rows emptied}.
BLOCKERS: list[Callable] = []
ANONYMISERS: list[Callable] = []
# EXPORTERS: f(beneficiary) -> {section name: list of dicts} for a guardian's export.
EXPORTERS: list[Callable] = []


def expired_grants(today: datetime.date | None = None):
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.CHILD_DATA_RETENTION_DAYS)
    return Grant.objects.filter(status__in=CLOSED_STATUSES, end_date__lt=cutoff)


def children_past_retention(today: datetime.date | None = None):
    """Children not yet anonymised, enrolled somewhere, and on no grant that is open or within retention."""
    expired = expired_grants(today)
    queryset = Beneficiary.objects.filter(
        anonymised_at__isnull=True,
        pk__in=Enrolment.objects.values("beneficiary_id"),
    ).exclude(Exists(Enrolment.objects.filter(beneficiary=OuterRef("pk")).exclude(grant__in=expired)))
    for blocker in BLOCKERS:
        queryset = blocker(queryset)
    return queryset


def _case_notes(ids):
    return ServiceLog.objects.filter(beneficiary_id__in=ids).exclude(notes="")


def _group_notes(grants, *, also_gone=()):
    """Notes of collective logs of expired grants where no child present is still identifiable (``also_gone``:
    children about to be anonymised, for the dry run)."""
    through = ServiceLog.attendees.through
    identified = through.objects.filter(servicelog_id=OuterRef("pk"), beneficiary__anonymised_at__isnull=True).exclude(
        beneficiary_id__in=list(also_gone)
    )
    return (
        ServiceLog.objects.filter(grant__in=grants, beneficiary__isnull=True)
        .exclude(notes="")
        .exclude(Exists(identified))
    )


def _import_files(grants):
    pending = ~Q(file="") | ~Q(error_workbook="") | ~Q(original_name="")
    return ImportBatch.objects.filter(grant__in=grants).filter(pending)


def _delete_files(field_files) -> None:
    for field_file in field_files:
        field_file.storage.delete(field_file.name)


def _empty_counts() -> dict:
    return {"children": 0, "names": 0, "consent_forms": 0, "case_notes": 0}


def anonymise_beneficiaries(ids: list[int]) -> dict:
    """Remove the identity from these children's files (inside the caller's transaction); counts of what changed.
    Stored files are deleted once the transaction commits."""
    counts = _empty_counts()
    children = Beneficiary.objects.select_for_update().filter(pk__in=ids, anonymised_at__isnull=True)
    ids = list(children.values_list("pk", flat=True))
    if not ids:
        return counts
    enrolments = Enrolment.objects.filter(beneficiary_id__in=ids)
    scans = [enrolment.consent_form for enrolment in enrolments.exclude(consent_form="").only("consent_form")]
    counts["names"] = enrolments.exclude(name="").update(name="")
    counts["consent_forms"] = enrolments.exclude(consent_form="").update(consent_form="")
    counts["case_notes"] = _case_notes(ids).update(notes="")
    counts["children"] = Beneficiary.objects.filter(pk__in=ids).update(
        id_hash=None, id_masked="", no_id_reason="", township="", birth_month=None, anonymised_at=timezone.now()
    )
    for anonymiser in ANONYMISERS:
        for key, number in anonymiser(ids).items():
            counts[key] = counts.get(key, 0) + number
    transaction.on_commit(lambda: _delete_files(scans))
    return counts


def retention_plan(today: datetime.date | None = None) -> dict:
    """What ``anonymise_children_past_retention`` would change, as counts (the dry run)."""
    due = children_past_retention(today)
    ids = list(due.values_list("pk", flat=True))
    grants = expired_grants(today)
    enrolments = Enrolment.objects.filter(beneficiary_id__in=ids)
    return {
        "children": len(ids),
        "names": enrolments.exclude(name="").count(),
        "consent_forms": enrolments.exclude(consent_form="").count(),
        "case_notes": _case_notes(ids).count(),
        "group_notes": _group_notes(grants, also_gone=ids).count(),
        "import_files": _import_files(grants).count(),
        "expired_grants": grants.count(),
    }


def anonymise_children_past_retention(*, today: datetime.date | None = None, actor=None) -> dict:
    """Anonymise every child past retention, in batches of ``BATCH_SIZE`` (each its own transaction and audit
    event with counts only), then the group notes and import files of expired grants."""
    totals = {**_empty_counts(), "group_notes": 0, "import_files": 0}
    while True:
        with transaction.atomic():
            ids = list(children_past_retention(today).values_list("pk", flat=True)[:BATCH_SIZE])
            if not ids:
                break
            counts = anonymise_beneficiaries(ids)
            audit_log(actor=actor, action="beneficiary.anonymise_expired", details=counts)
        for key, number in counts.items():
            totals[key] = totals.get(key, 0) + number
        if counts["children"] == 0:
            break
    with transaction.atomic():
        grants = expired_grants(today)
        totals["group_notes"] = _group_notes(grants).update(notes="")
        batches = list(_import_files(grants).select_for_update())
        files = [f for batch in batches for f in (batch.file, batch.error_workbook) if f]
        totals["import_files"] = ImportBatch.objects.filter(pk__in=[b.pk for b in batches]).update(
            file="", error_workbook="", original_name=""
        )
        if totals["group_notes"] or totals["import_files"]:
            audit_log(
                actor=actor,
                action="import_batch.anonymise_expired",
                details={"group_notes": totals["group_notes"], "import_files": totals["import_files"]},
            )
        transaction.on_commit(lambda: _delete_files(files))
    return totals
