"""helpers.models: FittedModel predicts and scores any Classifier alike; ensembles; the decision rule's offsets.

A stand-in classifier answers fixed probabilities, so these tests need no fitting at all.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from helpers.evaluation import scores
from helpers.exercises.synthetic import synthetic_tracks
from helpers.models import FittedModel, ensemble, tune_offsets
from helpers.preprocessing import Part, PreparedData, prepare_data
from helpers.splits import honest_split

PARTS = ("train", "validation", "test")


@pytest.fixture(scope="module")
def data() -> PreparedData:
    frame = synthetic_tracks(200, seed=3)
    return prepare_data(frame, (30, 70), honest_split(frame, seed=0))


class Fixed:
    """A Classifier that answers the given probabilities for each part, and counts how often it is asked."""

    def __init__(self, probabilities: dict[str, np.ndarray]) -> None:
        self.table, self.asked = probabilities, []

    def probabilities(self, data: PreparedData, part: Part) -> np.ndarray:
        self.asked.append(part)
        return self.table[part]


def random_probabilities(data: PreparedData, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {part: rng.dirichlet(np.ones(data.n_classes), len(data.part(part)[1])).astype(np.float32) for part in PARTS}


def test_probabilities_are_asked_once_per_part_as_float64(data: PreparedData) -> None:
    table = random_probabilities(data, seed=0)
    classifier = Fixed(table)
    fitted = FittedModel(classifier, data)
    for part in PARTS * 2:
        probabilities = fitted.probabilities(part)
        assert probabilities.dtype == np.float64
        np.testing.assert_array_equal(probabilities, table[part].astype(np.float64))
    assert classifier.asked == list(PARTS)


def test_predictions_and_scores_follow_the_probabilities(data: PreparedData) -> None:
    table = random_probabilities(data, seed=1)
    fitted = FittedModel(Fixed(table), data)
    for part in PARTS:
        np.testing.assert_array_equal(fitted.predict(part), table[part].argmax(axis=1))
        assert fitted.scores(part) == scores(data.part(part)[1], table[part].argmax(axis=1))


def test_offsets_move_the_decision_towards_a_class(data: PreparedData) -> None:
    table = random_probabilities(data, seed=2)
    plain = FittedModel(Fixed(table), data)
    pushed = dataclasses.replace(plain, offsets=np.array([0.0, 0.0, 2.0]))
    log_p = np.log(table["test"].astype(np.float64))
    np.testing.assert_array_equal(pushed.predict("test"), (log_p + [0, 0, 2]).argmax(axis=1))
    assert (pushed.predict("test") == 2).sum() > (plain.predict("test") == 2).sum()


def test_an_ensemble_averages_its_members(data: PreparedData) -> None:
    tables = [random_probabilities(data, seed) for seed in (3, 4, 5)]
    members = [FittedModel(Fixed(table), data, seconds=seconds, n_parameters=n)
               for table, seconds, n in zip(tables, (1.0, 2.0, 4.0), (10, 20, 30))]
    averaged = ensemble(members)
    for part in PARTS:
        expected = np.mean([table[part].astype(np.float64) for table in tables], axis=0)
        np.testing.assert_allclose(averaged.probabilities(part), expected, rtol=1e-12)
    assert averaged.data is data and averaged.seconds == 7.0 and averaged.n_parameters == 60
    assert averaged.rounds is None and averaged.history is None


def test_an_ensemble_with_a_member_without_weights_has_none(data: PreparedData) -> None:
    members = [FittedModel(Fixed(random_probabilities(data, 6)), data, n_parameters=10),
               FittedModel(Fixed(random_probabilities(data, 7)), data)]
    assert ensemble(members).n_parameters is None


def rare_class_data(data: PreparedData) -> tuple[PreparedData, dict[str, np.ndarray]]:
    """Validation rows whose true class is never the most probable one unless offsets lift classes 1 and 2.

    Class 0 rows get (0.7, 0.2, 0.1), class 1 rows (0.5, 0.4, 0.1), class 2 rows (0.6, 0.1, 0.3): class 0 always
    wins as the rule stands, yet offsets of about 0.3-1.2 for class 1 and 0.7-1.6 for class 2 separate all three.
    """
    y_val = np.arange(len(data.y_val)) % 3
    rows = np.array([[0.7, 0.2, 0.1], [0.5, 0.4, 0.1], [0.6, 0.1, 0.3]])
    table = {"train": rows[data.y_train], "validation": rows[y_val], "test": rows[np.zeros(len(data.y_test), int)]}
    return dataclasses.replace(data, y_val=y_val), table


def test_tuned_offsets_find_the_rule_that_maximises_validation_macro_f1(data: PreparedData) -> None:
    relabelled, table = rare_class_data(data)
    plain = FittedModel(Fixed(table), relabelled)
    tuned = tune_offsets(plain)
    assert plain.scores("validation")["macro_f1"] < 0.5
    assert tuned.scores("validation")["macro_f1"] == 1.0
    assert tuned.offsets[0] == 0 and 0.22 < tuned.offsets[1] < 1.26 and 0.69 < tuned.offsets[2] < 1.64
    assert plain.offsets is None  # the untuned model is unchanged
    np.testing.assert_array_equal(tuned.probabilities("test"), plain.probabilities("test"))


def test_tuned_offsets_use_the_validation_rows_only(data: PreparedData) -> None:
    relabelled, table = rare_class_data(data)
    other_test = {**table, "test": table["validation"][: len(data.y_test)], "train": table["test"][:1]}
    other = dataclasses.replace(relabelled, y_test=np.full(len(data.y_test), 2), y_train=np.zeros(1, int))
    np.testing.assert_array_equal(tune_offsets(FittedModel(Fixed(table), relabelled)).offsets,
                                  tune_offsets(FittedModel(Fixed(other_test), other)).offsets)


def test_offsets_stay_zero_when_nothing_improves(data: PreparedData) -> None:
    perfect = {part: np.eye(data.n_classes)[data.part(part)[1]] * 0.98 + 0.01 for part in PARTS}
    assert tune_offsets(FittedModel(Fixed(perfect), data)).offsets.tolist() == [0.0, 0.0, 0.0]
