"""The exercises of notebooks 04-06 that are checked on the notebook's own objects, given synthetic stand-ins.

tests/test_exercises.py runs every exercise on the inputs it makes itself when no notebook object is given. Here the
same exercises get objects shaped like the notebooks' (``tracks``, ``data``, a fitted model in the place of ``mlp``),
made from synthetic tracks, never real rows: a right answer passes the visible and the hidden cases, each declared
wrong answer is named there too, and the copies the checks make to catch a peek at other rows do what they claim.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from helpers.exercises import nb04, nb05, nb06
from helpers.exercises.base import FunctionExercise, Status
from helpers.fitting import fit_estimator
from helpers.models import FittedModel
from helpers.preprocessing import PreparedData, prepare_data
from helpers.splits import honest_split


@functools.lru_cache(maxsize=None)
def notebook_objects() -> tuple[Any, PreparedData, FittedModel]:
    """``tracks``, ``data`` and a quick model in the place of the notebooks' MLP, from synthetic tracks."""
    tracks = nb05.learnable_tracks(1500, 7)
    data = prepare_data(tracks, (30, 70), honest_split(tracks, 0))
    return tracks, data, fit_estimator(LogisticRegression(max_iter=1000), data)


def given(exercise: FunctionExercise) -> tuple[Any, ...]:
    """The arguments of the exercise's check cell: ``ex4.check(tune_top_cutoff, data, mlp)`` and so on."""
    tracks, data, mlp = notebook_objects()
    return {nb04.TuneTopCutoff: (data, mlp), nb05.ChooseAndCompare: (tracks, data, mlp),
            nb06.HitClassCuts: (tracks, data.split)}[type(exercise)]


RIGHT = {
    nb04.TuneTopCutoff: nb04.chosen_on,
    nb05.ChooseAndCompare: nb05.chosen_and_compared,
    nb06.HitClassCuts: lambda tracks, split: nb06.hit_cuts_from(tracks.loc[split.train, "popularity"]),
}
"""A right answer to each exercise (the course's own functions, as the wrong answers start from them)."""
ON_OBJECTS = [(cls, i) for cls in RIGHT for i in range(len(cls.wrong))]


@pytest.mark.parametrize("cls", list(RIGHT), ids=[cls.__name__ for cls in RIGHT])
@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
def test_a_right_answer_passes_on_the_notebook_objects(cls: type[FunctionExercise], hidden: bool) -> None:
    exercise = cls()
    assert exercise.evaluate(RIGHT[cls], *given(exercise), hidden=hidden).status is Status.CORRECT


@pytest.mark.parametrize(("cls", "i"), ON_OBJECTS, ids=[f"{cls.__name__}-{i}" for cls, i in ON_OBJECTS])
def test_each_wrong_answer_is_named_on_the_notebook_objects(cls: type[FunctionExercise], i: int) -> None:
    """Caught by the visible cases or, failing that, by the hidden ones, with the feedback that names it."""
    exercise, wrong = cls(), cls.wrong[i]
    outcomes = [exercise.evaluate(wrong.function, *given(exercise), hidden=hidden) for hidden in (False, True)]
    outcome = next((outcome for outcome in outcomes if outcome.status is not Status.CORRECT), outcomes[0])
    assert outcome.status is Status.INCORRECT and wrong.feedback in outcome.message, outcome


def test_the_changed_test_labels_move_the_best_cutoff_on_the_test_rows_only() -> None:
    _, data, mlp = notebook_objects()
    rows = (mlp.probabilities("validation"), data.y_val, mlp.probabilities("test"), data.y_test)
    changed = nb04.with_test_labels_changed(*rows)
    assert all(a is b for a, b in zip(changed[:3], rows[:3]))  # the validation rows and the test probabilities
    best = {name: max(nb04.CUTOFFS, key=lambda cutoff: nb04.top_f1(p, y, cutoff))
            for name, (p, y) in {"validation": changed[:2], "changed test": changed[2:]}.items()}
    assert not np.isclose(best["validation"], best["changed test"])
    assert nb04.chosen_on(*changed)["cutoff"] == nb04.chosen_on(*rows)["cutoff"]  # chosen on validation rows: stays


def test_the_changed_copy_keeps_the_training_rows_and_changes_every_other() -> None:
    tracks, data, _ = notebook_objects()
    changed = nb06.with_other_rows_changed(tracks, data.split)
    train = tracks.index.isin(data.split.train)
    assert changed.loc[train, "popularity"].equals(tracks.loc[train, "popularity"])
    assert (changed.loc[~train, "popularity"] == 100).all() and changed.attrs[nb06.CHANGED]
    assert not tracks.attrs and (tracks.loc[~train, "popularity"] < 100).any()  # the original is left alone
    right = RIGHT[nb06.HitClassCuts]
    assert right(changed, data.split) == right(tracks, data.split)


def test_the_interval_check_of_exercise_04_4_names_an_interval_too_narrow() -> None:
    exercise = nb04.TuneTopCutoff()
    args = exercise.cases()[0]
    report = nb04.chosen_on(*args)
    estimate, low, high = report["recall"]
    narrow = {**report, "recall": (estimate, estimate - (estimate - low) / 4, estimate + (high - estimate) / 4)}
    assert "recall interval is" in exercise.difference(narrow, exercise.reference(*args), args)
    outside = {**report, "precision": (report["precision"][0], 0.0, report["precision"][0] / 2)}
    assert "does not contain its estimate" in exercise.difference(outside, exercise.reference(*args), args)
