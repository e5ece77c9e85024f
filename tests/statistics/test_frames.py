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


def test_mentions_without_a_breakdown_and_a_person_without_status_left_out():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "forms": [("sexual", "labour"), ("sexual",), (), ("begging",)],
            "status": ["identified", "presumed", "presumed", float("nan")],
        }
    )
    # Without a breakdown: sexual persons 1 and 2, labour person 1, begging person 4, person
    # 3 nothing recorded.
    alone = mention_counts(frame, "forms", empty="unknown")
    assert dict(alone.itertuples(index=False)) == {
        "sexual": 2,
        "labour": 1,
        "begging": 1,
        "unknown": 1,
    }
    # By status, the person with no status (4) is in no column.
    by = mention_counts(frame, "forms", by="status", empty="unknown")
    assert {(f, s): n for f, s, n in by.itertuples(index=False)} == {
        ("sexual", "identified"): 1,
        ("labour", "identified"): 1,
        ("sexual", "presumed"): 1,
        ("unknown", "presumed"): 1,
    }


def test_persons_grouped_with_missing_numbers_counted_together():
    import pandas as pd

    from indicators.statistics.engine import _Engine

    frame = pd.DataFrame(
        {
            "months": [12.0, float("nan"), 12.0, float("nan"), 36.0],
            "sex": pd.Categorical(["female", "male", "female", "male", "male"]),
        }
    )
    grouped = _Engine._group(frame, {"months": "m", "sex": "s"})
    found = {(None if m != m else int(m), s): n for m, s, n in grouped.itertuples(index=False)}
    # Two women with 12 months, two men with no prison term recorded, one man with 36.
    assert found == {(12, "female"): 2, (None, "male"): 2, (36, "male"): 1}
    assert list(grouped.columns) == ["m", "s", "n"]
    assert len(_Engine._group(frame.iloc[:0], {"months": "m"})) == 0


def test_cell_keys_survive_copying_and_compare_by_content():
    import copy

    from indicators.statistics.protection import CellKey

    key = CellKey("victims:RS:2025", {"sex": "female", "age_group": "child"})
    same = CellKey("victims:RS:2025", (("age_group", "child"), ("sex", "female")))
    assert key == same and hash(key) == hash(same) and {key: 1}[same] == 1
    assert key != CellKey("victims:RS:2025", {"sex": "female"})
    copied = copy.deepcopy(key)  # through __reduce__, as pickling
    assert copied == key and {key: 1}[copied] == 1
    assert CellKey.parse(str(key)) == key
    assert sorted([key, CellKey("victims:RS:2024")])[0] == CellKey("victims:RS:2024")
