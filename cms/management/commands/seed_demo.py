from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create the demo accounts, organizations and content (DEBUG only; idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: demo accounts share a published password.")
        from cms.demo import seed_pages
        from core.demo import seed_platform_users
        from organizations.demo import seed_organizations

        with transaction.atomic():
            seed_platform_users()
            seed_organizations()
            seed_pages()
        self.stdout.write(self.style.SUCCESS("demo data ready (see README for the accounts)"))
