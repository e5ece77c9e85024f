"""Pages in the user's language: the choice of the language (browser, territory, preference,
switcher), the marked pages in Serbian with nothing marked left in English, the data dictionary
and the forms' labels in Serbian; imports and the files for Eurostat, UNODC and GRETA unchanged."""

import html
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from tests.conftest import make_user, signed_in_client
from tests.exchange.conftest import csv_bytes, upload, victim_row, victims_of
from thb_data.accounts.models import Role, User
from thb_data.languages import NOT_TRANSLATED, review_status
from thb_data.scoping import scopes_disabled
from thb_data.translations import placeholders, po_path, read_po

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def text_of(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def serbian(world):
    """Personas of Serbia without a language of their own: they work in Serbian."""
    return {
        "caseworker": make_user("cw-rs-sr", Role.CASEWORKER, world["rs_ngo"], language=""),
        "coordinator": make_user("co-rs-sr", Role.COORDINATOR, world["rs_office"], language=""),
    }


def translated_messages(language: str, *templates: str) -> dict[str, str]:
    """English -> ``language`` of the messages of ``templates`` that a page shows verbatim (no
    placeholder, more than one word, a translation that differs from the English)."""
    result = {}
    for entry in read_po(po_path(language)):
        if not entry.msgid or entry.msgid_plural or placeholders(entry.msgid):
            continue
        files = {reference.rsplit(":", 1)[0] for reference in entry.references}
        if files & set(templates) and " " in entry.msgid and entry.msgstr[0] != entry.msgid:
            result[entry.msgid] = entry.msgstr[0]
    return result


# --- which language -------------------------------------------------------------------------


def test_the_sign_in_page_follows_the_browser_s_language(client):
    serbian = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="sr,en;q=0.5")
    assert '<html lang="sr">' in serbian.content.decode()
    assert "Пријава" in text_of(serbian)
    assert "Приступ је личан" in text_of(serbian)
    assert "{%" not in serbian.content.decode()
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert "Sign in" in text_of(english) and "Пријава" not in text_of(english)


def test_a_user_works_in_their_territory_s_language_unless_they_chose_another(world, serbian):
    page = signed_in_client(serbian["caseworker"]).get("/indicators/")
    assert '<html lang="sr">' in page.content.decode()
    assert "Речник података" in text_of(page)
    # Albania's users work in Albanian.
    albanian = make_user("cw-al-sq", Role.CASEWORKER, world["al_ngo"], language="")
    page = signed_in_client(albanian).get("/indicators/")
    assert '<html lang="sq">' in page.content.decode()
    assert "Fjalori i të dhënave" in text_of(page)
    # A preference of one's own wins over the territory, whatever the browser says.
    english = make_user("cw-rs-en", Role.CASEWORKER, world["rs_ngo"], language="en")
    page = signed_in_client(english).get("/indicators/", HTTP_ACCEPT_LANGUAGE="sr")
    assert "Data dictionary" in text_of(page) and "Речник података" not in text_of(page)


def test_the_switcher_keeps_the_choice_on_the_user(world, serbian):
    user = serbian["caseworker"]
    client = signed_in_client(user)
    page = client.get("/indicators/")
    assert 'action="/accounts/language/"' in page.content.decode()
    assert '<option value="sr-latn" lang="sr-latn">srpski (latinica)</option>' in (
        page.content.decode()
    )
    response = client.post("/accounts/language/", {"language": "sr-latn", "next": "/indicators/"})
    assert response.status_code == 302 and response["Location"] == "/indicators/"
    with scopes_disabled():
        assert User.objects.get(pk=user.pk).language == "sr-latn"
    assert "Rečnik podataka" in text_of(client.get("/indicators/"))
    # The next sign-in keeps it (the preference is on the user, not in the session).
    user.refresh_from_db()
    assert "Rečnik podataka" in text_of(signed_in_client(user).get("/indicators/"))


def test_the_switcher_refuses_an_unknown_language_and_a_foreign_next_address(world, serbian):
    user = serbian["caseworker"]
    client = signed_in_client(user)
    response = client.post(
        "/accounts/language/", {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and "evil.example" not in response["Location"]
    with scopes_disabled():
        assert User.objects.get(pk=user.pk).language == ""
    assert client.get("/accounts/language/").status_code == 405  # a POST form, never a link


# --- Serbian pages ----------------------------------------------------------------------------


PAGES = [
    ("caseworker", "/indicators/", ["templates/indicators/index.html"]),
    ("caseworker", "/indicators/v_exploitation_form/", ["templates/indicators/detail.html"]),
    ("caseworker", "/victims/import/", ["templates/exchange/import.html"]),
    ("coordinator", "/statistics/", ["templates/statistics/index.html"]),
    ("coordinator", "/statistics/RS/2024/", ["templates/statistics/year.html"]),
    ("coordinator", "/statistics/RS/2024/sign-off/", ["templates/statistics/sign_off.html"]),
    ("coordinator", "/quality/RS/2024/", ["templates/quality/year.html"]),
    ("coordinator", "/audit/", ["templates/audit/list.html"]),
]


SIGN_OUT = {"sr": "Одјава", "sr-latn": "Odjava", "sq": "Dil"}


@pytest.mark.parametrize("language", ["sr", "sq"])
@pytest.mark.parametrize(("persona", "url", "templates"), PAGES)
def test_a_marked_page_in_a_complete_language_has_no_marked_text_left_in_english(
    serbian, persona, url, templates, language
):
    user = serbian[persona]
    if language != "sr":
        user.language = language
        user.save(update_fields=["language"])
    response = signed_in_client(user).get(url)
    assert response.status_code == 200
    text = text_of(response)
    messages = translated_messages(language, *templates)
    shown = [translated for english, translated in messages.items() if translated in text]
    assert shown, "no translated text of the page's own template"
    left = [english for english in messages if english in text]
    assert left == []
    assert "{%" not in text and "{{" not in text  # every tag parsed (one line each)
    assert SIGN_OUT[language] in text  # the navigation's sign-out button


def test_the_data_dictionary_in_serbian_shows_serbian_labels_definitions_and_categories(
    serbian,
):
    client = signed_in_client(serbian["caseworker"])
    index = text_of(client.get("/indicators/"))
    assert "E. Експлоатација" in index  # section title
    assert "Облик(ци) експлоатације" in index  # indicator label
    assert "Жртве трговине људима" in index  # database
    detail = text_of(client.get("/indicators/v_exploitation_form/"))
    assert "Облик(ци) експлоатације" in detail
    assert "Сви облици експлоатације којима је особа била изложена" in detail  # definition
    assert "Сексуална експлоатација" in detail and "Радна експлоатација" in detail
    assert "Непознато" in detail  # a missing value
    assert "Sexual exploitation" not in detail
    # The codes stay codes.
    assert "sexual" in detail and "v_exploitation_form" in detail


def test_the_data_dictionary_in_albanian_shows_albanian_labels_and_definitions(world):
    albanian = make_user("cw-al-sq", Role.CASEWORKER, world["al_ngo"], language="")
    client = signed_in_client(albanian)
    index = text_of(client.get("/indicators/"))
    assert "E. Shfrytëzimi" in index and "Forma(t) e shfrytëzimit" in index
    assert "Viktimat e trafikimit" in index
    detail = text_of(client.get("/indicators/v_exploitation_form/"))
    assert "Të gjitha format e shfrytëzimit të cilave iu nënshtrua personi" in detail
    assert "Shfrytëzim seksual" in detail and "Shfrytëzim në punë" in detail
    assert "E panjohur" in detail
    assert "Sexual exploitation" not in detail and "Form(s) of exploitation" not in detail


def test_the_data_dictionary_shows_the_review_status_of_each_language(serbian):
    page = signed_in_client(serbian["caseworker"]).get("/indicators/").content.decode()
    row = re.search(r'<tr data-language="sr">(.*?)</tr>', page, re.S).group(1)
    assert "потпун" in row and "нацрт, чека рецензију националног тима" in row
    albanian = re.search(r'<tr data-language="sq">(.*?)</tr>', page, re.S).group(1)
    assert "потпун" in albanian and "непотпун" not in albanian
    bosnian = re.search(r'<tr data-language="bs">(.*?)</tr>', page, re.S).group(1)
    assert "потпун" in bosnian and "непотпун" not in bosnian
    assert "нацрт, чека рецензију националног тима" in bosnian
    # A language still to be translated (whichever locale/REVIEW.toml declares so) says so.
    for language in review_status():
        if language.status == NOT_TRANSLATED and not language.generated_from:
            row = re.search(rf'<tr data-language="{language.code}">(.*?)</tr>', page, re.S)
            assert "непотпун" in row.group(1) and "још није преведено" in row.group(1)
    latin = re.search(r'<tr data-language="sr-latn">(.*?)</tr>', page, re.S).group(1)
    assert "генерисано из sr" in latin


def test_the_victim_form_shows_serbian_labels_help_texts_and_categories(serbian):
    page = text_of(signed_in_client(serbian["caseworker"]).get("/victims/new/"))
    assert "Облик(ци) експлоатације" in page
    assert "Означите сваки облик који се примењује" in page  # help text
    assert "Сексуална експлоатација" in page and "Женски" in page
    assert "Form(s) of exploitation" not in page and "Sexual exploitation" not in page


# --- what stays neutral ----------------------------------------------------------------------


def import_as(client, rows):
    response = upload(client, "/victims/import/", csv_bytes(rows), "victims.csv")
    return response


def test_an_import_reads_codes_whatever_the_language_and_explains_in_serbian(world, serbian):
    client = signed_in_client(serbian["caseworker"])
    wrong = import_as(client, [victim_row(v_main_exploitation_form="begging")])
    assert "Главни облик мора бити један од изабраних облика." in text_of(wrong)
    assert victims_of(world["rs_ngo"]) == []
    preview = import_as(client, [victim_row()])
    assert preview.status_code == 302
    client.post(preview["Location"] + "confirm/")
    (record,) = victims_of(world["rs_ngo"])
    assert record.v_exploitation_form == ["sexual", "labour"] and record.v_sex == "female"


def test_the_files_for_eurostat_unodc_and_greta_stay_in_english(world, serbian):
    client = signed_in_client(serbian["coordinator"])
    workbook = client.post("/statistics/RS/2024/export.xlsx", {"level": "transmission"})
    assert workbook.status_code == 200
    book = load_workbook(io.BytesIO(workbook.content))
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert cells and not [cell for cell in cells if CYRILLIC.search(cell)]
    archive = client.post("/statistics/RS/2024/export.zip", {"level": "transmission"})
    with zipfile.ZipFile(io.BytesIO(archive.content)) as files:
        names = files.namelist()
        assert names
        for name in names:
            assert not CYRILLIC.search(files.read(name).decode("utf-8")), name


def test_the_sign_off_checks_are_explained_in_serbian(serbian):
    page = text_of(signed_in_client(serbian["coordinator"]).get("/statistics/RS/2024/sign-off/"))
    assert "Записи без референтног датума" in page
    assert "Могући дупликати о којима још није одлучено" in page
    assert "Records without a reference date" not in page
