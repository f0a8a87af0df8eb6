"""Reports written with odd Unicode extract as their plain spelling would, with spans into the report."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ExtractFn
from warledger.extract.normalise import normalise
from warledger.model import Event, EventType, Extraction

SOFT_HYPHEN, ZERO_WIDTH_SPACE, ZERO_WIDTH_JOINER, NO_BREAK_SPACE = "\u00ad", "\u200b", "\u200d", "\u00a0"
COMBINING_DIAERESIS = "\u0308"
REMOVED = (SOFT_HYPHEN, ZERO_WIDTH_SPACE, ZERO_WIDTH_JOINER, "\u2060", "\ufeff")


def only_attack(extraction: Extraction) -> Event:
    (attack,) = [e for e in extraction.events if e.type is EventType.ATTACK]
    return attack


def assert_spans_slice(text: str, extraction: Extraction) -> None:
    spans = [m.span for m in extraction.mentions]
    spans += [e.trigger for e in extraction.events] + [f.span for e in extraction.events for f in e.fields]
    spans += [s for c in extraction.claims for s in (c.cue, c.content)]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text


def test_long_s_and_a_soft_hyphen_give_the_attack_its_attacker_and_place(extract: ExtractFn) -> None:
    text = f"Ruſſian forces ſtruck Khar{SOFT_HYPHEN}kiv on Monday."
    extraction = extract(text, report_date="2024-03-18")
    attack = only_attack(extraction)
    assert attack.value("attacker").value == "Russia"
    assert attack.value("place").value == "Kharkiv"
    assert attack.trigger.text == "ſtruck"
    assert attack.value("place").span.text == f"Khar{SOFT_HYPHEN}kiv"
    assert_spans_slice(text, extraction)


def test_a_separate_combining_accent_reads_as_the_precomposed_letter(extract: ExtractFn) -> None:
    separate = extract(f"Russian missiles hit Kyi{COMBINING_DIAERESIS}v overnight.", report_date="2024-03-18")
    precomposed = extract("Russian missiles hit Kyïv overnight.", report_date="2024-03-18")
    place = only_attack(separate).value("place")
    assert place.value == only_attack(precomposed).value("place").value == "Kyiv"
    assert place.span.text == f"Kyi{COMBINING_DIAERESIS}v"


def test_a_zero_width_space_inside_a_name_does_not_hide_the_place(extract: ExtractFn) -> None:
    text = f"Russian drones struck Zapo{ZERO_WIDTH_SPACE}rizhzhia on Monday."
    place = only_attack(extract(text, report_date="2024-03-18")).value("place")
    assert place.typed is not None and place.typed.country_code == "UA"
    assert place.span.text == f"Zapo{ZERO_WIDTH_SPACE}rizhzhia"


def test_fullwidth_letters_ligatures_and_no_break_spaces_read_as_plain_ones(extract: ExtractFn) -> None:
    text = f"Ｒｕｓｓｉａｎ{NO_BREAK_SPACE}troops fired ﬁfty drones at Kharkiv."
    extraction = extract(text, report_date="2024-03-18")
    attack = only_attack(extraction)
    assert attack.value("attacker").value == "Russia"
    assert attack.value("attacker").span.text == f"Ｒｕｓｓｉａｎ{NO_BREAK_SPACE}troops"
    assert attack.value("count").span.text == "ﬁfty"
    assert attack.value("count").typed.value == 50
    assert_spans_slice(text, extraction)


def test_sentences_are_kept_as_written(extract: ExtractFn) -> None:
    first, second = "Ruſſian drones hit Odesa.", f"Ukraine's air force said it downed ﬁve{SOFT_HYPHEN}."
    extraction = extract(f"{first} {second}", components=("actors",))
    assert [s.text for s in extraction.sentences] == [first, second]


def test_plain_text_is_returned_as_it_is() -> None:
    for text in ("Russian forces struck Kharkiv.", "“Kyiv’s” mayor — Vitali Klitschko — said so; café"):
        normalised = normalise(text)
        assert normalised.unchanged and normalised.text is text


def test_folding_spells_the_odd_characters_plainly() -> None:
    assert normalise("Ruſſian").text == "Russian"
    assert normalise(f"Khar{SOFT_HYPHEN}kiv{ZERO_WIDTH_SPACE}").text == "Kharkiv"
    assert normalise(f"Kyi{COMBINING_DIAERESIS}v").text == "Kyïv"
    assert normalise("ﬁve Ｋyiv").text == "five Kyiv"
    assert normalise(f"10{NO_BREAK_SPACE}km").text == "10 km"


def test_folding_keeps_what_would_change_a_number_or_split_a_word() -> None:
    for kept in ("an area of 10² km", "2½ years", "Kyiv´s mayor", "Kyiv¹", "School №36", "“We will…” he said"):
        assert normalise(kept).text == kept


def test_a_span_never_starts_or_ends_on_a_removed_character() -> None:
    text = f"{ZERO_WIDTH_SPACE}Kyiv{SOFT_HYPHEN} and ﬁve"
    normalised = normalise(text)
    assert normalised.text == "Kyiv and five"
    assert normalised.original_span(0, 4) == (1, 5)
    # Half of a ligature's letters map to the whole ligature.
    assert normalised.original_span(9, 10) == (11, 12)
    assert text[11:12] == "ﬁ"


ODD = [
    "ſ", "ﬁ", "ﬂ", "Ｋ", "ｙ", "\u212a", "ĳ", "…", "²", "½", "´", "İ", NO_BREAK_SPACE, "\u202f", "\u3000",
    COMBINING_DIAERESIS, "\u0301", *REMOVED,
]
WORDS = st.sampled_from(
    [
        "Russian", "forces", "struck", "Kharkiv", "Kyiv", "Odesa", "drones", "missiles", "fifty", "killed",
        "at", "least", "on", "Monday", "said", "the", "oblast", "2024", "3,000", ",", ".", "“", "”", "\n",
    ]
)


@st.composite
def odd_words(draw: st.DrawFn) -> str:
    """A word with odd characters put anywhere in it."""
    word = draw(WORDS)
    for character in draw(st.lists(st.sampled_from(ODD), max_size=3)):
        at = draw(st.integers(0, len(word)))
        word = word[:at] + character + word[at:]
    return word


TEXTS = st.lists(odd_words(), min_size=1, max_size=30).map(" ".join)


@given(text=TEXTS)
def test_every_word_of_the_folded_text_maps_to_original_characters_that_fold_to_it(text: str) -> None:
    normalised = normalise(text)
    for word in re.finditer(r"\S+", normalised.text):
        start, end = normalised.original_span(*word.span())
        assert 0 <= start <= end <= len(text)
        assert normalise(text[start:end]).text == word.group()


@settings(max_examples=30, deadline=None)
@given(text=TEXTS)
def test_every_span_extracted_from_odd_text_slices_it_and_folds_into_the_folded_text(
    extract: ExtractFn, text: str
) -> None:
    extraction = extract(text, report_date="2024-03-18")
    assert_spans_slice(text, extraction)
    folded = normalise(text).text
    spans = [m.span for m in extraction.mentions] + [f.span for e in extraction.events for f in e.fields]
    for span in spans:
        assert normalise(span.text).text in folded
        assert not span.text.startswith(REMOVED) and not span.text.endswith(REMOVED)
    for sentence in extraction.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
