"""One catalogue entry reaches every page: an indicator added to the catalogue, with its list
attributes, appears in the form, the list's filters and columns, the import template, the
export and the dictionary, with no other code changed.

The test adds the entry to the catalogue for its duration (as an edit of
``indicators/catalogue/victims.py`` would) and the column to the table (as the migration that
``makemigrations`` writes for it would), then looks for it everywhere.
"""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from indicators import dictionary
from indicators.catalogue import VICTIMS
from indicators.exchange import columns as exchange_columns
from indicators.exchange.config import EXCHANGES
from indicators.exchange.template import build_template
from indicators.schema import Indicator
from indicators.types import type_of
from tests.conftest import signed_in_client
from tests.victims.conftest import make_record
from thb_data.scoping import scope_for
from victims.models import VictimRecord

NEW = Indicator(
    code="v_interpreter_provided",
    label="Interpreter provided",
    definition="Whether an interpreter assisted the person during identification.",
    type="yesno",
    section="F",
    confidence="R-M",
    handbook_part="Part 3, section F",
    list_filter=True,
    list_column=True,
)


def _forget(database) -> None:
    """Drop what was computed from the catalogue entries (as a restart would)."""
    for name in ("_by_code", "code_elements"):
        database.__dict__.pop(name, None)
    exchange_columns.columns_for.cache_clear()


@contextmanager
def indicator_added(database, indicator, model):
    """``indicator`` in ``database`` and its column in ``model``'s table, for a while."""
    original = database.indicators
    model_fields = type_of(indicator).model_fields(indicator)
    object.__setattr__(database, "indicators", (*original, indicator))
    _forget(database)
    for name, field in model_fields.items():
        field.contribute_to_class(model, name)
    model._meta._expire_cache()
    with connection.schema_editor() as editor:
        for field in model_fields.values():
            editor.add_field(model, field)
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            for field in model_fields.values():
                editor.remove_field(model, field)
        for name, field in model_fields.items():
            model._meta.local_fields.remove(field)
            delattr(model, name)
        model._meta._expire_cache()
        object.__setattr__(database, "indicators", original)
        _forget(database)


@pytest.fixture
def interpreter(transactional_db):
    with indicator_added(VICTIMS, NEW, VictimRecord):
        yield NEW


def test_a_new_indicator_reaches_every_page(interpreter, personas, world):
    caseworker, coordinator = personas["caseworker_rs_ngo"], personas["coordinator_rs"]
    with_interpreter = make_record(caseworker, v_interpreter_provided="yes")
    without = make_record(caseworker, v_interpreter_provided="no")
    client = signed_in_client(caseworker)

    # The data-entry form.
    form = client.get(reverse("victims:create")).context["form"]
    assert form.fields["v_interpreter_provided"].label == "Interpreter provided"

    # The list: a filter and a column.
    url = reverse("victims:list")
    response = client.get(url)
    assert "v_interpreter_provided" in response.context["filterset"].form.fields
    assert "Interpreter provided" in [c.label for c in response.context["columns"]]
    cells = {
        row["record"].record_number: row["v_interpreter_provided"]
        for row in response.context["rows"]
    }
    assert cells == {with_interpreter.record_number: "Yes", without.record_number: "No"}
    response = client.get(url, {"v_interpreter_provided": "yes"})
    assert [row["record"] for row in response.context["rows"]] == [with_interpreter]

    # The import template: a column with its definition.
    with scope_for(caseworker):
        template = build_template(EXCHANGES["victims"], world["rs"])
    workbook = load_workbook(io.BytesIO(template))
    header = [cell.value for cell in next(workbook["records"].iter_rows(max_row=1))]
    assert "v_interpreter_provided" in header

    # The record-level export: the column and each record's value.
    export = signed_in_client(coordinator).get(reverse("victims:export_csv"))
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert sorted(row["v_interpreter_provided"] for row in rows) == ["no", "yes"]

    # The data dictionary: its row and its page.
    [row] = [r for r in dictionary.rows(VICTIMS) if r["code"] == "v_interpreter_provided"]
    assert row["label"] == "Interpreter provided"
    page = client.get(reverse("indicators:detail", args=["v_interpreter_provided"]))
    assert page.status_code == 200
    assert page.context["ind"] == NEW
