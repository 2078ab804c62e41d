"""Excel imports of children, service logs and measurements: all rows are validated, then written all-or-nothing.

``import_batch_create`` checks the file as a whole (size, format, encryption, zip bomb, headers, row count) and
stores it privately as a queued batch; ``import_batch_run`` validates every row (progress is saved as it goes, in
autocommit, so a page can poll it) and then writes every row in ONE transaction, or writes nothing and keeps an
error workbook. Rows already present (same ``row_key``, or the child already enrolled) are skipped and counted, so
the same rows uploaded again, in any file, add nothing. Audit events carry counts only: never a name, an ID
number or a file name (file names often carry a child's name).
"""

import hashlib
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_log
from core.bulk import copy_rows, reserve_ids
from core.permissions import require
from core.uploads import safe_filename
from grants.models import Grant

from .. import import_rules  # noqa: F401  (registers delivery.view_imports)
from ..excel.errors import stream_error_workbook
from ..excel.reader import SheetStream, open_sheet
from ..excel.rows import RowProblems, spec_for
from ..identity import beneficiary_find_or_create
from ..models import Enrolment, ImportBatch, ImportKind, ImportStatus, OutcomeMeasurement, ServiceLog
from .rollups import rollups_refresh_soon

logger = logging.getLogger(__name__)

WRITE_BATCH_SIZE = 500
# Rows validated, then written, at a time: what an import holds in memory whatever the size of the file.
CHUNK_ROWS = 2000
BROKER_DOWN_MESSAGE = gettext_lazy("后台处理服务暂时不可用，导入尚未开始，文件已保存。请稍后在本页点击“开始导入”。")
FORMULA_MESSAGE = gettext_lazy("该单元格是公式：请复制后“选择性粘贴 → 数值”，只保留结果。")
CONTROL_MESSAGE = gettext_lazy("含有不可见的控制字符（如 NUL），请删除该单元格内容后重新输入。")
# C0 control characters other than tab, line feed and carriage return: no text column may store them (PostgreSQL
# refuses NUL outright) and a worksheet cannot hold them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Stands for "identical to row N" until N is found (``_name_duplicates``); never shown.
DUPLICATE_PENDING = "\x00duplicate"


def _open(batch_kind: str, data: bytes) -> SheetStream:
    spec = spec_for(batch_kind)
    return open_sheet(data, headers=spec.headers(), required=spec.required(), title=str(spec.title))


def import_batch_create(*, grant: Grant, actor, kind: str, upload) -> ImportBatch:
    """Check an uploaded workbook as a whole and store it as a queued batch (nothing is imported yet).

    Refused with a Chinese message, nothing stored: an unknown kind, a file over the size limit, anything that is
    not a readable unencrypted .xlsx with the template's headers, too many rows, or a file whose exact bytes were
    already imported successfully for this grant and kind (it would add nothing)."""
    require(actor, "delivery.manage", grant)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": [_("请选择导入类型。")]})
    if upload.size > settings.DELIVERY_IMPORT_MAX_BYTES:
        # Refused before reading it into memory.
        raise ValidationError(
            {
                "file": [
                    _("文件超过 %(size)s MB 的上限，请分成几个文件上传。")
                    % {"size": settings.DELIVERY_IMPORT_MAX_BYTES // 2**20}
                ]
            }
        )
    upload.seek(0)
    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    earlier = (
        ImportBatch.objects.filter(grant=grant, kind=kind, file_sha256=digest, status=ImportStatus.SUCCEEDED)
        .order_by("finished_at")
        .first()
    )
    if earlier is not None:
        raise ValidationError(
            {
                "file": [
                    _("同一文件已于 %(when)s 导入成功（%(rows)s 行），本次没有重复导入。")
                    % {
                        "when": timezone.localtime(earlier.finished_at).strftime("%Y-%m-%d %H:%M"),
                        "rows": earlier.rows_imported,
                    }
                ]
            }
        )
    try:
        rows_total = _open(kind, data).count()
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        require(actor, "delivery.manage", grant)
        batch = ImportBatch(
            grant=grant,
            kind=kind,
            original_name=safe_filename(getattr(upload, "name", "") or "upload.xlsx")[:200],
            file_sha256=digest,
            rows_total=rows_total,
            created_by=actor,
        )
        batch.file.save("upload.xlsx", ContentFile(data), save=False)
        batch.save()
        audit_log(
            actor=actor,
            action="import_batch.create",
            target=grant,
            details={"batch": batch.pk, "kind": kind, "rows": batch.rows_total},
        )
    return batch


def import_is_large(batch: ImportBatch) -> bool:
    """Whether a batch goes to the Celery task rather than running within the request."""
    return batch.rows_total > settings.DELIVERY_SYNC_IMPORT_MAX_ROWS


def import_batch_start(*, batch: ImportBatch, actor) -> ImportBatch:
    """Run a small batch now, within the request; queue a large one for the Celery task once the batch is committed.
    If the broker cannot be reached the batch stays queued, says so, and can be started again later."""
    require(actor, "delivery.manage", batch.grant)
    if not import_is_large(batch):
        try:
            return import_batch_run(batch=batch)
        except Exception:
            import_batch_abort(batch_id=batch.pk)
            raise
    transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def _enqueue(batch_id: int) -> None:
    from ..tasks import import_batch_task

    try:
        result = import_batch_task.delay(batch_id)
    except Exception:  # kombu raises many types when the broker is down; the batch must not be lost with it
        logger.warning("import batch %s could not be queued", batch_id, exc_info=True)
        ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.QUEUED).update(message=str(BROKER_DOWN_MESSAGE))
        return
    ImportBatch.objects.filter(pk=batch_id).update(task_id=(result.id or "")[:64])


def import_batch_abort(*, batch_id: int) -> None:
    """Mark a batch whose run broke unexpectedly as failed (nothing was written: the write is one transaction)."""
    batch = ImportBatch.objects.filter(pk=batch_id).exclude(status=ImportStatus.SUCCEEDED).first()
    if batch is not None:
        _fail(batch, message=_("导入时发生系统错误，未写入任何数据。请稍后重新上传；如仍失败请联系平台管理员。"))


class _Progress:
    """``rows_done`` of a running batch, for the page that polls it. The rows are validated and written inside the
    import's one transaction, so on PostgreSQL the count is written through a second connection (in autocommit, on
    the batch row, which the import does not lock); elsewhere (SQLite: one writer at a time, Celery eager) only the
    final count is saved, with the result."""

    def __init__(self, batch: ImportBatch, *, enabled: bool):
        self.batch_id = batch.pk
        self.enabled = enabled and connection.vendor == "postgresql"
        self.connection = None

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        table = ImportBatch._meta.db_table
        try:
            if self.connection is None:  # opened at the first chunk: a small file never needs it
                self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
                with self.connection.cursor() as cursor:
                    # Should anything hold the batch row, give up on progress rather than wait on it.
                    cursor.execute("SET lock_timeout = 500")
            with self.connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET rows_done = %s WHERE id = %s", [done, self.batch_id])
        except Exception:  # progress is a courtesy: never a reason for an import to fail
            logger.warning("import batch %s: progress not saved", self.batch_id, exc_info=True)
            self.close()
            self.enabled = False

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@dataclass
class _Outcome:
    rows: int = 0  # non-blank rows read
    valid: int = 0  # rows without a problem
    imported: int = 0
    skipped: int = 0
    problems: dict = field(default_factory=dict)  # row number -> RowProblems: the only thing kept for every row
    duplicates: dict = field(default_factory=dict)  # row key -> row numbers repeating an earlier (written) row


def _stream(*, batch: ImportBatch, grant: Grant, sheet: SheetStream, report_progress: bool) -> _Outcome:
    """Read, validate and write the rows of a sheet one chunk at a time, inside the caller's transaction.

    Rows keep being written after a row with a problem (the caller rolls everything back then): a row identical to
    an earlier one is found by its key among the rows this batch already wrote, so every bad row of the file is
    reported in one go without keeping every row's key in memory."""
    spec = spec_for(batch.kind)
    context = spec.context(grant)
    writer = WRITERS[batch.kind](batch=batch, grant=grant)
    outcome = _Outcome()
    by_index = {index: key for key, index in sheet.columns.items()}
    formulas_by_row: dict[int, list[int]] = {}
    for row_number, index in sheet.formula_cells:
        if index in by_index:
            formulas_by_row.setdefault(row_number, []).append(index)
    columns = list(sheet.columns.items())
    progress = _Progress(batch, enabled=report_progress)
    chunk = []

    def flush(final=False):
        imported, skipped, duplicates = writer.write(chunk)
        outcome.imported += imported
        outcome.skipped += skipped
        for key, number in duplicates:
            outcome.duplicates.setdefault(key, []).append(number)
            problems = outcome.problems.setdefault(number, RowProblems(number))
            problems.add(_("整行"), DUPLICATE_PENDING)
        chunk.clear()
        spec.chunk_done(context)
        if not final:
            progress(outcome.rows)

    try:
        for number, values in sheet.rows():
            outcome.rows += 1
            width = len(values)
            cells = {key: values[index] if index < width else "" for key, index in columns}
            row_problems = RowProblems(number)
            for index in sorted(formulas_by_row.get(number, ())):
                row_problems.add(spec.column(by_index[index]), FORMULA_MESSAGE)
            for key, value in cells.items():
                if isinstance(value, str) and _CONTROL.search(value):
                    row_problems.add(spec.column(key), CONTROL_MESSAGE)
            if not row_problems:
                row = spec.validate(context, number, cells, row_problems)
                if row is not None:
                    chunk.append(row)
                    outcome.valid += 1
            if row_problems:
                outcome.problems[number] = row_problems
            if len(chunk) >= CHUNK_ROWS:
                flush()
        flush(final=True)
    finally:
        progress.close()
    return outcome


def _name_duplicates(*, batch: ImportBatch, grant: Grant, sheet: SheetStream, outcome: _Outcome) -> None:
    """Rows found identical to a row of an earlier chunk: read the file again to name that row (only when there are
    such rows, so only for a file that fails)."""
    if not outcome.duplicates:
        return
    spec = spec_for(batch.kind)
    context = spec.context(grant)
    first: dict[str, int] = {}
    last = max(number for numbers in outcome.duplicates.values() for number in numbers)
    for position, (number, values) in enumerate(sheet.rows(), start=1):
        if number > last:
            break
        cells = {key: values[index] if index < len(values) else "" for key, index in sheet.columns.items()}
        row = spec.validate(context, number, cells, RowProblems(number))
        if row is not None and row.row_key in outcome.duplicates and row.row_key not in first:
            first[row.row_key] = number
        if position % CHUNK_ROWS == 0:
            spec.chunk_done(context)
    for key, numbers in outcome.duplicates.items():
        for number in numbers:
            problems = outcome.problems[number]
            problems.problems = [
                (header, message) for header, message in problems.problems if message != str(DUPLICATE_PENDING)
            ]
            problems.add(_("整行"), spec.duplicate_message(first.get(key, "?")))


def _fail(batch: ImportBatch, *, message: str, sheet: SheetStream | None = None, problems=None) -> ImportBatch:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if sheet is not None and problems:
            content = stream_error_workbook(header=sheet.header, rows=sheet.rows, problems=problems)
            batch.error_workbook.save("errors.xlsx", ContentFile(content), save=False)
        batch.status = ImportStatus.FAILED
        batch.message = message
        batch.rows_imported = 0
        batch.finished_at = timezone.now()
        batch.save()
        audit_log(
            actor=batch.created_by,
            action="import_batch.fail",
            target=batch.grant,
            details={
                "batch": batch.pk,
                "kind": batch.kind,
                "rows": batch.rows_total,
                "rows_with_errors": len(problems or {}),
            },
        )
    return batch


def import_batch_run(*, batch: ImportBatch) -> ImportBatch:
    """Validate and write the rows of a queued batch in one transaction, a chunk at a time (memory does not grow
    with the file), or write none and keep an error workbook naming every bad row. Safe to run again (a retried
    task): a succeeded batch is left alone, and a batch whose write was interrupted wrote nothing, so running it
    again writes it whole."""
    batch = ImportBatch.objects.select_related("grant", "grant__organization", "grant__call", "created_by").get(
        pk=batch.pk
    )
    if batch.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED):
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, rows_done=0)
    # Called inside a transaction (a caller's atomic block), the batch row may be locked by it: no progress then.
    report_progress = not connection.in_atomic_block
    try:
        with batch.file.open("rb") as stream:
            data = stream.read()
        sheet = _open(batch.kind, data)
    except ValidationError as error:
        return _fail(batch, message=" ".join(error.messages))
    del data
    with transaction.atomic():
        # The grant's lock makes two runs of one batch (or two imports into one grant) take turns; the batch row is
        # not locked, so the progress count can be written beside this transaction.
        grant = Grant.objects.select_for_update().select_related("organization", "call").get(pk=batch.grant_id)
        batch = ImportBatch.objects.select_related("created_by").get(pk=batch.pk)
        if batch.status == ImportStatus.SUCCEEDED:
            return batch
        require(batch.created_by, "delivery.manage", grant)
        outcome = _stream(batch=batch, grant=grant, sheet=sheet, report_progress=report_progress)
        if not outcome.problems:
            batch.status = ImportStatus.SUCCEEDED
            batch.rows_done = batch.rows_total
            batch.rows_imported = outcome.imported
            batch.message = _("共 %(total)s 行：导入 %(imported)s 行%(skipped)s。") % {
                "total": outcome.valid,
                "imported": outcome.imported,
                "skipped": _("，%(count)s 行此前已导入，已跳过") % {"count": outcome.skipped}
                if outcome.skipped
                else "",
            }
            batch.finished_at = timezone.now()
            batch.save()
            audit_log(
                actor=batch.created_by,
                action="import_batch.run",
                target=grant,
                details={
                    "batch": batch.pk,
                    "kind": batch.kind,
                    "rows": outcome.valid,
                    "imported": outcome.imported,
                    "skipped": outcome.skipped,
                },
            )
            if outcome.imported:
                rollups_refresh_soon()  # the dashboard's and the public pages' figures (queued on commit)
            return batch
        transaction.set_rollback(True)  # a bad row: nothing of this file is kept
    _name_duplicates(batch=batch, grant=grant, sheet=sheet, outcome=outcome)
    return _fail(
        batch,
        message=_("共 %(total)s 行，其中 %(bad)s 行有错误，未导入任何数据。请下载错误清单，改正后重新上传整个文件。")
        % {"total": outcome.rows, "bad": len(outcome.problems)},
        sheet=sheet,
        problems=outcome.problems,
    )


def _chunks(items: list, size: int = WRITE_BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _ChildWriter:
    """Children: found or created one by one (the keyed hash de-duplicates across organizations), then enrolled."""

    def __init__(self, *, batch, grant):
        self.batch, self.grant = batch, grant
        self.enrolled = set(Enrolment.objects.filter(grant=grant).values_list("beneficiary_id", flat=True))

    def write(self, rows) -> tuple[int, int, list]:
        grant, new = self.grant, []
        for row in rows:
            child, _created = beneficiary_find_or_create(
                organization=grant.organization,
                id_number=row.id_number,
                no_id_reason=row.no_id_reason,
                name=row.name,
                attributes=row.attributes,
                categories=row.category_ids,
            )
            if child.pk in self.enrolled:
                continue
            self.enrolled.add(child.pk)
            new.append(
                Enrolment(
                    beneficiary=child,
                    grant=grant,
                    organization=grant.organization,
                    name=row.name,
                    consent_date=row.consent_date,
                    consent_by=row.consent_by,
                    import_batch=self.batch,
                    created_by=self.batch.created_by,
                )
            )
        Enrolment.objects.bulk_create(new, batch_size=WRITE_BATCH_SIZE)
        return len(new), len(rows) - len(new), []


class _KeyedWriter:
    """Rows with a ``row_key``: a key already stored for the grant by another batch is skipped and counted; a key
    this batch already wrote (from an earlier chunk) is a duplicate row of the file, returned as (key, row number).
    Memory: the keys of one chunk, plus the keys of the skipped rows."""

    model = None

    def __init__(self, *, batch, grant):
        self.batch, self.grant = batch, grant
        self.skipped_keys: dict[str, int] = {}

    def _stored(self, rows) -> dict[str, int | None]:
        stored = {}
        for chunk in _chunks([row.row_key for row in rows]):
            query = self.model.objects.filter(grant=self.grant, row_key__in=chunk)
            stored.update(query.values_list("row_key", "import_batch_id"))
        return stored

    def write(self, rows) -> tuple[int, int, list]:
        stored = self._stored(rows) if rows else {}
        fresh, duplicates, skipped = [], [], 0
        for row in rows:
            key = row.row_key
            if key in self.skipped_keys or (key in stored and stored[key] == self.batch.pk):
                duplicates.append((key, row.number))
            elif key in stored:
                self.skipped_keys[key] = row.number
                skipped += 1
            else:
                fresh.append(row)
        self._insert(fresh)
        return len(fresh), skipped, duplicates


_LOG_FIELDS = [
    "id", "grant_id", "date", "service_type_id", "form", "minutes", "staff_member_id", "volunteer_name",
    "beneficiary_id", "head_count", "group_name", "township", "village", "notes", "import_batch_id", "row_key",
    "created_by_id",
]  # fmt: skip


class _ServiceLogWriter(_KeyedWriter):
    model = ServiceLog

    def _insert(self, fresh) -> None:
        if not fresh:
            return
        grant, batch = self.grant, self.batch
        through = ServiceLog.attendees.through
        if connection.vendor == "postgresql":
            # COPY, with ids reserved from the sequence for the attendee rows: 5x faster than bulk_create, whose
            # time goes into preparing every field of every row (docs/benchmarks.md).
            ids = reserve_ids(ServiceLog, len(fresh))
            copy_rows(
                ServiceLog,
                _LOG_FIELDS,
                (
                    (
                        pk, grant.pk, row.date, row.service_type_id, row.form, row.minutes, row.staff_member_id,
                        row.volunteer_name, row.beneficiary_id, row.head_count, row.group_name, row.township,
                        row.village, row.notes, batch.pk, row.row_key, batch.created_by_id,
                    )
                    for pk, row in zip(ids, fresh, strict=True)
                ),
            )  # fmt: skip
            links = [(pk, child_id) for pk, row in zip(ids, fresh, strict=True) for child_id in row.attendee_ids]
            if links:
                copy_rows(through, ["servicelog_id", "beneficiary_id"], links)
            return
        logs = [
            ServiceLog(
                grant=grant, date=row.date, service_type_id=row.service_type_id, form=row.form, minutes=row.minutes,
                staff_member_id=row.staff_member_id, volunteer_name=row.volunteer_name,
                beneficiary_id=row.beneficiary_id, head_count=row.head_count, group_name=row.group_name,
                township=row.township, village=row.village, notes=row.notes, import_batch=batch, row_key=row.row_key,
                created_by=batch.created_by,
            )
            for row in fresh
        ]  # fmt: skip
        ServiceLog.objects.bulk_create(logs, batch_size=WRITE_BATCH_SIZE)
        links = [
            through(servicelog_id=log.pk, beneficiary_id=child_id)
            for log, row in zip(logs, fresh, strict=True)
            for child_id in row.attendee_ids
        ]
        if links:
            through.objects.bulk_create(links, batch_size=WRITE_BATCH_SIZE)


class _MeasurementWriter(_KeyedWriter):
    model = OutcomeMeasurement

    def _insert(self, fresh) -> None:
        grant, batch = self.grant, self.batch
        measurements = [
            OutcomeMeasurement(
                indicator_id=row.indicator_id, grant=grant, beneficiary_id=row.beneficiary_id, phase=row.phase,
                value=row.value, measured_on=row.measured_on, method=row.method, import_batch=batch,
                row_key=row.row_key, created_by=batch.created_by,
            )
            for row in fresh
        ]  # fmt: skip
        OutcomeMeasurement.objects.bulk_create(measurements, batch_size=WRITE_BATCH_SIZE)


WRITERS = {
    ImportKind.CHILDREN: _ChildWriter,
    ImportKind.SERVICE_LOGS: _ServiceLogWriter,
    ImportKind.MEASUREMENTS: _MeasurementWriter,
}
