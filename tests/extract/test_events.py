"""Event assembly: given a report sentence, these events and fields come out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from warledger.extract.base import ExtractionContext
from warledger.extract.events import EventAssembler, ParsedTokens
from warledger.extract.nlp import load_nlp
from warledger.extract.pipeline import DEFAULT_COMPONENTS, Pipeline
from warledger.model import Actor, Document, Event, EventType, Extraction

REPORT_DATE = "2024-03-18"
ExtractFn = Callable[..., Extraction]


def events_of(extract: ExtractFn, text: str, event_type: EventType = EventType.ATTACK) -> list[Event]:
    return [e for e in extract(text, report_date=REPORT_DATE).events if e.type is event_type]


def only(extract: ExtractFn, text: str, event_type: EventType = EventType.ATTACK) -> Event:
    found = events_of(extract, text, event_type)
    assert len(found) == 1, [(e.trigger.text, [(f.role, f.value) for f in e.fields]) for e in found]
    return found[0]


def roles(event: Event) -> dict[str, str]:
    return {f.role: f.value for f in event.fields}


def typed(event: Event, role: str) -> object:
    found = event.value(role)
    assert found is not None, f"no {role} in {roles(event)}"
    return found.typed


def test_a_shelling_by_a_known_force_names_attacker_and_place(extract: ExtractFn) -> None:
    event = only(extract, "Russian forces shelled Kharkiv on Sunday.")
    assert roles(event)["attacker"] == "Russia"
    assert roles(event)["target"] == "Kharkiv"


def test_unrecognised_attackers_and_targets_are_kept_as_bare_phrases(extract: ExtractFn) -> None:
    event = only(extract, "Gunmen stormed the hospital in Kharkiv.")
    assert roles(event)["attacker"] == "Gunmen" and typed(event, "attacker") is None
    assert roles(event)["target"] == "hospital" and typed(event, "target") is None
    assert roles(event)["place"] == "Kharkiv"


@pytest.mark.parametrize(
    ("text", "role", "value"),
    [
        ("Shelling damaged a number of houses in Kherson.", "target", "houses"),
        ("Gunmen torched a total of six trucks near Sumy.", "target", "six trucks"),
    ],
)
def test_a_slot_filled_by_an_amount_names_the_thing_counted(extract: ExtractFn, text: str, role: str, value: str) -> None:
    assert roles(only(extract, text))[role] == value


def test_a_total_of_shots_fired_is_no_weapon_called_total(extract: ExtractFn) -> None:
    event = only(extract, "Russian forces fired a total of 9 shots at Nikopol on Tuesday.")
    assert "total" not in roles(event).values()


def test_a_place_that_only_locates_the_object_is_the_place_not_the_target(extract: ExtractFn) -> None:
    event = only(extract, "Two strangers set fire to the van of a village mayor in Chernihiv.")
    assert roles(event)["target"] == "van"
    assert roles(event)["place"] == "Chernihiv"


def place_text(event: Event) -> str | None:
    found = event.value("place")
    return found.span.text if found is not None else None


@pytest.mark.parametrize(
    "text",
    [
        "A student from Rivne torched a kiosk in Zhytomyr.",
        "In Zhytomyr, a student from Rivne torched a kiosk.",
        "A resident of Rivne torched a kiosk in Zhytomyr on Tuesday.",
    ],
)
def test_the_place_is_where_it_happened_not_where_a_participant_is_from(extract: ExtractFn, text: str) -> None:
    assert place_text(only(extract, text)) == "Zhytomyr"


def test_where_a_participant_is_from_is_no_place_of_the_event(extract: ExtractFn) -> None:
    assert place_text(only(extract, "A student from Rivne torched a kiosk.")) is None


def test_where_the_doers_went_is_the_place_only_when_no_site_is_named(extract: ExtractFn) -> None:
    went = only(extract, "Three students from Lutsk drove to Ternopil and torched a transformer box.")
    assert place_text(went) == "Ternopil"
    sited = only(extract, "Three students drove to Ternopil and torched a transformer box in Chortkiv.")
    assert place_text(sited) == "Chortkiv"


def test_the_owner_named_with_damaged_property_is_the_other_side(extract: ExtractFn) -> None:
    event = only(extract, "Arsonists torched a minibus belonging to a village priest in Ternopil.")
    assert roles(event)["target"] == "minibus"
    owner = typed(event, "owner")
    assert isinstance(owner, Actor) and owner.kind == "civilians"
    assert event.value("owner").span.text == "priest"  # type: ignore[union-attr]


def test_an_organisation_owning_the_property_is_its_owner(extract: ExtractFn) -> None:
    event = only(extract, "Saboteurs burned the trucks of the SBU in Chernivtsi.")
    assert roles(event)["target"] == "trucks" and roles(event)["owner"] == "SBU"


def test_property_with_no_owner_named_is_the_civilians(extract: ExtractFn) -> None:
    event = only(extract, "Russian soldiers looted houses in Hostomel.")
    owner = typed(event, "owner")
    assert isinstance(owner, Actor) and owner.kind == "civilians"
    assert event.value("owner").span.text == "houses"  # type: ignore[union-attr]


def test_military_property_is_the_armed_forces_of_the_country_it_stood_in(extract: ExtractFn) -> None:
    event = only(extract, "A pensioner torched three army supply trucks in Kropyvnytskyi.")
    owner = typed(event, "owner")
    assert isinstance(owner, Actor) and owner.id == "UA.armed_forces"


def test_a_state_adjective_on_property_says_whose_kind_not_who_was_hit(extract: ExtractFn) -> None:
    event = only(extract, "Vandals burned a Russian insurance office in Ternopil.")
    assert roles(event)["target"] == "Russian insurance office" and roles(event)["owner"] == "civilians"


def test_a_place_deep_in_the_locating_phrase_is_no_target(extract: ExtractFn) -> None:
    event = only(extract, "A courier burned a transformer box in the city of Brovary.")
    assert roles(event)["target"] == "transformer box"


def test_a_country_named_as_the_striking_side_is_not_the_place(extract: ExtractFn) -> None:
    event = only(extract, "Airstrikes by Turkey inside Iraq damaged a clinic.")
    assert roles(event)["place"] == "Iraq"


@pytest.mark.parametrize(
    "text",
    [
        "A courier hired by Russian intelligence burned a signal box in Kovel.",
        "Three youths who followed instructions from Russia burned a truck in Rivne.",
    ],
)
def test_who_recruited_or_commanded_the_doer_is_not_the_attacker(extract: ExtractFn, text: str) -> None:
    attacker = only(extract, text).value("attacker")
    assert attacker is None or attacker.typed is None


def test_a_place_qualifying_the_owner_is_not_what_was_hit(extract: ExtractFn) -> None:
    event = only(extract, "Before dawn, two strangers burned the van of a Poltava city councillor in Myrhorod.")
    assert roles(event)["target"] == "van" and roles(event)["place"] == "Myrhorod"


def test_a_drone_shot_down_with_the_particle_read_as_an_adverb_is_downed(extract: ExtractFn) -> None:
    event = only(extract, "Air defence: Russian troops shot down 3 Ukrainian strike drones near Belgorod.")
    assert "drone" in roles(event)["downed"] and roles(event)["target"] == "Ukraine"


def given_trigger(text: str, word: str) -> Event:
    """The attack the assembler makes of ``word`` in ``text`` (as the event-argument scorer asks)."""
    start = text.index(word)
    event = EventAssembler().arguments_at(context_of(text), start, start + len(word), EventType.ATTACK)
    assert event is not None
    return event


def supports(event: Event) -> dict[str, str]:
    """Each role's supporting text."""
    return {f.role: f.span.text for f in event.fields}


@pytest.mark.parametrize(
    ("text", "word", "attacker"),
    [
        ("The Red Brigade claimed responsibility for the bombing of the depot in Lviv.", "bombing", "Red Brigade"),
        ("The city saw ten attacks carried out by militants near the port of Odesa.", "attacks", "militants"),
        ("Survivors of the Azraq attacks gathered in Kharkiv.", "attacks", "Azraq"),
    ],
)
def test_an_attacker_no_extractor_knows_is_found_around_a_noun_trigger(text: str, word: str, attacker: str) -> None:
    assert attacker in roles(given_trigger(text, word))["attacker"]


def test_a_side_named_like_a_kind_of_property_is_still_the_side_hit(extract: ExtractFn) -> None:
    event = only(extract, "Youths hurled paint bombs at the territorial recruitment centre in Mukachevo.")
    target = typed(event, "target")
    assert isinstance(target, Actor) and target.id == "org.ua_recruitment"


@pytest.mark.parametrize(
    ("text", "word", "target"),
    [
        ("The explosion targeted a pharmacy beside the harbour of Split.", "explosion", "pharmacy"),
        ("The town has seen bombings aimed at the garrison stationed there.", "bombings", "garrison"),
    ],
)
def test_what_a_noun_trigger_was_aimed_at_is_its_target(text: str, word: str, target: str) -> None:
    assert roles(given_trigger(text, word))["target"] == target


def test_a_side_hit_is_the_target_and_no_owner_is_guessed(extract: ExtractFn) -> None:
    event = only(extract, "Russian forces shelled Ukrainian positions near Bakhmut.")
    assert "owner" not in roles(event)


@pytest.mark.parametrize(
    "text",
    [
        "Troops were evicting pensioners from their flats in Enerhodar.",
        "The occupiers expelled families from their homes in Hola Prystan.",
        "Three men set a shop on fire in Kharkiv.",
        "Shortly after midnight, a pair of students set fire to a signal box beside the tracks in Kovel.",
        "Vandals slashed the tents of a charity in Kharkiv.",
    ],
)
def test_evictions_and_arson_are_attacks_on_property(extract: ExtractFn, text: str) -> None:
    assert events_of(extract, text)


def test_what_follows_on_is_the_target_and_a_date_after_on_is_never_one(extract: ExtractFn) -> None:
    event = only(extract, "On 7 June, hooded men set fire to the jeep of a notary in Sambir.")
    assert roles(event)["target"] == "jeep" and roles(event)["owner"] == "civilians"
    assert roles(only(extract, "Russian forces fired on a police checkpoint in Kharkiv."))["target"] == "police checkpoint"


def test_broken_windows_were_hit_but_talks_breaking_down_are_no_attack(extract: ExtractFn) -> None:
    event = only(extract, "Someone broke two windows of a chapel in Poltava.")
    assert roles(event)["target"] == "two windows" and roles(event)["owner"] == "civilians"
    assert events_of(extract, "Talks broke down in Geneva.") == []


def test_an_adjectival_occupied_reports_no_occupation(extract: ExtractFn) -> None:
    assert events_of(extract, "Rents doubled across the occupied parts of Kherson region.") == []


def test_arson_with_one_recognised_argument_is_an_attack(extract: ExtractFn) -> None:
    event = only(extract, "Two unknown teenagers set a ticket kiosk on fire in Kolomyia.")
    assert roles(event)["attacker"] == "Two unknown teenagers"
    assert roles(event)["target"] == "ticket kiosk"
    assert roles(event)["place"] == "Kolomyia"


def test_looting_takes_the_robbed_from_after_from_and_the_loot_as_item(extract: ExtractFn) -> None:
    event = only(extract, "Russian soldiers stole a generator from villagers of Snihurivka.")
    assert roles(event)["attacker"] == "Russia"
    target = typed(event, "target")
    assert isinstance(target, Actor) and target.kind == "civilians"
    assert roles(event)["item"] == "generator"


def test_a_drone_shot_down_is_downed_and_its_named_side_is_the_target(extract: ExtractFn) -> None:
    event = only(extract, "Ukrainian gunners shot down a Russian surveillance drone over Mykolaiv.")
    assert roles(event)["attacker"] == "Ukraine"
    assert roles(event)["target"] == "Russia"
    assert "weapon" not in roles(event) and "drone" in roles(event)["downed"]


def test_what_explodes_is_the_weapon(extract: ExtractFn) -> None:
    event = only(extract, "A roadside bomb exploded outside the town hall in Melitopol.")
    assert "bomb" in event.value("weapon").span.text  # type: ignore[union-attr]


def test_what_is_launched_is_the_weapon_not_the_target(extract: ExtractFn) -> None:
    event = only(extract, "Militants launched homemade rockets at the airport in Donetsk.")
    assert roles(event)["attacker"] == "Militants"
    assert roles(event)["target"] == "airport"
    assert "rocket" in roles(event)["weapon"]


def test_observers_of_shots_are_not_their_attacker(extract: ExtractFn) -> None:
    events = events_of(extract, "Monitors recorded a total of 9 shots from rifles near Pisky.")
    assert all("attacker" not in roles(e) for e in events)


def test_a_relative_pronoun_stands_for_its_noun(extract: ExtractFn) -> None:
    event = only(extract, "Police named the soldier who was stabbed by an attacker in Mykolaiv.")
    assert roles(event)["target"] == "soldier"
    assert roles(event)["attacker"] == "attacker"


def test_a_vague_word_with_one_recognised_argument_is_no_attack(extract: ExtractFn) -> None:
    assert events_of(extract, "The new tax will hit Ukraine hard.") == []


def test_the_buyer_is_the_recipient_and_the_seller_the_supplier(extract: ExtractFn) -> None:
    event = only(extract, "Russia bought Shahed drones from Iran.", EventType.ARMS_TRANSFER)
    assert roles(event)["recipient"] == "Russia"
    assert roles(event)["supplier"] == "Iran"
    assert "Shahed" in roles(event)["item"]


@cache
def before_events() -> Pipeline:
    """Every extractor the events extractor reads from."""
    return Pipeline(tuple(name for name in DEFAULT_COMPONENTS if name != "events"))


def context_of(text: str) -> ExtractionContext:
    """``text`` run through every extractor but the events extractor."""
    pipeline = before_events()
    document = Document.create(text, date=date.fromisoformat(REPORT_DATE))
    found = ExtractionContext(pipeline.nlp(text), Extraction(document))
    for component in pipeline.components:
        component(found)
    return found


@pytest.fixture(scope="module")
def context() -> ExtractionContext:
    """A sentence with an attack word the vocabulary lacks, run through every other extractor."""
    return context_of("Separatist fighters harassed a Ukrainian patrol near Kharkiv.")


def test_given_a_trigger_its_arguments_are_filled_as_for_found_triggers(context: ExtractionContext) -> None:
    start = context.text.index("harassed")
    event = EventAssembler().arguments_at(context, start, start + len("harassed"), EventType.ATTACK)
    assert event is not None and event.type is EventType.ATTACK and event.trigger.text == "harassed"
    assert roles(event)["attacker"] == "Separatist fighters"
    assert roles(event)["place"] == "Kharkiv"
    assert roles(event)["target"] == "Ukraine"  # "a Ukrainian patrol": the side hit


def test_a_given_trigger_covering_no_word_gives_no_event(context: ExtractionContext) -> None:
    gap = context.text.index(" ")
    assert EventAssembler().arguments_at(context, gap, gap + 1, EventType.ATTACK) is None


def test_a_headline_participle_makes_its_noun_the_target_and_its_count_the_toll(extract: ExtractFn) -> None:
    event = only(extract, "Three Ukrainian soldiers killed near Kharkiv")
    target = typed(event, "target")
    assert isinstance(target, Actor) and target.id == "UA.armed_forces"
    assert roles(event)["killed"].startswith("3")


def test_what_is_thrown_at_a_building_is_the_weapon(extract: ExtractFn) -> None:
    event = only(extract, "Unidentified men threw a petrol bomb at the customs office in Chop.")
    assert roles(event)["weapon"] == "bomb"
    assert roles(event)["target"] == "customs office"
    assert roles(event)["place"] == "Chop"


def test_a_side_named_by_an_adjective_is_supported_by_its_whole_noun_phrase(extract: ExtractFn) -> None:
    event = only(extract, "Russian hackers attacked the power grid in Kyiv.")
    attacker = event.value("attacker")
    assert attacker is not None and attacker.value == "Russia" and attacker.span.text == "Russian hackers"


def owner_id(event: Event) -> str:
    owner = typed(event, "owner")
    assert isinstance(owner, Actor), roles(event)
    return owner.id


@pytest.mark.parametrize(
    "text",
    [
        "Hooligans burned a van of a journalist in Dubno, Ukraine.",
        "Vandals set fire to a kiosk of a Georgian firm in Poltava.",
        "Arsonists torched a car of an opposition Moldovan politician in Balti.",
    ],
)
def test_sides_named_inside_the_phrase_of_damaged_property_only_own_or_qualify_it(extract: ExtractFn, text: str) -> None:
    event = only(extract, text)
    assert typed(event, "target") is None and owner_id(event) == "civilians"


@pytest.mark.parametrize(
    ("text", "keeper"),
    [
        ("A teenager torched three police vans in Kremenchuk.", "org.ua_police"),
        ("Partisans burned three Russian military trucks in Melitopol.", "RU.armed_forces"),
        ("Saboteurs blew up an ammunition depot near Kharkiv.", "UA.armed_forces"),
        ("Arsonists burned the pickup of a police sergeant in Mukachevo.", "org.ua_police"),
        ("A student set fire to vans used by the military near Konotop.", "UA.armed_forces"),
        ("Two men burned a van of a mechanised brigade in Poltava.", "UA.armed_forces"),
        ("A neighbour burned the personal jeep of a police captain in Lubny.", "civilians"),
        ("A drunk man burned the car of a soldier in Hadiach.", "civilians"),
        ("Partisans burned three dugouts near Vasylivka.", "UA.armed_forces"),
        ("Partisans burned Russian army equipment near Tokmak.", "RU.armed_forces"),
        ("Two men set fire to a Russian army fuel store in Berdiansk.", "RU.armed_forces"),
    ],
)
def test_property_a_force_word_qualifies_is_that_forces_of_the_state_named_or_where_it_stood(
    extract: ExtractFn, text: str, keeper: str
) -> None:
    assert owner_id(only(extract, text)) == keeper


def test_what_is_looted_from_a_town_is_its_peoples(extract: ExtractFn) -> None:
    event = only(extract, "Occupying troops looted Izium and the surrounding hamlets.")
    assert event.value("target").span.text == "Izium"  # type: ignore[union-attr]
    assert owner_id(event) == "civilians"


@pytest.mark.parametrize(
    "text",
    [
        "Patrol members counted 11 bursts of gunfire near Shchastia, judged to be aimed at an OSCE long-range UAV.",
        "On 9 June, small-arms fire was aimed at an OSCE drone near Shchastia.",
        # fire of a kind the weapons table does not know still never makes the drone the weapon
        "Machine-gun fire was aimed at an OSCE drone near Horlivka.",
        "Rifle fire was aimed at an OSCE drone near Popasna.",
    ],
)
def test_fire_aimed_at_a_drone_targets_the_side_flying_it(extract: ExtractFn, text: str) -> None:
    event = only(extract, text)
    target = typed(event, "target")
    assert isinstance(target, Actor) and target.id == "org.osce"
    assert "drone" not in roles(event).get("weapon", "") and "UAV" not in roles(event).get("weapon", "")


def test_a_depot_run_by_a_force_is_that_forces_property_not_the_side_hit(extract: ExtractFn) -> None:
    event = only(extract, "Partisans set on fire a depot run by the Russian army near Tokmak.")
    assert roles(event)["target"] == "depot" and typed(event, "target") is None
    assert owner_id(event) == "RU.armed_forces"


@pytest.mark.parametrize(
    "text",
    [
        "Unknown people burned lorries used by the army near Melitopol.",
        "Lorries used by the army were burned near Melitopol.",
    ],
)
def test_property_used_by_a_force_is_neither_the_weapon_nor_its_user_the_attacker(extract: ExtractFn, text: str) -> None:
    event = only(extract, text)
    assert event.trigger.text == "burned" and roles(event)["target"].lower() == "lorries"
    assert "weapon" not in roles(event) and roles(event).get("attacker") != "army"
    assert owner_id(event) == "UA.armed_forces"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Monitors recorded a total of 9 rifle shots east of Horlivka.", "Horlivka"),
        ("Observers heard bursts of gunfire on the outskirts of Svatove.", "Svatove"),
    ],
)
def test_shots_placed_by_a_bearing_from_a_town_happened_there(extract: ExtractFn, text: str, place: str) -> None:
    assert roles(only(extract, text))["place"] == place


def test_a_place_naming_an_institution_is_not_where_it_happened(extract: ExtractFn) -> None:
    event = only(extract, "Unknown vandals defaced a monastery of the Moscow Patriarchate in Bolhrad.")
    assert event.value("place").span.text == "Bolhrad"  # type: ignore[union-attr]


def test_what_follows_set_fire_to_is_the_target_even_when_the_parse_hangs_it_elsewhere(extract: ExtractFn) -> None:
    event = only(extract, "On 12 June 2024, two brothers aged 22 and 24 set fire to a pharmacy in Kalush, Ivano-Frankivsk.")
    assert roles(event)["target"] == "pharmacy" and roles(event)["owner"] == "civilians"


def test_a_participle_qualifying_property_says_what_was_done_to_it(extract: ExtractFn) -> None:
    event = only(extract, "Occupation officials exported the plundered Ukrainian grain from Skadovsk to Egypt.")
    assert roles(event)["target"] == "Ukrainian grain" and roles(event)["owner"] == "civilians"


def test_who_ordered_an_arson_is_not_its_target(extract: ExtractFn) -> None:
    event = only(extract, "A student set fire to the gate of a notary office in Bila Tserkva on the instructions of Russian handlers.")
    assert roles(event)["target"] == "gate" and roles(event)["owner"] == "civilians"


def test_whose_property_was_hit_is_read_once_the_events_words_are_merged(extract: ExtractFn) -> None:
    text = "Arson: On 2 May 2024, police said, two brothers aged 33 and 35 set fire to an army truck and a neighbour's car in Lutsk, then fled."
    assert owner_id(only(extract, text)) == "UA.armed_forces"


def test_opening_fire_on_a_church_hits_the_church(extract: ExtractFn) -> None:
    event = only(extract, "On 4 April 2022, Russian troops opened machine-gun fire on a chapel in Husarivka, Kharkiv oblast.")
    assert roles(event)["target"] == "chapel" and roles(event)["owner"] == "civilians"


@pytest.mark.parametrize(
    "text",
    [
        "A local youth burned one of the transformer boxes at a depot in Shepetivka.",
        "Soldiers stole a batch of grain from a farm in Nova Kakhovka.",
    ],
)
def test_what_an_amount_or_part_counts_is_the_property_hit(extract: ExtractFn, text: str) -> None:
    assert owner_id(only(extract, text)) == "civilians"


def test_shots_at_listed_property_with_no_place_found_are_still_an_attack(extract: ExtractFn) -> None:
    event = only(extract, "In the evening, three strangers shot repeatedly at the windows of a cafe.")
    assert roles(event)["target"] == "windows" and roles(event)["owner"] == "civilians"


def test_a_misparsed_participle_with_an_object_acted_rather_than_was_hit(extract: ExtractFn) -> None:
    event = only(extract, "Two weeks ago, as reported, underground fighters in Enerhodar, Zaporizhia, set on fire a large Russian ammunition store.")
    assert owner_id(event) == "RU.armed_forces" and roles(event)["target"] == "large Russian ammunition store"


def test_a_weapon_destroyed_is_hit_not_used(extract: ExtractFn) -> None:
    event = only(extract, "Saboteurs wrecked Russian military machinery near Polohy.")
    assert "weapon" not in roles(event) and owner_id(event) == "RU.armed_forces"


def test_forces_occupying_a_town_report_no_occupation_that_day(extract: ExtractFn) -> None:
    event = only(extract, "Russian forces occupying Kozelets, including the FSB, looted homes.")
    assert event.trigger.text == "looted" and owner_id(event) == "civilians"


def test_where_the_loot_was_taken_afterwards_is_not_who_was_robbed(extract: ExtractFn) -> None:
    event = only(extract, "Occupying soldiers plundered 300 tonnes of grain, which they later sent to Russia.")
    assert typed(event, "target") is None and owner_id(event) == "civilians"


def test_an_aircraft_shot_down_is_its_owners_side(extract: ExtractFn) -> None:
    event = only(extract, "Ukrainian gunners shot down a surveillance drone of the Russian army near Lyman.")
    target = typed(event, "target")
    assert isinstance(target, Actor) and target.id == "RU.armed_forces"


@pytest.mark.parametrize(
    ("text", "keeper"),
    [
        ("Early on Sunday a pensioner set on fire two minibuses of the territorial recruitment centre in Khust.", "org.ua_recruitment"),
        ("Resistance members set on fire a barn operated by Russian troops near Vasylivka.", "RU.armed_forces"),
    ],
)
def test_men_who_set_something_on_fire_are_not_what_burned(extract: ExtractFn, text: str, keeper: str) -> None:
    event = only(extract, text)
    assert typed(event, "target") is None and owner_id(event) == keeper


def test_a_demonym_on_a_named_property_only_qualifies_it(extract: ExtractFn) -> None:
    event = only(extract, "Vandals threw eggs at the Hungarian cultural centre Pannonia in Berehove.")
    assert typed(event, "target") is None


def test_property_the_tagger_reads_as_a_verb_is_still_what_was_set_on_fire(extract: ExtractFn) -> None:
    event = only(extract, "Investigators say four boys aged 14 to 16 set fire to relay boxes beside the tracks in Smila.")
    assert roles(event)["target"] == "boxes" and owner_id(event) == "civilians"


SPACED_REPORT = "  Shelling hit  Kupiansk overnight,\nkilling two. Officials said:  'it was a Grad.'  "


@cache
def spaced_doc() -> Doc:
    """The report with runs of spaces, parsed once: a token owns the spaces after it."""
    return load_nlp()(SPACED_REPORT)


@given(start=st.integers(-3, len(SPACED_REPORT) + 3), width=st.integers(1, 20))
@settings(max_examples=300, deadline=None)
def test_token_ranges_of_characters_are_those_of_spacys_expanded_char_span(start: int, width: int) -> None:
    doc = spaced_doc()
    span = doc.char_span(start, start + width, alignment_mode="expand")
    expected = None if span is None else range(span.start, span.end)
    assert ParsedTokens(doc).char_range(start, start + width) == expected


def test_built_subtrees_and_sentences_are_spacys_own() -> None:
    doc = spaced_doc()
    tokens = ParsedTokens(doc)
    assert all(tokens.subtree(t) == tuple(t.subtree) for t in doc)
    assert all(tokens.sentence(t) == list(t.sent) for t in doc)
    assert list(tokens.sentences()) == [list(s) for s in doc.sents]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("A bomb exploded at the bus station.", "exploded"),
        ("Militants detonated a car bomb at the bus station.", "detonated"),
        ("Two explosions at the bus station shattered windows.", "explosions"),
    ],
)
def test_where_an_explosion_went_off_is_its_place_not_its_target(text: str, trigger: str) -> None:
    found = supports(given_trigger(text, trigger))
    assert found.get("place") == "bus station" and "target" not in found


def test_fire_at_something_still_aims_at_it() -> None:
    assert supports(given_trigger("Soldiers fired at the bus station.", "fired")).get("target") == "bus station"


def test_the_verb_a_noun_trigger_is_the_subject_of_says_where_it_was() -> None:
    assert supports(given_trigger("The explosion was at a railway station.", "explosion")).get("place") == "railway station"


def test_a_bare_number_after_a_locative_preposition_names_no_place() -> None:
    assert "place" not in supports(given_trigger("The bomb exploded at one, police said.", "exploded"))


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Gunmen attacked the convoy using rifles.", "attacked"),
        ("The militants used rifles to attack the convoy.", "attack"),
        ("Gunmen attacked the convoy with rifles.", "attacked"),
    ],
)
def test_what_an_attack_was_done_with_or_using_is_its_weapon(text: str, trigger: str) -> None:
    found = supports(given_trigger(text, trigger))
    assert found.get("weapon") == "rifles" and found.get("target") == "convoy"


def test_launched_munitions_are_no_attacker() -> None:
    found = supports(given_trigger("Mortar-fired shells hit the market.", "hit"))
    assert "attacker" not in found and found.get("weapon") == "Mortar"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Fighting between the militia and the rebels erupted near the bridge.", "Fighting"),
        ("The militia clashed with the rebels near the bridge.", "clashed"),
        ("The militia and the rebels clashed near the bridge.", "clashed"),
        ("The militia fought a battle with the rebels near the bridge.", "battle"),
    ],
)
def test_a_fights_first_side_is_the_attacker_and_the_other_the_target(text: str, trigger: str) -> None:
    found = supports(given_trigger(text, trigger))
    assert (found.get("attacker"), found.get("target"), found.get("place")) == ("militia", "rebels", "bridge")


def test_the_side_a_war_is_waged_against_is_its_target_not_its_place() -> None:
    found = supports(given_trigger("Russia's war against Ukraine entered its third year.", "war"))
    assert (found.get("attacker"), found.get("target"), found.get("place")) == ("Russia", "Ukraine", None)


def test_where_the_thing_hit_stood_is_where_the_attack_was() -> None:
    assert supports(given_trigger("Gunmen attacked a car in the yard.", "attacked")).get("place") == "yard"


def given_transfer(text: str, word: str) -> dict[str, str]:
    """The supporting text of each role of the transfer ``word`` triggers."""
    start = text.index(word)
    event = EventAssembler().arguments_at(context_of(text), start, start + len(word), EventType.ARMS_TRANSFER)
    assert event is not None
    return supports(event)


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The brigade was sent rifles by the ministry.", "sent"),
        ("The ministry provided rifles to the brigade.", "provided"),
        ("The ministry sold rifles to the brigade.", "sold"),
        ("The brigade borrowed rifles from the ministry.", "borrowed"),
        ("The ministry's delivery of rifles to the brigade.", "delivery"),
    ],
)
def test_who_gave_what_to_whom(text: str, trigger: str) -> None:
    found = given_transfer(text, trigger)
    assert (found.get("supplier"), found.get("item"), found.get("recipient")) == ("ministry", "rifles", "brigade")


def test_each_site_of_a_list_is_a_place() -> None:
    found = given_trigger("Two bombs exploded at the market and the bus station.", "exploded")
    assert [f.span.text for f in found.values("place")] == ["market", "bus station"]


def test_a_place_naming_a_bombing_is_not_its_attacker() -> None:
    assert "attacker" not in supports(given_trigger("Survivors of the Odesa Pier bombing met in Lviv.", "bombing"))


def test_who_rents_a_vehicle_receives_it() -> None:
    found = given_transfer("The gunman rented a truck from a dealer.", "rented")
    assert (found.get("recipient"), found.get("supplier")) == ("gunman", "dealer")


@pytest.mark.parametrize(
    ("text", "trigger", "weapon"),
    [
        ("An air strike hit the hospital.", "strike", "air strike"),
        ("Overnight shelling hit the hospital.", "shelling", "shelling"),
        ("Rebels carried out airstrikes with drones on the hospital.", "airstrikes", "drones"),
    ],
)
def test_an_attack_noun_naming_its_means_is_the_weapon_when_none_is_named(text: str, trigger: str, weapon: str) -> None:
    assert supports(given_trigger(text, trigger)).get("weapon") == weapon


def test_whose_decision_to_attack_it_was_attacked() -> None:
    assert supports(given_trigger("The militia's decision to attack the convoy surprised everyone.", "attack")).get("attacker") == "militia"
