"""Streaming ingest on one machine: one extraction stream, stored a batch per transaction.

Given reports with duplicates and unreadable ones among them, each input gets one outcome and
each distinct report is stored once; spaCy parsing in two processes, or in batches, extracts
exactly what one process parsing one report at a time does; a batch of extractions is stored in
one transaction, each document at most once.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import ExtractFn

from warledger.extract.pipeline import PARSE_BATCH, Pipeline
from warledger.ingest import read_documents
from warledger.ledger import Ledger, Status
from warledger.model import Document, Extraction
from warledger.serialize import claim_dict, event_dict
from warledger.store.sqlite import Store

STRIKE = "Russian forces struck Kharkiv with two Iskander missiles on Monday, killing three civilians."
TRANSFER = "Germany delivered four IRIS-T launchers to Ukraine in March, the defence ministry said."
DENIAL = "The Kremlin denied that its troops had shelled the railway station in Kramatorsk."
CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def test_each_input_has_one_outcome_and_each_report_is_stored_once(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.db") as ledger:
        outcomes = list(ledger.ingest_texts([STRIKE, TRANSFER, STRIKE, "   ", DENIAL], batch_size=2))
        assert Counter(o.status for o in outcomes) == {Status.STORED: 3, Status.SKIPPED: 1, Status.FAILED: 1}
        assert ledger.summary().documents == 3
        again = list(ledger.ingest_texts([TRANSFER, DENIAL]))
    assert [o.status for o in again] == [Status.SKIPPED, Status.SKIPPED]


def test_two_parsing_processes_extract_what_one_does(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for number, text in enumerate((STRIKE, TRANSFER, DENIAL)):
        (folder / f"{number}.txt").write_text(f"date 2024-03-18\n\n{text}\n", encoding="utf-8")
    found = []
    for n_process in (1, 2):
        with Ledger(tmp_path / f"ledger-{n_process}.db") as ledger:
            outcomes = list(ledger.ingest([folder], batch_size=2, n_process=n_process))
            assert [o.status for o in outcomes] == [Status.STORED] * 3
            found.append(([event_dict(e) for e in ledger.events()], [claim_dict(c) for c in ledger.claims()]))
    assert found[0][0], "the reports give events"
    assert found[1] == found[0]


def test_a_batch_is_stored_in_one_transaction_each_document_once(tmp_path: Path, extract: ExtractFn) -> None:
    strike, transfer = extract(STRIKE, report_date="2024-03-18"), extract(TRANSFER, report_date="2024-03-18")
    with Store(tmp_path / "ledger.db") as store:
        assert store.save_many([strike, transfer, strike]) == [True, True, False]
        assert store.save_many([transfer, strike]) == [False, False]
        assert store.save(transfer) is False
        assert store.summary().events == len(strike.events) + len(transfer.events)


def _found(extraction: Extraction) -> tuple[list, list, list]:
    mentions = [(m.kind, m.span, m.value) for m in extraction.mentions]
    return mentions, [event_dict(e) for e in extraction.events], [claim_dict(c) for c in extraction.claims]


def test_parsing_in_batches_extracts_what_one_report_at_a_time_does() -> None:
    documents = [d for d in read_documents([CORPUS]) if isinstance(d, Document)]
    assert len(documents) > PARSE_BATCH, "the corpus fills a batch"
    pipeline = Pipeline()
    batched = [_found(e) for e in pipeline.extract_many(documents)]
    assert batched == [_found(e) for e in pipeline.extract_many(documents, batch_size=1)]
