"""The scoping mechanism: fail closed, and each role sees exactly its scope."""

import pytest

from thb_data.accounts.models import Institution
from thb_data.scoping import ScopeError, scope_for, scopes_disabled


def test_it_refuses_to_query_territory_owned_data_without_a_scope(world):
    with pytest.raises(ScopeError):
        list(Institution.objects.all())


def test_it_refuses_even_a_count_without_a_scope(world):
    with pytest.raises(ScopeError):
        Institution.objects.count()


def test_scopes_disabled_sees_every_territory(world):
    with scopes_disabled():
        territories = set(Institution.objects.values_list("territory__code", flat=True))
    assert territories == {"RS", "AL"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator_rs", {"RS"}),
        ("coordinator_al", {"AL"}),
        ("caseworker_rs_ngo", {"RS"}),
        ("prosecutor_al", {"AL"}),
        ("analyst", set()),
        ("admin", {"RS", "AL"}),
    ],
)
def test_each_role_sees_the_institutions_of_its_scope(personas, persona, expected):
    with scope_for(personas[persona]):
        territories = set(Institution.objects.values_list("territory__code", flat=True))
    assert territories == expected


def test_visible_to_narrows_an_unrestricted_queryset(personas):
    with scopes_disabled():
        visible = Institution.objects.visible_to(personas["coordinator_al"])
        assert {i.territory.code for i in visible} == {"AL"}
        assert not Institution.objects.visible_to(personas["analyst"]).exists()


def test_only_coordinators_and_admins_may_edit_institutions(personas, world):
    with scopes_disabled():
        assert Institution.objects.editable_by(personas["coordinator_rs"]).count() == 4
        assert not Institution.objects.editable_by(personas["caseworker_rs_ngo"]).exists()
        assert Institution.objects.editable_by(personas["admin"]).count() == 8


def test_an_object_of_another_territory_answers_does_not_exist(personas, world):
    with scope_for(personas["coordinator_rs"]), pytest.raises(Institution.DoesNotExist):
        Institution.objects.get(pk=world["al_ngo"].pk)
