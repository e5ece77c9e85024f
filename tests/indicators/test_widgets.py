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


def _both(fast, plain, value, attrs=None):
    fast_html = fast(attrs=attrs, choices=CHOICES).render("f", value, attrs={"id": "id_f"})
    plain_html = plain(attrs=attrs, choices=CHOICES).render("f", value, attrs={"id": "id_f"})
    return fast_html, plain_html


def test_a_select_renders_as_through_the_templates():
    attrs = {"data-picker": "search", "class": "form-select", "required": True, "x": False}
    for value in ("", "RS", "odd", "a", None):
        fast_html, plain_html = _both(FastSelect, forms.Select, value, attrs)
        assert fast_html == plain_html
    assert "Tom &amp; &quot;Jerry&quot; &lt;b&gt;" in fast_html
    assert "<i>kept</i>" in fast_html


def test_a_multiple_select_renders_as_through_the_templates():
    for value in ([], ["RS", "b"], ["odd"]):
        fast_html, plain_html = _both(
            FastSelectMultiple, forms.SelectMultiple, value, {"size": 6, "data-picker": "multi"}
        )
        assert fast_html == plain_html
    assert (
        '<option value="RS" selected>Serbia</option>'
        in _both(FastSelectMultiple, forms.SelectMultiple, ["RS"])[0]
    )
