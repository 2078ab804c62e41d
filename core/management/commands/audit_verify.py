"""Check the audit log's hash chain: exit 0 when every link holds, 1 at the first broken one (named)."""

from django.core.management.base import BaseCommand, CommandError

from core.audit_chain import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's SHA-256 hash chain; exits non-zero at the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="rows read per database round trip")
        parser.add_argument(
            "--expect-head",
            default="",
            help="the last hash recorded elsewhere earlier: fails if it is no longer part of the chain",
        )

    def handle(self, *args, batch_size, expect_head, **options):
        report = verify_chain(batch_size=batch_size, expect_hash=expect_head or None)
        if not report.ok:
            raise CommandError(f"audit chain broken at event {report.broken_at}: {report.problem}")
        self.stdout.write(
            self.style.SUCCESS(f"audit chain intact: {report.checked} events, last id {report.last_id}")
            + f"\nhead hash: {report.last_hash}"
        )
