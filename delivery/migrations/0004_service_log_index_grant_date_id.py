"""A grant's service logs in list order (date, then id) from one index: the list's pages, deep ones included, are read
from the index without sorting every log of the grant (docs/benchmarks.md, deep pagination). It replaces the index
on (grant, date), which it covers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0003_beneficiary_anonymised"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="servicelog",
            name="delivery_se_grant_i_7a5493_idx",
        ),
        migrations.AddIndex(
            model_name="servicelog",
            index=models.Index(fields=["grant", "date", "id"], name="service_log_grant_date_id"),
        ),
    ]
