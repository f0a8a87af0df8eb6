"""The ledger database, specified on a hand-built extraction stored in real SQLite files."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from warledger.errors import ConfigError, NotFoundError, StoreError
from warledger.model import (
    Actor,
    Claim,
    Document,
    Event,
    EventField,
    EventType,
    Extraction,
    Mention,
    Modality,
    Place,
    Precision,
    Quantity,
    Qualifier,
    Sentence,
    Source,
    Span,
    TimeValue,
)
from warledger.store.filters import EventFilter
from warledger.store.sqlite import Store

TEXT = (
    "Russian forces struck Kharkiv with three missiles on Monday, the governor said. "
    "The Kremlin denied it."
)


def span(doc: Document, text: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    sentence = 0 if start < doc.text.index("The Kremlin") else 1
    return Span(doc.id, sentence, start, start + len(text), text)


def kharkiv_extraction() -> Extraction:
    doc = Document.create(TEXT, date=date(2024, 3, 18), publisher="Kyiv Wire", origin="test.txt")
    russia = Actor("RU.armed_forces", "Russia", "armed_forces", "RU")
    kharkiv = Place("Kharkiv", 706483, 49.98, 36.25, "Kharkiv Oblast", "Ukraine", "UA", "city")
    monday = TimeValue("2024-03-18", "DATE", Precision.DAY, date(2024, 3, 18), date(2024, 3, 18))
    three = Quantity(3, 3, 3, Qualifier.EXACT, "missiles")
    governor = Source("the governor", "person", role="governor", span=span(doc, "the governor"))
    event = Event(
        id=f"{doc.id}:e1",
        doc=doc.id,
        type=EventType.ATTACK,
        modality=Modality.REPORTED,
        sentence=0,
        trigger=span(doc, "struck"),
        fields=[
            EventField("attacker", "Russia", span(doc, "Russian forces"), russia),
            EventField("target", "Kharkiv", span(doc, "Kharkiv"), kharkiv),
            EventField("count", "3 missiles", span(doc, "three"), three, hedge="reportedly"),
            EventField("date", "2024-03-18", span(doc, "Monday"), monday),
        ],
        source=governor,
    )
    claim = Claim(
        id=f"{doc.id}:c1",
        doc=doc.id,
        sentence=0,
        source=governor,
        cue=span(doc, "said"),
        content=span(doc, "Russian forces struck Kharkiv with three missiles on Monday"),
        modality=Modality.ASSERTED,
        event_ids=(event.id,),
    )
    first = doc.text.index("The Kremlin")
    return Extraction(
        document=doc,
        sentences=[
            Sentence(doc.id, 0, 0, first - 1, doc.text[: first - 1]),
            Sentence(doc.id, 1, first, len(doc.text), doc.text[first:]),
        ],
        mentions=[Mention("place", span(doc, "Kharkiv"), kharkiv)],
        events=[event],
        claims=[claim],
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "ledger.db") as opened:
        yield opened


def test_an_event_reads_back_field_by_field_with_its_provenance(store: Store) -> None:
    extraction = kharkiv_extraction()
    assert store.save(extraction)
    stored = store.event(extraction.events[0].id)
    assert stored == extraction.events[0]
    target = stored.value("target")
    assert target is not None and TEXT[target.span.start : target.span.end] == "Kharkiv"


def test_events_naming_the_same_values_read_back_each_whole(store: Store) -> None:
    extraction = kharkiv_extraction()
    first = extraction.events[0]
    second = Event(f"{first.doc}:e2", first.doc, EventType.ATTACK, Modality.ASSERTED, 0, first.trigger,
                   [first.fields[0], first.fields[1]])
    extraction.events.append(second)
    store.save(extraction)
    assert store.events(EventFilter.create(actor="Russia")) == [first, second]


def test_a_corrupted_stored_value_is_refused_saying_which(store: Store) -> None:
    extraction = kharkiv_extraction()
    store.save(extraction)
    store.connection.execute("UPDATE event_fields SET typed = '{\"type\": \"actor\"}' WHERE role = 'attacker'")
    with pytest.raises(StoreError, match="cannot be decoded"):
        store.event(extraction.events[0].id)


def test_claims_and_documents_read_back(store: Store) -> None:
    extraction = kharkiv_extraction()
    store.save(extraction)
    assert store.claims() == extraction.claims
    assert store.claims(event=extraction.events[0].id) == extraction.claims
    assert store.document(extraction.document.id) == extraction.document
    assert store.sentence(extraction.document.id, 1).text == "The Kremlin denied it."


def test_saving_the_same_document_twice_changes_nothing(store: Store) -> None:
    assert store.save(kharkiv_extraction())
    before = store.summary()
    assert not store.save(kharkiv_extraction())
    assert store.summary() == before
    assert before.documents == 1 and before.events == 1 and before.claims == 1


@pytest.mark.parametrize(
    ("criteria", "found"),
    [
        ({"actor": "russia"}, 1),
        ({"actor": "Ukraine"}, 0),
        ({"place": "kharkiv oblast"}, 1),
        ({"place": "Ukraine"}, 1),
        ({"type": "attack"}, 1),
        ({"type": "arms_transfer"}, 0),
        ({"since": "2024-03-18", "until": "2024-03-18"}, 1),
        ({"since": "2024-03-19"}, 0),
        ({"until": "2024-03-17"}, 0),
        ({"modality": "reported"}, 1),
    ],
)
def test_filters_select_by_actor_place_type_date_and_modality(
    store: Store, criteria: dict[str, str], found: int
) -> None:
    store.save(kharkiv_extraction())
    assert len(store.events(EventFilter.create(**criteria))) == found


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"type": "strike"}, "type: 'strike' is not one of attack"),
        ({"since": "18/03/2024"}, "since: '18/03/2024' is not a date; give it as YYYY-MM-DD"),
        ({"since": "2024-03-19", "until": "2024-03-01"}, "swap them"),
        ({"limit": 0}, "limit: 0 is not a positive number"),
    ],
)
def test_bad_filters_are_refused_up_front_with_what_to_give(criteria: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        EventFilter.create(**criteria)


def test_an_unknown_event_id_says_how_to_list_ids(store: Store) -> None:
    with pytest.raises(NotFoundError, match="warledger events"):
        store.event("nope")


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database, but somebody's notes\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(path)
    assert path.read_text().startswith("not a database")


def test_a_ledger_from_a_newer_warledger_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(StoreError, match="upgrade warledger"):
        Store(path)


def test_spans_pointing_into_another_document_are_refused(store: Store) -> None:
    extraction = kharkiv_extraction()
    extraction.mentions.append(Mention("place", Span("other", 0, 0, 7, "Kharkiv"), extraction.mentions[0].value))
    with pytest.raises(StoreError, match="points at document 'other'"):
        store.save(extraction)
    assert store.summary().documents == 0
