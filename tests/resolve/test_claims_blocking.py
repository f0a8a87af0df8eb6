"""Specification: a field's claims compare each pair of distinct values once, with the very result
of comparing every pair of values.

Given any list of values (counts with qualifiers, places, actors, weapons, dates and untyped text,
repeated, from several publishers, stories and report dates), :func:`field_claims` says what the
straightforward comparison of every pair (:func:`reference_claims`, kept here) says; a report
repeating one sentence 8,000 times is claimed in well under a second.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from warledger.model import (
    Actor,
    EventField,
    MentionValue,
    Modality,
    Place,
    Precision,
    Qualifier,
    Quantity,
    Span,
    TimeValue,
    Weapon,
)
from warledger.resolve.claims import Report, Value, field_claims, independent, summarise, values_compatible

SPAN = Span("doc", 0, 0, 1, "x")

KHARKIV = Place("Kharkiv", 706483, 49.98, 36.25, "Kharkiv", "Ukraine", "UA", "city")
CHUHUIV = Place("Chuhuiv", 710403, 49.84, 36.69, "Kharkiv", "Ukraine", "UA", "town")
KHARKIV_OBLAST = Place("Kharkiv Oblast", 706482, 49.5, 36.5, "Kharkiv", "Ukraine", "UA", "admin1")
ODESA = Place("Odesa", 698740, 46.48, 30.73, "Odesa", "Ukraine", "UA", "city")
UKRAINE = Place("Ukraine", 690791, 49.0, 32.0, None, "Ukraine", "UA", "country")
BELGOROD = Place("Belgorod", 578072, 50.61, 36.58, "Belgorod", "Russia", "RU", "city")
UNGEOCODED = Place("the village", None, 49.9, 36.3, None, None, None, "village")

RUSSIA = Actor("RUS", "Russia", "state", "RU")
RUSSIAN_FORCES = Actor("RUS_MIL", "the Russian armed forces", "military", "RU")
UKRAINE_STATE = Actor("UKR", "Ukraine", "state", "UA")
GROUP = Actor("GROUP", "an armed group", "group", None)

ISKANDER = Weapon("iskander_m", "Iskander-M", "missile", "RU")
SHAHED = Weapon("shahed_136", "Shahed-136", "drone", "IR")
MISSILE = Weapon("missile", "missile", "missile", generic=True)


def day(text: str) -> TimeValue:
    """A date resolved to one calendar day."""
    return TimeValue(text, "DATE", Precision.DAY, date.fromisoformat(text), date.fromisoformat(text))


MARCH = TimeValue("2024-03", "DATE", Precision.MONTH, date(2024, 3, 1), date(2024, 3, 31))
NOW = TimeValue("PRESENT_REF", "DATE")

quantities = st.builds(
    lambda qualifier, value, width: Quantity(
        float(value),
        float(value) if qualifier is not Qualifier.RANGE else float(max(0, value - width)),
        float(value) if qualifier is not Qualifier.RANGE else float(value + width),
        qualifier,
        "people",
    ),
    st.sampled_from(list(Qualifier)),
    st.integers(0, 6),
    st.integers(0, 3),
)
typed_values: st.SearchStrategy[MentionValue | None] = st.one_of(
    quantities,
    st.sampled_from([KHARKIV, CHUHUIV, KHARKIV_OBLAST, ODESA, UKRAINE, BELGOROD, UNGEOCODED]),
    st.sampled_from([RUSSIA, RUSSIAN_FORCES, UKRAINE_STATE, GROUP]),
    st.sampled_from([ISKANDER, SHAHED, MISSILE]),
    st.sampled_from([day("2024-03-16"), day("2024-03-17"), day("2024-03-20"), MARCH, NOW]),
    st.none(),
)
texts = st.sampled_from(["Kharkiv", "kharkiv", "Straße", "STRASSE", "5"])
fields = st.builds(lambda typed, text: EventField("target", text, SPAN, typed), typed_values, texts)
reports = st.builds(
    lambda n, publisher, story, reported: Report(f"e{n}", f"d{n}", publisher, reported, story, ()),
    st.integers(0, 5),
    st.sampled_from(["Kyiv Wire", "Eastern Herald", "Global News", "Daily Star", None]),
    st.sampled_from(["s1", "s2"]),
    st.sampled_from([date(2024, 3, 17), date(2024, 3, 18), None]),
)


@st.composite
def field_values(draw: st.DrawFn) -> list[Value]:
    """Values of one field: a few distinct ones, each given by one report or many (repeats included)."""
    pool = draw(st.lists(fields, min_size=1, max_size=4))
    given = draw(st.lists(st.tuples(st.sampled_from(pool), reports), max_size=14))
    return [Value(f.value, f, report, None, Modality.ASSERTED) for f, report in given]


def reference_claims(values: Sequence[Value]) -> tuple[dict[str, Value], bool, bool, str]:
    """(latest, corroborated, contradicted, summary) by comparing every pair of values."""
    latest: dict[str, Value] = {}
    for value in sorted(values, key=lambda v: (v.report.report_date or date.min, v.report.event_id)):
        latest[value.report.source] = value
    corroborated = any(
        independent([o.report for o in values if values_compatible(v.field, o.field)]) >= 2 for v in values
    )
    final = list(latest.values())
    contradicted = any(
        not values_compatible(a.field, b.field) and independent([a.report, b.report]) >= 2
        for i, a in enumerate(final)
        for b in final[i + 1 :]
    )
    return latest, corroborated, contradicted, summarise(values)


def written(text: str, n: int, qualifier: Qualifier, publisher: str, story: str) -> Value:
    """A count of ``n`` people as one publisher's story gives it, written ``text``."""
    typed = Quantity(float(n), float(n), float(n), qualifier, "people")
    report = Report(f"e-{publisher}", f"d-{publisher}", publisher, date(2024, 3, 18), story, ())
    return Value(text, EventField("killed", text, SPAN, typed), report, None, Modality.ASSERTED)


@settings(max_examples=500, deadline=None)
@given(values=field_values())
# Written alike, qualified apart: one value each, not one value ("5" and "more than 5" conflict).
@example(values=[written("5", 5, Qualifier.EXACT, "Kyiv Wire", "s1"), written("5", 5, Qualifier.MORE_THAN, "Global News", "s2")])
# A count no number satisfies conflicts with itself when two stories give it.
@example(values=[written("0", 0, Qualifier.FEWER_THAN, "Kyiv Wire", "s1"), written("0", 0, Qualifier.FEWER_THAN, "Global News", "s2")])
def test_claims_are_those_of_comparing_every_pair(values: list[Value]) -> None:
    claims = field_claims("target", values)
    latest, corroborated, contradicted, summary = reference_claims(values)
    assert claims.values == tuple(values)
    assert (claims.latest, claims.corroborated, claims.contradicted, claims.summary) == (
        latest, corroborated, contradicted, summary,
    )


@settings(max_examples=300, deadline=None)
@given(first=fields, second=fields)
def test_two_values_are_compatible_whichever_comes_first(first: EventField, second: EventField) -> None:
    # Contradictions are looked for once per pair of distinct values, in no particular order.
    assert values_compatible(first, second) == values_compatible(second, first)


def count(n: int, qualifier: Qualifier = Qualifier.EXACT) -> EventField:
    """A killed field of ``n`` people."""
    return EventField("killed", f"{n} people", SPAN, Quantity(float(n), float(n), float(n), qualifier, "people"))


def test_a_report_repeating_one_count_8000_times_is_claimed_at_once() -> None:
    wire = Report("e1", "d1", "Kyiv Wire", date(2024, 3, 17), "s1", ())
    herald = Report("e2", "d2", "Eastern Herald", date(2024, 3, 18), "s2", ())
    news = Report("e3", "d3", "Global News", date(2024, 3, 18), "s3", ())
    repeated = [Value("5 people", count(5), wire, None, Modality.ASSERTED) for _ in range(8000)]
    others = [
        Value("at least 5 people", count(5, Qualifier.AT_LEAST), herald, None, Modality.ASSERTED),
        Value("12 people", count(12), news, None, Modality.ASSERTED),
    ]
    began = time.process_time()
    claims = field_claims("killed", repeated + others)
    assert time.process_time() - began < 1.0
    assert claims.corroborated and claims.contradicted
    assert claims.summary == "5–12"
    assert {source: v.value for source, v in claims.latest.items()} == {
        "Kyiv Wire": "5 people", "Eastern Herald": "at least 5 people", "Global News": "12 people",
    }
