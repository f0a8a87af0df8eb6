"""Event merging: report events that describe one real-world event become one canonical event.

Two report events may merge only when they are compatible (:mod:`warledger.resolve.compatibility`:
same type, actors, weapons, places and dates that can be the same). Compatible events are then
clustered with :func:`warledger.resolve.similarity.cluster`, the code the ECB+ scorer uses, one
*component* at a time: a connected component of the graph of :func:`linked` pairs (compatible and
similar enough to be joined) plus the analyst's must-links, which no cluster can cross. Analyst
overrides (``merge_events``, ``split_event``) are stored against event *identities* (a hash of
document, type, trigger and field values, not the volatile row id), so they survive re-ingest;
the result does not depend on the order reports were ingested in. Aggregates are linked to the
strikes they count by :mod:`warledger.resolve.aggregates`.

Resolution is incremental: the ledger remembers each report event's identity and component
(``canonical_components``). A resolve re-clusters only the components *touched* since the last
one: those holding an event that is new, changed or gone, one linked to a new event, or an
override the stored clusters do not honour yet; every other canonical event is kept as stored.
Components are closed (no linked pair crosses two of them), so the result is the full
rebuild's, which ``resolve_events(connection, full=True)`` still performs.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from warledger.errors import NotFoundError
from warledger.extract.events import field_key
from warledger.model import Actor, Event, EventField, Place, TimeValue, Weapon
from warledger.resolve import similarity
from warledger.resolve.aggregates import StrikeIndex, included
from warledger.resolve.compatibility import DATE_SLACK, Candidate, compatible, date_interval, shifted
from warledger.resolve.similarity import Profile
from warledger.resolve.stories import assign_pending
from warledger.store import canonical as sql
from warledger.store.sqlite import read_events
from warledger.store.stories import transaction

# Same type gives the family weight (0.4); reaching 0.5 needs shared arguments or the same trigger.
THRESHOLD = 0.5
# Rounding of the linkage averages must never join what the component graph keeps apart.
LINK_MARGIN = 1e-9

Pair = tuple[str, str]


@dataclass(frozen=True)
class ResolveSummary:
    """What one resolve produced: ledger-wide counts, and how many report events it re-clustered."""

    events: int
    canonical: int
    merged: int
    aggregate_links: int
    overrides: int
    recomputed: int = 0


def identity(event: Event) -> str:
    """A stable identity of a report event: document, type, trigger and field values hashed."""
    fields = sorted(f"{f.role}={field_key(f)!r}" for f in event.fields)
    raw = json.dumps([event.doc, event.type.value, event.trigger.text, event.trigger.start, fields])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def profile(event: Event, key: str) -> Profile:
    """The similarity profile of a report event: trigger word, type and canonical argument keys."""
    return Profile(
        key=key,
        lemma=similarity.normalise(event.trigger.text.lower()),
        family=event.type.value,
        arguments=frozenset(k for f in event.fields for k in argument_keys(f)),
    )


def argument_keys(f: EventField) -> list[str]:
    """The keys a field contributes to a profile ("actor:RU", "place:706483", "time:2024-03-17")."""
    typed = f.typed
    if isinstance(typed, Actor):
        # By country where known: "Russia" and "the Russian armed forces" are one side.
        return [f"actor:{typed.country or typed.id}"]
    if isinstance(typed, Weapon):
        return [] if typed.generic else [f"weapon:{typed.id}"]
    if isinstance(typed, Place):
        return [f"place:{typed.geonames_id or typed.name}"]
    if isinstance(typed, TimeValue):
        return [f"time:{typed.value}"]
    return []


def match_reasons(a: Event, b: Event) -> tuple[str, ...]:
    """The fields on which two report events agree: why they were merged."""
    reasons = ["type"]
    if similarity.normalise(a.trigger.text.lower()) == similarity.normalise(b.trigger.text.lower()):
        reasons.append("trigger")
    for role in sorted({f.role for f in a.fields} & {f.role for f in b.fields}):
        if {field_key(f) for f in a.values(role)} & {field_key(f) for f in b.values(role)}:
            reasons.append(role)
    return tuple(reasons)


# -- clustering ------------------------------------------------------------------------------------


def merge_candidates(
    candidates: Sequence[Candidate],
    must_link: Iterable[Pair] = (),
    cannot_link: Iterable[Pair] = (),
) -> list[list[Candidate]]:
    """Clusters of compatible report events, the same whatever the order of ``candidates``."""
    must, cannot = list(must_link), list(cannot_link)
    clusters = [c for members in components(candidates, must) for c in cluster_component(members, must, cannot)]
    return sorted(clusters, key=lambda c: c[0].profile.key)


def cluster_component(members: Sequence[Candidate], must: list[Pair], cannot: list[Pair]) -> list[list[Candidate]]:
    """The clusters of one component: each block (type, aggregate or not) clustered apart, then
    joined where the analyst's must-links say so (across types too: the analyst's word wins)."""
    by_key = {c.profile.key: c for c in members}
    # Sorted by block, then key: each block's members are in the key order cluster() indexes by.
    ordered = sorted(members, key=lambda c: (*_block(c), c.profile.key))
    clusters: list[list[Candidate]] = []
    for _, group in groupby(ordered, key=_block):
        block = list(group)
        found = similarity.cluster(
            [c.profile for c in block],
            THRESHOLD,
            veto=lambda i, j, block=block: not compatible(block[i], block[j]),
            must_link=must,
            cannot_link=cannot,
            alike=lambda i, block=block: block[i].signature,
        )
        clusters.extend([by_key[p.key] for p in c] for c in found)
    return _join_must_links(sorted(clusters, key=lambda c: c[0].profile.key), must)


def _block(candidate: Candidate) -> tuple[str, bool]:
    return candidate.event.type.value, candidate.event.aggregate


def overlapping(candidates: Sequence[Candidate]) -> Iterator[tuple[int, int]]:
    """Index pairs of candidates of one block whose dates, widened by DATE_SLACK, overlap (an undated
    candidate pairs with every other of its block), found by a sweep over start dates."""
    blocks: dict[tuple[str, bool], list[int]] = {}
    for i, candidate in enumerate(candidates):
        blocks.setdefault(_block(candidate), []).append(i)
    spans = [c.span for c in candidates]
    for members in blocks.values():
        dated = sorted((i for i in members if spans[i] is not None), key=lambda i: spans[i][0])  # type: ignore[index]
        for position, i in enumerate(dated):
            end = shifted(spans[i][1], DATE_SLACK)  # type: ignore[index]
            for j in dated[position + 1 :]:
                if spans[j][0] > end:  # type: ignore[index]
                    break
                yield i, j
        undated = [i for i in members if spans[i] is None]
        for n, i in enumerate(undated):
            yield from ((i, j) for j in members if spans[j] is not None or j in undated[n + 1 :])


def linked(a: Candidate, b: Candidate) -> bool:
    """Whether two report events are an edge of the component graph: compatible and similar
    enough to be joined (:data:`THRESHOLD`)."""
    # Compatibility first: far cheaper than the similarity, and what most overlapping pairs fail
    # (a report repeating an attributed sentence: each copy's speaker is its own span).
    return compatible(a, b) and similarity.similarity(a.profile, b.profile) >= THRESHOLD - LINK_MARGIN


def linked_copies(candidates: Sequence[Candidate]) -> list[list[int]]:
    """Indexes of ``candidates`` grouped into linked copies, else alone: copies (one
    :attr:`~warledger.resolve.compatibility.Candidate.signature`) are linked to the same
    candidates, so testing one of them stands for all (a report repeating one sentence must not
    cost a test per pair of its copies)."""
    found: dict[object, list[int]] = {}
    for i, candidate in enumerate(candidates):
        found.setdefault(candidate.signature, []).append(i)
    groups: list[list[int]] = []
    for group in found.values():
        if len(group) > 1 and not linked(candidates[group[0]], candidates[group[1]]):
            groups.extend([i] for i in group)
        else:
            groups.append(group)
    return groups


def components(candidates: Sequence[Candidate], must: Iterable[Pair] = ()) -> list[list[Candidate]]:
    """The candidates split into groups no cluster can cross, each sorted by key, sorted by first key.

    Average linkage joins two clusters only when no pair across them is incompatible and their mean
    similarity reaches THRESHOLD, so some pair across them reaches it too: every cluster lies inside
    one connected component of the graph of :func:`linked` pairs plus the analyst's must-links.
    Clustering each component apart gives the very clusters of clustering the whole block, without
    comparing every pair: only reports whose dates overlap are tested (:func:`overlapping`).
    """
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[max(root(i), root(j))] = min(root(i), root(j))

    groups = linked_copies(candidates)
    for group in groups:
        for i in group[1:]:
            union(group[0], i)
    leads = [g[0] for g in groups]
    for a, b in overlapping([candidates[i] for i in leads]):
        i, j = leads[a], leads[b]
        if root(i) != root(j) and linked(candidates[i], candidates[j]):
            union(i, j)
    index = {c.profile.key: i for i, c in enumerate(candidates)}
    for a, b in must:
        if a in index and b in index:
            union(index[a], index[b])
    groups: dict[int, list[Candidate]] = {}
    for i, candidate in enumerate(candidates):
        groups.setdefault(root(i), []).append(candidate)
    return sorted((sorted(g, key=lambda c: c.profile.key) for g in groups.values()), key=lambda g: g[0].profile.key)


def _join_must_links(clusters: list[list[Candidate]], must: list[Pair]) -> list[list[Candidate]]:
    owner = {c.profile.key: k for k, cluster in enumerate(clusters) for c in cluster}
    for a, b in must:
        if a in owner and b in owner and owner[a] != owner[b]:
            keep, drop = sorted((owner[a], owner[b]))
            for c in clusters[drop]:
                owner[c.profile.key] = keep
            clusters[keep] = sorted(clusters[keep] + clusters[drop], key=lambda c: c.profile.key)
            clusters[drop] = []
    return [cluster for cluster in clusters if cluster]


def canonical_id(cluster: Sequence[Candidate]) -> str:
    """The id of a canonical event: derived from its smallest member identity."""
    smallest = min(c.identity for c in cluster)
    return "ce" + hashlib.sha256(smallest.encode("utf-8")).hexdigest()[:14]


# -- resolving -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dated:
    """A stored report event as read without decoding it: its block and report date, and its
    calendar interval (:attr:`~warledger.resolve.compatibility.Candidate.span`)."""

    event: str
    type: str
    aggregate: bool
    reported: date | None
    span: tuple[date, date] | None

    @property
    def block(self) -> tuple[str, bool]:
        """What :func:`overlapping` blocks by: the type, and aggregate or not."""
        return self.type, self.aggregate


def dated_events(connection: sqlite3.Connection) -> dict[str, Dated]:
    """Every stored report event's block, report date and interval, by event id."""
    found = {}
    for row in sql.dated_rows(connection):
        reported = date.fromisoformat(row.reported) if row.reported else None
        span = None
        if row.start is not None and row.end is not None:
            span = date.fromisoformat(row.start), date.fromisoformat(row.end)
        elif reported is not None:
            # date_interval's fallback for an event without a date field.
            span = shifted(reported, -timedelta(days=1)), reported
        found[row.event] = Dated(row.event, row.type, row.aggregate, reported, span)
    return found


@dataclass
class Candidates:
    """Stored report events as merge candidates, each read and decoded once, when first asked for."""

    connection: sqlite3.Connection
    dated: Mapping[str, Dated]
    found: dict[str, Candidate] = field(default_factory=dict)

    def get(self, events: Iterable[str]) -> list[Candidate]:
        """The candidates of these stored events, by event id."""
        wanted = sorted(set(events))
        missing = [event for event in wanted if event not in self.found]
        for event in read_events(self.connection, missing):
            key = identity(event)
            self.found[event.id] = Candidate(event, key, self.dated[event.id].reported, profile(event, key))
        return [self.found[event] for event in wanted]


def neighbours(dated: Mapping[str, Dated], fresh: set[str]) -> set[str]:
    """The stored events a fresh one may be linked to: those :func:`overlapping` pairs with it (of
    its block, dates overlapping once widened by DATE_SLACK, every one of the block when either
    is undated)."""
    windows: dict[tuple[str, bool], list[tuple[date, date]]] = {}
    undated: set[tuple[str, bool]] = set()
    for event in fresh:
        own = dated[event]
        if own.span is None:
            undated.add(own.block)
        else:
            windows.setdefault(own.block, []).append((shifted(own.span[0], -DATE_SLACK), shifted(own.span[1], DATE_SLACK)))
    merged = {block: _merged(found) for block, found in windows.items()}
    return {
        event
        for event, other in dated.items()
        if event not in fresh
        and (other.block in undated or other.block in merged and (other.span is None or _meets(merged[other.block], other.span)))
    }


def _merged(windows: list[tuple[date, date]]) -> tuple[list[date], list[date]]:
    """The union of date windows as (starts, ends) of disjoint windows in order."""
    starts: list[date] = []
    ends: list[date] = []
    for start, end in sorted(windows):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _meets(windows: tuple[list[date], list[date]], span: tuple[date, date]) -> bool:
    """Whether an interval meets one of disjoint windows in order (the last one starting by its end)."""
    starts, ends = windows
    last = bisect_right(starts, span[1]) - 1
    return last >= 0 and ends[last] >= span[0]


def touched_components(
    candidates: Sequence[Candidate],
    state: dict[str, sql.ResolvedRow],
    must: list[Pair],
    cannot: list[Pair],
    gone: set[str],
) -> tuple[set[str], set[str]]:
    """(events to cluster afresh, stored components to re-cluster) since the last resolve.

    ``candidates`` are every event not stored as a member and the stored events they may be
    linked to (:func:`neighbours`); ``gone`` the events the last resolve placed that are no longer
    stored. Fresh: events not stored as members with their current identity. Touched: components
    that lost or changed an event, hold an event linked to a fresh one, or hold an override pair
    the stored clusters do not honour (a must-link across two canonical events, a cannot-link in
    one).
    """
    current = {c.event.id: c.identity for c in candidates}
    fresh = {
        event for event, key in current.items()
        if event not in state or state[event].identity != key or state[event].canonical is None
    }
    touched = {state[event].component for event in gone | (fresh & state.keys())}
    by_identity = {row.identity: row for row in state.values() if row.canonical is not None}
    for pairs, honoured in ((must, lambda a, b: a == b), (cannot, lambda a, b: a != b)):
        for a, b in pairs:
            if a in by_identity and b in by_identity and not honoured(by_identity[a].canonical, by_identity[b].canonical):
                touched |= {by_identity[a].component, by_identity[b].component}
    groups = linked_copies(candidates)
    has_fresh = [any(candidates[i].event.id in fresh for i in g) for g in groups]
    stored = [{state[candidates[i].event.id].component for i in g if candidates[i].event.id not in fresh} for g in groups]
    # Copies are linked to each other, so a fresh copy touches the components of its stored copies.
    pairs = [(k, k) for k, g in enumerate(groups) if len(g) > 1]
    for k, m in (*pairs, *overlapping([candidates[g[0]] for g in groups])):
        for new, old in ((k, m), (m, k)):
            if has_fresh[new] and stored[old] - touched and (k == m or linked(candidates[groups[k][0]], candidates[groups[m][0]])):
                touched |= stored[old]
    # A must-link from a re-clustered event into an untouched component pulls that component in.
    fresh_keys, placed = {current[event] for event in fresh}, fresh | gone
    while True:
        keys = fresh_keys | {row.identity for event, row in state.items() if row.component in touched and event not in placed}
        pulled = {
            by_identity[other].component
            for a, b in must for key, other in ((a, b), (b, a))
            if key in keys and other in by_identity and by_identity[other].component not in touched
        }
        if not pulled:
            return fresh, touched
        touched |= pulled


def _rows(component: str, clusters: list[list[Candidate]]) -> tuple[list[sql.CanonicalRow], list[sql.MemberRow], list[sql.ResolvedRow]]:
    """The canonical, member and component rows of one component's clusters."""
    rows, members, resolved = [], [], []
    for cluster in clusters:
        cid = canonical_id(cluster)
        first = cluster[0].event
        spans = [i for c in cluster if (i := date_interval(c.event, None))]
        rows.append(
            sql.CanonicalRow(
                cid,
                first.type.value,
                first.aggregate,
                min(s for s, _ in spans).isoformat() if spans else None,
                max(e for _, e in spans).isoformat() if spans else None,
            )
        )
        for c in cluster:
            reasons = ("first report",) if c is cluster[0] else match_reasons(first, c.event)
            members.append(sql.MemberRow(cid, c.event.id, c.identity, reasons))
            resolved.append(sql.ResolvedRow(c.event.id, c.identity, component, cid))
    return rows, members, resolved


def resolve_events(connection: sqlite3.Connection, full: bool = False) -> ResolveSummary:
    """Place every stored document in a story, then bring the canonical events up to date:
    re-cluster the components touched since the last resolve (every one when ``full``) and
    re-link the aggregates whose strikes may have changed.

    Only the events this needs are read and decoded: the new ones, the stored ones they may be
    linked to, those of the touched components, and what the aggregates to re-link may count. A
    stored event is never changed (a document stored again loses its members), so an event the
    last resolve placed keeps the identity it was placed with.
    """
    assign_pending(connection)
    overrides = sql.overrides(connection)
    must = [(a, b) for kind, a, b in overrides if kind == "merge"]
    cannot = [(a, b) for kind, a, b in overrides if kind == "split"]
    state = {} if full else sql.resolved(connection)
    dated = dated_events(connection)
    loaded = Candidates(connection, dated)
    unplaced = {event for event in dated if event not in state or state[event].canonical is None}
    gone = state.keys() - dated.keys()
    fresh, touched = touched_components(loaded.get(unplaced | neighbours(dated, unplaced)), state, must, cannot, gone)
    subset = loaded.get(fresh | {event for event, row in state.items() if row.component in touched and event not in gone})
    rows, members, resolved = [], [], []
    for group in components(subset, must):
        found = _rows(group[0].identity, cluster_component(group, must, cannot))
        rows += found[0]
        members += found[1]
        resolved += found[2]
    dropped = [event for event, row in state.items() if row.component in touched] + sorted(fresh)
    with transaction(connection):
        if full:
            sql.clear(connection)
        taken = sql.replace_components(connection, dropped, rows, members, resolved)
        _link_aggregates(connection, loaded, {r.id for r in rows}, unlinked(taken, members, state))
        totals = sql.totals(connection)
    return ResolveSummary(
        events=len(dated),
        canonical=totals.canonical,
        merged=totals.merged,
        aggregate_links=totals.links,
        overrides=len(overrides),
        recomputed=len(subset),
    )


def unlinked(taken: sql.Dropped, members: Sequence[sql.MemberRow], state: dict[str, sql.ResolvedRow]) -> set[str]:
    """The aggregates that lost a linked strike: one that is gone, or rebuilt without a report it
    held at the last resolve. A strike rebuilt with every report it held (and maybe more) counts
    at least as much, so its aggregates only gain: they keep it as one of their rebuilt strikes."""
    rebuilt: dict[str, set[str]] = {}
    for m in members:
        rebuilt.setdefault(m.canonical, set()).add(m.event)
    # A deleted report's member row went with it: which strike held it is unknown, only its component.
    damaged = {row.component for row in state.values() if row.canonical is None}

    def intact(strike: str) -> bool:
        held = taken.members.get(strike, set())
        return bool(held) and held <= rebuilt.get(strike, set()) and not {state[e].component for e in held} & damaged

    return {aggregate for aggregate, strikes in taken.links.items() if not all(intact(strike) for strike in strikes)}


def _link_aggregates(connection: sqlite3.Connection, loaded: Candidates, rebuilt: set[str], unlinked: set[str]) -> None:
    """Re-link the aggregates that are new, lost a linked strike, or count a re-clustered strike.

    An aggregate that only gains strikes keeps the best of its stored links and the new strikes it
    counts: the best k of a union are the best k of one part's best k and the other part, so only
    a new aggregate, or one that lost a strike (its next best is unknown), reads the whole index,
    and that index holds only the strikes such aggregates may count (of their type, begun by their
    latest report date).
    """
    owner = sql.member_canonical(connection)
    held: dict[str, list[str]] = {}
    for event, canonical in owner.items():
        if not loaded.dated[event].aggregate:
            held.setdefault(canonical, []).append(event)
    aggregates: dict[str, list[Candidate]] = {}
    for c in loaded.get(event for event, row in loaded.dated.items() if row.aggregate):
        aggregates.setdefault(owner[c.event.id], []).append(c)

    def strikes(canonical_ids: Iterable[str]) -> StrikeIndex:
        found = loaded.get(event for cid in canonical_ids for event in held.get(cid, ()))
        return StrikeIndex.build((owner[c.event.id], c) for c in found)

    fresh = strikes(rebuilt)
    stored = sql.links(connection)
    relinked: dict[str, list[str]] = {}
    anew = {cid: members for cid, members in aggregates.items() if cid in rebuilt or cid in unlinked}
    whole = strikes(_countable(loaded.dated, owner, anew.values())) if anew else StrikeIndex()
    for cid, members in sorted(aggregates.items()):
        if cid in anew:
            relinked[cid] = included(members, whole)
        elif gained := included(members, fresh):
            relinked[cid] = included(members, strikes(set(stored.get(cid, ())) | set(gained)))
    sql.replace_links(connection, list(relinked), [(cid, s) for cid, found in relinked.items() for s in sorted(found)])


def _countable(dated: Mapping[str, Dated], owner: Mapping[str, str], aggregates: Iterable[list[Candidate]]) -> set[str]:
    """The canonical events holding a strike these aggregates may count: of an aggregate's type,
    begun by the latest report date of that type's aggregates (a strike begun later is never read
    by :meth:`StrikeIndex.candidates`)."""
    latest: dict[str, date | None] = {}
    for c in (c for members in aggregates for c in members):
        kind = c.event.type.value
        if kind not in latest or latest[kind] is not None:
            # An aggregate without a report date reads every strike of its type.
            latest[kind] = None if c.report_date is None else max(c.report_date, latest.get(kind) or date.min)
    return {
        owner[event]
        for event, row in dated.items()
        if not row.aggregate and row.type in latest
        and (row.span is None or latest[row.type] is None or row.span[0] <= latest[row.type])
    }


def split_event(connection: sqlite3.Connection, event_id: str) -> ResolveSummary:
    """Take one report event out of its canonical event for good, then resolve again."""
    members = sql.member_of(connection, event_id)
    own = [m for m in members if m.event == event_id]
    if not own:
        raise NotFoundError(f"no report event {event_id!r} in a canonical event; run `warledger resolve` first")
    with transaction(connection):
        sql.add_overrides(connection, "split", [(own[0].identity, m.identity) for m in members if m.event != event_id])
    return resolve_events(connection)


def merge_events(connection: sqlite3.Connection, a: str, b: str) -> ResolveSummary:
    """Make two canonical events (or the ones holding two report events) one, then resolve again."""
    first, second = sql.member_of(connection, a), sql.member_of(connection, b)
    for given, found in ((a, first), (b, second)):
        if not found:
            raise NotFoundError(f"no canonical or report event {given!r}; list them with `warledger events`")
    with transaction(connection):
        sql.add_overrides(connection, "merge", [(min(m.identity for m in first), min(m.identity for m in second))])
    return resolve_events(connection)
