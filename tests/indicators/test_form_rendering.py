"""The record forms' fields rendered in Python (indicators.form_rendering) give what crispy-forms'
Bootstrap 5 templates give, for whole forms: new, edited, and refused with errors (whitespace
between and inside tags aside, which a browser does not show)."""

import copy
import re

import pytest
from crispy_forms.layout import Fieldset
from crispy_forms.utils import render_crispy_form
from django.urls import reverse

from indicators.form_rendering import FastField
from tests.traffickers.conftest import code_lists, make_trafficker  # noqa: F401 (fixture)
from tests.victims.conftest import (  # noqa: F401 (fixture)
    complete_record_data,
    make_record,
    national_lists,
)


def _normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*([<>])\s*", r"\1", html).strip()


def _through_templates(form) -> str:
    """The form rendered by crispy's templates only: the layout with plain field names."""
    helper = copy.deepcopy(form.helper)
    for part in helper.layout.fields:
        if isinstance(part, Fieldset):
            part.fields = [f.fields[0] if isinstance(f, FastField) else f for f in part.fields]
    return render_crispy_form(form, helper=helper)


def _assert_same(form):
    fast = render_crispy_form(form, helper=form.helper)
    plain = _through_templates(form)
    assert _normalised(fast) == _normalised(plain)
    assert fast.count("<select") >= 9 or "t_sex" in fast
    return fast


@pytest.mark.usefixtures("national_lists")
def test_the_victim_form_renders_as_through_the_templates(clients, personas):
    client = clients["caseworker_rs_ngo"]
    html = _assert_same(client.get(reverse("victims:create")).context["form"])
    assert 'data-picker="search"' in html and 'class="select form-select"' in html

    record = make_record(
        personas["caseworker_rs_ngo"],
        v_sex="female",
        v_citizenship="RS",
        v_transit_countries=["MK", "RS"],
        v_exploitation_form=["labour"],
    )
    _assert_same(client.get(reverse("victims:edit", args=[record.uuid])).context["form"])

    data = complete_record_data()
    data["v_exploitation_end"] = "2022-01-01"  # before the start: refused
    data["v_transit_countries"] = "MK, ZZ"  # not a country
    form = client.post(reverse("victims:create"), data).context["form"]
    assert form.errors
    html = _assert_same(form)
    assert "is-invalid" in html and "invalid-feedback" in html


@pytest.mark.usefixtures("code_lists")
def test_the_trafficker_form_renders_as_through_the_templates(clients, personas):
    client = clients["prosecutor_rs"]
    _assert_same(client.get(reverse("traffickers:create")).context["form"])
    record = make_trafficker(personas["prosecutor_rs"], t_sex="male", t_citizenship="RS")
    _assert_same(client.get(reverse("traffickers:edit", args=[record.uuid])).context["form"])
