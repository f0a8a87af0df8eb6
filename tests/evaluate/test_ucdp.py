"""UCDP GED scoring: headlines and report dates, dyad sides as actors, regions, deaths, then a tiny set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from warledger.evaluate import evaluate
from warledger.evaluate.coded import ActorNames, Reading, Scorecard, quantity_number, same_admin1
from warledger.evaluate.ucdp import FIGURES, CodedEvent, score_event
from warledger.model import Actor, Place, Qualifier, Quantity

UKRAINE = Actor("UA", "Ukraine", "state", "UA")
RUSSIAN_FORCES = Actor("RU.armed_forces", "Russia", "armed_forces", "RU")
DPR = Actor("org.dpr", "Donetsk People's Republic", "organisation", "UA")
CIVILIANS = Actor("civilians", "civilians", "civilians")
DONETSK = Place("Donetsk Oblast", -1, 48.0, 37.8, "Donetsk Oblast", "Ukraine", "UA", "admin1")
COLUMNS = ("side_a", "side_b", "source_date", "source_headline", "adm_1", "best", "low", "high")


def row(**values: str) -> dict[str, str]:
    return {column: values.get(column, "") for column in COLUMNS}


def test_headlines_become_lines_reported_on_the_earliest_source_date() -> None:
    coded = CodedEvent.from_row(
        row(source_headline="Shelling near the airport;Three soldiers die in night attack",
            source_date="2014-08-30;29/08/2014", side_a="Government of Ukraine", best="3")
    )
    assert coded.text == "Shelling near the airport\nThree soldiers die in night attack"
    assert coded.day == date(2014, 8, 29)
    assert coded.sides == ("Government of Ukraine",)
    assert coded.best == 3.0 and coded.low is None


def test_dyad_sides_are_named_the_ucdp_way() -> None:
    names = ActorNames.load("ucdp")
    assert names.matches(UKRAINE, "Government of Ukraine")
    assert names.matches(RUSSIAN_FORCES, "Government of Russia (Soviet Union)")
    assert names.matches(DPR, "DPR")
    assert names.matches(DPR, "United Armed Forces of Novorossiya")
    assert not names.matches(DPR, "LPR")
    assert names.matches(CIVILIANS, "Civilians")


def test_ucdp_oblast_names_compare_with_the_gazetteer_ones() -> None:
    assert same_admin1("Donetsk Oblast", "Donetsk oblast")
    assert same_admin1("Kyiv City", "Kiev Special Republican city")
    assert same_admin1("Zaporizhzhia Oblast", "Zaporizhzhya oblast")
    assert not same_admin1("Kyiv Oblast", "Kiev Special Republican city")


def test_a_stated_count_is_its_value_or_its_bound() -> None:
    assert quantity_number(Quantity(4.0, 4.0, 4.0, Qualifier.EXACT, "civilians")) == 4.0
    assert quantity_number(Quantity(None, 3.0, None, Qualifier.AT_LEAST, "soldiers")) == 3.0
    assert quantity_number(Quantity(None, None, 10.0, Qualifier.UP_TO, "people")) == 10.0
    assert quantity_number(None) is None


def coded(best: str = "4", low: str = "3", high: str = "6", adm_1: str = "Donetsk oblast") -> CodedEvent:
    return CodedEvent.from_row(
        row(side_a="Government of Ukraine", side_b="DPR", source_date="2015-01-20",
            source_headline="x", adm_1=adm_1, best=best, low=low, high=high)
    )


def test_each_side_counts_and_fields_are_scored_only_where_stated() -> None:
    names = ActorNames.load("ucdp")
    card = Scorecard()
    killed = Quantity(3.0, 3.0, 3.0, Qualifier.EXACT, "soldiers")
    score_event(card, coded(), Reading(None, DONETSK, actors=(UKRAINE, DPR), killed=killed), names)
    score_event(card, coded(best="3"), Reading(None, None, actors=(CIVILIANS,), killed=killed), names)
    score_event(card, coded(adm_1=""), Reading(None, DONETSK), names)
    counts = card.counts()
    assert counts["actors"] == {"hits": 2, "rows": 6}
    assert counts["admin1"] == {"hits": 1, "rows": 1}
    assert counts["deaths_best"] == {"hits": 1, "rows": 2}
    assert counts["deaths_in_range"] == {"hits": 2, "rows": 2}


def test_a_tiny_set_is_read_and_scored_by_the_ingest_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "ucdp.csv"
    header = ",".join(COLUMNS) + "\n"
    path.write_text(
        header
        + "Government of Russia (Soviet Union),Government of Ukraine,20/08/2022,"
        + "Russian shelling killed three Ukrainian soldiers near Avdiivka,Donetsk oblast,3,3,5\n",
        encoding="utf-8",
    )
    report = evaluate("ucdp", path).as_json()
    assert report["documents"] == 1
    assert set(FIGURES) <= report.keys()
    assert report["actors"] == 1.0
    assert report["deaths_best"] == report["deaths_in_range"] == 1.0
    assert report["counts"]["actors"] == {"hits": 2, "rows": 2}
