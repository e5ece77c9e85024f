"""Catalogue 2.0: the territories that exist get the default entries of the new national list
of online platforms (ict_platforms, seeded with the HTCDS v2.0 platforms). Backward removes the
entries of that list."""

from django.db import migrations

# Frozen as they stood when the list was introduced.
PLATFORMS = (
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("whatsapp", "WhatsApp"),
    ("telegram", "Telegram"),
    ("viber", "Viber"),
    ("tiktok", "TikTok"),
    ("snapchat", "Snapchat"),
    ("onlyfans", "OnlyFans"),
    ("tinder", "Tinder"),
    ("online_classifieds", "Online classified-ads site"),
    ("other_platform", "Other platform"),
)


def forward(apps, schema_editor):
    Territory = apps.get_model("accounts", "Territory")
    Entry = apps.get_model("indicators", "NationalCodeEntry")
    existing = set(
        Entry._base_manager.filter(list_code="ict_platforms").values_list("territory_id", "code")
    )
    Entry._base_manager.bulk_create(
        Entry(
            territory_id=territory_id,
            list_code="ict_platforms",
            code=code,
            label=label,
            sort_order=(position + 1) * 10,
        )
        for territory_id in Territory._base_manager.values_list("pk", flat=True)
        for position, (code, label) in enumerate(PLATFORMS)
        if (territory_id, code) not in existing
    )


def backward(apps, schema_editor):
    Entry = apps.get_model("indicators", "NationalCodeEntry")
    Entry._base_manager.filter(list_code="ict_platforms").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_catalogue_2_0_national_practice"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
