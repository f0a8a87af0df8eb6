"""Temporal expressions scored the TempEval-3 Task A way on TimeBank and AQUAINT (TimeML TIMEX3).

Each document is run through the ingest pipeline with its creation date as the report date; the
``date`` mentions are compared with the gold TIMEX3 annotations:

- strict span F1: a prediction matches a gold timex only with exactly the same character extent;
- relaxed span F1: any overlap counts ("Sunday" for gold "Sunday morning");
- type accuracy and value accuracy: over the relaxed-matched pairs, the share whose ``type`` or
  ``value`` string equals the gold one; value F1 = value accuracy x relaxed F1, as TempEval-3
  defines attribute F1.

TempEval-3's script matches on tokens and lets one prediction overlap several gold timexes; here
matching is on characters and one-to-one (each gold timex pairs with the unpaired prediction that
overlaps it most), so a prediction spanning two gold timexes earns one match, not two.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from warledger.errors import EvaluationError
from warledger.evaluate import Report, Tally, share, timed
from warledger.extract.pipeline import Pipeline
from warledger.model import Document, Extraction, TimeValue

SET_NAME = "timex"


@dataclass(frozen=True)
class Timex:
    """A temporal expression's extent in a document's text, with its TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class GoldDocument:
    """One annotated document: its text, creation date and gold timexes."""

    id: str
    text: str
    dct: date
    timexes: tuple[Timex, ...]


@dataclass(frozen=True)
class TimexScores:
    """Match counts for one or more documents, from which every figure follows."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0

    def __add__(self, other: TimexScores) -> TimexScores:
        return TimexScores(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.strict + other.strict,
            self.relaxed + other.relaxed,
            self.type_correct + other.type_correct,
            self.value_correct + other.value_correct,
        )

    @property
    def strict_tally(self) -> Tally:
        """Exact-extent matches against predictions and gold timexes."""
        return Tally(self.strict, self.predicted, self.gold)

    @property
    def relaxed_tally(self) -> Tally:
        """Overlap matches against predictions and gold timexes."""
        return Tally(self.relaxed, self.predicted, self.gold)

    def figures(self) -> dict[str, float]:
        """The set's fixed figures: strict and relaxed F1, type accuracy and value F1."""
        relaxed_f1 = self.relaxed_tally.f1
        return {
            "strict_f1": round(self.strict_tally.f1, 4),
            "relaxed_f1": round(relaxed_f1, 4),
            "type_accuracy": round(share(self.type_correct, self.relaxed), 4),
            "value_f1": round(share(self.value_correct, self.relaxed) * relaxed_f1, 4),
        }


def overlap(a: Timex, b: Timex) -> int:
    """How many characters two timexes share."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def align(gold: Sequence[Timex], predicted: Sequence[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one (gold, predicted) pairs of overlapping timexes, largest overlaps paired first."""
    candidates = sorted(
        ((overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for shared, i, j in candidates:
        if shared == 0:
            break
        if i not in used_gold and j not in used_predicted:
            used_gold.add(i)
            used_predicted.add(j)
            pairs.append((i, j))
    return [(gold[i], predicted[j]) for i, j in sorted(pairs)]


def score_document(gold: Sequence[Timex], predicted: Sequence[Timex]) -> TimexScores:
    """Strict, relaxed, type and value matches of one document's predictions."""
    pairs = align(gold, predicted)
    return TimexScores(
        gold=len(gold),
        predicted=len(predicted),
        strict=sum(g.start == p.start and g.end == p.end for g, p in pairs),
        relaxed=len(pairs),
        type_correct=sum(g.type == p.type for g, p in pairs),
        value_correct=sum(g.value == p.value for g, p in pairs),
    )


def predicted_timexes(extraction: Extraction) -> list[Timex]:
    """The ``date`` mentions of an extraction as timexes."""
    return [
        Timex(m.span.start, m.span.end, m.value.timex_type, m.value.value)
        for m in extraction.mentions
        if m.kind == "date" and isinstance(m.value, TimeValue)
    ]


def read_documents(data: Path, limit: int | None = None) -> list[GoldDocument]:
    """The annotated documents of a TIMEX3 JSONL file (see the set's README), at most ``limit``."""
    documents: list[GoldDocument] = []
    try:
        with data.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if limit is not None and len(documents) >= limit:
                    break
                if line.strip():
                    documents.append(_parse(json.loads(line)))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{data}: cannot be read as TIMEX3 JSONL: {exc}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise EvaluationError(f"{data}, line {number}: not a TIMEX3 document record: {exc}") from exc
    return documents


def _parse(record: dict[str, Any]) -> GoldDocument:
    """A gold document from one JSONL record."""
    timexes = tuple(Timex(t["start"], t["end"], t["type"], t["value"]) for t in record["timexes"])
    return GoldDocument(record["id"], record["text"], date.fromisoformat(record["dct"]), timexes)


def score(documents: Iterable[GoldDocument], pipeline: Pipeline) -> TimexScores:
    """Run ``pipeline`` over the documents (report date = creation date) and total the matches."""
    documents = list(documents)
    ingested = (Document.create(d.text, date=d.dct) for d in documents)
    total = TimexScores()
    for gold, extraction in zip(documents, pipeline.extract_many(ingested)):
        total += score_document(gold.timexes, predicted_timexes(extraction))
    return total


def run(data: Path, limit: int | None = None) -> Report:
    """Score the default ingest pipeline on a TIMEX3 JSONL file."""

    def body() -> tuple[int, dict[str, Any], dict[str, Any]]:
        documents = read_documents(data, limit)
        totals = score(documents, Pipeline())
        counts = {
            "gold": totals.gold,
            "predicted": totals.predicted,
            "strict_matches": totals.strict,
            "relaxed_matches": totals.relaxed,
            "type_correct": totals.type_correct,
            "value_correct": totals.value_correct,
            "value_accuracy": round(share(totals.value_correct, totals.relaxed), 4),
        }
        return len(documents), totals.figures(), counts

    return timed(body, SET_NAME)
