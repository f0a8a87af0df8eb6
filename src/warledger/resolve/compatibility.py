"""Whether two report events can describe one real-world event: the hard vetoes of resolution.

Two report events are *compatible* when:

- same type, and both single strikes or both aggregates ("about 50 times since 2022" never merges
  with one strike; it is linked to the strikes it includes instead);
- actors: for each role both name, the same actor id or actors of the same country ("Russia" and
  "the Russian armed forces");
- weapons: the same system, or one side generic ("a missile" fits "an Iskander-M");
- places at their precision: the same place, a place inside the other's oblast or country, or two
  points within :data:`NEAR_KM` (a city and a village on its edge);
- numbers as intervals: "3" is [3, 3], "at least 3" [3, ∞), "more than 3" [4, ∞), "fewer than
  3" [0, 2], "up to / at most 3" [0, 3], a range its bounds, and "about x" x ± :data:`ABOUT_BAND`;
- dates at their precision: the calendar intervals overlap once widened by :data:`DATE_SLACK`
  ("overnight" against the calendar day; a report dated the day after). An undated event is dated
  by its report: the report day and the day before.

Event merging (:mod:`warledger.resolve.events`), aggregate linking
(:mod:`warledger.resolve.aggregates`) and the claims (:mod:`warledger.resolve.claims`) share them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from functools import cached_property
from datetime import date, timedelta

from warledger.model import Actor, Event, EventField, Place, Quantity, Qualifier, TimeValue, Weapon
from warledger.resolve.similarity import Profile

# The ACLED scorer's radius: a strike on a city's outskirts, reported as the city, stays one event.
NEAR_KM = 25.0
# "Overnight" spans two calendar days and a report is often dated the day after the event.
DATE_SLACK = timedelta(days=1)
ACTOR_ROLES = ("attacker", "target", "supplier", "recipient", "invader", "invaded", "speaker", "accused")
# A statement, accusation or denial is one only when said by the same speaker about the same thing.
SPEECH_ROLES = ("speaker", "content")
COMPARED_ROLES = frozenset((*SPEECH_ROLES, *ACTOR_ROLES, "weapon", "place"))
BROAD_FEATURES = {"admin1": 1, "region": 2, "country": 3}
# "About x" allows x ± 10 % (at least 1): "about 50" is [45, 55].
ABOUT_BAND = 0.1


@dataclass(frozen=True)
class Candidate:
    """A report event ready to be merged: the event, its identity, report date and profile."""

    event: Event
    identity: str
    report_date: date | None
    profile: Profile

    @cached_property
    def span(self) -> tuple[date, date] | None:
        """The event's calendar interval, else its report day and the day before (computed once)."""
        return date_interval(self.event, self.report_date)

    @cached_property
    def signature(self) -> Hashable:
        """Everything :func:`compatible` reads and the profile but for its key: candidates of one
        signature are copies, compatible with and as similar to exactly the same candidates."""
        event = self.event
        values = tuple(
            (f.role, repr(f.typed) if f.typed is not None else f.value.casefold())
            for f in event.fields
            if f.role in COMPARED_ROLES
        )
        return event.type, event.aggregate, self.span, values, replace(self.profile, key="")


def compatible(a: Candidate, b: Candidate) -> bool:
    """Whether two report events may describe the same real-world event."""
    first, second = a.event, b.event
    if first.type is not second.type or first.aggregate != second.aggregate:
        return False
    # Dates first: the cheaper test, and the one most pairs of a large component fail.
    return dates_compatible(a.span, b.span) and arguments_compatible(first, second)


def arguments_compatible(first: Event, second: Event) -> bool:
    """Whether the actors, speakers, weapons and places of two events can be the same ones."""
    for role in SPEECH_ROLES:
        if not _any_pair(first.values(role), second.values(role), lambda a, b: a == b):
            return False
    for role in ACTOR_ROLES:
        if not _any_pair(first.values(role), second.values(role), actors_compatible):
            return False
    if not _any_pair(first.values("weapon"), second.values("weapon"), weapons_compatible):
        return False
    return _any_pair(first.values("place"), second.values("place"), places_compatible)


def _any_pair(first: list[EventField], second: list[EventField], test: Callable[[object, object], bool]) -> bool:
    """True when either side lacks the role, or some pair of values (typed where known) passes ``test``."""
    left = [f.typed if f.typed is not None else f.value.casefold() for f in first]
    right = [f.typed if f.typed is not None else f.value.casefold() for f in second]
    if not left or not right:
        return True
    return any(test(x, y) for x in left for y in right)


def actors_compatible(a: object, b: object) -> bool:
    """The same actor, or two actors of one country."""
    if not isinstance(a, Actor) or not isinstance(b, Actor):
        return True
    return a.id == b.id or (a.country is not None and a.country == b.country)


def weapons_compatible(a: object, b: object) -> bool:
    """The same weapon system, or one side only a generic class."""
    if not isinstance(a, Weapon) or not isinstance(b, Weapon):
        return True
    return a.id == b.id or a.generic or b.generic


def places_compatible(a: object, b: object) -> bool:
    """The same place, one inside the other's oblast or country, or two points within NEAR_KM."""
    if not isinstance(a, Place) or not isinstance(b, Place):
        return True
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    broad, narrow = sorted((a, b), key=lambda p: -BROAD_FEATURES.get(p.feature, 0))
    if broad.feature == "country":
        return True
    if broad.feature in BROAD_FEATURES and broad.admin1 and broad.admin1 == narrow.admin1:
        return True
    if a.feature in BROAD_FEATURES or b.feature in BROAD_FEATURES:
        return False
    return distance_km(a, b) <= NEAR_KM


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def date_interval(event: Event, report_date: date | None) -> tuple[date, date] | None:
    """The calendar interval of the event's date, else its report day and the day before."""
    for f in event.values("date"):
        typed = f.typed
        if isinstance(typed, TimeValue) and (typed.start or typed.end):
            start = typed.start or typed.end
            end = typed.end or typed.start
            assert start is not None and end is not None
            return start, end
    if report_date is not None:
        return shifted(report_date, -timedelta(days=1)), report_date
    return None


def shifted(day: date, delta: timedelta) -> date:
    """``day + delta``, clamped to the calendar (``date.min`` .. ``date.max``) instead of overflowing."""
    try:
        return day + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


def dates_compatible(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    """Whether two intervals overlap once widened by DATE_SLACK (unknown dates fit anything)."""
    if a is None or b is None:
        return True
    return shifted(a[0], -DATE_SLACK) <= b[1] and shifted(b[0], -DATE_SLACK) <= a[1]


def interval(quantity: Quantity) -> tuple[float, float]:
    """The interval of true numbers a reported quantity allows (see the module docstring)."""
    value = quantity.value if quantity.value is not None else (quantity.low or 0.0)
    q = quantity.qualifier
    if q is Qualifier.RANGE:
        return (quantity.low if quantity.low is not None else value, quantity.high if quantity.high is not None else value)
    if q is Qualifier.APPROXIMATELY:
        band = max(1.0, abs(value) * ABOUT_BAND)
        return value - band, value + band
    if q is Qualifier.AT_LEAST:
        return value, math.inf
    if q is Qualifier.MORE_THAN:
        return value + 1, math.inf
    if q is Qualifier.FEWER_THAN:
        return 0.0, value - 1
    if q in (Qualifier.AT_MOST, Qualifier.UP_TO):
        return 0.0, value
    return value, value
