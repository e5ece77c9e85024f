"""Editing the catalogue's words creates no migration; adding an indicator or a category does.

The autodetector compares the record models as they are with the same models rebuilt from an
edited catalogue, so the tests hold whatever else is pending in the tree. One test runs
``makemigrations`` itself in a subprocess on a patched catalogue, end to end.
"""

import dataclasses
import os
import subprocess
import sys
import textwrap

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddField, AddIndex, AlterField
from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
from django.db.migrations.state import ProjectState

from indicators.catalogue import CODE_LISTS, TRAFFICKERS, VICTIMS
from indicators.machinery import indicator_columns, indicator_indexes
from indicators.schema import Category, Condition, Indicator

RECORD_MODELS = {
    "victims": ("victims", "victimrecord"),
    "traffickers": ("traffickers", "traffickerrecord"),
}


def state_from_catalogue(database):
    """The project state with ``database``'s record model rebuilt from the given catalogue."""
    state = ProjectState.from_apps(apps)
    model_state = state.models[RECORD_MODELS[database.code]]
    current = VICTIMS if database.code == "victims" else TRAFFICKERS
    for name in indicator_columns(current):
        model_state.fields.pop(name, None)
    model_state.fields.update(indicator_columns(database))
    indicator_index_names = {index.name for index in indicator_indexes(current)}
    model_state.options["indexes"] = [
        index
        for index in model_state.options.get("indexes", [])
        if index.name not in indicator_index_names
    ] + indicator_indexes(database)
    return state


def operations_between(before, after, app_label):
    """Migration operations ``makemigrations`` would write to go from ``before`` to ``after``."""
    autodetector = MigrationAutodetector(
        before, after, NonInteractiveMigrationQuestioner(specified_apps={app_label}, dry_run=True)
    )
    changes = autodetector.changes(graph=MigrationLoader(None).graph, trim_to_apps={app_label})
    return [op for migration in changes.get(app_label, []) for op in migration.operations]


def operations_after(edit, database):
    """Operations for the catalogue edit ``edit`` (a function of the database returning the
    edited database) applied to ``database``."""
    before = state_from_catalogue(database)  # built before the edit
    edited = edit(database)
    after = state_from_catalogue(edited)
    return operations_between(before, after, RECORD_MODELS[database.code][0])


def unchanged(database):
    return database


def replace_indicator(database, code, **changes):
    indicators = tuple(
        dataclasses.replace(ind, **changes) if ind.code == code else ind
        for ind in database.indicators
    )
    return dataclasses.replace(database, indicators=indicators)


def relabel(code_list, code, label):
    categories = tuple(
        dataclasses.replace(c, label=label, definition="Reworded.") if c.code == code else c
        for c in code_list.categories
    )
    return dataclasses.replace(code_list, categories=categories, note="Reworded.")


NEW_INDICATOR = Indicator(
    code="v_debt_bondage_amount",
    label="Debt claimed by the traffickers",
    definition="Amount the traffickers claimed the person owed them.",
    type="amount",
    section="E",
    confidence="R-L",
    handbook_part="Part 3, section E",
    unit="EUR",
)


def test_the_catalogue_and_the_committed_migrations_agree(db):
    """What ``makemigrations --check`` asserts in ``make test``, for the indicator apps."""
    call_command("makemigrations", "victims", "traffickers", "--check", "--dry-run", verbosity=0)


def test_an_unchanged_catalogue_needs_no_migration():
    assert operations_after(unchanged, VICTIMS) == []
    assert operations_after(unchanged, TRAFFICKERS) == []


def test_editing_labels_definitions_notes_and_help_creates_no_migration():
    def reword(database):
        for code in ("v_sex", "v_exploitation_form", "v_date_of_birth", "v_times_trafficked"):
            database = replace_indicator(
                database,
                code,
                label="A new wording",
                definition="A definition checked against the handbook.",
                note="Checked.",
                help_text="New help.",
                confidence="R-H",
            )
        return database

    edited = reword(VICTIMS)
    assert edited.get("v_sex").label == "A new wording"
    assert indicator_columns(edited)["v_sex"].verbose_name == "A new wording"
    assert operations_after(reword, VICTIMS) == []


def test_editing_a_category_label_creates_no_migration(monkeypatch):
    def relabel_categories(database):
        monkeypatch.setitem(CODE_LISTS, "sex", relabel(CODE_LISTS["sex"], "female", "Woman"))
        monkeypatch.setitem(
            CODE_LISTS,
            "exploitation_form",
            relabel(CODE_LISTS["exploitation_form"], "labour", "Forced labour or services"),
        )
        return database

    assert operations_after(relabel_categories, VICTIMS) == []
    assert dict(indicator_columns(VICTIMS)["v_sex"].choices)["female"] == "Woman"
    assert operations_after(relabel_categories, TRAFFICKERS) == []


def test_reordering_a_code_lists_categories_creates_no_migration(monkeypatch):
    def reorder(database):
        for code in ("sex", "exploitation_form"):  # a single-choice and a multiple-choice list
            code_list = CODE_LISTS[code]
            reordered = dataclasses.replace(code_list, categories=code_list.categories[::-1])
            monkeypatch.setitem(CODE_LISTS, code, reordered)
        return database

    assert operations_after(reorder, VICTIMS) == []
    # The order people see did change.
    assert [code for code, _ in indicator_columns(VICTIMS)["v_sex"].choices][:2] == [
        "female",
        "male",
    ]
    assert operations_after(reorder, TRAFFICKERS) == []


def test_adding_an_indicator_creates_the_expected_migration():
    def add(database):
        return dataclasses.replace(database, indicators=(*database.indicators, NEW_INDICATOR))

    operations = operations_after(add, VICTIMS)
    assert [(type(op), op.model_name, op.name) for op in operations] == [
        (AddField, "victimrecord", "v_debt_bondage_amount")
    ]


def test_adding_an_indexed_multiple_choice_indicator_adds_its_column_and_index():
    new = dataclasses.replace(
        NEW_INDICATOR,
        code="v_debt_forms",
        type="multi",
        code_list="control_means",
        condition=Condition("v_exploitation_form", ("labour",)),
        indexed=True,
    )

    def add(database):
        return dataclasses.replace(database, indicators=(*database.indicators, new))

    operations = operations_after(add, TRAFFICKERS)
    kinds = sorted(type(op).__name__ for op in operations)
    assert kinds == ["AddField", "AddIndex"]
    assert next(op for op in operations if isinstance(op, AddIndex)).index.fields == [
        "v_debt_forms"
    ]


def test_adding_a_category_alters_the_columns_that_use_the_list(monkeypatch):
    def add_categories(database):
        sex = CODE_LISTS["sex"]
        intersex = Category("intersex", "Intersex")
        monkeypatch.setitem(
            CODE_LISTS, "sex", dataclasses.replace(sex, categories=(*sex.categories, intersex))
        )
        forms = CODE_LISTS["exploitation_form"]
        criminality = Category("forced_criminality", "Forced criminality")
        monkeypatch.setitem(
            CODE_LISTS,
            "exploitation_form",
            dataclasses.replace(forms, categories=(*forms.categories, criminality)),
        )
        return database

    victims = operations_after(add_categories, VICTIMS)
    assert all(isinstance(op, AlterField) for op in victims)
    assert {op.name for op in victims} == {
        "v_sex",
        "v_exploitation_form",
        "v_main_exploitation_form",
    }
    new_sex = next(op for op in victims if op.name == "v_sex").field.deconstruct()[3]
    assert ("intersex", "intersex") in new_sex["choices"]
    new_forms = next(op for op in victims if op.name == "v_exploitation_form")
    assert "forced_criminality" in new_forms.field.deconstruct()[3]["categories"]
    monkeypatch.undo()
    traffickers = operations_after(add_categories, TRAFFICKERS)
    assert {op.name for op in traffickers} == {
        "t_sex",
        "t_exploitation_forms",
        "t_main_exploitation_form",
    }


def test_a_new_national_list_entry_needs_no_migration():
    # National lists live in a table; the columns that use them hold any code.
    ind = VICTIMS.get("v_residence_municipality")
    column = indicator_columns(VICTIMS)[ind.code]
    assert not column.choices


PATCHED_RUN = textwrap.dedent(
    """
    import dataclasses, sys
    import indicators.catalogue as catalogue
    import indicators.catalogue.victims as victims_module
    from indicators.schema import Indicator

    database = catalogue.VICTIMS
    if sys.argv[1] == "label":
        indicators = tuple(
            dataclasses.replace(i, label="Reworded", definition="Reworded")
            if i.code == "v_sex" else i
            for i in database.indicators
        )
    else:
        new = Indicator(
            code="v_zz_new_indicator", label="New", definition="New", type="yesno",
            section="J", confidence="R-L", handbook_part="Part 3, section J",
        )
        indicators = (*database.indicators, new)
    edited = dataclasses.replace(database, indicators=indicators)
    catalogue.VICTIMS = victims_module.VICTIMS = catalogue.DATABASES["victims"] = edited

    import django
    django.setup()
    from django.core.management import call_command
    call_command("makemigrations", "victims", "--dry-run", verbosity=1)
    """
)


def run_makemigrations(tmp_path, edit):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thb_data.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'scratch.sqlite3'}",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    return subprocess.run(
        [sys.executable, "-c", PATCHED_RUN, edit],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def test_makemigrations_sees_a_new_indicator_but_not_a_new_label(tmp_path):
    assert "v_zz_new_indicator" in run_makemigrations(tmp_path, "indicator")
    assert "v_sex" not in run_makemigrations(tmp_path, "label")
