"""The SQL of canonical events: members, match reasons, aggregate links and analyst overrides.

Tables are in schema.sql (canonical_events, canonical_members, canonical_includes,
canonical_components, canonical_overrides). A resolve rewrites the canonical events of the
components it re-clusters, and the links of the aggregates it re-links, inside one transaction;
overrides are only added or removed by an analyst's merge or split. Lists of ids are passed as one
JSON array (``json_each``), so their length is not bounded by SQLite's number of parameters.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warledger.errors import StoreError


@dataclass(frozen=True)
class CanonicalRow:
    """One canonical event as stored."""

    id: str
    type: str
    aggregate: bool
    date_start: str | None
    date_end: str | None


@dataclass(frozen=True)
class MemberRow:
    """One report event of a canonical event, with its identity and match reasons."""

    canonical: str
    event: str
    identity: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ResolvedRow:
    """A report event as the last resolve left it: identity, component and canonical event.

    ``canonical`` is None when the member row is gone (its document was deleted or stored again).
    """

    event: str
    identity: str
    component: str
    canonical: str | None


@dataclass(frozen=True)
class Totals:
    """Ledger-wide counts of canonical events, those merging several reports, and aggregate links."""

    canonical: int
    merged: int
    links: int


@dataclass(frozen=True)
class ReportRow:
    """What the claims need to know about the document an event comes from."""

    doc: str
    publisher: str | None
    date: str | None


@dataclass(frozen=True)
class DatedRow:
    """A stored report event's block (type, aggregate or not) and the ISO dates resolution reads:
    the bounds of its first date field, if any, and its document's report date."""

    event: str
    type: str
    aggregate: bool
    start: str | None
    end: str | None
    reported: str | None


def _query(connection: sqlite3.Connection, sql: str, parameters: Sequence = ()) -> list[tuple]:
    try:
        return connection.execute(sql, parameters).fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"canonical events could not be read ({exc})") from exc


def database_path(connection: sqlite3.Connection) -> Path:
    """The file of the connection's main database."""
    for _, name, file in _query(connection, "PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    raise StoreError("canonical events need a ledger stored in a file, not an in-memory database")


def reports(connection: sqlite3.Connection) -> dict[str, ReportRow]:
    """Publisher and report date of every stored document, by document id."""
    rows = _query(connection, "SELECT id, publisher, date FROM documents")
    return {doc: ReportRow(doc, publisher, day) for doc, publisher, day in rows}


def dated_rows(connection: sqlite3.Connection) -> list[DatedRow]:
    """Every stored report event's block and dates, without decoding its fields: what choosing the
    events a resolve must read is decided on."""
    rows = _query(
        connection,
        "WITH dated AS ("
        "  SELECT event, min(position) AS position FROM event_fields"
        "  WHERE role = 'date' AND json_extract(typed, '$.type') = 'time'"
        "  AND coalesce(json_extract(typed, '$.start'), json_extract(typed, '$.end')) IS NOT NULL"
        "  GROUP BY event)"
        " SELECT e.id, e.type, e.aggregate,"
        " coalesce(json_extract(f.typed, '$.start'), json_extract(f.typed, '$.end')),"
        " coalesce(json_extract(f.typed, '$.end'), json_extract(f.typed, '$.start')), d.date"
        " FROM events e JOIN documents d ON d.id = e.doc"
        " LEFT JOIN dated ON dated.event = e.id"
        " LEFT JOIN event_fields f ON f.event = dated.event AND f.position = dated.position",
    )
    return [DatedRow(event, kind, bool(aggregate), start, end, day) for event, kind, aggregate, start, end, day in rows]


def resolved(connection: sqlite3.Connection) -> dict[str, ResolvedRow]:
    """Every report event the last resolve placed, by event id."""
    rows = _query(
        connection,
        "SELECT c.event, c.identity, c.component, m.canonical FROM canonical_components c"
        " LEFT JOIN canonical_members m ON m.event = c.event",
    )
    return {event: ResolvedRow(event, key, component, canonical) for event, key, component, canonical in rows}


def clear(connection: sqlite3.Connection) -> None:
    """Delete every canonical event, member, aggregate link and component (the caller owns the transaction)."""
    for table in ("canonical_includes", "canonical_members", "canonical_events", "canonical_components"):
        connection.execute(f"DELETE FROM {table}")


@dataclass(frozen=True)
class Dropped:
    """What deleting canonical events took away: the strikes each aggregate was linked to among
    them, and their members."""

    links: dict[str, set[str]]
    members: dict[str, set[str]]


def replace_components(
    connection: sqlite3.Connection,
    dropped: Sequence[str],
    canonical: Iterable[CanonicalRow],
    members: Iterable[MemberRow],
    resolved: Iterable[ResolvedRow],
) -> Dropped:
    """Delete the canonical events holding the ``dropped`` report events (and any left without
    members), then insert the new ones; returns the links and members the deletion took away.
    The caller owns the transaction."""
    events = json.dumps(list(dropped))
    connection.execute(
        "CREATE TEMP TABLE IF NOT EXISTS dropped_canonical (id TEXT PRIMARY KEY) WITHOUT ROWID"
    )
    connection.execute("DELETE FROM dropped_canonical")
    connection.execute(
        "INSERT OR IGNORE INTO dropped_canonical SELECT canonical FROM canonical_members"
        " WHERE event IN (SELECT value FROM json_each(?))",
        (events,),
    )
    connection.execute(
        "INSERT OR IGNORE INTO dropped_canonical SELECT id FROM canonical_events"
        " WHERE id NOT IN (SELECT canonical FROM canonical_members)"
    )
    taken = Dropped({}, {})
    for aggregate, strike in connection.execute(
        "SELECT aggregate, strike FROM canonical_includes WHERE strike IN (SELECT id FROM dropped_canonical)"
    ):
        taken.links.setdefault(aggregate, set()).add(strike)
    for canonical_id, event in connection.execute(
        "SELECT canonical, event FROM canonical_members WHERE canonical IN (SELECT id FROM dropped_canonical)"
    ):
        taken.members.setdefault(canonical_id, set()).add(event)
    connection.execute("DELETE FROM canonical_events WHERE id IN (SELECT id FROM dropped_canonical)")
    connection.execute("DELETE FROM canonical_components WHERE event IN (SELECT value FROM json_each(?))", (events,))
    connection.executemany(
        "INSERT INTO canonical_events (id, type, aggregate, date_start, date_end) VALUES (?, ?, ?, ?, ?)",
        [(c.id, c.type, int(c.aggregate), c.date_start, c.date_end) for c in canonical],
    )
    connection.executemany(
        "INSERT INTO canonical_members (canonical, event, identity, reasons) VALUES (?, ?, ?, ?)",
        [(m.canonical, m.event, m.identity, json.dumps(list(m.reasons))) for m in members],
    )
    connection.executemany(
        "INSERT INTO canonical_components (event, identity, component) VALUES (?, ?, ?)",
        [(r.event, r.identity, r.component) for r in resolved],
    )
    return taken


def replace_links(connection: sqlite3.Connection, aggregates: Sequence[str], links: Iterable[tuple[str, str]]) -> None:
    """Replace the strikes linked to these aggregates (the caller owns the transaction)."""
    connection.execute(
        "DELETE FROM canonical_includes WHERE aggregate IN (SELECT value FROM json_each(?))", (json.dumps(list(aggregates)),)
    )
    connection.executemany("INSERT INTO canonical_includes (aggregate, strike) VALUES (?, ?)", list(links))


def links(connection: sqlite3.Connection) -> dict[str, list[str]]:
    """The strikes each aggregate includes, by aggregate."""
    found: dict[str, list[str]] = {}
    for aggregate, strike in _query(connection, "SELECT aggregate, strike FROM canonical_includes ORDER BY aggregate, strike"):
        found.setdefault(aggregate, []).append(strike)
    return found


def member_canonical(connection: sqlite3.Connection) -> dict[str, str]:
    """The canonical event of every report event placed in one."""
    return dict(_query(connection, "SELECT event, canonical FROM canonical_members"))


def totals(connection: sqlite3.Connection) -> Totals:
    """How many canonical events, merged ones (two reports or more) and aggregate links there are."""
    ((canonical,),) = _query(connection, "SELECT count(*) FROM canonical_events")
    ((merged,),) = _query(
        connection, "SELECT count(*) FROM (SELECT 1 FROM canonical_members GROUP BY canonical HAVING count(*) > 1)"
    )
    ((links,),) = _query(connection, "SELECT count(*) FROM canonical_includes")
    return Totals(canonical, merged, links)


def canonical_rows(
    connection: sqlite3.Connection,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    ids: Sequence[str] | None = None,
) -> list[CanonicalRow]:
    """Canonical events matching the criteria, by date then id."""
    where, parameters = [], []
    if type is not None:
        where.append("type = ?")
        parameters.append(type)
    if since is not None:
        where.append("date_end >= ?")
        parameters.append(since)
    if until is not None:
        where.append("date_start <= ?")
        parameters.append(until)
    if ids is not None:
        where.append("id IN (SELECT value FROM json_each(?))")
        parameters.append(json.dumps(list(ids)))
    sql = "SELECT id, type, aggregate, date_start, date_end FROM canonical_events"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY date_start IS NULL, date_start, id"
    return [CanonicalRow(i, t, bool(a), s, e) for i, t, a, s, e in _query(connection, sql, parameters)]


def member_rows(connection: sqlite3.Connection, canonical_ids: Sequence[str] | None = None) -> list[MemberRow]:
    """Members of the given canonical events (all when None), by canonical id then event id."""
    sql = "SELECT canonical, event, identity, reasons FROM canonical_members"
    parameters: Sequence = ()
    if canonical_ids is not None:
        sql += " WHERE canonical IN (SELECT value FROM json_each(?))"
        parameters = (json.dumps(list(canonical_ids)),)
    sql += " ORDER BY canonical, event"
    return [MemberRow(c, e, i, tuple(json.loads(r))) for c, e, i, r in _query(connection, sql, parameters)]


def member_of(connection: sqlite3.Connection, event_or_canonical: str) -> list[MemberRow]:
    """The members of the canonical event with this id, or of the one holding this report event."""
    return [
        MemberRow(c, e, i, tuple(json.loads(r)))
        for c, e, i, r in _query(
            connection,
            "SELECT canonical, event, identity, reasons FROM canonical_members WHERE canonical ="
            " coalesce((SELECT canonical FROM canonical_members WHERE event = ?), ?)"
            " ORDER BY event",
            (event_or_canonical, event_or_canonical),
        )
    ]


def includes(connection: sqlite3.Connection, canonical_id: str) -> tuple[list[str], list[str]]:
    """(strikes this aggregate includes, aggregates that include this strike)."""
    inner = _query(connection, "SELECT strike FROM canonical_includes WHERE aggregate = ? ORDER BY strike", (canonical_id,))
    outer = _query(connection, "SELECT aggregate FROM canonical_includes WHERE strike = ? ORDER BY aggregate", (canonical_id,))
    return [row[0] for row in inner], [row[0] for row in outer]


def denial_claims(connection: sqlite3.Connection, event_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(claim id, event id) of denied claims whose content holds one of these events."""
    if not event_ids:
        return []
    marks = ",".join("?" * len(event_ids))
    return list(
        _query(
            connection,
            "SELECT c.id, ce.event FROM claims c JOIN claim_events ce ON ce.claim = c.id"
            f" WHERE c.modality = 'denied' AND ce.event IN ({marks}) ORDER BY c.id, ce.event",
            event_ids,
        )
    )


def overrides(connection: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Every analyst override as (kind, first identity, second identity)."""
    return list(_query(connection, "SELECT kind, first, second FROM canonical_overrides ORDER BY kind, first, second"))


def add_overrides(connection: sqlite3.Connection, kind: str, pairs: Iterable[tuple[str, str]]) -> None:
    """Record merge or split overrides between identity pairs, dropping the opposite ones."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    opposite = "split" if kind == "merge" else "merge"
    try:
        for a, b in pairs:
            first, second = sorted((a, b))
            connection.execute(
                "DELETE FROM canonical_overrides WHERE kind = ? AND first = ? AND second = ?",
                (opposite, first, second),
            )
            connection.execute(
                "INSERT OR IGNORE INTO canonical_overrides (kind, first, second, created_at)"
                " VALUES (?, ?, ?, ?)",
                (kind, first, second, now),
            )
    except sqlite3.Error as exc:
        raise StoreError(f"override could not be stored ({exc})") from exc


def stale_corroboration(connection: sqlite3.Connection) -> list[str]:
    """Canonical events with a member whose status was computed with another story (or never)."""
    rows = _query(
        connection,
        "SELECT DISTINCT m.canonical FROM canonical_components c"
        " JOIN canonical_members m ON m.event = c.event"
        " JOIN events e ON e.id = c.event"
        " LEFT JOIN story_documents s ON s.doc = e.doc"
        " WHERE c.story IS NOT s.story ORDER BY m.canonical",
    )
    return [row[0] for row in rows]


def record_corroboration(connection: sqlite3.Connection, statuses: Sequence[tuple[str, str]], full: bool) -> None:
    """Store report events' corroboration statuses (every one's, replacing the old, when ``full``)
    and the story each was computed with (the caller owns the transaction)."""
    if full:
        connection.execute("DELETE FROM event_corroboration")
    connection.executemany("INSERT OR REPLACE INTO event_corroboration (event, status) VALUES (?, ?)", list(statuses))
    connection.execute(
        "UPDATE canonical_components SET story = (SELECT s.story FROM events e"
        " JOIN story_documents s ON s.doc = e.doc WHERE e.id = canonical_components.event)"
        " WHERE event IN (SELECT value FROM json_each(?))",
        (json.dumps([event for event, _ in statuses]),),
    )
