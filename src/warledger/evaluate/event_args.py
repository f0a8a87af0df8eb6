"""Event arguments given the gold trigger, scored on RAMS 1.0 and WikiEvents (``eval/event_args``).

The standard task of both corpora: each record names one event trigger and its type, and the
system fills that event's roles. Only the attack and transfer families of
``event_args_roles.yaml`` are scored. Each record's text goes through the default pipeline's
extractors (every one but ``events``), then :meth:`EventAssembler.arguments_at` assembles the gold
trigger as a warledger attack or arms transfer with the code the pipeline runs for the triggers it
finds itself. Every field of a scored role is a prediction; a record's other events are ignored
(RAMS annotates one event per record).

Two matches, each one-to-one within a record and a role, micro-averaged over records:

- exact: the field's span has the gold argument's character offsets;
- head: the field's span and the gold span have the same head word, the syntactic head that
  spaCy's parser gives the span (``Span.root``) in the parse of the record's text ("the city of
  Kharkiv" is headed by "city", "Russian forces" by "forces").

WikiEvents also lists the other mentions of each argument's entity (``coref_mentions``); a field
matching any of them, exactly or by head, matches the argument.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from warledger.errors import ConfigError, EvaluationError
from warledger.evaluate import Report, Tally, timed
from warledger.evaluate.coded import load_eval_data
from warledger.extract.base import ExtractionContext
from warledger.extract.events import EventAssembler
from warledger.extract.pipeline import DEFAULT_COMPONENTS, Pipeline
from warledger.model import Document, Event, EventType, Extraction

SET_NAME = "event-args"
ROLES_FILE = "event_args_roles.yaml"

Offsets = tuple[int, int]


@dataclass(frozen=True)
class Family:
    """One scored event family: the gold types it covers and how its roles map."""

    name: str
    event_type: EventType
    gold_types: tuple[str, ...]
    excluded_subtypes: frozenset[str]
    scored: dict[str, str]
    gold_roles: dict[str, str]

    def covers(self, gold_type: str) -> bool:
        """Whether a corpus event type belongs to this family."""
        lowered = gold_type.lower()
        return lowered.startswith(self.gold_types) and lowered.rsplit(".", 1)[-1] not in self.excluded_subtypes


def load_families() -> list[Family]:
    """The scored families of ``event_args_roles.yaml``."""
    table = load_eval_data(ROLES_FILE)
    try:
        return [
            Family(
                name,
                EventType(spec["event_type"]),
                tuple(t.lower() for t in spec["gold_types"]),
                frozenset(spec["excluded_subtypes"]),
                {ours: role["scored"] for ours, role in spec["roles"].items()},
                {gold.lower(): role["scored"] for role in spec["roles"].values() for gold in role["gold"]},
            )
            for name, spec in table["families"].items()
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"evaluation data file {ROLES_FILE} is malformed: {exc}") from exc


@dataclass(frozen=True)
class GoldArgument:
    """One annotated argument: its scored role, its span, and its entity's other mentions."""

    role: str
    spans: tuple[Offsets, ...]


@dataclass(frozen=True)
class GoldEvent:
    """One record of a scored family: the text, the gold trigger and its scored arguments."""

    id: str
    text: str
    trigger: Offsets
    family: Family
    arguments: tuple[GoldArgument, ...]


def read_events(data: Path, families: Sequence[Family], limit: int | None = None) -> list[GoldEvent]:
    """The records of ``data`` that belong to a scored family (at most ``limit`` of them)."""
    events: list[GoldEvent] = []
    try:
        with data.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if limit is not None and len(events) >= limit:
                    break
                if line.strip():
                    event = _gold_event(json.loads(line), families)
                    if event is not None:
                        events.append(event)
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{data}: cannot be read: {exc}") from exc
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise EvaluationError(f"{data}: line {number} is not an event-argument record: {exc}") from exc
    return events


def _gold_event(record: dict[str, Any], families: Sequence[Family]) -> GoldEvent | None:
    family = next((f for f in families if f.covers(record["event_type"])), None)
    if family is None:
        return None
    arguments = tuple(
        GoldArgument(
            family.gold_roles[argument["role"].lower()],
            ((argument["start"], argument["end"]), *((m["start"], m["end"]) for m in argument.get("coref_mentions", []))),
        )
        for argument in record["arguments"]
        if argument["role"].lower() in family.gold_roles
    )
    trigger = record["trigger"]
    return GoldEvent(record["id"], record["text"], (trigger["start"], trigger["end"]), family, arguments)


@dataclass
class RoleTally:
    """Predictions, gold arguments and both kinds of match of one role, summed over records."""

    predicted: int = 0
    gold: int = 0
    exact: int = 0
    head: int = 0

    def add(self, other: RoleTally) -> None:
        """Add another tally's counts to this one."""
        self.predicted += other.predicted
        self.gold += other.gold
        self.exact += other.exact
        self.head += other.head

    def figures(self) -> dict[str, float]:
        """Exact-span and head-word F1."""
        return {
            "exact_f1": round(Tally(self.exact, self.predicted, self.gold).f1, 4),
            "head_f1": round(Tally(self.head, self.predicted, self.gold).f1, 4),
        }


def head_of(doc: Doc, offsets: Offsets) -> int | None:
    """The token index of the syntactic head of the characters ``offsets`` (None if no token)."""
    span = doc.char_span(offsets[0], offsets[1], alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def matches(predicted: Sequence[Offsets], gold: Sequence[GoldArgument], same: Any) -> int:
    """How many predictions match a distinct gold argument under ``same(predicted, gold_span)``."""
    used: set[int] = set()
    for offsets in predicted:
        found = next(
            (i for i, g in enumerate(gold) if i not in used and any(same(offsets, s) for s in g.spans)), None
        )
        if found is not None:
            used.add(found)
    return len(used)


def score_event(doc: Doc, gold: GoldEvent, event: Event | None) -> dict[str, RoleTally]:
    """Per scored role, the tally of one record's assembled event against its gold arguments."""
    tallies: dict[str, RoleTally] = {}
    fields = event.fields if event is not None else []
    for ours, role in gold.family.scored.items():
        predicted = list(dict.fromkeys((f.span.start, f.span.end) for f in fields if f.role == ours))
        arguments = [a for a in gold.arguments if a.role == role]
        tallies[role] = RoleTally(
            len(predicted),
            len(arguments),
            matches(predicted, arguments, lambda p, g: p == g),
            matches(predicted, arguments, lambda p, g: head_of(doc, p) is not None and head_of(doc, p) == head_of(doc, g)),
        )
    return tallies


def contexts(pipeline: Pipeline, texts: Sequence[str]) -> Iterator[ExtractionContext]:
    """Each text parsed and run through the pipeline's extractors, as a context (in order)."""
    documents = [Document.create(text) for text in texts]
    pairs = pipeline.nlp.pipe(((d.text, d) for d in documents), as_tuples=True)
    for doc, document in pairs:
        context = ExtractionContext(doc, Extraction(document))
        for component in pipeline.components:
            component(context)
        yield context


def score(events: Sequence[GoldEvent]) -> dict[str, RoleTally]:
    """Per scored role, tallies over every record (each distinct text extracted once)."""
    pipeline = Pipeline(tuple(name for name in DEFAULT_COMPONENTS if name != "events"))
    assembler = EventAssembler()
    texts = list(dict.fromkeys(e.text for e in events))
    by_text = dict(zip(texts, contexts(pipeline, texts)))
    totals: dict[str, RoleTally] = {}
    for gold in events:
        context = by_text[gold.text]
        event = assembler.arguments_at(context, *gold.trigger, gold.family.event_type)
        for role, tally in score_event(context.doc, gold, event).items():
            totals.setdefault(role, RoleTally()).add(tally)
    return totals


def run(data: Path, limit: int | None = None) -> Report:
    """Score argument filling on an event-argument JSONL file (RAMS or WikiEvents)."""

    def body() -> tuple[int, dict[str, Any], dict[str, Any]]:
        families = load_families()
        events = read_events(data, families, limit)
        totals = score(events)
        for family in families:  # every role is reported, scored or not
            for role in family.scored.values():
                totals.setdefault(role, RoleTally())
        overall = RoleTally()
        for tally in totals.values():
            overall.add(tally)
        figures = {
            "attack_transfer": overall.figures(),
            "per_role": {role: tally.figures() for role, tally in sorted(totals.items())},
        }
        counts: dict[str, Any] = {role: vars(tally) for role, tally in sorted(totals.items())}
        counts["events"] = dict(Counter(e.family.name for e in events))
        return len(events), figures, counts

    return timed(body, SET_NAME)
