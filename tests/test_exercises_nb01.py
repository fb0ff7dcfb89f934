"""Exercises of notebook 01, checked on the synthetic tracks of conftest.py."""

import pytest

from helpers.exercises import ____, Status
from helpers.exercises.nb01 import CountGenres, MostCorrelatedFeature, ZeroPopularityShare
from helpers.features import SEED_FEATURES


def test_count_genres(tracks):
    q = CountGenres(tracks)
    assert q.evaluate(tracks["track_genre"].nunique()).status is Status.CORRECT
    assert q.evaluate(4).status is Status.CORRECT  # conftest's four genres
    assert q.evaluate(5).status is Status.INCORRECT
    assert q.evaluate(len(tracks)).status is Status.INCORRECT
    assert q.evaluate("4").status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_zero_popularity_share(tracks):
    tracks.loc[tracks.index[:18], "popularity"] = 0
    q = ZeroPopularityShare(tracks)
    share = (tracks["popularity"] == 0).mean()
    assert q.evaluate(share).status is Status.CORRECT
    assert q.evaluate(round(share, 3)).status is Status.CORRECT
    outcome = q.evaluate(100 * share)
    assert outcome.status is Status.INCORRECT and "percentage" in outcome.message
    assert q.evaluate(share + 0.05).status is Status.INCORRECT
    assert q.evaluate("a lot").status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_most_correlated_feature_uses_absolute_values(tracks):
    # popularity falls with instrumentalness and rises a little with loudness
    tracks["popularity"] = (
        80 * (1 - tracks["instrumentalness"]) + 0.3 * tracks["loudness"] + 10
    ).clip(0, 100).round().astype(int)
    q = MostCorrelatedFeature(tracks, SEED_FEATURES)
    correlations = tracks[SEED_FEATURES].corrwith(tracks["popularity"])
    assert correlations.abs().idxmax() == "instrumentalness"
    assert q.evaluate("instrumentalness").status is Status.CORRECT
    assert q.evaluate(" Instrumentalness ").status is Status.CORRECT
    positive = q.evaluate(correlations.idxmax())
    assert positive.status is Status.INCORRECT and "absolute" in positive.message
    assert q.evaluate("track_genre").status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


@pytest.mark.parametrize("cls", [CountGenres, ZeroPopularityShare, MostCorrelatedFeature])
def test_texts_are_filled(cls, tracks, capsys):
    q = cls(tracks)
    assert q.title and q.hint_text and q.solution_text
    q.check(____)
    assert "Not answered yet" in capsys.readouterr().out
