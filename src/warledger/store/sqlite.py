"""The ledger database: one SQLite file (WAL), its schema, and every query warledger runs on it.

Each document is saved in one transaction, so a killed ingest leaves whole documents or none,
and re-running the same ingest skips what is already stored (documents are keyed by a hash of
their text).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from warledger.errors import NotFoundError, StoreError
from warledger.model import (
    Claim,
    Document,
    Event,
    EventField,
    EventType,
    Extraction,
    Mention,
    Modality,
    Sentence,
    Source,
    Span,
)
from warledger.store.codec import decode_value
from warledger.store.filters import Cursor, EventFilter, Sort
from warledger.store.planner import Limits, Plan, plan
from warledger.store.writer import check_provenance, insert_extraction

SCHEMA_VERSION = 2
# What a ledger of an older version lacks once schema.sql has run on it: version -> statements.
MIGRATIONS: dict[int, tuple[str, ...]] = {2: ("INSERT INTO event_box SELECT * FROM event_box_rows",)}


@dataclass(frozen=True)
class Summary:
    """What a ledger holds, counted."""

    documents: int
    sentences: int
    events: int
    claims: int
    sources: int
    real_world_events: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    events_by_modality: dict[str, int] = field(default_factory=dict)
    mentions_by_kind: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class EventPage:
    """One page of an event listing: the events, the cursor of the next page, and how many events
    match, counted up to a limit: when ``count_exact`` is false, more than ``count`` match."""

    items: list[Event]
    next_cursor: str | None
    count: int
    count_exact: bool = True


@dataclass(frozen=True)
class ActorCount:
    """An actor and the number of events naming it."""

    id: str
    name: str
    kind: str
    events: int


@dataclass(frozen=True)
class PlaceCount:
    """An event location and the number of events that happened there."""

    name: str
    lat: float
    lon: float
    admin1: str | None
    country: str | None
    events: int


@dataclass(frozen=True)
class DayCount:
    """How many events of one type happened on one day."""

    day: str
    type: str
    count: int


def _connect(path: Path) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA synchronous = NORMAL")
        return connection
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path}: cannot be opened as a warledger database ({exc}); "
            "give another --db path or move this file away"
        ) from exc


class Store:
    """A ledger database opened for reading and writing."""

    def __init__(self, path: str | Path, limits: Limits | None = None) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory; give a database file path with --db")
        self.limits = limits or Limits()
        self._connection = _connect(self.path)
        self._apply_schema()

    def _apply_schema(self) -> None:
        connection = self._connection
        try:
            version = self._version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: schema version {version} is newer than this warledger "
                    f"({SCHEMA_VERSION}); upgrade warledger to read it"
                )
            script = resources.files("warledger.store").joinpath("schema.sql").read_text("utf-8")
            if version == SCHEMA_VERSION:
                connection.executescript(script)
                return
            # One transaction, so a second process opening the same old ledger waits and then finds
            # it upgraded (executescript would commit a transaction begun outside the script).
            connection.executescript(f"BEGIN IMMEDIATE;\n{script}")
            for step in range(self._version() + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS.get(step, ()):
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise StoreError(
                f"{self.path}: not a warledger database ({exc}); give another --db path"
            ) from exc

    def _version(self) -> int:
        version: int = self._connection.execute("PRAGMA user_version").fetchone()[0]
        return version

    @property
    def connection(self) -> sqlite3.Connection:
        """The open SQLite connection, for resolvers that keep their own tables (resolve/)."""
        return self._connection

    def close(self) -> None:
        """Close the database connection."""
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def _query(self, sql: str, parameters: tuple | list = ()) -> list[tuple]:
        try:
            return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: query failed ({exc})") from exc

    # -- writing -------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this content id is stored."""
        return bool(self._query("SELECT 1 FROM documents WHERE id = ?", (doc_id,)))

    def save(self, extraction: Extraction) -> bool:
        """Store a document and its extraction in one transaction; False if it was already stored."""
        return self.save_many([extraction])[0]

    def save_many(self, extractions: Sequence[Extraction]) -> list[bool]:
        """Store documents in one transaction (each whole or not at all); False for those already stored."""
        for extraction in extractions:
            check_provenance(extraction)
        stored: list[bool] = []
        doc_id = None
        try:
            with self._transaction() as connection:
                for extraction in extractions:
                    doc_id = extraction.document.id
                    known = connection.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
                    if not known:
                        insert_extraction(connection, extraction)
                    stored.append(not known)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: document {doc_id} could not be stored ({exc})") from exc
        return stored

    # -- reading -------------------------------------------------------------------------------

    def summary(self) -> Summary:
        """Counts of everything in the ledger."""

        def count(table: str) -> int:
            return int(self._query(f"SELECT count(*) FROM {table}")[0][0])

        def grouped(sql: str) -> dict[str, int]:
            return {key: n for key, n in self._query(sql)}

        return Summary(
            documents=count("documents"),
            sentences=count("sentences"),
            events=count("events"),
            claims=count("claims"),
            sources=count("sources"),
            real_world_events=count("canonical_events"),
            events_by_type=grouped("SELECT type, count(*) FROM events GROUP BY type ORDER BY type"),
            events_by_modality=grouped(
                "SELECT modality, count(*) FROM events GROUP BY modality ORDER BY modality"
            ),
            mentions_by_kind=grouped("SELECT kind, count(*) FROM mentions GROUP BY kind ORDER BY kind"),
        )

    def events(self, selection: EventFilter | None = None) -> list[Event]:
        """Events matching the filter, in its order (by date, then document and position)."""
        selection = selection or EventFilter()
        return self._events([row[0] for row in self._event_keys(selection, selection.limit)])

    def event_ids(self, selection: EventFilter) -> list[str]:
        """The ids of every matching event, in the filter's order (its limit ignored)."""
        return [row[0] for row in self._event_keys(selection, None)]

    def event_page(self, selection: EventFilter, size: int) -> EventPage:
        """Up to ``size`` matching events after the filter's cursor, the next cursor and how many
        events match (counted up to the store's count limit)."""
        plans = plan(self._connection, selection, self.limits)
        # A driven page reads every match to sort them: the same pass counts them.
        driven = plans.page is plans.every
        rows = self._event_keys(selection, size + 1, plans.page, counted=driven)
        limit = self.limits.count
        if driven and rows:
            matching = rows[0][4]
        else:
            selects, parameters = _selects(plans.every, "1")
            matching = self._query(f"SELECT count(*) FROM ({selects} LIMIT {limit + 1})", parameters)[0][0]
        following = None
        if len(rows) > size:
            rows = rows[:size]
            event_id, day, doc, position = rows[-1][:4]
            following = Cursor(selection.sort, day, doc, position, event_id).encode()
        return EventPage(self._events([row[0] for row in rows]), following, min(matching, limit), matching <= limit)

    def _event_keys(
        self, selection: EventFilter, limit: int | None, planned: Plan | None = None, counted: bool = False
    ) -> list[tuple]:
        """(id, day key, doc, trigger start) of matching events in order, after the cursor, and
        when ``counted`` the number of all matching events (cursor or not) as a fifth column."""
        if planned is None:
            plans = plan(self._connection, selection, self.limits)
            planned = plans.every if limit is None else plans.page
        descending = selection.sort is Sort.DATE_DESCENDING
        # Undated events sort last both ways: '~' follows every ISO day, '' precedes them.
        day = "ifnull(e.date_start, '')" if descending else "ifnull(e.date_start, '~')"
        selects, parameters = _selects(planned, f"e.id AS id, {day} AS day, e.doc AS doc, e.trigger_start AS position")
        if counted:
            selects = f"SELECT *, count(*) OVER () FROM ({selects})"
        sql = f"SELECT * FROM ({selects})"
        if selection.cursor is not None:
            cursor = selection.cursor
            after = "<" if descending else ">"
            # The bound on the day alone lets the keyset index seek to the cursor.
            sql += f" WHERE day {after}= ? AND (day, doc, position, id) {after} (?, ?, ?, ?)"
            parameters += [cursor.day, cursor.day, cursor.doc, cursor.position, cursor.event]
        direction = " DESC" if descending else ""
        sql += f" ORDER BY day{direction}, doc{direction}, position{direction}, id{direction}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._query(sql, parameters)

    def event(self, event_id: str) -> Event:
        """One event by id."""
        found = self._events([event_id])
        if not found:
            raise NotFoundError(
                f"no event {event_id!r} in {self.path}; list ids with `warledger events`"
            )
        return found[0]

    def _events(self, ids: list[str]) -> list[Event]:
        try:
            return read_events(self._connection, ids)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: query failed ({exc})") from exc

    def claims(self, doc: str | None = None, event: str | None = None) -> list[Claim]:
        """Claims, optionally only those of one document or supporting one event."""
        where, parameters = [], []
        if doc is not None:
            where.append("c.doc = ?")
            parameters.append(doc)
        if event is not None:
            where.append("c.id IN (SELECT claim FROM claim_events WHERE event = ?)")
            parameters.append(event)
        sql = (
            "SELECT c.id, c.doc, c.sentence, s.name, s.kind, s.role, s.organisation, s.venue,"
            " c.source_sentence, c.source_start, c.source_end, c.source_text,"
            " c.cue_sentence, c.cue_start, c.cue_end, c.cue_text,"
            " c.content_sentence, c.content_start, c.content_end, c.content_text, c.modality,"
            " (SELECT group_concat(event, ' ') FROM"
            "   (SELECT event FROM claim_events WHERE claim = c.id ORDER BY position))"
            " FROM claims c JOIN sources s ON s.id = c.source"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.doc, c.cue_start"
        claims = []
        for row in self._query(sql, parameters):
            doc_id = row[1]
            source = _source(doc_id, row[3:8], row[8:12])
            assert source is not None
            claims.append(
                Claim(
                    id=row[0],
                    doc=doc_id,
                    sentence=row[2],
                    source=source,
                    cue=Span(doc_id, *row[12:16]),
                    content=Span(doc_id, *row[16:20]),
                    modality=Modality(row[20]),
                    event_ids=tuple((row[21] or "").split()),
                )
            )
        return claims

    def document(self, doc_id: str) -> Document:
        """One document by id."""
        rows = self._query(
            "SELECT id, text, date, title, url, publisher, origin FROM documents WHERE id = ?",
            (doc_id,),
        )
        if not rows:
            raise NotFoundError(f"no document {doc_id!r} in {self.path}")
        return _document(rows[0])

    def documents(self, limit: int | None = None) -> list[Document]:
        """Documents in report-date order."""
        sql = (
            "SELECT id, text, date, title, url, publisher, origin FROM documents"
            " ORDER BY date IS NULL, date, id"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_document(row) for row in self._query(sql)]

    def sentence(self, doc_id: str, index: int) -> Sentence:
        """One sentence of a document."""
        rows = self._query(
            "SELECT doc, idx, start, end, text FROM sentences WHERE doc = ? AND idx = ?",
            (doc_id, index),
        )
        if not rows:
            raise NotFoundError(f"document {doc_id!r} has no sentence {index}")
        return Sentence(*rows[0])

    def mentions(self, doc_id: str) -> list[Mention]:
        """Every mention extracted from a document, in extraction order."""
        return [
            Mention(kind, Span(doc_id, sentence, start, end, text), decode_value(value))
            for kind, sentence, start, end, text, value in self._query(
                "SELECT kind, sentence, start, end, text, value FROM mentions WHERE doc = ? ORDER BY id",
                (doc_id,),
            )
        ]

    def actors(self) -> list[ActorCount]:
        """Every actor named in an event field, with how many events name it, most frequent first."""
        rows = self._query(
            "SELECT json_extract(typed, '$.id') AS actor, min(json_extract(typed, '$.name')),"
            " min(json_extract(typed, '$.kind')), count(DISTINCT event) AS n"
            " FROM event_fields WHERE typed IS NOT NULL AND json_extract(typed, '$.type') = 'actor'"
            " GROUP BY actor ORDER BY n DESC, actor"
        )
        return [ActorCount(*row) for row in rows]

    def places(self) -> list[PlaceCount]:
        """Every event location, with how many events happened there, most frequent first."""
        rows = self._query(
            "SELECT name, lat, lon, admin1, country, count(*) AS n FROM event_geo"
            " GROUP BY name, lat, lon, admin1, country ORDER BY n DESC, name, lat, lon"
        )
        return [PlaceCount(*row) for row in rows]

    def events_by_day(self) -> list[DayCount]:
        """Events dated to a single day, counted per day and type, in day order."""
        rows = self._query(
            "SELECT date_start, type, count(*) FROM events"
            " WHERE date_start IS NOT NULL AND date_start = date_end"
            " GROUP BY date_start, type ORDER BY date_start, type"
        )
        return [DayCount(*row) for row in rows]


def _selects(planned: Plan, columns: str) -> tuple[str, list[object]]:
    """The plan's branches selecting ``columns``, joined by UNION ALL, and their parameters."""
    selects = [f"SELECT {columns} FROM {b.source} WHERE {' AND '.join(b.conditions)}" for b in planned.branches]
    return " UNION ALL ".join(selects), [p for b in planned.branches for p in b.parameters]


def read_events(connection: sqlite3.Connection, ids: Sequence[str]) -> list[Event]:
    """The stored events with these ids, in their order (ids of no stored event left out), read
    on ``connection`` (a resolve reads them inside its own transaction)."""
    if not ids:
        return []
    events: dict[str, Event] = {}
    # A page's events share most of their actors and places: each stored text is decoded once.
    decode = cache(decode_value)
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        for row in connection.execute(
            "SELECT e.id, e.doc, e.type, e.modality, e.sentence, e.trigger_sentence,"
            " e.trigger_start, e.trigger_end, e.trigger_text, e.aggregate,"
            " s.name, s.kind, s.role, s.organisation, s.venue,"
            " e.source_sentence, e.source_start, e.source_end, e.source_text"
            f" FROM events e LEFT JOIN sources s ON s.id = e.source WHERE e.id IN ({marks})",
            chunk,
        ):
            doc = row[1]
            source = _source(doc, row[10:15], row[15:19])
            events[row[0]] = Event(
                id=row[0],
                doc=doc,
                type=EventType(row[2]),
                modality=Modality(row[3]),
                sentence=row[4],
                trigger=Span(doc, row[5], row[6], row[7], row[8]),
                source=source,
                aggregate=bool(row[9]),
            )
        for event_id, role, value, typed, hedge, doc, sentence, start, end, text in connection.execute(
            "SELECT event, role, value, typed, hedge, doc, sentence, start, end, text"
            f" FROM event_fields WHERE event IN ({marks}) ORDER BY event, position",
            chunk,
        ):
            events[event_id].fields.append(
                EventField(
                    role,
                    value,
                    Span(doc, sentence, start, end, text),
                    decode(typed) if typed else None,
                    hedge,
                )
            )
    return [events[i] for i in ids if i in events]


def _chunks(ids: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _source(doc: str, columns: tuple, span_columns: tuple) -> Source | None:
    name, kind, role, organisation, venue = columns
    if name is None:
        return None
    span = Span(doc, *span_columns) if span_columns[1] is not None else None
    return Source(name, kind, role, organisation, venue, span)


def _document(row: tuple) -> Document:
    doc_id, text, day, title, url, publisher, origin = row
    return Document(doc_id, text, date.fromisoformat(day) if day else None, title, url, publisher, origin)
