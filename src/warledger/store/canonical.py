"""The SQL of canonical events: members, match reasons, aggregate links and analyst overrides.

Tables are in schema.sql (canonical_events, canonical_members, canonical_includes,
canonical_overrides). A resolve rewrites the first three whole inside one transaction; overrides
are only added or removed by an analyst's merge or split.
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
class ReportRow:
    """What the claims need to know about the document an event comes from."""

    doc: str
    publisher: str | None
    date: str | None


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


def replace_all(
    connection: sqlite3.Connection,
    canonical: Iterable[CanonicalRow],
    members: Iterable[MemberRow],
    includes: Iterable[tuple[str, str]],
) -> None:
    """Replace every canonical event, member and aggregate link (the caller owns the transaction)."""
    connection.execute("DELETE FROM canonical_includes")
    connection.execute("DELETE FROM canonical_members")
    connection.execute("DELETE FROM canonical_events")
    connection.executemany(
        "INSERT INTO canonical_events (id, type, aggregate, date_start, date_end) VALUES (?, ?, ?, ?, ?)",
        [(c.id, c.type, int(c.aggregate), c.date_start, c.date_end) for c in canonical],
    )
    connection.executemany(
        "INSERT INTO canonical_members (canonical, event, identity, reasons) VALUES (?, ?, ?, ?)",
        [(m.canonical, m.event, m.identity, json.dumps(list(m.reasons))) for m in members],
    )
    connection.executemany(
        "INSERT INTO canonical_includes (aggregate, strike) VALUES (?, ?)", list(includes)
    )


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
        where.append(f"id IN ({','.join('?' * len(ids))})")
        parameters.extend(ids)
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
        sql += f" WHERE canonical IN ({','.join('?' * len(canonical_ids))})"
        parameters = canonical_ids
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


def replace_corroboration(connection: sqlite3.Connection, statuses: Iterable[tuple[str, str]]) -> None:
    """Store each report event's corroboration status (its real-world event's), replacing the old."""
    connection.execute("DELETE FROM event_corroboration")
    connection.executemany("INSERT INTO event_corroboration (event, status) VALUES (?, ?)", list(statuses))
