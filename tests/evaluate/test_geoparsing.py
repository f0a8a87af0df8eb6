"""The geoparsing scorer's rules, pinned on tiny hand-made inputs."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.errors import EvaluationError
from warledger.evaluate.geoparsing import (
    GoldDocument,
    Located,
    accuracy_at,
    error_auc,
    error_km,
    match_spans,
    read_documents,
    score,
)


def at(start: int, end: int, lat: float = 0.0, lon: float = 0.0) -> Located:
    return Located(start, end, lat, lon)


def test_overlapping_spans_match_and_touching_ones_do_not() -> None:
    gold = [at(0, 7), at(10, 15), at(20, 25)]
    predicted = [at(3, 12), at(15, 20), at(22, 24)]
    pairs = match_spans(gold, predicted)
    assert pairs == [(gold[0], predicted[0]), (gold[2], predicted[2])]


def test_each_prediction_matches_at_most_one_gold_span() -> None:
    gold = [at(0, 5), at(6, 10)]
    predicted = [at(0, 10)]
    assert len(match_spans(gold, predicted)) == 1


def test_accuracy_counts_errors_strictly_below_161_km() -> None:
    assert accuracy_at([0.0, 160.9, 161.0, 500.0]) == 0.5
    assert accuracy_at([]) == 0.0


def test_auc_of_all_exact_answers_is_zero_and_of_antipodes_is_one() -> None:
    assert error_auc([0.0, 0.0, 0.0]) == 0.0
    assert error_auc([20015.0, 20015.0]) == pytest.approx(1.0, abs=1e-3)


def test_auc_integrates_sorted_log_errors_with_the_trapezoid_rule() -> None:
    errors = [math.e - 1, 0.0]
    expected = ((0.0 + 1.0) / 2) / (math.log(20039) * 1)
    assert error_auc(errors) == pytest.approx(expected)


@given(st.lists(st.floats(0, 20015), min_size=1, max_size=30))
def test_auc_lies_in_the_unit_interval(errors: list[float]) -> None:
    """20,015 km is the longest great-circle error on a sphere of the Earth's mean radius."""
    assert 0.0 <= error_auc(errors) <= 1.0


def test_error_is_great_circle_distance() -> None:
    one_degree = error_km(at(0, 1, 0.0, 0.0), at(0, 1, 1.0, 0.0))
    assert one_degree == pytest.approx(111.2, abs=0.2)


def test_score_reports_recall_precision_and_resolution_per_corpus() -> None:
    text = "Kharkiv and Lviv and Odesa."
    gold = GoldDocument("x:1", "Demo", text, None, (at(0, 7, 50.0, 36.25), at(12, 16, 49.84, 24.03)))
    predicted = [at(0, 7, 50.0, 36.25), at(12, 16, 40.0, 24.03), at(21, 26, 46.5, 30.7)]
    figures, counts = score([gold], [predicted])
    demo = figures["per_corpus"]["Demo"]
    assert counts["Demo"] == {"gold": 2, "predicted": 3, "matched": 2}
    assert demo["recall"] == 1.0
    assert demo["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert demo["acc_161km"] == 0.5


def test_read_documents_limits_each_corpus_and_tolerates_odd_dates(tmp_path: Path) -> None:
    records = [
        {"id": f"{c}:{i}", "corpus": c, "text": "Kyiv", "date": d, "toponyms": [{"start": 0, "end": 4, "lat": 50.45, "lon": 30.52}]}
        for c in ("A", "B")
        for i, d in enumerate(("2024-01-02", "December 1", None))
    ]
    data = tmp_path / "set.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    documents = read_documents(data, limit=2)
    assert [d.id for d in documents] == ["A:0", "A:1", "B:0", "B:1"]
    assert documents[0].date is not None and documents[1].date is None


def test_a_broken_record_is_an_evaluation_error(tmp_path: Path) -> None:
    data = tmp_path / "set.jsonl"
    data.write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError):
        read_documents(data)
