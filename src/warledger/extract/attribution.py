"""Attribution: who said (source) what (content) with which reporting words (cue).

Cues are found in the dependency parse: reporting verbs ("revealed", "denied", "warned of"),
verbs of belief or intention with a clause or an infinitive ("wants to ..."), verbs of stance
whose subject can speak ("the minister defended ..."), verbs of expression with a noun of
attitude ("expressed apprehension about"), adjectives and nouns of attitude after "be" ("is
worried that ...", "is a fierce critic of ..."), any speaker's verb going on into a quotation
("she continued, “...”") or closing the sentence after one ("“...,” she continued."), report nouns
with a source ("Moscow's claim that ...", "Kyiv's decision to ..."), prepositional cues ("according
to the ministry, ..."), lines naming who they quote ("Said Hrytsenko: “...”", "Zelensky: ...") and
headlines taking aim at someone ("Kuleba Rounds on Critics").
Every cue becomes a :class:`Claim` whose modality tells the events extractor how to read the
events inside its content. A cue inside another claim's content is part of what that claim's
source said, so it folds into the outer claim rather than making one of its own. The vocabulary
lives in ``data/attribution.yaml``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_SPACE, LEMMA, LOWER, ORTH, POS, SPACY, TAG
from spacy.parts_of_speech import PROPN
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from warledger.errors import ConfigError
from warledger.extract.base import ExtractionContext, load_data, register
from warledger.model import Claim, Mention, Modality, Source

CLAUSE_DEPS = frozenset({"ccomp"})
SUBJECT_DEPS = frozenset({"nsubj"})
# how the parser may hang a verb's subject when it misreads the words before it
STRAY_SUBJECT_DEPS = frozenset({"intj", "dep", "npadvmod"})
# "X responded by saying P": a gerund shares the subject of the verb it hangs from; "X was quick
# to deny P": an infinitive after an adjective shares the subject of its copula
INHERITING_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "prep", "acomp"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "flat"})
DETACHED_DEPS = frozenset({"appos", "relcl", "acl", "punct", "cc"})
ORGANISATION_ENTITIES = frozenset({"GPE", "ORG", "NORP", "FAC", "LOC"})
ENTITY_KINDS = {"PERSON": "person", "GPE": "government", "ORG": "organisation", "NORP": "group"}
# "as X put it": the particle of an idiom may be its object
PARTICLE_DEPS = frozenset({"prep", "prt", "dobj"})
AUXILIARY_DEPS = frozenset({"aux", "auxpass", "neg"})
OPENING_QUOTES, CLOSING_QUOTES = frozenset({"“", "``"}), frozenset({"”", "''"})
# marks written the same at both ends of a quotation
STRAIGHT_QUOTES = frozenset({'"', "''"})
TIME_ENTITIES = frozenset({"DATE", "TIME"})
UNSPOKEN_ENTITIES = TIME_ENTITIES | {"GPE", "LOC", "FAC"}
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})
QUOTE_GLUE = frozenset({",", ":"})
# a verb's modifiers of time and place, which may stand between it and what it introduces
SETTING_DEPS = frozenset({"prep", "npadvmod", "advmod"})
# how a quotation ends when a speaker's verb follows it ("“P,” she said", "“P?” he asked")
QUOTATION_ENDS = frozenset({",", "?", "!"})
CLOSING_PUNCTUATION = frozenset({".", ",", ";", "!", "?"})
SENTENCE_ENDS = frozenset({".", "!", "?"})
QUOTE_REACH = 300
COLON_SPEAKER_WORDS = 4
# the longest speaker phrase read between a quotation and its verb ("Tarnavskyi, a senior Ukrainian commander,")
SPEAKER_WORDS = 12
HEADLINE_WORDS = 8
# marks that can open a quotation a headline gives after its colon (single ones included)
OPENING_MARKS = frozenset({"“", "``", "‘", "'", '"', "''"})
SIGNATURE_DASHES = frozenset({"―", "—", "--"})
EDGE_PUNCTUATION = frozenset({",", ";", ":", "-", "--", "—", "–", "."})
BRACKETS = frozenset({"(", ")"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
QUESTION_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
RELATIVE_TAGS = frozenset({"WDT", "WP"})


def _ids(words: Iterable[str]) -> np.ndarray:
    """The ids of words as spaCy's token arrays hold them (symbol ids or hashes: no vocabulary needed)."""
    return np.array(sorted({get_string_id(w) for w in words}), dtype="uint64")


def _member(values: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Which of ``values`` are among the sorted ``ids`` (a bisection; ``np.isin`` sorts both every call)."""
    if not len(ids):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ids, values), len(ids) - 1)
    return ids[at] == values


CLAUSE_DEP_IDS = _ids(CLAUSE_DEPS)
ENTITY_KIND_IDS = _ids(ENTITY_KINDS)
QUOTE_IDS = _ids(OPENING_QUOTES | CLOSING_QUOTES | {'"'})
GLUE_IDS = _ids(QUOTE_GLUE)
# what opens a colon or a signature cue: a colon, a dash, a closing quote glued to a dash
MARK_IDS = _ids({":"} | SIGNATURE_DASHES | {q + d for q in CLOSING_QUOTES for d in SIGNATURE_DASHES})


def _words(values: object, key: str) -> list[str]:
    """A list of words from the lexicon, refusing YAML's silent casts ("on" -> True)."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"attribution.yaml: {key} must be a list of quoted words, got {values!r}")
    return values


def _by_modality(groups: dict[str, object], key: str) -> dict[str, Modality]:
    try:
        return {word: Modality(group) for group, words in groups.items() for word in _words(words, key)}
    except ValueError as exc:
        raise ConfigError(f"attribution.yaml: {key} groups must be modalities ({exc})") from exc


@dataclass(frozen=True)
class CueLexicon:
    """The reporting vocabulary of ``attribution.yaml``, ready for lookup."""

    verbs: dict[str, Modality]
    cue_ids: np.ndarray
    headline_ids: np.ndarray
    mark_ids: np.ndarray
    clause_verbs: frozenset[str]
    non_reporting_verbs: frozenset[str]
    reply_verbs: frozenset[str]
    solicitation_nouns: frozenset[str]
    object_content_verbs: frozenset[str]
    speaker_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    regarding_verbs: frozenset[str]
    prepositional_cues: dict[str, str]
    particle_verbs: dict[str, frozenset[str]]
    audience_verbs: frozenset[str]
    expression_verbs: frozenset[str]
    expression_nouns: dict[str, Modality]
    report_nouns: dict[str, Modality]
    attitude_adjectives: dict[str, Modality]
    stance_nouns: frozenset[str]
    noun_source_prepositions: frozenset[str]
    complementisers: frozenset[str]
    content_prepositions: frozenset[str]
    verb_prepositions: dict[str, frozenset[str]]
    potential_modals: frozenset[str]
    venues: tuple[str, ...]
    venue_prepositions: frozenset[str]
    occasions: tuple[str, ...]
    pronoun_kinds: dict[str, str]
    person_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    dummy_subjects: frozenset[str]
    letting_verbs: frozenset[str]
    kind_nouns: dict[str, str]
    anonymous_modifiers: frozenset[str]
    media_names: frozenset[str]
    role_nouns: frozenset[str]
    organisation_prepositions: frozenset[str]
    line_labels: frozenset[str]
    headline_verbs: dict[str, tuple[tuple[str, ...], ...]]

    @classmethod
    @cache
    def load(cls) -> CueLexicon:
        """Read ``attribution.yaml`` once per process."""
        data = load_data("attribution.yaml")
        if not isinstance(data, dict):
            raise ConfigError("attribution.yaml must be a mapping of cue lists")

        def words(key: str) -> frozenset[str]:
            return frozenset(_words(data.get(key), key))

        verbs = _by_modality(data.get("verbs") or {}, "verbs")
        report_nouns = _by_modality(data.get("report_nouns") or {}, "report_nouns")
        attitude_adjectives = _by_modality(data.get("attitude_adjectives") or {}, "attitude_adjectives")
        particle_verbs = {
            verb: frozenset(_words(p, verb)) for verb, p in (data.get("verbs_needing_particle") or {}).items()
        }
        headline_verbs = {
            form: tuple(tuple(p.split()) for p in _words(particles, verb))
            for verb, particles in (data.get("headline_verbs") or {}).items()
            # the verb as a headline writes it, with its particles as words ("take": "Takes Aim at")
            for form in (verb, verb + "s", verb + "es")
        }
        framed = (
            "verbs_needing_clause", "expression_verbs", "verbs_needing_speaker", "naming_verbs", "regarding_verbs",
            "stance_nouns",
        )
        return cls(
            verbs=verbs,
            cue_ids=_ids(
                form
                for word in frozenset(verbs).union(
                    particle_verbs, report_nouns, attitude_adjectives, *(words(key) for key in framed)
                )
                for form in (word, word.capitalize(), word.upper())
            ),
            headline_ids=_ids(headline_verbs),
            mark_ids=np.union1d(_ids(data.get("prepositional_cues") or {}), MARK_IDS),
            clause_verbs=words("verbs_needing_clause"),
            non_reporting_verbs=words("non_reporting_verbs"),
            reply_verbs=words("reply_verbs"),
            solicitation_nouns=words("solicitation_nouns"),
            object_content_verbs=words("object_content_verbs") | words("verbs_needing_speaker"),
            speaker_verbs=words("verbs_needing_speaker"),
            naming_verbs=words("naming_verbs"),
            regarding_verbs=words("regarding_verbs"),
            prepositional_cues={str(k): str(v) for k, v in (data.get("prepositional_cues") or {}).items()},
            particle_verbs=particle_verbs,
            audience_verbs=words("audience_verbs"),
            expression_verbs=words("expression_verbs"),
            expression_nouns=_by_modality(data.get("expression_nouns") or {}, "expression_nouns"),
            report_nouns=report_nouns,
            attitude_adjectives=attitude_adjectives,
            stance_nouns=words("stance_nouns"),
            noun_source_prepositions=words("report_noun_source_prepositions"),
            complementisers=words("complementisers"),
            content_prepositions=words("content_prepositions"),
            verb_prepositions={
                verb: frozenset(_words(p, verb)) for verb, p in (data.get("verb_prepositions") or {}).items()
            },
            potential_modals=words("potential_modals"),
            venues=tuple(sorted(words("venues"), key=len, reverse=True)),
            venue_prepositions=words("venue_prepositions"),
            occasions=tuple(sorted(words("occasions"), key=len, reverse=True)),
            pronoun_kinds={str(k): str(v) for k, v in (data.get("pronoun_kinds") or {}).items()},
            person_pronouns=words("person_pronouns"),
            relative_pronouns=words("relative_pronouns"),
            dummy_subjects=words("dummy_subjects"),
            letting_verbs=words("letting_verbs"),
            kind_nouns={word: kind for kind, group in (data.get("kind_nouns") or {}).items() for word in _words(group, kind)},
            anonymous_modifiers=words("anonymous_modifiers"),
            media_names=frozenset(name.lower() for name in words("media_names")),
            role_nouns=words("role_nouns"),
            organisation_prepositions=words("organisation_prepositions"),
            line_labels=words("line_labels"),
            headline_verbs=headline_verbs,
        )

    def venue_in(self, words: str) -> str | None:
        """The venue a phrase ends with ("a televised address" -> "televised address")."""
        return _ending(words, self.venues)

    def occasion_in(self, words: str) -> str | None:
        """The occasion of speaking a phrase ends with ("a long radio interview" -> "interview")."""
        return _ending(words, self.occasions)


def _ending(words: str, phrases: tuple[str, ...]) -> str | None:
    """The first of ``phrases`` (longest first) that ``words`` ends with, as written in ``words``;
    a phrase with capitals must match case-sensitively (the platform "X")."""
    for phrase in phrases:
        case_sensitive = phrase != phrase.lower()
        text = words if case_sensitive else words.lower()
        if text == phrase or text.endswith(" " + phrase):
            return words[len(words) - len(phrase):]
    return None


@dataclass(frozen=True)
class Found:
    """One attribution read off the parse, before its source is described."""

    cue: tuple[Token, ...]
    source: tuple[Token, ...]
    content: tuple[Token, ...]
    modality: Modality
    venue: str | None = None


@dataclass(frozen=True)
class SourceParts:
    """What the words of a source say about it: a name, a kind, a role and an organisation."""

    name: str
    kind: str
    role: str | None = None
    organisation: str | None = None


def _subtree(token: Token) -> list[Token]:
    return list(token.subtree)


def _text(tokens: Iterable[Token]) -> str:
    """The document text from the first to the last of ``tokens``."""
    ordered = sorted(tokens, key=lambda t: t.i)
    if not ordered:
        return ""
    return ordered[0].doc[ordered[0].i : ordered[-1].i + 1].text


def _loose(token: Token, words: list[Token]) -> bool:
    """Whether an edge token adds nothing: spacing, stray punctuation, an unpaired bracket."""
    if token.text in BRACKETS:
        return sum(t.text in BRACKETS for t in words) % 2 == 1
    return token.is_space or token.text in EDGE_PUNCTUATION


def _trim(tokens: Iterable[Token]) -> tuple[Token, ...]:
    """Contiguous tokens without punctuation, conjunctions or a complementiser at the edges."""
    ordered = sorted(set(tokens), key=lambda t: t.i)
    while ordered and (_loose(ordered[0], ordered) or ordered[0].dep_ in ("mark", "cc")):
        ordered.pop(0)
    while ordered and (_loose(ordered[-1], ordered) or ordered[-1].dep_ == "cc"):
        ordered.pop()
    return tuple(ordered)


def _source_words(tokens: Iterable[Token]) -> tuple[Token, ...] | None:
    """Source words without a headline or dateline glued on across a line break, edge quotes or times."""
    words = _trim(tokens)
    breaks = [n for n, t in enumerate(words) if "\n" in t.text_with_ws]
    kept = list(words[breaks[-1] + 1 :] if breaks else words)

    def dangling(token: Token) -> bool:
        if token.text in BRACKETS:
            return _loose(token, kept)
        # the phrase's own head stays, whatever the tagger glued it into ("[Last week Vogt]" as a date)
        return token.is_punct or (token.ent_type_ in TIME_ENTITIES and token is not _head(tuple(kept)))

    while kept and dangling(kept[0]):
        kept.pop(0)
    while kept and dangling(kept[-1]):
        kept.pop()
        # "a survey in [2023]": the preposition goes with its date
        while kept and kept[-1].dep_ == "prep" and not any(c in kept for c in kept[-1].children):
            kept.pop()
    return tuple(kept) or None


def _closed(source: tuple[Token, ...]) -> tuple[Token, ...]:
    """A source set off by commas with its closing comma ("Oksana Markarova, the minister,"), as PolNeAR
    marks it: the comma closes the apposition or relative clause inside the phrase."""
    after = source[-1].i + 1
    doc = source[0].doc
    if after < len(doc) and doc[after].text == "," and any(t.text == "," for t in source):
        return (*source, doc[after])
    return source


def _without_circumstance(noun: Token) -> list[Token]:
    """A subject's words without a participle set off by commas ("the governor, speaking on Monday,"):
    it tells when or how the source spoke, not who the source is."""
    return _pruned(
        noun, lambda c: c.dep_ == "acl" and c.tag_ == "VBG" and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == ","
    )


def _pruned(token: Token, aside: Callable[[Token], bool]) -> list[Token]:
    """A token's subtree without the subtrees of the children ``aside`` picks out."""
    left_out = {t.i for c in token.children if aside(c) for t in c.subtree}
    return [t for t in token.subtree if t.i not in left_out]


def _run_around(tokens: Iterable[Token], anchor: Token) -> list[Token]:
    """The contiguous run of ``tokens`` that contains ``anchor``."""
    present = {t.i: t for t in tokens}
    if anchor.i not in present:
        return []
    low = high = anchor.i
    while low - 1 in present:
        low -= 1
    while high + 1 in present:
        high += 1
    return [present[i] for i in range(low, high + 1)]


def _remark(verb: Token) -> bool:
    """Whether a participle trails its clause after a comma (", marking ...", ", arguing that ...")."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.i > verb.head.i
        and verb.left_edge.i > 0
        and verb.doc[verb.left_edge.i - 1].text == ","
    )


def _quote_mark(token: Token) -> str | None:
    """ "open" or "close" for a double quotation mark (curly by shape, straight by where it sits,
    else by its tag)."""
    text = token.text
    if text not in STRAIGHT_QUOTES:
        return _mark(text, token.tag_, None)
    doc = token.doc
    spaced_before = token.i == 0 or bool(doc[token.i - 1].whitespace_) or doc[token.i - 1].is_space
    spaced_after = token.i + 1 == len(doc) or bool(token.whitespace_) or doc[token.i + 1].is_space
    return _mark(text, token.tag_, _side(spaced_before, spaced_after))


def _side(spaced_before: bool, spaced_after: bool) -> str | None:
    """The side a mark sits on by its spacing: stuck to the word after it opens, to the word before closes."""
    if spaced_before != spaced_after:
        return "open" if spaced_before else "close"
    return None


def _mark(text: str, tag: str, side: str | None) -> str | None:
    """The side of a quotation mark: a curly mark by its shape; a straight one (or two apostrophes,
    which some writers type for both marks and the tagger always calls closing) by ``side``, its
    spacing, when that tells, else by the tagger's reading."""
    if text in OPENING_QUOTES:
        return "open"
    if text == "”":
        return "close"
    if text in STRAIGHT_QUOTES:
        return side or ("open" if tag == "``" else "close")
    return None


@lru_cache(maxsize=1)
def _quoted(doc: Doc) -> frozenset[int]:
    """The indices of the tokens inside a document's quotations (one pass per document)."""
    return frozenset(i for passage in _quotations(doc) for i in passage)


def _quotations(doc: Doc) -> list[range]:
    """The token indices inside each double-quoted passage that opens and closes within a line
    (read off the token arrays: only quotation marks and spaces are looked at)."""
    if not len(doc):
        return []
    orths, tags, spaces, trailing = doc.to_array([ORTH, TAG, IS_SPACE, SPACY]).T
    strings = doc.vocab.strings
    passages: list[range] = []
    opened: int | None = None
    for i in np.flatnonzero(_member(orths, QUOTE_IDS) | (spaces == 1)).tolist():
        text = strings[orths[i]]
        spaced_before = i == 0 or trailing[i - 1] == 1 or spaces[i - 1] == 1
        spaced_after = i + 1 == len(doc) or trailing[i] == 1 or spaces[i + 1] == 1
        mark = _mark(text, strings[tags[i]], _side(spaced_before, spaced_after))
        if "\n" in text:
            opened = None
        elif mark == "open":
            opened = i
        elif mark == "close" and opened is not None:
            passages.append(range(opened + 1, i))
            opened = None
    return passages


def _quotation_from(doc: Doc, mark: int, step: int) -> list[Token]:
    """The quotation whose mark is at ``mark``, read towards ``step`` (-1 back, +1 forward)."""
    wanted = "open" if step < 0 else "close"
    i = mark + step
    while 0 <= i < len(doc) and abs(i - mark) < QUOTE_REACH:
        found = _quote_mark(doc[i])
        if found == wanted:
            low, high = sorted((i, mark))
            return list(doc[low + 1 : high])
        if found is not None:
            return []
        i += step
    return []


def _adjacent_quotation(verb: Token, source: tuple[Token, ...]) -> list[Token]:
    """The quotation right before or after "X said" that the parse left unattached.

    ``"P," said X.`` and ``X said: "P"``, where the quotation may even be a sentence of its own.
    """
    doc = verb.doc
    first, last = min(verb.i, source[0].i), max(verb.i, source[-1].i)
    before = first - 1
    while before >= 0 and doc[before].text in QUOTE_GLUE:
        before -= 1
    if before >= 0 and _quote_mark(doc[before]) == "close":
        return _quotation_from(doc, before, -1)
    after = last + 1
    while after < len(doc) and doc[after].text in QUOTE_GLUE:
        after += 1
    if after < len(doc) and _quote_mark(doc[after]) == "open":
        return _quotation_from(doc, after, 1)
    return []


def _shifted(clause: Token, verb: Token) -> bool:
    """Whether a reported clause's verb is in another tense than a verb coordinated with it: an
    auxiliary ("he would P", "she'd P"), a copula ("it was P") or another form."""
    return clause.pos_ == "AUX" or clause.tag_ != verb.tag_ or any(c.dep_ in AUXILIARY_DEPS for c in clause.children)


def _speaker_after_quotation(verb: Token) -> tuple[Token, ...] | None:
    """ "“P,” Tarnavskyi, a commander, said": the words between a quotation closed by a comma and a verb of
    saying, which the parser may have hung inside the quotation."""
    doc = verb.doc
    start = verb.i
    while start > 0 and verb.i - start < SPEAKER_WORDS and _quote_mark(doc[start - 1]) != "close":
        start -= 1
    words = doc[start : verb.i]
    if start == 0 or _quote_mark(doc[start - 1]) != "close" or doc[start - 2].text not in QUOTATION_ENDS:
        return None
    if not words or any(t.pos_ in ("VERB", "AUX") for t in words) or not any(t.pos_ in ("PROPN", "PRON") for t in words):
        return None
    return _source_words(words)


def _stray_subject(verb: Token) -> Token | None:
    """A name the parser hung off a finite verb without a subject as an interjection or a loose
    dependent ("Last week Pohl in a televised address seemed to P"): it is the verb's subject."""
    if verb.tag_ not in FINITE_TAGS or any(c.dep_ in SUBJECT_DEPS | {"nsubjpass", "expl", "csubj"} for c in verb.children):
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in STRAY_SUBJECT_DEPS
            and c.pos_ == "PROPN"
            and c.i < verb.i
            # a date or place of its own is no speaker; a name glued onto a date ("[Last week Pohl]") is
            and (c.ent_type_ not in UNSPOKEN_ENTITIES or c.ent_iob_ == "I")
        ),
        None,
    )


def _person_before(verb: Token, mistyped: bool) -> tuple[Token, ...]:
    """The person named right before a participle ("a clip of Zelensky asking, “P”",
    "with Shmyhal criticising P"): the participle tells what that person does, whatever the parser
    hung it on. With ``mistyped``, a name the tagger took for another kind of entity counts when it
    is the object of a preposition hung on the participle's own governor ("the film closes on
    Hrytsiv declaring P")."""
    doc = verb.doc
    if verb.tag_ != "VBG" or verb.i == 0:
        return ()
    name = doc[verb.i - 1]
    governed_alike = name.dep_ == "pobj" and name.head.head == verb.head and name.ent_type_ not in TIME_ENTITIES
    if not (name.ent_type_ == "PERSON" or (mistyped and name.pos_ == "PROPN" and governed_alike)):
        return ()
    if any(c.dep_ in SUBJECT_DEPS for c in verb.children) or name.head == verb:
        return ()
    window = doc[max(0, name.i - COLON_SPEAKER_WORDS) : verb.i]
    return tuple(_run_around([t for t in window if t.ent_type_ == name.ent_type_ and (t.pos_ == "PROPN" or t.ent_type_ == "PERSON")], name))


def _undergoes(verb: Token) -> bool:
    """Whether a verb is a bare passive participle ("Asked about the strike, the minister said ..."):
    the subject it shares with its governor underwent it (was asked), it did not report."""
    return verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(c.dep_ in AUXILIARY_DEPS for c in verb.children)


def _bare_statement(verb: Token, clause: Token) -> bool:
    """Whether a clause right after a verb states something on its own: "insists the talks failed".

    Its own subject and a tensed verb make it a proposition; a question word ("what they spent")
    or a clause the parser hung before the verb makes it something else.
    """
    if clause.left_edge.i != verb.i + 1 or clause.left_edge.tag_ in QUESTION_TAGS:
        return False
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children)
    return has_subject and _tensed(clause)


def _tensed(clause: Token) -> bool:
    """Whether a clause's verb is finite or carries a finite auxiliary or a modal."""
    return clause.tag_ in FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS | {"MD"} for c in clause.children)


def _as_clause_content(verb: Token) -> list[Token]:
    """ "As experts have pointed out, P" / "P, as he said": the rest of the sentence around the
    as-clause (the longer side when the clause sits in the middle)."""
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as"), None)
    if mark is None:
        return []
    # the as-clause runs to its last word: "As X put it on Monday, P"
    end = verb.right_edge.i
    sentence = verb.sent
    before = list(verb.doc[sentence.start : mark.i])
    after = list(verb.doc[end + 1 : sentence.end])
    side = max(before, after, key=lambda words: sum(t.is_alpha for t in words))
    return side if any(t.is_alpha for t in side) else []


def _passive_content(verb: Token) -> list[Token]:
    """ "The plan was endorsed by the council": with an agent as source, the subject is the content."""
    if not any(c.dep_ == "agent" for c in verb.children):
        return []
    return [t for c in verb.children if c.dep_ == "nsubjpass" for t in c.subtree]


def _fronted_content(verb: Token, source: tuple[Token, ...]) -> list[Token]:
    """ "P, he said." parsed with P as a loose dependent of the cue: the words before the comma."""
    comma = source[0].i - 1
    if comma < 1 or verb.doc[comma].text != "," or not source[-1].i < verb.i or verb.i < comma:
        return []
    return _run_around([t for t in verb.subtree if t.i < comma], verb.doc[comma - 1])


def _line_before(doc: Doc, mark: int) -> list[Token]:
    """The words of the line up to a closing quotation mark whose opening mark is miswritten."""
    return [t for t in doc[_line_begin(doc, mark) : mark] if not _quote_mark(t) and t.text not in CLOSING_QUOTES]


def _named_elsewhere(token: Token) -> bool:
    """Whether a capitalised word the tagger misread in a headline ("Fields: ...") is a name
    where the body uses it: a proper noun or part of a named entity."""
    if not token.is_title:
        return False
    own = token.pos_ == "PROPN" or token.ent_type_ in ENTITY_KINDS
    return _name_counts(token.doc)[token.orth] > own


@lru_cache(maxsize=1)
def _name_counts(doc: Doc) -> Counter[int]:
    """How often each word of a document (by its id) is a proper noun or part of a named entity
    (one pass over the token arrays per document, however many headline words ask)."""
    orths, tags, entities = doc.to_array([ORTH, POS, ENT_TYPE]).T
    named = (tags == PROPN) | _member(entities, ENTITY_KIND_IDS)
    return Counter(orths[named].tolist())


def _line_start(doc: Doc, i: int) -> bool:
    """Whether token ``i`` opens a line of the text."""
    return i == 0 or "\n" in doc[i - 1].text_with_ws


def _past_spaces(doc: Doc, i: int) -> int:
    """The index of the first token from ``i`` on that is no space within the line (or the line break)."""
    while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += 1
    return i


def _name_end(doc: Doc, first: int) -> int:
    """The index just past the proper nouns (at most a speaker label's worth) running from ``first``."""
    end = first
    while end < len(doc) and end - first < COLON_SPEAKER_WORDS and doc[end].pos_ == "PROPN":
        end += 1
    return end


def _line_begin(doc: Doc, i: int) -> int:
    """The index of the first token of the line holding token ``i``."""
    while i > 0 and not _line_start(doc, i):
        i -= 1
    return i


def _line_end(doc: Doc, i: int) -> int:
    """The index of the first token from ``i`` on that opens a line, or the document's length:
    where the line going on at ``i`` ends."""
    while i < len(doc) and not _line_start(doc, i):
        i += 1
    return i


def _paragraph_nearest(content: tuple[Token, ...], cue: Token) -> tuple[Token, ...]:
    """The part of a content that lies in one paragraph, the one nearest the cue: a parse that
    runs a clause on past a line break takes in the next paragraph's sentence."""
    pieces: list[list[Token]] = [[]]
    for token in content:
        if pieces[-1] and _line_between(pieces[-1][-1], token):
            pieces.append([])
        pieces[-1].append(token)
    if len(pieces) == 1:
        return content

    def distance(piece: list[Token]) -> int:
        if piece[0].i <= cue.i <= piece[-1].i:
            return 0
        return min(abs(piece[0].i - cue.i), abs(piece[-1].i - cue.i))

    return _trim(min((p for p in pieces if _trim(p)), key=distance, default=content))


def _to_closing_mark(content: tuple[Token, ...]) -> tuple[Token, ...]:
    """A content opened by a quoted sentence ends at its closing mark: a parse that runs the quoted
    clause on past it (into "..., and then the line went dead") takes in the writer's words. A quoted
    phrase closing without punctuation ("“heavy losses” near the river") is part of a longer content."""
    doc = content[0].doc
    opening = content[0].i - 1
    if opening < 0 or content[-1].i in _quoted(doc) or doc[opening].text not in OPENING_MARKS:
        return content
    if _quote_mark(doc[opening]) != "open":
        return content
    quotation = _quotation_from(doc, opening, 1)
    if not quotation or quotation[-1].i >= content[-1].i or quotation[-1].text not in CLOSING_PUNCTUATION:
        return content
    return _trim(t for t in content if t.i <= quotation[-1].i) or content


def _line_between(first: Token, second: Token) -> bool:
    """Whether a line ends between two tokens (after ``first``, before ``second``)."""
    if "\n" in first.text_with_ws:
        return True
    return second.i > first.i + 1 and any("\n" in t.text_with_ws for t in first.doc[first.i + 1 : second.i])


def _within(token: Token, tokens: tuple[Token, ...]) -> bool:
    """Whether ``token`` is one of ``tokens`` (in text order), checking their extent first."""
    return tokens[0].i <= token.i <= tokens[-1].i and token in tokens


def _described(inner: Found, outer: Found) -> bool:
    """Whether a claim in a relative clause describes a person the outer content names ("X
    praised the mayor, who said P"): the writer tells what the mayor said, not the outer source."""
    head = _head(outer.content)
    return (
        len(inner.source) == 1
        and inner.source[0].tag_ in RELATIVE_TAGS
        and inner.cue[0].dep_ == "relcl"
        and head.pos_ in ("NOUN", "PROPN")
        and inner.cue[0].head.i == head.i
    )


def _without_cues_in_sources(found: list[Found]) -> list[Found]:
    """Settle claims whose cue lies inside another claim's source.

    A relative clause tells what the source itself said: both stay ("X, who stressed that P,
    said Q"). A cue with a subject of its own is a clause the parser swallowed into a subject: the
    claim with that source goes ("critics argue that P has promised ..."). Any other is a word of the
    source's name ("according to help desk staff").
    """
    sources = [{t.i for t in f.source} for f in found]
    dropped: set[int] = set()
    for n, inner in enumerate(found):
        cue = inner.cue[0]
        holders = [m for m, words in enumerate(sources) if m != n and cue.i in words]
        if not holders or inner.source[0].tag_ in RELATIVE_TAGS:
            continue
        owns_subject = any(c.dep_ in SUBJECT_DEPS for c in cue.children)
        dropped.update(holders if owns_subject else [n])
    return [f for n, f in enumerate(found) if n not in dropped]


def _predicate_noun(token: Token) -> bool:
    """Whether a word tagged as a noun heads a subject and a clause, so is a verb the tagger
    misread ("X claims that P", "records show P")."""
    return token.pos_ == "NOUN" and {"nsubj", "ccomp"} <= {c.dep_ for c in token.children}


def _is_infinitive(verb: Token) -> bool:
    """Whether a verb is a to-infinitive ("decision to withdraw")."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _head(tokens: tuple[Token, ...]) -> Token:
    """The token of a phrase whose head lies outside it."""
    return next((t for t in tokens if t.head not in tokens or t.head == t), tokens[0])


def _name_in_apposition(role: Token) -> list[Token]:
    """The name set off after a role noun ("The district head, Ostap Kurylo,"), which the parser
    may hang on the role's organisation instead ("The mayor of Izmail, Daryna Fedak,")."""
    holders = [role] + [o for p in role.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    for holder in holders:
        for appositive in holder.children:
            if appositive.dep_ == "appos" and appositive.pos_ == "PROPN" and (holder is role or appositive.ent_type_ == "PERSON"):
                return _run_around([t for t in appositive.subtree if t.pos_ == "PROPN"], appositive)
    return []


def _without_apposition(noun: Token) -> list[Token]:
    """A noun's words without what is set off after it in apposition."""
    return _pruned(noun, lambda c: c.dep_ == "appos")


def _without_determiner(tokens: list[Token]) -> list[Token]:
    return tokens[1:] if tokens and tokens[0].dep_ == "det" else tokens


@register("attribution")
class AttributionExtractor:
    """Finds who said what: claims with source, cue, content, venue and modality."""

    name = "attribution"

    def __init__(self) -> None:
        self.lexicon = CueLexicon.load()

    def __call__(self, context: ExtractionContext) -> None:
        found = self._fold_nested(_without_cues_in_sources(sorted(self._find(context), key=lambda f: f.cue[0].i)))
        # a cue inside a quotation is the quoted speaker's own reporting: it folded into the
        # quotation's claim above, and is no claim of the report's when nobody is named for it
        quoted = _quoted(context.doc)
        found = [f for f in found if f.cue[0].i not in quoted]
        doc_id = context.extraction.document.id
        people: list[Source] = []
        for n, item in enumerate(found, 1):
            source = self._source(context, item, people)
            if source.kind == "person" and item.source[0].lower_ not in self.lexicon.pronoun_kinds:
                people.append(source)
            cue = context.span(item.cue[0].idx, self._end(item.cue))
            content = context.span(item.content[0].idx, self._end(item.content))
            context.extraction.claims.append(
                Claim(f"{doc_id}:c{n}", doc_id, cue.sentence, source, cue, content, item.modality)
            )
            if source.span is not None:
                context.extraction.mentions.append(Mention("source", source.span, source))

    def _fold_nested(self, found: list[Found]) -> list[Found]:
        """Drop a claim whose cue lies inside another claim's content: "X said Y denied P" is X's
        claim, and its content already holds Y's words. A fear or denial the inner cue carries
        becomes the outer modality, so the events in P keep it."""
        # keyed by position: a folded outer claim is replaced by a copy, so identity cannot find it
        kept = dict(enumerate(found))
        for position in range(len(found)):
            inner = kept[position]
            outer_at = next(
                (
                    at
                    for at, o in kept.items()
                    if at != position and _within(inner.cue[0], o.content) and not _within(o.cue[0], inner.content)
                ),
                None,
            )
            if outer_at is None or any(t.dep_ == "dobj" and t.head in kept[outer_at].cue for t in inner.cue):
                # "Kyiv dismissed Moscow's claim that P": the outer content is the inner claim itself
                continue
            if _described(inner, kept[outer_at]):
                continue
            del kept[position]
            outer = kept[outer_at]
            if outer.modality is Modality.ASSERTED and inner.modality is not Modality.ASSERTED:
                kept[outer_at] = replace(outer, modality=inner.modality)
        return list(kept.values())

    @staticmethod
    def _end(tokens: tuple[Token, ...]) -> int:
        return tokens[-1].idx + len(tokens[-1].text)

    # -- finding cues ---------------------------------------------------------------------------

    def _find(self, context: ExtractionContext) -> Iterator[Found]:
        seen: set[int] = set()
        for token in self._candidates(context.doc):
            found = (
                self._verb_cue(token)
                or self._prepositional_cue(token)
                or self._noun_cue(token)
                or self._attitude_cue(token)
                or self._quoting_cue(token)
                or self._quoted_cue(token)
                or self._inverted_cue(token)
                or self._colon_cue(token)
                or self._introducing_cue(token)
                or self._dash_cue(token)
                or self._headline_cue(token)
            )
            if found is None or found.cue[0].i in seen or not found.content or not found.source:
                continue
            seen.add(found.cue[0].i)
            content = _paragraph_nearest(_to_closing_mark(found.content), found.cue[0])
            yield replace(found, source=_closed(found.source), content=content)

    def _candidates(self, doc: Doc) -> Iterator[Token]:
        """The tokens that can open a cue: words of the vocabulary, verbs governing a clause, colons
        and dashes. They are read off the token arrays, so the other tokens are never built."""
        if not len(doc):
            return
        lemmas, lowers, deps, orths, spaces = doc.to_array([LEMMA, LOWER, DEP, ORTH, IS_SPACE]).T
        # heads are stored as offsets, unsigned
        heads = np.arange(len(doc)) + doc.to_array(HEAD).astype("int64")
        lex = self.lexicon
        wanted = _member(lemmas, lex.cue_ids) | _member(lowers, lex.mark_ids) | _member(lowers, lex.headline_ids)
        wanted[heads[_member(deps, CLAUSE_DEP_IDS)]] = True
        # the verb or particle before a comma or colon that opens a quotation may introduce it
        # ("she continued, “P”", "he went on: “P”")
        quotes = np.flatnonzero(_member(orths, QUOTE_IDS))
        quotes = quotes[quotes >= 4]
        glue = _member(orths, GLUE_IDS)
        glued = np.concatenate([quotes[glue[quotes - 1]] - 1, quotes[glue[quotes - 2] & (spaces[quotes - 1] == 1)] - 2])
        wanted[glued - 1] = True
        wanted[glued - 2] = True
        for i in np.flatnonzero(wanted).tolist():
            yield doc[i]

    def _can_speak(self, head: Token) -> bool:
        """Whether a subject surely names someone who can say things: a name, a pronoun, a person,
        group, office, medium or document; not an abstraction ("the partnership ..., urging")."""
        lex = self.lexicon
        words = (head.lower_, head.lemma_.lower())
        return (
            head.pos_ in ("PROPN", "PRON")
            or bool(head.ent_type_)
            or any(w in lex.kind_nouns or w in lex.role_nouns or w in lex.pronoun_kinds for w in words)
            or head.lower_ in lex.relative_pronouns
        )

    def _verb_cue(self, verb: Token) -> Found | None:
        """A reporting verb with its subject as source: "X revealed that P", "X denied P"."""
        # a participle after "be" ("are convinced that P") is an attitude, with its copula in the cue
        if verb.is_punct or verb.dep_ == "acomp" or not (verb.tag_.startswith("VB") or _predicate_noun(verb)):
            return None
        lex = self.lexicon
        lemma = verb.lemma_.lower()
        cue = [verb]
        content: list[Token] = []
        object_only = False
        modality = lex.verbs.get(lemma, Modality.ASSERTED)
        clause = [t for c in verb.children if c.dep_ in CLAUSE_DEPS for t in self._proposition(c)]
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if lemma in lex.expression_verbs and obj is not None and obj.lemma_.lower() in lex.expression_nouns:
            cue.append(obj)
            modality = lex.expression_nouns[obj.lemma_.lower()]
            content = self._noun_content(obj) or self._prepositional_content(verb)
        elif lemma in lex.particle_verbs:
            particle = next(
                (c for c in verb.children if c.dep_ in PARTICLE_DEPS and c.lower_ in lex.particle_verbs[lemma]),
                None,
            )
            if particle is None:
                return self._naming_cue(verb, lemma)
            cue.append(particle)
            content = (
                clause
                or [t for c in particle.children for t in c.subtree] + self._xcomp(verb)
                # "doubled down on P": the particle is an adverb, a preposition after it carries P
                or self._prepositional_content(verb)
            )
        elif lemma in lex.clause_verbs or self._reports_clause(verb, lemma):
            content = clause or (self._xcomp(verb) if lemma in lex.clause_verbs else [])
            if not content and obj is not None and lemma in lex.object_content_verbs:
                content = _subtree(obj)
                object_only = True
        elif lemma in lex.verbs or lemma in lex.speaker_verbs:
            content = clause or self._complement(verb, lemma, obj)
        else:
            return self._naming_cue(verb, lemma)
        source = self._subject(verb) or (_speaker_after_quotation(verb) if lemma in lex.verbs else None)
        if source is None or not self._plausible(verb, lemma, source, clause):
            return None
        if object_only and not self._can_speak(_head(source)):
            # "a flattened street in Kherson showing blast damage": a thing shown, nobody reports
            return None
        if not content and (lemma in lex.verbs or lemma in lex.particle_verbs):
            content = (
                _as_clause_content(verb)
                or _passive_content(verb)
                or self._parenthetical_content(verb)
                or _adjacent_quotation(verb, source)
                or _fronted_content(verb, source)
                or self._detached_clause(verb)
            )
        if not content and obj is not None and lemma in lex.clause_verbs and lex.kind_nouns.get(_head(source).lower_) == "document":
            # "a 2023 audit found 14 forged invoices": what a document finds or shows is its finding
            content = _subtree(obj)
        if not content or self._unanswered(verb, content):
            return None
        cue = self._cue_words(verb, cue, content)
        if modality is Modality.ASSERTED and self._hedged(content):
            modality = Modality.POTENTIAL
        return Found(tuple(sorted(cue, key=lambda t: t.i)), source, _trim(content), modality, self._venue(verb, obj, source))

    def _unanswered(self, verb: Token, content: list[Token]) -> bool:
        """Whether a cue says it left a request unanswered ("did not respond to our request
        for an interview"): nothing was said. Not answering an accusation stays a claim."""
        lex = self.lexicon
        if verb.lemma_.lower() not in lex.reply_verbs or not any(c.dep_ == "neg" for c in verb.children):
            return False
        return _head(_trim(content)).lemma_.lower() in lex.solicitation_nouns

    def _reports_clause(self, verb: Token, lemma: str) -> bool:
        """Any other verb whose object is a finite clause reports it: "X conceded that P",
        "X insists P" (the speaker is checked in :meth:`_plausible`)."""
        return lemma not in self.lexicon.non_reporting_verbs and any(
            c.dep_ in CLAUSE_DEPS and (self._is_that_clause(c) or (verb.pos_ == "VERB" and _bare_statement(verb, c)))
            for c in verb.children
        )

    def _plausible(self, verb: Token, lemma: str, source: tuple[Token, ...], clause: list[Token]) -> bool:
        """Whether a cue outside the core vocabulary has someone who can speak as its source, and
        whether a participle borrowing its subject without a clause borrows it unambiguously.

        "the partnership between A and B poses ..., urging a rethink" and "as the world watches X
        unfold" are narration.
        """
        lex = self.lexicon
        borrowed = not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "agent" for c in verb.children)
        if borrowed and not clause and sum(c.dep_ in SUBJECT_DEPS for c in _head(source).head.children) > 1:
            # two subjects on the governor: the parse cannot tell which one the participle shares
            return False
        core = lemma in lex.verbs or lemma in lex.clause_verbs or lemma in lex.expression_verbs or lemma in lex.particle_verbs
        if core or any(self._is_that_clause(c) for c in verb.children if c.dep_ in CLAUSE_DEPS):
            return True
        return self._can_speak(_head(source))

    def _naming_cue(self, verb: Token, lemma: str) -> Found | None:
        """ "called the strike a war crime", "sees the offensive as a failure": the naming is the claim."""
        lex = self.lexicon
        if lemma in lex.naming_verbs:
            named = [c for c in verb.children if c.dep_ in ("dobj", "oprd")]
            if not any(c.dep_ == "oprd" for c in named):
                return None
        elif lemma in lex.regarding_verbs:
            named = [c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "as")]
            if len(named) < 2:
                return None
        else:
            return None
        source = self._subject(verb)
        if source is None or (lemma in lex.regarding_verbs and not self._can_speak(_head(source))):
            return None
        content = _trim(t for c in named for t in c.subtree)
        return Found((verb,), source, content, Modality.ASSERTED)

    def _complement(self, verb: Token, lemma: str, obj: Token | None) -> list[Token]:
        """Content given by an object, an infinitive or a preposition ("warned of P", "accused Y of P")."""
        takes_object = lemma in self.lexicon.object_content_verbs
        objects = _subtree(obj) if obj is not None and takes_object else []
        xcomp = self._xcomp(verb)
        if not xcomp and obj is not None and lemma in self.lexicon.audience_verbs:
            # "told the volunteers at the depot to load the trucks": the infinitive after the audience,
            # which the parser may hang off the verb as an adverbial clause, is what they were told
            xcomp = [t for c in verb.children if c.dep_ == "advcl" and c.i > obj.i and _is_infinitive(c) for t in c.subtree]
        if xcomp:
            audience = _subtree(obj) if obj is not None else []
            return audience + xcomp
        prepositional = self._prepositional_content(verb)
        if prepositional:
            return objects + prepositional
        return objects

    @staticmethod
    def _xcomp(verb: Token) -> list[Token]:
        return [t for c in verb.children if c.dep_ == "xcomp" for t in c.subtree]

    def _prepositional_content(self, head: Token) -> list[Token]:
        """The objects of the prepositions that introduce a cue's content ("warned of P"), and
        of the ones its own verb takes ("responded to P", "criticised X for P")."""
        tokens: list[Token] = []
        for prep in head.children:
            if prep.dep_ != "prep" or not self._introduces_content(head, prep):
                continue
            objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if any(self._is_venue_or_time(o) for o in objects):
                continue
            tokens.extend(t for o in objects for t in o.subtree)
        return tokens

    def _introduces_content(self, head: Token, prep: Token) -> bool:
        """Whether a preposition after a cue word can introduce its content."""
        if prep.lower_ in self.lexicon.content_prepositions:
            return True
        return head.pos_ == "VERB" and prep.lower_ in self.lexicon.verb_prepositions.get(head.lemma_.lower(), ())

    def _noun_content(self, noun: Token) -> list[Token]:
        """The proposition a noun of attitude or report noun governs ("concern that P", "fears of P")."""
        clause = [t for c in noun.children if c.dep_ in ("acl", "ccomp") and self._is_that_clause(c) for t in c.subtree]
        return clause or self._prepositional_content(noun)

    def _is_that_clause(self, clause: Token) -> bool:
        return any(c.dep_ == "mark" and c.lower_ in self.lexicon.complementisers for c in clause.children)

    def _is_venue_or_time(self, token: Token) -> bool:
        return token.ent_type_ in TIME_ENTITIES or self.lexicon.venue_in(self._phrase(token)) is not None

    def _detached_clause(self, verb: Token) -> list[Token]:
        """ "X said after the briefing he would P", "X wrote on Sunday that P": a statement the parser
        hung off a verb of saying as an adverbial clause, with no word making it one ("when", "if")."""
        if self.lexicon.verbs.get(verb.lemma_.lower()) is not Modality.ASSERTED:
            return []
        for clause in verb.children:
            if clause.dep_ != "advcl" or clause.i < verb.i:
                continue
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            openers = [c for c in clause.children if c.dep_ == "mark" or c.tag_ in QUESTION_TAGS]
            if subject is None or subject.i > clause.i or not _tensed(clause):
                continue
            if any(c.lower_ not in self.lexicon.complementisers for c in openers):
                continue
            start = min([subject.left_edge.i] + [c.i for c in openers])
            return list(verb.doc[start : clause.right_edge.i + 1])
        return []

    @staticmethod
    def _parenthetical_content(verb: Token) -> list[Token]:
        """ "P, he said, ..." parsed with the cue hanging off P: the words of P around its head.

        A clause running on from its governor with no punctuation between ("said villagers still hope
        for P", "said on Tuesday that the brigade would confirm P") is what the governor reports, not
        a frame around it.
        """
        if verb.dep_ not in ("parataxis", "ccomp") or verb.head == verb:
            return []
        # the clause's own first word may be the comma that sets it off
        between = verb.doc[verb.head.i + 1 : verb.left_edge.i + 1]
        if verb.head.i < verb.left_edge.i and not any(t.is_punct for t in between):
            return []
        outside = set(t.i for t in verb.subtree)
        rest = [t for t in verb.head.subtree if t.i not in outside]
        return _run_around(rest, verb.head)

    def _hedged(self, content: list[Token]) -> bool:
        """Whether the content's main verb carries a modal of possibility ("could", "might")."""
        inside = {t.i for t in content}
        heads = [t for t in content if t.head.i not in inside or t.head == t]
        return any(
            c.dep_ == "aux" and c.lower_ in self.lexicon.potential_modals for h in heads for c in h.children
        )

    def _cue_words(self, verb: Token, cue: list[Token], content: list[Token]) -> list[Token]:
        """The reporting words around a cue verb: auxiliaries and adverbs before it ("has also
        said", "is once again questioning"), and a preposition or colon right after it ("warned of",
        "said:")."""
        doc = verb.doc
        words = sorted(cue, key=lambda t: t.i)
        i = verb.i - 1
        # an adverb may modify another adverb of the cue ("once" in "once again")
        while i >= 0 and (
            (doc[i].head == verb and doc[i].dep_ in AUXILIARY_DEPS)
            or (doc[i].head in words and doc[i].dep_ == "advmod" and doc[i].tag_ == "RB")
        ):
            words.insert(0, doc[i])
            i -= 1
        following = words[-1].i + 1
        if following < len(doc):
            after = doc[following]
            introduces_content = any(c in content for c in after.children)
            opens_content = after.dep_ == "prep" and self._introduces_content(verb, after) and introduces_content
            if after.head == verb and opens_content:
                words.append(after)
            elif after.text == ":":
                words.append(after)
        return words

    def _prepositional_cue(self, token: Token) -> Found | None:
        """ "according to X, P": X is the source of the clause the phrase modifies."""
        particle = self.lexicon.prepositional_cues.get(token.lower_)
        prep = next((c for c in token.children if c.lower_ == particle), None)
        if particle is None or prep is None:
            return None
        # "according to help desk staff": the tagger may read the source's first word as a verb
        source = [t for c in prep.children if c.dep_ in ("pobj", "pcomp") for t in c.subtree]
        if token.head == token:
            return self._opening_prepositional_cue(token, prep, source)
        outside = {t.i for t in token.subtree}
        content = _run_around([t for t in token.head.subtree if t.i not in outside], token.head)
        return Found((token, prep), _trim(source), _trim(content), Modality.ASSERTED)

    @staticmethod
    def _opening_prepositional_cue(token: Token, prep: Token, source: list[Token]) -> Found | None:
        """ "According to X, P" parsed as the root, P hung inside X: X runs to the first comma, P is the rest
        of the sentence."""
        comma = next((t for t in source if t.text == "," and t.i > prep.i), None)
        if comma is None:
            return None
        content = [t for t in token.sent if t.i > comma.i]
        return Found((token, prep), _trim(t for t in source if t.i < comma.i), _trim(content), Modality.ASSERTED)

    def _colon_cue(self, colon: Token) -> Found | None:
        """A headline or transcript line "Zelensky: P" / "SPEAKER: P": the name before a colon
        that opens a line is the source of the rest of the line."""
        if colon.text != ":":
            return None
        doc = colon.doc
        speaker = [t for t in doc[_line_begin(doc, colon.i) : colon.i] if not _quote_mark(t)]
        if self._label(speaker):
            if speaker[-1].lower_ in self.lexicon.line_labels or not self._someone_among(speaker):
                return None
        elif colon.head.pos_ not in ("VERB", "AUX"):
            # a verb ending in the colon introduces the quotation itself ("Kuleba said: “P”")
            speaker = self._quoted_person(speaker, doc, colon.i + 1)
        else:
            return None
        if not speaker:
            return None
        end = _line_end(doc, colon.i + 1)
        return Found((colon,), _trim(speaker), _trim(doc[colon.i + 1 : end]), Modality.ASSERTED)

    def _someone_among(self, words: list[Token]) -> bool:
        """Whether a few capitalised words before a colon name someone (a person, organisation or
        group the tagger knows, a kind of speaker, a label in capitals) rather than title a story
        ("Cold Comfort: P", "Shadow Over Kherson: P")."""
        return len(words) == 1 or any(
            t.ent_type_ in SPEAKER_ENTITIES or t.is_upper or t.lower_ in self.lexicon.kind_nouns for t in words
        )

    def _quoted_person(self, words: list[Token], doc: Doc, after: int) -> list[Token]:
        """The person a headline line quotes after a colon ("Podolyak Hits Back at Kremlin Envoy:
        ‘Your Maps Are Fiction’", "Three Rules From Olena Zelenska: ‘Keep Schools Open’"): the first
        person named in a short phrase, neither a sentence nor a speaker's verb ("Said X: “P”"), whose
        colon opens a quotation."""
        after = _past_spaces(doc, after)
        if len(words) > HEADLINE_WORDS or after == len(doc) or doc[after].text not in OPENING_MARKS:
            return []
        if any(t.text in SENTENCE_ENDS or t.lemma_.lower() in self.lexicon.verbs for t in words):
            return []
        # the tagger reads many foreign names as organisations: any name but a place or a date will do
        names = [t for t in words if t.ent_type_ == "PERSON" or (t.pos_ == "PROPN" and t.ent_type_ not in UNSPOKEN_ENTITIES)]
        return _run_around(names, names[0]) if names else []

    def _introducing_cue(self, colon: Token) -> Found | None:
        """ "The mayor continued:" / "The ministry wrote: “P”": a speaker's verb ending in a colon
        introduces the quotation or the line after it."""
        verb = colon.head
        if colon.text != ":" or not verb.tag_.startswith("VB") or verb.i > colon.i:
            return None
        doc = colon.doc
        after = colon.i + 1
        while after < len(doc) and doc[after].is_space:
            after += 1
        if after == len(doc):
            return None
        # a quotation that does not close within reach (running on over paragraphs) is read to the
        # end of its first line
        content = _quotation_from(doc, after, 1) if _quote_mark(doc[after]) == "open" else []
        if not content and _line_start(doc, after):
            content = [t for t in doc[after : _line_end(doc, after + 1)] if not _quote_mark(t)]
        if not content:
            return None
        source = self._subject(verb)
        if source is None or not self._can_speak(_head(source)):
            return None
        return Found((verb, colon), source, _trim(content), Modality.ASSERTED)

    def _headline_cue(self, verb: Token) -> Found | None:
        """A title-case headline "Kuleba Slams Moscow Over Grain Deal" / "Stoltenberg Takes Aim at
        Hungary": the capitalised words opening the line are the source, the verb (with the words it
        needs) the cue, the rest of the line the content. A line with a colon is left to the colon,
        whose source runs to it."""
        particles = self.lexicon.headline_verbs.get(verb.lower_)
        if particles is None or not verb.is_title:
            return None
        doc = verb.doc
        speaker = list(doc[_line_begin(doc, verb.i) : verb.i])
        rest = list(doc[verb.i + 1 : _line_end(doc, verb.i + 1)])
        if not self._label(speaker):
            return None
        if any(t.text == ":" for t in rest):
            return None
        cue = [verb]
        if particles:
            lowered = [t.lower_ for t in rest]
            needed = next((p for p in particles if tuple(lowered[: len(p)]) == p), None)
            if needed is None:
                return None
            cue += rest[: len(needed)]
            rest = rest[len(needed) :]
        content = _trim(rest)
        return Found(tuple(cue), tuple(speaker), content, Modality.ASSERTED) if content else None

    def _dash_cue(self, dash: Token) -> Found | None:
        """An epigraph or reader quote signed with a dash: "P" ― Name."""
        # the tokenizer may glue the closing quote to the dash ("”―")
        glued = dash.text[:1] in CLOSING_QUOTES and dash.text[1:] in SIGNATURE_DASHES
        if not glued and dash.text not in SIGNATURE_DASHES:
            return None
        doc = dash.doc
        before = dash.i if glued else dash.i - 1
        while not glued and before > 0 and doc[before].is_space:
            before -= 1
        if not glued and (before < 0 or _quote_mark(doc[before]) != "close"):
            return None
        first = _past_spaces(doc, dash.i + 1)
        end = _name_end(doc, first)
        speaker = list(doc[first:end])
        if not speaker or (end < len(doc) and not _line_start(doc, end) and doc[end].is_alpha):
            return None
        quotation = _quotation_from(doc, before, -1) or _line_before(doc, before)
        return Found((dash,), tuple(speaker), _trim(quotation), Modality.ASSERTED) if quotation else None

    def _label(self, words: list[Token]) -> bool:
        """Whether the words opening a line are few and each can be part of a speaker's name or label."""
        return bool(words) and len(words) <= COLON_SPEAKER_WORDS and all(self._names(t) for t in words)

    def _names(self, token: Token) -> bool:
        """Whether a word can be part of a speaker's name or label at the head of a line."""
        lowered = token.lower_
        return (
            token.pos_ == "PROPN"
            or (token.is_upper and token.is_alpha)
            or lowered in self.lexicon.kind_nouns
            or _named_elsewhere(token)
        )

    def _noun_cue(self, noun: Token) -> Found | None:
        """ "Moscow's claim that P", "a statement by the ministry that P", "Kyiv's decision to P",
        "the minister's warning of P"."""
        modality = self.lexicon.report_nouns.get(noun.lemma_.lower())
        if modality is None or noun.pos_ != "NOUN":
            return None
        content = self._noun_content(noun) or [
            t for c in noun.children if c.dep_ == "acl" and _is_infinitive(c) for t in c.subtree
        ]
        if not content:
            return None
        source: list[Token] = []
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in MODIFIER_DEPS and child.i < noun.i and self._names_someone(child)):
                source = _subtree(child)
            elif child.dep_ == "prep" and child.lower_ in self.lexicon.noun_source_prepositions:
                source = [t for c in child.children if c.dep_ == "pobj" for t in c.subtree]
            if source:
                break
        return Found((noun,), _trim(t for t in source if t.tag_ != "POS"), _trim(content), modality)

    @staticmethod
    def _names_someone(modifier: Token) -> bool:
        """Whether a word before a report noun names who made the report: an organisation or place
        ("a Kremlin statement that"), a person ("the Zelensky claim that"), or a capitalised word the
        document uses as a name, whatever the tagger made of it here ("Kuleba charges that P", a verb
        read as a plural noun)."""
        return modifier.ent_type_ in ORGANISATION_ENTITIES or modifier.ent_type_ == "PERSON" or _named_elsewhere(modifier)

    def _quoting_cue(self, verb: Token) -> Found | None:
        """ "She continued, “P”", "the minister replied: “P”": a speaker's verb that goes on, after a
        comma or colon, straight into a quotation introduces it, whatever the verb."""
        if not self._may_speak(verb):
            return None
        doc = verb.doc
        particles = [c for c in verb.children if c.dep_ == "prt" and c.i > verb.i]
        # "saying at a parade in 2022, “P”": when and where come before the quotation
        settings = [c.right_edge.i for c in verb.children if c.dep_ in SETTING_DEPS and c.i > verb.i]
        after = max([verb.i] + [p.i for p in particles] + settings) + 1
        glued = False
        while after < len(doc) and (doc[after].text in QUOTE_GLUE or doc[after].is_space):
            glued = glued or doc[after].text in QUOTE_GLUE
            after += 1
        if not glued or after == len(doc) or _quote_mark(doc[after]) != "open":
            return None
        source = self._subject(verb)
        content = _quotation_from(doc, after, 1)
        if source is None or not content or not self._can_speak(_head(source)):
            return None
        cue = self._cue_words(verb, [verb, *particles], content)
        return Found(tuple(cue), source, _trim(content), Modality.ASSERTED)

    def _may_speak(self, verb: Token) -> bool:
        """Whether a word is a verb that may introduce or close a quotation: any verb but one of those
        that never report (the tagger calls some dashes verbs)."""
        return not verb.is_punct and verb.tag_.startswith("VB") and verb.lemma_.lower() not in self.lexicon.non_reporting_verbs

    def _quoted_cue(self, verb: Token) -> Found | None:
        """ "“P,” she continued.": a speaker's verb closing the sentence right after a quotation that
        ends in a comma (or a question or exclamation mark) and its subject reports it, whatever the verb."""
        doc = verb.doc
        if not self._may_speak(verb):
            return None
        if verb.i + 1 == len(doc) or doc[verb.i + 1].text not in CLOSING_PUNCTUATION:
            return None
        source = self._subject(verb)
        if source is None or source[-1].i != verb.i - 1 or source[0].i < 3 or not self._can_speak(_head(source)):
            return None
        close = source[0].i - 1
        if doc[close].text == ",":
            close -= 1
        if _quote_mark(doc[close]) != "close" or doc[close - 1].text not in QUOTATION_ENDS | {","}:
            return None
        content = _quotation_from(doc, close, -1)
        return Found((verb,), source, _trim(content), Modality.ASSERTED) if content else None

    def _inverted_cue(self, verb: Token) -> Found | None:
        """ "Said Hrytsenko: “P”": a reporting verb opening the sentence, then the speaker's name and a quotation."""
        doc = verb.doc
        if verb.lemma_.lower() not in self.lexicon.verbs or verb.tag_ not in FINITE_TAGS or not verb.is_title:
            return None
        if not (verb.i == verb.sent.start or _line_start(doc, verb.i)):
            return None
        end = _name_end(doc, verb.i + 1)
        if end == verb.i + 1 or end + 1 >= len(doc) or doc[end].text not in QUOTE_GLUE:
            return None
        opening = _past_spaces(doc, end + 1)
        content = _quotation_from(doc, opening, 1) if opening < len(doc) and _quote_mark(doc[opening]) == "open" else []
        return Found((verb,), tuple(doc[verb.i + 1 : end]), _trim(content), Modality.ASSERTED) if content else None

    def _attitude_cue(self, word: Token) -> Found | None:
        """ "The governor is worried that P", "Kyiv has been critical of P", "X was determined to P",
        "X is a fierce critic of P": an adjective or noun of attitude after a form of "be", held by
        someone who can speak."""
        lex = self.lexicon
        if word.pos_ == "NOUN" and word.dep_ == "attr" and word.lemma_.lower() in lex.stance_nouns:
            modality: Modality | None = Modality.ASSERTED
        elif word.pos_ in ("ADJ", "VERB"):
            modality = lex.attitude_adjectives.get(word.lower_)
        else:
            return None
        if modality is None:
            return None
        if word.dep_ in ("acomp", "attr") and word.head.lemma_ == "be":
            copula = word.head
            source = self._subject(copula)
        else:
            # "are worried" parsed as a passive: the subject hangs off the participle
            copula = next((c for c in word.children if c.dep_ == "auxpass" and c.lemma_ == "be"), None)
            subject = next((c for c in word.children if c.dep_ == "nsubjpass"), None)
            if copula is None or subject is None:
                return None
            source = _source_words(_subtree(subject))
        if source is None or not self._can_speak(_head(source)):
            return None
        clause = [
            t for c in (word, copula) for k in c.children if k.dep_ == "ccomp" and k.i > word.i for t in self._proposition(k)
        ]
        content = clause or self._xcomp(word) or self._prepositional_content(word)
        if not content:
            return None
        first = self._cue_words(copula, [copula], content)[0]
        cue = list(word.doc[first.i : word.i + 1])
        after = word.doc[word.i + 1] if word.i + 1 < len(word.doc) else None
        # "critical of P": the preposition opening the content belongs to the cue
        if after is not None and after.head == word and after.dep_ == "prep" and any(c in content for c in after.children):
            cue.append(after)
        return Found(tuple(cue), source, _trim(content), modality)

    # -- the source -------------------------------------------------------------------------------

    def _states(self, verb: Token) -> bool:
        """Whether a reporting verb has a that-clause of its own ("..., arguing that P"): then
        whoever its governor's subject is, it speaks."""
        return verb.lemma_.lower() in self.lexicon.verbs and any(
            c.dep_ in CLAUSE_DEPS and self._is_that_clause(c) for c in verb.children
        )

    def _subject(self, verb: Token) -> tuple[Token, ...] | None:
        """The source words of a cue verb: its subject, or the subject it shares with its governor."""
        reporter = self._reporter(verb)
        if reporter is not None:
            return self._subject(reporter)
        # A verb that reports only with a clause ("showing") after a place or an organisation is
        # what a picture of it shows ("footage from the ministry showing X"), not a mistyped speaker.
        named = _person_before(verb, mistyped=verb.lemma_.lower() not in self.lexicon.clause_verbs)
        if named:
            return named
        node = verb
        through_adjective = False
        for _ in range(4):
            if node.dep_ in ("ccomp", "xcomp") and node.head.lemma_.lower() in self.lexicon.letting_verbs:
                # "let's say P", "let's concentrate on explaining P": a suggestion, nobody reports P
                return None
            speaker = self._speaker_before(node)
            if speaker is not None:
                return self._subject(speaker)
            # a headline glued on by the parser can bring a second, farther subject
            for child in sorted(node.children, key=lambda c: abs(c.i - node.i)):
                # "After saying P, she was rushed to a clinic": a passive governor's subject still said P
                if child.dep_ in SUBJECT_DEPS or (node != verb and child.dep_ == "nsubjpass"):
                    if child.i in _quoted(verb.doc) and verb.i not in _quoted(verb.doc):
                        # a title in quotation marks ("said on Kyiv TV’s “Kyiv and Beyond.”")
                        continue
                    if child.lower_ in self.lexicon.relative_pronouns:
                        return (child,)
                    words = _source_words(self._speaker_phrase(child))
                    # judged on the words left once a glued headline is cut off ("The Latest ... \n
                    # Olaf Scholz is questioning P, encouraging Q")
                    if node != verb and not ((words and self._can_speak(_head(words))) or self._states(verb)):
                        return None
                    if through_adjective and child.lower_ in self.lexicon.dummy_subjects:
                        # "it is worth recalling that P": nobody is said to recall P
                        return None
                    return words
                if child.dep_ == "agent":
                    return _source_words(t for c in child.children for t in c.subtree)
            stray = _stray_subject(node)
            if stray is not None:
                return _source_words(self._speaker_phrase(stray))
            if node == verb and (self._speaking_participle(verb) or self._misread_finite(verb)):
                # "a statement saying that P": the participle describes what its noun says; the
                # noun's words after the participle are not its name
                return _source_words(t for t in _without_circumstance(verb.head) if t.i < verb.left_edge.i)
            if node.dep_ not in INHERITING_DEPS or node.head == node or _undergoes(node):
                return None
            through_adjective = through_adjective or node.dep_ == "acomp"
            node = node.head
        return None

    def _speaker_phrase(self, noun: Token) -> list[Token]:
        """A subject's words without a participle set off by commas, nor an occasion of speaking
        after it and what follows ("Hrytsiv in a radio interview on Monday said P"): both tell
        when or how the source spoke, not who the source is."""
        words = _without_circumstance(noun)
        if not noun.n_rights:
            return words
        occasion = next((p for p in noun.rights if self._names_occasion(p)), None)
        return words if occasion is None else [t for t in words if t.i < occasion.left_edge.i]

    def _names_occasion(self, prep: Token) -> bool:
        """Whether a preposition after a noun opens an occasion of speaking ("in a radio interview")."""
        return (
            prep.dep_ == "prep"
            and prep.i > prep.head.i
            and prep.lower_ in self.lexicon.venue_prepositions
            and any(o.dep_ == "pobj" and self.lexicon.occasion_in(self._phrase(o)) for o in prep.children)
        )

    def _proposition(self, clause: Token) -> list[Token]:
        """A reported clause without a trailing ", marking ..." remark, which is the writer's, and
        without a report coordinated into it that is the reporter's own ("X said he would P and warned Q")."""
        return _pruned(clause, lambda c: _remark(c) or self._reporter(c) is not None)

    def _reporter(self, verb: Token) -> Token | None:
        """The reporting verb whose subject is also the source of a cue hanging off its reported clause.

        "X said he would P, arguing that Q": a remark trailing the clause is X's. "X said he would P
        and warned Q": a reporting verb coordinated with the clause's verb in the reporter's tense,
        which the clause's verb does not share, is X's second report.
        """
        if verb.dep_ not in ("conj", "advcl"):
            return None
        clause = verb.head
        reporter = clause.head
        if clause.dep_ not in CLAUSE_DEPS or reporter.lemma_.lower() not in self.lexicon.verbs:
            return None
        lemma = verb.lemma_.lower()
        lex = self.lexicon
        coordinated = (
            verb.dep_ == "conj"
            and (lemma in lex.verbs or lemma in lex.clause_verbs or lemma in lex.naming_verbs)
            and verb.tag_ == reporter.tag_
            and verb.tag_ in FINITE_TAGS
            and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
            and _shifted(clause, verb)
        )
        if not (coordinated or _remark(verb)) or _line_between(*sorted((reporter, verb), key=lambda t: t.i)):
            return None
        return reporter

    def _speaker_before(self, verb: Token) -> Token | None:
        """The reporting verb a participle follows after a comma ("the mayor said, suggesting P"),
        which the parser may have hung elsewhere: the participle goes on with its speaker's words."""
        if verb.tag_ != "VBG":
            return None
        doc = verb.doc
        comma = verb.i - 1
        # "said, not even bothering to mention P"
        while comma > 0 and doc[comma].head == verb and doc[comma].dep_ in ("advmod", "neg"):
            comma -= 1
        if comma < 1 or doc[comma].text != ",":
            return None
        before = doc[comma - 1]
        if before.lemma_.lower() not in self.lexicon.verbs or not any(c.dep_ in SUBJECT_DEPS for c in before.children):
            return None
        return before

    def _misread_finite(self, verb: Token) -> bool:
        """Whether a verb the parser hung on the noun before it as a passive participle is the
        sentence's finite verb ("The mayor, Ihor Terekhov, called the strike a crime"): a participle
        of this form taking a direct object or its particle is active, its noun is its subject ("a
        group called Wagner" names, with no object)."""
        if verb.dep_ != "acl" or verb.tag_ not in ("VBN", "VBD") or verb.head.i > verb.i:
            return False
        particles = self.lexicon.particle_verbs.get(verb.lemma_.lower(), frozenset())
        kinds = [c.dep_ for c in verb.children]
        active = "dobj" in kinds or any(
            c.dep_ in PARTICLE_DEPS and c.lower_ in particles for c in verb.children
        )
        return active and "agent" not in kinds and self._can_speak(verb.head)

    def _speaking_participle(self, verb: Token) -> bool:
        """Whether a verb of saying is a participle after a noun that can speak ("officials saying")."""
        return (
            verb.dep_ == "acl"
            and verb.tag_ == "VBG"
            and verb.head.i < verb.i
            # an intention ("anyone wanting to leave") describes the noun rather than reporting it
            and self.lexicon.verbs.get(verb.lemma_.lower(), Modality.POTENTIAL) is not Modality.POTENTIAL
            and self._can_speak(verb.head)
        )

    def _venue(self, verb: Token, obj: Token | None, source: tuple[Token, ...]) -> str | None:
        """Where the cue was said: "in a press conference", "on Telegram", "told reporters"; the
        occasion may follow the speaker ("X in an interview said") or the verb an infinitive cue
        hangs from ("X in a speech seemed to blame")."""
        holders = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]
        preps = [p for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in self.lexicon.venue_prepositions]
        # an occasion cut off the source follows it directly
        after = source[-1].i + 1
        if after < len(verb.doc) and verb.doc[after].head in source and self._names_occasion(verb.doc[after]):
            preps.append(verb.doc[after])
        candidates = [o for p in preps for o in p.children if o.dep_ == "pobj"]
        if obj is not None and verb.lemma_.lower() in self.lexicon.audience_verbs:
            candidates.insert(0, obj)
        for candidate in candidates:
            venue = self.lexicon.venue_in(self._phrase(candidate))
            if venue is not None:
                return venue
        return None

    @staticmethod
    def _phrase(noun: Token) -> str:
        """A noun with the modifiers directly before it ("a televised address" -> "televised address")."""
        start = noun.i
        while start > 0 and noun.doc[start - 1].head.i in range(start, noun.i + 1) and noun.doc[start - 1].dep_ in MODIFIER_DEPS:
            start -= 1
        return noun.doc[start : noun.i + 1].text

    def _source(self, context: ExtractionContext, found: Found, people: list[Source]) -> Source:
        tokens = found.source
        span = context.span(tokens[0].idx, self._end(tokens))
        head = _head(tokens)
        lowered = head.lower_
        if len(tokens) == 1 and lowered in self.lexicon.person_pronouns and people:
            person = people[-1]
            return Source(person.name, "person", person.role, person.organisation, found.venue, span)
        if len(tokens) == 1 and lowered in self.lexicon.pronoun_kinds:
            return Source(head.text, self.lexicon.pronoun_kinds[lowered], venue=found.venue, span=span)
        if len(tokens) == 1 and lowered in self.lexicon.relative_pronouns and head.head.dep_ == "relcl":
            antecedent = head.head.head
            parts = self._describe(context, antecedent, _subtree(antecedent))
        else:
            parts = self._describe(context, head, list(tokens))
        return Source(parts.name, parts.kind, parts.role, parts.organisation, found.venue, span)

    def _describe(self, context: ExtractionContext, head: Token, tokens: list[Token]) -> SourceParts:
        """Name, kind, role and organisation of a source noun phrase headed by ``head``."""
        parts = self._read_phrase(context, head, tokens)
        if any(t.lower_ in self.lexicon.anonymous_modifiers for t in head.subtree):
            return replace(parts, kind="anonymous")
        return parts

    def _read_phrase(self, context: ExtractionContext, head: Token, tokens: list[Token]) -> SourceParts:
        detached = {t.i for c in head.children if c.dep_ in DETACHED_DEPS for t in c.subtree}
        core = _without_determiner(list(_trim(t for t in tokens if t.i not in detached)))
        if not core:
            core = [head]
        appositive = next((c for c in head.children if c.dep_ == "appos"), None)
        role_index = next((i for i in range(len(core) - 1, -1, -1) if self._is_role(core[i]) and core[i].i < head.i), None)
        if head.pos_ == "PROPN" and role_index is not None:
            before = core[: role_index + 1]
            organisation = [t for t in before if t.ent_type_ in ORGANISATION_ENTITIES or t.dep_ == "poss"]
            role = [t for t in before if t not in organisation and t.tag_ != "POS"]
            return SourceParts(_text(core[role_index + 1 :]), "person", _text(role) or None, self._clean(organisation))
        if self._is_role(head):
            role, organisation = self._role_of(head)
            name = _name_in_apposition(head)
            return SourceParts(_text(name) if name else _text(core), "person", role, organisation)
        if appositive is not None and self._is_role(appositive):
            role, organisation = self._role_of(appositive)
            return SourceParts(_text(core), "person", role, organisation)
        organisation = self._organisation_of(head)
        return SourceParts(_text(core), self._kind(context, head, core), None, organisation)

    def _is_role(self, token: Token) -> bool:
        # plural heads ("investigators", "officials") are groups, not one person's role
        return token.pos_ in ("NOUN", "PROPN") and token.tag_ not in ("NNS", "NNPS") and (
            token.lower_ in self.lexicon.role_nouns or token.lemma_.lower() in self.lexicon.role_nouns
        )

    def _role_of(self, noun: Token) -> tuple[str, str | None]:
        """The role words of a role noun and the organisation it belongs to ("head of X")."""
        modifiers = [c for c in noun.children if c.dep_ in MODIFIER_DEPS and c.i < noun.i]
        own = [
            t
            for m in modifiers
            if m.ent_type_ not in ORGANISATION_ENTITIES and m.lower_ not in self.lexicon.anonymous_modifiers
            for t in m.subtree
        ]
        role = _text(own + [noun])
        entity_modifiers = [t for m in modifiers if m.ent_type_ in ORGANISATION_ENTITIES for t in m.subtree]
        return role, self._organisation_of(noun) or self._clean(entity_modifiers)

    def _organisation_of(self, noun: Token) -> str | None:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in self.lexicon.organisation_prepositions:
                # "the mayor of Izmail, Daryna Fedak,": the name set off after the organisation is not part of it
                objects = [t for c in child.children if c.dep_ == "pobj" for t in _without_apposition(c)]
                if objects:
                    return self._clean(objects)
            if child.dep_ == "poss":
                return self._clean(_subtree(child))
        return None

    @staticmethod
    def _clean(tokens: list[Token]) -> str | None:
        words = _without_determiner([t for t in _trim(tokens) if t.tag_ != "POS"])
        return _text(words) or None

    def _kind(self, context: ExtractionContext, head: Token, core: list[Token]) -> str:
        lex = self.lexicon
        name = _text(core).lower()
        if name in lex.media_names or name.removeprefix("the ") in lex.media_names:
            return "media"
        for word in (head.lower_, head.lemma_.lower()):
            if word in lex.kind_nouns:
                return lex.kind_nouns[word]
        if head.ent_type_ in ENTITY_KINDS:
            return ENTITY_KINDS[head.ent_type_]
        if any(m.span.start <= head.idx < m.span.end for m in context.mentions_of("place")):
            return "government"
        if head.pos_ == "PROPN":
            return "person"
        return "group" if head.tag_ in ("NNS", "NNPS") else "organisation"
