"""Specification: boosted trees fitted with scikit-learn score the same once stored as data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from warledger.errors import ConfigError
from warledger.resolve.boosting import LEAF, Ensemble, Tree, fit_ensemble, load_ensemble

NAMES = ("same_word", "sentence_cosine", "noise")


def interacting_pairs(rows: int = 600) -> tuple[np.ndarray, np.ndarray]:
    """Pairs that corefer only when they share the word AND their sentences read alike."""
    generator = np.random.default_rng(7)
    x = np.column_stack(
        [generator.integers(0, 2, rows), generator.random(rows), generator.random(rows)]
    ).astype(float)
    y = ((x[:, 0] == 1) & (x[:, 1] > 0.6)).astype(float)
    return x, y


def test_the_stored_trees_score_exactly_as_scikit_learn_does() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    from warledger.resolve.boosting import FIT_SETTINGS

    x, y = interacting_pairs()
    ours = fit_ensemble(x, y, NAMES)
    reference = HistGradientBoostingClassifier(**FIT_SETTINGS).fit(x, y)
    probe = np.random.default_rng(1).random((200, 3))
    probe[:, 0] = np.round(probe[:, 0])
    assert np.allclose(ours.scores(probe), reference.predict_proba(probe)[:, 1])


def test_given_an_interaction_a_weighted_sum_cannot_say_the_trees_learn_it() -> None:
    x, y = interacting_pairs()
    trees = fit_ensemble(x, y, NAMES)
    same_word_alike, same_word_apart, other_word_alike = trees.scores(np.array([[1, 0.9, 0.5], [1, 0.2, 0.5], [0, 0.9, 0.5]]))
    assert same_word_alike > 0.9
    assert same_word_apart < 0.1 and other_word_alike < 0.1


def test_an_ensemble_saved_and_loaded_scores_the_same(tmp_path: Path) -> None:
    x, y = interacting_pairs()
    trees = fit_ensemble(x, y, NAMES, threshold=0.35)
    trees.save(tmp_path / "model.json")
    loaded = load_ensemble(tmp_path / "model.json")
    assert loaded.features == NAMES and loaded.threshold == 0.35 and len(loaded.trees) == len(trees.trees)
    assert np.array_equal(loaded.scores(x), trees.scores(x))


def test_a_malformed_model_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "coref_model.json"
    broken.write_text('{"features": ["a"], "trees": [', encoding="utf-8")
    with pytest.raises(ConfigError, match="coref_model.json"):
        load_ensemble(broken)


def test_rows_with_the_wrong_number_of_features_are_a_config_error() -> None:
    stump = Tree(
        feature=np.array([0, LEAF, LEAF]),
        threshold=np.array([0.5, 0.0, 0.0]),
        left=np.array([1, 0, 0]),
        right=np.array([2, 0, 0]),
        value=np.array([0.0, -2.0, 2.0]),
    )
    ensemble = Ensemble(("a", "b"), 0.0, (stump,), 0.5)
    assert ensemble.scores(np.array([[0.0, 9.0], [1.0, 9.0]])) == pytest.approx([1 / (1 + np.e**2), 1 / (1 + np.e**-2)])
    with pytest.raises(ConfigError, match="reads 2 features"):
        ensemble.scores(np.zeros((4, 3)))


def test_fitting_pairs_of_one_label_is_a_config_error() -> None:
    x, _ = interacting_pairs()
    with pytest.raises(ConfigError, match="both labels"):
        fit_ensemble(x, np.zeros(len(x)), NAMES)
