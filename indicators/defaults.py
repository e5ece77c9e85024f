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


# Demo population (synthetic, of the order of the latest censuses: Serbia 2022 about 6.65
# million, Albania 2023 about 2.40 million), per year: total, share of women, share of children
# and the yearly change. Loaded with the demo data only, so the SDG 16.2.2 rates have
# denominators; a real installation imports its statistical office's figures.
DEMO_POPULATION = {
    "RS": (6_647_000, 2022, 0.513, 0.176, -0.006),
    "AL": (2_402_000, 2023, 0.503, 0.205, -0.011),
}
DEMO_POPULATION_SOURCE = "Demo figures (synthetic, not official statistics)"


def demo_population_rows(code: str, years) -> list[tuple[int, str, str, int]]:
    """(year, sex, age group, value) of the demo territory ``code``: female and male, 0–17 and
    18 and over, and the totals (which add up)."""
    total, base_year, women, children, change = DEMO_POPULATION[code]
    rows = []
    for year in years:
        people = round(total * (1 + change) ** (year - base_year))
        parts = {}
        for sex, share in (("female", women), ("male", 1 - women)):
            # Slightly more boys than girls among children, as everywhere.
            child_share = children * (0.97 if sex == "female" else 1.03)
            of_sex = round(people * share)
            parts[(sex, "0_17")] = round(of_sex * child_share)
            parts[(sex, "18_plus")] = of_sex - parts[(sex, "0_17")]
        for sex in ("female", "male"):
            parts[(sex, "total")] = parts[(sex, "0_17")] + parts[(sex, "18_plus")]
        for age in ("0_17", "18_plus", "total"):
            parts[("total", age)] = parts[("female", age)] + parts[("male", age)]
        rows += [(year, sex, age, value) for (sex, age), value in parts.items()]
    return rows


def seed_demo_population(sender, territory_ids, **kwargs):
    """The demo loader's base fixtures were loaded: the demo territories (RS, AL) get population
    figures for the recent years, unless they have some already (idempotent)."""
    import datetime as dt

    from indicators.statistics.models import PopulationEstimate
    from thb_data.accounts.models import Territory

    this_year = dt.date.today().year
    years = range(this_year - 6, this_year + 1)
    for territory in Territory.objects.filter(pk__in=territory_ids, code__in=DEMO_POPULATION):
        if PopulationEstimate._base_manager.filter(territory=territory).exists():
            continue
        PopulationEstimate._base_manager.bulk_create(
            PopulationEstimate(
                territory=territory,
                year=year,
                sex=sex,
                age_group=age,
                value=value,
                source=DEMO_POPULATION_SOURCE,
                release_date=dt.date(year + 1, 6, 30) if year < this_year else None,
            )
            for year, sex, age, value in demo_population_rows(territory.code, years)
        )
