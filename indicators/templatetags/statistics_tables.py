"""The rows of a statistics table, written in Python: a page holds more than a hundred tables
and thousands of cells, and the template engine's cost per cell was most of the page's.
The output is what ``statistics/_table.html``'s loop over the rows gave, byte for byte."""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from thb_data.templatetags.numbers import number

register = template.Library()

TOTAL_ROW = ' class="fw-semibold table-light"'
TOTAL_HEADER = " fw-semibold"


@register.simple_tag(takes_context=True)
def stat_rows(context, view):
    """The ``<tr>`` of every row of ``view`` (a TableView), cells with their flags."""

    def text(value) -> str:  # as {{ value }}: escaped
        return render_value_in_context(value, context)

    title = text(
        gettext("Not shown (confidential): a small count, or a count hidden to protect one")
    )
    cols = [text(col) for col in view.col_codes]
    parts = []
    for code, label, cells in zip(view.row_codes, view.row_labels, view.cells, strict=True):
        total = code == "_T"
        row_code = text(code)
        parts.append(
            f"\n      <tr{TOTAL_ROW if total else ''}>\n"
            f'        <th scope="row" class="fw-normal{TOTAL_HEADER if total else ""}">'
            f"{text(label)}</th>\n        "
        )
        for col, cell in zip(cols, cells, strict=True):
            if cell.hidden and len(cell.flag) > 2:
                inner = f'<span class="text-muted small">{text(cell.flag)}</span>'
            elif cell.hidden:
                inner = (
                    f'<span class="badge text-bg-secondary stat-flag" title="{title}">'
                    f"{text(cell.flag)}</span>"
                )
            else:
                inner = text(number(cell.value))  # the language's separators
            parts.append(
                f'\n        <td class="text-end" data-cell="{row_code}|{col}">{inner}</td>'
                "\n        "
            )
        parts.append("\n      </tr>\n      ")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
