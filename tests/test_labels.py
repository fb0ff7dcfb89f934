"""helpers.labels: popularity classes from cut points."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.labels import (
    ThresholdError,
    balance,
    class_names,
    class_ranges,
    class_shares,
    format_cuts,
    popularity_classes,
    quantile_thresholds,
    validate_thresholds,
)

# --------------------------------------------------------------------------
# validate_thresholds
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ((), "at least one cut point"),
        ([], "at least one cut point"),
        ((70, 30), "increase strictly"),
        ((30, 30), "increase strictly"),
        ((20, 50, 40), "increase strictly"),
        ((float("nan"),), "not a number"),
        ((30, float("nan")), "not a number"),
        ((True,), "not a number"),
        ((30, False), "not a number"),
        (("30",), "not a number"),
        ((30, "70"), "not a number"),
        ((30, None), "not a number"),
        ((30, 100), "outside 0-99"),
        ((100,), "outside 0-99"),
        ((-1,), "outside 0-99"),
        ((-1, 30), "outside 0-99"),
        ("30,70", "sequence of numbers"),
        (30, "sequence of numbers"),
        (None, "sequence of numbers"),
    ],
)
def test_bad_cut_points_are_rejected_with_a_reason(bad, fragment: str) -> None:
    with pytest.raises(ThresholdError, match=fragment):
        validate_thresholds(bad)
    with pytest.raises(ThresholdError):  # and nothing is labelled with them
        popularity_classes([10, 20], bad)


def test_unsorted_cut_points_get_a_suggestion() -> None:
    with pytest.raises(ThresholdError, match=r"try \(30, 70\)"):
        validate_thresholds((70, 30))


def test_threshold_error_is_a_value_error() -> None:
    assert issubclass(ThresholdError, ValueError)


@pytest.mark.parametrize("good", [(30, 70), [30, 70], (0,), (99,), (50.5,), (0, 99), tuple(range(0, 100, 10))])
def test_good_cut_points_come_back_as_a_tuple(good) -> None:
    assert validate_thresholds(good) == tuple(good)


def test_numpy_numbers_are_numbers() -> None:
    assert validate_thresholds((np.int64(30), np.float64(70.0))) == (30, 70)


# --------------------------------------------------------------------------
# popularity_classes
# --------------------------------------------------------------------------


def test_a_cut_point_belongs_to_the_class_below_it() -> None:
    values = [0, 29, 30, 31, 69, 70, 71, 100]
    assert popularity_classes(values, (30, 70)).tolist() == [0, 0, 0, 1, 1, 1, 2, 2]


@pytest.mark.parametrize(
    ("thresholds", "expected"),
    [
        ((50,), [0, 0, 0, 1, 1, 1]),
        ((25, 50, 75), [0, 0, 1, 2, 3, 3]),
        ((0,), [0, 1, 1, 1, 1, 1]),
        ((99,), [0, 0, 0, 0, 0, 1]),
        ((0, 50, 75, 99), [0, 1, 1, 2, 3, 4]),
    ],
)
def test_any_number_of_cut_points(thresholds, expected) -> None:
    assert popularity_classes([0, 1, 50, 51, 99, 100], thresholds).tolist() == expected


def test_fractional_cut_points_and_values() -> None:
    assert popularity_classes([30, 30.5, 30.6, 31], (30.5,)).tolist() == [0, 0, 1, 1]


def test_accepts_series_lists_and_arrays_and_returns_int64() -> None:
    for values in ([10, 50, 90], pd.Series([10, 50, 90]), np.array([10.0, 50.0, 90.0])):
        classes = popularity_classes(values, (30, 70))
        assert classes.dtype == np.int64 and classes.tolist() == [0, 1, 2]


@pytest.mark.parametrize(("values", "fragment"), [([10, 101], "within 0-100"), ([-1, 5], "within 0-100"),
                                                  ([10, float("nan")], "missing")])
def test_popularity_outside_the_range_or_missing_is_rejected(values, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        popularity_classes(values, (30, 70))


# --------------------------------------------------------------------------
# Names, ranges, shares
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("thresholds", "ranges", "names"),
    [
        ((50,), ["0-50", "51-100"], ["low (0-50)", "high (51-100)"]),
        ((30, 70), ["0-30", "31-70", "71-100"], ["low (0-30)", "mid (31-70)", "high (71-100)"]),
        ((25, 50, 75), ["0-25", "26-50", "51-75", "76-100"],
         ["low (0-25)", "mid-low (26-50)", "mid-high (51-75)", "high (76-100)"]),
        ((20, 40, 60, 80), ["0-20", "21-40", "41-60", "61-80", "81-100"],
         ["very low (0-20)", "low (21-40)", "mid (41-60)", "high (61-80)", "very high (81-100)"]),
    ],
)
def test_class_ranges_and_names_for_one_to_four_cut_points(thresholds, ranges, names) -> None:
    assert class_ranges(thresholds) == ranges
    assert class_names(thresholds) == names


def test_class_ranges_at_the_edges_and_with_fractions() -> None:
    assert class_ranges((0,)) == ["0-0", "1-100"]
    assert class_ranges((99,)) == ["0-99", "100-100"]
    assert class_ranges((30.5,)) == ["0-30.5", ">30.5-100"]


def test_many_classes_get_numbered_names() -> None:
    names = class_names(tuple(range(10, 100, 10)))
    assert len(names) == 10 and len(set(names)) == 10
    assert names[0] == "class 0 (0-10)" and names[-1] == "class 9 (91-100)"


def test_format_cuts() -> None:
    assert format_cuts((30, 70)) == "30/70"
    assert format_cuts((50.5,)) == "50.5"


def test_class_shares_count_each_class_and_sum_to_one() -> None:
    shares = class_shares([0, 10, 30, 31, 70, 71, 100, 100], (30, 70))
    np.testing.assert_allclose(shares, [3 / 8, 2 / 8, 3 / 8])
    empty_top = class_shares([0, 10, 20], (30, 70))
    np.testing.assert_allclose(empty_top, [1, 0, 0])  # an empty class is still listed


@pytest.mark.parametrize("k", [2, 3, 4, 7])
def test_balance_of_equal_shares_is_one(k: int) -> None:
    assert balance(np.full(k, 1 / k)) == pytest.approx(1.0)


def test_balance_of_one_full_class_is_zero() -> None:
    assert balance([1.0, 0.0, 0.0]) == pytest.approx(0.0)


def test_balance_ignores_empty_classes_but_counts_them_in_the_maximum() -> None:
    # two equal classes out of three possible: entropy log 2, maximum log 3
    assert balance([0.5, 0.5, 0.0]) == pytest.approx(np.log(2) / np.log(3))
    assert not np.isnan(balance([0.25, 0.25, 0.5, 0.0]))


def test_balance_orders_lopsided_below_even() -> None:
    assert balance([0.96, 0.04]) < balance([0.7, 0.3]) < balance([0.5, 0.5])


# --------------------------------------------------------------------------
# quantile_thresholds
# --------------------------------------------------------------------------


def skewed_popularity(seed: int = 0, size: int = 5000) -> np.ndarray:
    """Popularity like the real one: a spike of zeros, then a broad hump."""
    rng = np.random.default_rng(seed)
    values = np.clip(np.round(rng.normal(38, 20, size)), 0, 100)
    values[rng.random(size) < 0.15] = 0
    return values


@pytest.mark.parametrize("n_classes", [2, 3, 4, 5])
def test_quantile_cuts_make_near_equal_classes(n_classes: int) -> None:
    popularity = skewed_popularity()
    cuts = quantile_thresholds(popularity, n_classes)
    assert len(cuts) == n_classes - 1
    assert validate_thresholds(cuts) == cuts  # valid: increasing, within 0-99
    assert all(isinstance(c, int) for c in cuts)
    shares = class_shares(popularity, cuts)
    assert np.abs(shares - 1 / n_classes).max() < 0.03


def test_quantile_cuts_beat_evenly_spaced_cuts_on_skewed_data() -> None:
    popularity = skewed_popularity(1)
    quantile = class_shares(popularity, quantile_thresholds(popularity, 3))
    spaced = class_shares(popularity, (33, 66))
    assert balance(quantile) > balance(spaced)


def test_quantile_cuts_stay_valid_when_ties_make_equal_classes_impossible() -> None:
    assert quantile_thresholds(np.zeros(100), 3) == (0, 1)
    for popularity in (np.full(100, 100), np.r_[np.zeros(90), np.arange(10)]):
        cuts = quantile_thresholds(popularity, 4)
        assert len(cuts) == 3 and validate_thresholds(cuts) == cuts


@pytest.mark.parametrize("bad", [1, 0, 101, 2.0, True, "3", None])
def test_quantile_cuts_reject_a_bad_number_of_classes(bad) -> None:
    with pytest.raises(ValueError, match="n_classes"):
        quantile_thresholds(skewed_popularity(), bad)


def test_quantile_cuts_reject_empty_popularity() -> None:
    with pytest.raises(ValueError, match="empty"):
        quantile_thresholds([], 3)
