"""The Datasette export: a copy of the ledger made for browsing, plus its ``OUT-stem.metadata.json``.

Beside the ledger's own tables the copy holds:

- ``events_flat``: one row per event, the CSV's columns;
- ``event_provenance`` (a view): one row per event argument and trigger, with the report,
  sentence and character offsets that support it and the sentence text;
- ``sentence_search``: every sentence with its report's title, searchable through the FTS5 table
  ``sentence_search_fts`` (Datasette finds it by its ``content=`` option and shows a search box);
- ``documents_fts``: FTS5 over the reports' titles and text.

Open it with ``datasette OUT -m STEM.metadata.json`` (named after the copy, so several exports can
share a folder).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from warledger.store.export_rows import EVENT_COLUMNS, event_rows, export_settings
from warledger.store.sqlite import Store

METADATA_SUFFIX = ".metadata.json"
BATCH_ROWS = 2048

_SQL_TYPES = {"string": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER", "date": "TEXT"}

_BROWSING_SQL = """
BEGIN;
CREATE VIEW event_provenance AS
SELECT e.id AS event, e.type, e.modality, 'trigger' AS role, e.trigger_text AS value, NULL AS hedge,
       e.doc, e.trigger_sentence AS sentence, e.trigger_start AS start, e.trigger_end AS end,
       e.trigger_text AS text, s.text AS sentence_text,
       d.date AS document_date, d.publisher, d.url
  FROM events e
  JOIN documents d ON d.id = e.doc
  LEFT JOIN sentences s ON s.doc = e.doc AND s.idx = e.trigger_sentence
UNION ALL
SELECT f.event, e.type, e.modality, f.role, f.value, f.hedge,
       f.doc, f.sentence, f.start, f.end, f.text, s.text,
       d.date, d.publisher, d.url
  FROM event_fields f
  JOIN events e ON e.id = f.event
  JOIN documents d ON d.id = f.doc
  LEFT JOIN sentences s ON s.doc = f.doc AND s.idx = f.sentence;

CREATE TABLE sentence_search (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL,
    sentence      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    title         TEXT,
    document_date TEXT
);
INSERT INTO sentence_search (doc, sentence, text, title, document_date)
SELECT s.doc, s.idx, s.text, d.title, d.date
  FROM sentences s JOIN documents d ON d.id = s.doc
 ORDER BY d.date IS NULL, d.date, s.doc, s.idx;
CREATE INDEX sentence_search_doc ON sentence_search (doc, sentence);

CREATE VIRTUAL TABLE sentence_search_fts
    USING fts5 (text, title, content="sentence_search", content_rowid="id");
INSERT INTO sentence_search_fts (sentence_search_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE documents_fts USING fts5 (title, text, content="documents");
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
COMMIT;
"""


def write_datasette(store: Store, database: Path, metadata: Path, name: str) -> int:
    """Write the browsing copy of ``store`` to ``database`` and its metadata to ``metadata``.

    ``name`` is the database name Datasette will serve it under (the final file's stem).
    Returns the number of events.
    """
    copy = sqlite3.connect(database, isolation_level=None)
    try:
        store.connection.backup(copy)
        # One self-contained file: no -wal or -shm companions for whoever opens the copy.
        copy.execute("PRAGMA journal_mode = DELETE")
        copy.execute("BEGIN")
        events = _write_events_flat(copy, store)
        copy.execute("COMMIT")
        copy.executescript(_BROWSING_SQL)
    finally:
        copy.close()
    with metadata.open("x", encoding="utf-8") as handle:
        json.dump(datasette_metadata(name), handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    return events


def datasette_metadata(name: str) -> dict[str, Any]:
    """Datasette's metadata for the database ``name``: titles, descriptions, source and licence."""
    settings = dict(export_settings()["datasette"])
    tables: dict[str, dict[str, Any]] = {key: dict(table) for key, table in settings.pop("tables").items()}
    tables["events_flat"]["columns"] = dict(export_settings()["event_columns"])
    return {**settings, "databases": {name: {"tables": tables}}}


def _write_events_flat(connection: sqlite3.Connection, store: Store) -> int:
    """Create and fill ``events_flat``; returns its number of rows."""
    names = [column.name for column in EVENT_COLUMNS]
    declarations = ", ".join(
        f'"{c.name}" {_SQL_TYPES[c.kind]}' + (" PRIMARY KEY" if c.name == "id" else "")
        for c in EVENT_COLUMNS
    )
    connection.execute(f"CREATE TABLE events_flat ({declarations})")
    insert = f"INSERT INTO events_flat VALUES ({', '.join('?' * len(names))})"
    rows = (tuple(_sql_value(row[name]) for name in names) for row in event_rows(store))
    written = 0
    while batch := list(islice(rows, BATCH_ROWS)):
        connection.executemany(insert, batch)
        written += len(batch)
    connection.execute("CREATE INDEX events_flat_date ON events_flat (date_start)")
    return written


def _sql_value(value: Any) -> Any:
    """A row value as SQLite stores it: dates as ISO text, booleans as 0/1."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
