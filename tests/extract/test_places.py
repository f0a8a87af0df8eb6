"""Places: given a report sentence, these toponyms come out, geocoded with the document as context."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.extract.gazetteer import Gazetteer
from warledger.extract.places import (
    DEMONYM_KIND,
    ResolutionContext,
    haversine_km,
    rank_candidates,
    resolve_location,
    used_in_lower_case,
)
from warledger.model import Extraction, Place

ExtractFn = Callable[..., Extraction]

SEED = (
    "Investigators from Ukraine have disclosed that Russia has launched North Korean missiles at "
    "Ukraine, including at least three DPRK ballistic missiles devastating the city of Kharkiv.\n\n"
    "Oleksandr Filchakov, the head of the Kharkiv Regional Prosecutor's Office, revealed that these "
    "missiles have been used in at least six Ukrainian regions. This is a strategic partnership "
    "against the West."
)


def places(extract: ExtractFn, text: str) -> dict[str, Place]:
    """Span text -> place of its first mention, for every place mention."""
    extraction = extract(text, components=("places",), report_date="2024-03-18")
    found: dict[str, Place] = {}
    for mention in extraction.mentions:
        if mention.kind == "place" and isinstance(mention.value, Place):
            found.setdefault(mention.span.text, mention.value)
    return found


def test_seed_city_of_kharkiv_is_the_city_in_kharkiv_oblast(extract: ExtractFn) -> None:
    kharkiv = places(extract, SEED)["Kharkiv"]
    assert kharkiv.geonames_id == 706483
    assert kharkiv.feature == "city"
    assert kharkiv.admin1 == "Kharkiv Oblast"
    assert kharkiv.country == "Ukraine" and kharkiv.country_code == "UA"
    assert abs(kharkiv.lat - 49.98) < 0.05 and abs(kharkiv.lon - 36.25) < 0.05


def test_seed_countries_are_places_and_demonyms_and_the_west_are_not(extract: ExtractFn) -> None:
    found = places(extract, SEED)
    assert found["Ukraine"].feature == "country" and found["Ukraine"].country == "Ukraine"
    assert found["Russia"].country_code == "RU"
    assert not {"Ukrainian", "North Korean", "West", "the West"} & found.keys()


def test_seed_prosecutors_office_yields_no_wrong_place(extract: ExtractFn) -> None:
    extraction = extract(SEED, components=("places",))
    office = SEED.index("Kharkiv Regional")
    inside = [m.value for m in extraction.mentions if office <= m.span.start < office + 40]
    assert all(isinstance(p, Place) and p.country_code == "UA" and p.admin1 == "Kharkiv Oblast" for p in inside)


@pytest.mark.parametrize("text", ["Shelling hit the Kharkiv region overnight.", "Shelling hit Kharkiv Oblast overnight."])
def test_region_suffix_makes_the_first_level_region(extract: ExtractFn, text: str) -> None:
    found = places(extract, text)
    (span,) = found
    assert span.startswith("Kharkiv") and found[span].feature == "admin1"
    assert found[span].name == "Kharkiv Oblast" and found[span].country == "Ukraine"


def test_city_comma_region_picks_the_city_in_that_region(extract: ExtractFn) -> None:
    found = places(extract, "The convoy left Paris, Texas, on Monday.")
    assert found["Paris"].admin1 == "Texas" and found["Paris"].country_code == "US"
    assert found["Texas"].feature == "admin1"


def test_state_abbreviation_after_a_city_is_the_state(extract: ExtractFn) -> None:
    found = places(extract, "The unit trained near Paducah, Ky., last spring.")
    assert found["Ky."].name == "Kentucky" and found["Ky."].feature == "admin1"
    assert found["Paducah"].admin1 == "Kentucky"


def test_possessive_and_direction_words_are_handled(extract: ExtractFn) -> None:
    found = places(extract, "North Korea's missiles struck northern Kharkiv.")
    assert found["North Korea"].country_code == "KP"
    assert found["Kharkiv"].country_code == "UA"


def test_runner_up_candidates_are_kept_with_scores(extract: ExtractFn) -> None:
    paris = places(extract, "Talks resumed in Paris on Friday.")["Paris"]
    assert paris.country == "France"
    assert len(paris.candidates) > 1
    scores = [c.score for c in paris.candidates]
    assert scores == sorted(scores, reverse=True)


def test_document_country_decides_an_ambiguous_city(extract: ExtractFn) -> None:
    text = (
        "Tennessee officials said the storm reached Nashville and Memphis. "
        "Later it hit Paris, where schools closed."
    )
    assert places(extract, text)["Paris"].admin1 == "Tennessee"


def test_resolve_location_without_context_prefers_the_primary_populous_place() -> None:
    place = resolve_location("Kharkiv")
    assert place is not None and place.geonames_id == 706483


def test_resolve_location_uses_the_documents_countries_and_regions() -> None:
    context = ResolutionContext(countries=Counter({"US": 3}), admin1s=Counter({("US", "Georgia"): 1}))
    place = resolve_location("Athens", context)
    assert place is not None and place.country_code == "US" and place.admin1 == "Georgia"


def test_resolve_location_prefers_nearby_candidates() -> None:
    near_kentucky = ResolutionContext(points=((37.8, -85.9),))
    place = resolve_location("Richmond", near_kentucky)
    assert place is not None and place.admin1 == "Kentucky"


def test_qualifier_names_the_region() -> None:
    ranked = rank_candidates("Paris", qualifier="Texas")
    assert ranked[0].admin1 == "Texas"


def test_unknown_name_resolves_to_nothing() -> None:
    assert resolve_location("Qwxzlbrq") is None


@settings(max_examples=50, deadline=None)
@given(
    st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180)
)
def test_haversine_is_symmetric_and_bounded(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    d = haversine_km(lat1, lon1, lat2, lon2)
    assert 0 <= d <= 20016
    assert d == pytest.approx(haversine_km(lat2, lon2, lat1, lon1), abs=1e-6)


def demonym_places(extract: ExtractFn, text: str) -> dict[str, Place]:
    """Span text -> place of each demonym mention."""
    extraction = extract(text, components=("places",), report_date="2024-03-18")
    return {m.span.text: m.value for m in extraction.mentions if m.kind == DEMONYM_KIND and isinstance(m.value, Place)}


def test_demonyms_are_their_own_kind_located_in_their_country(extract: ExtractFn) -> None:
    found = demonym_places(extract, "Ukrainian drones hit a Russian refinery, and North Korean shells were found.")
    assert found["Ukrainian"].country_code == "UA" and found["Ukrainian"].feature == "country"
    assert found["Russian"].country_code == "RU"
    assert found["North Korean"].country_code == "KP" and "Korean" not in found


def test_plural_and_continental_demonyms(extract: ExtractFn) -> None:
    found = demonym_places(extract, "Israelis and Europeans met European officials in Vienna.")
    assert found["Israelis"].country_code == "IL"
    assert found["Europeans"].feature == "continent" and found["European"].name == "Europe"


def test_a_demonym_is_never_a_place_mention(extract: ExtractFn) -> None:
    assert "Ukrainian" not in places(extract, "Ukrainian forces shelled the bridge.")


def test_neighbouring_names_agree_on_small_places(extract: ExtractFn) -> None:
    text = "Deputies in Henry County said the fire in Paris destroyed two barns on Tuesday."
    found = places(extract, text)
    assert found["Paris"].admin1 == "Tennessee" and found["Henry County"].admin1 == "Tennessee"


def test_a_state_list_keeps_its_states(extract: ExtractFn) -> None:
    found = places(extract, "Storms crossed Kansas, Nebraska, Oregon and Wyoming this week.")
    assert all(found[n].feature == "admin1" for n in ("Kansas", "Nebraska", "Oregon", "Wyoming"))


@pytest.mark.parametrize(("name", "country"), [("Warsaw", "PL"), ("Lima", "PE")])
def test_a_capital_outweighs_a_small_namesake_in_an_american_story(name: str, country: str) -> None:
    mostly_american = ResolutionContext(countries=Counter({"US": 3, "GB": 2, "CA": 1}))
    place = resolve_location(name, mostly_american)
    assert place is not None and place.country_code == country


# -- romanisation variants, qualifiers and false friends (issue 3) ---------------------------


@pytest.mark.parametrize(
    ("written", "geonames_name"),
    [
        ("Odessa", "Odesa"),
        ("Mykolaiv", "Mykolayiv"),
        ("Kamianets-Podilskyi", "Kamyanets-Podilskyi"),
        ("Bilhorod-Dnistrovskyy", "Bilhorod-Dnistrovskyi"),
        ("Zaporizhia", "Zaporizhzhya"),
    ],
)
def test_a_romanisation_variant_is_the_ukrainian_city_without_context(written: str, geonames_name: str) -> None:
    place = resolve_location(written)
    assert place is not None and place.name == geonames_name and place.country_code == "UA"


def test_an_american_story_keeps_its_odessa() -> None:
    place = resolve_location("Odessa", ResolutionContext(countries=Counter({"US": 3})))
    assert place is not None and place.admin1 == "Texas"


@given(st.text(alphabet="abdeiklmnoprstuvyz ", min_size=1, max_size=20))
def test_y_and_i_spell_the_same_folded_name(key: str) -> None:
    fold = Gazetteer.open().transliteration.fold
    assert fold(key.replace("i", "y")) == fold(key.replace("y", "i")) == fold(key)


def test_a_region_suffix_names_the_oblast_not_the_capital_city_region(extract: ExtractFn) -> None:
    found = places(extract, "Occupying troops ransacked barns in Nyvky, Kyiv region, in April.")
    assert found["Kyiv region"].name == "Kyiv Oblast"
    assert found["Nyvky"].admin1 == "Kyiv Oblast"


def test_a_village_the_gazetteer_lacks_is_placed_in_its_stated_region(extract: ExtractFn) -> None:
    found = places(extract, "Mortars hit a school near the village of Yablunivka, Sumy oblast, on Tuesday.")
    assert found["Yablunivka"].name == "Sumy Oblast" and found["Yablunivka"].feature == "admin1"


def test_a_town_known_once_in_the_country_keeps_its_place_whatever_region_is_stated(extract: ExtractFn) -> None:
    found = places(extract, "Vandals smashed a kiosk in Hlevakha, Zhytomyr, on Thursday.")
    assert found["Hlevakha"].name == "Hlevakha" and found["Hlevakha"].admin1 == "Kyiv Oblast"


def test_a_qualified_town_keeps_that_reading_when_repeated_bare(extract: ExtractFn) -> None:
    text = "The plant in Springfield, Ohio, closed. Workers in Springfield said they were not told."
    extraction = extract(text, components=("places",))
    springfields = [m.value for m in extraction.mentions if m.span.text == "Springfield"]
    assert len(springfields) == 2 and all(p.admin1 == "Ohio" for p in springfields)


def test_a_list_of_cities_qualifies_none_of_them(extract: ExtractFn) -> None:
    found = places(extract, "Missiles struck Kyiv, Kharkiv and Odesa overnight.")
    assert [found[n].feature for n in ("Kyiv", "Kharkiv", "Odesa")] == ["city", "city", "city"]
    assert found["Kyiv"].admin1 == "Kyiv City"


def test_a_small_place_after_near_is_found(extract: ExtractFn) -> None:
    found = places(extract, "Patrols heard gunfire near Toshkivka after dusk.")
    assert found["Toshkivka"].admin1 == "Luhansk Oblast"


def test_a_weapon_name_is_no_town(extract: ExtractFn) -> None:
    extraction = extract("Ukrainian troops destroyed a Russian Grad launcher.", components=("weapons", "places"))
    assert not [m for m in extraction.mentions if m.kind == "place"]


@pytest.mark.parametrize("text", ["A shell cracked the fountain in Gorky Park.", "A crater opened in Shevchenko Park."])
def test_a_person_named_park_is_no_town(extract: ExtractFn, text: str) -> None:
    assert not places(extract, text)


def test_a_month_abbreviation_is_no_place(extract: ExtractFn) -> None:
    found = places(extract, "On Nov. 27 2018 monitors saw damage in Donetsk.")
    assert "Nov" not in found and "Nov." not in found
    assert found["Donetsk"].country_code == "UA"


def test_a_capitalised_compass_word_keeps_a_proper_name_whole(extract: ExtractFn) -> None:
    assert not places(extract, "Cases rose in West Java this week.")
    assert places(extract, "Shelling across Eastern Ukraine went on.")["Ukraine"].feature == "country"


def test_a_toponym_after_an_unknown_village_is_its_region(extract: ExtractFn) -> None:
    found = places(extract, "Vandals wrecked a bus shelter in Olkhivchyk, Kyiv, and ran off.")
    assert found["Kyiv"].name == "Kyiv Oblast" and found["Kyiv"].feature == "admin1"


def test_a_place_entity_cut_short_by_the_tagger_takes_the_rest_of_the_name(extract: ExtractFn) -> None:
    # The small model tags only "Bila" as a place here.
    found = places(extract, "Warehouse burned in Bila Tserkva")
    assert found["Bila Tserkva"].admin1 == "Kyiv Oblast"


def test_a_people_named_like_a_region_is_no_place(extract: ExtractFn) -> None:
    extraction = extract("Chechen units were seen moving west.", components=("places",), report_date="2024-03-18")
    assert not [m for m in extraction.mentions if m.kind == "place"]
    demonyms = [m.value for m in extraction.mentions if m.kind == DEMONYM_KIND]
    assert demonyms and demonyms[0].name == "Chechnya"


def test_a_person_s_full_name_before_a_park_names_the_park_not_a_town(extract: ExtractFn) -> None:
    found = places(extract, "A missile hit the lawn of Taras Shevchenko Park in Kyiv.")
    assert set(found) == {"Kyiv"}


def test_a_town_spelt_otherwise_elsewhere_yields_to_the_region_the_text_names(extract: ExtractFn) -> None:
    found = places(extract, "Troops dug trenches in Reshetilovka, Luhansk region, last month.")
    assert found["Reshetilovka"].name == "Luhansk Oblast"


def test_a_region_s_short_name_after_an_unknown_village_is_that_region(extract: ExtractFn) -> None:
    found = places(extract, "A stranger slashed the tyres of a teacher's van in Horodyshchivka, Volyn. Nobody saw him.")
    assert found["Volyn"].name == "Volyn Oblast"


def test_a_region_s_other_spelling_without_its_generic_word_names_it(extract: ExtractFn) -> None:
    found = places(extract, "A shed burned behind a farm in Zarichchivka, Kiev, on Saturday.")
    assert found["Kiev"].name == "Kyiv Oblast"


def test_a_city_qualified_by_its_own_namesake_region_stays_the_city() -> None:
    assert rank_candidates("Kyiv", qualifier="Kyiv", qualifier_kind="admin1")[0].feature == "city"


def test_a_place_before_a_generic_word_and_a_facility_word_stays_a_place(extract: ExtractFn) -> None:
    found = places(extract, "Hikers were rescued in Zion National Park on Sunday.")
    assert "Zion" in found


@pytest.mark.parametrize(
    "text",
    [
        "A youth set a bus alight in Lozova, Kharkiv, early on Monday.",
        "Troops hauled harvesters out of Lozova (Kharkiv) to the border.",
    ],
)
def test_a_region_s_short_name_after_a_town_in_it_is_that_region(extract: ExtractFn, text: str) -> None:
    found = places(extract, text)
    assert found["Lozova"].admin1 == "Kharkiv Oblast"
    region = next(place for span, place in found.items() if span.startswith("Kharkiv"))
    assert region.name == "Kharkiv Oblast" and region.feature == "admin1"


def test_a_country_after_a_town_stays_the_country(extract: ExtractFn) -> None:
    found = places(extract, "Drones struck a depot in Chuhuiv, Ukraine, on Friday.")
    assert found["Ukraine"].feature == "country"


def test_a_town_the_tagger_calls_a_person_is_a_place_before_its_region_in_brackets(extract: ExtractFn) -> None:
    found = places(extract, "Occupiers moved stolen harvesters from Melitopol (Zaporizhia) into Crimea.")
    assert found["Melitopol"].name == "Melitopol" and found["Melitopol"].admin1 == "Zaporizhzhia Oblast"


@pytest.mark.parametrize(
    ("text", "end"),
    [("Drones struck Odesa.", "Odesa"), ("Shelling closed the Kherson-Mykolaiv road.", "Kherson"), ("The unit left Paducah, Ky.", "Ky.")],
)
def test_a_place_s_span_ends_at_its_name_not_at_the_punctuation_after_it(extract: ExtractFn, text: str, end: str) -> None:
    found = places(extract, text)
    assert end in found
    assert all(span == "Ky." or span[-1].isalpha() for span in found)


@pytest.mark.parametrize(
    "text",
    [
        "Crates of shells arrived by Train on Sunday.",
        "Arty pounds a trench line.",
        "The Mentor school board met on Monday.",
        "Firefighters said Rugby residents heard the blast. A rugby match was called off.",
    ],
)
def test_a_capitalised_ordinary_word_is_no_town_without_place_context(extract: ExtractFn, text: str) -> None:
    assert places(extract, text) == {}


@pytest.mark.parametrize(
    "text",
    ["SAM fragments fell on a yard.", "Witnesses saw a Molotov hit the patrol car.", "Crews filmed an Osa battery rolling past Kupiansk."],
)
def test_a_weapon_s_name_or_an_abbreviation_is_no_town_without_place_context(extract: ExtractFn, text: str) -> None:
    found = places(extract, text)
    assert not {"SAM", "Molotov", "Osa"} & found.keys()
    assert all(place.country_code == "UA" for place in found.values())


def test_a_weapon_s_name_placed_by_the_text_is_the_town(extract: ExtractFn) -> None:
    found = places(extract, "Shelling was reported in Osa, Perm Krai.")
    assert found["Osa"].admin1 == "Perm Krai"


def test_an_ordinary_word_placed_once_is_a_place_at_every_mention(extract: ExtractFn) -> None:
    extraction = extract("Osa was quiet on Monday. Later, shells fell near Osa.", components=("places",))
    spans = [m.span.text for m in extraction.mentions if m.kind == "place"]
    assert spans == ["Osa", "Osa"]


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Crews from Plano, Prosper and Frisco responded.", "Prosper", "Texas"),
        ("The Mentor school board met on Monday. Cleveland officials attended.", "Mentor", "Ohio"),
        ("The Mentor school board met on Monday. Ohio officials attended.", "Mentor", "Ohio"),
    ],
)
def test_an_ordinary_word_listed_with_or_near_the_document_s_places_stays_a_place(
    extract: ExtractFn, text: str, name: str, admin1: str
) -> None:
    assert places(extract, text)[name].admin1 == admin1


def test_an_ordinary_word_listed_with_places_far_from_its_namesake_stays_a_place(extract: ExtractFn) -> None:
    assert places(extract, "Aid convoys reached Kyiv, Prosper and Lviv.")["Prosper"].admin1 == "Texas"


@pytest.mark.parametrize(("text", "name"), [("Shanghai traders reacted calmly.", "Shanghai"), ("Japan pledged aid.", "Japan")])
def test_a_large_city_or_a_country_named_like_an_ordinary_word_stays_a_place(extract: ExtractFn, text: str, name: str) -> None:
    assert name in places(extract, text)


def test_a_city_named_like_an_ordinary_word_the_tagger_calls_a_place_may_be_smaller(extract: ExtractFn) -> None:
    assert places(extract, "The mayor of Mobile resigned on Monday.")["Mobile"].admin1 == "Alabama"


def test_a_town_named_like_a_person_in_the_story_is_a_place_after_a_locative_preposition(extract: ExtractFn) -> None:
    found = places(extract, "Coach Ann Tifton spoke on Monday. The fair opens in Tifton next week.")
    assert found["Tifton"].admin1 == "Georgia"


@given(
    word=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10),
    before=st.sampled_from(["", "A ", "the "]),
    after=st.sampled_from(["", " was dug.", ", then"]),
)
def test_a_word_written_in_lower_case_elsewhere_is_found_only_as_a_word_of_its_own(word: str, before: str, after: str) -> None:
    name = word.capitalize()
    assert used_in_lower_case(name, f"{name} said. {before}{word}{after}")
    assert not used_in_lower_case(name, f"{name}: {word}.gov/{word}x @{word}")


def test_a_country_after_a_town_and_its_region_leaves_the_region_qualifying_the_town(extract: ExtractFn) -> None:
    # The gazetteer knows Vilshany villages elsewhere only: the best guess is the region named.
    found = places(extract, "A shop burned down in Vilshany, Sumy Oblast, Ukraine.")
    assert found["Vilshany"].admin1 == "Sumy Oblast"
    listed = places(extract, "Missiles hit Kyiv, Kharkiv region, Ukraine.")
    assert listed["Kyiv"].feature == "city" and listed["Kyiv"].admin1 == "Kyiv City"


def test_a_name_after_a_saint_s_or_ruler_s_title_is_the_person_s(extract: ExtractFn) -> None:
    found = places(extract, "Vandals daubed paint on King Albert's statue in Lutsk.")
    assert "Albert" not in found and found["Lutsk"].admin1 == "Volyn Oblast"
    assert places(extract, "Fans gathered in St Louis on Sunday.")["St Louis"].admin1 == "Missouri"


@pytest.mark.parametrize(
    "text",
    [
        "A rocket damaged a clinic in the town of Brovary on Friday.",
        "Drones targeted the town of Brovary before dawn.",
        "Rescuers searched the rubble in the city of Brovary.",
    ],
)
def test_the_name_after_the_town_of_is_the_place_whatever_the_tagger_calls_it(extract: ExtractFn, text: str) -> None:
    found = places(extract, text)
    assert found.keys() == {"Brovary"}
    assert found["Brovary"].feature == "city" and found["Brovary"].admin1 == "Kyiv Oblast"


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Artillery pounded the settlement of Chuhuiv overnight.", "Chuhuiv", "Kharkiv Oblast"),
        ("Shells fell on the village of Fastiv.", "Fastiv", "Kyiv Oblast"),
        ("Two barges burned in the port of Izmail.", "Izmail", "Odesa Oblast"),
        ("Mines were cleared from fields in the hamlet of Hlukhiv.", "Hlukhiv", "Sumy Oblast"),
    ],
)
def test_a_settlement_noun_and_of_make_the_name_after_them_a_place(extract: ExtractFn, text: str, name: str, admin1: str) -> None:
    found = places(extract, text)
    assert found.keys() == {name}
    assert found[name].admin1 == admin1


@pytest.mark.parametrize("text", ["Town of Brovary officials met.", "City of Brovary workers repaired roofs."])
def test_the_name_after_a_capitalised_town_of_is_the_place_not_the_noun(extract: ExtractFn, text: str) -> None:
    found = places(extract, text)
    assert found.keys() == {"Brovary"} and found["Brovary"].admin1 == "Kyiv Oblast"


def test_a_region_s_short_name_after_the_oblast_of_is_the_region(extract: ExtractFn) -> None:
    found = places(extract, "Sirens sounded in the oblast of Volyn.")
    assert found["Volyn"].name == "Volyn Oblast" and found["Volyn"].feature == "admin1"


def test_a_town_named_like_a_person_in_the_story_is_a_place_after_the_town_of(extract: ExtractFn) -> None:
    text = "Teacher Olena Brovary said that sirens sounded twice in the town of Brovary."
    extraction = extract(text, components=("places",))
    (mention,) = [m for m in extraction.mentions if m.kind == "place"]
    assert mention.span.start == text.rindex("Brovary") and mention.value.name == "Brovary"


def test_a_name_the_gazetteer_lacks_after_the_village_of_is_no_place(extract: ExtractFn) -> None:
    assert places(extract, "Sappers reached the village of Qwertyvka at noon.") == {}


@pytest.mark.parametrize("text", ["Drones struck Brovary.", "Artillery pounded Brovary.", "Russia bombed Brovary on Monday."])
def test_a_sizeable_town_a_strike_hits_is_a_place_whatever_the_tagger_calls_it(extract: ExtractFn, text: str) -> None:
    assert places(extract, text)["Brovary"].admin1 == "Kyiv Oblast"


def test_a_surname_someone_attacked_stays_a_person(extract: ExtractFn) -> None:
    assert places(extract, "The gunman attacked Jackson.") == {}


@pytest.mark.parametrize(
    "text", ["Brovary was shelled overnight.", "Brovary was hit by drones.", "Brovary was struck by missiles on Monday."]
)
def test_a_sizeable_town_a_strike_hits_in_the_passive_is_a_place_whatever_the_tagger_calls_it(
    extract: ExtractFn, text: str
) -> None:
    assert places(extract, text)["Brovary"].admin1 == "Kyiv Oblast"


@pytest.mark.parametrize(
    "text", ["Russian forces shelled Brovary overnight.", "Russian forces repeatedly shelled Brovary overnight."]
)
def test_a_struck_town_the_tagger_calls_an_adjective_is_a_place(extract: ExtractFn, text: str) -> None:
    assert places(extract, text)["Brovary"].admin1 == "Kyiv Oblast"


def test_a_struck_word_capitalised_only_as_a_sentence_s_first_is_no_name(extract: ExtractFn) -> None:
    assert places(extract, "Most were shelled as they fled.") == {}


def test_a_namesake_of_a_city_hit_by_a_car_stays_a_person(extract: ExtractFn) -> None:
    assert places(extract, "Jackson was hit by a car.") == {}


@pytest.mark.parametrize(
    ("text", "name", "region"),
    [
        ("Sirens sounded across the province of Zhytomyr.", "Zhytomyr", "Zhytomyr Oblast"),
        ("Shelling continued in the region of Kharkiv.", "Kharkiv", "Kharkiv Oblast"),
        ("The region of Donetsk saw heavy fighting.", "Donetsk", "Donetsk Oblast"),
        ("Drones hit the Russian region of Belgorod.", "Belgorod", "Belgorod Oblast"),
        ("Voters in the state of Washington went to the polls.", "Washington", "Washington"),
    ],
)
def test_a_region_s_short_name_after_a_region_noun_and_of_is_the_region_not_its_city(
    extract: ExtractFn, text: str, name: str, region: str
) -> None:
    found = places(extract, text)
    assert found[name].feature == "admin1" and found[name].name == region


def test_the_city_and_the_region_of_one_name_are_told_apart(extract: ExtractFn) -> None:
    found = [
        (m.value.name, m.value.feature)
        for m in extract("Officials of the city of Kharkiv and the region of Kharkiv met.", components=("places",)).mentions
        if m.kind == "place"
    ]
    assert found == [("Kharkiv", "city"), ("Kharkiv Oblast", "admin1")]


@pytest.mark.parametrize("text", ["Troops entered the Adjara region of Georgia.", "Troops entered the region of Georgia."])
def test_a_country_after_a_region_noun_and_of_stays_the_country(extract: ExtractFn, text: str) -> None:
    found = places(extract, text)
    assert found["Georgia"].feature == "country" and found["Georgia"].country_code == "GE"
