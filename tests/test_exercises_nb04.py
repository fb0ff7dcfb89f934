import numpy as np
import pytest

from helpers.evaluation import classification_metrics, confusion_counts, per_class_report
from helpers.exercises import ____, Status
from helpers.exercises import nb04
from helpers.labels import class_names, popularity_classes
from helpers.report import majority_baseline


@pytest.fixture(params=[(30, 70), (25, 50, 75)])
def labelled(request, tracks):
    thresholds = request.param
    names = class_names(thresholds)
    y_true = np.asarray(popularity_classes(tracks["popularity"], thresholds))
    rng = np.random.default_rng(0)
    y_pred = np.where(rng.random(len(y_true)) < 0.6, y_true, rng.integers(0, len(names), len(y_true)))
    return y_true, y_pred, names


def _solution_macro_f1(counts):
    matrix = counts.to_numpy()
    hits = np.diag(matrix)
    precision = np.divide(hits, matrix.sum(axis=0), out=np.zeros(len(hits)), where=matrix.sum(axis=0) > 0)
    recall = hits / matrix.sum(axis=1)
    both = precision + recall
    f1 = np.divide(2 * precision * recall, both, out=np.zeros(len(hits)), where=both > 0)
    return f1.mean()


def test_top_class_recall(labelled):
    y_true, y_pred, names = labelled
    q = nb04.TopClassRecall(y_true, y_pred, names)
    counts = confusion_counts(y_true, y_pred, names)
    top = names[-1]
    recall_top = counts.loc[top, top] / counts.loc[top].sum()
    assert q.evaluate(recall_top).status is Status.CORRECT
    assert q.evaluate(recall_top * 100).status is Status.INCORRECT
    precision_top = counts.loc[top, top] / counts[top].sum()
    outcome = q.evaluate(precision_top)
    assert outcome.status is Status.INCORRECT and "precision" in outcome.message
    assert q.evaluate("high").status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_top_class_recall_never_predicted():
    names = class_names((30, 70))
    y_true, y_pred = np.array([0, 1, 2, 2]), np.array([0, 1, 1, 1])
    q = nb04.TopClassRecall(y_true, y_pred, names)
    assert q.evaluate(0.0).status is Status.CORRECT
    assert q.evaluate(0.5).status is Status.INCORRECT


def test_macro_f1_from_confusion(labelled):
    y_true, y_pred, names = labelled
    q = nb04.MacroF1FromConfusion(y_true, y_pred, names)
    answer = _solution_macro_f1(confusion_counts(y_true, y_pred, names))
    assert answer == pytest.approx(classification_metrics(y_true, y_pred)["macro_f1"])
    assert q.evaluate(answer).status is Status.CORRECT
    metrics = classification_metrics(y_true, y_pred)
    assert q.evaluate(metrics["accuracy"]).status is Status.INCORRECT
    assert q.evaluate(answer + 0.05).status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_majority_accuracy(labelled):
    y_true, _, names = labelled
    q = nb04.MajorityAccuracy(y_true, len(names))
    rate = np.bincount(y_true).max() / len(y_true)
    assert rate == majority_baseline(y_true, len(names))[1]
    assert q.evaluate(rate).status is Status.CORRECT
    assert q.evaluate(1 / len(names) + 0.2).status is Status.INCORRECT
    assert q.evaluate(None).status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_which_metric():
    q = nb04.WhichMetric()
    assert q.evaluate("macro-F1 on the honest split").status is Status.REVIEW
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_texts(labelled):
    y_true, y_pred, names = labelled
    for q in [
        nb04.TopClassRecall(y_true, y_pred, names),
        nb04.MacroF1FromConfusion(y_true, y_pred, names),
        nb04.MajorityAccuracy(y_true, len(names)),
        nb04.WhichMetric(),
    ]:
        assert q.title and q.hint_text and q.solution_text
    assert per_class_report(y_true, y_pred, names).shape[0] == len(names)
