"""Mention-level similarity and the agglomerative clustering built on it.

One event mention, wherever it comes from (an event warledger extracted, or a gold mention of an
evaluation set), is reduced to a :class:`Profile`: the lemma of its trigger, its family (the event
type its trigger word belongs to in ``events.yaml``), the canonical keys of its arguments
(actors, weapons, places, times), and where known its document, the words its trigger governs,
its document's topic words and how salient its lemma is among the documents it is clustered with.
:func:`similarity` scores two profiles as a weighted sum of the :data:`FEATURES` they share and
:func:`cluster` groups profiles by average-linkage agglomeration above a threshold, honouring
must-link and cannot-link pairs. Event merging (``resolve/events.py``) and the ECB+ scorer
(``evaluate/coref.py``) both cluster with exactly these functions.

Why these features: reports of one incident name it with the same or a related word ("strike",
"hit"; "arrested", "arrest"; "murder", "kill") and share who, where and when; two incidents of one
kind share the word but not the rest of the story. Related words come from :class:`Lexicon`, a
table derived from WordNet (``data/synonyms.yaml``). The same word counts for more when the two
documents share their topic words and when the word is salient in the group (the story's own
event, not a passing "said" or "took"); light verbs ("say", "take") count for less.

Two sets of weights exist. :data:`DEFAULT_WEIGHTS`, set by hand, merges warledger's events: a
family match (0.4) passes the 0.5 threshold only when ~30 % of the arguments are shared, the same
word (0.55) passes alone. :func:`load_trained` gives the weights fitted (a linear model, so the
score keeps this additive form) on the train topics of ECB+ and the threshold chosen with them.
Arguments are compared by overlap coefficient (shared keys over the smaller set) because a short
mention names fewer arguments than a long one. Conflicting arguments (another city, another day)
are the caller's hard veto, not a score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass, field, fields
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from warledger.errors import ConfigError

Veto = Callable[[int, int], bool]
# Plural and gerund endings spaCy's small lemmatiser leaves on some tokens ("checks", "shooting").
INFLECTIONS = ("ing", "s")
DATA_DIR = Path(__file__).with_name("data")
TRAINED_FILE = DATA_DIR / "coref_weights.yaml"


@dataclass(frozen=True)
class Profile:
    """What the similarity of one event mention is computed from.

    ``key`` is a stable identity (never a volatile row id) that orders profiles so clustering
    does not depend on input order; ``arguments`` are canonical keys such as ``actor:RUS``,
    ``place:706483`` or ``time:2024-03-17``; ``context`` the words the trigger governs (its
    subject, object, prepositional objects); ``topic`` the most distinctive words of its
    document; ``salience`` the share of the clustered documents that use its lemma.
    """

    key: str
    lemma: str
    family: str | None = None
    arguments: frozenset[str] = field(default_factory=frozenset)
    document: str = ""
    context: frozenset[str] = field(default_factory=frozenset)
    topic: frozenset[str] = field(default_factory=frozenset)
    salience: float = 0.0


@dataclass(frozen=True)
class Weights:
    """How much each feature of a pair (see :func:`features`) adds to its similarity (0..1 overall).

    The field order is the order of :data:`FEATURES`.
    """

    bias: float = 0.0
    lemma: float = 0.55
    synonym: float = 0.0
    related: float = 0.0
    family: float = 0.4
    arguments: float = 0.35
    context: float = 0.0
    same_document: float = 0.0
    topic: float = 0.0
    lemma_topic: float = 0.0
    synonym_topic: float = 0.0
    light: float = 0.0
    lemma_salience: float = 0.0
    lemma_same_document: float = 0.0

    @property
    def lexical(self) -> bool:
        """Whether these weights need the :class:`Lexicon` (synonyms, related words, light verbs)."""
        return any((self.synonym, self.related, self.synonym_topic, self.light))

    def vector(self) -> np.ndarray:
        """The weights in :data:`FEATURES` order."""
        return np.array(astuple(self), dtype=float)

    @classmethod
    def from_mapping(cls, values: Mapping[str, float]) -> Weights:
        """Weights from a feature -> weight mapping; features left out weigh nothing."""
        unknown = set(values) - set(FEATURES)
        if unknown:
            raise ConfigError(f"unknown similarity features {sorted(unknown)}; known: {', '.join(FEATURES)}")
        return cls(**{name: float(values.get(name, 0.0)) for name in FEATURES})


FEATURES: tuple[str, ...] = tuple(f.name for f in fields(Weights))
DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Trained:
    """Weights fitted on labelled mention pairs and the clustering threshold chosen with them."""

    weights: Weights
    threshold: float


@dataclass(frozen=True)
class Lexicon:
    """Word senses of event words (WordNet-derived) and the light verbs that say little alone."""

    senses: Mapping[str, frozenset[int]]
    broader: Mapping[str, frozenset[int]]
    light: frozenset[str]

    def synonyms(self, a: str, b: str) -> bool:
        """Whether two words share a sense ("quake", "earthquake"; "arrest" verb and noun)."""
        return bool(self.senses.get(a, frozenset()) & self.senses.get(b, frozenset()))

    def related(self, a: str, b: str) -> bool:
        """Whether two words share a sense or a broader concept ("murder" and "kill")."""
        first = self.senses.get(a, frozenset()) | self.broader.get(a, frozenset())
        second = self.senses.get(b, frozenset()) | self.broader.get(b, frozenset())
        return bool(first & second)


def _read_yaml(path: Path) -> object:
    """A YAML data file parsed with the C loader (the sense table is large)."""
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"similarity data file {path.name} cannot be read: {exc}") from exc


@cache
def lexicon() -> Lexicon:
    """The lexicon of ``data/synonyms.yaml`` and ``data/light_verbs.yaml`` (read once)."""
    table = _read_yaml(DATA_DIR / "synonyms.yaml")
    light = _read_yaml(DATA_DIR / "light_verbs.yaml")
    if not isinstance(table, dict) or not isinstance(light, dict):
        raise ConfigError("synonyms.yaml and light_verbs.yaml must be mappings")
    try:
        return Lexicon(
            senses={word: frozenset(ids) for word, ids in table["senses"].items()},
            broader={word: frozenset(ids) for word, ids in table["broader"].items()},
            light=frozenset(light["light_verbs"]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"similarity lexicon is malformed: {exc!r}") from exc


def load_trained(path: Path = TRAINED_FILE) -> Trained:
    """The fitted weights and threshold stored in ``path`` (``data/coref_weights.yaml``)."""
    raw = _read_yaml(path)
    try:
        return Trained(Weights.from_mapping(raw["weights"]), float(raw["threshold"]))  # type: ignore[index]
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path.name}: needs 'weights' (feature: weight) and 'threshold': {exc!r}") from exc


def normalise(lemma: str) -> str:
    """A lemma or word with a plural or gerund ending removed, so inflections compare equal."""
    for suffix in INFLECTIONS:
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 3 and not lemma.endswith("ss"):
            return lemma[: -len(suffix)]
    return lemma


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared keys over the size of the smaller set (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def features(a: Profile, b: Profile, words: Lexicon | None = None) -> np.ndarray:
    """The :data:`FEATURES` of a pair of mentions; without a lexicon its three features are 0."""
    same = a.lemma == b.lemma
    synonym = not same and words is not None and words.synonyms(a.lemma, b.lemma)
    related = not same and not synonym and words is not None and words.related(a.lemma, b.lemma)
    family = not same and a.family is not None and a.family == b.family
    same_document = bool(a.document) and a.document == b.document
    topic = overlap(a.topic, b.topic)
    light = same and words is not None and a.lemma in words.light
    return np.array(
        [
            1.0,
            same,
            synonym,
            related,
            family,
            overlap(a.arguments, b.arguments),
            overlap(a.context, b.context),
            same_document,
            topic,
            same * topic,
            synonym * topic,
            light,
            same * min(a.salience, b.salience),
            same and same_document,
        ],
        dtype=float,
    )


def similarity(a: Profile, b: Profile, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """How likely two mentions denote the same real-world event, on a 0..1 scale."""
    words = lexicon() if weights.lexical else None
    return float(np.clip(features(a, b, words) @ weights.vector(), 0.0, 1.0))


def pair_features(profiles: Sequence[Profile], words: Lexicon | None = None) -> np.ndarray:
    """The (pairs x features) matrix of every pair ``i < j`` of ``profiles``, row-major by ``i``."""
    n = len(profiles)
    rows = [features(profiles[i], profiles[j], words) for i in range(n) for j in range(i + 1, n)]
    return np.array(rows, dtype=float).reshape(len(rows), len(FEATURES))


def similarity_matrix(profiles: Sequence[Profile], weights: Weights = DEFAULT_WEIGHTS) -> np.ndarray:
    """The symmetric matrix of :func:`similarity` over every pair of profiles."""
    n = len(profiles)
    matrix = np.zeros((n, n))
    if n > 1:
        upper = np.triu_indices(n, k=1)
        words = lexicon() if weights.lexical else None
        matrix[upper] = np.clip(pair_features(profiles, words) @ weights.vector(), 0.0, 1.0)
        matrix.T[upper] = matrix[upper]
    return matrix


def cluster(
    profiles: Sequence[Profile],
    threshold: float,
    weights: Weights = DEFAULT_WEIGHTS,
    veto: Veto | None = None,
    must_link: Iterable[tuple[str, str]] = (),
    cannot_link: Iterable[tuple[str, str]] = (),
) -> list[list[Profile]]:
    """Average-linkage clusters of ``profiles`` whose mean pairwise similarity reaches ``threshold``.

    ``veto(i, j)`` (indexes into the key-sorted profiles) forbids two mentions from ever sharing a
    cluster, as a cannot-link pair does; must-link pairs are joined first whatever their score.
    The result is the same for any order of ``profiles``: clusters come sorted by their smallest
    key, members by key.
    """
    ordered = sorted(profiles, key=lambda p: p.key)
    n = len(ordered)
    if n == 0:
        return []
    index = {p.key: i for i, p in enumerate(ordered)}
    scores = similarity_matrix(ordered, weights)
    blocked = np.zeros((n, n), dtype=bool)
    for a, b in cannot_link:
        if a in index and b in index:
            blocked[index[a], index[b]] = blocked[index[b], index[a]] = True
    if veto is not None:
        for i in range(n):
            for j in range(i + 1, n):
                if veto(i, j):
                    blocked[i, j] = blocked[j, i] = True
    members: list[list[int]] = [[i] for i in range(n)]
    sums = scores.copy()
    alive = np.ones(n, dtype=bool)
    for a, b in must_link:
        if a in index and b in index:
            first, second = _root(members, index[a]), _root(members, index[b])
            if first != second:
                _join(members, sums, blocked, alive, min(first, second), max(first, second))
    while True:
        sizes = np.array([max(1, len(m)) for m in members], dtype=float)
        average = sums / np.outer(sizes, sizes)
        average[~alive, :] = -1.0
        average[:, ~alive] = -1.0
        average[blocked] = -1.0
        np.fill_diagonal(average, -1.0)
        best = float(average.max())
        if best < threshold:
            break
        # argmax picks the first (lowest-index) pair among ties: deterministic.
        i, j = divmod(int(average.argmax()), n)
        _join(members, sums, blocked, alive, min(i, j), max(i, j))
    return [[ordered[i] for i in sorted(members[k])] for k in range(n) if alive[k]]


def _root(members: list[list[int]], item: int) -> int:
    """The index of the live cluster that holds ``item``."""
    for k, group in enumerate(members):
        if item in group:
            return k
    raise ValueError(item)


def _join(
    members: list[list[int]], sums: np.ndarray, blocked: np.ndarray, alive: np.ndarray, i: int, j: int
) -> None:
    """Merge cluster ``j`` into cluster ``i`` (linkage sums and vetoes carry over)."""
    sums[i, :] += sums[j, :]
    sums[:, i] += sums[:, j]
    blocked[i, :] |= blocked[j, :]
    blocked[:, i] |= blocked[:, j]
    members[i] = members[i] + members[j]
    members[j] = []
    alive[j] = False
    sums[j, :] = sums[:, j] = 0.0
