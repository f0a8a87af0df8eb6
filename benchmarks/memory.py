"""Peak memory of a streaming ingest at 10k, 50k and 100k documents: flat is the goal.

One ``Ledger.ingest`` streams the built corpus (``build_corpus.py --kind sentences``: one-sentence
reports, so 100,000 fit the ``make bench`` budget) into a fresh ledger, spaCy parsing in
``--n-process`` processes. At each checkpoint the peak RSS so far (VmHWM) of this process and of
each spaCy child is read; their sum is the figure, since the ingest is all of them. Cross-document
resolution runs after the stream and loads every event, so its peak is reported on its own line
(``--resolve``), not mixed into the streaming figures.

    .venv/bin/python benchmarks/memory.py                                # 10k, 50k, 100k
    .venv/bin/python benchmarks/memory.py --checkpoints 1000 2000       # a quick look
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from build_corpus import build

from warledger.extract.pipeline import Pipeline
from warledger.ledger import Ledger, Status

# The target: RSS at the largest checkpoint within this share of RSS at the smallest.
FLAT_WITHIN = 0.10


@dataclass(frozen=True)
class Checkpoint:
    """Memory and progress after ``documents`` stored documents."""

    documents: int
    seconds: float
    main_mb: float
    children_mb: float

    @property
    def total_mb(self) -> float:
        """Peak RSS of the ingest: this process and its spaCy children."""
        return self.main_mb + self.children_mb


def peak_mb(pid: int) -> float:
    """The peak resident set size (VmHWM) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children_peak_mb() -> float:
    """The summed peak RSS of this process's live children (spaCy's parsing processes)."""
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            total += peak_mb(child.pid)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def measure(corpus: Path, checkpoints: list[int], n_process: int, resolve: bool) -> tuple[list[Checkpoint], str]:
    """Ingest ``corpus`` and read the peaks at each checkpoint; the second item is the resolve line."""
    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "memory.db", Pipeline()) as ledger:
        found: list[Checkpoint] = []
        stored = 0
        started = time.perf_counter()
        outcomes = ledger.ingest([corpus], n_process=n_process)
        for outcome in outcomes:
            stored += outcome.status is Status.STORED
            if stored == checkpoints[len(found)] and outcome.status is Status.STORED:
                found.append(Checkpoint(stored, time.perf_counter() - started, peak_mb(os.getpid()), children_peak_mb()))
                print(f"  {stored:>8,} documents  {found[-1].seconds:7.0f} s  {found[-1].total_mb:7.0f} MB", flush=True)
                if len(found) == len(checkpoints):
                    break
        # Leaving the stream before it ends skips its closing resolution, measured on its own below.
        outcomes.close()
        if not resolve:
            return found, "resolution: not run (--resolve)"
        before = time.perf_counter()
        summary = ledger.resolve()
        return found, (
            f"resolution after the stream: {time.perf_counter() - before:.0f} s for {summary.events:,} events, "
            f"peak RSS of this process then {peak_mb(os.getpid()):.0f} MB"
        )


def main() -> None:
    """Run the ingest, print a table of peak RSS per checkpoint and the flatness ratio."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoints", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--n-process", type=int, default=2, help="spaCy parsing processes (nlp.pipe n_process)")
    parser.add_argument("--resolve", action="store_true", help="also time cross-document resolution after")
    arguments = parser.parse_args()
    checkpoints = sorted(arguments.checkpoints)
    corpus = build(checkpoints[-1], kind="sentences")
    print(f"memory: streaming ingest of {corpus.name}, n_process={arguments.n_process}", flush=True)
    found, resolution = measure(corpus, checkpoints, arguments.n_process, arguments.resolve)
    print(f"\n{'documents':>10} {'seconds':>8} {'docs/s':>7} {'main MB':>8} {'spaCy MB':>9} {'total MB':>9}")
    for point in found:
        print(
            f"{point.documents:>10,} {point.seconds:>8.0f} {point.documents / point.seconds:>7.0f} "
            f"{point.main_mb:>8.0f} {point.children_mb:>9.0f} {point.total_mb:>9.0f}"
        )
    growth = found[-1].total_mb / found[0].total_mb - 1
    verdict = "met" if growth <= FLAT_WITHIN else "missed"
    print(
        f"peak RSS at {found[-1].documents:,} / at {found[0].documents:,}: {1 + growth:.3f} "
        f"(target <= {1 + FLAT_WITHIN:.2f}: {verdict})"
    )
    print(resolution)


if __name__ == "__main__":
    main()
