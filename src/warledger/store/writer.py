"""Inserting one document's extraction into the ledger (the caller owns the transaction)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime

from warledger.errors import StoreError
from warledger.model import Claim, Event, EventType, Extraction, Modality, Source, Span
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
    """Insert a document and everything extracted from it."""
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
    connection.executemany(
        "INSERT INTO mentions (doc, kind, sentence, start, end, text, value)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(m.span.doc, m.kind, *_span_columns(m.span), encode_value(m.value)) for m in extraction.mentions],
    )
    for event in extraction.events:
        _insert_event(connection, event)
    for claim in extraction.claims:
        _insert_claim(connection, claim)


def _insert_event(connection: sqlite3.Connection, event: Event) -> None:
    date_start, date_end = date_bounds(event)
    source_id = _source_id(connection, event.source) if event.source else None
    connection.execute(
        "INSERT INTO events (id, doc, type, modality, sentence,"
        " trigger_sentence, trigger_start, trigger_end, trigger_text, aggregate,"
        " source, source_sentence, source_start, source_end, source_text, date_start, date_end)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.id,
            event.doc,
            EventType(event.type).value,
            Modality(event.modality).value,
            event.sentence,
            *_span_columns(event.trigger),
            int(event.aggregate),
            source_id,
            *_span_columns(event.source.span if event.source else None),
            date_start.isoformat() if date_start else None,
            date_end.isoformat() if date_end else None,
        ),
    )
    connection.executemany(
        "INSERT INTO event_fields"
        " (event, position, role, value, typed, hedge, doc, sentence, start, end, text)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                event.id,
                position,
                f.role,
                f.value,
                encode_value(f.typed) if f.typed is not None else None,
                f.hedge,
                f.span.doc,
                *_span_columns(f.span),
            )
            for position, f in enumerate(event.fields)
        ],
    )
    connection.executemany(
        "INSERT INTO event_keys (facet, key, event) VALUES (?, ?, ?)",
        [(facet, key, event.id) for facet, keys in _search_keys(event).items() for key in keys],
    )
    place = event_place(event)
    if place is not None:
        connection.execute(
            "INSERT INTO event_geo (event, name, lat, lon, admin1, country, country_code)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event.id, place.name, place.lat, place.lon, place.admin1, place.country, place.country_code),
        )


def _search_keys(event: Event) -> dict[str, set[str]]:
    """Facet -> the keys the event's filters match it by."""
    return {
        "actor": actor_keys(event),
        "place": place_keys(event),
        "weapon": weapon_keys(event),
        "weapon_origin": weapon_origin_keys(event),
        **location_keys(event),
    }


def _insert_claim(connection: sqlite3.Connection, claim: Claim) -> None:
    connection.execute(
        "INSERT INTO claims (id, doc, sentence,"
        " source, source_sentence, source_start, source_end, source_text,"
        " cue_sentence, cue_start, cue_end, cue_text,"
        " content_sentence, content_start, content_end, content_text, modality)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            claim.id,
            claim.doc,
            claim.sentence,
            _source_id(connection, claim.source),
            *_span_columns(claim.source.span),
            *_span_columns(claim.cue),
            *_span_columns(claim.content),
            Modality(claim.modality).value,
        ),
    )
    connection.executemany(
        "INSERT INTO claim_events (claim, position, event) VALUES (?, ?, ?)",
        [(claim.id, position, event_id) for position, event_id in enumerate(claim.event_ids)],
    )


def _source_id(connection: sqlite3.Connection, source: Source) -> int:
    """The row id of this source, inserting it the first time it is seen."""
    columns = (source.name, source.kind, source.role, source.organisation, source.venue)
    # JSON keeps None distinct from "" and makes NULL columns take part in uniqueness.
    identity = json.dumps(columns, ensure_ascii=False)
    connection.execute(
        "INSERT INTO sources (identity, name, kind, role, organisation, venue)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (identity) DO NOTHING",
        (identity, *columns),
    )
    row = connection.execute("SELECT id FROM sources WHERE identity = ?", (identity,)).fetchone()
    source_id: int = row[0]
    return source_id


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
