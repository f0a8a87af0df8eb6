"""Builds a benchmark corpus: N distinct reports recombined from real text, as one JSON Lines file.

Sources, read at run time and never committed: the bodies of the sample corpus
(``examples/corpus``) and the ``notes`` of ``../shared/eval/acled/dev.csv``. Each report is one
sample body or one to three ACLED notes; every place name the ACLED file knows is swapped for
another of its places, every "12 March 2022"-style date is moved to a new day, and the report is
dated on or just after that day. Reports are distinct by content id, so an ingest stores them all.

    .venv/bin/python benchmarks/build_corpus.py --documents 2000              # build/bench/mixed-2000.jsonl
    .venv/bin/python benchmarks/build_corpus.py --documents 100000 --kind sentences

``--kind mixed`` (the default) mixes sample bodies and notes about one to four; ``--kind
sentences`` gives one-sentence reports (the first sentence of a note), for runs of 100,000.
A file already built with the same arguments is reused.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from warledger.ingest import read_documents
from warledger.model import Document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "corpus"
ACLED = ROOT.parent / "shared" / "eval" / "acled" / "dev.csv"
BUILD = ROOT / "build" / "bench"
KINDS = ("mixed", "sentences")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAY_MONTH_YEAR = re.compile(rf"\b\d{{1,2}} (?:{'|'.join(MONTHS)}) (?:19|20)\d\d\b")
FIRST_SENTENCE = re.compile(r"^.+?[.!?](?=\s+[A-Z]|$)")
FIRST_DAY, LAST_DAY = date(2018, 1, 1), date(2025, 12, 31)
# One report in four is a sample-corpus body (long); the rest are ACLED notes (short).
SAMPLE_SHARE = 0.25
PUBLISHERS = ("Kyiv Wire", "Eastern Desk", "Frontline Monitor", "Black Sea Bulletin", "Steppe Courier")


@dataclass(frozen=True)
class Sources:
    """The real text the reports are recombined from, and the place names to swap."""

    bodies: list[str]
    notes: list[str]
    places: list[str]

    @classmethod
    def load(cls) -> Sources:
        """The sample corpus bodies, the ACLED notes (without their 'Shelling:' label) and places."""
        bodies = [d.text for d in read_documents([SAMPLE]) if isinstance(d, Document)]
        with ACLED.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        notes = [re.sub(r"^[A-Z][\w /-]{0,40}: ", "", row["notes"]).strip() for row in rows if row["notes"].strip()]
        places = sorted({row["location"] for row in rows if len(row["location"]) > 3})
        return cls(bodies, notes, places)


class Recombiner:
    """Makes distinct reports from :class:`Sources` with a seeded random generator."""

    def __init__(self, sources: Sources, kind: str, seed: int) -> None:
        self.sources = sources
        self.kind = kind
        self.random = random.Random(seed)
        # Longest first, so "Kramatorsk" is not read as a shorter name inside it.
        names = sorted(sources.places, key=len, reverse=True)
        self.place_pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")

    def report(self) -> dict[str, str]:
        """One report record: text, date, title and publisher."""
        day = FIRST_DAY + timedelta(days=self.random.randrange((LAST_DAY - FIRST_DAY).days))
        text = self._place_swapped(self._dated(self._base(), day))
        reported = day + timedelta(days=self.random.choice((0, 0, 1, 2)))
        return {
            "text": text,
            "date": reported.isoformat(),
            "title": text.split(".", 1)[0][:80],
            "publisher": self.random.choice(PUBLISHERS),
        }

    def _base(self) -> str:
        notes = self.sources.notes
        if self.kind == "sentences":
            note = self.random.choice(notes)
            found = FIRST_SENTENCE.match(note)
            return found.group(0) if found else note
        if self.random.random() < SAMPLE_SHARE:
            return self.random.choice(self.sources.bodies)
        return " ".join(self.random.sample(notes, self.random.randint(1, 3)))

    def _dated(self, text: str, day: date) -> str:
        shifted = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        return DAY_MONTH_YEAR.sub(shifted, text)

    def _place_swapped(self, text: str) -> str:
        chosen: dict[str, str] = {}
        # One name keeps one replacement within a report, so a report stays about one place.
        return self.place_pattern.sub(
            lambda m: chosen.setdefault(m.group(0), self.random.choice(self.sources.places)), text
        )


def reports(documents: int, kind: str = "mixed", seed: int = 7) -> Iterator[dict[str, str]]:
    """``documents`` distinct report records (distinct content ids), deterministic for a seed."""
    recombiner = Recombiner(Sources.load(), kind, seed)
    seen: set[str] = set()
    while len(seen) < documents:
        record = recombiner.report()
        key = Document.content_id(record["text"])
        if key not in seen:
            seen.add(key)
            yield record


def build(documents: int, kind: str = "mixed", seed: int = 7, folder: Path = BUILD) -> Path:
    """The JSON Lines corpus file for these arguments, written unless already there."""
    path = folder / f"{kind}-{documents}-{seed}.jsonl"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        for record in reports(documents, kind, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(path)
    return path


def main() -> None:
    """Build one corpus file and print its path."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--kind", choices=KINDS, default="mixed")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--folder", type=Path, default=BUILD)
    arguments = parser.parse_args()
    print(build(arguments.documents, arguments.kind, arguments.seed, arguments.folder))


if __name__ == "__main__":
    main()
