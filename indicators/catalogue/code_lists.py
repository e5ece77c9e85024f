"""Regional code lists (the same everywhere) and the national code lists each territory keeps.

Category codes are stable snake_case identifiers stored in the data; labels are for people and may
change or be translated. The missing values (unknown, not applicable, declined to answer) are not
categories: the machinery adds the ones each indicator allows (``Indicator.missing``).

Lists whose name ends in ``_band`` are reporting bands of a number (an age, a duration, a prison
term): the stored value is the number, the band is computed with :func:`band_for`.
"""

from __future__ import annotations

from indicators.schema import Category, CodeList, NationalList, gettext_noop, pgettext_noop


def _list(code: str, label: str, *categories: tuple[str, ...], note: str = "") -> CodeList:
    """Build a code list from ``(code, label)`` or ``(code, label, definition)`` tuples."""
    return CodeList(
        code=code,
        label=label,
        categories=tuple(Category(*category) for category in categories),
        note=note,
    )


_CODE_LISTS: tuple[CodeList, ...] = (
    # --- Shared by both databases ---------------------------------------------------------------
    _list(
        "sex",
        gettext_noop("Sex"),
        ("male", pgettext_noop("sex", "Male")),
        ("female", pgettext_noop("sex", "Female")),
        note="Spec §3.B and §4.B: male; female. Unknown is a missing value.",
    ),
    _list(
        "exploitation_form",
        gettext_noop("Form of exploitation"),
        (
            "sexual",
            pgettext_noop("exploitation_form", "Sexual exploitation"),
            gettext_noop(
                "Exploitation of the prostitution of others or other forms of sexual exploitation, "
                "including pornography and online sexual exploitation."
            ),
        ),
        (
            "labour",
            pgettext_noop("exploitation_form", "Labour exploitation"),
            gettext_noop(
                "Forced labour or services in any sector other than those listed separately below."
            ),
        ),
        ("begging", pgettext_noop("exploitation_form", "Begging"), gettext_noop("Forced begging.")),
        (
            "domestic_servitude",
            pgettext_noop("exploitation_form", "Domestic servitude"),
            gettext_noop(
                "Forced work in a private household under the control of the household members."
            ),
        ),
        (
            "criminal_activity",
            pgettext_noop("exploitation_form", "Exploitation of criminal activities"),
            gettext_noop(
                "The Directive's wording (Directive 2011/36/EU as amended by Directive 2024/1712, "
                "Art. 2(3)): the person is compelled to commit criminal acts such as "
                "pickpocketing, "
                "shoplifting or drug trafficking for the benefit of others."
            ),
        ),
        (
            "forced_marriage",
            pgettext_noop("exploitation_form", "Exploitation of forced marriage"),
            gettext_noop(
                "Forced or servile marriage; a form of exploitation under Directive 2024/1712, "
                "Art. 2(3)."
            ),
        ),
        (
            "illegal_adoption",
            pgettext_noop("exploitation_form", "Exploitation of illegal adoption"),
            gettext_noop(
                "Illegal adoption or sale of a child for adoption; a form of exploitation under "
                "Directive 2024/1712, Art. 2(3)."
            ),
        ),
        ("organ_removal", pgettext_noop("exploitation_form", "Removal of organs")),
        ("slavery", pgettext_noop("exploitation_form", "Slavery or practices similar to slavery")),
        (
            "surrogacy",
            pgettext_noop("exploitation_form", "Exploitation of surrogacy"),
            gettext_noop(
                "The person is compelled or deceived into acting as a surrogate mother; a form of "
                "exploitation under Directive 2024/1712, Art. 2(3) (HTCDS v2.0: Surrogacy)."
            ),
        ),
        ("other", pgettext_noop("exploitation_form", "Other form of exploitation")),
        note="Spec §3.E, catalogue 2.0: Directive 2024/1712 Art. 2(3) forms. A person "
        "intercepted before any exploitation keeps the intended form here and is flagged by "
        "v_intercepted (the category not_yet_exploited is retired). IOM 2009 adds a combined "
        "sexual+labour category and Eurostat uses sexual / forced labour / other; both are "
        "reached through the crosswalks.",
    ),
    _list(
        "trafficking_type",
        gettext_noop("Type of trafficking"),
        (
            "international",
            pgettext_noop("trafficking_type", "International (cross-border)"),
            gettext_noop("The trafficking crossed a border."),
        ),
        (
            "internal",
            pgettext_noop("trafficking_type", "Internal (domestic)"),
            gettext_noop("Recruitment and exploitation in one country."),
        ),
        (
            "both",
            pgettext_noop("trafficking_type", "Both"),
            gettext_noop("Episodes of both internal and international trafficking."),
        ),
    ),
    _list(
        "marital_status",
        gettext_noop("Marital or family status"),
        ("single", pgettext_noop("marital_status", "Single")),
        ("married", pgettext_noop("marital_status", "Married")),
        ("cohabiting", pgettext_noop("marital_status", "Cohabiting")),
        ("divorced_separated", pgettext_noop("marital_status", "Divorced or separated")),
        ("widowed", pgettext_noop("marital_status", "Widowed")),
    ),
    _list(
        "education",
        gettext_noop("Highest level of education completed (ISCED 2011)"),
        ("isced_0", pgettext_noop("education", "Less than primary or no schooling (ISCED 0)")),
        (
            "isced_1",
            pgettext_noop(
                "education", "Primary (ISCED 1; the first four to six years of basic school)"
            ),
        ),
        (
            "isced_2",
            pgettext_noop(
                "education", "Lower secondary (ISCED 2; completed basic school of 8 or 9 years)"
            ),
        ),
        ("isced_3_general", pgettext_noop("education", "Upper secondary, general (ISCED 3)")),
        ("isced_3_vocational", pgettext_noop("education", "Upper secondary, vocational (ISCED 3)")),
        ("isced_4", pgettext_noop("education", "Post-secondary non-tertiary (ISCED 4)")),
        (
            "isced_5_8",
            pgettext_noop(
                "education", "Tertiary: short-cycle, bachelor, master or doctoral (ISCED 5-8)"
            ),
        ),
        note="UNESCO ISCED 2011 attainment levels (HTCDS v2.0 prs_HighestLevelOfEducation). "
        "Catalogue 2.0 mapped the former levels (see the change log).",
    ),
    _list(
        "recruitment_method",
        gettext_noop("Method of recruitment"),
        (
            "false_job_offer",
            pgettext_noop("recruitment_method", "Deception about work (false job offer)"),
        ),
        (
            "false_relationship_promise",
            pgettext_noop(
                "recruitment_method", 'False marriage or relationship promise ("lover-boy")'
            ),
        ),
        (
            "promise_education_travel",
            pgettext_noop("recruitment_method", "Promise of education or travel"),
        ),
        ("abduction", pgettext_noop("recruitment_method", "Abduction or kidnapping")),
        (
            "sold_by_family",
            pgettext_noop("recruitment_method", "Sold or handed over by a family member"),
        ),
        ("sold_by_other", pgettext_noop("recruitment_method", "Sold by another person")),
        ("debt_offer", pgettext_noop("recruitment_method", "Offer of a loan or debt")),
        ("other", pgettext_noop("recruitment_method", "Other")),
        note="How the person was drawn in; the channel of the first contact is "
        "v_recruitment_channel (catalogue 2.0).",
    ),
    _list(
        "recruitment_channel",
        gettext_noop("Channel of recruitment"),
        (
            "in_person_family_friends",
            pgettext_noop(
                "recruitment_channel", "In person, through family, friends or acquaintances"
            ),
        ),
        ("workplace", pgettext_noop("recruitment_channel", "At the workplace")),
        ("school", pgettext_noop("recruitment_channel", "At school or an educational institution")),
        ("public_place", pgettext_noop("recruitment_channel", "In a public place")),
        (
            "licensed_agency",
            pgettext_noop("recruitment_channel", "Licensed employment or travel agency"),
        ),
        (
            "unlicensed_agency",
            pgettext_noop("recruitment_channel", "Unlicensed agency or intermediary"),
        ),
        (
            "print_tv_advert",
            pgettext_noop("recruitment_channel", "Newspaper, print or television advertisement"),
        ),
        (
            "online_job_site",
            pgettext_noop("recruitment_channel", "Online job site or online advertisement"),
        ),
        ("social_network", pgettext_noop("recruitment_channel", "Online social network")),
        ("messaging_app", pgettext_noop("recruitment_channel", "Messaging app")),
        ("dating_app", pgettext_noop("recruitment_channel", "Dating app or website")),
        ("online_game", pgettext_noop("recruitment_channel", "Online game")),
        (
            "online_unspecified",
            pgettext_noop("recruitment_channel", "Online, not specified"),
            gettext_noop(
                "Online, the kind of service not recorded (the former method "
                '"internet or social media").'
            ),
        ),
        ("other", pgettext_noop("recruitment_channel", "Other")),
        note="HTCDS v2.0 (2021-12-24) vic_MethodOfRecruitment is a channel list: at a place of "
        "business, at an educational institution, at work, online social networks, online "
        "advertisement, television or newspaper advertisement, family, friends, other.",
    ),
    _list(
        "ict_use",
        gettext_noop("Use of information and communication technology"),
        ("recruitment", pgettext_noop("ict_use", "Recruitment")),
        ("advertising", pgettext_noop("ict_use", "Advertising the victim or the services")),
        ("control", pgettext_noop("ict_use", "Control or surveillance of the victim")),
        (
            "exploitation",
            pgettext_noop("ict_use", "Exploitation itself (for example live-streamed abuse)"),
        ),
        ("payment", pgettext_noop("ict_use", "Payments or money transfers")),
        ("none", pgettext_noop("ict_use", "No ICT used")),
        note="Directive 2024/1712 recital 7 and GRETA's fourth round: ICT-facilitated trafficking.",
    ),
    _list(
        "recruiter_relationship",
        gettext_noop("Relationship between trafficker and victim"),
        ("stranger", pgettext_noop("recruiter_relationship", "Stranger")),
        ("acquaintance", pgettext_noop("recruiter_relationship", "Acquaintance")),
        ("friend", pgettext_noop("recruiter_relationship", "Friend")),
        ("partner_spouse", pgettext_noop("recruiter_relationship", "Boyfriend, partner or spouse")),
        ("family_member", pgettext_noop("recruiter_relationship", "Family member or relative")),
        ("neighbour", pgettext_noop("recruiter_relationship", "Neighbour")),
        ("agency", pgettext_noop("recruiter_relationship", "Employment or travel agency")),
        ("other", pgettext_noop("recruiter_relationship", "Other")),
    ),
    # --- Victims: registration and profile ------------------------------------------------------
    _list(
        "victim_data_provider",
        gettext_noop("Data-providing institution (victims)"),
        (
            "moi_police",
            pgettext_noop(
                "victim_data_provider", "Ministry of Interior / police (anti-trafficking unit)"
            ),
        ),
        ("border_police", pgettext_noop("victim_data_provider", "Border police")),
        ("prosecutor", pgettext_noop("victim_data_provider", "Prosecutor's office")),
        ("court", pgettext_noop("victim_data_provider", "Court")),
        (
            "national_coordinator",
            pgettext_noop(
                "victim_data_provider", "National anti-trafficking coordinator or office"
            ),
        ),
        (
            "social_welfare",
            pgettext_noop(
                "victim_data_provider", "Social welfare centre or ministry of social affairs"
            ),
        ),
        ("ngo", pgettext_noop("victim_data_provider", "NGO (shelter, hotline)")),
        ("iom", pgettext_noop("victim_data_provider", "IOM")),
        ("labour_inspectorate", pgettext_noop("victim_data_provider", "Labour inspectorate")),
        ("health_institution", pgettext_noop("victim_data_provider", "Health institution")),
        ("embassy_consulate", pgettext_noop("victim_data_provider", "Embassy or consulate")),
        ("other", pgettext_noop("victim_data_provider", "Other")),
        note="Filled from the kind of the institution that owns the record.",
    ),
    _list(
        "consent",
        gettext_noop("Informed consent"),
        ("yes", pgettext_noop("consent", "Yes, consent obtained")),
        ("no", pgettext_noop("consent", "No, consent not obtained")),
        (
            "not_required",
            pgettext_noop("consent", "Not required (anonymous or statistical record)"),
            gettext_noop(
                "National law allows the record without consent because it is anonymous and "
                "used for statistics only."
            ),
        ),
    ),
    _list(
        "victim_status",
        gettext_noop("Victim status"),
        (
            "identified",
            pgettext_noop("victim_status", "Formally identified victim"),
            gettext_noop("Identified as a victim of trafficking by the competent authority."),
        ),
        (
            "presumed",
            pgettext_noop("victim_status", "Presumed or potential victim"),
            gettext_noop(
                "Shows the indicators of trafficking but has not (yet) been formally identified, "
                "or declined formal identification."
            ),
        ),
        (
            "not_confirmed",
            pgettext_noop("victim_status", "Not confirmed as a victim"),
            gettext_noop("Registered as presumed, later found not to be a victim of trafficking."),
        ),
        note="Eurostat counts identified and presumed victims together as registered victims.",
    ),
    _list(
        "victim_category",
        gettext_noop("Victim category relative to the reporting country"),
        ("national_abroad", pgettext_noop("victim_category", "National trafficked abroad")),
        (
            "national_internal",
            pgettext_noop("victim_category", "National trafficked within the country"),
        ),
        (
            "foreign_into",
            pgettext_noop("victim_category", "Foreign national trafficked into the country"),
        ),
        ("foreign_transit", pgettext_noop("victim_category", "Foreign national in transit")),
    ),
    _list(
        "victim_age_band",
        gettext_noop("Victim age band"),
        ("0_13", pgettext_noop("victim_age_band", "0-13 years")),
        ("14_17", pgettext_noop("victim_age_band", "14-17 years")),
        ("18_24", pgettext_noop("victim_age_band", "18-24 years")),
        ("25_34", pgettext_noop("victim_age_band", "25-34 years")),
        ("35_44", pgettext_noop("victim_age_band", "35-44 years")),
        ("45_plus", pgettext_noop("victim_age_band", "45 years and over")),
        note="National reporting bands (proposal, spec §3.B). Child = under 18. Each framework "
        "has its own bands (AGE_BANDS in crosswalks.py, catalogue 2.0).",
    ),
    _list(
        "eurostat_age_band",
        gettext_noop("Victim age band (Eurostat)"),
        ("0_11", pgettext_noop("eurostat_age_band", "0-11 years")),
        ("12_17", pgettext_noop("eurostat_age_band", "12-17 years")),
        ("18_plus", pgettext_noop("eurostat_age_band", "18 years and over")),
        note="Children and adults, children split at 12. To verify against the current DG HOME "
        "/ Eurostat questionnaire (spec/standards.md §3.5).",
    ),
    _list(
        "unodc_age_band",
        gettext_noop("Victim age band (UNODC)"),
        ("under_18", pgettext_noop("unodc_age_band", "Under 18 years")),
        ("18_plus", pgettext_noop("unodc_age_band", "18 years and over")),
        note="GLOTIP and SDG 16.2.2: children and adults.",
    ),
    _list(
        "ctdc_age_band",
        gettext_noop("Victim age band (CTDC)"),
        ("0_8", pgettext_noop("ctdc_age_band", "0-8 years")),
        ("9_17", pgettext_noop("ctdc_age_band", "9-17 years")),
        ("18_20", pgettext_noop("ctdc_age_band", "18-20 years")),
        ("21_23", pgettext_noop("ctdc_age_band", "21-23 years")),
        ("24_26", pgettext_noop("ctdc_age_band", "24-26 years")),
        ("27_29", pgettext_noop("ctdc_age_band", "27-29 years")),
        ("30_38", pgettext_noop("ctdc_age_band", "30-38 years")),
        ("39_47", pgettext_noop("ctdc_age_band", "39-47 years")),
        ("48_plus", pgettext_noop("ctdc_age_band", "48 years and over")),
        note="CTDC global dataset ageBroad.",
    ),
    _list(
        "urban_rural",
        gettext_noop("Type of place of residence"),
        ("urban", pgettext_noop("urban_rural", "Urban")),
        ("rural", pgettext_noop("urban_rural", "Rural")),
    ),
    _list(
        "employment_status",
        gettext_noop("Economic activity before trafficking"),
        ("employed_formal", pgettext_noop("employment_status", "Employed (formal)")),
        (
            "employed_informal",
            pgettext_noop("employment_status", "Employed (informal or occasional)"),
        ),
        ("unemployed", pgettext_noop("employment_status", "Unemployed")),
        ("student", pgettext_noop("employment_status", "Pupil or student")),
        ("housework_carer", pgettext_noop("employment_status", "Housework or carer")),
        ("pensioner", pgettext_noop("employment_status", "Pensioner")),
        ("other", pgettext_noop("employment_status", "Other")),
    ),
    _list(
        "living_situation",
        gettext_noop("Living situation before trafficking"),
        ("with_family", pgettext_noop("living_situation", "With parents or family")),
        ("with_partner", pgettext_noop("living_situation", "With partner")),
        ("alone", pgettext_noop("living_situation", "Alone")),
        (
            "institutional_care",
            pgettext_noop(
                "living_situation", "Institutional care (orphanage, foster care, residential care)"
            ),
        ),
        ("homeless_street", pgettext_noop("living_situation", "Homeless or living on the street")),
        ("other", pgettext_noop("living_situation", "Other")),
    ),
    _list(
        "prior_violence_type",
        gettext_noop("Type of violence or abuse before trafficking"),
        ("domestic_violence", pgettext_noop("prior_violence_type", "Domestic violence")),
        ("sexual_abuse", pgettext_noop("prior_violence_type", "Sexual abuse")),
        ("neglect", pgettext_noop("prior_violence_type", "Neglect")),
    ),
    _list(
        "special_needs",
        gettext_noop("Special needs or health conditions"),
        ("disability", pgettext_noop("special_needs", "Disability")),
        ("chronic_illness", pgettext_noop("special_needs", "Chronic illness")),
        ("mental_health", pgettext_noop("special_needs", "Mental-health problem")),
        ("substance_dependence", pgettext_noop("special_needs", "Substance dependence")),
        ("pregnancy", pgettext_noop("special_needs", "Pregnancy")),
        ("none", pgettext_noop("special_needs", "None")),
    ),
    _list(
        "legal_status",
        gettext_noop("Legal status in the country of exploitation"),
        ("resident_citizen", pgettext_noop("legal_status", "Legal resident or citizen")),
        ("legal_stay", pgettext_noop("legal_status", "Visa or other legal stay")),
        ("irregular_stay", pgettext_noop("legal_status", "Irregular stay")),
        ("asylum_seeker", pgettext_noop("legal_status", "Asylum seeker")),
        ("refugee", pgettext_noop("legal_status", "Recognised refugee")),
        (
            "complementary_protection",
            pgettext_noop("legal_status", "Subsidiary or complementary protection"),
        ),
        ("stateless", pgettext_noop("legal_status", "Stateless person")),
        ("labour_migrant", pgettext_noop("legal_status", "Labour migrant with a work permit")),
        note="Spec category 'not applicable (internal)' is the missing value not_applicable. "
        "Catalogue 2.0 adds the HTCDS v2.0 Guidance 7 protection classes.",
    ),
    # --- Victims: recruitment and transport -----------------------------------------------------
    _list(
        "promised_work",
        gettext_noop("Work or activity promised"),
        ("bar_restaurant_hotel", pgettext_noop("promised_work", "Bar, restaurant or hotel")),
        ("dancer_entertainer", pgettext_noop("promised_work", "Dancer or entertainer")),
        ("domestic_care", pgettext_noop("promised_work", "Domestic work or care")),
        ("agriculture", pgettext_noop("promised_work", "Agriculture")),
        ("construction", pgettext_noop("promised_work", "Construction")),
        ("factory", pgettext_noop("promised_work", "Factory")),
        ("sales_trade", pgettext_noop("promised_work", "Sales or trade")),
        ("modelling", pgettext_noop("promised_work", "Modelling")),
        ("marriage", pgettext_noop("promised_work", "Marriage")),
        ("education", pgettext_noop("promised_work", "Education")),
        ("other", pgettext_noop("promised_work", "Other")),
    ),
    _list(
        "recruiter_sex",
        gettext_noop("Sex of recruiter(s)"),
        ("male", pgettext_noop("recruiter_sex", "Male")),
        ("female", pgettext_noop("recruiter_sex", "Female")),
        ("both", pgettext_noop("recruiter_sex", "Both (several recruiters)")),
    ),
    _list(
        "transport_means",
        gettext_noop("Means of transport"),
        ("car_van", pgettext_noop("transport_means", "Car or van")),
        ("bus", pgettext_noop("transport_means", "Bus")),
        ("train", pgettext_noop("transport_means", "Train")),
        ("plane", pgettext_noop("transport_means", "Plane")),
        ("boat_ferry", pgettext_noop("transport_means", "Boat or ferry")),
        ("on_foot", pgettext_noop("transport_means", "On foot")),
        ("other", pgettext_noop("transport_means", "Other")),
    ),
    _list(
        "border_crossing",
        gettext_noop("Manner of border crossing"),
        ("legal", pgettext_noop("border_crossing", "Legal (regular border checkpoint)")),
        ("illegal", pgettext_noop("border_crossing", "Illegal (green border, hidden)")),
        ("both", pgettext_noop("border_crossing", "Both")),
        note="Spec category 'not applicable (internal)' is the missing value not_applicable.",
    ),
    _list(
        "travel_documents",
        gettext_noop("Travel documents used"),
        ("own_valid_documents", pgettext_noop("travel_documents", "Own valid passport or ID")),
        ("own_passport_visa", pgettext_noop("travel_documents", "Own passport with visa")),
        ("forged_documents", pgettext_noop("travel_documents", "Forged or false documents")),
        ("other_person_documents", pgettext_noop("travel_documents", "Another person's documents")),
        ("no_documents", pgettext_noop("travel_documents", "No documents")),
        note="Spec category 'not needed' is the missing value not_applicable (no border "
        "crossed or no document needed).",
    ),
    _list(
        "travel_companion",
        gettext_noop("Travelled with"),
        ("alone", pgettext_noop("travel_companion", "Alone")),
        ("with_trafficker", pgettext_noop("travel_companion", "With recruiter or trafficker")),
        ("with_other_victims", pgettext_noop("travel_companion", "With other victims")),
        ("with_family", pgettext_noop("travel_companion", "With family")),
    ),
    # --- Victims: exploitation ------------------------------------------------------------------
    _list(
        "sexual_exploitation_setting",
        gettext_noop("Setting of sexual exploitation"),
        ("street", pgettext_noop("sexual_exploitation_setting", "Street")),
        ("bar_nightclub", pgettext_noop("sexual_exploitation_setting", "Bar, nightclub or café")),
        ("brothel", pgettext_noop("sexual_exploitation_setting", "Brothel")),
        ("private_apartment", pgettext_noop("sexual_exploitation_setting", "Private apartment")),
        ("hotel_motel", pgettext_noop("sexual_exploitation_setting", "Hotel or motel")),
        ("escort", pgettext_noop("sexual_exploitation_setting", "Escort or outcall")),
        (
            "pornography_online",
            pgettext_noop("sexual_exploitation_setting", "Pornography or online"),
        ),
        ("other", pgettext_noop("sexual_exploitation_setting", "Other")),
    ),
    _list(
        "labour_sector",
        gettext_noop("Sector of labour exploitation (ISIC Rev.4 / NACE Rev.2 section)"),
        ("a_agriculture", pgettext_noop("labour_sector", "A. Agriculture, forestry and fishing")),
        ("b_mining", pgettext_noop("labour_sector", "B. Mining and quarrying")),
        ("c_manufacturing", pgettext_noop("labour_sector", "C. Manufacturing")),
        (
            "d_energy",
            pgettext_noop(
                "labour_sector", "D. Electricity, gas, steam and air conditioning supply"
            ),
        ),
        (
            "e_water_waste",
            pgettext_noop("labour_sector", "E. Water supply, sewerage, waste management"),
        ),
        ("f_construction", pgettext_noop("labour_sector", "F. Construction")),
        (
            "g_trade",
            pgettext_noop("labour_sector", "G. Wholesale and retail trade, markets and peddling"),
        ),
        ("h_transport", pgettext_noop("labour_sector", "H. Transportation and storage")),
        (
            "i_accommodation_food",
            pgettext_noop("labour_sector", "I. Accommodation and food service activities"),
        ),
        ("j_information", pgettext_noop("labour_sector", "J. Information and communication")),
        ("k_finance", pgettext_noop("labour_sector", "K. Financial and insurance activities")),
        ("l_real_estate", pgettext_noop("labour_sector", "L. Real estate activities")),
        (
            "m_professional",
            pgettext_noop("labour_sector", "M. Professional, scientific and technical activities"),
        ),
        (
            "n_administrative_support",
            pgettext_noop(
                "labour_sector", "N. Administrative and support services (including cleaning, N81)"
            ),
        ),
        (
            "o_public_administration",
            pgettext_noop("labour_sector", "O. Public administration and defence"),
        ),
        ("p_education", pgettext_noop("labour_sector", "P. Education")),
        ("q_health_social", pgettext_noop("labour_sector", "Q. Human health and social work")),
        (
            "r_arts_entertainment",
            pgettext_noop("labour_sector", "R. Arts, entertainment and recreation"),
        ),
        ("s_other_services", pgettext_noop("labour_sector", "S. Other service activities")),
        (
            "t_households",
            pgettext_noop("labour_sector", "T. Households as employers (domestic work)"),
            gettext_noop("Activities of households as employers of domestic personnel."),
        ),
        ("u_extraterritorial", pgettext_noop("labour_sector", "U. Extraterritorial organisations")),
        note="ISIC Rev.4 sections A-U, identical to NACE Rev.2 sections (Serbia's KD 2010, "
        "Albania's NVE Rev.2; HTCDS v2.0 vic_ForcedLabourIndustry). Begging is a form of "
        "exploitation, not a sector.",
    ),
    _list(
        "exploitation_duration_band",
        gettext_noop("Duration of exploitation band"),
        (
            "under_1_month",
            pgettext_noop("exploitation_duration_band", "Less than 1 month"),
            gettext_noop("0 to 30 days."),
        ),
        (
            "1_3_months",
            pgettext_noop("exploitation_duration_band", "1 to 3 months"),
            gettext_noop("31 to 91 days."),
        ),
        (
            "3_6_months",
            pgettext_noop("exploitation_duration_band", "3 to 6 months"),
            gettext_noop("92 to 182 days."),
        ),
        (
            "6_12_months",
            pgettext_noop("exploitation_duration_band", "6 to 12 months"),
            gettext_noop("183 to 365 days."),
        ),
        (
            "over_12_months",
            pgettext_noop("exploitation_duration_band", "More than 12 months"),
            gettext_noop("366 days or more."),
        ),
        note="Reporting bands (proposal, spec §3.E). The stored duration is in days.",
    ),
    _list(
        "control_means",
        gettext_noop("Means of control or coercion"),
        ("physical_violence", pgettext_noop("control_means", "Physical violence")),
        ("sexual_violence", pgettext_noop("control_means", "Sexual violence")),
        ("threats_victim", pgettext_noop("control_means", "Threats against the victim")),
        ("threats_family", pgettext_noop("control_means", "Threats against the family")),
        ("debt_bondage", pgettext_noop("control_means", "Debt bondage")),
        ("document_confiscation", pgettext_noop("control_means", "Confiscation of documents")),
        (
            "restriction_of_movement",
            pgettext_noop("control_means", "Restriction of movement or confinement"),
        ),
        ("isolation", pgettext_noop("control_means", "Isolation")),
        ("withholding_earnings", pgettext_noop("control_means", "Withholding of earnings")),
        ("forced_substance_use", pgettext_noop("control_means", "Forced drug or alcohol use")),
        ("psychological_abuse", pgettext_noop("control_means", "Psychological abuse")),
        (
            "threat_of_denunciation",
            pgettext_noop("control_means", "Threat of denunciation to the authorities"),
        ),
        ("false_promises", pgettext_noop("control_means", "False promises")),
        ("excessive_working_hours", pgettext_noop("control_means", "Excessive working hours")),
        (
            "withholding_necessities",
            pgettext_noop("control_means", "Withholding of necessities (food, water, sleep)"),
        ),
        (
            "restricting_medical_care",
            pgettext_noop("control_means", "Restricted access to medical care"),
        ),
        (
            "restricting_financial_access",
            pgettext_noop("control_means", "Restricted access to money or bank accounts"),
        ),
        (
            "uses_children",
            pgettext_noop("control_means", "Use of or threats against the victim's children"),
        ),
        ("other", pgettext_noop("control_means", "Other")),
        note="Aligned with HTCDS v2.0 (2021-12-24) vic_MethodsOfControl; restriction of movement "
        "and isolation are kept for CTDC (meansOfControlRestrictsMovement).",
    ),
    _list(
        "earnings_received",
        gettext_noop("Share of earnings the victim kept"),
        ("none", pgettext_noop("earnings_received", "None")),
        ("part", pgettext_noop("earnings_received", "Part")),
        ("all", pgettext_noop("earnings_received", "All")),
    ),
    # --- Victims: exit, identification, referral ------------------------------------------------
    _list(
        "exit_mode",
        gettext_noop("How the person left the trafficking situation"),
        ("escaped", pgettext_noop("exit_mode", "Escaped alone")),
        ("police_intervention", pgettext_noop("exit_mode", "Police raid or intervention")),
        ("labour_inspection", pgettext_noop("exit_mode", "Labour inspection")),
        (
            "released_by_trafficker",
            pgettext_noop("exit_mode", "Released or abandoned by the trafficker"),
        ),
        ("helped_by_client", pgettext_noop("exit_mode", "Helped by a client")),
        ("helped_by_ngo", pgettext_noop("exit_mode", "Helped by an NGO or outreach worker")),
        ("helped_by_family_friend", pgettext_noop("exit_mode", "Helped by family or a friend")),
        ("self_referral", pgettext_noop("exit_mode", "Self-referral to the authorities")),
        (
            "deported_detained",
            pgettext_noop("exit_mode", "Deported or detained as an irregular migrant"),
        ),
        ("other", pgettext_noop("exit_mode", "Other")),
    ),
    _list(
        "institution_type",
        gettext_noop("Type of institution (identification and referral)"),
        ("police", pgettext_noop("institution_type", "Police")),
        ("border_police", pgettext_noop("institution_type", "Border police")),
        ("prosecutor", pgettext_noop("institution_type", "Prosecutor")),
        ("labour_inspectorate", pgettext_noop("institution_type", "Labour inspectorate")),
        ("social_welfare", pgettext_noop("institution_type", "Social welfare centre")),
        ("ngo", pgettext_noop("institution_type", "NGO")),
        ("iom", pgettext_noop("institution_type", "IOM")),
        ("embassy_consulate", pgettext_noop("institution_type", "Embassy or consulate")),
        ("health_service", pgettext_noop("institution_type", "Health service")),
        (
            "foreign_authority",
            pgettext_noop("institution_type", "Foreign authority (for returnees)"),
        ),
        (
            "mobile_identification_unit",
            pgettext_noop("institution_type", "Mobile identification unit"),
            gettext_noop(
                "A joint team of police and social services that identifies victims in the field "
                "(for example Albania's mobile identification units)."
            ),
        ),
        ("hotline", pgettext_noop("institution_type", "Hotline")),
        (
            "self_identified",
            pgettext_noop("institution_type", "Self-identified (the person came forward)"),
        ),
        (
            "centre_for_victim_protection",
            pgettext_noop(
                "institution_type",
                "National centre for the identification or protection of victims",
            ),
            gettext_noop(
                "A national body that formally identifies victims (for example Serbia's Centre for "
                "Protection of Victims of Trafficking)."
            ),
        ),
        (
            "child_protection_services",
            pgettext_noop("institution_type", "Child protection services"),
        ),
        (
            "asylum_migration_authority",
            pgettext_noop("institution_type", "Asylum or migration authority"),
        ),
        ("other", pgettext_noop("institution_type", "Other")),
    ),
    _list(
        "status_decision_body",
        gettext_noop("Body that decided the victim status"),
        ("police", pgettext_noop("status_decision_body", "Police")),
        ("court_prosecution", pgettext_noop("status_decision_body", "Court or prosecution")),
        (
            "centre_for_victim_protection",
            pgettext_noop(
                "status_decision_body",
                "National centre for the identification or protection of victims",
            ),
        ),
        (
            "joint_police_social_services",
            pgettext_noop("status_decision_body", "Joint police and social services decision"),
            gettext_noop("For example Albania's joint interview for the official status."),
        ),
        ("social_welfare", pgettext_noop("status_decision_body", "Social welfare authority")),
        ("ngo", pgettext_noop("status_decision_body", "NGO")),
        (
            "other_government",
            pgettext_noop("status_decision_body", "Other governmental organisation"),
        ),
        ("other", pgettext_noop("status_decision_body", "Other")),
        note="HTCDS v2.0 vic_TraffickingStatusDecisionMakingOrg: Police / NGO / "
        "CourtOrProsecution / NonPoliceGovernmentalOrganization / Other.",
    ),
    _list(
        "referral_outcome",
        gettext_noop("Outcome of a referral for identification"),
        ("identified", pgettext_noop("referral_outcome", "Identified as a victim")),
        (
            "presumed",
            pgettext_noop(
                "referral_outcome", "Presumed victim (identification not completed or declined)"
            ),
        ),
        ("not_a_victim", pgettext_noop("referral_outcome", "Not a victim of trafficking")),
        ("pending", pgettext_noop("referral_outcome", "Pending")),
    ),
    # --- Victims: assistance and protection -----------------------------------------------------
    _list(
        "assistance_accepted",
        gettext_noop("Assistance accepted"),
        ("accepted", pgettext_noop("assistance_accepted", "Accepted")),
        ("partly_accepted", pgettext_noop("assistance_accepted", "Partly accepted")),
        ("declined", pgettext_noop("assistance_accepted", "Declined")),
    ),
    _list(
        "assistance_decline_reason",
        gettext_noop("Reason for declining assistance"),
        (
            "wants_to_go_home",
            pgettext_noop("assistance_decline_reason", "Wants to go home immediately"),
        ),
        ("fear_distrust", pgettext_noop("assistance_decline_reason", "Fear or distrust")),
        (
            "not_self_identified",
            pgettext_noop("assistance_decline_reason", "Does not see self as a victim"),
        ),
        ("family_pressure", pgettext_noop("assistance_decline_reason", "Family pressure")),
        ("other", pgettext_noop("assistance_decline_reason", "Other")),
    ),
    _list(
        "assistance_type",
        gettext_noop("Type of assistance"),
        (
            "emergency_shelter",
            pgettext_noop("assistance_type", "Emergency or shelter accommodation"),
        ),
        ("long_term_accommodation", pgettext_noop("assistance_type", "Longer-term accommodation")),
        ("medical", pgettext_noop("assistance_type", "Medical")),
        ("psychological", pgettext_noop("assistance_type", "Psychological counselling")),
        ("legal", pgettext_noop("assistance_type", "Legal counselling or representation")),
        ("interpretation", pgettext_noop("assistance_type", "Interpretation")),
        ("education", pgettext_noop("assistance_type", "Education")),
        ("vocational_training", pgettext_noop("assistance_type", "Vocational training")),
        ("job_placement", pgettext_noop("assistance_type", "Job placement")),
        (
            "financial_support",
            pgettext_noop("assistance_type", "Financial support, income generation or small grant"),
        ),
        ("family_mediation", pgettext_noop("assistance_type", "Family mediation or reunification")),
        ("documents", pgettext_noop("assistance_type", "Help with documents")),
        ("child_care_guardianship", pgettext_noop("assistance_type", "Child care or guardianship")),
        ("other", pgettext_noop("assistance_type", "Other")),
    ),
    _list(
        "assistance_provider",
        gettext_noop("Type of assistance provider"),
        ("state", pgettext_noop("assistance_provider", "State (social welfare, health)")),
        ("ngo", pgettext_noop("assistance_provider", "NGO")),
        (
            "international_organisation",
            pgettext_noop("assistance_provider", "IOM or other international organisation"),
        ),
        ("other", pgettext_noop("assistance_provider", "Other")),
    ),
    _list(
        "residence_permit",
        gettext_noop("Temporary residence permit"),
        ("granted", pgettext_noop("residence_permit", "Granted")),
        ("applied_pending", pgettext_noop("residence_permit", "Applied for, pending")),
        ("refused", pgettext_noop("residence_permit", "Refused")),
        ("not_applied", pgettext_noop("residence_permit", "Not applied for")),
        note="Spec category 'not applicable (national)' is the missing value not_applicable.",
    ),
    _list(
        "residence_permit_ground",
        gettext_noop("Ground of the residence permit"),
        (
            "personal_situation",
            pgettext_noop("residence_permit_ground", "The personal situation of the victim"),
            gettext_noop("CoE Convention Art. 14(1)(a)."),
        ),
        (
            "cooperation",
            pgettext_noop("residence_permit_ground", "Cooperation with the authorities"),
            gettext_noop("CoE Convention Art. 14(1)(b); Directive 2004/81/EC."),
        ),
        ("both", pgettext_noop("residence_permit_ground", "Both grounds")),
        (
            "other_humanitarian",
            pgettext_noop("residence_permit_ground", "Other humanitarian ground"),
        ),
    ),
    _list(
        "risk_level",
        gettext_noop("Risk level"),
        ("low", pgettext_noop("risk_level", "Low")),
        ("medium", pgettext_noop("risk_level", "Medium")),
        ("high", pgettext_noop("risk_level", "High")),
    ),
    # --- Victims: return and reintegration ------------------------------------------------------
    _list(
        "return_type",
        gettext_noop("Type of return"),
        (
            "assisted_voluntary",
            pgettext_noop("return_type", "Assisted voluntary return (IOM or NGO)"),
        ),
        (
            "authorities_escorted",
            pgettext_noop("return_type", "Return organised by the authorities or escorted"),
        ),
        ("deportation", pgettext_noop("return_type", "Deportation or expulsion")),
        ("independent", pgettext_noop("return_type", "Independent return")),
    ),
    _list(
        "case_closure_status",
        gettext_noop("Situation at case closure"),
        ("reintegrated", pgettext_noop("case_closure_status", "Reintegrated or independent")),
        ("still_assisted", pgettext_noop("case_closure_status", "Still assisted")),
        ("lost_contact", pgettext_noop("case_closure_status", "Lost contact")),
        ("re_trafficked", pgettext_noop("case_closure_status", "Re-trafficked")),
        ("deceased", pgettext_noop("case_closure_status", "Deceased")),
        ("other", pgettext_noop("case_closure_status", "Other")),
    ),
    # --- Victims: criminal proceedings ----------------------------------------------------------
    _list(
        "cooperation",
        gettext_noop("Cooperation with law enforcement"),
        ("cooperated", pgettext_noop("cooperation", "Cooperated as witness or injured party")),
        ("declined", pgettext_noop("cooperation", "Declined to cooperate")),
        ("not_asked", pgettext_noop("cooperation", "Not asked")),
    ),
    _list(
        "testified",
        gettext_noop("Testimony"),
        ("pre_trial", pgettext_noop("testified", "In the pre-trial or investigation phase")),
        ("at_trial", pgettext_noop("testified", "At trial")),
        ("no", pgettext_noop("testified", "Did not testify")),
    ),
    _list(
        "witness_protection",
        gettext_noop("Protection measures in proceedings"),
        ("none", pgettext_noop("witness_protection", "None")),
        (
            "anonymity_closed_hearing",
            pgettext_noop("witness_protection", "Anonymity or closed hearing"),
        ),
        ("video_link", pgettext_noop("witness_protection", "Video link")),
        (
            "protection_programme",
            pgettext_noop("witness_protection", "Witness-protection programme"),
        ),
        ("relocation", pgettext_noop("witness_protection", "Relocation")),
        ("other", pgettext_noop("witness_protection", "Other")),
    ),
    _list(
        "compensation_claimed",
        gettext_noop("Compensation claimed"),
        (
            "criminal_proceedings",
            pgettext_noop("compensation_claimed", "In criminal proceedings (adhesion claim)"),
        ),
        ("civil_suit", pgettext_noop("compensation_claimed", "Civil suit")),
        ("state_fund", pgettext_noop("compensation_claimed", "State compensation fund")),
        ("none", pgettext_noop("compensation_claimed", "None")),
    ),
    _list(
        "compensation_source",
        gettext_noop("Source of the compensation"),
        (
            "perpetrator",
            pgettext_noop("compensation_source", "The perpetrator (order of the court)"),
        ),
        ("state_fund", pgettext_noop("compensation_source", "State compensation fund")),
        ("other", pgettext_noop("compensation_source", "Other (civil settlement, insurance...)")),
    ),
    _list(
        "non_punishment_offence",
        gettext_noop("Offence committed as a consequence of being trafficked"),
        (
            "prostitution_misdemeanour",
            pgettext_noop("non_punishment_offence", "Prostitution (misdemeanour)"),
        ),
        (
            "irregular_entry_stay",
            pgettext_noop("non_punishment_offence", "Irregular border crossing, entry or stay"),
        ),
        (
            "false_documents",
            pgettext_noop("non_punishment_offence", "Use or possession of false documents"),
        ),
        ("drug_offence", pgettext_noop("non_punishment_offence", "Drug offence")),
        (
            "property_offence",
            pgettext_noop("non_punishment_offence", "Theft or another property offence"),
        ),
        ("begging", pgettext_noop("non_punishment_offence", "Begging (misdemeanour)")),
        ("other", pgettext_noop("non_punishment_offence", "Other offence")),
        note="CoE Convention Art. 26; Directive 2011/36/EU Art. 8. Coded, not free text "
        "(free text is a re-identification risk).",
    ),
    _list(
        "non_punishment_stage",
        gettext_noop("Stage reached by the proceedings against the victim"),
        ("misdemeanour", pgettext_noop("non_punishment_stage", "Misdemeanour proceedings")),
        ("investigation", pgettext_noop("non_punishment_stage", "Investigation")),
        ("prosecution", pgettext_noop("non_punishment_stage", "Prosecution (charges brought)")),
        ("trial", pgettext_noop("non_punishment_stage", "Trial")),
        (
            "after_conviction",
            pgettext_noop("non_punishment_stage", "After conviction (appeal, review, record)"),
        ),
    ),
    _list(
        "non_punishment_outcome",
        gettext_noop("Outcome for the victim"),
        (
            "not_prosecuted",
            pgettext_noop(
                "non_punishment_outcome", "Not prosecuted: non-punishment clause applied"
            ),
        ),
        (
            "charges_dropped",
            pgettext_noop("non_punishment_outcome", "Charges dropped or proceedings discontinued"),
        ),
        ("acquitted", pgettext_noop("non_punishment_outcome", "Acquitted")),
        (
            "punished",
            pgettext_noop("non_punishment_outcome", "Punished (fined, convicted or detained)"),
        ),
        (
            "conviction_quashed",
            pgettext_noop("non_punishment_outcome", "Conviction quashed or record expunged"),
        ),
        ("pending", pgettext_noop("non_punishment_outcome", "Pending")),
    ),
    _list(
        "compensation_awarded",
        gettext_noop("Compensation awarded or paid"),
        ("awarded_paid", pgettext_noop("compensation_awarded", "Awarded and paid")),
        ("awarded_not_paid", pgettext_noop("compensation_awarded", "Awarded, not paid")),
        ("refused", pgettext_noop("compensation_awarded", "Refused")),
        ("pending", pgettext_noop("compensation_awarded", "Pending")),
    ),
    # --- Traffickers ----------------------------------------------------------------------------
    _list(
        "trafficker_data_provider",
        gettext_noop("Data-providing institution (traffickers)"),
        ("police", pgettext_noop("trafficker_data_provider", "Police")),
        ("prosecutor", pgettext_noop("trafficker_data_provider", "Prosecutor's office")),
        ("first_instance_court", pgettext_noop("trafficker_data_provider", "First-instance court")),
        ("appeal_court", pgettext_noop("trafficker_data_provider", "Appeal court")),
        ("ministry_of_justice", pgettext_noop("trafficker_data_provider", "Ministry of justice")),
        (
            "prison_administration",
            pgettext_noop("trafficker_data_provider", "Prison administration"),
        ),
        ("other", pgettext_noop("trafficker_data_provider", "Other")),
        note="Filled from the kind of the institution that owns the record.",
    ),
    _list(
        "trafficker_age_band",
        gettext_noop("Trafficker age band"),
        ("under_18", pgettext_noop("trafficker_age_band", "Under 18 years")),
        ("18_24", pgettext_noop("trafficker_age_band", "18-24 years")),
        ("25_34", pgettext_noop("trafficker_age_band", "25-34 years")),
        ("35_44", pgettext_noop("trafficker_age_band", "35-44 years")),
        ("45_54", pgettext_noop("trafficker_age_band", "45-54 years")),
        ("55_plus", pgettext_noop("trafficker_age_band", "55 years and over")),
        note="Reporting bands (spec §4.B).",
    ),
    _list(
        "occupation",
        gettext_noop("Employment or occupation"),
        ("unemployed", pgettext_noop("occupation", "Unemployed")),
        (
            "venue_owner_manager",
            pgettext_noop("occupation", "Owner or manager of a bar, club or hotel"),
        ),
        ("agency", pgettext_noop("occupation", "Employment or travel agency")),
        ("transport_taxi", pgettext_noop("occupation", "Transport or taxi")),
        (
            "public_official",
            pgettext_noop("occupation", "Public official (police, border or other)"),
        ),
        ("other_employed", pgettext_noop("occupation", "Other employed")),
        ("other", pgettext_noop("occupation", "Other")),
    ),
    _list(
        "prior_convictions",
        gettext_noop("Previous convictions"),
        ("none", pgettext_noop("prior_convictions", "None")),
        ("thb", pgettext_noop("prior_convictions", "For trafficking in human beings")),
        (
            "related_offences",
            pgettext_noop("prior_convictions", "For related offences (pimping, smuggling, etc.)"),
        ),
        ("other_offences", pgettext_noop("prior_convictions", "For other offences")),
    ),
    _list(
        "trafficker_role",
        gettext_noop("Role in the trafficking process"),
        ("recruiter", pgettext_noop("trafficker_role", "Recruiter")),
        ("transporter", pgettext_noop("trafficker_role", "Transporter or escort")),
        ("harbourer_receiver", pgettext_noop("trafficker_role", "Harbourer or receiver")),
        ("exploiter", pgettext_noop("trafficker_role", "Exploiter (pimp or employer)")),
        (
            "premises_owner_manager",
            pgettext_noop("trafficker_role", "Owner or manager of premises"),
        ),
        ("organiser_leader", pgettext_noop("trafficker_role", "Organiser or leader")),
        ("seller_buyer", pgettext_noop("trafficker_role", "Seller or buyer of persons")),
        ("document_forger", pgettext_noop("trafficker_role", "Document forger or supplier")),
        ("corrupt_official", pgettext_noop("trafficker_role", "Corrupt official or facilitator")),
        ("financier", pgettext_noop("trafficker_role", "Financier or money launderer")),
        ("other", pgettext_noop("trafficker_role", "Other")),
    ),
    _list(
        "organised_group",
        gettext_noop("Mode of organisation"),
        ("alone", pgettext_noop("organised_group", "Acted alone")),
        ("with_accomplice", pgettext_noop("organised_group", "With one accomplice")),
        (
            "organised_group",
            pgettext_noop("organised_group", "Organised criminal group"),
            gettext_noop(
                "A structured group of three or more persons acting in concert to commit serious "
                "crimes for a financial or material benefit (Palermo definition)."
            ),
        ),
        note="Spec category 'unknown' is the missing value unknown.",
    ),
    _list(
        "complaint_institution",
        gettext_noop("Institution filing the complaint"),
        ("police", pgettext_noop("complaint_institution", "Police")),
        ("border_police", pgettext_noop("complaint_institution", "Border police")),
        ("prosecutor_ex_officio", pgettext_noop("complaint_institution", "Prosecutor ex officio")),
        ("victim_ngo", pgettext_noop("complaint_institution", "Victim or NGO")),
        ("labour_inspectorate", pgettext_noop("complaint_institution", "Labour inspectorate")),
        ("other", pgettext_noop("complaint_institution", "Other")),
    ),
    _list(
        "legal_qualification",
        gettext_noop("Legal qualification (regional category)"),
        (
            "trafficking_in_human_beings",
            pgettext_noop("legal_qualification", "Trafficking in human beings"),
        ),
        (
            "trafficking_in_children",
            pgettext_noop("legal_qualification", "Trafficking in children"),
        ),
        ("smuggling_of_migrants", pgettext_noop("legal_qualification", "Smuggling of migrants")),
        (
            "mediation_in_prostitution",
            pgettext_noop("legal_qualification", "Mediation in prostitution or pimping"),
        ),
        (
            "slavery",
            pgettext_noop("legal_qualification", "Slavery or transport of enslaved persons"),
        ),
        ("forced_labour", pgettext_noop("legal_qualification", "Forced labour")),
        ("document_forgery", pgettext_noop("legal_qualification", "Document forgery")),
        (
            "organised_crime",
            pgettext_noop("legal_qualification", "Criminal association or organised crime"),
        ),
        (
            "knowingly_using_services_of_victim",
            pgettext_noop("legal_qualification", "Knowingly using the services of a victim"),
            gettext_noop(
                "Use of services exploited from a victim of trafficking, knowing that the "
                "person is "
                "a victim (Directive 2024/1712, Art. 18a)."
            ),
        ),
        ("other", pgettext_noop("legal_qualification", "Other")),
        note="Each national criminal-code article (or paragraph, for example 388(3)) maps onto "
        "one of these categories.",
    ),
    _list(
        "investigation_outcome",
        gettext_noop("Outcome of investigation"),
        ("indictment_filed", pgettext_noop("investigation_outcome", "Indictment filed")),
        (
            "dismissed",
            pgettext_noop(
                "investigation_outcome", "Complaint dismissed (no evidence or not a crime)"
            ),
        ),
        (
            "suspended",
            pgettext_noop(
                "investigation_outcome", "Proceedings suspended (perpetrator unavailable)"
            ),
        ),
        ("transferred", pgettext_noop("investigation_outcome", "Transferred to another state")),
        ("ongoing", pgettext_noop("investigation_outcome", "Ongoing")),
    ),
    _list(
        "international_cooperation",
        gettext_noop("International cooperation"),
        (
            "mutual_legal_assistance",
            pgettext_noop("international_cooperation", "Mutual legal assistance"),
        ),
        (
            "joint_investigation_team",
            pgettext_noop("international_cooperation", "Joint investigation team"),
        ),
        (
            "extradition_eaw",
            pgettext_noop("international_cooperation", "Extradition or European Arrest Warrant"),
        ),
        (
            "europol_seci",
            pgettext_noop("international_cooperation", "Europol or SECI information exchange"),
        ),
        ("none", pgettext_noop("international_cooperation", "None")),
    ),
    _list(
        "verdict_first",
        gettext_noop("First-instance verdict"),
        ("convicted", pgettext_noop("verdict_first", "Convicted")),
        ("acquitted", pgettext_noop("verdict_first", "Acquitted")),
        ("charges_rejected", pgettext_noop("verdict_first", "Charges rejected or dismissed")),
        (
            "discontinued",
            pgettext_noop("verdict_first", "Proceedings discontinued"),
            gettext_noop(
                "Death of the accused, statute of limitations, withdrawal of the charges."
            ),
        ),
    ),
    _list(
        "sentence_type",
        gettext_noop("Type of sanction"),
        (
            "unconditional_imprisonment",
            pgettext_noop("sentence_type", "Unconditional imprisonment"),
        ),
        ("suspended_imprisonment", pgettext_noop("sentence_type", "Suspended imprisonment")),
        ("fine", pgettext_noop("sentence_type", "Fine")),
        ("community_work", pgettext_noop("sentence_type", "Community work")),
        ("educational_measure", pgettext_noop("sentence_type", "Educational measure (juvenile)")),
        ("other", pgettext_noop("sentence_type", "Other")),
    ),
    _list(
        "prison_band",
        gettext_noop("Length of imprisonment band"),
        (
            "under_1_year",
            pgettext_noop("prison_band", "Less than 1 year"),
            gettext_noop("0 to 11 months."),
        ),
        (
            "1_3_years",
            pgettext_noop("prison_band", "1 to less than 3 years"),
            gettext_noop("12 to 35 months."),
        ),
        (
            "3_5_years",
            pgettext_noop("prison_band", "3 to less than 5 years"),
            gettext_noop("36 to 59 months."),
        ),
        (
            "5_10_years",
            pgettext_noop("prison_band", "5 to less than 10 years"),
            gettext_noop("60 to 119 months."),
        ),
        (
            "10_plus_years",
            pgettext_noop("prison_band", "10 years or more"),
            gettext_noop("120 months or more."),
        ),
        note="Reporting bands (proposal, spec §4.F). The stored length is in months.",
    ),
    _list(
        "other_measures",
        gettext_noop("Other measures"),
        ("expulsion", pgettext_noop("other_measures", "Expulsion of a foreigner")),
        ("professional_ban", pgettext_noop("other_measures", "Ban on a profession or activity")),
        (
            "confiscation_of_objects",
            pgettext_noop("other_measures", "Confiscation of objects (vehicles, premises)"),
        ),
        ("other", pgettext_noop("other_measures", "Other")),
    ),
    _list(
        "legal_person_sanction",
        gettext_noop("Sanctions of a legal person"),
        ("fine", pgettext_noop("legal_person_sanction", "Fine")),
        (
            "exclusion_public_benefits",
            pgettext_noop(
                "legal_person_sanction", "Exclusion from public benefits, aid or tenders"
            ),
        ),
        (
            "ban_commercial_activity",
            pgettext_noop("legal_person_sanction", "Ban on commercial activities"),
        ),
        (
            "judicial_supervision",
            pgettext_noop("legal_person_sanction", "Placement under judicial supervision"),
        ),
        ("winding_up", pgettext_noop("legal_person_sanction", "Judicial winding-up")),
        (
            "closure_establishment",
            pgettext_noop(
                "legal_person_sanction", "Closure of the establishment used for the offence"
            ),
        ),
        ("other", pgettext_noop("legal_person_sanction", "Other")),
        note="Directive 2011/36/EU Art. 6, as amended by Directive 2024/1712.",
    ),
    _list(
        "appeal_filed",
        gettext_noop("Appeal filed"),
        ("none", pgettext_noop("appeal_filed", "No appeal")),
        ("defence", pgettext_noop("appeal_filed", "By the defence")),
        ("prosecution", pgettext_noop("appeal_filed", "By the prosecution")),
        ("both", pgettext_noop("appeal_filed", "By both")),
        ("injured_party", pgettext_noop("appeal_filed", "By the injured party")),
    ),
    _list(
        "verdict_second",
        gettext_noop("Second-instance decision"),
        ("confirmed", pgettext_noop("verdict_second", "Confirmed")),
        ("sentence_increased", pgettext_noop("verdict_second", "Modified, sentence increased")),
        ("sentence_reduced", pgettext_noop("verdict_second", "Modified, sentence reduced")),
        ("reversed_acquittal", pgettext_noop("verdict_second", "Reversed to acquittal")),
        ("annulled_retrial", pgettext_noop("verdict_second", "Annulled and returned for retrial")),
    ),
    _list(
        "final_outcome",
        gettext_noop("Final outcome"),
        ("convicted", pgettext_noop("final_outcome", "Convicted")),
        ("acquitted", pgettext_noop("final_outcome", "Acquitted")),
        ("dismissed_discontinued", pgettext_noop("final_outcome", "Dismissed or discontinued")),
    ),
)

CODE_LISTS: dict[str, CodeList] = {code_list.code: code_list for code_list in _CODE_LISTS}


NATIONAL_LISTS: dict[str, NationalList] = {
    national.code: national
    for national in (
        NationalList(
            code="municipalities",
            label=gettext_noop("Municipalities and regions"),
            definition=gettext_noop(
                "Municipalities (and the regions they belong to) of the territory."
            ),
        ),
        NationalList(
            code="courts",
            label=gettext_noop("Courts"),
            definition=gettext_noop("Courts of the territory that try trafficking cases."),
        ),
        NationalList(
            code="criminal_code_articles",
            label=gettext_noop("Criminal-code articles"),
            definition=gettext_noop(
                "Articles of the national criminal code used to qualify the offence, or "
                "paragraphs of them where the paragraph decides the regional category (code the "
                "article and paragraph, for example 388(3) for trafficking in minors). Each entry "
                "maps onto a regional legal-qualification category."
            ),
            maps_to="legal_qualification",
        ),
        NationalList(
            code="ngos",
            label=gettext_noop("NGOs"),
            definition=gettext_noop(
                "NGOs running shelters, hotlines and reintegration programmes."
            ),
        ),
        NationalList(
            code="ethnic_groups",
            label=gettext_noop("Ethnic groups and national minorities"),
            definition=gettext_noop(
                "Ethnic groups and national minorities as the territory records them "
                "(for example the majority group, Roma, Egyptian/Ashkali)."
            ),
        ),
        NationalList(
            code="prosecution_offices",
            label=gettext_noop("Prosecution offices"),
            definition=gettext_noop("Prosecution offices of the territory (optional)."),
        ),
        NationalList(
            code="ict_platforms",
            label=gettext_noop("Online platforms and apps"),
            definition=gettext_noop(
                "Websites and apps used to recruit, advertise, control or exploit. "
                "Seeded with the HTCDS v2.0 platforms (DEFAULT_NATIONAL_ENTRIES); each "
                "territory adds "
                "the platforms it meets."
            ),
        ),
    )
}


# Entries every territory starts with (code, label), per national list; the territory extends them
# in the back office (data migration indicators.0003 and the demo fixtures seed them).
DEFAULT_NATIONAL_ENTRIES: dict[str, tuple[tuple[str, str], ...]] = {
    "ict_platforms": (
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("whatsapp", "WhatsApp"),
        ("telegram", "Telegram"),
        ("viber", "Viber"),
        ("tiktok", "TikTok"),
        ("snapchat", "Snapchat"),
        ("onlyfans", "OnlyFans"),
        ("tinder", "Tinder"),
        ("online_classifieds", "Online classified-ads site"),
        ("other_platform", "Other platform"),
    ),
}


# Reporting bands: (category code, lowest value, highest value or None), in list order.
BAND_LIMITS: dict[str, tuple[tuple[str, int, int | None], ...]] = {
    "victim_age_band": (
        ("0_13", 0, 13),
        ("14_17", 14, 17),
        ("18_24", 18, 24),
        ("25_34", 25, 34),
        ("35_44", 35, 44),
        ("45_plus", 45, None),
    ),
    "eurostat_age_band": (("0_11", 0, 11), ("12_17", 12, 17), ("18_plus", 18, None)),
    "unodc_age_band": (("under_18", 0, 17), ("18_plus", 18, None)),
    "ctdc_age_band": (
        ("0_8", 0, 8),
        ("9_17", 9, 17),
        ("18_20", 18, 20),
        ("21_23", 21, 23),
        ("24_26", 24, 26),
        ("27_29", 27, 29),
        ("30_38", 30, 38),
        ("39_47", 39, 47),
        ("48_plus", 48, None),
    ),
    "trafficker_age_band": (
        ("under_18", 0, 17),
        ("18_24", 18, 24),
        ("25_34", 25, 34),
        ("35_44", 35, 44),
        ("45_54", 45, 54),
        ("55_plus", 55, None),
    ),
    "exploitation_duration_band": (  # days
        ("under_1_month", 0, 30),
        ("1_3_months", 31, 91),
        ("3_6_months", 92, 182),
        ("6_12_months", 183, 365),
        ("over_12_months", 366, None),
    ),
    "prison_band": (  # months
        ("under_1_year", 0, 11),
        ("1_3_years", 12, 35),
        ("3_5_years", 36, 59),
        ("5_10_years", 60, 119),
        ("10_plus_years", 120, None),
    ),
}


def band_for(code_list: str, value: int | None) -> str | None:
    """The band of ``code_list`` that holds ``value``; None when the value is missing."""
    if value is None:
        return None
    for code, low, high in BAND_LIMITS[code_list]:
        if value >= low and (high is None or value <= high):
            return code
    return None
