"""What helps a person through the long victim form: the summary of a refused save (each error
with its field's label and a link to the field), the section navigation with each section's state,
the action bar; and the session's keep-alive (CSRF, sign-in and the absolute limit)."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.victims.conftest import DRAFT, make_record
from thb_data.accounts.middleware import SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def summary_of(body: str) -> str:
    match = re.search(r"<section[^>]*data-error-summary[^>]*>(.*?)</section>", body, re.S)
    assert match, "no error summary"
    return match.group(0)


def section_states(body: str) -> dict[str, str]:
    return dict(re.findall(r'data-section="(\w)" data-state="(\w+)"', body))


def test_a_refused_save_lists_each_error_with_its_label_and_a_link_to_the_field(clients):
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:create"), {**DRAFT, "status": "complete"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    summary = summary_of(body)
    # At the top, before the form, focusable and announced.
    assert body.index("data-error-summary") < body.index('<form method="post" data-indicator')
    assert 'tabindex="-1"' in summary and 'role="alert"' in summary
    links = dict(re.findall(r'<a href="#([\w-]+)" data-error-link="[\w-]+">([^<]+)</a>', summary))
    # Labels, never codes, and without the core marker.
    assert links["id_v_victim_status"] == "Victim status"
    assert links["id_v_date_of_birth"] == "Date of birth"
    assert "Required to mark the record complete." in summary
    assert "●" not in summary and "v_victim_status" not in re.sub(r'"[^"]*"', "", summary)
    # Every link leads to an element of the page; a set of check boxes to its first box.
    for target in links:
        assert f'id="{target}"' in body
    assert "id_v_exploitation_form_0" in links
    form = response.context["form"]
    assert len(re.findall(r"<li>", summary)) == sum(len(e) for e in form.errors.values())


def test_no_summary_on_a_new_form(clients):
    body = clients["caseworker_rs_ngo"].get(reverse("victims:create")).content.decode()
    assert "data-error-summary" not in body
    assert 'data-testid="form-actions"' in body


def test_the_section_navigation_tells_each_sections_state(clients, personas):
    user = personas["caseworker_rs_ngo"]
    # A: victim status given; B: sex, citizenship and date of birth given; E: nothing;
    # F: identification date given, identifying institution not.
    record = make_record(user, v_victim_status="identified", v_date_of_birth="1995-04-12")
    body = clients["caseworker_rs_ngo"].get(reverse("victims:edit", args=[record.uuid]))
    states = section_states(body.content.decode())
    assert states["A"] == "answered"
    assert states["B"] == "answered"
    assert states["C"] == "empty"
    assert states["E"] == "missing"
    assert states["F"] == "missing"
    assert 'href="#section-E"' in body.content.decode()


def test_after_a_refused_save_the_sections_in_error_say_so(clients):
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:create"),
        {**DRAFT, "v_date_of_birth": "not a date", "status": "draft"},
    )
    states = section_states(response.content.decode())
    assert states["B"] == "errors"
    assert states["A"] == "missing"  # victim status empty, no error in a draft
    assert states["C"] == "empty"


# --- keep-alive -------------------------------------------------------------------------------


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("victims:create"))  # the page sets the CSRF cookie
    return client


def test_keep_alive_answers_a_signed_in_person_with_the_time_left(personas, settings):
    client = csrf_client(personas["caseworker_rs_ngo"])
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("keep_alive"), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json() == {"signed_in": True, "seconds_left": settings.SESSION_COOKIE_AGE}


def test_keep_alive_without_the_csrf_token_is_refused(personas):
    client = csrf_client(personas["caseworker_rs_ngo"])
    assert client.post(reverse("keep_alive")).status_code == 403


def test_keep_alive_refuses_anonymous_and_get(client, clients):
    assert client.post(reverse("keep_alive")).status_code == 401
    assert "_auth_user_id" not in client.session
    assert clients["caseworker_rs_ngo"].get(reverse("keep_alive")).status_code == 405


def test_keep_alive_never_goes_beyond_the_absolute_limit(clients, settings):
    client = clients["caseworker_rs_ngo"]
    session = client.session
    # Signed in 11 h 58 min ago: 2 minutes are left, not the 30 of an idle session.
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS + 120
    session.save()
    left = client.post(reverse("keep_alive")).json()["seconds_left"]
    assert 110 <= left <= 120

    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.post(reverse("keep_alive"))
    assert response.status_code == 302 and "expired=1" in response["Location"]
    # The session is over: the next keep-alive is anonymous.
    assert client.post(reverse("keep_alive")).status_code == 401
