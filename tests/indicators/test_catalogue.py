"""The catalogue is well formed, and every indicator of the spec's tables reaches the data
dictionary with its categories."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from indicators.catalogue import CODE_LISTS, DATABASES, NATIONAL_LISTS, TRAFFICKERS, VICTIMS
from indicators.derive import DERIVATIONS
from indicators.machinery import indicator_columns
from indicators.schema import ALL_MISSING, CONFIDENCE_TAGS, TYPES
from indicators.types import type_of

ALL_INDICATORS = [(db, ind) for db in DATABASES.values() for ind in db.indicators]
STABLE_CODE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
REGIONAL_TYPES = ("single", "multi")
NATIONAL_TYPES = ("national", "national_multi")
SPEC = Path(settings.BASE_DIR).parent / "shared" / "spec" / "indicators.md"


def ids(pairs):
    return [ind.code for _, ind in pairs]


def test_indicator_codes_are_unique_across_both_databases():
    codes = [ind.code for _, ind in ALL_INDICATORS]
    assert len(codes) == len(set(codes))


def test_generated_column_names_do_not_collide():
    for database in DATABASES.values():
        names = []
        for ind in database.indicators:
            names.extend(type_of(ind).model_fields(ind))
        assert len(names) == len(set(names)), database.code
        assert set(indicator_columns(database)) == set(names)


@pytest.mark.parametrize(("database", "ind"), ALL_INDICATORS, ids=ids(ALL_INDICATORS))
def test_each_indicator_is_declared_in_the_catalogues_own_terms(database, ind):
    assert ind.code.startswith(database.prefix)
    assert STABLE_CODE.match(ind.code)
    assert ind.type in TYPES
    assert ind.confidence in CONFIDENCE_TAGS
    assert ind.level in ("P", "E", "P/E")
    assert ind.label.strip() and ind.definition.strip()
    assert ind.handbook_part.startswith("Part 3" if database is VICTIMS else "Part 4")
    assert set(ind.missing) <= set(ALL_MISSING)
    assert len(set(ind.missing)) == len(ind.missing)


@pytest.mark.parametrize(("database", "ind"), ALL_INDICATORS, ids=ids(ALL_INDICATORS))
def test_each_code_list_exists_where_the_type_needs_it(database, ind):
    if ind.type in REGIONAL_TYPES:
        assert ind.code_list in CODE_LISTS
    elif ind.type in NATIONAL_TYPES:
        assert ind.code_list in NATIONAL_LISTS
    elif ind.code_list:
        # Derived numbers, integers and system fields may name their reporting bands or list.
        assert ind.code_list in CODE_LISTS
    if ind.type == "derived":
        assert ind.derive in DERIVATIONS
    if ind.type == "system":
        assert ind.source


def test_every_section_and_stage_is_declared():
    for database in DATABASES.values():
        sections = [s.code for s in database.sections]
        stages = [s.code for s in database.stages]
        assert len(sections) == len(set(sections))
        for ind in database.indicators:
            assert ind.section in sections, ind.code
            if ind.stage:
                assert ind.stage in stages, ind.code
        # Indicators appear in section order, and every section holds some.
        order = [sections.index(ind.section) for ind in database.indicators]
        assert order == sorted(order), database.code
        assert {ind.section for ind in database.indicators} == set(sections)


def test_the_sections_are_those_of_the_spec():
    assert [s.code for s in VICTIMS.sections] == list("ABCDEFGHIJ")
    assert [s.code for s in TRAFFICKERS.sections][:7] == list("ABCDEFG")


def allowed_codes(ind):
    """Every code an answer to ``ind`` can hold (regional categories and missing values)."""
    indicator_type = type_of(ind)
    from indicators.types import Context

    return {code for code, _ in indicator_type.choices(ind, Context(national_entries={}))}


@pytest.mark.parametrize(
    ("database", "ind"),
    [(db, ind) for db, ind in ALL_INDICATORS if ind.condition],
    ids=ids([(db, ind) for db, ind in ALL_INDICATORS if ind.condition]),
)
def test_each_condition_refers_to_a_real_indicator_and_real_categories(database, ind):
    parent_code = ind.condition.indicator
    parent = database.get(parent_code)  # KeyError: not in the same database
    assert parent.code != ind.code
    # The parent comes first, so a form shows it before the fields that depend on it.
    codes = [i.code for i in database.indicators]
    assert codes.index(parent.code) < codes.index(ind.code)
    assert ind.condition.values
    assert set(ind.condition.values) <= allowed_codes(parent), ind.condition.values


def test_code_lists_hold_unique_stable_codes_apart_from_the_missing_values():
    for code_list in CODE_LISTS.values():
        codes = code_list.codes()
        assert codes, code_list.code
        assert len(codes) == len(set(codes)), code_list.code
        for code in codes:
            assert STABLE_CODE.match(code), (code_list.code, code)
            assert len(code) <= 40, (code_list.code, code)
            assert code not in ALL_MISSING, (code_list.code, code)


def test_national_lists_map_onto_existing_regional_lists():
    for national in NATIONAL_LISTS.values():
        assert STABLE_CODE.match(national.code)
        if national.maps_to:
            assert national.maps_to in CODE_LISTS


def test_every_code_list_is_used_by_some_indicator_or_is_a_band():
    used = {ind.code_list for _, ind in ALL_INDICATORS if ind.code_list}
    unused = set(CODE_LISTS) - used - {n.maps_to for n in NATIONAL_LISTS.values()}
    assert {code for code in unused if not code.endswith("_band")} == set()


# --- the spec's tables, in the data dictionary ---------------------------------------------------


def spec_rows():
    """(codes, categories text) of every row of the tables of §3 and §4 of the spec."""
    rows = []
    part = None
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            part = line[3:].split(".")[0]
        if part not in ("3", "4") or not re.match(r"^\|\s*[vt]_", line):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        codes = [code.strip() for code in cells[0].split("/")]
        rows.append((codes, cells[3]))
    return rows


@pytest.mark.skipif(not SPEC.exists(), reason=f"the spec is not at {SPEC} (../shared/spec/)")
def test_every_code_of_the_spec_tables_is_in_the_csv_download_with_its_categories(clients):
    response = clients["analyst"].get(reverse("indicators:export_csv"))
    by_code = {row["code"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    rows = spec_rows()
    # Hand count of the table rows in §3 (A-J) and §4 (A-G) of the spec.
    assert len(rows) == 143
    for codes, spec_categories in rows:
        for code in codes:
            assert code in by_code, code
            cell = by_code[code]["categories"]
            pairs = [part for part in cell.split("; ") if "=" in part]
            if "ISO" in spec_categories:
                assert "ISO 3166-1" in cell, code
            if spec_categories.startswith("national list"):
                assert "national list" in cell, code
            listed = [item for item in spec_categories.split(";") if item.strip()]
            if len(listed) > 1:
                # Each category the spec lists is a code=label pair of the download.
                assert len(pairs) >= len(listed), (code, spec_categories, cell)


@pytest.mark.skipif(not SPEC.exists(), reason=f"the spec is not at {SPEC} (../shared/spec/)")
def test_the_spec_categories_of_sample_rows_are_in_the_csv(clients):
    response = clients["analyst"].get(reverse("indicators:export_csv"))
    by_code = {row["code"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert "sexual=" in by_code["v_exploitation_form"]["categories"]
    assert "labour=" in by_code["v_exploitation_form"]["categories"]
    assert "male=Male; female=Female" in by_code["t_sex"]["categories"]
    assert "trafficking_in_human_beings=" in by_code["t_qualification_initial"]["categories"]
    assert "unknown=Unknown" in by_code["v_citizenship"]["categories"]
