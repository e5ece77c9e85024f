"""Catalogue 2.0: v_compensation_claimed becomes a multiple choice (claims are often made in
several procedures: an adhesion claim in the criminal proceedings and the state fund).

The column changes type (text to a list of codes), so the old column is renamed, the new one
added, each record's single procedure copied into it as a list of one, and the old column
dropped. Backward keeps the first procedure of the list (a second one is lost).
"""

import indicators.fields
from django.db import migrations

CATEGORIES = ["criminal_proceedings", "civil_suit", "state_fund", "none", "unknown"]


def forward(apps, schema_editor):
    VictimRecord = apps.get_model("victims", "VictimRecord")
    batch = []
    records = VictimRecord._base_manager.exclude(v_compensation_claimed_v1="")
    for record in records.only("pk", "v_compensation_claimed_v1").iterator(chunk_size=2000):
        record.v_compensation_claimed = [record.v_compensation_claimed_v1]
        batch.append(record)
        if len(batch) >= 1000:
            VictimRecord._base_manager.bulk_update(batch, ["v_compensation_claimed"])
            batch = []
    if batch:
        VictimRecord._base_manager.bulk_update(batch, ["v_compensation_claimed"])


def backward(apps, schema_editor):
    VictimRecord = apps.get_model("victims", "VictimRecord")
    batch = []
    records = VictimRecord._base_manager.only("pk", "v_compensation_claimed")
    for record in records.iterator(chunk_size=2000):
        if record.v_compensation_claimed:
            record.v_compensation_claimed_v1 = record.v_compensation_claimed[0]
            batch.append(record)
        if len(batch) >= 1000:
            VictimRecord._base_manager.bulk_update(batch, ["v_compensation_claimed_v1"])
            batch = []
    if batch:
        VictimRecord._base_manager.bulk_update(batch, ["v_compensation_claimed_v1"])


class Migration(migrations.Migration):
    dependencies = [("victims", "0008_catalogue_2_0_data")]

    operations = [
        migrations.RenameField(
            "victimrecord", "v_compensation_claimed", "v_compensation_claimed_v1"
        ),
        migrations.AddField(
            model_name="victimrecord",
            name="v_compensation_claimed",
            field=indicators.fields.MultiChoiceField(categories=CATEGORIES, default=list),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField("victimrecord", "v_compensation_claimed_v1"),
    ]
