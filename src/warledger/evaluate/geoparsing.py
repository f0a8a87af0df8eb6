"""``warledger eval geoparsing``: toponym recognition and resolution on real news corpora.

The set (``shared/eval/geoparsing``) holds GeoWebNews, LGL, TR-News and GeoVirus articles with
human-annotated toponym spans and coordinates. Scoring follows Gritta et al. ("What's missing in
geographical parsing?", 2018; "A Pragmatic Guide to Geoparsing Evaluation", 2020):

- recognition: a gold toponym is recalled, and a predicted place mention is right, when the two
  spans overlap by at least one character (lenient matching); each gold and each predicted span
  is matched at most once, greedily in text order;
- resolution, over the recalled gold toponyms: the great-circle error between predicted and gold
  coordinates; ``acc_161km`` is the share of errors strictly below 161 km (100 miles), and
  ``auc`` is the area under the curve of ln(error_km + 1) sorted ascending, integrated with the
  trapezoidal rule at unit spacing and divided by ln(20039) x (n - 1) (20,039 km is half the
  Earth's circumference), so 0 means every toponym placed exactly and 1 every one antipodal.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from warledger.errors import EvaluationError
from warledger.evaluate import Report, Tally, share, timed
from warledger.extract.pipeline import Pipeline
from warledger.extract.places import haversine_km
from warledger.model import Document, Place

SET_NAME = "geoparsing"
ACCURACY_KM = 161.0
HALF_EARTH_KM = 20039.0
# The corpora annotate demonyms ("Ukrainian") as toponyms; the places extractor emits them apart.
PLACE_KINDS = frozenset({"place", "demonym_place"})


@dataclass(frozen=True)
class Located:
    """A toponym span with coordinates, gold or predicted."""

    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True)
class GoldDocument:
    """One evaluation article and its annotated toponyms."""

    id: str
    corpus: str
    text: str
    date: date | None
    toponyms: tuple[Located, ...]


def read_documents(data: Path, limit: int | None = None) -> list[GoldDocument]:
    """The set's JSONL file as documents (the first ``limit`` of each corpus, if given)."""
    documents: list[GoldDocument] = []
    taken: dict[str, int] = defaultdict(int)
    try:
        lines = data.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{data}: cannot be read ({exc})") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            corpus = record["corpus"]
            if limit is not None and taken[corpus] >= limit:
                continue
            toponyms = tuple(
                Located(t["start"], t["end"], float(t["lat"]), float(t["lon"])) for t in record["toponyms"]
            )
            documents.append(
                GoldDocument(
                    record["id"],
                    corpus,
                    record["text"],
                    _report_date(record.get("date")),
                    toponyms,
                )
            )
            taken[corpus] += 1
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise EvaluationError(f"{data}:{number}: not a geoparsing record ({exc})") from exc
    return documents


def _report_date(value: str | None) -> date | None:
    """The record's date where it is an ISO date; some sources give only "December 1"."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def match_spans(gold: Sequence[Located], predicted: Sequence[Located]) -> list[tuple[Located, Located]]:
    """Pairs of overlapping gold and predicted spans, each used once, greedily in text order."""
    pairs: list[tuple[Located, Located]] = []
    used: set[int] = set()
    for g in sorted(gold, key=lambda x: (x.start, x.end)):
        for i, p in enumerate(predicted):
            if i not in used and p.start < g.end and g.start < p.end:
                pairs.append((g, p))
                used.add(i)
                break
    return pairs


def error_km(gold: Located, predicted: Located) -> float:
    """Great-circle distance between a gold and a predicted location."""
    return haversine_km(gold.lat, gold.lon, predicted.lat, predicted.lon)


def accuracy_at(errors: Sequence[float], km: float = ACCURACY_KM) -> float:
    """Share of errors strictly below ``km``."""
    return share(sum(1 for e in errors if e < km), len(errors))


def error_auc(errors: Sequence[float]) -> float:
    """Gritta et al.'s AUC of the sorted log error curve, normalised to [0, 1] (lower is better)."""
    if not errors:
        return 0.0
    logs = sorted(math.log(e + 1) for e in errors)
    if len(logs) == 1:
        return logs[0] / math.log(HALF_EARTH_KM)
    area = sum((a + b) / 2 for a, b in zip(logs, logs[1:]))
    return area / (math.log(HALF_EARTH_KM) * (len(logs) - 1))


def _predicted(places: Sequence[tuple[int, int, Place]]) -> list[Located]:
    return [Located(start, end, p.lat, p.lon) for start, end, p in places]


def _documents_places(documents: Sequence[GoldDocument]) -> Iterator[list[Located]]:
    """Run the full pipeline and yield each document's predicted place mentions."""
    pipeline = Pipeline()
    extractions = pipeline.extract_many(Document.create(d.text, date=d.date) for d in documents)
    for extraction in extractions:
        yield _predicted(
            [(m.span.start, m.span.end, m.value) for m in extraction.mentions if m.kind in PLACE_KINDS and isinstance(m.value, Place)]
        )


def score(documents: Sequence[GoldDocument], predictions: Sequence[Sequence[Located]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Per-corpus figures and counts from gold documents and their predicted places."""
    gold_count: dict[str, int] = defaultdict(int)
    predicted_count: dict[str, int] = defaultdict(int)
    errors: dict[str, list[float]] = defaultdict(list)
    for document, predicted in zip(documents, predictions, strict=True):
        pairs = match_spans(document.toponyms, predicted)
        gold_count[document.corpus] += len(document.toponyms)
        predicted_count[document.corpus] += len(predicted)
        errors[document.corpus].extend(error_km(g, p) for g, p in pairs)
    figures: dict[str, dict[str, float]] = {}
    counts: dict[str, dict[str, int]] = {}
    for corpus in sorted(gold_count):
        matched = len(errors[corpus])
        tally = Tally(matched, predicted_count[corpus], gold_count[corpus])
        figures[corpus] = {
            "recall": round(tally.recall, 4),
            "precision": round(tally.precision, 4),
            "acc_161km": round(accuracy_at(errors[corpus]), 4),
            "auc": round(error_auc(errors[corpus]), 4),
        }
        counts[corpus] = {"gold": gold_count[corpus], "predicted": predicted_count[corpus], "matched": matched}
    return {"per_corpus": figures}, counts


def run(data: Path, limit: int | None = None) -> Report:
    """Score the default pipeline on the set (``limit``: first documents of each corpus)."""

    def body() -> tuple[int, dict[str, Any], dict[str, Any]]:
        documents = read_documents(data, limit)
        predictions = list(_documents_places(documents))
        figures, counts = score(documents, predictions)
        return len(documents), figures, counts

    return timed(body, SET_NAME)
