"""The demo-data generator: reproducible, valid under every rule, realistic where it matters.

Small numbers (200 victims, 80 traffickers) keep the tests fast; the same tests run on SQLite
(``bulk_create``) and on PostgreSQL (``COPY``).
"""

from collections import Counter, defaultdict

import pytest
from django.core.management import call_command

from demo.generator import GENERATOR_USERNAME, generate
from indicators.types import Context
from tests.demo.validation import record_problems
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase, TraffickerRecord
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db

VICTIMS, TRAFFICKERS = 200, 80
YEARS = [2022, 2023, 2024, 2025]


def _generate(seed=7, **kwargs):
    options = {
        "victims": VICTIMS,
        "traffickers": TRAFFICKERS,
        "territories": ["RS", "AL"],
        "years": YEARS,
        "seed": seed,
    }
    options.update(kwargs)
    return generate(**options)


def _snapshot():
    """Per record number: the hash and every indicator value."""
    with scopes_disabled():
        return {
            (type(r).__name__, r.territory_id, r.number): (
                r.personal_code_hash,
                r.indicator_values(),
            )
            for model in (VictimRecord, TraffickerRecord)
            for r in model.objects.all()
        }


def _delete_everything():
    with scopes_disabled():
        TraffickerRecord.with_deleted.all().delete()
        CriminalCase.objects.all().delete()
        VictimRecord.with_deleted.all().delete()


def test_it_gives_the_same_records_for_the_same_seed_and_others_for_another(demo_world):
    _generate(seed=7)
    first = _snapshot()
    _delete_everything()
    _generate(seed=7)
    again = _snapshot()
    _delete_everything()
    _generate(seed=8)
    other = _snapshot()

    assert len(first) == VICTIMS + TRAFFICKERS
    assert again == first
    assert other.keys() == first.keys()  # same numbers...
    differing = sum(1 for key in first if other[key] != first[key])
    assert differing > 0.9 * len(first)  # ...but other people and stories


def test_every_generated_record_could_have_been_entered_through_the_form(demo_world):
    _generate(seed=11)

    with scopes_disabled():
        problems = {}
        contexts = {}
        for model in (VictimRecord, TraffickerRecord):
            for record in model.objects.select_related("territory"):
                context = contexts.setdefault(record.territory_id, Context(record.territory))
                found = record_problems(record, context)
                if found:
                    problems[str(record)] = found
    assert problems == {}


def test_about_a_tenth_of_persons_are_registered_by_two_institutions(demo_world):
    _generate(seed=3)

    with scopes_disabled():
        institutions = defaultdict(set)
        for territory, person, institution in VictimRecord.objects.values_list(
            "territory_id", "person_key", "institution_id"
        ):
            institutions[(territory, person)].add(institution)
    persons = len(institutions)
    shared = sum(1 for kinds in institutions.values() if len(kinds) == 2)
    # 100 records per territory: round(100 / 1.1) = 91 persons, 9 of them with a second record.
    assert persons == 2 * 91
    assert shared == 2 * 9
    assert all(len(kinds) <= 2 for kinds in institutions.values())


def test_the_distributions_look_like_a_national_report(demo_world):
    _generate(seed=5, victims=1000, traffickers=400)

    with scopes_disabled():
        victims = list(
            VictimRecord.objects.values(
                "v_sex",
                "v_minor_flag",
                "v_main_exploitation_form",
                "v_citizenship",
                "territory__code",
            )
        )
        funnel = TraffickerRecord.objects.values_list(
            "t_indictment_date", "t_verdict_first", "t_final_outcome"
        )
        sexes = Counter(v["v_sex"] for v in victims)
        children = Counter(v["v_minor_flag"] for v in victims)
        forms = Counter(v["v_main_exploitation_form"] for v in victims)
        nationals = sum(1 for v in victims if v["v_citizenship"] == v["territory__code"])
        suspects = len(funnel)
        indicted = sum(1 for indicted, _, _ in funnel if indicted)
        convicted = sum(1 for _, _, final in funnel if final == "convicted")

    assert 0.64 <= sexes["female"] / 1000 <= 0.76
    assert 0.18 <= children["yes"] / 1000 <= 0.32
    assert 0.40 <= forms["sexual"] / 1000 <= 0.58
    assert 0.22 <= forms["labour"] / 1000 <= 0.38
    assert 0.60 <= nationals / 1000 <= 0.85
    assert 0 < convicted < indicted < suspects / 2


def test_records_are_numbered_after_the_existing_ones_and_linked_through_cases(demo_world):
    _generate(seed=1, victims=40, traffickers=20)
    _generate(seed=1, victims=40, traffickers=20)  # appended, not clashing

    with scopes_disabled():
        numbers = sorted(
            VictimRecord.objects.filter(territory__code="RS").values_list("number", flat=True)
        )
        trafficker_numbers = sorted(
            TraffickerRecord.objects.filter(territory__code="AL").values_list("number", flat=True)
        )
        cases = CriminalCase.objects.prefetch_related("defendants", "victims")
        assert numbers == list(range(1, 41))
        assert trafficker_numbers == list(range(1, 21))
        assert all(1 <= case.defendants.count() <= 3 for case in cases)
        assert all(case.victims.count() <= 4 for case in cases)
        assert sum(case.victims.count() for case in cases) > 0
        assert not TraffickerRecord.objects.filter(case__isnull=True).exists()
        creators = set(VictimRecord.objects.values_list("created_by__username", flat=True))
        assert creators == {GENERATOR_USERNAME}
        entries = AuditEntry.objects.filter(object_type="demo_data")
        assert sorted(entries.values_list("territory__code", flat=True)) == ["AL", "AL", "RS", "RS"]


def test_if_empty_generates_nothing_when_records_exist(demo_world):
    call_command(
        "generate_demo_data", "--if-empty", "--victims", "30", "--traffickers", "10",
        "--territories", "RS", "AL", "--years", "2024", "2025", verbosity=0,
    )  # fmt: skip
    with scopes_disabled():
        assert VictimRecord.objects.count() == 30
        assert TraffickerRecord.objects.count() == 10

    call_command(
        "generate_demo_data", "--if-empty", "--victims", "30", "--traffickers", "10",
        "--territories", "RS", "AL", verbosity=0,
    )  # fmt: skip

    with scopes_disabled():
        assert VictimRecord.objects.count() == 30
        assert TraffickerRecord.objects.count() == 10
        assert AuditEntry.objects.filter(object_type="demo_data").count() == 2


def test_each_person_is_written_with_the_record_it_counts_by(demo_world, monkeypatch):
    # Without the refresh pass (which would correct the flags afterwards), the records are
    # written flagged: each person's earliest counted record, by year, date, then number.
    monkeypatch.setattr(VictimRecord, "persons_changed", classmethod(lambda *a, **k: None))
    _generate(seed=9, victims=300, traffickers=0)

    with scopes_disabled():
        rows = list(
            VictimRecord.objects.values_list(
                "pk", "person_key", "v_victim_status", "reporting_year",
                "v_identification_date", "number", "person_first",
            )
        )  # fmt: skip
    earliest = {}
    for pk, key, status, year, date, number, _flag in rows:
        if status not in ("presumed", "identified"):
            continue
        person = key or f"record:{pk}"
        order = (year, date == "", date, number)
        if person not in earliest or order < earliest[person][0]:
            earliest[person] = (order, pk)
    expected = {pk for _order, pk in earliest.values()}
    flagged = {pk for pk, *_rest, flag in rows if flag}
    assert len(expected) > 250
    assert flagged == expected


def test_the_catalogue_2_0_fields_have_plausible_values(demo_world):
    """The new fields are filled, and plausibly: intercepted persons keep an intended form, the
    formal identification comes with the identified, legal persons have no sex, date of birth
    or personal code letters, and only convicted ones carry sanctions."""
    _generate(seed=5, victims=600, traffickers=400)
    with scopes_disabled():
        victims = list(
            VictimRecord.objects.values(
                "v_intercepted",
                "v_exploitation_form",
                "v_victim_status",
                "v_formal_identification_date",
                "v_recruitment_channel",
                "v_ict_use",
                "v_legal_aid",
                "v_unaccompanied_child",
            )
        )
        traffickers = list(
            TraffickerRecord.objects.values(
                "t_legal_person",
                "t_sex",
                "t_date_of_birth",
                "t_final_outcome",
                "t_legal_person_sanctions",
                "t_financial_investigation",
                "near_match_key",
                "t_prison_months",
            )
        )
    intercepted = [v for v in victims if v["v_intercepted"] == "yes"]
    assert intercepted and all(v["v_exploitation_form"] != ["unknown"] for v in intercepted[:5])
    assert {v["v_intercepted"] for v in victims} >= {"yes", "no"}
    formal = [v for v in victims if v["v_formal_identification_date"]]
    assert formal and all(v["v_victim_status"] == "identified" for v in formal)
    assert any(v["v_recruitment_channel"] for v in victims)
    assert any(v["v_ict_use"] and v["v_ict_use"] != ["none"] for v in victims)
    assert {v["v_legal_aid"] for v in victims} >= {"yes", "no"}
    assert "yes" in {v["v_unaccompanied_child"] for v in victims}

    companies = [t for t in traffickers if t["t_legal_person"] == "yes"]
    assert 2 <= len(companies) <= 40  # about 3 % of 400
    for company in companies:
        assert company["t_sex"] == "" and not company["t_date_of_birth"]
        assert company["near_match_key"] == "" and company["t_prison_months"] is None
        if company["t_legal_person_sanctions"]:
            assert company["t_final_outcome"] == "convicted"
            assert "fine" in company["t_legal_person_sanctions"]
    assert {t["t_financial_investigation"] for t in traffickers} >= {"yes", "no"}
