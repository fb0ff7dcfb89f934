"""Exercises of notebook 02, checked on the synthetic tracks of conftest.py."""

import pytest

from helpers.exercises import ____, Status
from helpers.exercises.nb02 import ClassOfPopularity, SeedLeakShare, WhyScaleOnTraining
from helpers.splits import seed_split, split_leak


@pytest.mark.parametrize(
    "thresholds, popularity, expected",
    [((30, 70), 70, (3, 1)), ((25, 50, 75), 75, (4, 2)), ((25, 50, 75), 76, (4, 3)), ((50,), 10, (2, 0))],
)
def test_class_of_popularity(thresholds, popularity, expected):
    q = ClassOfPopularity(thresholds, popularity)
    assert q.evaluate(*expected).status is Status.CORRECT
    n, label = expected
    assert q.evaluate(n + 1, label).status is Status.INCORRECT
    assert q.evaluate(n, label + 1).status is Status.INCORRECT
    assert q.evaluate(n, "x").status is Status.INCORRECT
    assert q.evaluate(____, ____).status is Status.NOT_ANSWERED
    assert q.evaluate(n, ____).status is Status.NOT_ANSWERED


def test_boundary_mistake_is_explained():
    outcome = ClassOfPopularity((30, 70), 70).evaluate(3, 2)
    assert outcome.status is Status.INCORRECT and "upper cut point" in outcome.message


def test_seed_leak_share(tracks):
    q = SeedLeakShare(tracks)
    report = split_leak(tracks, seed_split(tracks))
    assert report.leaked > 0
    assert q.evaluate(report.leaked_share).status is Status.CORRECT
    assert q.evaluate(round(report.leaked_share, 3)).status is Status.CORRECT
    assert q.evaluate(100 * report.leaked_share).status is Status.INCORRECT
    assert q.evaluate(report.leaked_share + 0.1).status is Status.INCORRECT
    assert q.evaluate(None).status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_why_scale_on_training_is_an_open_question():
    q = WhyScaleOnTraining()
    outcome = q.evaluate("Fitting on all rows leaks the test rows' statistics into training.")
    assert outcome.status is Status.REVIEW and outcome.correct and "leak" in outcome.message
    assert q.evaluate("no idea").status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


@pytest.mark.parametrize(
    "make", [lambda t: ClassOfPopularity((30, 70), 70), SeedLeakShare, lambda t: WhyScaleOnTraining()]
)
def test_texts_are_filled(make, tracks, capsys):
    q = make(tracks)
    assert q.title and q.hint_text and q.solution_text
    q.check(____)
    assert "Not answered yet" in capsys.readouterr().out
