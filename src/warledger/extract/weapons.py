"""Weapons named in a report: named systems ("Kh-101", "HIMARS") and generic words ("missiles").

Names come from ``data/weapons.yaml`` and are matched on the document text with regular
expressions rather than on tokens, because spaCy splits designations unpredictably ("Kh-101" is
one token, "Iskander-M" three, "Tochka-U." one with its full stop). Designations match in any
case, with or without their hyphens and spaces, and with a variant suffix ("T-72B3"). The
longest match wins, and a named system takes in the weapon noun beside it ("Shahed-136 drones"
is one Shahed-136 mention), so a generic word never competes with the name in its phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from warledger.errors import ConfigError
from warledger.extract.base import ExtractionContext, load_data, register
from warledger.model import Actor, Mention, Weapon

SEPARATOR = r"[-‐‑–\s]"
SEPARATORS = re.compile(SEPARATOR)
# Anchors are filed under their first characters; shorter ones under "", looked for in every text.
ANCHOR_KEY = 3
LEFT = r"(?<![A-Za-z0-9])"
RIGHT = r"(?![A-Za-z0-9])"
# Letters and digits glued to a designation name a variant or a plural: "T-72B3", "F-16s".
VARIANT = r"(?:[A-Za-z][A-Za-z0-9]{0,5})?"
PLURAL = r"(?:e?s|['’]s)?"
# Dependencies by which a word modifies the noun it precedes ("North Korean missiles").
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod"})


def _spaced(phrase: str) -> str:
    """A regex for a phrase whose spaces and hyphens may be written either way."""
    return SEPARATOR.join(re.escape(part) for part in re.split(r"[-\s]+", phrase))


def _designation(alias: str) -> str:
    """A designation in any case, its separators optional, with any variant suffix."""
    parts = re.split(r"[-\s]+", alias)
    return "(?i:" + f"{SEPARATOR}?".join(re.escape(p) for p in parts) + ")" + VARIANT


def _proper_name(alias: str) -> str:
    """A name as written or in capitals, singular or plural."""
    forms = dict.fromkeys([alias, alias.upper()])
    return "(?:" + "|".join(_spaced(f) for f in forms) + ")" + PLURAL


def _common_noun(form: str) -> str:
    """A lower-case form also matches capitalised; other forms only as written."""
    if form.islower():
        first = re.escape(form[0])
        return f"[{first}{first.upper()}]" + _spaced(form)[len(first):]
    return _spaced(form)


def _squeezed(text: str) -> str:
    """Text in lower case without the separators a name may be written with or without."""
    return SEPARATORS.sub("", text.lower())


def _lookup_key(name: str) -> str:
    return re.sub(r"[^0-9a-z/]", "", name.lower())


@dataclass(frozen=True)
class WeaponName:
    """One alias of a weapon, compiled; ``ambiguous`` names need a weapon nearby to count.

    ``anchor`` is the alias squeezed (:func:`_squeezed`): every match of the pattern, squeezed,
    contains it, so a text whose squeezed form lacks it is not searched.
    """

    alias: str
    pattern: re.Pattern[str]
    weapon: Weapon | None
    ambiguous: bool
    anchor: str

    @classmethod
    def compile(cls, alias: str, body: str, weapon: Weapon | None, ambiguous: bool = False) -> WeaponName:
        """Compile the regex ``body`` of an alias."""
        return cls(alias, re.compile(LEFT + body + RIGHT), weapon, ambiguous, _squeezed(alias))


@dataclass(frozen=True)
class Found:
    """A weapon name located in a text; ``extended`` when it took in a neighbouring noun."""

    start: int
    end: int
    name: WeaponName
    extended: bool = False

    @property
    def weapon(self) -> Weapon | None:
        """The weapon found (None for a phrase that only looks like one)."""
        return self.name.weapon


@dataclass(frozen=True)
class OriginCues:
    """How a noun phrase names a weapon's origin: prepositions, participles and joiners."""

    prepositions: frozenset[str]
    verbs: frozenset[str]
    verb_prepositions: frozenset[str]
    joined: re.Pattern[str]


@dataclass(frozen=True)
class WeaponLexicon:
    """The names of ``weapons.yaml``, compiled, with the nouns that continue a named system."""

    names: tuple[WeaponName, ...]
    heads: re.Pattern[str]
    origin: OriginCues
    table: dict[str, Weapon]
    # The anchors by their first ANCHOR_KEY characters, each with the indices in ``names`` of its aliases.
    anchors: dict[str, dict[str, tuple[int, ...]]]

    @classmethod
    @cache
    def load(cls) -> WeaponLexicon:
        """Read and compile ``weapons.yaml`` once per process."""
        data = load_data("weapons.yaml")
        try:
            return cls._build(data)  # type: ignore[arg-type]
        except (KeyError, TypeError, AttributeError, re.error) as exc:
            raise ConfigError(f"weapons.yaml is malformed: {exc!r}") from exc

    @classmethod
    def _build(cls, data: dict) -> WeaponLexicon:
        names: list[WeaponName] = []
        table: dict[str, Weapon] = {}
        for entry in data["systems"]:
            weapon = Weapon(entry["id"], entry["name"], entry["category"], entry.get("origin"))
            ambiguous = frozenset(entry.get("ambiguous", []))
            for alias in dict.fromkeys([entry["name"], *entry.get("aliases", [])]):
                body = _designation(alias) if any(c.isdigit() for c in alias) else _proper_name(alias)
                names.append(WeaponName.compile(alias, body, weapon, alias in ambiguous))
                table.setdefault(_lookup_key(alias), weapon)
            table.setdefault(_lookup_key(weapon.id), weapon)
        for entry in data["generic"]:
            slug = re.sub(r"[^a-z0-9]+", "_", entry["name"].lower()).strip("_")
            weapon = Weapon(f"generic.{slug}", entry["name"], entry["category"], None, generic=True)
            for form in entry["forms"]:
                names.append(WeaponName.compile(form, _common_noun(form), weapon))
                table.setdefault(_lookup_key(form), weapon)
        for phrase in data["not_weapons"]:
            names.append(WeaponName.compile(phrase, _common_noun(phrase), None))
        heads = "|".join(re.escape(h) for h in sorted(data["heads"], key=len, reverse=True))
        origin = data["origin"]
        joiners = "|".join(re.escape(j) for j in origin["joiners"])
        anchors: dict[str, dict[str, tuple[int, ...]]] = {}
        for index, name in enumerate(names):
            key = name.anchor[:ANCHOR_KEY] if len(name.anchor) >= ANCHOR_KEY else ""
            same = anchors.setdefault(key, {})
            same[name.anchor] = (*same.get(name.anchor, ()), index)
        return cls(
            names=tuple(names),
            heads=re.compile(rf"(?:\s+|-)(?i:{heads}){RIGHT}"),
            origin=OriginCues(
                prepositions=frozenset(origin["prepositions"]),
                verbs=frozenset(origin["verbs"]),
                verb_prepositions=frozenset(origin["verb_prepositions"]),
                # A system's name may sit in quotes after the adjective: "Russian 'Orlan-10'".
                joined=re.compile(rf"\s*(?:['’]s)?\s*[\"'‘“«]?|\s*-?\s*(?P<joiner>{joiners})\s*"),
            ),
            table=table,
            anchors=anchors,
        )

    def matches(self, text: str) -> list[Found]:
        """Non-overlapping weapon names in ``text``: longest first, then the most specific alias."""
        squeezed = _squeezed(text)
        # Only anchors starting with a run of characters of the text can be in it.
        starts = {squeezed[i : i + ANCHOR_KEY] for i in range(len(squeezed))} | {""}
        # In the order of ``names``: the sort below keeps it among equally long, equally specific names.
        present = sorted(
            index
            for start in self.anchors.keys() & starts
            for anchor, indices in self.anchors[start].items()
            if anchor in squeezed
            for index in indices
        )
        candidates = [
            Found(m.start(), m.end(), self.names[i]) for i in present for m in self.names[i].pattern.finditer(text)
        ]
        candidates.sort(key=lambda f: (f.start - f.end, -len(f.name.alias), f.start))
        chosen: list[Found] = []
        taken: set[int] = set()
        for found in candidates:
            if taken.isdisjoint(range(found.start, found.end)):
                chosen.append(found)
                taken.update(range(found.start, found.end))
        return sorted((f for f in chosen if f.weapon is not None), key=lambda f: f.start)

    def lookup(self, name: str) -> Weapon | None:
        """The weapon a free-text name denotes: an alias, else the first name found inside it."""
        key = _lookup_key(name)
        if key in self.table:
            return self.table[key]
        if key.endswith("s") and key[:-1] in self.table:
            return self.table[key[:-1]]
        found = self.matches(name)
        named = [f.weapon for f in found if f.weapon is not None and not f.weapon.generic]
        return named[0] if named else (found[0].weapon if found else None)


def weapon_for(name: str) -> Weapon | None:
    """The canonical weapon for any of its names ("Geran-2", "kh101", "T-72B3"), or None."""
    return WeaponLexicon.load().lookup(name)


@register("weapons")
class WeaponExtractor:
    """Finds weapon mentions: named systems with their nouns, and generic weapon words."""

    name = "weapons"

    def __init__(self) -> None:
        self.lexicon = WeaponLexicon.load()

    def __call__(self, context: ExtractionContext) -> None:
        found = self._with_nouns(context.text, self.lexicon.matches(context.text))
        sentences = {id(f): context.sentence_index(f.start) for f in found}
        unambiguous = {sentences[id(f)] for f in found if not f.name.ambiguous}
        for item in found:
            if item.name.ambiguous and not item.extended and sentences[id(item)] not in unambiguous:
                continue
            if item.weapon is None or (item.weapon.generic and self._is_verb(context.doc, item)):
                continue
            context.extraction.mentions.append(
                Mention("weapon", context.span(item.start, item.end), item.weapon)
            )

    def _with_nouns(self, text: str, found: list[Found]) -> list[Found]:
        """Named systems take in the generic words, head nouns and other names of the same system
        right beside them ("Shahed-136 drones", "3M-14 Kalibr", "Patriot batteries")."""
        at = {f.start: f for f in found if f.weapon is not None}
        generic_to = {f.end: f for f in at.values() if f.weapon.generic}  # type: ignore[union-attr]
        absorbed: set[int] = set()
        named: list[Found] = []
        for item in found:
            if item.weapon is None or item.weapon.generic or item.start in absorbed:
                continue
            start, end = item.start, item.end
            while True:
                gap = re.match(r"\s+|-", text[end:])
                neighbour = at.get(end + gap.end()) if gap else None
                if neighbour is not None and neighbour.weapon is not None and (
                    neighbour.weapon.generic or neighbour.weapon == item.weapon
                ):
                    absorbed.add(neighbour.start)
                    end = neighbour.end
                elif head := self.lexicon.heads.match(text, end):
                    end = head.end()
                else:
                    break
            before = text[:start].rstrip()
            if len(before) < start and len(before) in generic_to:
                start = generic_to[len(before)].start
                absorbed.add(start)
            named.append(replace(item, start=start, end=end, extended=(start, end) != (item.start, item.end)))
        kept = [f for f in found if f.weapon is not None and f.weapon.generic and f.start not in absorbed]
        return sorted(named + kept, key=lambda f: f.start)

    @staticmethod
    def _is_verb(doc: Doc, item: Found) -> bool:
        """Whether a generic word is used as a verb here ("Russia shells Kharkiv")."""
        span = doc.char_span(item.start, item.end, alignment_mode="expand")
        return span is not None and span[-1].pos_ in ("VERB", "AUX")


def origin_modifier(context: ExtractionContext, weapon: Mention) -> Mention | None:
    """The state mention naming where a weapon comes from, or None.

    "North Korean missiles", "DPRK ballistic missiles", "Iranian-made drones", "North Korea's
    KN-23", "missiles from North Korea", "drones supplied by Iran". The side using the weapon is
    not its origin: in "Russian forces fired Iranian drones" the origin is Iran. A bare adjective
    that contradicts a named system's known origin ("Ukrainian HIMARS") names its user instead.
    """
    doc = context.doc
    weapon_span = doc.char_span(weapon.span.start, weapon.span.end, alignment_mode="expand")
    if weapon_span is None:
        return None
    states = [
        m for m in context.mentions_of("actor")
        if m.span.sentence == weapon.span.sentence and isinstance(m.value, Actor) and m.value.kind == "state"
    ]
    cues = WeaponLexicon.load().origin
    known = weapon.value.origin if isinstance(weapon.value, Weapon) else None
    for actor in sorted((m for m in states if m.span.end <= weapon.span.start), key=lambda m: -m.span.end):
        between = context.text[actor.span.end : weapon.span.start]
        joined = cues.joined.fullmatch(between)
        stated = joined is not None and joined.group("joiner") is not None
        if not (joined or _modifies(doc, actor, weapon_span)):
            continue
        if stated or known is None or actor.value.name == known:  # type: ignore[union-attr]
            return actor
        return None
    return _origin_after(doc, weapon_span, [m for m in states if m.span.start >= weapon.span.end], cues)


def _modifies(doc: Doc, actor: Mention, weapon_span: Span) -> bool:
    """Whether the actor's words modify the weapon's noun, directly or through other modifiers."""
    actor_span = doc.char_span(actor.span.start, actor.span.end, alignment_mode="expand")
    if actor_span is None:
        return False
    node: Token = actor_span.root
    for _ in range(4):
        if node.dep_ not in MODIFIER_DEPS or node.head.i == node.i:
            return False
        node = node.head
        if weapon_span.start <= node.i < weapon_span.end:
            return True
    return False


def _origin_after(doc: Doc, weapon_span: Span, actors: list[Mention], cues: OriginCues) -> Mention | None:
    """An origin after the weapon: "missiles from North Korea", "drones made in Iran"."""
    node = weapon_span.root
    while node.dep_ == "compound" and node.head.i != node.i:
        node = node.head
    phrases: list[Token] = []
    for child in node.children:
        if child.dep_ == "prep" and child.lower_ in cues.prepositions:
            phrases.append(child)
        elif child.dep_ in ("acl", "relcl") and child.lemma_.lower() in cues.verbs:
            phrases.extend(
                c for c in child.children
                if c.dep_ in ("prep", "agent") and c.lower_ in cues.verb_prepositions
            )
    following = doc[weapon_span.end] if weapon_span.end < len(doc) else None
    if following is not None and following.lower_ in cues.prepositions:
        phrases.append(following)
    for phrase in phrases:
        for actor in actors:
            if phrase.idx < actor.span.start and actor.span.start <= phrase.idx + _reach(phrase):
                return actor
    return None


def _reach(phrase: Token) -> int:
    """How far (in characters) a preposition's object reaches: its subtree, or the next 3 words."""
    subtree = list(phrase.subtree)
    tokens = subtree if len(subtree) > 1 else list(phrase.doc[phrase.i : phrase.i + 4])
    return tokens[-1].idx - phrase.idx
