"""Event filters on real SQLite: weapon, weapon origin, location (admin1, country, bbox, has
coordinates), corroboration, sort and keyset pages, on hand-built extractions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.errors import ConfigError
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
    Weapon,
)
from warledger.store.filters import BBox, Cursor, EventFilter, Sort
from warledger.store.sqlite import Store

RUSSIA = Actor("RU", "Russia", "state", "RU")
UKRAINE = Actor("UA", "Ukraine", "state", "UA")
KHARKIV = Place("Kharkiv", 706483, 49.98, 36.25, "Kharkiv Oblast", "Ukraine", "UA", "city")
BELGOROD = Place("Belgorod", 578072, 50.61, 36.58, "Belgorod Oblast", "Russia", "RU", "city")
SUVA = Place("Suva", 2198148, -18.14, 178.44, "Central", "Fiji", "FJ", "city")
ISKANDER = Weapon("iskander-m", "Iskander-M", "ballistic missile", "Russia")
VAMPIRE = Weapon("rm-70-vampire", "RM-70 Vampire", "multiple rocket launcher", "Czechia")


def report(text: str, day: str | None, place: Place | None, *parts: tuple[str, str, object]) -> Extraction:
    """A one-sentence report whose single event has a field for each (role, words, typed) part."""
    doc = Document.create(text, date=date(2024, 3, 20))

    def span(words: str) -> Span:
        start = text.index(words)
        return Span(doc.id, 0, start, start + len(words), words)

    fields = [EventField(role, words, span(words), typed) for role, words, typed in parts]  # type: ignore[arg-type]
    if place is not None:
        fields.append(EventField("place", place.name, span(place.name), place))
    if day is not None:
        when = TimeValue(day, "DATE", Precision.DAY, date.fromisoformat(day), date.fromisoformat(day))
        fields.append(EventField("date", day, span("on"), when))
    event = Event(f"{doc.id}:e1", doc.id, EventType.ATTACK, Modality.REPORTED, 0, span(text.split()[1]), fields)
    return Extraction(doc, [Sentence(doc.id, 0, 0, len(text), text)], events=[event])


LEDGER = [
    report("Russia struck Kharkiv with an Iskander-M on Monday.", "2024-03-18", KHARKIV,
           ("attacker", "Russia", RUSSIA), ("weapon", "Iskander-M", ISKANDER)),
    report("Ukraine shelled Belgorod with Czech RM-70 Vampire rockets on Friday.", "2024-01-05", BELGOROD,
           ("attacker", "Ukraine", UKRAINE), ("weapon", "RM-70 Vampire", VAMPIRE),
           ("weapon_origin", "Czech", Actor("CZ", "Czechia", "state", "CZ"))),
    report("Unknown drones hit Suva on Tuesday.", "2024-02-06", SUVA),
    report("Officials warned more attacks would come.", None, None, ("attacker", "Officials", None)),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("filters") / "ledger.db") as opened:
        for extraction in LEDGER:
            opened.save(extraction)
        yield opened


def places(store: Store, **criteria: object) -> list[str]:
    found = store.events(EventFilter.create(**criteria))  # type: ignore[arg-type]
    return [next((f.value for f in e.fields if f.role == "place"), "-") for e in found]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"weapon": "Iskander-M"}, ["Kharkiv"]),
        ({"weapon": "ISKANDER-M"}, ["Kharkiv"]),
        ({"weapon": "multiple rocket launcher"}, ["Belgorod"]),
        ({"weapon_origin": "russia"}, ["Kharkiv"]),
        ({"weapon_origin": "Czechia"}, ["Belgorod"]),
        ({"weapon_origin": "CZ"}, ["Belgorod"]),
        ({"admin1": "Kharkiv Oblast"}, ["Kharkiv"]),
        ({"country": "ru"}, ["Belgorod"]),
        ({"country": "Fiji"}, ["Suva"]),
        ({"bbox": "30,45,40,55"}, ["Belgorod", "Kharkiv"]),
        ({"bbox": "36.0,49.5,36.5,50.2"}, ["Kharkiv"]),
        ({"bbox": "170,-20,-170,-10"}, ["Suva"]),
        ({"has_coordinates": True}, ["Belgorod", "Suva", "Kharkiv"]),
        ({"has_coordinates": False}, ["-"]),
        ({"country": "Ukraine", "weapon": "RM-70 Vampire"}, []),
    ],
)
def test_each_filter_selects_the_events_it_names(store: Store, criteria: dict, expected: list[str]) -> None:
    assert places(store, **criteria) == expected


def test_corroboration_matches_the_stored_status_only(store: Store) -> None:
    assert places(store, corroboration="corroborated") == []
    kharkiv = store.events(EventFilter.create(place="Kharkiv"))[0]
    store.connection.execute(
        "INSERT INTO event_corroboration (event, status) VALUES (?, 'corroborated')", (kharkiv.id,)
    )
    assert places(store, corroboration="Corroborated") == ["Kharkiv"]
    assert places(store, corroboration="contradicted") == []


def test_undated_events_sort_last_both_ways(store: Store) -> None:
    assert places(store) == ["Belgorod", "Suva", "Kharkiv", "-"]
    assert places(store, sort="-date") == ["Kharkiv", "Suva", "Belgorod", "-"]


@pytest.mark.parametrize("sort", ["date", "-date"])
@pytest.mark.parametrize("size", [1, 2, 3, 4, 5])
def test_keyset_pages_cover_every_event_once(store: Store, sort: str, size: int) -> None:
    walked: list[str] = []
    cursor = None
    while True:
        page = store.event_page(EventFilter.create(sort=sort, cursor=cursor), size)
        assert page.count == len(LEDGER)
        walked += [e.id for e in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert walked == [e.id for e in store.events(EventFilter.create(sort=sort))]


def test_a_page_after_a_filter_counts_only_matching_events(store: Store) -> None:
    page = store.event_page(EventFilter.create(has_coordinates=True), 2)
    assert page.count == 3 and len(page.items) == 2 and page.next_cursor
    rest = store.event_page(EventFilter.create(has_coordinates=True, cursor=page.next_cursor), 2)
    assert len(rest.items) == 1 and rest.next_cursor is None


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"bbox": "1,2,3"}, "bbox: '1,2,3' is not four numbers"),
        ({"bbox": "0,10,1,5"}, "minlat <= maxlat"),
        ({"bbox": "0,0,190,1"}, "longitudes must lie in -180..180"),
        ({"bbox": "inf,0,1,1"}, "not four numbers"),
        ({"corroboration": "probable"}, "corroboration: 'probable' is not one of corroborated"),
        ({"sort": "size"}, "sort: 'size' is not one of date, -date"),
        ({"cursor": "????"}, "cursor: not a cursor"),
    ],
)
def test_bad_filter_values_are_refused_with_what_to_give(criteria: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        EventFilter.create(**criteria)


def test_a_cursor_keeps_the_order_it_was_made_in() -> None:
    token = Cursor(Sort.DATE, "2024-03-18", "abc", 7, "abc:e1").encode()
    with pytest.raises(ConfigError, match="keep the sort"):
        EventFilter.create(sort="-date", cursor=token)


@given(
    sort=st.sampled_from(Sort),
    day=st.text(max_size=12),
    doc=st.text(max_size=20),
    position=st.integers(min_value=0, max_value=10**9),
    event=st.text(max_size=30),
)
def test_cursors_read_back_exactly(sort: Sort, day: str, doc: str, position: int, event: str) -> None:
    cursor = Cursor(sort, day, doc, position, event)
    assert Cursor.decode(cursor.encode(), sort) == cursor


@given(st.text(max_size=60))
def test_any_cursor_text_is_read_or_refused_with_a_config_error(token: str) -> None:
    try:
        Cursor.decode(token, Sort.DATE)
    except ConfigError:
        pass


@given(
    st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90),
)
def test_bbox_text_reads_back_its_numbers(west: float, south: float, east: float, north: float) -> None:
    low, high = sorted((south, north))
    assert BBox.parse(f"{west!r},{low!r},{east!r},{high!r}") == BBox(west, low, east, high)


@given(st.text(max_size=60))
def test_any_bbox_text_is_read_or_refused_with_a_config_error(text: str) -> None:
    try:
        BBox.parse(text)
    except ConfigError:
        pass
