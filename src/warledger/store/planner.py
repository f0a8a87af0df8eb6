"""How an event listing is read: exact SQL conditions, checked on the events that the most
selective structure a filter can use proposes.

Every filter criterion is one exact condition on the event ``e``; a key, location or
corroboration criterion is a correlated EXISTS probe, so no list of every match is ever built.
The candidates come from a *driver*, one of:

- ``doc``: the index of one document's events;
- ``days``: for a date range, the events starting in it (a range of the keyset index, which
  holds their ids, so probes run before the row is read) and, from ``event_box``, those starting
  earlier that last into it;
- ``event_box``: the R-tree over (day, longitude, latitude), when a date bound or a bbox is given;
- an ``event_keys`` facet: the events of one actor, place, weapon, weapon-origin, admin1 or
  country key.

Each driver is sized by counting its entries up to :attr:`Limits.driver` (or only as far as it
could still cost less than those sized before it), and the one whose candidates cost least to
read drives (an index entry that holds the event id costs 1, a key's entry 2, as a kept one is
looked up by id, and an R-tree box 3, as each is read with its row). A page whose drivers all
cost more than that walks events in listing order instead (along the keyset index, within the
date range if given, plus the events lasting into it) and stops at the page's end: matches are
then plentiful. Probes of the keys with the fewest events (those that fail most often) run
first; a key too large to count is sized by sampling. Where an ``event_box`` row is read, a box
lying inside the bbox settles it, and only boxes across its edges are probed in ``event_geo``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from warledger.errors import StoreError
from warledger.store.filters import EventFilter, Sort
from warledger.store.indexing import search_key

FACETS = ("actor", "place", "weapon", "weapon_origin", "admin1", "country")
ROW, KEY_PROBE, PROBE, LOOKUP = range(4)  # ranks: conditions run in this order
# Event ids begin with their document's id, a hex hash, so any key's events spread evenly over
# ids: those below SAMPLE_BELOW (1 in SAMPLE_SHARE) tell how many a key too large to count has.
SAMPLE_BELOW, SAMPLE_SHARE = "01", 256


@dataclass(frozen=True)
class Limits:
    """How much work (candidates, weighted by their cost) a driver may cost a page, and how far
    a total is counted."""

    driver: int = 20_000
    count: int = 1_000


@dataclass(frozen=True)
class Condition:
    """One SQL condition, its parameters, the filter setting it checks and when it runs."""

    criterion: str
    sql: str
    parameters: tuple[object, ...] = ()
    rank: int = ROW
    entries: int = 0  # a key probe's number of events (capped): the fewer, the more it fails


@dataclass(frozen=True)
class Part:
    """One index range proposing candidates: the events ``e`` it joins, its own conditions, the
    criteria it checks exactly (left out), those better checked by a look-up after the probes,
    and the alias of the event_box row it reads, if any."""

    table: str  # the structure alone, which sizing counts
    join: str  # how the events ``e`` join it
    where: Condition
    event: str = "e.id"  # the candidate's id, known before ``e`` is read for a key driver
    implies: frozenset[str] = frozenset()
    looked_up: frozenset[str] = frozenset()
    box: str | None = None  # the candidate's event_box row, when the part reads one


@dataclass(frozen=True)
class Driver:
    """A structure proposing candidate events, in one or more disjoint parts, and its size."""

    name: str
    parts: tuple[Part, ...]
    sizing: str  # SELECT 1 for each candidate, with the parameters of the parts' conditions
    cost: int = 1  # work per candidate, relative to an index entry that holds the event id
    entries: int = 0

    @property
    def work(self) -> int:
        """What reading every candidate costs, in index entries."""
        return self.entries * self.cost


@dataclass(frozen=True)
class Branch:
    """One SELECT of a plan: its FROM clause, its conditions in order and their parameters."""

    source: str
    conditions: tuple[str, ...]
    parameters: tuple[object, ...]


@dataclass(frozen=True)
class Plan:
    """How one event query reads its events: what drives it, and the branches whose results
    together (UNION ALL, never overlapping) are the matching events."""

    driver: str
    branches: tuple[Branch, ...]


@dataclass(frozen=True)
class Plans:
    """How to read a filter's events for a page (in order, stopping early) and in full (counts,
    listings without a limit)."""

    page: Plan
    every: Plan


def conditions(
    selection: EventFilter, event: str = "e.id", row: str = "e", box: str | None = None
) -> list[Condition]:
    """The exact condition of each criterion of the filter but the cursor, on the events row
    ``row``; the probes find the event by ``event``, its id, and the bbox's probe is spared for
    an event whose event_box row ``box`` (if read) lies inside the bbox."""
    found: list[Condition] = []
    for criterion, column, value in (
        ("type", "type", selection.type.value if selection.type else None),
        ("modality", "modality", selection.modality.value if selection.modality else None),
        ("doc", "doc", selection.doc),
    ):
        if value is not None:
            found.append(Condition(criterion, f"{row}.{column} = ?", (value,)))
    if selection.since is not None:
        found.append(Condition("since", f"{row}.date_end >= ?", (selection.since.isoformat(),)))
    if selection.until is not None:
        found.append(Condition("until", f"{row}.date_start <= ?", (selection.until.isoformat(),)))
    if selection.bbox is not None:
        bbox = selection.bbox
        either = "OR" if bbox.wraps else "AND"
        sql = (
            f"EXISTS (SELECT 1 FROM event_geo g WHERE g.event = {event} AND g.lat BETWEEN ? AND ?"
            f" AND (g.lon >= ? {either} g.lon <= ?))"
        )
        parameters: tuple[object, ...] = (bbox.min_lat, bbox.max_lat, bbox.min_lon, bbox.max_lon)
        if box is not None:
            # The R-tree rounds a box's lower bounds down and upper bounds up (to 32-bit floats), so
            # a box inside the bbox holds a point inside it: only boxes near its edges are probed.
            sql = (
                f"(({box}.min_lat >= ? AND {box}.max_lat <= ?"
                f" AND ({box}.min_lon >= ? {either} {box}.max_lon <= ?)) OR {sql})"
            )
            parameters *= 2
        found.append(Condition("bbox", sql, parameters, PROBE))
    if selection.has_coordinates is not None:
        negation = "" if selection.has_coordinates else "NOT "
        found.append(Condition(
            "has_coordinates", f"{negation}EXISTS (SELECT 1 FROM event_geo g WHERE g.event = {event})", (), PROBE
        ))
    if selection.corroboration is not None:
        found.append(Condition(
            "corroboration",
            f"EXISTS (SELECT 1 FROM event_corroboration c WHERE c.event = {event} AND c.status = ?)",
            (selection.corroboration.value,),
            PROBE,
        ))
    for facet, key in _keys(selection):
        found.append(Condition(
            facet,
            f"EXISTS (SELECT 1 FROM event_keys k WHERE k.facet = ? AND k.key = ? AND k.event = {event})",
            (facet, key),
            KEY_PROBE,
        ))
    return found


def drivers(selection: EventFilter) -> list[Driver]:
    """Every structure that can propose the filter's candidates, unsized, in the order that
    breaks ties (a date range before the R-tree, whose candidates cost more)."""
    found: list[Driver] = []
    if selection.doc is not None:
        where = Condition("doc", "e.doc = ?", (selection.doc,))
        found.append(_driver("doc", Part("events e INDEXED BY events_doc", "", where, implies=frozenset({"doc"}))))
    if selection.since is not None and selection.until is not None:
        found.append(_driver("days", *_dated(selection, "events_keyset_date", "ifnull(e.date_start, '~')")))
    box = _box(selection)
    if box is not None:
        # Each box costs a read of its event row, then the probes.
        found.append(replace(_driver("event_box", Part("event_box b", _BOXED, box, box="b")), cost=3))
    for facet, key in _keys(selection):
        where = Condition(facet, "dk.facet = ? AND dk.key = ?", (facet, key))
        part = Part("event_keys dk", "CROSS JOIN events e ON e.id = dk.event", where, "dk.event", frozenset({facet}))
        # A kept candidate costs a look-up of its id, then a read of its row.
        found.append(replace(_driver(facet, part), cost=2))
    return found


def plan(connection: sqlite3.Connection, selection: EventFilter, limits: Limits) -> Plans:
    """Size the filter's drivers (each only as far as it could beat those before it); plan a
    page and a full read with the cheapest.

    A page walks events in order when every driver is large; a full read always uses the cheapest.
    """
    sized: list[Driver] = []
    uncounted: set[str] = set()
    for driver in drivers(selection):
        # A driver drives only if it costs less than every one before it: counting stops there.
        cheapest = min((d.work for d in sized), default=limits.driver * driver.cost)
        limit = min(limits.driver, -(-cheapest // driver.cost))
        sized.append(_sized(connection, driver, limit))
        if sized[-1].entries >= limit:
            uncounted.add(driver.name)
    sized.sort(key=lambda d: d.work)
    entries = {d.name: d.entries for d in sized}
    for facet, key in _keys(selection):
        if facet in uncounted:
            # Probes run fewest events first: two keys too large to count would otherwise tie.
            entries[facet] = max(entries[facet], _sampled(connection, facet, key))
    walked = Plan("order", tuple(_branch(selection, part, entries) for part in _walk(selection)))
    if not sized:
        return Plans(walked, Plan("events", (_branch(selection, Part("events e", "", _TRUE), entries),)))
    best = sized[0]
    driven = Plan(best.name, tuple(_branch(selection, part, entries) for part in best.parts))
    return Plans(walked if best.work >= limits.driver else driven, driven)


_TRUE = Condition("", "1")
_BOXED = "CROSS JOIN events e ON e.rowid = b.id"


def _walk(selection: EventFilter) -> tuple[Part, ...]:
    """Events along the keyset index of the filter's sort, only those of its date range if any."""
    if selection.sort is Sort.DATE_DESCENDING:
        index, day = "events_keyset_date_desc", "ifnull(e.date_start, '')"
    else:
        index, day = "events_keyset_date", "ifnull(e.date_start, '~')"
    if selection.since is None and selection.until is None:
        return (Part(f"events e INDEXED BY {index}", "", _TRUE),)
    return _dated(selection, index, day)


def _dated(selection: EventFilter, index: str, day: str) -> tuple[Part, ...]:
    """The events starting in the filter's date range (a range of ``index``, on its expression
    ``day``: the index holds their ids, so the probes run before the row is read) and, from
    event_box, those starting before ``since`` that last into it."""
    since = selection.since.isoformat() if selection.since else "0"
    until = selection.until.isoformat() if selection.until else "9999-12-31"
    # A day in [since, until] is an ISO day (undated events sort as '~' or ''), so the range
    # checks until exactly.
    starting = Part(
        f"events e INDEXED BY {index}", "", Condition("days", f"{day} BETWEEN ? AND ?", (since, until)),
        implies=frozenset({"until"}), looked_up=frozenset({"since"}),
    )
    if selection.since is None:
        return (starting,)
    earlier = Condition(
        "days", "b.min_day < julianday(?) AND b.max_day >= julianday(?) AND b.min_day <= julianday(?)",
        (since, since, until),
    )
    return (starting, Part("event_box b", _BOXED, earlier, box="b"))


def _branch(selection: EventFilter, part: Part, entries: dict[str, int]) -> Branch:
    """The SELECT of one part: its own condition, then every criterion it does not imply, row
    conditions first, then key probes (fewest events first), other probes and look-ups."""
    looked_up = {c.criterion: c for c in conditions(selection, part.event, row="x")}
    checks = [part.where]
    for condition in conditions(selection, part.event, box=part.box):
        if condition.criterion in part.implies:
            continue
        if condition.criterion in part.looked_up:
            # The row is read only for the candidates the probes keep.
            lookup = looked_up[condition.criterion]
            condition = replace(
                lookup, sql=f"EXISTS (SELECT 1 FROM events x WHERE x.rowid = e.rowid AND {lookup.sql})", rank=LOOKUP
            )
        checks.append(replace(condition, entries=entries.get(condition.criterion, 0)))
    checks.sort(key=lambda c: (c.rank, c.entries))
    source = f"{part.table} {part.join}".strip()
    return Branch(source, tuple(c.sql for c in checks), tuple(p for c in checks for p in c.parameters))


def _driver(name: str, *parts: Part) -> Driver:
    """A driver of these parts, with the query that counts their candidates."""
    sizing = " UNION ALL ".join(f"SELECT 1 FROM {p.table} WHERE {p.where.sql}" for p in parts)
    return Driver(name, parts, sizing)


def _sized(connection: sqlite3.Connection, driver: Driver, limit: int) -> Driver:
    """The driver with its number of candidates, counted up to ``limit``."""
    parameters = [p for part in driver.parts for p in part.where.parameters]
    try:
        (entries,) = connection.execute(f"SELECT count(*) FROM ({driver.sizing} LIMIT ?)", (*parameters, limit)).fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"the {driver.name} index could not be read ({exc})") from exc
    return replace(driver, entries=int(entries))


def _sampled(connection: sqlite3.Connection, facet: str, key: str) -> int:
    """An estimate of a key's number of events, from the share of them with ids below SAMPLE_BELOW."""
    try:
        (sampled,) = connection.execute(
            "SELECT count(*) FROM event_keys WHERE facet = ? AND key = ? AND event < ?", (facet, key, SAMPLE_BELOW)
        ).fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"the {facet} index could not be read ({exc})") from exc
    return int(sampled) * SAMPLE_SHARE


def _keys(selection: EventFilter) -> list[tuple[str, str]]:
    """(facet, search key) of every key criterion of the filter."""
    return [(facet, search_key(value)) for facet in FACETS if (value := getattr(selection, facet))]


def _box(selection: EventFilter) -> Condition | None:
    """The R-tree conditions of the filter's date bounds and bbox, or None if it has neither."""
    sql: list[str] = []
    parameters: list[object] = []
    if selection.since is not None:
        sql.append("b.max_day >= julianday(?)")
        parameters.append(selection.since.isoformat())
    if selection.until is not None:
        sql.append("b.min_day <= julianday(?)")
        parameters.append(selection.until.isoformat())
        if selection.since is None:
            sql.append("b.max_day > 0")  # undated events sit at day 0
    box = selection.bbox
    if box is not None:
        sql.append("b.min_lat <= ? AND b.max_lat >= ?")
        parameters += [box.max_lat, box.min_lat]
        # A box across the antimeridian is two longitude ranges: only latitude narrows it here.
        if not box.wraps:
            sql.append("b.min_lon <= ? AND b.max_lon >= ?")
            parameters += [box.max_lon, box.min_lon]
    if not sql:
        return None
    return Condition("event_box", " AND ".join(sql), tuple(parameters))
