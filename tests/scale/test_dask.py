"""The Dask runner changes where extraction runs, never what the ledger holds.

Given the sample corpus, an ingest on a LocalCluster of two workers (small partitions, so several
are in flight and finish out of order) stores the same documents, events, claims, mentions,
stories and canonical events, field by field and row by row, as a single-process ingest; only
the save timestamps differ.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from warledger.cli import main
from warledger.errors import ClusterError, ConfigError
from warledger.ledger import IngestOutcome, Ledger, Status
from warledger.scale import ClusterAddress, connect
from warledger.serialize import claim_dict, event_dict

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
# Columns that record when a row was written, not what was extracted.
TIMESTAMPS = {"ingested_at", "created_at"}


def _ingest(path: Path, dask: str | None) -> list[IngestOutcome]:
    with Ledger(path) as ledger:
        if dask is None:
            return list(ledger.ingest([CORPUS]))
        return list(ledger.ingest_dask([CORPUS], dask, partition_size=8))


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("dask")
    single, distributed = folder / "single.db", folder / "dask.db"
    single_outcomes = _ingest(single, None)
    dask_outcomes = _ingest(distributed, "local:2")
    assert [(o.status, o.doc_id, o.events) for o in dask_outcomes] == [
        (o.status, o.doc_id, o.events) for o in single_outcomes
    ]
    assert {o.status for o in dask_outcomes} == {Status.STORED}
    return single, distributed


def _tables(path: Path) -> Iterator[tuple[str, list[str], list[tuple]]]:
    """(table, columns without timestamps, every row in primary order) of a ledger database."""
    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )]
        for name in names:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({name})")
                       if row[1] not in TIMESTAMPS]
            selected = ", ".join(columns)
            yield name, columns, connection.execute(f"SELECT {selected} FROM {name} ORDER BY {selected}").fetchall()
    finally:
        connection.close()


def test_every_table_row_by_row(databases: tuple[Path, Path]) -> None:
    single, distributed = databases
    expected = list(_tables(single))
    assert [name for name, _, _ in expected] == [name for name, _, _ in _tables(distributed)]
    filled = {name for name, _, rows in expected if rows}
    assert {"documents", "events", "event_fields", "claims", "mentions", "canonical_events"} <= filled
    for (name, columns, rows), (_, _, dask_rows) in zip(expected, _tables(distributed), strict=True):
        assert dask_rows == rows, f"table {name} ({', '.join(columns)}) differs"


def test_events_and_claims_field_by_field(databases: tuple[Path, Path]) -> None:
    single, distributed = databases
    with Ledger(single) as one, Ledger(distributed) as other:
        events = [event_dict(e) for e in one.events()]
        claims = [claim_dict(c) for c in one.claims()]
        assert len(events) > 100 and len(claims) > 20
        assert [event_dict(e) for e in other.events()] == events
        assert [claim_dict(c) for c in other.claims()] == claims
        assert other.summary() == one.summary()


def test_a_second_dask_ingest_skips_every_stored_document(databases: tuple[Path, Path]) -> None:
    _, distributed = databases
    outcomes = _ingest(distributed, "local:1")
    assert outcomes and {o.status for o in outcomes} == {Status.SKIPPED}


def _worker_settings() -> tuple[str | None, bool]:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), dask.config.get("distributed.worker.profile.enabled")


def test_local_workers_keep_mallocs_adaptive_thresholds_and_do_not_sample_stacks() -> None:
    with connect(ClusterAddress(workers=1)) as client:
        assert list(client.run(_worker_settings).values()) == [(None, False)]


@given(st.integers(min_value=1, max_value=512))
def test_local_address_names_its_worker_count(workers: int) -> None:
    address = ClusterAddress.parse(f"local:{workers}")
    assert address == ClusterAddress(workers=workers)
    assert ClusterAddress.parse(str(address)) == address


@pytest.mark.parametrize("text", ["tcp://127.0.0.1:8786", "tcp://scheduler.example.org:8786"])
def test_scheduler_address_is_kept_as_given(text: str) -> None:
    assert ClusterAddress.parse(text) == ClusterAddress(scheduler=text)


@pytest.mark.parametrize("text", ["local:0", "local:", "local:two", "127.0.0.1:8786", "tcp://host", ""])
def test_other_addresses_are_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="local:N"):
        ClusterAddress.parse(text)


def test_an_unreachable_scheduler_is_a_cluster_error() -> None:
    with pytest.raises(ClusterError, match="cannot be reached"):
        with connect(ClusterAddress.parse("tcp://127.0.0.1:9"), timeout=1):
            pass


def test_cli_refuses_a_bad_dask_address(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(CORPUS), "--db", str(tmp_path / "x.db"), "--dask", "local:0"])
    assert result.exit_code == 2
    assert "local:N" in result.output
