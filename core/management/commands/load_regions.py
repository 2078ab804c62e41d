from django.core.management.base import BaseCommand

from core.regions import regions_load


class Command(BaseCommand):
    help = "Load (or refresh) the Hubei administrative divisions: province, 17 市州, 103 county-level divisions."

    def handle(self, *args, **options):
        created, updated = regions_load()
        self.stdout.write(f"regions: {created} created, {updated} updated")
