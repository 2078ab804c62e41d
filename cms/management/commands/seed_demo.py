from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create the demo accounts, organizations, calls, grants and content (DEBUG only; idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: demo accounts share a published password.")
        from cms.demo import seed_pages
        from core.demo import seed_platform_users
        from delivery.demo import seed_delivery
        from grants.demo import seed_grants
        from organizations.demo import seed_organizations
        from programs.demo import seed_programs

        with transaction.atomic():
            users = seed_platform_users()
            organizations = seed_organizations()
            programs = seed_programs(users=users, organizations=organizations)
            grants = seed_grants(users=users, organizations=organizations, programs=programs)
            seed_delivery(grants=grants)
            seed_pages(programs=programs)
        self.stdout.write(self.style.SUCCESS("demo data ready (see README for the accounts)"))
