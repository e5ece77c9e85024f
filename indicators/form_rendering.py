"""The fields of the record forms rendered in Python, as crispy-forms' Bootstrap 5 templates render
them (``bootstrap5/field.html`` and the templates it includes, with this application's helper:
labels shown, errors shown, no horizontal layout), for the widgets the catalogue generates:
selects, text and number boxes, text areas, and lists of check boxes or radio buttons. Any other
field goes through crispy-forms' own templates.

Why: through the templates each field costs a dozen template renders and each check box a few
more; the victim form (95 fields, 400 check boxes and options) took most of its time there.
``tests/indicators/test_form_rendering.py`` compares the two renderings of whole forms, new, edited
and refused, so that what the person sees does not change. Nothing is cached: every render
works from the bound field.
"""

from __future__ import annotations

from crispy_forms.layout import Field
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from indicators.widgets import _attrs


def _e(value) -> str:
    return conditional_escape(value)


def _label_html(bound, tag: str) -> str:
    required = bound.field.required
    classes = "form-label"
    if required:
        classes += " requiredField"
    if tag == "legend":
        classes += " fs-6"
    target = f' for="{bound.id_for_label}"' if bound.id_for_label else ""
    asterisk = '<span class="asteriskField">*</span>' if required else ""
    return f'<{tag}{target} class="{classes}"> {_e(bound.label)}{asterisk} </{tag}>'


def _help_text(bound) -> str:
    if not bound.help_text:
        return ""
    ident = f'id="{bound.auto_id}_helptext" ' if bound.auto_id else ""
    return f'<div {ident}class="form-text">{bound.help_text}</div>'  # |safe, as crispy


def _errors(bound, tag: str) -> str:
    errors = bound.errors
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None) or ""
    items = " ".join(
        f'<{tag} id="error_{index}_{bound.auto_id}"><strong>{_e(error)}</strong></{tag}>'
        for index, error in enumerate(errors, start=1)
    )
    return f'<div id="{field_id}_error" class="invalid-feedback"> {items} </div>'


def _merge_class(widget, extra: str) -> None:
    """As crispy's ``{% crispy_field field 'class' extra %}``: the widget's class name, then the
    extra classes, added to the widget's own ``class`` attribute (once)."""
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    widget.attrs["class"] = css_class
    for part in extra.split():
        if part not in widget.attrs["class"].split():
            widget.attrs["class"] += f" {part}"


def _choices_html(bound) -> str:
    widget = bound.field.widget
    ident = widget.attrs.get("id") or bound.auto_id
    attrs = bound.build_widget_attrs({"id": ident} if ident else {})
    values = widget.format_value(bound.value())
    groups = widget.optgroups(bound.html_name, values, attrs)
    invalid = " is-invalid" if bound.errors else ""
    parts = ["<div >"]
    for group_index, (group, options, _index) in enumerate(groups):
        if group:
            parts.append(f"<strong>{_e(group)}</strong>")
        for option_index, option in enumerate(options):
            last = option_index == len(options) - 1 and group_index == len(groups) - 1
            errors = _errors(bound, "p") if last else ""
            parts.append(
                f'<div class="form-check"> <input type="{option["type"]}" '
                f'class="form-check-input{invalid}" name="{bound.html_name}" '
                f'value="{_e(localize(option["value"], use_l10n=False))}" '
                f"{_attrs(option['attrs'])}> "
                f'<label for="{option["attrs"].get("id", "")}" class="form-check-label"> '
                f"{_e(localize(option['label'], use_l10n=False))} </label> {errors} </div>"
            )
    parts.append("</div>")
    return " ".join(parts) + " " + _help_text(bound)


def render_bound_field(bound) -> str | None:
    """The field's HTML as crispy's bootstrap5 ``field.html`` gives it, or None for a widget
    not handled here."""
    widget = bound.field.widget
    if bound.is_hidden or isinstance(widget, forms.CheckboxInput | forms.MultiWidget):
        return None
    if isinstance(widget, forms.FileInput):
        return None
    choice_list = isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect)
    css = bound.css_classes()
    parts = [f'<div id="div_{bound.auto_id}" class="mb-3{" " + css if css else ""}">']
    use_fieldset = bound.use_fieldset
    if bound.label:
        if use_fieldset:
            described = bound.aria_describedby
            parts.append(
                f'<fieldset aria-describedby="{described}">' if described else "<fieldset>"
            )
        parts.append(_label_html(bound, "legend" if use_fieldset else "label"))
    if choice_list:
        parts.append(_choices_html(bound))
    else:
        if isinstance(widget, forms.Select):
            extra = "form-select is-invalid" if bound.errors else "form-select"
        else:
            extra = "form-control is-invalid" if bound.errors else "form-control"
        _merge_class(widget, extra)
        parts.append(str(bound))
        parts.append(_errors(bound, "span"))
        parts.append(_help_text(bound))
    if use_fieldset and bound.label:
        parts.append("</fieldset>")
    parts.append("</div>")
    return " ".join(part for part in parts if part)


class FastField(Field):
    """A field of the layout rendered by ``render_bound_field`` (crispy's templates otherwise)."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        name = self.fields[0]
        if name in form.fields:
            html = render_bound_field(form[name])
            if html is not None:
                if hasattr(form, "rendered_fields"):
                    form.rendered_fields.add(name)
                return mark_safe(html)  # noqa: S308 (every value and label escaped above)
        return SafeString(super().render(form, context, template_pack=template_pack, **kwargs))
