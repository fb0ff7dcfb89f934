import pytest

from helpers.exercises import ____, Status
from helpers.exercises import nb06
from helpers.threshold_study import quantile_thresholds, study_thresholds


def test_quantile_cuts(tracks):
    q = nb06.QuantileCuts(tracks)
    right = quantile_thresholds(tracks["popularity"], 3)
    assert q.evaluate(right).status is Status.CORRECT
    assert q.evaluate(list(right)).status is Status.CORRECT
    assert q.evaluate((5, 95)).status is Status.INCORRECT
    assert q.evaluate((30,)).status is Status.INCORRECT
    assert q.evaluate((70, 30)).status is Status.INCORRECT
    assert q.evaluate(42).status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


@pytest.fixture
def results(tracks):
    grid = {"20/80": (20, 80), "50": (50,), "30/70": (30, 70)}
    return study_thresholds(tracks, grid, seed=0, chosen=(30, 70))


def test_most_balanced(results):
    q = nb06.MostBalanced(results)
    best = results["balance"].idxmax()
    assert q.evaluate(best).status is Status.CORRECT
    assert q.evaluate(results.loc[best, "thresholds"]).status is Status.CORRECT
    assert q.evaluate("20/80").status is Status.INCORRECT
    assert q.evaluate((20, 80)).status is Status.INCORRECT
    assert q.evaluate(7).status is Status.INCORRECT
    assert q.evaluate("no such entry").status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_most_balanced_accepts_practical_ties(results):
    tied = results.copy()
    best = tied["balance"].idxmax()
    other = [name for name in tied.index if name != best][0]
    tied.loc[other, "balance"] = tied.loc[best, "balance"] - 0.001
    q = nb06.MostBalanced(tied)
    assert q.evaluate(other).status is Status.CORRECT
    assert "tied" in q.evaluate(best).message


def test_choose_cuts_is_open():
    q = nb06.ChooseCuts()
    assert q.evaluate("(50,): hit or not").status is Status.REVIEW
    assert q.evaluate(____).status is Status.NOT_ANSWERED
    assert q.title and q.hint_text and q.solution_text
