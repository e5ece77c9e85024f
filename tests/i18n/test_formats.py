"""Numbers on pages follow the language; dates are entered and shown as ISO dates in every
language; years, identifiers, chart data and downloads carry no thousands separator.

The expected separators are written by hand from Django's format modules (django/conf/locale/
<language>/formats.py) and thb_data/formats (Montenegrin; digits grouped by three in Albanian,
Bosnian and Bulgarian, whose Django modules do not group them).
"""

import csv
import datetime as dt
import io
import json
import re
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import load_workbook

from indicators.types import PartialDateFormField
from tests.conftest import make_user, signed_in_client
from tests.statistics.conftest import dataset  # noqa: F401 (the fixture)
from tests.statistics.test_pages import URL, cell_html
from thb_data.accounts.models import Role
from thb_data.audit.filters import AuditEntryFilterSet
from thb_data.scoping import scopes_disabled
from thb_data.views import CappedPaginator

NBSP = "\xa0"
# language -> (1234, 1234567, 1234.5) as a reader of that language writes them.
NUMBERS = {
    "en": ("1,234", "1,234,567", "1,234.5"),
    "sq": ("1.234", "1.234.567", "1.234,5"),
    "bs": ("1.234", "1.234.567", "1.234,5"),
    "bg": (f"1{NBSP}234", f"1{NBSP}234{NBSP}567", f"1{NBSP}234,5"),
    "hr": ("1.234", "1.234.567", "1.234,5"),
    "mk": ("1.234", "1.234.567", "1.234,5"),
    "cnr": ("1.234", "1.234.567", "1.234,5"),
    "ro": ("1.234", "1.234.567", "1.234,5"),
    "sr": ("1.234", "1.234.567", "1.234,5"),
    "sr-latn": ("1.234", "1.234.567", "1.234,5"),
}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def test_every_language_has_its_expected_numbers():
    assert sorted(NUMBERS) == sorted(LANGUAGES)


def statistics_table(value):
    # The shape the rows tag reads (statistics_tables.stat_rows): codes, labels, cells.
    cell = SimpleNamespace(col="_T", hidden=False, flag="", value=value)
    return SimpleNamespace(
        code="V1", protected=False, title="Victims", row_title="Year", col_labels=["Total"],
        row_codes=["2024"], row_labels=["2024"], col_codes=["_T"], cells=[[cell]], notes=[],
    )  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_statistics_table_writes_its_counts_in_the_language(language):
    thousand, million, _amount = NUMBERS[language]
    with translation.override(language):
        html = render_to_string("statistics/_table.html", {"view": statistics_table(1234)})
        assert f'data-cell="2024|_T">{thousand}</td>' in html
        html = render_to_string("statistics/_table.html", {"view": statistics_table(1234567)})
        assert f'data-cell="2024|_T">{million}</td>' in html


def test_serbian_and_english_by_hand():
    with translation.override("sr"):
        assert (
            render_to_string("statistics/_table.html", {"view": statistics_table(1234)}).count(
                ">1.234</td>"
            )
            == 1
        )
    with translation.override("en"):
        assert (
            render_to_string("statistics/_table.html", {"view": statistics_table(1234)}).count(
                ">1,234</td>"
            )
            == 1
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_amounts_and_percentages_take_the_decimal_mark_of_the_language(language):
    _thousand, _million, amount = NUMBERS[language]
    template = Template("{% load numbers %}{{ amount|number }}|{{ missing|number }}|{{ code }}")
    with translation.override(language):
        text = template.render(Context({"amount": Decimal("1234.5"), "missing": None, "code": "A"}))
    assert text == f"{amount}|None|A"


@pytest.mark.parametrize("language", LANGUAGES)
def test_years_and_identifiers_never_get_a_separator(language):
    template = Template('{{ year }} {{ pk }} <span data-seconds="{{ seconds }}"></span>')
    with translation.override(language):
        text = template.render(Context({"year": 2024, "pk": 123456, "seconds": 1800}))
    assert text == '2024 123456 <span data-seconds="1800"></span>'


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_list_s_count_follows_the_language(language):
    thousand, _million, _amount = NUMBERS[language]
    paginator = CappedPaginator([], 50)
    paginator.__dict__["count"] = 1234
    with translation.override(language):
        assert paginator.count_display() == thousand


# --- dates ----------------------------------------------------------------------------------


class DateForm(forms.Form):
    day = forms.DateField()
    at = forms.DateTimeField()


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_are_shown_as_iso_dates_in_every_language(language):
    template = Template(
        '{{ day }}|{{ day|date }}|{{ day|date:"SHORT_DATE_FORMAT" }}|'
        '{{ at|date:"DATETIME_FORMAT" }}'
    )
    with translation.override(language):
        text = template.render(
            Context({"day": dt.date(1990, 3, 7), "at": dt.datetime(2024, 5, 6, 7, 8)})
        )
    assert text == "1990-03-07|1990-03-07|1990-03-07|2024-05-06 07:08"


@pytest.mark.parametrize("language", LANGUAGES)
def test_iso_dates_are_accepted_in_every_language(language):
    with translation.override(language):
        form = DateForm({"day": "1990-03-07", "at": "2024-05-06 07:08"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(1990, 3, 7)
        assert form.cleaned_data["at"].replace(tzinfo=None) == dt.datetime(2024, 5, 6, 7, 8)
        # A record's date (victims, traffickers): full and partial ISO dates.
        assert PartialDateFormField(partial=True).clean("1990-03-07") == "1990-03-07"
        assert PartialDateFormField(partial=True).clean("1990-03") == "1990-03"
        # An amount is entered with a point and rendered unlocalised in <input type="number">.
        amount = forms.DecimalField(max_digits=14, decimal_places=2)
        assert amount.clean("1234.50") == Decimal("1234.50")
        html = amount.widget.render("amount", Decimal("1234.50"))
        assert 'type="number"' in html and 'value="1234.50"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_audit_trail_s_date_inputs_hold_iso_dates_in_every_language(db, language):
    with translation.override(language), scopes_disabled():
        filters = AuditEntryFilterSet({"date_from": "2024-01-31"}, request=None)
        assert filters.form.is_valid(), filters.form.errors
        assert filters.form.cleaned_data["date_from"] == dt.date(2024, 1, 31)
        # <input type="date"> only understands an ISO value.
        html = str(filters.form["date_from"])
        assert 'type="date"' in html and 'value="2024-01-31"' in html


# --- pages and downloads in Serbian -------------------------------------------------------


def test_the_statistics_page_and_its_files_in_serbian_carry_no_separator(dataset, world):  # noqa: F811
    coordinator = make_user("co-rs-sr-formats", Role.COORDINATOR, world["rs_office"], language="sr")
    client = signed_in_client(coordinator)
    page = client.get(URL + "?show=unprotected")
    assert page.status_code == 200 and '<html lang="sr">' in page.content.decode()
    body = page.content.decode()
    assert "2.024" not in body and "2.02" not in body
    assert cell_html(page, "V1", "_T", "_T") == "3"
    assert 'data-cell="2022|_T"' in body
    charts = json.loads(
        re.search(r'id="statistics-charts" type="application/json">(.*?)</script>', body, re.S)[1]
    )
    trend = next(chart for chart in charts if chart["id"] == "trend")
    assert trend["labels"] == ["2020", "2021", "2022", "2023", "2024"]
    assert trend["datasets"][2]["data"] == [0, 0, 1, 1, 3]
    workbook = load_workbook(io.BytesIO(client.post(URL + "export.xlsx").content))
    values = [
        cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
        for cell in row if cell is not None
    ]  # fmt: skip
    assert any(isinstance(value, int) for value in values)
    csv_zip = zipfile.ZipFile(io.BytesIO(client.post(URL + "export.zip").content))
    values += [
        cell for name in csv_zip.namelist() if name.endswith(".csv")
        for row in csv.reader(io.StringIO(csv_zip.read(name).decode())) for cell in row
    ]  # fmt: skip
    assert any(isinstance(value, str) and re.fullmatch(r"\d+", value) for value in values)
    assert not any(
        isinstance(value, str) and re.fullmatch(r"\d{1,3}(\.\d{3})+", value) for value in values
    )
