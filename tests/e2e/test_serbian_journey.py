"""A caseworker of Serbia works in Serbian, in a real browser with the application's CSP on: the
language switcher of the navigation turns the pages Serbian (Cyrillic); the victim form shows its
labels, help texts, categories and error messages in Serbian; and the record saved is identical to
one entered with the same values in English.

The expected texts are read from the compiled Serbian catalogue through Django's translation
machinery (what a translator changes in the catalogue changes here too); a few literal words
prove the page is not English."""

import re

from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from indicators import i18n
from indicators.catalogue import VICTIMS
from tests.e2e.conftest import sign_in
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

SAVED = re.compile(r"/victims/[0-9a-f-]{36}/$")

# What a record is, not what was entered: left out of the comparison. The counting fields say how
# the two records of one person relate (only one of them counts), so they differ by design.
IDENTITY = {"id", "uuid", "number", "created_at", "updated_at", "version"}
COUNTING = {"person_first", "counted_status", "episode", "not_counted_reason"}


def watch_console(page) -> list[str]:
    """Content Security Policy violations and script errors the page reports."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def in_serbian(function, *args):
    with translation.override("sr"):
        return str(function(*args))


def label(code: str) -> str:
    """The Serbian label of an indicator as the form shows it (without the core mark)."""
    return in_serbian(i18n.text, VICTIMS.get(code).label)


def switch_language(page, name: str) -> None:
    """Choose a language in the navigation's switcher and confirm, as a person would."""
    switcher = page.get_by_test_id("language-switcher")
    switcher.locator("select").select_option(label=name)
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()


def fill_victim(form, *, identification_date: str) -> None:
    form.locator("[name=pc_first_name]").fill("Ана")
    form.locator("[name=pc_family_name]").fill("Пе")
    form.locator("[name=v_consent_obtained]").select_option("yes")
    form.locator("[name=v_victim_status]").select_option("identified")
    form.locator("[name=v_sex]").select_option("female")
    form.locator("[name=v_date_of_birth]").fill("1998-05-14")
    form.locator("[name=v_citizenship]").select_option("RS")
    form.locator("input[name=v_exploitation_form][value=labour]").check()
    form.locator("input[name=v_labour_sector][value=a_agriculture]").check()
    form.locator("[name=v_main_exploitation_form]").select_option("labour")
    form.locator("[name=v_co_victims]").fill("3")
    form.locator("[name=v_identification_date]").fill(identification_date)
    form.locator("[name=v_identifying_institution]").select_option("labour_inspectorate")


def test_a_caseworker_registers_a_victim_in_serbian_and_the_record_is_the_english_one(
    page, demo_world
):
    problems = watch_console(page)
    sign_in(page, "caseworker-rs-ngo")  # the demo account starts in English
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # 1. The switcher in the navigation: the pages turn Serbian (Cyrillic).
    switch_language(page, "српски")
    expect(page.locator("html")).to_have_attribute("lang", "sr")
    navigation = page.get_by_role("navigation", name=in_serbian(gettext, "Main navigation"))
    expect(navigation.get_by_role("button", name=in_serbian(gettext, "Sign out"))).to_have_text(
        "Одјава"
    )
    expect(page.get_by_test_id("language-switcher").locator("button")).to_have_text(
        in_serbian(gettext, "Change language")
    )
    assert "Sign out" not in navigation.inner_text()

    # 2. A new victim record, from the navigation: labels, help texts and categories in Serbian.
    with page.expect_navigation():
        navigation.get_by_role("link", name=in_serbian(gettext, "New victim record")).click()
    expect(page).to_have_url(re.compile(r"/victims/new/$"))
    expect(page.get_by_test_id("form-title")).to_have_text(in_serbian(gettext, "New victim record"))
    form = page.locator("form[data-record-form]")
    expect(form.locator("label[for=id_v_identification_date]")).to_contain_text(
        label("v_identification_date")
    )
    expect(form.locator("label[for=id_v_date_of_birth]")).to_contain_text("Датум рођења")
    expect(form.locator("#div_id_v_exploitation_form legend")).to_contain_text(
        label("v_exploitation_form")
    )
    expect(form.locator("#id_v_identification_date_helptext")).to_have_text(
        in_serbian(i18n.text, VICTIMS.get("v_identification_date").help_text)
    )
    expect(form.locator("#id_v_exploitation_form_helptext")).to_have_text(
        in_serbian(i18n.text, VICTIMS.get("v_exploitation_form").help_text)
    )
    expect(form.locator("label[for=id_v_exploitation_form_0]")).to_have_text(
        in_serbian(i18n.category, "exploitation_form", "Sexual exploitation")
    )
    expect(form.locator("label[for=id_v_exploitation_form_0]")).to_have_text(
        "Сексуална експлоатација"
    )
    expect(form.locator("#id_v_sex option[value=female]")).to_have_text(
        in_serbian(i18n.category, "sex", "Female")
    )
    assert "Form(s) of exploitation" not in form.inner_text()

    # Saved as complete with the date of identification before the date of birth: refused,
    # with the summary and the field's message in Serbian, and nothing saved.
    fill_victim(form, identification_date="1997-02-03")
    with page.expect_navigation():
        page.get_by_test_id("save-complete").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    with translation.override("sr"):
        heading = ngettext(
            "Nothing was saved: %(counter)s problem to correct",
            "Nothing was saved: %(counter)s problems to correct",
            1,
        ) % {"counter": 1}
        message = gettext("%(later)s must be after %(earlier)s (%(date)s).") % {
            "later": label("v_identification_date"),
            "earlier": label("v_date_of_birth").lower(),
            "date": "1998-05-14",
        }
    expect(summary.locator("h2")).to_have_text(heading)
    expect(summary.locator("h2")).to_contain_text("Ништа није сачувано")
    expect(summary.locator("li")).to_have_count(1)
    expect(summary.locator("li")).to_have_text(f"{label('v_identification_date')}: {message}")
    expect(page.locator("#error_1_id_v_identification_date")).to_have_text(message)
    with scopes_disabled():
        assert VictimRecord.objects.count() == 0

    # The summary's link leads to the field; corrected, the record is saved as complete.
    summary.get_by_role("link", name=label("v_identification_date")).click()
    expect(form.locator("#id_v_identification_date")).to_be_focused()
    # Everything typed is still there (nothing to enter again but the date).
    expect(form.locator("[name=pc_first_name]")).to_have_value("Ана")
    expect(form.locator("[name=v_citizenship]")).to_have_value("RS")
    expect(form.locator("input[name=v_labour_sector][value=a_agriculture]")).to_be_checked()
    form.locator("[name=v_identification_date]").fill("2025-02-03")
    with page.expect_navigation():
        page.get_by_test_id("save-complete").click()
    expect(page).to_have_url(SAVED)
    expect(page.locator("html")).to_have_attribute("lang", "sr")
    expect(page.locator("[data-indicator=v_sex]")).to_have_text(
        in_serbian(i18n.category, "sex", "Female")
    )
    serbian_uuid = page.url.rstrip("/").rsplit("/", 1)[-1]

    # 3. The same values in English, as a second record by the same caseworker.
    switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/victims/new/")
    form = page.locator("form[data-record-form]")
    expect(form.locator("label[for=id_v_identification_date]")).to_contain_text(
        "Date of identification as victim"
    )
    fill_victim(form, identification_date="2025-02-03")
    with page.expect_navigation():
        page.get_by_test_id("save-complete").click()
    expect(page).to_have_url(SAVED)
    expect(page.locator("[data-indicator=v_sex]")).to_have_text("Female")
    english_uuid = page.url.rstrip("/").rsplit("/", 1)[-1]

    with scopes_disabled():
        serbian = VictimRecord.objects.get(uuid=serbian_uuid)
        english = VictimRecord.objects.get(uuid=english_uuid)
    assert serbian.pk != english.pk
    # Every indicator, as entered and as derived.
    assert serbian.indicator_values() == english.indicator_values()
    assert serbian.v_exploitation_form and serbian.v_sex == "female"
    assert str(serbian.v_identification_date) == "2025-02-03"
    # Every other field but the record's identity: the personal-code keys, the status, the
    # territory, institution, year and author.
    compared = [
        field.attname
        for field in VictimRecord._meta.concrete_fields
        if field.name not in IDENTITY | COUNTING
    ]
    assert {"personal_code_hash", "person_key", "status", "reporting_year"} <= set(compared)
    differences = {
        name: (getattr(serbian, name), getattr(english, name))
        for name in compared
        if getattr(serbian, name) != getattr(english, name)
    }
    assert differences == {}
    assert serbian.status == "complete" and serbian.personal_code_hash
    # One person registered twice: the first record counts, the second does not.
    assert (serbian.person_first, english.person_first) == (True, False)
    assert problems == []
