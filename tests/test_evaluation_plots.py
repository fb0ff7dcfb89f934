import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers.evaluation import (
    classification_metrics,
    confusion_counts,
    confusion_normalised,
    metrics_table,
    per_class_report,
    predict_classes,
)
from helpers.model import build_mlp
from helpers.plots import plot_class_balance, plot_confusion_matrix, plot_learning_curves, plot_metric_bars

NAMES = ["low (0-30)", "mid (31-70)", "high (71-100)"]
Y_TRUE = np.array([0, 0, 0, 0, 1, 1, 2, 2])
Y_PRED = np.array([0, 0, 0, 1, 1, 0, 2, 0])


def test_metrics_by_hand():
    metrics = classification_metrics(Y_TRUE, Y_PRED)
    assert metrics["accuracy"] == pytest.approx(5 / 8)
    # recalls 3/4, 1/2, 1/2
    assert metrics["balanced_accuracy"] == pytest.approx((0.75 + 0.5 + 0.5) / 3)
    # precisions 3/5, 1/2, 1/1 -> F1s 2/3, 1/2, 2/3
    assert metrics["macro_f1"] == pytest.approx((2 / 3 + 0.5 + 2 / 3) / 3)


def test_per_class_report_and_confusion_matrices():
    report = per_class_report(Y_TRUE, Y_PRED, NAMES)
    assert report.index.tolist() == NAMES
    assert report["support"].tolist() == [4, 2, 2]
    assert report.loc["high (71-100)", "recall"] == 0.5
    counts = confusion_counts(Y_TRUE, Y_PRED, NAMES)
    assert counts.to_numpy().tolist() == [[3, 1, 0], [1, 1, 0], [1, 0, 1]]
    shares = confusion_normalised(Y_TRUE, Y_PRED, NAMES)
    np.testing.assert_allclose(shares.sum(axis=1), 1)
    assert shares.loc["low (0-30)", "low (0-30)"] == 0.75


def test_a_class_never_seen_gets_zeros_not_an_error():
    shares = confusion_normalised(np.array([0, 0]), np.array([0, 1]), NAMES)
    assert shares.loc["high (71-100)"].tolist() == [0, 0, 0]
    assert per_class_report(np.array([0, 0]), np.array([0, 1]), NAMES)["support"].tolist() == [2, 0, 0]


def test_metrics_table_rounds():
    table = metrics_table({"a": {"accuracy": 0.12345}, "b": {"accuracy": 0.5}})
    assert table.loc["a", "accuracy"] == 0.123


def test_predict_classes_takes_the_argmax():
    model = build_mlp(3, 4, width=4, depth=1)
    x = np.zeros((5, 3), dtype="float32")
    predictions = predict_classes(model, x)
    assert predictions.shape == (5,) and set(predictions) <= {0, 1, 2, 3}


def test_plots_return_labelled_figures():
    balance = plot_class_balance(Y_TRUE, NAMES)
    assert isinstance(balance, Figure)
    ax = balance.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_xticklabels()] == NAMES

    history = pd.DataFrame(
        {"loss": [1.0, 0.8, 0.7], "accuracy": [0.5, 0.6, 0.7],
         "val_loss": [0.9, 0.85, 0.88], "val_accuracy": [0.55, 0.6, 0.58]},
        index=pd.RangeIndex(1, 4, name="epoch"),
    )
    curves = plot_learning_curves(history)
    assert len(curves.axes) == 2 and all(a.get_xlabel() == "epoch" for a in curves.axes)

    matrix = plot_confusion_matrix(confusion_normalised(Y_TRUE, Y_PRED, NAMES))
    heat = matrix.axes[0]
    assert heat.get_xlabel() == "predicted class"
    assert [t.get_text() for t in heat.get_yticklabels()] == NAMES
    assert heat.texts[0].get_text().endswith("%")
    counts = plot_confusion_matrix(confusion_counts(Y_TRUE, Y_PRED, NAMES))
    assert counts.axes[0].texts[0].get_text() == "3"

    table = metrics_table({"mlp": classification_metrics(Y_TRUE, Y_PRED)})
    bars = plot_metric_bars(table)
    assert bars.axes[0].get_ylabel() == "score"
