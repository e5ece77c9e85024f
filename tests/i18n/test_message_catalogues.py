"""The message catalogues: complete where declared complete, consistent everywhere, reviewed
status kept in the repository (locale/REVIEW.toml), Serbian Latin generated from Cyrillic."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from thb_data import languages
from thb_data.translations import LOCALE_DIR, Entry, placeholders, po_path, read_po

EDITED = [code for code in languages.CODES if code != "en" and code not in languages.GENERATED]


def _edges(text: str) -> tuple[bool, bool]:
    """Whether a text starts and ends with a space (fragments joined to others need them)."""
    return (text[:1].isspace(), text[-1:].isspace())


def problems(entries: list[Entry], *, complete: bool) -> list[str]:
    """What is wrong with a catalogue: untranslated or fuzzy entries (when it is declared
    complete), and placeholders of a translation that differ from its English source."""
    found = []
    for entry in entries:
        if not entry.msgid or entry.obsolete:
            continue
        where = f"{entry.context + ' | ' if entry.context else ''}{entry.msgid!r}"
        if complete and not entry.translated:
            found.append(f"untranslated: {where}")
        if complete and entry.fuzzy:
            found.append(f"fuzzy: {where}")
        for index, text in enumerate(entry.msgstr):
            if not text:
                continue
            source = entry.msgid if index == 0 or not entry.msgid_plural else entry.msgid_plural
            expected = set(placeholders(source))
            if entry.msgid_plural:
                # A plural form may leave out the number (Serbian "one" form), never add one.
                allowed = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
                if not set(placeholders(text)) <= allowed:
                    found.append(f"placeholders differ in form {index}: {where}")
            elif set(placeholders(text)) != expected:
                found.append(f"placeholders differ: {where} -> {text!r}")
            if _edges(text) != _edges(source):
                found.append(f"leading or trailing spaces differ: {where} -> {text!r}")
    return found


# --- the checker itself ---------------------------------------------------------------------


SAMPLE = """msgid ""
msgstr ""
"Language: sr\\n"

msgid "Sign out"
msgstr "Одјава"

msgid "Nothing was saved."
msgstr ""

#, fuzzy
msgid "Check the file"
msgstr "Провери"

msgid "Page %(number)s of %(num_pages)s"
msgstr "Страница %(number)s од %(pages)s"

msgctxt "sex"
msgid "Male"
msgstr "Мушки"

msgid " or "
msgstr "или"
"""


def test_the_checker_finds_untranslated_fuzzy_and_placeholder_problems(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(SAMPLE, encoding="utf-8")
    entries = read_po(path)
    assert [(e.context, e.msgid) for e in entries][1:] == [
        ("", "Sign out"),
        ("", "Nothing was saved."),
        ("", "Check the file"),
        ("", "Page %(number)s of %(num_pages)s"),
        ("sex", "Male"),
        ("", " or "),
    ]
    assert problems(entries, complete=True) == [
        "untranslated: 'Nothing was saved.'",
        "fuzzy: 'Check the file'",
        "placeholders differ: 'Page %(number)s of %(num_pages)s' -> "
        "'Страница %(number)s од %(pages)s'",
        "leading or trailing spaces differ: ' or ' -> 'или'",
    ]
    # An incomplete catalogue may lack translations, never carry wrong placeholders.
    assert problems(entries, complete=False) == problems(entries, complete=True)[-2:]


# --- the catalogues of the repository ---------------------------------------------------------


@pytest.mark.parametrize("code", languages.complete_languages())
def test_a_language_declared_complete_has_every_message_translated(code):
    assert problems(read_po(po_path(code)), complete=True) == []


@pytest.mark.parametrize("code", EDITED)
def test_every_translation_keeps_the_placeholders_of_its_source(code):
    assert problems(read_po(po_path(code)), complete=False) == []


@pytest.mark.parametrize("code", EDITED)
def test_every_language_has_a_catalogue_with_the_same_messages(code):
    """`make messages` keeps every language's catalogue in step: the same messages as Serbian."""
    reference = {(e.context, e.msgid) for e in read_po(po_path("sr")) if e.msgid}
    assert {(e.context, e.msgid) for e in read_po(po_path(code)) if e.msgid} == reference


def test_the_review_status_of_every_language_is_declared():
    statuses = {status.code: status for status in languages.review_status()}
    assert set(statuses) == set(languages.CODES) - {"en"}
    allowed = {languages.DRAFT, languages.REVIEWED, languages.NOT_TRANSLATED}
    for status in statuses.values():
        assert status.status in allowed, status
        if status.status == languages.REVIEWED:
            assert status.reviewer and status.date, f"{status.code}: reviewed by whom, when?"
        if status.complete:
            assert status.status != languages.NOT_TRANSLATED
    # Serbian Latin is generated from Cyrillic and shares its status.
    assert statuses["sr-latn"].generated_from == "sr"
    assert statuses["sr-latn"].status == statuses["sr"].status
    assert statuses["sr-latn"].complete == statuses["sr"].complete


def test_serbian_latin_is_generated_from_the_cyrillic_catalogue():
    latin = {(e.context, e.msgid): e.msgstr for e in read_po(po_path("sr-latn"))}
    cyrillic = {(e.context, e.msgid): e.msgstr for e in read_po(po_path("sr"))}
    assert latin.keys() == cyrillic.keys()
    assert cyrillic[("", "Sign out")] == ["Одјава"]
    assert latin[("", "Sign out")] == ["Odjava"]
    assert latin[("", "Change language")] == ["Promeni jezik"]
    # Not a file anyone edits: it is built (make translations), not kept in git.
    ignored = (Path(settings.BASE_DIR) / ".gitignore").read_text()
    assert "/locale/sr_Latn/" in ignored and "*.mo" in ignored


def test_every_language_is_offered_and_montenegrin_has_its_own_language_information():
    assert [code for code, _name in settings.LANGUAGES] == list(languages.CODES)
    info = translation.get_language_info("cnr")
    assert (info["name"], info["name_local"]) == ("Montenegrin", "crnogorski")
    for code in languages.CODES:
        assert translation.check_for_language(code), code
    with translation.override("cnr"):
        assert translation.get_language() == "cnr"
    assert (LOCALE_DIR / "cnr" / "LC_MESSAGES" / "django.po").exists()


def test_the_serbian_messages_are_those_the_pages_show():
    with translation.override("sr"):
        assert translation.gettext("Sign out") == "Одјава"
        assert translation.pgettext("sex", "Female") == "Женски"
    with translation.override("sr-latn"):
        assert translation.gettext("Sign out") == "Odjava"
        assert translation.pgettext("sex", "Female") == "Ženski"
    with translation.override("en"):
        assert translation.gettext("Sign out") == "Sign out"
