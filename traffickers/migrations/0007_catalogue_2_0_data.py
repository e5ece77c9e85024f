"""Catalogue 2.0: map the codes stored in trafficker records onto the new code lists.

An ordinary data migration (indicators/catalogue/versions.py names it in the change log), with
the mappings frozen as they stood when the catalogue changed.

Forward:

- forms of exploitation: ``not_yet_exploited`` is retired (the victim side has the flag
  ``v_intercepted``); the record keeps its other forms, or ``unknown`` when none is left, and a
  main form of ``not_yet_exploited`` becomes the only remaining form, or ``unknown``;
- recruitment methods: ``false_job_offer_personal`` / ``_advert`` become ``false_job_offer``;
  ``internet_social_media`` (a channel, not a method) is dropped, ``unknown`` when nothing is
  left;
- education becomes ISCED 2011 levels (``still_in_school`` -> ``unknown``).

Every change is audited (one entry per record, with the old and the new values), and backward
restores exactly what this migration changed from those entries (thb_data/audit/migration_trail.py):
the retired form, the two kinds of false job offer, the online recruitment, primary school
versus incomplete secondary. Only a value edited after the migration (or a record created under
catalogue 2.0) goes back to the nearest old code: surrogacy -> other, debt_offer -> other,
false_job_offer -> false_job_offer_personal, ISCED levels -> the old education codes.
"""

from django.db import migrations

from thb_data.audit.migration_trail import migrate_backward, migrate_forward

RETIRED_FORM = "not_yet_exploited"
UNKNOWN = "unknown"

METHODS = {
    "false_job_offer_personal": "false_job_offer",
    "false_job_offer_advert": "false_job_offer",
    "internet_social_media": None,
}
METHODS_BACK = {"false_job_offer": "false_job_offer_personal", "debt_offer": "other"}

EDUCATION = {
    "none": "isced_0",
    "incomplete_primary": "isced_1",
    "primary": "isced_2",
    "incomplete_secondary": "isced_2",
    "secondary_general": "isced_3_general",
    "secondary_vocational": "isced_3_vocational",
    "higher": "isced_5_8",
    "still_in_school": UNKNOWN,
}
EDUCATION_BACK = {
    "isced_0": "none",
    "isced_1": "incomplete_primary",
    "isced_2": "primary",
    "isced_3_general": "secondary_general",
    "isced_3_vocational": "secondary_vocational",
    "isced_4": "secondary_vocational",
    "isced_5_8": "higher",
}

FIELDS = ("t_exploitation_forms", "t_main_exploitation_form", "t_recruitment_methods", "t_education")


def _unique(codes):
    result = []
    for code in codes:
        if code and code not in result:
            result.append(code)
    return result


def forward_values(v: dict) -> dict:
    v = dict(v)
    forms = list(v["t_exploitation_forms"] or [])
    if RETIRED_FORM in forms:
        remaining = [f for f in forms if f not in (RETIRED_FORM, UNKNOWN)]
        v["t_exploitation_forms"] = remaining or [UNKNOWN]
        if v["t_main_exploitation_form"] == RETIRED_FORM:
            v["t_main_exploitation_form"] = remaining[0] if len(remaining) == 1 else UNKNOWN
    methods = list(v["t_recruitment_methods"] or [])
    new_methods = _unique(METHODS.get(m, m) for m in methods)
    v["t_recruitment_methods"] = new_methods or ([UNKNOWN] if methods else [])
    if v["t_education"] in EDUCATION:
        v["t_education"] = EDUCATION[v["t_education"]]
    return v


def backward_values(v: dict) -> dict:
    v = dict(v)
    forms = v["t_exploitation_forms"] or []
    v["t_exploitation_forms"] = _unique("other" if f == "surrogacy" else f for f in forms)
    if v["t_main_exploitation_form"] == "surrogacy":
        v["t_main_exploitation_form"] = "other"
    v["t_recruitment_methods"] = _unique(
        METHODS_BACK.get(m, m) for m in v["t_recruitment_methods"] or []
    )
    if v["t_education"] in EDUCATION_BACK:
        v["t_education"] = EDUCATION_BACK[v["t_education"]]
    return v


MIGRATION = "traffickers.0007_catalogue_2_0_data"


def forward(apps, schema_editor):
    migrate_forward(apps, "traffickers", "TraffickerRecord", FIELDS, forward_values, MIGRATION)


def backward(apps, schema_editor):
    migrate_backward(apps, "traffickers", "TraffickerRecord", FIELDS, backward_values, MIGRATION)


class Migration(migrations.Migration):
    dependencies = [("traffickers", "0006_catalogue_2_0_fields"), ("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
