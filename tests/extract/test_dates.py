"""Specification of the dates extractor: which words of a report are temporal expressions, and
the TIMEX3 value each resolves to against the report date (Monday 18 March 2024)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.extract.dates import Anchor, _alternation, normalize_timex, placed_year, timex_patterns
from warledger.model import Precision, TimeValue

REPORT_DATE = "2024-03-18"
REPORT_DAY = date(2024, 3, 18)
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@pytest.fixture(scope="module")
def dates(extract):
    """``dates(text)`` -> [(span text, TimeValue)] in text order."""

    def run(text: str, report_date: str | None = REPORT_DATE) -> list[tuple[str, TimeValue]]:
        extraction = extract(text, components=("dates",), report_date=report_date)
        mentions = sorted(extraction.mentions, key=lambda m: m.span.start)
        return [(m.span.text, m.value) for m in mentions if m.kind == "date"]

    return run


def day(iso: str) -> TimeValue:
    found = date.fromisoformat(iso)
    return TimeValue(iso, "DATE", Precision.DAY, found, found)


def test_a_month_and_year_is_that_calendar_month(dates):
    assert dates("The invasion began in February 2022.") == [
        ("February 2022", TimeValue("2022-02", "DATE", Precision.MONTH, date(2022, 2, 1), date(2022, 2, 28)))
    ]


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("Drones struck the port last Tuesday.", "last Tuesday", "2024-03-12"),
        ("On Monday the minister visited the front.", "Monday", "2024-03-18"),
        ("Missiles hit the city on Saturday.", "Saturday", "2024-03-16"),
        ("Talks open in Geneva on Tuesday.", "Tuesday", "2024-03-19"),
        ("The talks will resume on Thursday.", "Thursday", "2024-03-21"),
        ("The governor said yesterday that power was restored.", "yesterday", "2024-03-17"),
        ("The bridge was hit two days ago.", "two days ago", "2024-03-16"),
        ("Shelling continued today.", "today", "2024-03-18"),
        ("The depot was struck on March 3.", "March 3", "2024-03-03"),
        ("The summit is due on April 2.", "April 2", "2024-04-02"),
        ("A convoy left on Nov. 23.", "Nov. 23", "2023-11-23"),
        ("The brigade withdrew on 9 December 2023.", "9 December 2023", "2023-12-09"),
        ("The report is dated 2024-03-18.", "2024-03-18", "2024-03-18"),
    ],
)
def test_days_resolve_against_the_report_date(dates, sentence, span, value):
    assert dates(sentence) == [(span, day(value))]


@pytest.mark.parametrize(
    ("sentence", "span", "value", "timex_type"),
    [
        ("The deadline passed at 9 a.m. GMT Saturday.", "9 a.m. GMT Saturday", "2024-03-16T09:00", "TIME"),
        ("The sirens sounded at noon Sunday.", "noon Sunday", "2024-03-17T12:00", "TIME"),
        ("Sirens sounded yesterday morning.", "yesterday morning", "2024-03-17TMO", "TIME"),
        ("Crews worked through the weekend.", "the weekend", "2024-W11-WE", "DATE"),
        ("The fortress dates from the 12th century.", "the 12th century", "11", "DATE"),
        ("Grain exports stopped in June last year.", "June last year", "2023-06", "DATE"),
        ("Shelling went on through Christmas.", "Christmas", "2023-12-25", "DATE"),
        ("A parade is planned for Victory Day.", "Victory Day", "2024-05-09", "DATE"),
        ("Strikes resumed after last Thanksgiving.", "last Thanksgiving", "2023-11-23", "DATE"),
    ],
)
def test_times_of_day_weekends_centuries_and_named_days(dates, sentence, span, value, timex_type):
    assert [(s, v.value, v.timex_type) for s, v in dates(sentence)] == [(span, value, timex_type)]


def test_overnight_is_the_night_ending_on_the_report_date(dates):
    assert dates("Overnight, Russia launched 30 drones at Odesa.") == [("Overnight", day(REPORT_DATE))]


@pytest.mark.parametrize(
    ("sentence", "span", "value", "precision"),
    [
        ("Earlier this month, the front line moved.", "Earlier this month", "2024-03", Precision.MONTH),
        ("Deliveries slowed last month.", "last month", "2024-02", Precision.MONTH),
        ("Attacks rose last week.", "last week", "2024-W11", Precision.WEEK),
        ("Prices doubled last year.", "last year", "2023", Precision.YEAR),
        ("Exports fell during the third quarter of 2023.", "the third quarter of 2023", "2023-Q3", Precision.QUARTER),
        ("Fighting intensified in early 2023.", "early 2023", "2023", Precision.YEAR),
        ("Stocks ran low in January.", "January", "2024-01", Precision.MONTH),
        ("The offensive stalled in the 1990s.", "the 1990s", "199", Precision.DECADE),
        ("The base was built in mid-1996.", "mid-1996", "1996", Precision.YEAR),
        ("The treaty dates from nineteen ninety-four.", "nineteen ninety-four", "1994", Precision.YEAR),
        ("Output dipped against the year-earlier quarter.", "the year-earlier quarter", "2023", Precision.YEAR),
        ("Units rotated out last summer.", "last summer", "2023-SU", Precision.SEASON),
    ],
)
def test_periods_keep_their_granularity(dates, sentence, span, value, precision):
    [(found_span, found)] = dates(sentence)
    assert (found_span, found.value, found.timex_type, found.precision) == (span, value, "DATE", precision)
    assert found.start is not None and found.end is not None and found.start <= found.end


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("The siege lasted for three years.", "three years", "P3Y"),
        ("The ceasefire held for 48 hours.", "48 hours", "PT48H"),
        ("Talks went on for nearly two weeks.", "nearly two weeks", "P2W"),
        ("Strikes continued for several days.", "several days", "PXD"),
        ("Over the past twenty four hours, 12 drones fell.", "the past twenty four hours", "PT24H"),
    ],
)
def test_lengths_of_time_are_durations(dates, sentence, span, value):
    assert [(s, v.value, v.timex_type) for s, v in dates(sentence)] == [(span, value, "DURATION")]


def test_since_a_year_marks_the_year_and_leaves_the_preposition_out(dates):
    [(span, value)] = dates("Fighting has continued since 2022.")
    assert (span, value.value, value.precision) == ("2022", "2022", Precision.YEAR)


@pytest.mark.parametrize(
    ("sentence", "span", "value", "timex_type"),
    [
        ("The plant is now under Russian control.", "now", "PRESENT_REF", "DATE"),
        ("The town was recently retaken.", "recently", "PAST_REF", "DATE"),
        ("Patrols go out daily.", "daily", "P1D", "SET"),
        ("Convoys leave every Monday.", "every Monday", "XXXX-WXX-1", "SET"),
    ],
)
def test_references_and_recurrences(dates, sentence, span, value, timex_type):
    assert [(s, v.value, v.timex_type) for s, v in dates(sentence)] == [(span, value, timex_type)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia fired Kh-101 cruise missiles and S-300 interceptors.",
        "Kyiv asked for more F-16 jets and 7,000 shells.",
        "The 2,024 soldiers received 1,500 rounds each.",
        "The 6-year-old girl was evacuated.",
        "The Sun reported that Jan Kowalski had left.",
    ],
)
def test_weapon_names_numbers_ages_and_names_are_not_dates(dates, sentence):
    assert [s for s, v in dates(sentence) if v.timex_type == "DATE" and v.value[:1].isdigit()] == []


def test_without_a_report_date_relative_expressions_stay_unspecified(dates):
    found = dates("Drones struck on Tuesday, two days after the talks in March 2022.", report_date=None)
    assert [(s, v.value, v.start) for s, v in found] == [
        ("Tuesday", "XXXX-WXX-2", None),
        ("two days", "P2D", None),
        ("March 2022", "2022-03", date(2022, 3, 1)),
    ]


def test_a_year_earlier_follows_the_quarter_last_named(dates):
    found = dates("Output fell in the fourth quarter, down on a year earlier.")
    assert [(s, v.value) for s, v in found] == [("the fourth quarter", "2023-Q4"), ("a year earlier", "2022-Q4")]


def test_provenance_points_at_the_sentence_and_characters(extract):
    text = "Nothing happened. Then on 4 March 2024 a missile struck."
    [mention] = extract(text, components=("dates",), report_date=REPORT_DATE).mentions
    assert (mention.span.sentence, text[mention.span.start : mention.span.end]) == (1, "4 March 2024")


@given(DAYS)
def test_any_iso_date_round_trips(found: date) -> None:
    assert normalize_timex(found.isoformat(), REPORT_DAY) == day(found.isoformat())


@given(st.integers(1, 30), DAYS)
def test_n_days_ago_is_n_days_before_the_report_date(n: int, report: date) -> None:
    assert normalize_timex(f"{n} days ago", report) == day((report - timedelta(days=n)).isoformat())


@given(DAYS, st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))
def test_a_bare_weekday_is_within_the_week_ending_the_day_after_the_report(report: date, weekday: str) -> None:
    value = normalize_timex(weekday, report)
    assert value is not None and value.start is not None
    assert -1 <= (report - value.start).days < 6 and value.start.strftime("%A") == weekday


@given(DAYS, st.integers(1, 12))
def test_a_yearless_month_is_at_most_a_year_from_the_report_date(report: date, month: int) -> None:
    window = timedelta(days=120)
    year = placed_year(date(report.year, month, 1), report, False, window)
    assert report - timedelta(days=366) <= date(year, month, 1) <= report + window


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia invaded on 24 February 2022. That day, missiles hit Kyiv.",
            [("24 February 2022", "2022-02-24"), ("That day", "2022-02-24")],
        ),
        (
            "Russia invaded on 24 February 2022. The following day, troops reached Hostomel.",
            [("24 February 2022", "2022-02-24"), ("The following day", "2022-02-25")],
        ),
        (
            "The bridge was first hit in 2022. The following year it was repaired.",
            [("2022", "2022"), ("The following year", "2023")],
        ),
        (
            "The drone struck on Saturday. A day earlier, shelling hit Kherson.",
            [("Saturday", "2024-03-16"), ("A day earlier", "2024-03-15")],
        ),
        (
            "The offensive began in March 2022. That day, convoys stalled.",
            [("March 2022", "2022-03"), ("That day", "2022-03-XX")],
        ),
        ("That week, convoys stalled.", [("That week", "2024-W12")]),
        (
            "Shelling resumed overnight. The previous night had been quiet.",
            [("overnight", "2024-03-18"), ("The previous night", "2024-03-17TNI")],
        ),
        (
            "On Saturday, at 3 a.m., drones struck Odesa.",
            [("Saturday", "2024-03-16"), ("3 a.m.", "2024-03-16T03:00")],
        ),
    ],
)
def test_anaphoric_dates_count_from_the_date_named_last(dates, text, expected):
    assert [(s, v.value) for s, v in dates(text)] == expected


ANAPHORS = [("that day", 0), ("the following day", 1), ("the previous day", -1), ("the next day", 1)]


@given(DAYS, st.sampled_from(ANAPHORS))
def test_a_day_named_then_referred_back_to_is_shifted_from_it(named: date, anaphor: tuple[str, int]) -> None:
    phrase, offset = anaphor
    text = f"The depot burned on {named.isoformat()}, and {phrase} the fire spread."
    found = timex_patterns().find(text, lambda _start, _end: Anchor(REPORT_DAY))
    assert [t.value.value for t in found] == [named.isoformat(), (named + timedelta(days=offset)).isoformat()]


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("The brigade withdrew in June.", "June", "2023-06"),
        ("The talks are expected in June.", "June", "2024-06"),
        ("The convoy had been hit in May.", "May", "2023-05"),
        ("Peace talks are scheduled to resume on Wednesday.", "Wednesday", "2024-03-20"),
        ("Exports fell in the first quarter.", "the first quarter", "2024-Q1"),
        ("Units rotated out this past spring.", "this past spring", "2023-SP"),
    ],
)
def test_the_clause_tense_places_dates_named_without_a_year(dates, sentence, span, value):
    assert [(s, v.value) for s, v in dates(sentence)] == [(span, value)]


def test_year_on_year_comparisons_follow_the_quarter_reported_on_not_later_forecasts(dates):
    text = (
        "Profit rose in the third quarter; it expects a weak fourth quarter. "
        "Sales were flat from a year earlier."
    )
    assert [(s, v.value) for s, v in dates(text)] == [
        ("the third quarter", "2023-Q3"),
        ("fourth quarter", "2023-Q4"),
        ("a year earlier", "2022-Q3"),
    ]


def test_after_a_span_of_months_a_year_earlier_is_the_year_before_the_one_reported_on(dates):
    found = dates(
        "Exports rose 9% in the third quarter. Over the first nine months they grew 5% on a year earlier."
    )
    assert [(s, v.value) for s, v in found] == [
        ("the third quarter", "2023-Q3"),
        ("the first nine months", "P9M"),
        ("a year earlier", "2022"),
    ]


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("The siege lasted two and a half years.", "two and a half years", "P2Y6M"),
        ("The ceasefire held for a day and a half.", "a day and a half", "P1DT12H"),
        ("Firing went on for half an hour.", "half an hour", "PT30M"),
        ("Fighting has gone on for weeks.", "weeks", "PXW"),
        ("The mission was extended for two more weeks.", "two more weeks", "P2W"),
        ("Trading stopped for eight trading days.", "eight trading days", "P8D"),
        ("A several-year lull ended.", "several-year", "PXY"),
        ("Aid deliveries should grow over the weeks ahead.", "the weeks ahead", "PXW"),
        ("Strikes continued over the past decade.", "the past decade", "P10Y"),
        ("Three days later, the town fell.", "Three days", "P3D"),
    ],
)
def test_lengths_of_time_with_fractions_vague_counts_and_qualifiers(dates, sentence, span, value):
    assert [(s, v.value, v.timex_type) for s, v in dates(sentence)] == [(span, value, "DURATION")]


@given(st.integers(1, 40))
def test_n_and_a_half_years_is_n_years_six_months(n: int) -> None:
    assert normalize_timex(f"{n} and a half years", REPORT_DAY) == TimeValue(f"P{n}Y6M", "DURATION")


def test_the_year_ended_a_date_is_a_years_length_and_the_date_a_day(dates):
    assert [(s, v.value) for s, v in dates("Revenue for the year ended Dec. 31 slipped.")] == [
        ("the year", "P1Y"),
        ("Dec. 31", "2023-12-31"),
    ]


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        ("Repairs should be done before the end of the year.", "the end of the year", "2024"),
        ("Losses for the year doubled.", "the year", "2024"),
        ("The town was rebuilt in the '90s.", "the '90s", "199"),
        ("Such raids were rare in the twenties.", "the twenties", "202"),
        ("Shelling hit the port mid-afternoon yesterday.", "mid-afternoon yesterday", "2024-03-17TAF"),
    ],
)
def test_years_decades_and_parts_of_days_named_in_words(dates, sentence, span, value):
    assert [(s, v.value) for s, v in dates(sentence)] == [(span, value)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Three-quarters of the fleet was hit.",
        "Well over a quarter of the drones were jammed.",
        "A second attack hit the port.",
    ],
)
def test_fractions_and_ordinals_are_not_lengths_of_time(dates, sentence):
    assert dates(sentence) == []


PHRASES = st.lists(st.text(alphabet="abAB -", min_size=0, max_size=6), min_size=1, max_size=8)


def _plain_alternation(phrases: list[str]) -> str:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@given(phrases=PHRASES, text=st.text(alphabet="abAB -\t", max_size=40), flags=st.sampled_from([0, re.I]))
def test_a_phrase_alternation_matches_what_the_longest_first_list_does(phrases, text, flags) -> None:
    # The trie form is a speed-up only: every match, in a context that can make the longer
    # phrase fail, is the longest-first list's.
    for context in ("({})", r"\b({})\b", "({})(?=a)", "({})b"):
        fast = re.compile(context.format(_alternation(phrases)), flags)
        plain = re.compile(context.format(_plain_alternation(phrases)), flags)
        assert [m.span(1) for m in fast.finditer(text)] == [m.span(1) for m in plain.finditer(text)]


@pytest.mark.parametrize(
    "sentence, span",
    [
        ("Talks resume in the THIRD QUARTER.", "the THIRD QUARTER"),
        ("A WEEK-LONG truce held.", "A WEEK-LONG"),
        ("The convoy left in the Winter of 2021.", "Winter of 2021"),
        # re takes a dotted capital I for an i, as str.lower does not
        ("Shelling stopped at MİDNİGHT.", "MİDNİGHT"),
    ],
)
def test_rare_expressions_are_found_in_any_capitals(dates, sentence, span):
    assert [text for text, _ in dates(sentence)] == [span]


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Shelling stopped at MİDNİGHT.", "2024-03-18T24:00"),
        ("The ſummer of 2021 was quiet.", "2021-SU"),
        ("The ſpring offenſive ſtalled.", "2024-SP"),
    ],
)
def test_letters_re_matches_as_ascii_resolve_like_them(dates, sentence, value):
    assert [found.value for _, found in dates(sentence)] == [value]
