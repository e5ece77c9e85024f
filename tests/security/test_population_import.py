"""Population figures (the denominators of the SDG 16.2.2 rates) in the back office: kept by the
coordinator for their own territory, imported from the statistical office's CSV after a preview
(all or nothing, the territory is the importer's whatever the file says, bad rows refused with a
clear message), exported formula-safe."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import PopulationEstimate
from thb_data.audit.models import AuditEntry
from thb_data.scoping import scopes_disabled

IMPORT = reverse("admin:indicators_populationestimate_import")
CONFIRM = reverse("admin:indicators_populationestimate_process_import")
EXPORT = reverse("admin:indicators_populationestimate_export")
HEADER = "territory,year,sex,age_group,value,source,release_date\n"
OFFICE = "Statistical Office of the Republic of Serbia"
FORMULA = "This cell starts like a spreadsheet formula (=, +, @...): write the text without it."


def figures(code):
    with scopes_disabled():
        return {
            (p.year, p.sex, p.age_group): (p.value, p.source, p.release_date)
            for p in PopulationEstimate.objects.filter(territory__code=code)
        }


def upload(client, text, name="population.csv"):
    return client.post(
        IMPORT,
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, text.encode())},
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(CONFIRM, {name: form[name].value() for name in form.fields})


def test_a_coordinator_imports_the_offices_csv_after_a_preview(security_clients, security_world):
    client = security_clients["coordinator_rs"]
    before_al = figures("AL")
    text = (
        HEADER
        + f"RS,2024,female,0_17,560000,{OFFICE},2025-07-01\n"
        + f"RS,2024,male,0_17,590000,{OFFICE},2025-07-01\n"
        + f"RS,2024,female,18_plus,2800000,{OFFICE},2025-07-01\n"
        + f"RS,2024,male,18_plus,2600000,{OFFICE},\n"
        + f"RS,2024,female,20_24,170000,{OFFICE},2025-07-01\n"
    )
    preview = upload(client, text)
    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    assert preview.context["result"].totals["new"] == 5
    assert (2024, "female", "0_17") not in figures("RS")  # the preview saved nothing
    assert confirm(client, preview).status_code == 302
    rs = figures("RS")
    assert rs[(2024, "female", "0_17")][0] == 560_000
    assert rs[(2024, "male", "18_plus")] == (2_600_000, OFFICE, None)
    assert rs[(2024, "female", "20_24")][0] == 170_000
    assert figures("AL") == before_al
    with scopes_disabled():
        summary = AuditEntry.objects.get(
            action="import", object_type="indicators.populationestimate"
        )
    assert summary.territory.code == "RS" and summary.detail["totals"] == {"new": 5}
    # A corrected release updates the figure of the same year, sex and age group.
    preview = upload(client, HEADER + f"RS,2024,female,0_17,561234,{OFFICE},2025-09-01\n")
    assert preview.context["result"].totals["update"] == 1
    confirm(client, preview)
    assert figures("RS")[(2024, "female", "0_17")][0] == 561_234


def test_rows_for_another_territory_go_to_the_coordinators_own(security_clients, security_world):
    client = security_clients["coordinator_rs"]
    before_al = figures("AL")
    # AL's own figure (security_world) is 2024 / total / total: the file aims at it.
    confirm(client, upload(client, HEADER + "AL,2024,total,total,5,Taken over,\n"))
    assert figures("AL") == before_al
    assert figures("RS")[(2024, "total", "total")] == (5, "Taken over", None)


def test_an_id_column_cannot_aim_at_another_territorys_figure(security_clients, security_world):
    al = security_world.first("population", "AL")
    client = security_clients["coordinator_rs"]
    text = "id," + HEADER + f"{al.pk},RS,2019,male,total,9,Hijack,\n"
    confirm(client, upload(client, text))
    with scopes_disabled():
        al.refresh_from_db()
    assert al.value == 1_000_000 and al.territory.code == "AL" and al.year == 2024


def test_bad_rows_refuse_the_whole_file_with_clear_messages(security_clients, security_world):
    client = security_clients["coordinator_rs"]
    before = figures("RS")
    bad = (
        HEADER
        + f"RS,2024,female,0_17,560000,{OFFICE},2025-07-01\n"  # fine, but not saved either
        + f"RS,2024,woman,0_17,1,{OFFICE},\n"  # unknown sex
        + f"RS,2024,male,0-17,1,{OFFICE},\n"  # unknown age group
        + f"RS,2024,male,total,0,{OFFICE},\n"  # not a positive population
        + f"RS,2024,female,total,-5,{OFFICE},\n"
        + f"RS,2024,total,total,many,{OFFICE},\n"
        + f"RS,2024,total,0_17,1.5,{OFFICE},1 July\n"
        + 'RS,2024,male,85_plus,10,"=HYPERLINK(""http://evil"")",\n'
    )
    preview = upload(client, bad)
    assert preview.context.get("confirm_form") is None
    errors = {x.number: x.error_dict for x in preview.context["result"].invalid_rows}
    assert errors == {
        2: {"sex": ["Value 'woman' is not a valid choice."]},
        3: {"age_group": ["Value '0-17' is not a valid choice."]},
        4: {"value": ["Ensure this value is greater than or equal to 1."]},
        5: {"value": ["Ensure this value is greater than or equal to 1."]},
        6: {"value": ["“many” is not a whole number."]},
        7: {
            "value": ["“1.5” is not a whole number."],
            "release_date": ["Value could not be parsed using defined formats."],
        },
        8: {"source": [FORMULA]},
    }
    page = preview.content.decode()
    for text in ("not a valid choice", "is not a whole number", "spreadsheet formula"):
        assert text in page
    assert figures("RS") == before
    with scopes_disabled():
        assert not AuditEntry.objects.filter(
            action="import", object_type="indicators.populationestimate"
        ).exists()


def test_the_export_holds_the_territorys_figures_only_and_is_formula_safe(
    security_clients, security_world
):
    with scopes_disabled():
        rs = security_world.first("population", "RS")
        PopulationEstimate.objects.filter(pk=rs.pk).update(source="=1+1 office")
    client = security_clients["coordinator_rs"]
    form = client.get(EXPORT).context["form"]
    chosen = {name: "on" for name, field in form.fields.items() if hasattr(field, "resource_name")}
    response = client.post(EXPORT, {"format": "0", "resource": "0", **chosen})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["territory", "year", "sex", "age_group", "value"]
    assert {row[0] for row in rows[1:]} == {"RS"}
    assert [row[5] for row in rows[1:]] == ["'=1+1 office"]


def test_a_coordinator_adds_a_figure_for_their_own_territory_only(security_clients, security_world):
    client = security_clients["coordinator_rs"]
    add = reverse("admin:indicators_populationestimate_add")
    page = client.get(add).content.decode()
    assert 'name="territory"' not in page  # implied: the coordinator's own
    response = client.post(
        add,
        {"year": "2023", "sex": "male", "age_group": "0_17", "value": "600000",
         "source": OFFICE, "release_date": "2024-06-30"},
    )  # fmt: skip
    assert response.status_code == 302
    assert figures("RS")[(2023, "male", "0_17")][0] == 600_000
    # The change page of another territory's figure is not found.
    al = security_world.first("population", "AL")
    change = reverse("admin:indicators_populationestimate_change", args=[al.pk])
    assert client.get(change).status_code == 404
