"""Specification of the actors extractor: which words of a report name which canonical actor."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.extract.actors import ActorLexicon, actor_for
from warledger.extract.base import load_data
from warledger.model import Actor

REPORT_DATE = "2024-03-18"


@pytest.fixture(scope="module")
def actors(extract):
    """``actors(text)`` -> [(span text, actor id)] in text order."""

    def run(text: str) -> list[tuple[str, str]]:
        extraction = extract(text, components=("actors",), report_date=REPORT_DATE)
        mentions = sorted(extraction.mentions, key=lambda m: m.span.start)
        return [(m.span.text, m.value.id) for m in mentions if m.kind == "actor"]

    return run


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Since the onset of Russia's invasion of Ukraine in February 2022, the war changed.",
         [("Russia", "RU"), ("Ukraine", "UA")]),
        ("The conflict turned with the use of North Korean missiles by Russian forces.",
         [("North Korean", "KP"), ("Russian forces", "RU.armed_forces")]),
        ("They found at least three DPRK ballistic missiles in Kharkiv.", [("DPRK", "KP")]),
        ("The United States has expressed apprehension about the shipments.", [("United States", "US")]),
        ("The partnership between China, Russia, and North Korea is a threat.",
         [("China", "CN"), ("Russia", "RU"), ("North Korea", "KP")]),
        ("Defence strategies among NATO countries are under review.", [("NATO", "org.nato")]),
        ("Investigators from Ukraine have disclosed new evidence.", [("Ukraine", "UA")]),
        ("This shows North Korea's support for Russia.", [("North Korea", "KP"), ("Russia", "RU")]),
    ],
)
def test_seed_report_sentences_name_these_actors(actors, sentence, expected):
    assert actors(sentence) == expected


def test_actor_values_are_canonical_records(extract):
    extraction = extract("Russian troops advanced while NATO watched.", components=("actors",))
    values = [m.value for m in extraction.mentions]
    assert values == [
        Actor("RU.armed_forces", "Russia", "armed_forces", "RU"),
        Actor("org.nato", "NATO", "organisation", None),
    ]


@pytest.mark.parametrize(
    ("sentence", "span", "actor_id"),
    [
        ("Russian troops crossed the river.", "Russian troops", "RU.armed_forces"),
        ("The Russian army bombarded the suburbs.", "Russian army", "RU.armed_forces"),
        ("Ukraine's armed forces held the line.", "Ukraine's armed forces", "UA.armed_forces"),
        ("The Ukrainian military said the drones were downed.", "Ukrainian military", "UA.armed_forces"),
        ("The Russian Aerospace Forces bombed the bridge.", "Russian Aerospace Forces", "RU.armed_forces"),
        ("The AFU General Staff reported the losses.", "AFU", "UA.armed_forces"),
        ("The ZSU recaptured the village.", "ZSU", "UA.armed_forces"),
        ("A fuel dump was hit by the Armed Forces of Ukraine.", "Armed Forces of Ukraine", "UA.armed_forces"),
        ("Israeli troops entered the camp.", "Israeli troops", "IL.armed_forces"),
    ],
)
def test_a_state_with_a_force_noun_names_its_armed_forces(actors, sentence, span, actor_id):
    assert actors(sentence) == [(span, actor_id)]


def test_a_force_noun_that_only_describes_something_else_leaves_the_state(actors):
    assert actors("Russian military aid reached the front.") == [("Russian", "RU")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Moscow denied the report.", [("Moscow", "RU")]),
        ("The Kremlin said the talks had failed.", [("Kremlin", "RU")]),
        ("Pyongyang and Beijing signed a pact.", [("Pyongyang", "KP"), ("Beijing", "CN")]),
        ("Washington sent more aid to Kyiv.", [("Washington", "US"), ("Kyiv", "UA")]),
        ("Three people were killed in Kyiv on Monday.", []),
        ("Missiles struck the outskirts of Moscow overnight.", []),
        ("Russian missiles struck Kyiv overnight.", [("Russian", "RU")]),
        ("Air raid alerts sounded across the Kyiv region.", []),
        ("A drone was downed over Kyiv, Kyiv, at night.", []),
        ("Fires broke out in Kyiv and Kharkiv.", []),
    ],
)
def test_capitals_stand_for_governments_but_not_where_they_are_places(actors, sentence, expected):
    assert actors(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Tell us what you saw, they may not believe us.",
        "The plates were made of fine china.",
        "Pro-Russian and anti-Ukrainian slogans appeared on the walls.",
        "Latin American and South American leaders met.",
        "Ships sailed in the Sea of Azov.",
    ],
)
def test_ordinary_words_and_lookalike_phrases_name_no_actor(actors, sentence):
    assert actors(sentence) == []


def test_abbreviations_match_with_dots_and_capitals(actors):
    found = actors("The U.S. and the UK backed the EU plan at the UN.")
    assert found == [("U.S.", "US"), ("UK", "GB"), ("EU", "org.eu"), ("UN", "org.un")]


def test_organisations_plurals_and_civilians(actors):
    found = actors(
        "The IAEA, the ICC, the Red Cross and ISW tracked the Wagner Group. "
        "Russians and Israelis spoke. Civilians and local residents fled."
    )
    assert found == [
        ("IAEA", "org.iaea"),
        ("ICC", "org.icc"),
        ("Red Cross", "org.icrc"),
        ("ISW", "org.isw"),
        ("Wagner Group", "org.wagner"),
        ("Russians", "RU"),
        ("Israelis", "IL"),
        ("Civilians", "civilians"),
        ("local residents", "civilians"),
    ]


def test_mentions_carry_provenance_and_never_overlap(extract):
    text = "Kyiv said that North Korea's missiles hit Ukraine. Later the Russian Federation denied it."
    extraction = extract(text, components=("actors",))
    mentions = sorted(extraction.mentions, key=lambda m: m.span.start)
    for mention in mentions:
        assert text[mention.span.start : mention.span.end] == mention.span.text
    assert [(m.span.text, m.span.sentence) for m in mentions] == [
        ("Kyiv", 0), ("North Korea", 0), ("Ukraine", 0), ("Russian Federation", 1),
    ]
    assert all(a.span.end <= b.span.start for a, b in zip(mentions, mentions[1:]))


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Russia", "RU"),
        ("russia", "RU"),
        ("Russian Federation", "RU"),
        ("RF", "RU"),
        ("the United States", "US"),
        ("U.S.", "US"),
        ("Democratic People's Republic of Korea", "KP"),
        ("north korean", "KP"),
        ("Nato", "org.nato"),
        ("nato", "org.nato"),
        ("Russian forces", "RU.armed_forces"),
        ("Ukraine's armed forces", "UA.armed_forces"),
        ("Military Forces of Russia (2000-)", "RU.armed_forces"),
        ("Military Forces of Russia (2000-) Air Force", "RU.armed_forces"),
        ("Civilians (Ukraine)", "civilians"),
        ("RU.armed_forces", "RU.armed_forces"),
        ("org.iaea", "org.iaea"),
    ],
)
def test_actor_for_finds_the_canonical_actor_of_any_name(name, actor_id):
    actor = actor_for(name)
    assert actor is not None and actor.id == actor_id


@pytest.mark.parametrize("name", ["us", "may", "Atlantis", "", "forces", "dprk"])
def test_actor_for_returns_none_for_what_names_no_actor(name):
    assert actor_for(name) is None


def test_no_phrase_in_actors_yaml_names_two_actors():
    data = load_data("actors.yaml")
    owners: dict[str, set[str]] = defaultdict(set)
    for code, entry in data["states"].items():
        for key in ("aliases", "adjectives", "people", "capitals"):
            for phrase in [entry["name"], *entry.get(key, [])]:
                owners[phrase].add(code)
    for key, entry in data["organisations"].items():
        for phrase in [entry["name"], *entry.get("aliases", []), *entry.get("capitals", [])]:
            owners[phrase].add(f"org.{key}")
    assert {p: o for p, o in owners.items() if len(o) > 1} == {}


def test_every_un_era_state_in_the_news_is_known():
    for name in ["Belarus", "South Korea", "Iran", "United Kingdom", "France", "Germany", "Poland",
                 "Turkey", "Israel", "Estonia", "Latvia", "Lithuania", "Syria", "Georgia",
                 "Moldova", "Hungary", "Finland", "Sweden", "Japan", "India"]:
        actor = actor_for(name)
        assert actor is not None and actor.kind == "state" and actor.name == name


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(ActorLexicon.load().names)))
def test_every_listed_phrase_looks_up_its_own_actor(phrase):
    assert actor_for(phrase) == ActorLexicon.load().names[phrase].actor


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_actor_for_never_fails_on_arbitrary_text(name):
    actor = actor_for(name)
    assert actor is None or isinstance(actor, Actor)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A journalist was wounded when a shell hit the square.", [("journalist", "civilians")]),
        ("A drone struck the house of a farmer; the farmer survived.",
         [("farmer", "civilians"), ("farmer", "civilians")]),
        ("Vandals smashed the windows of a priest's house.", [("priest", "civilians")]),
        ("Shelling injured a Ukrainian journalist and a priest.",
         [("Ukrainian journalist", "civilians"), ("priest", "civilians")]),
        ("A local man and his family were evacuated.", [("local man", "civilians"), ("family", "civilians")]),
        ("A military volunteer and a Russian soldier were killed.", [("Russian soldier", "RU.armed_forces")]),
        ("Unidentified men fired on the checkpoint.", []),
        ("The strike damaged civilian infrastructure.", []),
    ],
)
def test_person_nouns_name_civilians_unless_a_force_word_qualifies_them(actors, sentence, expected):
    assert actors(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Pro-Russian separatists shelled the outskirts.",
         [("Pro-Russian separatists", "org.donbas_separatists")]),
        ("Rebels fired mortars at the checkpoint.", [("Rebels", "org.donbas_separatists")]),
        ("Houthi rebels fired at a ship.", [("Houthi rebels", "org.houthis")]),
        ("The National Police of Ukraine opened a case.", [("National Police of Ukraine", "org.ua_police")]),
        ("Rosgvardia officers detained a man.", [("Rosgvardia", "RU.armed_forces"), ("man", "civilians")]),
        ("The State Border Guard Service reported the shelling.",
         [("State Border Guard Service", "org.ua_border_guard")]),
        ("Someone scratched the van of a Territorial Recruitment Center clerk.",
         [("Territorial Recruitment Center", "org.ua_recruitment")]),
        ("An SBU officer questioned a resident.", [("SBU", "org.sbu"), ("resident", "civilians")]),
        ("The SMM saw a crater.", [("SMM", "org.osce")]),
        ("The OSCE Special Monitoring Mission saw a crater.", [("OSCE Special Monitoring Mission", "org.osce")]),
    ],
)
def test_armed_groups_and_security_services_are_their_own_actors(actors, sentence, expected):
    assert actors(sentence) == expected
