"""Attribution (who said what) scored on PolNeAR: source, cue and content spans per role.

Each article is run through the ingest pipeline; every claim contributes its source span, cue
span and content span, and every gold attribution its own (a no-source attribution contributes
no source). Each role is scored separately over all articles, as span precision, recall and F1:

- exact: a predicted span matches a gold span when their pieces are identical (a discontinuous
  gold span, given as ``fragments``, can therefore not be matched exactly by one contiguous span);
- overlap: a predicted span matches a gold span when they share at least one character (any
  fragment counts). Matching is one-to-one: the largest set of (prediction, gold) pairs in which
  each side is used at most once, so one long prediction covering two gold spans earns one match.

Repeated spans (one source speaking through several cues) are scored once per attribution, on both
sides.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from warledger.errors import EvaluationError
from warledger.evaluate import Report, Tally, timed
from warledger.extract.pipeline import Pipeline
from warledger.model import Document, Extraction

SET_NAME = "attribution"
ROLES: tuple[str, ...] = ("source", "cue", "content")

Pieces = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article: its text and, per role, the gold spans of its attributions."""

    id: str
    text: str
    published: date | None
    spans: dict[str, list[Pieces]]


@dataclass(frozen=True)
class RoleScore:
    """Match counts of one role, summed over articles."""

    predicted: int = 0
    gold: int = 0
    exact: int = 0
    overlap: int = 0

    def __add__(self, other: RoleScore) -> RoleScore:
        return RoleScore(
            self.predicted + other.predicted,
            self.gold + other.gold,
            self.exact + other.exact,
            self.overlap + other.overlap,
        )

    @property
    def exact_tally(self) -> Tally:
        """Exact-extent matches against predictions and gold spans."""
        return Tally(self.exact, self.predicted, self.gold)

    @property
    def overlap_tally(self) -> Tally:
        """Overlapping one-to-one matches against predictions and gold spans."""
        return Tally(self.overlap, self.predicted, self.gold)


def shared_characters(a: Pieces, b: Pieces) -> int:
    """How many characters two (possibly discontinuous) spans have in common."""
    return sum(max(0, min(a_end, b_end) - max(a_start, b_start)) for a_start, a_end in a for b_start, b_end in b)


def exact_matches(predicted: Sequence[Pieces], gold: Sequence[Pieces]) -> int:
    """One-to-one pairs of identical spans (the size of the multiset intersection)."""
    return sum((Counter(predicted) & Counter(gold)).values())


def overlap_matches(predicted: Sequence[Pieces], gold: Sequence[Pieces]) -> int:
    """The largest number of one-to-one (prediction, gold) pairs that share a character."""
    partners = [[g for g, span in enumerate(gold) if shared_characters(p, span)] for p in predicted]
    owner: dict[int, int] = {}

    def claim(p: int, visited: set[int]) -> bool:
        # augmenting path: take a free gold span, or move its owner to another one
        for g in partners[p]:
            if g in visited:
                continue
            visited.add(g)
            if g not in owner or claim(owner[g], visited):
                owner[g] = p
                return True
        return False

    return sum(claim(p, set()) for p in range(len(predicted)))


def score_role(predicted: Sequence[Pieces], gold: Sequence[Pieces]) -> RoleScore:
    """Exact and overlap matches of one role in one article."""
    return RoleScore(len(predicted), len(gold), exact_matches(predicted, gold), overlap_matches(predicted, gold))


def predicted_spans(extraction: Extraction) -> dict[str, list[Pieces]]:
    """The source, cue and content spans of every claim the pipeline made."""
    spans: dict[str, list[Pieces]] = {role: [] for role in ROLES}
    for claim in extraction.claims:
        if claim.source.span is not None:
            spans["source"].append(((claim.source.span.start, claim.source.span.end),))
        spans["cue"].append(((claim.cue.start, claim.cue.end),))
        spans["content"].append(((claim.content.start, claim.content.end),))
    return spans


def _pieces(span: dict[str, Any]) -> Pieces:
    fragments = span.get("fragments") or [span]
    return tuple((int(f["start"]), int(f["end"])) for f in fragments)


def _article(record: dict[str, Any]) -> GoldArticle:
    spans: dict[str, list[Pieces]] = {role: [] for role in ROLES}
    for attribution in record["attributions"]:
        for role in ROLES:
            if attribution.get(role):
                spans[role].append(_pieces(attribution[role]))
    published = record.get("publication_date")
    return GoldArticle(
        str(record["id"]),
        str(record["text"]),
        date.fromisoformat(published) if published else None,
        spans,
    )


def read_articles(data: Path, limit: int | None = None) -> Iterator[GoldArticle]:
    """The annotated articles of a PolNeAR JSON-lines file, in file order."""
    try:
        lines = data.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{data}: cannot be read ({exc})") from exc
    records = [line for line in lines if line.strip()]
    for number, line in enumerate(records[:limit] if limit else records, 1):
        try:
            yield _article(json.loads(line))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise EvaluationError(f"{data}: article {number} is not a PolNeAR record ({exc})") from exc


def score_articles(articles: Sequence[GoldArticle], pipeline: Pipeline) -> dict[str, RoleScore]:
    """Match counts per role of ``pipeline``'s claims against the gold attributions."""
    documents = [Document.create(a.text, date=a.published, origin=a.id) for a in articles]
    totals = {role: RoleScore() for role in ROLES}
    for article, extraction in zip(articles, pipeline.extract_many(documents)):
        predicted = predicted_spans(extraction)
        for role in ROLES:
            totals[role] = totals[role] + score_role(predicted[role], article.spans[role])
    return totals


def run(data: Path, limit: int | None = None) -> Report:
    """Run the ingest pipeline over PolNeAR articles and score source, cue and content spans."""

    def body() -> tuple[int, dict[str, Any], dict[str, Any]]:
        articles = list(read_articles(data, limit))
        totals = score_articles(articles, Pipeline())
        figures = {
            role: {
                "exact_f1": round(totals[role].exact_tally.f1, 4),
                "overlap_f1": round(totals[role].overlap_tally.f1, 4),
            }
            for role in ROLES
        }
        counts = {
            role: {
                "predicted": totals[role].predicted,
                "gold": totals[role].gold,
                "exact_matches": totals[role].exact,
                "overlap_matches": totals[role].overlap,
                "overlap_precision": round(totals[role].overlap_tally.precision, 4),
                "overlap_recall": round(totals[role].overlap_tally.recall, 4),
            }
            for role in ROLES
        }
        return len(articles), figures, counts

    return timed(body, SET_NAME)
