"""Specification: the coreference metrics give the scores worked out by hand, and the scorer runs.

Key {a b c} {d e}; response {a b} {c d e}:

- MUC recall: key links kept = (3 - 2) + (2 - 1) = 2 of 3 + 1 = 3 → 2/3; precision: response
  {a b} is whole in key (1 of 1), {c d e} is split in two (1 of 2) → 2/3.
- B³ recall: a, b: 2/3 each; c: 1/3; d, e: 2/2 each → (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15;
  precision: a, b: 2/2; c: 1/3; d, e: 2/3 → (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15.
- CEAF-e: φ4({abc},{ab}) = 4/5, φ4({de},{cde}) = 4/5, best alignment 8/5, over 2 clusters each
  → recall = precision = 4/5.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from warledger.evaluate.coref import (
    DOCUMENT_DISTANCE,
    THRESHOLDS,
    YEAR_DISTANCE,
    GoldDocument,
    GoldMention,
    b_cubed,
    ceaf_e,
    conll_scores,
    document_vectors,
    document_years,
    fit,
    group_vectors,
    mention_profile,
    muc,
    purity,
    read_documents,
    run,
    scores_by_split,
    topic_terms,
)
from warledger.errors import EvaluationError
from warledger.extract.events import EventVocabulary
from warledger.extract.nlp import load_nlp
from warledger.resolve.similarity import FEATURES, load_trained

KEY = [frozenset("abc"), frozenset("de")]
RESPONSE = [frozenset("ab"), frozenset("cde")]


def test_muc_counts_links_kept() -> None:
    score = muc(KEY, RESPONSE)
    assert score.recall == pytest.approx(2 / 3)
    assert score.precision == pytest.approx(2 / 3)


def test_b_cubed_averages_over_mentions() -> None:
    score = b_cubed(KEY, RESPONSE)
    assert score.recall == pytest.approx(11 / 15)
    assert score.precision == pytest.approx(11 / 15)


def test_ceaf_e_aligns_clusters_one_to_one() -> None:
    score = ceaf_e(KEY, RESPONSE)
    assert score.recall == pytest.approx(4 / 5)
    assert score.precision == pytest.approx(4 / 5)


def test_all_singletons_against_one_cluster() -> None:
    """Key {a b c d}; response four singletons: no link kept, B³ precision 1, recall 1/4."""
    key = [frozenset("abcd")]
    response = [frozenset(x) for x in "abcd"]
    assert muc(key, response).f1 == 0.0
    assert b_cubed(key, response).precision == pytest.approx(1.0)
    assert b_cubed(key, response).recall == pytest.approx(1 / 4)
    # φ4({abcd},{a}) = 2/5; one key cluster aligned to one of four response clusters.
    assert ceaf_e(key, response).recall == pytest.approx(2 / 5)
    assert ceaf_e(key, response).precision == pytest.approx(2 / 5 / 4)


def test_identical_clusterings_score_one() -> None:
    assert conll_scores(KEY, KEY) == {"muc_f1": 1.0, "b3_f1": 1.0, "ceafe_f1": 1.0, "conll_f1": 1.0}


def test_purity_counts_the_majority_label() -> None:
    labels = {"d1": "1ecb", "d2": "1ecb", "d3": "1ecbplus", "d4": "2ecb"}
    assert purity([frozenset({"d1", "d2", "d3"}), frozenset({"d4"})], labels) == pytest.approx(3 / 4)


def _document(
    doc_id: str, subtopic: str, text: str, mentions: list[tuple[str, str]], split: str = "dev"
) -> dict:
    found = []
    for number, (word, cluster) in enumerate(mentions):
        start = text.index(word)
        found.append(
            {"start": start, "end": start + len(word), "text": word, "type": "ACTION_OCCURRENCE",
             "cluster": cluster, "sentence": 0, "m_id": number}
        )
    return {"id": doc_id, "topic": 1, "subtopic": subtopic, "split": split, "doc_name": f"{doc_id}.xml",
            "text": text, "sentences_validated": [0], "event_mentions": found, "entity_mentions": []}


def test_given_two_reports_of_one_quake_the_scorer_links_their_mentions(tmp_path: Path) -> None:
    data = tmp_path / "ecb.jsonl"
    lines = [
        _document("1_1ecb", "ecb", "A strong earthquake struck northern Chile on Monday , killing two .",
                  [("earthquake", "Q"), ("struck", "S"), ("killing", "K")]),
        _document("1_2ecb", "ecb", "The earthquake that struck northern Chile on Monday killed two people .",
                  [("earthquake", "Q"), ("struck", "S"), ("killed", "K")]),
    ]
    data.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    report = run(data)
    assert report.documents == 2
    assert report.figures["conll_f1"] == pytest.approx(1.0)
    assert report.figures["doc_purity"] == pytest.approx(1.0)


QUAKE = "A strong earthquake struck northern Chile on Monday , killing two ."
QUAKE_AGAIN = "The quake that hit northern Chile on Monday killed two people in Arica ."
FLOOD = "Floods swept through Valencia on Tuesday and killed four people ."


def _write(path: Path, lines: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    return path


def test_given_a_paraphrase_of_the_quake_the_scorer_links_quake_and_earthquake(tmp_path: Path) -> None:
    data = _write(tmp_path / "ecb.jsonl", [
        _document("1_1ecb", "ecb", QUAKE, [("earthquake", "Q"), ("killing", "K")]),
        _document("1_2ecb", "ecb", QUAKE_AGAIN, [("quake", "Q"), ("killed", "K")]),
    ])
    report = run(data)
    assert report.figures["conll_f1"] == pytest.approx(1.0)


def test_the_report_scores_each_split_apart(tmp_path: Path) -> None:
    data = _write(tmp_path / "ecb.jsonl", [
        _document("1_1ecb", "ecb", QUAKE, [("earthquake", "Q")], split="train"),
        _document("1_2ecb", "ecb", QUAKE_AGAIN, [("quake", "Q")], split="train"),
        _document("2_1ecb", "ecb", FLOOD, [("Floods", "F"), ("killed", "FK")], split="dev"),
    ])
    figures = run(data).figures
    assert set(figures["per_split"]) == {"dev", "train"}
    assert figures["per_split"]["train"]["conll_f1"] == pytest.approx(1.0)
    assert set(figures["per_split"]["dev"]) == {"muc_f1", "b3_f1", "ceafe_f1", "conll_f1"}


def test_split_scores_restrict_key_and_response_to_the_split() -> None:
    documents = [
        GoldDocument("a", "1ecb", "train", "", (GoldMention("a", 0, 1, 0, "X"), GoldMention("a", 2, 3, 0, "X"))),
        GoldDocument("b", "2ecb", "dev", "", (GoldMention("b", 0, 1, 0, "Y"), GoldMention("b", 2, 3, 0, "Y"))),
    ]
    keys = [m.key for d in documents for m in d.mentions]
    # One response cluster spans both splits; within each split it is exactly the gold.
    figures = scores_by_split(documents, [frozenset(keys)])
    assert figures["train"]["conll_f1"] == pytest.approx(1.0)
    assert figures["dev"]["conll_f1"] == pytest.approx(1.0)


def test_topic_terms_are_a_documents_most_distinctive_words(tmp_path: Path) -> None:
    data = _write(tmp_path / "ecb.jsonl", [
        _document("1_1ecb", "ecb", QUAKE, []),
        _document("2_1ecb", "ecb", FLOOD, []),
    ])
    documents = read_documents(data)
    matrix, vocabulary = document_vectors(documents)
    quake, flood = topic_terms(matrix, vocabulary, size=3)
    assert len(quake) == 3 and quake <= {"earthquake", "strong", "struck", "northern", "chile", "monday", "killing"}
    assert "valencia" in topic_terms(matrix, vocabulary, size=10)[1]
    assert not quake & flood


def _two_documents_at(distance: float) -> np.ndarray:
    """Two unit document vectors ``distance`` apart in cosine distance."""
    return np.array([[1.0, 0.0], [1.0 - distance, np.sqrt(1.0 - (1.0 - distance) ** 2)]])


def test_documents_naming_only_other_years_than_each_other_are_further_apart() -> None:
    # Just close enough to be one topic by their words...
    matrix = _two_documents_at(DOCUMENT_DISTANCE - YEAR_DISTANCE / 2)
    assert group_vectors(matrix, [frozenset(), frozenset()]) == [[0, 1]]
    assert group_vectors(matrix, [frozenset({"2014"}), frozenset()]) == [[0, 1]]
    assert group_vectors(matrix, [frozenset({"2010", "2014"}), frozenset({"2014"})]) == [[0, 1]]
    # ...but two incidents when each names years and they share none.
    assert group_vectors(matrix, [frozenset({"2010"}), frozenset({"2014"})]) == [[0], [1]]
    # Words alone still decide for documents far closer than the years' distance.
    close = _two_documents_at(DOCUMENT_DISTANCE - 2 * YEAR_DISTANCE)
    assert group_vectors(close, [frozenset({"2010"}), frozenset({"2014"})]) == [[0, 1]]


def test_a_documents_years_are_the_years_1900_to_2099_its_text_names() -> None:
    text = "The 2014 quake, like the one of 1999, struck at 2100 hours; 1,850 were hurt and 12019 items lost."
    document = GoldDocument("a", "1ecb", "dev", text, ())
    assert document_years([document]) == [frozenset({"2014", "1999"})]


def test_fit_learns_trees_from_train_documents_and_stores_them(tmp_path: Path) -> None:
    data = _write(tmp_path / "ecb.jsonl", [
        _document("1_1ecb", "ecb", QUAKE, [("earthquake", "Q"), ("killing", "K")], split="train"),
        _document("1_2ecb", "ecb", QUAKE_AGAIN, [("quake", "Q"), ("killed", "K")], split="train"),
        _document("1_3ecb", "ecb", "Rescuers said the earthquake killed two in Chile on Monday .",
                  [("said", "S"), ("earthquake", "Q"), ("killed", "K")], split="train"),
        _document("2_1ecb", "ecb", FLOOD, [("Floods", "F"), ("killed", "FK")], split="train"),
        _document("2_2ecb", "ecb", "Four died as floods hit Valencia on Tuesday .", [("died", "FK"), ("floods", "F")],
                  split="train"),
        _document("3_1ecb", "ecb", "Voters in Lorvik elected a new mayor on Sunday .", [("elected", "E")], split="dev"),
    ])
    trained = fit(read_documents(data))
    assert trained.threshold in THRESHOLDS
    assert trained.features == FEATURES and trained.trees
    trained.save(tmp_path / "coref_model.json")
    loaded = load_trained(tmp_path / "coref_model.json")
    assert loaded.threshold == trained.threshold
    rows = np.eye(len(FEATURES))
    assert np.array_equal(loaded.scores(rows), trained.scores(rows))


def test_fit_needs_train_documents_of_two_topics_to_choose_the_threshold(tmp_path: Path) -> None:
    data = _write(tmp_path / "ecb.jsonl", [
        _document("1_1ecb", "ecb", QUAKE, [("earthquake", "Q")], split="train"),
        _document("1_2ecb", "ecb", QUAKE_AGAIN, [("quake", "Q")], split="train"),
    ])
    with pytest.raises(EvaluationError, match="two topics"):
        fit(read_documents(data))


def test_a_gerund_the_lemmatiser_leaves_as_a_noun_gets_the_verbs_lemma() -> None:
    text = "The courier was fined for careless driving , and witnesses say he drove off ."
    parse = load_nlp()(text)
    vocabulary = EventVocabulary.load()
    driving, drove = (
        mention_profile(GoldMention("1_1ecb", text.index(word), text.index(word) + len(word), 0, word), parse, vocabulary)
        for word in ("driving", "drove")
    )
    assert driving.lemma == drove.lemma == "drive"
