from django.core.management.base import BaseCommand

from core.regions import regions_load


class Command(BaseCommand):
    help = "Load (or refresh) the Hubei administrative divisions: province, 17 市州, 103 county-level divisions."

    def handle(self, *args, **options):
        from core.models import Region

        created, updated = regions_load()
        total = Region.objects.count()
        if created or updated:
            self.stdout.write(f"regions: {created} created, {updated} updated ({total} in all)")
        else:
            self.stdout.write(f"regions: already up to date ({total} in all)")
