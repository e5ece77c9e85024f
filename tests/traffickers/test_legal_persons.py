"""Legal persons as defendants (catalogue 2.0, Directive 2011/36/EU Arts. 5-6): no personal code
(no initials, date of birth or sex), an optional registration number kept only as a keyed hash,
the indicators of natural persons not applicable, and their own tables (T8, T8b) instead of a
place among the persons of the other criminal-justice tables."""

import io

from django.urls import reverse

from indicators.statistics.engine import compute_statistics
from tests.conftest import signed_in_client
from tests.traffickers.conftest import SUSPECT, make_trafficker
from thb_data.personal_code import hash_code
from thb_data.scoping import scopes_disabled
from traffickers.models import TraffickerRecord

COMPANY = {
    "t_legal_person": "yes",
    "t_citizenship": "RS",  # the country of registration
    "t_role": ["recruiter"],
    "t_exploitation_forms": ["labour"],
    "t_complaint_date": "2024-02-10",
    "t_complaint_institution": "police",
    "t_qualification_initial": ["388"],
}


def post_company(client, **extra):
    data = {**COMPANY, "action": "complete", "case-new_case_reference": "KTO 1/24", **extra}
    return client.post(reverse("traffickers:create"), data)


def records():
    with scopes_disabled():
        return list(TraffickerRecord.objects.order_by("pk"))


def test_a_company_is_registered_without_initials_date_of_birth_or_sex(personas, code_lists):
    client = signed_in_client(personas["prosecutor_rs"])
    form = client.get(reverse("traffickers:create")).content.decode()
    section_b = form[form.index('id="section-B"') :]
    assert 'name="pc_registration_number"' in section_b[: section_b.index("</fieldset>")]
    response = post_company(
        client,
        pc_registration_number="12 345-678",
        t_sex="male",  # typed by mistake: does not apply to a company, not stored
        t_date_of_birth="1980",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [record] = records()
    assert record.status == "complete"
    # L + country of registration + the number as the register writes it; only the hash is kept.
    assert record.personal_code_hash == hash_code("LRS12345678")
    assert record.near_match_key == "" and record.letter_keys == ""
    assert "12345678" not in str(record.__dict__)
    assert record.t_sex == "" and record.t_date_of_birth in ("", None)
    page = client.get(reverse("traffickers:detail", args=[record.uuid])).content.decode()
    assert 'data-testid="legal-person-key">recorded (anonymous)' in page
    # Without a registration number a company is still a complete record (a person of its own).
    response = post_company(client, **{"case-new_case_reference": "KTO 2/24"})
    assert response.status_code == 302
    assert records()[1].status == "complete" and records()[1].personal_code_hash == ""


def test_initials_for_a_company_or_a_registration_number_for_a_person_are_refused(
    personas, code_lists
):
    client = signed_in_client(personas["prosecutor_rs"])
    response = post_company(client, pc_first_name="Ma", pc_family_name="Jo")
    assert response.status_code == 200
    assert "A legal person has no personal code" in response.content.decode()
    person = {
        **SUSPECT,
        "pc_first_name": "Ma",
        "pc_family_name": "Jo",
        "pc_registration_number": "12345678",
        "action": "complete",
        "case-new_case_reference": "KTO 3/24",
    }
    response = client.post(reverse("traffickers:create"), person)
    assert response.status_code == 200
    assert "Only for a legal person" in response.content.decode()
    # A natural person still needs the personal code to be complete.
    person.pop("pc_registration_number")
    person.pop("pc_first_name")
    person.pop("pc_family_name")
    response = client.post(reverse("traffickers:create"), person)
    assert "The personal code is required" in response.content.decode()
    assert records() == []


def test_the_import_template_and_the_import_take_a_registration_number(personas, code_lists):
    from openpyxl import load_workbook

    from tests.exchange.conftest import csv_bytes, upload
    from tests.exchange.test_import import import_file

    url = "/traffickers/import/"
    client = signed_in_client(personas["prosecutor_rs"])
    template = client.get(url + "template.xlsx").content
    header = [c.value for c in next(load_workbook(io.BytesIO(template)).worksheets[0].rows)]
    assert "pc_registration_number" in header and "t_legal_person" in header

    base = {
        "status": "complete",
        "pc_first_name": "",
        "pc_family_name": "",
        "pc_registration_number": "",
        "t_legal_person": "yes",
        "t_sex": "",
        "t_citizenship": "RS",
        "t_role": "recruiter",
        "t_exploitation_forms": "labour",
        "t_complaint_date": "2024-03-01",
        "t_complaint_institution": "police",
        "t_qualification_initial": "388",
    }
    bad = [
        {**base, "t_sex": "male"},
        {**base, "pc_first_name": "Ma", "pc_family_name": "Jo"},
        {**base, "t_legal_person": "no", "t_sex": "male", "pc_registration_number": "99999"},
    ]
    response = upload(client, url, csv_bytes(bad), "companies.csv")
    body = response.content.decode()
    assert "is not recorded for a legal person" in body
    assert "A legal person has no personal code" in body
    assert "Only for a legal person" in body
    assert "99999" not in body  # the number is never echoed
    assert records() == []

    good = {**base, "pc_registration_number": "RS-555 777"}
    response = import_file(client, csv_bytes([good]), "company.csv", url=url)
    assert response.status_code == 200, response.content.decode()[-2000:]
    [record] = records()
    assert record.t_legal_person == "yes" and record.status == "complete"
    assert record.personal_code_hash == hash_code("LRSRS555777")


def test_legal_persons_are_counted_in_their_own_tables_only(personas, world, code_lists):
    """Hand-computed, Serbia 2024:

    natural persons: Ana (suspected, convicted final), Bob (suspected);
    companies: Alfa (police and prosecution records with one registration key: one legal person,
    suspected, convicted final, fine and closure of the establishment), Beta (no key, suspected,
    convicted final, fine), Gama (suspected only).

    T1 suspected 2 (female 1, male 1), convicted final 1; T8 suspected 3, prosecuted 2
    (Alfa, Beta), convicted final 2; T8b fine 2, closure 1, total 2.
    """
    prosecutor = personas["prosecutor_rs"]
    convicted = {
        "t_indictment_date": "2024-04-01",
        "t_verdict_first": "convicted",
        "t_verdict_first_date": "2024-06-01",
        "t_final_outcome": "convicted",
        "t_final_date": "2024-11-01",
    }
    make_trafficker(prosecutor, code="TANA", t_sex="female", **convicted)
    make_trafficker(prosecutor, code="TBOB", t_sex="male")
    company = {**COMPANY, "t_sex": "", "t_date_of_birth": ""}
    make_trafficker(prosecutor, code="LRS111", **company)
    make_trafficker(
        prosecutor,
        code="LRS111",
        **company,
        **convicted,
        t_legal_person_sanctions=["fine", "closure_establishment"],
    )
    make_trafficker(prosecutor, **company, **convicted, t_legal_person_sanctions=["fine"])
    make_trafficker(prosecutor, code="LRS333", **company)
    with scopes_disabled():
        stats = {v.code: v for v in compute_statistics(world["rs"], 2024).views()}
    t1 = stats["T1"]
    assert t1.value("suspected", "female") == 1 and t1.value("suspected", "male") == 1
    assert t1.value("suspected", "_T") == 2 and t1.value("convicted_final", "_T") == 1
    t8 = stats["T8"]
    assert [t8.value(s) for s in ("suspected", "prosecuted", "convicted_first")] == [3, 2, 2]
    assert t8.value("convicted_final") == 2
    t8b = stats["T8b"]
    assert t8b.value("fine") == 2 and t8b.value("closure_establishment") == 1
    assert t8b.value("_T") == 2
    assert any("Natural persons only" in note for note in t1.notes)
