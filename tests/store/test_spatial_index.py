"""The event_box R-tree and the query planner, on real SQLite files: the box of every event is kept
with its rows (insert, delete, vacuum, a version-1 ledger opened), each filter is driven by the
structure it names, and whatever drives it, every listing, page and count equals a
straightforward reference computed from the events themselves."""

from __future__ import annotations

import math
import random
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.model import (
    Actor,
    Document,
    Event,
    EventField,
    EventType,
    Extraction,
    Modality,
    Place,
    Precision,
    Sentence,
    Span,
    TimeValue,
)
from warledger.store.filters import EventFilter, Sort
from warledger.store.indexing import actor_keys, date_bounds, event_place, location_keys, place_keys, search_key
from warledger.store.planner import Limits, plan
from warledger.store.sqlite import SCHEMA_VERSION, Store

ACTORS = [Actor("RU", "Russia", "state", "RU"), Actor("UA", "Ukraine", "state", "UA"), Actor("BY", "Belarus", "state", "BY")]
PLACES = [
    Place("Kharkiv", 706483, 49.98, 36.25, "Kharkiv Oblast", "Ukraine", "UA", "city"),
    Place("Izium", 707308, 49.21, 37.25, "Kharkiv Oblast", "Ukraine", "UA", "city"),
    Place("Odesa", 698740, 46.48, 30.73, "Odesa Oblast", "Ukraine", "UA", "city"),
    Place("Belgorod", 578072, 50.61, 36.58, "Belgorod Oblast", "Russia", "RU", "city"),
    Place("Suva", 2198148, -18.14, 178.44, "Central", "Fiji", "FJ", "city"),
    Place("Tavewa", None, -16.92, -179.93, "Western", "Fiji", "FJ", "village"),
]
FIRST_DAY = date(2024, 1, 1)
DAYS = [FIRST_DAY + timedelta(days=n) for n in range(0, 100, 7)]


def extraction(number: int, rng: random.Random) -> Extraction:
    """A one-sentence report of one to four events, each with random actors, place and dates."""
    text = f"Report {number}: strikes and statements."
    doc = Document.create(text, date=FIRST_DAY)
    span = Span(doc.id, 0, 0, 6, text[:6])
    events = []
    for k in range(rng.randint(1, 4)):
        fields = [EventField("attacker", actor.name, span, actor) for actor in rng.sample(ACTORS, rng.randint(0, 2))]
        if rng.random() < 0.75:
            place = rng.choice(PLACES)
            fields.append(EventField(rng.choice(("place", "target")), place.name, span, place))
        if rng.random() < 0.8:
            start = FIRST_DAY + timedelta(days=rng.randrange(100))
            end = start + timedelta(days=rng.choice((0, 0, 3, 40)))
            when = TimeValue(start.isoformat(), "DATE", Precision.DAY, start, end)
            fields.append(EventField("date", start.isoformat(), span, when))
        trigger = Span(doc.id, 0, rng.randrange(30), 40, "x")
        events.append(Event(
            f"{doc.id}:e{k}", doc.id, rng.choice(list(EventType)), rng.choice(list(Modality)), 0, trigger, fields
        ))
    return Extraction(doc, [Sentence(doc.id, 0, 0, len(text), text)], events=events)


LEDGER = [extraction(n, random.Random(n)) for n in range(60)]
EVENTS = [event for e in LEDGER for event in e.events]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("box") / "ledger.db") as opened:
        opened.save_many(LEDGER)
        statuses = [(e.id, "corroborated") for e in EVENTS[::3]]
        opened.connection.executemany("INSERT INTO event_corroboration (event, status) VALUES (?, ?)", statuses)
        yield opened


def box_errors(connection: sqlite3.Connection) -> list[tuple]:
    """Events whose box is missing or does not hold their day and location, and boxes of nothing."""
    return connection.execute(
        "SELECT 'missing', r.id FROM event_box_rows r LEFT JOIN event_box b ON b.id = r.id WHERE b.id IS NULL"
        " OR NOT (b.min_day <= r.min_day AND b.max_day >= r.max_day AND b.min_lon <= r.min_lon"
        " AND b.max_lon >= r.max_lon AND b.min_lat <= r.min_lat AND b.max_lat >= r.max_lat)"
        " UNION ALL SELECT 'extra', b.id FROM event_box b WHERE b.id NOT IN (SELECT id FROM event_box_rows)"
    ).fetchall()


def matches(event: Event, selection: EventFilter, corroborated: set[str]) -> bool:
    """Whether the event meets every criterion, decided from the event itself."""
    start, end = date_bounds(event)
    place = event_place(event)
    box = selection.bbox
    keys = {"actor": actor_keys(event), "place": place_keys(event), **location_keys(event)}
    return all((
        selection.type is None or event.type is selection.type,
        selection.modality is None or event.modality is selection.modality,
        selection.doc is None or event.doc == selection.doc,
        all(getattr(selection, f) is None or search_key(getattr(selection, f)) in keys[f] for f in keys),
        selection.since is None or (end is not None and end >= selection.since),
        selection.until is None or (start is not None and start <= selection.until),
        selection.has_coordinates is None or (place is not None) == selection.has_coordinates,
        selection.corroboration is None or event.id in corroborated,
        box is None or (
            place is not None and box.min_lat <= place.lat <= box.max_lat
            and ((box.min_lon <= place.lon) + (place.lon <= box.max_lon) >= (1 if box.wraps else 2))
        ),
    ))


def reference(selection: EventFilter, corroborated: set[str]) -> list[str]:
    """The ids of the matching events in listing order: by first day (undated last), then
    document, trigger position and id; '-date' reverses all but the undated last."""
    found = [e for e in EVENTS if matches(e, selection, corroborated)]
    descending = selection.sort is Sort.DATE_DESCENDING

    def key(event: Event) -> tuple:
        start = date_bounds(event)[0]
        return (start.isoformat() if start else "" if descending else "~", event.doc, event.trigger.start, event.id)

    return [e.id for e in sorted(found, key=key, reverse=descending)]


@st.composite
def boxes(draw: st.DrawFn) -> str:
    """A bbox whose edges are often exactly a place's coordinates, sometimes across the antimeridian."""
    lons = [p.lon for p in PLACES] + [-180.0, 180.0, 36.0]
    lats = sorted((draw(st.sampled_from([p.lat for p in PLACES] + [-90.0, 90.0, 50.0])) for _ in range(2)))
    return f"{draw(st.sampled_from(lons))},{lats[0]},{draw(st.sampled_from(lons))},{lats[1]}"


@st.composite
def filters(draw: st.DrawFn) -> dict[str, object]:
    """Keyword arguments of EventFilter.create, a few criteria at a time."""
    days = sorted(draw(st.lists(st.sampled_from(DAYS), min_size=2, max_size=2)))
    choices = {
        "type": st.sampled_from(["attack", "statement", "denial"]),
        "modality": st.sampled_from([m.value for m in Modality]),
        "doc": st.sampled_from([e.document.id for e in LEDGER[:5]]),
        "actor": st.sampled_from(["Russia", "ua", "BY", "Nobody"]),
        "place": st.sampled_from(["Kharkiv", "kharkiv oblast", "Ukraine", "Fiji"]),
        "admin1": st.sampled_from(["Kharkiv Oblast", "Central"]),
        "country": st.sampled_from(["UA", "Russia"]),
        "since": st.just(days[0]),
        "until": st.just(days[1]),
        "bbox": boxes(),
        "has_coordinates": st.booleans(),
        "corroboration": st.just("corroborated"),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(choices)), max_size=4, unique=True))
    return {name: draw(choices[name]) for name in chosen}


@settings(max_examples=150, deadline=None)
@given(
    criteria=filters(),
    sort=st.sampled_from(["date", "-date"]),
    size=st.integers(1, 60),
    limits=st.sampled_from([Limits(), Limits(driver=0, count=5), Limits(driver=4, count=1)]),
)
def test_every_plan_lists_pages_and_counts_what_the_reference_does(
    store: Store, criteria: dict[str, object], sort: str, size: int, limits: Limits
) -> None:
    store.limits = limits
    corroborated = {e.id for e in EVENTS[::3]}
    expected = reference(EventFilter.create(sort=sort, **criteria), corroborated)  # type: ignore[arg-type]
    assert store.event_ids(EventFilter.create(sort=sort, **criteria)) == expected  # type: ignore[arg-type]
    listed = store.events(EventFilter.create(sort=sort, limit=size, **criteria))  # type: ignore[arg-type]
    assert [e.id for e in listed] == expected[:size]
    walked: list[str] = []
    cursor = None
    while True:
        page = store.event_page(EventFilter.create(sort=sort, cursor=cursor, **criteria), size)  # type: ignore[arg-type]
        assert (page.count, page.count_exact) == (min(len(expected), limits.count), len(expected) <= limits.count)
        walked += [e.id for e in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert walked == expected


def test_the_reference_is_not_trivially_empty(store: Store) -> None:
    assert 100 < len(EVENTS)
    assert len(reference(EventFilter.create(since=DAYS[3], until=DAYS[6], bbox="30,45,40,55"), set())) > 3
    assert len(reference(EventFilter.create(bbox="170,-20,-170,-10"), set())) > 3


def test_a_location_a_hair_outside_a_bbox_edge_is_left_out_though_its_box_reaches_over_it(fresh: Store) -> None:
    # The R-tree keeps 32-bit bounds: a point a double's step away from an edge shares its box.
    edge = 49.98
    hair = (math.nextafter(edge, 0), edge, math.nextafter(edge, 90))
    ids = []
    for number, lat in enumerate(hair):
        place = Place(f"Spot {number}", None, lat, 36.25, "Kharkiv Oblast", "Ukraine", "UA", "village")
        text = f"A strike at spot {number}."
        doc = Document.create(text)
        span = Span(doc.id, 0, 0, 8, text[:8])
        event = Event(f"{doc.id}:e0", doc.id, EventType.ATTACK, Modality.ASSERTED, 0, span,
                      [EventField("place", place.name, span, place)])
        fresh.save(Extraction(doc, [Sentence(doc.id, 0, 0, len(text), text)], events=[event]))
        ids.append(event.id)
    below, on, above = ids
    for bbox, expected in ((f"36.2,49.9,36.3,{edge}", {below, on}), (f"36.2,{edge},36.3,50", {on, above})):
        selection = EventFilter.create(bbox=bbox)
        assert plan(fresh.connection, selection, fresh.limits).every.driver == "event_box"
        assert set(fresh.event_ids(selection)) & set(ids) == expected


@pytest.mark.parametrize(
    ("criteria", "driver"),
    [
        ({"bbox": "36,49,37,50"}, "event_box"),
        ({"since": "2024-02-01", "until": "2024-02-07"}, "days"),
        ({"since": "2024-02-01", "until": "2024-02-07", "bbox": "36,49.5,36.5,50"}, "event_box"),
        ({"actor": "Belarus"}, "actor"),
        ({"doc": LEDGER[0].document.id, "actor": "Russia"}, "doc"),
        ({"type": "attack"}, "events"),
    ],
)
def test_the_smallest_structure_a_filter_names_drives_it(store: Store, criteria: dict, driver: str) -> None:
    store.limits = Limits()
    assert plan(store.connection, EventFilter.create(**criteria), store.limits).every.driver == driver


def test_a_page_walks_events_in_order_when_every_structure_is_large(store: Store) -> None:
    store.limits = Limits(driver=5)
    planned = plan(store.connection, EventFilter.create(actor="Russia", since="2024-01-01"), store.limits)
    assert (planned.page.driver, planned.every.driver) == ("order", "actor")


def test_of_two_keys_too_large_to_count_the_one_with_fewer_events_is_probed_first(tmp_path: Path) -> None:
    text = "Strikes and more strikes."
    doc = Document.create(text, date=FIRST_DAY)
    span = Span(doc.id, 0, 0, 7, text[:7])
    russia, kharkiv = ACTORS[0], PLACES[0]
    events = []
    for n in range(40):
        fields = [EventField("attacker", russia.name, span, russia)]
        if n % 4 == 0:
            fields.append(EventField("place", kharkiv.name, span, kharkiv))
        # Ids below "01", as one in 256 hashes are, all fall in the sample that sizes a key.
        events.append(Event(f"00{n:02d}:e1", doc.id, EventType.ATTACK, Modality.ASSERTED, 0, span, fields))
    with Store(tmp_path / "ledger.db", Limits(driver=5)) as store:
        store.save(Extraction(doc, [Sentence(doc.id, 0, 0, len(text), text)], events=events))
        planned = plan(store.connection, EventFilter.create(actor="Russia", place="Kharkiv"), store.limits)
        (branch,) = planned.page.branches
        facets = [p for p in branch.parameters if p in ("actor", "place")]
        assert facets == ["place", "actor"]
        assert len(store.event_ids(EventFilter.create(actor="Russia", place="Kharkiv"))) == 10


def test_every_stored_event_with_a_date_or_a_location_has_its_box(store: Store) -> None:
    dated_or_located = [e for e in EVENTS if date_bounds(e)[0] or event_place(e)]
    assert store.connection.execute("SELECT count(*) FROM event_box").fetchone()[0] == len(dated_or_located)
    assert box_errors(store.connection) == []


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "ledger.db") as opened:
        opened.save_many(LEDGER[:20])
        yield opened


def test_boxes_follow_deleted_documents_moved_locations_and_changed_dates(fresh: Store) -> None:
    connection = fresh.connection
    connection.execute("DELETE FROM documents WHERE id IN (?, ?)", (LEDGER[0].document.id, LEDGER[1].document.id))
    connection.execute("UPDATE event_geo SET lat = 10, lon = 10 WHERE event IN (SELECT event FROM event_geo ORDER BY event LIMIT 3)")
    connection.execute("DELETE FROM event_geo WHERE event IN (SELECT event FROM event_geo WHERE lat != 10 LIMIT 2)")
    connection.execute("UPDATE events SET date_start = '2023-05-01', date_end = '2023-05-02' WHERE rowid % 3 = 0")
    assert box_errors(connection) == []

    def ids(sql: str) -> set[str]:
        return {row[0] for row in connection.execute(sql)}

    moved = ids("SELECT event FROM event_geo WHERE lat = 10 AND lon = 10")
    assert len(moved) == 3 and set(fresh.event_ids(EventFilter.create(bbox="9,9,11,11"))) == moved
    redated = ids("SELECT id FROM events WHERE date_start = '2023-05-01'")
    assert redated and set(fresh.event_ids(EventFilter.create(since="2023-05-02", until="2023-05-02"))) == redated


def test_vacuum_keeps_every_box_on_its_event(fresh: Store) -> None:
    fresh.connection.execute("DELETE FROM documents WHERE id = ?", (LEDGER[3].document.id,))
    before = fresh.event_ids(EventFilter.create(since="2024-01-15", until="2024-03-01", bbox="30,45,40,55"))
    fresh.connection.execute("VACUUM")
    assert box_errors(fresh.connection) == []
    assert fresh.event_ids(EventFilter.create(since="2024-01-15", until="2024-03-01", bbox="30,45,40,55")) == before


def test_a_version_1_ledger_gets_its_boxes_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.save_many(LEDGER[:20])
        expected = store.event_ids(EventFilter.create(bbox="30,45,40,55"))
        triggers = [row[0] for row in store.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'event_box%'"
        )]
        assert len(triggers) == 6
        store.connection.executescript(
            "".join(f"DROP TRIGGER {name};" for name in triggers)
            + "DROP VIEW event_box_rows; DROP TABLE event_box; PRAGMA user_version = 1;"
        )
    with Store(path) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.connection.execute("SELECT count(*) FROM event_box").fetchone()[0] > 0
        assert box_errors(store.connection) == []
        assert store.event_ids(EventFilter.create(bbox="30,45,40,55")) == expected
