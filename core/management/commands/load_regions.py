from django.core.management.base import BaseCommand

from core.regions import regions_load, townships_load


class Command(BaseCommand):
    help = (
        "Load (or refresh) the Hubei administrative divisions: province, 17 市州, 103 county-level divisions and "
        "their townships (乡镇街道)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-townships", action="store_true", help="Load only the province, 市州 and counties."
        )

    def handle(self, *args, **options):
        from core.models import Region

        created, updated = regions_load()
        if not options["without_townships"]:
            towns_created, towns_updated, skipped = townships_load()
            created += towns_created
            updated += towns_updated
            if skipped:
                self.stdout.write(
                    f"townships: {skipped} of functional zones that are not county-level divisions here were skipped"
                )
        total = Region.objects.count()
        if created or updated:
            self.stdout.write(f"regions: {created} created, {updated} updated ({total} in all)")
        else:
            self.stdout.write(f"regions: already up to date ({total} in all)")
