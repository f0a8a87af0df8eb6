"""The SQL of stories: signatures, LSH band rows and near-duplicate links (tables in schema.sql).

Every function takes the ledger's connection; :func:`transaction` wraps a group of them so an
assignment is stored whole or not at all. Candidate look-ups go through the (band, hash) primary
key of ``story_bands``, so their cost grows with the number of matching rows, not the ledger size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from warledger.errors import StoreError

# SQLite's default limit on host parameters is 32766 since 3.32; stay well under older ones too.
_CHUNK = 900


@dataclass(frozen=True)
class Placed:
    """A document already placed in a story, as stored."""

    key: int
    doc: str
    story: str
    signature: bytes


@dataclass(frozen=True)
class StoryRow:
    """One member document of a story with what is needed to describe the story."""

    story: str
    doc: str
    publisher: str | None
    date: str | None


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in one write transaction (a savepoint inside the caller's own transaction)."""
    nested = connection.in_transaction
    try:
        connection.execute("SAVEPOINT stories" if nested else "BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK TO stories" if nested else "ROLLBACK")
            if nested:
                connection.execute("RELEASE stories")
            raise
        connection.execute("RELEASE stories" if nested else "COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(f"stories could not be updated ({exc})") from exc


def _chunks(items: Sequence, size: int = _CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _query(connection: sqlite3.Connection, sql: str, parameters: Sequence = ()) -> list[tuple]:
    try:
        return connection.execute(sql, parameters).fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"stories could not be read ({exc})") from exc


def document_texts(connection: sqlite3.Connection, doc_ids: Sequence[str]) -> dict[str, str]:
    """The text of each stored document among ``doc_ids`` (missing ids are absent)."""
    texts: dict[str, str] = {}
    for chunk in _chunks(doc_ids):
        marks = ",".join("?" * len(chunk))
        texts.update(_query(connection, f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk))
    return texts


def placed_documents(connection: sqlite3.Connection, doc_ids: Sequence[str]) -> set[str]:
    """The ids among ``doc_ids`` that are already placed in a story."""
    placed: set[str] = set()
    for chunk in _chunks(doc_ids):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT doc FROM story_documents WHERE doc IN ({marks})"
        placed.update(row[0] for row in _query(connection, sql, chunk))
    return placed


def unplaced_documents(connection: sqlite3.Connection, limit: int) -> list[str]:
    """Up to ``limit`` ids of stored documents not yet placed in any story, in id order."""
    sql = (
        "SELECT id FROM documents WHERE id NOT IN (SELECT doc FROM story_documents)"
        " ORDER BY id LIMIT ?"
    )
    return [row[0] for row in _query(connection, sql, (limit,))]


def insert_documents(connection: sqlite3.Connection, rows: Iterable[tuple[str, bytes]]) -> dict[str, int]:
    """Store (doc, signature) rows, each document its own story for now; their keys by doc."""
    return {
        doc: connection.execute(
            "INSERT INTO story_documents (doc, story, signature) VALUES (?, ?, ?) RETURNING key",
            (doc, doc, signature),
        ).fetchone()[0]
        for doc, signature in rows
    }


def insert_bands(connection: sqlite3.Connection, rows: Sequence[tuple[int, int, int]]) -> set[tuple[int, int]]:
    """Store (band, hash, key) rows and return the (new key, other key) pairs sharing a band.

    Pairs between two new documents come back in both directions.
    """
    connection.execute(
        "CREATE TEMP TABLE IF NOT EXISTS story_new_bands (band INTEGER, hash INTEGER, doc INTEGER)"
    )
    connection.execute("DELETE FROM temp.story_new_bands")
    connection.executemany("INSERT INTO temp.story_new_bands VALUES (?, ?, ?)", rows)
    connection.executemany("INSERT OR IGNORE INTO story_bands (band, hash, doc) VALUES (?, ?, ?)", rows)
    # CROSS JOIN keeps the few new rows as the outer loop, probing the primary key of story_bands.
    pairs = connection.execute(
        "SELECT DISTINCT n.doc, b.doc FROM temp.story_new_bands AS n CROSS JOIN story_bands AS b"
        " ON b.band = n.band AND b.hash = n.hash AND b.doc != n.doc"
    ).fetchall()
    connection.execute("DELETE FROM temp.story_new_bands")
    return {(int(new), int(other)) for new, other in pairs}


def documents_by_key(connection: sqlite3.Connection, keys: Sequence[int]) -> dict[int, Placed]:
    """The placed documents with these keys."""
    found: dict[int, Placed] = {}
    for chunk in _chunks(keys):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT key, doc, story, signature FROM story_documents WHERE key IN ({marks})"
        for key, doc, story, signature in _query(connection, sql, chunk):
            found[key] = Placed(key, doc, story, signature)
    return found


def move_stories(connection: sqlite3.Connection, old: Sequence[str], new: str) -> None:
    """Put every document of the stories ``old`` into story ``new``."""
    for chunk in _chunks(old):
        marks = ",".join("?" * len(chunk))
        connection.execute(
            f"UPDATE story_documents SET story = ? WHERE story IN ({marks})", (new, *chunk)
        )


def insert_links(connection: sqlite3.Connection, rows: Iterable[tuple[str, str, float]]) -> None:
    """Store confirmed near-duplicate pairs (doc < other, similarity)."""
    connection.executemany(
        "INSERT OR REPLACE INTO story_links (doc, other, similarity) VALUES (?, ?, ?)", rows
    )


def story_rows(connection: sqlite3.Connection, min_documents: int = 1) -> list[StoryRow]:
    """Every placed document of every story with at least ``min_documents``, by story then doc."""
    sql = (
        "SELECT s.story, s.doc, d.publisher, d.date FROM story_documents s"
        " JOIN documents d ON d.id = s.doc"
    )
    parameters: tuple = ()
    if min_documents > 1:
        sql += (
            " WHERE s.story IN (SELECT story FROM story_documents GROUP BY story"
            " HAVING count(*) >= ?)"
        )
        parameters = (min_documents,)
    sql += " ORDER BY s.story, s.doc"
    return [StoryRow(*row) for row in _query(connection, sql, parameters)]


def story_links(connection: sqlite3.Connection) -> list[tuple[str, str, str, float]]:
    """(story, doc, other, similarity) of every stored link, by story then pair."""
    sql = (
        "SELECT s.story, l.doc, l.other, l.similarity FROM story_links l"
        " JOIN story_documents s ON s.doc = l.doc ORDER BY s.story, l.doc, l.other"
    )
    return list(_query(connection, sql))


def story_id(connection: sqlite3.Connection, doc_id: str) -> str | None:
    """The story of a placed document, or None when it is not placed."""
    rows = _query(connection, "SELECT story FROM story_documents WHERE doc = ?", (doc_id,))
    return rows[0][0] if rows else None


def has_document(connection: sqlite3.Connection, doc_id: str) -> bool:
    """Whether the ledger holds a document with this id."""
    return bool(_query(connection, "SELECT 1 FROM documents WHERE id = ?", (doc_id,)))
