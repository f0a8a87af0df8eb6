"""Stories: groups of near-duplicate documents (a wire report and its reprints or light edits).

Copies of one story are not independent sources. Two documents are near-duplicates when the
Jaccard similarity of their 3-word shingles, estimated from MinHash signatures, reaches
:data:`~warledger.resolve.minhash.THRESHOLD` (see :mod:`warledger.resolve.minhash` for why those
parameters). A story is the transitive closure of those pairs and is named by the smallest
document id in it, so the stories do not depend on the order documents were ingested in.

Assignment is incremental: each document's signature and LSH band hashes are stored in the
ledger, and a new document is compared only with the documents that share a band with it, found
through the index on ``story_bands``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

import numpy as np

from warledger.errors import NotFoundError
from warledger.resolve import minhash
from warledger.store import stories as sql

PENDING_BATCH = 1000
CONFIRM_CHUNK = 10_000  # candidate pairs compared at once (2 x 5 MB of signatures)


@dataclass(frozen=True)
class Link:
    """Two documents found to be near-duplicates (``doc`` < ``other``), with their similarity."""

    doc: str
    other: str
    similarity: float


@dataclass(frozen=True)
class Story:
    """Near-duplicate documents: one story told once, whatever the number of copies."""

    id: str
    doc_ids: tuple[str, ...]
    publishers: tuple[str, ...]
    dates: tuple[date, ...]
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class StoryUpdate:
    """What one assignment changed.

    ``assigned``: documents placed by this call (documents placed earlier are skipped);
    ``links``: near-duplicate pairs found; ``stories``: ids of the stories that gained documents;
    ``retired``: ids of stories merged into a story with a smaller id, which no longer exist;
    ``compared``: candidate pairs (sharing an LSH band) whose signatures were compared.
    """

    assigned: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    stories: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    compared: int = 0


def assign_stories(connection: sqlite3.Connection, doc_ids: Sequence[str]) -> StoryUpdate:
    """Place stored documents in stories, joining or merging the stories of their near-duplicates."""
    wanted = list(dict.fromkeys(doc_ids))
    texts = sql.document_texts(connection, wanted)
    missing = [doc for doc in wanted if doc not in texts]
    if missing:
        raise NotFoundError(
            f"no document {missing[0]!r} in the ledger; store documents before assigning stories"
        )
    pending = sorted(set(wanted) - sql.placed_documents(connection, wanted))
    if not pending:
        return StoryUpdate()
    signatures = dict(zip(pending, minhash.signatures(texts[doc] for doc in pending)))
    with sql.transaction(connection):
        # Another process may have placed some of them since they were read.
        placed_meanwhile = sql.placed_documents(connection, pending)
        pending = [doc for doc in pending if doc not in placed_meanwhile]
        if not pending:
            return StoryUpdate()
        keys = sql.insert_documents(
            connection, ((doc, minhash.to_blob(signatures[doc])) for doc in pending)
        )
        bands = [
            (band, value, keys[doc])
            for doc in pending
            if not minhash.is_empty(signatures[doc])
            for band, value in enumerate(minhash.band_hashes(signatures[doc]))
        ]
        candidates = sql.insert_bands(connection, bands)
        earlier = sorted({other for _, other in candidates} - set(keys.values()))
        known = sql.documents_by_key(connection, earlier)
        pairs = _pairs(candidates, {key: doc for doc, key in keys.items()}, known)
        signature_of = signatures | {p.doc: minhash.from_blob(p.signature) for p in known.values()}
        links = _confirm(pairs, signature_of)
        sql.insert_links(connection, ((link.doc, link.other, link.similarity) for link in links))
        grown, retired = _merge(connection, pending, links, {p.doc: p.story for p in known.values()})
    return StoryUpdate(tuple(pending), tuple(links), grown, retired, len(pairs))


def assign_pending(connection: sqlite3.Connection) -> StoryUpdate:
    """Place every stored document that is in no story yet (a ledger filled before stories)."""
    assigned: list[str] = []
    links: list[Link] = []
    grown: set[str] = set()
    retired: set[str] = set()
    compared = 0
    while batch := sql.unplaced_documents(connection, PENDING_BATCH):
        update = assign_stories(connection, batch)
        assigned += update.assigned
        links += update.links
        retired |= set(update.retired)
        grown = (grown | set(update.stories)) - retired
        compared += update.compared
    return StoryUpdate(
        tuple(assigned), tuple(links), tuple(sorted(grown)), tuple(sorted(retired)), compared
    )


def stories(connection: sqlite3.Connection, min_documents: int = 1) -> list[Story]:
    """Every story with at least ``min_documents`` documents, by id."""
    links: dict[str, list[Link]] = {}
    for story, doc, other, similarity in sql.story_links(connection):
        links.setdefault(story, []).append(Link(doc, other, similarity))
    found = []
    for story, rows in groupby(sql.story_rows(connection, min_documents), key=lambda row: row.story):
        members = list(rows)
        found.append(
            Story(
                id=story,
                doc_ids=tuple(row.doc for row in members),
                publishers=tuple(sorted({row.publisher for row in members if row.publisher})),
                dates=tuple(sorted({date.fromisoformat(row.date) for row in members if row.date})),
                links=tuple(links.get(story, ())),
            )
        )
    return found


def story_of(connection: sqlite3.Connection, doc_id: str) -> str:
    """The id of the story a stored document belongs to."""
    story = sql.story_id(connection, doc_id)
    if story is not None:
        return story
    if sql.has_document(connection, doc_id):
        raise NotFoundError(
            f"document {doc_id!r} is in no story yet; assign it with assign_stories (warledger resolve)"
        )
    raise NotFoundError(f"no document {doc_id!r} in the ledger")


def _pairs(
    candidates: set[tuple[int, int]], new_docs: dict[int, str], known: dict[int, sql.Placed]
) -> list[tuple[str, str]]:
    """The candidate key pairs as sorted (doc, other) id pairs, each pair once."""
    doc_of = new_docs | {key: placed.doc for key, placed in known.items()}
    # A key missing from doc_of is a band row left behind by a deleted document.
    found = {tuple(sorted((doc_of[new], doc_of[other]))) for new, other in candidates if other in doc_of}
    return sorted((doc, other) for doc, other in found)


def _confirm(pairs: list[tuple[str, str]], signature_of: dict[str, np.ndarray]) -> list[Link]:
    """The pairs whose estimated Jaccard reaches the threshold."""
    links = []
    for start in range(0, len(pairs), CONFIRM_CHUNK):
        chunk = pairs[start : start + CONFIRM_CHUNK]
        scores = minhash.similarities(
            np.stack([signature_of[doc] for doc, _ in chunk]),
            np.stack([signature_of[other] for _, other in chunk]),
        )
        links += [
            Link(doc, other, float(score))
            for (doc, other), score in zip(chunk, scores)
            if score >= minhash.THRESHOLD
        ]
    return links


def _merge(
    connection: sqlite3.Connection,
    pending: list[str],
    links: list[Link],
    stories_of_known: dict[str, str],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Join the new documents to the stories of their links; (grown story ids, retired ids)."""
    # Union-find over labels: a new document's id, or the story id of a document placed earlier.
    parent: dict[str, str] = {doc: doc for doc in pending}

    def root(label: str) -> str:
        parent.setdefault(label, label)
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    def label(doc: str) -> str:
        return stories_of_known.get(doc, doc)

    for link in links:
        first, second = root(label(link.doc)), root(label(link.other))
        # The smaller label wins, so the final name is the smallest document id of the story.
        parent[max(first, second)] = min(first, second)
    components: dict[str, set[str]] = {}
    for item in parent:
        components.setdefault(root(item), set()).add(item)
    grown: list[str] = []
    retired: list[str] = []
    new = set(pending)
    for story, members in sorted(components.items()):
        placed_earlier = sorted(members - new - {story})
        sql.move_stories(connection, placed_earlier + sorted(members & new - {story}), story)
        retired += placed_earlier
        if members & new:
            grown.append(story)
    return tuple(grown), tuple(sorted(retired))
