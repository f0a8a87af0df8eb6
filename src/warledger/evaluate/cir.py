"""CIR / Bellingcat Russia–Ukraine Monitor items scored from their titles (``eval/cir_monitor``).

Each row's ``title`` (the date written out, then a one-line description) is run through the
ingest pipeline with the coded ``date`` as the report date (blank or unreadable dates give an
undated document) and its main event read (:mod:`warledger.evaluate.coded`). Figures:

- ``coverage``: share of all rows whose reading has a place below country level;
- ``admin1``: over covered rows with a coded ``province``, the place's first-level region equals
  it (spellings and misspellings folded: "Kharkivs'ka oblast", "Charkov Oblast"; as CIR files
  the city of Kyiv under Kyiv Oblast and Sevastopol under Crimea, so does the comparison);
- ``within_25km``: over covered rows with coded coordinates, the place lies within 25 km;
- ``weapon``: over rows whose ``arms/munition`` names at least one system warledger knows
  (each listed item looked up with ``weapon_for``, whole or by its longest known run of
  words), some named (not generic) weapon of the reading is one of them;
- ``type``: over rows whose ``event_group`` maps to an event type (``cir_event_groups.yaml``)
  and where any event was assembled, the main event has that type (a claim alone, such as
  "imagery shows ...", is a statement and so a miss). ``counts`` gives the rows with a mapped
  group, with or without an event, under ``type_detected``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from warledger.evaluate import Report
from warledger.evaluate.coded import (
    Reading,
    Scorecard,
    load_eval_data,
    parse_day,
    parse_number,
    run_coded,
    same_admin1,
    within_km,
)
from warledger.extract.weapons import weapon_for
from warledger.model import EventType

SET_NAME = "cir"
COLUMNS = ("date", "event_group", "title", "lat", "lon", "province", "arms/munition")
FIGURES = ("coverage", "admin1", "within_25km", "weapon", "type")
_LIST_SEPARATORS = re.compile(r"\s*(?:[,;/+&(){}]|\band\b|\bwith\b|\bor\b)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class CodedItem:
    """One CIR row: the title and the fields scored against it."""

    title: str
    day: date | None
    group: str
    lat: float | None
    lon: float | None
    province: str
    arms: str

    @classmethod
    def from_row(cls, row: dict[str, str]) -> CodedItem:
        """The coded item of one CSV row."""
        return cls(
            row["title"],
            parse_day(row["date"]),
            row["event_group"],
            parse_number(row["lat"]),
            parse_number(row["lon"]),
            row["province"],
            row["arms/munition"],
        )


@cache
def _group_types() -> dict[str, EventType]:
    table = load_eval_data("cir_event_groups.yaml")
    return {group.casefold(): EventType(type_name) for type_name, groups in table.items() for group in groups}


def group_type(event_group: str) -> EventType | None:
    """The event type a CIR category describes ("Bombing or Explosion Feb - June" -> attack)."""
    folded = event_group.casefold()
    known = [g for g in _group_types() if folded == g or folded.startswith(g + " ")]
    return _group_types()[max(known, key=len)] if known else None


def coded_weapon_ids(arms: str) -> frozenset[str]:
    """Ids of the named systems a coded ``arms/munition`` text lists ("7x BM-27 Uragan, T-72B3")."""
    found: set[str] = set()
    for item in _LIST_SEPARATORS.split(arms):
        words = item.split()
        runs = (" ".join(words[i : i + n]) for n in range(len(words), 0, -1) for i in range(len(words) - n + 1))
        weapon = next((w for run in runs if (w := weapon_for(run)) is not None and not w.generic), None)
        if weapon is not None:
            found.add(weapon.id)
    return frozenset(found)


def score_item(card: Scorecard, coded: CodedItem, reading: Reading) -> None:
    """Score one title's reading against its coded item."""
    place = reading.place
    covered = place is not None and place.feature != "country"
    card.record("coverage", covered)
    if covered and coded.province:
        card.record("admin1", same_admin1(place.admin1 if place else None, coded.province, SET_NAME))
    if covered and coded.lat is not None and coded.lon is not None:
        card.record("within_25km", within_km(place, coded.lat, coded.lon))
    gold_weapons = coded_weapon_ids(coded.arms) if coded.arms else frozenset()
    if gold_weapons:
        card.record("weapon", any(w.id in gold_weapons for w in reading.weapons if not w.generic))
    expected = group_type(coded.group)
    if expected is not None:
        card.record("type_detected", reading.event is not None)
        if reading.event is not None:
            card.record("type", reading.event.type is expected)


def run(data: Path, limit: int | None = None) -> Report:
    """Score the default ingest pipeline on a CIR monitor CSV (report date = coded date)."""
    return run_coded(SET_NAME, data, limit, COLUMNS, FIGURES, CodedItem.from_row, lambda i: (i.title, i.day), score_item)
