"""The HTCDS v2.0 / CTDC contribution: a pseudonymised person-level file of a territory-year, and
a preview of what a k-anonymised public file would keep (spec/standards.md §7).

One row per person counted in the year, by the counting rules of the tables
(``engine.persons_of_year``: the same persons, the same status of the year, the same choice
between a person's records), with HTCDS v2.0 field names and value names (the crosswalks
``CROSSWALKS["htcds"]``) and, where HTCDS has no field, the CTDC global dataset's column
(yearOfRegistration, ageBroad, majorityStatus, majorityEntry).

What the file never holds: the personal code or its hash, names, record numbers, any date finer
than the year, municipalities, free text. ``personId`` is a random number drawn for each file:
two files of the same year cannot be joined on it, and it says nothing about the records. Rows
are in the order of their values, not of the records.

It is sent to IOM under a data-sharing agreement, never published: CTDC k-anonymises (k = 11)
after pooling the contributions. The preview (:func:`k_anonymity_preview`) shows how few persons a
national k = 11 file would keep: equivalence classes of the quasi-identifiers CTDC's published
file is anonymised on, smaller than k, are suppressed.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext_noop

from indicators.catalogue import CROSSWALKS
from indicators.catalogue.crosswalks import (
    HTCDS_VERSION,
    age_band,
    age_group,
    htcds_citizenship,
    htcds_values,
)
from indicators.schema import UNKNOWN
from indicators.statistics.engine import GENERAL_NOTES, persons_of_year
from thb_data.spreadsheets import csv_writer

#: CTDC's anonymisation rule: a combination of quasi-identifiers shared by fewer than k persons
#: is not published (CTDC codebook v6, 2017: "queries ... cannot return fewer than 10 results").
CTDC_K = 11

ID = "personId"
COLUMNS = (
    ID,
    "yearOfRegistration",
    "prs_Gender",
    "ageBroad",
    "majorityStatus",
    "majorityEntry",
    "prs_Citizenship",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_TypeOfExploitation",
    "vic_MethodsOfControl",
)

#: What each column holds (the notes of the file and the page).
COLUMN_NOTES = {
    ID: gettext_noop(
        "A random number drawn for this file only (not the personal code, not a record number)."
    ),
    "yearOfRegistration": gettext_noop(
        "CTDC: the reference year in which the person is counted (the year of identification "
        "of the trafficking episode)."
    ),
    "prs_Gender": gettext_noop(
        "HTCDS: Feminine, Masculine or NonSpecifiedUnknown (the sex recorded)."
    ),
    "ageBroad": gettext_noop(
        "CTDC: age band of the age at identification (0-8, 9-17, 18-20, 21-23, 24-26, 27-29, "
        "30-38, 39-47, 48+); empty when not known."
    ),
    "majorityStatus": gettext_noop("CTDC: Adult or Minor at identification."),
    "majorityEntry": gettext_noop("CTDC: Adult or Minor at recruitment."),
    "prs_Citizenship": gettext_noop(
        "HTCDS: ISO 3166-1 alpha-2 codes, the second citizenship after a semicolon; XK for "
        "Kosovo* (no ISO code: to be agreed with the recipient); Stateless."
    ),
    "vic_TraffickingStatus": gettext_noop(
        "HTCDS: ActualVictimOfTrafficking (formally identified) or PossibleVictimOfTrafficking "
        "(presumed), the person's status in the year."
    ),
    "vic_TraffickingStatusDecisionMakingOrg": gettext_noop("HTCDS: the body deciding the status."),
    "vic_TypeOfExploitation": gettext_noop(
        "HTCDS: every form of exploitation of the person, separated by semicolons."
    ),
    "vic_MethodsOfControl": gettext_noop("HTCDS: every means of control, separated by semicolons."),
}

#: The quasi-identifiers of the preview: CTDC's core columns (spec/standards.md §7: year, gender,
#: ageBroad, citizenship, isSexualExploit, isForcedLabour).
QUASI_IDENTIFIERS = (
    "yearOfRegistration",
    "prs_Gender",
    "ageBroad",
    "prs_Citizenship",
    "isSexualExploit",
    "isForcedLabour",
)
QUASI_LABELS = {
    "yearOfRegistration": gettext_noop("year"),
    "prs_Gender": gettext_noop("gender"),
    "ageBroad": gettext_noop("age band"),
    "prs_Citizenship": gettext_noop("citizenship"),
    "isSexualExploit": gettext_noop("sexual exploitation (yes/no)"),
    "isForcedLabour": gettext_noop("forced labour (yes/no)"),
}

_CODES = (
    "counted_status",
    "v_sex",
    "v_citizenship",
    "v_second_citizenship",
    "v_status_decision_body",
)
_LISTS = ("v_exploitation_form", "v_control_means")
_INTEGERS = ("v_age_at_identification", "v_age_at_recruitment")


def _value(crosswalk, code) -> str:
    """The HTCDS value of a stored code; an empty cell for unknown (unless the standard has a
    value of its own for it, as prs_Gender does)."""
    value = crosswalk.bucket(None if code is None else str(code))
    if value == UNKNOWN:
        last = crosswalk.buckets[-1].code
        return "" if last == UNKNOWN else last
    return value


def _age(value) -> int | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return int(value)


def _citizenship(first, second) -> str:
    values = [htcds_citizenship(str(c)) for c in (first, second) if c]
    return ";".join(dict.fromkeys(v for v in values if v != UNKNOWN))


def person_ids(n: int) -> list[str]:
    """``n`` distinct random identifiers (eight hexadecimal digits), new for every file."""
    return [f"{number:08X}" for number in secrets.SystemRandom().sample(range(16**8), n)]


def htcds_frame(territory, year: int) -> pd.DataFrame:
    """The persons of ``territory`` counted in ``year``, one row each, in :data:`COLUMNS`."""
    persons = persons_of_year(territory, year, codes=_CODES, lists=_LISTS, integers=_INTEGERS)
    walks = CROSSWALKS["htcds"]
    rows = []
    for person in persons.to_dict("records"):
        identification = _age(person["v_age_at_identification"])
        recruitment = _age(person["v_age_at_recruitment"])
        rows.append(
            {
                "yearOfRegistration": int(year),
                "prs_Gender": _value(walks["sex"], person["v_sex"]),
                "ageBroad": _value(walks["age_band"], age_band("ctdc", identification)),
                "majorityStatus": _value(walks["majority"], age_group(identification)),
                "majorityEntry": _value(walks["majority"], age_group(recruitment)),
                "prs_Citizenship": _citizenship(
                    person["v_citizenship"], person["v_second_citizenship"]
                ),
                "vic_TraffickingStatus": _value(walks["victim_status"], person["counted_status"]),
                "vic_TraffickingStatusDecisionMakingOrg": _value(
                    walks["status_decision_body"], person["v_status_decision_body"]
                ),
                "vic_TypeOfExploitation": ";".join(
                    htcds_values(walks["exploitation_form"], person["v_exploitation_form"])
                ),
                "vic_MethodsOfControl": ";".join(
                    htcds_values(walks["control_means"], person["v_control_means"])
                ),
            }
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS[1:]))
    # Rows in the order of their values (never the order of the records), then the random ids.
    frame = frame.sort_values(list(COLUMNS[1:]), kind="stable").reset_index(drop=True)
    frame.insert(0, ID, person_ids(len(frame)))
    return frame


# --- the k-anonymity preview ----------------------------------------------------------------


@dataclass
class KPreview:
    """What a k-anonymised file of the persons would keep, on the quasi-identifiers."""

    k: int
    persons: int
    kept: int
    classes: int  # distinct combinations of the quasi-identifiers
    classes_kept: int
    largest: int  # persons in the largest class
    quasi_identifiers: tuple[str, ...]
    # Persons kept when one quasi-identifier is left out, by its label.
    without: list[tuple[str, int]] = field(default_factory=list)

    @property
    def suppressed(self) -> int:
        return self.persons - self.kept

    @property
    def share_kept(self) -> int:
        """Per cent of the persons kept (rounded down)."""
        return 100 * self.kept // self.persons if self.persons else 0

    def summary(self) -> dict:
        return {
            "k": self.k,
            "persons": self.persons,
            "kept": self.kept,
            "suppressed": self.suppressed,
            "classes": self.classes,
            "classes_kept": self.classes_kept,
        }


def quasi_identifiers(frame: pd.DataFrame) -> pd.DataFrame:
    """The quasi-identifier columns of an HTCDS frame (the exploitation flags derived from
    vic_TypeOfExploitation, as CTDC's isSexualExploit and isForcedLabour)."""
    forms = frame["vic_TypeOfExploitation"].astype(str).str.split(";")
    return pd.DataFrame(
        {
            "yearOfRegistration": frame["yearOfRegistration"],
            "prs_Gender": frame["prs_Gender"],
            "ageBroad": frame["ageBroad"],
            "prs_Citizenship": frame["prs_Citizenship"],
            "isSexualExploit": [int("SexualExploitation" in f) for f in forms],
            "isForcedLabour": [int("ForcedLabour" in f) for f in forms],
        },
        index=frame.index,
    )


def _kept(qi: pd.DataFrame, columns, k: int) -> tuple[int, int, int, int]:
    """Persons kept, classes, classes kept and the largest class, on ``columns``."""
    if not len(qi):
        return 0, 0, 0, 0
    sizes = qi.groupby(list(columns), sort=False, dropna=False).size()
    big = sizes[sizes >= k]
    return int(big.sum()), len(sizes), len(big), int(sizes.max())


def k_anonymity_preview(frame: pd.DataFrame, k: int = CTDC_K) -> KPreview:
    """How many persons of an HTCDS frame a k-anonymised file would keep: those whose
    combination of quasi-identifiers (an empty value is a value of its own) is shared by at
    least ``k`` persons; the others are suppressed."""
    qi = quasi_identifiers(frame)
    kept, classes, classes_kept, largest = _kept(qi, QUASI_IDENTIFIERS, k)
    without = []
    for column in QUASI_IDENTIFIERS:
        if column == "yearOfRegistration":  # one year per file: leaving it out changes nothing
            continue
        rest = [c for c in QUASI_IDENTIFIERS if c != column]
        without.append((QUASI_LABELS[column], _kept(qi, rest, k)[0]))
    return KPreview(
        k=k,
        persons=len(qi),
        kept=kept,
        classes=classes,
        classes_kept=classes_kept,
        largest=largest,
        quasi_identifiers=QUASI_IDENTIFIERS,
        without=without,
    )


# --- the file -------------------------------------------------------------------------------


def persons_csv(frame: pd.DataFrame) -> bytes:
    """The persons as CSV (UTF-8), every cell through the formula-neutralising writer."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        writer.writerow(["" if pd.isna(value) else value for value in row])
    return buffer.getvalue().encode("utf-8")


def file_notes(territory, year: int, preview: KPreview, *, final: bool, edition, digest: str):
    """The notes of the file (and of its edition)."""
    status = "FINAL" if final else "PROVISIONAL"
    return [
        f"HTCDS v{HTCDS_VERSION} / CTDC contribution: {territory.name} ({territory.code}), "
        f"reference year {year}, {status}; edition {edition.number} of "
        f"{edition.created_at:%Y-%m-%d %H:%M} UTC by {edition.created_by.get_username()}.",
        "Pseudonymised person-level data, for IOM's Counter Trafficking Data Collaborative "
        "under a data-sharing agreement. Not for publication: CTDC anonymises the pooled "
        f"data (k = {CTDC_K}) before anything is published.",
        "One row per person counted in the year, by the counting rules of the annual "
        "statistics. " + GENERAL_NOTES[1],
        "No personal code, no record number, no date finer than the year, no municipality and "
        "no free text. personId is drawn at random for this file only: files cannot be joined "
        "on it.",
        *(f"{column}: {text}" for column, text in COLUMN_NOTES.items()),
        f"k-anonymity preview (k = {preview.k}, quasi-identifiers: "
        + ", ".join(QUASI_LABELS[c] for c in preview.quasi_identifiers)
        + f"): {preview.kept} of {preview.persons} persons would be kept, "
        f"{preview.suppressed} suppressed.",
        f"SHA-256 of htcds-persons.csv: {digest}",
    ]


def write_htcds_zip(frame: pd.DataFrame, notes: list[str]) -> bytes:
    """htcds-persons.csv and htcds-notes.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("htcds-persons.csv", persons_csv(frame))
        archive.writestr("htcds-notes.txt", "\n\n".join(notes) + "\n")
    return buffer.getvalue()


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
