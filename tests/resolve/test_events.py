"""Specification: report events of one real-world event become one canonical event.

Given reports (built here as stored extractions, so each rule is tested on exactly the fields it
reads), ``resolve_events`` merges the strike reported by three outlets at their own precision (the
city and its oblast; a dated report and one only dated by its report day), keeps a same-day strike
on another city apart, never folds an aggregate into a strike but links it to the strikes it
includes, keeps analyst overrides across re-ingest, and gives the same result in any ingest order.

An aggregate counts only the strikes of its attacker, weapon (or weapon origin) and region,
within its period and reported by its report, at most as many as its count. Resolution is
incremental: reports arriving in several ingests, with analyst overrides in between, give exactly
what one full rebuild gives, and a resolve re-clusters only the components new reports touch.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warledger.errors import NotFoundError
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
    Quantity,
    Qualifier,
    Span,
    TimeValue,
    Weapon,
)
from warledger.resolve.claims import CanonicalEvent, canonical_event, canonical_events
from warledger.resolve import similarity
from warledger.resolve.compatibility import Candidate, compatible, dates_compatible, places_compatible
from warledger.resolve.events import THRESHOLD, merge_candidates, merge_events, profile, resolve_events, split_event
from warledger.store.sqlite import Store

KHARKIV = Place("Kharkiv", 706483, 49.98177, 36.25475, "Kharkiv Oblast", "Ukraine", "UA", "city")
KHARKIV_OBLAST = Place("Kharkiv Oblast", -4686, 49.83, 36.379, "Kharkiv Oblast", "Ukraine", "UA", "admin1")
CHUHUIV = Place("Chuhuiv", 710791, 49.8353, 36.6865, "Kharkiv Oblast", "Ukraine", "UA", "city")
ODESA = Place("Odesa", 698740, 46.48572, 30.74383, "Odesa Oblast", "Ukraine", "UA", "city")
RUSSIA = Actor("RU.armed_forces", "Russia", "armed_forces", "RU")
ISKANDER = Weapon("iskander-m", "Iskander-M", "ballistic missile", "Russia")
MISSILE = Weapon("generic.missile", "missile", "missile", generic=True)
SHAHED = Weapon("shahed-136", "Shahed-136", "loitering munition", "Iran")
KN23 = Weapon("kn-23", "KN-23", "ballistic missile", "North Korea")
UKRAINE = Actor("UA.armed_forces", "Ukraine", "armed_forces", "UA")


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
    fields: list[tuple[str, MentionValue | str]],
    aggregate: bool = False,
) -> Extraction:
    """One stored report holding one attack event triggered by the text's first verb "struck"/"hit"."""
    document = Document.create(text, date=date.fromisoformat(reported), publisher=publisher)
    word = "struck" if "struck" in text else "hit"
    start = text.index(word)
    trigger = Span(document.id, 0, start, start + len(word), word)
    event_fields = [
        EventField(role, getattr(value, "name", None) or getattr(value, "value", None) or str(value),
                   Span(document.id, 0, 0, 5, text[:5]), None if isinstance(value, str) else value)
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


# -- aggregates ------------------------------------------------------------------------------------

LATER_STRIKE = report(
    "Russian forces struck Kharkiv with an Iskander-M on Monday the 25th.",
    "Wire One", "2024-03-25",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("date", day("2024-03-25"))],
)
UNCLAIMED_STRIKE = report(
    "An Iskander-M missile struck Kharkiv on the 10th; no one has said who fired it.",
    "Wire One", "2024-03-10",
    [("place", KHARKIV), ("weapon", ISKANDER), ("date", day("2024-03-10"))],
)
EARLIER_STRIKE = report(
    "Russian forces struck Kharkiv with an Iskander-M on the 3rd.",
    "Regional Daily", "2024-03-03",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("date", day("2024-03-03"))],
)
KN23_STRIKE = report(
    "A North Korean KN-23 hit Kyiv's outskirts on the 5th.",
    "Wire One", "2024-03-05",
    [("attacker", RUSSIA), ("weapon", KN23), ("weapon_origin", "North Korea"), ("date", day("2024-03-05"))],
)
ONCE = report(
    "Russia has struck Kharkiv with Iskander missiles once this month, officials say.",
    "Analysis Weekly", "2024-03-20",
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("count", Quantity(1, 1, 1, Qualifier.EXACT, "times"))],
    aggregate=True,
)
NORTH_KOREAN_MISSILES = report(
    "Russia has hit Ukraine with North Korean missiles dozens of times.",
    "Analysis Weekly", "2024-03-20",
    [("attacker", RUSSIA), ("weapon", MISSILE), ("weapon_origin", "North Korea")],
    aggregate=True,
)
COUNT_ONLY = report(
    "Targets were hit about 40 times so far this month.",
    "Analysis Weekly", "2024-03-20",
    [("count", Quantity(40, 40, 40, Qualifier.APPROXIMATELY, "times"))],
    aggregate=True,
)


def resolved(tmp_path: Path, extractions: list[Extraction]) -> Store:
    """A store holding these reports, resolved (the caller closes it)."""
    store = Store(tmp_path / "aggregates.db")
    for extraction in extractions:
        store.save(extraction)
    resolve_events(store.connection)
    return store


def included_reports(store: Store, aggregate: Extraction) -> set[str]:
    """The documents of the strikes an aggregate's canonical event includes."""
    event = canonical_event(store.connection, aggregate.events[0].id)
    return {r.doc for strike in event.includes for r in canonical_event(store.connection, strike).reports}


def test_an_aggregate_counts_its_attackers_strikes_reported_by_its_report(tmp_path: Path) -> None:
    with resolved(tmp_path, [WIRE, ODESA_STRIKE, LATER_STRIKE, UNCLAIMED_STRIKE, EARLIER_STRIKE, CAMPAIGN]) as store:
        # Odesa: another weapon and place; the 25th: after the count was reported; the 10th: no attacker named.
        assert included_reports(store, CAMPAIGN) == {WIRE.document.id, EARLIER_STRIKE.document.id}


def test_a_stated_count_caps_the_strikes_linked_latest_first(tmp_path: Path) -> None:
    with resolved(tmp_path, [WIRE, EARLIER_STRIKE, ONCE]) as store:
        assert included_reports(store, ONCE) == {WIRE.document.id}


def test_a_weapon_origin_selects_the_strikes_with_weapons_from_there(tmp_path: Path) -> None:
    with resolved(tmp_path, [WIRE, KN23_STRIKE, ODESA_STRIKE, NORTH_KOREAN_MISSILES]) as store:
        assert included_reports(store, NORTH_KOREAN_MISSILES) == {KN23_STRIKE.document.id}


def test_an_aggregate_naming_no_attacker_weapon_or_place_counts_nothing(tmp_path: Path) -> None:
    with resolved(tmp_path, [WIRE, EARLIER_STRIKE, COUNT_ONLY]) as store:
        assert included_reports(store, COUNT_ONLY) == set()


# -- incremental resolution ------------------------------------------------------------------------

EVERY_REPORT = [*REPORTS, LATER_STRIKE, UNCLAIMED_STRIKE, EARLIER_STRIKE, KN23_STRIKE, ONCE, NORTH_KOREAN_MISSILES]


def snapshot(ledger: Ledger) -> list[tuple[object, ...]]:
    """Everything resolution decides: real-world events, their reports and why, links, statuses."""
    status = {e.id: s for s in ("corroborated", "single", "contradicted") for e in ledger.events(corroboration=s)}

    def row(e: CanonicalEvent) -> tuple[object, ...]:
        reports = tuple((r.event_id, r.reasons, status.get(r.event_id)) for r in e.reports)
        return e.id, e.type, e.aggregate, e.date_start, e.date_end, reports, e.includes, e.included_in

    return sorted(row(e) for e in ledger.merged_events())


def full_rebuild(path: Path, extractions: list[Extraction]) -> list[tuple[object, ...]]:
    """The snapshot of one ledger holding every report, resolved from scratch."""
    with Ledger(path) as ledger:
        for extraction in extractions:
            ledger.store.save(extraction)
        ledger.resolve(full=True)
        return snapshot(ledger)


def test_ingesting_a_then_b_resolves_as_ingesting_both(tmp_path: Path) -> None:
    first, second = EVERY_REPORT[::2], EVERY_REPORT[1::2]
    with Ledger(tmp_path / "a-then-b.db") as ledger:
        for batch in (first, second):
            for extraction in batch:
                ledger.store.save(extraction)
            ledger.resolve()
        assert snapshot(ledger) == full_rebuild(tmp_path / "both.db", EVERY_REPORT)


def test_a_resolve_re_clusters_only_the_components_new_reports_touch(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.db") as ledger:
        for extraction in REPORTS:
            ledger.store.save(extraction)
        assert ledger.resolve().recomputed == len(REPORTS)
        assert ledger.resolve().recomputed == 0
        ledger.store.save(KN23_STRIKE)  # compatible with no stored report
        assert ledger.resolve().recomputed == 1
        ledger.store.save(LATER_STRIKE)  # compatible with no stored report either: the 25th is days later
        assert ledger.resolve().recomputed == 1
        ledger.store.save(EARLIER_STRIKE)
        assert ledger.resolve().recomputed == 1


def test_overrides_survive_later_ingests_and_match_a_full_rebuild(tmp_path: Path) -> None:
    with Ledger(tmp_path / "ledger.db") as ledger:
        for extraction in REPORTS:
            ledger.store.save(extraction)
        ledger.resolve()
        ledger.split(REGIONAL.events[0].id)
        ledger.merge(ODESA_STRIKE.events[0].id, WIRE.events[0].id)
        for extraction in (LATER_STRIKE, EARLIER_STRIKE, ONCE):
            ledger.store.save(extraction)
        ledger.resolve()
        assert reports_of(ledger.store, REGIONAL) == {REGIONAL.document.id}
        assert ODESA_STRIKE.document.id in reports_of(ledger.store, WIRE)
        with Ledger(tmp_path / "rebuilt.db") as rebuilt:
            for extraction in (*REPORTS, LATER_STRIKE, EARLIER_STRIKE, ONCE):
                rebuilt.store.save(extraction)
            overrides = ledger.store.connection.execute("SELECT kind, first, second, created_at FROM canonical_overrides")
            rebuilt.store.connection.executemany("INSERT INTO canonical_overrides VALUES (?, ?, ?, ?)", overrides.fetchall())
            rebuilt.resolve(full=True)
            assert snapshot(ledger) == snapshot(rebuilt)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(EVERY_REPORT), cuts=st.sets(st.integers(1, len(EVERY_REPORT) - 1), max_size=3))
def test_any_sequence_of_ingests_resolves_as_one_full_rebuild(
    tmp_path: Path, order: list[Extraction], cuts: set[int]
) -> None:
    bounds = [0, *sorted(cuts), len(order)]
    name = "-".join(e.document.id[:4] for e in order) + "-" + "-".join(map(str, bounds))
    (tmp_path / f"{name}.db").unlink(missing_ok=True)
    with Ledger(tmp_path / f"{name}.db") as ledger:
        for start, end in zip(bounds, bounds[1:]):
            for extraction in order[start:end]:
                ledger.store.save(extraction)
            ledger.resolve()
        reference = tmp_path / "reference.db"
        if not reference.exists():
            full_rebuild(reference, EVERY_REPORT)
        with Ledger(reference) as rebuilt:
            assert snapshot(ledger) == snapshot(rebuilt)


# -- repeated reports ------------------------------------------------------------------------------
#
# A report can repeat one sentence thousands of times. Its copies (same type, arguments, place, date
# and trigger word) are clustered as one weighted item: the clusters must be exactly those of
# clustering every copy, which `similarity.cluster` without `alike` still does.

TEMPLATES = [
    [("attacker", RUSSIA), ("place", KHARKIV), ("weapon", ISKANDER), ("date", day("2024-03-17"))],
    [("attacker", RUSSIA), ("place", KHARKIV_OBLAST), ("weapon", MISSILE)],
    [("attacker", RUSSIA), ("place", CHUHUIV), ("date", day("2024-03-18"))],
    [("place", KHARKIV), ("weapon", SHAHED), ("date", day("2024-03-16"))],
    [("attacker", UKRAINE), ("place", ODESA)],
    [("place", KHARKIV)],
]


def candidate(key: str, word: str, fields: list[tuple[str, MentionValue]], reported: date | None) -> Candidate:
    """A merge candidate of an attack triggered by ``word`` with these fields."""
    trigger = Span("doc", 0, 0, len(word), word)
    spans = [EventField(role, getattr(v, "name", None) or str(v), trigger, v) for role, v in fields]
    event = Event(key, "doc", EventType.ATTACK, Modality.ASSERTED, 0, trigger, spans)
    return Candidate(event, key, reported, profile(event, key))


def copy_level_clusters(candidates: list[Candidate]) -> set[frozenset[str]]:
    """The clusters of the whole list, every copy clustered on its own (no components, no `alike`)."""
    ordered = sorted(candidates, key=lambda c: c.profile.key)
    found = similarity.cluster(
        [c.profile for c in ordered], THRESHOLD, veto=lambda i, j: not compatible(ordered[i], ordered[j])
    )
    return {frozenset(p.key for p in c) for c in found}


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(TEMPLATES) - 1), st.sampled_from(["struck", "hit"]), st.booleans()),
        min_size=1,
        max_size=14,
    ),
    keys=st.randoms(use_true_random=False),
)
def test_copies_cluster_as_if_each_were_clustered(picks: list[tuple[int, str, bool]], keys: Random) -> None:
    names = [f"k{n:02d}" for n in range(len(picks))]
    keys.shuffle(names)
    candidates = [
        candidate(name, word, TEMPLATES[t], date(2024, 3, 18) if dated else None)
        for name, (t, word, dated) in zip(names, picks)
    ]
    merged = {frozenset(c.profile.key for c in cluster) for cluster in merge_candidates(candidates)}
    assert merged == copy_level_clusters(candidates)


def test_a_report_repeating_one_sentence_thousands_of_times_is_one_event() -> None:
    copies = [candidate(f"k{n:05d}", "shelled", TEMPLATES[0], date(2024, 3, 18)) for n in range(5000)]
    (only,) = merge_candidates(copies)
    assert len(only) == 5000


def test_copies_tied_with_another_report_are_still_clustered_one_by_one() -> None:
    # The same word and a subset of the arguments score as high as two copies do: no shortcut.
    copies = [candidate(f"k{n}", "struck", TEMPLATES[0], None) for n in range(1, 4)]
    subset = candidate("k0", "struck", TEMPLATES[0][:2], None)
    merged = {frozenset(c.profile.key for c in cluster) for cluster in merge_candidates([*copies, subset])}
    assert merged == copy_level_clusters([*copies, subset]) == {frozenset({"k0", "k1", "k2", "k3"})}


def test_dates_at_the_ends_of_the_calendar_do_not_overflow(tmp_path: Path) -> None:
    first = report("Russian forces struck Kharkiv.", "Wire One", "0001-01-01", [("place", KHARKIV), ("date", day("0001-01-01"))])
    last = report("Russian forces struck Kharkiv again.", "Wire Two", "9999-12-31", [("place", KHARKIV), ("date", day("9999-12-31"))])
    with Store(tmp_path / "ledger.db") as store:
        for extraction in (first, last):
            store.save(extraction)
        summary = resolve_events(store.connection)
    assert (summary.events, summary.canonical) == (2, 2)
    assert dates_compatible((date.min, date.min), (date.max, date.max)) is False
    assert dates_compatible((date.min, date.min), (date(1, 1, 2), date(1, 1, 2))) is True
