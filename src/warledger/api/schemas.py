"""Pydantic response and request models: the OpenAPI schema at /openapi.json is built from these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from warledger.model import EventType, Modality
from warledger.store.planner import Limits


class ErrorOut(BaseModel):
    """Every error: a short machine code and a message saying what to do."""

    error: str = Field(examples=["bad_parameter"])
    detail: str


class SpanOut(BaseModel):
    """Provenance: document, sentence index, character offsets in the document text, the text."""

    doc: str
    sentence: int
    start: int
    end: int
    text: str


class FieldOut(BaseModel):
    """One event argument with its typed value, hedge and supporting span."""

    role: str
    value: str
    typed: dict[str, Any] | None = None
    hedge: str | None = None
    doc: str
    sentence: int
    start: int
    end: int
    text: str


class SourceOut(BaseModel):
    """Who said something."""

    name: str
    kind: str
    role: str | None = None
    organisation: str | None = None
    venue: str | None = None
    span: SpanOut | None = None


class PlaceOut(BaseModel):
    """Where an event happened (its place field, else a target that is a place)."""

    name: str
    lat: float
    lon: float
    admin1: str | None = None
    country: str | None = None


class DateOut(BaseModel):
    """The calendar interval of the event's date."""

    start: dt.date | None = None
    end: dt.date | None = None


class EventOut(BaseModel):
    """An event with every field and its provenance, its place and its date."""

    id: str
    type: EventType
    modality: Modality
    aggregate: bool
    doc: str
    sentence: int
    trigger: SpanOut
    fields: list[FieldOut]
    source: SourceOut | None = None
    place: PlaceOut | None = None
    date: DateOut | None = None


class EventPageOut(BaseModel):
    """One page of events; ``next_cursor`` is null on the last page. Matching events are counted
    up to a limit: ``count`` is their number when ``count_exact`` is true, else more than ``count``
    match."""

    items: list[EventOut]
    next_cursor: str | None
    count: int = Field(description=f"Events matching the filters, counted up to {Limits.count:,}.")
    count_exact: bool = Field(description="False when more events than count match.")


class DocumentRefOut(BaseModel):
    """What is known about where a report came from."""

    id: str
    date: dt.date | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None


class ClaimOut(BaseModel):
    """An attributed proposition: who said (cue) what (content), and the events it supports."""

    id: str
    doc: str
    sentence: int
    modality: Modality
    source: SourceOut
    cue: SpanOut
    content: SpanOut
    event_ids: list[str]


class ReportOut(BaseModel):
    """Another report of the same real-world event, and why it was merged with this one."""

    event_id: str
    doc: str
    publisher: str | None = None
    report_date: dt.date | None = None
    story: str
    reasons: list[str]


class EventDetailOut(EventOut):
    """An event with the text of every sentence its spans lie in, its document, claims and reports."""

    sentences: dict[str, str]
    document: DocumentRefOut
    claims: list[ClaimOut]
    reports: list[ReportOut]


class MentionOut(BaseModel):
    """A typed value found in the document text at [start, end)."""

    kind: str
    start: int
    end: int
    text: str
    value: dict[str, Any]


class DocumentOut(DocumentRefOut):
    """A stored report: its text and the span of every mention in it."""

    text: str
    origin: str | None = None
    mentions: list[MentionOut]


class ActorOut(BaseModel):
    """An actor and how many events name it."""

    id: str
    name: str
    kind: str
    events: int


class PlaceCountOut(PlaceOut):
    """An event location and how many events happened there."""

    events: int


class DayOut(BaseModel):
    """Events of one type dated to one day."""

    day: dt.date
    type: EventType
    count: int


class StatsOut(BaseModel):
    """What the ledger holds; ``by_day`` counts events dated to a single day."""

    documents: int
    events: int
    claims: int
    by_type: dict[str, int]
    by_day: list[DayOut]


class DocumentIn(BaseModel):
    """One report to ingest; ``date`` is the report date that relative dates resolve against."""

    text: str = Field(description="The report body (a seed-style ' date YYYY-MM-DD ' header is honoured).")
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None


class IngestOut(BaseModel):
    """The stored (or already stored) document and how many events were extracted from it."""

    doc_id: str
    events: int
    status: str = Field(examples=["stored", "skipped"])
