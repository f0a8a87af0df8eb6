"""Cross-document event coreference scored on ECB+ (gold mentions, validated sentences, singletons kept).

The resolver first groups the documents into topics by itself (TF-IDF cosine, average linkage; the
gold topic ids are only used to score that grouping's purity), then clusters the gold event
mentions of each document group with :func:`warledger.resolve.similarity.cluster`, the code that
merges warledger's own events. Each mention becomes a :class:`~warledger.resolve.similarity.Profile`:
the lemma of its head word (spaCy), its family (the event type of that lemma in ``events.yaml``)
and the arguments spaCy finds in its sentence: named participants, places and times.

Scores follow the CoNLL-2012 definitions: MUC (links), B³ (mentions), CEAF-e (entities aligned
one-to-one with Kuhn-Munkres, φ4 similarity) and CoNLL F1, their mean.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import pdist
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from warledger.errors import EvaluationError
from warledger.evaluate import Report, share, timed
from warledger.extract.events import EventVocabulary
from warledger.extract.nlp import load_nlp
from warledger.resolve.similarity import Profile, cluster, normalise

SET_NAME = "coref"
# Tuned on the train topics of dev.jsonl (see benchmarks/RESULTS.md); the dev topics were not used.
MENTION_THRESHOLD = 0.5
DOCUMENT_DISTANCE = 0.8
ARGUMENT_LABELS = {
    "PERSON": "participant",
    "ORG": "participant",
    "NORP": "participant",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "time",
    "TIME": "time",
}
WORD = re.compile(r"[a-z][a-z'-]+")

Clusters = Sequence[frozenset[Hashable]]


@dataclass(frozen=True)
class GoldMention:
    """One gold event mention: its document, extent, sentence and gold cluster id."""

    doc: str
    start: int
    end: int
    sentence: int
    cluster: str

    @property
    def key(self) -> str:
        """A stable identity: document and character extent."""
        return f"{self.doc}:{self.start:06d}-{self.end:06d}"


@dataclass(frozen=True)
class GoldDocument:
    """One ECB+ document with its topic, sub-topic and the event mentions of validated sentences."""

    id: str
    topic: str
    split: str
    text: str
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one coreference metric."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# -- metrics -------------------------------------------------------------------------------------


def _owner(clusters: Clusters) -> dict[Hashable, int]:
    return {item: k for k, group in enumerate(clusters) for item in group}


def _muc_side(key: Clusters, response: Clusters) -> float:
    owner = _owner(response)
    numerator = denominator = 0
    for group in key:
        # Mentions missing from the response count as singleton partitions each.
        partitions = len({owner.get(item, ("missing", item)) for item in group})
        numerator += len(group) - partitions
        denominator += len(group) - 1
    return share(numerator, denominator)


def muc(key: Clusters, response: Clusters) -> Score:
    """MUC (Vilain et al. 1995): links kept, counted over key (recall) and response (precision)."""
    return Score(_muc_side(response, key), _muc_side(key, response))


def _b3_side(key: Clusters, response: Clusters) -> float:
    owner = _owner(response)
    total = sum(len(group) for group in key)
    accumulated = 0.0
    for group in key:
        overlaps = Counter(owner[item] for item in group if item in owner)
        accumulated += sum(n * n for n in overlaps.values()) / len(group)
    return share(accumulated, total)


def b_cubed(key: Clusters, response: Clusters) -> Score:
    """B³ (Bagga & Baldwin 1998): per-mention overlap of its key and response clusters."""
    return Score(_b3_side(response, key), _b3_side(key, response))


def ceaf_e(key: Clusters, response: Clusters) -> Score:
    """CEAF-e (Luo 2005): entities aligned one-to-one by Kuhn-Munkres with φ4 = 2|K∩R|/(|K|+|R|)."""
    if not key or not response:
        return Score(0.0, 0.0)
    phi = np.zeros((len(key), len(response)))
    owner = _owner(response)
    for i, group in enumerate(key):
        for j, n in Counter(owner[item] for item in group if item in owner).items():
            phi[i, j] = 2 * n / (len(group) + len(response[j]))
    rows, columns = linear_sum_assignment(phi, maximize=True)
    total = float(phi[rows, columns].sum())
    return Score(total / len(response), total / len(key))


def conll_scores(key: Clusters, response: Clusters) -> dict[str, float]:
    """MUC, B³ and CEAF-e F1 and their mean, the CoNLL F1, rounded to four places."""
    scores = {
        "muc_f1": muc(key, response).f1,
        "b3_f1": b_cubed(key, response).f1,
        "ceafe_f1": ceaf_e(key, response).f1,
    }
    scores["conll_f1"] = sum(scores.values()) / 3
    return {name: round(value, 4) for name, value in scores.items()}


def purity(predicted: Clusters, gold_label: dict[Hashable, str]) -> float:
    """Share of items whose predicted cluster's majority gold label is their own."""
    majority = sum(Counter(gold_label[item] for item in group).most_common(1)[0][1] for group in predicted if group)
    return share(majority, sum(len(group) for group in predicted))


# -- reading ---------------------------------------------------------------------------------------


def read_documents(data: Path, limit: int | None = None) -> list[GoldDocument]:
    """The documents of an ECB+ JSONL file, each with the event mentions of its validated sentences."""
    documents = []
    with data.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                validated = set(raw["sentences_validated"])
                mentions = tuple(
                    GoldMention(raw["id"], m["start"], m["end"], m["sentence"], m["cluster"])
                    for m in raw["event_mentions"]
                    if m["sentence"] in validated
                )
                documents.append(
                    GoldDocument(raw["id"], f"{raw['topic']}{raw['subtopic']}", raw["split"], raw["text"], mentions)
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise EvaluationError(f"{data}:{number}: not an ECB+ document ({exc!r})") from exc
            if limit is not None and len(documents) >= limit:
                break
    return documents


# -- resolving -------------------------------------------------------------------------------------


def group_documents(documents: Sequence[GoldDocument], distance: float = DOCUMENT_DISTANCE) -> list[list[int]]:
    """Topics found without gold ids: average-linkage clusters of TF-IDF vectors by cosine distance."""
    if len(documents) < 2:
        return [list(range(len(documents)))]
    counts = [Counter(w for w in WORD.findall(d.text.lower()) if w not in STOP_WORDS) for d in documents]
    vocabulary = sorted({w for c in counts for w in c})
    column = {w: i for i, w in enumerate(vocabulary)}
    frequency = Counter(w for c in counts for w in c)
    matrix = np.zeros((len(documents), len(vocabulary)))
    for row, c in enumerate(counts):
        for w, n in c.items():
            # Smoothed IDF (as scikit-learn does) keeps words shared by every document of a tiny set.
            matrix[row, column[w]] = (1 + math.log(n)) * (1 + math.log((1 + len(documents)) / (1 + frequency[w])))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms == 0, 1, norms)
    labels = fcluster(linkage(pdist(matrix, "cosine"), "average"), distance, "distance")
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        groups.setdefault(int(label), []).append(row)
    return sorted(groups.values())


def mention_profile(mention: GoldMention, parse: Doc, vocabulary: EventVocabulary) -> Profile:
    """The similarity profile of a gold mention: head lemma, family and sentence arguments."""
    span = parse.char_span(mention.start, mention.end, alignment_mode="expand")
    head = span.root if span is not None and len(span) else parse[0]
    lemma = normalise(head.lemma_.lower())
    return Profile(
        key=mention.key,
        lemma=lemma,
        family=family_of(lemma, vocabulary),
        arguments=frozenset(_arguments(head.sent)),
    )


def family_of(lemma: str, vocabulary: EventVocabulary) -> str | None:
    """The event family of a lemma: its casualty role or trigger type in ``events.yaml``."""
    if lemma in vocabulary.casualty_lemmas:
        return vocabulary.casualty_lemmas[lemma]
    family = vocabulary.verb_triggers.get(lemma) or vocabulary.noun_triggers.get(lemma)
    return family.value if family else None


def _arguments(sentence: Span) -> Iterable[str]:
    for entity in sentence.ents:
        slot = ARGUMENT_LABELS.get(entity.label_)
        if slot is not None:
            yield f"{slot}:{_entity_word(entity.root)}"


def _entity_word(token: Token) -> str:
    return token.lemma_.lower()


def resolve(documents: Sequence[GoldDocument], threshold: float = MENTION_THRESHOLD) -> tuple[list[list[int]], list[frozenset[str]]]:
    """(document groups, predicted mention clusters by mention key) for a set of documents."""
    nlp = load_nlp()
    vocabulary = EventVocabulary.load()
    parses = nlp.pipe((d.text for d in documents), batch_size=32)
    profiles = [
        [mention_profile(m, parse, vocabulary) for m in document.mentions]
        for document, parse in zip(documents, parses)
    ]
    groups = group_documents(documents)
    predicted: list[frozenset[str]] = []
    for group in groups:
        members = [p for row in group for p in profiles[row]]
        predicted.extend(frozenset(p.key for p in c) for c in cluster(members, threshold))
    return groups, predicted


def run(data: Path, limit: int | None = None) -> Report:
    """Cluster the gold event mentions of an ECB+ file and score the clusters and the topics."""

    def body() -> tuple[int, dict[str, Any], dict[str, Any]]:
        documents = read_documents(data, limit)
        if not documents:
            raise EvaluationError(f"{data}: no ECB+ documents")
        groups, predicted = resolve(documents)
        gold: dict[str, set[str]] = {}
        for document in documents:
            for mention in document.mentions:
                gold.setdefault(mention.cluster, set()).add(mention.key)
        key = [frozenset(g) for g in gold.values()]
        figures: dict[str, Any] = conll_scores(key, predicted)
        topics = {d.id: d.topic for d in documents}
        figures["doc_purity"] = round(
            purity([frozenset(documents[row].id for row in g) for g in groups], topics), 4
        )
        counts = {
            "mentions": sum(len(g) for g in key),
            "gold_clusters": len(key),
            "predicted_clusters": len(predicted),
            "document_groups": len(groups),
            "gold_topics": len(set(topics.values())),
        }
        return len(documents), figures, counts

    return timed(body, SET_NAME)
