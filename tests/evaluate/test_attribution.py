"""Attribution scoring: how predicted spans are matched against gold spans, on tiny inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.errors import EvaluationError
from warledger.evaluate.attribution import (
    exact_matches,
    overlap_matches,
    read_articles,
    score_role,
    shared_characters,
)

single = st.tuples(st.integers(0, 50), st.integers(1, 10)).map(lambda p: ((p[0], p[0] + p[1]),))


def test_shared_characters_counts_every_fragment() -> None:
    assert shared_characters(((0, 10),), ((5, 20),)) == 5
    assert shared_characters(((0, 10),), ((10, 20),)) == 0
    assert shared_characters(((0, 4), (8, 12)), ((2, 10),)) == 4


def test_exact_needs_identical_pieces_and_counts_repeats_once_each() -> None:
    gold = [((0, 5),), ((0, 5),), ((10, 20),)]
    assert exact_matches([((0, 5),)], gold) == 1
    assert exact_matches([((0, 5),), ((0, 5),), ((0, 5),)], gold) == 2
    assert exact_matches([((0, 20),)], [((0, 5), (10, 20))]) == 0


def test_overlap_is_one_to_one() -> None:
    # one long prediction over two gold spans earns one match, not two
    assert overlap_matches([((0, 30),)], [((0, 5),), ((10, 20),)]) == 1
    assert overlap_matches([((0, 3),), ((4, 8),)], [((0, 10),)]) == 1


def test_overlap_finds_the_largest_pairing() -> None:
    # a greedy pass pairing the first prediction with the first gold span would find only one
    predicted = [((0, 12),), ((8, 10),)]
    gold = [((8, 10),), ((0, 4),)]
    assert overlap_matches(predicted, gold) == 2


def test_overlap_matches_discontinuous_gold_on_any_fragment() -> None:
    assert overlap_matches([((40, 45),)], [((0, 10), (40, 50))]) == 1
    assert overlap_matches([((20, 30),)], [((0, 10), (40, 50))]) == 0


@given(st.lists(single, max_size=6), st.lists(single, max_size=6))
def test_matches_are_bounded_and_exact_implies_overlap(predicted: list, gold: list) -> None:
    score = score_role(predicted, gold)
    assert score.exact <= score.overlap <= min(len(predicted), len(gold))
    assert 0.0 <= score.overlap_tally.f1 <= 1.0


def test_perfect_prediction_scores_one() -> None:
    spans = [((0, 5),), ((7, 9),)]
    score = score_role(spans, spans)
    assert score.exact_tally.f1 == score.overlap_tally.f1 == 1.0


def test_gold_roles_are_read_with_fragments_and_missing_sources(tmp_path: Path) -> None:
    record = {
        "id": "polnear/dev/x",
        "text": "Aid arrived, he said, on time.",
        "publication_date": "2016-11-02",
        "attributions": [
            {
                "id": "E1",
                "source": None,
                "cue": {"start": 16, "end": 20, "text": "said"},
                "content": {"start": 0, "end": 29, "text": "...",
                            "fragments": [{"start": 0, "end": 11}, {"start": 22, "end": 29}]},
                "no_source": True,
            }
        ],
    }
    data = tmp_path / "dev.jsonl"
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = read_articles(data)
    assert article.spans == {"source": [], "cue": [((16, 20),)], "content": [((0, 11), (22, 29))]}


def test_a_malformed_line_is_an_evaluation_error(tmp_path: Path) -> None:
    data = tmp_path / "dev.jsonl"
    data.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="article 1"):
        list(read_articles(data))
