"""helpers.uncertainty: scores from confusion matrices, paired bootstrap intervals, the spread over seeds."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, balanced_accuracy_score, confusion_matrix, f1_score

from helpers.evaluation import METRICS, scores
from helpers.uncertainty import Difference, metric_from_confusions, paired_bootstrap, seed_spread

SKLEARN = {
    "accuracy": accuracy_score,
    "macro_f1": lambda t, p: f1_score(t, p, average="macro", zero_division=0),
    "balanced_accuracy": balanced_accuracy_score,
}


def random_labels(seed: int, n_classes: int = 4, n: int = 300, never_predicted: int | None = None,
                  never_true: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, n_classes, n)
    guess = np.where(rng.random(n) < 0.4, truth, rng.integers(0, n_classes, n))
    if never_predicted is not None:
        guess[guess == never_predicted] = (never_predicted + 1) % n_classes
    if never_true is not None:
        truth[truth == never_true] = (never_true + 1) % n_classes
    return truth, guess


@pytest.mark.parametrize("metric", list(METRICS))
@pytest.mark.parametrize(("seed", "never_predicted", "never_true"), [(0, None, None), (1, 3, None), (2, None, 0), (3, 2, 1)])
def test_metric_from_confusions_equals_scikit_learn(metric: str, seed: int, never_predicted, never_true) -> None:
    truth, guess = random_labels(seed, never_predicted=never_predicted, never_true=never_true)
    confusion = confusion_matrix(truth, guess, labels=np.arange(4)).reshape(1, -1).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns about a predicted class that never occurs
        expected = SKLEARN[metric](truth, guess)
    assert metric_from_confusions(confusion, 4, metric)[0] == pytest.approx(expected)


def test_metric_from_confusions_scores_many_matrices_at_once() -> None:
    matrices = [confusion_matrix(*random_labels(seed), labels=np.arange(4)).ravel() for seed in range(5)]
    together = metric_from_confusions(np.array(matrices, dtype=float), 4, "macro_f1")
    one_by_one = [metric_from_confusions(m[None, :].astype(float), 4, "macro_f1")[0] for m in matrices]
    np.testing.assert_allclose(together, one_by_one)


def test_an_unknown_metric_is_rejected() -> None:
    with pytest.raises(ValueError, match="Unknown metric 'precision'"):
        metric_from_confusions(np.ones((1, 9)), 3, "precision")


# --------------------------------------------------------------------------
# paired_bootstrap
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_models() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Truth, a model right 60% of the time, and one right 45% of the time, on 600 rows."""
    rng = np.random.default_rng(5)
    truth = rng.integers(0, 3, 600)
    wrong = (truth + rng.integers(1, 3, 600)) % 3
    a = np.where(rng.random(600) < 0.60, truth, wrong)
    b = np.where(rng.random(600) < 0.45, truth, wrong)
    return truth, a, b


@pytest.mark.parametrize("metric", list(METRICS))
def test_the_estimate_is_the_difference_on_all_test_rows(two_models, metric: str) -> None:
    truth, a, b = two_models
    difference = paired_bootstrap(truth, a, b, metric=metric, n_resamples=200)
    assert difference.metric == metric
    assert difference.estimate == pytest.approx(scores(truth, a)[metric] - scores(truth, b)[metric])
    assert difference.low <= difference.estimate <= difference.high


def test_identical_predictions_give_a_zero_width_interval(two_models) -> None:
    truth, a, _ = two_models
    difference = paired_bootstrap(truth, a, a.copy(), n_resamples=200)
    assert (difference.estimate, difference.low, difference.high) == (0.0, 0.0, 0.0)
    assert difference.verdict == "no clear difference"


def test_a_clearly_better_model_is_ahead(two_models) -> None:
    truth, a, b = two_models
    difference = paired_bootstrap(truth, a, b, metric="accuracy", n_resamples=500)
    assert difference.low > 0 and difference.verdict == "ahead"
    reverse = paired_bootstrap(truth, b, a, metric="accuracy", n_resamples=500)
    assert reverse.high < 0 and reverse.verdict == "behind"
    assert reverse.estimate == pytest.approx(-difference.estimate)


def test_pairing_makes_the_interval_narrower_than_unpaired_draws(two_models) -> None:
    """Scoring both models on the same redrawn rows cancels the rows' shared difficulty."""
    truth, a, _ = two_models
    rng = np.random.default_rng(0)
    similar = np.where(rng.random(len(a)) < 0.9, a, (a + 1) % 3)  # a model that mostly agrees with a
    paired = paired_bootstrap(truth, a, similar, metric="accuracy", n_resamples=1000)
    rows = rng.integers(0, len(truth), size=(1000, len(truth)))
    other_rows = rng.integers(0, len(truth), size=(1000, len(truth)))
    unpaired = (a == truth)[rows].mean(axis=1) - (similar == truth)[other_rows].mean(axis=1)
    low, high = np.quantile(unpaired, [0.025, 0.975])
    assert paired.high - paired.low < 0.7 * (high - low)


def test_songs_are_redrawn_together(two_models) -> None:
    """Five copies of each song are not five pieces of evidence: grouping widens the interval."""
    truth, a, b = (np.repeat(x[:150], 5) for x in two_models)
    songs = np.repeat([f"song {i}" for i in range(150)], 5)  # any labels work as groups
    by_row = paired_bootstrap(truth, a, b, metric="accuracy", n_resamples=1000, seed=1)
    by_song = paired_bootstrap(truth, a, b, groups=songs, metric="accuracy", n_resamples=1000, seed=1)
    assert by_song.estimate == pytest.approx(by_row.estimate)
    assert by_song.high - by_song.low > 1.5 * (by_row.high - by_row.low)


def test_one_row_per_song_grouping_changes_nothing(two_models) -> None:
    truth, a, b = two_models
    plain = paired_bootstrap(truth, a, b, n_resamples=300, seed=4)
    grouped = paired_bootstrap(truth, a, b, groups=np.arange(len(truth)), n_resamples=300, seed=4)
    assert plain == grouped


def test_the_bootstrap_is_reproducible_for_a_seed(two_models) -> None:
    truth, a, b = two_models
    first = paired_bootstrap(truth, a, b, n_resamples=250, seed=3)
    assert paired_bootstrap(truth, a, b, n_resamples=250, seed=3) == first
    other = paired_bootstrap(truth, a, b, n_resamples=250, seed=4)
    assert (other.low, other.high) != (first.low, first.high)
    assert other.estimate == first.estimate


def test_a_lower_level_gives_a_narrower_interval(two_models) -> None:
    truth, a, b = two_models
    wide = paired_bootstrap(truth, a, b, n_resamples=500, level=0.95)
    narrow = paired_bootstrap(truth, a, b, n_resamples=500, level=0.5)
    assert narrow.level == 0.5
    assert wide.low < narrow.low < narrow.high < wide.high


# --------------------------------------------------------------------------
# Difference: verdict and sentence
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "verdict"),
    [(0.01, 0.05, "ahead"), (-0.05, -0.01, "behind"), (-0.01, 0.02, "no clear difference"),
     (0.004, 0.03, "no clear difference"), (-0.03, -0.004, "no clear difference"),  # an end this close to 0 may cross it elsewhere
     (0.0, 0.02, "no clear difference"), (-0.02, 0.0, "no clear difference")],
)
def test_the_verdict_follows_the_interval(low: float, high: float, verdict: str) -> None:
    assert Difference("macro_f1", (low + high) / 2, low, high).verdict == verdict


def test_sentence_when_ahead() -> None:
    sentence = Difference("macro_f1", 0.03, 0.01, 0.05).sentence("the MLP", "the trees")
    assert sentence == "the MLP is 0.030 ahead of the trees in macro-F1 (95% interval +0.010 to +0.050)"


def test_sentence_when_behind() -> None:
    """As the docstring's example: "the MLP is 0.012 behind the trees in macro-F1 (...)"."""
    sentence = Difference("macro_f1", -0.014, -0.02, -0.008).sentence("the MLP", "the trees")
    assert sentence.startswith("the MLP is 0.014 behind the trees in macro-F1 (95% interval -0.020 to -0.008)")


def test_sentence_without_a_winner_states_the_rule() -> None:
    sentence = Difference("accuracy", 0.004, -0.01, 0.02, level=0.9).sentence("A", "B")
    assert sentence == ("no clear difference between A and B in accuracy: +0.004 (90% interval -0.010 to +0.020; "
                        "a model counts as ahead or behind only when the whole interval is more than 0.005 away from 0)")


def test_sentence_words_do_not_depend_on_the_side_of_zero_an_end_falls_on() -> None:
    """An end that moves from just below 0 to just above it (another computer) changes numbers, not words."""
    just_below = Difference("macro_f1", -0.009, -0.018, -0.001).sentence("A", "B")
    just_above = Difference("macro_f1", -0.008, -0.017, 0.001).sentence("A", "B")
    assert just_below.split("(")[1].split(";")[1] == just_above.split("(")[1].split(";")[1]
    assert just_below.startswith("no clear difference") and just_above.startswith("no clear difference")


# --------------------------------------------------------------------------
# seed_spread
# --------------------------------------------------------------------------


def test_seed_spread_summarises_each_score_over_seeds() -> None:
    by_seed = {
        1: {"accuracy": 0.50, "macro_f1": 0.40, "balanced_accuracy": 0.30},
        2: {"accuracy": 0.60, "macro_f1": 0.45, "balanced_accuracy": 0.36},
        3: {"accuracy": 0.55, "macro_f1": 0.47, "balanced_accuracy": 0.33},
    }
    table = seed_spread(by_seed)
    assert table.index.tolist() == list(METRICS) and table.index.name == "score"
    assert table.columns.tolist() == ["mean", "std", "min", "max"]
    accuracy = pd.Series([0.50, 0.60, 0.55])
    assert table.loc["accuracy"].tolist() == [0.55, round(accuracy.std(ddof=1), 3), 0.5, 0.6]
    assert table.loc["macro_f1", "min"] == 0.40 and table.loc["macro_f1", "max"] == 0.47


def test_seed_spread_keeps_only_the_scores_given() -> None:
    table = seed_spread({1: {"macro_f1": 0.41234}, 2: {"macro_f1": 0.5}}, decimals=2)
    assert table.index.tolist() == ["macro_f1"]
    assert table.loc["macro_f1", "mean"] == 0.46
