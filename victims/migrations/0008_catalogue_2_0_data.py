"""Catalogue 2.0: map the codes stored in victim records onto the new code lists.

An ordinary data migration (indicators/catalogue/versions.py names it in the change log). The
mappings are frozen here, as they stood when the catalogue changed; the catalogue may move on.

Forward, for every record (deleted ones too, so that a restored record is valid):

- forms of exploitation: ``not_yet_exploited`` is retired. The record gets ``v_intercepted = yes``
  and keeps its other forms (the intended ones); with none left the forms are ``unknown``. A main
  form of ``not_yet_exploited`` becomes the only remaining form, or ``unknown``. Every other
  record with a known form gets ``v_intercepted = no`` (the old list had a category for
  intercepted persons, so a record without it was exploited).
- labour sectors become ISIC Rev.4 sections; ``begging_peddling`` is retired and the record gains
  the form ``begging``; ``other`` (no sector named) becomes ``unknown``.
- recruitment: ``false_job_offer_personal`` / ``_advert`` become ``false_job_offer`` (the first
  with the channel "in person"); ``internet_social_media`` becomes the channel
  ``online_unspecified``.
- education becomes ISCED 2011 levels (``still_in_school`` -> ``unknown``).
- non-punishment: the free-text offence is coded into ``v_non_punishment``; a text that matched a
  code is cleared (free text is a re-identification risk), one that matched none stays as the
  "other offence" text with the code ``other``.

Every change is audited (one entry per record with the old and the new values), and backward
restores exactly what this migration changed from those entries (thb_data/audit/migration_trail.py):
agriculture versus fishing, the begging sector, the offence text. Only a value edited after the
migration (or a record created under catalogue 2.0) goes back to the nearest old code, where the
old lists had one (ISCED 4 -> secondary_vocational; surrogacy -> other; a coded offence -> its
label).
"""

from django.db import migrations

from thb_data.audit.migration_trail import migrate_backward, migrate_forward

RETIRED_FORM = "not_yet_exploited"
UNKNOWN = "unknown"

SECTORS = {
    "agriculture": "a_agriculture",
    "fishing": "a_agriculture",
    "manufacturing": "c_manufacturing",
    "construction": "f_construction",
    "trade_markets": "g_trade",
    "hospitality": "i_accommodation_food",
    "cleaning": "n_administrative_support",
    "domestic_work": "t_households",
    "other": UNKNOWN,
}
SECTORS_BACK = {
    "a_agriculture": "agriculture",
    "c_manufacturing": "manufacturing",
    "f_construction": "construction",
    "g_trade": "trade_markets",
    "i_accommodation_food": "hospitality",
    "n_administrative_support": "cleaning",
    "t_households": "domestic_work",
}

METHODS = {
    "false_job_offer_personal": "false_job_offer",
    "false_job_offer_advert": "false_job_offer",
    "internet_social_media": None,  # a channel, not a method
}
METHOD_CHANNELS = {
    "false_job_offer_personal": "in_person_family_friends",
    "internet_social_media": "online_unspecified",
}
ONLINE_CHANNELS = {
    "online_job_site",
    "social_network",
    "messaging_app",
    "dating_app",
    "online_game",
    "online_unspecified",
}

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

# (code, words any of which in the lower-cased text gives the code), in this order.
OFFENCE_WORDS = (
    ("prostitution_misdemeanour", ("prostitut", "sex work", "solicit")),
    ("irregular_entry_stay", ("irregular", "border", "illegal entry", "illegal stay", "visa")),
    ("false_documents", ("document", "passport", "forg", "false id")),
    ("drug_offence", ("drug", "narcotic", "cannabis", "heroin", "cocaine")),
    ("property_offence", ("theft", "steal", "stole", "pickpocket", "shoplift", "burglar", "rob")),
    ("begging", ("begging", "beg ")),
)
OFFENCE_LABELS = {
    "prostitution_misdemeanour": "Prostitution (misdemeanour)",
    "irregular_entry_stay": "Irregular border crossing, entry or stay",
    "false_documents": "Use or possession of false documents",
    "drug_offence": "Drug offence",
    "property_offence": "Theft or another property offence",
    "begging": "Begging (misdemeanour)",
}

FIELDS = (
    "v_exploitation_form",
    "v_main_exploitation_form",
    "v_intercepted",
    "v_labour_sector",
    "v_recruitment_method",
    "v_recruitment_channel",
    "v_education",
    "v_non_punishment",
    "v_victim_prosecuted_offence",
)


def _unique(codes):
    result = []
    for code in codes:
        if code and code not in result:
            result.append(code)
    return result


def offence_codes(text: str) -> list[str]:
    """The codes a free-text offence names (``other`` when it names none)."""
    lowered = f" {text.lower()} "
    codes = [code for code, words in OFFENCE_WORDS if any(word in lowered for word in words)]
    return codes or ["other"]


def forward_values(v: dict) -> dict:
    """The catalogue 2.0 values of one record's old values (only the keys of FIELDS)."""
    v = dict(v)
    forms = list(v["v_exploitation_form"] or [])
    sectors = list(v["v_labour_sector"] or [])

    if "begging_peddling" in sectors:
        sectors = [s for s in sectors if s != "begging_peddling"]
        if "begging" not in forms:
            forms = [f for f in forms if f != UNKNOWN] + ["begging"]
        if not sectors:
            sectors = [UNKNOWN]
    v["v_labour_sector"] = _unique(SECTORS.get(s, s) for s in sectors)
    if len(v["v_labour_sector"]) > 1 and UNKNOWN in v["v_labour_sector"]:
        v["v_labour_sector"] = [s for s in v["v_labour_sector"] if s != UNKNOWN]

    if RETIRED_FORM in forms:
        intended = [f for f in forms if f not in (RETIRED_FORM, UNKNOWN)]
        forms = intended or [UNKNOWN]
        v["v_intercepted"] = "yes"
        if v["v_main_exploitation_form"] == RETIRED_FORM:
            v["v_main_exploitation_form"] = intended[0] if len(intended) == 1 else UNKNOWN
    elif forms and forms != [UNKNOWN] and not v["v_intercepted"]:
        v["v_intercepted"] = "no"
    v["v_exploitation_form"] = forms

    methods = list(v["v_recruitment_method"] or [])
    channels = list(v["v_recruitment_channel"] or [])
    channels += [METHOD_CHANNELS[m] for m in methods if m in METHOD_CHANNELS]
    new_methods = _unique(METHODS.get(m, m) for m in methods)
    if methods and not new_methods:
        new_methods = [UNKNOWN]
    v["v_recruitment_method"] = new_methods
    v["v_recruitment_channel"] = _unique(channels)

    if v["v_education"] in EDUCATION:
        v["v_education"] = EDUCATION[v["v_education"]]

    text = (v["v_victim_prosecuted_offence"] or "").strip()
    if text and not v["v_non_punishment"]:
        codes = offence_codes(text)
        v["v_non_punishment"] = codes
        if "other" not in codes:
            v["v_victim_prosecuted_offence"] = ""
    return v


def backward_values(v: dict) -> dict:
    """The catalogue 1.0 values of one record's catalogue 2.0 values."""
    v = dict(v)
    forms = list(v["v_exploitation_form"] or [])
    if v["v_intercepted"] == "yes":
        forms = [f for f in forms if f != UNKNOWN] + [RETIRED_FORM]
        v["v_main_exploitation_form"] = RETIRED_FORM
    v["v_exploitation_form"] = [f if f != "surrogacy" else "other" for f in forms]
    if v["v_main_exploitation_form"] == "surrogacy":
        v["v_main_exploitation_form"] = "other"
    v["v_exploitation_form"] = _unique(v["v_exploitation_form"])

    sectors = v["v_labour_sector"] or []
    v["v_labour_sector"] = _unique(
        SECTORS_BACK.get(s, s if s in (UNKNOWN,) else "other") for s in sectors
    )

    channels = set(v["v_recruitment_channel"] or [])
    methods = []
    for method in v["v_recruitment_method"] or []:
        if method == "false_job_offer":
            in_person = "in_person_family_friends" in channels
            methods.append("false_job_offer_personal" if in_person else "false_job_offer_advert")
        elif method == "debt_offer":
            methods.append("other")
        else:
            methods.append(method)
    if channels & ONLINE_CHANNELS:
        methods = [m for m in methods if m != UNKNOWN] + ["internet_social_media"]
    v["v_recruitment_method"] = _unique(methods)

    if v["v_education"] in EDUCATION_BACK:
        v["v_education"] = EDUCATION_BACK[v["v_education"]]

    codes = v["v_non_punishment"] or []
    if codes and not (v["v_victim_prosecuted_offence"] or "").strip():
        labels = [OFFENCE_LABELS[c] for c in codes if c in OFFENCE_LABELS]
        v["v_victim_prosecuted_offence"] = "; ".join(labels)[:200]
    return v


MIGRATION = "victims.0008_catalogue_2_0_data"


def forward(apps, schema_editor):
    migrate_forward(apps, "victims", "VictimRecord", FIELDS, forward_values, MIGRATION)


def backward(apps, schema_editor):
    migrate_backward(apps, "victims", "VictimRecord", FIELDS, backward_values, MIGRATION)


class Migration(migrations.Migration):
    dependencies = [("victims", "0007_catalogue_2_0_fields"), ("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
