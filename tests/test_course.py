"""helpers.course: the course's parameters, their defaults, and the call that checks them."""

from __future__ import annotations

import pytest

from helpers.course import NOTEBOOK_PARAMETERS, PARAMETERS, checked_parameters
from helpers.labels import class_names
from helpers.labels import ThresholdError


def test_lists_become_tuples_and_numbers_whole_numbers() -> None:
    assert checked_parameters(THRESHOLDS=[30, 70]) == (30, 70)
    thresholds, seed, epochs, grid = checked_parameters(
        THRESHOLDS=[30.0, 70.5], SEED=3.0, EPOCHS=2, THRESHOLD_GRID=[[50], (20, 40)]
    )
    assert thresholds == (30, 70.5) and type(thresholds[0]) is int and type(thresholds[1]) is float
    assert seed == 3 and type(seed) is int
    assert epochs == 2 and type(epochs) is int
    assert grid == [(50,), (20, 40)] and all(type(cuts) is tuple for cuts in grid)


def test_one_parameter_gives_the_value_several_give_a_tuple_in_the_order_given() -> None:
    assert checked_parameters(SEED=7) == 7
    assert checked_parameters(EPOCHS=5, SEED=7) == (5, 7)
    assert checked_parameters(SEED=7, EPOCHS=5) == (7, 5)


@pytest.mark.parametrize(
    ("given", "error", "fragment"),
    [
        ({"THRESHOLDS": (70, 30)}, ThresholdError, "increase strictly"),
        ({"THRESHOLDS": (30, 100)}, ThresholdError, "outside"),
        ({"THRESHOLDS": ()}, ThresholdError, "at least one"),
        ({"SEED": -1}, ValueError, "SEED must be a whole number of at least 0"),
        ({"SEED": 1.5}, ValueError, "SEED must be a whole number"),
        ({"SEED": True}, ValueError, "SEED must be a whole number"),
        ({"EPOCHS": 0}, ValueError, "EPOCHS must be a whole number of at least 1"),
        ({"EPOCHS": 2.5}, ValueError, "EPOCHS must be a whole number"),
        ({"THRESHOLD_GRID": []}, ValueError, "THRESHOLD_GRID is empty"),
        ({"THRESHOLD_GRID": [(30, 70), (70, 30)]}, ThresholdError, "increase strictly"),
        ({"SEEDS": 1}, KeyError, "Unknown parameter 'SEEDS'"),
    ],
)
def test_bad_values_raise_a_clear_error(given: dict, error: type, fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        checked_parameters(**given)


@pytest.mark.parametrize("value", ["3", "three", None])
def test_a_seed_that_is_not_a_number_gets_the_course_message(value) -> None:
    """The course promises an error that says what is wrong, not a bare TypeError from a comparison."""
    with pytest.raises(ValueError, match="SEED must be a whole number"):
        checked_parameters(SEED=value)


def test_a_bad_parameter_among_good_ones_is_still_caught() -> None:
    with pytest.raises(ValueError, match="EPOCHS"):
        checked_parameters(THRESHOLDS=(30, 70), SEED=1, EPOCHS=0)


def test_every_notebook_parameter_is_a_course_parameter() -> None:
    for notebook, names in NOTEBOOK_PARAMETERS.items():
        assert names, notebook
        assert len(set(names)) == len(names), notebook
        for name in names:
            assert name in PARAMETERS, f"{notebook} declares {name}, which helpers.course.PARAMETERS lacks"
        assert "THRESHOLDS" in names, notebook


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_defaults_pass_their_own_checks_unchanged(name: str) -> None:
    value = PARAMETERS[name].default
    assert checked_parameters(**{name: value}) == value
    parameter = PARAMETERS[name]
    assert parameter.comment and parameter.explanation


def test_default_thresholds_are_the_courses_three_classes() -> None:
    assert PARAMETERS["THRESHOLDS"].default == (30, 70)
    assert PARAMETERS["THRESHOLDS"].default in PARAMETERS["THRESHOLD_GRID"].default
    assert class_names((30, 70)) == ["low (0-30)", "mid (31-70)", "high (71-100)"]
