"""Unicode folding of a report before it is parsed, and the map from folded offsets back to it.

Reports carry long s ("Ruſſian"), soft hyphens and zero-width characters inside names, accents
written as separate combining marks, ligatures, fullwidth letters and odd spaces. spaCy and the
extractors read :attr:`NormalisedText.text`, where these are folded (``data/normalise.yaml`` says
how); :func:`to_original` then maps every span of the extraction back, so stored provenance points
into the report as ingested and ``text[start:end]`` is its original characters.

Text that folding leaves as it is costs a scan in C and no map: ``str.isascii`` for ASCII text,
then an NFKC check and a search for removable characters (under a microsecond per report on the
benchmark corpus). Extractors must read ``context.text``, never the document's own text.
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cache
from typing import TypeVar

from warledger.errors import ConfigError
from warledger.extract.base import load_data
from warledger.model import Sentence, Span

T = TypeVar("T")


@dataclass(frozen=True)
class NormalisedText:
    """A text as extraction reads it, and where each folded piece lies in the original.

    The four tuples hold one entry per folded cluster (a character and its combining marks), in
    text order; between clusters the two texts agree character for character.
    """

    original: str
    text: str
    original_starts: tuple[int, ...] = ()
    original_ends: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    @property
    def unchanged(self) -> bool:
        """Whether folding changed nothing, so offsets in both texts are the same."""
        return not self.starts

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of ``text[start:end]``: the folded pieces it touches, whole.

        Removed characters at either edge are left out, so a span never starts or ends on one.
        """
        if not self.starts:
            return start, end
        first = self._original_start(start)
        return first, max(first, self._original_end(end))

    def _original_start(self, offset: int) -> int:
        after = bisect.bisect_right(self.ends, offset)
        if after < len(self.starts) and self.starts[after] < offset:
            return self.original_starts[after]
        return self._shifted(after, offset)

    def _original_end(self, offset: int) -> int:
        before = bisect.bisect_left(self.starts, offset)
        if before and self.ends[before - 1] > offset:
            return self.original_ends[before - 1]
        return self._shifted(before, offset)

    def _shifted(self, clusters_before: int, offset: int) -> int:
        if not clusters_before:
            return offset
        return self.original_ends[clusters_before - 1] + offset - self.ends[clusters_before - 1]


@dataclass(frozen=True)
class _Rules:
    """The folding rules of ``normalise.yaml``, compiled."""

    remove: frozenset[str]
    kept: frozenset[str]
    # Any character that is removed, folds on its own, or is a combining mark (which may compose
    # with the character before it).
    suspect: re.Pattern[str]
    marks: re.Pattern[str]
    removed: re.Pattern[str]


def normalise(text: str) -> NormalisedText:
    """``text`` folded for extraction (see the module docstring), with its offset map."""
    if text.isascii():
        return NormalisedText(text, text)
    rules = _rules()
    if unicodedata.is_normalized("NFKC", text) and not rules.removed.search(text):
        return NormalisedText(text, text)
    pieces: list[str] = []
    original_starts: list[int] = []
    original_ends: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    scanned = copied = folded_length = 0
    for found in rules.suspect.finditer(text):
        start, end = found.span()
        if start < scanned:
            continue
        # A mark after a space composes with nothing; leaving spaces out keeps every fold in a word.
        if unicodedata.combining(text[start]) and start > scanned and not text[start - 1].isspace():
            start -= 1
        if not text[start].isspace():
            end = rules.marks.match(text, end).end()
        scanned = end
        cluster = text[start:end]
        folded = _fold(cluster, rules)
        if folded == cluster:
            continue
        pieces += (text[copied:start], folded)
        folded_length += start - copied
        original_starts.append(start)
        original_ends.append(end)
        starts.append(folded_length)
        folded_length += len(folded)
        ends.append(folded_length)
        copied = end
    if not starts:
        return NormalisedText(text, text)
    pieces.append(text[copied:])
    return NormalisedText(
        text, "".join(pieces), tuple(original_starts), tuple(original_ends), tuple(starts), tuple(ends)
    )


def to_original(extraction: T, text: NormalisedText) -> T:
    """``extraction`` (or any record holding spans and sentences) with offsets into the original."""
    if text.unchanged:
        return extraction
    return _remap(extraction, text)


def _remap(value: T, text: NormalisedText) -> T:
    if isinstance(value, (Span, Sentence)):
        start, end = text.original_span(value.start, value.end)
        return replace(value, start=start, end=end, text=text.original[start:end])
    if isinstance(value, (list, tuple)):
        items = [_remap(item, text) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in fields(value):
            old = getattr(value, f.name)
            if (new := _remap(old, text)) is not old:
                changes[f.name] = new
        return replace(value, **changes) if changes else value
    return value


def _fold(cluster: str, rules: _Rules) -> str:
    base, marks = cluster[0], cluster[1:]
    if base in rules.remove:
        return unicodedata.normalize("NFKC", marks)
    if base in rules.kept:
        return cluster
    return unicodedata.normalize("NFKC", cluster)


@cache
def _rules() -> _Rules:
    """Compiled once per process, on the first text that is not ASCII (a scan of every code point)."""
    data = load_data("normalise.yaml")
    try:
        remove = frozenset(data["remove"])
        keep_tags = tuple(data["keep_decompositions"])
        kept = set(data["keep_characters"])
    except (KeyError, TypeError) as exc:
        raise ConfigError(
            f"normalise.yaml needs the lists remove, keep_decompositions and keep_characters: {exc}"
        ) from exc
    folding: list[int] = sorted(ord(c) for c in remove)
    marks: list[int] = []
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if unicodedata.combining(character):
            marks.append(code)
        decomposition = unicodedata.decomposition(character)
        if character in kept or not decomposition or unicodedata.normalize("NFKC", character) == character:
            continue
        if decomposition.startswith(keep_tags) or _splits_word(character):
            kept.add(character)
        else:
            folding.append(code)
    return _Rules(
        remove,
        frozenset(kept),
        suspect=_one_of(sorted({*folding, *marks})),
        marks=re.compile(f"(?:{_one_of(marks).pattern})*"),
        removed=_one_of(sorted(ord(c) for c in remove)),
    )


def _splits_word(character: str) -> bool:
    """Whether NFKC puts a space into a character that is none ("´" -> " ́", Arabic phrase ligatures)."""
    return not character.isspace() and any(c.isspace() for c in unicodedata.normalize("NFKC", character))


def _one_of(codes: list[int]) -> re.Pattern[str]:
    """A regex matching one of ``codes`` (sorted), quick to test on any character.

    re tests a class of BMP characters with a table lookup, but one holding others range by range,
    so characters beyond the BMP get a class of their own behind a cheap guard.
    """
    basic = _character_class([code for code in codes if code <= 0xFFFF])
    astral = _character_class([code for code in codes if code > 0xFFFF])
    alternatives = [f"[{basic}]"] if basic else []
    if astral:
        alternatives.append(f"(?=[\\U00010000-\\U0010ffff])[{astral}]")
    return re.compile("|".join(alternatives))


def _character_class(codes: list[int]) -> str:
    """The inside of a regex character class matching exactly ``codes`` (sorted), as ranges."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)
