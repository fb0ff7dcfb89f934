"""Exercises of notebook 05 (baselines)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier

from helpers.evaluation import scores
from helpers.exercises.base import FunctionExercise, Question, Quiz, SelfAssessed, Wrong
from helpers.exercises.synthetic import synthetic_tracks
from helpers.fitting import fit_estimator
from helpers.preprocessing import PreparedData, prepare_data
from helpers.splits import honest_split, song_groups
from helpers.uncertainty import paired_bootstrap


class NearestNeighbour(FunctionExercise):
    notebook, number, title = "05", 1, "a nearest neighbour by hand"
    function_name = "nearest_neighbour_predict"
    hint_text = ("Broadcasting can give every (test row, training row) difference at once: which axes must each "
                 "array gain? Then reduce it to one distance per pair, and find the closest training row.")
    success = "the same classes as scikit-learn's KNeighborsClassifier(n_neighbors=1) on random data."
    wrong = [Wrong(lambda x_train, y_train, x_test:
                   y_train[((x_test[:, None, :] - x_train[None, :, :]) ** 2).sum(axis=2).argmax(axis=1)],
                   "those are the farthest training rows' classes: take the smallest distance (argmin).")]

    def cases(self, seed: int = 505, shapes: Sequence[tuple[int, int, int, int]] = ((60, 3, 3, 25), (40, 5, 2, 40),
                                                                                 (30, 1, 4, 10))) -> list[tuple[Any, ...]]:
        """Random data: per case (training rows, features, classes, test rows)."""
        rng = np.random.default_rng(seed)
        return [(rng.normal(size=(rows, features)), rng.integers(0, classes, rows), rng.normal(size=(test, features)))
                for rows, features, classes, test in shapes]

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        return self.cases(5050, ((80, 2, 3, 30), (25, 6, 5, 12)))

    def reference(self, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray) -> np.ndarray:
        return KNeighborsClassifier(n_neighbors=1).fit(x_train, y_train).predict(x_test)


def course_interval(y_true: np.ndarray, pred_a: np.ndarray, pred_b: np.ndarray, n_resamples: int,
                    seed: int) -> tuple[float, float]:
    """The course's paired bootstrap of A's accuracy minus B's, every row its own group."""
    interval = paired_bootstrap(y_true, pred_a, pred_b, metric="accuracy", n_resamples=n_resamples, seed=seed)
    return interval.low, interval.high


def unpaired_interval(y_true: np.ndarray, pred_a: np.ndarray, pred_b: np.ndarray, n_resamples: int,
                      seed: int) -> tuple[float, float]:
    """A typical wrong answer to exercise 2: A and B scored on separate draws of the rows."""
    rng = np.random.default_rng(seed)
    rows_a, rows_b = (rng.integers(0, len(y_true), size=(n_resamples, len(y_true))) for _ in range(2))
    differences = (pred_a == y_true)[rows_a].mean(axis=1) - (pred_b == y_true)[rows_b].mean(axis=1)
    return tuple(np.quantile(differences, [0.025, 0.975]))


class BootstrapInterval(FunctionExercise):
    notebook, number, title = "05", 2, "a bootstrap interval by hand"
    function_name = "accuracy_difference_interval"
    compare, tolerance = "allclose", 0.012  # within the luck of the draw
    hint_text = ("rng.integers can draw all resamples at once, as an array of row numbers of shape (n_resamples, "
                 "rows). Indexing the array of A's right answers with it gives, per resample, which drawn rows A got "
                 "right. Use the same drawn rows for A and B.")
    success = ("your intervals agree with the course's (within the luck of the draw) on pairs of models you had not "
               "seen, and the same seed gives the same interval.")
    reference = staticmethod(course_interval)
    same_seed = "the same seed must give the same interval: draw with np.random.default_rng(seed)."
    wrong = [
        Wrong(unpaired_interval,
              "draw one set of rows per resample and score both models on it (paired), not a set each."),
        Wrong(lambda y_true, pred_a, pred_b, n_resamples, seed: ((pred_a == y_true).mean() - (pred_b == y_true).mean(),) * 2,
              "the interval has no width: draw the rows with replacement (rng.integers), not all rows once."),
        Wrong(lambda y_true, pred_a, pred_b, n_resamples, seed: course_interval(y_true, pred_b, pred_a, n_resamples, seed),
              "the interval has the wrong sign: compute model A's accuracy minus model B's."),
    ]

    def cases(self, seed: int = 506, settings: Sequence[tuple[int, float, float, float]] = (
            (500, 0.7, 0.65, 0.5), (800, 0.6, 0.6, 0.55), (400, 0.8, 0.5, 0.45))) -> list[tuple[Any, ...]]:
        """Two models' predictions: per case (rows, A's accuracy, B's, the share both get right)."""
        rng, cases = np.random.default_rng(seed), []
        for n, a_right, b_right, shared in settings:
            y = rng.integers(0, 3, n)
            both = rng.random(n) < shared
            a_ok = both | (rng.random(n) < (a_right - shared) / (1 - shared))
            b_ok = both | (rng.random(n) < (b_right - shared) / (1 - shared))
            wrong = (y + rng.integers(1, 3, n)) % 3
            cases.append((y, np.where(a_ok, y, wrong), np.where(b_ok, y, wrong), 4000, 7))
        return cases

    def hidden_cases(self) -> list[tuple[Any, ...]]:
        return self.cases(5060, ((600, 0.55, 0.6, 0.4), (300, 0.9, 0.85, 0.8)))

    def seeded_case(self) -> tuple[Any, ...]:
        y, a, b, _, _ = self.cases()[1]
        return y, a, b, 20, 3  # few resamples of many rows: two different draws give different quantiles


def learnable_tracks(n_songs: int, seed: int) -> pd.DataFrame:
    """Synthetic tracks whose popularity follows two of their features, so that a model has something to learn."""
    tracks = synthetic_tracks(n_songs, seed)
    noise = np.random.default_rng(seed).normal(0, 15, len(tracks))
    tracks["popularity"] = np.clip(20 + 50 * tracks["danceability"] + 30 * tracks["energy"] + noise, 0, 100).round()
    return tracks


def songs_of(tracks: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """The song of each of these rows (row labels of ``tracks``)."""
    return pd.Series(song_groups(tracks), index=tracks.index).loc[rows].to_numpy()


def against_another_model(tracks: pd.DataFrame, thresholds: Sequence[float], seed: int) -> tuple[Any, ...]:
    """A case of exercise 3 on other rows or cut points, with naive Bayes in the place of the MLP."""
    split = honest_split(tracks, seed)
    data = prepare_data(tracks, thresholds, split)
    return data, fit_estimator(GaussianNB(), data).predict("validation"), songs_of(tracks, split.validation)


def chosen_and_compared(data: PreparedData, partner: np.ndarray, songs: np.ndarray, estimator: Any = None,
                        metric: str = "macro_f1", reverse: bool = False) -> tuple[Any, Any]:
    """A logistic regression fitted on ``data`` and the partner compared with it: the start of the wrong answers."""
    chosen = fit_estimator(estimator or LogisticRegression(max_iter=1000), data)
    pair = (partner, chosen.predict("validation"))[::-1 if reverse else 1]
    return chosen, paired_bootstrap(data.y_val, *pair, groups=songs, metric=metric)


def with_validation_rows(data: PreparedData) -> PreparedData:
    """The same data with the validation rows added to the training rows: a typical mistake in exercise 3."""
    return replace(data, x_train=np.concatenate([data.x_train, data.x_val]),
                   y_train=np.concatenate([data.y_train, data.y_val]))


class ChooseAndCompare(FunctionExercise):
    notebook, number, title = "05", 3, "a baseline chosen and compared on validation rows"
    function_name = "choose_and_compare"
    compare = "custom"  # any model fitted on the training rows, as good as the default on validation rows, is right
    hint_text = ("fit_estimator fits a scikit-learn model on data's training rows; a fitted model's "
                 ".scores('validation') ranks the settings. Keep the best one, then let paired_bootstrap compare the "
                 "MLP's validation predictions with your model's, redrawing whole songs.")
    success = ("your model was fitted on the training rows, does at least as well as the default logistic regression "
               "on the validation rows, and the comparison is the MLP's validation macro-F1 minus yours, with a "
               "paired interval as wide as the course's.")
    wrong = [
        Wrong(lambda data, partner, songs: chosen_and_compared(data, partner, songs, LogisticRegression(C=1e-4)),
              "keep the setting with the best validation macro-F1"),
        Wrong(lambda data, partner, songs: chosen_and_compared(with_validation_rows(data), partner, songs),
              "fit it on the training rows only"),
        Wrong(lambda data, partner, songs: chosen_and_compared(data, partner, songs, metric="accuracy"),
              "compare the models in macro-F1"),
        Wrong(lambda data, partner, songs: chosen_and_compared(data, partner, songs, reverse=True), "the wrong sign"),
    ]

    def cases(self, tracks: pd.DataFrame | None = None, data: PreparedData | None = None,
              mlp: Any = None) -> list[tuple[Any, ...]]:
        """The notebook's rows and MLP (given ``tracks``, ``data`` and ``mlp``), else synthetic tracks."""
        if tracks is None:
            return [against_another_model(learnable_tracks(500, 51), (50, 70), 1),
                    against_another_model(learnable_tracks(400, 52), (60,), 2)]
        return [(data, mlp.predict("validation"), songs_of(tracks, data.split.validation))]

    def hidden_cases(self, tracks: pd.DataFrame | None = None, data: PreparedData | None = None,
                     mlp: Any = None) -> list[tuple[Any, ...]]:
        """Another seed's split of a sample of the tracks, and other cut points, each with naive Bayes in the place
        of the MLP."""
        if tracks is None:
            return [against_another_model(learnable_tracks(600, 53), (40, 60, 80), 3)]
        other = (70,) if tuple(data.thresholds) != (70,) else (30, 70)
        return [against_another_model(tracks.sample(frac=0.4, random_state=1), data.thresholds, 7),
                against_another_model(tracks, other, 8)]

    def reference(self, data: PreparedData, partner: np.ndarray, songs: np.ndarray) -> float:
        """The default logistic regression's validation macro-F1."""
        return fit_estimator(LogisticRegression(max_iter=1000), data).scores("validation")["macro_f1"]

    def difference(self, got: Any, expected: float, args: tuple[Any, ...]) -> str | None:
        data, partner, songs = args
        try:
            chosen, compared = got
            predicted = np.asarray(chosen.predict("validation"))
            refit = fit_estimator(clone(chosen.model.estimator), data).predict("validation")
            estimate, low, high = float(compared.estimate), float(compared.low), float(compared.high)
        except (TypeError, ValueError, AttributeError):
            return "return a pair: (the model fit_estimator returned, the Difference paired_bootstrap returned)."
        if not np.array_equal(refit, predicted):
            return ("a copy of your model fitted on data's training rows predicts other classes on the validation "
                    "rows: fit it on the training rows only (fit_estimator does), with any random_state fixed.")
        mine = scores(data.y_val, predicted)["macro_f1"]
        if mine < expected - 1e-9:
            return (f"your model's validation macro-F1, {mine:.3f}, is below the default logistic regression's, "
                    f"{expected:.3f}: keep the setting with the best validation macro-F1 (the default among them).")
        if compared.metric != "macro_f1":
            return f"compare the models in macro-F1 (metric='macro_f1'), the score you chose by, not {compared.metric}."
        right = scores(data.y_val, partner)["macro_f1"] - mine
        if not np.isclose(estimate, right, rtol=0, atol=1e-9):
            if np.isclose(estimate, -right, rtol=0, atol=1e-9):
                return "the difference has the wrong sign: pass the MLP's predictions first (pred_a), then yours."
            return f"the difference should be the MLP's validation macro-F1 minus yours, {right:+.4f}, not {estimate:+.4f}."
        course = paired_bootstrap(data.y_val, partner, predicted, groups=songs)
        width = course.high - course.low  # 0 when the two models give the same answers
        if not low <= estimate <= high or (width > 0 and not 0.5 < (high - low) / width < 2):
            return (f"the interval {low:+.3f} to {high:+.3f} should hold the estimate and be about as wide as a paired "
                    f"bootstrap over the validation songs ({course.low:+.3f} to {course.high:+.3f}).")
        return None


quiz = Quiz("05", 4, "wrap-up quiz", [
    Question("The paired bootstrap interval of 'MLP minus trees' in macro-F1 runs from -0.004 to +0.010. What do you "
             "conclude?",
             {"a": "The MLP is better: the estimate is above 0.",
              "b": "No clear difference: the interval contains 0.",
              "c": "The trees are better: the interval reaches below 0."},
             {"a": "No: another sample of test songs could just as well put the trees ahead; the estimate alone says "
                   "nothing about that luck.",
              "b": "Yes: these test rows cannot tell the two models apart, so the cheaper one does as well as far as "
                   "we can know.",
              "c": "No: most of the interval lies above 0; it says neither model is clearly ahead."}),
    Question("Why does the bootstrap score both models on the same redrawn rows (paired)?",
             {"a": "Because it is faster than drawing rows for each model.",
              "b": "So that both models get the same score on each draw.",
              "c": "The luck of which rows are drawn moves both models' scores alike; scoring both on the same draw "
                   "cancels that shared luck in their difference."},
             {"a": "No: the cost is about the same; pairing is about what the interval measures.",
              "b": "No: on each draw they get their own scores; only the rows are the same.",
              "c": "Yes: an unpaired interval adds up the two models' separate luck and comes out much wider than the "
                   "uncertainty of their difference."}),
    Question("Why does the course's bootstrap redraw whole songs rather than single rows?",
             {"a": "Rows of one song (a track under two genres, a single and its album) are near copies, not "
                   "independent evidence.",
              "b": "Because there are fewer songs than rows, so it runs faster.",
              "c": "To leave the leaked rows out."},
             {"a": "Yes: redrawing rows one by one would count a song's copies as separate evidence and make the "
                   "interval too narrow.",
              "b": "No: the speed hardly changes; the point is which draws are independent.",
              "c": "No: the honest split has no leaked rows; the songs are redrawn because their rows belong "
                   "together."}),
    Question("The 1-nearest neighbour does far better on a random split's leaked test rows than on its unseen ones, "
             "like for like. What does that show?",
             {"a": "It is the best of the baselines.",
              "b": "On a leaked row it finds the copy of that row among the training rows: a random split rewards "
                   "memory.",
              "c": "The unseen rows hold harder songs, and that explains the whole gap."},
             {"a": "No: on the honest split, where no copies help, it is not; the leaked rows flatter it.",
              "b": "Yes: the nearest neighbour can do nothing but remember, so its gain on the leaked rows measures "
                   "what a leak gives a model that memorises.",
              "c": "No: the lift over the majority class and the balanced accuracy compare like for like, so the "
                   "class mix does not explain the gap; the copies do."}),
])

q5 = SelfAssessed("05", 5, "is the MLP worth it?")
