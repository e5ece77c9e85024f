"""Figures printed beside a count table that are not counts: the sums of the compensation
amounts (table G9dA, beside the persons of G9d).

Like the rates of S1R they are derived views: protection has no cells of their own for them,
so each follows the protection of the counts it comes from, and a figure over a small number of
persons is hidden like a small count:

* G9dA: a sum of amounts over 1 to threshold - 1 persons reveals what a person received, so the
  persons behind each sum are protected as a count table of their own (small counts hidden,
  then complementary cells so that no sum can be recomputed from the total and the others),
  with every row whose persons are hidden in G9d hidden from the start. A hidden row hides its
  number of persons and its sum.

Unprotected views (the coordinator's own) show every figure.
"""

from __future__ import annotations

import pandas as pd

from indicators.statistics.disclosure import FLAG_CONFIDENTIAL
from indicators.statistics.protection import COUNT_COLUMN, TOTAL, CellKey, CountTable, protect
from indicators.statistics.tables import Cell, TableView

AMOUNTS_CODE, COMPENSATION_CODE = "G9dA", "G9d"

AMOUNT_MEASURES = {
    "awarded": "Amount awarded",
    "paid": "Amount paid",
}


def _hidden_rows(measure: dict, g9d: TableView, protection) -> dict[str, set[str]]:
    """The rows of each sum that are hidden: the persons behind the sums protected as count
    tables (at the release's threshold), seeded with the rows hidden in G9d."""
    rows = list(measure["rows"])
    seeds = {
        row
        for row in [*rows, TOTAL]
        if row in g9d.row_codes and g9d.cells[g9d.row_codes.index(row)][0].hidden
    }
    tables, always = [], set()
    for name in AMOUNT_MEASURES:
        population = f"amounts_{name}"
        counts = pd.DataFrame(
            {COUNT_COLUMN: [int(measure[name][row][0]) for row in rows]}, index=rows
        )
        tables.append(
            CountTable(
                code=f"{AMOUNTS_CODE}:{name}",
                title=f"Persons behind the sums: {name}",
                population=population,
                row_dim="compensation_payer",
                counts=counts,
            )
        )
        for row in seeds:
            coordinates = {} if row == TOTAL else {"compensation_payer": row}
            always.add(CellKey(population, coordinates))
    result = protect(tables, int(protection.threshold), frozenset(always))
    hidden = {}
    for name in AMOUNT_MEASURES:
        flags = result.tables[f"{AMOUNTS_CODE}:{name}"].flags[COUNT_COLUMN]
        hidden[name] = {str(row) for row, flag in flags.items() if flag}
    return hidden


def amounts_view(g9d: TableView, measure: dict, protection) -> TableView:
    """Table G9dA: by who pays, the sums of the amounts awarded and paid to the persons of
    G9d, each with the number of persons it adds up, hidden as described in the module's
    docstring."""
    rows = [*measure["rows"], TOTAL]
    hidden = (
        {name: set() for name in AMOUNT_MEASURES}
        if protection is None
        else _hidden_rows(measure, g9d, protection)
    )
    cols, col_labels = [], []
    for name, label in AMOUNT_MEASURES.items():
        cols += [f"{name}_persons", f"{name}_sum"]
        col_labels += [f"{label}: persons with the amount recorded", f"{label} (euro)"]
    cells = []
    for row in rows:
        line = []
        for name in AMOUNT_MEASURES:
            if row == TOTAL:
                n = sum(int(measure[name][r][0]) for r in measure["rows"])
                amount = round(sum(float(measure[name][r][1]) for r in measure["rows"]), 2)
            else:
                n, amount = int(measure[name][row][0]), round(float(measure[name][row][1]), 2)
            if row in hidden[name]:
                line += [Cell(None, FLAG_CONFIDENTIAL), Cell(None, FLAG_CONFIDENTIAL)]
            else:
                line += [Cell(n), Cell(amount)]
        cells.append(line)
    labels = dict(zip(g9d.row_codes, g9d.row_labels, strict=True))
    notes = [
        "Counting unit: persons (victims) of table G9d, awarded compensation in a decision "
        "recorded for their episode counted in {year}; beside each sum, the number of persons "
        "whose amount is recorded (a person without a recorded amount is not in the "
        "sum).".format(year=measure["year"]),
        "Sums of the amounts in euro, as the records hold them (amounts in national currency "
        "are converted to euro at the rate of the date of the decision, or of the payment for "
        "the amount paid). Amount awarded: compensation awarded, paid or not yet paid; amount "
        "paid: what was actually paid so far, which may be less.",
        "One row per person, by who pays (a person paid from more than one source is in the "
        "row of several sources): the rows add up to the total.",
    ]
    if protection is not None:
        notes.append(
            f"A sum over fewer than {protection.threshold} persons is not shown (it would show "
            "what a person received), nor a sum that would let such a sum be recomputed from "
            "the total and the other rows, nor the sums of a row whose persons are hidden in "
            "table G9d."
        )
    return TableView(
        code=AMOUNTS_CODE,
        title="Compensation awarded and paid: amounts, by who pays",
        group=g9d.group,
        notes=notes,
        row_title=g9d.row_title,
        col_title="",
        row_codes=rows,
        row_labels=[labels.get(row, row) for row in rows],
        col_codes=cols,
        col_labels=col_labels,
        cells=cells,
        protected=g9d.protected,
        kind="amounts",
    )


def with_measures(views: list[TableView], measures: dict, protection) -> list[TableView]:
    """The views with G9dA after G9d (when its measures were computed)."""
    result = []
    for view in views:
        result.append(view)
        if view.code == COMPENSATION_CODE and COMPENSATION_CODE in measures:
            result.append(amounts_view(view, measures[COMPENSATION_CODE], protection))
    return result
