"""CIR monitor scoring: province spellings, coded weapons, categories as event types, then a tiny set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from warledger.evaluate import evaluate
from warledger.evaluate.cir import FIGURES, CodedItem, coded_weapon_ids, group_type, score_item
from warledger.evaluate.coded import Reading, Scorecard, same_admin1
from warledger.extract.weapons import weapon_for
from warledger.model import Event, EventType, Modality, Place, Span, Weapon

KHARKIV = Place("Kharkiv", 706483, 49.98081, 36.25272, "Kharkiv Oblast", "Ukraine", "UA", "city")
BELARUS = Place("Belarus", 630336, 53.0, 28.0, None, "Belarus", "BY", "country")
ATTACK = Event("d:e1", "d", EventType.ATTACK, Modality.ASSERTED, 0, Span("d", 0, 0, 6, "struck"))
INVASION = Event("d:e1", "d", EventType.INVASION, Modality.ASSERTED, 0, Span("d", 0, 0, 7, "invaded"))
HEADER = "entry,date,event_group,title,lat,lon,country,province,town/city,arms/munition\n"


def weapon_id(name: str) -> str:
    weapon = weapon_for(name)
    assert weapon is not None
    return weapon.id


@pytest.mark.parametrize(
    ("ours", "coded"),
    [
        ("Kharkiv Oblast", "Kharkivs'ka oblast"),
        ("Kharkiv Oblast", "Charkov Oblast"),
        ("Zaporizhzhia Oblast", "Zaporizja Oblast"),
        ("Zaporizhzhia Oblast", "Zaporizhia oblast"),
        ("Chernihiv Oblast", "Tsjernihiv Oblast"),
        ("Donetsk Oblast", "Oblast Donetsk"),
        ("Mykolaiv Oblast", "Mykolaivs'ka oblast"),
        ("Kyiv Oblast", "Kiev Oblast"),
        ("Belgorod Oblast", "Belogorod Oblast"),
        ("Gomel Region", "Gomel"),
    ],
)
def test_a_province_is_the_region_however_it_is_spelled(ours: str, coded: str) -> None:
    assert same_admin1(ours, coded)


def test_cir_files_the_city_of_kyiv_under_kyiv_oblast() -> None:
    assert same_admin1("Kyiv City", "Kyiv Oblast", "cir")
    assert same_admin1("Sevastopol", "Crimea", "cir")
    assert not same_admin1("Kyiv City", "Kyiv Oblast")


def test_neighbouring_provinces_stay_apart() -> None:
    assert not same_admin1("Kharkiv Oblast", "Kherson Oblast")
    assert not same_admin1("Luhansk Oblast", "Donetsk oblast")


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("Bombing or Explosion Feb - June", EventType.ATTACK),
        ("Civilian Infrastructure Damage March 2022", EventType.ATTACK),
        ("Russian Military Losses July - Now", EventType.ATTACK),
        ("Civilian Casualty", EventType.ATTACK),
        ("Russian Military Presence April 2022", None),
        ("Other", None),
        ("", None),
    ],
)
def test_categories_map_to_event_types_whatever_their_period(group: str, expected: EventType | None) -> None:
    assert group_type(group) is expected


def test_coded_weapons_are_looked_up_item_by_item() -> None:
    assert coded_weapon_ids("9M55K Smerch") == {weapon_id("Smerch")}
    assert coded_weapon_ids("T-80BV and T-72B3") == {weapon_id("T-80"), weapon_id("T-72")}
    assert coded_weapon_ids("7x BM-27 Uragan, 5x GAZ trucks") == {weapon_id("Uragan")}
    assert coded_weapon_ids("2S19 Msta-S Self-Propelled Howitzer") == {weapon_id("Msta-S")}


def test_coded_text_naming_no_system_is_not_scored() -> None:
    assert coded_weapon_ids("missing link") == frozenset()
    assert coded_weapon_ids("various small arms and explosives") == frozenset()


def item(province: str = "Kharkiv Oblast", arms: str = "", group: str = "Bombing or Explosion Feb - June") -> CodedItem:
    return CodedItem("title", date(2022, 3, 1), group, KHARKIV.lat + 0.1, KHARKIV.lon, province, arms)


def test_a_country_is_no_coverage_and_uncovered_rows_score_no_place() -> None:
    card = Scorecard()
    score_item(card, item(), Reading(None, KHARKIV))
    score_item(card, item(), Reading(None, BELARUS))
    score_item(card, item(province=""), Reading(None, KHARKIV))
    counts = card.counts()
    assert counts["coverage"] == {"hits": 2, "rows": 3}
    assert counts["admin1"] == {"hits": 1, "rows": 1}
    assert counts["within_25km"] == {"hits": 2, "rows": 2}


def test_only_a_named_weapon_matches_the_coded_model() -> None:
    tank = weapon_for("T-72")
    generic = Weapon("generic.tank", "tank", "tank", None, True)
    assert tank is not None
    card = Scorecard()
    score_item(card, item(arms="T-72B3"), Reading(None, weapons=(generic, tank)))
    score_item(card, item(arms="T-72B3"), Reading(None, weapons=(generic,)))
    score_item(card, item(arms="missing link"), Reading(None, weapons=(tank,)))
    assert card.counts()["weapon"] == {"hits": 1, "rows": 2}


def test_type_is_scored_where_an_event_was_detected_in_a_mapped_category() -> None:
    card = Scorecard()
    score_item(card, item(), Reading(ATTACK))
    score_item(card, item(), Reading(INVASION))
    score_item(card, item(), Reading(None))
    score_item(card, item(group="Russian Military Presence May 2022"), Reading(ATTACK))
    counts = card.counts()
    assert counts["type"] == {"hits": 1, "rows": 2}
    assert counts["type_detected"] == {"hits": 2, "rows": 3}
    assert card.figures(FIGURES)["type"] == 0.5


def test_a_tiny_set_is_read_and_scored_by_the_ingest_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "cir.csv"
    path.write_text(
        HEADER
        + "X1,2022-03-14,Civilian Infrastructure Damage March 2022,"
        + "Russian forces shelled a school in Kharkiv.,49.99,36.23,Ukraine,Kharkiv Oblast,Kharkiv,\n"
        + "X2,,Russian Military Presence March 2022,Convoy of trucks seen at dawn,,,Ukraine,,,T-72B3\n",
        encoding="utf-8",
    )
    report = evaluate("cir", path).as_json()
    assert report["documents"] == 2
    assert set(FIGURES) <= report.keys()
    assert report["coverage"] == 0.5
    assert report["admin1"] == report["within_25km"] == report["type"] == 1.0
    assert report["weapon"] == 0.0
    assert report["counts"]["weapon"] == {"hits": 0, "rows": 1}
