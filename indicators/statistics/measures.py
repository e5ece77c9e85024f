"""Figures printed beside a count table that are not counts: the median length of proceedings
(table T6m, beside T6's bands) and the sums of the compensation amounts (table G9dA, beside the
persons of G9d).

Like the rates of S1R they are derived views: protection has no cells of their own for them,
so each follows the protection of the counts it comes from, and a figure over a small number of
persons is hidden like a small count:

* T6m: the number of final decisions with a known length is T6's total minus its unknown row,
  hidden when either is; the median is hidden when that number is hidden or below the
  threshold (a median of one or two decisions is a decision's own length);
* G9dA: a sum of amounts over 1 to threshold - 1 persons reveals what a person received, so the
  persons behind each sum are protected as a count table of their own (small counts hidden,
  then complementary cells so that no sum can be recomputed from the total and the others),
  with every row whose persons are hidden in G9d hidden from the start. A hidden row hides its
  number of persons and its sum.

Unprotected views (the coordinator's own) show every figure.
"""

from __future__ import annotations

import statistics as pystats

import pandas as pd

from indicators.statistics.disclosure import FLAG_CONFIDENTIAL
from indicators.statistics.protection import COUNT_COLUMN, TOTAL, CellKey, CountTable, protect
from indicators.statistics.tables import Cell, TableView

MEDIAN_CODE, DURATION_CODE = "T6m", "T6"
AMOUNTS_CODE, COMPENSATION_CODE = "G9dA", "G9d"
DAYS_PER_MONTH = 365.25 / 12
NO_DECISION = "no decision with a known length"
UNKNOWN = "unknown"

AMOUNT_MEASURES = {
    "awarded": "Amount awarded",
    "paid": "Amount paid",
}


def median_months(days: list[int]) -> float | None:
    """The median of the lengths in days (the mean of the two middle ones for an even number),
    in months of 365.25 / 12 days, to one decimal."""
    if not days:
        return None
    return round(pystats.median(days) / DAYS_PER_MONTH, 1)


def _threshold(protection) -> int | None:
    return None if protection is None else int(protection.threshold)


def median_view(t6: TableView, measure: dict, protection) -> TableView:
    """Table T6m: the median length of the final decisions of T6 with a known length, and their
    number, hidden as described in the module's docstring."""
    threshold = _threshold(protection)
    total = t6.cells[t6.row_codes.index(TOTAL)][0]
    unknown = t6.cells[t6.row_codes.index(UNKNOWN)][0] if UNKNOWN in t6.row_codes else Cell(0)
    if total.hidden or unknown.hidden:
        n_cell = Cell(None, FLAG_CONFIDENTIAL)
        median_cell = Cell(None, FLAG_CONFIDENTIAL)
    else:
        n = int(total.value) - int(unknown.value)
        n_cell = Cell(n)
        median = measure.get("median_months")
        if n == 0 or median is None:
            median_cell = Cell(None, NO_DECISION)
        elif threshold is not None and n < threshold:
            median_cell = Cell(None, FLAG_CONFIDENTIAL)
        else:
            median_cell = Cell(median)
    notes = [
        "Counting unit: final decisions on natural persons dated {year}, as in table T6; only "
        "those whose dates of complaint and of final judgment are both recorded have a known "
        "length.".format(year=measure["year"]),
        "Median: half of the decisions took less time, half more (for an even number, the "
        "mean of the two middle lengths); from the complaint to the final judgment, in "
        "months of 365.25 / 12 days, to one decimal.",
    ]
    if threshold is not None:
        notes.append(
            f"The median is not shown for fewer than {threshold} decisions (it would show a "
            "person's own proceedings), nor when T6's total or unknown row is hidden."
        )
    return TableView(
        code=MEDIAN_CODE,
        title="Length of proceedings: median",
        group=t6.group,
        notes=notes,
        row_title="Final decisions",
        col_title="",
        row_codes=["decisions"],
        row_labels=[f"Final decisions dated {measure['year']}"],
        col_codes=["decisions", "median_months"],
        col_labels=["Decisions with a known length", "Median length (months)"],
        cells=[[n_cell, median_cell]],
        protected=t6.protected,
        kind="medians",
    )


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
    """The views with T6m after T6 and G9dA after G9d (when their measures were computed)."""
    result = []
    for view in views:
        result.append(view)
        if view.code == DURATION_CODE and DURATION_CODE in measures:
            result.append(median_view(view, measures[DURATION_CODE], protection))
        if view.code == COMPENSATION_CODE and COMPENSATION_CODE in measures:
            result.append(amounts_view(view, measures[COMPENSATION_CODE], protection))
    return result
