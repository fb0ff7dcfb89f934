import numpy as np
import pandas as pd
import pytest

from helpers.exercises import ____, Status
from helpers.exercises.nb07 import BiggestStep, ClassWeights, WhyAccuracyMoved
from helpers.pipeline import prepare_data
from helpers.training import balanced_class_weights


@pytest.fixture
def steps_table():
    return pd.DataFrame(
        {"accuracy": [0.6, 0.55, 0.57, 0.6], "macro_f1": [0.40, 0.48, 0.50, 0.56]},
        index=["1 seed MLP", "2 class weights", "3 all features", "4 genre"],
    )


def test_biggest_step(steps_table):
    exercise = BiggestStep(steps_table)
    assert exercise.evaluate("2 class weights").status is Status.CORRECT
    assert exercise.evaluate(" 2 CLASS WEIGHTS ").status is Status.CORRECT
    assert exercise.evaluate("4 genre").status is Status.INCORRECT
    assert exercise.evaluate("something else").status is Status.INCORRECT
    assert exercise.evaluate(____).status is Status.NOT_ANSWERED


def test_biggest_step_follows_the_table(steps_table):
    steps_table.loc["4 genre", "macro_f1"] = 0.70
    assert BiggestStep(steps_table).evaluate("4 genre").status is Status.CORRECT


def test_class_weights(tracks):
    data = prepare_data(tracks, (25, 50, 75))
    exercise = ClassWeights(data.y_train, data.n_classes)
    expected = balanced_class_weights(data.y_train, data.n_classes)
    counts = np.bincount(data.y_train, minlength=data.n_classes)
    computed = len(data.y_train) / (data.n_classes * counts)
    assert exercise.evaluate(computed).status is Status.CORRECT
    assert exercise.evaluate(expected).status is Status.CORRECT
    assert exercise.evaluate(list(computed)).status is Status.CORRECT
    assert exercise.evaluate(1 / computed).status is Status.INCORRECT
    assert exercise.evaluate(computed[:-1]).status is Status.INCORRECT
    assert exercise.evaluate(np.ones(data.n_classes)).status is Status.INCORRECT
    assert exercise.evaluate({0: 1.0}).status is Status.INCORRECT
    assert exercise.evaluate("heavy").status is Status.INCORRECT
    assert exercise.evaluate(____).status is Status.NOT_ANSWERED


def test_why_accuracy_moved():
    exercise = WhyAccuracyMoved(0.60, 0.55)
    outcome = exercise.evaluate("The rare class is predicted more often, so common rows are missed.")
    assert outcome.status is Status.REVIEW and "fell from 0.600 to 0.550" in outcome.message
    assert "rose" in WhyAccuracyMoved(0.5, 0.6).evaluate("because").message
    with_f1 = WhyAccuracyMoved(0.6, 0.4, 0.40, 0.37).evaluate("because").message
    assert "macro-F1 fell from 0.400 to 0.370 (the weights pushed" in with_f1
    assert "low precision" not in WhyAccuracyMoved(0.6, 0.4, 0.30, 0.33).evaluate("because").message
    assert exercise.evaluate("  ").status is Status.INCORRECT
    assert exercise.evaluate(____).status is Status.NOT_ANSWERED
    for item in (exercise.title, exercise.hint_text, exercise.solution_text):
        assert item
