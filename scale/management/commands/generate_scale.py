from django.core.management.base import BaseCommand, CommandError

from scale.generator import OFFICER, generate
from scale.sizes import SIZES


class Command(BaseCommand):
    help = (
        "Add a generated province (organizations, calls, applications, grants, milestones, children and service "
        "logs) of the given size to the database, and print the rows written per second. PostgreSQL COPY for the "
        "large tables. Never on a production database: the rows are fictitious."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, size, seed, **options):
        from django.conf import settings

        from core.models import User

        if not settings.DEBUG and not getattr(settings, "SCALE_GENERATOR_ALLOWED", False):
            raise CommandError("generate_scale writes fictitious rows: run it with DEBUG on (development settings).")
        if User.objects.filter(username=OFFICER).exists():
            raise CommandError("This database already holds generated data: use a fresh database.")
        counts = SIZES[size]
        self.stdout.write(f"generating {size}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        generate(size, seed=seed, out=self.stdout)
        self.stdout.write(f"sign in as {OFFICER!r} (a provincial officer; set a password with changepassword)")
