"""The breakdowns the recipients ask for (issue 15; spec/standards.md X3-X6, X10): UNODC U0
(offences recorded as cases, by article), U4b (form x women / men / girls / boys), U5b (country
of citizenship); Eurostat E1b (sex x age band), E2b and E5b (country of citizenship); GRETA
G7b-G13b (permits by ground, compensation, legal aid, non-punishment, assistance, returns), G8b
(the funnel in cases) and G8c (final sentences).

The small data set of ``tests/statistics/conftest.py`` (RS 2024: alice, cara and dan counted;
traffickers tk1, tk2, tk3), with the additions each test makes; the expected figures are worked
out by hand from the data as described there.
"""

import pytest

from indicators.models import NationalCodeEntry
from indicators.statistics.declarations import DECLARATIONS
from indicators.statistics.engine import compute_statistics
from indicators.statistics.protection import TOTAL
from tests.statistics.conftest import YEAR, add_trafficker, add_victim
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase

NEW_CODES = [
    "U0",
    "U4b",
    "U5b",
    "E1b",
    "E2b",
    "E5b",
    "G7b",
    "G8b",
    "G8c",
    "G9a",
    "G9b",
    "G9c",
    "G10",
    "G11",
    "G11b",
    "G12",
    "G12b",
    "G13",
    "G13b",
    "S1",
]


def views_of(world, year=YEAR):
    with scopes_disabled():
        stats = compute_statistics(world["rs"], year)
    return {view.code: view for view in stats.views()}


def total(view, row):
    """The row's total: its last column (the only one of a table without columns)."""
    return view.value(row, view.col_codes[-1])


def nonzero(view):
    return {row: total(view, row) for row in view.row_codes if row != TOTAL and total(view, row)}


def test_every_new_breakdown_is_declared_with_a_counting_note():
    for code in NEW_CODES:
        declaration = DECLARATIONS[code]
        assert declaration.all_notes(YEAR)[0].startswith("Counting unit")


def test_unodc_victims_by_form_and_women_men_girls_boys(dataset, world):
    u4b = views_of(world)["U4b"]
    # alice: woman, sexual + labour -> mixed; cara: sex and age unknown, form unknown; dan: man,
    # begging.
    assert u4b.value("mixed", "women") == 1
    assert u4b.value("begging", "men") == 1
    assert u4b.value("unknown", "unknown") == 1
    assert u4b.value(TOTAL, TOTAL) == 3
    assert sum(u4b.value(r, "girls") + u4b.value(r, "boys") for r in u4b.row_codes) == 0


def test_victims_by_country_of_citizenship_unodc_and_eurostat(dataset, world):
    views = views_of(world)
    assert nonzero(views["U5b"]) == {"RS": 1, "DE": 1, "unknown": 1}
    e2b = views["E2b"]
    # alice identified (her police record outranks the NGO's presumed one), dan identified,
    # cara presumed.
    assert e2b.value("RS", "identified") == 1 and e2b.value("RS", "presumed") == 0
    assert e2b.value("DE", "identified") == 1
    assert e2b.value("unknown", "presumed") == 1
    assert e2b.value(TOTAL, TOTAL) == 3


def test_eurostat_victims_by_sex_and_age_band(dataset, world, personas):
    add_victim(world, personas["caseworker_rs_ngo"], world["rs_ngo"], "kid",
               v_identification_date="2024-09-09", v_sex="female",
               v_date_of_birth="2014-01-01", v_citizenship="RS")  # fmt: skip  # aged 10
    add_victim(world, personas["caseworker_rs_ngo"], world["rs_ngo"], "teen",
               v_identification_date="2024-09-09", v_sex="male",
               v_date_of_birth="2009-01-01", v_citizenship="RS")  # fmt: skip  # aged 15
    e1b = views_of(world)["E1b"]
    assert e1b.col_codes == ["0_11", "12_17", "18_plus", "unknown", TOTAL]
    assert e1b.value("female", "0_11") == 1  # kid
    assert e1b.value("male", "12_17") == 1  # teen
    assert e1b.value("female", "18_plus") == 1  # alice (born 2000)
    assert e1b.value("male", "18_plus") == 1  # dan (born 1990)
    assert e1b.value("unknown", "unknown") == 1  # cara
    assert e1b.value(TOTAL, TOTAL) == 5


def test_eurostat_cj_persons_by_country_of_citizenship(dataset, world):
    e5b = views_of(world)["E5b"]
    # suspected: tk1 (RS), tk3 (unknown); prosecuted: tk1 (RS), tk2 (AL); convicted at first
    # instance: tk1 (RS). tk2 was acquitted.
    assert e5b.value("suspected", "RS") == 1 and e5b.value("suspected", "unknown") == 1
    assert e5b.value("prosecuted", "RS") == 1 and e5b.value("prosecuted", "AL") == 1
    assert e5b.value("convicted_first", "RS") == 1
    assert e5b.value("convicted_first", TOTAL) == 1


def test_greta_funnel_in_cases_as_well_as_persons(dataset, world, personas):
    # A co-defendant in tk1's case: one more person, not one more case.
    add_trafficker(personas["prosecutor_rs"], world["rs_prosecution"], "tk4", dataset["case"],
                   t_complaint_date="2024-01-20", t_indictment_date="2024-04-01",
                   t_final_outcome="convicted", t_final_date="2024-12-01",
                   t_sex="female", t_final_sentence_type=["fine"])  # fmt: skip
    views = views_of(world)
    g8, g8b = views["G8"], views["G8b"]
    # Persons suspected: tk1, tk3, tk4 = 3. Cases with a complaint in 2024: K-1/24 (tk1, tk4),
    # tk1's second record (no case: a case of its own), tk3 (no case) = 3.
    assert g8.value("suspected", TOTAL) == 3
    assert total(g8b, "suspected") == 3
    # Prosecuted persons: tk1, tk2, tk4 = 3; cases: K-1/24 and tk2's = 2.
    assert g8.value("prosecuted", TOTAL) == 3
    assert total(g8b, "prosecuted") == 2
    # Finally convicted: tk1 and tk4, both in K-1/24: 2 persons, 1 case.
    assert g8.value("convicted_final", TOTAL) == 2
    assert total(g8b, "convicted_final") == 1
    # Final sentences of the finally convicted persons: tk4's fine; tk1 has none recorded.
    g8c = views["G8c"]
    assert total(g8c, "fine") == 1 and total(g8c, "unknown") == 1
    assert total(g8c, TOTAL) == 2


def test_unodc_offences_recorded_by_article_with_the_data_providers(dataset, world, personas):
    with scopes_disabled():
        for code in ("388", "389"):
            NationalCodeEntry.objects.create(
                territory=world["rs"], list_code="criminal_code_articles", code=code,
                label=f"Art. {code}",
            )  # fmt: skip
        case2 = CriminalCase.objects.create(
            territory=world["rs"], institution=world["rs_prosecution"], reference="K-2/24",
            created_by=personas["prosecutor_rs"],
        )  # fmt: skip
    prosecutor, office = personas["prosecutor_rs"], world["rs_prosecution"]
    # Case K-2/24: two defendants, one qualified under 388, the other under 388 and 389.
    add_trafficker(prosecutor, office, "tk5", case2, t_complaint_date="2024-06-01",
                   t_qualification_initial=["388"])  # fmt: skip
    add_trafficker(prosecutor, office, "tk6", case2, t_complaint_date="2024-06-02",
                   t_qualification_initial=["388", "389"])  # fmt: skip
    # A complaint of 2023 is not an offence recorded in 2024.
    add_trafficker(prosecutor, office, "tk7", None, t_complaint_date="2023-06-01",
                   t_qualification_initial=["389"])  # fmt: skip
    u0 = views_of(world)["U0"]
    # Cases of 2024: K-1/24, tk1's second record, tk3's record (no article recorded) and
    # K-2/24 (388 once, 389 once): 4 cases.
    assert total(u0, TOTAL) == 4
    assert total(u0, "388") == 1
    assert total(u0, "389") == 1
    assert total(u0, "unknown") == 3
    labels = dict(zip(u0.row_codes, u0.row_labels, strict=True))
    assert labels["388"] == "Art. 388"
    notes = " ".join(u0.notes)
    assert "Data providers" in notes and office.name in notes
    assert "criminal complaint filed in 2024" in notes


@pytest.mark.parametrize(
    ("code", "column", "value", "also"),
    [
        (
            "G7b",
            "v_residence_permit_ground",
            "personal_situation",
            {"v_residence_permit": "granted"},
        ),
        ("G9b", "v_compensation_awarded", "awarded_paid", {}),
        ("G10", "v_legal_aid", "yes", {}),
        ("G11", "v_victim_prosecuted", "yes", {}),
        ("G12", "v_assistance_accepted", "declined", {"v_assistance_offered": "yes"}),
        ("G13", "v_returned", "yes", {}),
    ],
)
def test_greta_victims_tables_count_persons(dataset, world, personas, code, column, value, also):
    add_victim(world, personas["caseworker_rs_police"], world["rs_police"], f"g-{code}",
               v_identification_date="2024-10-10", v_sex="female", v_citizenship="MD",
               **{column: value, **also})  # fmt: skip
    view = views_of(world)[code]
    assert view.group == "greta"
    assert view.value(value, TOTAL) == 1
    # The four persons of the year in all: the rows add up.
    assert view.value(TOTAL, TOTAL) == 4
    assert sum(view.value(r, TOTAL) for r in view.row_codes if r != TOTAL) == 4


def test_greta_compensation_claims_and_sources_are_mentions(dataset, world, personas):
    add_victim(world, personas["caseworker_rs_police"], world["rs_police"], "claimant",
               v_identification_date="2024-10-10", v_sex="female", v_citizenship="MD",
               v_compensation_claimed=["criminal_proceedings", "state_fund"],
               v_compensation_awarded="awarded_paid",
               v_compensation_source=["perpetrator", "state_fund"])  # fmt: skip
    views = views_of(world)
    g9a, g9c = views["G9a"], views["G9c"]
    assert g9a.value("criminal_proceedings", TOTAL) == 1 and g9a.value("state_fund", TOTAL) == 1
    assert g9c.value("perpetrator", TOTAL) == 1 and g9c.value("state_fund", TOTAL) == 1
    assert g9a.value(TOTAL, TOTAL) == 4  # persons, though the rows count mentions
