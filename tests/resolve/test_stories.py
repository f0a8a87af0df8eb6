"""Specification: near-duplicate documents (a wire report and its reprints) form one story.

Given reports stored in a ledger, ``assign_stories`` groups reprints and lightly edited copies,
keeps apart different reports that share vocabulary, finds an earlier original through the band
hashes persisted in the ledger, and gives the same stories whatever the ingest order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.errors import NotFoundError
from warledger.ingest.text import read_text
from warledger.model import Document, Extraction
from warledger.resolve.minhash import THRESHOLD, exact_jaccard, normalise, shingles
from warledger.resolve.stories import Story, assign_pending, assign_stories, stories, story_of
from warledger.store.sqlite import Store

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"

WIRE = (
    "Russian forces struck the centre of Kharkiv with two guided bombs on Saturday afternoon, "
    "killing at least six people and injuring 40 others, the regional governor said. "
    "The bombs hit a building materials hypermarket where about 200 people were shopping. "
    "Rescuers were still searching the rubble for 16 people reported missing late in the evening. "
    "The governor said the strike was a deliberate attack on civilians and called for more air "
    "defence systems. Firefighters needed several hours to put out the blaze that spread across "
    "the roof of the store."
)
REPRINT = (
    "Russian forces hit the centre of Kharkiv with two guided bombs on Saturday afternoon, "
    "killing at least six people and injuring 40 others, the regional governor said on Telegram. "
    "The bombs struck a building materials hypermarket where about 200 people were shopping. "
    "Rescue teams were still searching the rubble for 16 people reported missing late in the evening. "
    "Firefighters needed several hours to put out the blaze that spread across the roof of the store."
)
OTHER_STRIKE = (
    "A Russian glide bomb hit a nine-storey apartment building in Kharkiv on Saturday, killing "
    "three people and injuring more than 50, the regional governor said. The bomb destroyed the "
    "upper floors of one entrance of the building in the north of the city. Rescuers pulled two "
    "children from the rubble overnight. The governor said the strike was the third on the city "
    "this week and asked residents to stay in shelters."
)
FLEET = (
    "Ukrainian missiles struck the headquarters of the Black Sea Fleet in Sevastopol at noon on "
    "Friday. The Russian Defence Ministry said air defences shot down five missiles and that one "
    "serviceman was missing. Smoke rose over the bay for several hours and the city's governor told "
    "residents to avoid the centre. Ukraine's navy spokesman declined to give details of the weapons "
    "used in the attack."
)
# Half of the fleet report followed by half of the hypermarket wire: close to both, so it joins them.
BRIDGE = (
    "Ukrainian missiles struck the headquarters of the Black Sea Fleet in Sevastopol at noon on "
    "Friday. The Russian Defence Ministry said air defences shot down five missiles and that one "
    "serviceman was missing. Smoke rose over the bay for several hours and the city's governor told "
    "residents to avoid the centre. "
    "Russian forces struck the centre of Kharkiv with two guided bombs on Saturday afternoon, "
    "killing at least six people and injuring 40 others, the regional governor said. "
    "The bombs hit a building materials hypermarket where about 200 people were shopping. "
    "Rescuers were still searching the rubble for 16 people reported missing late in the evening."
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty ledger database."""
    with Store(tmp_path / "ledger.db") as opened:
        yield opened


def save(store: Store, text: str, publisher: str = "Kyiv Wire", day: str = "2024-05-25") -> str:
    """Store a document (no extraction is needed for stories) and return its id."""
    document = Document.create(text, date=date.fromisoformat(day), publisher=publisher)
    store.save(Extraction(document))
    return document.id


def groups(connection: sqlite3.Connection) -> set[tuple[str, tuple[str, ...]]]:
    """Every story as (id, member ids)."""
    return {(story.id, story.doc_ids) for story in stories(connection)}


# -- normalised shingles -----------------------------------------------------------------------


def test_shingles_are_casefolded_word_triples_without_punctuation() -> None:
    assert normalise("Kharkiv's  MAYOR said:\n“Five killed.”") == [
        "kharkiv", "s", "mayor", "said", "five", "killed"
    ]
    assert shingles("Two bombs hit Kharkiv.") == {"two bombs hit", "bombs hit kharkiv"}
    assert shingles("Kharkiv") == {"kharkiv"}
    assert shingles("...") == set()


WORDS = st.sampled_from(["kharkiv", "bomb", "hit", "two", "killed", "at", "least"])


@given(st.lists(WORDS, max_size=30))
def test_shingles_ignore_case_punctuation_and_spacing(words: list[str]) -> None:
    plain = " ".join(words)
    noisy = "\n\t".join(f"{word.upper()}," for word in words)
    assert shingles(noisy) == shingles(plain)


def test_test_texts_sit_on_the_intended_side_of_the_threshold() -> None:
    assert exact_jaccard(WIRE, REPRINT) > THRESHOLD + 0.1
    assert exact_jaccard(WIRE, OTHER_STRIKE) < THRESHOLD / 2
    assert exact_jaccard(BRIDGE, FLEET) > THRESHOLD and exact_jaccard(BRIDGE, WIRE) > THRESHOLD
    assert exact_jaccard(FLEET, WIRE) < THRESHOLD / 2


# -- stories -----------------------------------------------------------------------------------


def test_a_wire_report_and_its_lightly_edited_reprint_form_one_story(store: Store) -> None:
    wire = save(store, WIRE, "Kyiv Wire", "2024-05-25")
    reprint = save(store, REPRINT, "Baltic Desk", "2024-05-26")

    update = assign_stories(store.connection, [wire, reprint])

    story_id = min(wire, reprint)
    assert update.assigned == tuple(sorted((wire, reprint)))
    assert [(link.doc, link.other) for link in update.links] == [tuple(sorted((wire, reprint)))]
    assert update.links[0].similarity >= THRESHOLD
    assert update.stories == (story_id,)
    assert stories(store.connection) == [
        Story(
            story_id,
            tuple(sorted((wire, reprint))),
            ("Baltic Desk", "Kyiv Wire"),
            (date(2024, 5, 25), date(2024, 5, 26)),
            update.links,
        )
    ]
    assert story_of(store.connection, wire) == story_of(store.connection, reprint) == story_id


def test_two_different_strikes_on_the_same_city_stay_two_stories(store: Store) -> None:
    hypermarket = save(store, WIRE)
    apartments = save(store, OTHER_STRIKE, "Eastern Front Monitor", "2024-06-22")

    update = assign_stories(store.connection, [hypermarket, apartments])

    assert update.links == ()
    assert groups(store.connection) == {(hypermarket, (hypermarket,)), (apartments, (apartments,))}
    assert stories(store.connection, min_documents=2) == []


def test_a_reprint_added_later_finds_its_original_through_the_stored_bands(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with Store(path) as first_session:
        wire = save(first_session, WIRE)
        other = save(first_session, OTHER_STRIKE)
        assign_stories(first_session.connection, [wire, other])

    with Store(path) as second_session:
        reprint = save(second_session, REPRINT, "Baltic Desk")
        update = assign_stories(second_session.connection, [reprint])
        story_id = min(wire, reprint)

        assert update.assigned == (reprint,)
        assert [(link.doc, link.other) for link in update.links] == [tuple(sorted((wire, reprint)))]
        assert story_of(second_session.connection, reprint) == story_id
        assert story_of(second_session.connection, wire) == story_id
        assert story_of(second_session.connection, other) == other
        assert update.retired == ((wire,) if story_id == reprint else ())


def test_a_document_close_to_two_stories_merges_them_under_the_smallest_id(store: Store) -> None:
    wire, fleet = save(store, WIRE), save(store, FLEET)
    assign_stories(store.connection, [wire, fleet])
    bridge = save(store, BRIDGE)

    update = assign_stories(store.connection, [bridge])

    members = tuple(sorted((wire, fleet, bridge)))
    assert groups(store.connection) == {(members[0], members)}
    assert update.stories == (members[0],)
    assert set(update.retired) == {wire, fleet} - {members[0]}


def test_assigning_again_changes_nothing(store: Store) -> None:
    wire, reprint = save(store, WIRE), save(store, REPRINT)
    assign_stories(store.connection, [wire, reprint])
    before = stories(store.connection)

    assert assign_stories(store.connection, [reprint, wire, wire]) == assign_stories(store.connection, [])
    assert stories(store.connection) == before


def test_documents_stored_before_stories_existed_are_placed_on_request(store: Store) -> None:
    wire, reprint, other = save(store, WIRE), save(store, REPRINT), save(store, OTHER_STRIKE)

    update = assign_pending(store.connection)

    assert update.assigned == tuple(sorted((wire, reprint, other)))
    assert groups(store.connection) == {
        (min(wire, reprint), tuple(sorted((wire, reprint)))),
        (other, (other,)),
    }
    assert assign_pending(store.connection) == assign_stories(store.connection, [])


def test_a_text_without_words_is_a_story_of_its_own(store: Store) -> None:
    dashes, stars = save(store, "-- -- --"), save(store, "** ** **")

    assign_stories(store.connection, [dashes, stars])

    assert groups(store.connection) == {(dashes, (dashes,)), (stars, (stars,))}


def test_unknown_and_unassigned_documents_are_reported(store: Store) -> None:
    wire = save(store, WIRE)

    with pytest.raises(NotFoundError, match="no document 'feedface'"):
        assign_stories(store.connection, [wire, "feedface"])
    with pytest.raises(NotFoundError, match="in no story yet"):
        story_of(store.connection, wire)
    with pytest.raises(NotFoundError, match="no document 'feedface'"):
        story_of(store.connection, "feedface")


def test_inside_a_callers_transaction_the_assignment_rolls_back_with_it(store: Store) -> None:
    wire, reprint = save(store, WIRE), save(store, REPRINT)

    store.connection.execute("BEGIN")
    assign_stories(store.connection, [wire, reprint])
    store.connection.execute("ROLLBACK")

    assert stories(store.connection) == []


TEXTS = (WIRE, REPRINT, OTHER_STRIKE, FLEET, BRIDGE)


@settings(max_examples=25, deadline=None)
@given(order=st.permutations(range(len(TEXTS))), cuts=st.sets(st.integers(1, len(TEXTS) - 1)))
def test_stories_do_not_depend_on_ingest_order_or_batches(order: list[int], cuts: set[int]) -> None:
    expected_ids = [Document.content_id(text) for text in TEXTS]
    with Store(":memory:") as ledger:
        ids = [save(ledger, TEXTS[i]) for i in order]
        bounds = [0, *sorted(cuts), len(ids)]
        for start, end in zip(bounds, bounds[1:]):
            assign_stories(ledger.connection, ids[start:end])

        members = tuple(sorted(expected_ids[i] for i in (0, 1, 3, 4)))
        assert groups(ledger.connection) == {
            (members[0], members),
            (expected_ids[2], (expected_ids[2],)),
        }


# -- the sample corpus -------------------------------------------------------------------------


def test_the_sample_corpus_reprints_and_only_they_form_stories(store: Store) -> None:
    number_of = {}
    for path in sorted(CORPUS.glob("*.txt")):
        document = read_text(path.read_text("utf-8"), origin=path.name)
        store.save(Extraction(document))
        number_of[document.id] = path.name[:3]

    assign_stories(store.connection, list(number_of))

    shared = {
        tuple(sorted(number_of[doc] for doc in story.doc_ids))
        for story in stories(store.connection, min_documents=2)
    }
    assert shared == {("010", "011"), ("036", "037"), ("064", "065")}
    # The other reports of a duplicate group tell the same event in their own words: not copies.
    by_number = {number: doc for doc, number in number_of.items()}
    for number in ("003", "004", "005", "012", "038", "066", "075", "076", "077"):
        assert story_of(store.connection, by_number[number]) == by_number[number]
