"""Specification: an incremental resolve reads only the events it needs, and still gives the full
rebuild's result.

Given stored reports, :func:`dated_events` gives each event's block and calendar interval without
decoding its fields (its date field's bounds, else its report day and the day before), exactly the
interval resolution compares; :func:`neighbours` picks the stored events a new one may be linked
to (its block, dates overlapping once widened by a day; a whole block when either is undated). A
resolve after new reports never reads a stored event of a component they do not touch: one whose
stored fields no longer decode does not stop it. An aggregate keeps its link to a strike that
gains a report, and is linked to the next best strike when its own loses a report, as a full
rebuild links them; any sequence of reports stored and deleted, resolved after each step, ends as
a full rebuild of what is left.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warledger.errors import StoreError
from warledger.ledger import Ledger
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
    Qualifier,
    Quantity,
    Span,
    TimeValue,
    Weapon,
)
from warledger.resolve.compatibility import DATE_SLACK, dates_compatible
from warledger.resolve.events import Candidates, Dated, dated_events, neighbours

KHARKIV = Place("Kharkiv", 706483, 49.98177, 36.25475, "Kharkiv Oblast", "Ukraine", "UA", "city")
ODESA = Place("Odesa", 698740, 46.48572, 30.74383, "Odesa Oblast", "Ukraine", "UA", "city")
RUSSIA = Actor("RU.armed_forces", "Russia", "armed_forces", "RU")
ISKANDER = Weapon("iskander-m", "Iskander-M", "ballistic missile", "Russia")
MISSILE = Weapon("generic.missile", "missile", "missile", generic=True)


def day(iso: str) -> TimeValue:
    """A resolved calendar day."""
    return TimeValue(iso, "DATE", Precision.DAY, date.fromisoformat(iso), date.fromisoformat(iso))


MARCH = TimeValue("2024-03", "DATE", Precision.MONTH, date(2024, 3, 1), date(2024, 3, 31))


def report(text: str, reported: str | None, fields: list[tuple[str, MentionValue]], aggregate: bool = False) -> Extraction:
    """One stored report holding one attack triggered by "struck", with these fields."""
    document = Document.create(text, date=date.fromisoformat(reported) if reported else None, publisher="Wire One")
    start = text.index("struck")
    trigger = Span(document.id, 0, start, start + 6, "struck")
    spans = [EventField(role, getattr(v, "name", None) or getattr(v, "value"), Span(document.id, 0, 0, 5, text[:5]), v)
             for role, v in fields]
    event = Event(f"{document.id}:e1", document.id, EventType.ATTACK, Modality.ASSERTED, 0, trigger, spans, aggregate=aggregate)
    return Extraction(document, events=[event])


DATED = report("Russian forces struck Kharkiv on the 17th.", "2024-03-18", [("attacker", RUSSIA), ("place", KHARKIV), ("date", day("2024-03-17"))])
MONTH = report("Russian forces struck Kharkiv in March.", "2024-04-02", [("attacker", RUSSIA), ("place", KHARKIV), ("date", MARCH)])
BY_REPORT = report("Russian forces struck Kharkiv overnight.", "2024-03-18", [("attacker", RUSSIA), ("place", KHARKIV)])
UNDATED = report("Russian forces struck Kharkiv.", None, [("attacker", RUSSIA), ("place", KHARKIV)])
CAMPAIGN = report("Russia has struck Kharkiv many times.", "2024-03-20", [("attacker", RUSSIA), ("place", KHARKIV)], aggregate=True)


def test_dated_events_give_the_interval_resolution_compares(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.db") as ledger:
        for extraction in (DATED, MONTH, BY_REPORT, UNDATED, CAMPAIGN):
            ledger.store.save(extraction)
        connection = ledger.store.connection
        dated = dated_events(connection)
        spans = {extraction.document.id: dated[extraction.events[0].id].span for extraction in (DATED, MONTH, BY_REPORT, UNDATED)}
        assert spans == {
            DATED.document.id: (date(2024, 3, 17), date(2024, 3, 17)),
            MONTH.document.id: (date(2024, 3, 1), date(2024, 3, 31)),
            BY_REPORT.document.id: (date(2024, 3, 17), date(2024, 3, 18)),
            UNDATED.document.id: None,
        }
        assert dated[CAMPAIGN.events[0].id].block == ("attack", True)
        for candidate in Candidates(connection, dated).get(dated):
            assert dated[candidate.event.id].span == candidate.span
            assert dated[candidate.event.id].reported == candidate.report_date


BLOCKS = [("attack", False), ("attack", True), ("statement", False)]
spans = st.one_of(
    st.none(),
    st.builds(
        lambda start, length: (date(2024, 3, 1) + timedelta(days=start), date(2024, 3, 1) + timedelta(days=start + length)),
        st.integers(0, 20),
        st.integers(0, 3),
    ),
)
events = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.tuples(st.sampled_from(BLOCKS), spans, st.booleans()),
    max_size=14,
)


@settings(max_examples=200, deadline=None)
@given(drawn=events)
def test_neighbours_are_the_stored_events_a_fresh_one_is_compared_with(drawn: dict[str, tuple[tuple[str, bool], tuple[date, date] | None, bool]]) -> None:
    dated = {event: Dated(event, *block, None, span) for event, (block, span, _) in drawn.items()}
    fresh = {event for event, (_, _, new) in drawn.items() if new}
    expected = {
        event
        for event, other in dated.items()
        if event not in fresh
        and any(dated[f].block == other.block and dates_compatible(dated[f].span, other.span) for f in fresh)
    }
    assert neighbours(dated, fresh) == expected


def test_a_window_reaches_one_day_either_side() -> None:
    fresh = Dated("new", "attack", False, None, (date(2024, 3, 10), date(2024, 3, 10)))
    days = {f"{n:+d}": Dated(f"{n:+d}", "attack", False, None, (date(2024, 3, 10) + timedelta(days=n),) * 2) for n in (-2, -1, 1, 2)}
    assert DATE_SLACK == timedelta(days=1)
    assert neighbours({"new": fresh, **days}, {"new"}) == {"-1", "+1"}


def test_a_resolve_never_reads_an_event_of_a_component_new_reports_do_not_touch(tmp_path: Path) -> None:
    far = report("Russian forces struck Odesa on New Year's Day.", "2023-01-02", [("attacker", RUSSIA), ("place", ODESA), ("date", day("2023-01-01"))])
    with Ledger(tmp_path / "ledger.db") as ledger:
        for extraction in (far, DATED):
            ledger.store.save(extraction)
        ledger.resolve()
        # The Odesa strike's place no longer decodes: reading it would fail.
        ledger.store.connection.execute(
            "UPDATE event_fields SET typed = '{\"type\": \"place\", \"unknown\": 1}' WHERE event = ? AND role = 'place'",
            (far.events[0].id,),
        )
        ledger.store.save(BY_REPORT)
        assert ledger.resolve().recomputed == 2
        assert {r.doc for r in ledger.merged_event(DATED.events[0].id).reports} == {DATED.document.id, BY_REPORT.document.id}
        with pytest.raises(StoreError):
            ledger.resolve(full=True)


ONCE = report(
    "Russia has struck Kharkiv with Iskander missiles once this month.", "2024-03-25",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("count", Quantity(1, 1, 1, Qualifier.EXACT, "times"))],
    aggregate=True,
)
ISKANDER_STRIKE = report(
    "Russian forces struck Kharkiv with an Iskander-M on the 10th.", "2024-03-10",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("date", day("2024-03-10"))],
)
SAME_STRIKE = report(
    "An Iskander-M fired by Russian forces struck Kharkiv on the 10th.", "2024-03-11",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("date", day("2024-03-10"))],
)
OTHER_STRIKE = report(
    "Russian forces struck Kharkiv with a missile on the 3rd.", "2024-03-03",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", MISSILE), ("date", day("2024-03-03"))],
)


def included_documents(ledger: Ledger) -> set[str]:
    """The documents of the strikes the aggregate ONCE includes."""
    aggregate = ledger.merged_event(ONCE.events[0].id)
    return {r.doc for strike in aggregate.includes for r in ledger.merged_event(strike).reports}


TABLES = {
    "canonical_events": "id, type, aggregate, date_start, date_end",
    "canonical_members": "canonical, event, identity, reasons",
    "canonical_includes": "aggregate, strike",
    "event_corroboration": "event, status",
}


def resolution(connection: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every row resolution writes, by table, sorted."""
    return {table: sorted(connection.execute(f"SELECT {columns} FROM {table}")) for table, columns in TABLES.items()}


def rebuilt(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a copy of the ledger at ``path`` resolved from scratch holds."""
    copy = path.with_name(f"rebuilt-{path.name}")
    copy.unlink(missing_ok=True)
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with Ledger(copy) as ledger:
        ledger.resolve(full=True)
        return resolution(ledger.store.connection)


def rebuilt_links(path: Path) -> set[tuple[str, str]]:
    """The aggregate links of a copy of the ledger at ``path`` resolved from scratch."""
    return set(rebuilt(path)["canonical_includes"])


def test_an_aggregate_keeps_a_strike_that_gains_a_report(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.db") as ledger:
        for extraction in (ONCE, ISKANDER_STRIKE, OTHER_STRIKE):
            ledger.store.save(extraction)
        ledger.resolve()
        assert included_documents(ledger) == {ISKANDER_STRIKE.document.id}
        ledger.store.save(SAME_STRIKE)
        ledger.resolve()
        assert included_documents(ledger) == {ISKANDER_STRIKE.document.id, SAME_STRIKE.document.id}
        links = set(ledger.store.connection.execute("SELECT aggregate, strike FROM canonical_includes"))
        assert links == rebuilt_links(tmp_path / "ledger.db")


def test_an_aggregate_whose_strike_loses_its_report_takes_the_next_best(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.db") as ledger:
        for extraction in (ONCE, ISKANDER_STRIKE, OTHER_STRIKE):
            ledger.store.save(extraction)
        ledger.resolve()
        ledger.store.connection.execute("DELETE FROM documents WHERE id = ?", (ISKANDER_STRIKE.document.id,))
        ledger.resolve()
        assert included_documents(ledger) == {OTHER_STRIKE.document.id}
        links = set(ledger.store.connection.execute("SELECT aggregate, strike FROM canonical_includes"))
        assert links == rebuilt_links(tmp_path / "ledger.db")


# The Iskander strike again, as a generic missile; its identity is the smaller of the two, so the
# strike keeps its canonical id without the Iskander report.
MISSILE_STRIKE = report(
    "A Russian missile struck Kharkiv on Sunday the 10th.", "2024-03-11",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", MISSILE), ("date", day("2024-03-10"))],
)
LATER_MISSILE_STRIKE = report(
    "Russian forces struck Kharkiv with a missile on the 20th.", "2024-03-20",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", MISSILE), ("date", day("2024-03-20"))],
)


def test_an_aggregate_whose_strike_keeps_its_id_but_loses_its_best_report_is_linked_again(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.db") as ledger:
        for extraction in (ONCE, ISKANDER_STRIKE, MISSILE_STRIKE, LATER_MISSILE_STRIKE):
            ledger.store.save(extraction)
        ledger.resolve()
        strike = ledger.merged_event(ISKANDER_STRIKE.events[0].id).id
        assert included_documents(ledger) == {ISKANDER_STRIKE.document.id, MISSILE_STRIKE.document.id}
        ledger.store.connection.execute("DELETE FROM documents WHERE id = ?", (ISKANDER_STRIKE.document.id,))
        ledger.resolve()
        assert ledger.merged_event(MISSILE_STRIKE.events[0].id).id == strike
        # Without the Iskander the strike matches as much as the later one, which is later.
        assert included_documents(ledger) == {LATER_MISSILE_STRIKE.document.id}
        links = set(ledger.store.connection.execute("SELECT aggregate, strike FROM canonical_includes"))
        assert links == rebuilt_links(tmp_path / "ledger.db")


# Strikes of Kharkiv in March, one the aggregates count best and others they count less.
EVERY_REPORT = [ONCE, CAMPAIGN, ISKANDER_STRIKE, SAME_STRIKE, MISSILE_STRIKE, OTHER_STRIKE, LATER_MISSILE_STRIKE, BY_REPORT]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sets(st.integers(0, len(EVERY_REPORT) - 1), min_size=1), min_size=2, max_size=4))
def test_any_stores_and_deletions_resolve_as_a_full_rebuild(tmp_path: Path, steps: list[set[int]]) -> None:
    # Each step stores the reports it names that are not stored, and deletes those that are.
    path = tmp_path / f"ledger-{abs(hash(repr(steps)))}.db"
    path.unlink(missing_ok=True)
    with Ledger(path) as ledger:
        for step in steps:
            for n in sorted(step):
                extraction = EVERY_REPORT[n]
                if ledger.store.has_document(extraction.document.id):
                    ledger.store.connection.execute("DELETE FROM documents WHERE id = ?", (extraction.document.id,))
                else:
                    ledger.store.save(extraction)
            ledger.resolve()
        assert resolution(ledger.store.connection) == rebuilt(path)
