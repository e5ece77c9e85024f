"""On PostgreSQL, outside a transaction, the engine reads the criminal-justice records on a
second connection while it builds the victims tables: the tables are the same as when it reads
everything on one connection, and the scope of the user travels with the reads."""

import threading

import pytest
from django.db import connection, connections, transaction

from indicators.statistics import engine
from tests.statistics.conftest import YEAR
from thb_data.scoping import ScopeError, scope_for

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the second connection is PostgreSQL's path"
    ),
    pytest.mark.django_db(transaction=True),
]


def _cells(statistics):
    return {table.code: table.table.counts.to_dict() for table in statistics.tables}


def test_tables_read_on_two_connections_equal_those_read_on_one(
    dataset, world, personas, monkeypatch
):
    threads = []
    read = engine._Engine.read_criminal_justice

    def spy(self):
        threads.append(threading.current_thread() is threading.main_thread())
        return read(self)

    monkeypatch.setattr(engine._Engine, "read_criminal_justice", spy)
    territory = world["rs_police"].territory
    with scope_for(personas["coordinator_rs"]):
        overlapped = engine.compute_statistics(territory, YEAR)
        with transaction.atomic():  # another connection would not see this transaction
            single = engine.compute_statistics(territory, YEAR)

    assert threads == [False]  # read once, on the second thread, outside the transaction
    assert _cells(overlapped) == _cells(single)
    funnel = overlapped.table("T1").table.counts
    assert funnel.loc["suspected"].sum() == 2  # tk1 and tk3 (conftest)
    assert len(connections.all(initialized_only=True)) <= 1  # the thread's connection closed


def test_the_second_connection_fails_closed_without_a_scope(world, monkeypatch):
    # Only the second thread reads here: without a scope, its reads are refused.
    monkeypatch.setattr(engine._Engine, "build_victims", lambda self: None)
    territory = world["rs_police"].territory
    with pytest.raises(ScopeError):
        engine.compute_statistics(territory, YEAR)
