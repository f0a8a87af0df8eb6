"""Mention-level similarity and the agglomerative clustering built on it.

One event mention, wherever it comes from (an event warledger extracted, or a gold mention of an
evaluation set), is reduced to a :class:`Profile`: the lemma of its trigger, its family (the event
type its trigger word belongs to in ``events.yaml``), the canonical keys of its arguments
(actors, weapons, places, times) and its document. :func:`similarity` scores two profiles and
:func:`cluster` groups profiles by average-linkage agglomeration above a threshold, honouring
must-link and cannot-link pairs. Event merging (``resolve/events.py``) and the ECB+ scorer
(``evaluate/coref.py``) both cluster with exactly these two functions.

Why these features: reports of one incident name it with the same or a related word ("strike",
"hit"; "arrested", "arrest") and share who, where and when; two incidents of one kind share the
word. The same word is strong evidence on its own (the ECB+ sweep); a related word needs
shared arguments too: with the default weights a family match (0.4) passes the 0.5 threshold only
when at least ~30 % of the arguments are shared. Arguments are compared by overlap coefficient
(shared keys over the smaller set) because a short mention names fewer arguments than a long one.
Conflicting arguments (another city, another day) are the caller's hard veto, not a score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

Veto = Callable[[int, int], bool]
# Plural and gerund endings spaCy's small lemmatiser leaves on some tokens ("checks", "shooting").
INFLECTIONS = ("ing", "s")


@dataclass(frozen=True)
class Profile:
    """What the similarity of one event mention is computed from.

    ``key`` is a stable identity (never a volatile row id) that orders profiles so clustering
    does not depend on input order; ``arguments`` are canonical keys such as ``actor:RUS``,
    ``place:706483`` or ``time:2024-03-17``.
    """

    key: str
    lemma: str
    family: str | None = None
    arguments: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Weights:
    """How much each kind of agreement adds to the similarity of two mentions (0..1 overall)."""

    lemma: float = 0.55
    family: float = 0.4
    arguments: float = 0.35


DEFAULT_WEIGHTS = Weights()


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


def similarity(a: Profile, b: Profile, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """How likely two mentions denote the same real-world event, on a 0..1 scale."""
    score = 0.0
    if a.lemma == b.lemma:
        score += weights.lemma
    elif a.family is not None and a.family == b.family:
        score += weights.family
    score += weights.arguments * overlap(a.arguments, b.arguments)
    return min(1.0, score)


def similarity_matrix(profiles: Sequence[Profile], weights: Weights = DEFAULT_WEIGHTS) -> np.ndarray:
    """The symmetric matrix of :func:`similarity` over every pair of profiles."""
    n = len(profiles)
    matrix = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i, j] = matrix[j, i] = similarity(profiles[i], profiles[j], weights)
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
