"""UCDP GED Ukraine events scored from the headlines they were coded from (``eval/ucdp_ged_ukraine``).

A row's ``source_headline`` holds one or more headlines separated by ";". They become one text,
a headline per line, reported on the earliest of the row's ``source_date`` values (ISO or
day-first); the main event is read as in :mod:`warledger.evaluate.coded`. Headlines are far
thinner than the coded fields (many rows come from summary reports), so, as the set's README
advises, the place and death figures score only rows where the reading states them. There is
no target; the figures are reported:

- ``actors``: over both coded sides of every row, the share named by an actor of the main
  event when it is an occurrence (``actor_names.yaml``: "Government of Ukraine" is Ukraine or its forces, "DPR" the
  Donetsk People's Republic, "Civilians" the civilian population);
- ``admin1``: over rows with a coded ``adm_1`` whose reading has a place with a first-level
  region, the share where they are the same region;
- ``deaths_best``: over rows whose main event states a killed count, the share equal to
  ``best``; ``deaths_in_range``: the share within ``low``..``high``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from warledger.evaluate import Report
from warledger.evaluate.coded import (
    ActorNames,
    Reading,
    Scorecard,
    parse_day,
    parse_number,
    quantity_number,
    run_coded,
    same_admin1,
)

SET_NAME = "ucdp"
COLUMNS = ("side_a", "side_b", "source_date", "source_headline", "adm_1", "best", "low", "high")
FIGURES = ("actors", "admin1", "deaths_best", "deaths_in_range")


@dataclass(frozen=True)
class CodedEvent:
    """One GED row: its headlines, their report date and the fields scored against them."""

    text: str
    day: date | None
    sides: tuple[str, ...]
    adm_1: str
    best: float | None
    low: float | None
    high: float | None

    @classmethod
    def from_row(cls, row: dict[str, str]) -> CodedEvent:
        """The coded event of one CSV row."""
        headlines = [h.strip() for h in row["source_headline"].split(";") if h.strip()]
        days = [d for d in (parse_day(part) for part in row["source_date"].split(";")) if d is not None]
        return cls(
            "\n".join(headlines),
            min(days) if days else None,
            tuple(side for side in (row["side_a"], row["side_b"]) if side),
            row["adm_1"],
            parse_number(row["best"]),
            parse_number(row["low"]),
            parse_number(row["high"]),
        )


def score_event(card: Scorecard, coded: CodedEvent, reading: Reading, names: ActorNames) -> None:
    """Score one row's reading against its coded event."""
    for side in coded.sides:
        card.record("actors", any(names.matches(actor, side) for actor in reading.actors))
    region = reading.place.admin1 if reading.place is not None else None
    if coded.adm_1 and region:
        card.record("admin1", same_admin1(region, coded.adm_1))
    killed = quantity_number(reading.killed)
    if killed is not None and coded.best is not None:
        card.record("deaths_best", killed == coded.best)
        low = coded.low if coded.low is not None else coded.best
        high = coded.high if coded.high is not None else coded.best
        card.record("deaths_in_range", low <= killed <= high)


def run(data: Path, limit: int | None = None) -> Report:
    """Score the default ingest pipeline on a UCDP GED CSV (report date = source date)."""
    names = ActorNames.load("ucdp")
    return run_coded(
        SET_NAME, data, limit, COLUMNS, FIGURES, CodedEvent.from_row,
        lambda e: (e.text, e.day), lambda card, e, reading: score_event(card, e, reading, names),
    )
