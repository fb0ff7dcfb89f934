import numpy as np
import pandas as pd
import pytest

from helpers.evaluation import per_class_report
from helpers.report import (
    conclusion,
    majority_baseline,
    never_predicted,
)

NAMES = ["low (0-30)", "mid (31-70)", "high (71-100)"]


def _report(recall, support, predicted):
    return pd.DataFrame(
        {"precision": [0.5] * len(recall), "recall": recall, "f1": [0.5] * len(recall),
         "support": support, "predicted": predicted},
        index=NAMES[: len(recall)],
    )


HONEST = {"accuracy": 0.596, "macro_f1": 0.405, "balanced_accuracy": 0.415}


def test_majority_baseline():
    assert majority_baseline(np.array([0, 1, 1, 2]), 3) == (1, 0.5)
    assert majority_baseline(np.array([2, 2]), 4) == (2, 1.0)
    with pytest.raises(ValueError):
        majority_baseline(np.array([], dtype=int), 3)


def test_per_class_report_counts_predictions():
    y_true = np.array([0, 0, 1, 2, 2])
    y_pred = np.array([0, 1, 1, 1, 1])
    report = per_class_report(y_true, y_pred, NAMES)
    assert report["predicted"].tolist() == [1, 4, 0]
    assert report["support"].tolist() == [2, 1, 2]
    assert never_predicted(report) == ["high (71-100)"]


def test_conclusion_with_a_class_never_predicted_and_a_small_gap():
    report = _report([0.6, 0.8, 0.0], [8000, 12000, 2000], [7000, 15000, 0])
    seed = {"accuracy": 0.631, "macro_f1": 0.431, "balanced_accuracy": 0.44}
    text = conclusion(HONEST, seed, 0.37, report, "mid (31-70)", 0.55)
    assert "59.6%" in text and "55.0%" in text and '"mid (31-70)"' in text
    assert "beats that baseline by 4.6 percentage points" in text
    assert "0.405" in text and "0.415" in text and "much weaker" in text
    assert 'never predicts the class "high (71-100)"' in text and "2,000" in text
    assert "37%" in text and "63.1%" in text and "3.5 points higher" in text
    assert "a few points" in text


def test_conclusion_with_a_large_gap_and_the_weakest_class_named():
    report = _report([0.6, 0.8, 0.25], [8000, 12000, 2000], [7000, 13000, 2000])
    honest = {"accuracy": 0.70, "macro_f1": 0.65, "balanced_accuracy": 0.62}
    seed = {"accuracy": 0.80, "macro_f1": 0.75, "balanced_accuracy": 0.7}
    text = conclusion(honest, seed, 0.40, report, "mid (31-70)", 0.55)
    assert 'weakest class is "high (71-100)"' in text and "25.0%" in text
    assert "never predicts" not in text
    assert "classes are served about evenly" in text
    assert "10.0 points higher" in text and "inflates the score a lot" in text


def test_conclusion_no_better_than_baseline_and_no_gap():
    report = _report([1.0, 0.0], [60, 40], [100, 0]).drop(columns="predicted")
    honest = {"accuracy": 0.60, "macro_f1": 0.375, "balanced_accuracy": 0.5}
    seed = {"accuracy": 0.603, "macro_f1": 0.38, "balanced_accuracy": 0.5}
    text = conclusion(honest, seed, 0.3, report, "low (0-30)", 0.60)
    assert "does no better than that baseline" in text
    # without a "predicted" column, the weakest class is named by its recall
    assert 'weakest class is "mid (31-70)"' in text and "0.0%" in text
    assert "about the same" in text


def test_conclusion_worse_than_baseline_and_seed_lower():
    report = _report([0.3, 0.3, 0.3], [10, 10, 10], [10, 10, 10])
    honest = {"accuracy": 0.30, "macro_f1": 0.30, "balanced_accuracy": 0.3}
    seed = {"accuracy": 0.25, "macro_f1": 0.25, "balanced_accuracy": 0.25}
    text = conclusion(honest, seed, 0.3, report, "low (0-30)", 0.40)
    assert "10.0 percentage points worse" in text
    assert "5.0 points lower" in text
