"""Cross-document resolution after new documents arrive: incremental against a full rebuild.

On one built corpus (``build_corpus.py``), a ledger of ``--base`` documents is ingested (and so
resolved); ``--added`` further documents are then extracted and stored without resolving, and the
same ledger, copied twice, is resolved once incrementally (``Ledger.resolve()``) and once from
scratch (``Ledger.resolve(full=True)``). The two must end identical (checked here on every
canonical table); the run prints CPU and wall seconds of each, which other load on the machine
inflates for wall time only, and how many report events each re-clustered::

    .venv/bin/python benchmarks/resolve_incremental.py                    # 1500 + 100
    .venv/bin/python benchmarks/resolve_incremental.py --base 300 --added 30
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from build_corpus import build

from warledger.ingest import DEFAULT_MAX_BYTES, read_documents
from warledger.ledger import Ledger
from warledger.model import Document
from warledger.resolve.events import ResolveSummary

TABLES = {
    "canonical_events": "id, type, aggregate, date_start, date_end",
    "canonical_members": "canonical, event, identity, reasons",
    "canonical_includes": "aggregate, strike",
    "event_corroboration": "event, status",
}


def write_rows(lines: list[str], path: Path) -> Path:
    """A JSON Lines file of these corpus lines."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed_resolve(path: Path, full: bool) -> tuple[ResolveSummary, float, float]:
    """Resolve the ledger at ``path``: its summary, CPU seconds and wall seconds."""
    with Ledger(path) as ledger:
        wall, cpu = time.perf_counter(), time.process_time()
        summary = ledger.resolve(full=full)
        return summary, time.process_time() - cpu, time.perf_counter() - wall


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of the tables resolution writes, sorted."""
    with sqlite3.connect(path) as connection:
        return {table: sorted(connection.execute(f"SELECT {columns} FROM {table}")) for table, columns in TABLES.items()}


def main() -> None:
    """Build the ledger, add the documents, resolve both ways and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=int, default=1500)
    parser.add_argument("--added", type=int, default=100)
    arguments = parser.parse_args()
    corpus = build(arguments.base + arguments.added)
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        base = write_rows(lines[: arguments.base], root / "base.jsonl")
        added = write_rows(lines[arguments.base :], root / "added.jsonl")
        ledger_path = root / "ledger.db"
        with Ledger(ledger_path) as ledger:
            list(ledger.ingest([base]))
        first, cpu, wall = timed_resolve(ledger_path, full=True)
        print(f"full resolve of {arguments.base:,} documents: {first.events:,} report events -> "
              f"{first.canonical:,} real-world events, {first.aggregate_links:,} aggregate links; "
              f"CPU {cpu:.2f} s, wall {wall:.2f} s", flush=True)
        with Ledger(ledger_path) as ledger:
            documents = [d for d in read_documents([added], DEFAULT_MAX_BYTES) if isinstance(d, Document)]
            ledger.store.save_many(list(ledger.pipeline.extract_many(documents, 16)))
        copies = {name: root / f"{name}.db" for name in ("incremental", "full")}
        for copy in copies.values():
            shutil.copy(ledger_path, copy)
        results = {name: timed_resolve(copy, full=name == "full") for name, copy in copies.items()}
        for name, (summary, cpu, wall) in results.items():
            print(f"{name} resolve after {arguments.added:,} more documents: re-clustered "
                  f"{summary.recomputed:,} of {summary.events:,} report events; CPU {cpu:.2f} s, wall {wall:.2f} s")
        same = contents(copies["incremental"]) == contents(copies["full"])
        print(f"incremental / full CPU: {results['incremental'][1] / results['full'][1]:.2f}x; identical: {same}")


if __name__ == "__main__":
    main()
