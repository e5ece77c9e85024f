"""The type table: each type's model field, form field and validator, and the storage of
multiple-choice answers (indexed lookups on PostgreSQL, JSON on SQLite, mention counts)."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators import fields
from indicators.catalogue import CODE_LISTS, TRAFFICKERS, VICTIMS
from indicators.models import NationalCodeEntry
from indicators.records import save_record
from indicators.types import Context, MultiCodeFilter, type_of
from thb_data.scoping import scope_for, scopes_disabled
from victims.models import VictimRecord

NO_NATIONAL = Context(national_entries={})


def field_for(code, context=NO_NATIONAL):
    database = VICTIMS if code.startswith("v_") else TRAFFICKERS
    ind = database.get(code)
    return type_of(ind).form_field(ind, context)


def error_codes(field, value):
    with pytest.raises(ValidationError) as caught:
        field.clean(value)
    return {error.code for error in caught.value.error_list}


def rejects(field, value) -> bool:
    try:
        field.clean(value)
    except ValidationError:
        return True
    return False


# --- single choice, yes/no, country ------------------------------------------------------------


def test_a_single_choice_accepts_its_categories_and_allowed_missing_values():
    field = field_for("v_sex")
    assert field.clean("female") == "female"
    assert field.clean("unknown") == "unknown"
    assert field.clean("") == ""  # not yet filled in: the form stays a draft
    assert rejects(field, "robot")
    assert rejects(field, "not_applicable")  # not a missing value v_sex allows
    assert rejects(field, "Female")  # labels are not codes


def test_a_single_choice_offers_every_category_of_its_code_list_then_the_missing_values():
    field = field_for("v_victim_status")
    codes = [code for code, _ in field.choices]
    assert codes == ["", *CODE_LISTS["victim_status"].codes()]


def test_yes_no_accepts_yes_no_and_the_allowed_missing_values():
    field = field_for("v_previously_trafficked")
    assert [code for code, _ in field.choices] == ["", "yes", "no", "unknown", "declined_to_answer"]
    assert field.clean("no") == "no"
    assert rejects(field, "maybe")


def test_a_country_accepts_iso_codes_kosovo_stateless_and_unknown():
    field = field_for("v_citizenship")
    for code in ("RS", "AL", "XK", "stateless", "unknown"):
        assert field.clean(code) == code
    assert rejects(field, "ZZ")
    assert rejects(field, "Serbia")


# --- multiple choice ---------------------------------------------------------------------------


def test_a_multiple_choice_accepts_several_categories():
    field = field_for("v_exploitation_form")
    assert field.clean(["sexual", "labour"]) == ["sexual", "labour"]
    assert field.clean(["unknown"]) == ["unknown"]
    assert field.clean([]) == []
    assert rejects(field, ["labour", "flying"])


def test_a_missing_value_cannot_be_combined_with_real_answers():
    field = field_for("v_exploitation_form")
    with pytest.raises(ValidationError, match="cannot be combined"):
        field.clean(["labour", "unknown"])


def test_the_same_answer_cannot_be_given_twice():
    with pytest.raises(ValidationError, match="twice"):
        field_for("v_exploitation_form").clean(["labour", "labour"])


def test_transit_countries_keep_their_order():
    field = field_for("v_transit_countries")
    assert field.clean("MK, RS, HU") == ["MK", "RS", "HU"]
    assert field.clean("hu; rs") == ["HU", "RS"]
    assert field.clean(["AT", "DE"]) == ["AT", "DE"]
    assert field.clean("") == []
    # Posted by the picker: one value per country, in the order picked.
    assert field.clean(["MK", "RS", "HU"]) == ["MK", "RS", "HU"]


def test_transit_countries_are_picked_by_name_with_the_route_shown_in_its_order():
    """The form shows a multiple select of country names (no codes to type) whose chosen
    countries come first, in the order of the route, for the picker to keep that order."""
    field = field_for("v_transit_countries")
    html = field.widget.render("v_transit_countries", field.prepare_value(["RS", "AL"]))
    assert 'data-picker="ordered"' in html and "multiple" in html
    serbia = html.index('<option value="RS" selected>Serbia</option>')
    albania = html.index('<option value="AL" selected>Albania</option>')
    austria = html.index('<option value="AT">Austria</option>')
    assert serbia < albania < austria


def test_long_country_lists_are_searchable_pickers_and_short_lists_stay_plain():
    assert field_for("v_citizenship").widget.attrs["data-picker"] == "search"
    assert field_for("v_destination_country").widget.attrs["data-picker"] == "multi"
    assert "data-picker" not in field_for("v_sex").widget.attrs


def test_transit_countries_reject_unknown_codes_and_unknown_mixed_with_countries():
    field = field_for("v_transit_countries")
    with pytest.raises(ValidationError, match="Not a country code: ZZ"):
        field.clean("MK, ZZ")
    with pytest.raises(ValidationError, match="cannot be combined"):
        field.clean("unknown, RS")
    assert field.clean("unknown") == ["unknown"]


def test_multiple_choice_cells_round_trip_through_import_and_export():
    ind = VICTIMS.get("v_exploitation_form")
    indicator_type = type_of(ind)
    assert indicator_type.export_value(["sexual", "labour"]) == "sexual;labour"
    assert indicator_type.import_value(" sexual ; labour ;") == ["sexual", "labour"]
    assert indicator_type.import_value(None) == []
    assert (
        indicator_type.display(ind, ["labour"], NO_NATIONAL)
        == {c.code: c.label for c in CODE_LISTS["exploitation_form"].categories}["labour"]
    )


# --- numbers -----------------------------------------------------------------------------------


def test_an_integer_stays_within_its_range():
    field = field_for("v_times_trafficked")  # 1-100 times
    assert field.clean("1") == 1
    assert field.clean("100") == 100
    assert field.clean("") is None
    assert "min_value" in error_codes(field, "0")
    assert "max_value" in error_codes(field, "101")
    assert "invalid" in error_codes(field, "three")
    assert "(times)" in field.label


def test_an_amount_is_never_negative():
    field = field_for("v_compensation_amount")
    assert field.clean("0") == Decimal("0")
    assert field.clean("1250.50") == Decimal("1250.50")
    assert "min_value" in error_codes(field, "-1")
    assert "invalid" in error_codes(field, "a lot")
    assert "(EUR)" in field.label


def test_an_amount_cell_with_a_decimal_comma_is_read():
    ind = VICTIMS.get("v_compensation_amount")
    assert type_of(ind).import_value("1250,5") == "1250.5"


# --- dates -------------------------------------------------------------------------------------


def test_a_partial_date_accepts_a_year_a_month_or_a_day():
    field = field_for("v_date_of_birth")  # partial dates allowed
    assert field.clean("1990") == "1990"
    assert field.clean("1990-03") == "1990-03"
    assert field.clean("1990-3") == "1990-03"
    assert field.clean("1990-03-07") == "1990-03-07"
    assert field.clean("07.03.1990") == "1990-03-07"
    assert field.clean(dt.date(1990, 3, 7)) == "1990-03-07"
    assert field.clean("") == ""


def test_a_date_rejects_what_is_not_a_date():
    field = field_for("v_date_of_birth")
    with pytest.raises(ValidationError, match="month must be between 1 and 12"):
        field.clean("1990-13")
    with pytest.raises(ValidationError, match="no day 30"):
        field.clean("1990-02-30")
    assert "invalid" in error_codes(field, "last spring")
    assert "invalid" in error_codes(field, "1850")


def test_a_date_cannot_be_in_the_future():
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    field = field_for("v_date_of_birth")
    assert "future" in error_codes(field, tomorrow.isoformat())
    assert "future" in error_codes(field, str(today.year + 1))
    assert field.clean(today.isoformat()) == today.isoformat()


def test_a_partial_date_is_refused_where_the_full_date_is_needed():
    field = field_for("v_identification_date")  # no partial dates
    assert "partial" in error_codes(field, "2020-05")
    assert "partial" in error_codes(field, "2020")
    assert field.clean("2020-05-17") == "2020-05-17"


def test_a_date_with_an_estimated_flag_gets_its_companion_field():
    ind = VICTIMS.get("v_date_of_birth")
    extra = type_of(ind).extra_form_fields(ind, NO_NATIONAL)
    assert list(extra) == ["v_date_of_birth_estimated"]
    assert isinstance(extra["v_date_of_birth_estimated"], forms.BooleanField)
    columns = type_of(ind).model_fields(ind)
    assert set(columns) == {"v_date_of_birth", "v_date_of_birth_estimated"}


# --- text --------------------------------------------------------------------------------------


def test_free_text_refuses_identifying_details():
    field = field_for("v_victim_prosecuted_offence")
    assert field.clean("Illegal border crossing") == "Illegal border crossing"
    for identifying in (
        "called her on +381 64 123 4567",
        "passport 012345678",
        "write to ana.petrovic@example.org",
        "see https://example.org/profile",
    ):
        assert "identifying" in error_codes(field, identifying), identifying


# --- national lists ----------------------------------------------------------------------------


@pytest.fixture
def municipalities(world):
    with scopes_disabled():
        NationalCodeEntry.objects.create(
            territory=world["rs"], list_code="municipalities", code="beograd", label="Beograd"
        )
        NationalCodeEntry.objects.create(
            territory=world["rs"], list_code="municipalities", code="nis", label="Niš"
        )
        NationalCodeEntry.objects.create(
            territory=world["rs"],
            list_code="municipalities",
            code="old",
            label="Abolished",
            is_active=False,
        )
        NationalCodeEntry.objects.create(
            territory=world["al"], list_code="municipalities", code="tirana", label="Tirana"
        )


def test_national_choices_are_the_territorys_active_entries_only(personas, world, municipalities):
    with scope_for(personas["caseworker_rs_ngo"]):
        field = field_for("v_residence_municipality", Context(territory=world["rs"]))
        assert [code for code, _ in field.choices] == [
            "",
            "beograd",
            "nis",
            "unknown",
            "not_applicable",
        ]
        assert field.clean("nis") == "nis"
        assert rejects(field, "tirana")  # Albania's entry
        assert rejects(field, "old")  # no longer in use


def test_a_national_multiple_choice_is_limited_to_the_territory(personas, world):
    with scopes_disabled():
        NationalCodeEntry.objects.create(
            territory=world["al"], list_code="criminal_code_articles", code="110/a", label="110/a"
        )
        NationalCodeEntry.objects.create(
            territory=world["rs"], list_code="criminal_code_articles", code="388", label="388"
        )
    with scope_for(personas["prosecutor_al"]):
        field = field_for("t_qualification_initial", Context(territory=world["al"]))
        assert field.clean(["110/a"]) == ["110/a"]
        assert rejects(field, ["388"])


def test_national_columns_keep_no_choices_in_the_schema():
    ind = VICTIMS.get("v_residence_municipality")
    column = type_of(ind).model_fields(ind)["v_residence_municipality"]
    assert not column.choices  # each territory keeps its own list: no migration per entry


# --- generated model fields --------------------------------------------------------------------


def test_generated_model_fields_store_codes_not_labels():
    sex = VICTIMS.get("v_sex")
    column = type_of(sex).model_fields(sex)["v_sex"]
    assert isinstance(column, fields.CodeField)
    _, _, _, kwargs = column.deconstruct()
    # Codes only, sorted: the order people see is presentation, as the labels are.
    assert kwargs["choices"] == [("female", "female"), ("male", "male"), ("unknown", "unknown")]
    assert "verbose_name" not in kwargs and "help_text" not in kwargs

    form = VICTIMS.get("v_exploitation_form")
    column = type_of(form).model_fields(form)["v_exploitation_form"]
    assert isinstance(column, fields.MultiChoiceField)
    assert column.deconstruct()[3]["categories"] == sorted(
        [*CODE_LISTS["exploitation_form"].codes(), "unknown"]
    )


@pytest.mark.parametrize(
    ("code", "field_class"),
    [
        ("v_date_of_birth", fields.PartialDateField),
        ("v_times_trafficked", fields.IntegerField),
        ("v_compensation_amount", fields.AmountField),
        ("v_victim_prosecuted_offence", fields.TextField),
        ("v_transit_countries", fields.MultiChoiceField),
        ("v_age_at_recruitment", fields.IntegerField),
        ("v_minor_flag", fields.CodeField),
    ],
)
def test_each_type_generates_its_model_field(code, field_class):
    ind = VICTIMS.get(code)
    assert isinstance(type_of(ind).model_fields(ind)[code], field_class)


def test_derived_and_system_indicators_have_no_form_field():
    for code in ("v_age_at_recruitment", "v_minor_flag", "v_personal_code", "v_entry_date"):
        assert field_for(code) is None
    ind = VICTIMS.get("v_personal_code")
    assert type_of(ind).model_fields(ind) == {}


# --- multiple-choice storage -------------------------------------------------------------------


def make_victim(user, institution, person, forms_of_exploitation):
    record = VictimRecord(territory=institution.territory, institution=institution)
    return save_record(
        record,
        user=user,
        values={"v_exploitation_form": forms_of_exploitation},
        status="draft",
        personal_code={"personal_code_hash": person, "near_match_key": "", "letter_keys": ""},
    ).record


@pytest.fixture
def victims(personas, world):
    """Five records of four persons in Serbia (person p1 registered twice), one in Albania."""
    coordinator = personas["coordinator_rs"]
    with scope_for(coordinator):
        for person, answers in (
            ("p1", ["labour", "sexual"]),
            ("p1", ["labour"]),  # the same person registered by a second institution
            ("p2", ["sexual"]),
            ("p3", ["begging"]),
            ("p4", ["unknown"]),
        ):
            make_victim(coordinator, world["rs_ngo"], person, answers)
    with scope_for(personas["coordinator_al"]):
        make_victim(personas["coordinator_al"], world["al_ngo"], "a1", ["labour"])
    return personas


def persons(queryset):
    return sorted(queryset.values_list("person_key", flat=True))


def test_has_finds_the_records_whose_answers_include_a_code(victims):
    with scope_for(victims["coordinator_rs"]):
        assert persons(VictimRecord.objects.filter(v_exploitation_form__has="labour")) == [
            "p1",
            "p1",
        ]
        assert persons(VictimRecord.objects.filter(v_exploitation_form__has="sexual")) == [
            "p1",
            "p2",
        ]
        assert not VictimRecord.objects.filter(v_exploitation_form__has="organ_removal").exists()


def test_has_any_finds_the_records_with_one_of_several_codes(victims):
    with scope_for(victims["coordinator_rs"]):
        chosen = VictimRecord.objects.filter(v_exploitation_form__has_any=["begging", "sexual"])
        assert persons(chosen) == ["p1", "p2", "p3"]
        assert not VictimRecord.objects.filter(v_exploitation_form__has_any=[]).exists()
        # Still within the scope: Albania's labour victim is not found from Serbia.
        assert persons(VictimRecord.objects.filter(v_exploitation_form__has_any=["labour"])) == [
            "p1",
            "p1",
        ]


def test_the_list_filter_uses_has_any(victims):
    ind = VICTIMS.get("v_exploitation_form")
    list_filter = type_of(ind).filter(ind, NO_NATIONAL)
    assert isinstance(list_filter, MultiCodeFilter)
    with scope_for(victims["coordinator_rs"]):
        chosen = list_filter.filter(VictimRecord.objects.all(), ["begging"])
        assert persons(chosen) == ["p3"]


def test_the_lookup_is_one_query_on_the_native_representation(victims):
    with scope_for(victims["coordinator_rs"]), CaptureQueriesContext(connection) as queries:
        list(VictimRecord.objects.filter(v_exploitation_form__has="labour"))
    assert len(queries) == 1
    sql = queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "@>" in sql
    else:
        assert "json_each" in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes exist on PostgreSQL")
def test_the_exploitation_forms_column_has_a_gin_index_on_postgresql(victims):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [VictimRecord._meta.db_table, "%v_exploitation_form%"],
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("USING gin" in definition for definition in definitions), definitions


def test_mention_counts_count_each_person_once_per_code(victims):
    with scope_for(victims["coordinator_rs"]):
        sql, params = fields.mention_counts_sql(
            VictimRecord.objects.all(), "v_exploitation_form", "person_key", connection
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            counts = dict(cursor.fetchall())
    # p1 mentions labour twice (two records) and sexual once; p2 sexual; p3 begging; p4 unknown.
    assert counts == {"labour": 1, "sexual": 2, "begging": 1, "unknown": 1}


def test_multiple_choice_values_come_back_as_lists(victims):
    with scope_for(victims["coordinator_rs"]):
        record = VictimRecord.objects.filter(v_exploitation_form__has="begging").get()
        assert record.v_exploitation_form == ["begging"]
        record.refresh_from_db()
        assert record.v_exploitation_form == ["begging"]
