"""ACLED Ukraine events scored from their notes (see ``eval/acled/README.md``).

Each row's ``notes`` (ACLED's own one-to-three-sentence summary) is run through the ingest
pipeline and its main event read (:mod:`warledger.evaluate.coded`). The report date is the coded
``event_date``: the set carries no publication date (``timestamp`` is the row's last revision,
often years later) and every note but one states its day in full ("On 1 January 2018"), so the
report date only anchors a year-less date. The date figure never reads the report date back:
it scores only dates found in the text.

Every figure is a share of all rows:

- ``detected``: the pipeline assembled an occurrence (attack, invasion, transfer, cooperation)
  from the note; a claim alone ("according to the police, ...") is not the coded event;
- ``actor1``, ``actor2``: the occurrence's acting side (attacker, supplier) and the other side
  (target, else the owner of the property hit, else recipient) map to the coded ACLED actors (``actor_names.yaml``; a coded branch such
  as "... Air Force" matches its force). A detected occurrence with no acting side is ACLED's
  "Unidentified Armed Group (<country>)", as ACLED codes unidentified perpetrators; ``counts``
  shows how many actor1 hits that convention gave. A blank coded actor2 is matched by no
  second side;
- ``admin1``: the reading's first-level region equals the coded ``admin1`` (spellings folded,
  "Kharkiv Oblast" = "Kharkiv"; ACLED's "Kyiv City" and "Kyiv" stay apart);
- ``within_25km``: the reading's place lies within 25 km of the coded point;
- ``date``: the reading's date contains the coded ``event_date``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from warledger.errors import EvaluationError
from warledger.evaluate import Report
from warledger.evaluate.coded import (
    ActorNames,
    Reading,
    Scorecard,
    date_matches,
    parse_day,
    parse_number,
    run_coded,
    same_admin1,
    within_km,
)

SET_NAME = "acled"
COLUMNS = ("event_date", "actor1", "actor2", "admin1", "latitude", "longitude", "notes")
FIGURES = ("detected", "actor1", "actor2", "admin1", "within_25km", "date")


@dataclass(frozen=True)
class CodedEvent:
    """One ACLED row: the note and the fields scored against it."""

    notes: str
    day: date
    actor1: str
    actor2: str
    admin1: str
    lat: float | None
    lon: float | None

    @classmethod
    def from_row(cls, row: dict[str, str]) -> CodedEvent:
        """The coded event of one CSV row."""
        day = parse_day(row["event_date"])
        if day is None or not row["notes"]:
            raise EvaluationError(f"ACLED row {row.get('event_id_cnty', '?')}: no event_date or notes")
        return cls(
            row["notes"],
            day,
            row["actor1"],
            row["actor2"],
            row["admin1"],
            parse_number(row["latitude"]),
            parse_number(row["longitude"]),
        )


def score_event(card: Scorecard, coded: CodedEvent, reading: Reading, names: ActorNames) -> None:
    """Score one note's reading against its coded event."""
    detected = reading.occurred
    country = reading.place.country if reading.place is not None else None
    unidentified = detected and reading.first is None and coded.actor1 == names.unidentified_name(country)
    card.record("detected", detected)
    card.record("actor1", unidentified or names.matches(reading.first, coded.actor1, coded.day, country))
    card.record("actor1_unidentified", unidentified)
    second_blank = detected and reading.second is None and not coded.actor2
    card.record("actor2", second_blank or names.matches(reading.second, coded.actor2, coded.day, country))
    card.record("admin1", same_admin1(reading.place.admin1 if reading.place else None, coded.admin1))
    card.record("within_25km", within_km(reading.place, coded.lat, coded.lon))
    card.record("date", date_matches(reading.date, coded.day))


def run(data: Path, limit: int | None = None) -> Report:
    """Score the default ingest pipeline on an ACLED export CSV (report date = event date)."""
    names = ActorNames.load("acled")
    return run_coded(
        SET_NAME, data, limit, COLUMNS, FIGURES, CodedEvent.from_row,
        lambda e: (e.notes, e.day), lambda card, e, reading: score_event(card, e, reading, names),
    )
