"""Temporal expressions (TimeML TIMEX3) found in a report and resolved against the report date.

Candidates come from patterns built over the vocabulary in ``data/dates.yaml``; spans follow
TimeML: modifiers such as "last" or "early" are inside, prepositions ("in", "on", "since") are
outside. Relative expressions are resolved against the report date only, never the clock; without
one they keep an underspecified value ("XXXX-WXX-2", "PAST_REF") and no calendar bounds.

How underspecified expressions are placed (the choices are documented in ``data/dates.yaml``):

- a bare weekday ("on Monday") is the most recent such day on or before the report date, or the
  day after it ("Tuesday" in a Monday report, whatever the tense: the report date is often a day
  behind the story's time zone), and the next one in a future-tense clause;
- a month or month-day without a year ("in March", "on Oct. 23") is the latest one no more than
  ``future_window_days`` ahead of the report date (news looks back, but names scheduled dates a
  few months ahead), none ahead in a past-tense clause, and the next one in a future-tense clause;
  a quarter without a year is the latest one beginning no more than ``quarter_window_days`` ahead;
- "overnight" is the night ending on the report date, so the report date itself (precision day);
- "a year earlier" and "the year-ago quarter" follow the quarter the text reports on (the first
  it names), as year-on-year comparisons do; without one they are the year before the report date's;
- anaphoric dates ("that day", "the following year", "a week earlier") count from the date the
  text last named (TimeML's anchor; HeidelTime's reference time), in text order, and from the
  report date when none came before; a date named more coarsely than they need leaves the finer
  part unspecified ("in March 2022 ... that day" -> "2022-03-XX").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from functools import cache

from spacy.tokens import Doc

from warledger.errors import ConfigError
from warledger.extract.base import ExtractionContext, load_data, register
from warledger.model import Mention, Precision, TimeValue


@dataclass(frozen=True)
class FoundTimex:
    """A temporal expression located in a text: its character offsets and resolved value."""

    start: int
    end: int
    value: TimeValue


@dataclass(frozen=True)
class Anchor:
    """What a relative expression is resolved against: the report date, the clause's tense, the
    reporting period (the first quarter the text names), which year-on-year comparisons follow,
    and the date the text last named, which anaphoric dates ("that day") follow."""

    report_date: date | None
    future: bool = False
    period: TimeValue | None = None
    reference: TimeValue | None = None
    past: bool = False

    def day_named(self) -> TimeValue:
        """The day a time of day falls on: the day the text last named ("on Tuesday ... at 3 a.m."),
        else the report date."""
        if self.reference is not None and _is_day(self.reference):
            return self.reference
        return shifted_period(self, "day", 0)

    def window(self, ahead: timedelta) -> timedelta:
        """How far past the report date a yearless date may fall: not at all in a past-tense
        clause ("bought it in February"), else ``ahead`` (scheduled dates are named ahead)."""
        return timedelta(0) if self.past else ahead

    def story_date(self) -> TimeValue | None:
        """The date anaphoric expressions count from: the last one named, else the report date."""
        if self.reference is not None:
            return self.reference
        return day_value(self.report_date) if self.report_date is not None else None


def _alternation(words: object) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace.

    It is written as a trie ("a(?:pproximately|lmost)"): the regex engine then dismisses a
    position on its first letter rather than trying each phrase in turn. Two phrases can match at
    one position only if one extends the other, and the trie tries the extension first, as the
    longest-first list does. Phrases with case variants of one prefix, non-ASCII letters or
    whitespace other than spaces keep the plain list, where case-insensitive matching could let
    two branches of the trie match one letter.
    """
    phrases = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    plain = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    trie: dict[str, dict] = {}
    for phrase in phrases:
        if not phrase.isascii() or any(c.isspace() and c != " " for c in phrase):
            return plain
        node = trie
        for char in phrase:
            if any(k != char and k.lower() == char.lower() for k in node):
                return plain
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    """The regex of a trie node: its branches, optional if a phrase ends at the node (greedy, so
    the longer phrase is tried first)."""
    branches = [(r"\s+" if c == " " else re.escape(c)) + _trie_pattern(child) for c, child in node.items() if c]
    if not branches:
        return ""
    if "" in node:
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _names(words: dict[str, int]) -> str:
    """Capitalised calendar names: full names alone, abbreviations with an optional full stop
    ("June." ends a sentence; "Jun." is abbreviated)."""
    full = {max((w for w in words if words[w] == n), key=len) for n in set(words.values())}
    forms = []
    for word in sorted(words, key=len, reverse=True):
        for cased in (word.capitalize(), word.upper()):
            forms.append(re.escape(cased) + ("" if word in full else r"\.?"))
    return "|".join(forms)


def _lookup(table: dict[str, object], key: str) -> object:
    """Look up a phrase in a vocabulary table, ignoring case, whitespace and a final full stop."""
    return table[" ".join(key.lower().rstrip(".").split())]


@dataclass(frozen=True)
class Vocabulary:
    """The words of ``data/dates.yaml``, as lookup tables and regex fragments."""

    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    units: dict[str, dict[str, object]]
    numbers: dict[str, float]
    vague_counts: list[str]
    count_qualifiers: list[str]
    vague_length_prepositions: list[str]
    period_endings: list[str]
    span_units: list[str]
    span_offsets: list[str]
    latest_offsets: list[str]
    ahead_words: list[str]
    ordinal_lookalikes: list[str]
    current_year_phrases: list[str]
    current_year_prepositions: list[str]
    decade_words: dict[str, int]
    ordinals: dict[str, int]
    offsets: dict[str, int]
    deictic_days: dict[str, int]
    references: dict[str, list[str]]
    frequencies: dict[str, str]
    period_modifiers: list[str]
    ago_words: list[str]
    shift_words: dict[str, int]
    anaphors: dict[str, int]
    next_day_units: list[str]
    future_markers: list[str]
    future_openers: list[str]
    past_markers: list[str]
    plan_words: list[str]
    approximators: list[str]
    future_window: timedelta
    quarter_window: timedelta
    previous_periods: dict[str, str]
    named_periods: list[str]
    year_before: list[str]
    weekday_days_ahead: int
    time_zones: list[str]
    holidays: dict[str, dict[str, int]]

    @classmethod
    def load(cls) -> Vocabulary:
        """The vocabulary shipped with warledger."""
        data = load_data("dates.yaml")
        try:
            return cls(
                data["months"],
                data["weekdays"],
                data["seasons"],
                data["parts_of_day"],
                data["units"],
                data["number_words"],
                data["vague_counts"],
                data["count_qualifiers"],
                data["vague_length_prepositions"],
                data["period_endings"],
                data["span_units"],
                data["span_offsets"],
                data["latest_offsets"],
                data["ahead_words"],
                data["ordinal_lookalikes"],
                data["current_year_phrases"],
                data["current_year_prepositions"],
                data["decade_words"],
                data["ordinals"],
                data["relative_offsets"],
                data["deictic_days"],
                data["reference_words"],
                data["frequencies"],
                data["period_modifiers"],
                data["ago_words"],
                data["shift_words"],
                data["anaphors"],
                data["next_day_units"],
                data["future_markers"],
                data["future_openers"],
                data["past_markers"],
                data["plan_words"],
                data["approximators"],
                timedelta(days=int(data["future_window_days"])),
                timedelta(days=int(data["quarter_window_days"])),
                data["previous_periods"],
                data["named_periods"],
                data["year_before"],
                int(data["weekday_days_ahead"]),
                data["time_zones"],
                data["holidays"],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"extract data file dates.yaml lacks a valid entry: {exc}") from exc

    def count(self, word: str) -> float | None:
        """The number a count word or numeral stands for ("2 1/2", "two and a half" too); None for
        vague counts ("several")."""
        key = " ".join(word.lower().split())
        for half in (" 1/2", " and a half"):
            if key.endswith(half) and key != half.strip():
                whole = self.count(key[: -len(half)])
                return None if whole is None else whole + 0.5
        if key in self.numbers:
            return self.numbers[key]
        if re.fullmatch(r"\d+(\.\d+)?", key):
            return float(key)
        parts = re.split(r"[\s-]+", key)
        if len(parts) == 2 and all(p in self.numbers for p in parts):
            return self.numbers[parts[0]] + self.numbers[parts[1]]
        return None

    def year(self, text: str) -> int:
        """The year a numeral or spelled-out year stands for ("1996", "nineteen ninety-six")."""
        if text.isdigit():
            return int(text)
        words = text.lower().split()
        if words[0] == "nineteen":
            return 1900 + int(self.count(" ".join(words[1:])) or 0)
        rest = " ".join(words[3:])  # "two thousand and five"
        return 2000 + int(self.count(rest) or 0) if rest else 2000

    def is_full_month(self, word: str) -> bool:
        """Whether ``word`` is a month's full name ("March"), not an abbreviation ("Mar.", "Jan")."""
        key = word.lower().rstrip(".")
        month = self.months[key]
        return len(key) == max(len(name) for name, number in self.months.items() if number == month)

    def unit(self, word: str) -> str:
        """The singular unit name of "years", "Day" or "centuries"."""
        word = word.lower()
        if word in self.units:
            return word
        if word.endswith("ies"):
            return word[:-3] + "y"
        return word[:-1]


# --- calendar values -------------------------------------------------------------------------


def day_value(day: date) -> TimeValue:
    """A calendar day."""
    return TimeValue(day.isoformat(), "DATE", Precision.DAY, day, day)


def month_value(year: int, month: int) -> TimeValue:
    """A calendar month."""
    last = calendar.monthrange(year, month)[1]
    return TimeValue(
        f"{year:04d}-{month:02d}", "DATE", Precision.MONTH, date(year, month, 1), date(year, month, last)
    )


def year_value(year: int) -> TimeValue:
    """A calendar year."""
    return TimeValue(f"{year:04d}", "DATE", Precision.YEAR, date(year, 1, 1), date(year, 12, 31))


def week_value(day: date) -> TimeValue:
    """The ISO week containing ``day``."""
    iso = day.isocalendar()
    monday = day - timedelta(days=iso.weekday - 1)
    return TimeValue(
        f"{iso.year:04d}-W{iso.week:02d}", "DATE", Precision.WEEK, monday, monday + timedelta(days=6)
    )


def weekend_value(day: date) -> TimeValue:
    """The weekend of the ISO week containing ``day``."""
    week = week_value(day)
    assert week.start is not None
    return TimeValue(f"{week.value}-WE", "DATE", Precision.WEEK, week.start + timedelta(days=5), week.end)


def century_value(century: int) -> TimeValue:
    """A century, written as TimeML does with its first two digits ("19" for the 1900s)."""
    return TimeValue(
        f"{century:02d}", "DATE", Precision.CENTURY, date(max(1, century * 100), 1, 1), date(century * 100 + 99, 12, 31)
    )


def quarter_value(year: int, quarter: int) -> TimeValue:
    """A calendar quarter."""
    first = 3 * quarter - 2
    end = month_value(year, first + 2).end
    return TimeValue(f"{year:04d}-Q{quarter}", "DATE", Precision.QUARTER, date(year, first, 1), end)


SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_value(year: int, season: str) -> TimeValue:
    """A meteorological season of the northern hemisphere (winter runs into the next year)."""
    first = date(year, SEASON_MONTHS[season], 1)
    last_month = (SEASON_MONTHS[season] + 1) % 12 + 1
    last_year = year + 1 if season == "WI" else year
    end = month_value(last_year, last_month).end
    return TimeValue(f"{year:04d}-{season}", "DATE", Precision.SEASON, first, end)


def decade_value(first_year: int) -> TimeValue:
    """A decade, written as TimeML does with its first three digits ("199" for the 1990s)."""
    return TimeValue(
        f"{first_year // 10:03d}",
        "DATE",
        Precision.DECADE,
        date(first_year, 1, 1),
        date(first_year + 9, 12, 31),
    )


def years_before(period: TimeValue, years: int) -> TimeValue:
    """The same quarter ``years`` earlier ("2023-Q3" -> "2022-Q3")."""
    year, quarter = period.value.split("-Q")
    return quarter_value(int(year) - years, int(quarter))


def shift_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def unspecified(value: str, timex_type: str = "DATE") -> TimeValue:
    """A value that cannot be placed on the calendar (no report date, or a vague reference)."""
    return TimeValue(value, timex_type)


def with_part_of_day(value: TimeValue, part: str) -> TimeValue:
    """A day narrowed to a part of it ("yesterday morning" -> TIME 2024-03-17TMO)."""
    return TimeValue(f"{value.value}T{part}", "TIME", value.precision, value.start, value.end)


def nearest_weekday(anchor: Anchor, weekday: int, step: int, ahead: int = 0) -> TimeValue:
    """The weekday on or after the report date (step 1), or on or before the day ``ahead`` days
    after it (step -1)."""
    if anchor.report_date is None:
        return unspecified(f"XXXX-WXX-{weekday}")
    day = anchor.report_date + timedelta(days=ahead if step < 0 else 0)
    while day.isoweekday() != weekday:
        day += timedelta(days=step)
    return day_value(day)


def holiday_date(spec: dict[str, int], year: int) -> date:
    """The day a named day ({month, day} or {month, weekday, nth, from}) falls on in ``year``."""
    if "day" in spec:
        return date(year, spec["month"], spec["day"])
    first = date(year, spec["month"], spec.get("from", 1))
    first += timedelta(days=(spec["weekday"] - first.isoweekday()) % 7)
    return first + timedelta(weeks=spec["nth"] - 1)


def placed_year(candidate: date, now: date, future: bool, window: timedelta) -> int:
    """The year of a yearless date (given in ``now``'s year) as the text most likely means it.

    In a future-tense clause it is the next such date on or after ``now``; otherwise the latest one
    no more than ``window`` after ``now`` (reports look back, but name scheduled dates ahead).
    """
    if future:
        return candidate.year if candidate >= now else candidate.year + 1
    if candidate > now + window:
        return candidate.year - 1
    if date(candidate.year + 1, candidate.month, candidate.day) <= now + window:
        return candidate.year + 1
    return candidate.year


def nearest_month(anchor: Anchor, month: int, window: timedelta) -> TimeValue:
    """A month named without a year ("in March"), placed by :func:`placed_year`."""
    if anchor.report_date is None:
        return unspecified(f"XXXX-{month:02d}")
    dct = anchor.report_date
    now = dct.replace(day=1) if anchor.future else dct
    year = placed_year(date(dct.year, month, 1), now, anchor.future, window)
    return month_value(year, month)


def nearest_month_day(anchor: Anchor, month: int, day: int, window: timedelta) -> TimeValue | None:
    """A month-day without a year ("on Oct. 23"), placed by :func:`placed_year`."""
    if anchor.report_date is None:
        return unspecified(f"XXXX-{month:02d}-{day:02d}")
    if _safe_date(2000, month, day) is None:
        return None
    dct = anchor.report_date
    # February 29 is placed as the 28th, then kept only in the leap year it lands in.
    placeholder = date(dct.year, month, min(day, 28) if month == 2 else day)
    found = _safe_date(placed_year(placeholder, dct, anchor.future, window), month, day)
    return day_value(found) if found else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (February 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def shifted_period(anchor: Anchor, unit: str, amount: int) -> TimeValue:
    """The period ``amount`` units away from the report date, at the unit's precision."""
    dct = anchor.report_date
    if dct is None:
        return unspecified(UNSPECIFIED_PERIODS.get(unit, "XXXX-XX-XX"))
    if unit in ("day", "night"):
        return day_value(dct + timedelta(days=amount))
    if unit == "week":
        return week_value(dct + timedelta(weeks=amount))
    if unit == "weekend":
        return weekend_value(dct + timedelta(weeks=amount))
    if unit == "month":
        first = shift_months(dct, amount)
        return month_value(first.year, first.month)
    if unit == "quarter":
        index = dct.year * 4 + (dct.month - 1) // 3 + amount
        return quarter_value(index // 4, index % 4 + 1)
    if unit == "decade":
        return decade_value((dct.year // 10 + amount) * 10)
    if unit == "century":
        return century_value(dct.year // 100 + amount)
    return year_value(dct.year + amount)


def nearest_weekend(anchor: Anchor) -> TimeValue:
    """ "The weekend": the one nearest the report date (the past one on a tie), or in a
    future-tense clause the next one not yet over."""
    dct = anchor.report_date
    if dct is None:
        return unspecified(UNSPECIFIED_PERIODS["weekend"])
    since_saturday = (dct.isoweekday() - 6) % 7
    if anchor.future or since_saturday > 7 - since_saturday:
        since_saturday -= 7
    return weekend_value(dct - timedelta(days=since_saturday))


UNSPECIFIED_PERIODS = {
    "day": "XXXX-XX-XX",
    "night": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
}


def duration_value(vocab: Vocabulary, amount: float | None, unit: str) -> str:
    """A TIMEX3 duration of ``amount`` units (None for a vague count): three years -> P3Y, 24
    hours -> PT24H, several days -> PXD, 1.5 years -> P1Y6M."""
    spec = vocab.units[unit]
    letter = str(spec["letter"])
    if amount is not None:
        split = split_fraction(vocab, unit, amount)
        if split is not None:
            return split
    number = "X" if amount is None else f"{amount:g}"
    if letter == "DE":
        letter, number = "Y", "X" if amount is None else f"{amount * 10:g}"
    if letter == "CE":
        letter, number = "Y", "X" if amount is None else f"{amount * 100:g}"
    if letter == "WE":
        letter = "D"
        number = "X" if amount is None else f"{amount * 2:g}"
    return f"PT{number}{letter}" if spec["time"] else f"P{number}{letter}"


def split_fraction(vocab: Vocabulary, unit: str, amount: float) -> str | None:
    """A fractional duration written in whole units and whole smaller ones ("2.5 years" -> P2Y6M),
    or None when the amount is whole or its fraction is no whole number of the smaller unit."""
    spec = vocab.units[unit]
    whole = int(amount)
    parts = (amount - whole) * float(spec.get("parts", 0))  # type: ignore[arg-type]
    if whole == amount or parts != int(parts) or "part" not in spec:
        return None
    part = vocab.units[str(spec["part"])]
    big = f"{whole}{spec['letter']}" if whole else ""
    small = f"{int(parts)}{part['letter']}"
    if spec["time"]:
        return f"PT{big}{small}"
    return f"P{big}T{small}" if part["time"] else f"P{big}{small}"


# For each unit an anaphoric or shifted date counts in, the precisions of a named date fine enough
# to count from ("that day" needs a day; "that year" any date within a year).
UNIT_PRECISIONS: dict[str, tuple[Precision, ...]] = {
    "day": (Precision.DAY,),
    "night": (Precision.DAY,),
    "week": (Precision.DAY, Precision.WEEK),
    "weekend": (Precision.DAY, Precision.WEEK),
    "month": (Precision.DAY, Precision.WEEK, Precision.MONTH),
    "quarter": (Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.QUARTER),
}
UNIT_PRECISIONS["year"] = (*UNIT_PRECISIONS["quarter"], Precision.SEASON, Precision.YEAR)
UNIT_PRECISIONS["decade"] = (*UNIT_PRECISIONS["year"], Precision.DECADE)
UNIT_PRECISIONS["century"] = (*UNIT_PRECISIONS["decade"], Precision.CENTURY)


def shifted_from(reference: TimeValue | None, unit: str, amount: int) -> TimeValue:
    """The period ``amount`` units from the date a text named ("the following year" after 1995 ->
    1996); what that date leaves open stays unspecified ("2022-03" + "that day" -> "2022-03-XX")."""
    template = UNSPECIFIED_PERIODS.get(unit, "XXXX-XX-XX")
    if reference is None or reference.start is None:
        return unspecified(template)
    if reference.precision in UNIT_PRECISIONS.get(unit, ()):
        return shifted_period(Anchor(reference.start), unit, amount)
    coarse = reference.precision in (Precision.MONTH, Precision.YEAR)
    known = reference.value if coarse else reference.value[:4]
    if not (known[:4].isdigit() and template.startswith("XXXX") and len(known) < len(template)):
        return unspecified(template)
    if template[len(known)] != "-":
        known = known[:4]
    return unspecified(known + template[len(known) :])


# --- patterns ---------------------------------------------------------------------------------

Resolver = Callable[[re.Match[str], Anchor], TimeValue | None]
# re's case-insensitive matching takes these for ASCII letters, while str.lower leaves them as they
# are (or adds a combining dot): the rules run over the text with them replaced, one for one, so
# offsets stay the text's and every vocabulary lookup of a matched word finds it.
ASCII_FOLDS = str.maketrans({"İ": "I", "ı": "i", "ſ": "s", "\u212a": "K"})


def _cues(phrases: Iterable[str]) -> tuple[str, ...]:
    """Words one of which every match of a rule holds: the first word of each of its phrases."""
    return tuple(sorted({p.split()[0].lower() for p in phrases if p.split()}))


@dataclass(frozen=True)
class Candidate:
    """A rule's match before overlaps are settled: the timex, and what resolves it again."""

    timex: FoundTimex
    match: re.Match[str]
    resolve: Resolver
    anchor: Anchor


class TimexPatterns:
    """The ordered rules that find and resolve temporal expressions in plain text."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        month = _names(vocab.months)
        weekday = _names(vocab.weekdays)
        units = "|".join(sorted(vocab.units, key=len, reverse=True))
        unit = rf"(?:{units}|centuries)s?"
        numbers = _alternation([*vocab.numbers, *vocab.vague_counts])
        tens = _alternation(w for w, n in vocab.numbers.items() if n in range(20, 100, 10))
        digits = _alternation(w for w, n in vocab.numbers.items() if 1 <= n < 10 and len(w) > 2)
        # Three digits at most: "1988 second quarter" holds a year, not 1,988 seconds.
        whole = rf"(?:(?<![\d.,])\d{{1,3}}(?:\.\d+)?|(?:{tens})[\s-](?:{digits})|(?:{numbers}))"
        count = rf"(?:{whole})(?:\s+1/2|\s+and\s+a\s+half)?"
        approximator = _alternation(vocab.approximators)
        qualifier = _alternation(vocab.count_qualifiers)
        vague_length = _alternation(vocab.vague_length_prepositions)
        year_preposition = _alternation(vocab.current_year_prepositions)
        season = _alternation(vocab.seasons)
        part = _alternation(vocab.parts_of_day)
        offset = _alternation(vocab.offsets)
        modifier = _alternation(vocab.period_modifiers)
        ordinal = _alternation(vocab.ordinals)
        spelled_year = (
            rf"(?i:nineteen[\s-]+(?:{tens})(?:[\s-](?:{digits}))?|two\s+thousand(?:\s+and\s+(?:{digits}))?)"
        )
        year = rf"(?:(?<![\d,.$£€])(?<!\d-)(?:1[89]\d\d|20\d\d)(?![\d%]|,\d|\.\d|-\w)|{spelled_year}\b)"
        previous = _alternation(vocab.previous_periods)
        anaphor = _alternation(vocab.anaphors)
        # "that Monday's" mostly points at a noun, not back at a date, so only shifts take weekdays.
        anaphoric_shift = _alternation(w for w, n in vocab.anaphors.items() if n)
        calendar_units = "|".join(u for u, spec in vocab.units.items() if not spec["time"])
        next_day = _alternation(vocab.next_day_units)
        year_before = _alternation(vocab.year_before)
        zone = _alternation(vocab.time_zones)
        day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
        mod = rf"(?:(?i:{modifier})[\s-]+)?"
        # A rule with cue words is skipped for a text holding none of them (in any case): most
        # texts name no season, holiday or quarter, and a search for a word costs far less.
        rules: list[tuple[str, Resolver] | tuple[str, Resolver, tuple[str, ...]]] = [
            (r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b", self._iso),
            (
                rf"\b(?:(?:{weekday}),?\s+)?(?P<month>{month})\s+(?P<day>{day})(?:,?\s+(?P<year>{year}))?",
                self._month_day,
            ),
            (
                rf"\b(?:(?:{weekday}),?\s+)?(?:the\s+)?(?P<day>{day})\s+(?:of\s+)?(?P<month>{month})(?:,?\s+(?P<year>{year}))?",
                self._month_day,
            ),
            (
                rf"\b{mod}(?P<month>{month})(?:,?\s+(?:of\s+)?(?P<year>{year})|\s+(?P<offset>{offset})\s+year)?(?![\w-])",
                self._month,
            ),
            (rf"\b(?i:fiscal(?:\s+year)?)\s+(?P<year>{year}|\d\d)\b", self._fiscal),
            (rf"\b(?i:(?:(?:the\s+)?(?:{modifier})[\s-]+|the\s+year\s+)?)(?P<year>{year})(?!\s*(?:%|percent))\b", self._year),
            (rf"\b(?i:(?:the\s+)?{mod})(?P<decade>(?:1[89]|20)\d0)'?s\b", self._decade),
            (
                rf"\b(?i:the\s+{mod})(?:'(?P<short>[1-9]0)s|(?i:(?P<word>{_alternation(vocab.decade_words)})))\b",
                self._decade,
            ),
            (
                rf"\b(?i:(?:the\s+(?!(?:{ordinal})-))?(?:(?P<lead>{year})\s+|(?P<before>{year_before})\s+|(?P<offset>{offset})\s+year's\s+)?"
                rf"(?:fiscal[\s-]+)?(?P<ordinal>{ordinal})[\s-]+quarters?(?:\s+(?:of\s+)?(?P<year>{year}))?)",
                self._quarter,
                ("quarter",),
            ),
            (rf"\bQ(?P<ordinal>[1-4])(?:\s+(?P<year>{year}))?\b", self._quarter),
            (
                rf"\b(?i:(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:{year_before})(?:\s+(?:quarter|period))?)\b",
                self._year_before,
                _cues(vocab.year_before),
            ),
            (
                rf"\b(?i:{mod}(?:(?P<offset>{offset})\s+)?(?P<season>{season})(?:\s+(?:of\s+)?(?P<year>{year}))?)\b",
                self._season,
                _cues(vocab.seasons),
            ),
            (
                rf"\b(?i:{mod}(?P<deictic>{_alternation(vocab.deictic_days)})(?:\s+(?P<part>{part}))?)\b",
                self._deictic,
            ),
            (
                rf"\b(?i:{mod}(?:(?P<anaphor>{anaphor})\s+(?:(?P<part>{part})|(?P<unit>{calendar_units}))"
                rf"|the\s+next\s+(?P<next>{next_day}))(?![\w-]))",
                self._anaphoric,
            ),
            (rf"\b(?i:(?P<anaphor>{anaphoric_shift}))\s+(?P<weekday>{weekday})\b", self._anaphoric),
            (rf"\b(?i:the\s+)(?P<year>{year})\s+(?i:quarter|period)\b", self._year_period, ("quarter", "period")),
            (
                rf"\b(?i:{mod}(?:the\s+)?(?P<offset>{offset})\s+)(?:(?P<weekday>{weekday})"
                rf"|(?P<month>{month})(?!\.?\s+\d)|(?i:(?P<part>{part})|(?:fiscal\s+)?(?P<unit>{units})))\b",
                self._relative,
            ),
            (rf"\b(?P<weekday>{weekday})(?P<plural>s)?(?:\s+(?i:(?P<part>{part})))?\b", self._weekday),
            (
                rf"\b(?i:(?:(?:{approximator})\s+)?(?:the\s+(?!{count}-))?(?:(?P<offset>{offset}|first|latest)\s+)?"
                rf"(?P<count>{count})[\s-]+(?:(?:{qualifier})\s+)?(?P<unit>{unit})(?P<half>\s+and\s+a\s+half)?(?![\s-]+old\b)(?:-long)?"
                rf"(?:\s+(?:(?P<ago>{_alternation(vocab.ago_words)})|(?P<shift>{_alternation(vocab.shift_words)})))?)\b",
                self._duration,
            ),
            (
                rf"\b(?i:(?P<every>every|each)\s+(?:other\s+)?)(?:(?P<weekday>{weekday})|(?P<month>{month})|(?i:(?P<unit>{units})))\b",
                self._every,
            ),
            (rf"\b(?i:(?P<previous>{previous}))\b", self._previous),
            (
                rf"\b(?i:the\s+(?:fiscal\s+)?)(?P<unit>{calendar_units})"
                rf"(?=\s+(?i:{_alternation(vocab.period_endings)})\b)",
                self._unit_length,
            ),
            (rf"\b(?i:the\s+(?P<unit>(?:{units})s)\s+(?:{_alternation(vocab.ahead_words)}))\b", self._unit_length),
            (rf"\b(?i:(?P<unit>(?:{units})s?)-long)\b", self._unit_length, ("-long",)),
            (
                rf"\b(?i:{vague_length})\s+(?P<timex>(?P<unit>(?:{units})s))\b(?![\s-]+(?:of|old|ago)\b)",
                self._unit_length,
            ),
            (
                rf"\b(?<!-)(?:(?i:{_alternation(vocab.current_year_phrases)})"
                rf"|(?i:{year_preposition})\s+(?P<timex>(?i:the\s+year)))(?![\w-])",
                lambda _match, anchor: shifted_period(anchor, "year", 0),
            ),
            (r"\b(?i:the\s+weekend)\b", lambda _m, anchor: nearest_weekend(anchor), ("weekend",)),
            (
                rf"\b(?:(?i:(?P<offset>{offset}))\s+)?(?=[A-Z])(?i:(?P<holiday>{_alternation(vocab.holidays)}))\b",
                self._holiday,
                _cues(vocab.holidays),
            ),
            (r"\b(?i:(?:the\s+)?(?P<nth>[12]?\d)(?:st|nd|rd|th)[\s-]+century)\b", self._century, ("century",)),
            (rf"\b(?i:(?P<frequency>{_alternation(vocab.frequencies)}))\b", self._frequency, _cues(vocab.frequencies)),
            (
                rf"\b(?i:(?:{approximator})\s+)?(?P<hour>[01]?\d)(?::(?P<minute>[0-5]\d))?\s*"
                rf"(?i:(?P<half>[ap])\.?m\b\.?)(?:\s+(?:{zone})\b)?",
                self._clock,
            ),
            (r"\b(?i:(?P<noon>noon|midday|midnight))\b", self._clock, ("noon", "midday", "midnight")),
            (
                rf"\b(?i:mid(?:-|\s+)(?P<part>{part})(?:\s+(?P<deictic>{_alternation(vocab.deictic_days)}))?)\b",
                self._mid_part,
                ("mid",),
            ),
            (
                rf"\b(?i:(?P<reference>{_alternation(w for words in vocab.references.values() for w in words)}))\b",
                self._reference,
            ),
        ]
        self.rules: list[tuple[re.Pattern[str], Resolver, tuple[str, ...]]] = []
        for pattern, resolve, *more in rules:
            cues = tuple(more[0]) if more else ()
            # Other letters may match in ways lower() does not fold to: such a rule always runs.
            self.rules.append((re.compile(pattern), resolve, cues if all(c.isascii() for c in cues) else ()))
        # Resolved again once the dates named before them are known.
        self.contextual: set[Resolver] = {
            self._anaphoric,
            self._clock,
            self._duration,
            self._mid_part,
            self._previous,
            self._year_before,
            self._year_period,
        }
        self.clock_day_gap = re.compile(rf"(?:\s+(?:{zone}))?,?\s+(?:on\s+)?")
        self.references = {w: ref for ref, words in vocab.references.items() for w in words}
        # "three-quarters of the fleet" is a fraction, not a length of time.
        self.not_a_length = re.compile(rf"(?<=-quarters)\s+of\b|(?<=\squarter)\s+of\s+(?!{year})", re.I)

    def find(self, text: str, anchor_at: Callable[[int, int], Anchor]) -> list[FoundTimex]:
        """Every temporal expression in ``text``: the longest match wins where rules overlap.

        Expressions that depend on what the text named before them ("that day", "a year
        earlier" after "the third quarter") are then resolved again in text order.
        """
        found = self._in_context(_longest_first(self._match(text, anchor_at)))
        return self._join_clock_and_day(text, found)

    def _match(self, text: str, anchor_at: Callable[[int, int], Anchor]) -> list[Candidate]:
        """One pass of every rule over ``text``, each match resolved without context."""
        found: list[Candidate] = []
        plain = text.translate(ASCII_FOLDS)
        folded = plain.lower()
        for pattern, resolve, cues in self.rules:
            if cues and not any(cue in folded for cue in cues):
                continue
            # A rule may match context around the expression and mark the expression as "timex".
            marked = "timex" in pattern.groupindex
            for match in pattern.finditer(plain):
                start, end = match.span("timex") if marked and match["timex"] else match.span()
                start, end = _trim(text, start, end)
                if start >= end:
                    continue
                anchor = anchor_at(start, end)
                value = resolve(match, anchor)
                if value is not None:
                    found.append(Candidate(FoundTimex(start, end, value), match, resolve, anchor))
        return found

    def _in_context(self, candidates: list[Candidate]) -> list[FoundTimex]:
        """The timexes in text order, contextual ones resolved against the quarter and the date
        named last before them."""
        found: list[FoundTimex] = []
        period: TimeValue | None = None
        reference: TimeValue | None = None
        for candidate in candidates:
            timex = candidate.timex
            if candidate.resolve in self.contextual:
                value = candidate.resolve(
                    candidate.match, replace(candidate.anchor, period=period, reference=reference)
                )
                if value is None:
                    continue
                timex = FoundTimex(timex.start, timex.end, value)
            found.append(timex)
            if period is None and candidate.resolve not in self.contextual and _is_recent_quarter(candidate):
                period = timex.value
            elif _is_reported_span(candidate):
                period = None
            dated = timex.value.start is not None and timex.value.timex_type in ("DATE", "TIME")
            if dated and not self._compares(candidate):
                reference = timex.value
        return found

    def _compares(self, candidate: Candidate) -> bool:
        """Whether a timex is a year-on-year comparison ("a year earlier", "the year-ago
        quarter"), which looks back without moving the story's time."""
        if candidate.resolve == self._year_before:
            return True
        match = candidate.match
        shifted = candidate.resolve == self._duration and bool(match["shift"])
        return shifted and self.vocab.unit(match["unit"]) == "year"

    def _join_clock_and_day(self, text: str, found: list[FoundTimex]) -> list[FoundTimex]:
        """One timex for a clock time followed by its day ("6 p.m. GMT Friday", "noon Sunday")."""
        joined: list[FoundTimex] = []
        for timex in found:
            if joined and _is_clock(joined[-1].value) and _is_day(timex.value):
                clock = joined[-1]
                if self.clock_day_gap.fullmatch(text, clock.end, timex.start):
                    day = timex.value
                    time = clock.value.value.split("T", 1)[1]
                    value = TimeValue(f"{day.value}T{time}", "TIME", day.precision, day.start, day.end)
                    joined[-1] = FoundTimex(clock.start, timex.end, value)
                    continue
            joined.append(timex)
        return joined

    def normalize(self, phrase: str, anchor: Anchor) -> TimeValue | None:
        """The value of a standalone temporal expression ("last Tuesday"), or None."""
        found = self.find(phrase, lambda _s, _e: anchor)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(phrase.strip()):
            return found[0].value
        return None

    # Each resolver turns one rule's match into a value (None rejects the match).

    def _iso(self, match: re.Match[str], anchor: Anchor) -> TimeValue | None:
        found = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
        return day_value(found) if found else None

    def _month_day(self, match: re.Match[str], anchor: Anchor) -> TimeValue | None:
        month = int(_lookup(self.vocab.months, match["month"]))  # type: ignore[call-overload]
        day = int(re.sub(r"\D", "", match["day"]))
        if match["year"]:
            found = _safe_date(self.vocab.year(match["year"]), month, day)
            return day_value(found) if found else None
        return nearest_month_day(anchor, month, day, anchor.window(self.vocab.future_window))

    def _month(self, match: re.Match[str], anchor: Anchor) -> TimeValue | None:
        month = int(_lookup(self.vocab.months, match["month"]))  # type: ignore[call-overload]
        if match["year"]:
            return month_value(self.vocab.year(match["year"]), month)
        if match["offset"] and anchor.report_date is not None:
            return month_value(anchor.report_date.year + int(_lookup(self.vocab.offsets, match["offset"])), month)  # type: ignore[call-overload]
        if not self.vocab.is_full_month(match["month"]):
            return None
        return nearest_month(anchor, month, anchor.window(self.vocab.future_window))

    def _fiscal(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        # TimeML gives a fiscal year the value of the calendar year it is named after.
        year = self.vocab.year(match["year"])
        if year < 100:
            year += 1900 if year > 50 else 2000
        return year_value(year)

    def _year(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        return year_value(self.vocab.year(match["year"]))

    def _decade(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        groups = match.groupdict()
        if groups.get("decade"):
            return decade_value(int(match["decade"]))
        tens = int(groups["short"] or _lookup(self.vocab.decade_words, groups["word"]))  # type: ignore[call-overload]
        if anchor.report_date is None:
            return unspecified(f"XX{tens // 10}")
        # "the '90s" or "the twenties": the latest such decade begun by the report date.
        now = anchor.report_date.year
        century = now // 100 * 100 if now // 100 * 100 + tens <= now else now // 100 * 100 - 100
        return decade_value(century + tens)

    def _quarter(self, match: re.Match[str], anchor: Anchor) -> TimeValue | None:
        quarter = int(self.vocab.ordinals.get(match["ordinal"].lower(), match["ordinal"]))
        groups = match.groupdict()
        named_year = groups["year"] or groups.get("lead")
        if named_year:
            return quarter_value(self.vocab.year(named_year), quarter)
        if anchor.report_date is None:
            return unspecified(f"XXXX-Q{quarter}")
        dct = anchor.report_date
        if groups.get("before"):
            return quarter_value(dct.year - 1, quarter)
        if groups.get("offset"):
            return quarter_value(dct.year + int(_lookup(self.vocab.offsets, groups["offset"])), quarter)  # type: ignore[call-overload]
        # Tense is no guide here ("will report third-quarter results" looks back), so it is ignored.
        first = date(dct.year, 3 * quarter - 2, 1)
        return quarter_value(placed_year(first, dct, False, self.vocab.quarter_window), quarter)

    def _year_before(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        if anchor.period is not None:
            return years_before(anchor.period, 1)
        if anchor.report_date is None:
            return unspecified("XXXX")
        return year_value(anchor.report_date.year - 1)

    def _season(self, match: re.Match[str], anchor: Anchor) -> TimeValue | None:
        season = str(_lookup(self.vocab.seasons, match["season"]))
        if match["year"]:
            return season_value(self.vocab.year(match["year"]), season)
        if match["season"].lower() == "fall" and not match["offset"]:
            return None
        if anchor.report_date is None:
            return unspecified(f"XXXX-{season}")
        offset = int(_lookup(self.vocab.offsets, match["offset"])) if match["offset"] else 0  # type: ignore[call-overload]
        year = anchor.report_date.year
        if match["offset"] and " ".join(match["offset"].lower().split()) in self.vocab.latest_offsets:
            # "this past spring": the latest one over by the report date.
            latest = season_value(year, season)
            while latest.end is not None and latest.end >= anchor.report_date:
                year -= 1
                latest = season_value(year, season)
            return latest
        # Winter runs from December: early in the year "this winter" began the year before.
        if season == "WI" and anchor.report_date.month < 6:
            year -= 1
        return season_value(year + offset, season)

    def _deictic(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        offset = int(_lookup(self.vocab.deictic_days, match["deictic"]))  # type: ignore[call-overload]
        value = shifted_period(anchor, "day", offset)
        if match["part"]:
            return with_part_of_day(value, str(_lookup(self.vocab.parts_of_day, match["part"])))
        return value

    def _mid_part(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        """ "mid-afternoon (yesterday)": that part of the day named, else of the day last named."""
        if match["deictic"]:
            day = shifted_period(anchor, "day", int(_lookup(self.vocab.deictic_days, match["deictic"])))  # type: ignore[call-overload]
        else:
            day = anchor.day_named()
        return with_part_of_day(day, str(_lookup(self.vocab.parts_of_day, match["part"])))

    def _relative(self, match: re.Match[str], anchor: Anchor) -> TimeValue | None:
        word = match["offset"].lower()
        offset = int(_lookup(self.vocab.offsets, word))  # type: ignore[call-overload]
        if match["weekday"]:
            weekday = int(_lookup(self.vocab.weekdays, match["weekday"]))  # type: ignore[call-overload]
            if offset == 0:
                return nearest_weekday(anchor, weekday, 1 if anchor.future else -1)
            return self._weekday_beyond(anchor, weekday, offset)
        if match["month"]:
            month = int(_lookup(self.vocab.months, match["month"]))  # type: ignore[call-overload]
            if anchor.report_date is None:
                return unspecified(f"XXXX-{month:02d}")
            # "last March" is the latest March before the report date's month, "next March" the first after.
            year = anchor.report_date.year
            if offset < 0 and month >= anchor.report_date.month:
                year -= 1
            if offset > 0 and month <= anchor.report_date.month:
                year += 1
            return month_value(year, month)
        if match["part"]:
            part = str(_lookup(self.vocab.parts_of_day, match["part"]))
            # "last night" is the night before the report date; "this morning" is the report date's.
            return with_part_of_day(shifted_period(anchor, "day", min(offset, 0)), part)
        unit = match["unit"].lower()
        if word in self.vocab.span_offsets and unit in self.vocab.span_units:
            return TimeValue(duration_value(self.vocab, 1, unit), "DURATION")
        return shifted_period(anchor, unit, offset)

    def _weekday_beyond(self, anchor: Anchor, weekday: int, offset: int) -> TimeValue:
        """ "last Tuesday" (strictly before the report date) or "next Tuesday" (strictly after)."""
        if anchor.report_date is None:
            return unspecified(f"XXXX-WXX-{weekday}")
        return nearest_weekday(Anchor(anchor.report_date + timedelta(days=offset)), weekday, offset)

    def _weekday(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        weekday = int(_lookup(self.vocab.weekdays, match["weekday"]))  # type: ignore[call-overload]
        part = str(_lookup(self.vocab.parts_of_day, match["part"])) if match["part"] else None
        if match["plural"]:
            value = f"XXXX-WXX-{weekday}" + (f"T{part}" if part else "")
            return TimeValue(value, "SET")
        value = nearest_weekday(anchor, weekday, 1 if anchor.future else -1, self.vocab.weekday_days_ahead)
        return with_part_of_day(value, part) if part else value

    def _duration(self, match: re.Match[str], anchor: Anchor) -> TimeValue | None:
        unit = self.vocab.unit(match["unit"])
        if unit not in self.vocab.units or self.not_a_length.match(match.string, match.end("unit")):
            return None
        if " ".join(match.group(0).lower().split()) in self.vocab.ordinal_lookalikes:
            return None
        count = match["count"]
        amount = self.vocab.count(count)
        if match["ago"] or match["shift"]:
            return self._shifted(match, anchor, unit, amount)
        # "several year" is not a period and "past year" is left to the relative rule, but a
        # hyphenated "several-year tenure" is one.
        if amount is None and unit == match["unit"].lower() and match.string[match.end("count")] != "-":
            return None
        if amount is not None and match["half"]:
            amount += 0.5
        return TimeValue(duration_value(self.vocab, amount, unit), "DURATION")

    def _unit_length(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        """One unit ("the year ended June 30", "day-long") or an unknown number of them ("for weeks")."""
        word = match["unit"].lower()
        unit = self.vocab.unit(word)
        return TimeValue(duration_value(self.vocab, 1 if unit == word else None, unit), "DURATION")

    def _shifted(self, match: re.Match[str], anchor: Anchor, unit: str, amount: float | None) -> TimeValue | None:
        """ "two days ago" (from the report date) or "two days earlier" (from the date named last)."""
        shift = match["shift"]
        if shift:
            direction = int(_lookup(self.vocab.shift_words, shift))  # type: ignore[call-overload]
        else:
            direction = -1
        if amount is None:
            return unspecified("PAST_REF" if direction < 0 else "FUTURE_REF")
        if amount < 1:
            return None
        steps = direction * int(amount)
        if unit == "year" and anchor.period is not None:
            return years_before(anchor.period, -steps)
        # Hours or minutes away fall on the same day, as far as a date can tell.
        if self.vocab.units[unit]["time"]:
            unit, steps = "day", 0
        if shift:
            return shifted_from(anchor.story_date(), unit, steps)
        return shifted_period(anchor, unit, steps)

    def _anaphoric(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        story = anchor.story_date()
        groups = match.groupdict()
        following = groups.get("next")
        offset = 1 if following else int(_lookup(self.vocab.anaphors, match["anaphor"]))  # type: ignore[call-overload]
        if groups.get("weekday"):
            weekday = int(_lookup(self.vocab.weekdays, match["weekday"]))  # type: ignore[call-overload]
            if story is None or story.start is None or story.precision is not Precision.DAY:
                return unspecified(f"XXXX-WXX-{weekday}")
            return self._weekday_beyond(Anchor(story.start), weekday, offset)
        part = groups.get("part") or (following if following and following.lower() in self.vocab.parts_of_day else None)
        if part:
            code = str(_lookup(self.vocab.parts_of_day, part))
            return with_part_of_day(shifted_from(story, "day", offset), code)
        unit = self.vocab.unit(groups.get("unit") or str(following))
        if unit == "quarter" and offset == 0 and anchor.period is not None:
            return anchor.period
        return shifted_from(story, unit, offset)

    def _year_period(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        """ "the 2019 quarter": the quarter the text reports on, in that year."""
        year = self.vocab.year(match["year"])
        if anchor.period is None:
            return year_value(year)
        return quarter_value(year, int(anchor.period.value[-1]))

    def _holiday(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        spec = self.vocab.holidays[" ".join(match["holiday"].lower().split())]
        dct = anchor.report_date
        if dct is None:
            return unspecified("XXXX-XX-XX")
        this_year = holiday_date(spec, dct.year)
        offset = int(_lookup(self.vocab.offsets, match["offset"])) if match["offset"] else None  # type: ignore[call-overload]
        if offset is None:
            year = placed_year(this_year, dct, anchor.future, anchor.window(self.vocab.future_window))
        elif offset < 0:
            year = dct.year if this_year < dct else dct.year - 1
        elif offset > 0:
            year = dct.year if this_year > dct else dct.year + 1
        else:
            year = dct.year
        return day_value(holiday_date(spec, year))

    def _century(self, match: re.Match[str], anchor: Anchor) -> TimeValue | None:
        nth = int(match["nth"])
        return century_value(nth - 1) if nth else None

    def _previous(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        named = " ".join(match["previous"].lower().split()) in self.vocab.named_periods
        if named and anchor.period is not None:
            return anchor.period
        return shifted_period(anchor, str(_lookup(self.vocab.previous_periods, match["previous"])), -1)

    def _every(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        if match["weekday"]:
            weekday = _lookup(self.vocab.weekdays, match["weekday"])
            return TimeValue(f"XXXX-WXX-{weekday}", "SET")
        if match["month"]:
            month = int(_lookup(self.vocab.months, match["month"]))  # type: ignore[call-overload]
            return TimeValue(f"XXXX-{month:02d}", "SET")
        return TimeValue(duration_value(self.vocab, 1, match["unit"].lower()), "SET")

    def _frequency(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        return TimeValue(str(_lookup(self.vocab.frequencies, match["frequency"])), "SET")

    def _clock(self, match: re.Match[str], anchor: Anchor) -> TimeValue | None:
        noon = match.groupdict().get("noon")
        if noon:
            hour, minute = (24, 0) if noon.lower() == "midnight" else (12, 0)
        else:
            hour, minute = int(match["hour"]), int(match["minute"] or 0)
            if hour > 12:
                return None
            hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
        day = anchor.day_named()
        return TimeValue(f"{day.value}T{hour:02d}:{minute:02d}", "TIME", day.precision, day.start, day.end)

    def _reference(self, match: re.Match[str], anchor: Anchor) -> TimeValue:
        key = " ".join(match["reference"].lower().split())
        return unspecified(self.references[key])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_recent_quarter(candidate: Candidate) -> bool:
    """Whether a quarter could be the one a text reports on: the first one it names that ended
    less than a year before the report date ("third-quarter profit rose ...; it expects a weak
    fourth quarter ... a year earlier" compares the third; "the second quarter of 2015" is history)."""
    value, report_date = candidate.timex.value, candidate.anchor.report_date
    if value.precision is not Precision.QUARTER or value.end is None:
        return False
    return report_date is None or value.end > report_date - timedelta(days=365)


def _is_reported_span(candidate: Candidate) -> bool:
    """Whether a text now reports on a span of months rather than a quarter ("over the first eight
    months, output grew ... on a year earlier"): comparisons after it are with the year before."""
    value = candidate.timex.value
    return (
        value.timex_type == "DURATION"
        and re.fullmatch(r"P\d+M", value.value) is not None
        and candidate.match.group(0).lower().startswith("the ")
    )


def _is_clock(value: TimeValue) -> bool:
    """Whether a value is a clock time on the report date ("...T09:00")."""
    return value.timex_type == "TIME" and ":" in value.value


def _is_day(value: TimeValue) -> bool:
    """Whether a value is a single day without a time of day."""
    return value.timex_type == "DATE" and value.precision is Precision.DAY


def _longest_first(found: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, preferring longer ones (then earlier rules), in text order."""
    kept: list[FoundTimex] = []
    chosen: list[Candidate] = []
    for candidate in sorted(found, key=lambda c: (c.timex.start - c.timex.end, c.timex.start)):
        timex = candidate.timex
        if all(timex.end <= k.start or timex.start >= k.end for k in kept):
            kept.append(timex)
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.timex.start)


@cache
def timex_patterns() -> TimexPatterns:
    """The shared, compiled patterns (built once per process)."""
    return TimexPatterns(Vocabulary.load())


def normalize_timex(phrase: str, report_date: date | None, future: bool = False) -> TimeValue | None:
    """The TIMEX3 value of a standalone temporal expression, resolved against ``report_date``."""
    return timex_patterns().normalize(phrase, Anchor(report_date, future))


class Tense(Enum):
    """Which way the clause around a temporal expression points from the report date."""

    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"


def clause_tense(doc: Doc, text: str, start: int, end: int, vocab: Vocabulary) -> Tense:
    """The tense of the clause governing the expression at ``start:end``: future after an opener
    ("delayed until Thursday"), a future marker ("will meet on Tuesday") or a plan ("scheduled to
    close Monday"), past when its verb is in the simple past or past perfect ("bought it in
    February", "had been hit in March"), present otherwise ("talks open on Tuesday"). ``text`` is
    ``doc.text``, which spaCy rebuilds on every access."""
    before = " ".join(text[max(0, start - 20) : start].lower().split())
    if any(before == o or before.endswith(" " + o) for o in vocab.future_openers):
        return Tense.FUTURE
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Tense.PRESENT
    token = span.root
    # A date hanging off a noun ("a rally planned for Saturday", "due Nov. 14") does not
    # take the tense of the verb above that noun.
    on_verb = True
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            break
        token = token.head
        on_verb = on_verb and token.pos_ in ("ADP", "VERB", "AUX")
    auxiliaries = {child.lower_ for child in token.children if child.dep_ == "aux"}
    if token.lower_ in vocab.future_markers or auxiliaries & set(vocab.future_markers):
        return Tense.FUTURE
    # "scheduled to reopen Friday", "is to resume talks Wednesday": an infinitive under a plan.
    if "to" in auxiliaries:
        head = token.head
        head_auxiliaries = {child.lower_ for child in head.children if child.dep_ in ("aux", "auxpass")}
        if head.lower_ in vocab.plan_words and not head_auxiliaries & set(vocab.past_markers):
            return Tense.FUTURE
    if on_verb and (token.tag_ == "VBD" or auxiliaries & set(vocab.past_markers)):
        return Tense.PAST
    return Tense.PRESENT


@register("dates")
class DateExtractor:
    """Finds temporal expressions and resolves them against the report date."""

    name = "dates"

    def __call__(self, context: ExtractionContext) -> None:
        """Append a ``date`` mention for each temporal expression in the document."""
        patterns = timex_patterns()
        report_date = context.extraction.document.date

        def anchor_at(start: int, end: int) -> Anchor:
            tense = clause_tense(context.doc, context.text, start, end, patterns.vocab)
            return Anchor(report_date, tense is Tense.FUTURE, past=tense is Tense.PAST)

        for timex in patterns.find(context.text, anchor_at):
            context.extraction.mentions.append(
                Mention("date", context.span(timex.start, timex.end), timex.value)
            )
