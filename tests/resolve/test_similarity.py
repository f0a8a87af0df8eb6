"""Specification: how alike two event mentions are, and how mentions cluster.

The hand-set default weights merge warledger's own events (the same trigger alone, or the same
family with shared arguments); the trees fitted on ECB+ also read WordNet synonyms, the document's
topic, the salience of a word, light verbs and the encoded sentences.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.errors import ConfigError
from warledger.resolve.encoder import encode
from warledger.resolve.similarity import (
    DEFAULT_WEIGHTS,
    FEATURES,
    Profile,
    Weights,
    base_form,
    cluster,
    features,
    lexicon,
    load_trained,
    normalise,
    similarity,
    similarity_matrix,
)

KHARKIV = frozenset({"place:706483", "time:2024-03-17"})
ODESA = frozenset({"place:698740", "time:2024-03-17"})
STRIKE_STORY = frozenset({"kharkiv", "missile", "strike", "apartment", "block", "rescuers", "17", "march"})
QUAKE_STORY = frozenset({"quake", "lorvik", "sunday", "harbour", "magnitude", "coast", "tremor"})
ELECTION_STORY = frozenset({"election", "parliament", "ballot", "turnout", "candidate", "vote", "polls"})


def profile(key: str, lemma: str, **fields: object) -> Profile:
    return Profile(key=key, lemma=lemma, **fields)  # type: ignore[arg-type]


# -- the lexicon -------------------------------------------------------------------------------------


def test_given_quake_and_earthquake_they_are_synonyms() -> None:
    assert lexicon().synonyms("quake", "earthquake")
    assert lexicon().synonyms("arrest", "apprehend")


def test_given_murder_and_kill_they_are_related_but_not_synonyms() -> None:
    words = lexicon()
    assert words.related("murder", "kill")
    assert not words.synonyms("murder", "kill")


def test_given_unrelated_words_neither_synonyms_nor_related() -> None:
    words = lexicon()
    assert not words.synonyms("earthquake", "resign")
    assert not words.related("earthquake", "resign")
    assert not words.related("unheard-of-word", "kill")


def test_say_and_take_are_light_verbs_and_strike_is_not() -> None:
    assert {"say", "take"} <= lexicon().light
    assert "strike" not in lexicon().light


# -- default weights: warledger's own events ------------------------------------------------------------


def test_given_the_same_trigger_alone_the_default_similarity_passes_half() -> None:
    assert similarity(profile("a", "strike"), profile("b", "strike")) == pytest.approx(0.55)


def test_given_one_family_the_default_needs_shared_arguments() -> None:
    hit, shelling = profile("a", "hit", family="attack", arguments=KHARKIV), profile("b", "shell", family="attack")
    assert similarity(hit, shelling) == pytest.approx(0.4)
    assert similarity(hit, profile("c", "shell", family="attack", arguments=KHARKIV)) == pytest.approx(0.75)


def test_default_weights_do_not_use_the_lexicon() -> None:
    assert not DEFAULT_WEIGHTS.lexical
    assert similarity(profile("a", "quake"), profile("b", "earthquake")) == 0.0


def test_inflections_compare_equal() -> None:
    assert normalise("shootings") == "shooting"
    assert normalise("shooting") == "shoot"
    assert normalise("checks") == "check"
    assert normalise("press") == "press"


def test_a_cut_that_leaves_no_event_word_gives_way_to_morphys_other_rules() -> None:
    assert base_form("driving") == "drive"
    assert base_form("fired") == "fire"
    assert base_form("crashes") == "crash"
    assert base_form("injuries") == "injury"
    assert base_form("bias") == "bias"
    assert base_form("shooting") == normalise("shooting") == "shoot"


def test_a_name_the_lexicon_lacks_still_loses_its_plural() -> None:
    assert base_form("oscars") == "oscar"


def test_event_merging_keeps_the_plain_cut() -> None:
    assert normalise("driving") == "driv"
    assert normalise("fired") == "fired"


# -- features and fitted weights ---------------------------------------------------------------------------


def test_features_name_every_weight_in_order() -> None:
    pair = features(profile("a", "quake", topic=STRIKE_STORY), profile("b", "earthquake", topic=STRIKE_STORY), lexicon())
    named = dict(zip(FEATURES, pair))
    assert len(pair) == len(FEATURES) == len(Weights().vector())
    assert named["bias"] == 1.0 and named["synonym"] == 1.0 and named["lemma"] == 0.0
    assert named["topic"] == 1.0 and named["synonym_topic"] == 1.0


def test_a_model_fitted_on_other_features_is_a_config_error_saying_to_refit(tmp_path: Path) -> None:
    stale = tmp_path / "coref_model.json"
    replace(load_trained(), features=FEATURES[:-1]).save(stale)
    with pytest.raises(ConfigError, match="refit"):
        load_trained(stale)


def encoded(key: str, lemma: str, text: str, trigger: str, **fields: object) -> Profile:
    """A mention of ``trigger`` in ``text`` with the vectors the ECB+ scorer gives it."""
    sentence = encode(text)
    start = text.index(trigger)
    return profile(
        key,
        lemma,
        trigger_vector=sentence.span_vector(start, start + len(trigger)).tobytes(),
        sentence_vector=sentence.sentence_vector().tobytes(),
        **fields,
    )


def test_given_two_reports_of_one_quake_the_fitted_model_links_a_paraphrase_by_its_sentences() -> None:
    trained = load_trained()
    quake = encoded("a", "quake", "A strong quake shook the coastal town of Lorvik on Sunday.", "quake",
                    document="d1", topic=QUAKE_STORY, salience=0.8)
    earthquake = encoded("b", "earthquake", "The earthquake that hit Lorvik on Sunday damaged the harbour.",
                         "earthquake", document="d2", topic=QUAKE_STORY, salience=0.8)
    assert similarity(quake, earthquake, trained) >= trained.threshold
    # The sentences carry the link: the same two words without them stay apart.
    unread = [replace(p, trigger_vector=b"", sentence_vector=b"") for p in (quake, earthquake)]
    assert similarity(*unread, trained) < trained.threshold


def test_given_said_in_two_different_stories_the_fitted_model_keeps_them_apart() -> None:
    trained = load_trained()
    first = encoded("a", "say", "Rescuers said the missile strike on the apartment block killed four.", "said",
                    document="d1", topic=STRIKE_STORY, salience=0.3)
    second = encoded("b", "say", "Officials said turnout in the parliamentary election was low.", "said",
                     document="d2", topic=ELECTION_STORY, salience=0.3)
    assert similarity(first, second, trained) < trained.threshold


# -- clustering --------------------------------------------------------------------------------------------


def test_given_two_strikes_in_two_cities_cluster_keeps_them_apart_by_veto() -> None:
    mentions = [
        profile("k1", "strike", arguments=KHARKIV),
        profile("k2", "strike", arguments=KHARKIV),
        profile("o1", "strike", arguments=ODESA),
    ]
    places = {p.key: p.arguments for p in mentions}
    ordered = sorted(mentions, key=lambda p: p.key)
    found = cluster(mentions, 0.5, veto=lambda i, j: places[ordered[i].key] != places[ordered[j].key])
    assert [[p.key for p in c] for c in found] == [["k1", "k2"], ["o1"]]


def test_must_and_cannot_links_override_the_score() -> None:
    mentions = [profile("a", "strike"), profile("b", "strike"), profile("c", "resign")]
    found = cluster(mentions, 0.5, must_link=[("a", "c")], cannot_link=[("a", "b")])
    assert [[p.key for p in c] for c in found] == [["a", "c"], ["b"]]


def test_the_similarity_matrix_is_symmetric_with_the_pair_scores() -> None:
    mentions = [profile("a", "strike"), profile("b", "strike", family="attack"), profile("c", "hit", family="attack")]
    matrix = similarity_matrix(mentions)
    assert (matrix == matrix.T).all()
    assert matrix[1, 2] == pytest.approx(similarity(mentions[1], mentions[2]))


LEMMAS = st.sampled_from(["strike", "hit", "say", "quake", "earthquake", "arrest"])
PLACES = st.sampled_from([frozenset(), KHARKIV, ODESA])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(LEMMAS, PLACES), min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_clusters_do_not_depend_on_input_order(rows: list[tuple[str, frozenset[str]]], random: object) -> None:
    mentions = [profile(f"m{n}", lemma, arguments=places) for n, (lemma, places) in enumerate(rows)]
    shuffled = list(mentions)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    trained = load_trained()
    assert cluster(mentions, trained.threshold, trained) == cluster(shuffled, trained.threshold, trained)


def _derivation_tool() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "tools" / "derive_wordnet_senses.py"
    spec = importlib.util.spec_from_file_location("derive_wordnet_senses", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up in sys.modules while the class is being built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


DERIVATION = _derivation_tool()
LICENCE = "  1 A licence line starts with blanks and is skipped.\n"
# A small WordNet: "bomb" the verb is a kind of attacking and derives "bombing", an act that is a
# kind of attack; "bomb" the noun is an artifact, not an event; "found" is an irregular "find".
MINI_WORDNET = {
    "index.verb": "attack v 1 0 1 0 00000100\nbomb v 1 2 @ + 1 0 00000200\nfind v 1 0 1 0 00000400\n",
    "index.noun": "attack n 1 0 1 0 00000500\nbomb n 1 0 1 0 00000600\nbombing n 1 2 @ + 1 0 00000300\n",
    "data.verb": (
        "00000100 33 v 01 attack 0 000 01 + 02 00 | begin hostilities\n"
        "00000200 35 v 01 bomb 0 002 @ 00000100 v 0000 + 00000300 n 0101 01 + 08 00 | drop bombs\n"
        "00000400 40 v 01 find 0 000 01 + 08 00 | come upon\n"
    ),
    "data.noun": (
        "00000300 04 n 01 bombing 0 002 @ 00000500 n 0000 + 00000200 v 0101 | an attack with bombs\n"
        "00000500 04 n 01 attack 0 000 | an offensive against an enemy\n"
        "00000600 06 n 01 bomb 0 000 | an explosive device\n"
    ),
    "noun.exc": "",
    "verb.exc": "found find\n",
}


@pytest.fixture
def mini_wordnet(tmp_path: Path) -> Path:
    for name, text in MINI_WORDNET.items():
        (tmp_path / name).write_text(LICENCE + text if name.startswith(("index", "data")) else text)
    return tmp_path


def test_a_data_line_gives_the_synset_its_lemmas_hypernyms_and_derived_forms() -> None:
    line = "00000200 35 v 02 bomb 0 bombard 1 002 @ 00000100 v 0000 + 00000300 n 0101 01 + 08 00 | drop bombs"
    synset = DERIVATION.parse_synset(line)
    assert (synset.pos, synset.offset, synset.lemmas) == ("v", 200, ("bomb", "bombard"))
    assert synset.hypernyms == {("v", 100)}
    assert synset.derived == {"bomb": (("n", 300),)}
    assert synset.eventive


def test_a_word_is_looked_up_under_its_irregular_and_suffixless_base_forms(mini_wordnet: Path) -> None:
    wordnet = DERIVATION.load_wordnet(mini_wordnet)
    assert wordnet.forms("found", "v") == ["find"]
    assert wordnet.forms("bombing", "v") == ["bomb"]
    assert [wordnet.name(s) for s in wordnet.lookup("bombs", "n")] == ["bomb.n.01"]


def test_the_sense_table_links_a_verb_to_its_act_noun_and_both_to_what_they_are_kinds_of(
    mini_wordnet: Path,
) -> None:
    table = yaml.safe_load(DERIVATION.derive(DERIVATION.load_wordnet(mini_wordnet)))
    # Concepts numbered in name order: attack.n.01, attack.v.01, bomb.v.01, bombing.n.01; "find"
    # shares nothing, and "bomb" the artifact is no event.
    assert table == {
        "senses": {"attack": [0, 1], "bomb": [2, 3], "bombing": [2, 3]},
        "broader": {"bomb": [1], "bombing": [0, 1]},
    }


@pytest.mark.skipif(not Path("/usr/share/wordnet/data.verb").is_file(), reason="needs Debian's wordnet-base (make test installs it)")
def test_the_committed_sense_table_is_derived_from_wordnet_byte_for_byte() -> None:
    committed = Path(__file__).resolve().parents[2] / "src/warledger/resolve/data/synonyms.yaml"
    derived = DERIVATION.derive(DERIVATION.load_wordnet(DERIVATION.DEFAULT_WORDNET))
    assert derived == committed.read_text(encoding="utf-8")
