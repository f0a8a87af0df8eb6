"""TempEval-3 timex scoring: how predicted timexes are matched against gold ones, on tiny inputs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.errors import EvaluationError
from warledger.evaluate.timex import (
    GoldDocument,
    Timex,
    TimexScores,
    align,
    overlap,
    read_documents,
    score,
    score_document,
)
from warledger.extract.pipeline import Pipeline

timexes = st.lists(
    st.builds(
        lambda start, length, value: Timex(start, start + length, "DATE", value),
        st.integers(0, 60),
        st.integers(1, 12),
        st.sampled_from(["2024-03-18", "2024-03", "P3Y"]),
    ),
    max_size=6,
)


def test_overlap_counts_shared_characters() -> None:
    assert overlap(Timex(0, 10, "DATE", "x"), Timex(5, 20, "DATE", "x")) == 5
    assert overlap(Timex(0, 10, "DATE", "x"), Timex(10, 20, "DATE", "x")) == 0


def test_sunday_for_gold_sunday_morning_is_relaxed_but_not_strict() -> None:
    gold = [Timex(10, 24, "TIME", "2024-03-17TMO")]
    predicted = [Timex(10, 16, "DATE", "2024-03-17")]
    assert score_document(gold, predicted) == TimexScores(
        gold=1, predicted=1, strict=0, relaxed=1, type_correct=0, value_correct=0
    )


def test_exact_extent_with_the_right_value_counts_everywhere() -> None:
    gold = [Timex(0, 13, "DATE", "2022-02"), Timex(30, 41, "DURATION", "P3Y")]
    predicted = [Timex(0, 13, "DATE", "2022-02"), Timex(30, 41, "DURATION", "P2Y")]
    assert score_document(gold, predicted) == TimexScores(2, 2, 2, 2, 2, 1)


def test_matching_is_one_to_one_largest_overlap_first() -> None:
    gold = [Timex(0, 6, "DATE", "a"), Timex(11, 20, "DATE", "b")]
    predicted = [Timex(0, 20, "DATE", "b")]
    # the long prediction overlaps "b" (9 characters) more than "a" (6): one match, with "b"
    assert align(gold, predicted) == [(gold[1], predicted[0])]


def test_figures_follow_tempeval3() -> None:
    scores = TimexScores(gold=4, predicted=5, strict=2, relaxed=4, type_correct=3, value_correct=2)
    # relaxed P = 4/5, R = 4/4 -> F1 = 8/9; value accuracy 2/4 -> value F1 = 0.5 * 8/9
    assert scores.figures() == {
        "strict_f1": round(2 * (2 / 5) * (2 / 4) / (2 / 5 + 2 / 4), 4),
        "relaxed_f1": round(8 / 9, 4),
        "type_accuracy": 0.75,
        "value_f1": round(4 / 9, 4),
    }


def test_no_predictions_score_zero_without_dividing_by_zero() -> None:
    assert TimexScores(gold=3).figures() == {
        "strict_f1": 0.0,
        "relaxed_f1": 0.0,
        "type_accuracy": 0.0,
        "value_f1": 0.0,
    }


@given(timexes, timexes)
def test_counts_never_exceed_what_exists(gold: list[Timex], predicted: list[Timex]) -> None:
    scores = score_document(gold, predicted)
    assert scores.strict <= scores.relaxed <= min(scores.gold, scores.predicted)
    assert scores.value_correct <= scores.relaxed and scores.type_correct <= scores.relaxed


@given(timexes)
def test_a_perfect_system_scores_one(gold: list[Timex]) -> None:
    disjoint = [t for i, t in enumerate(gold) if all(overlap(t, u) == 0 for u in gold[:i])]
    figures = score_document(disjoint, disjoint).figures()
    assert disjoint == [] or figures == {"strict_f1": 1.0, "relaxed_f1": 1.0, "type_accuracy": 1.0, "value_f1": 1.0}


def test_adding_scores_adds_counts() -> None:
    assert TimexScores(1, 2, 0, 1, 1, 0) + TimexScores(3, 1, 1, 1, 0, 1) == TimexScores(4, 3, 1, 2, 1, 1)


def record(doc_id: str) -> dict[str, object]:
    text = "\nStocks slid last week."
    return {
        "id": doc_id,
        "corpus": "TimeBank",
        "dct": "2011-05-19",
        "dct_value": "2011-05-19",
        "title": None,
        "text": text,
        "timexes": [{"start": 13, "end": 22, "text": "last week", "type": "DATE", "value": "2011-W19",
                     "tid": "t1", "mod": None, "anchorTimeID": None, "temporalFunction": "true"}],
    }


def test_reads_documents_with_their_creation_date_up_to_the_limit(tmp_path: Path) -> None:
    data = tmp_path / "dev.jsonl"
    data.write_text("\n".join(json.dumps(record(i)) for i in ("a", "b", "c")) + "\n", encoding="utf-8")
    assert read_documents(data, limit=2) == [
        GoldDocument(i, "\nStocks slid last week.", date(2011, 5, 19), (Timex(13, 22, "DATE", "2011-W19"),))
        for i in ("a", "b")
    ]


@pytest.mark.parametrize("line", ["{not json", json.dumps({"id": "x", "text": "t"})])
def test_unreadable_records_raise_an_evaluation_error(tmp_path: Path, line: str) -> None:
    data = tmp_path / "dev.jsonl"
    data.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError):
        read_documents(data)


def test_the_pipeline_resolves_against_each_documents_creation_date() -> None:
    text = "Prices fell last week and rose on Tuesday."
    gold = GoldDocument("d", text, date(2011, 5, 19), (
        Timex(12, 21, "DATE", "2011-W19"),
        Timex(34, 41, "DATE", "2011-05-17"),
    ))
    assert score([gold], Pipeline(("dates",))) == TimexScores(2, 2, 2, 2, 2, 2)
