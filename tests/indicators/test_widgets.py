"""The record forms' selects rendered without templates give the same HTML as Django's widget
templates (what the person sees is unchanged), escaping included."""

from django import forms
from django.utils.safestring import mark_safe

from indicators.widgets import FastSelect, FastSelectMultiple

CHOICES = [
    ("", "—"),
    ("RS", "Serbia"),
    ("XK", "Kosovo*"),
    ("odd", 'Tom & "Jerry" <b>'),
    ("safe", mark_safe("<i>kept</i>")),
    ("Group", [("a", "A & a"), ("b", "B")]),
]


FLAT = [pair for pair in CHOICES if not isinstance(pair[1], list)] + [("RS", "Serbia again")]


def _both(fast, plain, value, attrs=None, choices=CHOICES):
    fast_html = fast(attrs=attrs, choices=choices).render("f", value, attrs={"id": "id_f"})
    plain_html = plain(attrs=attrs, choices=choices).render("f", value, attrs={"id": "id_f"})
    return fast_html, plain_html


def test_a_select_renders_as_through_the_templates():
    attrs = {"data-picker": "search", "class": "form-select", "required": True, "x": False}
    for choices in (FLAT, CHOICES):
        for value in ("", "RS", "odd", "a", None):
            for _twice in (1, 2):  # the second time from the kept options
                fast_html, plain_html = _both(FastSelect, forms.Select, value, attrs, choices)
                assert fast_html == plain_html
    assert "Tom &amp; &quot;Jerry&quot; &lt;b&gt;" in fast_html
    assert "<i>kept</i>" in fast_html


def test_a_multiple_select_renders_as_through_the_templates():
    for choices in (FLAT, CHOICES):
        for value in ([], ["RS", "b"], ["odd"], ["safe", "XK"]):
            fast_html, plain_html = _both(
                FastSelectMultiple,
                forms.SelectMultiple,
                value,
                {"size": 6, "data-picker": "multi"},
                choices,
            )
            assert fast_html == plain_html
    assert (
        '<option value="RS" selected>Serbia</option>'
        in _both(FastSelectMultiple, forms.SelectMultiple, ["RS"])[0]
    )


# The loop records/_filters.html used for a list of check boxes, kept here as the reference.
FILTER_LOOP = (
    '{% for option in item.options %}<div class="form-check"><input type="checkbox" '
    'class="form-check-input" name="{{ item.name }}" value="{{ option.value }}" '
    'id="{{ option.id }}"{% if option.checked %} checked{% endif %}{% if item.searchable %} '
    'data-searchable="true"{% endif %}><label class="form-check-label" for="{{ option.id }}">'
    "{{ option.label }}</label></div>{% endfor %}"
)


def test_the_check_boxes_of_a_list_filter_are_the_markup_of_the_template_loop():
    from django.template import Context, Template

    from indicators.record_filters import _options_html

    for searchable in (True, False):
        item = {
            "name": "v_citizenship",
            "searchable": searchable,
            "options": [
                {"value": code, "label": label, "checked": code == "RS", "id": f"id_c_{index}"}
                for index, (code, label) in enumerate(CHOICES[:5])
            ],
        }
        expected = Template(FILTER_LOOP).render(Context({"item": item}))
        assert _options_html(item) == expected
