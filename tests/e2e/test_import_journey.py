"""A caseworker imports victim records from the template, in a real browser: a file with one bad
row is refused with the error shown by row and column, the corrected file is imported, and the
records appear in the list."""

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.exchange.conftest import victim_row


def fill(path, rows):
    workbook = load_workbook(path)
    sheet = workbook["records"]
    headers = [c.value for c in sheet[1]]
    for offset, row in enumerate(rows):
        for name, value in row.items():
            sheet.cell(row=3 + offset, column=headers.index(name) + 1, value=value)
    workbook.save(path)


def test_a_caseworker_imports_the_filled_in_template(page, demo_world, tmp_path):
    sign_in(page, "caseworker-rs-ngo")
    page.goto("/victims/import/")
    expect(page.get_by_test_id("import-title")).to_contain_text("Import victims")

    with page.expect_download() as download:
        page.get_by_test_id("template-link").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    good = victim_row(pc_first_name="Ja", pc_family_name="Ko")
    bad = victim_row(pc_first_name="Mi", pc_family_name="La", v_sex="femme")
    fill(template, [good, bad])
    page.set_input_files("#main input[name=file]", str(template))
    page.click("#main button[type=submit]")

    errors = page.get_by_test_id("import-errors")
    expect(page.get_by_test_id("import-errors-summary")).to_contain_text("1 problem in 2 rows")
    cell = errors.locator('tr[data-row="4"][data-column="v_sex"]')
    expect(cell).to_contain_text("Unknown code “femme”")

    fill(template, [good, {**bad, "v_sex": "female"}])
    page.set_input_files("#main input[name=file]", str(template))
    page.click("#main button[type=submit]")
    expect(page.get_by_test_id("count-create")).to_contain_text("2 to create")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("import-result")).to_contain_text("2 created")

    page.goto("/victims/")
    expect(page.get_by_test_id("record-count")).to_contain_text("2 records")
    listing = page.get_by_test_id("victim-list")
    expect(listing.locator("tbody tr")).to_have_count(2)
    expect(listing).to_contain_text(re.compile(r"RS-V\d{6}"))
