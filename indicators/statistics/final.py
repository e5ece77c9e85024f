"""A final year stays final: the figures of record of a signed-off territory-year.

Signing off stores the year's tables (``FinalEdition``): the counts and, for each release level,
the protected tables. While the year stays signed off, the statistics page and every download
serve exactly those cells (``FrozenStatistics``), whatever the records say later.

A write that would change a table of a signed-off year goes through
:func:`check_signed_off_impact`: it recomputes the signed-off years the write can reach and
compares them with their figures of record. A change that belongs to the signed-off year itself
is refused (``SignedOffImpact``, naming the year, and the transaction rolls back); a legitimate
change of an open year is accepted and leaves a ``PendingRevision`` listing the cells it would
change, which the coordinator sees (:func:`revisions_pending`) until the year is reopened.
Reopening (with a reason) closes the edition; signing off again stores the next edition, and
:func:`compare_final_editions` shows the size of each revision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from indicators.registry import record_model
from indicators.statistics.models import FinalEdition, PendingRevision
from indicators.statistics.tables import TableView, unprotected_view
from thb_data.records import ReportingYear, YearSignedOff
from thb_data.scoping import scopes_disabled

# The release whose protected tables a final edition keeps (indicators.statistics.releases).
PUBLIC = "public"
# The transmission to international bodies kept with it: exact counts and proposed flags.
TRANSMISSION = "transmission"


class SignedOffImpact(YearSignedOff):
    """The write would change the final tables of a signed-off year."""

    def __init__(self, year, cells=()):
        Exception.__init__(
            self,
            f"This change would alter the final statistics of {year}, which is signed off "
            f"({len(cells)} cell{'s' if len(cells) != 1 else ''} would change). Your national "
            f"coordinator can reopen {year} first.",
        )
        self.year = year
        self.cells = list(cells)


# --- storing and serving the figures of record -------------------------------------------------


def current_final_edition(territory, year: int) -> FinalEdition | None:
    """The figures of record of a signed-off year (None for an open year)."""
    with scopes_disabled():
        if not ReportingYear.objects.filter(
            territory=territory, year=year, signed_off=True
        ).exists():
            return None
        return (
            FinalEdition.objects.filter(territory=territory, year=year, reopened_at=None)
            .select_related("signed_off_by", "territory")
            .order_by("-number")
            .first()
        )


def store_final_edition(territory, year: int, *, user, signed_off_at=None) -> FinalEdition:
    """Compute the year's tables and keep them as its figures of record (inside the sign-off's
    transaction)."""
    from indicators.statistics.disclosure import ProtectionFailed
    from indicators.statistics.editions import _with_keys
    from indicators.statistics.engine import compute_statistics
    from indicators.statistics.releases import public_release, transmission

    with scopes_disabled():
        stats = compute_statistics(territory, year)
        releases = {TRANSMISSION: stored_transmission(transmission(stats))}
        try:
            safe = public_release(stats)
        except ProtectionFailed:  # nothing publishable: the counts are kept all the same
            safe = None
        if safe is not None:
            protection = safe.protection
            releases[PUBLIC] = {
                "threshold": protection.threshold,
                "tables": [_with_keys(v, protection) for v in stats.views(protection)],
                "suppressed": sorted(str(key) for key in protection.suppressed),
                "note": protection.note,
                "audit": safe.audit.summary(),
            }
        last = FinalEdition.objects.filter(territory=territory, year=year).aggregate(
            n=Max("number")
        )["n"]
        return FinalEdition.objects.create(
            territory=territory,
            year=year,
            number=(last or 0) + 1,
            signed_off_at=signed_off_at or timezone.now(),
            signed_off_by=user,
            counts=[view.as_json() for view in stats.views()],
            releases=releases,
            notes=list(stats.notes),
            medians=dict(stats.medians),
        )


def close_final_edition(territory, year: int, *, user, reason: str) -> None:
    """Reopening: the current figures of record become a past edition; pending revisions of
    the year are resolved (the reopened year is recomputed from the records)."""
    now = timezone.now()
    with scopes_disabled():
        FinalEdition.objects.filter(territory=territory, year=year, reopened_at=None).update(
            reopened_at=now, reopened_by=user, reopen_reason=reason
        )
        PendingRevision.objects.filter(territory=territory, year=year, resolved_at=None).update(
            resolved_at=now
        )


@dataclass
class _StoredKeys:
    keys: object  # a DataFrame of the cell keys, as ``ProtectedTable.keys``


@dataclass
class FrozenProtection:
    """The protection of a stored release (what the writers and editions read)."""

    level: str
    threshold: int
    suppressed: list[str]
    note: str
    tables: dict = field(default_factory=dict)


@dataclass
class _StoredAudit:
    text: str

    def summary(self) -> str:
        return f"{self.text} (at sign-off)"


@dataclass
class FrozenRelease:
    """A stored public release, with the interface of ``SafeRelease`` the pages read (its
    audit passed at sign-off)."""

    protection: FrozenProtection
    audit: object = None


@dataclass
class FrozenStatistics:
    """The figures of record of a signed-off year, with the interface of ``Statistics``."""

    edition: FinalEdition
    conflicts: list = field(default_factory=list)

    final = True
    status_label = "final"

    @property
    def territory(self):
        return self.edition.territory

    @property
    def year(self) -> int:
        return self.edition.year

    @property
    def signed_off_at(self):
        return self.edition.signed_off_at

    @property
    def signed_off_by(self) -> str:
        return self.edition.signed_off_by.get_username() if self.edition.signed_off_by else ""

    @property
    def notes(self) -> list[str]:
        return list(self.edition.notes)

    @property
    def medians(self) -> dict:
        return dict(self.edition.medians)

    def status_note(self) -> str:
        return (
            f"Final figures: the reporting year {self.year} was signed off on "
            f"{self.signed_off_at:%Y-%m-%d} by {self.signed_off_by} (final edition "
            f"{self.edition.number}). These are its figures of record: they do not change "
            "unless the year is reopened."
        )

    def public_release(self) -> FrozenRelease | None:
        """The public release stored at sign-off (None when nothing could be published)."""
        import pandas as pd

        release = self.edition.releases.get(PUBLIC)
        if release is None:
            return None
        tables = {
            t["code"]: _StoredKeys(pd.DataFrame(t.get("keys") or [[]])) for t in release["tables"]
        }
        return FrozenRelease(
            FrozenProtection(
                PUBLIC, release["threshold"], list(release["suppressed"]), release["note"], tables
            ),
            _StoredAudit(release.get("audit", "audit passed")),
        )

    def transmission(self, overrides: dict[str, str] | None = None):
        """The transmission stored at sign-off: its exact counts and the flags proposed then,
        with the coordinator's ``overrides`` applied (None for an edition stored before
        transmissions were kept: then the year must be reopened and signed off again)."""
        stored = self.edition.releases.get(TRANSMISSION)
        if stored is None:
            return None
        return frozen_transmission(self, stored, overrides)

    def views(self, protection: FrozenProtection | None = None) -> list[TableView]:
        if protection is None:
            return [TableView.from_json(t, protected=False) for t in self.edition.counts]
        tables = self.edition.releases[protection.level]["tables"]
        return [TableView.from_json(t) for t in tables]

    def notes_for(self, protection: FrozenProtection | None) -> list[str]:
        notes = [self.status_note(), *self.notes]
        if protection is not None:
            notes.append(protection.note)
        else:
            notes.append(
                "UNPROTECTED COUNTS: small numbers are shown as they are. For the national "
                "coordinator's own use only; never publish or transmit these tables."
            )
        return notes


@dataclass
class _StoredStat:
    """What a transmission table reads of its ``StatTable``."""

    code: str
    title: str
    group: str
    row_title: str


def stored_transmission(release) -> dict:
    """A transmission as kept with a final edition (JSON)."""
    return {
        "threshold": release.threshold,
        "audit": release.safe.audit.summary(),
        "tables": [
            {
                "code": t.code,
                "title": t.title,
                "group": t.stat.group,
                "row_title": t.stat.row_title,
                "row_codes": t.row_codes,
                "row_labels": t.row_labels,
                "col_codes": t.col_codes,
                "col_labels": t.col_labels,
                "values": [[cell.value for cell in line] for line in t.cells],
                "keys": [[cell.key for cell in line] for line in t.cells],
                "proposed": [[cell.proposed for cell in line] for line in t.cells],
            }
            for t in release.tables
        ],
    }


def frozen_transmission(stats, stored: dict, overrides: dict[str, str] | None = None):
    from indicators.statistics.releases import (
        Transmission,
        TransmissionCell,
        TransmissionTable,
        resolve_overrides,
    )

    proposed = {
        key: flag
        for t in stored["tables"]
        for keys, flags in zip(t["keys"], t["proposed"], strict=True)
        for key, flag in zip(keys, flags, strict=True)
        if flag != "F"
    }
    overrides = resolve_overrides(overrides, proposed)
    tables = []
    for t in stored["tables"]:
        cells = []
        for values, keys, flags in zip(t["values"], t["keys"], t["proposed"], strict=True):
            line = []
            for value, key, flag in zip(values, keys, flags, strict=True):
                line.append(TransmissionCell(value, overrides.get(key, flag), flag, key))
            cells.append(line)
        tables.append(
            TransmissionTable(
                stat=_StoredStat(t["code"], t["title"], t["group"], t["row_title"]),
                row_codes=t["row_codes"],
                row_labels=t["row_labels"],
                col_codes=t["col_codes"],
                col_labels=t["col_labels"],
                cells=cells,
            )
        )
    safe = FrozenRelease(
        FrozenProtection(TRANSMISSION, stored["threshold"], [], ""),
        _StoredAudit(stored.get("audit", "audit passed")),
    )
    return Transmission(
        stats=stats, tables=tables, safe=safe, overrides=overrides, proposed=proposed
    )


# --- writes that reach a signed-off year -----------------------------------------------------


def _cells(tables: list[dict]) -> dict[tuple[str, str, str], tuple[int, str, str, str]]:
    """The count cells of a set of tables; derived views (rates per population) follow their
    counts and are left out, so a revision lists only the counts it changes."""
    cells = {}
    for table in tables:
        if table.get("kind", "counts") != "counts":
            continue
        for i, row in enumerate(table["rows"]):
            for j, col in enumerate(table["cols"]):
                cells[(table["code"], row, col)] = (
                    table["values"][i][j],
                    table["title"],
                    table["row_labels"][i],
                    table["col_labels"][j],
                )
    return cells


def count_differences(before: list[dict], after: list[dict]) -> list[dict]:
    """The cells whose count differs between two sets of tables (unprotected JSON views)."""
    old, new = _cells(before), _cells(after)
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        was, now = old.get(key), new.get(key)
        a = was[0] if was else 0
        b = now[0] if now else 0
        if a != b:
            _code, title, row, col = now or was
            changes.append(
                {"table": key[0], "title": title, "row": row, "col": col, "before": a, "after": b}
            )
    return changes


def signed_off_years(territory, years: Iterable[int]) -> list[int]:
    years = {int(y) for y in years if y}
    if not years:
        return []
    with scopes_disabled():
        return sorted(
            ReportingYear.objects.filter(
                territory=territory, signed_off=True, year__in=years
            ).values_list("year", flat=True)
        )


def check_signed_off_impact(
    territory, years: Iterable[int], *, user=None, action: str = "", refuse: bool = False
) -> list[PendingRevision]:
    """Compare the signed-off ``years`` of ``territory`` that a write may have reached (call it
    after the write, inside its transaction) with their figures of record.

    When cells differ: with ``refuse`` raise :class:`SignedOffImpact` naming the year (the
    caller's transaction rolls back, nothing is half-saved); otherwise keep and return a
    ``PendingRevision`` per year listing the cells. Years that are open, or unchanged, cost
    one query in all.
    """
    from indicators.statistics.engine import compute_statistics

    revisions = []
    for year in signed_off_years(territory, years):
        edition = current_final_edition(territory, year)
        if edition is None:
            continue
        with scopes_disabled():
            stats = compute_statistics(territory, year)
        now = [unprotected_view(t).as_json() for t in stats.published]
        cells = count_differences(edition.counts, now)
        if not cells:
            continue
        if refuse:
            raise SignedOffImpact(year, cells)
        with scopes_disabled():
            revisions.append(
                PendingRevision.objects.create(
                    territory=territory,
                    year=year,
                    created_by=user,
                    action=action[:200],
                    cells=cells,
                )
            )
    return revisions


def revisions_pending(territory, year: int | None = None) -> list[PendingRevision]:
    """The pending revisions of ``territory`` (of one signed-off ``year``, or of all): changes
    accepted in open years that would change figures of record, newest first."""
    with scopes_disabled():
        rows = PendingRevision.objects.filter(territory=territory, resolved_at=None)
        if year is not None:
            rows = rows.filter(year=year)
        return list(rows.select_related("created_by"))


def revision_marker() -> int:
    """Where the pending revisions stand before a write (see :func:`revisions_after`)."""
    with scopes_disabled():
        return PendingRevision.objects.aggregate(n=Max("id"))["n"] or 0


def revisions_after(marker: int, user) -> list[PendingRevision]:
    """The revisions a write of ``user`` left pending since ``marker``."""
    with scopes_disabled():
        return list(
            PendingRevision.objects.filter(id__gt=marker, created_by=user).order_by("year", "id")
        )


# At most this many changed cells are listed in the message after a save (the statistics page
# of the year lists them all).
MESSAGE_CELLS = 12


def revision_message(revision: PendingRevision, *, show_cells: bool) -> str:
    """The warning shown after a save that leaves a revision of a signed-off year pending;
    the changed counts themselves only to those who may see unprotected counts."""
    text = (
        f"Revision pending: this change would alter {len(revision.cells)} cell"
        f"{'s' if len(revision.cells) != 1 else ''} of the final tables of {revision.year}, "
        f"which is signed off. The figures of record of {revision.year} stay as they are until "
        "the national coordinator reopens the year."
    )
    if show_cells and revision.cells:
        listed = [
            f"{c['title']}: {c['row']} / {c['col']} {c['before']} \u2192 {c['after']}"
            for c in revision.cells[:MESSAGE_CELLS]
        ]
        more = len(revision.cells) - len(listed)
        text += " Cells: " + "; ".join(listed) + (f"; and {more} more." if more else ".")
    return text


def compare_final_editions(older: FinalEdition, newer: FinalEdition, *, unprotected: bool):
    """The revision between two final editions, table by table: the counts that changed
    (coordinators), or the protected cells of the public release (everyone else)."""
    from indicators.statistics.editions import compare_tables

    if unprotected:
        return compare_tables(older.counts, newer.counts)
    return compare_tables(
        older.releases.get(PUBLIC, {}).get("tables", []),
        newer.releases.get(PUBLIC, {}).get("tables", []),
    )


# The stage events of a trafficker record: the date, and the outcome decided on it.
STAGE_EVENTS = (
    ("t_complaint_date", None),
    ("t_indictment_date", None),
    ("t_verdict_first_date", "t_verdict_first"),
    ("t_verdict_second_date", "t_verdict_second"),
    ("t_final_date", "t_final_outcome"),
)


def _year_of(value) -> int | None:
    text = str(value or "")[:4]
    return int(text) if text.isdigit() else None


def check_record_write(
    record, *, before: dict | None, person_keys=(), user=None, action: str = ""
) -> list[PendingRevision]:
    """After a record was created, changed, deleted or restored (``before``: its indicator
    values before the write, None when every value counts as changed): refuse a change of a
    signed-off year's tables that belongs to that year, keep a pending revision for a
    legitimate change of an open year. Costs one query when the territory has no signed-off
    year.

    * victim records: the years of every record of the persons ``person_keys`` (a record of an
      open year can move the year a person counts in, or their status) give pending revisions;
    * trafficker records: a stage event (date or outcome) added, changed or removed in a
      signed-off year is refused, whatever the record's own year; other changes reaching a
      signed-off year through the record's stages give pending revisions.
    """
    territory = record.territory
    with scopes_disabled():
        closed = set(
            ReportingYear.objects.filter(territory=territory, signed_off=True).values_list(
                "year", flat=True
            )
        )
    if not closed:
        return []
    after = record.indicator_values()
    if hasattr(record, "person_first"):  # a victim record
        VictimRecord = record_model("victims")

        years = {record.reporting_year}
        keys = sorted({k for k in person_keys if k})
        if keys:
            with scopes_disabled():
                years |= set(
                    VictimRecord.with_deleted.filter(
                        territory=territory, person_key__in=keys
                    ).values_list("reporting_year", flat=True)
                )
        return check_signed_off_impact(territory, years & closed, user=user, action=action)
    stage_years, event_years = set(), set()
    for date_field, outcome in STAGE_EVENTS:
        old = before or {}
        dates = {after.get(date_field), old.get(date_field)}
        changed = before is None or after.get(date_field) != old.get(date_field)
        if outcome:
            changed |= before is not None and after.get(outcome) != old.get(outcome)
        for value in dates:
            year = _year_of(value)
            if year in closed:
                stage_years.add(year)
                if changed:
                    event_years.add(year)
    check_signed_off_impact(territory, event_years, user=user, action=action, refuse=True)
    return check_signed_off_impact(territory, stage_years - event_years, user=user, action=action)
