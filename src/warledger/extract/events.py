"""Event assembly: triggers found in the parse become events whose arguments are earlier mentions.

Attacks, arms transfers, invasions and cooperation come from trigger words (``events.yaml``);
statements, accusations and denials come from the attribution extractor's claims. Each event gets
a modality (asserted, reported, potential, denied) from hedges, negation and the claim it sits in.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import cache

from spacy.tokens import Doc, Token

from warledger.extract.actors import ActorLexicon, actor_for
from warledger.extract.base import ExtractionContext, load_data, register
from warledger.extract.weapons import origin_modifier
from warledger.model import (
    Actor,
    Claim,
    Event,
    EventField,
    EventType,
    Mention,
    Modality,
    Place,
    Quantity,
    Source,
    Span,
    TimeValue,
    Weapon,
)

CASUALTY_ROLES = ("killed", "injured")
CIVILIANS = "civilians"
TOLL_REACH = 2
# Words read past a phrasal trigger's complement to its object: "to a Georgian wine shop's back door".
OBJECT_REACH = 6
MULTI_VALUED_ROLES = frozenset({"participant", "accused"})
PARTY_ROLES = frozenset({"attacker", "target", "supplier", "recipient"})
PLACE_SPECIFICITY = {"city": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 4}
MODIFIER_LINKS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
LIST_SEPARATORS = frozenset({",", "and", "or", "&"})
CLAUSE_LINKS = frozenset({"xcomp", "conj", "acl", "relcl", "prep", "pobj", "pcomp", "advcl", "ccomp", "dobj", "appos", "amod", "compound"})


class Setting(IntEnum):
    """What a place is to an event, surest site first."""

    SITE = 0  # the object of a locative preposition: "in Vinnytsia"
    UNMARKED = 1  # named without a preposition telling: "shelled Kharkiv", "the Kharkiv strike"
    MOVEMENT = 2  # where a movement went or came from: "travelled to Poltava"
    ORIGIN = 3  # where a participant is from: "a man from Odesa"


@dataclass(frozen=True)
class EventVocabulary:
    """The trigger words, prepositions and cue words of ``events.yaml``, ready for lookup."""

    verb_triggers: dict[str, EventType]
    noun_triggers: dict[str, EventType]
    recipient_subject_verbs: frozenset[str]
    aggregate_triggers: frozenset[str]
    aggregate_count_units: frozenset[str]
    claim_event_types: dict[str, EventType]
    prepositions: dict[str, frozenset[str]]
    potential_cues: frozenset[str]
    reported_cues: frozenset[str]
    negation_cues: frozenset[str]
    casualty_lemmas: dict[str, str]
    casualty_units: frozenset[str]
    attack_core_roles: frozenset[str]
    minimum_attack_roles: int
    phrase_slots: dict[str, dict[str, tuple[str, ...]]]
    frames: dict[tuple[EventType, str], str]
    phrasal_triggers: dict[str, tuple[EventType, frozenset[str]]]
    unambiguous_attack_triggers: frozenset[str]
    witness_verbs: frozenset[str]
    performing_verbs: frozenset[str]
    phrase_modifiers: frozenset[str]
    state_participles: frozenset[str]
    property_nouns: frozenset[str]
    property_keepers: dict[str, str]
    private_property_modifiers: frozenset[str]
    partitive_nouns: frozenset[str]
    force_actors: dict[str, str | dict[str, str]]
    dispossessing_frames: frozenset[str]
    owning_verbs: frozenset[str]
    time_nouns: frozenset[str]
    bearing_words: frozenset[str]
    directive_nouns: frozenset[str]
    responsibility_nouns: frozenset[str]
    aiming_verbs: frozenset[str]
    sited_triggers: frozenset[str]
    instrument_verbs: frozenset[str]
    munition_participles: frozenset[str]
    means_triggers: frozenset[str]
    trigger_lemmas: frozenset[str]
    # "shoot" of a "shoot down" frame: only such a verb's particles need reading
    particle_verbs: frozenset[str]

    @classmethod
    @cache
    def load(cls) -> EventVocabulary:
        """Read ``events.yaml`` once per process."""
        data = load_data("events.yaml")
        verbs: dict[str, EventType] = {}
        nouns: dict[str, EventType] = {}
        for type_name, words in data["triggers"].items():
            for lemma in words.get("verbs", []):
                verbs[lemma] = EventType(type_name)
            for lemma in words.get("nouns", []):
                nouns[lemma] = EventType(type_name)
        phrasal = {
            lemma: (EventType(type_name), frozenset(words))
            for type_name, phrasal_verbs in data["phrasal_triggers"].items()
            for lemma, words in phrasal_verbs.items()
        }
        frames = {
            (EventType(spec["type"]), lemma): frame
            for frame, spec in data["frames"].items()
            for lemma in spec["triggers"]
        }
        return cls(
            verb_triggers=verbs,
            noun_triggers=nouns,
            recipient_subject_verbs=frozenset(data["recipient_subject_verbs"]),
            aggregate_triggers=frozenset(data["aggregate_triggers"]),
            aggregate_count_units=frozenset(data["aggregate_count_units"]),
            claim_event_types={
                lemma: EventType(type_name)
                for type_name, lemmas in data["claim_event_types"].items()
                for lemma in lemmas
            },
            prepositions={role: frozenset(words) for role, words in data["prepositions"].items()},
            potential_cues=frozenset(data["potential_cues"]),
            reported_cues=frozenset(data["reported_cues"]),
            negation_cues=frozenset(data["negation_cues"]),
            casualty_lemmas={
                lemma: role for role, lemmas in data["casualties"].items() for lemma in lemmas
            },
            casualty_units=frozenset(data["casualty_units"]),
            attack_core_roles=frozenset(data["attack_core_roles"]),
            minimum_attack_roles=int(data["minimum_attack_roles"]),
            phrase_slots={
                frame: {role: tuple(slots) for role, slots in roles.items()}
                for frame, roles in data["phrase_slots"].items()
            },
            frames=frames,
            phrase_modifiers=frozenset(data["phrase_modifiers"]),
            phrasal_triggers=phrasal,
            unambiguous_attack_triggers=frozenset(data["unambiguous_attack_triggers"]),
            witness_verbs=frozenset(data["witness_verbs"]),
            performing_verbs=frozenset(data["performing_verbs"]),
            state_participles=frozenset(data["state_participles"]),
            property_nouns=frozenset(data["property_nouns"]),
            property_keepers={word: kind for kind, words in data["property_keepers"].items() for word in words},
            force_actors=dict(data["force_actors"]),
            private_property_modifiers=frozenset(data["private_property_modifiers"]),
            partitive_nouns=frozenset(data["partitive_nouns"]),
            dispossessing_frames=frozenset(data["dispossessing_frames"]),
            owning_verbs=frozenset(data["owning_verbs"]),
            time_nouns=frozenset(data["time_nouns"]),
            bearing_words=frozenset(data["bearing_words"]),
            directive_nouns=frozenset(data["directive_nouns"]),
            responsibility_nouns=frozenset(data["responsibility_nouns"]),
            aiming_verbs=frozenset(data["aiming_verbs"]),
            sited_triggers=frozenset(data["sited_triggers"]),
            instrument_verbs=frozenset(data["instrument_verbs"]),
            munition_participles=frozenset(data["munition_participles"]),
            means_triggers=frozenset(data["means_triggers"]),
            trigger_lemmas=frozenset(verbs.keys() | nouns.keys() | phrasal.keys()),
            particle_verbs=frozenset(
                lemma[:i] for _, lemma in frames for i, char in enumerate(lemma) if char == " "
            ),
        )

    def trigger_type(self, token: Token) -> EventType | None:
        """The event type a token triggers, if any."""
        lemma = token.lemma_.lower()
        if lemma not in self.trigger_lemmas:
            return None
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            # "the occupied territories", "forces occupying the town": a lasting state
            if lemma in self.state_participles and token.dep_ in ("amod", "acl"):
                return None
            if lemma in self.phrasal_triggers and self.complement(token):
                return self.phrasal_triggers[lemma][0]
            return self.verb_triggers.get(lemma)
        if token.pos_ in ("NOUN", "PROPN"):
            return self.noun_triggers.get(lemma)
        return None

    def complement(self, token: Token) -> list[Token]:
        """The words completing a phrasal trigger: "fire" of "set fire to", "on fire" of "set ... on fire"."""
        words = self.phrasal_triggers.get(token.lemma_.lower(), (None, frozenset()))[1]
        if token.dep_ in ("amod", "compound") and token.head.lower_ in words:
            return [token.head]  # "two boys set fire to ..." parsed as a noun phrase "set fire"
        for child in token.children:
            if child.lower_ in words:
                return [child]
            if child.dep_ == "prep" and (found := [o for o in child.children if o.lower_ in words]):
                return [child, *found]
            # "set a cafe on fire": the parser may hang the complement on the object
            if child.dep_ == "dobj" and (
                found := [(p, o) for p in child.children if p.dep_ == "prep" for o in p.children if o.lower_ in words]
            ):
                return list(found[0])
            # the parser may make the verb a modifier of its complement: "(set) fire" as one noun
            if child.dep_ in ("compound", "amod") and token.lower_ in self.phrasal_triggers.get(child.lemma_.lower(), (None, frozenset()))[1]:
                return [child]
        return []


class ParsedTokens:
    """A parse's tokens, sentences and subtrees, each built once.

    spaCy makes a new Python object on every ``doc[i]``, ``token.sent`` or ``token.subtree``
    step, and event assembly reads the same few over and over.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens: list[Token] = list(doc)
        self.starts = [t.idx for t in self.tokens]
        self.ends = [t.idx + len(t) for t in self.tokens]
        last = self.tokens[-1] if self.tokens else None
        self.length = last.idx + len(last.text_with_ws) if last is not None else 0
        self.sentence_bounds = [(s.start, s.end) for s in doc.sents]
        self._sentence_firsts = [start for start, _ in self.sentence_bounds]
        self._subtrees: dict[int, tuple[Token, ...]] = {}

    def sentences(self) -> Iterator[list[Token]]:
        """The tokens of each sentence, in order."""
        return (self.tokens[start:end] for start, end in self.sentence_bounds)

    def sentence(self, token: Token) -> list[Token]:
        """The tokens of the sentence holding ``token``."""
        start, end = self.sentence_bounds[bisect_right(self._sentence_firsts, token.i) - 1]
        return self.tokens[start:end]

    def char_range(self, start: int, end: int) -> range | None:
        """The token indices of ``doc.char_span(start, end, alignment_mode="expand")``, without the span."""
        first, last = self._token_by_char(start), self._token_by_char(end - 1)
        if first < 0 or last < 0:
            return None
        if start == self.ends[first]:
            first += 1  # the span starts in the space after a token
        return range(first, last + 1)

    def _token_by_char(self, char: int) -> int:
        # a token owns its trailing whitespace, as in spaCy's own lookup
        return bisect_right(self.starts, char) - 1 if 0 <= char < self.length else -1

    def subtree(self, token: Token) -> tuple[Token, ...]:
        """``token.subtree`` (same tokens, same order), built once per token."""
        found = self._subtrees.get(token.i)
        if found is None:
            tokens = self.tokens
            found = self._subtrees[token.i] = tuple(tokens[t.i] for t in token.subtree)
        return found


_last_parsed: ParsedTokens | None = None


def parsed(doc: Doc) -> ParsedTokens:
    """The built tokens of ``doc``: those of the last document asked about are kept."""
    global _last_parsed
    last = _last_parsed  # one read: another thread may replace it meanwhile
    if last is None or last.doc is not doc:
        last = _last_parsed = ParsedTokens(doc)
    return last


def subtree(token: Token) -> tuple[Token, ...]:
    """The token's subtree as spaCy orders it, built once per parse."""
    return parsed(token.doc).subtree(token)


def sentence_of(token: Token) -> list[Token]:
    """The tokens of the sentence holding ``token``."""
    return parsed(token.doc).sentence(token)


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens that start within the characters ``start:end`` (a bisection, not a scan)."""
    tokens = parsed(doc)
    return tokens.tokens[bisect_left(tokens.starts, start) : bisect_left(tokens.starts, end)]


def token_at(doc: Doc, char: int) -> Token | None:
    """The token that starts at character ``char``, if one does."""
    found = tokens_between(doc, char, char + 1)
    return found[0] if found else None


class MentionIndex:
    """Finds the mentions (of earlier extractors) that cover given tokens."""

    def __init__(self, context: ExtractionContext) -> None:
        # kind -> token index -> the mentions of that kind covering the token, in mention order
        self._by_kind: dict[str, dict[int, list[Mention]]] = {}
        self.doc = context.doc
        tokens = parsed(context.doc)
        for mention in context.extraction.mentions:
            indices = tokens.char_range(mention.span.start, mention.span.end)
            if indices is None:
                continue
            covering = self._by_kind.setdefault(mention.kind, {})
            for i in indices:
                covering.setdefault(i, []).append(mention)

    def at(self, token: Token, kind: str) -> Mention | None:
        """The mention of ``kind`` covering ``token``, if any."""
        mentions = self._by_kind.get(kind, {}).get(token.i)
        return mentions[0] if mentions else None

    def within(self, tokens: Iterable[Token], kind: str) -> list[Mention]:
        """Distinct mentions of ``kind`` covering any of ``tokens``, in text order."""
        covering = self._by_kind.get(kind)
        if not covering:
            return []
        found: dict[tuple[int, int], Mention] = {}
        for token in tokens:
            for mention in covering.get(token.i, ()):
                found.setdefault((mention.span.start, mention.span.end), mention)
        return sorted(found.values(), key=lambda m: m.span.start)


@dataclass
class Draft:
    """An event being assembled from one trigger."""

    type: EventType
    trigger: Token
    fields: dict[str, list[EventField]] = field(default_factory=dict)
    aggregate: bool = False
    other_triggers: frozenset[int] = frozenset()
    specific: bool = False

    def own_tokens(self) -> list[Token]:
        """The trigger's subtree without the subtrees of other triggers nested in it.

        In "launched missiles 50 times, including three devastating Kharkiv", Kharkiv belongs to
        "devastating", not to "launched".
        """
        nested = {
            inner.i
            for other in subtree(self.trigger)
            if other.i in self.other_triggers
            for inner in subtree(other)
        }
        return [t for t in subtree(self.trigger) if t.i not in nested]

    def used_spans(self) -> set[tuple[int, int]]:
        """Character spans already filling a role."""
        return {(f.span.start, f.span.end) for values in self.fields.values() for f in values}

    def add(self, role: str, mention: Mention, value: str | None = None) -> None:
        """Fill ``role`` with a mention (once per distinct span)."""
        existing = self.fields.setdefault(role, [])
        if any(f.span == mention.span for f in existing):
            return
        if role not in MULTI_VALUED_ROLES and existing:
            return
        existing.append(EventField(role, value or display_value(mention), mention.span, mention.value))

    def add_phrase(self, role: str, span: Span) -> None:
        """Fill an empty ``role`` with a noun phrase no extractor typed ("gunmen", "the hospital")."""
        if not self.has(role):
            self.fields[role] = [EventField(role, span.text, span)]

    def has(self, role: str) -> bool:
        """Whether ``role`` is filled."""
        return bool(self.fields.get(role))

    def has_typed(self, role: str) -> bool:
        """Whether ``role`` is filled by a value an extractor recognised (not a bare phrase)."""
        return any(f.typed is not None for f in self.fields.get(role, ()))


def display_value(mention: Mention) -> str:
    """The human-readable value of a mention: the canonical name where there is one."""
    value = mention.value
    if isinstance(value, (Actor, Weapon, Source)):
        return value.name
    if isinstance(value, Place):
        return value.name
    if isinstance(value, TimeValue):
        return value.value
    if isinstance(value, Quantity):
        return format_quantity(value)
    return mention.span.text


def format_quantity(quantity: Quantity) -> str:
    """A quantity as an analyst would write it: "approximately 7000 containers"."""

    def number(x: float | None) -> str:
        return "" if x is None else (str(int(x)) if float(x).is_integer() else str(x))

    if quantity.qualifier.value == "range":
        core = f"{number(quantity.low)}-{number(quantity.high)}"
    else:
        core = number(quantity.value if quantity.value is not None else quantity.low)
        if quantity.qualifier.value != "exact":
            core = f"{quantity.qualifier.value.replace('_', ' ')} {core}"
    return f"{core} {quantity.unit}".strip() if quantity.unit else core


def field_key(f: EventField) -> object:
    """What makes two fields the same value (canonical ids where known)."""
    typed = f.typed
    if isinstance(typed, (Actor, Weapon)):
        return typed.id
    if isinstance(typed, Place):
        return typed.geonames_id or typed.name
    if isinstance(typed, Quantity):
        return (typed.value, typed.low, typed.high, typed.unit)
    if isinstance(typed, TimeValue):
        return typed.value
    return f.value.lower()


@register("events")
class EventAssembler:
    """Assembles events from triggers and claims, with modality and per-field provenance."""

    name = "events"

    def __init__(self) -> None:
        self.vocabulary = EventVocabulary.load()

    def __call__(self, context: ExtractionContext) -> None:
        index = MentionIndex(context)
        claims = context.extraction.claims
        cue_tokens = self._cue_tokens(context)
        drafts: list[Draft] = []
        for sentence in parsed(context.doc).sentences():
            triggers = self._triggers(index, sentence, cue_tokens)
            trigger_ids = frozenset(token.i for token, _ in triggers)
            sentence_drafts = [
                self._assemble(context, index, Draft(event_type, token, other_triggers=trigger_ids - {token.i}), cue_tokens)
                for token, event_type in triggers
            ]
            for draft in self._merge_compatible(sentence_drafts):
                if draft.type is EventType.ATTACK:
                    self._fill_owner(context, index, draft)  # the merged event may know where it was
                if self._keep(draft):
                    drafts.append(draft)
                else:
                    self._carry_casualties(context, draft, drafts)
        events = [self._finish(context, draft, claims) for draft in drafts]
        events.extend(self._claim_event(context, index, claim) for claim in claims)
        events.sort(key=lambda e: (e.trigger.start, e.type.value))
        doc_id = context.extraction.document.id
        numbered = [replace(event, id=f"{doc_id}:e{n}") for n, event in enumerate(events, 1)]
        context.extraction.events.extend(numbered)
        context.extraction.claims[:] = [self._link(claim, numbered) for claim in claims]

    def arguments_at(
        self, context: ExtractionContext, trigger_start: int, trigger_end: int, event_type: EventType
    ) -> Event | None:
        """The event of ``event_type`` whose trigger is the given characters, its roles filled.

        The trigger is the syntactic head of ``trigger_start:trigger_end``; arguments are filled by
        the same code the pipeline runs for triggers it finds itself (other triggers of the sentence
        still keep their own subtrees), but the event is returned even when the pipeline would drop
        it for too few roles. None when the characters cover no token.
        """
        span = context.doc.char_span(trigger_start, trigger_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        trigger = span.root
        cue_tokens = self._cue_tokens(context)
        index = MentionIndex(context)
        others = frozenset(token.i for token, _ in self._triggers(index, sentence_of(trigger), cue_tokens)) - {trigger.i}
        draft = self._assemble(context, index, Draft(event_type, trigger, other_triggers=others), cue_tokens)
        event = self._finish(context, draft, context.extraction.claims)
        return replace(event, id=f"{context.extraction.document.id}:t{trigger.idx}")

    def _cue_tokens(self, context: ExtractionContext) -> set[int]:
        """Tokens of claim cues: a reporting verb ("said") never triggers an event itself."""
        return {t.i for claim in context.extraction.claims for t in self._tokens(context, claim.cue)}

    def _triggers(
        self, index: MentionIndex, sentence: Iterable[Token], cue_tokens: set[int]
    ) -> list[tuple[Token, EventType]]:
        """The trigger words of a sentence with the event type each triggers."""
        return [
            (token, event_type)
            for token in sentence
            if (event_type := self.vocabulary.trigger_type(token)) is not None
            and token.i not in cue_tokens
            and not self._says_who_keeps(index, token)
        ]

    def _says_who_keeps(self, index: MentionIndex, token: Token) -> bool:
        """Whether a participle only says who has a thing that is no weapon: "used" of "lorries used
        by the army" (but "drones used by the army" were used to attack).
        """
        return (
            token.dep_ == "acl"
            and token.tag_ == "VBN"
            and token.lemma_.lower() in self.vocabulary.owning_verbs
            and token.head.lemma_.lower() in self.vocabulary.property_nouns
            and index.at(token.head, "weapon") is None
        )

    # -- assembling one trigger ---------------------------------------------------------------

    def _assemble(
        self, context: ExtractionContext, index: MentionIndex, draft: Draft, cue_tokens: set[int]
    ) -> Draft:
        event_type = draft.type
        vocab = self.vocabulary
        draft.specific = draft.trigger.lemma_.lower() in vocab.unambiguous_attack_triggers or bool(vocab.complement(draft.trigger))
        if event_type is EventType.ATTACK:
            self._fill_attack(context, index, draft, cue_tokens)
        elif event_type is EventType.ARMS_TRANSFER:
            self._fill_transfer(index, draft, cue_tokens)
        elif event_type is EventType.INVASION:
            self._fill_invasion(index, draft, cue_tokens)
        else:
            self._fill_cooperation(index, draft)
        self._fill_time_and_place(index, draft)
        self._fill_phrases(context, index, draft)
        if event_type is EventType.ATTACK:
            self._fill_owner(context, index, draft)
        return draft

    # -- whose property was hit ---------------------------------------------------------------

    def _fill_owner(self, context: ExtractionContext, index: MentionIndex, draft: Draft) -> None:
        """Whose property an attack hit, when its target is a thing rather than a side.

        The owner named with the thing is it ("the van of a mayor", "a kiosk belonging to a
        councillor"); a listed kind of property with no owner named is the civilians' ("looted homes"),
        or, qualified as a force's ("a military van", "police cars"), that force's (see
        :meth:`_keeper`). What is looted from a place ("looted Beryslav") is its people's.
        """
        target = draft.fields.get("target", [None])[0]
        if target is None:
            return
        civilians = actor_for(CIVILIANS)
        if isinstance(target.typed, Place) and self._frame(draft) in self.vocabulary.dispossessing_frames:
            if civilians is not None:
                draft.add("owner", Mention("actor", target.span, civilians))
            return
        tokens = self._tokens(context, target.span) if target.typed is None else []
        if not tokens:
            return
        thing = self._counted(tokens[-1])
        phrase = [*subtree(thing), *(t for verb in self._owning_clauses(thing) for t in subtree(verb))]
        named = [m for m in index.within(phrase, "actor") if self._owned_thing(index.doc, m) == thing]
        if named:
            draft.add("owner", named[0])
            return
        if thing.lemma_.lower() not in self.vocabulary.property_nouns:
            return
        modifiers = [t for c in thing.lefts if c.dep_ in ("amod", "compound") for t in subtree(c)]
        # "the pickup of a police sergeant", "vans used by the army": the owner's words count
        words = [thing, *modifiers, *self._owner_phrase(thing)]
        keeper = next(
            (self.vocabulary.property_keepers[t.lemma_.lower()] for t in words if t.lemma_.lower() in self.vocabulary.property_keepers),
            None,
        )
        if any(t.lower_ in self.vocabulary.private_property_modifiers for t in modifiers):
            keeper = None
        owner = self._keeper(index, draft, keeper, modifiers) if keeper else civilians
        if owner is not None:
            draft.add("owner", Mention("actor", target.span, owner))

    def _counted(self, token: Token) -> Token:
        """The thing an amount or part counts: "grain" of "a batch of grain", else the token."""
        while token.lemma_.lower() in self.vocabulary.partitive_nouns:
            counted = next((o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"), None)
            if counted is None:
                break
            token = counted
        return token

    def _owner_phrase(self, thing: Token) -> list[Token]:
        """The words naming who owns a thing, known or not: "a police sergeant" of "the pickup of a
        police sergeant", "the army" of "vans used by the army".
        """
        owners = [c for c in thing.children if c.dep_ == "poss"]
        owners += [o for c in thing.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
        owners += [
            o for verb in self._owning_clauses(thing)
            for c in verb.children if c.dep_ in ("prep", "agent") for o in c.children if o.dep_ == "pobj"
        ]
        return [t for owner in owners[:1] for t in self._phrase_tokens(owner)]

    def _owning_clauses(self, thing: Token) -> list[Token]:
        """The verbs of owning that qualify a thing: "belonging" of "a kiosk belonging to a priest"."""
        clauses = [c for c in thing.children if c.dep_ == "acl" and c.lemma_.lower() in self.vocabulary.owning_verbs]
        if thing.dep_ in ("amod", "compound") and self._owned_by(thing.head) == thing:
            clauses.append(thing.head)
        return clauses

    def _owned_by(self, verb: Token) -> Token | None:
        """The thing a verb of owning qualifies: "minibus" of "a minibus belonging to a priest".

        The parser may read the participle as the head noun and the thing as its modifier ("a
        depot run by the army"): the thing is then the listed kind of property left of it.
        """
        if verb.lemma_.lower() not in self.vocabulary.owning_verbs:
            return None
        if verb.pos_ not in ("NOUN", "PROPN"):
            return verb.head
        if not any(c.dep_ in ("prep", "agent") for c in verb.rights):
            return None
        return next(
            (c for c in reversed(list(verb.lefts)) if c.dep_ in ("amod", "compound") and c.lemma_.lower() in self.vocabulary.property_nouns),
            None,
        )

    def _named_thing(self, head: Token) -> Token:
        """The noun a phrase headed by ``head`` names: the thing of a misread "a depot run by ..."."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return head
        return self._owned_by(head) or head

    def _owned_thing(self, doc: Doc, mention: Mention) -> Token | None:
        """The listed property a mention is named as owning: "van" in "the van of a mayor"."""
        token = token_at(doc, mention.span.start)
        while token is not None and token.dep_ in ("compound", "amod") and token.head.i != token.i:
            token = token.head
        # "a bank of a Russian company": the adjective qualifies the owner, the company owns
        if token is None or not mention.span.start <= token.idx < mention.span.end:
            return None
        head = token.head
        if token.dep_ == "poss":
            thing = head
        elif token.dep_ == "pobj" and head.lower_ == "of":
            thing = head.head
        elif token.dep_ == "pobj" and (owned := self._owned_by(head.head)) is not None:
            thing = owned  # "a minibus belonging to a priest", "a kiosk owned by a councillor"
        else:
            return None
        return thing if thing.lemma_.lower() in self.vocabulary.property_nouns else None

    def _describes_property(self, doc: Doc, mention: Mention) -> bool:
        """Whether an actor only qualifies a listed kind of property: "a Russian insurance office",
        "the Hungarian cultural centre Pannonia".
        """
        token = token_at(doc, mention.span.start)
        if token is None or token.dep_ not in ("compound", "amod"):
            return False
        while token.dep_ in ("compound", "amod") and token.head.i != token.i:
            token = token.head
            # "a territorial recruitment center" is itself the name of a side
            inside = mention.span.start <= token.idx < mention.span.end
            if not inside and token.lemma_.lower() in self.vocabulary.property_nouns:
                return True
        return False

    def _keeper(self, index: MentionIndex, draft: Draft, kind: str, modifiers: list[Token]) -> Actor | None:
        """The force of ``kind`` keeping a thing: the one of the state named with it ("Russian
        military trucks", "Russian army equipment"), else the one of the country where the event's
        place lies, if either is known.
        """
        named = [
            m.value.id if m.value.kind == "state" else m.value.country
            for m in index.within(modifiers, "actor") if isinstance(m.value, Actor)
        ]
        countries = [country for country in named if country]
        place = draft.fields.get("place", [None])[0]
        if countries:
            country = countries[0]
        elif place is not None and isinstance(place.typed, Place) and place.typed.country_code:
            country = place.typed.country_code
        else:
            return None
        actors = self.vocabulary.force_actors[kind]
        actor_id = actors.format(country=country) if isinstance(actors, str) else actors.get(country)
        return ActorLexicon.load().ids.get(actor_id) if actor_id else None

    # -- untyped arguments --------------------------------------------------------------------

    def _fill_phrases(self, context: ExtractionContext, index: MentionIndex, draft: Draft) -> None:
        """Roles no recognised mention filled, from the trigger's syntactic slots (``phrase_slots``).

        "Gunmen stormed the hospital" names no known actor or place, yet says who attacked what:
        such roles get the bare noun phrase, untyped, so they never count as recognised.
        """
        frame = self._frame(draft)
        tokens = parsed(context.doc)
        used = [tokens.char_range(a, b) for a, b in draft.used_spans()]
        taken = {i for indices in used if indices is not None for i in indices}
        # "fire" of "set fire to" is part of the trigger; "windows" of "broke windows" was hit
        taken.update(
            t.i for t in self.vocabulary.complement(draft.trigger) if t.lemma_.lower() not in self.vocabulary.property_nouns
        )

        def free(token: Token) -> bool:
            # "on 12 July", "at night" is when, "at the order of" who wanted it: never what was hit
            lemma = token.lemma_.lower()
            return (
                token.i not in taken
                and lemma not in self.vocabulary.time_nouns
                and lemma not in self.vocabulary.directive_nouns
                and index.at(token, "date") is None
            )

        for role, slots in self.vocabulary.phrase_slots.get(frame, {}).items():
            if draft.has(role):
                continue
            for slot in slots:
                head = self._slot_head(draft.trigger, slot, free)
                if head is None or not free(head) or (head.i == draft.trigger.i) != (slot == "itself") or head.i in draft.other_triggers:
                    continue
                # "at one", "in 1,000": a place is named by a noun
                if role == "place" and head.pos_ not in ("NOUN", "PROPN"):
                    continue
                if role == "attacker" and self._is_munition(head):
                    continue  # "mortar-fired shells hit the market": what hit was fired by someone
                if slot == "proper_modifier" and index.within(self._phrase_tokens(head), "place"):
                    continue  # "the Odesa Pier bombing" says where, not who
                # "the stolen grain": the participle trigger is not part of what it was done to
                tokens = [t for t in self._phrase_tokens(head) if t.i > draft.trigger.i or head.i < draft.trigger.i]
                if slot == "itself":
                    tokens = [*(c for c in head.lefts if c.dep_ == "compound"), head]
                draft.add_phrase(role, context.span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
                taken.update(t.i for t in tokens)
                conjuncts = [c for c in head.children if c.dep_ == "conj" and c.pos_ == head.pos_ and free(c)] if role == "place" else []
                for conjunct in conjuncts:
                    # "explosions at a market and a station": each site named is one
                    phrase = self._phrase_tokens(conjunct)
                    span = context.span(phrase[0].idx, conjunct.idx + len(conjunct.text))
                    draft.fields[role].append(EventField(role, span.text, span))
                    taken.update(t.i for t in phrase)
                break

    def _frame(self, draft: Draft) -> str:
        """The argument frame of a draft's trigger: its event type's, or its verb's own (``frames``).

        A verb with a particle ("shoot down") is looked up with it first.
        """
        lemma = draft.trigger.lemma_.lower()
        # the parser reads the particle of "shot down 2 drones" as an adverb as often as not
        particles = (
            [f"{lemma} {c.lower_}" for c in draft.trigger.children if c.dep_ in ("prt", "advmod")]
            if lemma in self.vocabulary.particle_verbs
            else []
        )
        for key in (*particles, lemma):
            if (draft.type, key) in self.vocabulary.frames:
                return self.vocabulary.frames[(draft.type, key)]
        return draft.type.value

    def _slot_head(self, trigger: Token, slot: str, free: Callable[[Token], bool]) -> Token | None:
        """The head noun filling one syntactic slot of a trigger, if the slot is filled.

        Of several prepositions of a slot ("on 12 July ... to a car"), the first whose object is
        ``free`` fills it.
        """
        if slot == "subject":
            head = self._child(trigger, ("nsubj",)) or self._governing_subject(trigger)
        elif slot == "agent":
            # "attacks carried out by militants": the performing verb's agent is the noun's
            performing = self.vocabulary.performing_verbs
            holders = [trigger, *(c for c in trigger.children if c.dep_ == "acl" and c.lemma_.lower() in performing)]
            head = next(
                (o for h in holders for c in h.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"),
                None,
            )
        elif slot == "proper_modifier":
            head = next((c for c in trigger.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        elif slot == "object":
            # "Kyiv was sent tanks": the object kept in the passive is what was given
            head = self._child(trigger, ("dobj",)) or self._child(trigger, ("nsubjpass",))
            if head is None and self._passive_participle(trigger):
                head = trigger.head  # "the hospital destroyed by ..."
            if head is None and trigger.pos_ == "VERB":
                head = self._shared_object(trigger)
        elif slot == "aimed":
            head = self._aimed_object(trigger, free) if trigger.pos_ in ("NOUN", "PROPN") else None
        elif slot in ("dative", "possessor"):
            head = self._child(trigger, ("dative",) if slot == "dative" else ("poss",))
            if head is not None and head.pos_ == "ADP":
                head = self._child(head, ("pobj",))  # "provided aid to refugees" parsed as a dative
        elif slot == "passive_receiver":
            # "Kyiv was sent tanks": with the object kept, the passive subject is who received
            head = self._child(trigger, ("nsubjpass",)) if self._child(trigger, ("dobj",)) is not None else None
        elif slot == "used":
            head = next(iter(self._used_objects(trigger)), None)
        elif slot == "itself":
            head = trigger if self._names_means(trigger) else None
        elif slot in ("side", "other_side"):
            head = self._sides(trigger)[0 if slot == "side" else 1]
        else:
            words = self.vocabulary.prepositions.get(slot.removeprefix("prep:"), frozenset()) if slot.startswith("prep:") else {slot}
            if slot == "prep:target" and trigger.lemma_.lower() in self.vocabulary.sited_triggers:
                words = words - self.vocabulary.prepositions["place"]  # "an explosion at a station"
            holders = [trigger, *([trigger.head] if self._light_verb(trigger) else [])]
            if slot == "prep:place":
                # "gunmen attacked a car in the yard": where what was hit stood, the attack was
                holders.extend([*self._clause_verb(trigger), *self._objects(trigger)])
            elif slot in ("prep:recipient", "prep:supplier"):
                # the parser often hangs "to Kyiv" of "sent tanks to Kyiv" on the object
                holders.extend(c for c in trigger.children if c.dep_ == "dobj")
            head = next((o for o in _prepositional_objects(holders, words) if free(o)), None)
        if head is not None and head.tag_ in ("WDT", "WP"):
            head = self._antecedent(head)
        if head is None or head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            return None
        # "fired a total of 9 shots": what fills the slot is the counted thing, not "total"
        return self._named_thing(self._counted(head))

    @staticmethod
    def _objects(trigger: Token) -> list[Token]:
        """The nouns a trigger acts on: its direct object and its prepositions' objects."""
        found = [c for c in trigger.children if c.dep_ == "dobj"]
        found += [o for c in trigger.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
        return found

    @staticmethod
    def _clause_verb(trigger: Token) -> list[Token]:
        """The verb a trigger is the subject of: "was" of "the explosion was at a station",
        "erupted" of "fighting erupted in a village". Where it says the event was, it was.
        """
        subject = trigger.dep_ in ("nsubj", "nsubjpass", "csubj")
        return [trigger.head] if subject and trigger.head.pos_ in ("VERB", "AUX") else []

    def _aimed_object(self, trigger: Token, free: Callable[[Token], bool]) -> Token | None:
        """What a noun trigger was aimed at through a verb of aiming.

        The verb has the trigger as subject ("the explosion targeted a pharmacy", "fire was aimed
        at a post") or qualifies it, its counted total or a noun of its phrase ("bombings aimed at
        a garrison", "a total of 9 bursts judged to be aimed at a drone").
        """
        aiming = self.vocabulary.aiming_verbs
        if trigger.dep_ == "nsubj" and trigger.head.lemma_.lower() in aiming:
            return self._child(trigger.head, ("dobj",))
        holders = {t.i for t in subtree(trigger) if t.pos_ in ("NOUN", "PROPN")}
        node = trigger
        # up to the noun the phrase is about: "a total of 9 rounds of rifle fire"
        while node.head.i != node.i and (node.dep_ in ("nmod", "compound", "conj", "appos") or (node.dep_ == "pobj" and node.head.lower_ == "of")):
            node = node.head.head if node.dep_ == "pobj" else node.head
            holders.add(node.i)
        verbs = [trigger.head] if trigger.dep_ == "nsubjpass" else []
        verbs += [t for t in sentence_of(trigger) if t.pos_ == "VERB" and _qualified_noun(t) in holders]
        targets = self.vocabulary.prepositions["target"]
        return next(
            (
                o for verb in verbs if verb.lemma_.lower() in aiming
                for p in verb.children if p.dep_ == "prep" and p.lower_ in targets
                for o in p.children if o.dep_ == "pobj" and free(o)
            ),
            None,
        )

    def _light_verb(self, trigger: Token) -> bool:
        """Whether a noun trigger is the object of a verb that performs it ("carried out airstrikes").

        Its subject and prepositions are then the noun's own; a witness's ("observed shots") or a
        commentator's ("termed the blast a provocation") are not, so the verbs are listed.
        """
        return (
            trigger.pos_ in ("NOUN", "PROPN")
            and trigger.dep_ == "dobj"
            and trigger.head.lemma_.lower() in self.vocabulary.performing_verbs
        )

    @staticmethod
    def _antecedent(pronoun: Token) -> Token | None:
        """What a relative pronoun stands for: "a man who was stabbed" -> "man"."""
        clause = next((t for t in pronoun.ancestors if t.dep_ == "relcl"), None)
        return clause.head if clause is not None else None

    @staticmethod
    def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
        return next((c for c in token.children if c.dep_ in deps), None)

    def _governing_subject(self, trigger: Token) -> Token | None:
        """The subject a trigger shares with the verb it hangs from ("began bombarding", "and shelled")."""
        if trigger.dep_ == "acl" and trigger.tag_ == "VBG":
            return trigger.head  # "planes bombarding the city"
        if self._light_verb(trigger):
            return self._child(trigger.head, ("nsubj",)) or self._governing_subject(trigger.head)
        claim = trigger.head.head if trigger.dep_ == "pobj" else None
        if claim is not None and claim.lemma_.lower() in self.vocabulary.responsibility_nouns and claim.dep_ == "dobj":
            return self._child(claim.head, ("nsubj",))  # "the brigade claimed responsibility for the raids"
        node = trigger
        while node.dep_ in ("xcomp", "conj", "advcl") and node.head.i != node.i:
            node = node.head
            subject = self._child(node, ("nsubj",))
            if subject is not None:
                return subject
        if node.dep_ == "acl" and node.tag_ == "VB" and node.head.pos_ == "NOUN":
            return self._child(node.head, ("poss",))  # "the group's decision to attack"
        return None

    def _shared_object(self, trigger: Token) -> Token | None:
        """The object of a verb coordinated with the trigger ("invade and annex the province")."""
        partners = [c for c in trigger.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        return next((o for verb in partners for o in verb.children if o.dep_ == "dobj"), None)

    def _phrase_tokens(self, head: Token) -> list[Token]:
        """A noun phrase without its determiner or trailing modifiers: "Palestinian terrorist"."""
        left = [
            t for child in head.lefts if child.dep_ in self.vocabulary.phrase_modifiers for t in subtree(child)
        ]
        start = min((t.i for t in left), default=head.i)
        return parsed(head.doc).tokens[start : head.i + 1]

    def _fill_attack(
        self, context: ExtractionContext, index: MentionIndex, draft: Draft, cue_tokens: set[int]
    ) -> None:
        trigger = draft.trigger
        vocab = self.vocabulary
        reciprocal = self._frame(draft) == "attack_reciprocal"
        if reciprocal:
            self._fill_sides(index, draft)
        for child in trigger.children:
            if reciprocal and child.dep_ == "nsubj":
                continue  # "the militia and the rebels clashed": both sides, read above
            if child.dep_ in ("nsubj", "agent") or (child.dep_ == "prep" and child.lower_ in vocab.prepositions["agent"]):
                child_tokens = list(subtree(child))
                weapon = index.within(child_tokens, "weapon")
                actors = self._agents(index.within(_without_clauses(child), "actor"))
                if actors:
                    draft.add("attacker", actors[0])
                if weapon:
                    draft.add("weapon", weapon[0])
            elif child.dep_ in ("dobj", "nsubjpass", "attr"):
                # what a plain attack verb destroys is hit, even a weapon ("destroyed a tank"); a
                # relative clause on it ("grain which was taken to Russia") names nothing hit
                self._fill_object(index, draft, _without_clauses(child, ("relcl",)), aimed=self._frame(draft) == EventType.ATTACK.value)
            elif child.dep_ == "prep" and reciprocal and child.lower_ in vocab.prepositions["counterpart"]:
                continue  # "clashed with the army": the other side (below), never a weapon
            elif child.dep_ == "prep":
                # "exploded at a station" says where, "fired at a post" what was aimed at
                sited = trigger.lemma_.lower() in vocab.sited_triggers
                role = self._preposition_role(child, ("place", "instrument", "target") if sited else ("target", "instrument", "place"))
                child_tokens = list(subtree(child))
                if role is None and self._frame(draft) == "attack_looted":
                    role = self._preposition_role(child, ("dispossessed",))
                ordered = any(o.lemma_.lower() in vocab.directive_nouns for o in child.children if o.dep_ == "pobj")
                if role in ("target", "dispossessed") and not ordered:
                    self._fill_object(index, draft, child_tokens)
                elif role == "instrument":
                    for weapon in index.within(child_tokens, "weapon"):
                        draft.add("weapon", weapon)
        for used in self._used_objects(trigger):
            for weapon in index.within(subtree(used), "weapon"):
                draft.add("weapon", weapon)
        if trigger.dep_ in ("acl", "relcl") and (weapon := index.at(trigger.head, "weapon")):
            draft.add("weapon", weapon)
        if self._passive_participle(trigger) and not draft.has("target"):
            # "Two militiamen killed in shelling": the noun a participle qualifies was hit
            own = {t.i for t in subtree(trigger)}
            self._fill_object(index, draft, [t for t in subtree(trigger.head) if t.i not in own])
        if trigger.pos_ in ("NOUN", "PROPN") and (weapon := index.at(trigger, "weapon")):
            draft.add("weapon", weapon)  # "the bombs that hit ...": the trigger names the weapon
        if trigger.pos_ in ("NOUN", "PROPN"):
            self._fill_nominal(index, draft, "attacker", "target")
            aimed_at = None if draft.has("target") else self._aimed_object(trigger, lambda t: index.at(t, "date") is None)
            if aimed_at is not None:
                self._fill_object(index, draft, list(subtree(aimed_at)), aimed=True)
            if not draft.has("weapon"):
                # "rounds from rifles", "strikes with drones", but not "fire at a drone"
                aimed = {
                    t.i
                    for prep in subtree(trigger)
                    if prep.dep_ == "prep" and prep.lower_ in vocab.prepositions["target"]
                    for t in subtree(prep)
                }
                for weapon in index.within([t for t in draft.own_tokens() if t.i not in aimed], "weapon"):
                    draft.add("weapon", weapon)
                    break
        if not draft.has("target") and (following := self._object_after_complement(trigger)) is not None:
            self._fill_object(index, draft, list(subtree(following)))
            if not draft.has("target"):
                phrase = self._phrase_tokens(following)
                draft.add_phrase("target", context.span(phrase[0].idx, following.idx + len(following.text)))
        if not draft.has("attacker"):
            agent = self._inherited_agent(index, trigger, cue_tokens)
            if agent is not None:
                draft.add("attacker", agent)
        self._fill_weapon_details(context, index, draft)
        if self._frame(draft) == "attack_intercepted":
            self._recast_intercepted(draft)
        self._fill_casualties(index, draft)

    def _sides(self, trigger: Token) -> tuple[Token | None, Token | None]:
        """The two sides of a fight, as head nouns: "rebels" and "army" of "rebels clashed with the
        army", "fighting between rebels and the army", "rebels and the army clashed".
        """
        holders = [trigger, *([trigger.head] if self._light_verb(trigger) else [])]
        prepositions = self.vocabulary.prepositions
        between = next(_prepositional_objects(holders, prepositions["pair"]), None)
        first = between or self._child(trigger, ("nsubj", "poss")) or self._governing_subject(trigger)
        if first is not None and first.pos_ not in ("NOUN", "PROPN", "PRON"):
            first = None
        partner = self._child(first, ("conj",)) if first is not None else None
        return first, partner or next(_prepositional_objects(holders, prepositions["counterpart"]), None)

    def _fill_sides(self, index: MentionIndex, draft: Draft) -> None:
        """A fight's first side is taken as its attacker, the other as its target.

        "Russian and Ukrainian troops clashed" names both sides in one phrase.
        """
        first, second = self._sides(draft.trigger)
        named = self._agents(index.within(self._phrase_tokens(first), "actor")) if first is not None else []
        others = self._agents(index.within(self._phrase_tokens(second), "actor")) if second is not None else named[1:]
        if named:
            draft.add("attacker", named[0])
        if others:
            draft.add("target", others[0])

    def _names_means(self, trigger: Token) -> bool:
        """Whether a noun trigger names what the attack was made with: "airstrikes", "an air strike",
        "the shelling" (``means_triggers``)."""
        if trigger.pos_ not in ("NOUN", "PROPN"):
            return False
        lemma = trigger.lemma_.lower()
        compounds = (f"{c.lemma_.lower()} {lemma}" for c in trigger.lefts if c.dep_ == "compound")
        return lemma in self.vocabulary.means_triggers or any(words in self.vocabulary.means_triggers for words in compounds)

    def _is_munition(self, noun: Token) -> bool:
        """Whether a noun is qualified as launched ("mortar-fired shells", "drone-dropped grenades")."""
        return any(
            c.dep_ in ("amod", "compound") and c.lemma_.lower() in self.vocabulary.munition_participles
            for c in noun.lefts
        )

    def _used_objects(self, trigger: Token) -> list[Token]:
        """What a verb of use says the trigger was done with: "grenades" of "attacked the convoy
        using grenades" and of "used grenades to attack the convoy"."""
        verbs = [c for c in trigger.children if c.dep_ in ("advcl", "xcomp", "acl") and c.i > trigger.i]
        if trigger.dep_ in ("xcomp", "advcl"):
            verbs.append(trigger.head)
        return [
            o for verb in verbs if verb.lemma_.lower() in self.vocabulary.instrument_verbs
            for o in verb.children if o.dep_ == "dobj"
        ]

    def _passive_participle(self, trigger: Token) -> bool:
        """Whether a trigger is a participle saying what befell the noun it qualifies ("the stolen
        grain", "militiamen killed in shelling"); one with an object ("fighters set on fire a
        store") is a misparsed active verb whose noun acted.
        """
        return (
            trigger.dep_ in ("acl", "amod")
            and trigger.tag_ == "VBN"
            and not any(c.dep_ == "dobj" for c in trigger.children)
            and self._object_after_complement(trigger) is None
        )

    def _object_after_complement(self, trigger: Token) -> Token | None:
        """What "set fire to" or "set on fire" was done to, read in word order.

        The parser often hangs "to a pharmacy" of "brothers aged 22 and 24 set fire to a
        pharmacy" on another word; the noun phrase right after the complement is still the object.
        """
        complement = self.vocabulary.complement(trigger)
        if not complement:
            return None
        doc = trigger.doc
        start = max(t.i for t in (trigger, *complement)) + 1
        if start < len(doc) and doc[start].lower_ in self.vocabulary.prepositions["target"]:
            start += 1
        # the tagger may read a listed kind of property as a verb: "set fire to relay boxes"
        def nominal(token: Token) -> bool:
            return token.pos_ in ("NOUN", "PROPN") or token.lemma_.lower() in self.vocabulary.property_nouns

        for token in doc[start : start + OBJECT_REACH]:
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nominal(token) and token.dep_ not in ("compound", "amod", "nmod", "poss") and not (following is not None and nominal(following)):
                return self._named_thing(token)
            if token.pos_ not in ("DET", "ADJ", "NUM", "PART") and not nominal(token):
                return None
        return None

    @staticmethod
    def _recast_intercepted(draft: Draft) -> None:
        """What was shot down is not the weapon used: "downed" it is, and its side is the target.

        In "Ukrainian gunners downed a Russian drone" Russia names the drone's operator.
        """
        downed = draft.fields.pop("weapon", [])
        origins = draft.fields.pop("weapon_origin", [])
        draft.fields["downed"] = [replace(f, role="downed") for f in downed]
        named = [f for f in origins if isinstance(f.typed, Actor) and all(f.span != d.span for d in downed)]
        if named and not draft.has("target"):
            draft.fields["target"] = [replace(named[0], role="target")]

    def _fill_object(self, index: MentionIndex, draft: Draft, tokens: list[Token], aimed: bool = False) -> None:
        """An attack's object: weapons launched, the actor hit, or the place hit.

        What fire was ``aimed`` at is never the weapon used: a drone fired at is its side's.
        A listed kind of property is what was hit even when a side or a place is named in its
        phrase ("a van of a Poltava city councillor", "a kiosk of a Georgian firm"): they own or qualify it.
        """
        if not aimed:
            for weapon in index.within(tokens, "weapon"):
                draft.add("weapon", weapon)
        # a drone shot down is the side's that a modifier or an owner names ("a Russian drone",
        # "a surveillance drone of the Russian army")
        downed = self._frame(draft) == "attack_intercepted"
        operated = aimed or downed
        head = _phrase_head(tokens)
        head = self._named_thing(head) if head is not None else None
        if not downed and head is not None and head.lemma_.lower() in self.vocabulary.property_nouns and index.at(head, "actor") is None:
            return
        actors = [
            m for m in index.within(tokens, "actor")
            if (operated or not self._is_modifier(index, m, tokens))
            and (downed or self._owned_thing(index.doc, m) is None)
            and not self._describes_property(index.doc, m)
            and not self._is_setting(index.doc, m, tokens)
        ]
        places = [
            m for m in index.within(tokens, "place")
            if not self._is_modifier(index, m, tokens) and not self._is_setting(index.doc, m, tokens)
            and not self._qualifies_noun(index.doc, m)
        ]
        if actors:
            draft.add("target", actors[0])
        elif places:
            draft.add("target", places[0])

    def _is_setting(self, doc: Doc, mention: Mention, tokens: list[Token]) -> bool:
        """Whether a place only locates the object ("a kiosk ... in Zhytomyr"), so is not what was hit.

        The place may sit deeper in the locating phrase: "a transformer box in the city of Brovary".
        """
        inside = {t.i for t in tokens}
        token = next((t for t in tokens if t.idx == mention.span.start), None)
        while token is not None and token.head.i in inside and token.head.i != token.i:
            head = token.head
            if token.dep_ == "pobj" and head.lower_ in self.vocabulary.prepositions["place"] and head.head.i in inside:
                return True
            token = head
        return False

    @staticmethod
    def _qualifies_noun(doc: Doc, mention: Mention) -> bool:
        """Whether a place name only qualifies a noun: "a councillor of the Poltava city council"."""
        found = tokens_between(doc, mention.span.start, mention.span.end)
        last = found[-1] if found else None
        return (
            last is not None
            and last.dep_ in ("compound", "amod", "nmod")
            and last.head.pos_ in ("NOUN", "PROPN")
            and not mention.span.start <= last.head.idx < mention.span.end
        )

    def _is_modifier(self, index: MentionIndex, mention: Mention, tokens: Iterable[Token]) -> bool:
        """Whether a mention only modifies a weapon ("North Korean missiles", "North Korea's KN-23")."""
        for token in tokens:
            if token.idx == mention.span.start:
                following = next((t for t in token.doc[token.i :] if t.idx >= mention.span.end), None)
                if following is not None and index.at(following, "weapon") is not None:
                    return True
                node = token
                while node.dep_ in MODIFIER_LINKS and node.head.i != node.i:
                    node = node.head
                    if index.at(node, "weapon") is not None and index.at(node, mention.kind) is not mention:
                        return True
                return False
        return False

    def _fill_weapon_details(self, context: ExtractionContext, index: MentionIndex, draft: Draft) -> None:
        weapon_field = draft.fields.get("weapon", [None])[0]
        if weapon_field is None:
            return
        weapon_mention = Mention("weapon", weapon_field.span, weapon_field.typed)  # type: ignore[arg-type]
        weapon = weapon_field.typed
        origin = origin_modifier(context, weapon_mention)
        if origin is not None:
            draft.add("weapon_origin", origin)
        elif isinstance(weapon, Weapon) and weapon.origin:
            draft.fields["weapon_origin"] = [
                EventField("weapon_origin", weapon.origin, weapon_field.span, weapon)
            ]
        weapon_tokens = self._tokens(context, weapon_field.span)
        if weapon_tokens:
            head = weapon_tokens[-1]
            for quantity in index.within(subtree(head), "quantity"):
                draft.add("count", quantity)
                break
        for quantity in index.within(subtree(draft.trigger), "quantity"):
            if isinstance(quantity.value, Quantity) and (quantity.value.unit or "") in self.vocabulary.aggregate_count_units:
                draft.fields["count"] = []
                draft.add("count", quantity)
                draft.aggregate = True
                break

    def _fill_casualties(self, index: MentionIndex, draft: Draft) -> None:
        """Killed and injured counts in the trigger's sentence."""
        sentence = sentence_of(draft.trigger)
        for quantity in index.within(sentence, "quantity"):
            if not isinstance(quantity.value, Quantity):
                continue
            unit = (quantity.value.unit or "").lower()
            # the number itself, not its qualifier: "two" in "At least two people were killed"
            token = next((t for t in reversed(sentence) if t.idx < quantity.span.end), None)
            if token is None:
                continue
            role = self._casualty_role(token, unit)
            if role:
                draft.add(role, quantity)

    def _casualty_role(self, token: Token, unit: str) -> str | None:
        lemmas = self.vocabulary.casualty_lemmas
        if unit in lemmas:
            return lemmas[unit]
        if unit and unit not in self.vocabulary.casualty_units:
            return None
        node = token
        for _ in range(4):
            if node.lemma_.lower() in lemmas and node.i != token.i:
                return lemmas[node.lemma_.lower()]
            # "Three soldiers killed in ...": the counted noun's participle says what befell it
            verb = next((c for c in node.children if c.dep_ == "acl" and c.lemma_.lower() in lemmas), None)
            if verb is not None:
                return lemmas[verb.lemma_.lower()]
            if node.head.i == node.i:
                break
            node = node.head
        return None

    def _fill_transfer(self, index: MentionIndex, draft: Draft, cue_tokens: set[int]) -> None:
        trigger = draft.trigger
        recipient_is_subject = trigger.lemma_.lower() in self.vocabulary.recipient_subject_verbs
        subject_role = "recipient" if recipient_is_subject else "supplier"
        for child in trigger.children:
            child_tokens = list(subtree(child))
            if child.dep_ in ("nsubj", "agent"):
                actors = self._agents(index.within(child_tokens, "actor"))
                if actors:
                    draft.add(subject_role, actors[0])
            elif child.dep_ in ("dobj", "nsubjpass", "dative"):
                self._fill_item(index, draft, child_tokens)
                if child.dep_ == "dobj":
                    for prep in (c for c in child.children if c.dep_ == "prep"):
                        self._fill_transfer_parties(index, draft, prep)  # "sent tanks to Kyiv"
            elif child.dep_ == "prep":
                self._fill_transfer_parties(index, draft, child)
        if trigger.pos_ in ("NOUN", "PROPN"):
            self._fill_nominal(index, draft, "supplier", "item")
        if not draft.has("supplier") and not recipient_is_subject:
            agent = self._inherited_agent(index, trigger, cue_tokens)
            if agent is not None:
                draft.add("supplier", agent)
        item = draft.fields.get("item", [None])[0]
        if item is not None:
            item_tokens = tokens_between(trigger.doc, item.span.start, item.span.end)
            if item_tokens:
                for quantity in index.within(subtree(item_tokens[-1]), "quantity"):
                    draft.add("quantity", quantity)
                    break
        if not draft.has("quantity"):
            for quantity in index.within(subtree(trigger), "quantity"):
                draft.add("quantity", quantity)
                break

    def _fill_transfer_parties(self, index: MentionIndex, draft: Draft, prep: Token) -> None:
        """Supplier, recipient or item behind a preposition, following chains ("from X to Y")."""
        objects = [t for t in prep.children if t.dep_ in ("pobj", "pcomp")]
        chain = [t for t in prep.children if t.dep_ == "prep"]
        chain += [t for o in objects for t in o.children if t.dep_ == "prep"]
        chained = {x.i for t in chain for x in subtree(t)}
        tokens = [t for o in objects for t in subtree(o) if t.i not in chained]
        role = self._preposition_role(prep, ("supplier", "recipient"))
        if role is not None and not draft.has(role):
            actors = self._agents(index.within(tokens, "actor"))
            if actors:
                draft.add(role, actors[0])
        elif prep.lower_ == "of":
            self._fill_item(index, draft, tokens)
        for nested in chain:
            self._fill_transfer_parties(index, draft, nested)

    def _fill_item(self, index: MentionIndex, draft: Draft, tokens: list[Token]) -> None:
        """What is transferred: a weapon mention, else a recipient actor (``supply Russia``)."""
        weapons = index.within(tokens, "weapon")
        if weapons:
            draft.add("item", weapons[-1] if len(weapons) > 1 and weapons[0].value.generic else weapons[0])  # type: ignore[union-attr]
            return
        actors = [a for a in index.within(tokens, "actor") if not self._is_modifier(index, a, tokens)]
        if actors and not draft.has("recipient"):
            draft.add("recipient", actors[0])

    def _fill_invasion(self, index: MentionIndex, draft: Draft, cue_tokens: set[int]) -> None:
        trigger = draft.trigger
        for child in trigger.children:
            child_tokens = list(subtree(child))
            if child.dep_ == "nsubj":
                actors = self._agents(index.within(child_tokens, "actor"))
                if actors:
                    draft.add("attacker", actors[0])
            elif child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ in self.vocabulary.prepositions["invaded"]):
                actors = index.within(child_tokens, "actor") or index.within(child_tokens, "place")
                if actors:
                    draft.add("target", actors[0])
        self._fill_nominal(index, draft, "attacker", "target")
        if not draft.has("attacker"):
            agent = self._inherited_agent(index, trigger, cue_tokens)
            if agent is not None:
                draft.add("attacker", agent)

    def _fill_cooperation(self, index: MentionIndex, draft: Draft) -> None:
        trigger = draft.trigger
        tokens = [t for child in trigger.children for t in subtree(child) if child.dep_ in ("prep", "poss", "amod", "compound", "nsubj", "conj")]
        participants = [a for a in self._agents(index.within(tokens, "actor")) if not self._is_modifier(index, a, tokens)]
        if tokens:
            participants += self._listed_after(index, max(t.i for t in tokens))
        if len(participants) < 2:
            sentence = sentence_of(trigger)
            participants = [
                a for a in self._agents(index.within(sentence, "actor"))
                if not self._is_modifier(index, a, sentence)
                and not self._is_adjectival(trigger.doc, a)
                and not self._is_opponent(trigger.doc, a)
            ]
        for actor in participants:
            if not any(field_key(f) == actor.value.id for f in draft.fields.get("participant", [])):  # type: ignore[union-attr]
                draft.add("participant", actor)
        hedged = []
        for f in draft.fields.get("participant", []):
            first = token_at(trigger.doc, f.span.start)
            before = [trigger.doc[first.i - 1]] if first is not None and first.i > 0 else []
            hedge = before[0].text if before and before[0].lower_ in self.vocabulary.potential_cues else None
            hedged.append(replace(f, hedge=hedge))
        if hedged:
            draft.fields["participant"] = hedged

    def _listed_after(self, index: MentionIndex, last: int) -> list[Mention]:
        """Actors that continue a list the parser cut short ("between Iran, Belarus, and Venezuela")."""
        doc = index.doc
        found: list[Mention] = []
        i = last + 1
        while i < len(doc):
            separated = False
            while i < len(doc) and (doc[i].lower_ in LIST_SEPARATORS or doc[i].lower_ in self.vocabulary.potential_cues):
                separated = separated or doc[i].lower_ in LIST_SEPARATORS
                i += 1
            actor = index.at(doc[i], "actor") if i < len(doc) and separated else None
            if actor is None or actor.span.start != doc[i].idx:
                break
            found.append(actor)
            while i < len(doc) and doc[i].idx < actor.span.end:
                i += 1
        return self._agents(found)

    def _is_opponent(self, doc: Doc, mention: Mention) -> bool:
        """Whether an actor is named as the other side ("a partnership against the West")."""
        return _governing_preposition(doc, mention) in self.vocabulary.prepositions["opponent"]

    @staticmethod
    def _is_adjectival(doc: Doc, mention: Mention) -> bool:
        """Whether a mention is an adjective ("the Ukrainian conflict"), not a party."""
        token = token_at(doc, mention.span.start)
        return token is not None and (token.pos_ == "ADJ" or token.dep_ == "amod")

    def _fill_nominal(self, index: MentionIndex, draft: Draft, agent_role: str, object_role: str) -> None:
        """Arguments of a noun trigger: ``Russia's invasion of Ukraine``, ``Russian strikes``."""
        trigger = draft.trigger
        for child in trigger.children:
            child_tokens = list(subtree(child))
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                actors = [
                    a for a in self._agents(index.within(child_tokens, "actor"))
                    if not self._is_modifier(index, a, child_tokens)
                ]
                if actors:
                    draft.add(agent_role, actors[0])
                elif draft.type is EventType.ATTACK:
                    for weapon in index.within(child_tokens, "weapon"):
                        draft.add("weapon", weapon)
                elif draft.type is EventType.ARMS_TRANSFER:
                    self._fill_item(index, draft, child_tokens)
            elif child.dep_ == "prep" and child.lower_ == "of":
                if draft.type is EventType.ARMS_TRANSFER:
                    self._fill_item(index, draft, child_tokens)
                elif draft.type is EventType.ATTACK:
                    self._fill_object(index, draft, child_tokens)
                else:
                    actors = index.within(child_tokens, "actor") or index.within(child_tokens, "place")
                    if actors and not draft.has(object_role):
                        draft.add(object_role, actors[0])
            elif child.dep_ == "prep" and child.lower_ in self.vocabulary.prepositions["agent"]:
                actors = self._agents(index.within(child_tokens, "actor"))
                if actors:
                    draft.add(agent_role, actors[0])

    def _fill_time_and_place(self, index: MentionIndex, draft: Draft) -> None:
        trigger = draft.trigger
        own = draft.own_tokens()
        dates = [m for m in index.within(own, "date") if self._is_point(m)]
        dates = dates or [m for m in index.within(sentence_of(trigger), "date") if self._is_point(m)]
        if dates:
            draft.add("date", min(dates, key=lambda m: abs(m.span.start - trigger.idx)))
        if draft.type is EventType.COOPERATION:
            return
        parties = {
            (f.span.start, f.span.end) for values in draft.fields.values() for f in values if isinstance(f.typed, Actor)
        }
        # "airstrikes by Turkey and Iran inside Iraq": who struck is not where
        agents = self.vocabulary.prepositions["agent"]
        own_places = [
            m for m in index.within(own, "place")
            if (m.span.start, m.span.end) not in parties and not self._is_modifier(index, m, own)
            and _governing_preposition(index.doc, m) not in agents
        ]
        places = [m for m in own_places if self._setting(index, m) <= Setting.UNMARKED]
        if places:
            # "a Lutsk council deputy's car in Kovel": a name qualifying a noun is the last choice
            draft.add("place", min(places, key=lambda m: (self._setting(index, m), self._qualifies_noun(index.doc, m), *self._place_rank(m))))
            return
        elsewhere = {inner.i for token in sentence_of(trigger) if token.i in draft.other_triggers for inner in subtree(token)}
        around = [
            m for m in index.within([t for t in sentence_of(trigger) if t.i not in elsewhere], "place")
            if (m.span.start, m.span.end) not in parties
        ]
        # outside its own words, the site nearest the trigger is the event's; where someone went
        # or came from only when the sentence names no site, where a participant is from never
        for setting in (Setting.SITE, Setting.MOVEMENT):
            places = [m for m in around if self._setting(index, m) is setting]
            if places:
                draft.add("place", min(places, key=lambda m: abs(m.span.start - trigger.idx)))
                return

    def _setting(self, index: MentionIndex, mention: Mention) -> Setting:
        """What a place is to the clause naming it, read from the preposition it is the object of."""
        prep = _preposition_of(index.doc, mention)
        if prep is None:
            return Setting.UNMARKED
        vocab = self.vocabulary
        word = prep.lower_
        if word in vocab.prepositions["origin"] and index.at(prep.head, "actor") is not None:
            return Setting.ORIGIN  # "a man from Odesa", "a resident of Lviv"
        # "east of Horlivka", "on the outskirts of Kherson": near there it was
        if word in vocab.prepositions["place"] or (word == "of" and prep.head.lower_ in vocab.bearing_words):
            return Setting.SITE
        if word in vocab.prepositions["movement"] and prep.head.pos_ == "VERB":
            return Setting.MOVEMENT  # "travelled to Poltava", "came from Kharkiv"
        return Setting.UNMARKED

    @staticmethod
    def _is_point(mention: Mention) -> bool:
        return isinstance(mention.value, TimeValue) and mention.value.timex_type in ("DATE", "TIME")

    @staticmethod
    def _place_rank(mention: Mention) -> tuple[int, int]:
        place = mention.value
        feature = place.feature if isinstance(place, Place) else "country"
        return (PLACE_SPECIFICITY.get(feature, 1), mention.span.start)

    # -- shared argument helpers --------------------------------------------------------------

    def _preposition_role(self, prep: Token, roles: tuple[str, ...]) -> str | None:
        for role in roles:
            if prep.lower_ in self.vocabulary.prepositions.get(role, frozenset()):
                return role
        return None

    @staticmethod
    def _agents(actors: list[Mention]) -> list[Mention]:
        return [a for a in actors if isinstance(a.value, Actor) and a.value.kind != "civilians"]

    def _inherited_agent(self, index: MentionIndex, trigger: Token, cue_tokens: set[int]) -> Mention | None:
        """The agent of a governing clause ("Russia launched missiles, ... devastating Kharkiv")."""
        node = trigger
        while node.head.i != node.i and node.dep_ in CLAUSE_LINKS:
            node = node.head
            if node.i in cue_tokens or node.lemma_.lower() in self.vocabulary.witness_verbs:
                return None
            for child in node.children:
                if child.i == trigger.i:
                    continue
                if child.dep_ in ("nsubj", "poss"):
                    tokens = _without_clauses(child)
                elif child.dep_ == "nsubjpass":
                    # "North Korea's involvement in supplying ..." - the possessor acts, not the subject
                    tokens = [t for c in child.children if c.dep_ == "poss" for t in subtree(c)]
                else:
                    continue
                actors = self._agents(index.within(tokens, "actor"))
                if actors:
                    return actors[0]
        return None

    def _carry_casualties(self, context: ExtractionContext, draft: Draft, kept: list[Draft]) -> None:
        """Give a toll told on its own ("At least two people were killed.") to the strike before it.

        Wire copy gives the toll in the next sentence or the next paragraph's first: only a strike
        at most TOLL_REACH sentences back takes it, and only roles that strike has not filled.
        """
        casualties = {role: draft.fields[role] for role in CASUALTY_ROLES if draft.has(role)}
        previous = next((d for d in reversed(kept) if d.type is EventType.ATTACK), None)
        if not casualties or previous is None or draft.type is not EventType.ATTACK:
            return
        reach = context.sentence_index(draft.trigger.idx) - context.sentence_index(previous.trigger.idx)
        if reach > TOLL_REACH:
            return
        for role, values in casualties.items():
            if not previous.has(role):
                previous.fields[role] = values

    def _keep(self, draft: Draft) -> bool:
        if draft.type is EventType.ATTACK:
            vocab = self.vocabulary
            recognised = {role for role in draft.fields if draft.has_typed(role)} - {"date"}
            if recognised and recognised <= set(CASUALTY_ROLES):
                return False  # a toll alone ("12 people were killed") belongs to the strike before it
            if draft.specific:
                return any(draft.has(role) for role in vocab.attack_core_roles)
            # a listed kind of property hit is recognised through its owner ("windows of a cafe")
            core = sum(
                1 for role in vocab.attack_core_roles if draft.has_typed(role) or (role == "target" and draft.has_typed("owner"))
            )
            # a whole clause also does: someone hit something, with one argument recognised
            clause = all(draft.has(role) and not draft.has_typed(role) for role in ("attacker", "target"))
            return core >= vocab.minimum_attack_roles or (clause and core >= 1)
        if draft.type is EventType.ARMS_TRANSFER:
            return draft.has_typed("item") and (draft.has_typed("supplier") or draft.has_typed("recipient"))
        if draft.type is EventType.INVASION:
            return draft.has_typed("attacker") or draft.has_typed("target")
        return len(draft.fields.get("participant", [])) >= 2

    def _merge_compatible(self, drafts: list[Draft]) -> Iterator[Draft]:
        """Same-type triggers of one sentence that agree on every shared role are one event."""
        merged: list[Draft] = []
        for draft in drafts:
            target = next((m for m in merged if m.type is draft.type and self._compatible(m, draft)), None)
            if target is None:
                merged.append(draft)
                continue
            for role, values in draft.fields.items():
                if draft.has_typed(role) and not target.has_typed(role):
                    target.fields.pop(role, None)  # a recognised value beats a bare phrase
                for value in values:
                    if role in MULTI_VALUED_ROLES or not target.has(role):
                        if not any(field_key(v) == field_key(value) for v in target.fields.get(role, [])):
                            target.fields.setdefault(role, []).append(value)
            target.aggregate = target.aggregate or draft.aggregate
            target.specific = target.specific or draft.specific
        return iter(merged)

    @staticmethod
    def _compatible(a: Draft, b: Draft) -> bool:
        for role in a.fields.keys() & b.fields.keys():
            if role in MULTI_VALUED_ROLES or role == "date":
                continue
            typed_a = {field_key(f) for f in a.fields[role] if f.typed is not None}
            typed_b = {field_key(f) for f in b.fields[role] if f.typed is not None}
            # a bare phrase never contradicts: "supplying military aid ... the shipment of munitions"
            if typed_a and typed_b and typed_a != typed_b:
                return False
        return True

    # -- modality and claims ------------------------------------------------------------------

    def _finish(self, context: ExtractionContext, draft: Draft, claims: list[Claim]) -> Event:
        trigger = draft.trigger
        span = context.span(trigger.idx, trigger.idx + len(trigger.text))
        claim = next(
            (c for c in claims if c.content.start <= trigger.idx < c.content.end), None
        )
        modality = self._own_modality(trigger)
        if modality is None and claim is not None:
            modality = Modality.REPORTED if claim.modality is Modality.ASSERTED else claim.modality
            if modality is not Modality.REPORTED and self._presupposed(trigger, claim):
                # "Iran denied supplying the drones that Russia used to attack Kyiv": the denial
                # is about the supply; the attack, in a relative clause, is taken as given
                modality = Modality.REPORTED
        dated_to_a_day = any(
            isinstance(f.typed, TimeValue) and f.typed.start is not None and f.typed.start == f.typed.end
            for f in draft.fields.get("date", [])
        )
        # "the drones Russia used to attack Kyiv yesterday" is one strike; "used ... since 2022" is not
        aggregate = draft.aggregate or (
            trigger.lemma_.lower() in self.vocabulary.aggregate_triggers and not dated_to_a_day
        )
        fields = sorted(
            (self._widened(context, f) for values in draft.fields.values() for f in values),
            key=lambda f: (f.span.start, f.role),
        )
        # "killed at least 5 people": the counted victims are the toll, not an untyped target
        tolls = [f.span for f in fields if f.role in CASUALTY_ROLES]
        fields = [
            f for f in fields
            if f.typed is not None or f.role in CASUALTY_ROLES
            or not any(f.span.start < t.end and t.start < f.span.end for t in tolls)
        ]
        return Event(
            id="",
            doc=span.doc,
            type=draft.type,
            modality=modality or Modality.ASSERTED,
            sentence=span.sentence,
            trigger=span,
            fields=fields,
            source=claim.source if claim is not None else None,
            aggregate=aggregate and draft.type is EventType.ATTACK,
        )

    def _widened(self, context: ExtractionContext, f: EventField) -> EventField:
        """A side named by an adjective reports the noun phrase it qualifies: "Syrian hackers".

        The value stays the recognised actor; only the supporting span grows to the phrase, unless
        the qualified noun is a weapon ("Iranian drones") or an event word ("Russian strikes").
        """
        if f.role not in PARTY_ROLES or not isinstance(f.typed, Actor):
            return f
        tokens = self._tokens(context, f.span)
        if not tokens or tokens[-1].dep_ not in ("amod", "compound", "nmod"):
            return f
        head = tokens[-1].head
        weapons = context.mentions_of("weapon")
        if (
            head.i < tokens[-1].i
            or head.pos_ not in ("NOUN", "PROPN")
            or self.vocabulary.trigger_type(head) is not None
            or any(w.span.start <= head.idx < w.span.end for w in weapons)
        ):
            return f
        phrase = self._phrase_tokens(head)
        start = min(phrase[0].idx, f.span.start)
        return replace(f, span=context.span(start, head.idx + len(head.text)))

    @staticmethod
    def _presupposed(trigger: Token, claim: Claim) -> bool:
        """Whether the trigger sits in a relative clause inside the claim's content."""
        node = trigger
        while node.head.i != node.i and claim.content.start <= node.head.idx < claim.content.end:
            if node.dep_ in ("relcl", "acl"):
                return True
            node = node.head
        return node.dep_ in ("relcl", "acl")

    def _own_modality(self, trigger: Token) -> Modality | None:
        """Modality signalled around the trigger itself: negation, hedges, "reportedly"."""
        vocab = self.vocabulary
        nearby = list(trigger.children)
        node = trigger
        for _ in range(3):
            if node.head.i == node.i:
                break
            node = node.head
            nearby.append(node)
            nearby.extend(c for c in node.children if c.dep_ in ("aux", "neg", "advmod"))
        words = {t.lower_ for t in nearby} | {t.lemma_.lower() for t in nearby}
        if any(c.dep_ == "neg" for c in trigger.children) or (words & vocab.negation_cues and any(t.dep_ == "neg" for t in nearby)):
            return Modality.DENIED
        if words & vocab.potential_cues:
            return Modality.POTENTIAL
        if words & vocab.reported_cues:
            return Modality.REPORTED
        return None

    def _claim_event(self, context: ExtractionContext, index: MentionIndex, claim: Claim) -> Event:
        cue_lemmas = {t.lemma_.lower() for t in self._tokens(context, claim.cue)}
        event_type = next(
            (self.vocabulary.claim_event_types[lemma] for lemma in cue_lemmas if lemma in self.vocabulary.claim_event_types),
            EventType.STATEMENT,
        )
        if claim.modality is Modality.DENIED:
            event_type = EventType.DENIAL
        source_tokens = self._tokens(context, claim.source.span) if claim.source.span else []
        speaker_actor = index.within(source_tokens, "actor")
        speaker_span = claim.source.span or claim.cue
        if speaker_actor and len(speaker_actor[0].span.text) * 2 >= len(speaker_span.text):
            speaker = EventField("speaker", display_value(speaker_actor[0]), speaker_actor[0].span, speaker_actor[0].value)
        else:
            speaker = EventField("speaker", claim.source.name, speaker_span, claim.source)
        fields = [speaker, EventField("content", claim.content.text, claim.content)]
        if event_type is EventType.ACCUSATION:
            accused = [
                a for a in self._agents(index.within(self._tokens(context, claim.content), "actor"))
                if a.span != speaker.span and display_value(a) != speaker.value
            ]
            fields.extend(EventField("accused", display_value(a), a.span, a.value) for a in accused[:1])
        return Event(
            id="",
            doc=claim.doc,
            type=event_type,
            modality=Modality.ASSERTED,
            sentence=claim.sentence,
            trigger=claim.cue,
            fields=fields,
            source=claim.source,
        )

    @staticmethod
    def _link(claim: Claim, events: list[Event]) -> Claim:
        """Record which assembled events a claim's content supports."""
        ids = tuple(
            e.id for e in events
            if claim.content.start <= e.trigger.start < claim.content.end and e.trigger != claim.cue
        )
        return replace(claim, event_ids=ids)

    @staticmethod
    def _tokens(context: ExtractionContext, span: Span) -> list[Token]:
        return tokens_between(context.doc, span.start, span.end)


def _without_clauses(head: Token, kinds: tuple[str, ...] = ("acl", "relcl")) -> list[Token]:
    """A phrase without the clauses (of ``kinds``) qualifying its nouns: "a courier [hired by
    Russian intelligence]".

    Who recruited, sent or paid the doer is not the doer.
    """
    clauses = {t.i for token in subtree(head) if token.dep_ in kinds for t in subtree(token)}
    return [t for t in subtree(head) if t.i not in clauses]


def _qualified_noun(verb: Token) -> int | None:
    """The index of the noun a participle clause qualifies, through the clauses it hangs from:
    "bursts" in "bursts judged to be aimed at ...".

    The parser often hangs such a clause on the verb whose object the noun is ("counted
    bursts, judged to be aimed at ..."): that object is then the noun.
    """
    node = verb
    while node.dep_ in ("advcl", "xcomp") and node.head.pos_ == "VERB" and node.head.i != node.i:
        node = node.head
    if node.dep_ in ("acl", "relcl"):
        return node.head.i
    found = next((c for c in node.children if c.dep_ == "dobj"), None) if node.i != verb.i else None
    return found.i if found is not None else None


def _phrase_head(tokens: list[Token]) -> Token | None:
    """The noun a phrase is about: its root, or the object of a preposition at its root."""
    inside = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)
    if root is not None and root.dep_ == "prep":
        return next((o for o in root.children if o.dep_ == "pobj"), None)
    return root


def _prepositional_objects(holders: Iterable[Token], words: Collection[str]) -> Iterator[Token]:
    """The objects of the prepositions among ``words`` that hang on any of ``holders``, in order."""
    return (
        o for holder in holders for c in holder.children
        if c.dep_ == "prep" and c.lower_ in words
        for o in c.children if o.dep_ == "pobj"
    )


def _preposition_of(doc: Doc, mention: Mention) -> Token | None:
    """The preposition whose object the mention's noun is ("in" of "in the city of Kharkiv")."""
    token = token_at(doc, mention.span.start)
    while token is not None and token.dep_ in ("compound", "amod") and token.head.i != token.i:
        token = token.head
    return token.head if token is not None and token.dep_ == "pobj" else None


def _governing_preposition(doc: Doc, mention: Mention) -> str | None:
    """The lower-cased preposition whose object the mention's noun is, if any."""
    prep = _preposition_of(doc, mention)
    return prep.lower_ if prep is not None else None
