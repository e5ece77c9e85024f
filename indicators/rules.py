"""Conditions, completeness and the cross-field rules of spec §9, for forms and imports alike.

Everything here works on a mapping of indicator codes to cleaned values, so that the web form and
the spreadsheet import apply exactly the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from indicators.i18n import text as catalogue_text
from indicators.schema import MISSING_LABELS, Database
from indicators.types import type_of
from thb_data.dates import PartialDate

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    field: str  # indicator code (form field name), or "" for the whole record
    message: str
    level: str = ERROR


@dataclass(frozen=True)
class RuleContext:
    territory_code: str  # the reporting country (ISO code of the territory)


def applies(database: Database, code: str, values: Mapping) -> bool:
    """True when the indicator's condition holds (or it has none), and, for an indicator of
    natural persons only, when the record is not a legal person's."""
    ind = database.get(code)
    if ind.natural_person_only and database.is_legal_person(values):
        return False
    if ind.condition is None:
        return True
    parent = database.get(ind.condition.indicator)
    if not applies(database, parent.code, values):
        return False
    return type_of(parent).includes(values.get(parent.code), ind.condition.values)


def apply_conditions(database: Database, values: dict) -> dict:
    """Empty every indicator whose condition does not hold: the server ignores what was typed
    into a field that does not apply (the browser hides it, but a POST can carry anything)."""
    cleaned = dict(values)
    for ind in database.indicators:
        if (
            (ind.condition is not None or (ind.natural_person_only and ind.is_entered))
            and ind.code in cleaned
            and not applies(database, ind.code, cleaned)
        ):
            indicator_type = type_of(ind)
            cleaned[ind.code] = indicator_type.empty_value()
            for extra in indicator_type.extra_form_fields(ind, None):
                cleaned[extra] = False
    return cleaned


def missing_core(database: Database, values: Mapping) -> list[Issue]:
    """Core indicators (and applicable conditional ones that §9 requires) left empty."""
    issues = []
    for ind in database.indicators:
        if not ind.is_entered:
            continue
        required = ind.core or ind.required_when_applicable
        if (
            required
            and applies(database, ind.code, values)
            and type_of(ind).is_empty(values.get(ind.code))
        ):
            issues.append(Issue(ind.code, _("Required to mark the record complete.")))
    return issues


def _date(values: Mapping, code: str) -> PartialDate | None:
    try:
        return PartialDate.parse(values.get(code) or None)
    except ValueError:
        return None


def _amount(value) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)


def _order(
    values, earlier: str, later: str, labels: Mapping[str, str], strict=False
) -> Issue | None:
    """An issue on ``later`` when it is before ``earlier``.

    With partial dates, only a certain contradiction counts (the latest day ``later`` can mean
    is before the earliest day ``earlier`` can mean); an estimated date only warns.
    """
    a, b = _date(values, earlier), _date(values, later)
    if a is None or b is None:
        return None
    contradiction = a.lower >= b.upper if strict else a.lower > b.upper
    if not contradiction:
        return None
    approximate = bool(values.get(f"{earlier}_estimated") or values.get(f"{later}_estimated"))
    message = (
        _("%(later)s must be after %(earlier)s (%(date)s).")
        if strict
        else _("%(later)s must be on or after %(earlier)s (%(date)s).")
    )
    return Issue(
        later,
        message % {"later": labels[later], "earlier": labels[earlier].lower(), "date": a},
        WARNING if approximate else ERROR,
    )


def date_order_issues(database: Database, values: Mapping) -> list[Issue]:
    """The order of the dates the catalogue declares: the chain (``date_chain``, each present
    date on or after the one before it) and each date's ``not_before``; a date is strictly after
    the date of birth."""
    labels = {ind.code: catalogue_text(ind.label) for ind in database.indicators}
    birth = database.date_of_birth
    issues: list[Issue] = []
    present = [ind.code for ind in database.indicators if ind.date_chain and values.get(ind.code)]
    for earlier, later in zip(present, present[1:], strict=False):
        issue = _order(values, earlier, later, labels, strict=earlier == birth)
        if issue:
            issues.append(issue)
    for ind in database.indicators:
        for earlier in ind.not_before:
            issue = _order(values, earlier, ind.code, labels, strict=earlier == birth)
            if issue:
                issues.append(issue)
    return issues


# --- victims -------------------------------------------------------------------------------------

MAX_AGE = 100


def victim_rules(database: Database, values: Mapping, context: RuleContext) -> list[Issue]:
    # Date order (the catalogue's chain): DOB < recruitment <= departure <= exploitation start
    # <= end <= identification, and the dates' ``not_before``.
    issues = date_order_issues(database, values)

    age = values.get("v_age_at_identification")
    if age is not None and age > MAX_AGE:
        issues.append(
            Issue(
                "v_date_of_birth",
                _("The age at identification is over %(max)s.") % {"max": MAX_AGE},
            )
        )

    # Internal trafficking: no transit countries, exploited where the person lived.
    if values.get("v_trafficking_type") == "internal":
        transit = [c for c in values.get("v_transit_countries") or [] if c != "not_applicable"]
        if transit:
            issues.append(
                Issue(
                    "v_transit_countries",
                    _(
                        "Internal trafficking has no transit countries: leave this empty or choose "
                        "“Not applicable”."
                    ),
                )
            )
        residence = values.get("v_residence_country")
        exploited = [c for c in values.get("v_exploitation_country") or [] if len(c) == 2]
        if residence and len(residence) == 2 and exploited and set(exploited) != {residence}:
            issues.append(
                Issue(
                    "v_exploitation_country",
                    _(
                        "Internal trafficking: the country of exploitation must be the country of "
                        "residence."
                    ),
                )
            )

    # The main form of exploitation is one of the forms.
    main = values.get("v_main_exploitation_form")
    forms = values.get("v_exploitation_form") or []
    if main and main != "unknown" and main not in forms:
        issues.append(
            Issue("v_main_exploitation_form", _("The main form must be one of the forms selected."))
        )

    # An intercepted person was never exploited (the forms are the intended ones).
    if values.get("v_intercepted") == "yes":
        for code in ("v_exploitation_start", "v_exploitation_end"):
            if values.get(code):
                issues.append(
                    Issue(
                        code,
                        _(
                            "The person was intercepted before any exploitation: leave the "
                            "dates of exploitation empty (the forms give the intended "
                            "exploitation)."
                        ),
                    )
                )

    # Unaccompanied or separated: children only.
    if values.get("v_unaccompanied_child") == "yes" and values.get("v_minor_flag") == "no":
        issues.append(
            Issue(
                "v_unaccompanied_child",
                _(
                    "Only a child can be unaccompanied or separated: the person was 18 or over. "
                    "Choose “Not applicable”."
                ),
            )
        )

    # No compensation claimed is not a procedure among others.
    claimed = values.get("v_compensation_claimed") or []
    if "none" in claimed and len(claimed) > 1:
        issues.append(
            Issue(
                "v_compensation_claimed",
                _("“None” cannot be combined with a procedure."),
            )
        )

    # Compensation paid cannot exceed the amount awarded.
    awarded, paid = values.get("v_compensation_amount"), values.get("v_compensation_paid_amount")
    if awarded not in (None, "") and paid not in (None, "") and _amount(paid) > _amount(awarded):
        issues.append(
            Issue(
                "v_compensation_paid_amount",
                _("The amount paid is more than the amount awarded."),
            )
        )

    # Residence permits are for foreign victims only.
    permit = values.get("v_residence_permit")
    citizenship = values.get("v_citizenship")
    identified_in = values.get("v_identification_country") or context.territory_code
    if (
        permit
        and permit not in ("not_applicable", "unknown")
        and citizenship
        and citizenship == identified_in
    ):
        issues.append(
            Issue(
                "v_residence_permit",
                _(
                    "A residence permit applies only to foreign victims: the citizenship is the "
                    "country of identification. Choose “Not applicable”."
                ),
            )
        )

    # National / foreign category agrees with the citizenship.
    category = values.get("v_victim_category")
    if category and citizenship and len(citizenship) == 2:
        national = citizenship == context.territory_code
        if category.startswith("national_") and not national:
            issues.append(
                Issue(
                    "v_victim_category", _("A national victim has the citizenship of this country.")
                )
            )
        if category.startswith("foreign_") and national:
            issues.append(
                Issue(
                    "v_victim_category",
                    _("A foreign national does not have the citizenship of this country."),
                )
            )
    return issues


# --- traffickers ---------------------------------------------------------------------------------

IMPRISONMENT = frozenset({"unconditional_imprisonment", "suspended_imprisonment"})
# Sentence fields of each verdict: (outcome, sanction type, prison months).
VERDICTS = (
    ("t_verdict_first", "t_sentence_type", "t_prison_months", "t_fine_amount"),
    ("t_final_outcome", "t_final_sentence_type", "t_final_prison_months", None),
)


APPEAL_NEEDS_VERDICT = (
    "An appeal needs the first-instance decision: log the outcome of the First-instance trial "
    "stage first."
)
SANCTION_NEEDS_CONVICTION = (
    "Sanctions, confiscation and compensation need a conviction: log a first-instance or final "
    "judgment that convicts first."
)


def _has_answer(value) -> bool:
    """An answer that states something (not empty, not a missing-value code)."""
    if isinstance(value, list | tuple):
        return any(v not in MISSING_LABELS for v in value)
    return value not in (None, "") and value not in MISSING_LABELS


def stage_order_issues(values: Mapping) -> list[Issue]:
    """The stages of the proceedings in their order: an appeal after a first-instance decision,
    sanctions after a conviction (the earlier stages' order is checked with their dates)."""
    issues = []
    appealed = any(
        values.get(code) not in (None, "")
        for code in ("t_appeal_filed", "t_verdict_second", "t_verdict_second_date")
    )
    if appealed and values.get("t_verdict_first") in (None, ""):
        field = next(
            c
            for c in ("t_appeal_filed", "t_verdict_second", "t_verdict_second_date")
            if values.get(c) not in (None, "")
        )
        issues.append(Issue(field, APPEAL_NEEDS_VERDICT))
    convicted = "convicted" in (values.get("t_verdict_first"), values.get("t_final_outcome"))
    sanctions = [
        code for code in ("t_confiscation", "t_compensation_ordered") if values.get(code) == "yes"
    ] + [
        code
        for code in ("t_other_measures", "t_legal_person_sanctions")
        if _has_answer(values.get(code) or [])
    ]
    if sanctions and not convicted:
        issues.append(Issue(sanctions[0], SANCTION_NEEDS_CONVICTION))
    return issues


def trafficker_rules(database: Database, values: Mapping, context: RuleContext) -> list[Issue]:
    labels = {ind.code: catalogue_text(ind.label) for ind in database.indicators}
    issues = date_order_issues(database, values)  # the stages' dates in order (the catalogue's)

    # A stage needs the stage before it.
    if values.get("t_indictment_date") and not values.get("t_complaint_date"):
        issues.append(Issue("t_complaint_date", _("An indictment needs the complaint date.")))
    if (values.get("t_verdict_first") or values.get("t_verdict_first_date")) and not values.get(
        "t_indictment_date"
    ):
        issues.append(Issue("t_indictment_date", _("A verdict needs the indictment date.")))
    for outcome_code, date_code in (
        ("t_verdict_first", "t_verdict_first_date"),
        ("t_verdict_second", "t_verdict_second_date"),
        ("t_final_outcome", "t_final_date"),
    ):
        outcome, date = values.get(outcome_code), values.get(date_code)
        if outcome and outcome != "unknown" and not date:
            issues.append(
                Issue(
                    date_code,
                    _("Give the date of the decision (%(decision)s).")
                    % {"decision": labels[outcome_code]},
                )
            )
        if date and not outcome:
            issues.append(Issue(outcome_code, _("Give the decision taken on this date.")))

    issues.extend(stage_order_issues(values))

    # Convictions carry their sanction; acquittals and dismissals carry none.
    for outcome_code, type_code, months_code, fine_code in VERDICTS:
        outcome = values.get(outcome_code)
        sanction = [s for s in values.get(type_code) or [] if s != "unknown"]
        months = values.get(months_code)
        if outcome == "convicted":
            if not values.get(type_code):
                issues.append(Issue(type_code, _("A conviction requires the sanction imposed.")))
            if IMPRISONMENT & set(sanction) and months in (None, ""):
                issues.append(
                    Issue(months_code, _("Give the length of the imprisonment in months."))
                )
            if months not in (None, "") and sanction and not IMPRISONMENT & set(sanction):
                issues.append(
                    Issue(
                        months_code, _("Months of imprisonment without a sanction of imprisonment.")
                    )
                )
            if fine_code and "fine" in sanction and values.get(fine_code) in (None, ""):
                issues.append(Issue(fine_code, _("Give the amount of the fine.")))
        elif outcome and (sanction or months not in (None, "")):
            issues.append(
                Issue(type_code, _("Only a conviction carries a sanction: leave it empty."))
            )

    main = values.get("t_main_exploitation_form")
    forms = values.get("t_exploitation_forms") or []
    if main and main != "unknown" and main not in forms:
        issues.append(
            Issue("t_main_exploitation_form", _("The main form must be one of the forms selected."))
        )
    return issues


RULES = {"victims": victim_rules, "traffickers": trafficker_rules}


def check(
    database: Database, values: Mapping, context: RuleContext, *, complete: bool
) -> list[Issue]:
    """Every issue of ``values``: cross-field rules always, completeness when ``complete``."""
    issues = list(RULES[database.code](database, values, context))
    if complete:
        issues.extend(missing_core(database, values))
    return issues
