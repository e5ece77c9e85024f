"""Select widgets of the record forms rendered in Python instead of through Django's widget
templates: the same HTML, byte for byte (tests/indicators/test_widgets.py), about a hundred times
faster for a list of 253 countries. The victim form has nine such lists; through the templates
(one ``select_option.html`` and one ``attrs.html`` per option) they were most of its 600 ms.

The options of a list are escaped once and kept, keyed by their content (codes, labels in the
language of the page): catalogue and country lists, never a record's value, which is applied to
the kept options at each render.
"""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe


def _attrs(attrs: dict) -> str:
    """As ``django/forms/widgets/attrs.html``: ``True`` gives the bare name, ``False`` nothing."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _option(option: dict) -> str:
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


@lru_cache(maxsize=512)
def _kept_options(pairs: tuple[tuple[str, str, bool], ...]) -> tuple[tuple[str, str, str], ...]:
    """Per option (code, label, label is safe): the code and the option's HTML, not chosen and
    chosen."""
    kept = []
    for value, label, safe in pairs:
        text = SafeString(label) if safe else conditional_escape(label)
        start = f'<option value="{conditional_escape(value)}"'
        kept.append((value, f"{start}>{text}</option>\n", f"{start} selected>{text}</option>\n"))
    return tuple(kept)


class FastSelectMixin:
    """``render`` of a select without templates (as ``django/forms/widgets/select.html``)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return self._render_groups(name, value, attrs)
        values = self.format_value(value)
        choices = self.ordered(choices, values)
        final_attrs = self.build_attrs(self.attrs, attrs)
        multiple = self.allow_multiple_selected
        if multiple:
            final_attrs["multiple"] = True
        key = tuple(
            ("" if code is None else str(code), str(label), isinstance(label, SafeData))
            for code, label in choices
        )
        chosen, has_selected = set(values), False
        parts = [f'<select name="{conditional_escape(name)}"{_attrs(final_attrs)}>']
        for code, plain, selected_html in _kept_options(key):
            # As ChoiceWidget.optgroups: one option chosen in a single select, the first.
            selected = (multiple or not has_selected) and code in chosen
            has_selected = has_selected or selected
            parts.append("\n  ")
            parts.append(selected_html if selected else plain)
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped)

    def ordered(self, choices: list, values: list[str]) -> list:
        """The choices in the order shown (a subclass may show the chosen ones first)."""
        return choices

    def _render_groups(self, name, value, attrs=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(f"\n  {_option(option)}" for option in group_choices)
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped above)


class FastSelect(FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(FastSelectMixin, forms.SelectMultiple):
    pass
