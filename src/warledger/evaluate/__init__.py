"""Scoring warledger on real, independently coded evaluation sets (one module per set).

Every scorer runs exactly the pipeline that ``warledger ingest`` runs
(:class:`warledger.extract.pipeline.Pipeline`) and returns a :class:`Report` whose ``figures`` carry
the set's fixed JSON keys. ``SCORERS`` maps the public set name to its module; each module exposes
``run(data: Path, limit: int | None = None) -> Report``.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warledger.errors import EvaluationError

SCORERS: dict[str, str] = {
    "geoparsing": "geoparsing",
    "timex": "timex",
    "event-args": "event_args",
    "attribution": "attribution",
    "acled": "acled",
    "cir": "cir",
    "ucdp": "ucdp",
    "coref": "coref",
}


@dataclass
class Report:
    """The figures of one evaluation run, with the counts behind them."""

    set: str
    documents: int
    seconds: float
    figures: dict[str, Any]
    counts: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The report as the fixed JSON object of its set."""
        return {"set": self.set, "documents": self.documents, "seconds": round(self.seconds, 2), **self.figures, "counts": self.counts}


@dataclass(frozen=True)
class Tally:
    """True positives, predictions and gold items, and the precision, recall and F1 they give."""

    tp: float
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        """Share of predictions that are right."""
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Share of gold items found."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def share(numerator: float, denominator: float) -> float:
    """numerator / denominator, or 0.0 when there is nothing to divide by."""
    return numerator / denominator if denominator else 0.0


def timed(run: Callable[[], tuple[int, dict[str, Any], dict[str, Any]]], set_name: str) -> Report:
    """Run a scorer body returning (documents, figures, counts) and time it into a Report."""
    began = time.perf_counter()
    documents, figures, counts = run()
    return Report(set_name, documents, time.perf_counter() - began, figures, counts)


def flatten_figures(figures: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested figures as (dotted name, value) rows: ``per_corpus.LGL.recall``."""
    rows: list[tuple[str, Any]] = []
    for name, value in figures.items():
        if isinstance(value, dict):
            rows.extend(flatten_figures(value, f"{prefix}{name}."))
        else:
            rows.append((f"{prefix}{name}", value))
    return rows


def evaluate(set_name: str, data: Path, limit: int | None = None) -> Report:
    """Score the pipeline on one evaluation set's file."""
    module_name = SCORERS.get(set_name)
    if module_name is None:
        raise EvaluationError(f"unknown evaluation set {set_name!r}; known: {', '.join(SCORERS)}")
    if not data.is_file():
        raise EvaluationError(f"{data}: no such evaluation file")
    if limit is not None and limit < 1:
        raise EvaluationError(f"--limit must be a positive number of documents, not {limit}")
    module = importlib.import_module(f"warledger.evaluate.{module_name}")
    report: Report = module.run(data, limit)
    return report
