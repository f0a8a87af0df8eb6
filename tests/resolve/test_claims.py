"""Specification: for each field of a canonical event, every value with its sources.

Given reports ingested through the real pipeline into a real ledger, the strike three outlets
report is one event; its killed field is contradicted (5 against 12) and corroborated (5 and "at
least 5" from two independent sources), its range summarised as 5–12; a reprint of one outlet's
story by another publisher is no independent source; a denial contradicts the occurrence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.ledger import Ledger
from warledger.model import EventField, Quantity, Qualifier, Span
from warledger.resolve.claims import (
    CanonicalEvent,
    canonical_event,
    canonical_events,
    contradicted_claims,
    interval,
    values_compatible,
)
from warledger.resolve.events import resolve_events
from warledger.store.filters import EventFilter

GOVERNOR = (
    "Russian forces struck Kharkiv with Iskander-M missiles on Sunday, killing five people, "
    "the regional governor said."
)
POLICE = (
    "A Russian missile strike on Kharkiv on Sunday killed at least 5 people and injured 20 others, "
    "police said."
)
OFFICIALS = "Russia struck Kharkiv with Iskander-M missiles on Sunday, killing 12 people, officials said on Monday."
# The governor's report again, lightly edited by another publisher: the same story.
REPRINT = (
    "Russian forces struck Kharkiv with Iskander-M missiles on Sunday, killing five people, "
    "the regional governor said on Telegram."
)


def ingest(path: Path, rows: list[tuple[str, str, str]]) -> Ledger:
    """A ledger holding (text, report date, publisher) rows, resolved."""
    data = path / "reports.jsonl"
    data.write_text(
        "\n".join(json.dumps({"text": t, "date": d, "publisher": p}) for t, d, p in rows), encoding="utf-8"
    )
    ledger = Ledger(path / "ledger.db")
    list(ledger.ingest([data]))
    resolve_events(ledger.store.connection)
    return ledger


def strike(ledger: Ledger) -> CanonicalEvent:
    """The one canonical attack of the ledger."""
    attacks = canonical_events(ledger.store.connection, EventFilter.create(type="attack"))
    assert len(attacks) == 1
    return attacks[0]


@pytest.fixture(scope="module")
def three_reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    with ingest(
        tmp_path_factory.mktemp("claims"),
        [
            (GOVERNOR, "2024-03-17", "Kyiv Wire"),
            (POLICE, "2024-03-18", "Eastern Herald"),
            (OFFICIALS, "2024-03-18", "Global News"),
        ],
    ) as ledger:
        yield ledger


def test_three_reports_one_event_killed_contradicted_and_corroborated(three_reports: Ledger) -> None:
    event = strike(three_reports)
    assert len(event.reports) == 3
    killed = event.field("killed")
    assert killed is not None
    assert killed.contradicted and killed.corroborated
    assert killed.status == "contradicted"
    assert killed.summary == "5–12"
    assert sorted(v.value for v in killed.values) == ["12 people", "5 people", "at least 5 people"]


def test_agreeing_fields_are_corroborated(three_reports: Ledger) -> None:
    event = strike(three_reports)
    for role in ("attacker", "place", "date", "weapon"):
        assert event.field(role).status == "corroborated", role  # type: ignore[union-attr]
    assert event.field("occurrence").status == "corroborated"  # type: ignore[union-attr]
    assert event.field("injured").status == "single"  # type: ignore[union-attr]


def test_every_value_keeps_its_report_and_span(three_reports: Ledger) -> None:
    killed = strike(three_reports).field("killed")
    assert killed is not None
    for value in killed.values:
        document = three_reports.document(value.report.doc)
        assert document.text[value.field.span.start : value.field.span.end] == value.field.span.text
    assert set(killed.latest) == {"Kyiv Wire", "Eastern Herald", "Global News"}


def test_contradicted_claims_lists_the_casualty_conflict(three_reports: Ledger) -> None:
    found = contradicted_claims(three_reports.store.connection)
    assert [(c.event_id, c.claims.role) for c in found] == [(strike(three_reports).id, "killed")]


def test_reports_carry_why_they_were_merged(three_reports: Ledger) -> None:
    event = canonical_event(three_reports.store.connection, strike(three_reports).reports[0].event_id)
    assert event.id == strike(three_reports).id
    assert all("type" in r.reasons or r.reasons == ("first report",) for r in event.reports)


def test_a_reprint_is_not_an_independent_source(tmp_path: Path) -> None:
    with ingest(tmp_path, [(GOVERNOR, "2024-03-17", "Kyiv Wire"), (REPRINT, "2024-03-17", "Reprint Daily")]) as ledger:
        event = strike(ledger)
        assert len(event.reports) == 2
        assert len({r.story for r in event.reports}) == 1
        assert event.field("killed").status == "single"  # type: ignore[union-attr]


def test_a_later_revision_by_one_source_is_not_a_contradiction(tmp_path: Path) -> None:
    revised = "Russian forces struck Kharkiv with Iskander-M missiles on Sunday, killing 12 people, the governor said."
    with ingest(tmp_path, [(GOVERNOR, "2024-03-17", "Kyiv Wire"), (revised, "2024-03-18", "Kyiv Wire")]) as ledger:
        killed = strike(ledger).field("killed")
        assert killed is not None and not killed.contradicted
        assert killed.latest["Kyiv Wire"].value == "12 people"


def quantity(n: float, qualifier: Qualifier) -> EventField:
    """A killed field with this count."""
    return EventField("killed", str(n), Span("d", 0, 0, 1, "x"), Quantity(n, n, n, qualifier, "people"))


def test_qualified_counts_agree_within_their_band() -> None:
    assert values_compatible(quantity(3, Qualifier.AT_LEAST), quantity(3, Qualifier.EXACT))
    assert values_compatible(quantity(50, Qualifier.APPROXIMATELY), quantity(48, Qualifier.EXACT))
    assert not values_compatible(quantity(50, Qualifier.APPROXIMATELY), quantity(60, Qualifier.EXACT))
    assert not values_compatible(quantity(5, Qualifier.EXACT), quantity(12, Qualifier.EXACT))
    assert not values_compatible(quantity(10, Qualifier.MORE_THAN), quantity(10, Qualifier.EXACT))
    assert values_compatible(quantity(10, Qualifier.UP_TO), quantity(7, Qualifier.EXACT))


@given(
    n=st.integers(min_value=0, max_value=100_000),
    qualifier=st.sampled_from(list(Qualifier)),
)
def test_every_reported_count_allows_itself_unless_strict(n: int, qualifier: Qualifier) -> None:
    low, high = interval(Quantity(float(n), float(n), float(n), qualifier))
    assert low <= high or qualifier is Qualifier.FEWER_THAN and n == 0
    assert (low <= n <= high) == (qualifier not in (Qualifier.MORE_THAN, Qualifier.FEWER_THAN))


def test_a_denial_contradicts_the_occurrence_and_is_kept(tmp_path: Path) -> None:
    hospital = (
        "Russian forces struck a hospital in Kharkiv with Iskander-M missiles on Sunday, killing five "
        "people, the regional governor said."
    )
    denial = "Russia's Defence Ministry denied that its forces struck a hospital in Kharkiv on Sunday."
    with ingest(tmp_path, [(hospital, "2024-03-17", "Kyiv Wire"), (denial, "2024-03-18", "Moscow Daily")]) as ledger:
        event = strike(ledger)
        occurrence = event.field("occurrence")
        assert occurrence is not None and occurrence.contradicted
        stances = {v.report.publisher: v.value for v in occurrence.values}
        assert stances == {"Kyiv Wire": "reported", "Moscow Daily": "denied"}
        assert event.denials
