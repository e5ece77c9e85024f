"""Reading the records a territory-year's tables are built from into pandas, in one query.

The engine reads the year's records once, with only the columns its tables use, and groups them
in pandas: one read of a national year (even a hundred times one) instead of one grouped query
per table, each reading the same wide rows again.

On PostgreSQL the rows travel as ``COPY ... TO STDOUT`` CSV parsed by pandas' C reader (several
times faster than fetching tuples through the driver, arrays above all); elsewhere (SQLite, the
embedded default with small data) through ``values_list``. Both give the same frame: text
columns as text (missing as ``""``), integer columns as numbers (missing as NaN), multiple-choice
columns as tuples of distinct codes (hashable: a year holds few distinct combinations, so
grouping by them first and splitting only the distinct ones is cheap).
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import pandas as pd
from django.db import connections
from django.db.models import CharField, Func, Value

# Joins the codes of a multiple-choice column on PostgreSQL: a character no code contains
# (codes come from code lists; the unit separator cannot be typed into a form).
_SEPARATOR = "\x1f"


class _ArrayText(Func):
    function = "array_to_string"
    output_field = CharField()


def read_frame(queryset, columns, *, integers=(), lists=(), codes=()) -> pd.DataFrame:
    """The rows of ``queryset`` as a DataFrame with ``columns`` (model field names).

    ``integers`` are converted to numbers, ``lists`` (multiple-choice fields) to tuples of codes,
    ``codes`` (text columns with few distinct values) to categoricals, which pandas groups by
    their integer codes; other columns stay text. The queryset's ordering is dropped: the
    frame's row order means nothing.
    """
    columns = list(columns)
    queryset = queryset.order_by()
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        frame = _copy_frame(queryset, columns, set(lists), set(codes), set(integers), connection)
    else:
        rows = list(queryset.values_list(*columns))
        frame = pd.DataFrame(rows, columns=columns, dtype=object)
        for column in columns:
            if column in lists:
                values = [tuple(dict.fromkeys(v or ())) for v in frame[column].tolist()]
            elif column not in integers:
                values = ["" if v is None else str(v) for v in frame[column].tolist()]
            else:
                continue
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
        for column in codes:
            frame[column] = frame[column].astype("category")
        for column in integers:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def _copy_frame(queryset, columns, lists, codes, integers, connection) -> pd.DataFrame:
    aliases = {c: f"_list_{c}" for c in columns if c in lists}
    if aliases:
        queryset = queryset.annotate(
            **{alias: _ArrayText(c, Value(_SEPARATOR)) for c, alias in aliases.items()}
        )
    selected = [aliases.get(c, c) for c in columns]
    sql, params = queryset.values_list(*selected).query.sql_with_params()
    buffer = io.BytesIO()  # bytes as they come: no decoding and re-encoding for pandas
    with connection.cursor() as cursor:
        # COPY takes no parameters: the driver quotes them into the statement.
        query = cursor.cursor.mogrify(sql, params).decode()
        statement = f"COPY ({query}) TO STDOUT WITH (FORMAT csv)"
        if hasattr(cursor, "debug_sql"):  # counted and timed like any query when logged
            with cursor.debug_sql(statement):
                cursor.cursor.copy_expert(statement, buffer)
        else:
            cursor.cursor.copy_expert(statement, buffer)
    buffer.seek(0)
    frame = pd.read_csv(
        buffer,
        encoding="utf-8",  # Django's PostgreSQL connections use client_encoding UTF8
        header=None,
        names=columns,
        # Codes parsed straight into categoricals, numbers into floats (empty: NaN), the rest
        # as plain Python strings (pandas' string arrays iterate slowly); in one chunk.
        dtype={
            c: "category" if c in codes else "float64" if c in integers else object for c in columns
        },
        keep_default_na=False,
        na_values={c: [""] for c in integers},
        quoting=csv.QUOTE_MINIMAL,
        low_memory=False,
    )
    for column in aliases:
        texts = frame[column]
        parsed = {t: tuple(dict.fromkeys(t.split(_SEPARATOR))) if t else () for t in texts.unique()}
        frame[column] = texts.map(parsed)
    return frame


def mention_counts(
    frame: pd.DataFrame, column: str, by: str | None = None, empty=""
) -> pd.DataFrame:
    """Persons (rows of ``frame``) per code of the multiple-choice ``column``: a person counts
    once per code they mention; persons with nothing recorded count under ``empty``. With
    ``by``, per value of that column too. Columns: ``column`` (the codes), ``by`` and ``n``."""
    keys = [by] if by else []
    if not len(frame):
        return pd.DataFrame(columns=[column, *keys, "n"])
    # One pass in plain Python over the persons (a few thousand at most): a pandas group-by,
    # explode and group-by again cost far more in fixed overhead on frames this small.
    counts: Counter = Counter()
    lists = frame[column].tolist()
    if by:
        for codes, value in zip(lists, frame[by].tolist(), strict=True):
            if value is None or value != value:
                continue  # no value of ``by`` (NaN): left out, as a pandas group-by does
            for code in codes or (empty,):
                counts[(code, value)] += 1
        rows = [(code, value, n) for (code, value), n in counts.items()]
    else:
        for codes in lists:
            for code in codes or (empty,):
                counts[code] += 1
        rows = [(code, n) for code, n in counts.items()]
    return pd.DataFrame(rows, columns=[column, *keys, "n"])
