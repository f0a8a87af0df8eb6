"""Inserting one document's extraction into the ledger (the caller owns the transaction)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from warledger.errors import StoreError
from warledger.model import Claim, Event, EventType, Extraction, MentionValue, Modality, Source, Span
from warledger.store.codec import encode_value
from warledger.store.indexing import (
    actor_keys,
    date_bounds,
    event_place,
    location_keys,
    place_keys,
    weapon_keys,
    weapon_origin_keys,
)

SpanColumns = tuple[int | None, int | None, int | None, str | None]


def check_provenance(extraction: Extraction) -> None:
    """Refuse an extraction whose spans point into a document other than its own."""
    doc_id = extraction.document.id
    for what, doc in _provenance(extraction):
        if doc != doc_id:
            raise StoreError(
                f"document {doc_id}: {what} points at document {doc!r}; "
                "spans must refer to the document they were extracted from"
            )


def insert_extraction(connection: sqlite3.Connection, extraction: Extraction) -> None:
    """Insert a document and everything extracted from it, one statement per table."""
    document = extraction.document
    connection.execute(
        "INSERT INTO documents (id, text, date, title, url, publisher, origin, ingested_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document.id,
            document.text,
            document.date.isoformat() if document.date else None,
            document.title,
            document.url,
            document.publisher,
            document.origin,
            datetime.now(UTC).isoformat(timespec="seconds"),
        ),
    )
    connection.executemany(
        "INSERT INTO sentences (doc, idx, start, end, text) VALUES (?, ?, ?, ?, ?)",
        [(s.doc, s.index, s.start, s.end, s.text) for s in extraction.sentences],
    )
    rows = _Rows()
    connection.executemany(
        "INSERT INTO mentions (doc, kind, sentence, start, end, text, value)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(m.span.doc, m.kind, *_span_columns(m.span), rows.encode(m.value)) for m in extraction.mentions],
    )
    sources = _source_ids(
        connection,
        [e.source for e in extraction.events if e.source] + [c.source for c in extraction.claims],
    )
    for event in extraction.events:
        rows.add_event(event, sources)
    for claim in extraction.claims:
        rows.add_claim(claim, sources)
    for sql, table_rows in rows.statements():
        if table_rows:
            connection.executemany(sql, table_rows)


@dataclass
class _Rows:
    """The rows of a document's events and claims, gathered per table to insert each in one go."""

    events: list[tuple] = field(default_factory=list)
    fields: list[tuple] = field(default_factory=list)
    keys: list[tuple] = field(default_factory=list)
    geo: list[tuple] = field(default_factory=list)
    claims: list[tuple] = field(default_factory=list)
    claim_events: list[tuple] = field(default_factory=list)
    # Value object id -> its JSON: a typed field mostly holds the very object of a mention.
    encoded: dict[int, str] = field(default_factory=dict)

    def encode(self, value: MentionValue) -> str:
        """:func:`encode_value`, once per value object (the extraction keeps every one alive)."""
        text = self.encoded.get(id(value))
        if text is None:
            text = self.encoded[id(value)] = encode_value(value)
        return text

    def add_event(self, event: Event, sources: dict[Source, int]) -> None:
        """The event's row, its fields, its search keys and its location."""
        date_start, date_end = date_bounds(event)
        self.events.append(
            (
                event.id,
                event.doc,
                EventType(event.type).value,
                Modality(event.modality).value,
                event.sentence,
                *_span_columns(event.trigger),
                int(event.aggregate),
                sources[event.source] if event.source else None,
                *_span_columns(event.source.span if event.source else None),
                date_start.isoformat() if date_start else None,
                date_end.isoformat() if date_end else None,
            )
        )
        self.fields.extend(
            (
                event.id,
                position,
                f.role,
                f.value,
                self.encode(f.typed) if f.typed is not None else None,
                f.hedge,
                f.span.doc,
                *_span_columns(f.span),
            )
            for position, f in enumerate(event.fields)
        )
        self.keys.extend(
            (facet, key, event.id) for facet, keys in _search_keys(event).items() for key in keys
        )
        place = event_place(event)
        if place is not None:
            self.geo.append(
                (event.id, place.name, place.lat, place.lon, place.admin1, place.country, place.country_code)
            )

    def add_claim(self, claim: Claim, sources: dict[Source, int]) -> None:
        """The claim's row and the events it supports."""
        self.claims.append(
            (
                claim.id,
                claim.doc,
                claim.sentence,
                sources[claim.source],
                *_span_columns(claim.source.span),
                *_span_columns(claim.cue),
                *_span_columns(claim.content),
                Modality(claim.modality).value,
            )
        )
        self.claim_events.extend(
            (claim.id, position, event_id) for position, event_id in enumerate(claim.event_ids)
        )

    def statements(self) -> list[tuple[str, list[tuple]]]:
        """(INSERT statement, rows) per table, parents before the rows that refer to them."""
        return [
            (
                "INSERT INTO events (id, doc, type, modality, sentence,"
                " trigger_sentence, trigger_start, trigger_end, trigger_text, aggregate,"
                " source, source_sentence, source_start, source_end, source_text, date_start, date_end)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.events,
            ),
            (
                "INSERT INTO event_fields"
                " (event, position, role, value, typed, hedge, doc, sentence, start, end, text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.fields,
            ),
            ("INSERT INTO event_keys (facet, key, event) VALUES (?, ?, ?)", self.keys),
            (
                "INSERT INTO event_geo (event, name, lat, lon, admin1, country, country_code)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                self.geo,
            ),
            (
                "INSERT INTO claims (id, doc, sentence,"
                " source, source_sentence, source_start, source_end, source_text,"
                " cue_sentence, cue_start, cue_end, cue_text,"
                " content_sentence, content_start, content_end, content_text, modality)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.claims,
            ),
            ("INSERT INTO claim_events (claim, position, event) VALUES (?, ?, ?)", self.claim_events),
        ]


def _search_keys(event: Event) -> dict[str, set[str]]:
    """Facet -> the keys the event's filters match it by."""
    return {
        "actor": actor_keys(event),
        "place": place_keys(event),
        "weapon": weapon_keys(event),
        "weapon_origin": weapon_origin_keys(event),
        **location_keys(event),
    }


def _source_ids(connection: sqlite3.Connection, sources: list[Source]) -> dict[Source, int]:
    """The row id of each source, inserting those not seen before in the order given."""
    # JSON keeps None distinct from "" and makes NULL columns take part in uniqueness.
    columns = {
        source: (source.name, source.kind, source.role, source.organisation, source.venue)
        for source in sources
    }
    identities = {source: json.dumps(row, ensure_ascii=False) for source, row in columns.items()}
    connection.executemany(
        "INSERT INTO sources (identity, name, kind, role, organisation, venue)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (identity) DO NOTHING",
        [(identities[source], *row) for source, row in columns.items()],
    )
    return {
        source: connection.execute("SELECT id FROM sources WHERE identity = ?", (identity,)).fetchone()[0]
        for source, identity in identities.items()
    }


def _span_columns(span: Span | None) -> SpanColumns:
    """The (sentence, start, end, text) columns of a span; its document is the row's doc."""
    if span is None:
        return None, None, None, None
    return span.sentence, span.start, span.end, span.text


def _provenance(extraction: Extraction) -> Iterator[tuple[str, str]]:
    """(what, document id) for every record and span of the extraction."""
    for sentence in extraction.sentences:
        yield f"sentence {sentence.index}", sentence.doc
    for mention in extraction.mentions:
        yield f"{mention.kind} mention {mention.span.text!r}", mention.span.doc
    for event in extraction.events:
        yield f"event {event.id}", event.doc
        yield f"trigger of event {event.id}", event.trigger.doc
        for f in event.fields:
            yield f"{f.role} field of event {event.id}", f.span.doc
        if event.source and event.source.span:
            yield f"source of event {event.id}", event.source.span.doc
    for claim in extraction.claims:
        yield f"claim {claim.id}", claim.doc
        yield f"cue of claim {claim.id}", claim.cue.doc
        yield f"content of claim {claim.id}", claim.content.doc
        if claim.source.span:
            yield f"source of claim {claim.id}", claim.source.span.doc
