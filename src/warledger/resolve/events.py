"""Event merging: report events that describe one real-world event become one canonical event.

Two report events may merge only when they are *compatible* (a hard veto otherwise):

- same type, and both single strikes or both aggregates ("about 50 times since 2022" never merges
  with one strike; it is linked to the strikes it includes instead);
- actors: for each role both name, the same actor id or actors of the same country ("Russia" and
  "the Russian armed forces");
- weapons: the same system, or one side generic ("a missile" fits "an Iskander-M");
- places at their precision: the same place, a place inside the other's oblast or country, or two
  points within :data:`NEAR_KM` (a city and a village on its edge);
- dates at their precision: the calendar intervals overlap once widened by :data:`DATE_SLACK`
  ("overnight" against the calendar day; a report dated the day after). An undated event is dated
  by its report: the report day and the day before.

Compatible events are then clustered with :func:`warledger.resolve.similarity.cluster`, the code
the ECB+ scorer uses. Analyst overrides (``merge_events``, ``split_event``) are stored against
event *identities* (a hash of document, type, trigger and field values, not the volatile row id),
so they survive re-ingest; the result does not depend on the order reports were ingested in.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from warledger.errors import NotFoundError
from warledger.extract.events import field_key
from warledger.model import Actor, Event, EventField, Place, TimeValue, Weapon
from warledger.resolve import similarity
from warledger.resolve.similarity import Profile
from warledger.resolve.stories import assign_pending
from warledger.store import canonical as sql
from warledger.store.sqlite import Store
from warledger.store.stories import transaction

# The ACLED scorer's radius: a strike on a city's outskirts, reported as the city, stays one event.
NEAR_KM = 25.0
# "Overnight" spans two calendar days and a report is often dated the day after the event.
DATE_SLACK = timedelta(days=1)
# Same type gives the family weight (0.4); reaching 0.5 needs shared arguments or the same trigger.
THRESHOLD = 0.5
ACTOR_ROLES = ("attacker", "target", "supplier", "recipient", "invader", "invaded", "speaker", "accused")
# A statement, accusation or denial is one only when said by the same speaker about the same thing.
SPEECH_ROLES = ("speaker", "content")
BROAD_FEATURES = {"admin1": 1, "region": 2, "country": 3}


@dataclass(frozen=True)
class ResolveSummary:
    """What one resolve produced."""

    events: int
    canonical: int
    merged: int
    aggregate_links: int
    overrides: int


@dataclass(frozen=True)
class Candidate:
    """A report event ready to be merged: the event, its identity, report date and profile."""

    event: Event
    identity: str
    report_date: date | None
    profile: Profile


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


# -- compatibility ---------------------------------------------------------------------------------


def compatible(a: Candidate, b: Candidate) -> bool:
    """Whether two report events may describe the same real-world event."""
    first, second = a.event, b.event
    if first.type is not second.type or first.aggregate != second.aggregate:
        return False
    return arguments_compatible(first, second) and dates_compatible(
        date_interval(first, a.report_date), date_interval(second, b.report_date)
    )


def arguments_compatible(first: Event, second: Event) -> bool:
    """Whether the actors, speakers, weapons and places of two events can be the same ones."""
    for role in SPEECH_ROLES:
        if not _any_pair(first.values(role), second.values(role), lambda a, b: a == b):
            return False
    for role in ACTOR_ROLES:
        if not _any_pair(first.values(role), second.values(role), actors_compatible):
            return False
    if not _any_pair(first.values("weapon"), second.values("weapon"), weapons_compatible):
        return False
    return _any_pair(first.values("place"), second.values("place"), places_compatible)


def _any_pair(first: list[EventField], second: list[EventField], test: Callable[[object, object], bool]) -> bool:
    """True when either side lacks the role, or some pair of values (typed where known) passes ``test``."""
    left = [f.typed if f.typed is not None else f.value.casefold() for f in first]
    right = [f.typed if f.typed is not None else f.value.casefold() for f in second]
    if not left or not right:
        return True
    return any(test(x, y) for x in left for y in right)


def actors_compatible(a: object, b: object) -> bool:
    """The same actor, or two actors of one country."""
    if not isinstance(a, Actor) or not isinstance(b, Actor):
        return True
    return a.id == b.id or (a.country is not None and a.country == b.country)


def weapons_compatible(a: object, b: object) -> bool:
    """The same weapon system, or one side only a generic class."""
    if not isinstance(a, Weapon) or not isinstance(b, Weapon):
        return True
    return a.id == b.id or a.generic or b.generic


def places_compatible(a: object, b: object) -> bool:
    """The same place, one inside the other's oblast or country, or two points within NEAR_KM."""
    if not isinstance(a, Place) or not isinstance(b, Place):
        return True
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    broad, narrow = sorted((a, b), key=lambda p: -BROAD_FEATURES.get(p.feature, 0))
    if broad.feature == "country":
        return True
    if broad.feature in BROAD_FEATURES and broad.admin1 and broad.admin1 == narrow.admin1:
        return True
    if a.feature in BROAD_FEATURES or b.feature in BROAD_FEATURES:
        return False
    return distance_km(a, b) <= NEAR_KM


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def date_interval(event: Event, report_date: date | None) -> tuple[date, date] | None:
    """The calendar interval of the event's date, else its report day and the day before."""
    for f in event.values("date"):
        typed = f.typed
        if isinstance(typed, TimeValue) and (typed.start or typed.end):
            start = typed.start or typed.end
            end = typed.end or typed.start
            assert start is not None and end is not None
            return start, end
    if report_date is not None:
        return report_date - timedelta(days=1), report_date
    return None


def dates_compatible(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    """Whether two intervals overlap once widened by DATE_SLACK (unknown dates fit anything)."""
    if a is None or b is None:
        return True
    return a[0] - DATE_SLACK <= b[1] and b[0] - DATE_SLACK <= a[1]


def match_reasons(a: Event, b: Event) -> tuple[str, ...]:
    """The fields on which two report events agree: why they were merged."""
    reasons = ["type"]
    if similarity.normalise(a.trigger.text.lower()) == similarity.normalise(b.trigger.text.lower()):
        reasons.append("trigger")
    for role in sorted({f.role for f in a.fields} & {f.role for f in b.fields}):
        if {field_key(f) for f in a.values(role)} & {field_key(f) for f in b.values(role)}:
            reasons.append(role)
    return tuple(reasons)


# -- resolving -------------------------------------------------------------------------------------


def merge_candidates(
    candidates: Sequence[Candidate],
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
) -> list[list[Candidate]]:
    """Clusters of compatible report events, the same whatever the order of ``candidates``."""
    by_key = {c.profile.key: c for c in candidates}
    # Sorted by block, then key: each block's members are in the key order cluster() indexes by.
    ordered = sorted(candidates, key=lambda c: (c.event.type.value, c.event.aggregate, c.profile.key))
    must, cannot = list(must_link), list(cannot_link)
    clusters: list[list[Candidate]] = []
    for _, group in groupby(ordered, key=lambda c: (c.event.type.value, c.event.aggregate)):
        for members in _components(list(group), must):
            found = similarity.cluster(
                [c.profile for c in members],
                THRESHOLD,
                veto=lambda i, j, members=members: not compatible(members[i], members[j]),
                must_link=must,
                cannot_link=cannot,
            )
            clusters.extend([by_key[p.key] for p in c] for c in found)
    # Must-links may join clusters of different types: the analyst's word wins.
    return _join_must_links(sorted(clusters, key=lambda c: c[0].profile.key), must)


def _components(candidates: list[Candidate], must: list[tuple[str, str]]) -> list[list[Candidate]]:
    """The candidates split into groups no cluster can cross, each sorted by key.

    A cluster never holds two incompatible reports, so it lies inside one connected component of
    the compatibility graph (plus the analyst's must-links). Clustering each component apart gives
    the very clusters of clustering the whole block, without comparing every pair: only reports
    whose dates (widened by DATE_SLACK) overlap are tested, found by a sweep over start dates.
    """
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[max(root(i), root(j))] = min(root(i), root(j))

    spans = [date_interval(c.event, c.report_date) for c in candidates]
    undated = [i for i, span in enumerate(spans) if span is None]
    dated = sorted((i for i, span in enumerate(spans) if span is not None), key=lambda i: spans[i][0])  # type: ignore[index]
    for position, i in enumerate(dated):
        end = spans[i][1] + DATE_SLACK  # type: ignore[index]
        for j in dated[position + 1 :]:
            if spans[j][0] > end:  # type: ignore[index]
                break
            if root(i) != root(j) and compatible(candidates[i], candidates[j]):
                union(i, j)
    for i in undated:
        for j in range(len(candidates)):
            if j != i and root(i) != root(j) and compatible(candidates[i], candidates[j]):
                union(i, j)
    index = {c.profile.key: i for i, c in enumerate(candidates)}
    for a, b in must:
        if a in index and b in index:
            union(index[a], index[b])
    groups: dict[int, list[Candidate]] = {}
    for i, candidate in enumerate(candidates):
        groups.setdefault(root(i), []).append(candidate)
    return sorted((sorted(g, key=lambda c: c.profile.key) for g in groups.values()), key=lambda g: g[0].profile.key)


def _join_must_links(clusters: list[list[Candidate]], must: list[tuple[str, str]]) -> list[list[Candidate]]:
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


def includes(aggregate: Sequence[Candidate], strike: Sequence[Candidate]) -> bool:
    """Whether an aggregate event covers a single strike: same type, compatible arguments, and the
    strike inside the aggregate's own dates when it has any ("since 2022"), else no later than the
    aggregate's report (a count reported in March cannot include an April strike)."""
    for whole in aggregate:
        span = date_interval(whole.event, None)
        for part in strike:
            if whole.event.type is not part.event.type or not arguments_compatible(whole.event, part.event):
                continue
            when = date_interval(part.event, part.report_date)
            if span is not None:
                if dates_compatible(span, when):
                    return True
            elif whole.report_date is None or when is None or when[0] <= whole.report_date:
                return True
    return False


def load_candidates(connection: sqlite3.Connection) -> list[Candidate]:
    """Every stored report event as a merge candidate."""
    days = {doc: row.date for doc, row in sql.reports(connection).items()}
    with Store(sql.database_path(connection)) as store:
        events = store.events()
    candidates = []
    for event in events:
        key = identity(event)
        day = days.get(event.doc)
        candidates.append(Candidate(event, key, date.fromisoformat(day) if day else None, profile(event, key)))
    return candidates


def resolve_events(connection: sqlite3.Connection) -> ResolveSummary:
    """Place every stored document in a story, then rebuild the canonical events from scratch."""
    assign_pending(connection)
    candidates = load_candidates(connection)
    overrides = sql.overrides(connection)
    must = [(a, b) for kind, a, b in overrides if kind == "merge"]
    cannot = [(a, b) for kind, a, b in overrides if kind == "split"]
    clusters = merge_candidates(candidates, must, cannot)
    rows, members = [], []
    for cluster in clusters:
        cid = canonical_id(cluster)
        first = cluster[0].event
        starts = [i for c in cluster if (i := date_interval(c.event, None))]
        rows.append(
            sql.CanonicalRow(
                cid,
                first.type.value,
                first.aggregate,
                min(s for s, _ in starts).isoformat() if starts else None,
                max(e for _, e in starts).isoformat() if starts else None,
            )
        )
        for c in cluster:
            reasons = ("first report",) if c is cluster[0] else match_reasons(first, c.event)
            members.append(sql.MemberRow(cid, c.event.id, c.identity, reasons))
    aggregates = [c for c in clusters if c[0].event.aggregate]
    strikes = [c for c in clusters if not c[0].event.aggregate]
    links = sorted(
        (canonical_id(a), canonical_id(s)) for a in aggregates for s in strikes if includes(a, s)
    )
    with transaction(connection):
        sql.replace_all(connection, rows, members, links)
    return ResolveSummary(
        events=len(candidates),
        canonical=len(clusters),
        merged=sum(1 for c in clusters if len(c) > 1),
        aggregate_links=len(links),
        overrides=len(overrides),
    )


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
