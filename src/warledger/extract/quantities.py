"""Reported quantities: a number, how the report qualifies it, and the noun it counts.

Phrases are found in the text by a grammar built from ``data/quantities.yaml``: an optional
qualifier ("at least", "around") or range opener ("between"), an optional currency symbol, a number
written in digits ("7,000", "2.3m"), in words ("fifty-two", "a dozen") or vaguely ("dozens"), an
optional second number closing a range, and an optional trailing qualifier ("or more"). The span
of a mention covers that phrase only; the counted noun (the unit) comes from the spaCy parse, as
the noun the number modifies ("at least three DPRK ballistic missiles" -> "missiles").

Dates, years and times of day are not quantities: numbers inside a date or time entity that runs
past them, next to a month name, or written as a bare year are dropped, as are numbers inside
the weapon and date mentions of earlier extractors ("Kh-101", "Shahed 136").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from warledger.errors import ConfigError
from warledger.extract.base import ExtractionContext, load_data, register
from warledger.extract.dates import _alternation
from warledger.model import Mention, Qualifier, Quantity

# Dependency labels that tie a number to the noun it counts ("three missiles", "a dozen trucks").
UNIT_DEPS = frozenset({"nummod", "amod", "compound", "quantmod", "nmod"})
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
# Hyphen, en dash and em dash, escaped for use in a regex character class.
DASHES = r"\-–—"


@dataclass(frozen=True)
class QuantityVocabulary:
    """The words of ``data/quantities.yaml``, as lookup tables."""

    number_words: dict[str, float]
    scale_words: dict[str, float]
    scale_suffixes: dict[str, float]
    vague_counts: dict[str, float]
    vague_scales: dict[str, float]
    qualifiers: dict[str, Qualifier]
    bounds: dict[Qualifier, str]
    suffix_qualifiers: dict[str, Qualifier]
    range_openers: dict[str, frozenset[str]]
    range_connectors: frozenset[str]
    currency_symbols: dict[str, str]
    unit_suffixes: dict[str, str]
    ignored_units: frozenset[str]
    pronoun_numbers: frozenset[str]
    year_range: tuple[int, int]
    calendar_entities: frozenset[str]
    covering_mentions: frozenset[str]
    months: frozenset[str]

    @classmethod
    @cache
    def load(cls) -> QuantityVocabulary:
        """Read ``quantities.yaml`` (and the month names of ``dates.yaml``) once per process."""
        data = load_data("quantities.yaml")
        months = load_data("dates.yaml")
        try:
            assert isinstance(data, dict) and isinstance(months, dict)
            first_year, last_year = data["year_range"]
            return cls(
                number_words={str(k): float(v) for k, v in data["number_words"].items()},
                scale_words={str(k): float(v) for k, v in data["scale_words"].items()},
                scale_suffixes={str(k): float(v) for k, v in data["scale_suffixes"].items()},
                vague_counts={str(k): float(v) for k, v in data["vague_counts"].items()},
                vague_scales={str(k): float(v) for k, v in data["vague_scales"].items()},
                qualifiers={
                    _key(phrase): Qualifier(name)
                    for name, entry in data["qualifiers"].items()
                    for phrase in entry["phrases"]
                },
                bounds={Qualifier(name): entry["bound"] for name, entry in data["qualifiers"].items()},
                suffix_qualifiers={
                    _key(phrase): Qualifier(name) for phrase, name in data["suffix_qualifiers"].items()
                },
                range_openers={
                    str(opener): frozenset(map(str, connectors))
                    for opener, connectors in data["range_openers"].items()
                },
                range_connectors=frozenset(map(str, data["range_connectors"])),
                currency_symbols={str(k).lower(): str(v) for k, v in data["currency_symbols"].items()},
                unit_suffixes={_key(k): str(v) for k, v in data["unit_suffixes"].items()},
                ignored_units=frozenset(map(str, data["ignored_units"])),
                pronoun_numbers=frozenset(map(str, data["pronoun_numbers"])),
                year_range=(int(first_year), int(last_year)),
                calendar_entities=frozenset(map(str, data["calendar_entities"])),
                covering_mentions=frozenset(map(str, data["covering_mentions"])),
                months=frozenset(map(str, months["months"])),
            )
        except (AssertionError, KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"extract data file quantities.yaml is invalid: {exc!r}") from exc


def _key(phrase: str) -> str:
    """A phrase as a lookup key: lower case, single spaces."""
    return " ".join(str(phrase).lower().split())


def _connector(text: str) -> str:
    """A range connector as a lookup key: "to", "or", "and", or "-" for any dash."""
    key = _key(text)
    return "-" if key in ("-", "–", "—") else key


@dataclass(frozen=True)
class FoundQuantity:
    """A quantity phrase located in a text: its character offsets and what it says."""

    start: int
    end: int
    quantity: Quantity
    vague: bool = False


class QuantityGrammar:
    """Finds quantity phrases in text and reads their numbers, qualifiers and ranges."""

    def __init__(self, vocab: QuantityVocabulary) -> None:
        self.vocab = vocab
        word = r"(?![a-z])"
        small = f"(?:{_alternation(vocab.number_words)}){word}"
        small_compound = rf"{small}(?:[\s-]+{small})?"
        scale = f"(?:{_alternation(vocab.scale_words)}){word}"
        digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
        in_digits = rf"{digits}(?:(?:{_alternation(vocab.scale_suffixes)}){word}|(?:\s+{scale})*)"
        in_words = (
            rf"(?:{small_compound}|an?(?=\s+{scale}))"
            rf"(?:\s+{scale}(?:(?:\s+and)?[\s-]+{small_compound})?)*"
        )
        vague = (
            rf"(?:{_alternation(vocab.vague_counts)}){word}"
            rf"(?:\s+(?:of\s+)?(?:{_alternation(vocab.vague_scales)}){word})?"
        )
        number = f"(?:{in_digits}|{vague}|{in_words})"
        currency = f"(?:{_alternation(vocab.currency_symbols)})"
        word_connectors = {c for opener in vocab.range_openers.values() for c in opener}
        word_connectors |= vocab.range_connectors
        word_connectors.discard("-")
        self.pattern = re.compile(
            rf"(?<![\w.,:/{DASHES}])"
            rf"(?:(?P<opener>{_alternation(vocab.range_openers)})\s+"
            rf"|(?P<qualifier>{_alternation(vocab.qualifiers)})\s+)?"
            rf"(?:(?P<currency>{currency})\s?)?(?P<low>{number})"
            rf"(?:(?P<connector>\s*[{DASHES}]\s*|\s+(?:{_alternation(word_connectors)})\s+)"
            rf"(?:{currency}\s?)?(?P<high>{number}))?"
            rf"(?:\s+(?P<suffix>{_alternation(vocab.suffix_qualifiers)}))?"
            # Not followed by more of a word, a number or a compound modifier ("15-member").
            rf"(?![a-z0-9]|[.,]\d|[{DASHES}/:]\d|[{DASHES}][a-z])",
            re.IGNORECASE,
        )

    @classmethod
    @cache
    def load(cls) -> QuantityGrammar:
        """The grammar of the shipped vocabulary (built once per process)."""
        return cls(QuantityVocabulary.load())

    def find(self, text: str) -> list[FoundQuantity]:
        """Every quantity phrase in ``text``, in text order, none overlapping."""
        found: list[FoundQuantity] = []
        position = 0
        while (match := self.pattern.search(text, position)) is not None:
            quantity = self.read(match)
            if quantity is None:
                position = match.start() + 1
                continue
            found.append(quantity)
            position = quantity.end
        return found

    def read(self, match: re.Match[str]) -> FoundQuantity | None:
        """What a matched phrase says; a range the text does not support shrinks to its first number."""
        unit = self.vocab.currency_symbols.get((match["currency"] or "").lower())
        number_start = match.start("currency") if match["currency"] else match.start("low")
        vague = self.vague(match["low"])
        if vague is not None:
            quantity = Quantity(None, vague, None, Qualifier.AT_LEAST, unit)
            return FoundQuantity(number_start, match.end("low"), quantity, vague=True)
        low = self.number(match["low"])
        if low is None:
            return None
        high = self.number(match["high"]) if match["high"] is not None and self._is_range(match) else None
        if high is not None:
            # "1.5 to 2 million": the low end borrows the scale written once after the high end.
            scale = self.trailing_scale(match["high"])
            if self.trailing_scale(match["low"]) == 1 and low * scale < high:
                low *= scale
            if low < high:
                quantity = Quantity(None, low, high, Qualifier.RANGE, unit)
                return FoundQuantity(match.start(), match.end(), quantity)
        if match["qualifier"] is not None:
            qualifier = self.vocab.qualifiers[_key(match["qualifier"])]
        elif match["suffix"] is not None and match["high"] is None:
            qualifier = self.vocab.suffix_qualifiers[_key(match["suffix"])]
        else:
            qualifier = Qualifier.EXACT
        start = match.start() if match["opener"] is None else number_start
        end = match.end() if match["suffix"] is not None and match["high"] is None else match.end("low")
        return FoundQuantity(start, end, self.bounded(low, qualifier, unit))

    def _is_range(self, match: re.Match[str]) -> bool:
        connector = _connector(match["connector"])
        if match["opener"] is not None:
            return connector in self.vocab.range_openers[_key(match["opener"])]
        return connector in self.vocab.range_connectors

    def bounded(self, number: float, qualifier: Qualifier, unit: str | None = None) -> Quantity:
        """A single-number quantity with the bounds its qualifier implies (both for an exact one)."""
        bound = "both" if qualifier is Qualifier.EXACT else self.vocab.bounds[qualifier]
        low = number if bound in ("low", "both") else None
        high = number if bound in ("high", "both") else None
        return Quantity(number, low, high, qualifier, unit)

    def vague(self, phrase: str) -> float | None:
        """The least number a vague count can mean ("dozens" -> 24), or None for a definite number."""
        words = _key(phrase).split()
        if words[0] not in self.vocab.vague_counts:
            return None
        scale = self.vocab.vague_scales[words[-1]] if len(words) > 1 else 1.0
        return self.vocab.vague_counts[words[0]] * scale

    def trailing_scale(self, phrase: str) -> float:
        """The scale a number ends with ("2 million" -> 1e6, "2.3m" -> 1e6, "7" -> 1)."""
        last = _key(phrase).split()[-1]
        suffix = re.fullmatch(r"[\d,.]+([a-z]+)", last)
        if suffix is not None:
            return self.vocab.scale_suffixes.get(suffix.group(1), 1.0)
        return self.vocab.scale_words.get(last, 1.0)

    def number(self, phrase: str) -> float | None:
        """The value of a definite number in digits or words; None if the words make no number."""
        total = 0.0
        current = 0.0
        for word in re.findall(r"[\d,.]+[a-z]*|[a-z]+", phrase.lower()):
            if word[0].isdigit():
                digits, suffix = re.fullmatch(r"([\d,.]+)([a-z]*)", word).groups()  # type: ignore[union-attr]
                current = float(digits.replace(",", "")) * self.vocab.scale_suffixes.get(suffix, 1.0)
            elif word in ("a", "an"):
                current = 1.0
            elif word in self.vocab.number_words:
                value = self.vocab.number_words[word]
                tens_then_units = current % 100 >= 20 and current % 10 == 0 and value < 10
                if current % 100 and not tens_then_units:
                    return None
                current += value
            elif word in self.vocab.scale_words:
                scale = self.vocab.scale_words[word]
                if scale < 1000:
                    if current >= 100:
                        return None
                    current = (current or 1.0) * scale
                else:
                    total += (current or 1.0) * scale
                    current = 0.0
            elif word != "and":
                return None
        return total + current


def parse_quantity(phrase: str) -> Quantity | None:
    """The quantity a phrase such as "at least three" or "between 5 and 7" states (unit None
    unless a currency symbol gives one); None unless the whole phrase is one quantity."""
    text = phrase.strip()
    found = QuantityGrammar.load().find(text)
    if len(found) != 1 or (found[0].start, found[0].end) != (0, len(text)):
        return None
    return found[0].quantity


def find_quantities(text: str) -> list[FoundQuantity]:
    """Every quantity phrase in ``text`` by the grammar alone (no parse, so no units or date checks)."""
    return QuantityGrammar.load().find(text)


@register("quantities")
class QuantityExtractor:
    """Finds reported quantities, with their qualifier and the noun they count."""

    name = "quantities"

    def __init__(self) -> None:
        self.grammar = QuantityGrammar.load()
        self.vocab = self.grammar.vocab

    def __call__(self, context: ExtractionContext) -> None:
        covered = [
            (m.span.start, m.span.end)
            for m in context.extraction.mentions
            if m.kind in self.vocab.covering_mentions
        ]
        calendar = [
            (e.start_char, e.end_char) for e in context.doc.ents if e.label_ in self.vocab.calendar_entities
        ]
        for found in self.grammar.find(context.text):
            tokens = context.doc.char_span(found.start, found.end, alignment_mode="expand")
            if tokens is None or _overlapping(found, covered) or self._in_calendar(found, calendar, tokens):
                continue
            unit_token = _unit_token(tokens, found.vague)
            unit = self._unit(context.text, found, unit_token)
            phrase = context.text[found.start : found.end]
            if unit in self.vocab.ignored_units or not self._counts(phrase, tokens, unit_token):
                continue
            quantity = replace(found.quantity, unit=unit)
            context.extraction.mentions.append(
                Mention("quantity", context.span(found.start, found.end), quantity)
            )

    def _in_calendar(
        self, found: FoundQuantity, calendar: list[tuple[int, int]], tokens: TokenSpan
    ) -> bool:
        """Whether the number is part of a date or time: an entity running past it, or a month beside it."""
        if any(start < found.start or end > found.end for start, end in _overlapping(found, calendar)):
            return True
        doc = tokens.doc
        neighbours = [doc[i] for i in (tokens.start - 1, tokens.end) if 0 <= i < len(doc)]
        return any(
            t.text[:1].isupper() and t.text.rstrip(".").lower() in self.vocab.months for t in neighbours
        )

    def _unit(self, text: str, found: FoundQuantity, unit_token: Token | None) -> str | None:
        """The unit: a sign or word written right after the number, the currency, or the counted noun."""
        after = re.match(r"\s*(\S+(?:\s+\S+)?)", text[found.end : found.end + 20])
        if after is not None:
            for candidate in (after.group(1), after.group(1).split()[0]):
                key = _key(candidate.rstrip(".,;:"))
                if key in self.vocab.unit_suffixes:
                    return self.vocab.unit_suffixes[key]
        if found.quantity.unit is not None:
            return found.quantity.unit
        return unit_token.lower_ if unit_token is not None else None

    def _counts(self, phrase: str, tokens: TokenSpan, unit_token: Token | None) -> bool:
        """Whether a phrase counts something: not a bare year or span of years ("from 1994 to 2007"),
        not the pronoun "one", not a number in a name ("World War 3", "Apollo 11")."""
        if unit_token is None and _key(phrase) in self.vocab.pronoun_numbers:
            return False
        first, last = self.vocab.year_range
        numbers = re.findall(r"[\d,.]+", phrase)
        if numbers and all(re.fullmatch(r"\d{4}", n) and first <= int(n) <= last for n in numbers):
            return unit_token is not None and unit_token.tag_ in ("NNS", "NNPS")
        if unit_token is None and tokens.start > 0:
            return tokens.doc[tokens.start - 1].tag_ not in ("NNP", "NNPS")
        return True


def _overlapping(found: FoundQuantity, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The character spans that share at least one character with a found quantity."""
    return [(start, end) for start, end in spans if start < found.end and found.start < end]


def _unit_token(tokens: TokenSpan, vague: bool) -> Token | None:
    """The noun a quantity phrase counts: the head its number modifies, or for a vague count the
    object of its "of" ("dozens of drones"); a definite number's "of" is a partitive ("one of the
    largest attacks"), so it gives no unit."""
    inside = {t.i for t in tokens}
    anchor = tokens[-1]
    while anchor.head.i in inside and anchor.head.i != anchor.i:
        anchor = anchor.head
    head = anchor.head
    if anchor.dep_ in UNIT_DEPS and head.i > anchor.i:
        # A number can attach to a modifier of the counted noun ("10 Shahed-136 drones").
        while head.dep_ in NOUN_MODIFIER_DEPS and head.head.i > head.i:
            head = head.head
        if head.pos_ in ("NOUN", "PROPN") and not head.like_num:
            return head
    for child in anchor.children if vague else ():
        if child.dep_ == "prep" and child.lower_ == "of" and child.i not in inside:
            noun = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
            if noun is not None:
                return noun
    return None
