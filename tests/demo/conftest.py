"""Fixtures of the demo-data tests: national code lists for Serbia (Albania has none, so both
paths of the generator are exercised)."""

import pytest

from indicators.models import NationalCodeEntry
from thb_data.scoping import scopes_disabled

SERBIAN_LISTS = {
    "criminal_code_articles": [
        ("388", "Trafficking in human beings", "trafficking_in_human_beings"),
        ("389", "Trafficking in minors for adoption", "trafficking_in_children"),
        ("184", "Mediation in prostitution", "mediation_in_prostitution"),
        ("350", "Smuggling of persons", "smuggling_of_migrants"),
    ],
    "municipalities": [("70092", "Beograd", ""), ("80438", "Novi Sad", ""), ("71307", "Niš", "")],
    "courts": [
        ("hc-bg", "Higher Court in Belgrade", ""),
        ("hc-ns", "Higher Court in Novi Sad", ""),
    ],
    "ngos": [("astra", "ASTRA", ""), ("atina", "Atina", "")],
    "ethnic_groups": [("serb", "Serbs", ""), ("roma", "Roma", ""), ("hungarian", "Hungarians", "")],
}


@pytest.fixture
def demo_world(world):
    with scopes_disabled():
        for list_code, entries in SERBIAN_LISTS.items():
            for order, (code, label, maps_to) in enumerate(entries):
                NationalCodeEntry.objects.create(
                    territory=world["rs"],
                    list_code=list_code,
                    code=code,
                    label=label,
                    maps_to=maps_to,
                    sort_order=order,
                )
    return world
