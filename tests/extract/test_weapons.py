"""Specification of the weapons extractor: which words name which weapon, and where it comes from."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.extract.actors import actor_for
from warledger.extract.base import ExtractionContext, load_data
from warledger.extract.nlp import load_nlp
from warledger.extract.weapons import WeaponLexicon, origin_modifier, weapon_for
from warledger.model import Weapon

REPORT_DATE = "2024-03-18"


@pytest.fixture(scope="module")
def weapons(extract):
    """``weapons(text)`` -> [(span text, weapon id)] in text order."""

    def run(text: str) -> list[tuple[str, str]]:
        extraction = extract(text, components=("actors", "weapons"), report_date=REPORT_DATE)
        found = sorted((m for m in extraction.mentions if m.kind == "weapon"), key=lambda m: m.span.start)
        return [(m.span.text, m.value.id) for m in found]

    return run


@pytest.fixture(scope="module")
def origins(extract):
    """``origins(text)`` -> [(weapon span text, origin actor span text or None)] in text order."""

    def run(text: str) -> list[tuple[str, str | None]]:
        extraction = extract(text, components=("actors", "weapons"), report_date=REPORT_DATE)
        context = ExtractionContext(load_nlp()(text), extraction)
        result = []
        for weapon in context.mentions_of("weapon"):
            origin = origin_modifier(context, weapon)
            result.append((weapon.span.text, origin.span.text if origin else None))
        return result

    return run


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The conflict turned with the use of North Korean missiles by Russian forces.",
         [("missiles", "generic.missile")]),
        ("It included at least three DPRK ballistic missiles devastating the city of Kharkiv.",
         [("ballistic missiles", "generic.ballistic_missile")]),
        ("North Korea shipped around 7,000 containers of munitions.", [("munitions", "generic.munitions")]),
        ("Officials fear potential weapons shipments from North Korea to Russia.",
         [("weapons", "generic.weapons")]),
    ],
)
def test_seed_report_sentences_name_these_weapons(weapons, sentence, expected):
    assert weapons(sentence) == expected


def test_generic_weapons_are_flagged_with_their_singular_name_and_category(extract):
    extraction = extract("Russia launched cruise missiles and kamikaze drones.", components=("weapons",))
    assert [m.value for m in extraction.mentions] == [
        Weapon("generic.cruise_missile", "cruise missile", "cruise missile", None, generic=True),
        Weapon("generic.one_way_attack_drone", "one-way attack drone", "one-way attack drone", None, generic=True),
    ]


@pytest.mark.parametrize(
    ("sentence", "span", "weapon_id"),
    [
        ("Russia fired a Kh-101 at the plant.", "Kh-101", "kh-101"),
        ("Debris of a KH101 was found.", "KH101", "kh-101"),
        ("Debris of a Kh 101 was found.", "Kh 101", "kh-101"),
        ("A Kh-47M2 Kinzhal was intercepted.", "Kh-47M2 Kinzhal", "kinzhal"),
        ("Two Iskander-M missiles struck the port.", "Iskander-M missiles", "iskander-m"),
        ("Fragments of a 9M723 were recovered.", "9M723", "iskander-m"),
        ("Experts identified a Hwasong-11A/B.", "Hwasong-11A/B", "kn-23"),
        ("Experts identified a Hwasong-11B.", "Hwasong-11B", "kn-24"),
        ("The army used the Tochka-U.", "Tochka-U", "tochka-u"),
        ("Crews of T-72B3 tanks surrendered.", "T-72B3 tanks", "t-72"),
        ("Ukraine received more F-16s.", "F-16s", "f-16"),
        ("Ukraine used S-300s against the drones.", "S-300s", "s-300"),
        ("Launchers of the BM-21 Grad fired.", "BM-21 Grad", "grad"),
        ("The PzH 2000 was delivered.", "PzH 2000", "pzh-2000"),
        ("Russia fired a 3M-14 Kalibr.", "3M-14 Kalibr", "kalibr"),
        ("Ukraine used M142 HIMARS.", "M142 HIMARS", "himars"),
        ("Russia launched 40 Geran-2 drones.", "Geran-2 drones", "shahed-136"),
        ("Shahed-type drones flew over Odesa.", "Shahed-type drones", "shahed-136"),
        ("The UK supplied Storm Shadow cruise missiles.", "Storm Shadow cruise missiles", "storm-shadow"),
        ("A Su-34 dropped FAB-1500 bombs.", "Su-34", "su-34"),
    ],
)
def test_named_systems_match_across_spellings_and_tokenisation(weapons, sentence, span, weapon_id):
    assert (span, weapon_id) in weapons(sentence)


def test_a_named_system_takes_in_the_weapon_noun_of_its_phrase(weapons):
    assert weapons("Russia launched Shahed-136 drones and KN-23 ballistic missiles.") == [
        ("Shahed-136 drones", "shahed-136"),
        ("KN-23 ballistic missiles", "kn-23"),
    ]


def test_a_list_of_systems_gives_one_mention_each(weapons):
    assert weapons("The attack used Kh-101, Kh-22 and Kalibr missiles, plus Iskander-M and Oniks.") == [
        ("Kh-101", "kh-101"),
        ("Kh-22", "kh-22"),
        ("Kalibr missiles", "kalibr"),
        ("Iskander-M", "iskander-m"),
        ("Oniks", "oniks"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("France sent Caesar howitzers to the front.", [("Caesar howitzers", "caesar")]),
        ("Patriot and IRIS-T systems shot down the missiles.",
         [("Patriot", "patriot"), ("IRIS-T systems", "iris-t"), ("missiles", "generic.missile")]),
        ("Julius Caesar crossed the Rubicon.", []),
        ("A Patriot spokesman from the club spoke.", []),
    ],
)
def test_names_that_are_ordinary_words_count_only_beside_weapons(weapons, sentence, expected):
    assert weapons(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia shells Kharkiv every night.",
        "A Washington think tank published the estimate.",
        "The fuel tank exploded at the depot.",
        "They were welcomed with open arms.",
    ],
)
def test_weapon_words_used_otherwise_name_no_weapon(weapons, sentence):
    assert weapons(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia used North Korean missiles.", [("missiles", "North Korean")]),
        ("It included at least three DPRK ballistic missiles.", [("ballistic missiles", "DPRK")]),
        ("Russian forces fired Iranian drones at Odesa.", [("drones", "Iranian")]),
        ("Iranian-made drones hit the port.", [("drones", "Iranian")]),
        ("Russia received missiles from North Korea last year.", [("missiles", "North Korea")]),
        ("Officials fear weapons shipments from North Korea to Russia.", [("weapons", "North Korea")]),
        ("Drones supplied by Iran struck the port.", [("Drones", "Iran")]),
        ("This week North Korea's KN-23 was used again.", [("KN-23", "North Korea")]),
        ("Russian forces fired drones at Kharkiv.", [("drones", None)]),
        ("Russia launched missiles at Ukraine.", [("missiles", None)]),
        ("Ukrainian HIMARS struck a depot.", [("HIMARS", None)]),
        ("US-made HIMARS struck a depot.", [("HIMARS", "US")]),
    ],
)
def test_origin_modifier_names_where_a_weapon_comes_from_not_who_uses_it(origins, sentence, expected):
    assert origins(sentence) == expected


@pytest.mark.parametrize(
    ("name", "weapon_id"),
    [
        ("Geran-2", "shahed-136"),
        ("shahed 136", "shahed-136"),
        ("kh101", "kh-101"),
        ("Kinzhal", "kinzhal"),
        ("T-72B3", "t-72"),
        ("9M55K Smerch", "smerch"),
        ("Iskender", "iskander-m"),
        ("missiles", "generic.missile"),
        ("munitions", "generic.munitions"),
        ("HIMARS", "himars"),
        ("ATACMS", "atacms"),
    ],
)
def test_weapon_for_finds_the_canonical_weapon_of_any_name(name, weapon_id):
    weapon = weapon_for(name)
    assert weapon is not None and weapon.id == weapon_id


@pytest.mark.parametrize("name", ["", "foo", "Julius", "think tank"])
def test_weapon_for_returns_none_for_what_names_no_weapon(name):
    assert weapon_for(name) is None


def test_the_list_covers_the_war_with_origins_that_are_known_states():
    systems = load_data("weapons.yaml")["systems"]
    assert len(systems) >= 80
    assert len({s["id"] for s in systems}) == len(systems)
    for system in systems:
        actor = actor_for(system["origin"])
        assert actor is not None and actor.kind == "state" and actor.name == system["origin"], system


def test_no_alias_names_two_systems():
    owners: dict[str, set[str]] = {}
    for system in load_data("weapons.yaml")["systems"]:
        for alias in [system["name"], *system.get("aliases", [])]:
            owners.setdefault(alias.lower(), set()).add(system["id"])
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}


SYSTEM_ALIASES = sorted(
    (n.alias, n.weapon.id) for n in WeaponLexicon.load().names if n.weapon is not None and not n.weapon.generic
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SYSTEM_ALIASES), st.sampled_from(["{}", "{}s", "the {} was seen", "{} launchers"]))
def test_every_alias_is_found_in_running_text(alias_and_id, template):
    alias, weapon_id = alias_and_id
    found = WeaponLexicon.load().matches(template.format(alias))
    assert found and found[0].weapon is not None and found[0].weapon.id == weapon_id


DESIGNATIONS = [(alias, weapon_id) for alias, weapon_id in SYSTEM_ALIASES if any(c.isdigit() for c in alias)]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(DESIGNATIONS), st.sampled_from(["-", "\u2010", "\u2011", "\u2013", " ", ""]), st.booleans())
def test_a_designation_is_found_whatever_its_separators_and_case(alias_and_id, separator, lower):
    alias, weapon_id = alias_and_id
    written = separator.join(re.split(r"[-\s]+", alias))
    found = WeaponLexicon.load().matches(f"Footage showed a {written.lower() if lower else written.upper()} near the front.")
    assert found and found[0].weapon is not None and found[0].weapon.id == weapon_id


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_matching_never_fails_and_never_overlaps(text):
    found = WeaponLexicon.load().matches(text)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert all(text[f.start : f.end] for f in found)


def test_ambiguous_names_are_names_of_their_system():
    for system in load_data("weapons.yaml")["systems"]:
        names = {system["name"], *system.get("aliases", [])}
        assert set(system.get("ambiguous", [])) <= names, system["id"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Two men threw Molotov cocktails at the office.", [("Molotov cocktails", "generic.incendiary_device")]),
        ("The car was set alight with an incendiary mixture.", [("incendiary mixture", "generic.incendiary_device")]),
        ("An IED exploded under a truck.", [("IED", "generic.improvised_explosive_device")]),
        ("Police defused an improvised explosive device.",
         [("improvised explosive device", "generic.improvised_explosive_device")]),
        ("A drone dropped a grenade on a trench.", [("drone", "generic.drone"), ("grenade", "generic.grenade")]),
    ],
)
def test_improvised_and_thrown_weapons_are_named(weapons, sentence, expected):
    assert weapons(sentence) == expected


def test_an_origin_adjective_reaches_a_quoted_system_name(origins):
    assert origins("Gunners downed a Russian 'Orlan-10' near the border.") == [("Orlan-10", "Russian")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rifle fire was heard near the checkpoint.", [("Rifle", "generic.small_arms")]),
        ("Monitors counted 9 rifle shots east of the village.", [("rifle", "generic.small_arms")]),
        ("Machine-gun fire raked the trench.", [("Machine-gun", "generic.small_arms")]),
        ("A heavy machine gun opened up from the tree line.", [("heavy machine gun", "generic.small_arms")]),
        ("Police found a sniper rifle in the boot.", [("sniper rifle", "generic.small_arms")]),
    ],
)
def test_single_firearms_and_their_fire_are_small_arms(weapons, sentence, expected):
    assert weapons(sentence) == expected
