"""A save based on a stale version is refused, with what changed; nothing is overwritten."""

import pytest
from django.urls import reverse

from tests.victims.conftest import CORE
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

pytestmark = pytest.mark.django_db


def stored():
    with scopes_disabled():
        return VictimRecord.objects.get()


def test_a_stale_save_is_refused_and_shows_what_changed(clients):
    ngo, coordinator = clients["caseworker_rs_ngo"], clients["coordinator_rs"]
    ngo.post(reverse("victims:create"), {**CORE, "status": "draft"})
    record = stored()
    url = reverse("victims:edit", args=[record.uuid])

    # Both open the form at version 1.
    ngo_form = ngo.get(url).context["form"]
    coordinator_form = coordinator.get(url).context["form"]
    based_on_ngo = ngo_form.initial["based_on"]
    assert coordinator_form.initial["version"] == 1

    # The coordinator saves first: the victim status becomes "presumed".
    coordinator.post(
        url,
        {
            **CORE,
            "v_victim_status": "presumed",
            "version": 1,
            "based_on": coordinator_form.initial["based_on"],
            "status": "draft",
        },
    )
    assert stored().version == 2

    # The caseworker, still on version 1, changes the identification date.
    response = ngo.post(
        url,
        {
            **CORE,
            "v_identification_date": "2025-03-11",
            "version": 1,
            "based_on": based_on_ngo,
            "status": "draft",
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this record" in body
    assert "Nothing was saved" in body
    changes = {c["field"]: c for c in response.context["changes"]}
    assert set(changes) == {"v_victim_status"}
    assert changes["v_victim_status"]["before"] == "Formally identified victim"
    assert changes["v_victim_status"]["current"] == "Presumed or potential victim"
    assert changes["v_victim_status"]["yours"] == "Formally identified victim"
    assert "Presumed or potential victim" in body

    # Nothing overwritten.
    record = stored()
    assert record.version == 2
    assert record.v_victim_status == "presumed"
    assert record.v_identification_date == "2025-03-10"

    # The form now holds the other's change and the caseworker's own, at the new version.
    form = response.context["form"]
    assert form.initial["version"] == 2
    assert form.initial["v_victim_status"] == "presumed"
    assert form.initial["v_identification_date"] == "2025-03-11"

    # Saving it again (informed) succeeds and keeps both changes.
    resubmit = {
        **CORE,
        "v_victim_status": "presumed",
        "v_identification_date": "2025-03-11",
        "version": 2,
        "based_on": form.initial["based_on"],
        "status": "draft",
    }
    assert ngo.post(url, resubmit).status_code == 302
    record = stored()
    assert (record.version, record.v_victim_status, record.v_identification_date) == (
        3,
        "presumed",
        "2025-03-11",
    )


def test_a_post_without_a_version_is_refused(clients):
    clients["caseworker_rs_ngo"].post(reverse("victims:create"), {**CORE, "status": "draft"})
    record = stored()
    response = clients["caseworker_rs_ngo"].post(
        reverse("victims:edit", args=[record.uuid]),
        {**CORE, "v_sex": "male", "status": "draft"},
    )
    assert response.status_code == 409
    assert stored().v_sex == "female"
