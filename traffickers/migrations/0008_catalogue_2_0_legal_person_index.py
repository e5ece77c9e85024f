"""Catalogue 2.0: the index of t_legal_person (filters and statistics), built concurrently on
PostgreSQL so a large record table keeps taking writes."""

from django.db import migrations, models

from thb_data.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("traffickers", "0007_catalogue_2_0_data")]

    operations = [
        AddIndexConcurrently(
            model_name="traffickerrecord",
            index=models.Index(fields=["t_legal_person"], name="t_legal_person_idx"),
        ),
    ]
