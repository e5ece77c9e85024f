"""The entries every territory's national lists start with (catalogue DEFAULT_NATIONAL_ENTRIES).

Seeded when a territory is created, by the demo loader after its fixtures, and for the
territories that existed when catalogue 2.0 arrived (migration indicators.0004). A territory then
extends (or deactivates) them in the back office; seeding again never changes its entries.
"""

from __future__ import annotations

from indicators.catalogue.code_lists import DEFAULT_NATIONAL_ENTRIES


def ensure_default_entries(territory_ids, model=None) -> int:
    """Add the default entries missing from each territory; return how many were added."""
    if model is None:
        from indicators.models import NationalCodeEntry as model
    territory_ids = list(territory_ids)
    existing = set(
        model._base_manager.filter(
            territory_id__in=territory_ids, list_code__in=list(DEFAULT_NATIONAL_ENTRIES)
        ).values_list("territory_id", "list_code", "code")
    )
    new = [
        model(
            territory_id=territory_id,
            list_code=list_code,
            code=code,
            label=label,
            sort_order=(position + 1) * 10,
        )
        for territory_id in territory_ids
        for list_code, entries in DEFAULT_NATIONAL_ENTRIES.items()
        for position, (code, label) in enumerate(entries)
        if (territory_id, list_code, code) not in existing
    ]
    model._base_manager.bulk_create(new)
    return len(new)


def seed_new_territory(sender, instance, created, raw=False, **kwargs):
    """post_save of a territory: a new one starts with the default entries (not while loading
    fixtures: the loader seeds after them)."""
    if created and not raw:
        ensure_default_entries([instance.pk])


def seed_loaded_territories(sender, territory_ids, **kwargs):
    """The base fixtures were loaded (``thb_data.demo.base_fixtures_loaded``): their territories
    get the default entries the fixtures do not carry."""
    ensure_default_entries(territory_ids)
