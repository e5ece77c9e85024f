"""A final year stays final: a signed-off year serves its figures of record, a write that would
change them is refused or left pending where the coordinator sees it, and reopening makes a
new final edition whose revision can be measured."""

import io
import zipfile

import pytest

from indicators.statistics.final import SignedOffImpact, revisions_pending
from indicators.statistics.models import FinalEdition
from indicators.statistics.writers import read_xlsx_table
from tests.statistics.conftest import add_trafficker, add_victim
from thb_data.records import soft_delete_record
from thb_data.scoping import scopes_disabled
from traffickers.models import TraffickerRecord
from victims.models import VictimRecord

URL = "/statistics/RS/2024/"


def page_v1(client, query=""):
    response = client.get(URL + query)
    views = {v.code: v for group in response.context["groups"] for v in group["tables"]}
    v1 = views["V1"]
    return {(r, c): v1.value(r, c) for r in v1.row_codes for c in v1.col_codes}


def downloads(client):
    xlsx = client.post(URL + "export.xlsx").content
    archive = zipfile.ZipFile(io.BytesIO(client.post(URL + "export.zip").content))
    return read_xlsx_table(xlsx, "V1"), archive.read("V1.csv").decode()


def sign_off(world, personas):
    from indicators.statistics.signoff import sign_off_year

    with scopes_disabled():
        sign_off_year(territory=world["rs"], year=2024, user=personas["coordinator_rs"])


@pytest.fixture
def signed(dataset, clients, world, personas):
    sign_off(world, personas)
    return clients["coordinator_rs"]


def test_signing_off_stores_the_figures_of_record(signed):
    with scopes_disabled():
        edition = FinalEdition.objects.get(territory__code="RS", year=2024)
    assert edition.number == 1 and edition.reopened_at is None
    counts = {t["code"]: t for t in edition.counts}
    v1 = counts["V1"]
    # Persons counted in 2024 (conftest): alice, cara, dan.
    assert v1["values"][v1["rows"].index("_T")][v1["cols"].index("_T")] == 3
    assert set(edition.releases) == {"public"}


def test_a_change_in_an_open_year_to_a_person_counted_in_the_signed_off_year_is_flagged(
    signed, world, personas
):
    before_page = page_v1(signed, "?show=unprotected")
    before_protected = page_v1(signed)
    before_xlsx, before_csv = downloads(signed)
    assert before_page[("_T", "_T")] == 3
    # dan gets a record identified in 2023, an open year: he now counts in 2023, not 2024.
    add_victim(
        world,
        personas["caseworker_rs_police"],
        world["rs_police"],
        "dan",
        v_identification_date="2023-10-01",
        v_sex="male",
        v_citizenship="DE",
    )
    # The signed-off year serves exactly the same cells, on the page and in the downloads.
    assert page_v1(signed, "?show=unprotected") == before_page
    assert page_v1(signed) == before_protected
    after_xlsx, after_csv = downloads(signed)
    assert after_xlsx == before_xlsx and after_csv == before_csv
    # The coordinator sees the revision pending, with the cells it would change.
    pending = revisions_pending(world["rs"], 2024)
    assert len(pending) == 1
    cells = {(c["table"], c["row"], c["col"]): (c["before"], c["after"]) for c in pending[0].cells}
    assert cells[("V1", "Total", "Total")] == (3, 2)
    assert cells[("V1", "Male", "Identified")] == (1, 0)
    page = signed.get(URL).content.decode()
    assert 'data-testid="revisions-pending"' in page and "Revision pending" in page


def test_a_stage_event_dated_in_the_signed_off_year_is_refused_whatever_the_record_year(
    signed, world, personas
):
    prosecutor = personas["prosecutor_rs"]
    with pytest.raises(SignedOffImpact, match="2024"):
        # A record of 2023 (its complaint) indicted in 2024: a new prosecuted person of 2024.
        add_trafficker(
            prosecutor,
            world["rs_prosecution"],
            "tk9",
            None,
            t_complaint_date="2023-02-01",
            t_indictment_date="2024-03-01",
            t_sex="male",
        )
    with scopes_disabled():
        assert not TraffickerRecord.objects.filter(person_key="tk9").exists()  # nothing saved
    # The same record without a stage in 2024 is accepted.
    add_trafficker(
        prosecutor,
        world["rs_prosecution"],
        "tk9",
        None,
        t_complaint_date="2023-02-01",
        t_sex="male",
    )


def test_deleting_an_open_year_record_that_moves_a_person_is_flagged(signed, world, personas):
    # bojan counts in 2023 (presumed); deleting that record moves him into 2024.
    with scopes_disabled():
        bojan_2023 = VictimRecord.objects.get(person_key="bojan", reporting_year=2023)
        soft_delete_record(bojan_2023, user=personas["coordinator_rs"])
    pending = revisions_pending(world["rs"], 2024)
    assert pending and pending[0].action.startswith("Deletion of")
    assert page_v1(signed, "?show=unprotected")[("_T", "_T")] == 3


def test_reopening_makes_a_new_final_edition_and_the_revision_is_measured(
    signed, world, personas, clients
):
    add_victim(
        world,
        personas["caseworker_rs_police"],
        world["rs_police"],
        "dan",
        v_identification_date="2023-10-01",
        v_sex="male",
        v_citizenship="DE",
    )
    assert signed.post(URL + "reopen/", {"reason": "dan identified earlier"}).status_code == 302
    assert revisions_pending(world["rs"], 2024) == []  # resolved by reopening
    assert page_v1(signed, "?show=unprotected")[("_T", "_T")] == 2  # recomputed, provisional
    sign_off(world, personas)
    with scopes_disabled():
        editions = list(FinalEdition.objects.filter(year=2024).order_by("number"))
    assert [e.number for e in editions] == [1, 2]
    assert editions[0].reopen_reason == "dan identified earlier"
    # The coordinator sees the size of the revision in counts before protection.
    response = signed.get(URL + "editions/compare/?final=1")
    changed = {c.code: c for c in response.context["changed"]}
    total = [ch for ch in changed["V1"].changes if ch.row == "Total" and ch.col == "Total"]
    assert (total[0].before, total[0].after) == (3, 2)
    assert response.context["unprotected"] is True
    # An analyst sees only the protected tables' changes.
    response = clients["analyst"].get(URL + "editions/compare/?final=1")
    assert response.context["unprotected"] is False
    for table in response.context["changed"]:
        for change in table.changes:
            assert change.before in (None, "A", "C") or change.before == 0 or change.before >= 5
