"""Database 2: traffickers and the criminal-justice response (spec/indicators.md §4, Part 4).

One trafficker record is one person (suspect, accused, convicted) in one criminal case, followed
through the stages of the proceedings. Indicators of sections D-H belong to a stage.
"""

from __future__ import annotations

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

_t = indicator_factory("Part 4")


SECTIONS = (
    Section("A", gettext_noop("Registration")),
    Section("B", gettext_noop("Trafficker profile")),
    Section("C", gettext_noop("Involvement / modus operandi")),
    Section("D", gettext_noop("Investigation (police / pre-trial)")),
    Section("E", gettext_noop("Prosecution")),
    Section("F", gettext_noop("First-instance trial")),
    Section("G", gettext_noop("Appeal and final judgment")),
    Section("H", gettext_noop("Sanctions, confiscation and compensation")),
)

STAGES = (
    Section(
        "complaint",
        gettext_noop("Criminal complaint"),
        gettext_noop("The offence is reported and the suspect named."),
    ),
    Section(
        "investigation",
        gettext_noop("Investigation"),
        gettext_noop("Police and pre-trial investigation."),
    ),
    Section(
        "indictment",
        gettext_noop("Indictment"),
        gettext_noop("The prosecutor files the indictment."),
    ),
    Section(
        "first_instance",
        gettext_noop("First-instance trial"),
        gettext_noop("Trial and verdict of the first court."),
    ),
    Section("appeal", gettext_noop("Appeal"), gettext_noop("Appeal and second-instance decision.")),
    Section("final", gettext_noop("Final judgment"), gettext_noop("The judgment becomes final.")),
    Section(
        "sanctions",
        gettext_noop("Sanctions"),
        gettext_noop("Confiscation, other measures and compensation."),
    ),
)

_CONVICTED_FIRST = Condition("t_verdict_first", ("convicted",))
_CONVICTED_FINAL = Condition("t_final_outcome", ("convicted",))
_APPEALED = Condition("t_appeal_filed", ("defence", "prosecution", "both", "injured_party"))

_QUALIFICATION_HELP = (
    "Choose every criminal-code article applied at this stage; qualifications often change "
    "between stages."
)

INDICATORS: tuple[Indicator, ...] = (
    # --- A. Registration ------------------------------------------------------------------------
    _t(
        "t_personal_code",
        gettext_noop("Personal code of trafficker"),
        "system",
        "A",
        "R-H",
        gettext_noop(
            "Anonymous code built from the initials, date of birth, sex and citizenship of the "
            "person, stored only as a keyed hash. It links the police, prosecution and court "
            "records "
            "of one person."
        ),
        level="P",
        source="personal_code_hash",
        note="Lets police, prosecution and court records for one person be linked.",
        help_text=gettext_noop(
            "Built by the system from the code elements you enter; the elements "
            "themselves are not stored."
        ),
    ),
    _t(
        "t_entry_date",
        gettext_noop("Entry date"),
        "system",
        "A",
        "R-M",
        gettext_noop("Date on which the record was first entered in the database."),
        level="P",
        source="created_at",
        note="Spec row t_entry_date / t_last_update (Entry and update dates).",
    ),
    _t(
        "t_last_update",
        gettext_noop("Date of last update"),
        "system",
        "A",
        "R-M",
        gettext_noop("Date on which the record was last changed."),
        level="P",
        source="updated_at",
        note="Spec row t_entry_date / t_last_update (Entry and update dates).",
    ),
    _t(
        "t_data_provider",
        gettext_noop("Data provider"),
        "system",
        "A",
        "R-H",
        gettext_noop("Kind of institution that supplied this record."),
        level="P",
        code_list="trafficker_data_provider",
        source="institution_kind",
    ),
    _t(
        "t_case_numbers",
        gettext_noop("Police / prosecution / court case numbers"),
        "system",
        "A",
        "R-M",
        gettext_noop(
            "Reference numbers of the police, prosecution and court files of the criminal case(s) "
            "the record is linked to."
        ),
        source="case_references",
        note="Internal only.",
    ),
    # --- B. Trafficker profile ------------------------------------------------------------------
    _t(
        "t_legal_person",
        gettext_noop("Legal person (company or organisation) as defendant"),
        "yesno",
        "B",
        "R-L",
        gettext_noop(
            "Whether the defendant is a legal person (a company, an agency or another "
            "organisation) held liable for the offence, rather than a natural person."
        ),
        level="P",
        missing=U,
        indexed=True,
        note="Catalogue 2.0. Directive 2011/36/EU Arts. 5-6 as amended by Directive 2024/1712 "
        "(liability and sanctions of legal persons). A legal person has no personal code (no "
        "initials, date of birth or sex): an optional registration number, kept only as a "
        "keyed hash like the personal code, links its police, prosecution and court records. "
        "The indicators of natural persons (sex, date of birth, ethnicity, education, "
        "occupation, marital status, former victim, arrest, detention, prison terms) do not "
        "apply; citizenship is the country of registration. Legal persons are counted in "
        "tables T8 and T8b, not among the persons of the other criminal-justice tables.",
        help_text=gettext_noop("Choose 'Yes' for a company or agency prosecuted as such."),
    ),
    _t(
        "t_sex",
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
        note="Eurostat reports suspects and convicted persons by sex [C: Eurostat metadata "
        "https://ec.europa.eu/eurostat/cache/metadata/en/crim_thb_esms.htm].",
        list_filter=True,
        list_column=True,
        code_element="sex",
        natural_person_only=True,
    ),
    _t(
        "t_date_of_birth",
        gettext_noop("Date of birth"),
        "date",
        "B",
        "R-H",
        gettext_noop(
            "Date of birth of the person; the year alone, or the year and month, is accepted when "
            "the full date is not known."
        ),
        level="P",
        partial=True,
        estimated_flag=True,
        help_text=gettext_noop(
            "Enter YYYY or YYYY-MM if the day or month is unknown, and tick "
            "'estimated' if the date is an estimate."
        ),
        code_element="date_of_birth",
        natural_person_only=True,
    ),
    _t(
        "t_age_at_offence",
        gettext_noop("Age at offence"),
        "derived",
        "B",
        "R-H",
        gettext_noop(
            "Age in completed years at the time of the offence, computed from the date of birth "
            "and the date of the criminal complaint."
        ),
        level="P",
        code_list="trafficker_age_band",
        derive="age_at_offence",
        unit="years",
        note="Bands: under 18; 18-24; 25-34; 35-44; 45-54; 55+.",
        natural_person_only=True,
    ),
    _t(
        "t_citizenship",
        gettext_noop("Citizenship"),
        "country",
        "B",
        "R-H",
        gettext_noop("Country of citizenship of the person (or stateless)."),
        level="P",
        missing=U,
        core=True,
        indexed=True,
        list_filter=True,
        list_column=True,
        code_element="citizenship",
    ),
    _t(
        "t_ethnicity",
        gettext_noop("Ethnicity"),
        "national",
        "B",
        "R-M",
        gettext_noop("Ethnic group or national minority the person declares belonging to."),
        level="P",
        code_list="ethnic_groups",
        missing=U_D,
        note="Sensitive.",
        help_text=gettext_noop(
            "Record only what the person declares; otherwise choose 'Declined to "
            "answer' or 'Unknown'."
        ),
        natural_person_only=True,
    ),
    _t(
        "t_residence_country",
        gettext_noop("Country of residence"),
        "country",
        "B",
        "R-M",
        gettext_noop("Country where the person usually lives."),
        level="P",
        missing=U,
        note="Spec row t_residence_country / t_residence_municipality (Residence).",
    ),
    _t(
        "t_residence_municipality",
        gettext_noop("Municipality of residence"),
        "national",
        "B",
        "R-M",
        gettext_noop(
            "Municipality where the person usually lives, when it is in the reporting territory."
        ),
        level="P",
        code_list="municipalities",
        missing=U_NA,
        note="Spec row t_residence_country / t_residence_municipality (Residence).",
        help_text=gettext_noop(
            "Choose 'Not applicable' when the person lives outside the territory. Never "
            "record the address."
        ),
    ),
    _t(
        "t_education",
        gettext_noop("Education"),
        "single",
        "B",
        "R-M",
        gettext_noop("Highest level of education the person completed."),
        level="P",
        code_list="education",
        missing=U,
        natural_person_only=True,
    ),
    _t(
        "t_occupation",
        gettext_noop("Employment/occupation"),
        "single",
        "B",
        "R-M",
        gettext_noop("Main employment or occupation of the person at the time of the offence."),
        level="P",
        code_list="occupation",
        missing=U,
        note="Captures links to legal businesses and corruption.",
        natural_person_only=True,
    ),
    _t(
        "t_marital_status",
        gettext_noop("Marital status"),
        "single",
        "B",
        "R-L",
        gettext_noop("Marital status of the person at the time of the offence."),
        level="P",
        code_list="marital_status",
        missing=U,
        natural_person_only=True,
    ),
    _t(
        "t_prior_convictions",
        gettext_noop("Previous convictions"),
        "single",
        "B",
        "R-M",
        gettext_noop(
            "Whether the person had been convicted before, and for what kind of offence (the most "
            "serious if several)."
        ),
        level="P",
        code_list="prior_convictions",
        missing=U,
    ),
    _t(
        "t_former_victim",
        gettext_noop("Former victim of trafficking"),
        "yesno",
        "B",
        "R-L",
        gettext_noop("Whether the person was earlier a victim of trafficking."),
        level="P",
        missing=U,
        note="Surtees' research stresses female traffickers who were earlier victims.",
        natural_person_only=True,
    ),
    # --- C. Involvement / modus operandi --------------------------------------------------------
    _t(
        "t_role",
        gettext_noop("Role in the trafficking process"),
        "multi",
        "C",
        "R-H",
        gettext_noop("The part or parts the person played in the trafficking."),
        code_list="trafficker_role",
        missing=U,
        core=True,
        note="HTCDS perpetrator roles [C]: travelling partner, transporter, "
        "recruiter/intermediary, broker/travel agent, transferred/harboured/sold/bought/"
        "received/controlled individual, smuggler, abuser, kidnapper, exploiter, other.",
    ),
    _t(
        "t_organised_group",
        gettext_noop("Mode of organisation"),
        "single",
        "C",
        "R-M",
        gettext_noop(
            "Whether the person acted alone, with one accomplice, or within an organised criminal "
            "group of three or more persons."
        ),
        code_list="organised_group",
        missing=U,
    ),
    _t(
        "t_group_size",
        gettext_noop("Number of co-perpetrators"),
        "integer",
        "C",
        "R-L",
        gettext_noop(
            "Number of other persons who took part in the offence together with this person."
        ),
        condition=Condition("t_organised_group", ("with_accomplice", "organised_group")),
        unit="persons",
        min_value=1,
        max_value=10000,
    ),
    _t(
        "t_trafficking_type",
        gettext_noop("Internal / international"),
        "single",
        "C",
        "R-M",
        gettext_noop(
            "Whether the trafficking the person took part in crossed an international border, "
            "stayed within one country, or both."
        ),
        code_list="trafficking_type",
        missing=U,
    ),
    _t(
        "t_exploitation_forms",
        gettext_noop("Forms of exploitation involved"),
        "multi",
        "C",
        "R-H",
        gettext_noop("All forms of exploitation involved in the offences of the person."),
        code_list="exploitation_form",
        missing=U,
        core=True,
        indexed=True,
        help_text=gettext_noop("Tick every form that applies; then choose the main one below."),
    ),
    _t(
        "t_main_exploitation_form",
        gettext_noop("Main form of exploitation"),
        "single",
        "C",
        "R-L",
        gettext_noop(
            "The one form of exploitation under which the person is counted in tables that must "
            "add up to the total; it must be one of the forms selected."
        ),
        code_list="exploitation_form",
        missing=U,
        indexed=True,
        note="The one main form used for tables that must add up to the total "
        "(reporting.md counting rules); must be one of the forms selected.",
    ),
    _t(
        "t_countries_involved",
        gettext_noop("Countries of recruitment / transit / exploitation"),
        "countries",
        "C",
        "R-M",
        gettext_noop(
            "All countries in which the trafficking the person took part in recruited, moved or "
            "exploited victims."
        ),
        missing=U,
    ),
    _t(
        "t_recruitment_methods",
        gettext_noop("Recruitment methods used"),
        "multi",
        "C",
        "R-L",
        gettext_noop("Methods the person (or their group) used to recruit victims."),
        code_list="recruitment_method",
        missing=U_NA,
        help_text=gettext_noop(
            "Choose 'Not applicable' when the person took no part in recruitment."
        ),
    ),
    _t(
        "t_relationship_to_victims",
        gettext_noop("Relationship to victim(s)"),
        "multi",
        "C",
        "R-M",
        gettext_noop("How the person knew the victim(s) before the offence."),
        code_list="recruiter_relationship",
        missing=U,
        note="IOM 2009 [C: IOM 2009 guidelines].",
    ),
    _t(
        "t_number_of_victims",
        gettext_noop("Number of victims linked"),
        "integer",
        "C",
        "R-H",
        gettext_noop(
            "Number of victims of the offences the person is suspected, accused or convicted of."
        ),
        unit="persons",
        min_value=0,
        max_value=10000,
        note="Spec: number; split by sex and minors.",
    ),
    _t(
        "t_number_of_victims_female",
        gettext_noop("Number of female victims"),
        "integer",
        "C",
        "R-H",
        gettext_noop("Number of the linked victims who are female."),
        unit="persons",
        min_value=0,
        max_value=10000,
        note="Companion of t_number_of_victims (split by sex).",
    ),
    _t(
        "t_number_of_victims_male",
        gettext_noop("Number of male victims"),
        "integer",
        "C",
        "R-H",
        gettext_noop("Number of the linked victims who are male."),
        unit="persons",
        min_value=0,
        max_value=10000,
        note="Companion of t_number_of_victims (split by sex).",
    ),
    _t(
        "t_number_of_victims_minors",
        gettext_noop("Number of child victims"),
        "integer",
        "C",
        "R-H",
        gettext_noop("Number of the linked victims who were under 18."),
        unit="persons",
        min_value=0,
        max_value=10000,
        note="Companion of t_number_of_victims (minors).",
    ),
    _t(
        "t_linked_victim_codes",
        gettext_noop("Linked victim codes"),
        "system",
        "C",
        "R-H",
        gettext_noop(
            "Personal codes of the victim records linked to this trafficker through a criminal "
            "case."
        ),
        source="linked_victim_codes",
    ),
    # --- D. Investigation -----------------------------------------------------------------------
    _t(
        "t_complaint_date",
        gettext_noop("Date of criminal complaint / report filed"),
        "date",
        "D",
        "R-H",
        gettext_noop(
            "Date on which the criminal complaint (report of the offence) naming the person was "
            "filed."
        ),
        core=True,
        indexed=True,
        stage="complaint",
        note='Start of the criminal-justice "funnel".',
        help_text=gettext_noop("This date decides the year the person is counted as a suspect."),
        not_before=("t_date_of_birth",),
    ),
    _t(
        "t_complaint_institution",
        gettext_noop("Institution filing the complaint"),
        "single",
        "D",
        "R-M",
        gettext_noop("Type of institution or person that filed the criminal complaint."),
        code_list="complaint_institution",
        missing=U,
        stage="complaint",
    ),
    _t(
        "t_qualification_initial",
        gettext_noop("Legal qualification at complaint stage"),
        "national_multi",
        "D",
        "R-H",
        gettext_noop(
            "Criminal-code article(s) under which the offence was qualified in the criminal "
            "complaint."
        ),
        code_list="criminal_code_articles",
        missing=U,
        stage="complaint",
        note="The national code list must hold article numbers (they differ by country). Keep "
        "qualifications per stage: they are often changed.",
        help_text=_QUALIFICATION_HELP,
    ),
    _t(
        "t_arrest",
        gettext_noop("Arrested"),
        "yesno",
        "D",
        "R-M",
        gettext_noop("Whether the person was arrested."),
        missing=U,
        stage="complaint",
        natural_person_only=True,
    ),
    _t(
        "t_arrest_date",
        gettext_noop("Date of arrest"),
        "date",
        "D",
        "R-M",
        gettext_noop("Date on which the person was arrested."),
        condition=Condition("t_arrest", ("yes",)),
        stage="complaint",
        note="Companion of t_arrest (spec: yes/no + date).",
        not_before=("t_complaint_date",),
    ),
    _t(
        "t_pretrial_detention",
        gettext_noop("Pre-trial detention"),
        "yesno",
        "D",
        "R-M",
        gettext_noop("Whether the person was held in pre-trial detention."),
        missing=U,
        stage="investigation",
        natural_person_only=True,
    ),
    _t(
        "t_pretrial_detention_days",
        gettext_noop("Length of pre-trial detention"),
        "integer",
        "D",
        "R-M",
        gettext_noop("Total number of days the person spent in pre-trial detention."),
        condition=Condition("t_pretrial_detention", ("yes",)),
        unit="days",
        min_value=0,
        max_value=36500,
        stage="investigation",
        note="Companion of t_pretrial_detention (spec: yes/no + number of days).",
    ),
    _t(
        "t_investigation_outcome",
        gettext_noop("Outcome of investigation"),
        "single",
        "D",
        "R-M",
        gettext_noop(
            "How the investigation against the person ended, or that it is still ongoing."
        ),
        code_list="investigation_outcome",
        missing=U,
        stage="investigation",
    ),
    _t(
        "t_international_cooperation",
        gettext_noop("International cooperation used"),
        "multi",
        "D",
        "R-L",
        gettext_noop(
            "Instruments of international police or judicial cooperation used in the case."
        ),
        code_list="international_cooperation",
        missing=U,
        stage="investigation",
    ),
    _t(
        "t_financial_investigation",
        gettext_noop("Parallel financial investigation conducted"),
        "yesno",
        "D",
        "R-L",
        gettext_noop(
            "Whether a financial investigation (tracing of proceeds and assets) was conducted in "
            "parallel with the criminal investigation."
        ),
        missing=U,
        stage="investigation",
        note="Catalogue 2.0. A standard GRETA and OSCE item; Directive 2011/36/EU Art. 7 and "
        "recital 13 as amended.",
    ),
    # --- E. Prosecution -------------------------------------------------------------------------
    _t(
        "t_indictment_date",
        gettext_noop("Date of indictment"),
        "date",
        "E",
        "R-H",
        gettext_noop("Date on which the prosecutor filed the indictment against the person."),
        indexed=True,
        stage="indictment",
        help_text=gettext_noop("This date decides the year the person is counted as prosecuted."),
        not_before=("t_complaint_date",),
    ),
    _t(
        "t_qualification_indictment",
        gettext_noop("Legal qualification in the indictment"),
        "national_multi",
        "E",
        "R-H",
        gettext_noop("Criminal-code article(s) under which the person was indicted."),
        code_list="criminal_code_articles",
        missing=U,
        stage="indictment",
        help_text=_QUALIFICATION_HELP,
    ),
    _t(
        "t_plea_agreement",
        gettext_noop("Plea agreement concluded"),
        "yesno",
        "E",
        "R-L",
        gettext_noop("Whether the person concluded a plea agreement with the prosecution."),
        missing=U_NA,
        stage="indictment",
        note="Introduced in several SEE codes after 2008.",
        help_text=gettext_noop(
            "Choose 'Not applicable' where national law has no plea agreements."
        ),
    ),
    # --- F. First-instance trial ----------------------------------------------------------------
    _t(
        "t_court_first",
        gettext_noop("First-instance court"),
        "national",
        "F",
        "R-M",
        gettext_noop("Court that tried the case at first instance."),
        code_list="courts",
        missing=U,
        stage="first_instance",
    ),
    _t(
        "t_verdict_first_date",
        gettext_noop("Date of first-instance verdict"),
        "date",
        "F",
        "R-H",
        gettext_noop("Date on which the first-instance court pronounced its verdict."),
        indexed=True,
        stage="first_instance",
        not_before=("t_indictment_date", "t_complaint_date"),
    ),
    _t(
        "t_verdict_first",
        gettext_noop("First-instance verdict"),
        "single",
        "F",
        "R-H",
        gettext_noop("Decision of the first-instance court on the person."),
        code_list="verdict_first",
        missing=U,
        indexed=True,
        stage="first_instance",
        list_filter=True,
        list_column=True,
    ),
    _t(
        "t_qualification_verdict",
        gettext_noop("Legal qualification in the verdict"),
        "national_multi",
        "F",
        "R-H",
        gettext_noop("Criminal-code article(s) applied in the first-instance verdict."),
        code_list="criminal_code_articles",
        missing=U,
        stage="first_instance",
        note="Re-qualification, e.g. from THB to pimping, is a key analysis point.",
        help_text=_QUALIFICATION_HELP,
    ),
    _t(
        "t_sentence_type",
        gettext_noop("Type of sanction"),
        "multi",
        "F",
        "R-H",
        gettext_noop("Type(s) of sanction imposed by the first-instance verdict."),
        code_list="sentence_type",
        missing=U,
        condition=_CONVICTED_FIRST,
        stage="first_instance",
        required_when_applicable=True,
    ),
    _t(
        "t_prison_months",
        gettext_noop("Length of imprisonment"),
        "integer",
        "F",
        "R-H",
        gettext_noop("Length of the prison sentence imposed at first instance, in months."),
        code_list="prison_band",
        condition=_CONVICTED_FIRST,
        unit="months",
        min_value=0,
        max_value=600,
        stage="first_instance",
        note="Reporting bands (proposal): <1 yr; 1-<3; 3-<5; 5-<10; 10+ yrs.",
        help_text=gettext_noop("Convert years to months (for example 4 years 6 months = 54)."),
        natural_person_only=True,
    ),
    _t(
        "t_fine_amount",
        gettext_noop("Fine"),
        "amount",
        "F",
        "R-M",
        gettext_noop("Amount of the fine imposed at first instance, in euro."),
        condition=_CONVICTED_FIRST,
        unit="EUR",
        min_value=0,
        stage="first_instance",
        help_text=gettext_noop(
            "Convert amounts in national currency to euro at the rate of the verdict date."
        ),
    ),
    # --- G. Appeal and final judgment -----------------------------------------------------------
    _t(
        "t_appeal_filed",
        gettext_noop("Appeal filed"),
        "single",
        "G",
        "R-M",
        gettext_noop(
            "Whether an appeal against the first-instance verdict was filed, and by whom."
        ),
        code_list="appeal_filed",
        missing=U,
        stage="appeal",
    ),
    _t(
        "t_verdict_second_date",
        gettext_noop("Date of second-instance decision"),
        "date",
        "G",
        "R-H",
        gettext_noop("Date on which the appeal court decided."),
        condition=_APPEALED,
        stage="appeal",
        not_before=("t_verdict_first_date",),
    ),
    _t(
        "t_verdict_second",
        gettext_noop("Second-instance decision"),
        "single",
        "G",
        "R-H",
        gettext_noop("Decision of the appeal court on the first-instance verdict."),
        code_list="verdict_second",
        missing=U,
        condition=_APPEALED,
        stage="appeal",
    ),
    _t(
        "t_final_date",
        gettext_noop("Date judgment became final"),
        "date",
        "G",
        "R-H",
        gettext_noop(
            "Date on which the judgment became final (no further ordinary appeal possible)."
        ),
        indexed=True,
        stage="final",
        help_text=gettext_noop("This date decides the year a final conviction is counted in."),
        not_before=("t_verdict_first_date", "t_verdict_second_date", "t_complaint_date"),
    ),
    _t(
        "t_final_outcome",
        gettext_noop("Final outcome"),
        "single",
        "G",
        "R-H",
        gettext_noop("Outcome of the final judgment for the person."),
        code_list="final_outcome",
        missing=U,
        indexed=True,
        stage="final",
        note="Eurostat counts convictions [C].",
        list_filter=True,
        list_column=True,
    ),
    _t(
        "t_final_sentence_type",
        gettext_noop("Final sanction: type"),
        "multi",
        "G",
        "R-H",
        gettext_noop("Type(s) of sanction in the final judgment."),
        code_list="sentence_type",
        missing=U,
        condition=_CONVICTED_FINAL,
        stage="final",
        note="Spec row t_final_sentence_type / t_final_prison_months (Final sanction, as 4.F).",
        required_when_applicable=True,
    ),
    _t(
        "t_final_prison_months",
        gettext_noop("Final sanction: length of imprisonment"),
        "integer",
        "G",
        "R-H",
        gettext_noop("Length of the prison sentence in the final judgment, in months."),
        code_list="prison_band",
        condition=_CONVICTED_FINAL,
        unit="months",
        min_value=0,
        max_value=600,
        stage="final",
        note="Spec row t_final_sentence_type / t_final_prison_months (Final sanction, as 4.F).",
        help_text=gettext_noop("Convert years to months (for example 4 years 6 months = 54)."),
        natural_person_only=True,
    ),
    _t(
        "t_proceedings_duration",
        gettext_noop("Length of proceedings, complaint → final"),
        "derived",
        "G",
        "R-M",
        gettext_noop(
            "Number of days from the criminal complaint to the date the judgment became final, "
            "computed from the two dates."
        ),
        derive="proceedings_duration_days",
        unit="days",
        stage="final",
    ),
    # --- H. Sanctions, confiscation and compensation --------------------------------------------
    _t(
        "t_confiscation",
        gettext_noop("Confiscation of proceeds/assets"),
        "yesno",
        "H",
        "R-M",
        gettext_noop("Whether proceeds of crime or assets of the person were confiscated."),
        missing=U,
        stage="sanctions",
        note="Listed under 4.F in the spec table; section H of the §4 header.",
    ),
    _t(
        "t_confiscation_value",
        gettext_noop("Value of confiscated proceeds/assets"),
        "amount",
        "H",
        "R-M",
        gettext_noop("Value of the proceeds or assets confiscated, in euro."),
        condition=Condition("t_confiscation", ("yes",)),
        unit="EUR",
        min_value=0,
        stage="sanctions",
        note="Companion of t_confiscation (spec: yes/no + value).",
        help_text=gettext_noop(
            "Convert amounts in national currency to euro at the rate of the decision date."
        ),
    ),
    _t(
        "t_other_measures",
        gettext_noop("Other measures"),
        "multi",
        "H",
        "R-L",
        gettext_noop("Other measures imposed on the person besides the main sanction."),
        code_list="other_measures",
        missing=U_NA,
        stage="sanctions",
        note="Listed under 4.F in the spec table; section H of the §4 header.",
        help_text=gettext_noop("Choose 'Not applicable' when no other measure was imposed."),
    ),
    _t(
        "t_compensation_ordered",
        gettext_noop("Compensation to victim ordered"),
        "yesno",
        "H",
        "R-M",
        gettext_noop("Whether the court ordered the person to pay compensation to the victim(s)."),
        missing=U,
        stage="sanctions",
        note="Mirrors v_compensation_awarded. Listed under 4.F in the spec table; section H of "
        "the §4 header.",
    ),
    _t(
        "t_legal_person_sanctions",
        gettext_noop("Sanctions of the legal person"),
        "multi",
        "H",
        "R-L",
        gettext_noop(
            "Sanctions imposed on a legal person found liable: fine, exclusion from public "
            "benefits, ban on commercial activities, judicial supervision, winding-up, closure of "
            "the establishment."
        ),
        code_list="legal_person_sanction",
        missing=U_NA,
        condition=Condition("t_legal_person", ("yes",)),
        stage="sanctions",
        note="Catalogue 2.0. Directive 2011/36/EU Art. 6 as amended by Directive 2024/1712.",
        help_text=gettext_noop("Choose 'Not applicable' while no sanction has been imposed."),
    ),
    _t(
        "t_compensation_amount",
        gettext_noop("Compensation amount ordered"),
        "amount",
        "H",
        "R-M",
        gettext_noop(
            "Total amount of compensation the person was ordered to pay to the victim(s), in euro."
        ),
        condition=Condition("t_compensation_ordered", ("yes",)),
        unit="EUR",
        min_value=0,
        stage="sanctions",
        note="Companion of t_compensation_ordered (spec: yes/no + amount).",
        help_text=gettext_noop(
            "Convert amounts in national currency to euro at the rate of the decision date."
        ),
    ),
)

TRAFFICKERS = Database(
    code="traffickers",
    label=gettext_noop("Traffickers and the criminal-justice response"),
    prefix="t_",
    sections=SECTIONS,
    indicators=INDICATORS,
    stages=STAGES,
    legal_person="t_legal_person",
)
