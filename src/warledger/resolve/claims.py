"""Claims across sources: for each field of a canonical event, every value with the reports giving it.

A *source* is a report's publisher (its document id when the publisher is unknown). Two sources
are independent when their publishers differ and their documents are in different stories (a
reprint of a wire story is the wire's word again). For each field:

- *corroborated*: a value is given, compatibly, by two or more independent sources;
- *contradicted*: the latest values of two sources (by report date) conflict. A source revising its
  own count ("5 killed", next day "7 killed") is not a contradiction; its latest value counts;
- the occurrence itself is contradicted when a report denies the event (a denied claim about it,
  or a member event with the denied modality).

Numbers compare as intervals: "3" is [3, 3], "at least 3" [3, ∞), "more than 3" [4, ∞), "fewer
than 3" [0, 2], "up to / at most 3" [0, 3], a range its bounds, and "about x" x ± :data:`~warledger.resolve.compatibility.ABOUT_BAND`
(10 %, at least 1): "about 50" is [45, 55], which takes "48" and refuses "60". Other values compare
by their canonical key (actor id, place, time value), places also by containment (a city inside
the oblast another report names).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from warledger.errors import NotFoundError
from warledger.extract.events import field_key
from warledger.model import Actor, Event, EventField, Modality, Place, Quantity, TimeValue, Weapon
from warledger.resolve.compatibility import (
    actors_compatible,
    dates_compatible,
    interval,
    places_compatible,
    weapons_compatible,
)
from warledger.resolve.stories import story_of
from warledger.store import canonical as sql
from warledger.store.stories import transaction
from warledger.store.filters import EventFilter
from warledger.store.sqlite import read_events

OCCURRENCE = "occurrence"


@dataclass(frozen=True)
class Report:
    """One report event of a canonical event: where it comes from and why it was merged."""

    event_id: str
    doc: str
    publisher: str | None
    report_date: date | None
    story: str
    reasons: tuple[str, ...]

    @property
    def source(self) -> str:
        """Who vouches for the report: its publisher, or the document itself when unknown."""
        return self.publisher or self.doc


@dataclass(frozen=True)
class Value:
    """One value of a field as one report gave it, with provenance and attribution."""

    value: str
    field: EventField
    report: Report
    attributed_to: str | None
    modality: Modality


@dataclass(frozen=True)
class FieldClaims:
    """Every value of one field of a canonical event, with its corroboration status."""

    role: str
    values: tuple[Value, ...]
    latest: dict[str, Value]
    corroborated: bool
    contradicted: bool
    summary: str

    @property
    def status(self) -> str:
        """"contradicted", "corroborated" or "single" (one independent source only)."""
        if self.contradicted:
            return "contradicted"
        return "corroborated" if self.corroborated else "single"


@dataclass(frozen=True)
class CanonicalEvent:
    """One real-world event: its reports, why they were merged, and the claims of every field."""

    id: str
    type: str
    aggregate: bool
    date_start: str | None
    date_end: str | None
    reports: tuple[Report, ...]
    fields: tuple[FieldClaims, ...]
    denials: tuple[str, ...]
    includes: tuple[str, ...] = ()
    included_in: tuple[str, ...] = ()

    def field(self, role: str) -> FieldClaims | None:
        """The claims of one field, or None."""
        return next((f for f in self.fields if f.role == role), None)


@dataclass(frozen=True)
class ContradictedClaim:
    """A field of a canonical event on which sources conflict."""

    event_id: str
    claims: FieldClaims


# -- comparing values ------------------------------------------------------------------------------


def values_compatible(a: EventField, b: EventField) -> bool:
    """Whether two reported values of one field can both be true."""
    if isinstance(a.typed, Quantity) and isinstance(b.typed, Quantity):
        (low_a, high_a), (low_b, high_b) = interval(a.typed), interval(b.typed)
        return low_a <= high_b and low_b <= high_a
    if isinstance(a.typed, Place) and isinstance(b.typed, Place):
        return places_compatible(a.typed, b.typed)
    if isinstance(a.typed, Weapon) and isinstance(b.typed, Weapon):
        return weapons_compatible(a.typed, b.typed)
    if isinstance(a.typed, Actor) and isinstance(b.typed, Actor):
        return actors_compatible(a.typed, b.typed)
    if isinstance(a.typed, TimeValue) and isinstance(b.typed, TimeValue):
        return dates_compatible(_bounds(a.typed), _bounds(b.typed))
    if {type(a.typed), type(b.typed)} == {Actor, Place}:
        # "Ukraine" (the state attacked) and "Lviv" (the city hit) are one target at two precisions
        actor, place = (a.typed, b.typed) if isinstance(a.typed, Actor) else (b.typed, a.typed)
        return actor.country is None or place.country_code is None or actor.country == place.country_code
    return field_key(a) == field_key(b) or a.value.casefold() == b.value.casefold()


def _bounds(value: TimeValue) -> tuple[date, date] | None:
    """A time value's calendar interval ("2022-02" is the whole month), if it has one."""
    start, end = value.start or value.end, value.end or value.start
    return (start, end) if start is not None and end is not None else None


def independent(reports: Sequence[Report]) -> int:
    """How many mutually independent sources are among ``reports``: distinct publishers, one
    story each (the smaller of the two counts)."""
    return min(len({r.source for r in reports}), len({r.story for r in reports}))


def summarise(values: Sequence[Value]) -> str:
    """The range of a numeric field ("5–12"), or the distinct values in order of appearance."""
    quantities = [v.field.typed for v in values if isinstance(v.field.typed, Quantity)]
    if quantities and len(quantities) == len(values):
        numbers = [x for q in quantities for x in (q.low, q.value, q.high) if x is not None]
        if numbers:
            low, high = min(numbers), max(numbers)
            return _number(low) if low == high else f"{_number(low)}–{_number(high)}"
    return "; ".join(dict.fromkeys(v.value for v in values))


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _distinct(values: Sequence[Value]) -> tuple[list[EventField], list[int]]:
    """The distinct values' fields (in order of appearance) and the index of each value's.

    Two values are one when their text and typed value are equal: :func:`values_compatible` reads
    nothing else, so they are compatible with exactly the same values (copies of one report
    sentence are one value). Texts are looked up first: a typed value is costly to hash.
    """
    fields: list[EventField] = []
    by_text: dict[str, list[int]] = {}
    positions = []
    for v in values:
        alike = by_text.setdefault(v.field.value, [])
        position = next((k for k in alike if fields[k].typed == v.field.typed), None)
        if position is None:
            position = len(fields)
            fields.append(v.field)
            alike.append(position)
        positions.append(position)
    return fields, positions


def _reach(agreeing: list[bool], given: list[set[str]]) -> int:
    """How many distinct sources (or stories) give the values a value agrees with."""
    return len(set().union(*(g for g, ok in zip(given, agreeing) if ok)))


def field_claims(role: str, values: Sequence[Value]) -> FieldClaims:
    """Corroboration and contradiction of one field's values.

    Values are compared once per pair of distinct values, not per pair of values: a report
    repeating one sentence 8,000 times must not cost 64 million comparisons.
    """
    fields, positions = _distinct(values)
    sources: list[set[str]] = [set() for _ in fields]
    stories: list[set[str]] = [set() for _ in fields]
    for v, position in zip(values, positions):
        sources[position].add(v.report.source)
        stories[position].add(v.report.story)
    agree = [[values_compatible(a, b) for b in fields] for a in fields]
    corroborated = any(min(_reach(row, sources), _reach(row, stories)) >= 2 for row in agree)
    latest: dict[str, Value] = {}
    final: dict[str, int] = {}
    for v, position in sorted(zip(values, positions), key=lambda p: (p[0].report.report_date or date.min, p[0].report.event_id)):
        latest[v.report.source] = v
        final[v.report.source] = position
    # Each source's latest value, by distinct value: the stories giving it. Two latest values of
    # different sources conflict when incompatible and of different stories (values_compatible
    # is symmetric, so which of the two came first does not matter).
    held: dict[int, set[str]] = {}
    for source, position in final.items():
        held.setdefault(position, set()).add(latest[source].report.story)
    kept = sorted(held)
    contradicted = any(
        not agree[i][j] and not (len(held[i]) == 1 and held[i] == held[j])
        for n, i in enumerate(kept)
        for j in kept[n:]
    )
    return FieldClaims(role, tuple(values), latest, corroborated, contradicted, summarise(values))


def claims_of(events: Sequence[Event], reports: dict[str, Report], denials: Sequence[str]) -> tuple[FieldClaims, ...]:
    """The claims of every field of one canonical event's member events, occurrence first."""
    by_role: dict[str, list[Value]] = {}
    for event in events:
        report = reports[event.id]
        attributed = event.source.name if event.source else None
        for f in event.fields:
            by_role.setdefault(f.role, []).append(Value(f.value, f, report, attributed, event.modality))
    found = [field_claims(role, by_role[role]) for role in sorted(by_role)]
    denied = {e.id for e in events if e.modality is Modality.DENIED} | set(denials)
    stances = [
        Value("denied" if e.id in denied else e.modality.value, EventField(OCCURRENCE, e.modality.value, e.trigger),
              reports[e.id], e.source.name if e.source else None, e.modality)
        for e in events
    ]
    asserting = [v.report for v in stances if v.value != "denied"]
    denying = [v.report for v in stances if v.value == "denied"]
    occurrence = FieldClaims(
        OCCURRENCE,
        tuple(stances),
        {},
        independent(asserting) >= 2,
        bool(asserting and denying) and independent(asserting + denying) >= 2,
        f"{len(asserting)} asserting, {len(denying)} denying",
    )
    return (occurrence, *found)


# -- reading canonical events ----------------------------------------------------------------------


def _story(connection: sqlite3.Connection, doc: str) -> str:
    """The story of a document; a document not yet placed is its own story."""
    try:
        return story_of(connection, doc)
    except NotFoundError:
        return doc


def _assemble(connection: sqlite3.Connection, rows: list[sql.CanonicalRow]) -> list[CanonicalEvent]:
    if not rows:
        return []
    members = sql.member_rows(connection, [r.id for r in rows])
    documents = sql.reports(connection)
    events = {event.id: event for event in read_events(connection, [m.event for m in members])}
    by_canonical: dict[str, list[sql.MemberRow]] = {}
    for m in members:
        by_canonical.setdefault(m.canonical, []).append(m)
    found = []
    for row in rows:
        own = [m for m in by_canonical.get(row.id, []) if m.event in events]
        reports: dict[str, Report] = {}
        for m in own:
            doc = documents[events[m.event].doc]
            reports[m.event] = Report(
                m.event, doc.doc, doc.publisher, date.fromisoformat(doc.date) if doc.date else None,
                _story(connection, doc.doc), m.reasons,
            )
        denials = tuple(event for _, event in sql.denial_claims(connection, list(reports)))
        inner, outer = sql.includes(connection, row.id)
        found.append(
            CanonicalEvent(
                row.id, row.type, row.aggregate, row.date_start, row.date_end,
                tuple(reports.values()),
                claims_of([events[m.event] for m in own], reports, denials),
                denials, tuple(inner), tuple(outer),
            )
        )
    return found


def canonical_events(connection: sqlite3.Connection, selection: EventFilter | None = None) -> list[CanonicalEvent]:
    """Canonical events matching the filter's type, since and until (by date, then id)."""
    selection = selection or EventFilter()
    rows = sql.canonical_rows(
        connection,
        type=selection.type.value if selection.type else None,
        since=selection.since.isoformat() if selection.since else None,
        until=selection.until.isoformat() if selection.until else None,
    )
    if selection.limit is not None:
        rows = rows[: selection.limit]
    return _assemble(connection, rows)


def canonical_event(connection: sqlite3.Connection, event_id: str) -> CanonicalEvent:
    """One canonical event by its id, or the one holding a report event with this id."""
    members = sql.member_of(connection, event_id)
    if not members:
        raise NotFoundError(f"no canonical event {event_id!r}; run `warledger resolve`, then list them with `warledger events`")
    return _assemble(connection, sql.canonical_rows(connection, ids=[members[0].canonical]))[0]


def contradicted_claims(connection: sqlite3.Connection) -> list[ContradictedClaim]:
    """Every field of every canonical event on which independent sources conflict."""
    return [
        ContradictedClaim(event.id, claims)
        for event in canonical_events(connection)
        for claims in event.fields
        if claims.contradicted
    ]


def corroboration_status(event: CanonicalEvent) -> str:
    """A real-world event's status: contradicted if any field is, corroborated if any field is."""
    statuses = {f.status for f in event.fields}
    return next((s for s in ("contradicted", "corroborated") if s in statuses), "single")


def record_corroboration(connection: sqlite3.Connection, full: bool = False) -> int:
    """Store report events' statuses so listings can filter on them; returns how many were computed.

    Only the canonical events that a resolve rebuilt, or whose reports' stories changed since, are
    computed again (every one when ``full``): a status depends on nothing else.
    """
    if full:
        events = canonical_events(connection)
    else:
        stale = sql.stale_corroboration(connection)
        events = _assemble(connection, sql.canonical_rows(connection, ids=stale)) if stale else []
    statuses = [(report.event_id, corroboration_status(event)) for event in events for report in event.reports]
    with transaction(connection):
        sql.record_corroboration(connection, statuses, full)
    return len(statuses)
