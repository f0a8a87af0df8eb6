"""ACLED scoring: region spellings, distances, dates, actor names and the main event, then a tiny set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.errors import EvaluationError
from warledger.evaluate import evaluate
from warledger.evaluate.acled import FIGURES, CodedEvent, score_event
from warledger.evaluate.coded import (
    ActorNames,
    Reading,
    Scorecard,
    admin1_key,
    date_matches,
    main_event,
    parse_day,
    read_extraction,
    read_rows,
    same_admin1,
    within_km,
)
from warledger.model import (
    Actor,
    Document,
    Event,
    EventField,
    EventType,
    Extraction,
    Modality,
    Place,
    Precision,
    Span,
    TimeValue,
)

RUSSIAN_FORCES = Actor("RU.armed_forces", "Russia", "armed_forces", "RU")
UKRAINIAN_FORCES = Actor("UA.armed_forces", "Ukraine", "armed_forces", "UA")
CIVILIANS = Actor("civilians", "civilians", "civilians")
KHARKIV = Place("Kharkiv", 706483, 49.98081, 36.25272, "Kharkiv Oblast", "Ukraine", "UA", "city")
UKRAINE = Place("Ukraine", 690791, 49.0, 32.0, None, "Ukraine", "UA", "country")
HEADER = "event_id_cnty,event_date,actor1,actor2,admin1,latitude,longitude,notes\n"


def span(start: int = 0, end: int = 4) -> Span:
    return Span("doc", 0, start, end, "x" * (end - start))


def event(
    kind: EventType,
    sentence: int = 0,
    start: int = 0,
    modality: Modality = Modality.ASSERTED,
    fields: tuple[EventField, ...] = (),
) -> Event:
    return Event(f"doc:e{start}", "doc", kind, modality, sentence, span(start, start + 4), list(fields))


def day(text: str) -> TimeValue:
    d = date.fromisoformat(text)
    return TimeValue(text, "DATE", Precision.DAY, d, d)


@pytest.mark.parametrize(
    ("ours", "coded", "same"),
    [
        ("Kharkiv Oblast", "Kharkiv", True),
        ("Zaporizhzhia Oblast", "Zaporizhia", True),
        ("Odesa Oblast", "Odesa", True),
        ("Kyiv Oblast", "Kyiv", True),
        ("Kyiv City", "Kyiv City", True),
        ("Kyiv City", "Kyiv", False),
        ("Crimea", "Crimea", True),
        ("Donetsk Oblast", "Luhansk", False),
        (None, "Kharkiv", False),
        ("Kharkiv Oblast", "", False),
    ],
)
def test_admin1_compares_regions_not_spellings(ours: str | None, coded: str, same: bool) -> None:
    assert same_admin1(ours, coded) is same


@given(st.sampled_from(["Kharkiv", "Donetsk", "Zaporizhia", "Kiev", "Odessa", "Mykolayiv"]), st.booleans())
def test_admin1_key_ignores_case_and_the_word_oblast(name: str, upper: bool) -> None:
    written = f"{name} Oblast".upper() if upper else f"{name.lower()} oblast"
    assert admin1_key(written) == admin1_key(name)


def test_within_25km_of_the_coded_point() -> None:
    # a tenth of a degree of latitude is about 11 km
    assert within_km(KHARKIV, KHARKIV.lat + 0.2, KHARKIV.lon)
    assert not within_km(KHARKIV, KHARKIV.lat + 0.25, KHARKIV.lon)
    assert not within_km(None, KHARKIV.lat, KHARKIV.lon)
    assert not within_km(KHARKIV, None, None)


def test_a_date_matches_the_day_it_denotes_or_contains() -> None:
    march = TimeValue("2022-03", "DATE", Precision.MONTH, date(2022, 3, 1), date(2022, 3, 31))
    assert date_matches(day("2022-03-05"), date(2022, 3, 5))
    assert not date_matches(day("2022-03-05"), date(2022, 3, 6))
    assert date_matches(march, date(2022, 3, 17))
    assert not date_matches(march, date(2022, 4, 1))
    assert not date_matches(TimeValue("P3D", "DURATION"), date(2022, 3, 5))
    assert not date_matches(None, date(2022, 3, 5))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_coded_days_read_iso_and_day_first(d: date) -> None:
    assert parse_day(d.isoformat()) == d
    assert parse_day(d.strftime("%d/%m/%Y")) == d


def test_forces_take_the_acled_name_of_their_period() -> None:
    names = ActorNames.load("acled")
    assert names.matches(UKRAINIAN_FORCES, "Military Forces of Ukraine (2014-2019)", date(2018, 1, 1))
    assert not names.matches(UKRAINIAN_FORCES, "Military Forces of Ukraine (2019-)", date(2018, 1, 1))
    assert names.matches(UKRAINIAN_FORCES, "Military Forces of Ukraine (2019-)", date(2022, 6, 5))
    assert names.matches(RUSSIAN_FORCES, "Military Forces of Russia (2000-)", date(2024, 1, 1))


def test_a_coded_branch_matches_its_force_but_not_a_longer_name() -> None:
    names = ActorNames.load("acled")
    assert names.matches(RUSSIAN_FORCES, "Military Forces of Russia (2000-) Air Force", date(2022, 6, 5))
    assert not names.matches(RUSSIAN_FORCES, "Military Forces of Ukraine (2019-)", date(2022, 6, 5))
    assert not names.matches(None, "Military Forces of Russia (2000-)", date(2022, 6, 5))


def test_civilians_and_unknown_perpetrators_are_named_by_country() -> None:
    names = ActorNames.load("acled")
    assert names.matches(CIVILIANS, "Civilians (Ukraine)", date(2022, 6, 5), "Ukraine")
    assert not names.matches(CIVILIANS, "Civilians (Ukraine)", date(2022, 6, 5), None)
    assert names.unidentified_name("Ukraine") == "Unidentified Armed Group (Ukraine)"
    assert names.unidentified_name(None) is None


@pytest.mark.parametrize("org", ["org.osce", "org.icrc", "org.ohchr"])
def test_an_international_missions_staff_and_property_are_international_civilians(org: str) -> None:
    mission = Actor(org, org, "organisation")
    assert ActorNames.load("acled").matches(mission, "Civilians (International)", date(2019, 8, 19), "Ukraine")


def test_the_main_event_is_an_occurrence_before_a_claim() -> None:
    statement = event(EventType.STATEMENT, start=0)
    attack = event(EventType.ATTACK, sentence=1, start=40)
    assert main_event([statement, attack]) is attack
    assert main_event([]) is None


def test_the_main_event_is_asserted_then_earliest_then_fullest() -> None:
    denied = event(EventType.ATTACK, start=0, modality=Modality.DENIED)
    later = event(EventType.ATTACK, sentence=1, start=50)
    assert main_event([denied, later]) is later
    place = EventField("place", "Kharkiv", span(10, 17), KHARKIV)
    bare = event(EventType.ATTACK, start=0)
    fuller = event(EventType.ATTACK, start=20, fields=(place,))
    assert main_event([bare, fuller]) is fuller
    assert main_event([later, bare]) is bare


def coded(actor1: str, actor2: str = "Civilians (Ukraine)") -> CodedEvent:
    return CodedEvent("note", date(2022, 6, 5), actor1, actor2, "Kharkiv", KHARKIV.lat, KHARKIV.lon)


def test_an_event_without_an_attacker_is_an_unidentified_armed_group() -> None:
    card = Scorecard()
    names = ActorNames.load("acled")
    reading = Reading(event(EventType.ATTACK), KHARKIV, day("2022-06-05"), second=CIVILIANS)
    score_event(card, coded("Unidentified Armed Group (Ukraine)"), reading, names)
    score_event(card, coded("Military Forces of Russia (2000-)"), reading, names)
    score_event(card, coded("Unidentified Armed Group (Ukraine)"), Reading(None, KHARKIV), names)
    counts = card.counts()
    assert counts["actor1"] == {"hits": 1, "rows": 3}
    assert counts["actor1_unidentified"] == {"hits": 1, "rows": 3}
    assert counts["actor2"] == {"hits": 2, "rows": 3}


def test_the_owner_of_the_property_hit_is_the_second_side_when_no_side_was_hit() -> None:
    owner = EventField("owner", "civilians", span(10, 14), CIVILIANS)
    looting = event(EventType.ATTACK, fields=(EventField("attacker", "Russia", span(0, 7), RUSSIAN_FORCES), owner))
    reading = read_extraction(Extraction(Document.create("Russian forces looted homes."), events=[looting]))
    assert reading.first == RUSSIAN_FORCES and reading.second == CIVILIANS
    hit = EventField("target", "Ukraine", span(20, 27), UKRAINIAN_FORCES)
    both = event(EventType.ATTACK, fields=(owner, hit))
    assert read_extraction(Extraction(Document.create("x"), events=[both])).second == UKRAINIAN_FORCES


def test_a_claim_alone_is_not_the_coded_event_and_its_speaker_no_side() -> None:
    speaker = EventField("speaker", "Ukraine", span(0, 7), UKRAINIAN_FORCES)
    statement = event(EventType.STATEMENT, fields=(speaker,))
    reading = read_extraction(Extraction(Document.create("Ukraine said so."), events=[statement]))
    assert reading.event is statement and not reading.occurred
    assert reading.first is None and reading.actors == ()
    card = Scorecard()
    score_event(card, coded("Unidentified Armed Group (Ukraine)"), Reading(statement, KHARKIV), ActorNames.load("acled"))
    assert card.counts()["detected"] == card.counts()["actor1"] == {"hits": 0, "rows": 1}


def test_every_row_counts_and_a_country_is_no_region() -> None:
    card = Scorecard()
    names = ActorNames.load("acled")
    found = Reading(event(EventType.ATTACK), KHARKIV, day("2022-06-05"), first=RUSSIAN_FORCES, second=CIVILIANS)
    vague = Reading(event(EventType.ATTACK), UKRAINE, day("2022-06-04"), first=RUSSIAN_FORCES)
    score_event(card, coded("Military Forces of Russia (2000-)"), found, names)
    score_event(card, coded("Military Forces of Russia (2000-)"), vague, names)
    score_event(card, coded("Military Forces of Russia (2000-)"), Reading(None), names)
    assert card.figures(FIGURES) == {
        "detected": round(2 / 3, 4),
        "actor1": round(2 / 3, 4),
        "actor2": round(1 / 3, 4),
        "admin1": round(1 / 3, 4),
        "within_25km": round(1 / 3, 4),
        "date": round(1 / 3, 4),
    }


def test_a_file_without_the_coded_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text("event_date,notes\n2022-06-05,Some note.\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="missing columns"):
        read_rows(path, ("event_date", "actor1", "notes"))


def test_a_tiny_set_is_read_and_scored_by_the_ingest_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(
        HEADER
        + 'T1,2022-05-03,Military Forces of Russia (2000-),Civilians (Ukraine),Kharkiv,49.9808,36.2527,'
        + '"Property destruction: On 3 May 2022, Russian forces shelled a school in Kharkiv."\n'
        + 'T2,2023-01-11,Military Forces of Ukraine (2019-),Military Forces of Russia (2000-),Odesa,46.4857,30.7438,'
        + '"Interception: On 11 January 2023, Ukrainian forces shot down two Russian drones over Odesa."\n',
        encoding="utf-8",
    )
    report = evaluate("acled", path, limit=1).as_json()
    assert report["documents"] == 1
    assert {key: report[key] for key in FIGURES} == {key: 1.0 for key in FIGURES}
    full = evaluate("acled", path).as_json()
    assert full["documents"] == 2
    assert all(0.0 <= full[key] <= 1.0 for key in FIGURES)
    assert full["counts"]["detected"]["rows"] == 2

