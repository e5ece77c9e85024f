"""Database 1: victims of trafficking (spec/indicators.md §3, handbook Part 3).

One victim record is one registration, by one data-providing institution, of one person's
trafficking experience. Indicators are listed in the order of the trafficking process.
"""

from __future__ import annotations

from indicators.catalogue.code_lists import CODE_LISTS
from indicators.schema import (
    U_D,
    U_NA,
    Condition,
    Database,
    Indicator,
    Section,
    U,
    gettext_noop,
    indicator_factory,
)

NO_IDENTIFYING_DETAILS = gettext_noop(
    "No identifying details: no names, addresses, phone or ID numbers."
)


_v = indicator_factory("Part 3")


SECTIONS = (
    Section("A", gettext_noop("Registration and case status")),
    Section("B", gettext_noop("Personal and socio-demographic profile (before trafficking)")),
    Section("C", gettext_noop("Recruitment")),
    Section("D", gettext_noop("Transportation and movement")),
    Section("E", gettext_noop("Exploitation")),
    Section("F", gettext_noop("Exit from trafficking, identification and referral")),
    Section("G", gettext_noop("Assistance and protection")),
    Section("H", gettext_noop("Return and (re)integration")),
    Section("I", gettext_noop("Involvement in criminal proceedings (victim side)")),
    Section("J", gettext_noop("Re-trafficking")),
)

_FORM_INCLUDES_SEXUAL = Condition("v_exploitation_form", ("sexual",))
_FORM_INCLUDES_LABOUR = Condition("v_exploitation_form", ("labour",))
_ASSISTANCE_TAKEN_UP = Condition("v_assistance_accepted", ("accepted", "partly_accepted"))
_RETURNED = Condition("v_returned", ("yes",))
_PROSECUTED = Condition("v_victim_prosecuted", ("yes",))
_AWARDED = Condition("v_compensation_awarded", ("awarded_paid", "awarded_not_paid"))
_ICT_USED = Condition(
    "v_ict_use", ("recruitment", "advertising", "control", "exploitation", "payment")
)
_REFERRED_FOR_IDENTIFICATION = Condition(
    "v_identification_referral_source", tuple(CODE_LISTS["institution_type"].codes())
)
HTCDS = "HTCDS v2.0 (2021-12-24)"

INDICATORS: tuple[Indicator, ...] = (
    # --- A. Registration and case status --------------------------------------------------------
    _v(
        "v_personal_code",
        gettext_noop("Personal (unique) code of the victim"),
        "system",
        "A",
        "R-H",
        gettext_noop(
            "Anonymous code built from the initials, date of birth, sex and citizenship of the "
            "person, stored only as a keyed hash. It links the records of one person across data "
            "providers so that persons are not counted twice."
        ),
        level="P",
        source="personal_code_hash",
        note="Main key. Anonymised, and used to detect double counting across data providers. "
        "Existence R-H; composition R-L (spec §5).",
        help_text=gettext_noop(
            "Built by the system from the code elements you enter; the elements "
            "themselves are not stored."
        ),
    ),
    _v(
        "v_entry_date",
        gettext_noop("Date the record was entered"),
        "system",
        "A",
        "R-M",
        gettext_noop("Date on which the record was first entered in the database."),
        level="P",
        source="created_at",
        note="Filled by the system.",
    ),
    _v(
        "v_last_update",
        gettext_noop("Date of last update"),
        "system",
        "A",
        "R-M",
        gettext_noop("Date on which the record was last changed."),
        level="P",
        source="updated_at",
        note="Audit trail.",
    ),
    _v(
        "v_data_provider",
        gettext_noop("Institution that supplied the data"),
        "system",
        "A",
        "R-H",
        gettext_noop("Kind of institution that registered the person and supplied this record."),
        level="P",
        code_list="victim_data_provider",
        source="institution_kind",
        note="Several providers for one person is exactly what the personal code reconciles. "
        "One record per provider.",
    ),
    _v(
        "v_consent_obtained",
        gettext_noop("Informed consent to record the data"),
        "single",
        "A",
        "R-M",
        gettext_noop(
            "Whether the person (or, for a child, a parent or appointed guardian) gave informed "
            "consent to have the data recorded, or whether consent is not required because the "
            "record is anonymous and statistical."
        ),
        level="P",
        code_list="consent",
        missing=U,
        note="Consent forms are confirmed as a Part 7 tool [C]; the field itself is inferred.",
        help_text=gettext_noop(
            "Use the Part 7 consent form. Refusing consent never affects the assistance "
            "the person receives."
        ),
    ),
    _v(
        "v_victim_status",
        gettext_noop("Victim status"),
        "single",
        "A",
        "R-M",
        gettext_noop(
            "Whether the person is a formally identified victim, a presumed (potential) victim, or "
            "was later not confirmed as a victim of trafficking."
        ),
        level="P",
        code_list="victim_status",
        core=True,
        indexed=True,
        note='Eurostat counts both identified and presumed ("registered") victims '
        "[C: https://dgs-p.eige.europa.eu/data/metadata/genvio_tra_adm_vict__crim_thb_vsage].",
        help_text=gettext_noop("Update the status when a formal identification decision is taken."),
        list_filter=True,
    ),
    _v(
        "v_formal_identification_date",
        gettext_noop("Date of formal identification"),
        "date",
        "A",
        "R-L",
        gettext_noop(
            "Date on which the competent body formally identified the person as a victim of "
            "trafficking (may be later than the first identification)."
        ),
        level="P",
        condition=Condition("v_victim_status", ("identified",)),
        not_before=("v_identification_date",),
        note=f"Catalogue 2.0. GRETA asks how many were formally identified and how long it took; "
        f"{HTCDS} vic_TraffickingStatus.",
        help_text=gettext_noop("The date of the decision, not of the first contact."),
    ),
    _v(
        "v_status_decision_body",
        gettext_noop("Body that decided the victim status"),
        "single",
        "A",
        "R-L",
        gettext_noop(
            "The body that took the decision on the victim status (formal identification, or the "
            "finding that the person is not a victim)."
        ),
        level="P",
        code_list="status_decision_body",
        missing=U,
        condition=Condition("v_victim_status", ("identified", "not_confirmed")),
        note=f"Catalogue 2.0. {HTCDS} vic_TraffickingStatusDecisionMakingOrg. Not the first "
        "identifier (v_identifying_institution).",
    ),
    _v(
        "v_victim_category",
        gettext_noop("Victim category relative to the reporting country"),
        "single",
        "A",
        "R-M",
        gettext_noop(
            "Whether the person is a national trafficked abroad or within the country, or a "
            "foreign national trafficked into or through the reporting country."
        ),
        level="P",
        code_list="victim_category",
        missing=U,
        note="Needed for origin/transit/destination reporting.",
    ),
    _v(
        "v_trafficking_type",
        gettext_noop("Type of trafficking"),
        "single",
        "A",
        "R-H",
        gettext_noop(
            "Whether the trafficking crossed an international border (international), took place "
            "within one country (internal), or both."
        ),
        level="P",
        code_list="trafficking_type",
        missing=U,
        indexed=True,
        note="Can be derived from the country fields, but is usually stored as well.",
        help_text=gettext_noop(
            "Internal trafficking has no transit countries and the country of "
            "exploitation is the country of residence."
        ),
    ),
    # --- B. Personal and socio-demographic profile ----------------------------------------------
    _v(
        "v_sex",
        gettext_noop("Sex"),
        "single",
        "B",
        "R-H",
        gettext_noop("Sex of the person."),
        level="P",
        code_list="sex",
        missing=U,
        core=True,
        indexed=True,
        note="Collected by IOM 2009 and Eurostat [C: IOM 2009 guidelines; Eurostat metadata].",
        list_filter=True,
        list_column=True,
        code_element="sex",
    ),
    _v(
        "v_date_of_birth",
        gettext_noop("Date of birth"),
        "date",
        "B",
        "R-H",
        gettext_noop(
            "Date of birth of the person; the year alone, or the year and month, is accepted when "
            "the full date is not known."
        ),
        level="P",
        core=True,
        partial=True,
        estimated_flag=True,
        note="Also an element of the personal code (§5).",
        help_text=gettext_noop(
            "Enter YYYY or YYYY-MM if the day or month is unknown, and tick "
            "'estimated' if the date is an estimate."
        ),
        code_element="date_of_birth",
        date_chain=True,
    ),
    _v(
        "v_age_at_recruitment",
        gettext_noop("Age at recruitment"),
        "derived",
        "B",
        "R-H",
        gettext_noop(
            "Age in completed years on the date of recruitment, computed from the date of birth "
            "and "
            "the recruitment date."
        ),
        level="P/E",
        code_list="victim_age_band",
        derive="age_at_recruitment",
        unit="years",
        note="Reporting bands (proposal): 0-13, 14-17, 18-24, 25-34, 35-44, 45+. Child = under "
        "18 at recruitment (Palermo Art. 3(d)).",
    ),
    _v(
        "v_age_at_identification",
        gettext_noop("Age at identification"),
        "derived",
        "B",
        "R-M",
        gettext_noop(
            "Age in completed years on the date of identification, computed from the date of birth "
            "and the identification date."
        ),
        level="P",
        code_list="victim_age_band",
        derive="age_at_identification",
        unit="years",
        indexed=True,
        note="Same bands as age at recruitment.",
    ),
    _v(
        "v_minor_flag",
        gettext_noop("Child victim (under 18)"),
        "derived",
        "B",
        "R-H",
        gettext_noop(
            "Yes when the person was under 18 at recruitment (or, if the recruitment date is "
            "unknown, at identification); computed, never typed in."
        ),
        level="P",
        derive="minor_flag",
        indexed=True,
        note="Child victims are always reported separately.",
        list_filter=True,
    ),
    _v(
        "v_citizenship",
        gettext_noop("Citizenship"),
        "country",
        "B",
        "R-H",
        gettext_noop("Country of citizenship of the person (or stateless)."),
        level="P",
        missing=U,
        core=True,
        indexed=True,
        note='IOM 2009 "nationality" [C: IOM 2009 guidelines].',
        help_text=gettext_noop("For a person with two citizenships, enter the second one below."),
        list_filter=True,
        list_column=True,
        code_element="citizenship",
    ),
    _v(
        "v_second_citizenship",
        gettext_noop("Second citizenship"),
        "country",
        "B",
        "R-H",
        gettext_noop("Second country of citizenship, for a person who holds two citizenships."),
        level="P",
        missing=U_NA,
        note="Companion of v_citizenship (spec: single choice + second citizenship).",
        help_text=gettext_noop("Choose 'Not applicable' when the person has only one citizenship."),
    ),
    _v(
        "v_country_of_origin",
        gettext_noop("Country of origin / birth"),
        "country",
        "B",
        "R-M",
        gettext_noop("Country the person comes from (country of birth)."),
        level="P",
        missing=U,
        note='IOM 2009 "country of origin" [C: IOM 2009 guidelines].',
    ),
    _v(
        "v_ethnicity",
        gettext_noop("Ethnicity / national minority"),
        "national",
        "B",
        "R-M",
        gettext_noop("Ethnic group or national minority the person declares belonging to."),
        level="P",
        code_list="ethnic_groups",
        missing=U_D,
        note="Sensitive data: voluntary; show in statistics only when aggregated.",
        help_text=gettext_noop(
            "Record only what the person declares. If the person does not wish to "
            "declare it, choose 'Declined to answer'."
        ),
    ),
    _v(
        "v_residence_country",
        gettext_noop("Country of residence before trafficking"),
        "country",
        "B",
        "R-H",
        gettext_noop("Country where the person usually lived before being trafficked."),
        level="P",
        missing=U,
    ),
    _v(
        "v_residence_municipality",
        gettext_noop("Municipality/region of residence before trafficking"),
        "national",
        "B",
        "R-M",
        gettext_noop(
            "Municipality (or region) where the person usually lived before being trafficked, when "
            "it is in the reporting territory."
        ),
        level="P",
        code_list="municipalities",
        missing=U_NA,
        note="Supports prevention targeting.",
        help_text=gettext_noop(
            "Choose 'Not applicable' when the person lived outside the territory. "
            "Never record the address."
        ),
    ),
    _v(
        "v_residence_urban_rural",
        gettext_noop("Place of residence type"),
        "single",
        "B",
        "R-M",
        gettext_noop(
            "Whether the place where the person lived before trafficking was urban or rural."
        ),
        level="P",
        code_list="urban_rural",
        missing=U,
    ),
    _v(
        "v_marital_status",
        gettext_noop("Marital/family status"),
        "single",
        "B",
        "R-M",
        gettext_noop("Marital or family status of the person at the time of recruitment."),
        level="P",
        code_list="marital_status",
        missing=U_D,
    ),
    _v(
        "v_has_children",
        gettext_noop("Has children"),
        "yesno",
        "B",
        "R-M",
        gettext_noop("Whether the person has children of their own."),
        level="P",
        missing=U_D,
    ),
    _v(
        "v_number_of_children",
        gettext_noop("Number of children"),
        "integer",
        "B",
        "R-M",
        gettext_noop("Number of children the person has."),
        level="P",
        condition=Condition("v_has_children", ("yes",)),
        unit="persons",
        min_value=1,
        max_value=30,
        note="Companion of v_has_children (spec: yes/no + number).",
    ),
    _v(
        "v_education",
        gettext_noop("Highest education completed"),
        "single",
        "B",
        "R-M",
        gettext_noop("Highest level of education the person completed before trafficking."),
        level="P",
        code_list="education",
        missing=U_D,
    ),
    _v(
        "v_employment_prior",
        gettext_noop("Economic activity before trafficking"),
        "single",
        "B",
        "R-M",
        gettext_noop("Main economic activity of the person just before recruitment."),
        level="P",
        code_list="employment_status",
        missing=U_D,
    ),
    _v(
        "v_living_situation_prior",
        gettext_noop("Living situation before trafficking"),
        "single",
        "B",
        "R-L",
        gettext_noop("With whom, or where, the person lived just before recruitment."),
        level="P",
        code_list="living_situation",
        missing=U_D,
        note='A vulnerability factor ("causes of trafficking" are in the confirmed scope of '
        "DCIM-EU).",
    ),
    _v(
        "v_prior_violence",
        gettext_noop("Violence/abuse experienced before trafficking"),
        "yesno",
        "B",
        "R-L",
        gettext_noop(
            "Whether the person experienced violence, abuse or neglect before being trafficked."
        ),
        level="P",
        missing=U_D,
        note="Same vulnerability rationale.",
        help_text=gettext_noop(
            "Ask only if the person is comfortable answering; never press for details."
        ),
    ),
    _v(
        "v_prior_violence_type",
        gettext_noop("Type of violence/abuse before trafficking"),
        "multi",
        "B",
        "R-L",
        gettext_noop(
            "Type(s) of violence or abuse the person experienced before being trafficked."
        ),
        level="P",
        code_list="prior_violence_type",
        missing=U_D,
        condition=Condition("v_prior_violence", ("yes",)),
        note="Companion of v_prior_violence (spec: yes/no; type).",
    ),
    _v(
        "v_special_needs",
        gettext_noop("Special needs / health conditions"),
        "multi",
        "B",
        "R-L",
        gettext_noop(
            "Special needs or health conditions of the person that matter for assistance."
        ),
        level="P",
        code_list="special_needs",
        missing=U_D,
        help_text=gettext_noop("Choose 'None' when the person has none; no medical details."),
    ),
    _v(
        "v_legal_status_destination",
        gettext_noop("Legal status in the country of exploitation"),
        "single",
        "B",
        "R-M",
        gettext_noop("Residence status of the person in the country where they were exploited."),
        level="E",
        code_list="legal_status",
        missing=U_NA,
        note='IOM 2009 "(legal) status in country of exploitation" [C: IOM 2009 guidelines]. '
        f"Catalogue 2.0 adds the {HTCDS} Guidance 7 protection classes.",
        help_text=gettext_noop("Choose 'Not applicable' for internal trafficking."),
    ),
    _v(
        "v_unaccompanied_child",
        gettext_noop("Unaccompanied or separated child"),
        "yesno",
        "B",
        "R-M",
        gettext_noop(
            "For a child victim, whether the child was separated from both parents and not cared "
            "for by an adult responsible for doing so (unaccompanied), or separated from the "
            "parents or usual caregiver (separated)."
        ),
        level="P",
        missing=U_NA,
        note=f"Catalogue 2.0. {HTCDS} Guidance 7: 'Separated or unaccompanied child'; UNCRC "
        "General Comment No. 6.",
        help_text=gettext_noop("Choose 'Not applicable' for adults."),
    ),
    # --- C. Recruitment -------------------------------------------------------------------------
    _v(
        "v_recruitment_date",
        gettext_noop("Date of recruitment"),
        "date",
        "C",
        "R-H",
        gettext_noop(
            "Date on which the person was recruited (first contact with the recruiter that led to "
            "the trafficking)."
        ),
        partial=True,
        note='"Recruitment practices" are in the confirmed DCIM-EU scope [C].',
        help_text=gettext_noop("The month and year (YYYY-MM) or the year alone is enough."),
        date_chain=True,
    ),
    _v(
        "v_recruitment_country",
        gettext_noop("Country of recruitment"),
        "country",
        "C",
        "R-H",
        gettext_noop("Country where the person was recruited."),
        missing=U,
        note='IOM 2009 "country where recruited" [C: IOM 2009 guidelines].',
    ),
    _v(
        "v_recruitment_municipality",
        gettext_noop("Place of recruitment"),
        "national",
        "C",
        "R-M",
        gettext_noop(
            "Municipality where the person was recruited, when it is in the reporting territory."
        ),
        code_list="municipalities",
        missing=U_NA,
        help_text=gettext_noop(
            "Choose 'Not applicable' when recruitment took place outside the territory."
        ),
    ),
    _v(
        "v_recruitment_method",
        gettext_noop("Method of recruitment"),
        "multi",
        "C",
        "R-H",
        gettext_noop("How the person was drawn into the trafficking situation."),
        code_list="recruitment_method",
        missing=U,
        note="The method (deception, abduction, sale...); the channel is "
        f"v_recruitment_channel (catalogue 2.0). {HTCDS} has no method list: its "
        "vic_MethodOfRecruitment is a channel list [C: github.com/UNMigration/HTCDS, 'HTCDS "
        "Field Standards 2.0.ods'].",
    ),
    _v(
        "v_recruitment_channel",
        gettext_noop("Channel of recruitment"),
        "multi",
        "C",
        "R-M",
        gettext_noop(
            "Where or through what the recruiter first reached the person: in person, an "
            "agency, an "
            "advertisement or an online service."
        ),
        code_list="recruitment_channel",
        missing=U,
        note=f"Catalogue 2.0. {HTCDS} vic_MethodOfRecruitment (at a place of business, at an "
        "educational institution, at work, online social networks, online advertisement, "
        "television, newspaper, family, friends, other).",
    ),
    _v(
        "v_promised_work",
        gettext_noop("Work/activity promised"),
        "single",
        "C",
        "R-M",
        gettext_noop("The work or activity the recruiter promised the person."),
        code_list="promised_work",
        missing=U_NA,
        help_text=gettext_noop(
            "Choose 'Not applicable' when nothing was promised (for example abduction)."
        ),
    ),
    _v(
        "v_recruiter_relationship",
        gettext_noop("Relationship of recruiter to victim"),
        "single",
        "C",
        "R-H",
        gettext_noop("How the person knew the recruiter before the recruitment."),
        code_list="recruiter_relationship",
        missing=U,
        note="IOM 2009 recommends data on the trafficker's relationship to the victim and on "
        "recruitment methods [C: IOM 2009 guidelines].",
    ),
    _v(
        "v_recruiter_sex",
        gettext_noop("Sex of recruiter(s)"),
        "single",
        "C",
        "R-M",
        gettext_noop("Sex of the person or persons who recruited the victim."),
        code_list="recruiter_sex",
        missing=U,
    ),
    _v(
        "v_recruiter_citizenship",
        gettext_noop("Citizenship of recruiter"),
        "country",
        "C",
        "R-L",
        gettext_noop("Country of citizenship of the (main) recruiter."),
        missing=U,
        note="Fuller trafficker data belongs in database 2.",
    ),
    _v(
        "v_deceived",
        gettext_noop("Victim deceived about the nature/conditions of the work"),
        "yesno",
        "C",
        "R-L",
        gettext_noop(
            "Whether the person was deceived about the nature or the conditions of the work or "
            "activity."
        ),
        missing=U,
    ),
    # --- D. Transportation / movement -----------------------------------------------------------
    _v(
        "v_departure_date",
        gettext_noop("Date of leaving place of residence"),
        "date",
        "D",
        "R-M",
        gettext_noop(
            "Date on which the person left their place of residence in the course of the "
            "trafficking."
        ),
        partial=True,
        help_text=gettext_noop("The month and year (YYYY-MM) or the year alone is enough."),
        date_chain=True,
    ),
    _v(
        "v_transit_countries",
        gettext_noop("Transit countries (in order)"),
        "countries",
        "D",
        "R-H",
        gettext_noop(
            "Countries the person passed through between the country of recruitment and the "
            "country of exploitation, in the order of the journey."
        ),
        missing=U_NA,
        ordered=True,
        note='"Trafficking routes" are in the confirmed scope [C].',
        help_text=gettext_noop(
            "Enter the countries in the order travelled. 'Not applicable' when there was "
            "no transit country."
        ),
    ),
    _v(
        "v_destination_country",
        gettext_noop("Intended/actual country of destination"),
        "countries",
        "D",
        "R-H",
        gettext_noop("Country or countries the person was taken to, or was meant to be taken to."),
        missing=U,
    ),
    _v(
        "v_transport_means",
        gettext_noop("Means of transport"),
        "multi",
        "D",
        "R-M",
        gettext_noop("Means of transport used to move the person."),
        code_list="transport_means",
        missing=U,
    ),
    _v(
        "v_border_crossing",
        gettext_noop("Manner of border crossing"),
        "single",
        "D",
        "R-H",
        gettext_noop(
            "Whether the person crossed borders through a regular border checkpoint, irregularly, "
            "or both."
        ),
        code_list="border_crossing",
        missing=U_NA,
        help_text=gettext_noop("Choose 'Not applicable' for internal trafficking."),
    ),
    _v(
        "v_travel_documents",
        gettext_noop("Travel documents used"),
        "multi",
        "D",
        "R-M",
        gettext_noop("Documents the person travelled with."),
        code_list="travel_documents",
        missing=U_NA,
        help_text=gettext_noop(
            "Choose 'Not applicable' when no documents were needed (for example internal "
            "trafficking). Never record document numbers."
        ),
    ),
    _v(
        "v_travel_companion",
        gettext_noop("Travelled with"),
        "multi",
        "D",
        "R-L",
        gettext_noop("With whom the person travelled."),
        code_list="travel_companion",
        missing=U,
    ),
    # --- E. Exploitation ------------------------------------------------------------------------
    _v(
        "v_intercepted",
        gettext_noop("Intercepted before exploitation"),
        "yesno",
        "E",
        "R-M",
        gettext_noop(
            "Whether the person was identified before any exploitation took place, for example "
            "intercepted at a border on the way to the place of exploitation. The forms of "
            "exploitation then give the form the person was intended for."
        ),
        level="E",
        missing=U,
        indexed=True,
        note="Catalogue 2.0: replaces the form category not_yet_exploited, so an intercepted "
        "person counts under the intended form (spec/standards.md §3.1).",
        help_text=gettext_noop("Tick the intended form(s) of exploitation below."),
    ),
    _v(
        "v_exploitation_form",
        gettext_noop("Form(s) of exploitation"),
        "multi",
        "E",
        "R-H",
        gettext_noop(
            "All forms of exploitation the person was subjected to (or, if intercepted, was "
            "intended for)."
        ),
        code_list="exploitation_form",
        missing=U,
        core=True,
        indexed=True,
        note="Directive 2011/36/EU Art. 2(3) as amended by Directive 2024/1712: forced "
        "marriage, illegal adoption and surrogacy are forms of exploitation. Categories in "
        "related sources: IOM 2009 has sexual, labour, combined sexual+labour, organ trade, "
        "forced marriage, other [C: IOM 2009 guidelines]; Eurostat has sexual / forced labour / "
        f"other [C: Eurostat metadata]; {HTCDS} vic_TypeOfExploitation adds child labour, "
        "forced military service by non-state actors and surrogacy.",
        help_text=gettext_noop("Tick every form that applies; then choose the main one below."),
        list_filter=True,
        list_column=True,
    ),
    _v(
        "v_main_exploitation_form",
        gettext_noop("Main form of exploitation"),
        "single",
        "E",
        "R-L",
        gettext_noop(
            "The one form of exploitation under which the person is counted in tables that must "
            "add up to the total; it must be one of the forms selected."
        ),
        code_list="exploitation_form",
        missing=U,
        core=True,
        indexed=True,
        note="The one main form used for tables that must add up to the total "
        "(reporting.md counting rules); must be one of the forms selected.",
        help_text=gettext_noop("Choose the form that dominated the person's experience."),
    ),
    _v(
        "v_sexual_exploitation_setting",
        gettext_noop("Setting of sexual exploitation"),
        "multi",
        "E",
        "R-M",
        gettext_noop("Where or how the sexual exploitation took place."),
        code_list="sexual_exploitation_setting",
        missing=U,
        condition=_FORM_INCLUDES_SEXUAL,
        note=f"Shown only when the form includes sexual exploitation. {HTCDS} "
        "vic_TypeOfSexExploitation [C]: prostitution, pornography, remote interactive services, "
        "private sexual services.",
        required_when_applicable=True,
    ),
    _v(
        "v_labour_sector",
        gettext_noop("Sector of labour exploitation"),
        "multi",
        "E",
        "R-M",
        gettext_noop("Economic sector(s) in which the person was exploited for labour."),
        code_list="labour_sector",
        missing=U,
        condition=_FORM_INCLUDES_LABOUR,
        note="Shown only when the form includes labour. ISIC Rev.4 / NACE Rev.2 sections "
        f"(catalogue 2.0), as {HTCDS} vic_ForcedLabourIndustry [C]; begging is a form, not a "
        "sector.",
        required_when_applicable=True,
    ),
    _v(
        "v_exploitation_country",
        gettext_noop("Country(ies) of exploitation"),
        "countries",
        "E",
        "R-H",
        gettext_noop("Country or countries where the person was exploited."),
        missing=U_NA,
        note='IOM 2009 "country of exploitation" [C: IOM 2009 guidelines].',
        help_text=gettext_noop(
            "Choose 'Not applicable' when the person was intercepted before any exploitation."
        ),
    ),
    _v(
        "v_exploitation_municipality",
        gettext_noop("Place of exploitation"),
        "national",
        "E",
        "R-M",
        gettext_noop(
            "Municipality where the person was exploited, when it is in the reporting territory."
        ),
        code_list="municipalities",
        missing=U_NA,
        note="Mainly for domestic cases.",
        help_text=gettext_noop(
            "Choose 'Not applicable' when the exploitation took place outside the territory."
        ),
    ),
    _v(
        "v_exploitation_start",
        gettext_noop("Start of exploitation"),
        "date",
        "E",
        "R-M",
        gettext_noop("Date on which the exploitation began."),
        partial=True,
        help_text=gettext_noop("The month and year (YYYY-MM) or the year alone is enough."),
        date_chain=True,
    ),
    _v(
        "v_exploitation_end",
        gettext_noop("End of exploitation"),
        "date",
        "E",
        "R-M",
        gettext_noop("Date on which the exploitation ended."),
        partial=True,
        help_text=gettext_noop("The month and year (YYYY-MM) or the year alone is enough."),
        date_chain=True,
    ),
    _v(
        "v_exploitation_duration",
        gettext_noop("Duration of exploitation"),
        "derived",
        "E",
        "R-H",
        gettext_noop(
            "Number of days between the start and the end of the exploitation, computed from the "
            "two dates."
        ),
        code_list="exploitation_duration_band",
        derive="exploitation_duration_days",
        unit="days",
        note="Reporting bands (proposal): <1 month; 1-3; 3-6; 6-12; >12 months.",
    ),
    _v(
        "v_control_means",
        gettext_noop("Means of control/coercion"),
        "multi",
        "E",
        "R-M",
        gettext_noop("Means the traffickers used to control the person or force them to comply."),
        code_list="control_means",
        missing=U,
        note=f"{HTCDS} vic_MethodsOfControl [C] (16 values): debt bondage, takes earnings, "
        "restricts financial access, threats, psychological/physical/sexual abuse, false "
        "promises, psychoactive substances, restricts medical care, excessive working hours, "
        "threat of law enforcement, withholds necessities, withholds documents, threatens "
        "children or family, other. Restriction of movement and isolation are kept for CTDC.",
    ),
    _v(
        "v_ict_use",
        gettext_noop("Use of ICT in the trafficking"),
        "multi",
        "E",
        "R-L",
        gettext_noop(
            "What information and communication technology (websites, apps, online payments) was "
            "used for: recruitment, advertising, control, the exploitation itself, or payments."
        ),
        code_list="ict_use",
        missing=U,
        note="Catalogue 2.0. Directive 2024/1712 and GRETA's fourth round (ICT-facilitated "
        "trafficking).",
    ),
    _v(
        "v_ict_platforms",
        gettext_noop("Online platforms and apps used"),
        "national_multi",
        "E",
        "R-L",
        gettext_noop("The websites and apps used, from the territory's list of platforms."),
        code_list="ict_platforms",
        missing=U,
        condition=_ICT_USED,
        note=f"Catalogue 2.0. {HTCDS} vic_RecruitmentWebsitesAndApps and "
        "vic_ExploitationWebsitesAndApps; the list is national so that each territory adds the "
        "platforms it meets.",
    ),
    _v(
        "v_earnings_received",
        gettext_noop("Victim kept earnings"),
        "single",
        "E",
        "R-L",
        gettext_noop("How much of the money earned through the exploitation the person kept."),
        code_list="earnings_received",
        missing=U_NA,
        help_text=gettext_noop(
            "Choose 'Not applicable' when the exploitation produced no earnings."
        ),
    ),
    _v(
        "v_co_victims",
        gettext_noop("Number of other victims exploited together"),
        "integer",
        "E",
        "R-L",
        gettext_noop(
            "Number of other persons exploited together with this person by the same traffickers."
        ),
        unit="persons",
        min_value=0,
        max_value=10000,
        help_text=gettext_noop(
            "An estimate is acceptable; enter 0 if the person was exploited alone."
        ),
    ),
    # --- F. Exit, identification and referral ---------------------------------------------------
    _v(
        "v_exit_mode",
        gettext_noop("How the person left the trafficking situation"),
        "single",
        "F",
        "R-M",
        gettext_noop("The way the person got out of the trafficking situation."),
        code_list="exit_mode",
        missing=U,
        note='"Experiences of identification" are in the confirmed scope [C].',
    ),
    _v(
        "v_identification_date",
        gettext_noop("Date of identification as victim"),
        "date",
        "F",
        "R-H",
        gettext_noop(
            "Date on which the person was first identified as a (presumed or formally identified) "
            "victim of trafficking."
        ),
        core=True,
        indexed=True,
        note='Main date for annual statistics ("identified in year X").',
        help_text=gettext_noop("This date decides the year the person is counted in."),
        list_column=True,
        date_chain=True,
    ),
    _v(
        "v_identification_country",
        gettext_noop("Country of identification"),
        "country",
        "F",
        "R-H",
        gettext_noop("Country in which the person was identified."),
        missing=U,
    ),
    _v(
        "v_identification_municipality",
        gettext_noop("Place of identification"),
        "national",
        "F",
        "R-M",
        gettext_noop(
            "Municipality where the person was identified, when it is in the reporting territory."
        ),
        code_list="municipalities",
        missing=U_NA,
        help_text=gettext_noop("Choose 'Not applicable' when the person was identified abroad."),
    ),
    _v(
        "v_identifying_institution",
        gettext_noop("Institution that identified the victim"),
        "single",
        "F",
        "R-H",
        gettext_noop("Type of institution that identified the person as a victim of trafficking."),
        code_list="institution_type",
        missing=U,
        core=True,
        indexed=True,
        note='HTCDS issue #3 asks for a similar "screening/referring organisation type" field '
        "[C: https://github.com/UNMigration/HTCDS/issues/3]. The first identifier; the body "
        "deciding the status is v_status_decision_body.",
    ),
    _v(
        "v_identification_referral_source",
        gettext_noop("Referred for identification by"),
        "single",
        "F",
        "R-L",
        gettext_noop(
            "Type of institution that referred the person to the identification body for a "
            "decision on the victim status."
        ),
        code_list="institution_type",
        missing=U_NA,
        note="Catalogue 2.0. National identification bodies report referrals received by "
        "source and their outcome (Serbia's Centre for Protection of Victims of THB).",
        help_text=gettext_noop(
            "Choose 'Not applicable' when the person was not referred for identification."
        ),
    ),
    _v(
        "v_identification_referral_outcome",
        gettext_noop("Outcome of the referral for identification"),
        "single",
        "F",
        "R-L",
        gettext_noop(
            "What the identification body decided on the referral: identified, presumed, not a "
            "victim, or still pending."
        ),
        code_list="referral_outcome",
        missing=U,
        condition=_REFERRED_FOR_IDENTIFICATION,
        note="Catalogue 2.0. Table V6c: referrals by source and outcome.",
    ),
    _v(
        "v_referred_by",
        gettext_noop("Referring institution"),
        "single",
        "F",
        "R-M",
        gettext_noop(
            "Type of institution that referred the person to the data-providing institution."
        ),
        code_list="institution_type",
        missing=U_NA,
        help_text=gettext_noop(
            "Choose 'Not applicable' when the person was not referred (for example "
            "identified by the data provider itself)."
        ),
    ),
    _v(
        "v_referred_to",
        gettext_noop("Institution referred to"),
        "multi",
        "F",
        "R-M",
        gettext_noop(
            "Type(s) of institution to which the person was referred for assistance or protection."
        ),
        code_list="institution_type",
        missing=U_NA,
        note="National Referral Mechanism (NRM) flow.",
        help_text=gettext_noop("Choose 'Not applicable' when the person was not referred onwards."),
    ),
    _v(
        "v_referral_date",
        gettext_noop("Date of referral"),
        "date",
        "F",
        "R-L",
        gettext_noop("Date on which the person was referred onwards."),
        not_before=("v_identification_date",),
    ),
    # --- G. Assistance and protection -----------------------------------------------------------
    _v(
        "v_assistance_offered",
        gettext_noop("Assistance offered"),
        "yesno",
        "G",
        "R-H",
        gettext_noop("Whether assistance was offered to the person."),
        missing=U,
    ),
    _v(
        "v_assistance_accepted",
        gettext_noop("Assistance accepted"),
        "single",
        "G",
        "R-H",
        gettext_noop(
            "Whether the person accepted, partly accepted or declined the assistance offered."
        ),
        code_list="assistance_accepted",
        missing=U,
        condition=Condition("v_assistance_offered", ("yes",)),
        note="IOM 2009 counts victims who declined and who accepted assistance "
        "[C: IOM 2009 guidelines].",
    ),
    _v(
        "v_assistance_decline_reason",
        gettext_noop("Reason for declining"),
        "single",
        "G",
        "R-L",
        gettext_noop("Main reason the person gave for declining all or part of the assistance."),
        code_list="assistance_decline_reason",
        missing=U_D,
        condition=Condition("v_assistance_accepted", ("declined", "partly_accepted")),
    ),
    _v(
        "v_assistance_type",
        gettext_noop("Type(s) of assistance received"),
        "multi",
        "G",
        "R-H",
        gettext_noop("All types of assistance the person received."),
        code_list="assistance_type",
        missing=U,
        condition=_ASSISTANCE_TAKEN_UP,
        note='"Assistance" is in the confirmed scope [C].',
    ),
    _v(
        "v_assistance_provider",
        gettext_noop("Assistance provider"),
        "multi",
        "G",
        "R-M",
        gettext_noop("Type(s) of organisation that provided the assistance."),
        code_list="assistance_provider",
        missing=U,
        condition=_ASSISTANCE_TAKEN_UP,
    ),
    _v(
        "v_assistance_provider_ngo",
        gettext_noop("Assisting NGO(s)"),
        "national_multi",
        "G",
        "R-M",
        gettext_noop("The NGO(s), from the national list, that provided assistance."),
        code_list="ngos",
        missing=U,
        condition=Condition("v_assistance_provider", ("ngo",)),
        note='Companion of v_assistance_provider (spec: "NGO (coded)").',
    ),
    _v(
        "v_assistance_start",
        gettext_noop("Start date of assistance"),
        "date",
        "G",
        "R-M",
        gettext_noop("Date on which the assistance began."),
        condition=_ASSISTANCE_TAKEN_UP,
        note="Spec row v_assistance_start / v_assistance_end.",
        not_before=("v_date_of_birth",),
    ),
    _v(
        "v_assistance_end",
        gettext_noop("End date of assistance"),
        "date",
        "G",
        "R-M",
        gettext_noop("Date on which the assistance ended."),
        condition=_ASSISTANCE_TAKEN_UP,
        note="Spec row v_assistance_start / v_assistance_end.",
        help_text=gettext_noop("Leave empty while the assistance continues."),
        not_before=("v_assistance_start",),
    ),
    _v(
        "v_reflection_period",
        gettext_noop("Recovery and reflection period granted"),
        "yesno",
        "G",
        "R-M",
        gettext_noop(
            "Whether the person was granted a recovery and reflection period to recover and decide "
            "whether to cooperate with the authorities."
        ),
        missing=U_NA,
        note="CoE Convention Art. 13 (at least 30 days).",
        help_text=gettext_noop(
            "Choose 'Not applicable' when the period does not apply to the person under "
            "national law (for example nationals)."
        ),
    ),
    _v(
        "v_reflection_period_days",
        gettext_noop("Length of reflection period"),
        "integer",
        "G",
        "R-M",
        gettext_noop("Number of days of the recovery and reflection period granted."),
        condition=Condition("v_reflection_period", ("yes",)),
        unit="days",
        min_value=0,
        max_value=365,
        note="Companion of v_reflection_period (spec: yes/no + number of days).",
    ),
    _v(
        "v_residence_permit",
        gettext_noop("Temporary residence permit (foreign victims)"),
        "single",
        "G",
        "R-H",
        gettext_noop("Status of a temporary residence permit for a foreign victim."),
        code_list="residence_permit",
        missing=U_NA,
        note="IOM 2009 counts victims with a residence permit [C: IOM 2009 guidelines].",
        help_text=gettext_noop(
            "Choose 'Not applicable' for nationals of the identification country."
        ),
    ),
    _v(
        "v_residence_permit_ground",
        gettext_noop("Ground of the residence permit"),
        "single",
        "G",
        "R-M",
        gettext_noop(
            "The ground on which the permit was granted or applied for: the personal situation of "
            "the victim, cooperation with the authorities, both, or another humanitarian ground."
        ),
        code_list="residence_permit_ground",
        missing=U,
        condition=Condition("v_residence_permit", ("granted", "applied_pending")),
        note="Catalogue 2.0. CoE Convention Art. 14(1)(a)/(b); GRETA asks permits by ground.",
    ),
    _v(
        "v_residence_permit_date",
        gettext_noop("Date permit granted"),
        "date",
        "G",
        "R-L",
        gettext_noop("Date on which the temporary residence permit was granted."),
        condition=Condition("v_residence_permit", ("granted",)),
        not_before=("v_date_of_birth",),
    ),
    _v(
        "v_legal_aid",
        gettext_noop("Free legal aid provided"),
        "yesno",
        "G",
        "R-M",
        gettext_noop(
            "Whether the person received free legal counselling or representation (CoE Convention "
            "Art. 15(2); Directive 2011/36/EU Art. 12(2))."
        ),
        missing=U,
        note="Catalogue 2.0. GRETA third round (access to justice).",
    ),
    _v(
        "v_guardian_appointed",
        gettext_noop("Legal guardian appointed (children)"),
        "yesno",
        "G",
        "R-M",
        gettext_noop("For a child victim, whether a legal guardian was appointed."),
        missing=U_NA,
        help_text=gettext_noop("Choose 'Not applicable' for adults."),
    ),
    _v(
        "v_risk_assessment",
        gettext_noop("Risk assessment done"),
        "yesno",
        "G",
        "R-L",
        gettext_noop("Whether a risk assessment of the person's safety was carried out."),
        missing=U,
    ),
    _v(
        "v_risk_level",
        gettext_noop("Risk level"),
        "single",
        "G",
        "R-L",
        gettext_noop("Level of risk to the person's safety found by the risk assessment."),
        code_list="risk_level",
        missing=U,
        condition=Condition("v_risk_assessment", ("yes",)),
        note="Companion of v_risk_assessment (spec: yes/no; low/medium/high).",
    ),
    # --- H. Return and (re)integration ----------------------------------------------------------
    _v(
        "v_returned",
        gettext_noop("Returned/repatriated"),
        "yesno",
        "H",
        "R-H",
        gettext_noop(
            "Whether the person returned, or was returned, to their country of origin or residence."
        ),
        missing=U_NA,
        note="IOM 2009 counts repatriated victims [C: IOM 2009 guidelines].",
        help_text=gettext_noop(
            "Choose 'Not applicable' when no return is involved (internal trafficking "
            "within the country of residence)."
        ),
    ),
    _v(
        "v_return_type",
        gettext_noop("Type of return"),
        "single",
        "H",
        "R-M",
        gettext_noop("How the return was organised."),
        code_list="return_type",
        missing=U,
        condition=_RETURNED,
    ),
    _v(
        "v_return_date",
        gettext_noop("Date of return"),
        "date",
        "H",
        "R-M",
        gettext_noop("Date on which the person returned."),
        condition=_RETURNED,
        not_before=("v_date_of_birth",),
        required_when_applicable=True,
    ),
    _v(
        "v_return_from",
        gettext_noop("Country returned from"),
        "country",
        "H",
        "R-M",
        gettext_noop("Country from which the person returned."),
        missing=U,
        condition=_RETURNED,
        required_when_applicable=True,
    ),
    _v(
        "v_return_to",
        gettext_noop("Country returned to"),
        "country",
        "H",
        "R-M",
        gettext_noop("Country to which the person returned."),
        missing=U,
        condition=_RETURNED,
        required_when_applicable=True,
    ),
    _v(
        "v_reintegration_assistance",
        gettext_noop("Reintegration assistance after return"),
        "yesno",
        "H",
        "R-M",
        gettext_noop(
            "Whether the person received assistance to reintegrate into the community after "
            "leaving the trafficking situation or after return."
        ),
        missing=U,
    ),
    _v(
        "v_reintegration_assistance_type",
        gettext_noop("Type(s) of reintegration assistance"),
        "multi",
        "H",
        "R-M",
        gettext_noop("Types of reintegration assistance the person received."),
        code_list="assistance_type",
        missing=U,
        condition=Condition("v_reintegration_assistance", ("yes",)),
        note="Companion of v_reintegration_assistance (spec: yes/no + types as v_assistance_type).",
    ),
    _v(
        "v_case_closure_status",
        gettext_noop("Situation at case closure"),
        "single",
        "H",
        "R-L",
        gettext_noop("The person's situation when the case was closed by the data provider."),
        level="P",
        code_list="case_closure_status",
        missing=U,
        help_text=gettext_noop("Fill in when the case is closed."),
    ),
    # --- I. Involvement in criminal proceedings -------------------------------------------------
    _v(
        "v_crime_reported",
        gettext_noop("Crime reported to police / statement given"),
        "yesno",
        "I",
        "R-H",
        gettext_noop(
            "Whether the crime was reported to the police or the person gave a statement."
        ),
        missing=U,
        note="Link to database 2.",
    ),
    _v(
        "v_cooperation",
        gettext_noop("Cooperation with law enforcement"),
        "single",
        "I",
        "R-M",
        gettext_noop(
            "Whether the person cooperated with law enforcement as a witness or injured party."
        ),
        code_list="cooperation",
        missing=U,
    ),
    _v(
        "v_testified",
        gettext_noop("Testified"),
        "multi",
        "I",
        "R-M",
        gettext_noop("Stage(s) of the proceedings at which the person testified."),
        code_list="testified",
        missing=U_NA,
        help_text=gettext_noop("Choose 'Not applicable' when there were no criminal proceedings."),
    ),
    _v(
        "v_witness_protection",
        gettext_noop("Protection measures in proceedings"),
        "multi",
        "I",
        "R-M",
        gettext_noop(
            "Measures taken to protect the person as a witness or injured party in the proceedings."
        ),
        code_list="witness_protection",
        missing=U_NA,
        help_text=gettext_noop("Choose 'Not applicable' when there were no criminal proceedings."),
    ),
    _v(
        "v_victim_prosecuted",
        gettext_noop(
            "Victim charged/punished for acts committed while trafficked (prostitution, irregular "
            "entry, false documents, etc.)"
        ),
        "yesno",
        "I",
        "R-M",
        gettext_noop(
            "Whether the person was charged, prosecuted or punished for an offence they were "
            "compelled to commit as a direct consequence of being trafficked."
        ),
        missing=U,
        note="Monitors the non-punishment principle (CoE Art. 26).",
    ),
    _v(
        "v_non_punishment",
        gettext_noop("Offence committed as a consequence of being trafficked"),
        "multi",
        "I",
        "R-M",
        gettext_noop(
            "The offence or offences the person was charged with, prosecuted or punished for, that "
            "they were compelled to commit as a direct consequence of being trafficked."
        ),
        code_list="non_punishment_offence",
        missing=U,
        condition=_PROSECUTED,
        note="Catalogue 2.0: coded instead of free text (CoE Convention Art. 26; Directive "
        "2011/36/EU Art. 8). Existing texts were coded by the data migration.",
    ),
    _v(
        "v_non_punishment_stage",
        gettext_noop("Stage reached by the proceedings against the victim"),
        "single",
        "I",
        "R-M",
        gettext_noop("How far the proceedings against the person went."),
        code_list="non_punishment_stage",
        missing=U,
        condition=_PROSECUTED,
        note="Catalogue 2.0.",
    ),
    _v(
        "v_non_punishment_outcome",
        gettext_noop("Outcome for the victim (non-punishment)"),
        "single",
        "I",
        "R-M",
        gettext_noop(
            "Whether the non-punishment clause was applied: not prosecuted, charges dropped, "
            "acquitted, punished, conviction quashed, or pending."
        ),
        code_list="non_punishment_outcome",
        missing=U,
        condition=_PROSECUTED,
        note="Catalogue 2.0.",
    ),
    _v(
        "v_victim_prosecuted_offence",
        gettext_noop("Other offence (not in the list)"),
        "text",
        "I",
        "R-M",
        gettext_noop("An offence the code list above does not have, named in a few words."),
        condition=_PROSECUTED,
        note="Companion of v_victim_prosecuted (spec: yes/no + offence). Catalogue 2.0: the "
        "offence is coded in v_non_punishment; this text only names an offence the list lacks.",
        help_text="Use the list above first. Name the offence only. " + NO_IDENTIFYING_DETAILS,
    ),
    _v(
        "v_compensation_claimed",
        gettext_noop("Compensation claimed"),
        "multi",
        "I",
        "R-M",
        gettext_noop(
            "Whether, and through which procedure or procedures, the person claimed compensation "
            "(often more than one: an adhesion claim and the state fund)."
        ),
        code_list="compensation_claimed",
        missing=U,
        note="Catalogue 2.0: several procedures (was a single choice; the data migration kept "
        "each record's one procedure). GRETA asks claims per procedure.",
        help_text=gettext_noop(
            "Tick every procedure used; 'None' cannot be combined with a procedure."
        ),
    ),
    _v(
        "v_compensation_awarded",
        gettext_noop("Compensation awarded / paid"),
        "single",
        "I",
        "R-M",
        gettext_noop(
            "Outcome of the compensation claim: awarded and paid, awarded but not paid, "
            "refused, or "
            "pending."
        ),
        code_list="compensation_awarded",
        missing=U_NA,
        help_text=gettext_noop("Choose 'Not applicable' when no compensation was claimed."),
    ),
    _v(
        "v_compensation_amount",
        gettext_noop("Compensation amount awarded"),
        "amount",
        "I",
        "R-M",
        gettext_noop("Amount of compensation awarded to the person, in euro."),
        condition=Condition("v_compensation_awarded", ("awarded_paid", "awarded_not_paid")),
        unit="EUR",
        min_value=0,
        note="Companion of v_compensation_awarded (spec: single choice + amount).",
        help_text=gettext_noop(
            "Convert amounts in national currency to euro at the rate of the decision date."
        ),
    ),
    _v(
        "v_compensation_source",
        gettext_noop("Source of the compensation"),
        "multi",
        "I",
        "R-M",
        gettext_noop(
            "Who pays the compensation awarded: the perpetrator, the state compensation fund, or "
            "another source."
        ),
        code_list="compensation_source",
        missing=U,
        condition=_AWARDED,
        note="Catalogue 2.0. GRETA asks compensation awarded and paid by source "
        "(Directive 2011/36/EU Art. 17).",
    ),
    _v(
        "v_compensation_paid_amount",
        gettext_noop("Compensation amount actually paid"),
        "amount",
        "I",
        "R-M",
        gettext_noop("Amount of the compensation actually paid to the person so far, in euro."),
        condition=Condition("v_compensation_awarded", ("awarded_paid",)),
        unit="EUR",
        min_value=0,
        note="Catalogue 2.0. May be less than the amount awarded.",
        help_text=gettext_noop(
            "Convert amounts in national currency to euro at the rate of the payment date."
        ),
    ),
    _v(
        "v_linked_trafficker_codes",
        gettext_noop("Codes of linked traffickers"),
        "system",
        "I",
        "R-H",
        gettext_noop(
            "Personal codes of the trafficker records linked to this victim through a criminal "
            "case."
        ),
        level="P",
        source="linked_trafficker_codes",
        note="The link to database 2.",
    ),
    _v(
        "v_case_number",
        gettext_noop("Criminal case reference(s)"),
        "system",
        "I",
        "R-M",
        gettext_noop("Reference numbers of the criminal case(s) the victim record is linked to."),
        source="case_references",
        note="Internal only; never published.",
    ),
    # --- J. Re-trafficking ----------------------------------------------------------------------
    _v(
        "v_previously_trafficked",
        gettext_noop("Trafficked before (re-trafficking)"),
        "yesno",
        "J",
        "R-H",
        gettext_noop("Whether the person had been trafficked before the episode recorded here."),
        level="P",
        missing=U_D,
        note='IOM 2009 "re-victimised victim" [C: IOM 2009 guidelines].',
    ),
    _v(
        "v_times_trafficked",
        gettext_noop("Number of previous trafficking experiences"),
        "integer",
        "J",
        "R-L",
        gettext_noop("Number of earlier, separate trafficking experiences of the person."),
        level="P",
        condition=Condition("v_previously_trafficked", ("yes",)),
        unit="times",
        min_value=1,
        max_value=100,
        note="Each earlier episode can also be its own episode row in sections C-E.",
    ),
)

VICTIMS = Database(
    code="victims",
    label=gettext_noop("Victims of trafficking"),
    prefix="v_",
    sections=SECTIONS,
    indicators=INDICATORS,
)
