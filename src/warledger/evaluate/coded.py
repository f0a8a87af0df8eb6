"""What the ACLED, CIR and UCDP scorers share: coded rows in, one reading of each row's text out.

Each row of a coded set pairs a short text (an ACLED note, a CIR title, UCDP headlines) with the
fields a human coded from it. The text goes through the default ingest pipeline with the row's
report date; the row's *main event* is then chosen without looking at the coded fields:
occurrences (attacks, invasions, transfers, cooperation) before claims, asserted before denied or
potential, earliest sentence first, then the event with the most fields.

A :class:`Reading` holds what is scored. The coded sets record occurrences (strikes, looting,
deaths), so participants and casualties come only from a main event that is an occurrence: a
claim's speaker is not a side, and an actor named elsewhere in the text does not say who did
what. The second side is the side hit, else the owner of the property hit (a looted house is its
civilian owners'), else the recipient. The setting (place, date) and weapons fall back to the
text's own mentions when the event lacks them, because a coded text describes one event: the most
specific place, the first day-resolved date, every named weapon.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from warledger.errors import ConfigError, EvaluationError
from warledger.evaluate import Report, share, timed
from warledger.extract.events import PLACE_SPECIFICITY
from warledger.extract.gazetteer import name_key
from warledger.extract.pipeline import Pipeline
from warledger.extract.places import haversine_km
from warledger.model import (
    Actor,
    Document,
    Event,
    EventType,
    Extraction,
    Modality,
    Place,
    Quantity,
    TimeValue,
    Weapon,
)

R = TypeVar("R")

DATA_DIR = Path(__file__).parent / "data"
NEAR_KM = 25.0
OCCURRENCES = frozenset({EventType.ATTACK, EventType.INVASION, EventType.ARMS_TRANSFER, EventType.COOPERATION})
WEAK_MODALITIES = frozenset({Modality.DENIED, Modality.POTENTIAL})
FIRST_SIDE_ROLES = ("attacker", "supplier")
SECOND_SIDE_ROLES = ("target", "owner", "recipient")
DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@cache
def load_eval_data(filename: str) -> Any:
    """Parse a YAML data file from ``evaluate/data/`` (cached; the files are read-only)."""
    path = DATA_DIR / filename
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"evaluation data file {path.name} cannot be read: {exc}") from exc


# -- reading coded files ---------------------------------------------------------------------


def read_rows(data: Path, columns: Iterable[str], limit: int | None = None) -> list[dict[str, str]]:
    """The rows of a coded CSV file (at most ``limit``), checking it has the columns scored."""
    try:
        with data.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise EvaluationError(f"{data}: not a coded set this scorer reads; missing columns {', '.join(missing)}")
            rows: list[dict[str, str]] = []
            for row in reader:
                if limit is not None and len(rows) >= limit:
                    break
                rows.append({key: (value or "").strip() for key, value in row.items() if key is not None})
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationError(f"{data}: cannot be read as CSV: {exc}") from exc
    return rows


def parse_day(text: str) -> date | None:
    """A day written ISO-style ("2022-03-01") or day first ("01/03/2022"); None if neither."""
    for layout in DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), layout).date()
        except ValueError:
            continue
    return None


def parse_number(text: str) -> float | None:
    """A coded number or coordinate ("48.0060", "12"), None when blank or not a finite number."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def extract_texts(pipeline: Pipeline, texts: Sequence[tuple[str, date | None]]) -> list[Extraction]:
    """The pipeline's extraction of each (text, report date), each distinct pair extracted once."""
    distinct = list(dict.fromkeys(texts))
    documents = (Document.create(text, date=day) for text, day in distinct)
    by_text = dict(zip(distinct, pipeline.extract_many(documents)))
    return [by_text[pair] for pair in texts]


# -- one row's reading -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What the pipeline says about one coded text: its main event and the values scored."""

    event: Event | None
    place: Place | None = None
    date: TimeValue | None = None
    first: Actor | None = None
    second: Actor | None = None
    actors: tuple[Actor, ...] = ()
    weapons: tuple[Weapon, ...] = ()
    killed: Quantity | None = None

    @property
    def occurred(self) -> bool:
        """Whether the main event is an occurrence (not only someone's claim)."""
        return self.event is not None and self.event.type in OCCURRENCES


def main_event(events: Sequence[Event]) -> Event | None:
    """The event a short coded text is about (see the module docstring for the order)."""
    if not events:
        return None
    return min(
        events,
        key=lambda e: (e.type not in OCCURRENCES, e.modality in WEAK_MODALITIES, e.sentence, -len(e.fields), e.trigger.start),
    )


def read_extraction(extraction: Extraction) -> Reading:
    """The reading of one extracted text."""
    event = main_event(extraction.events)
    place = _place(extraction, event)
    day = _date(extraction, event)
    weapons = _typed(extraction, event, "weapon", Weapon)
    if event is None or event.type not in OCCURRENCES:
        return Reading(event, place, day, weapons=weapons)
    actors = tuple(f.typed for f in event.fields if isinstance(f.typed, Actor))
    participants = [f.typed for f in event.values("participant") if isinstance(f.typed, Actor)]
    first = _side(event, FIRST_SIDE_ROLES) or (participants[0] if participants else None)
    second = _side(event, SECOND_SIDE_ROLES) or (participants[1] if len(participants) > 1 else None)
    killed = event.value("killed")
    return Reading(
        event,
        place,
        day,
        first,
        second,
        actors,
        weapons,
        killed.typed if killed is not None and isinstance(killed.typed, Quantity) else None,
    )


def _side(event: Event, roles: Sequence[str]) -> Actor | None:
    for role in roles:
        found = event.value(role)
        if found is not None and isinstance(found.typed, Actor):
            return found.typed
    return None


def _typed(extraction: Extraction, event: Event | None, kind: str, cls: type) -> tuple[Any, ...]:
    """Values of ``kind`` from the event's field of that role, else from the text's mentions."""
    own = tuple(f.typed for f in event.values(kind) if isinstance(f.typed, cls)) if event is not None else ()
    if own:
        return own
    mentioned = sorted((m for m in extraction.mentions if m.kind == kind), key=lambda m: m.span.start)
    return tuple(dict.fromkeys(m.value for m in mentioned if isinstance(m.value, cls)))


def _specificity(place: Place) -> int:
    return PLACE_SPECIFICITY.get(place.feature, PLACE_SPECIFICITY["admin2"])


def _place(extraction: Extraction, event: Event | None) -> Place | None:
    """The event's place unless the text names a more specific one."""
    own = [f.typed for f in event.values("place") if isinstance(f.typed, Place)] if event is not None else []
    ranked = sorted((*own[:1], *_typed(extraction, None, "place", Place)), key=_specificity)
    return ranked[0] if ranked else None


def _date(extraction: Extraction, event: Event | None) -> TimeValue | None:
    """The event's date, else the text's first date resolved to a calendar interval."""
    own = event.value("date") if event is not None else None
    if own is not None and isinstance(own.typed, TimeValue):
        return own.typed
    resolved = [v for v in _typed(extraction, None, "date", TimeValue) if v.timex_type == "DATE" and v.start]
    return resolved[0] if resolved else None


# -- comparisons -----------------------------------------------------------------------------


def admin1_key(name: str | None, dataset: str | None = None) -> str | None:
    """One key per first-level region, whatever the spelling ("Kharkivs'ka oblast" -> "kharkiv").

    With ``dataset``, a region that set files under a neighbouring one takes that one's key.
    """
    if not name:
        return None
    table = load_eval_data("admin1_names.yaml")
    generic = set(table["generic_words"])
    words = [w for w in name_key(name).split() if w not in generic]
    key = " ".join(words)
    key = table["aliases"].get(key, key)
    folded = table["folded"].get(dataset, {}) if dataset else {}
    return folded.get(key, key) or None


def same_admin1(ours: str | None, coded: str | None, dataset: str | None = None) -> bool:
    """Whether two names denote the same first-level region (never true for a missing name)."""
    key = admin1_key(ours, dataset)
    return key is not None and key == admin1_key(coded, dataset)


def within_km(place: Place | None, lat: float | None, lon: float | None, km: float = NEAR_KM) -> bool:
    """Whether a geocoded place lies within ``km`` of a coded point (great-circle distance)."""
    if place is None or lat is None or lon is None:
        return False
    return haversine_km(place.lat, place.lon, lat, lon) <= km


def date_matches(value: TimeValue | None, day: date) -> bool:
    """Whether a resolved date denotes the coded day (a coarser date must contain it)."""
    if value is None or value.start is None:
        return False
    return value.start <= day <= (value.end or value.start)


def quantity_number(quantity: Quantity | None) -> float | None:
    """The one number a quantity states: its value, else its lower bound, else its upper bound."""
    if quantity is None:
        return None
    for number in (quantity.value, quantity.low, quantity.high):
        if number is not None:
            return number
    return None


@dataclass(frozen=True)
class CodedName:
    """A name a coded set gives an actor, with the days it applies to when it is dated."""

    name: str
    since: date | None = None
    until: date | None = None

    def applies(self, day: date | None) -> bool:
        """Whether the name is in use on ``day`` (an undated day accepts every name)."""
        if day is None:
            return True
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class ActorNames:
    """How one coded set names warledger's actors (``actor_names.yaml``)."""

    names: dict[str, tuple[CodedName, ...]]
    civilians: str | None
    unidentified: str | None

    @classmethod
    @cache
    def load(cls, dataset: str) -> ActorNames:
        """The naming of ``dataset`` ("acled" or "ucdp")."""
        table = load_eval_data("actor_names.yaml")
        if dataset not in table:
            raise ConfigError(f"evaluation data file actor_names.yaml: no section {dataset!r}")
        section = table[dataset]
        names = {
            actor_id: tuple(CodedName(e["name"], e.get("since"), e.get("until")) for e in entries)
            for actor_id, entries in section["actors"].items()
        }
        return cls(names, section.get("civilians"), section.get("unidentified"))

    def coded_names(self, actor: Actor, day: date | None = None, country: str | None = None) -> list[str]:
        """The names the set would give ``actor`` on ``day`` in ``country`` (where it happened)."""
        if actor.kind == "civilians":
            return [self.civilians.format(country=country)] if self.civilians and (country or "{" not in self.civilians) else []
        return [n.name for n in self.names.get(actor.id, ()) if n.applies(day)]

    def matches(self, actor: Actor | None, coded: str, day: date | None = None, country: str | None = None) -> bool:
        """Whether ``actor`` is the coded actor, or the coded actor is a branch of it."""
        if actor is None or not coded:
            return False
        return any(coded == name or coded.startswith(name + " ") for name in self.coded_names(actor, day, country))

    def unidentified_name(self, country: str | None) -> str | None:
        """The name the set gives a perpetrator its sources do not identify, in ``country``."""
        if self.unidentified is None or country is None:
            return None
        return self.unidentified.format(country=country)


# -- tallying --------------------------------------------------------------------------------


@dataclass
class Scorecard:
    """Per-figure hits over the rows each figure is scored on."""

    hits: Counter[str] = field(default_factory=Counter)
    rows: Counter[str] = field(default_factory=Counter)

    def record(self, figure: str, hit: bool) -> None:
        """Score one row on ``figure``."""
        self.rows[figure] += 1
        self.hits[figure] += int(hit)

    def figures(self, names: Sequence[str]) -> dict[str, float]:
        """The share of hits of each named figure (0.0 where no row was scored)."""
        return {name: round(share(self.hits[name], self.rows[name]), 4) for name in names}

    def counts(self) -> dict[str, dict[str, int]]:
        """Hits and rows scored of every figure and diagnostic recorded."""
        return {name: {"hits": self.hits[name], "rows": self.rows[name]} for name in sorted(self.rows)}



def run_coded(
    set_name: str,
    data: Path,
    limit: int | None,
    columns: Iterable[str],
    figures: Sequence[str],
    from_row: Callable[[dict[str, str]], R],
    text_of: Callable[[R], tuple[str, date | None]],
    score_row: Callable[[Scorecard, R, Reading], None],
) -> Report:
    """Read a coded CSV, run the ingest pipeline over each row's text and score every row."""

    def body() -> tuple[int, dict[str, Any], dict[str, Any]]:
        rows = [from_row(row) for row in read_rows(data, columns, limit)]
        card = Scorecard()
        for row, extraction in zip(rows, extract_texts(Pipeline(), [text_of(r) for r in rows]), strict=True):
            score_row(card, row, read_extraction(extraction))
        return len(rows), card.figures(figures), card.counts()

    return timed(body, set_name)
