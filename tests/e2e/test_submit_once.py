"""Forms are sent once, in a real browser: a double click on an import's confirm button imports
the file once, the button is disabled while the answer is on its way, and a button's own value
(save as draft) still reaches the server."""

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.exchange.conftest import csv_bytes, victim_row
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord


def test_a_double_click_on_confirm_imports_the_file_once(page, demo_world, tmp_path):
    sign_in(page, "caseworker-rs-ngo")
    page.goto("/victims/import/")
    path = tmp_path / "two.csv"
    rows = [victim_row(v_number_of_children="1"), victim_row(v_number_of_children="2")]
    path.write_bytes(csv_bytes(rows))
    page.set_input_files("#main input[name=file]", str(path))
    page.click("#main button[type=submit]")
    expect(page.get_by_test_id("count-create")).to_contain_text("2 to create")

    confirmations = []
    page.on(
        "request",
        lambda request: (
            confirmations.append(request.url)
            if request.method == "POST" and request.url.endswith("/confirm/")
            else None
        ),
    )

    # What the button is just after the first click, kept across the page change.
    page.evaluate(
        """() => document.addEventListener("submit", () => setTimeout(() => {
            const button = document.querySelector("[data-testid=confirm-import]");
            sessionStorage.setItem("disabled", String(button.disabled));
        }, 5))"""
    )
    page.get_by_test_id("confirm-import").dblclick()
    expect(page.get_by_test_id("import-result")).to_contain_text("2 created")
    assert len(confirmations) == 1
    assert page.evaluate("() => sessionStorage.getItem('disabled')") == "true"
    with scopes_disabled():
        assert VictimRecord.objects.count() == 2


def test_a_button_value_still_reaches_the_server(page, demo_world):
    """The victim form's "Save as draft" button sends status=draft: disabling the buttons after
    the first click must not drop the clicked button's own value."""
    sign_in(page, "caseworker-rs-ngo")
    page.goto("/victims/new/")
    page.select_option("select[name=v_sex]", "female")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    with scopes_disabled():
        record = VictimRecord.objects.get()
    assert record.status == "draft"
