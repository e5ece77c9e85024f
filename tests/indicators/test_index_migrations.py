"""Index migrations of the record tables: new ones build their indexes concurrently on PostgreSQL
(``thb_data.migration_operations``), so a million-row table keeps taking writes meanwhile."""

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddIndex, RemoveIndex
from django.db.migrations.state import ProjectState
from django.test.utils import CaptureQueriesContext

from thb_data.migration_operations import AddIndexConcurrently, RemoveIndexConcurrently

# Written before the concurrent operations existed: left as they are (history is not rewritten).
EARLIER = {
    ("victims", "0001_initial"),
    ("victims", "0002_duplicate_decision"),
    ("victims", "0003_victim_person_first"),
    ("victims", "0004_list_indexes"),
    ("victims", "0005_statistics_covering_index"),
    ("victims", "0006_statistics_link_index"),
    ("traffickers", "0001_initial"),
    ("traffickers", "0002_initial"),
    ("traffickers", "0003_list_indexes"),
    ("traffickers", "0004_statistics_complaint_index"),
    ("traffickers", "0005_statistics_link_index"),
}


def test_new_index_migrations_of_the_record_tables_build_concurrently():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, name), migration in loader.disk_migrations.items():
        if app not in ("victims", "traffickers") or (app, name) in EARLIER:
            continue
        for operation in migration.operations:
            if isinstance(operation, AddIndex | RemoveIndex):
                assert isinstance(operation, AddIndexConcurrently | RemoveIndexConcurrently), (
                    f"{app}.{name}: use thb_data.migration_operations.{type(operation).__name__}"
                    "Concurrently"
                )
                assert migration.atomic is False, f"{app}.{name}: set atomic = False"


def _indexes(table):
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"]
        }


@pytest.mark.django_db(transaction=True)
def test_the_concurrent_index_is_built_and_removed_on_both_databases():
    index = models.Index(fields=["v_sex", "status"], name="test_concurrent_idx")
    add = AddIndexConcurrently("victimrecord", index)
    before = ProjectState.from_apps(apps)
    after = before.clone()
    add.state_forwards("victims", after)
    table = "victims_victimrecord"
    with (
        CaptureQueriesContext(connection) as queries,
        connection.schema_editor(atomic=False) as editor,
    ):
        add.database_forwards("victims", editor, before, after)
    assert "test_concurrent_idx" in _indexes(table)
    created = [q["sql"] for q in queries if "test_concurrent_idx" in q["sql"]]
    concurrently = connection.vendor == "postgresql"
    assert [("CONCURRENTLY" in sql) for sql in created] == [concurrently]
    with connection.schema_editor(atomic=False) as editor:
        add.database_backwards("victims", editor, after, before)
    assert "test_concurrent_idx" not in _indexes(table)
