"""The rows of a statistics table as the pages print them (written in Python, not by the
template engine, for speed): values, hidden cells with their flag, totals, escaping."""

from django.template import Context, Template

from indicators.statistics.tables import Cell, TableView


def test_rows_print_values_hidden_cells_and_totals_with_labels_escaped():
    view = TableView(
        code="V1",
        title="Victims by sex",
        group="victims",
        notes=[],
        row_title="Sex",
        col_title="Status",
        row_codes=["female", "_T"],
        row_labels=["Women <b>& girls</b>", "Total"],
        col_codes=["presumed", "_T"],
        col_labels=["Presumed", "Total"],
        cells=[[Cell(12), Cell(None, "C")], [Cell(30), Cell(None, "not published")]],
        protected=True,
    )
    html = Template("{% load statistics_tables %}{% stat_rows view %}").render(
        Context({"view": view})
    )
    assert "Women &lt;b&gt;&amp; girls&lt;/b&gt;</th>" in html
    assert '<td class="text-end" data-cell="female|presumed">12</td>' in html
    # A hidden cell shows its flag only, never a value.
    assert (
        '<td class="text-end" data-cell="female|_T"><span class="badge text-bg-secondary '
        'stat-flag" title="Not shown (confidential): a small count, or a count hidden to '
        'protect one">C</span></td>'
    ) in html
    assert '<tr class="fw-semibold table-light">' in html
    assert '<span class="text-muted small">not published</span>' in html
    assert html.count("<tr") == 2 and "None" not in html
