"""SDMX-CSV 2.0 files of a release, one per framework (Eurostat, UNODC, GRETA), written with
pandas from the versioned mapping ``sdmx_mapping.json`` (data, not code: a new dataflow
version, a new code or a newly mapped table is an edit of that file and of its ``VERSION``).

Columns (SDMX-CSV 2.0): ``STRUCTURE`` (``dataflow``), ``STRUCTURE_ID``
(``AGENCY:ID(VERSION)``), ``ACTION`` (``I``), the framework's dimensions, ``OBS_VALUE``,
``OBS_STATUS`` and ``CONF_STATUS``.

* Transmission: every cell, its exact count and its CONF_STATUS (``F``, ``A``, ``D``, as the
  coordinator left them).
* Public release: a hidden cell is written with an empty ``OBS_VALUE``, ``OBS_STATUS`` ``M``
  (missing) and ``CONF_STATUS`` ``C`` (confidential): its count is never in the file.
"""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from pathlib import Path

import pandas as pd

from thb_data.spreadsheets import csv_writer

MAPPING_PATH = Path(__file__).with_name("sdmx_mapping.json")
FRAMEWORKS = ("eurostat", "unodc", "greta")
LEADING = ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
MEASURES = ["OBS_VALUE", "OBS_STATUS", "CONF_STATUS"]
FIXED = ("FREQ", "REF_AREA", "TIME_PERIOD", "INDICATOR", "UNIT")
HIDDEN_OBS_STATUS, HIDDEN_CONF_STATUS = "M", "C"


@cache
def mapping() -> dict:
    return json.loads(MAPPING_PATH.read_text(encoding="utf-8"))


def ref_area(territory_code: str, spec: dict | None = None) -> str:
    """Eurostat's code of a territory (``GR`` -> ``EL``, ``GB`` -> ``UK``; ``XK`` as it is)."""
    spec = spec or mapping()
    return spec["ref_area"].get(territory_code, territory_code)


def code_of(dimension: str, value: str, spec: dict | None = None) -> str:
    """The SDMX code of one category: the dimension's codelist, then the common one; a
    country (citizenship) takes Eurostat's country code; otherwise the code in capitals."""
    spec = spec or mapping()
    lists = spec["codelists"]
    for table in (lists.get(dimension, {}), lists["*"]):
        if value in table:
            return table[value]
    if dimension == "CITIZEN" and len(value) == 2 and value.isalpha():
        return ref_area(value.upper(), spec)
    return str(value).upper()


def _row_parts(dimensions, row: str):
    """The (dimension, category) pairs of a row: one dimension, or several (a list) for rows
    that combine categories joined by ``.`` (``suspected.female`` -> STAGE, SEX)."""
    if isinstance(dimensions, str):
        return [(dimensions, row)]
    parts = row.split(".")
    if len(parts) != len(dimensions):  # a total row: the total of every dimension
        parts = [row] * len(dimensions)
    return list(zip(dimensions, parts, strict=True))


def _rows(framework: dict, spec: dict, territory: str, year: int, tables):
    """One dict per observation. ``tables``: ``(code, row codes, col codes, cells)`` with each
    cell ``(value or None, OBS_STATUS, CONF_STATUS)``."""
    structure_id = f"{framework['agency']}:{framework['id']}({framework['version']})"
    dimensions = framework["dimensions"]
    for code, row_codes, col_codes, cells in tables:
        entry = framework["tables"].get(code)
        if entry is None:
            continue
        base = dict.fromkeys(dimensions, "_T")
        base.update(
            {
                "FREQ": "A",
                "REF_AREA": ref_area(territory, spec),
                "TIME_PERIOD": str(year),
                "INDICATOR": entry["indicator"],
                "UNIT": entry["unit"],
                **entry.get("fixed", {}),
            }
        )
        for row, row_cells in zip(row_codes, cells, strict=True):
            for col, (value, obs_status, conf_status) in zip(col_codes, row_cells, strict=True):
                line = {"STRUCTURE": "dataflow", "STRUCTURE_ID": structure_id, "ACTION": "I"}
                line.update(base)
                for dimension, part in _row_parts(entry["rows"], row):
                    line[dimension] = code_of(dimension, part, spec)
                if entry.get("cols"):
                    line[entry["cols"]] = code_of(entry["cols"], col, spec)
                line.update(
                    {"OBS_VALUE": value, "OBS_STATUS": obs_status, "CONF_STATUS": conf_status}
                )
                yield line


def sdmx_frame(framework_name: str, territory: str, year: int, tables) -> pd.DataFrame:
    spec = mapping()
    framework = spec["frameworks"][framework_name]
    columns = [*LEADING, *framework["dimensions"], *MEASURES]
    frame = pd.DataFrame(list(_rows(framework, spec, territory, year, tables)), columns=columns)
    frame["OBS_VALUE"] = frame["OBS_VALUE"].astype("Int64")
    return frame


def _csv(frame: pd.DataFrame) -> str:
    """The frame as SDMX-CSV text, every cell through the formula-neutralising writer (an empty
    OBS_VALUE for a value not given)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        writer.writerow(["" if pd.isna(value) else value for value in row])
    return buffer.getvalue()


def _notes(territory: str, year: int, heading: str) -> str:
    spec = mapping()
    lines = [
        f"{heading}: {territory}, reference year {year}; SDMX mapping version {spec['VERSION']}.",
        *spec["notes"],
        "Not mapped (not in these files): "
        + "; ".join(f"{code}: {why}" for code, why in spec["excluded"].items()),
    ]
    area = ref_area(territory, spec)
    if area in spec["ref_area_notes"]:
        lines.append(f"REF_AREA {area}: {spec['ref_area_notes'][area]}")
    return "\n\n".join(lines) + "\n"


def _zip(territory: str, year: int, heading: str, tables) -> bytes:
    tables = list(tables)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sdmx-notes.txt", _notes(territory, year, heading))
        for name in FRAMEWORKS:
            frame = sdmx_frame(name, territory, year, tables)
            archive.writestr(f"sdmx-{name}.csv", _csv(frame))
    return buffer.getvalue()


def transmission_tables(transmission):
    for table in transmission.tables:
        cells = [[(c.value, "A", c.flag) for c in row] for row in table.cells]
        yield table.code, table.row_codes, table.col_codes, cells


def public_tables(views):
    for view in views:
        if view.kind != "counts":
            continue
        cells = [
            [
                (None, HIDDEN_OBS_STATUS, HIDDEN_CONF_STATUS) if c.hidden else (c.value, "A", "F")
                for c in row
            ]
            for row in view.cells
        ]
        yield view.code, view.row_codes, view.col_codes, cells


def write_transmission_sdmx(transmission) -> bytes:
    stats = transmission.stats
    return _zip(
        stats.territory.code,
        stats.year,
        "Transmission (exact counts, CONF_STATUS F free, A primary, D secondary)",
        transmission_tables(transmission),
    )


def write_public_sdmx(stats, views) -> bytes:
    return _zip(
        stats.territory.code,
        stats.year,
        "Public release (a hidden cell has no OBS_VALUE and CONF_STATUS C)",
        public_tables(views),
    )
