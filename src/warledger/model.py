"""Record types that flow through warledger: ingest -> extract -> resolve -> store.

Every extracted value carries a :class:`Span`: the document id, the sentence index and the
character offsets in the document's text, plus the text itself, so any figure can be traced
back to the exact characters that support it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Union


class Qualifier(str, Enum):
    """How a reported number relates to the true one ("about 50", "at least three")."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    MORE_THAN = "more_than"
    FEWER_THAN = "fewer_than"
    UP_TO = "up_to"
    RANGE = "range"


class Modality(str, Enum):
    """Whether the text asserts an event, reports someone's claim, fears it, or denies it."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    POTENTIAL = "potential"
    DENIED = "denied"


class EventType(str, Enum):
    """The kinds of event warledger assembles."""

    ATTACK = "attack"
    ARMS_TRANSFER = "arms_transfer"
    STATEMENT = "statement"
    ACCUSATION = "accusation"
    DENIAL = "denial"
    COOPERATION = "cooperation"
    INVASION = "invasion"


class Precision(str, Enum):
    """The granularity of a resolved date or a geocoded place."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


@dataclass(frozen=True)
class Span:
    """Provenance of one value: where in which document the supporting text lies."""

    doc: str
    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """One report as ingested: its body text and what is known about where it came from."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    origin: str | None = None

    @staticmethod
    def content_id(text: str) -> str:
        """The stable id of a document: a hash of its normalised body text."""
        normalised = " ".join(text.split())
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def create(
        cls,
        text: str,
        date: date | None = None,
        title: str | None = None,
        url: str | None = None,
        publisher: str | None = None,
        origin: str | None = None,
    ) -> Document:
        """A document whose id is derived from its text (so re-ingest is idempotent)."""
        return cls(cls.content_id(text), text, date, title, url, publisher, origin)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, with its offsets in the document text."""

    doc: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    """A canonical actor: a state, its armed forces, an organisation, or a person."""

    id: str
    name: str
    kind: str
    country: str | None = None


@dataclass(frozen=True)
class Weapon:
    """A weapon system or a generic weapon class, with its category and country of origin."""

    id: str
    name: str
    category: str
    origin: str | None = None
    generic: bool = False


@dataclass(frozen=True)
class PlaceCandidate:
    """One gazetteer entry a place name could refer to."""

    geonames_id: int
    name: str
    lat: float
    lon: float
    admin1: str | None
    country: str | None
    country_code: str | None
    feature: str
    population: int
    score: float = 0.0


@dataclass(frozen=True)
class Place:
    """A geocoded place: the chosen candidate and the ones it was chosen from."""

    name: str
    geonames_id: int | None
    lat: float
    lon: float
    admin1: str | None
    country: str | None
    country_code: str | None
    feature: str
    candidates: tuple[PlaceCandidate, ...] = ()


@dataclass(frozen=True)
class TimeValue:
    """A temporal expression resolved against the report date.

    ``value`` is a TIMEX3 value ("2022-02", "2024-03-17", "P3D", "PRESENT_REF"); ``start`` and
    ``end`` bound the calendar interval when the expression denotes one.
    """

    value: str
    timex_type: str
    precision: Precision | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Quantity:
    """A reported number with its qualifier and unit ("approximately 7,000 containers")."""

    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier
    unit: str | None = None


@dataclass(frozen=True)
class Source:
    """Who said something: a person and/or organisation, their role, and the venue."""

    name: str
    kind: str
    role: str | None = None
    organisation: str | None = None
    venue: str | None = None
    span: Span | None = None


MentionValue = Union[Actor, Weapon, Place, TimeValue, Quantity, Source]


@dataclass(frozen=True)
class Mention:
    """A typed value an extractor found in a document, with its provenance."""

    kind: str
    span: Span
    value: MentionValue


@dataclass(frozen=True)
class EventField:
    """One argument of an event: role, display value, typed value, supporting span, and any hedge.

    ``hedge`` holds the word that weakens this one argument ("potentially China").
    """

    role: str
    value: str
    span: Span
    typed: MentionValue | None = None
    hedge: str | None = None


@dataclass
class Event:
    """An event assembled from one sentence (or a short window) of one document."""

    id: str
    doc: str
    type: EventType
    modality: Modality
    sentence: int
    trigger: Span
    fields: list[EventField] = field(default_factory=list)
    source: Source | None = None
    aggregate: bool = False

    def values(self, role: str) -> list[EventField]:
        """Every field with this role, in text order."""
        return [f for f in self.fields if f.role == role]

    def value(self, role: str) -> EventField | None:
        """The first field with this role, or None."""
        found = self.values(role)
        return found[0] if found else None


@dataclass(frozen=True)
class Claim:
    """An attributed proposition: who said (cue) what (content), linked to the events it supports."""

    id: str
    doc: str
    sentence: int
    source: Source
    cue: Span
    content: Span
    modality: Modality
    event_ids: tuple[str, ...] = ()


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
