"""Query latency at 1,000,000 events: ``/api/events`` and ``warledger events`` with typical filters.

The events are inserted directly (no extraction) through the store's own writer, so every search
key and location row is the one an ingest writes: ten events per one-sentence document, of a type
drawn from the event types, with an attacker and a target drawn from the states of
``extract/data/actors.yaml`` (Russia and Ukraine most often, as on the desk), a place drawn from the
locations (with their coordinates and regions) of ``../shared/eval/acled/dev.csv`` and a day
between 2018 and 2025. The database is kept under ``build/bench`` and reused; opening one of an
older schema upgrades it (the event_box R-tree is filled once).

Each query asks for one actor, a 30-day range and a bounding box around one region, as a map
view does: ``GET /api/events?actor=..&since=..&until=..&bbox=..`` (in process, through the ASGI
app that ``warledger serve`` runs), and ``warledger events --reports --actor .. --since ..
--until .. --place .. --format json`` (in process; the command line has no --bbox, so the region
goes in --place). Each query's wall time and this process's CPU time are taken (on a loaded
machine the wall time includes waiting for a core). A few ``warledger events`` runs as a new
process are timed too, start included.

    .venv/bin/python benchmarks/query.py                                  # 1,000,000 events
    .venv/bin/python benchmarks/query.py --events 100000 --queries 50    # a quick look
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from warledger.api import create_app
from warledger.cli import main as cli
from warledger.extract.base import load_data
from warledger.model import (
    Actor,
    Document,
    Event,
    EventField,
    EventType,
    Extraction,
    Modality,
    Place,
    Precision,
    Sentence,
    Span,
    TimeValue,
)
from warledger.store.sqlite import Store

ROOT = Path(__file__).resolve().parents[1]
ACLED = ROOT.parent / "shared" / "eval" / "acled" / "dev.csv"
BUILD = ROOT / "build" / "bench"
EVENTS_PER_DOCUMENT = 10
DOCUMENTS_PER_TRANSACTION = 2000
FIRST_DAY, DAYS = date(2018, 1, 1), 8 * 365
# Half of all attackers and targets are one of these two, as in reporting on this war.
FREQUENT = ("RU", "UA")
TARGET_P95_MS = 50.0
CLI_PROCESS_RUNS = 5


@dataclass(frozen=True)
class Query:
    """One typical map query: an actor, a 30-day range and a box around a region."""

    actor: str
    since: date
    until: date
    region: str
    bbox: tuple[float, float, float, float]

    def api_path(self) -> str:
        """The /api/events request for this query."""
        box = ",".join(f"{v:.4f}" for v in self.bbox)
        return f"/api/events?actor={self.actor}&since={self.since}&until={self.until}&bbox={box}"

    def cli_args(self, db: Path) -> list[str]:
        """The ``warledger events`` arguments for this query."""
        return ["events", "--reports", "--actor", self.actor, "--since", str(self.since), "--until",
                str(self.until), "--place", self.region, "--limit", "100", "--format", "json", "--db", str(db)]


def places() -> list[Place]:
    """Every ACLED location with its coordinates and first-level region."""
    with ACLED.open(encoding="utf-8", newline="") as handle:
        rows = {row["location"]: row for row in csv.DictReader(handle)}
    return [
        Place(name, None, float(row["latitude"]), float(row["longitude"]), row["admin1"], row["country"],
              "UA" if row["country"] == "Ukraine" else None, "city")
        for name, row in sorted(rows.items())
    ]


def states() -> dict[str, Actor]:
    """The states of the actor data file, by ISO code."""
    table = load_data("actors.yaml")["states"]  # type: ignore[index]
    return {code: Actor(code, entry["name"], "state", code) for code, entry in table.items()}


def documents(count: int, seed: int = 11) -> Iterator[Extraction]:
    """``count`` one-sentence documents of ten events each, deterministic for a seed."""
    rng = random.Random(seed)
    actors, located = states(), places()
    codes = sorted(actors)
    types = list(EventType)

    def actor() -> Actor:
        return actors[rng.choice(FREQUENT) if rng.random() < 0.5 else rng.choice(codes)]

    for number in range(count):
        text = f"Synthetic report {number}: ten strikes."
        document = Document.create(text, date=FIRST_DAY + timedelta(days=rng.randrange(DAYS)))
        span = Span(document.id, 0, 0, len(text), text)
        events = []
        for k in range(EVENTS_PER_DOCUMENT):
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            attacker, target, place = actor(), actor(), rng.choice(located)
            fields = [
                EventField("attacker", attacker.name, span, attacker),
                EventField("target", target.name, span, target),
                EventField("place", place.name, span, place),
                EventField("date", day.isoformat(), span, TimeValue(day.isoformat(), "DATE", Precision.DAY, day, day)),
            ]
            events.append(Event(f"{document.id}-{k}", document.id, rng.choice(types), Modality.ASSERTED, 0, span, fields))
        yield Extraction(document, [Sentence(document.id, 0, 0, len(text), text)], [], events, [])


def database(events: int) -> Path:
    """The ledger holding ``events`` synthetic events, built once under build/bench."""
    path = BUILD / f"query-{events}.db"
    if path.exists():
        started = time.perf_counter()
        Store(path).close()
        print(f"  opened {path.name} in {time.perf_counter() - started:.1f} s (an older schema is upgraded)", flush=True)
        return path
    BUILD.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    batch: list[Extraction] = []
    with Store(partial) as store:
        # A file filled once and thrown away on failure: no journal, no fsync, a large page cache.
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -2000000"):
            store.connection.execute(f"PRAGMA {pragma}")
        for extraction in documents(events // EVENTS_PER_DOCUMENT):
            batch.append(extraction)
            if len(batch) == DOCUMENTS_PER_TRANSACTION:
                store.save_many(batch)
                batch = []
        store.save_many(batch)
        store.connection.execute("ANALYZE")
    partial.replace(path)
    print(f"  built {path.name}: {events:,} events in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def queries(count: int, seed: int = 5) -> list[Query]:
    """Typical map queries around the regions of the ACLED locations."""
    rng = random.Random(seed)
    by_region: dict[str, list[Place]] = {}
    for place in places():
        if place.admin1:
            by_region.setdefault(place.admin1, []).append(place)
    regions = sorted(by_region)
    found = []
    for _ in range(count):
        region = rng.choice(regions)
        members = by_region[region]
        lons, lats = [p.lon for p in members], [p.lat for p in members]
        since = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 30))
        found.append(Query(
            rng.choice(("Russia", "Ukraine", "Belarus", "United States")), since, since + timedelta(days=30),
            region, (min(lons) - 0.5, min(lats) - 0.5, max(lons) + 0.5, max(lats) + 0.5),
        ))
    return found


def latencies(run: Callable[[Query], int], chosen: list[Query]) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds per query (after one warm-up query) and the events returned in all."""
    run(chosen[0])
    walls, cpus, returned = [], [], 0
    for query in chosen:
        started, cpu = time.perf_counter(), time.process_time()
        returned += run(query)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus, returned


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie."""
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def main() -> None:
    """Build or reuse the database, time both front ends and print p50/p95 against the target."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    arguments = parser.parse_args()
    print(f"query: {arguments.events:,} events, {arguments.queries} queries per front end", flush=True)
    db = database(arguments.events)
    chosen = queries(arguments.queries)
    runner = CliRunner()
    # Entered, the client runs every request on one event loop, as a running server does.
    with TestClient(create_app(db)) as client:

        def api(query: Query) -> int:
            response = client.get(query.api_path())
            response.raise_for_status()
            return len(response.json()["items"])

        def command(query: Query) -> int:
            result = runner.invoke(cli, query.cli_args(db))
            if result.exit_code != 0:
                raise SystemExit(f"warledger events failed: {result.output}")
            return result.output.count("\n")

        print(f"load average {_load()} on {os.cpu_count()} cores")
        print(f"\n{'front end':<40} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>8} {'cpu p95':>8} {'events':>8}")
        for name, run in (("GET /api/events (actor, dates, bbox)", api), ("warledger events (actor, dates, place)", command)):
            walls, cpus, returned = latencies(run, chosen)
            p95 = percentile(walls, 0.95)
            verdict = "met" if p95 < TARGET_P95_MS else "missed"
            print(
                f"{name:<40} {statistics.median(walls):>7.1f} {p95:>7.1f} {statistics.median(cpus):>8.1f}"
                f" {percentile(cpus, 0.95):>8.1f} {returned:>8,}   p95 < {TARGET_P95_MS:.0f} ms: {verdict}"
            )
    walls = []
    for query in chosen[:CLI_PROCESS_RUNS]:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "warledger.cli", *query.cli_args(db)], check=True, capture_output=True)
        walls.append((time.perf_counter() - started) * 1000)
    print(f"warledger events as a new process (interpreter and imports included): "
          f"median {statistics.median(walls):.0f} ms over {len(walls)} runs")
    print(f"load average {_load()}")


def _load() -> str:
    """The 1, 5 and 15-minute load averages."""
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


if __name__ == "__main__":
    main()
