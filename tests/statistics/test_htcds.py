"""The HTCDS v2.0 / CTDC contribution: a pseudonymised person-level file of a territory-year and
the k = 11 preview beside it.

The data set is the fixture of ``conftest.py`` (Serbia, 2024) and two more persons. Persons
counted in 2024, by hand:

* alice: police record 2024-03-01, identified, female, born 2000-01-01 (24 at identification),
  Serbian, forms sexual + labour; her NGO record (presumed, sex unknown, labour) adds nothing:
  identified outranks presumed, a known sex outranks unknown, the first record's forms count.
* cara: presumed, sex, date of birth, citizenship and forms not recorded.
* dan: identified, male, born 1990-01-01 (34), German, begging.
* ema: identified by the centre for victim protection, female, born 2009-05-01 (15 at
  identification on 2024-09-10, 13 at recruitment on 2023-01-01), Albanian and Serbian,
  begging and exploitation of criminal activities, threats to the family, isolation and false
  promises.
* fil: presumed, decided by a joint police and social-services body, male, born 1980-02-02
  (44), stateless, domestic servitude and slavery.

Not in the file: bojan (counts in 2023), erin (not confirmed), fay (deleted), gus (2022), the
Albanian record of alice (another territory).
"""

import hashlib
import io
import re
import zipfile

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.statistics.engine import compute_statistics
from indicators.statistics.htcds import (
    COLUMNS,
    htcds_frame,
    k_anonymity_preview,
    persons_csv,
)
from indicators.statistics.models import Edition
from tests.statistics.conftest import add_victim
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled

PAGE = "/statistics/RS/2024/htcds/"
DOWNLOAD = "/statistics/RS/2024/export.htcds.zip"

# The expected file, written by hand (personId apart: it is random, checked on its own).
EXPECTED = """\
yearOfRegistration,prs_Gender,ageBroad,majorityStatus,majorityEntry,prs_Citizenship,vic_TraffickingStatus,vic_TraffickingStatusDecisionMakingOrg,vic_TypeOfExploitation,vic_MethodsOfControl
2024,Feminine,24-26,Adult,,RS,ActualVictimOfTrafficking,,SexualExploitation;ForcedLabour,
2024,Feminine,9-17,Minor,Minor,AL;RS,ActualVictimOfTrafficking,NonPoliceGovernmentalOrganization,ForcedBegging;Other,ThreatensChildrenFamily;FalsePromises;Other
2024,Masculine,30-38,Adult,,DE,ActualVictimOfTrafficking,,ForcedBegging,
2024,Masculine,39-47,Adult,,Stateless,PossibleVictimOfTrafficking,Other,Servitude,
2024,NonSpecifiedUnknown,,,,,PossibleVictimOfTrafficking,,,
"""  # noqa: E501


@pytest.fixture
def contribution(dataset, world, personas):
    police, ngo = world["rs_police"], world["rs_ngo"]
    add_victim(
        world,
        personas["caseworker_rs_police"],
        police,
        "ema",
        v_identification_date="2024-09-10",
        v_status_decision_body="centre_for_victim_protection",
        v_sex="female",
        v_date_of_birth="2009-05-01",
        v_recruitment_date="2023-01-01",
        v_citizenship="AL",
        v_second_citizenship="RS",
        v_main_exploitation_form="begging",
        v_exploitation_form=["criminal_activity", "begging"],
        v_control_means=["isolation", "threats_family", "false_promises"],
    )
    add_victim(
        world,
        personas["caseworker_rs_ngo"],
        ngo,
        "fil",
        v_identification_date="2024-10-01",
        v_victim_status="presumed",
        v_status_decision_body="joint_police_social_services",
        v_sex="male",
        v_date_of_birth="1980-02-02",
        v_citizenship="stateless",
        v_main_exploitation_form="domestic_servitude",
        v_exploitation_form=["domestic_servitude", "slavery"],
    )
    return world


def _files(content: bytes) -> tuple[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert set(archive.namelist()) == {"htcds-persons.csv", "htcds-notes.txt"}
    return archive.read("htcds-persons.csv").decode(), archive.read("htcds-notes.txt").decode()


def _without_ids(text: str) -> tuple[str, list[str]]:
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(COLUMNS)
    rest = frame.drop(columns="personId").to_csv(index=False, lineterminator="\n")
    return rest, frame["personId"].tolist()


def test_the_extract_of_the_fixed_data_set_equals_the_hand_written_file(contribution, clients):
    response = clients["coordinator_rs"].post(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="thb-htcds-RS-2024-provisional-ed1.zip"' in response["Content-Disposition"]
    persons, notes = _files(response.content)
    rest, ids = _without_ids(persons)
    assert rest == EXPECTED
    # One row per person, with a random number of its own.
    assert len(ids) == len(set(ids)) == 5
    assert all(re.fullmatch(r"[0-9A-F]{8}", i) for i in ids)
    assert "Not for publication" in notes
    assert "0 of 5 persons would be kept, 5 suppressed" in notes


def test_each_file_draws_new_person_numbers(contribution, clients):
    client = clients["coordinator_rs"]
    first = _without_ids(_files(client.post(DOWNLOAD).content)[0])
    second = _without_ids(_files(client.post(DOWNLOAD).content)[0])
    assert first[0] == second[0] == EXPECTED
    assert not set(first[1]) & set(second[1])


def test_the_file_has_no_personal_code_municipality_full_date_or_record_number(
    contribution, clients
):
    persons, _notes = _files(clients["coordinator_rs"].post(DOWNLOAD).content)
    header = persons.splitlines()[0].lower()
    for word in ("code", "municipality", "city", "date", "birth", "number", "person_key", "hash"):
        assert word not in header, word
    with scopes_disabled():
        from victims.models import VictimRecord

        records = list(VictimRecord.objects.filter(territory=contribution["rs"]))
    assert all(record.person_key for record in records)
    for record in records:
        assert record.person_key not in persons
        assert f"V{record.number:06d}" not in persons
    # No date of any form finer than the year: no "2024-", no day or month.
    assert not re.search(r"\d{4}-\d{2}", persons)
    assert not re.search(r"\d{2}[./]\d{2}[./]\d{4}", persons)
    for known in ("ema", "fil", "alice"):
        assert known not in persons


def test_the_download_is_audited_and_kept_as_an_edition_without_its_rows(contribution, clients):
    response = clients["coordinator_rs"].post(DOWNLOAD)
    persons, notes = _files(response.content)
    with scopes_disabled():
        edition = Edition.objects.get()
        entry = AuditEntry.objects.get(action="export")
    assert (edition.number, edition.file_format, edition.year) == (1, "htcds", 2024)
    assert edition.tables == [] and edition.suppressed == []
    assert edition.created_by.username == "co-rs"
    assert "\n\n".join(edition.notes) + "\n" == notes
    _rest, ids = _without_ids(persons)
    assert not any(i in " ".join(edition.notes) for i in ids)  # the rows are not kept
    assert entry.detail["kind"] == "htcds"
    assert entry.detail["persons"] == 5
    assert entry.detail["k_anonymity"]["kept"] == 0
    assert entry.user.username == "co-rs" and entry.territory.code == "RS"
    assert entry.detail["sha256"] == hashlib.sha256(persons.encode()).hexdigest()
    assert entry.detail["sha256"] in notes
    # The edition is listed on the page and on the statistics page; it has no tables to compare.
    page = clients["coordinator_rs"].get(PAGE).content.decode()
    assert "Edition 1," in page
    compare = clients["coordinator_rs"].get("/statistics/RS/2024/editions/compare/")
    assert compare.status_code == 200


def test_the_page_previews_k_11_and_is_reachable_from_the_statistics_page(contribution, clients):
    client = clients["coordinator_rs"]
    assert PAGE in client.get("/statistics/RS/2024/").content.decode()
    page = client.get(PAGE)
    assert page.status_code == 200
    body = page.content.decode()
    assert DOWNLOAD in body
    # Five persons, every combination of the quasi-identifiers smaller than 11.
    assert "0 of 5 persons kept (0%)" in body
    assert "5 persons suppressed" in body
    with scopes_disabled():
        assert not Edition.objects.exists()  # looking is not downloading
    assert client.get(DOWNLOAD).status_code == 405


def test_eleven_persons_alike_are_kept_and_the_others_suppressed(contribution, world, personas):
    """Eleven more men, 30 in 2024 (30-38), German, forced labour: with dan (34, German, but
    begging) they are not alike; the eleven form one class of 11 and are kept; alice, cara,
    dan, ema and fil (5) are suppressed: 11 of 16."""
    for n in range(11):
        add_victim(
            world,
            personas["caseworker_rs_police"],
            world["rs_police"],
            f"worker-{n}",
            v_identification_date="2024-06-01",
            v_sex="male",
            v_date_of_birth="1994-01-01",
            v_citizenship="DE",
            v_main_exploitation_form="labour",
            v_exploitation_form=["labour"],
        )
    with scopes_disabled():
        frame = htcds_frame(world["rs"], 2024)
    preview = k_anonymity_preview(frame)
    assert (preview.persons, preview.kept, preview.suppressed) == (16, 11, 5)
    assert (preview.classes, preview.classes_kept, preview.largest) == (6, 1, 11)
    # Without the forced-labour flag, dan (34, German, no sexual exploitation) joins them: 12.
    assert dict(preview.without)["forced labour (yes/no)"] == 12


def test_the_preview_counts_equivalence_classes_by_hand():
    """k = 3 on a hand-made file: four alike (kept), two alike (suppressed), one alone."""
    row = {
        "personId": "",
        "yearOfRegistration": 2024,
        "prs_Gender": "Feminine",
        "ageBroad": "18-20",
        "prs_Citizenship": "RS",
        "vic_TypeOfExploitation": "SexualExploitation",
    }
    rows = [dict(row) for _ in range(4)]
    rows += [dict(row, prs_Citizenship="AL") for _ in range(2)]
    rows += [dict(row, vic_TypeOfExploitation="SexualExploitation;ForcedLabour")]
    preview = k_anonymity_preview(pd.DataFrame(rows), k=3)
    assert (preview.persons, preview.kept, preview.suppressed) == (7, 4, 3)
    assert (preview.classes, preview.classes_kept, preview.largest) == (3, 1, 4)
    without = dict(preview.without)
    assert without["citizenship"] == 6  # the four and the two are alike; the mixed one alone
    assert without["forced labour (yes/no)"] == 5  # the mixed one joins the four: 5; AL 2


def test_the_csv_is_formula_safe():
    frame = pd.DataFrame([{"personId": "00000001", "prs_Citizenship": "=HYPERLINK(1)"}])
    assert persons_csv(frame).decode().splitlines()[1] == "00000001,'=HYPERLINK(1)"


@pytest.mark.parametrize(
    "persona", ["caseworker_rs_police", "caseworker_rs_ngo", "prosecutor_rs", "analyst"]
)
def test_only_coordinators_and_administrators_see_or_download_it(contribution, clients, persona):
    assert clients[persona].get(PAGE).status_code == 403
    assert clients[persona].post(DOWNLOAD).status_code == 403
    with scopes_disabled():
        assert not Edition.objects.exists()
        assert not AuditEntry.objects.filter(action="export").exists()


def test_another_territory_s_contribution_is_not_found(contribution, clients):
    client = clients["coordinator_al"]
    assert client.get(PAGE).status_code == 404
    assert client.post(DOWNLOAD).status_code == 404
    with scopes_disabled():
        assert not Edition.objects.exists()


def test_the_albanian_coordinator_s_file_has_only_albanian_persons(contribution, clients):
    """Albania 2024: the Albanian record of alice (female, Albanian, identified)."""
    response = clients["coordinator_al"].post("/statistics/AL/2024/export.htcds.zip")
    rest, ids = _without_ids(_files(response.content)[0])
    assert len(ids) == 1
    assert rest.splitlines()[1] == "2024,Feminine,,,,AL,ActualVictimOfTrafficking,,,"


def test_the_page_and_the_file_issue_the_same_queries_whatever_the_number_of_persons(
    contribution, clients, world, personas
):
    client = clients["coordinator_rs"]
    client.get(PAGE)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small_page:
        assert client.get(PAGE).status_code == 200
    with CaptureQueriesContext(connection) as small_file:
        assert client.post(DOWNLOAD).status_code == 200
    for n in range(12):
        add_victim(world, personas["caseworker_rs_ngo"], world["rs_ngo"], f"more{n}",
                   v_identification_date="2024-06-01", v_victim_status="presumed",
                   v_sex="male", v_citizenship="MD", v_exploitation_form=["labour", "begging"],
                   v_control_means=["debt_bondage"], v_main_exploitation_form="labour")  # fmt: skip
        # A second record of some of them: still one row per person.
        if n % 3 == 0:
            add_victim(world, personas["caseworker_rs_police"], world["rs_police"], f"more{n}",
                       v_identification_date="2024-07-01", v_sex="male",
                       v_citizenship="MD")  # fmt: skip
    with CaptureQueriesContext(connection) as large_page:
        assert client.get(PAGE).status_code == 200
    with CaptureQueriesContext(connection) as large_file:
        response = client.post(DOWNLOAD)
    assert len(large_page) == len(small_page)
    assert len(large_file) == len(small_file)
    _rest, ids = _without_ids(_files(response.content)[0])
    assert len(ids) == 5 + 12


def test_administrators_see_and_download_every_territory_s_contribution(contribution, clients):
    client = clients["admin"]
    assert client.get(PAGE).status_code == 200
    response = client.post("/statistics/AL/2024/export.htcds.zip")
    assert response.status_code == 200
    assert len(_without_ids(_files(response.content)[0])[1]) == 1


def test_a_signed_off_year_s_file_is_final(contribution, clients, world, personas):
    from indicators.statistics.signoff import sign_off_year

    with scopes_disabled():
        sign_off_year(territory=world["rs"], year=2024, user=personas["coordinator_rs"])
    response = clients["coordinator_rs"].post(DOWNLOAD)
    assert 'filename="thb-htcds-RS-2024-final-ed1.zip"' in response["Content-Disposition"]
    persons, notes = _files(response.content)
    assert _without_ids(persons)[0] == EXPECTED
    assert "reference year 2024, FINAL" in notes
    with scopes_disabled():
        assert Edition.objects.get().final


def test_the_file_counts_the_persons_of_the_tables(contribution, world):
    """By hand: 5 persons, 2 presumed (cara, fil), 2 female (alice, ema); table V1 of the
    annual statistics says the same."""
    with scopes_disabled():
        frame = htcds_frame(world["rs"], 2024)
        v1 = next(v for v in compute_statistics(world["rs"], 2024).views() if v.code == "V1")

    def cell(row, col):
        return v1.cells[v1.row_codes.index(row)][v1.col_codes.index(col)].value

    presumed = int((frame["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking").sum())
    female = int((frame["prs_Gender"] == "Feminine").sum())
    assert (len(frame), presumed, female) == (5, 2, 2)
    assert (cell("_T", "_T"), cell("_T", "presumed"), cell("female", "_T")) == (5, 2, 2)
