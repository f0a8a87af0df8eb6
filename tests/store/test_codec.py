"""The codec of typed values: whatever is stored reads back as the same value, and text that is
not a stored value is refused with a StoreError."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.errors import StoreError
from warledger.model import (
    Actor,
    MentionValue,
    Place,
    PlaceCandidate,
    Precision,
    Qualifier,
    Quantity,
    Source,
    Span,
    TimeValue,
    Weapon,
)
from warledger.store.codec import decode_value, encode_value

texts = st.text(max_size=12)
optional_texts = st.none() | texts
# JSON has no NaN; a whole number may be given as an int, as extractors do ("three" -> 3).
numbers = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**6, 10**6)
days = st.dates(min_value=date(1, 1, 1))
spans = st.builds(Span, texts, st.integers(0, 50), st.integers(0, 10**4), st.integers(0, 10**4), texts)
candidates = st.builds(
    PlaceCandidate, st.integers(0, 10**7), texts, numbers, numbers, optional_texts, optional_texts,
    optional_texts, texts, st.integers(0, 10**7), numbers,
)
values: st.SearchStrategy[MentionValue] = st.one_of(
    st.builds(Actor, texts, texts, texts, optional_texts),
    st.builds(Weapon, texts, texts, texts, optional_texts, st.booleans()),
    st.builds(
        Place, texts, st.none() | st.integers(0, 10**7), numbers, numbers, optional_texts, optional_texts,
        optional_texts, texts, st.lists(candidates, max_size=3).map(tuple),
    ),
    st.builds(TimeValue, texts, texts, st.none() | st.sampled_from(Precision), st.none() | days, st.none() | days),
    st.builds(
        Quantity, st.none() | numbers, st.none() | numbers, st.none() | numbers, st.sampled_from(Qualifier),
        optional_texts,
    ),
    st.builds(Source, texts, texts, optional_texts, optional_texts, optional_texts, st.none() | spans),
)


@given(values)
def test_every_storable_value_reads_back_as_itself(value: MentionValue) -> None:
    decoded = decode_value(encode_value(value))
    assert decoded == value
    assert type(decoded) is type(value)


def test_a_reading_comes_back_typed_as_the_model_declares() -> None:
    place = Place("Kharkiv", 706483, 49.98, 36.25, "Kharkiv Oblast", "Ukraine", "UA", "city", (
        PlaceCandidate(706483, "Kharkiv", 50, 36, "Kharkiv Oblast", "Ukraine", "UA", "PPLA", 1_430_885),
    ))
    monday = TimeValue("2024-03-18", "DATE", Precision.DAY, date(2024, 3, 18), date(2024, 3, 18))
    three = Quantity(3, 3, 3, Qualifier.EXACT, "missiles")

    read_place = decode_value(encode_value(place))
    assert isinstance(read_place, Place)
    assert type(read_place.candidates) is tuple
    assert type(read_place.candidates[0]) is PlaceCandidate
    assert type(read_place.candidates[0].lat) is float
    read_monday = decode_value(encode_value(monday))
    assert isinstance(read_monday, TimeValue)
    assert read_monday.precision is Precision.DAY
    assert read_monday.start == date(2024, 3, 18)
    read_three = decode_value(encode_value(three))
    assert isinstance(read_three, Quantity)
    assert (type(read_three.value), read_three.qualifier) == (float, Qualifier.EXACT)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"id": "RU", "name": "Russia", "kind": "state"}',
        '{"type": "tank", "id": "T-72"}',
        '{"type": "actor", "id": "RU", "name": "Russia", "kind": "state", "colour": "red"}',
        '{"type": "actor", "id": "RU"}',
        '{"type": "time", "value": "2024", "timex_type": "DATE", "precision": "fortnight"}',
        '{"type": "time", "value": "2024", "timex_type": "DATE", "start": "18 March"}',
        '{"type": "place", "name": "Kharkiv", "geonames_id": null, "lat": 1, "lon": 2, "admin1": null,'
        ' "country": null, "country_code": null, "feature": "city", "candidates": [{"name": "Kharkiv"}]}',
    ],
)
def test_text_that_is_not_a_stored_value_is_refused(text: str) -> None:
    with pytest.raises(StoreError, match="cannot be decoded"):
        decode_value(text)


def test_a_value_of_no_storable_type_is_refused() -> None:
    with pytest.raises(StoreError, match="not a storable mention value"):
        encode_value(date(2024, 3, 18))  # type: ignore[arg-type]
