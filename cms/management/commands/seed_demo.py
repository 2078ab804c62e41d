from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings


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
        from referrals.demo import seed_referrals
        from surveys.demo import seed_surveys

        # The demo's actions notify people as real ones do; their e-mails are kept in memory and counted, not printed
        # (two thousand lines of MIME on the console drowned any real error).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            with transaction.atomic():
                users = seed_platform_users()
                organizations = seed_organizations()
                programs = seed_programs(users=users, organizations=organizations)
                grants = seed_grants(users=users, organizations=organizations, programs=programs)
                seed_delivery(grants=grants, calls=programs.get("calls", {}).values())
                seed_referrals()
                seed_surveys()
                seed_pages(programs=programs)
            emails = len(mail.outbox)
        self.stdout.write(self.style.SUCCESS("demo data ready (see README for the accounts)"))
        self.stdout.write(self._summary(emails))

    def _summary(self, emails: int) -> str:
        from grants.models import Grant, Milestone
        from organizations.models import Organization
        from programs.models import Application, Call

        User = get_user_model()
        return (
            f"  {User.objects.count()} accounts, {Organization.objects.count()} organizations, "
            f"{Call.objects.count()} calls, {Application.objects.count()} applications, "
            f"{Grant.objects.count()} grants, {Milestone.objects.count()} milestones; "
            f"{emails} demo e-mails kept off the console"
        )
