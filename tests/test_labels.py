import numpy as np
import pandas as pd
import pytest

from helpers.labels import (
    ThresholdError,
    class_names,
    class_ranges,
    n_classes,
    popularity_classes,
    validate_thresholds,
)


def test_default_boundaries_are_inclusive_on_the_low_side():
    values = [0, 30, 31, 70, 71, 100]
    assert popularity_classes(values).tolist() == [0, 0, 1, 1, 2, 2]


def test_accepts_series_and_arrays():
    series = pd.Series([10, 50, 90])
    assert popularity_classes(series).tolist() == [0, 1, 2]
    assert popularity_classes(np.array([10.0, 50.0, 90.0])).dtype == np.int64


@pytest.mark.parametrize(
    "thresholds, expected",
    [
        ((50,), [0, 0, 1, 1]),
        ((25, 50, 75), [0, 1, 2, 3]),
        ((0, 10), [0, 2, 2, 2]),
    ],
)
def test_any_number_of_cut_points(thresholds, expected):
    assert popularity_classes([0, 40, 60, 90], thresholds).tolist() == expected
    assert n_classes(thresholds) == len(thresholds) + 1


def test_class_names_follow_the_thresholds():
    assert class_names() == ["low (0-30)", "mid (31-70)", "high (71-100)"]
    assert class_names((25, 50, 75)) == [
        "low (0-25)",
        "mid-low (26-50)",
        "mid-high (51-75)",
        "high (76-100)",
    ]
    assert class_ranges((50.5,)) == ["0-50.5", ">50.5-100"]
    many = class_names(tuple(range(10, 100, 10)))
    assert len(many) == 10 and many[0] == "class 0 (0-10)" and len(set(many)) == 10


@pytest.mark.parametrize(
    "bad, fragment",
    [
        ((), "at least one"),
        ((70, 30), "sorted"),
        ((30, 30), "twice"),
        ((30, "70"), "not a number"),
        ((30, None), "not a number"),
        ((True,), "not a number"),
        ((float("nan"),), "not a number"),
        ((-1, 30), "outside"),
        ((30, 100), "outside"),
        ((30, 170), "outside"),
        ("30,70", "sequence"),
        (30, "sequence"),
    ],
)
def test_bad_thresholds_are_rejected_with_a_clear_message(bad, fragment):
    with pytest.raises(ThresholdError, match=fragment):
        validate_thresholds(bad)
    with pytest.raises(ThresholdError):
        popularity_classes([10, 20], bad)


def test_popularity_out_of_range_or_missing_is_rejected():
    with pytest.raises(ValueError, match="outside 0-100"):
        popularity_classes([10, 101])
    with pytest.raises(ValueError, match="outside 0-100"):
        popularity_classes([-1])
    with pytest.raises(ValueError, match="missing"):
        popularity_classes([10, float("nan")])
