"""The read-replica router: lists and statistics read records from the replica; everything else,
and everything inside a transaction on the primary, stays on the primary."""

from types import SimpleNamespace

import pytest
from django.db import transaction

from thb_data import routers
from thb_data.accounts.models import User
from thb_data.audit.models import AuditEntry
from traffickers.models import CriminalCase, TraffickerRecord
from victims.models import VictimRecord

router = routers.ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    databases = {"default": {}, "replica": {}}
    monkeypatch.setattr(routers, "settings", SimpleNamespace(DATABASES=databases))
    monkeypatch.setattr(routers, "_in_primary_transaction", lambda: False)


def test_it_reads_records_and_cases_from_the_replica(with_replica):
    assert router.db_for_read(VictimRecord) == "replica"
    assert router.db_for_read(TraffickerRecord) == "replica"
    assert router.db_for_read(CriminalCase) == "replica"


def test_it_reads_users_sessions_and_audit_from_the_primary(with_replica):
    assert router.db_for_read(User) == "default"
    assert router.db_for_read(AuditEntry) == "default"


def test_it_writes_and_migrates_only_on_the_primary(with_replica):
    assert router.db_for_write(VictimRecord) == "default"
    assert router.allow_migrate("default", "victims") is True
    assert router.allow_migrate("replica", "victims") is False


def test_it_reads_an_instances_relations_from_the_primary(with_replica):
    assert router.db_for_read(VictimRecord, instance=object()) == "default"


@pytest.mark.django_db
def test_it_reads_from_the_primary_inside_a_transaction(monkeypatch):
    monkeypatch.setattr(
        routers, "settings", SimpleNamespace(DATABASES={"default": {}, "replica": {}})
    )
    with transaction.atomic():
        assert router.db_for_read(VictimRecord) == "default"


def test_without_a_replica_everything_is_read_from_the_primary(monkeypatch):
    monkeypatch.setattr(routers, "settings", SimpleNamespace(DATABASES={"default": {}}))
    assert router.db_for_read(VictimRecord) == "default"
