"""Realistic synthetic records for demonstrations and benchmarks, valid under every rule.

``generate(victims=N, traffickers=M, ...)`` writes N victim records and M trafficker records
(grouped into criminal cases linked to some of the victims) spread over the institutions of each
territory and over the years, reproducibly from a seed. The distributions follow what national
reports of South-Eastern Europe show: about 70% of victims female, a quarter children, mostly
nationals of the territory, sexual exploitation about half and labour about a third, about 10% of
persons registered by two institutions, about 8% trafficked before, 5-10% unknown answers, and a
criminal-justice funnel in which most suspects are never indicted and few are convicted.

Records are written in bulk (``COPY`` on PostgreSQL, ``bulk_create`` on SQLite) with their
derived indicators and personal code hashes (built from generated letters that are never
stored), contiguous record numbers after the existing ones, and one audit entry per territory.
A sample of the records is checked against ``indicators.rules`` while generating.
"""

from __future__ import annotations

import bisect
import datetime as dt
import multiprocessing
import os
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db import connection, connections, transaction
from django.utils import timezone

from indicators import rules
from indicators.catalogue import CODE_LISTS, TRAFFICKERS, VICTIMS
from indicators.derive import derive_all
from indicators.models import NationalCodeEntry
from indicators.schema import Database, Indicator
from indicators.types import type_of
from thb_data.accounts.models import Institution, Role, Territory, User
from thb_data.audit.log import record_events
from thb_data.audit.models import Action, AuditEntry
from thb_data.personal_code import (
    build_code,
    hash_code,
    letter_variants,
    near_match_key,
    registration_keys,
)
from thb_data.pg_copy import copy_into, copy_line
from thb_data.scoping import scopes_disabled
from traffickers.models import CriminalCase, TraffickerRecord
from victims.models import VictimRecord
from victims.persons import first_flags

GENERATOR_USERNAME = "demo-data"
MISSING_RATE = 0.07  # share of "unknown" (or another missing value) in optional answers
DUPLICATE_SHARE = 0.10  # persons registered by two institutions
RETRAFFICKED_SHARE = 0.08
VALIDATE_EVERY = 997  # besides the first records of a chunk, every n-th is checked by the rules
ANALYZE_AFTER = 50_000  # records written; below that autovacuum catches up soon enough

# Neighbours and typical destinations, for citizenship and routes.
NEIGHBOURS = {
    "AL": ("XK", "MK", "ME", "GR"),
    "BA": ("RS", "HR", "ME"),
    "BG": ("RO", "MK", "RS", "GR", "TR"),
    "HR": ("BA", "RS", "SI", "HU", "ME"),
    "MD": ("RO", "UA"),
    "ME": ("RS", "BA", "AL", "XK", "HR"),
    "MK": ("AL", "RS", "XK", "BG", "GR"),
    "RO": ("MD", "BG", "HU", "RS", "UA"),
    "RS": ("BA", "ME", "MK", "XK", "HR", "HU", "RO", "BG"),
    "XK": ("AL", "RS", "MK", "ME"),
}
DEFAULT_NEIGHBOURS = ("RS", "AL", "BA", "MK", "RO")
DESTINATIONS = ("DE", "AT", "IT", "FR", "TR", "GR", "CH", "NL", "BE", "SI", "HU", "CY")
FAR_COUNTRIES = ("UA", "NG", "PH", "CN", "BD", "VN", "TR", "SY", "AF", "PK")

# Victim records come from these kinds of institution (weights); traffickers from the others.
VICTIM_INSTITUTION_WEIGHTS = {
    "police": 34,
    "ngo": 30,
    "social_services": 15,
    "border_police": 7,
    "iom": 7,
    "labour_inspectorate": 3,
    "coordinator_office": 4,
}
TRAFFICKER_INSTITUTION_WEIGHTS = {"prosecution": 60, "police": 30, "court": 10}
IDENTIFYING_TYPE = {
    "police": "police",
    "border_police": "border_police",
    "prosecution": "prosecutor",
    "social_services": "social_welfare",
    "ngo": "ngo",
    "iom": "iom",
    "labour_inspectorate": "labour_inspectorate",
}

LETTERS = "ABCDEFGHIJKLMNOPRSTUVZ"


# --- small helpers ----------------------------------------------------------------------------


class Weighted:
    """A weighted choice with precomputed cumulative weights (fast in a hot loop)."""

    def __init__(self, weights: dict):
        self.items = list(weights)
        total = 0.0
        self.cumulative = []
        for weight in weights.values():
            total += weight
            self.cumulative.append(total)
        self.total = total

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def _iso(day: dt.date, precision: str = "day") -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@lru_cache(maxsize=200_000)
def _letter_keys(first: str, family: str) -> str:
    return ",".join(v[:16] for v in letter_variants(first, family))


def _personal_code(first, family, dob_text, sex, citizenship, prefix="") -> dict:
    code = build_code(
        first_name=first,
        family_name=family,
        date_of_birth=dob_text,
        sex=sex,
        citizenship=citizenship,
        prefix=prefix,
    )
    return {
        "personal_code_hash": hash_code(code),
        "near_match_key": near_match_key(
            date_of_birth=dob_text, sex=sex, citizenship=citizenship, prefix=prefix
        ),
        "letter_keys": _letter_keys(first, family),
    }


def _aware(day: dt.date, rng: random.Random, now: dt.datetime) -> dt.datetime:
    moment = dt.datetime(
        day.year, day.month, day.day, rng.randint(7, 18), rng.randint(0, 59), tzinfo=dt.UTC
    )
    return min(moment, now)


# --- the territory's frame --------------------------------------------------------------------


@dataclass
class Frame:
    """What the generator knows about one territory: institutions, national lists, numbers."""

    territory: Territory
    victim_institutions: list[Institution]
    victim_weights: Weighted | None
    trafficker_institutions: list[Institution]
    trafficker_weights: Weighted | None
    case_institutions: list[Institution]
    national: dict[str, list[str]]
    articles: dict[str, list[str]]  # regional legal qualification -> article codes
    next_victim: int
    next_trafficker: int
    neighbours: tuple[str, ...]

    @property
    def code(self) -> str:
        return self.territory.code


def _institution_weights(institutions, weights) -> Weighted | None:
    by_kind = defaultdict(list)
    for institution in institutions:
        by_kind[institution.kind].append(institution)
    chosen = {}
    for kind, members in by_kind.items():
        for institution in members:
            chosen[institution.pk] = weights[kind] / len(members)
    return Weighted(chosen) if chosen else None


def build_frame(territory: Territory) -> Frame:

    institutions = list(Institution.objects.filter(territory=territory, is_active=True))
    victim_institutions = [i for i in institutions if i.kind in VICTIM_INSTITUTION_WEIGHTS]
    trafficker_institutions = [i for i in institutions if i.kind in TRAFFICKER_INSTITUTION_WEIGHTS]
    national: dict[str, list[str]] = defaultdict(list)
    articles: dict[str, list[str]] = defaultdict(list)
    for list_code, code, maps_to in NationalCodeEntry.objects.filter(
        territory=territory, is_active=True
    ).values_list("list_code", "code", "maps_to"):
        national[list_code].append(code)
        if list_code == "criminal_code_articles" and maps_to:
            articles[maps_to].append(code)

    def last(model):
        value = (
            model.with_deleted.filter(territory=territory)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        return value or 0

    return Frame(
        territory=territory,
        victim_institutions=victim_institutions,
        victim_weights=_institution_weights(victim_institutions, VICTIM_INSTITUTION_WEIGHTS),
        trafficker_institutions=trafficker_institutions,
        trafficker_weights=_institution_weights(
            trafficker_institutions, TRAFFICKER_INSTITUTION_WEIGHTS
        ),
        case_institutions=[i for i in institutions if i.kind == "prosecution"]
        or trafficker_institutions,
        national=dict(national),
        articles=dict(articles),
        next_victim=last(VictimRecord) + 1,
        next_trafficker=last(TraffickerRecord) + 1,
        neighbours=NEIGHBOURS.get(territory.code, DEFAULT_NEIGHBOURS),
    )


# --- generic answers, from the catalogue ------------------------------------------------------


def _generic(ind: Indicator) -> Callable[[random.Random, Frame], object] | None:
    """A plausible answer for an indicator that needs no particular logic (None: leave empty)."""
    kind = ind.type
    missing = ind.missing

    def maybe_missing(rng):
        return missing and rng.random() < MISSING_RATE

    if kind in ("single", "yesno"):
        codes = ["yes", "no"] if kind == "yesno" else CODE_LISTS[ind.code_list].codes()
        # Earlier categories are more frequent, as in real code lists.
        pick = Weighted({code: 1 / (i + 1) ** 0.7 for i, code in enumerate(codes)})

        def single(rng, frame):
            return missing[0] if maybe_missing(rng) else pick(rng)

        return single
    if kind == "multi":
        codes = CODE_LISTS[ind.code_list].codes()

        def multi(rng, frame):
            if maybe_missing(rng):
                return [missing[0]]
            count = 1 if rng.random() < 0.7 else (2 if rng.random() < 0.85 else 3)
            return rng.sample(codes, min(count, len(codes)))

        return multi
    if kind == "country":

        def country(rng, frame):
            if maybe_missing(rng):
                return missing[0]
            return frame.code if rng.random() < 0.7 else rng.choice(frame.neighbours)

        return country
    if kind == "countries":

        def countries(rng, frame):
            if maybe_missing(rng):
                return [missing[0]]
            return [frame.code if rng.random() < 0.6 else rng.choice(frame.neighbours)]

        return countries
    if kind in ("national", "national_multi"):

        def national(rng, frame):
            entries = frame.national.get(ind.code_list)
            if entries and not maybe_missing(rng):
                value = rng.choice(entries)
            elif missing:
                value = missing[0]
            else:
                return [] if kind == "national_multi" else ""
            return [value] if kind == "national_multi" else value

        return national
    if kind == "integer":
        low = ind.min_value or 0
        high = min(ind.max_value if ind.max_value is not None else low + 10, low + 10)
        return lambda rng, frame: rng.randint(low, high)
    if kind == "amount":
        return lambda rng, frame: Decimal(rng.randrange(200, 20000, 50))
    return None  # dates and free text: only where the specific logic fills them


@lru_cache(maxsize=4)
def _plan(database_code: str):
    """(indicator, generic answer, empty value) for each entered indicator, in catalogue order."""
    database = VICTIMS if database_code == "victims" else TRAFFICKERS
    plan = []
    for ind in database.indicators:
        if not ind.is_entered:
            continue
        plan.append((ind, _generic(ind), type_of(ind).empty_value()))
    return tuple(plan)


def _holds(ind: Indicator, values: dict) -> bool:
    """The indicator's condition holds (its parents were filled earlier in catalogue order)."""
    condition = ind.condition
    if condition is None:
        return True
    value = values.get(condition.indicator)
    if isinstance(value, list):
        return any(v in condition.values for v in value)
    return value in condition.values


def _fill(database: Database, values: dict, rng: random.Random, frame: Frame) -> dict:
    """Complete ``values``: generic answers where nothing was set, empty where a condition does
    not hold (also for what the specific logic set), flags and derived indicators."""
    for ind, generic, empty in _plan(database.code):
        if not _holds(ind, values):
            values[ind.code] = [] if isinstance(empty, list) else empty
            continue
        if ind.code not in values:
            values[ind.code] = generic(rng, frame) if generic else empty
    values.update(derive_all(database, values))
    return values


# --- victims ----------------------------------------------------------------------------------

AGE_BANDS = Weighted(
    {(8, 13): 6, (14, 17): 19, (18, 24): 33, (25, 34): 24, (35, 44): 12, (45, 60): 6}
)
SEX = Weighted({"female": 70, "male": 28, "unknown": 2})
FORMS = {
    "female": Weighted(
        {
            "sexual": 64,
            "labour": 14,
            "begging": 5,
            "criminal_activity": 3,
            "domestic_servitude": 7,
            "forced_marriage": 5,
            "surrogacy": 1,
            "illegal_adoption": 1,
        }
    ),
    "male": Weighted(
        {
            "sexual": 8,
            "labour": 62,
            "begging": 13,
            "criminal_activity": 13,
            "domestic_servitude": 2,
        }
    ),
}
CHILD_FORMS = Weighted(
    {"sexual": 45, "labour": 12, "begging": 20, "criminal_activity": 12, "forced_marriage": 8}
)
EXTRA_FORMS = ("sexual", "labour", "begging", "criminal_activity", "domestic_servitude")
VICTIM_STATUS = Weighted({"identified": 60, "presumed": 37, "not_confirmed": 3})
CONSENT = Weighted({"yes": 80, "not_required": 10, "no": 4, "unknown": 6})
# Share of victims intercepted before any exploitation (their forms are the intended ones).
INTERCEPTED_SHARE = 0.03
RECRUITMENT = Weighted(
    {
        "false_job_offer": 48,
        "false_relationship_promise": 24,
        "sold_by_family": 6,
        "promise_education_travel": 6,
        "abduction": 4,
        "debt_offer": 4,
        "sold_by_other": 3,
        "other": 4,
    }
)
CHANNEL = Weighted(
    {
        "in_person_family_friends": 38,
        "social_network": 17,
        "messaging_app": 8,
        "online_job_site": 7,
        "unlicensed_agency": 6,
        "public_place": 5,
        "workplace": 4,
        "licensed_agency": 3,
        "dating_app": 3,
        "print_tv_advert": 3,
        "school": 2,
        "online_game": 1,
    }
)
ONLINE_CHANNELS = frozenset(
    {"social_network", "messaging_app", "online_job_site", "dating_app", "online_game"}
)
PLATFORMS = Weighted(
    {"facebook": 30, "instagram": 18, "whatsapp": 14, "telegram": 10, "viber": 10, "tiktok": 8}
)
EDUCATION_ADULT = Weighted(
    {
        "isced_2": 30,
        "isced_3_vocational": 24,
        "isced_3_general": 14,
        "isced_1": 12,
        "isced_0": 6,
        "isced_5_8": 6,
        "isced_4": 2,
        "unknown": 6,
    }
)
# The body deciding the status, per territory practice (Serbia's Centre, Albania's joint
# interview); elsewhere the police, the prosecution or social welfare.
DECISION_BODY = {
    "RS": Weighted({"centre_for_victim_protection": 90, "court_prosecution": 6, "unknown": 4}),
    "AL": Weighted({"joint_police_social_services": 85, "police": 10, "unknown": 5}),
}
DECISION_BODY_OTHER = Weighted(
    {
        "police": 45,
        "court_prosecution": 20,
        "social_welfare": 25,
        "other_government": 5,
        "unknown": 5,
    }
)
REFERRAL_SOURCE = Weighted(
    {
        "police": 34,
        "ngo": 22,
        "social_welfare": 12,
        "border_police": 8,
        "mobile_identification_unit": 6,
        "hotline": 5,
        "child_protection_services": 4,
        "labour_inspectorate": 3,
        "self_identified": 3,
        "asylum_migration_authority": 3,
    }
)
PERMIT_GROUND = Weighted(
    {"personal_situation": 35, "cooperation": 35, "both": 20, "other_humanitarian": 7, "unknown": 3}
)
NON_PUNISHMENT = Weighted(
    {
        "prostitution_misdemeanour": 30,
        "irregular_entry_stay": 25,
        "false_documents": 15,
        "property_offence": 12,
        "begging": 8,
        "drug_offence": 5,
        "other": 5,
    }
)
NON_PUNISHMENT_OUTCOME = Weighted(
    {
        "not_prosecuted": 30,
        "charges_dropped": 25,
        "acquitted": 10,
        "punished": 20,
        "conviction_quashed": 5,
        "pending": 10,
    }
)
RELATIONSHIP = Weighted(
    {
        "acquaintance": 28,
        "partner_spouse": 20,
        "stranger": 18,
        "friend": 14,
        "family_member": 10,
        "neighbour": 4,
        "agency": 4,
        "other": 2,
    }
)
SEXUAL_SETTINGS = ("bar_nightclub", "private_apartment", "street", "hotel_motel", "escort")
LABOUR_SECTORS = (
    "a_agriculture",
    "f_construction",
    "i_accommodation_food",
    "c_manufacturing",
    "t_households",
    "g_trade",
)
ASSISTANCE_ACCEPTED = Weighted(
    {"accepted": 70, "partly_accepted": 12, "declined": 14, "unknown": 4}
)
ASSISTANCE_TYPES = (
    "emergency_shelter",
    "medical",
    "psychological",
    "legal",
    "long_term_accommodation",
    "vocational_training",
    "financial_support",
    "documents",
)


@dataclass
class Person:
    first: str
    family: str
    sex: str
    born: dt.date
    dob_precision: str
    citizenship: str
    national: bool
    child_at_first: bool
    profile: dict = field(default_factory=dict)  # person-level answers
    code: dict = field(default_factory=dict)


class VictimGenerator:
    def __init__(self, rng: random.Random, frame: Frame, years: list[int], today: dt.date):
        self.rng = rng
        self.frame = frame
        self.years = years
        self.today = today
        self.year_weights = Weighted({year: 1 + 0.05 * i for i, year in enumerate(years)})

    # dates ------------------------------------------------------------------------------------
    def identification_day(self, year: int) -> dt.date:
        start = dt.date(year, 1, 1).toordinal()
        end = min(dt.date(year, 12, 31), self.today - dt.timedelta(days=1)).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, max(start, end)))

    def person(self, identified: dt.date) -> Person:
        rng, frame = self.rng, self.frame
        low, high = AGE_BANDS(rng)
        age = rng.randint(low, high)
        # Born so that the age at recruitment (a few months to two years earlier) is ``age``.
        recruited_before = rng.randint(60, 700)
        born = identified - dt.timedelta(days=recruited_before + age * 365 + rng.randint(0, 364))
        sex = SEX(rng)
        draw = rng.random()
        if draw < 0.72:
            citizenship = frame.code
        elif draw < 0.95:
            citizenship = rng.choice(frame.neighbours)
        elif draw < 0.98:
            citizenship = rng.choice(FAR_COUNTRIES)
        else:
            citizenship = "unknown"
        precision = "day" if rng.random() < 0.86 else ("year" if rng.random() < 0.7 else "month")
        person = Person(
            first=rng.choice(LETTERS) + rng.choice(LETTERS),
            family=rng.choice(LETTERS) + rng.choice(LETTERS),
            sex=sex,
            born=born,
            dob_precision=precision,
            citizenship=citizenship,
            national=citizenship == frame.code,
            child_at_first=age < 18,
        )
        dob_text = _iso(born, precision)
        person.profile = self.profile(person, age)
        person.profile.update(
            v_sex=sex,
            v_date_of_birth=dob_text,
            v_date_of_birth_estimated=precision != "day" and rng.random() < 0.8,
            v_citizenship=citizenship,
        )
        person.code = _personal_code(person.first, person.family, dob_text, sex, citizenship)
        return person

    def profile(self, person: Person, age: int) -> dict:
        rng, frame = self.rng, self.frame
        national = person.national
        p = {}
        p["v_second_citizenship"] = (
            "not_applicable" if rng.random() < 0.93 else rng.choice(frame.neighbours)
        )
        if p["v_second_citizenship"] == person.citizenship:
            p["v_second_citizenship"] = "not_applicable"
        known = person.citizenship if len(person.citizenship) == 2 else "unknown"
        p["v_country_of_origin"] = known
        p["v_residence_country"] = frame.code if national else known
        p["v_residence_municipality"] = (
            self.municipality() if p["v_residence_country"] == frame.code else "not_applicable"
        )
        if age < 18:
            p["v_marital_status"] = "single"
            p["v_has_children"] = "no" if rng.random() < 0.95 else "yes"
            p["v_number_of_children"] = 1
            p["v_education"] = rng.choice(("isced_1", "isced_1", "isced_2", "unknown"))
            p["v_employment_prior"] = "student" if rng.random() < 0.7 else "unemployed"
        else:
            p["v_education"] = EDUCATION_ADULT(rng)
        p["v_special_needs"] = (
            ["none"]
            if rng.random() < 0.7
            else (
                ["unknown"]
                if rng.random() < 0.3
                else [rng.choice(CODE_LISTS["special_needs"].codes()[:5])]
            )
        )
        return p

    def municipality(self) -> str:
        entries = self.frame.national.get("municipalities")
        if entries and self.rng.random() > MISSING_RATE:
            return self.rng.choice(entries)
        return "unknown"

    # the record -------------------------------------------------------------------------------
    def episode(self, person: Person, identified: dt.date, *, repeat: bool) -> dict:
        """Event-level answers of one trafficking episode identified on ``identified``."""
        rng, frame, code = self.rng, self.frame, self.frame.code
        v: dict = dict(person.profile)
        child = _age(person.born, identified) < 18
        national = person.national
        foreign = not national and person.citizenship != "unknown"

        # A. status and category
        v["v_consent_obtained"] = CONSENT(rng)
        v["v_victim_status"] = VICTIM_STATUS(rng)
        if national:
            draw = rng.random()
            kind = "internal" if draw < 0.55 else ("international" if draw < 0.95 else "both")
            category = "national_internal" if kind == "internal" else "national_abroad"
        elif foreign:
            kind = "international"
            category = "foreign_into" if rng.random() < 0.9 else "foreign_transit"
        else:
            kind = rng.choice(("international", "unknown"))
            category = "unknown"
        v["v_trafficking_type"] = kind
        v["v_victim_category"] = category

        # E. forms of exploitation (with one main form among them)
        sex_key = "male" if person.sex == "male" else "female"
        if rng.random() < 0.03:
            forms, main = ["unknown"], "unknown"
        else:
            main = CHILD_FORMS(rng) if child and rng.random() < 0.5 else FORMS[sex_key](rng)
            forms = [main]
            if rng.random() < 0.15:
                extra = rng.choice([f for f in EXTRA_FORMS if f != main])
                forms.append(extra)
        v["v_exploitation_form"] = forms
        v["v_main_exploitation_form"] = main
        # Intercepted on the way: the forms are the intended ones.
        intercepted = main != "unknown" and rng.random() < INTERCEPTED_SHARE
        v["v_intercepted"] = "yes" if intercepted else "no"
        if "sexual" in forms:
            v["v_sexual_exploitation_setting"] = (
                ["unknown"]
                if rng.random() < MISSING_RATE
                else rng.sample(SEXUAL_SETTINGS, 1 if rng.random() < 0.75 else 2)
            )
        if "labour" in forms:
            v["v_labour_sector"] = (
                ["unknown"]
                if rng.random() < MISSING_RATE
                else rng.sample(LABOUR_SECTORS, 1 if rng.random() < 0.8 else 2)
            )

        # Countries of recruitment, transit and exploitation.
        if kind == "internal":
            recruited_in, exploited_in, transit = code, [code], []
        elif national:
            recruited_in = code
            exploited_in = [rng.choice(DESTINATIONS)]
            transit = rng.sample(frame.neighbours, rng.choice((0, 1, 1, 2)))
        elif foreign:
            recruited_in = person.citizenship
            destination = rng.choice(DESTINATIONS) if category == "foreign_transit" else code
            exploited_in = [destination]
            transit = [
                c for c in rng.sample(frame.neighbours, rng.choice((0, 1))) if c != recruited_in
            ]
        else:
            recruited_in, exploited_in, transit = "unknown", ["unknown"], []
        v["v_recruitment_country"] = recruited_in
        v["v_recruitment_municipality"] = (
            self.municipality() if recruited_in == code else "not_applicable"
        )
        v["v_transit_countries"] = transit or (
            [] if kind == "internal" and rng.random() < 0.5 else ["not_applicable"]
        )
        v["v_destination_country"] = list(exploited_in)
        v["v_exploitation_country"] = ["not_applicable"] if intercepted else list(exploited_in)
        in_territory = code in exploited_in and not intercepted
        v["v_exploitation_municipality"] = self.municipality() if in_territory else "not_applicable"
        if kind == "internal":
            v["v_border_crossing"] = "not_applicable"
            v["v_travel_documents"] = ["not_applicable"]
            v["v_legal_status_destination"] = "not_applicable"
        elif foreign and code in exploited_in:
            v["v_legal_status_destination"] = rng.choice(
                ("irregular_stay", "irregular_stay", "legal_stay", "asylum_seeker")
            )
        elif national:
            v["v_legal_status_destination"] = rng.choice(("legal_stay", "irregular_stay"))

        # The date chain: DOB < recruitment <= departure <= exploitation <= identification.
        end = identified - dt.timedelta(days=rng.randint(0, 20))
        start = end - dt.timedelta(days=rng.randint(7, 500))
        departure = start - dt.timedelta(days=rng.randint(0, 20))
        recruited = departure - dt.timedelta(days=rng.randint(0, 120))
        if recruited <= person.born:
            recruited = person.born + dt.timedelta(days=1)
            departure = max(departure, recruited)
            start, end = max(start, departure), max(end, departure)
        v["v_recruitment_date"] = _iso(recruited, "month" if rng.random() < 0.35 else "day")
        v["v_departure_date"] = _iso(departure, "month" if rng.random() < 0.2 else "day")
        if intercepted:
            v["v_exploitation_start"] = v["v_exploitation_end"] = ""
        else:
            v["v_exploitation_start"] = _iso(start, "month" if rng.random() < 0.2 else "day")
            v["v_exploitation_end"] = end.isoformat()
        v["v_identification_date"] = identified.isoformat()

        # C. recruitment
        methods = [RECRUITMENT(rng)]
        if rng.random() < 0.2:
            other = RECRUITMENT(rng)
            if other not in methods:
                methods.append(other)
        v["v_recruitment_method"] = ["unknown"] if rng.random() < MISSING_RATE else methods
        channel = "unknown" if rng.random() < MISSING_RATE else CHANNEL(rng)
        v["v_recruitment_channel"] = [channel]
        self.ict(v, forms, channel)
        v["v_recruiter_relationship"] = (
            "unknown" if rng.random() < MISSING_RATE else RELATIONSHIP(rng)
        )
        if "abduction" in methods:
            v["v_promised_work"] = "not_applicable"
        v["v_recruiter_citizenship"] = (
            recruited_in if len(recruited_in) == 2 and rng.random() < 0.8 else "unknown"
        )

        # F. identification
        identified_abroad = category == "national_abroad" and rng.random() < 0.5
        identified_in = exploited_in[0] if identified_abroad and len(exploited_in[0]) == 2 else code
        v["v_identification_country"] = identified_in
        v["v_identification_municipality"] = (
            self.municipality() if identified_in == code else "not_applicable"
        )
        if rng.random() < 0.6:
            referral = min(identified + dt.timedelta(days=rng.randint(0, 30)), self.today)
            v["v_referral_date"] = referral.isoformat()
        else:
            v["v_referral_date"] = ""

        self.formal_identification(v, identified)

        # G. assistance, protection
        self.assistance(v, identified)
        foreign_here = len(person.citizenship) == 2 and person.citizenship != identified_in
        if foreign_here:
            v["v_reflection_period"] = "yes" if rng.random() < 0.6 else "no"
            v["v_reflection_period_days"] = rng.choice((30, 60, 90))
            permit = Weighted(
                {"granted": 45, "applied_pending": 15, "refused": 10, "not_applied": 30}
            )(rng)
            v["v_residence_permit"] = permit
            if permit in ("granted", "applied_pending"):
                v["v_residence_permit_ground"] = PERMIT_GROUND(rng)
            if permit == "granted":
                day = min(identified + dt.timedelta(days=rng.randint(10, 120)), self.today)
                v["v_residence_permit_date"] = day.isoformat()
        else:
            v["v_reflection_period"] = "not_applicable"
            v["v_residence_permit"] = "not_applicable"
        v["v_guardian_appointed"] = (
            ("yes" if rng.random() < 0.85 else "no") if child else "not_applicable"
        )
        if child:
            share = 0.6 if foreign_here else 0.08
            v["v_unaccompanied_child"] = "yes" if rng.random() < share else "no"
        else:
            v["v_unaccompanied_child"] = "not_applicable"
        draw = rng.random()
        v["v_legal_aid"] = "yes" if draw < 0.55 else ("no" if draw < 0.9 else "unknown")

        # H. return: foreign victims go home, nationals identified abroad come home.
        self.return_home(v, person, identified, identified_in, foreign_here, kind)

        # I. proceedings
        claimed = Weighted(
            {"none": 70, "criminal_proceedings": 15, "civil_suit": 5, "state_fund": 3, "unknown": 7}
        )(rng)
        v["v_compensation_claimed"] = [claimed]
        if claimed == "criminal_proceedings" and rng.random() < 0.15:
            v["v_compensation_claimed"].append("state_fund")
        if claimed in ("none", "unknown"):
            v["v_compensation_awarded"] = "not_applicable"
        else:
            self.compensation(v, claimed)
        v["v_victim_prosecuted"] = (
            "yes" if rng.random() < 0.03 else ("no" if rng.random() < 0.92 else "unknown")
        )
        if v["v_victim_prosecuted"] == "yes":
            offences = [NON_PUNISHMENT(rng)]
            v["v_non_punishment"] = offences
            v["v_non_punishment_stage"] = rng.choice(
                ("misdemeanour", "investigation", "prosecution", "trial")
            )
            v["v_non_punishment_outcome"] = NON_PUNISHMENT_OUTCOME(rng)
            v["v_victim_prosecuted_offence"] = (
                rng.choice(("vagrancy", "public disorder")) if offences == ["other"] else ""
            )

        # J. re-trafficking
        if repeat or rng.random() < RETRAFFICKED_SHARE:
            v["v_previously_trafficked"] = "yes"
            v["v_times_trafficked"] = 1 if repeat or rng.random() < 0.8 else rng.randint(2, 3)
        elif rng.random() < 0.06:
            v["v_previously_trafficked"] = rng.choice(("unknown", "declined_to_answer"))
        else:
            v["v_previously_trafficked"] = "no"
        v["v_co_victims"] = rng.choice((0, 0, 1, 2, 3, 5, 8))
        return v

    def ict(self, v: dict, forms: list, channel: str) -> None:
        """ICT used: recruitment through an online channel, advertising of sexual services,
        control through messaging apps, payments; platforms from the territory's list."""
        rng = self.rng
        uses = []
        if channel in ONLINE_CHANNELS:
            uses.append("recruitment")
        if "sexual" in forms and rng.random() < 0.45:
            uses.append("advertising")
        if rng.random() < 0.2:
            uses.append("control")
        if "sexual" in forms and rng.random() < 0.06:
            uses.append("exploitation")
        if rng.random() < 0.08:
            uses.append("payment")
        if rng.random() < MISSING_RATE:
            v["v_ict_use"] = ["unknown"]
            return
        v["v_ict_use"] = uses or ["none"]
        offered = set(self.frame.national.get("ict_platforms", ()))
        if uses and offered:
            picked = {PLATFORMS(rng) for _ in range(1 if rng.random() < 0.7 else 2)}
            v["v_ict_platforms"] = sorted(picked & offered) or ["unknown"]

    def formal_identification(self, v: dict, identified: dt.date) -> None:
        """The status decision (its date and body) and the referral for identification."""
        rng, code = self.rng, self.frame.code
        status = v["v_victim_status"]
        if status == "identified":
            day = min(identified + dt.timedelta(days=rng.randint(0, 120)), self.today)
            v["v_formal_identification_date"] = day.isoformat()
        if status in ("identified", "not_confirmed"):
            v["v_status_decision_body"] = DECISION_BODY.get(code, DECISION_BODY_OTHER)(rng)
        if rng.random() < 0.7:
            v["v_identification_referral_source"] = REFERRAL_SOURCE(rng)
            if status == "identified":
                outcome = "identified"
            elif status == "not_confirmed":
                outcome = "not_a_victim"
            else:
                outcome = "pending" if rng.random() < 0.4 else "presumed"
            v["v_identification_referral_outcome"] = outcome
        else:
            v["v_identification_referral_source"] = "not_applicable"

    def compensation(self, v: dict, claimed: str) -> None:
        """The outcome of a claim, the amount awarded, who pays, and how much was paid."""
        rng = self.rng
        awarded = Weighted(
            {"awarded_paid": 25, "awarded_not_paid": 30, "refused": 15, "pending": 30}
        )(rng)
        v["v_compensation_awarded"] = awarded
        if awarded in ("awarded_paid", "awarded_not_paid"):
            amount = Decimal(rng.randrange(500, 20000, 50))
            v["v_compensation_amount"] = amount
            v["v_compensation_source"] = [
                "state_fund" if claimed == "state_fund" else "perpetrator"
            ]
            if awarded == "awarded_paid":
                share = Decimal(1) if rng.random() < 0.6 else Decimal(rng.randint(10, 90)) / 100
                v["v_compensation_paid_amount"] = (amount * share).quantize(Decimal("0.01"))

    def assistance(self, v: dict, identified: dt.date) -> None:
        rng = self.rng
        offered = "yes" if rng.random() < 0.85 else ("no" if rng.random() < 0.65 else "unknown")
        v["v_assistance_offered"] = offered
        accepted = ASSISTANCE_ACCEPTED(rng) if offered == "yes" else ""
        v["v_assistance_accepted"] = accepted
        if accepted in ("accepted", "partly_accepted"):
            v["v_assistance_type"] = rng.sample(ASSISTANCE_TYPES, rng.randint(1, 4))
            v["v_assistance_provider"] = (
                ["ngo"]
                if rng.random() < 0.55
                else rng.sample(("state", "ngo", "international_organisation"), rng.randint(1, 2))
            )
            start = min(identified + dt.timedelta(days=rng.randint(0, 14)), self.today)
            v["v_assistance_start"] = start.isoformat()
            finish = start + dt.timedelta(days=rng.randint(30, 400))
            v["v_assistance_end"] = finish.isoformat() if finish < self.today else ""

    def return_home(self, v, person, identified, identified_in, foreign_here, kind) -> None:
        rng = self.rng
        if kind == "internal":
            v["v_returned"] = "not_applicable"
            return
        if foreign_here:
            home, came_from = person.citizenship, identified_in
        elif identified_in != self.frame.code:
            home, came_from = self.frame.code, identified_in
        else:
            v["v_returned"] = "no" if rng.random() < 0.9 else "unknown"
            return
        returned_on = identified + dt.timedelta(days=rng.randint(5, 150))
        if returned_on >= self.today or rng.random() < 0.3:
            v["v_returned"] = "no"
            return
        v["v_returned"] = "yes"
        v["v_return_type"] = Weighted(
            {
                "assisted_voluntary": 55,
                "authorities_escorted": 20,
                "deportation": 10,
                "independent": 15,
            }
        )(rng)
        v["v_return_date"] = returned_on.isoformat()
        v["v_return_from"] = came_from
        v["v_return_to"] = home

    def record(self, person: Person, identified: dt.date, *, repeat=False) -> dict:
        values = _fill(
            VICTIMS, self.episode(person, identified, repeat=repeat), self.rng, self.frame
        )
        return values

    def second_registration(self, first: dict) -> dict:
        """The same episode registered by another institution: same person and facts, its own
        consent and assistance answers, some answers not known to that institution."""
        rng = self.rng
        values = {k: v for k, v in first.items() if k not in ASSISTANCE_ANSWERS}
        values["v_consent_obtained"] = CONSENT(rng)
        self.assistance(values, dt.date.fromisoformat(first["v_identification_date"]))
        for name in ("v_recruiter_relationship", "v_exit_mode", "v_control_means"):
            if rng.random() < 0.3:
                values[name] = ["unknown"] if isinstance(values[name], list) else "unknown"
        return _fill(VICTIMS, values, rng, self.frame)


# Answers that each institution gives for itself (section G, assistance).
ASSISTANCE_ANSWERS = frozenset(
    ind.code for ind in VICTIMS.indicators if ind.code.startswith("v_assistance")
)


# --- traffickers ------------------------------------------------------------------------------

INVESTIGATION = Weighted(
    {
        "indictment_filed": 45,
        "dismissed": 25,
        "suspended": 5,
        "transferred": 3,
        "ongoing": 17,
        "unknown": 5,
    }
)
VERDICT_FIRST = Weighted(
    {"convicted": 65, "acquitted": 20, "charges_rejected": 5, "discontinued": 10}
)
APPEAL = Weighted({"none": 35, "defence": 35, "prosecution": 12, "both": 13, "injured_party": 5})
SANCTIONS = Weighted(
    {
        ("unconditional_imprisonment",): 70,
        ("suspended_imprisonment",): 15,
        ("unconditional_imprisonment", "fine"): 10,
        ("fine",): 5,
    }
)
TRAFFICKER_FORMS = Weighted(
    {
        "sexual": 55,
        "labour": 25,
        "begging": 8,
        "criminal_activity": 6,
        "domestic_servitude": 3,
        "forced_marriage": 3,
    }
)


class TraffickerGenerator:
    def __init__(self, rng: random.Random, frame: Frame, today: dt.date):
        self.rng = rng
        self.frame = frame
        self.today = today

    def later(self, day: dt.date, low: int, high: int) -> dt.date | None:
        result = day + dt.timedelta(days=self.rng.randint(low, high))
        return result if result < self.today else None

    def sentence(self, t: dict, outcome_code, type_code, months_code, fine_code, scale=1.0):
        rng = self.rng
        sanction = list(SANCTIONS(rng))
        t[type_code] = sanction
        if "unconditional_imprisonment" in sanction:
            t[months_code] = max(1, min(600, int(rng.randint(24, 144) * scale)))
        elif "suspended_imprisonment" in sanction:
            t[months_code] = rng.randint(6, 24)
        if fine_code and "fine" in sanction:
            t[fine_code] = Decimal(rng.randrange(500, 20000, 100))

    def qualification(self, previous: list[str] | None) -> list[str]:
        """Articles of the national criminal code; often the same as at the stage before,
        sometimes re-qualified (THB to mediation in prostitution, smuggling...)."""
        articles = self.frame.articles
        if not articles:
            return []
        if previous and self.rng.random() < 0.8:
            return list(previous)
        thb = articles.get("trafficking_in_human_beings") or articles.get("trafficking_in_children")
        if previous is None and thb:
            return [self.rng.choice(thb)]
        others = [code for key, codes in articles.items() for code in codes]
        return [self.rng.choice(others)]

    def record(self, case: dict) -> dict:
        rng, frame = self.rng, self.frame
        t: dict = {}
        complaint = case["complaint"] + dt.timedelta(days=rng.randint(0, 10))
        complaint = min(complaint, self.today - dt.timedelta(days=1))
        sex = "male" if rng.random() < 0.74 else "female"
        born = complaint - dt.timedelta(days=rng.randint(19, 62) * 365 + rng.randint(0, 364))
        draw = rng.random()
        citizenship = (
            frame.code
            if draw < 0.8
            else (rng.choice(frame.neighbours) if draw < 0.97 else "unknown")
        )
        dob_text = _iso(born, "day" if rng.random() < 0.9 else "year")
        t.update(
            t_sex=sex,
            t_date_of_birth=dob_text,
            t_citizenship=citizenship,
            t_residence_country=citizenship if len(citizenship) == 2 else "unknown",
            t_complaint_date=complaint.isoformat(),
            t_exploitation_forms=list(case["forms"]),
            t_main_exploitation_form=case["forms"][0],
            t_trafficking_type=case["kind"],
            t_countries_involved=list(case["countries"]),
            t_former_victim="yes" if sex == "female" and rng.random() < 0.1 else "no",
            t_legal_person="no",
            t_education=EDUCATION_ADULT(rng),
        )
        t["t_residence_municipality"] = (
            rng.choice(frame.national["municipalities"])
            if citizenship == frame.code and frame.national.get("municipalities")
            else ("unknown" if citizenship == frame.code else "not_applicable")
        )
        t["t_role"] = rng.sample(
            ("recruiter", "transporter", "exploiter", "harbourer_receiver", "organiser_leader"),
            1 if rng.random() < 0.7 else 2,
        )
        t["t_organised_group"] = case["organisation"]
        if case["organisation"] != "alone":
            t["t_group_size"] = max(1, case["defendants"] - 1 + rng.randint(0, 3))
        linked = case["victims"]
        t["t_number_of_victims"] = len(linked) + (rng.randint(0, 2) if rng.random() < 0.3 else 0)
        t["t_number_of_victims_female"] = sum(1 for s, _ in linked if s == "female")
        t["t_number_of_victims_male"] = sum(1 for s, _ in linked if s == "male")
        t["t_number_of_victims_minors"] = sum(1 for _, minor in linked if minor == "yes")
        if not linked:
            total = rng.randint(1, 3)
            t["t_number_of_victims"] = total
            t["t_number_of_victims_female"] = rng.randint(0, total)
            t["t_number_of_victims_male"] = total - t["t_number_of_victims_female"]
            t["t_number_of_victims_minors"] = 0

        # Complaint and investigation.
        t["t_qualification_initial"] = self.qualification(None)
        arrested = "yes" if rng.random() < 0.55 else ("no" if rng.random() < 0.8 else "unknown")
        t["t_arrest"] = arrested
        if arrested == "yes":
            day = self.later(complaint, 0, 5)
            if day is None:
                t["t_arrest"] = "no"
            else:
                t["t_arrest_date"] = day.isoformat()
                t["t_pretrial_detention"] = "yes" if rng.random() < 0.7 else "no"
                t["t_pretrial_detention_days"] = rng.randint(30, 365)
        else:
            t["t_pretrial_detention"] = "no" if arrested == "no" else "unknown"
        outcome = INVESTIGATION(rng)
        indicted = self.later(complaint, 60, 300) if outcome == "indictment_filed" else None
        if outcome == "indictment_filed" and indicted is None:
            outcome = "ongoing"
        t["t_investigation_outcome"] = outcome
        draw = rng.random()
        t["t_financial_investigation"] = (
            "yes" if draw < 0.3 else ("no" if draw < 0.85 else "unknown")
        )
        t["t_international_cooperation"] = (
            ["none"]
            if case["kind"] == "internal"
            else [
                rng.choice(
                    ("mutual_legal_assistance", "joint_investigation_team", "europol_seci", "none")
                )
            ]
        )
        last_day = indicted or complaint
        if indicted:
            t["t_indictment_date"] = indicted.isoformat()
            t["t_qualification_indictment"] = self.qualification(t["t_qualification_initial"])
            t["t_plea_agreement"] = (
                "yes" if rng.random() < 0.1 else ("no" if rng.random() < 0.9 else "not_applicable")
            )
            verdict_day = self.later(indicted, 90, 500) if rng.random() < 0.8 else None
            if verdict_day:
                last_day = self.trial(t, verdict_day)
        updated = min(last_day + dt.timedelta(days=rng.randint(0, 20)), self.today)
        t["_updated"] = updated
        t["_code"] = _personal_code(
            rng.choice(LETTERS) + rng.choice(LETTERS),
            rng.choice(LETTERS) + rng.choice(LETTERS),
            dob_text,
            sex,
            citizenship,
            prefix="T",
        )
        return t

    def trial(self, t: dict, verdict_day: dt.date) -> dt.date:
        rng = self.rng
        verdict = VERDICT_FIRST(rng)
        t["t_verdict_first_date"] = verdict_day.isoformat()
        t["t_verdict_first"] = verdict
        courts = self.frame.national.get("courts")
        t["t_court_first"] = rng.choice(courts) if courts else "unknown"
        t["t_qualification_verdict"] = self.qualification(t.get("t_qualification_indictment"))
        if verdict == "convicted":
            self.sentence(
                t, "t_verdict_first", "t_sentence_type", "t_prison_months", "t_fine_amount"
            )
        appeal = APPEAL(rng)
        t["t_appeal_filed"] = appeal
        final_day, final = None, None
        if appeal == "none":
            final_day = self.later(verdict_day, 15, 30)
            final = verdict
        else:
            second_day = self.later(verdict_day, 60, 300)
            if second_day:
                choices = (
                    {
                        "confirmed": 60,
                        "sentence_increased": 8,
                        "sentence_reduced": 15,
                        "reversed_acquittal": 7,
                        "annulled_retrial": 10,
                    }
                    if verdict == "convicted"
                    else {"confirmed": 85, "annulled_retrial": 15}
                )
                second = Weighted(choices)(rng)
                t["t_verdict_second_date"] = second_day.isoformat()
                t["t_verdict_second"] = second
                if second != "annulled_retrial":
                    final_day = self.later(second_day, 0, 15)
                    final = "acquitted" if second == "reversed_acquittal" else verdict
                    scale = {"sentence_increased": 1.25, "sentence_reduced": 0.75}.get(second, 1.0)
                    t["_scale"] = scale
        if final_day is None:
            t.pop("_scale", None)
            if t.get("t_verdict_second_date"):
                return dt.date.fromisoformat(t["t_verdict_second_date"])
            return verdict_day
        outcome = {"convicted": "convicted", "acquitted": "acquitted"}.get(
            final, "dismissed_discontinued"
        )
        t["t_final_date"] = final_day.isoformat()
        t["t_final_outcome"] = outcome
        if outcome == "convicted":
            scale = t.pop("_scale", 1.0)
            t["t_final_sentence_type"] = list(t["t_sentence_type"])
            if "t_prison_months" in t:
                t["t_final_prison_months"] = max(1, min(600, int(t["t_prison_months"] * scale)))
            t["t_confiscation"] = "yes" if rng.random() < 0.3 else "no"
            t["t_confiscation_value"] = Decimal(rng.randrange(1000, 200000, 500))
            t["t_compensation_ordered"] = "yes" if rng.random() < 0.2 else "no"
            t["t_compensation_amount"] = Decimal(rng.randrange(1000, 30000, 500))
            t["t_other_measures"] = (
                ["expulsion"]
                if t["t_citizenship"] != self.frame.code and rng.random() < 0.5
                else ["not_applicable"]
            )
        else:
            t.pop("_scale", None)
            t["t_confiscation"] = "no"
            t["t_compensation_ordered"] = "no"
            t["t_other_measures"] = ["not_applicable"]
        return final_day


# About one defendant in thirty is a legal person (a recruitment agency, a bar, a farm), so that
# tables T8 and T8b have something to show.
LEGAL_PERSON_SHARE = 0.03
LEGAL_PERSON_SANCTIONS = (
    "exclusion_public_benefits",
    "ban_commercial_activity",
    "judicial_supervision",
    "winding_up",
    "closure_establishment",
)


def _as_legal_person(values: dict, personal: dict, number: int, frame: Frame):
    """A few defendants become legal persons: no personal code (a registration key for most),
    the indicators of natural persons emptied, fines instead of prison and the sanctions of
    Art. 6. Drawn from a generator of its own, so the other records stay as they were."""
    sub = random.Random(f"legal-person-{frame.code}-{number}")
    if sub.random() >= LEGAL_PERSON_SHARE:
        return values, personal
    values = rules.apply_conditions(TRAFFICKERS, {**values, "t_legal_person": "yes"})
    values.update(derive_all(TRAFFICKERS, values))  # no date of birth: no age
    for code in ("t_sentence_type", "t_final_sentence_type"):
        if values.get(code):
            values[code] = ["fine"]
    if values.get("t_sentence_type") and not values.get("t_fine_amount"):
        values["t_fine_amount"] = Decimal(sub.randrange(5000, 100000, 500))
    for code in ("t_prison_months", "t_final_prison_months"):
        values[code] = None
    if values.get("t_final_outcome") == "convicted":
        extra = sub.sample(LEGAL_PERSON_SANCTIONS, sub.randint(0, 2))
        values["t_legal_person_sanctions"] = ["fine", *extra]
    if sub.random() < 0.6:
        personal = registration_keys(
            registration_number=str(sub.randrange(10**7, 10**8)),
            country=values.get("t_citizenship") or "",
        )
    else:
        personal = {"personal_code_hash": "", "near_match_key": "", "letter_keys": ""}
    return values, personal


def _finish_trafficker(t: dict, rng: random.Random, frame: Frame) -> dict:
    # Stages not reached stay empty rather than receiving generic answers.
    reached_trial = "t_verdict_first" in t
    for code in ("t_court_first", "t_appeal_filed", "t_qualification_verdict"):
        t.setdefault(code, "" if code != "t_qualification_verdict" else [])
    if "t_indictment_date" not in t:
        t.setdefault("t_plea_agreement", "")
        t.setdefault("t_qualification_indictment", [])
    if "t_final_outcome" not in t:
        for code in ("t_confiscation", "t_compensation_ordered"):
            t.setdefault(code, "")
        t.setdefault("t_other_measures", [])
    if not reached_trial:
        t.setdefault("t_verdict_first", "")
    for code in (
        "t_arrest_date",
        "t_indictment_date",
        "t_verdict_first_date",
        "t_verdict_second_date",
        "t_final_date",
    ):
        t.setdefault(code, "")
    for code in ("t_verdict_second", "t_final_outcome"):
        t.setdefault(code, "")
    for code in ("t_prison_months", "t_fine_amount", "t_final_prison_months"):
        t.setdefault(code, None)
    t.setdefault("t_date_of_birth_estimated", False)
    return _fill(TRAFFICKERS, t, rng, frame)


# --- writing ----------------------------------------------------------------------------------


def _columns(model) -> tuple[list[str], list[str], list]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = [f.get_default() if f.has_default() else None for f in fields]
    return [f.column for f in fields], [f.attname for f in fields], defaults


def copy_text(model, rows: list[dict]) -> str:
    """``rows`` in PostgreSQL's COPY text format (arrays as array literals)."""
    _, attnames, defaults = _columns(model)
    pairs = list(zip(attnames, defaults, strict=True))
    return "".join(copy_line([row.get(name, default) for name, default in pairs]) for row in rows)


def write_rows(model, rows: list[dict] | None = None, text: str | None = None) -> None:
    """Write rows of ``model``: ``COPY`` on PostgreSQL (from ``text`` or ``rows``),
    ``bulk_create`` in batches of 2,000 elsewhere."""
    if connection.vendor == "postgresql":
        if text is None:
            text = copy_text(model, rows or [])
        if not text:
            return
        columns, _, _ = _columns(model)
        copy_into(model._meta.db_table, columns, text)
    elif rows:
        model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)


# --- the generation ---------------------------------------------------------------------------

CHUNK = 10_000  # records generated by one worker task, with an RNG of its own


@dataclass
class GenerationResult:
    victims: int = 0
    traffickers: int = 0
    cases: int = 0
    links: int = 0
    checked: int = 0
    seconds: float = 0.0
    per_territory: dict = field(default_factory=dict)
    skipped: bool = False


class InvalidGeneratedRecord(AssertionError):
    """A generated record broke a rule: a bug of the generator."""


def generator_user() -> User:
    """The inactive account that generated records are attributed to (never signs in)."""
    user = User.objects.filter(username=GENERATOR_USERNAME).first()
    if user is None:
        user = User(username=GENERATOR_USERNAME, role=Role.ANALYST, is_active=False)
        user.first_name = "Demo data"
        user.last_name = "generator"
        user.set_unusable_password()
        user.save()
    return user


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _check(database: Database, values: dict, territory_code: str, complete: bool, number: int):
    issues = rules.check(database, values, rules.RuleContext(territory_code), complete=complete)
    if issues:
        detail = "; ".join(f"{i.field}: {i.message}" for i in issues)
        raise InvalidGeneratedRecord(f"{database.code} record {number} breaks a rule: {detail}")


def default_years(today: dt.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(range(today.year - 4, today.year + 1))


def has_records(territories) -> bool:

    with scopes_disabled():
        return (
            VictimRecord.with_deleted.filter(territory__in=territories).exists()
            or TraffickerRecord.with_deleted.filter(territory__in=territories).exists()
        )


@dataclass
class Job:
    """One chunk of records to generate (runs in a worker process for large runs)."""

    frame: Frame
    seed: str
    first_number: int
    count: int
    years: list[int]
    today: dt.date
    now: dt.datetime
    user_id: int
    as_text: bool
    cases: list[dict] = field(default_factory=list)  # traffickers: the cases of the chunk


def _victim_chunk(job: Job):
    """Rows (or COPY text) of ``job.count`` victim records, and per record (number, year, sex,
    minor flag) for the case links."""

    rng = random.Random(job.seed)
    frame, today, code = job.frame, job.today, job.frame.code
    generator = VictimGenerator(rng, frame, job.years, today)
    two_institutions = len(frame.victim_institutions) > 1
    persons = round(job.count / (1 + DUPLICATE_SHARE)) if two_institutions else job.count
    persons = max(min(persons, job.count), 1)
    doubled = set(rng.sample(range(persons), job.count - persons))
    rows, meta, checked = [], [], 0
    number = job.first_number

    def emit(values, person, institution_id, identified):
        nonlocal number, checked
        entered = identified + dt.timedelta(days=rng.randint(0, 45))
        created = _aware(min(entered, today), rng, job.now)
        complete = rng.random() >= (0.25 if identified.year == today.year else 0.06)
        if len(rows) < 25 or number % VALIDATE_EVERY == 0:
            _check(VICTIMS, values, code, complete, number)
            checked += 1
        rows.append(
            {
                "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
                "territory_id": frame.territory.pk,
                "institution_id": institution_id,
                "number": number,
                **person.code,
                "person_key": person.code["personal_code_hash"],
                "reporting_year": identified.year,
                "status": "complete" if complete else "draft",
                "version": 1,
                "created_at": created,
                "created_by_id": job.user_id,
                "updated_at": created,
                "updated_by_id": job.user_id,
                **values,
            }
        )
        meta.append((number, identified.year, values["v_sex"], values["v_minor_flag"]))
        number += 1

    for index in range(persons):
        if len(rows) >= job.count:
            break
        year = generator.year_weights(rng)
        identified = generator.identification_day(year)
        person = generator.person(identified)
        institution = frame.victim_weights(rng)
        first = generator.record(person, identified)
        kind = next(i.kind for i in frame.victim_institutions if i.pk == institution)
        if IDENTIFYING_TYPE.get(kind) and rng.random() < 0.8:
            first["v_identifying_institution"] = IDENTIFYING_TYPE[kind]
        emit(first, person, institution, identified)
        if index in doubled and len(rows) < job.count:
            other = institution
            while other == institution:
                other = frame.victim_weights(rng)
            later_years = [y for y in job.years if y > year]
            if later_years and rng.random() < 0.25:
                # Identified again in a later year: a new episode, registered elsewhere.
                again = generator.identification_day(rng.choice(later_years))
                emit(generator.record(person, again, repeat=True), person, other, again)
            else:
                emit(generator.second_registration(first), person, other, identified)
    # Each person's records are generated together, so the chunk knows which record each
    # person counts by: written with its flag once, not inserted and then updated.
    flags = first_flags(
        (r["person_key"], False, r["v_victim_status"], r["reporting_year"],
         r["v_identification_date"])
        for r in rows
    )  # fmt: skip
    for row, flag in zip(rows, flags, strict=True):
        row["person_first"] = flag
    # Written in the order a live system receives records: by year (a year's records sit
    # together on disk, as they do when entered over the years), numbers as generated.
    rows.sort(key=lambda row: row["reporting_year"])
    if job.as_text:
        return copy_text(VictimRecord, rows), meta, checked
    return rows, meta, checked


def _trafficker_chunk(job: Job):
    """Rows (or COPY text) of the trafficker records of ``job.cases``."""

    rng = random.Random(job.seed)
    frame, today, code = job.frame, job.today, job.frame.code
    generator = TraffickerGenerator(rng, frame, today)
    rows, checked = [], 0
    number = job.first_number
    for case in job.cases:
        for _ in range(case["defendants"]):
            t = generator.record(case)
            updated, personal = t.pop("_updated"), t.pop("_code")
            t.pop("_scale", None)
            values = _finish_trafficker(t, rng, frame)
            values, personal = _as_legal_person(values, personal, number, frame)
            complaint = dt.date.fromisoformat(values["t_complaint_date"])
            entered = min(complaint + dt.timedelta(days=rng.randint(0, 20)), today)
            created = _aware(entered, rng, job.now)
            complete = rng.random() >= 0.08
            if len(rows) < 25 or number % VALIDATE_EVERY == 0:
                _check(TRAFFICKERS, values, code, complete, number)
                checked += 1
            rows.append(
                {
                    "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "territory_id": frame.territory.pk,
                    "institution_id": frame.trafficker_weights(rng),
                    "number": number,
                    **personal,
                    "person_key": personal["personal_code_hash"],
                    "reporting_year": complaint.year,
                    "status": "complete" if complete else "draft",
                    "version": 1,
                    "created_at": created,
                    "created_by_id": job.user_id,
                    "updated_at": max(created, _aware(updated, rng, job.now)),
                    "updated_by_id": job.user_id,
                    "case_id": case["id"],
                    **values,
                }
            )
            number += 1
    if job.as_text:
        return copy_text(TraffickerRecord, rows), checked
    return rows, checked


def _workers(total: int) -> int:
    """Worker processes for a run of ``total`` records (none for small runs and on SQLite)."""
    if connection.vendor != "postgresql" or total < 4 * CHUNK:
        return 0
    return max(1, min(os.cpu_count() or 1, 4))


def generate(
    *,
    victims: int,
    traffickers: int,
    territories: list[str] | None = None,
    years: list[int] | None = None,
    seed: int = 2026,
    if_empty: bool = False,
    progress: Callable[[str], None] | None = None,
    today: dt.date | None = None,
) -> GenerationResult:
    """Generate ``victims`` victim and ``traffickers`` trafficker records (see module doc).

    Everything is written in one transaction: an interrupted run leaves nothing behind.
    """

    say = progress or (lambda message: None)
    began = time.monotonic()
    today = today or timezone.localdate()
    now = timezone.now()
    years = sorted(years or default_years(today))
    result = GenerationResult()
    with scopes_disabled():
        selected = Territory.objects.filter(is_active=True).order_by("code")
        if territories:
            selected = selected.filter(code__in=territories)
            missing = set(territories) - set(selected.values_list("code", flat=True))
            if missing:
                raise ValueError(f"Unknown territories: {', '.join(sorted(missing))}.")
        selected = list(selected)
        if not selected:
            raise ValueError("No territory to generate records for (load the fixtures first).")
        if if_empty and has_records(selected):
            result.skipped = True
            return result
        workers = _workers(victims + traffickers)
        pool = None
        if workers:
            # Workers only compute (no database); fork them before the transaction opens.
            connections.close_all()
            pool = multiprocessing.get_context("fork").Pool(workers)
        try:
            with transaction.atomic():
                user = generator_user()
                victim_counts = _split(victims, len(selected))
                trafficker_counts = _split(traffickers, len(selected))
                audit = []
                for index, territory in enumerate(selected):
                    frame = build_frame(territory)
                    counts = _generate_territory(
                        frame,
                        f"{seed}:{territory.code}:{frame.next_victim}:{frame.next_trafficker}",
                        Job(frame, "", 0, 0, years, today, now, user.pk, as_text=bool(pool)),
                        victim_counts[index],
                        trafficker_counts[index],
                        pool,
                        say,
                        result,
                    )
                    result.per_territory[territory.code] = counts
                    # Which record each person counts by in the statistics.
                    VictimRecord.persons_changed(territory.pk, person_keys=None)
                    audit.append(
                        AuditEntry(
                            action=Action.IMPORT,
                            user=None,
                            username=GENERATOR_USERNAME,
                            territory=territory,
                            object_type="demo_data",
                            object_repr=f"Generated demo data ({territory.code})",
                            detail={
                                "generator": "generate_demo_data",
                                "seed": seed,
                                "years": years,
                                **counts,
                            },
                        )
                    )
                record_events(audit)
        finally:
            if pool is not None:
                pool.terminate()
    if connection.vendor == "postgresql" and result.victims + result.traffickers >= ANALYZE_AFTER:
        # Fresh planner statistics and visibility map after a large load (index-only scans
        # for the statistics), rather than waiting for autovacuum. VACUUM cannot run inside a
        # transaction: within one, only ANALYZE.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        say(f"  updating the planner's statistics ({command})...")
        from thb_data.db import statement_allowance

        with statement_allowance(0), connection.cursor() as cursor:
            for model in (VictimRecord, TraffickerRecord, CriminalCase):
                cursor.execute(f"{command} {model._meta.db_table}")
    result.seconds = time.monotonic() - began
    return result


def _run(pool, function, jobs):
    return pool.imap(function, jobs) if pool is not None else map(function, jobs)


def _generate_territory(frame, seed, template, n_victims, n_traffickers, pool, say, result):

    code = frame.code
    counts = {"victims": 0, "traffickers": 0, "cases": 0, "links": 0}
    began = time.monotonic()

    def job(first_number, count, chunk, cases=()):
        return Job(
            frame,
            f"{seed}:{chunk}",
            first_number,
            count,
            template.years,
            template.today,
            template.now,
            template.user_id,
            template.as_text,
            list(cases),
        )

    def report(done, total, what):
        if total >= 5 * CHUNK:
            rate = done / max(time.monotonic() - began, 1e-6)
            say(f"  {code}: {done:,}/{total:,} {what} ({rate:,.0f}/s)")

    # --- victims, in chunks: persons, about 10% of them registered by two institutions.
    by_year: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    if n_victims and frame.victim_weights:
        jobs = []
        for chunk, start in enumerate(range(0, n_victims, CHUNK)):
            size = min(CHUNK, n_victims - start)
            jobs.append(job(frame.next_victim + start, size, f"v{chunk}"))
        for rows, meta, checked in _run(pool, _victim_chunk, jobs):
            if template.as_text:
                write_rows(VictimRecord, text=rows)
            else:
                write_rows(VictimRecord, rows=rows)
            for number, year, sex, minor in meta:
                by_year[year].append((number, sex, minor))
            counts["victims"] += len(meta)
            result.checked += checked
            report(counts["victims"], n_victims, "victim records")
        result.victims += counts["victims"]

    # --- criminal cases (1-3 defendants, 1-4 linked victims of the year) and their traffickers.
    if n_traffickers and frame.trafficker_weights:
        began = time.monotonic()
        rng = random.Random(f"{seed}:cases")
        with scopes_disabled():
            victim_ids = dict(
                VictimRecord.with_deleted.filter(
                    territory=frame.territory, number__gte=frame.next_victim
                ).values_list("number", "id")
            )
            existing_cases = CriminalCase.objects.filter(territory=frame.territory).count()
        cases, case_rows, remaining = [], [], n_traffickers
        years, today = template.years, template.today
        while remaining > 0:
            defendants = min(remaining, DEFENDANTS(rng))
            remaining -= defendants
            year = rng.choice(years)
            start = dt.date(year, 1, 1).toordinal()
            end = min(dt.date(year, 12, 31), today - dt.timedelta(days=1)).toordinal()
            complaint = dt.date.fromordinal(rng.randint(start, max(start, end)))
            pool_of_year = by_year.get(year) or []
            linked = (
                rng.sample(pool_of_year, min(len(pool_of_year), rng.randint(1, 4)))
                if pool_of_year
                else []
            )
            forms = [TRAFFICKER_FORMS(rng)]
            if rng.random() < 0.12:
                other = TRAFFICKER_FORMS(rng)
                if other not in forms:
                    forms.append(other)
            kind = CASE_KIND(rng)
            if defendants == 1:
                organisation = "alone" if rng.random() < 0.6 else "organised_group"
            else:
                organisation = "with_accomplice" if defendants == 2 else "organised_group"
            reference = f"DEMO-{existing_cases + len(cases) + 1}/{year}-{rng.getrandbits(24):06x}"
            case_rows.append(
                {
                    "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "territory_id": frame.territory.pk,
                    "institution_id": rng.choice(frame.case_institutions).pk,
                    "reference": reference,
                    "created_at": _aware(complaint, rng, template.now),
                    "created_by_id": template.user_id,
                }
            )
            cases.append(
                {
                    "reference": reference,
                    "complaint": complaint,
                    "defendants": defendants,
                    "victims": [(sex, minor) for _, sex, minor in linked],
                    "victim_numbers": [number for number, _, _ in linked],
                    "forms": forms,
                    "kind": kind,
                    "countries": [code] if kind == "internal" else [code, rng.choice(DESTINATIONS)],
                    "organisation": organisation,
                }
            )
        for start in range(0, len(case_rows), 50_000):
            write_rows(CriminalCase, rows=case_rows[start : start + 50_000])
        with scopes_disabled():
            case_ids = dict(
                CriminalCase.objects.filter(
                    territory=frame.territory, reference__startswith="DEMO-"
                ).values_list("reference", "id")
            )
        links = []
        for case in cases:
            case["id"] = case_ids[case["reference"]]
            for number in case.pop("victim_numbers"):
                if number in victim_ids:
                    links.append(
                        {"criminalcase_id": case["id"], "victimrecord_id": victim_ids[number]}
                    )
        through = CriminalCase.victims.through
        for start in range(0, len(links), 50_000):
            write_rows(through, rows=links[start : start + 50_000])
        counts["cases"], counts["links"] = len(cases), len(links)

        # Chunks of cases holding about CHUNK defendants each.
        jobs, chunk_cases, chunk_size, first = [], [], 0, frame.next_trafficker
        for case in cases:
            chunk_cases.append(case)
            chunk_size += case["defendants"]
            if chunk_size >= CHUNK:
                jobs.append(job(first, chunk_size, f"t{len(jobs)}", chunk_cases))
                first += chunk_size
                chunk_cases, chunk_size = [], 0
        if chunk_cases:
            jobs.append(job(first, chunk_size, f"t{len(jobs)}", chunk_cases))
        for (rows, checked), chunk_job in zip(
            _run(pool, _trafficker_chunk, jobs), jobs, strict=True
        ):
            if template.as_text:
                write_rows(TraffickerRecord, text=rows)
            else:
                write_rows(TraffickerRecord, rows=rows)
            counts["traffickers"] += chunk_job.count
            result.checked += checked
            report(counts["traffickers"], n_traffickers, "trafficker records")
        result.traffickers += counts["traffickers"]
        result.cases += counts["cases"]
        result.links += counts["links"]
    return counts


DEFENDANTS = Weighted({1: 50, 2: 30, 3: 20})
CASE_KIND = Weighted({"internal": 50, "international": 45, "both": 5})
