"""Catalogue 2.0: the index of v_intercepted (filters and statistics), built concurrently on
PostgreSQL so a large record table keeps taking writes."""

from django.db import migrations, models

from thb_data.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("victims", "0009_compensation_claimed_multi")]

    operations = [
        AddIndexConcurrently(
            model_name="victimrecord",
            index=models.Index(fields=["v_intercepted"], name="v_intercepted_idx"),
        ),
    ]
