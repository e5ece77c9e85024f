"""The catalogue 2.0 data migrations: a database holding records with the old codes migrates
forward (and back, exactly, from the migrations' audit entries) with every record valid and
hand-checked values.

The records are written at the old migration state with the historical models, as a database of
catalogue 1.0 held them; the checks read them with today's models.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from indicators.catalogue import TRAFFICKERS, VICTIMS
from indicators.rules import ERROR, RuleContext, check
from indicators.types import Context, type_of
from thb_data.accounts.models import Institution, Role, Territory, User
from thb_data.scoping import scopes_disabled
from traffickers.models import TraffickerRecord
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("victims", "0006_statistics_link_index"),
    ("traffickers", "0005_statistics_link_index"),
]
AFTER = [
    ("victims", "0012_counting_rules_person_first_index"),
    ("traffickers", "0008_catalogue_2_0_legal_person_index"),
]

# Victim records as catalogue 1.0 stored them (only the columns that change, and a status).
OLD_VICTIMS = {
    # Intercepted on the way to sexual exploitation: the intended form was ticked too.
    "intercepted_sexual": {
        "v_exploitation_form": ["sexual", "not_yet_exploited"],
        "v_main_exploitation_form": "not_yet_exploited",
        "v_sexual_exploitation_setting": ["bar_nightclub"],
    },
    # Intercepted, no intended form recorded.
    "intercepted_only": {
        "v_exploitation_form": ["not_yet_exploited"],
        "v_main_exploitation_form": "not_yet_exploited",
    },
    # Labour in agriculture and fishing (one ISIC section), and begging or peddling.
    "labour": {
        "v_exploitation_form": ["labour"],
        "v_main_exploitation_form": "labour",
        "v_labour_sector": ["agriculture", "fishing", "begging_peddling"],
        "v_recruitment_method": ["false_job_offer_personal", "internet_social_media"],
        "v_education": "primary",
    },
    # Only begging or peddling as the sector; recruited online only; still at school.
    "begging_sector": {
        "v_exploitation_form": ["labour"],
        "v_main_exploitation_form": "labour",
        "v_labour_sector": ["begging_peddling"],
        "v_recruitment_method": ["internet_social_media"],
        "v_education": "still_in_school",
    },
    # Hospitality and domestic work; an advertised job; prosecuted for irregular stay.
    "hospitality": {
        "v_exploitation_form": ["sexual", "labour"],
        "v_main_exploitation_form": "sexual",
        "v_sexual_exploitation_setting": ["hotel_motel"],
        "v_labour_sector": ["hospitality", "domestic_work", "other"],
        "v_recruitment_method": ["false_job_offer_advert", "abduction"],
        "v_education": "higher",
        "v_victim_prosecuted": "yes",
        "v_victim_prosecuted_offence": "irregular border crossing",
        "v_compensation_claimed": "criminal_proceedings",
    },
    # A text the code list does not have stays, coded as "other".
    "vagrancy": {
        "v_exploitation_form": ["begging"],
        "v_main_exploitation_form": "begging",
        "v_victim_prosecuted": "yes",
        "v_victim_prosecuted_offence": "Vagrancy",
        "v_education": "none",
    },
    # Nothing to map.
    "unknown": {"v_exploitation_form": ["unknown"], "v_main_exploitation_form": "unknown"},
}

OLD_TRAFFICKERS = {
    "t_intercepted": {
        "t_exploitation_forms": ["sexual", "not_yet_exploited"],
        "t_main_exploitation_form": "not_yet_exploited",
        "t_recruitment_methods": ["false_job_offer_advert", "internet_social_media"],
        "t_education": "incomplete_secondary",
    },
    "t_online": {
        "t_exploitation_forms": ["labour"],
        "t_main_exploitation_form": "labour",
        "t_recruitment_methods": ["internet_social_media"],
        "t_education": "secondary_general",
    },
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_database():
    """Serbia, an NGO, a user, and the records above written at catalogue 1.0."""
    with scopes_disabled():
        rs = Territory.objects.create(code="RS", name="Serbia")
        ngo = Institution.objects.create(territory=rs, name="NGO", kind="ngo")
        prosecution = Institution.objects.create(territory=rs, name="PPO", kind="prosecution")
        user = User.objects.create(
            username="cw", role=Role.CASEWORKER, territory=rs, institution=ngo
        )
    apps = migrate(BEFORE)
    OldVictim = apps.get_model("victims", "VictimRecord")
    OldTrafficker = apps.get_model("traffickers", "TraffickerRecord")
    common = {
        "territory_id": rs.pk,
        "created_by_id": user.pk,
        "updated_by_id": user.pk,
        "reporting_year": 2024,
        "status": "complete",  # only complete records count (issue 13's rule)
        "v_victim_status": "identified",
        "v_sex": "female",
        "v_citizenship": "RS",
        "v_identification_date": "2024-03-01",
    }
    for number, (name, values) in enumerate(OLD_VICTIMS.items(), start=1):
        OldVictim._base_manager.create(
            institution_id=ngo.pk, number=number, person_key=name, **common, **values
        )
    for number, (name, values) in enumerate(OLD_TRAFFICKERS.items(), start=1):
        OldTrafficker._base_manager.create(
            territory_id=rs.pk,
            institution_id=prosecution.pk,
            created_by_id=user.pk,
            updated_by_id=user.pk,
            reporting_year=2024,
            number=number,
            person_key=name,
            t_sex="male",
            t_complaint_date="2024-02-01",
            **values,
        )
    try:
        yield rs
    finally:
        migrate(AFTER)  # leave the database as the other tests expect it


def victims():
    with scopes_disabled():
        return {r.person_key: r for r in VictimRecord._base_manager.all()}


def traffickers():
    with scopes_disabled():
        return {r.person_key: r for r in TraffickerRecord._base_manager.all()}


def invalid(database, record, territory) -> list[str]:
    """Every stored value that today's catalogue would refuse, and every rule error."""
    context = Context(territory)
    problems = []
    values = record.indicator_values()
    for ind in database.indicators:
        if not ind.is_entered or ind.type in ("country", "countries", "date", "text"):
            continue
        kind = type_of(ind)
        value = values.get(ind.code)
        if kind.is_empty(value) or ind.type in ("integer", "amount"):
            continue
        allowed = {code for code, _ in kind.choices(ind, context)}
        for code in value if kind.multiple else [value]:
            if code not in allowed:
                problems.append(f"{ind.code}={code}")
    issues = check(database, values, RuleContext(territory.code), complete=False)
    problems += [f"{i.field}: {i.message}" for i in issues if i.level == ERROR]
    return problems


def test_old_codes_migrate_forward_to_valid_records_with_hand_checked_values(old_database):
    migrate(AFTER)
    v = victims()
    # An intercepted person keeps the intended form, now flagged.
    assert v["intercepted_sexual"].v_intercepted == "yes"
    assert v["intercepted_sexual"].v_exploitation_form == ["sexual"]
    assert v["intercepted_sexual"].v_main_exploitation_form == "sexual"
    assert v["intercepted_only"].v_exploitation_form == ["unknown"]
    assert v["intercepted_only"].v_main_exploitation_form == "unknown"
    assert v["intercepted_only"].v_intercepted == "yes"
    # Everybody else with a known form was exploited; nothing known, nothing assumed.
    assert v["labour"].v_intercepted == "no" and v["unknown"].v_intercepted == ""
    # A sector maps to its ISIC section; agriculture and fishing are both section A; begging is
    # a form of exploitation now.
    assert v["labour"].v_labour_sector == ["a_agriculture"]
    assert v["labour"].v_exploitation_form == ["labour", "begging"]
    assert v["begging_sector"].v_labour_sector == ["unknown"]
    assert v["begging_sector"].v_exploitation_form == ["labour", "begging"]
    assert v["hospitality"].v_labour_sector == ["i_accommodation_food", "t_households"]
    # Method and channel are split.
    assert v["labour"].v_recruitment_method == ["false_job_offer"]
    assert v["labour"].v_recruitment_channel == [
        "in_person_family_friends",
        "online_unspecified",
    ]
    assert v["begging_sector"].v_recruitment_method == ["unknown"]
    assert v["begging_sector"].v_recruitment_channel == ["online_unspecified"]
    assert v["hospitality"].v_recruitment_method == ["false_job_offer", "abduction"]
    assert v["hospitality"].v_recruitment_channel == []
    # ISCED 2011: the region's 8-year basic school is lower secondary.
    assert v["labour"].v_education == "isced_2"
    assert v["begging_sector"].v_education == "unknown"
    assert v["hospitality"].v_education == "isced_5_8"
    assert v["vagrancy"].v_education == "isced_0"
    # Non-punishment coded; a coded text is cleared, an uncoded one stays as "other".
    assert v["hospitality"].v_non_punishment == ["irregular_entry_stay"]
    assert v["hospitality"].v_victim_prosecuted_offence == ""
    assert v["vagrancy"].v_non_punishment == ["other"]
    assert v["vagrancy"].v_victim_prosecuted_offence == "Vagrancy"
    # The one procedure claimed becomes a list of one; nothing claimed stays empty.
    assert v["hospitality"].v_compensation_claimed == ["criminal_proceedings"]
    assert v["labour"].v_compensation_claimed == []

    t = traffickers()
    assert t["t_intercepted"].t_exploitation_forms == ["sexual"]
    assert t["t_intercepted"].t_main_exploitation_form == "sexual"
    assert t["t_intercepted"].t_recruitment_methods == ["false_job_offer"]
    assert t["t_intercepted"].t_education == "isced_2"
    assert t["t_online"].t_recruitment_methods == ["unknown"]
    assert t["t_online"].t_education == "isced_3_general"

    rs = old_database
    for name, record in v.items():
        assert invalid(VICTIMS, record, rs) == [], name
    for name, record in traffickers().items():
        assert invalid(TRAFFICKERS, record, rs) == [], name


def test_the_earlier_years_tables_count_the_mapped_codes(old_database):
    """After the migration the 2024 tables of the old records: main forms sexual 2 (the
    intercepted person counts under the intended form, no longer under other), labour 2,
    begging 1, unknown 2; Eurostat sexual 2, labour 2, other 1, unknown 2."""
    from indicators.statistics.engine import compute_statistics
    from victims.persons import refresh_first_records

    migrate(AFTER)
    with scopes_disabled():
        refresh_first_records(old_database.pk)
        stats = {view.code: view for view in compute_statistics(old_database, 2024).views()}
    main = stats["V3b"]
    assert [main.value(c, "_T") for c in ("sexual", "labour", "begging", "unknown")] == [2, 2, 1, 2]
    eurostat = stats["E3"]
    assert [eurostat.value(c, "_T") for c in ("sexual", "labour", "other", "unknown")] == [
        2,
        2,
        1,
        2,
    ]
    assert stats["V3d"].value("yes", "_T") == 2


def test_the_migration_goes_back_to_the_old_codes(old_database):
    migrate(AFTER)
    apps = migrate(BEFORE)
    OldVictim = apps.get_model("victims", "VictimRecord")
    old = {r.person_key: r for r in OldVictim._base_manager.all()}
    # Reversible values come back exactly.
    assert old["intercepted_sexual"].v_exploitation_form == ["sexual", "not_yet_exploited"]
    assert old["intercepted_sexual"].v_main_exploitation_form == "not_yet_exploited"
    assert old["intercepted_only"].v_exploitation_form == ["not_yet_exploited"]
    assert old["labour"].v_recruitment_method == [
        "false_job_offer_personal",
        "internet_social_media",
    ]
    assert old["hospitality"].v_recruitment_method == ["false_job_offer_advert", "abduction"]
    assert old["hospitality"].v_education == "higher"
    assert old["vagrancy"].v_education == "none"
    assert old["vagrancy"].v_victim_prosecuted_offence == "Vagrancy"
    assert old["hospitality"].v_compensation_claimed == "criminal_proceedings"
    assert old["labour"].v_compensation_claimed == ""
    # Merged codes come back exactly too, from the migration's audit entries: agriculture and
    # fishing were both section A, begging a sector, the offence a text of the caseworker's.
    assert old["labour"].v_labour_sector == ["agriculture", "fishing", "begging_peddling"]
    assert old["labour"].v_exploitation_form == ["labour"]
    assert old["labour"].v_education == "primary"
    assert old["begging_sector"].v_labour_sector == ["begging_peddling"]
    assert old["begging_sector"].v_education == "still_in_school"
    assert old["hospitality"].v_labour_sector == ["hospitality", "domestic_work", "other"]
    assert old["hospitality"].v_victim_prosecuted_offence == "irregular border crossing"
    for name, values in OLD_VICTIMS.items():
        for column, value in values.items():
            assert getattr(old[name], column) == value, (name, column)
    old_codes = {
        "v_labour_sector": {
            "agriculture",
            "construction",
            "manufacturing",
            "hospitality",
            "domestic_work",
            "fishing",
            "cleaning",
            "trade_markets",
            "begging_peddling",
            "other",
            "unknown",
        },
        "v_education": {
            "",
            "none",
            "incomplete_primary",
            "primary",
            "incomplete_secondary",
            "secondary_general",
            "secondary_vocational",
            "higher",
            "still_in_school",
            "unknown",
        },
    }
    for record in old.values():
        assert set(record.v_labour_sector) <= old_codes["v_labour_sector"]
        assert record.v_education in old_codes["v_education"]
        assert "surrogacy" not in record.v_exploitation_form
    OldTrafficker = apps.get_model("traffickers", "TraffickerRecord")
    t = {r.person_key: r for r in OldTrafficker._base_manager.all()}
    # The trafficker side comes back exactly: the retired form, the advertised job offer and the
    # online recruitment, incomplete secondary (not primary) school.
    for name, values in OLD_TRAFFICKERS.items():
        for column, value in values.items():
            assert getattr(t[name], column) == value, (name, column)
    assert t["t_intercepted"].t_exploitation_forms == ["sexual", "not_yet_exploited"]
    assert t["t_intercepted"].t_education == "incomplete_secondary"


def test_going_back_after_an_edit_takes_the_nearest_old_code(old_database):
    """A field edited under catalogue 2.0 cannot come back to what it was before the edit: it
    takes the nearest old code, and the backward audit entry says so. Unedited fields of the
    same record come back exactly."""
    from thb_data.audit.migration_trail import MIGRATION_USER
    from thb_data.audit.models import AuditEntry

    migrate(AFTER)
    with scopes_disabled():
        record = TraffickerRecord._base_manager.get(person_key="t_intercepted")
        TraffickerRecord._base_manager.filter(pk=record.pk).update(
            t_education="isced_3_vocational", t_main_exploitation_form="surrogacy"
        )
        forward_entries = AuditEntry.objects.filter(
            username=MIGRATION_USER, object_id=str(record.uuid)
        ).count()
    assert forward_entries == 1
    apps = migrate(BEFORE)
    OldTrafficker = apps.get_model("traffickers", "TraffickerRecord")
    old = OldTrafficker._base_manager.get(person_key="t_intercepted")
    assert old.t_education == "secondary_vocational"  # edited: nearest old code
    assert old.t_main_exploitation_form == "other"  # surrogacy had no old code
    assert old.t_exploitation_forms == ["sexual", "not_yet_exploited"]  # unedited: exact
    assert old.t_recruitment_methods == ["false_job_offer_advert", "internet_social_media"]
    with scopes_disabled():
        back = AuditEntry.objects.filter(username=MIGRATION_USER, object_id=str(record.uuid))
        details = sorted((e.detail["direction"], e.detail.get("approximate", [])) for e in back)
    assert details == [
        ("backward", ["t_education", "t_main_exploitation_form"]),
        ("forward", []),
    ]
