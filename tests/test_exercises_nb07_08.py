"""The parts of notebooks 07's and 08's exercises that the generic tests do not reach.

The checks on the notebooks' own objects hide rows, train quick models and copy probabilities; these tests
make sure each of those does what the checks rely on, on synthetic tables only (never real rows). The
generic tests (tests/test_exercises.py) run the solutions, the blanks and the wrong answers.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import pandas as pd
import pytest

from helpers.embeddings import PiecewiseLinear
from helpers.exercises import nb07, nb08
from helpers.exercises.base import Status
from helpers.exercises.synthetic import synthetic_tracks
from helpers.fitting import class_weights
from helpers.preprocessing import prepare_data
from helpers.splits import honest_split


@pytest.fixture(scope="module")
def data() -> Any:
    return nb07.synthetic_data()


def test_hidden_rows_raise_whatever_touches_them(data: Any) -> None:
    shown = nb07.validation_only(data)
    for use in (np.asarray, len, lambda rows: rows[0], list):
        with pytest.raises(nb07.HiddenRowsUsed, match="hides the test rows"):
            use(shown.y_test)
        with pytest.raises(nb07.HiddenRowsUsed, match="hides the training rows' features"):
            use(shown.x_train)
    assert shown.x_val is data.x_val and shown.y_val is data.y_val and shown.y_train is data.y_train


def test_the_quick_trainer_fits_with_the_weighting_asked_for_and_records_it(data: Any) -> None:
    train = nb07.quick_trainer(data)
    weighted, own = train("balanced"), train({0: 1.0, 1: 2.0, 2: 3.0})
    assert weighted.model.estimator.class_weight == class_weights(data.y_train, data.n_classes, "balanced")
    assert own.model.estimator.class_weight == {0: 1.0, 1: 2.0, 2: 3.0}
    assert train("balanced") is weighted  # asked again: the same model, no new fit
    assert train.tried == [("balanced", weighted), ({0: 1.0, 1: 2.0, 2: 3.0}, own)]
    assert set(weighted.scores("validation")) == {"accuracy", "macro_f1", "balanced_accuracy"}
    with pytest.raises(nb07.HiddenRowsUsed):
        weighted.scores("test")


@pytest.mark.parametrize(("top", "cut"), [(True, (70,)), (False, (30,))])
def test_relabelled_rows_are_those_of_one_cut_point(top: bool, cut: tuple[int]) -> None:
    tracks = synthetic_tracks(150, 3)
    split = honest_split(tracks, 3)
    two = nb07.relabelled(prepare_data(tracks, (30, 70), split), top=top)
    wanted = prepare_data(tracks, cut, split)
    assert two.thresholds == cut and two.n_classes == 2
    for part in ("train", "validation", "test"):
        np.testing.assert_array_equal(two.part(part)[1], wanted.part(part)[1])


@pytest.mark.parametrize("hidden", [False, True])
def test_the_share_weights_cases_hold_every_class(hidden: bool) -> None:
    exercise = nb07.ShareWeights()
    for labels, shares in exercise.hidden_cases() if hidden else exercise.cases():
        assert np.bincount(labels, minlength=len(shares)).min() > 0 and np.isclose(shares.sum(), 1)


def test_the_decoding_reference_gives_back_the_encoded_values() -> None:
    edges = np.array([-1.0, -0.2, 0.5, 2.0])
    values = np.linspace(-3, 3, 61)
    encoded = keras.ops.convert_to_numpy(PiecewiseLinear([edges])(values[:, None].astype("float32")))[:, 0, :]
    assert np.allclose(nb08.PiecewiseLinearDecode().reference(encoded, edges), np.clip(values, -1, 2), atol=1e-5)


def test_a_blend_may_use_any_grid_and_any_way_of_writing_the_mix() -> None:
    def other_form(network: Any, trees: Any) -> tuple:
        weights = np.arange(0, 1.0001, 0.125)
        macro_f1 = {w: nb08.blend_scores(network, trees, w, "validation")["macro_f1"] for w in weights}
        weight = max(macro_f1, key=macro_f1.get)
        return weight, pd.Series(macro_f1), nb08.blend_scores(network, trees, weight, "test")["macro_f1"]

    assert nb08.BlendWeight().evaluate(other_form).status is Status.CORRECT


def test_an_answer_that_spoils_the_probabilities_does_not_spoil_the_check() -> None:
    def spoils(network: Any, trees: Any) -> tuple:
        network.probabilities("validation")[:] = trees.probabilities("validation")
        return nb08.blended(network, trees)

    exercise = nb08.BlendWeight()
    case = exercise.cases()[0]
    before = case[0].probabilities("validation").copy()
    got = exercise._call(spoils, case)  # as the check calls the answer: on copies of the models
    np.testing.assert_array_equal(case[0].probabilities("validation"), before)
    assert exercise.difference(got, None, case) is not None
    assert exercise.evaluate(spoils).status is Status.INCORRECT
