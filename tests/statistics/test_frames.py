"""Reading records into pandas for the statistics: the same frame on PostgreSQL (COPY CSV) and
SQLite (values_list), whatever the values hold."""

import math

from indicators.statistics.frames import mention_counts, read_frame
from tests.statistics.conftest import add_victim
from thb_data.scoping import scopes_disabled
from victims.models import VictimRecord

COLUMNS = [
    "v_sex",
    "v_country_of_origin",
    "v_victim_prosecuted_offence",
    "v_age_at_identification",
    "v_exploitation_form",
]
# Free text with everything CSV has to quote.
AWKWARD = 'Prostitution, "irregular" entry;\nфалсификат \\ 100%'


def test_it_reads_text_numbers_and_answer_lists_as_they_are_stored(world, personas):
    user, police = personas["caseworker_rs_police"], world["rs_police"]
    add_victim(
        world, user, police, "p1",
        v_sex="female", v_date_of_birth="2000-01-01", v_identification_date="2024-03-01",
        v_country_of_origin="UA", v_exploitation_form=["sexual", "labour", "begging"],
        v_victim_prosecuted="yes", v_victim_prosecuted_offence=AWKWARD,
    )  # fmt: skip
    add_victim(world, user, police, "p2", v_exploitation_form=[])
    add_victim(world, user, police, "", v_sex="male", v_exploitation_form=["labour"])

    with scopes_disabled():
        frame = read_frame(
            VictimRecord.objects.filter(territory=police.territory),
            COLUMNS,
            integers=["v_age_at_identification"],
            lists=["v_exploitation_form"],
        )
    rows = sorted(
        (sex, origin, offence, None if math.isnan(age) else int(age), tuple(forms))
        for sex, origin, offence, age, forms in frame[COLUMNS].itertuples(index=False)
    )
    assert rows == [
        ("", "", "", None, ()),
        ("female", "UA", AWKWARD, 24, ("sexual", "labour", "begging")),
        ("male", "", "", None, ("labour",)),
    ]


def test_an_empty_selection_gives_an_empty_frame_with_the_columns(world):
    with scopes_disabled():
        frame = read_frame(
            VictimRecord.objects.filter(pk=-1),
            COLUMNS,
            integers=["v_age_at_identification"],
            lists=["v_exploitation_form"],
        )
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 0


def test_a_person_counts_once_per_code_they_mention_and_nothing_recorded_is_a_row():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "forms": [("sexual", "labour"), ("sexual",), (), ("labour",)],
            "status": ["identified", "identified", "presumed", "presumed"],
        }
    )
    counts = mention_counts(frame, "forms", by="status", empty="unknown")
    found = {(f, s): n for f, s, n in counts.itertuples(index=False)}
    # sexual: persons 1 and 2; labour: persons 1 and 4; person 3 recorded nothing.
    assert found == {
        ("sexual", "identified"): 2,
        ("labour", "identified"): 1,
        ("labour", "presumed"): 1,
        ("unknown", "presumed"): 1,
    }
