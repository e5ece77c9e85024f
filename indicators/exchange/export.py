"""Record-level export: the records of the user's scope as CSV or XLSX, with the columns of the
import template (so an export imports again unchanged) followed by the derived columns with
which every national table can be recomputed from the file alone (how each record counts; the
import ignores them), every text cell neutralised against spreadsheet formula injection, in a
fixed number of queries, audited."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Q

from indicators.types import CodedType, Context, MultiType, type_of
from thb_data.audit.log import record_event
from thb_data.audit.models import Action
from thb_data.records import RecordStatus
from thb_data.spreadsheets import csv_writer, neutralise, neutralise_cells, save_workbook

from . import columns as cols
from .config import Exchange

CHUNK_SIZE = 2000

__all__ = ["export_headers", "export_rows", "neutralise", "write_csv", "write_xlsx"]


def export_headers(exchange: Exchange) -> list[str]:
    return [
        *(c.name for c in cols.columns_for(exchange.database)),
        *(name for name, _text in cols.DERIVED_COLUMNS.get(exchange.key, ())),
    ]


def _year(value) -> int | str:
    text = str(value or "")[:4]
    return int(text) if text.isdigit() else ""


def _child(age) -> str:
    return "unknown" if age is None else "yes" if age < 18 else "no"


class _Pseudonyms:
    """P000001, P000002, … in the order persons first appear in the file."""

    def __init__(self):
        self.known: dict[str, str] = {}

    def __call__(self, key: str, own: str) -> str:
        key = key or f"record:{own}"
        if key not in self.known:
            self.known[key] = f"P{len(self.known) + 1:06d}"
        return self.known[key]


def _derived_values(exchange: Exchange) -> tuple[str, ...]:
    if exchange.key == "victims":
        return (
            "person_key", "person_first", "reporting_year", "counted_status", "episode",
            "not_counted_reason", "v_age_at_identification", "v_age_at_recruitment",
        )  # fmt: skip
    if exchange.key == "traffickers":
        return (
            "person_key", "case_id", "t_complaint_date", "t_indictment_date", "t_verdict_first",
            "t_verdict_first_date", "t_final_outcome", "t_final_date",
        )  # fmt: skip
    return ()


def _linked(exchange: Exchange, queryset):
    """Traffickers: the cases of each person and the victim records of each case (two
    queries, whatever the number of records)."""
    if exchange.key != "traffickers":
        return {}, {}
    from django.db.models import Count

    CriminalCase = exchange.model._meta.get_field("case").related_model  # noqa: N806

    cases: dict[str, set] = {}
    for key, pk, case in queryset.order_by().values_list("person_key", "pk", "case_id"):
        if case:
            cases.setdefault(key or f"record:{pk}", set()).add(case)
    victims = dict(
        CriminalCase.objects.filter(pk__in={c for group in cases.values() for c in group})
        .annotate(n=Count("victims", filter=Q(victims__is_deleted=False)))
        .values_list("pk", "n")
    )
    return {k: len(v) for k, v in cases.items()}, victims


def _derived(exchange: Exchange, row, pseudonym, linked) -> list:
    own = str(row["uuid"])
    if exchange.key == "victims":
        counted = bool(row["person_first"])
        episode = row["episode"]
        age_id, age_rec = row["v_age_at_identification"], row["v_age_at_recruitment"]
        child_rec = _child(age_rec) if age_rec is not None else _child(age_id)
        return [
            pseudonym(row["person_key"], own),
            row["reporting_year"] if counted else "",
            row["counted_status"] if counted else "",
            "" if counted else row["not_counted_reason"],
            ("yes" if episode and episode > 1 else "no") if counted else "",
            "" if age_id is None else age_id,
            "" if age_rec is None else age_rec,
            child_rec,
            _child(age_id),
        ]
    if exchange.key == "traffickers":
        cases, victims = linked
        key = row["person_key"] or f"record:{row['pk']}"
        return [
            pseudonym(row["person_key"], own),
            _year(row["t_complaint_date"]),
            _year(row["t_indictment_date"]),
            _year(row["t_verdict_first_date"]) if row["t_verdict_first"] == "convicted" else "",
            _year(row["t_final_date"]) if row["t_final_outcome"] == "convicted" else "",
            cases.get(key, 0),
            victims.get(row["case_id"], 0) if row["case_id"] else 0,
        ]
    return []


def _coded(ind) -> bool:
    """Whether the answers of ``ind`` are codes with labels (code lists, countries, yes/no)."""
    return isinstance(type_of(ind), CodedType | MultiType)


# The query parameters that choose the records of an export (the record lists' own names).
EXPORT_FILTERS = ("year", "institution", "status")


def export_rows(
    exchange: Exchange, queryset, *, typed: bool = False, labels: Context | None = None
) -> Iterator[list]:
    """One list of cells per record of ``queryset`` (one query, streamed in chunks).

    With ``typed``, whole numbers and amounts stay numbers (XLSX); otherwise every cell is
    text. With ``labels`` (the territory's context), coded answers are written as their labels
    for people to read, instead of the stored codes (such a file is not for re-import). Text
    cells are always neutralised.
    """
    columns = cols.columns_for(exchange.database)
    names = [c.name for c in columns if c.kind in ("indicator", "flag")]
    prefix = exchange.model.number_prefix
    derived = [n for n in _derived_values(exchange) if n not in names]
    linked = _linked(exchange, queryset)
    pseudonym = _Pseudonyms()
    rows = queryset.order_by("number").values(
        "pk", "uuid", "number", "status", "territory__code", "institution__name", *names,
        *derived,
    )  # fmt: skip
    converters = []
    for column in columns:
        if column.kind == "flag":
            converters.append((column.name, lambda v: "yes" if v else ""))
        elif column.kind == "indicator" and labels is not None and _coded(column.indicator):
            kind, ind = type_of(column.indicator), column.indicator
            converters.append(
                (column.name, lambda v, kind=kind, ind=ind: kind.display(ind, v, labels))
            )
        elif column.kind == "indicator":
            converters.append((column.name, type_of(column.indicator).export_value))
    statuses = dict(RecordStatus.choices) if labels is not None else {}
    code_cells = [""] * sum(1 for c in columns if c.kind == "personal_code")
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        cells = [
            str(row["uuid"]),
            f"{row['territory__code']}-{prefix}{row['number']:06d}",
            row["territory__code"],
            row["institution__name"],
            statuses.get(row["status"], row["status"]),
            *code_cells,  # the elements of the personal code are never stored
        ]
        for name, convert in converters:
            value = row[name]
            if typed and isinstance(value, int | Decimal) and not isinstance(value, bool):
                cells.append(value)
            else:
                cells.append(convert(value))
        extra = _derived(exchange, row, pseudonym, linked)
        cells.extend(v if typed or isinstance(v, str) else str(v) for v in extra)
        yield neutralise_cells(cells)


def write_csv(exchange: Exchange, queryset, *, labels: Context | None = None) -> tuple[bytes, int]:
    """UTF-8 CSV with a BOM (Excel reads the encoding from it) and the number of records."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(export_headers(exchange))
    count = 0
    for cells in export_rows(exchange, queryset, labels=labels):
        writer.writerow(cells)
        count += 1
    return buffer.getvalue().encode("utf-8"), count


def write_xlsx(exchange: Exchange, queryset, *, labels: Context | None = None) -> tuple[bytes, int]:
    """An XLSX workbook (one sheet, ``records``, as in the template) and the number of records."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("records")
    sheet.append(neutralise_cells(export_headers(exchange)))
    count = 0
    for cells in export_rows(exchange, queryset, typed=True, labels=labels):
        sheet.append(cells)  # neutralised by export_rows (a write-only sheet is not revisited)
        count += 1
    return save_workbook(workbook), count


def filter_export(queryset, query) -> tuple[object, dict]:
    """The records of ``queryset`` chosen by the query string: ``year`` (reporting year),
    ``institution`` (its id, within the user's scope) and ``status`` (draft or complete); and
    ``labels=1`` for labels instead of codes (``chosen["labels"]``).
    Raises ValueError with a message for a value that is not one."""
    chosen = {}
    year = (query.get("year") or "").strip()
    if year:
        if not (year.isdigit() and 1900 <= int(year) <= 2100):
            raise ValueError("The year must be a reporting year such as 2024.")
        queryset = queryset.filter(reporting_year=int(year))
        chosen["year"] = int(year)
    institution = (query.get("institution") or "").strip()
    if institution:
        if not institution.isdigit():
            raise ValueError("Choose the institution from the list.")
        queryset = queryset.filter(institution_id=int(institution))
        chosen["institution"] = int(institution)
    status = (query.get("status") or "").strip()
    if status:
        if status not in ("draft", "complete"):
            raise ValueError("The status must be draft or complete.")
        queryset = queryset.filter(status=status)
        chosen["status"] = status
    labels = (query.get("labels") or "").strip()
    if labels not in ("", "0", "1"):
        raise ValueError("labels must be 1 (labels) or 0 (codes).")
    if labels == "1":
        chosen["labels"] = True
    return queryset, chosen


def audit_export(exchange: Exchange, *, user, file_format: str, count: int, filters=None) -> None:
    record_event(
        Action.EXPORT,
        user=user,
        object_type=exchange.model._meta.label_lower,
        object_repr=f"{exchange.label}: record-level {file_format.upper()}",
        detail={
            "database": exchange.key,
            "format": file_format,
            "count": count,
            **({"filters": filters} if filters else {}),
        },
    )
