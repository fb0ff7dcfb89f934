import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from sklearn.linear_model import LogisticRegression

from helpers.labels import popularity_classes
from helpers.threshold_study import (
    balance_score,
    class_shares,
    display_table,
    fast_model,
    format_cuts,
    make_grid,
    plot_threshold_study,
    quantile_thresholds,
    study_thresholds,
)


def test_quantile_thresholds_make_equal_classes():
    popularity = np.arange(100).repeat(3)  # 0..99, uniform
    cuts = quantile_thresholds(popularity, 4)
    assert cuts == (24, 49, 74)
    assert all(isinstance(c, int) for c in cuts)
    assert class_shares(popularity, cuts) == pytest.approx([0.25] * 4)


def test_quantile_thresholds_stay_valid_with_ties():
    popularity = np.array([0] * 90 + [50] * 10)  # most tracks tie at 0
    for k in (2, 3, 5):
        cuts = quantile_thresholds(popularity, k)
        assert len(cuts) == k - 1 and list(cuts) == sorted(set(cuts)) and 0 <= cuts[0] and cuts[-1] <= 99
    with pytest.raises(ValueError):
        quantile_thresholds(popularity, 1)
    with pytest.raises(ValueError):
        quantile_thresholds([], 2)


def test_quantile_thresholds_on_synthetic_tracks(tracks):
    cuts = quantile_thresholds(tracks["popularity"], 3)
    shares = class_shares(tracks["popularity"], cuts)
    assert np.abs(shares - 1 / 3).max() < 0.1


def test_class_shares_and_balance():
    shares = class_shares([0, 10, 40, 80], (30, 70))
    assert shares.tolist() == [0.5, 0.25, 0.25]
    assert balance_score([0.5, 0.5]) == pytest.approx(1.0)
    assert balance_score([1.0, 0.0]) == pytest.approx(0.0)
    assert 0 < balance_score(shares) < 1


def test_make_grid_names_and_deduplicates(tracks):
    q2 = quantile_thresholds(tracks["popularity"], 2)
    grid = make_grid([(30, 70), (50,), (30, 70)], tracks["popularity"], [2, 3], chosen=(25, 50, 75))
    names = list(grid)
    assert names[:2] == ["30/70", "50"] and names[-1] == "25/50/75"
    assert f"quantiles, 2 classes ({format_cuts(q2)})" in names or q2 == (50,)
    assert len(set(grid.values())) == len(grid)
    assert make_grid([(30, 70)], tracks["popularity"], chosen=[30, 70]) == {"30/70": (30, 70)}


def test_study_thresholds(tracks):
    grid = {"30/70": (30, 70), "50": (50,), "25/50/75": (25, 50, 75)}
    results = study_thresholds(tracks, grid, seed=0, chosen=[30, 70])
    assert list(results.index) == list(grid)
    assert results["n_classes"].tolist() == [3, 2, 4]
    assert results["chosen"].tolist() == [True, False, False]
    for column in ["accuracy", "macro_f1", "balanced_accuracy", "majority_accuracy", "balance"]:
        assert results[column].between(0, 1).all()
    assert (results["majority_macro_f1"] <= results["majority_accuracy"]).all()
    expected = np.bincount(popularity_classes(tracks["popularity"], (50,))) / len(tracks)
    assert results.loc["50", "largest_class"] == pytest.approx(expected.max())
    again = study_thresholds(tracks, grid, seed=0, chosen=(30, 70))
    pd.testing.assert_frame_equal(results, again)


def test_study_thresholds_accepts_a_list_and_a_model_factory(tracks):
    results = study_thresholds(tracks, [(40,), [20, 60]], seed=1,
                               model_factory=lambda seed: LogisticRegression(max_iter=200))
    assert list(results.index) == ["40", "20/60"] and not results["chosen"].any()


def test_display_table_and_plot(tracks):
    results = study_thresholds(tracks, [(30, 70), (50,)], seed=0, chosen=(50,))
    table = display_table(results)
    assert list(table.index) == ["30/70", "50 *"] and "thresholds" not in table.columns
    assert isinstance(plot_threshold_study(results), Figure)
    assert fast_model(3).random_state == 3
