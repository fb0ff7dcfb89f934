import numpy as np
import pytest

from helpers.baselines import MAJORITY, baseline_models, evaluate_models
from helpers.exercises import ____, Status
from helpers.exercises import nb05
from helpers.pipeline import prepare_data


@pytest.fixture
def data(tracks):
    return prepare_data(tracks)


def test_best_macro_f1(data):
    comparison = evaluate_models(baseline_models(0), data)
    q = nb05.BestMacroF1(comparison)
    best = comparison.scores["macro_f1"].idxmax()
    assert q.evaluate(best).status is Status.CORRECT
    assert q.evaluate(f" {best.upper()} ").status is Status.CORRECT
    worst = comparison.scores["macro_f1"].idxmin()
    assert q.evaluate(worst).status is Status.INCORRECT
    assert q.evaluate("random forest").status is Status.INCORRECT
    assert q.evaluate(3).status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_majority_accuracy(data):
    q = nb05.MajorityAccuracy(data)
    majority = np.bincount(data.y_train).argmax()
    right = float(np.mean(data.y_test == majority))
    assert q.evaluate(right).status is Status.CORRECT
    assert q.evaluate(right + 0.1).status is Status.INCORRECT
    assert q.evaluate(right * 100).status is Status.INCORRECT
    assert q.evaluate("a lot").status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED
    comparison = evaluate_models({MAJORITY: baseline_models(0)[MAJORITY]}, data)
    assert q.evaluate(comparison.scores.loc[MAJORITY, "accuracy"]).status is Status.CORRECT


def test_worth_it_is_open():
    q = nb05.WorthIt()
    assert q.evaluate("Gradient boosting is as good and far cheaper.").status is Status.REVIEW
    assert q.evaluate(____).status is Status.NOT_ANSWERED
    assert q.title and q.hint_text and q.solution_text
