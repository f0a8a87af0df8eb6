"""Quantities: given a report sentence, these numbers, qualifiers, bounds and counted nouns come out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.extract.quantities import QuantityVocabulary, find_quantities, parse_quantity
from warledger.model import Qualifier, Quantity

APPROX = Qualifier.APPROXIMATELY


def quantities(extract, text: str) -> list[tuple[str, Quantity]]:
    """The quantity mentions of ``text`` as (span text, value) pairs, in text order."""
    extraction = extract(text, components=("quantities",), report_date="2024-03-18")
    return [(m.span.text, m.value) for m in extraction.mentions if m.kind == "quantity"]


@pytest.mark.parametrize(
    ("sentence", "span", "expected"),
    [
        (
            "Russia has launched North Korean missiles at Ukraine approximately 50 times.",
            "approximately 50",
            Quantity(50, None, None, APPROX, "times"),
        ),
        (
            "The strike involved at least three DPRK ballistic missiles aimed at Kharkiv.",
            "at least three",
            Quantity(3, 3, None, Qualifier.AT_LEAST, "missiles"),
        ),
        (
            "The missiles have been used in at least six Ukrainian regions.",
            "at least six",
            Quantity(6, 6, None, Qualifier.AT_LEAST, "regions"),
        ),
        (
            "Pyongyang shipped around 7,000 containers of munitions to Russia.",
            "around 7,000",
            Quantity(7000, None, None, APPROX, "containers"),
        ),
        (
            "The army received 12 howitzers last month.",
            "12",
            Quantity(12, 12, 12, Qualifier.EXACT, "howitzers"),
        ),
        (
            "Officials said fifty-two drones were shot down.",
            "fifty-two",
            Quantity(52, 52, 52, Qualifier.EXACT, "drones"),
        ),
        (
            "Kyiv asked for two hundred interceptors.",
            "two hundred",
            Quantity(200, 200, 200, Qualifier.EXACT, "interceptors"),
        ),
        (
            "The fighting displaced 1.5 million people.",
            "1.5 million",
            Quantity(1_500_000, 1_500_000, 1_500_000, Qualifier.EXACT, "people"),
        ),
        (
            "The plant produced 2.3m shells.",
            "2.3m",
            Quantity(2_300_000, 2_300_000, 2_300_000, Qualifier.EXACT, "shells"),
        ),
        (
            "Engineers cleared a dozen trucks from the road.",
            "a dozen",
            Quantity(12, 12, 12, Qualifier.EXACT, "trucks"),
        ),
        (
            "Dozens of drones crossed the border overnight.",
            "Dozens",
            Quantity(None, 24, None, Qualifier.AT_LEAST, "drones"),
        ),
        (
            "Hundreds of residents fled the town.",
            "Hundreds",
            Quantity(None, 200, None, Qualifier.AT_LEAST, "residents"),
        ),
        (
            "Tens of thousands of troops massed near the border.",
            "Tens of thousands",
            Quantity(None, 20_000, None, Qualifier.AT_LEAST, "troops"),
        ),
        (
            "Air defences intercepted more than 300 missiles.",
            "more than 300",
            Quantity(300, 300, None, Qualifier.MORE_THAN, "missiles"),
        ),
        (
            "The brigade lost no more than four tanks.",
            "no more than four",
            Quantity(4, None, 4, Qualifier.AT_MOST, "tanks"),
        ),
        (
            "The convoy carried up to 10 launchers.",
            "up to 10",
            Quantity(10, None, 10, Qualifier.UP_TO, "launchers"),
        ),
        (
            "The unit fired fewer than 20 rockets.",
            "fewer than 20",
            Quantity(20, None, 20, Qualifier.FEWER_THAN, "rockets"),
        ),
        (
            "Between 5 and 7 drones were shot down over the city.",
            "Between 5 and 7",
            Quantity(None, 5, 7, Qualifier.RANGE, "drones"),
        ),
        (
            "Witnesses counted 5-7 missiles over the port.",
            "5-7",
            Quantity(None, 5, 7, Qualifier.RANGE, "missiles"),
        ),
        (
            "The depot held from 40 to 60 vehicles.",
            "from 40 to 60",
            Quantity(None, 40, 60, Qualifier.RANGE, "vehicles"),
        ),
        (
            "Two or three tanks were destroyed near the bridge.",
            "Two or three",
            Quantity(None, 2, 3, Qualifier.RANGE, "tanks"),
        ),
        (
            "Guerrillas destroyed 10 or more launchers.",
            "10 or more",
            Quantity(10, 10, None, Qualifier.AT_LEAST, "launchers"),
        ),
        (
            "Prices rose 5% after the blockade.",
            "5",
            Quantity(5, 5, 5, Qualifier.EXACT, "percent"),
        ),
        (
            "Washington approved $5 million in aid.",
            "$5 million",
            Quantity(5_000_000, 5_000_000, 5_000_000, Qualifier.EXACT, "usd"),
        ),
        (
            "Up to 10 Shahed-136 drones were launched at Odesa.",
            "Up to 10",
            Quantity(10, None, 10, Qualifier.UP_TO, "drones"),
        ),
    ],
)
def test_a_reported_number_comes_out_with_its_qualifier_bounds_and_counted_noun(
    extract, sentence: str, span: str, expected: Quantity
) -> None:
    assert quantities(extract, sentence) == [(span, expected)]


def test_a_number_counting_no_noun_keeps_an_empty_unit(extract) -> None:
    found = quantities(extract, "The attack killed 12 and injured 30 in Kharkiv.")
    assert found == [
        ("12", Quantity(12, 12, 12, Qualifier.EXACT, None)),
        ("30", Quantity(30, 30, 30, Qualifier.EXACT, None)),
    ]


def test_a_plural_noun_makes_a_year_like_number_a_count(extract) -> None:
    assert quantities(extract, "About 1500 soldiers crossed the river.") == [
        ("About 1500", Quantity(1500, None, None, APPROX, "soldiers"))
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        " date 2024-03-18 The war entered its third year.",
        "Since the invasion began in February 2022, the front has moved little.",
        "Fighting resumed in 2022 and again in 2023.",
        "The 2014 annexation of Crimea preceded the war.",
        "The talks are set for March 5 in Geneva.",
        "The ceasefire began on 5 March.",
        "Sirens sounded at 10:30 and again at 10 a.m.",
        "Shelling continued for three days.",
        "The strikes of 24-25 February hit the grid.",
        "Russia used Kh-101, S-300 and Su-34 assets alongside T-72 and BM-21 systems.",
        "Ukraine received M777 howitzers and F-16 jets.",
        "Iran supplied Shahed-136 drones to Moscow.",
        "The 155mm shells were delayed.",
        "It was one of the largest attacks of the war, and no one was hurt.",
        "The 15-member council met after the strike.",
        "Casualty rates were compared for the years from 1994 to 2007.",
        "Veterans of World War 2 laid wreaths.",
    ],
)
def test_dates_times_ordinals_and_designations_are_not_quantities(extract, sentence: str) -> None:
    assert quantities(extract, sentence) == []


def test_a_mention_span_points_at_its_characters_and_sentence(extract) -> None:
    text = "The city was calm. Then at least three missiles struck the port."
    extraction = extract(text, components=("quantities",))
    (mention,) = [m for m in extraction.mentions if m.kind == "quantity"]
    assert text[mention.span.start : mention.span.end] == "at least three"
    assert mention.span.sentence == 1


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("at least three", Quantity(3, 3, None, Qualifier.AT_LEAST)),
        ("about 50", Quantity(50, None, None, APPROX)),
        ("an estimated 7,000", Quantity(7000, None, None, APPROX)),
        ("between 5 and 7", Quantity(None, 5, 7, Qualifier.RANGE)),
        ("5 to 7", Quantity(None, 5, 7, Qualifier.RANGE)),
        ("1.5 to 2 million", Quantity(None, 1_500_000, 2_000_000, Qualifier.RANGE)),
        ("a dozen", Quantity(12, 12, 12, Qualifier.EXACT)),
        ("three dozen", Quantity(36, 36, 36, Qualifier.EXACT)),
        ("several hundred", Quantity(None, 300, None, Qualifier.AT_LEAST)),
        ("two hundred and fifty thousand", Quantity(250_000, 250_000, 250_000, Qualifier.EXACT)),
        ("5bn", Quantity(5e9, 5e9, 5e9, Qualifier.EXACT)),
        ("no fewer than 40", Quantity(40, 40, None, Qualifier.AT_LEAST)),
        ("in excess of 100", Quantity(100, 100, None, Qualifier.MORE_THAN)),
        ("a maximum of 8", Quantity(8, None, 8, Qualifier.AT_MOST)),
        ("$1.2 trillion", Quantity(1.2e12, 1.2e12, 1.2e12, Qualifier.EXACT, "usd")),
        ("more than a million", Quantity(1e6, 1e6, None, Qualifier.MORE_THAN)),
        ("approximately 5 to 7", Quantity(None, 5, 7, Qualifier.RANGE)),
    ],
)
def test_parse_quantity_reads_a_phrase(phrase: str, expected: Quantity) -> None:
    assert parse_quantity(phrase) == expected


@pytest.mark.parametrize(
    "phrase", ["", "third", "3rd", "Kh-101", "2024-03-18", "10:30", "five seven", "at least three missiles"]
)
def test_parse_quantity_rejects_what_is_not_exactly_one_quantity(phrase: str) -> None:
    assert parse_quantity(phrase) is None


@given(st.integers(min_value=0, max_value=10**12))
def test_any_integer_with_thousands_separators_round_trips(n: int) -> None:
    assert parse_quantity(f"{n:,}") == Quantity(n, n, n, Qualifier.EXACT)


@given(
    st.integers(min_value=0, max_value=10**9),
    st.sampled_from(sorted(QuantityVocabulary.load().qualifiers)),
)
def test_a_qualifier_phrase_sets_the_qualifier_and_its_bound(n: int, phrase: str) -> None:
    vocab = QuantityVocabulary.load()
    qualifier = vocab.qualifiers[phrase]
    quantity = parse_quantity(f"{phrase} {n:,}")
    assert quantity is not None and quantity.qualifier is qualifier and quantity.value == n
    bound = vocab.bounds[qualifier]
    assert (quantity.low, quantity.high) == (n if bound == "low" else None, n if bound == "high" else None)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_between_two_numbers_is_a_range(low: int, gap: int) -> None:
    assert parse_quantity(f"between {low:,} and {low + gap:,}") == Quantity(
        None, low, low + gap, Qualifier.RANGE
    )


UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def in_words(n: int) -> str:
    """``n`` (below a million) written out in British style: "two hundred and fifty-three thousand"."""
    if n < 20:
        return UNITS[n]
    if n < 100:
        return TENS[n // 10 - 2] + ("" if n % 10 == 0 else f"-{UNITS[n % 10]}")
    if n < 1000:
        rest = n % 100
        return f"{UNITS[n // 100]} hundred" + ("" if rest == 0 else f" and {in_words(rest)}")
    rest = n % 1000
    tail = "" if rest == 0 else (f" and {in_words(rest)}" if rest < 100 else f" {in_words(rest)}")
    return f"{in_words(n // 1000)} thousand{tail}"


@given(st.integers(min_value=0, max_value=999_999))
def test_a_number_written_in_words_reads_as_its_value(n: int) -> None:
    assert parse_quantity(in_words(n)) == Quantity(n, n, n, Qualifier.EXACT)


@given(st.text(max_size=60))
def test_any_text_yields_well_formed_spans(text: str) -> None:
    for found in find_quantities(text):
        assert 0 <= found.start < found.end <= len(text)
        assert parse_quantity(text[found.start : found.end]) == found.quantity
