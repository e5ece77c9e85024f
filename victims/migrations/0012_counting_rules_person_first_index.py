"""The covering index of each year's first records, rebuilt to carry the counted status: dropped
and built again concurrently on PostgreSQL, so a large record table keeps taking writes."""

from django.db import models, migrations

from thb_data.migration_operations import AddIndexConcurrently, RemoveIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("victims", "0011_counting_rules")]

    operations = [
        RemoveIndexConcurrently(model_name="victimrecord", name="victim_person_first"),
        AddIndexConcurrently(
            model_name="victimrecord",
            index=models.Index(condition=models.Q(('is_deleted', False), ('person_first', True)), fields=['territory', 'reporting_year'], include=('id', 'counted_status', 'v_sex', 'v_citizenship', 'v_main_exploitation_form'), name='victim_person_first'),
        ),
    ]
