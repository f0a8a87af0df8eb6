"""Actors named in a report: states, their armed forces, organisations and civilians.

Names come from ``data/actors.yaml`` and are found with a spaCy PhraseMatcher on exact token
text, so abbreviations keep their case ("US" is not "us"). A state's name or adjective followed
by a force noun ("Russian forces", "Ukraine's armed forces", "Armed Forces of Ukraine") names its
armed forces. Capitals stand for their government ("Moscow said") unless the parse shows them as
a place ("in Kyiv", "struck Kyiv"). Longest match wins and actor mentions never overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from warledger.errors import ConfigError
from warledger.extract.base import ExtractionContext, load_data, register
from warledger.extract.nlp import load_nlp
from warledger.model import Actor, Mention

POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
PARENTHESIS = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class ActorName:
    """One way of writing an actor.

    ``metonym`` marks a capital standing for its government; ``person`` a noun for one or a few
    people ("a journalist") that names civilians unless a force word qualifies it.
    """

    phrase: str
    actor: Actor
    metonym: bool = False
    person: bool = False


@dataclass(frozen=True)
class ActorLexicon:
    """Every actor name of ``actors.yaml``, with the word lists that qualify a match."""

    names: dict[str, ActorName]
    armed_forces: dict[str, Actor]
    force_nouns: tuple[str, ...]
    not_actors: tuple[str, ...]
    person_blockers: frozenset[str]
    negating_prefixes: frozenset[str]
    locative_prepositions: frozenset[str]
    place_verbs: frozenset[str]
    place_heads: frozenset[str]
    ids: dict[str, Actor]
    folded: dict[str, Actor]

    @classmethod
    @cache
    def load(cls) -> ActorLexicon:
        """Read ``actors.yaml`` once per process."""
        data = load_data("actors.yaml")
        try:
            return cls._build(data)  # type: ignore[arg-type]
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"actors.yaml is malformed: {exc!r}") from exc

    @classmethod
    def _build(cls, data: dict) -> ActorLexicon:
        names: dict[str, ActorName] = {}

        def add(phrase: str, actor: Actor, metonym: bool = False, person: bool = False) -> None:
            names.setdefault(phrase, ActorName(phrase, actor, metonym, person))

        armed_forces: dict[str, Actor] = {}
        for code, entry in data["states"].items():
            state = Actor(code, entry["name"], "state", code)
            forces = Actor(f"{code}.armed_forces", entry["name"], "armed_forces", code)
            armed_forces[code] = forces
            for phrase in [entry["name"], *entry.get("aliases", []), *entry.get("adjectives", [])]:
                add(phrase, state)
            for phrase in [*entry.get("people", []), *_plural_demonyms(entry.get("adjectives", []))]:
                add(phrase, state)
            for phrase in entry.get("capitals", []):
                add(phrase, state, metonym=True)
            for phrase in entry.get("forces", []):
                add(phrase, forces)
        for key, entry in data["organisations"].items():
            organisation = Actor(f"org.{key}", entry["name"], "organisation", entry.get("country"))
            for phrase in [entry["name"], *entry.get("aliases", [])]:
                add(phrase, organisation)
            for phrase in entry.get("capitals", []):
                add(phrase, organisation, metonym=True)
        civilians = Actor("civilians", data["civilians"]["name"], "civilians")
        for phrase in data["civilians"]["aliases"]:
            add(phrase, civilians)
        for phrase in data["civilians"]["persons"]:
            add(phrase, civilians, person=True)
        metonym = data["metonym"]
        return cls(
            names=names,
            armed_forces=armed_forces,
            force_nouns=tuple(sorted(data["force_nouns"], key=len, reverse=True)),
            not_actors=tuple(data["not_actors"]),
            person_blockers=frozenset(data["civilians"]["person_blockers"]),
            negating_prefixes=frozenset(data["negating_prefixes"]),
            locative_prepositions=frozenset(metonym["locative_prepositions"]),
            place_verbs=frozenset(metonym["place_verbs"]),
            place_heads=frozenset(metonym["place_heads"]),
            ids={
                **{name.actor.id: name.actor for name in names.values()},
                **{forces.id: forces for forces in armed_forces.values()},
            },
            folded={
                phrase.lower(): name.actor
                for phrase, name in reversed(names.items())
                if not phrase.isupper()
            },
        )

    def lookup(self, name: str) -> Actor | None:
        """The actor a free-text name denotes, trying it without parentheses and "the" too."""
        text = " ".join(name.split())
        candidates = (text, " ".join(PARENTHESIS.sub(" ", text).split()), text.split("(")[0].strip())
        for candidate in candidates:
            if candidate.lower().startswith("the "):
                candidate = candidate[4:]
            actor = self._phrase(candidate) or self._forces_phrase(candidate)
            if actor is not None:
                return actor
        return None

    def _phrase(self, phrase: str) -> Actor | None:
        if phrase in self.names:
            return self.names[phrase].actor
        return self.ids.get(phrase) or self.folded.get(phrase.lower())

    def _forces_phrase(self, phrase: str) -> Actor | None:
        """A state's armed forces written out: "Russian troops", "Military Forces of Russia"."""
        lowered = phrase.lower()
        for noun in self.force_nouns:
            if lowered.endswith(" " + noun):
                owner = phrase[: -len(noun) - 1].rstrip()
                for mark in POSSESSIVES:
                    owner = owner.removesuffix(mark)
                return self.forces_of(self._phrase(owner.strip()))
            if lowered.startswith(noun + " of "):
                return self.forces_of(self._phrase(phrase[len(noun) + 4 :].strip()))
        return None

    def forces_of(self, actor: Actor | None) -> Actor | None:
        """The armed forces of a state actor (None for anything else)."""
        if actor is None or actor.kind != "state":
            return None
        return self.armed_forces.get(actor.id)


def _plural_demonyms(adjectives: list[str]) -> list[str]:
    """Demonyms in -an and -i double as plural nouns: "Russians", "Israelis"."""
    return [a + "s" for a in adjectives if a.endswith(("an", "i")) and not a.isupper()]


def actor_for(name: str) -> Actor | None:
    """The canonical actor for any of its names ("DPRK", "Russian forces"), or None.

    Abbreviations must match exactly; other names match ignoring case.
    """
    return ActorLexicon.load().lookup(name)


@dataclass(frozen=True)
class ActorMatchers:
    """The PhraseMatchers built from the lexicon: actor names (exact) and force nouns (any case)."""

    names: PhraseMatcher
    forces: PhraseMatcher

    @classmethod
    @cache
    def build(cls) -> ActorMatchers:
        """Matchers over the shared pipeline's vocabulary and tokenizer."""
        nlp = load_nlp()
        lexicon = ActorLexicon.load()
        names = PhraseMatcher(nlp.vocab, attr="ORTH")
        for phrase in [*lexicon.names, *lexicon.not_actors]:
            forms = {phrase, phrase[:1].upper() + phrase[1:]} if phrase[:1].islower() else {phrase}
            names.add(phrase, [nlp.make_doc(form) for form in forms])
        forces = PhraseMatcher(nlp.vocab, attr="LOWER")
        forces.add("force", [nlp.make_doc(noun) for noun in lexicon.force_nouns])
        return cls(names, forces)


@register("actors")
class ActorExtractor:
    """Finds actor mentions: one per name, longest first, never overlapping."""

    name = "actors"

    def __init__(self) -> None:
        self.lexicon = ActorLexicon.load()
        self.matchers = ActorMatchers.build()

    def __call__(self, context: ExtractionContext) -> None:
        doc = context.doc
        force_ends = self._force_ends(doc)
        found: dict[tuple[int, int], Actor | None] = {}
        for match_id, start, end in self.matchers.names(doc):
            name = self.lexicon.names.get(doc.vocab.strings[match_id])
            if name is None:
                found.setdefault((start, end), None)
                continue
            if self._negated(doc, start) or (name.metonym and self._is_place(doc[start:end])):
                continue
            if name.person and not self._civilian(doc, start, end):
                continue
            found.setdefault((start, end), name.actor)
            forces = self.lexicon.forces_of(name.actor)
            if forces is not None:
                for bounds in self._force_bounds(doc, start, end, force_ends):
                    found.setdefault(bounds, forces)
        self._join_demonyms(found)
        self._drop_members(found)
        for span in filter_spans([doc[s:e] for s, e in found]):
            actor = found[(span.start, span.end)]
            if actor is not None:
                context.extraction.mentions.append(
                    Mention("actor", context.span(span.start_char, span.end_char), actor)
                )

    def _force_ends(self, doc: Doc) -> dict[int, int]:
        """Start token -> furthest end token of the force nouns in the document."""
        ends: dict[int, int] = {}
        for _, start, end in self.matchers.forces(doc):
            ends[start] = max(end, ends.get(start, end))
        return ends

    @staticmethod
    def _force_bounds(doc: Doc, start: int, end: int, force_ends: dict[int, int]) -> list[tuple[int, int]]:
        """Token bounds of armed-forces phrases built on the state name at ``start:end``."""
        bounds = []
        after = end + 1 if end < len(doc) and doc[end].text in POSSESSIVES else end
        if after in force_ends:
            last = doc[force_ends[after] - 1]
            # "Russian military aid": the force noun only describes something else.
            if last.dep_ != "amod":
                bounds.append((start, force_ends[after]))
        if start >= 2 and doc[start - 1].lower_ == "of":
            bounds.extend((s, end) for s, e in force_ends.items() if e == start - 1)
        return bounds

    def _civilian(self, doc: Doc, start: int, end: int) -> bool:
        """Whether a person noun names people here, and no force word makes them combatants."""
        # "civilian infrastructure", "family home": the noun only describes another one.
        if doc[end - 1].dep_ in ("amod", "compound") and doc[end - 1].head.i >= end:
            return False
        return start == 0 or doc[start - 1].lower_ not in self.lexicon.person_blockers

    @staticmethod
    def _join_demonyms(found: dict[tuple[int, int], Actor | None]) -> None:
        """A state's adjective before civilians joins them: "a Ukrainian journalist"."""
        states = {end: start for (start, end), actor in found.items() if actor is not None and actor.kind == "state"}
        for (start, end), actor in list(found.items()):
            if actor is not None and actor.kind == "civilians" and start in states:
                found.setdefault((states[start], end), actor)

    @staticmethod
    def _drop_members(found: dict[tuple[int, int], Actor | None]) -> None:
        """A person noun after an organisation's or a force's name is its member: "an SBU officer"."""
        bodies = {
            end for (_, end), actor in found.items()
            if actor is not None and actor.kind in ("organisation", "armed_forces")
        }
        for (start, end), actor in list(found.items()):
            if actor is not None and actor.kind == "civilians" and start in bodies:
                del found[(start, end)]

    def _negated(self, doc: Doc, start: int) -> bool:
        """Whether the name is part of "pro-Russian", "anti-Western" and the like."""
        return (
            start >= 2
            and doc[start - 1].text == "-"
            and doc[start - 2].lower_ in self.lexicon.negating_prefixes
        )

    def _is_place(self, span: Span) -> bool:
        """Whether a capital is used as a place here rather than for its government."""
        node = span.root
        # Through lists, appositions and district names: "in Kyiv and Kharkiv", "over Kyiv, Kyiv".
        while node.head.i != node.i and (
            node.dep_ in ("conj", "appos") or (node.dep_ in ("compound", "nmod") and node.head.pos_ == "PROPN")
        ):
            node = node.head
        head = node.head
        if node.dep_ == "pobj":
            return head.lower_ in self.lexicon.locative_prepositions
        if node.dep_ == "dobj":
            return head.lemma_.lower() in self.lexicon.place_verbs
        if node.dep_ in ("compound", "nmod", "amod"):
            return head.lemma_.lower() in self.lexicon.place_heads
        return False
