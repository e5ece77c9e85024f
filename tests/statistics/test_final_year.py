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
    assert set(edition.releases) == {"public", "transmission"}


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


def transmission_files(client):
    """The transmission page's cells and its two downloads (exact counts with flags)."""
    page = client.get(URL + "?level=transmission")
    assert page.status_code == 200
    cells = {
        (t.code, row["code"], j): (cell.value, cell.proposed)
        for t in page.context["release"].tables
        for row in t.rows
        for j, cell in enumerate(row["cells"])
    }
    xlsx = client.post(URL + "export.xlsx", {"level": "transmission"})
    archive = zipfile.ZipFile(
        io.BytesIO(client.post(URL + "export.zip", {"level": "transmission"}).content)
    )
    files = {name: archive.read(name) for name in archive.namelist() if name.endswith(".csv")}
    return cells, read_xlsx_table(xlsx.content, "V1"), files


def everything(client):
    return (
        page_v1(client, "?show=unprotected"),
        page_v1(client),
        downloads(client),
        (transmission_files(client)),
    )


def test_the_transmission_of_a_signed_off_year_is_the_stored_one(signed, world, personas):
    with scopes_disabled():
        edition = FinalEdition.objects.get(territory__code="RS", year=2024)
    stored = {t["code"]: t for t in edition.releases["transmission"]["tables"]}
    v1 = stored["V1"]
    assert v1["values"][v1["row_codes"].index("_T")][v1["col_codes"].index("_T")] == 3
    cells, v1_xlsx, files = transmission_files(signed)
    assert cells[("V1", "_T", len(v1["col_codes"]) - 1)][0] == 3
    # dan moves to 2023 (an open year): the transmission of 2024 does not change.
    add_victim(
        world,
        personas["caseworker_rs_police"],
        world["rs_police"],
        "dan",
        v_identification_date="2023-10-01",
        v_sex="male",
        v_citizenship="DE",
    )
    assert revisions_pending(world["rs"], 2024)
    assert transmission_files(signed) == (cells, v1_xlsx, files)
    # Reopened, the year is recomputed from the records: dan no longer counts in 2024.
    assert signed.post(URL + "reopen/", {"reason": "dan identified earlier"}).status_code == 302
    reopened, _xlsx, _files = transmission_files(signed)
    assert reopened[("V1", "_T", len(v1["col_codes"]) - 1)][0] == 2


def test_deleting_and_restoring_through_the_pages_warns_and_keeps_the_year(
    signed, world, personas, clients
):
    coordinator = clients["coordinator_rs"]
    before = everything(coordinator)
    with scopes_disabled():
        bojan_2023 = VictimRecord.objects.get(person_key="bojan", reporting_year=2023)
    # bojan counts in 2023; deleting that record would move him into 2024.
    response = coordinator.post(f"/victims/{bojan_2023.uuid}/delete/", follow=True)
    shown = [str(m) for m in response.context["messages"]]
    warning = [m for m in shown if m.startswith("Revision pending")]
    assert warning and "of 2024, which is signed off" in warning[0]
    # The coordinator is told which cells: V1's total would go from 3 to 4.
    assert "Total / Total 3 \u2192 4" in warning[0]
    assert everything(coordinator) == before
    response = coordinator.post(f"/victims/{bojan_2023.uuid}/restore/", follow=True)
    assert everything(coordinator) == before
    # Restored, 2024's tables are what was signed off: no new revision for the restoration.
    shown = [str(m) for m in response.context["messages"]]
    assert not [m for m in shown if m.startswith("Revision pending")]


def test_a_caseworker_is_warned_without_the_counts(signed, clients):
    with scopes_disabled():
        bojan_2023 = VictimRecord.objects.get(person_key="bojan", reporting_year=2023)
    response = clients["caseworker_rs_ngo"].post(f"/victims/{bojan_2023.uuid}/delete/", follow=True)
    shown = [str(m) for m in response.context["messages"]]
    warning = [m for m in shown if m.startswith("Revision pending")]
    assert warning and "of 2024, which is signed off" in warning[0]
    assert "\u2192" not in warning[0]  # the changed counts are the coordinator's to see


def test_case_links_and_unlinks_touching_the_signed_off_year_are_refused(
    signed, world, personas, clients
):
    from thb_data.records import YearSignedOff
    from traffickers import actions
    from traffickers.models import CriminalCase

    before = everything(clients["coordinator_rs"])
    prosecutor = personas["prosecutor_rs"]
    with scopes_disabled():
        case = CriminalCase.objects.get(reference="K-1/24")
        bojan_2023 = VictimRecord.objects.get(person_key="bojan", reporting_year=2023)
        dan = VictimRecord.objects.get(person_key="dan", reporting_year=2024)
        # The case's trafficker records are of 2024: linking any victim to it is refused...
        with pytest.raises(YearSignedOff, match="2024"):
            actions.link_victims(user=prosecutor, case=case, victims=[bojan_2023])
        # ... and so is unlinking one.
        with pytest.raises(YearSignedOff, match="2024"):
            actions.unlink_victim(user=prosecutor, case=case, victim=dan)
        assert set(case.victims.values_list("person_key", flat=True)) == {"alice", "dan"}
    assert everything(clients["coordinator_rs"]) == before


def test_a_duplicate_decision_that_moves_a_person_is_flagged(signed, world, personas, clients):
    from victims.duplicates import resolve_duplicates
    from victims.models import DuplicateDecision

    coordinator = clients["coordinator_rs"]
    before = everything(coordinator)
    # dan's record of 2025 and "dean", a 2023 record, are decided to be the same person (dan,
    # the first record's): dan now has a record identified in 2023, so he would count in 2023
    # instead of 2024.
    dan_2025 = add_victim(
        world,
        personas["caseworker_rs_police"],
        world["rs_police"],
        "dan",
        v_identification_date="2025-02-01",
        v_sex="male",
        v_citizenship="DE",
    )
    dean = add_victim(
        world,
        personas["caseworker_rs_police"],
        world["rs_police"],
        "dean",
        v_identification_date="2023-09-01",
        v_sex="male",
        v_citizenship="DE",
    )
    # (dean's 2023 record already changes the 2023 row of 2024's trend tables: pending.)
    earlier = {p.pk for p in revisions_pending(world["rs"], 2024)}
    with scopes_disabled():
        resolve_duplicates(
            user=personas["coordinator_rs"],
            records=[dan_2025, dean],
            decision=DuplicateDecision.SAME,
        )
    pending = [p for p in revisions_pending(world["rs"], 2024) if p.pk not in earlier]
    assert len(pending) == 1 and pending[0].action.startswith("Duplicate decision")
    cells = {(c["table"], c["row"], c["col"]): (c["before"], c["after"]) for c in pending[0].cells}
    assert cells[("V1", "Total", "Total")] == (3, 2)
    assert everything(coordinator) == before
