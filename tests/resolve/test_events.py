"""Specification: report events of one real-world event become one canonical event.

Given reports (built here as stored extractions, so each rule is tested on exactly the fields it
reads), ``resolve_events`` merges the strike reported by three outlets at their own precision (the
city and its oblast; a dated report and one only dated by its report day), keeps a same-day strike
on another city apart, never folds an aggregate into a strike but links it to the strikes it
includes, keeps analyst overrides across re-ingest, and gives the same result in any ingest order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warledger.errors import NotFoundError
from warledger.model import (
    Actor,
    Document,
    Event,
    EventField,
    EventType,
    Extraction,
    MentionValue,
    Modality,
    Place,
    Precision,
    Quantity,
    Qualifier,
    Span,
    TimeValue,
    Weapon,
)
from warledger.resolve.claims import canonical_event, canonical_events
from warledger.resolve.events import merge_events, places_compatible, resolve_events, split_event
from warledger.store.sqlite import Store

KHARKIV = Place("Kharkiv", 706483, 49.98177, 36.25475, "Kharkiv Oblast", "Ukraine", "UA", "city")
KHARKIV_OBLAST = Place("Kharkiv Oblast", -4686, 49.83, 36.379, "Kharkiv Oblast", "Ukraine", "UA", "admin1")
CHUHUIV = Place("Chuhuiv", 710791, 49.8353, 36.6865, "Kharkiv Oblast", "Ukraine", "UA", "city")
ODESA = Place("Odesa", 698740, 46.48572, 30.74383, "Odesa Oblast", "Ukraine", "UA", "city")
RUSSIA = Actor("RU.armed_forces", "Russia", "armed_forces", "RU")
ISKANDER = Weapon("iskander-m", "Iskander-M", "ballistic missile", "Russia")
MISSILE = Weapon("generic.missile", "missile", "missile", generic=True)
SHAHED = Weapon("shahed-136", "Shahed-136", "loitering munition", "Iran")


def day(iso: str) -> TimeValue:
    """A resolved calendar day."""
    return TimeValue(iso, "DATE", Precision.DAY, date.fromisoformat(iso), date.fromisoformat(iso))


def killed(n: float, qualifier: Qualifier = Qualifier.EXACT) -> Quantity:
    """A casualty count of people."""
    return Quantity(n, n, n, qualifier, "people")


def report(
    text: str,
    publisher: str,
    reported: str,
    fields: list[tuple[str, MentionValue]],
    aggregate: bool = False,
) -> Extraction:
    """One stored report holding one attack event triggered by the text's first verb "struck"/"hit"."""
    document = Document.create(text, date=date.fromisoformat(reported), publisher=publisher)
    word = "struck" if "struck" in text else "hit"
    start = text.index(word)
    trigger = Span(document.id, 0, start, start + len(word), word)
    event_fields = [
        EventField(role, getattr(value, "name", None) or getattr(value, "value", None) or str(value),
                   Span(document.id, 0, 0, 5, text[:5]), value)
        for role, value in fields
    ]
    event = Event(f"{document.id}:e1", document.id, EventType.ATTACK, Modality.ASSERTED, 0, trigger,
                  event_fields, aggregate=aggregate)
    return Extraction(document, events=[event])


WIRE = report(
    "Russian forces struck Kharkiv with an Iskander-M missile on Sunday, killing five people.",
    "Wire One", "2024-03-17",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("date", day("2024-03-17")), ("killed", killed(5))],
)
REGIONAL = report(
    "A Russian missile struck the Kharkiv region overnight; twelve people were killed.",
    "Regional Daily", "2024-03-18",
    [("attacker", RUSSIA), ("place", KHARKIV_OBLAST), ("weapon", MISSILE), ("killed", killed(12))],
)
BROADCASTER = report(
    "Kharkiv was struck by a Russian Iskander on Sunday; at least five died, officials said.",
    "Evening Broadcaster", "2024-03-18",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("date", day("2024-03-17")),
     ("killed", killed(5, Qualifier.AT_LEAST))],
)
ODESA_STRIKE = report(
    "Drones hit the port of Odesa on Sunday, damaging grain silos.",
    "Wire One", "2024-03-17",
    [("attacker", RUSSIA), ("place", ODESA), ("weapon", SHAHED), ("date", day("2024-03-17"))],
)
CAMPAIGN = report(
    "Russia has struck Kharkiv with Iskander missiles about 50 times since 2022.",
    "Analysis Weekly", "2024-03-19",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("count", Quantity(50, 50, 50, Qualifier.APPROXIMATELY, "times"))],
    aggregate=True,
)
REPORTS = [WIRE, REGIONAL, BROADCASTER, ODESA_STRIKE, CAMPAIGN]


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "ledger.db") as store:
        for extraction in REPORTS:
            store.save(extraction)
        resolve_events(store.connection)
        yield store


def reports_of(store: Store, extraction: Extraction) -> set[str]:
    """The documents of the canonical event holding this report's event."""
    event = canonical_event(store.connection, extraction.events[0].id)
    return {r.doc for r in event.reports}


def test_three_reports_of_one_strike_make_one_event(ledger: Store) -> None:
    docs = reports_of(ledger, WIRE)
    assert docs == {WIRE.document.id, REGIONAL.document.id, BROADCASTER.document.id}


def test_the_merge_says_which_fields_matched(ledger: Store) -> None:
    event = canonical_event(ledger.connection, WIRE.events[0].id)
    reasons = {r.doc: r.reasons for r in event.reports}
    assert {"type", "trigger", "attacker", "place", "weapon", "date"} <= set(reasons[BROADCASTER.document.id])
    assert "place" not in reasons[REGIONAL.document.id]  # the oblast contains the city, it is not the city


def test_a_same_day_strike_on_another_city_stays_apart(ledger: Store) -> None:
    assert reports_of(ledger, ODESA_STRIKE) == {ODESA_STRIKE.document.id}


def test_an_aggregate_is_linked_to_the_strikes_it_includes_not_merged(ledger: Store) -> None:
    campaign = canonical_event(ledger.connection, CAMPAIGN.events[0].id)
    strike = canonical_event(ledger.connection, WIRE.events[0].id)
    assert [r.doc for r in campaign.reports] == [CAMPAIGN.document.id]
    assert campaign.includes == (strike.id,)
    assert strike.included_in == (campaign.id,)
    assert canonical_event(ledger.connection, ODESA_STRIKE.events[0].id).included_in == ()


def test_places_compatible_at_their_precision() -> None:
    assert places_compatible(KHARKIV, KHARKIV_OBLAST)
    assert not places_compatible(KHARKIV, ODESA)
    # Chuhuiv is ~30 km from Kharkiv: another town, not the city's outskirts.
    assert not places_compatible(KHARKIV, CHUHUIV)


def test_a_split_survives_re_ingest(ledger: Store) -> None:
    split_event(ledger.connection, REGIONAL.events[0].id)
    assert reports_of(ledger, REGIONAL) == {REGIONAL.document.id}
    ledger.connection.execute("DELETE FROM documents WHERE id = ?", (REGIONAL.document.id,))
    ledger.save(REGIONAL)
    resolve_events(ledger.connection)
    assert reports_of(ledger, REGIONAL) == {REGIONAL.document.id}
    assert reports_of(ledger, WIRE) == {WIRE.document.id, BROADCASTER.document.id}


def test_an_analyst_merge_joins_two_events_and_a_split_undoes_it(ledger: Store) -> None:
    merge_events(ledger.connection, ODESA_STRIKE.events[0].id, WIRE.events[0].id)
    assert ODESA_STRIKE.document.id in reports_of(ledger, WIRE)
    split_event(ledger.connection, ODESA_STRIKE.events[0].id)
    assert reports_of(ledger, ODESA_STRIKE) == {ODESA_STRIKE.document.id}


def test_unknown_ids_are_refused(ledger: Store) -> None:
    with pytest.raises(NotFoundError):
        split_event(ledger.connection, "nope:e1")
    with pytest.raises(NotFoundError):
        merge_events(ledger.connection, "nope", WIRE.events[0].id)


def _canonical_sets(path: Path, order: list[Extraction]) -> list[tuple[str, frozenset[str]]]:
    with Store(path) as store:
        for extraction in order:
            store.save(extraction)
        resolve_events(store.connection)
        return sorted((e.id, frozenset(r.event_id for r in e.reports)) for e in canonical_events(store.connection))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(REPORTS))
def test_any_ingest_order_gives_the_same_canonical_events(tmp_path: Path, order: list[Extraction]) -> None:
    expected = _canonical_sets(tmp_path / "reference.db", REPORTS)
    path = tmp_path / f"{'-'.join(e.document.id[:4] for e in order)}.db"
    path.unlink(missing_ok=True)
    assert _canonical_sets(path, order) == expected
