"""Loads the Hubei divisions and the shared vocabularies, so that every database (tests included) has them."""

from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):
    from core.models.vocabularies import CHILD_CATEGORIES, SERVICE_TYPES
    from core.regions import read_divisions

    Region = apps.get_model("core", "Region")
    by_code = {}
    for row in read_divisions():
        parent = by_code.get(row["parent_code"])
        path = f"{parent.path if parent else ''}{row['code']}/"
        region, _ = Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "level": row["level"],
                "parent": parent,
                "prefecture_code": row["prefecture_code"],
                "path": path,
                "depth": path.count("/") - 1,
                "longitude": Decimal(row["longitude"]) if row["longitude"] else None,
                "latitude": Decimal(row["latitude"]) if row["latitude"] else None,
            },
        )
        by_code[region.code] = region
    for model_name, terms in (("ChildCategory", CHILD_CATEGORIES), ("ServiceType", SERVICE_TYPES)):
        model = apps.get_model("core", model_name)
        for order, (code, name) in enumerate(terms, start=1):
            model.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
