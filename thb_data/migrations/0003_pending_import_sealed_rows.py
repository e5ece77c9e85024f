"""Uploads waiting for confirmation keep sealed rows instead of the raw file, and a state (an
upload is confirmed once).

The raw files of uploads waiting at migration time are deleted with their column (they held the
personal-code elements in clear), and on PostgreSQL the table is vacuumed so that no row version
of them remains. The migration is not atomic: VACUUM cannot run inside a transaction.
"""

from django.db import migrations, models


def delete_waiting_uploads(apps, schema_editor):
    apps.get_model("thb_data", "PendingImport")._base_manager.all().delete()


def vacuum(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM thb_data_pendingimport")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("thb_data", "0002_pending_import"),
    ]

    operations = [
        migrations.RunPython(delete_waiting_uploads, migrations.RunPython.noop),
        migrations.RemoveField(model_name="pendingimport", name="content"),
        migrations.AddField(
            model_name="pendingimport",
            name="sealed",
            field=models.BinaryField(default=b""),
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="state",
            field=models.CharField(
                choices=[("pending", "waiting for confirmation"), ("imported", "imported")],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.RunPython(vacuum, migrations.RunPython.noop),
    ]
