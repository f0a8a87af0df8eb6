"""The Parquet export: a directory of four typed tables, written in batches with pyarrow.

- ``events.parquet``: one flattened row per event (the CSV's columns, typed);
- ``event_fields.parquet``: one row per event argument with its provenance and sentence text;
- ``claims.parquet``: attributed statements with the source and the cue and content spans;
- ``documents.parquet``: every report with its metadata and full text.

Each column carries its description in the field metadata (key ``description``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from warledger.store.export_rows import EVENT_COLUMNS, event_rows, export_settings
from warledger.store.sqlite import Store

BATCH_ROWS = 2048

_KINDS: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int": pa.int32(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
}

EVENT_FIELDS_SCHEMA = pa.schema(
    [
        ("event", pa.string()),
        ("position", pa.int32()),
        ("role", pa.string()),
        ("value", pa.string()),
        ("hedge", pa.string()),
        ("typed", pa.string()),
        ("doc", pa.string()),
        ("sentence", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("sentence_text", pa.string()),
    ]
)
EVENT_FIELDS_SQL = (
    "SELECT f.event, f.position, f.role, f.value, f.hedge, f.typed, f.doc, f.sentence, f.start,"
    " f.end, f.text, s.text FROM event_fields f"
    " LEFT JOIN sentences s ON s.doc = f.doc AND s.idx = f.sentence ORDER BY f.event, f.position"
)

CLAIMS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("doc", pa.string()),
        ("sentence", pa.int32()),
        ("modality", pa.string()),
        ("source", pa.string()),
        ("source_kind", pa.string()),
        ("source_role", pa.string()),
        ("source_organisation", pa.string()),
        ("source_venue", pa.string()),
        ("source_start", pa.int32()),
        ("source_end", pa.int32()),
        ("source_text", pa.string()),
        ("cue_sentence", pa.int32()),
        ("cue_start", pa.int32()),
        ("cue_end", pa.int32()),
        ("cue_text", pa.string()),
        ("content_sentence", pa.int32()),
        ("content_start", pa.int32()),
        ("content_end", pa.int32()),
        ("content_text", pa.string()),
        ("event_ids", pa.list_(pa.string())),
    ]
)
CLAIMS_SQL = (
    "SELECT c.id, c.doc, c.sentence, c.modality, s.name, s.kind, s.role, s.organisation, s.venue,"
    " c.source_start, c.source_end, c.source_text, c.cue_sentence, c.cue_start, c.cue_end,"
    " c.cue_text, c.content_sentence, c.content_start, c.content_end, c.content_text,"
    " (SELECT group_concat(event, ' ') FROM"
    "   (SELECT event FROM claim_events WHERE claim = c.id ORDER BY position))"
    " FROM claims c JOIN sources s ON s.id = c.source ORDER BY c.doc, c.cue_start"
)

DOCUMENTS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("date", pa.date32()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("publisher", pa.string()),
        ("origin", pa.string()),
        ("ingested_at", pa.timestamp("s", tz="UTC")),
        ("text", pa.large_string()),
    ]
)
DOCUMENTS_SQL = (
    "SELECT id, date, title, url, publisher, origin, ingested_at, text FROM documents"
    " ORDER BY date IS NULL, date, id"
)


def events_schema() -> pa.Schema:
    """The typed schema of ``events.parquet``, each column described in its field metadata."""
    descriptions: dict[str, str] = export_settings()["event_columns"]
    return pa.schema(
        [
            pa.field(c.name, _KINDS[c.kind], metadata={"description": descriptions[c.name]})
            for c in EVENT_COLUMNS
        ]
    )


def write_parquet(store: Store, directory: Path) -> int:
    """Write the four tables into ``directory``; returns the number of events."""
    events = write_table(directory / "events.parquet", events_schema(), event_rows(store))
    for name, schema, sql in (
        ("event_fields", EVENT_FIELDS_SCHEMA, EVENT_FIELDS_SQL),
        ("claims", CLAIMS_SCHEMA, CLAIMS_SQL),
        ("documents", DOCUMENTS_SCHEMA, DOCUMENTS_SQL),
    ):
        write_table(directory / f"{name}.parquet", schema, _query(store.connection, sql, schema))
    return events


def write_table(path: Path, schema: pa.Schema, rows: Iterable[dict[str, Any]]) -> int:
    """Write ``rows`` to a Parquet file ``BATCH_ROWS`` at a time; returns the number of rows."""
    written = 0
    iterator = iter(rows)
    with pq.ParquetWriter(path, schema) as writer:
        while batch := list(islice(iterator, BATCH_ROWS)):
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            written += len(batch)
    return written


def _query(connection: sqlite3.Connection, sql: str, schema: pa.Schema) -> Iterator[dict[str, Any]]:
    """The rows of ``sql`` as dicts keyed by ``schema``'s names, text converted to its types."""
    converters = [_converter(field.type) for field in schema]
    cursor = connection.execute(sql)
    while rows := cursor.fetchmany(BATCH_ROWS):
        for row in rows:
            yield {field.name: convert(value) for field, convert, value in zip(schema, converters, row)}


def _converter(kind: pa.DataType) -> Callable[[Any], Any]:
    """How a stored SQLite value (None included) becomes a value of the Arrow type ``kind``."""
    if pa.types.is_date(kind):
        return lambda value: date.fromisoformat(value) if value else None
    if pa.types.is_timestamp(kind):
        return lambda value: datetime.fromisoformat(value) if value else None
    if pa.types.is_list(kind):
        # A space-separated group_concat of ids; no ids at all is an empty list, not a null.
        return lambda value: (value or "").split()
    return lambda value: value
