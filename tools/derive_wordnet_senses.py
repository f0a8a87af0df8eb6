"""Regenerate ``src/warledger/resolve/data/synonyms.yaml`` from the WordNet 3.0 database files.

Usage::

    python tools/derive_wordnet_senses.py [WORDNET_DIR] [--output PATH | --check]

``WORDNET_DIR`` defaults to ``/usr/share/wordnet``, where Debian's ``wordnet-base`` package puts
the database (``apt-get install wordnet-base``). Only the standard library is needed: the script
reads ``index.noun``, ``index.verb``, ``data.noun``, ``data.verb``, ``noun.exc`` and ``verb.exc``
(plain text, laid out as wndb(5WN) describes). ``--check`` compares the derived table with the
committed one and exits 1 when they differ; the output is the same bytes on every run.

What a word's senses are follows the NLTK WordNet reader, which the table was first built with:
a word's synsets are those of every form morphy(7WN) reduces it to (exception lists, then suffix
rules, keeping forms the index knows), in index (sense-frequency) order, and a concept is named
like ``abandon.v.01`` (its first lemma, its part of speech, its rank among that lemma's senses).
Concept numbers are the ranks of these names in sorted order, so the naming is kept exactly.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_WORDNET = Path("/usr/share/wordnet")
DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "src/warledger/resolve/data/synonyms.yaml"
PARTS_OF_SPEECH = {"n": "noun", "v": "verb"}
NEEDED_FILES = ("index.noun", "data.noun", "noun.exc", "index.verb", "data.verb", "verb.exc")
# Lexicographer file numbers of noun.act, noun.event, noun.phenomenon and noun.process (lexnames(5WN)).
EVENTIVE_NOUN_FILES = frozenset({4, 11, 19, 22})
SENSES_PER_POS = 3
BROADER_PER_POS = 2
HYPERNYM = "@"
DERIVED = "+"
# morphy(7WN)'s detachment rules, in the order NLTK applies them.
SUFFIX_RULES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "n": (("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
          ("shes", "sh"), ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
          ("ing", "")),
}
HEADER = """\
# Word senses of English event words, derived from Princeton WordNet 3.0 (WordNet licence: free to
# use, copy and distribute with this notice; (c) 2006 Princeton University). Not taken from any
# evaluation set.
#
# Every single-word lemma of a verb synset, or of a noun synset in noun.act, noun.event,
# noun.phenomenon or noun.process, maps to concept numbers:
# - senses: its first three verb senses and first three such noun senses, plus the synsets its lemma
#   is derivationally related to ("arrest" the verb and "arrest" the noun; "quake" and "earthquake"
#   share a synset);
# - broader: the direct hypernyms of its first two senses of each part of speech ("murder" -> kill).
# Only concepts shared by two or more lemmas are kept (one lemma alone never links two words), then
# renumbered densely. Two words are synonyms when their senses meet, related when their senses or
# broader concepts meet.
"""

SynsetId = tuple[str, int]


@dataclass(frozen=True)
class Synset:
    """One line of a ``data.<pos>`` file: what the derivation reads of a synset."""

    pos: str
    offset: int
    lexfile: int
    lemmas: tuple[str, ...]
    hypernyms: frozenset[SynsetId]
    derived: Mapping[str, tuple[SynsetId, ...]]

    @property
    def eventive(self) -> bool:
        """Whether the synset is a verb or a noun of an act, event, phenomenon or process."""
        return self.pos == "v" or self.lexfile in EVENTIVE_NOUN_FILES


@dataclass(frozen=True)
class WordNet:
    """The noun and verb parts of a WordNet database."""

    index: Mapping[str, Mapping[str, tuple[int, ...]]]
    synsets: Mapping[SynsetId, Synset]
    exceptions: Mapping[str, Mapping[str, tuple[str, ...]]]

    def forms(self, word: str, pos: str) -> list[str]:
        """The indexed base forms of ``word`` as ``pos``: itself, then its exceptions or rule forms."""
        if word in self.exceptions[pos]:
            candidates = list(self.exceptions[pos][word])
        else:
            candidates = [word[: -len(old)] + new for old, new in SUFFIX_RULES[pos] if word.endswith(old)]
        return list(dict.fromkeys(form for form in [word, *candidates] if pos in self.index.get(form, {})))

    def lookup(self, word: str, pos: str) -> list[Synset]:
        """The synsets of ``word`` as ``pos``, most frequent sense first within each form."""
        return [self.synsets[pos, offset] for form in self.forms(word, pos) for offset in self.index[form][pos]]

    def name(self, synset: Synset) -> str:
        """The synset's name, e.g. ``abandon.v.01``."""
        lemma = synset.lemmas[0].lower()
        rank = self.index[lemma][synset.pos].index(synset.offset) + 1
        return f"{lemma}.{synset.pos}.{rank:02d}"


def _records(path: Path) -> Iterator[str]:
    """The lines of a WordNet database file, without its licence header (lines that start blank)."""
    with path.open(encoding="utf-8") as stream:
        yield from (line for line in stream if not line[:1].isspace())


def read_index(path: Path) -> dict[str, tuple[int, ...]]:
    """Lemma -> synset offsets in sense order, from an ``index.<pos>`` file."""
    table: dict[str, tuple[int, ...]] = {}
    for line in _records(path):
        # lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
        tokens = line.split()
        senses, pointers = int(tokens[2]), int(tokens[3])
        start = 4 + pointers + 2
        table[tokens[0]] = tuple(int(offset) for offset in tokens[start : start + senses])
    return table


def parse_synset(line: str) -> Synset:
    """A synset from one line of a ``data.<pos>`` file."""
    # offset lex_filenum ss_type w_cnt [word lex_id...] p_cnt [symbol offset pos source/target...]
    # [frames] | gloss; a pointer whose source/target is 0000 joins synsets, else two lemmas.
    tokens = line.split("|", 1)[0].split()
    offset, lexfile, pos = int(tokens[0]), int(tokens[1]), tokens[2]
    count = int(tokens[3], 16)
    lemmas = tuple(tokens[4 : 4 + 2 * count : 2])
    at = 4 + 2 * count
    hypernyms: set[SynsetId] = set()
    derived: dict[str, list[SynsetId]] = {}
    for p in range(int(tokens[at])):
        symbol, target, target_pos, ends = tokens[at + 1 + 4 * p : at + 5 + 4 * p]
        if symbol == HYPERNYM and ends == "0000":
            hypernyms.add((target_pos, int(target)))
        elif symbol == DERIVED and ends != "0000":
            derived.setdefault(lemmas[int(ends[:2], 16) - 1], []).append((target_pos, int(target)))
    return Synset(pos, offset, lexfile, lemmas, frozenset(hypernyms), {k: tuple(v) for k, v in derived.items()})


def read_exceptions(path: Path) -> dict[str, tuple[str, ...]]:
    """Inflected form -> base forms, from a ``<pos>.exc`` file (a later line wins, as in NLTK)."""
    with path.open(encoding="utf-8") as stream:
        return {tokens[0]: tuple(tokens[1:]) for tokens in map(str.split, stream) if tokens}


def load_wordnet(directory: Path) -> WordNet:
    """The noun and verb index, data and exception files under ``directory``."""
    index: dict[str, dict[str, tuple[int, ...]]] = {}
    synsets: dict[SynsetId, Synset] = {}
    exceptions: dict[str, dict[str, tuple[str, ...]]] = {}
    for pos, name in PARTS_OF_SPEECH.items():
        for lemma, offsets in read_index(directory / f"index.{name}").items():
            index.setdefault(lemma, {})[pos] = offsets
        for line in _records(directory / f"data.{name}"):
            synset = parse_synset(line)
            synsets[pos, synset.offset] = synset
        exceptions[pos] = read_exceptions(directory / f"{name}.exc")
    return WordNet(index, synsets, exceptions)


def leading(wordnet: WordNet, word: str, count: int) -> list[Synset]:
    """The first ``count`` verb senses of ``word`` and the eventive ones of its first ``count`` noun senses."""
    nouns = [s for s in wordnet.lookup(word, "n")[:count] if s.eventive]
    return wordnet.lookup(word, "v")[:count] + nouns


def senses(wordnet: WordNet, word: str) -> set[str]:
    """The leading senses of ``word`` and the eventive synsets its lemma is derivationally related to."""
    found: set[str] = set()
    for synset in leading(wordnet, word, SENSES_PER_POS):
        found.add(wordnet.name(synset))
        for lemma in synset.lemmas:
            if lemma.lower() == word:
                related = (wordnet.synsets.get(target) for target in synset.derived.get(lemma, ()))
                found.update(wordnet.name(r) for r in related if r is not None and r.eventive)
    return found


def broader(wordnet: WordNet, word: str) -> set[str]:
    """The direct hypernyms of the first senses of ``word``."""
    synsets = leading(wordnet, word, BROADER_PER_POS)
    return {wordnet.name(wordnet.synsets[target]) for s in synsets for target in s.hypernyms}


def event_words(wordnet: WordNet) -> list[str]:
    """Every single-word lemma (letters only, lower-cased) of an eventive synset, sorted."""
    words = {
        lemma.lower()
        for synset in wordnet.synsets.values()
        if synset.eventive
        for lemma in synset.lemmas
        if lemma.isalpha()
    }
    return sorted(words)


def number(tables: Iterable[Mapping[str, set[str]]]) -> dict[str, int]:
    """Dense numbers for the concepts named two or more times across ``tables``, in name order."""
    counts = Counter(concept for table in tables for concepts in table.values() for concept in concepts)
    return {concept: i for i, concept in enumerate(sorted(c for c, n in counts.items() if n >= 2))}


def section(title: str, table: Mapping[str, set[str]], numbers: Mapping[str, int]) -> str:
    """One YAML mapping of word -> sorted concept numbers, leaving out words with none."""
    lines = [f"{title}:\n"]
    for word in sorted(table):
        ids = sorted(numbers[c] for c in table[word] if c in numbers)
        if ids:
            lines.append(f'  "{word}": [{", ".join(map(str, ids))}]\n')
    return "".join(lines)


def derive(wordnet: WordNet) -> str:
    """The text of ``synonyms.yaml``: its header, then the ``senses`` and ``broader`` tables."""
    words = event_words(wordnet)
    sense_table = {word: senses(wordnet, word) for word in words}
    broader_table = {word: broader(wordnet, word) for word in words}
    numbers = number((sense_table, broader_table))
    return HEADER + section("senses", sense_table, numbers) + section("broader", broader_table, numbers)


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the sense table derived from a WordNet directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wordnet", nargs="?", type=Path, default=DEFAULT_WORDNET, help="WordNet 3.0 dict directory")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the table")
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing it")
    args = parser.parse_args(argv)
    missing = [name for name in NEEDED_FILES if not (args.wordnet / name).is_file()]
    if missing:
        parser.error(f"{args.wordnet} lacks {', '.join(missing)} (apt-get install wordnet-base)")
    text = derive(load_wordnet(args.wordnet))
    if args.check:
        same = args.output.read_text(encoding="utf-8") == text
        print(f"{args.output}: {'reproduced exactly' if same else 'DIFFERS from the derivation'}")
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
