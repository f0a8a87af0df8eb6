"""Scale of near-duplicate detection (stories): time and peak memory growth at 10k, 50k and 100k documents.

Documents are made by recombining real sentences: the bodies of the sample corpus and the
``notes`` of ``../shared/eval/acled/dev.csv`` (read at run time, never committed). About one in
twenty is a lightly edited copy of an earlier document (a sentence dropped, a few words replaced,
a sentence added), so the run also reports how many planted copies ended in their original's story.

Documents are stored in batches, as an ingest does, and :func:`assign_stories` runs after each
batch; only that call is measured: wall and CPU time, and the peak RSS reached during the call
above the RSS before the first call (the peak is reset before each call through
/proc/self/clear_refs, so storing the documents does not count). Each size runs in its own
process::

    .venv/bin/python benchmarks/dedup_scale.py                 # 10000 50000 100000
    .venv/bin/python benchmarks/dedup_scale.py --sizes 2000    # a quick look
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from warledger.ingest.text import read_text
from warledger.model import Document, Extraction
from warledger.resolve.stories import assign_stories, stories
from warledger.store.sqlite import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
ACLED = ROOT.parent / "shared" / "eval" / "acled" / "dev.csv"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
COPY_SHARE = 0.05


@dataclass(frozen=True)
class Run:
    """The figures of one size."""

    documents: int
    batch: int
    seconds: float
    cpu_seconds: float
    first_batch_ms: float
    last_batch_ms: float
    compared_per_document: float
    peak_rss_growth_mb: float
    database_mb: float
    shared_stories: int
    planted_copies: int
    copies_found: int


def sentences(acled: Path) -> list[str]:
    """Distinct real sentences from the sample corpus bodies and the ACLED notes."""
    texts = [read_text(path.read_text("utf-8")).text for path in sorted(CORPUS.glob("*.txt"))]
    with acled.open(newline="", encoding="utf-8") as handle:
        texts += [row["notes"] for row in csv.DictReader(handle)]
    found = {s.strip() for text in texts for s in SENTENCE_END.split(text) if len(s.split()) >= 4}
    return sorted(found)


def light_edit(text: str, pool: list[str], vocabulary: list[str], rng: random.Random) -> str:
    """A reprint: one sentence dropped (if there are many), about 4% of words replaced, one added."""
    parts = SENTENCE_END.split(text)
    if len(parts) >= 5:
        del parts[rng.randrange(len(parts))]
    words = " ".join(parts).split()
    for _ in range(max(1, len(words) // 25)):
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
    return " ".join(words) + " " + rng.choice(pool)


def corpus(size: int, pool: list[str], seed: int) -> tuple[list[str], list[tuple[int, int]]]:
    """``size`` texts of 4-10 pooled sentences, and the (original, copy) index pairs planted."""
    rng = random.Random(seed)
    vocabulary = sorted({word for sentence in pool for word in sentence.split()})
    texts: list[str] = []
    planted: list[tuple[int, int]] = []
    while len(texts) < size:
        if texts and rng.random() < COPY_SHARE:
            original = rng.randrange(len(texts))
            planted.append((original, len(texts)))
            texts.append(light_edit(texts[original], pool, vocabulary, rng))
        else:
            texts.append(" ".join(rng.sample(pool, rng.randint(4, 10))))
    return texts, planted


def reset_peak() -> None:
    """Make VmHWM restart from the current RSS (Linux clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")


def memory_kb(field: str) -> int:
    """A VmRSS/VmHWM figure of this process, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def run(size: int, batch: int, acled: Path, seed: int) -> Run:
    """Store ``size`` documents in batches, assigning stories after each; the figures."""
    texts, planted = corpus(size, sentences(acled), seed)
    documents = [Document.create(text) for text in texts]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.db"
        with Store(path) as store:
            baseline = memory_kb("VmRSS")
            timings, cpu, compared, peak = [], 0.0, 0, 0
            for start in range(0, size, batch):
                chunk = documents[start : start + batch]
                for document in chunk:
                    store.save(Extraction(document))
                reset_peak()
                began, began_cpu = time.perf_counter(), time.process_time()
                compared += assign_stories(store.connection, [d.id for d in chunk]).compared
                timings.append(time.perf_counter() - began)
                cpu += time.process_time() - began_cpu
                peak = max(peak, memory_kb("VmHWM"))
            shared = stories(store.connection, min_documents=2)
            story = {doc: found.id for found in shared for doc in found.doc_ids}
            found = sum(
                1
                for original, copy in planted
                if story.get(documents[copy].id, "copy") == story.get(documents[original].id)
            )
            database = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
    return Run(
        documents=size,
        batch=batch,
        seconds=round(sum(timings), 2),
        cpu_seconds=round(cpu, 2),
        first_batch_ms=round(timings[0] * 1000, 1),
        last_batch_ms=round(timings[-1] * 1000, 1),
        compared_per_document=round(compared / size, 1),
        peak_rss_growth_mb=round((peak - baseline) / 1024, 1),
        database_mb=round(database, 1),
        shared_stories=len(shared),
        planted_copies=len(planted),
        copies_found=found,
    )


def table(runs: list[Run]) -> str:
    """The figures as a Markdown table."""
    header = (
        "| documents | detection s (wall) | CPU s | docs/s (CPU) | first / last batch ms "
        "| pairs compared per doc | peak RSS growth MB | ledger MB | stories with copies "
        "| planted copies found |"
    )
    lines = [header, "|" + "---|" * 10]
    for r in runs:
        lines.append(
            f"| {r.documents:,} | {r.seconds:.1f} | {r.cpu_seconds:.1f} | "
            f"{r.documents / r.cpu_seconds:,.0f} | {r.first_batch_ms:.0f} / {r.last_batch_ms:.0f} | "
            f"{r.compared_per_document:.1f} | {r.peak_rss_growth_mb:.1f} | {r.database_mb:.0f} | "
            f"{r.shared_stories:,} | {r.copies_found:,}/{r.planted_copies:,} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run each size in a child process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--batch", type=int, default=1_000, help="documents stored per ingest batch")
    parser.add_argument("--acled", type=Path, default=ACLED, help="ACLED CSV whose notes are recombined")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(asdict(run(arguments.sizes[0], arguments.batch, arguments.acled, arguments.seed))))
        return
    runs = []
    for size in arguments.sizes:
        command = [
            sys.executable, __file__, "--child", "--sizes", str(size), "--batch", str(arguments.batch),
            "--acled", str(arguments.acled), "--seed", str(arguments.seed),
        ]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        runs.append(Run(**json.loads(output.splitlines()[-1])))
        print(f"{size:,} documents: {runs[-1].seconds} s", file=sys.stderr)
    print(
        f"{len(sentences(arguments.acled)):,} distinct real sentences recombined; "
        f"batch of {arguments.batch:,} documents per assign_stories call"
    )
    print(table(runs))


if __name__ == "__main__":
    main()
