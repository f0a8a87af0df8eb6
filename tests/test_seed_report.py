"""The seed report's golden facts, read back from a real ledger after a real ingest.

Seed: ../shared/seeds/000_ec4af2fc4e64a94a.txt, reported on 2024-03-18.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from warledger.ledger import Ledger
from warledger.model import Claim, Event, EventType, Modality, Place, Precision, Qualifier, Quantity, TimeValue

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_ec4af2fc4e64a94a.txt"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    if not SEED.exists():
        pytest.fail(f"seed report missing: {SEED}")
    opened = Ledger(tmp_path_factory.mktemp("seed") / "seed.db")
    outcomes = list(opened.ingest([SEED]))
    assert [o.status.value for o in outcomes] == ["stored"]
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def events(ledger: Ledger) -> list[Event]:
    return ledger.events()


@pytest.fixture(scope="module")
def text(ledger: Ledger) -> str:
    (document,) = ledger.documents()
    return document.text


def values(event: Event, role: str) -> list[str]:
    return [f.value for f in event.values(role)]


def find(events: list[Event], event_type: EventType, **roles: str) -> Event:
    """The one event of this type whose fields include every role=value given."""
    found = [e for e in events if e.type is event_type and all(v in values(e, r) for r, v in roles.items())]
    assert found, f"no {event_type.value} with {roles}; have {[(e.type.value, [(f.role, f.value) for f in e.fields]) for e in events]}"
    return found[0]


def quantity(event: Event, role: str) -> Quantity:
    field = event.value(role)
    assert field is not None and isinstance(field.typed, Quantity), f"{role} of {event.id}"
    return field.typed


def test_the_report_date_is_read_from_the_header(ledger: Ledger) -> None:
    (document,) = ledger.documents()
    assert document.date.isoformat() == "2024-03-18"
    assert document.text.startswith("Since the onset of Russia's invasion")


def test_every_field_points_at_the_characters_that_support_it(events: list[Event], text: str) -> None:
    assert events
    for event in events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        for field in event.fields:
            assert field.span.doc == event.doc
            assert text[field.span.start : field.span.end] == field.span.text, (event.id, field.role)


def test_russia_invaded_ukraine_in_february_2022(events: list[Event]) -> None:
    invasion = find(events, EventType.INVASION, attacker="Russia", target="Ukraine")
    date = invasion.value("date")
    assert date is not None and isinstance(date.typed, TimeValue)
    assert date.typed.value == "2022-02" and date.typed.precision is Precision.MONTH
    assert date.span.text == "February 2022"


def test_russia_launched_north_korean_missiles_at_ukraine_about_50_times(events: list[Event]) -> None:
    attack = find(events, EventType.ATTACK, attacker="Russia", target="Ukraine", weapon="missile")
    assert values(attack, "weapon_origin") == ["North Korea"]
    count = quantity(attack, "count")
    assert (count.value, count.qualifier) == (50, Qualifier.APPROXIMATELY)
    assert attack.aggregate, "about 50 launches over two years is no single strike"
    assert attack.modality is Modality.REPORTED
    assert attack.source is not None and attack.source.name.lower().startswith("investigators")
    assert "Ukraine" in (attack.source.organisation or attack.source.name)


def test_at_least_three_north_korean_ballistic_missiles_struck_kharkiv(events: list[Event]) -> None:
    attack = find(events, EventType.ATTACK, weapon="ballistic missile")
    assert values(attack, "attacker") == ["Russia"]
    assert values(attack, "weapon_origin") == ["North Korea"]
    count = quantity(attack, "count")
    assert (count.value, count.qualifier) == (3, Qualifier.AT_LEAST)
    places = [f for f in attack.fields if isinstance(f.typed, Place) and f.typed.name == "Kharkiv"]
    assert places, [(f.role, f.value) for f in attack.fields]
    kharkiv = places[0].typed
    assert kharkiv.geonames_id == 706483
    assert kharkiv.lat == pytest.approx(49.98, abs=0.05) and kharkiv.lon == pytest.approx(36.25, abs=0.05)
    assert (kharkiv.admin1, kharkiv.country) == ("Kharkiv Oblast", "Ukraine")
    assert places[0].span.text == "Kharkiv"


def test_the_prosecutor_said_the_missiles_hit_at_least_six_regions(ledger: Ledger, text: str) -> None:
    claims = [c for c in ledger.claims() if "at least six Ukrainian regions" in c.content.text]
    assert len(claims) == 1
    claim: Claim = claims[0]
    assert claim.source.name == "Oleksandr Filchakov"
    assert claim.source.role == "head"
    assert claim.source.organisation == "Kharkiv Regional Prosecutor's Office"
    assert claim.source.venue == "press conference"
    assert claim.source.span is not None
    assert text[claim.source.span.start : claim.source.span.end] == claim.source.span.text
    assert text[claim.content.start : claim.content.end] == claim.content.text
    assert claim.cue.text == "revealed"


def test_north_korea_shipped_around_7000_containers_of_munitions_to_russia(events: list[Event]) -> None:
    transfer = find(events, EventType.ARMS_TRANSFER, supplier="North Korea", recipient="Russia", item="munitions")
    shipped = quantity(transfer, "quantity")
    assert (shipped.value, shipped.qualifier, shipped.unit) == (7000, Qualifier.APPROXIMATELY, "containers")
    assert transfer.modality is Modality.ASSERTED


def test_the_united_states_fears_shipments_which_are_never_asserted(events: list[Event]) -> None:
    statement = find(events, EventType.STATEMENT, speaker="United States")
    assert "shipments" in values(statement, "content")[0]
    feared = [
        e for e in events
        if e.type is EventType.ARMS_TRANSFER and e.trigger.text == "shipments"
        and e.trigger.start > statement.trigger.start
    ]
    assert feared and all(e.modality is Modality.POTENTIAL for e in feared)
    assert values(feared[0], "supplier") == ["North Korea"] and values(feared[0], "recipient") == ["Russia"]


def test_china_russia_and_north_korea_cooperate_china_only_potentially(events: list[Event]) -> None:
    cooperation = [
        e for e in events
        if e.type is EventType.COOPERATION and {"China", "Russia", "North Korea"} <= set(values(e, "participant"))
    ]
    assert cooperation
    hedged = [
        f for e in cooperation for f in e.values("participant") if f.value == "China" and f.hedge == "potentially"
    ]
    assert hedged, "the last paragraph's 'potentially China' keeps its hedge"
