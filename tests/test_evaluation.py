"""helpers.evaluation: scores, score tables, per-class reports and confusion matrices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, balanced_accuracy_score, f1_score

from helpers.evaluation import (
    METRICS,
    class_mix,
    confusion_counts,
    confusion_shares,
    majority_class,
    per_class_report,
    score_table,
    scores,
    scores_by_rows,
)

NAMES = ["low (0-30)", "mid (31-70)", "high (71-100)"]
Y_TRUE = np.array([0, 0, 0, 0, 1, 1, 2, 2])
Y_PRED = np.array([0, 0, 0, 1, 1, 0, 2, 0])


def test_scores_by_hand() -> None:
    got = scores(Y_TRUE, Y_PRED)
    assert list(got) == list(METRICS)
    assert got["accuracy"] == pytest.approx(5 / 8)
    assert got["balanced_accuracy"] == pytest.approx((3 / 4 + 1 / 2 + 1 / 2) / 3)  # mean recall
    # precisions 3/5, 1/2, 1/1 and recalls 3/4, 1/2, 1/2 -> F1 2/3, 1/2, 2/3
    assert got["macro_f1"] == pytest.approx((2 / 3 + 1 / 2 + 2 / 3) / 3)


def test_scores_equal_scikit_learns_on_random_labels() -> None:
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.integers(0, 4, 500), rng.integers(0, 3, 500)  # class 3 never predicted
    got = scores(y_true, y_pred)
    assert got["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    assert got["macro_f1"] == pytest.approx(f1_score(y_true, y_pred, average="macro", zero_division=0))
    assert got["balanced_accuracy"] == pytest.approx(balanced_accuracy_score(y_true, y_pred))
    assert all(type(value) is float for value in got.values())


class _Scored:
    """Stands for a FittedModel: score_table only asks it for ``scores(part)``."""

    def __init__(self, values: dict[str, float]) -> None:
        self.values, self.asked = values, []

    def scores(self, part: str) -> dict[str, float]:
        self.asked.append(part)
        return self.values


def test_score_table_one_row_per_model_rounded() -> None:
    a = _Scored({"balanced_accuracy": 0.33333, "accuracy": 0.123456, "macro_f1": 0.98765})
    b = _Scored({"accuracy": 0.5, "macro_f1": 0.25, "balanced_accuracy": 0.75})
    table = score_table({"model a": a, "model b": b}, "validation")
    assert table.shape == (2, 3)
    assert table.index.tolist() == ["model a", "model b"] and table.index.name == "model"
    assert table.columns.tolist() == list(METRICS)
    assert table.loc["model a"].tolist() == [0.123, 0.988, 0.333]
    assert a.asked == ["validation"]
    assert score_table({"a": a}, decimals=1).loc["a", "accuracy"] == 0.1
    assert a.asked[-1] == "test"  # the default part


def test_majority_class() -> None:
    assert majority_class(np.array([2, 2, 1, 2, 0])) == 2
    assert majority_class(np.array([1, 1, 2, 2, 0])) == 1  # a tie goes to the smaller class


def test_per_class_report() -> None:
    report = per_class_report(Y_TRUE, Y_PRED, NAMES)
    assert report.index.tolist() == NAMES and report.index.name == "class"
    assert report.columns.tolist() == ["precision", "recall", "f1", "support", "predicted"]
    assert report["support"].tolist() == [4, 2, 2]
    assert report["predicted"].tolist() == [5, 2, 1]
    assert report["precision"].tolist() == [0.6, 0.5, 1.0]
    assert report["recall"].tolist() == [0.75, 0.5, 0.5]
    assert report.loc["low (0-30)", "f1"] == round(2 / 3, 3)


def test_per_class_report_shows_a_class_that_is_never_predicted() -> None:
    report = per_class_report(np.array([0, 1, 2, 2]), np.array([0, 1, 1, 1]), NAMES)
    assert report.loc["high (71-100)"].tolist() == [0, 0, 0, 2, 0]
    assert report["predicted"].tolist() == [1, 3, 0]
    empty = per_class_report(np.array([0, 0]), np.array([0, 0]), NAMES)
    assert empty["support"].tolist() == [2, 0, 0] and empty["predicted"].tolist() == [2, 0, 0]


def test_confusion_counts() -> None:
    counts = confusion_counts(Y_TRUE, Y_PRED, NAMES)
    assert counts.index.name == "true" and counts.columns.name == "predicted"
    assert counts.index.tolist() == NAMES and counts.columns.tolist() == NAMES
    assert counts.to_numpy().tolist() == [[3, 1, 0], [1, 1, 0], [1, 0, 1]]


def test_confusion_shares_have_each_recall_on_the_diagonal() -> None:
    shares = confusion_shares(Y_TRUE, Y_PRED, NAMES)
    np.testing.assert_allclose(shares.sum(axis=1), 1)
    np.testing.assert_allclose(np.diag(shares), per_class_report(Y_TRUE, Y_PRED, NAMES)["recall"])


def test_a_class_that_never_occurs_gets_a_row_of_zeros() -> None:
    shares = confusion_shares(np.array([0, 0, 1]), np.array([0, 1, 1]), NAMES)
    assert shares.loc["high (71-100)"].tolist() == [0, 0, 0]
    assert not shares.isna().any().any()
    assert isinstance(shares, pd.DataFrame)


def test_class_mix_gives_each_set_of_rows_its_class_shares() -> None:
    mix = class_mix({"first": Y_TRUE[:4], "rest": Y_TRUE[4:]}, NAMES)
    assert mix.index.tolist() == ["first", "rest"] and mix.columns.tolist() == NAMES
    assert mix.loc["first"].tolist() == [1.0, 0.0, 0.0]
    assert mix.loc["rest"].tolist() == [0.0, 0.5, 0.5]


def test_scores_by_rows_puts_each_set_next_to_a_constant_answer_on_the_same_rows() -> None:
    first = np.arange(len(Y_TRUE)) < 4
    table = scores_by_rows(Y_TRUE, Y_PRED, {"first": first, "rest": ~first}, baseline=0)
    assert table.columns.tolist() == ["count", "accuracy", "majority_accuracy", "lift", "balanced_accuracy"]
    assert table["count"].tolist() == [4, 4]
    assert table.loc["first", "accuracy"] == 0.75 and table.loc["first", "majority_accuracy"] == 1.0
    assert table.loc["first", "lift"] == -0.25
    assert table.loc["rest", "accuracy"] == 0.5 and table.loc["rest", "majority_accuracy"] == 0.0
    assert table.loc["rest", "balanced_accuracy"] == pytest.approx(balanced_accuracy_score(Y_TRUE[4:], Y_PRED[4:]), abs=1e-3)


def test_a_constant_answer_has_no_lift_whatever_the_class_mix() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 200)
    some = rng.random(200) < 0.3
    table = scores_by_rows(y, np.full(200, 1), {"some": some, "others": ~some, "all": np.ones(200, bool)}, baseline=1)
    assert (table["lift"] == 0).all()
    np.testing.assert_allclose(table["balanced_accuracy"], 1 / 3, atol=1e-3)
