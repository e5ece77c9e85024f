"""Writing an import: the values stored (COPY on PostgreSQL), the audit trail, all or nothing,
record numbers taken meanwhile, and each person's first record."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from indicators.exchange import write
from indicators.exchange.config import EXCHANGES
from indicators.exchange.parse import read_table
from indicators.exchange.validate import ImportValidator, record_factory
from indicators.models import NationalCodeEntry
from indicators.records import save_record
from tests.exchange.conftest import csv_bytes, upload, victim_row, victims_of
from tests.victims.conftest import complete_record_data, personal_code
from thb_data.audit.log import record_events
from thb_data.audit.models import Action, AuditEntry
from thb_data.pg_copy import array_literal, copy_cell, copy_line
from thb_data.scoping import scope_for, scopes_disabled
from victims.models import VictimRecord
from victims.persons import refresh_first_records

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's"
)

# Free text as a caseworker may type it: quotes, separators, backslashes, line breaks, Cyrillic
# and Latin diacritics, and what COPY and array literals treat specially.
AWKWARD_TEXT = (
    'Art. 350 "illegal crossing", para; two \\ back\\slash\nsecond line\r\n'
    "Ђорђе Đorđe čćžš {a,b} NULL \\N\n\\.\nend"
)
# National codes are typed by coordinators: anything up to 40 characters.
AWKWARD_CODES = ['o"brien', "c,d", "e\\f", "Ђорђе {x}", "NULL", "two words"]


def import_file(client, content, name="victims.csv"):
    response = upload(client, "/victims/import/", content, name)
    assert response.status_code == 302, response.content.decode()[-2000:]
    return client.post(response["Location"] + "confirm/")


def validated(user, institution, rows, name="rows.csv"):
    exchange = EXCHANGES["victims"]
    report = ImportValidator(exchange, user=user, institution=institution).validate(
        read_table(csv_bytes(rows), name), file_name=name
    )
    assert report.ok, report.errors[:3]
    return report


def stored(record) -> dict:
    """Every column of a record as read back from the database."""
    with scopes_disabled():
        fresh = VictimRecord.with_deleted.get(uuid=record.uuid)
    return {f.attname: getattr(fresh, f.attname) for f in VictimRecord._meta.concrete_fields}


def all_audit_entries():
    with scopes_disabled():
        return list(AuditEntry.objects.order_by("id"))


# --- the COPY text format ----------------------------------------------------------------------


def test_copy_cells_escape_what_the_text_format_treats_specially():
    assert copy_cell(None) == "\\N"
    assert copy_cell(True) == "t" and copy_cell(False) == "f"
    assert copy_cell("") == ""
    assert copy_cell("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e"
    assert copy_cell("\\N") == "\\\\N"  # the text, not a null
    assert copy_cell(12) == "12" and copy_cell(Decimal("1500.50")) == "1500.50"
    assert copy_cell(datetime.date(2024, 3, 1)) == "2024-03-01"
    assert copy_line(["x", None, 3]) == "x\t\\N\t3\n"


def test_arrays_become_literals_with_every_element_quoted():
    assert copy_cell([]) == "{}"
    assert array_literal(["sexual", "labour"]) == '{"sexual","labour"}'
    assert array_literal(['a"b', "c,d", "NULL", None]) == '{"a\\"b","c,d","NULL",NULL}'
    # The backslash of the element is escaped for the array, then again for COPY.
    assert array_literal(["e\\f"]) == '{"e\\\\f"}'
    assert copy_cell(["e\\f"]) == '{"e\\\\\\\\f"}'


# --- values stored ------------------------------------------------------------------------------


def test_a_record_written_in_bulk_reads_back_as_a_saved_one(personas, world):
    user = personas["caseworker_rs_ngo"]
    now = timezone.now()
    values = {
        "status": "complete",
        "reporting_year": 2024,
        "created_by": user,
        "updated_by": user,
        "created_at": now,
        "updated_at": now,
        "person_key": "k" * 64,
        "personal_code_hash": "k" * 64,
        "person_first": True,
        "v_victim_status": "identified",
        "v_sex": "female",
        "v_citizenship": "RS",
        "v_date_of_birth": "1995",
        "v_date_of_birth_estimated": True,
        "v_identification_date": "2024-03-01",
        "v_exploitation_form": ["sexual", "labour"],  # several values
        "v_recruitment_method": [],  # none
        "v_assistance_provider_ngo": AWKWARD_CODES,
        "v_victim_prosecuted_offence": AWKWARD_TEXT,
        "v_ethnicity": 'o\'brien\t"x"',
        "v_number_of_children": None,  # null numbers and dates
        "v_co_victims": 0,
        "v_compensation_amount": Decimal("1500.50"),
        "v_departure_date": "",
    }

    def record(number):
        return VictimRecord(
            territory=world["rs"], institution=world["rs_ngo"], number=number, **values
        )

    saved, bulk = record(1), record(2)
    with scopes_disabled():
        saved.save(force_insert=True)
        write._bulk_insert(VictimRecord, [bulk])

    expected, got = stored(saved), stored(bulk)
    for name in ("id", "uuid", "number"):
        expected.pop(name), got.pop(name)
    assert got == expected
    assert got["v_victim_prosecuted_offence"] == AWKWARD_TEXT
    assert got["v_assistance_provider_ngo"] == AWKWARD_CODES
    assert got["v_recruitment_method"] == [] and got["v_number_of_children"] is None
    assert got["deleted_at"] is None and got["created_at"] == now


def test_an_imported_record_holds_what_the_form_stores(clients, world):
    entries = [
        ("municipalities", "beograd"),
        ("ethnic_groups", 'o\'brien "x"'),
        *(("ngos", code) for code in ["astra", *AWKWARD_CODES]),
    ]
    with scopes_disabled():
        for list_code, code in entries:
            NationalCodeEntry.objects.create(
                territory=world["rs"], list_code=list_code, code=code, label=f"Label {code}"
            )
    data = {
        **complete_record_data(),
        "v_ethnicity": 'o\'brien "x"',
        "v_assistance_provider_ngo": ["astra", *AWKWARD_CODES],
        "v_victim_prosecuted_offence": AWKWARD_TEXT,
        "v_witness_protection": [],
    }
    client = clients["caseworker_rs_ngo"]
    response = client.post(reverse("victims:create"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]

    def cell(value):
        if isinstance(value, list):
            return ";".join(value)
        return "yes" if value == "on" else value

    response = import_file(client, csv_bytes([{k: cell(v) for k, v in data.items()}]))
    assert "1</strong> created" in response.content.decode()

    by_form, by_import = victims_of(world["rs_ngo"])
    assert by_import.indicator_values() == by_form.indicator_values()
    assert by_import.personal_code_hash == by_form.personal_code_hash != ""
    assert by_import.v_victim_prosecuted_offence == AWKWARD_TEXT.strip()
    assert by_import.v_assistance_provider_ngo == ["astra", *AWKWARD_CODES]
    assert by_import.v_witness_protection == []


# --- the audit trail ----------------------------------------------------------------------------


def test_an_import_writes_one_entry_per_record_with_what_it_did(clients, world, personas):
    user = personas["caseworker_rs_ngo"]
    client = clients["caseworker_rs_ngo"]
    import_file(client, csv_bytes([victim_row(pc_first_name="Ex")]), "first.csv")
    (existing,) = victims_of(world["rs_ngo"])
    before = {e.pk for e in all_audit_entries()}
    rows = [
        victim_row(),
        victim_row(pc_first_name="Bo", status="draft"),
        victim_row(pc_first_name="Ex", uuid=str(existing.uuid), v_number_of_children="3"),
    ]
    started = timezone.now()
    import_file(client, csv_bytes(rows), "a.csv")

    entries = [e for e in all_audit_entries() if e.pk not in before]
    assert [e.action for e in entries] == [
        Action.IMPORT,
        Action.CREATE,
        Action.CREATE,
        Action.UPDATE,
    ]
    for entry in entries:
        assert (entry.user, entry.username) == (user, "cw-rs-ngo")
        assert entry.territory == world["rs"] and entry.ip_address == "127.0.0.1"
        assert entry.object_type == "victims.victimrecord" and entry.at >= started
    file_entry, *record_entries = entries
    assert file_entry.object_repr == "a.csv" and file_entry.object_id == ""
    assert file_entry.detail == {
        "file": "a.csv",
        "database": "victims",
        "institution": "Shelter NGO Belgrade",
        "rows": 3,
        "result": "imported",
        "created": 2,
        "updated": 1,
        "unchanged": 0,
    }
    first, second = victims_of(world["rs_ngo"])[1:]
    assert [(e.object_id, e.object_repr, e.detail, e.changes) for e in record_entries] == [
        (str(first.uuid), "RS-V000002", {"status": "complete", "import": "a.csv"}, {}),
        (str(second.uuid), "RS-V000003", {"status": "draft", "import": "a.csv"}, {}),
        (str(existing.uuid), "RS-V000001", {"import": "a.csv"}, {"v_number_of_children": [2, 3]}),
    ]


@postgresql_only
def test_entries_written_in_bulk_read_back_as_entries_saved_one_by_one(world):
    def entries():
        return [
            AuditEntry(
                action=Action.UPDATE,
                territory=world["rs"],
                username='ana "x"\\',
                ip_address=address,
                object_type="victims.victimrecord",
                object_id="8d3c",
                object_repr="RS-V000001\tx",
                changes={"v_text": [AWKWARD_TEXT, "Ђорђе"], "list": [1, None, True]},
                detail={"import": 'файл; "x"\n.csv', "codes": AWKWARD_CODES},
            )
            for address in ("2001:0db8:0000:0000:0000:0000:0000:0001", "10.0.0.1", None)
        ]

    started = timezone.now()
    with scopes_disabled():
        for entry in entries():
            entry.save()
        record_events(entries())
        rows = list(AuditEntry.objects.order_by("id").values())
    one_by_one, bulk = rows[:3], rows[3:]
    assert all(row["at"] >= started for row in rows)
    for row in rows:
        del row["id"], row["at"]
    assert bulk == one_by_one
    assert bulk[0]["ip_address"] == "2001:db8::1"


@postgresql_only
def test_an_error_while_making_the_rows_writes_no_entry(world):
    good = AuditEntry(action=Action.VIEW, territory=world["rs"], object_repr="good")
    bad = AuditEntry(action=Action.VIEW, territory=world["rs"], detail={"x": object()})
    with pytest.raises(TypeError), transaction.atomic():
        record_events([good, bad])
    assert all_audit_entries() == []


# --- all or nothing -----------------------------------------------------------------------------


def test_a_failure_after_the_records_are_written_leaves_nothing(personas, world, monkeypatch):
    user = personas["caseworker_rs_ngo"]
    report = validated(user, world["rs_ngo"], [victim_row(), victim_row(pc_first_name="Bo")])

    def fail(*args, **kwargs):
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr(write, "_audit", fail)
    with pytest.raises(RuntimeError):
        write.commit_import(report, user=user)
    assert victims_of(world["rs_ngo"]) == [] and all_audit_entries() == []


def test_a_row_the_database_refuses_leaves_nothing(personas, world):
    user = personas["caseworker_rs_ngo"]
    rows = [victim_row(pc_first_name=letters) for letters in ("An", "Bo", "Ci")]
    report = validated(user, world["rs_ngo"], rows)
    report.planned[2].record.v_sex = None  # NOT NULL: refused by the database, last row

    with pytest.raises(IntegrityError):
        write.commit_import(report, user=user)
    assert victims_of(world["rs_ngo"]) == [] and all_audit_entries() == []


def test_numbers_taken_meanwhile_are_retried_with_the_next_free_ones(personas, world, monkeypatch):
    user = personas["caseworker_rs_ngo"]
    with scope_for(user):
        save_record(
            VictimRecord(territory=world["rs"], institution=world["rs_ngo"]),
            user=user,
            values={"v_sex": "female", "v_citizenship": "RS"},
            status="draft",
        )
    report = validated(user, world["rs_ngo"], [victim_row(), victim_row(pc_first_name="Bo")])
    calls = []
    fresh = write.next_record_number

    def stale_then_fresh(model, territory_id):
        calls.append(territory_id)
        return 1 if len(calls) == 1 else fresh(model, territory_id)

    monkeypatch.setattr(write, "next_record_number", stale_then_fresh)
    with scope_for(user):
        result = write.commit_import(report, user=user)

    assert len(calls) == 2
    assert result.numbers == ["RS-V000002", "RS-V000003"]
    assert [r.record_number for r in victims_of(world["rs_ngo"])] == [
        "RS-V000001",
        "RS-V000002",
        "RS-V000003",
    ]


# --- persons ------------------------------------------------------------------------------------


def first_records(territory) -> set[str]:
    with scopes_disabled():
        return {
            r.record_number
            for r in VictimRecord.with_deleted.filter(territory=territory, person_first=True)
        }


def test_each_person_counts_by_their_first_record_after_an_import(personas, world):
    user = personas["caseworker_rs_ngo"]
    with scope_for(user):
        save_record(
            VictimRecord(territory=world["rs"], institution=world["rs_ngo"]),
            user=user,
            values={
                "v_sex": "female",
                "v_citizenship": "RS",
                "v_date_of_birth": "1995-04-12",
                "v_victim_status": "identified",
                "v_identification_date": "2024-05-01",
            },
            status="draft",
            personal_code=personal_code(),  # An Pe, the person of victim_row()
        )
    assert first_records(world["rs"]) == set()  # a draft does not count
    rows = [
        victim_row(v_identification_date="2023-01-10"),  # V2: An Pe, earlier than V1
        victim_row(pc_first_name="Bo", v_identification_date="2025-02-01"),  # V3: Bo Pe
        victim_row(pc_first_name="Bo", v_identification_date="2024-12-01"),  # V4: Bo, earlier
        victim_row(pc_first_name="", pc_family_name="", status="draft"),  # V5: a draft
        victim_row(pc_first_name="Ci", v_victim_status="not_confirmed"),  # V6: never counts
    ]
    with scope_for(user):
        write.commit_import(validated(user, world["rs_ngo"], rows), user=user)

    assert first_records(world["rs"]) == {"RS-V000002", "RS-V000004"}
    refresh_first_records(world["rs"].pk)  # from scratch: nothing to correct
    assert first_records(world["rs"]) == {"RS-V000002", "RS-V000004"}


# --- records built by the validation ------------------------------------------------------------


def test_the_validation_builds_records_as_keyword_arguments_would(world):
    values = {"territory_id": world["rs"].pk, "v_sex": "male", "v_exploitation_form": ["labour"]}
    built = record_factory(VictimRecord)(values)
    expected = VictimRecord(**values)
    for field in VictimRecord._meta.concrete_fields:
        if field.name not in ("uuid", "created_at", "updated_at"):  # defaults made per record
            assert getattr(built, field.attname) == getattr(expected, field.attname), field.name
    assert built.uuid and built.uuid != expected.uuid and built.created_at
    assert built._state.adding and built.pk is None
    with pytest.raises(TypeError, match="no field v_nonexistent"):
        record_factory(VictimRecord)({**values, "v_nonexistent": 1})
