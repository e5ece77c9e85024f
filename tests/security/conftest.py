"""Two territories with objects of every kind, for the security tests and the isolation matrix.

Serbia and Albania each get victim records of two institutions (NGO and police), a trafficker
record in a criminal case, a national code list entry, their institutions and users, and the audit
entries that saving those records writes. Every name is distinctive, so that finding it in a
response body means it leaked.
"""

from dataclasses import dataclass, field

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from indicators.records import save_record
from tests.conftest import make_user, signed_in_client
from thb_data.accounts.models import Role
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scope_for, scopes_disabled


@dataclass
class Owned:
    """An object and who owns it: its territory code and, for records, its institution id."""

    kind: str
    obj: object
    territory: str
    institution_id: int | None = None


@dataclass
class SecurityWorld:
    objects: list[Owned] = field(default_factory=list)
    personas: dict = field(default_factory=dict)
    # Strings that identify each territory's objects: record numbers, case references,
    # institution names, code list labels, user names.
    secrets: dict = field(default_factory=dict)
    # Strings that identify one institution's records (record numbers, case references).
    institution_secrets: dict = field(default_factory=dict)

    def of_kind(self, kind):
        return [owned for owned in self.objects if owned.kind == kind]

    def first(self, kind, territory, institution_id=None):
        for owned in self.of_kind(kind):
            if owned.territory == territory and (
                institution_id is None or owned.institution_id == institution_id
            ):
                return owned.obj
        raise LookupError(f"no {kind} of {territory}")


def _victim(user, institution):
    from victims.models import VictimRecord

    with scope_for(user):
        record = VictimRecord(territory=institution.territory, institution=institution)
        return save_record(record, user=user, values={"v_sex": "female"}, status="draft").record


def _trafficker(user, institution, case):
    from traffickers.models import TraffickerRecord

    with scope_for(user):
        record = TraffickerRecord(
            territory=institution.territory, institution=institution, case=case
        )
        return save_record(record, user=user, values={}, status="draft").record


@pytest.fixture
def security_world(world, personas):
    """Both territories filled with objects of every kind; personas of every demo role."""
    from indicators.models import NationalCodeEntry, NationalPractice, PopulationEstimate
    from traffickers.models import CriminalCase

    personas = dict(personas)
    personas["caseworker_al_police"] = make_user(
        "cw-al-police", Role.CASEWORKER, world["al_police"]
    )
    sw = SecurityWorld(personas=personas)
    for code in ("RS", "AL"):
        low = code.lower()
        territory = world[low]
        ngo, police, prosecution = (
            world[f"{low}_ngo"],
            world[f"{low}_police"],
            world[f"{low}_prosecution"],
        )
        ngo_worker = personas[f"caseworker_{low}_ngo" if code == "RS" else "caseworker_al"]
        police_worker = personas[f"caseworker_{low}_police"]
        prosecutor = personas[f"prosecutor_{low}"]
        victim_ngo = _victim(ngo_worker, ngo)
        victim_police = _victim(police_worker, police)
        with scopes_disabled():
            case = CriminalCase.objects.create(
                territory=territory,
                institution=prosecution,
                reference=f"{code}-CASE-QX7",
                created_by=prosecutor,
            )
            entry = NationalCodeEntry.objects.create(
                territory=territory,
                list_code="municipalities",
                code=f"{low}-matrix",
                label=f"{code} Matrixville municipality",
            )
            practice = NationalPractice.objects.create(territory=territory)
            population = PopulationEstimate.objects.create(
                territory=territory,
                year=2024,
                sex="total",
                age_group="total",
                value=1_000_000,
                source=f"{code} Matrixville statistical office",
            )
        trafficker = _trafficker(prosecutor, prosecution, case)
        with scopes_disabled():
            audit_entry = AuditEntry.objects.filter(object_id=str(victim_ngo.uuid)).first()
            users = [u for u in personas.values() if u.territory_id == territory.pk]
            device = TOTPDevice.objects.get(user=personas[f"coordinator_{low}"])
            institutions = [world[key] for key in world if key.startswith(f"{low}_")]
        sw.objects += [
            Owned("victim", victim_ngo, code, ngo.pk),
            Owned("victim", victim_police, code, police.pk),
            Owned("trafficker", trafficker, code, prosecution.pk),
            Owned("case", case, code, prosecution.pk),
            Owned("code_entry", entry, code),
            Owned("national_practice", practice, code),
            Owned("population", population, code),
            Owned("audit_entry", audit_entry, code),
            Owned("territory", territory, code),
            Owned("totp_device", device, code),
            *[Owned("institution", inst, code) for inst in institutions],
            *[Owned("user", user, code, user.institution_id) for user in users],
        ]
        sw.secrets[code] = [
            victim_ngo.record_number,
            victim_police.record_number,
            trafficker.record_number,
            case.reference,
            entry.label,
            population.source,
            *[inst.name for inst in institutions],
            *[user.username for user in users],
        ]
        sw.institution_secrets[ngo.pk] = [victim_ngo.record_number]
        sw.institution_secrets[police.pk] = [victim_police.record_number]
        sw.institution_secrets[prosecution.pk] = [trafficker.record_number, case.reference]
    return sw


@pytest.fixture
def security_clients(security_world):
    return {name: signed_in_client(user) for name, user in security_world.personas.items()}
