"""helpers.exercises: the checking machinery, and every exercise of every notebook.

For each notebook the solutions are taken from the committed notebook itself: the
code of its nbgrader solution cells (between ``### BEGIN SOLUTION`` and ``### END
SOLUTION``) is executed after the notebook's own import statements and its
exercises set-up cell, and each check cell's exercise must find it correct. Then
plausible wrong answers must get the specific hint written for them, and the blank
that nbgrader leaves (``raise NotImplementedError()``) must count as not answered.
"""

from __future__ import annotations

import ast
import functools
import importlib
import pkgutil
import re
import warnings
from pathlib import Path
from typing import Any, Callable

import keras
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GroupShuffleSplit, train_test_split

import helpers.exercises
from helpers.exercises.base import (
    Exercise,
    ExerciseNotPassed,
    FunctionExercise,
    Outcome,
    SelfAssessed,
    Status,
    layer_difference,
    grading,
)
from helpers.networks import compile_classifier

from course_files import course_notebooks

# --------------------------------------------------------------------------
# The machinery (helpers.exercises.base)
# --------------------------------------------------------------------------


class Square(FunctionExercise):
    number, title = 9, "squares"
    function_name = "square"
    hint_text = "multiply x by itself."
    success = "every square is right."

    def cases(self) -> list[tuple[Any, ...]]:
        return [(2,), (3,), (-4,)]

    def expected(self, x: int) -> int:
        return x * x


class SumOfList(FunctionExercise):
    number, title = 8, "a sum"
    function_name = "total"

    def __init__(self) -> None:
        self.values = [3, 1, 2]

    def cases(self) -> list[tuple[Any, ...]]:
        return [(self.values,)]

    def expected(self, values: list[int]) -> int:
        return sum(values[:2])  # depends on the order, so a student's in-place sort would spoil it


def not_written(*args: Any) -> Any:
    raise NotImplementedError()


@pytest.fixture
def self_study(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def autograding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")


def test_the_right_function_is_correct() -> None:
    assert Square().evaluate(lambda x: x * x) == Outcome(Status.CORRECT, "every square is right.")


def test_a_wrong_function_is_incorrect_with_a_message() -> None:
    outcome = Square().evaluate(lambda x: 2 * x)  # right for 2, wrong for 3
    assert outcome.status is Status.INCORRECT
    assert outcome.message == "it returned 6 where 9 was expected."


def test_a_function_not_written_yet_is_not_answered() -> None:
    outcome = Square().evaluate(not_written)
    assert outcome.status is Status.NOT_ANSWERED
    assert "write the body of square" in outcome.message


def test_a_function_that_fails_is_incorrect_and_says_how() -> None:
    outcome = Square().evaluate(lambda x: 1 / 0)
    assert outcome.status is Status.INCORRECT
    assert outcome.message == "square raised ZeroDivisionError: division by zero"


def test_a_called_function_instead_of_the_function_is_incorrect() -> None:
    outcome = Square().evaluate(4)
    assert outcome.status is Status.INCORRECT and "without calling it" in outcome.message


def test_the_function_gets_copies_of_the_inputs() -> None:
    exercise = SumOfList()

    def sorts_in_place(values: list[int]) -> int:
        values.sort()
        return sum(values[:2])

    assert exercise.evaluate(sorts_in_place).status is Status.INCORRECT  # compared on the unsorted input
    assert exercise.values == [3, 1, 2]


def test_check_prints_the_verdict_and_never_raises_in_self_study(self_study, capsys: pytest.CaptureFixture) -> None:
    assert not grading()
    for answer in (lambda x: x * x, lambda x: 2 * x, not_written, lambda x: 1 / 0, "not a function"):
        assert Square().check(answer) is None
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Exercise 9 · squares. Correct: every square is right."
    assert lines[1].startswith("Exercise 9 · squares. Not quite: ")
    assert lines[2].startswith("Exercise 9 · squares. Not answered yet: ")
    assert len(lines) == 5


def test_check_raises_under_nbgrader_unless_correct(autograding, capsys: pytest.CaptureFixture) -> None:
    assert grading()
    Square().check(lambda x: x * x)  # correct: no error
    for answer in (lambda x: 2 * x, not_written):
        with pytest.raises(ExerciseNotPassed) as info:
            Square().check(answer)
        assert isinstance(info.value, AssertionError)  # nbgrader counts a failed test cell
        assert info.value._render_traceback_() == [f"ExerciseNotPassed: {info.value}"]
    assert "Correct" in capsys.readouterr().out  # the verdict is printed before raising


def test_warnings_inside_the_students_function_do_not_escape(self_study, capsys: pytest.CaptureFixture) -> None:
    def noisy(x: int) -> int:
        warnings.warn("something the student did", RuntimeWarning)
        np.log(np.array([0.0]))  # numpy's divide-by-zero warning
        return x * x

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Square().check(noisy)
    assert caught == []
    assert "Correct" in capsys.readouterr().out
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # even where warnings are errors, the answer is judged on its result
        assert Square().evaluate(noisy).status is Status.CORRECT


def test_hint_and_model_answer_print(capsys: pytest.CaptureFixture) -> None:
    Square().hint()
    SelfAssessed(5, "why", "Because of the copies.").show_model_answer()
    out = capsys.readouterr().out
    assert "Hint for exercise 9: multiply x by itself." in out
    assert "Exercise 5 · why. Self-assessed" in out and out.rstrip().endswith("Because of the copies.")


def test_layer_difference_names_the_first_layer_that_differs() -> None:
    from helpers.networks import build_mlp

    right = build_mlp(4, 2, seed=0, width=8, depth=2, dropout=0.2)
    assert layer_difference(build_mlp(4, 2, seed=1, width=8, depth=2, dropout=0.2), right, ("units", "rate")) is None
    assert "units=16" in layer_difference(build_mlp(4, 2, seed=0, width=16, depth=2, dropout=0.2), right, ("units",))
    assert "the layers should be" in layer_difference(build_mlp(4, 2, seed=0, width=8, depth=3), right, ("units",))


# --------------------------------------------------------------------------
# The exercise modules
# --------------------------------------------------------------------------


def exercise_modules() -> list[Any]:
    names = [m.name for m in pkgutil.iter_modules(helpers.exercises.__path__) if re.fullmatch(r"nb\d\d", m.name)]
    return [importlib.import_module(f"helpers.exercises.{name}") for name in sorted(names)]


def exercise_classes() -> list[type[FunctionExercise]]:
    return [
        value for module in exercise_modules() for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, FunctionExercise) and value.__module__ == module.__name__
    ]


def self_assessed() -> list[tuple[str, SelfAssessed]]:
    return [(f"{module.__name__.rsplit('.', 1)[1]}.{name}", value) for module in exercise_modules()
            for name, value in vars(module).items() if isinstance(value, SelfAssessed)]


CLASSES = exercise_classes()
CLASS_IDS = [f"{cls.__module__.rsplit('.', 1)[1]}.{cls.__name__}" for cls in CLASSES]


def test_every_notebook_has_its_exercise_module() -> None:
    modules = {module.__name__.rsplit(".", 1)[1] for module in exercise_modules()}
    for path in course_notebooks():
        assert f"nb{path.name[:2]}" in modules, f"{path.name} has no helpers/exercises/nb{path.name[:2]}.py"


@pytest.mark.parametrize("cls", CLASSES, ids=CLASS_IDS)
def test_every_exercise_is_described_and_numbered(cls: type[FunctionExercise]) -> None:
    exercise = cls()
    assert exercise.number >= 1 and exercise.title and exercise.hint_text
    assert exercise.function_name != FunctionExercise.function_name
    assert exercise.success != FunctionExercise.success
    assert len(exercise.cases()) >= 2  # checked on several inputs the student has not seen


@pytest.mark.parametrize("cls", CLASSES, ids=CLASS_IDS)
def test_a_function_not_written_yet_is_not_answered_in_every_exercise(cls: type[FunctionExercise],
                                                                     self_study, capsys: pytest.CaptureFixture) -> None:
    exercise = cls()
    assert exercise.evaluate(not_written).status is Status.NOT_ANSWERED
    exercise.check(not_written)
    assert "Not answered yet" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "question"), self_assessed(), ids=[name for name, _ in self_assessed()])
def test_every_self_assessed_question_prints_its_model_answer(name: str, question: SelfAssessed,
                                                              capsys: pytest.CaptureFixture) -> None:
    question.show_model_answer()
    out = capsys.readouterr().out
    assert f"Exercise {question.number} · {question.title}. Self-assessed" in out
    assert question.model_answer in out and len(question.model_answer) > 100


# --------------------------------------------------------------------------
# The committed solutions, taken from the notebooks
# --------------------------------------------------------------------------

CHECK_CALL = re.compile(r"^\s*(\w+)\.check\((\w+)\)\s*$")


def _nbgrader(cell: Any) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def notebook_exercises(notebook: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Run a notebook's imports, exercise set-up and solution cells; return the namespace and its checks.

    The checks map each exercise variable (``ex1``) to the function its check cell passes (``class_counts``).
    """
    namespace: dict[str, Any] = {}
    imports = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython syntax: not an import cell
            continue
        imports += [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    exec("\n".join(imports), namespace)  # noqa: S102 (the course's own notebooks)
    checks = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        nbgrader = _nbgrader(cell)
        if nbgrader.get("solution") or "from helpers.exercises import" in cell.source:
            exec(cell.source, namespace)  # noqa: S102
        elif nbgrader.get("grade") and (match := CHECK_CALL.match(cell.source)):
            checks[match.group(1)] = match.group(2)
    return namespace, checks


@functools.lru_cache(maxsize=None)
def committed(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    import nbformat

    return notebook_exercises(nbformat.read(path, as_version=4))


NOTEBOOKS = course_notebooks()
NOTEBOOK_IDS = [path.name for path in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_the_committed_solutions_are_correct(path: Path) -> None:
    namespace, checks = committed(path)
    assert len(checks) >= 2, f"{path.name}: fewer than two checked exercises"
    for variable, function in checks.items():
        outcome = namespace[variable].evaluate(namespace[function])
        assert outcome.status is Status.CORRECT, f"{path.name} {variable}.check({function}): {outcome}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_each_notebook_checks_every_exercise_of_its_module(path: Path) -> None:
    namespace, checks = committed(path)
    module = importlib.import_module(f"helpers.exercises.nb{path.name[:2]}")
    used = {type(namespace[variable]) for variable in checks}
    defined = {cls for cls in CLASSES if cls.__module__ == module.__name__}
    assert used == defined
    numbers = sorted(namespace[variable].number for variable in checks)
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_student_copies_leave_every_exercise_not_answered(path: Path, self_study) -> None:
    """What `make student` (nbgrader's preprocessors) releases: every check says 'not answered yet'."""
    pytest.importorskip("nbgrader")
    import nbformat

    from tools.student import student_copy

    copy = nbformat.reads(student_copy(path), as_version=4)
    assert "BEGIN SOLUTION" not in "".join(cell.source for cell in copy.cells)
    namespace, checks = notebook_exercises(copy)
    assert checks == committed(path)[1]
    for variable, function in checks.items():
        assert namespace[variable].evaluate(namespace[function]).status is Status.NOT_ANSWERED


# --------------------------------------------------------------------------
# Plausible wrong answers get their specific hint
# --------------------------------------------------------------------------

# notebook 01


def class_counts_upper(popularity: pd.Series, thresholds: tuple) -> list:
    classes = np.searchsorted(thresholds, popularity, side="right")  # a cut point in the class above
    return np.bincount(classes, minlength=len(thresholds) + 1).tolist()


def zero_share(tracks: pd.DataFrame) -> pd.Series:
    return (tracks["popularity"] == 0).groupby(tracks["track_genre"]).mean().sort_values(ascending=False)


def nonzero_share(tracks: pd.DataFrame) -> pd.Series:
    return (tracks["popularity"] > 0).groupby(tracks["track_genre"]).mean().sort_values(ascending=False)


def zero_share_ascending(tracks: pd.DataFrame) -> pd.Series:
    return zero_share(tracks).sort_values()


def zero_count(tracks: pd.DataFrame) -> pd.Series:
    return (tracks["popularity"] == 0).groupby(tracks["track_genre"]).sum().sort_values(ascending=False)


def plot_without_labels(tracks: pd.DataFrame, n: int, ax) -> None:
    shares = zero_share(tracks).head(n)
    ax.barh(shares.index, shares.to_numpy())


def plot_every_genre(tracks: pd.DataFrame, n: int, ax) -> None:
    shares = zero_share(tracks)
    ax.barh(shares.index, shares.to_numpy())
    ax.set(title="zeros", xlabel="share", ylabel="genre")


def plot_nothing(tracks: pd.DataFrame, n: int, ax) -> None:
    ax.set(title="zeros", xlabel="share", ylabel="genre")


# notebook 02


def leaked_percentage(train_ids: pd.Series, test_ids: pd.Series) -> float:
    return 100 * float(test_ids.isin(train_ids).mean())


def leaked_training_share(train_ids: pd.Series, test_ids: pd.Series) -> float:
    return float(train_ids.isin(test_ids).mean())


def split_random_rows(tracks: pd.DataFrame, seed: int) -> tuple:
    train, test = train_test_split(tracks.index.to_numpy(), test_size=0.2, random_state=seed)
    return train, test


def split_positions(tracks: pd.DataFrame, seed: int) -> tuple:
    splitter = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
    return next(splitter.split(tracks, groups=tracks["artists"]))  # positions, not row labels


def split_unseeded(tracks: pd.DataFrame, seed: int) -> tuple:
    splitter = GroupShuffleSplit(n_splits=1, test_size=0.2)  # the seed is ignored
    train, test = next(splitter.split(tracks, groups=tracks["artists"]))
    return tracks.index[train].to_numpy(), tracks.index[test].to_numpy()


def scale_ddof_1(train: np.ndarray, other: np.ndarray) -> np.ndarray:
    return (other - train.mean(axis=0)) / train.std(axis=0, ddof=1)


def scale_with_own_statistics(train: np.ndarray, other: np.ndarray) -> np.ndarray:
    return (other - other.mean(axis=0)) / other.std(axis=0)


# notebook 03


def small_mlp(n_features: int, n_classes: int, *, rate: float = 0.2, dropout: bool = True, optimizer: Any = "adam",
              learning_rate: float = 0.003, loss: str = "sparse_categorical_crossentropy",
              compiled: bool = True) -> keras.Model:
    layers = [keras.Input(shape=(n_features,)), keras.layers.Dense(64, activation="relu")]
    layers += [keras.layers.Dropout(rate)] if dropout else []
    layers += [keras.layers.Dense(64, activation="relu"), keras.layers.Dense(n_classes, activation="softmax")]
    model = keras.Sequential(layers)
    if compiled:
        chosen = keras.optimizers.Adam(learning_rate) if optimizer == "adam" else keras.optimizers.SGD(learning_rate)
        model.compile(optimizer=chosen, loss=loss, metrics=["accuracy"])
    return model


def count_without_biases(n_inputs: int, widths: list, n_classes: int) -> int:
    sizes = [n_inputs, *widths, n_classes]
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


def early_stop_one_late(val_losses: list, patience: int) -> tuple:
    best, kept = float("inf"), 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, kept = loss, epoch
        elif epoch - kept > patience:  # off by one: waits one epoch too many
            return epoch, kept
    return len(val_losses), kept


def early_stop_ties_improve(val_losses: list, patience: int) -> tuple:
    best, kept = float("inf"), 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss <= best:  # an equal loss counted as an improvement
            best, kept = loss, epoch
        elif epoch - kept >= patience:
            return epoch, kept
    return len(val_losses), kept


# notebook 04


def precision_per_class(confusion: np.ndarray) -> np.ndarray:
    predicted = confusion.sum(axis=0)
    return np.divide(np.diag(confusion), predicted, out=np.zeros(len(predicted)), where=predicted > 0)


def macro_f1_is_accuracy(confusion: np.ndarray) -> float:
    return float(np.trace(confusion) / confusion.sum())


def macro_f1_without_guard(confusion: np.ndarray) -> float:
    hits = np.diag(confusion).astype(float)
    precision, recall = hits / confusion.sum(axis=0), hits / confusion.sum(axis=1)
    return float((2 * precision * recall / (precision + recall)).mean())


def top_threshold_strict(probabilities: np.ndarray, threshold: float) -> np.ndarray:
    top = probabilities.shape[1] - 1
    return np.where(probabilities[:, top] > threshold, top, probabilities.argmax(axis=1))


def argmax_only(probabilities: np.ndarray, threshold: float) -> np.ndarray:
    return probabilities.argmax(axis=1)


# notebook 05


def farthest_neighbour(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray) -> np.ndarray:
    distances = ((x_test[:, None, :] - x_train[None, :, :]) ** 2).sum(axis=2)
    return y_train[distances.argmax(axis=1)]


def _interval(differences: np.ndarray) -> tuple[float, float]:
    low, high = np.quantile(differences, [0.025, 0.975])
    return float(low), float(high)


def unpaired_interval(y_true, pred_a, pred_b, n_resamples, seed) -> tuple:
    rng = np.random.default_rng(seed)
    rows_a = rng.integers(0, len(y_true), size=(n_resamples, len(y_true)))
    rows_b = rng.integers(0, len(y_true), size=(n_resamples, len(y_true)))  # other rows for B: not paired
    return _interval((pred_a == y_true)[rows_a].mean(axis=1) - (pred_b == y_true)[rows_b].mean(axis=1))


def interval_without_replacement(y_true, pred_a, pred_b, n_resamples, seed) -> tuple:
    rows = np.tile(np.arange(len(y_true)), (n_resamples, 1))  # every row once: no resampling at all
    return _interval((pred_a == y_true)[rows].mean(axis=1) - (pred_b == y_true)[rows].mean(axis=1))


def interval_unseeded(y_true, pred_a, pred_b, n_resamples, seed) -> tuple:
    rng = np.random.default_rng()
    rows = rng.integers(0, len(y_true), size=(n_resamples, len(y_true)))
    return _interval((pred_a == y_true)[rows].mean(axis=1) - (pred_b == y_true)[rows].mean(axis=1))


def interval_b_minus_a(y_true, pred_a, pred_b, n_resamples, seed) -> tuple:
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(y_true), size=(n_resamples, len(y_true)))
    return _interval((pred_b == y_true)[rows].mean(axis=1) - (pred_a == y_true)[rows].mean(axis=1))


# notebook 06


def evenly_spaced_cuts(popularity: pd.Series, n_classes: int) -> tuple:
    return tuple(round(100 * i / n_classes) for i in range(1, n_classes))


def one_cut_too_many(popularity: pd.Series, n_classes: int) -> tuple:
    return tuple(range(10, 10 * (n_classes + 1), 10))


def decreasing_cuts(popularity: pd.Series, n_classes: int) -> tuple:
    return tuple(range(90, 90 - 10 * (n_classes - 1), -10))


def balance_keeping_empty_classes(shares: np.ndarray) -> float:
    return float(-(shares * np.log(shares)).sum() / np.log(len(shares)))


def entropy_not_normalised(shares: np.ndarray) -> float:
    present = shares[shares > 0]
    return float(-(present * np.log(present)).sum())


# notebook 07


def weights_upside_down(labels: np.ndarray, n_classes: int) -> dict:
    counts = np.bincount(labels, minlength=n_classes)
    return {c: n_classes * counts[c] / len(labels) for c in range(n_classes)}


def weights_as_a_list(labels: np.ndarray, n_classes: int) -> list:
    counts = np.bincount(labels, minlength=n_classes)
    return [len(labels) / (n_classes * count) for count in counts]


def weights_for_seen_classes(labels: np.ndarray, n_classes: int) -> dict:
    values, counts = np.unique(labels, return_counts=True)
    return {int(v): len(labels) / (n_classes * c) for v, c in zip(values, counts)} | {n_classes: 1.0}


def genre_mlp(n_features: int, n_genres: int, n_classes: int, *, names: bool = True, encoding: str = "embedding",
              genre_dim: int = 8, compiled: bool = True) -> keras.Model:
    features = keras.Input(shape=(n_features,), name="features" if names else None)
    genre = keras.Input(shape=(), dtype="int32", name="genre" if names else None)
    if encoding == "embedding":
        encoded = keras.layers.Embedding(n_genres + 1, genre_dim)(genre)
    else:
        encoded = keras.layers.CategoryEncoding(n_genres + 1, output_mode="one_hot")(genre)
    hidden = keras.layers.Concatenate()([features, encoded])
    hidden = keras.layers.Dense(128, activation="relu")(hidden)
    hidden = keras.layers.Dropout(0.1)(hidden)
    hidden = keras.layers.Dense(128, activation="relu")(hidden)
    model = keras.Model([features, genre], keras.layers.Dense(n_classes, activation="softmax")(hidden))
    return compile_classifier(model) if compiled else model


def _with(function: Callable, **settings: Any) -> Callable:
    return functools.wraps(function)(lambda *args: function(*args, **settings))


WRONG_ANSWERS: dict[str, list[tuple[str, Callable, str]]] = {
    "nb01.ClassCounts": [
        ("cut point in the class above", class_counts_upper, "a track exactly at a cut point belongs to the class below it"),
        ("not a list", lambda popularity, thresholds: "3 classes", "return a list of whole numbers"),
    ],
    "nb01.ZeroShareByGenre": [
        ("shares above 0", nonzero_share, "those are the shares of tracks above 0"),
        ("lowest first", zero_share_ascending, "now sort them from highest to lowest"),
        ("counts, not shares", zero_count, "some shares are off"),
        ("a data frame", lambda tracks: zero_share(tracks).to_frame(), "return a pandas Series"),
    ],
    "nb01.PlotZeroShare": [
        ("no title or labels", plot_without_labels, "give the chart a title and label both axes"),
        ("every genre", plot_every_genre, "bars (one per genre), not"),
        ("nothing drawn", plot_nothing, "nothing was drawn on ax"),
    ],
    "nb02.LeakedShare": [
        ("a percentage", leaked_percentage, "not a percentage"),
        ("the training rows' share", leaked_training_share, "it is the test rows that leak"),
    ],
    "nb02.SplitByArtist": [
        ("random rows", split_random_rows, "artists have rows on both sides"),
        ("positions", split_positions, "return row labels of tracks"),
        ("seed ignored", split_unseeded, "the same seed gave two different splits"),
        ("not a pair", lambda tracks, seed: tracks.index.to_numpy(), "return a pair"),
    ],
    "nb02.ScaleLikeTraining": [
        ("ddof=1", scale_ddof_1, "ddof=0"),
        ("its own statistics", scale_with_own_statistics, "you used other's own mean and standard deviation"),
        ("transposed", lambda train, other: ((other - train.mean(axis=0)) / train.std(axis=0)).T,
         "return an array shaped like other"),
    ],
    "nb03.BuildSmallMLP": [
        ("dropout 0.5", _with(small_mlp, rate=0.5), "a Dropout layer has rate=0.5, expected 0.2"),
        ("no dropout", _with(small_mlp, dropout=False), "the layers should be ['Dense', 'Dropout', 'Dense', 'Dense']"),
        ("default learning rate", _with(small_mlp, learning_rate=0.001), "set Adam's learning rate to 0.003"),
        ("SGD", _with(small_mlp, optimizer="sgd"), "compile the model with the Adam optimiser"),
        ("one-hot loss", _with(small_mlp, loss="categorical_crossentropy"), "use the loss 'sparse_categorical_crossentropy'"),
        ("not compiled", _with(small_mlp, compiled=False), "compile the model with the Adam optimiser"),
        ("wrong input size", lambda n_features, n_classes: small_mlp(n_features + 1, n_classes),
         "the input should take"),
    ],
    "nb03.CountParameters": [
        ("no biases", count_without_biases, "count the biases too"),
        ("one layer too few", lambda n, widths, k: count_without_biases(n, widths[:-1], k), "Keras counts"),
    ],
    "nb03.EarlyStop": [
        ("waits one epoch too many", early_stop_one_late, "training runs"),
        ("ties are improvements", early_stop_ties_improve, "training runs"),
    ],
    "nb04.RecallPerClass": [
        ("precision", precision_per_class, "those are the precisions"),
        ("one number", lambda confusion: float(np.trace(confusion) / confusion.sum()), "return one recall per class"),
    ],
    "nb04.MacroF1FromConfusion": [
        ("accuracy", macro_f1_is_accuracy, "that is the accuracy"),
        ("0/0 left as NaN", macro_f1_without_guard, "a class with no predictions makes a 0/0"),
    ],
    "nb04.PredictWithTopThreshold": [
        ("> instead of >=", top_threshold_strict, "(>=, not >)"),
        ("the threshold ignored", argmax_only, "rows get another class than expected"),
    ],
    "nb05.NearestNeighbour": [
        ("farthest neighbour", farthest_neighbour, "get another class than their nearest neighbour's"),
        ("one class for all", lambda x_train, y_train, x_test: y_train[:1], "return one class per test row"),
    ],
    "nb05.BootstrapInterval": [
        ("unpaired", unpaired_interval, "paired"),
        ("no resampling", interval_without_replacement, "the interval has no width"),
        ("unseeded", interval_unseeded, "the same seed must give the same interval"),
        ("B minus A", interval_b_minus_a, "the wrong sign"),
    ],
    "nb06.EqualClasses": [
        ("evenly spaced", evenly_spaced_cuts, "not equal enough"),
        ("one cut too many", one_cut_too_many, "cut points, you gave"),
        ("decreasing", decreasing_cuts, "must increase strictly"),
    ],
    "nb06.Balance": [
        ("empty classes kept", balance_keeping_empty_classes, "leave the classes with share 0 out of the sum"),
        ("not divided by log k", entropy_not_normalised, "the balance is"),
    ],
    "nb07.BalancedWeights": [
        ("upside down", weights_upside_down, "the rare classes must weigh more"),
        ("a list", weights_as_a_list, "return a dict"),
        ("wrong classes", weights_for_seen_classes, "give one weight for each class"),
    ],
    "nb07.GenreModel": [
        ("inputs not named", _with(genre_mlp, names=False), "name the two inputs 'features' and 'genre'"),
        ("one-hot", _with(genre_mlp, encoding="one_hot"), "the layers should be"),
        ("embedding of 16", _with(genre_mlp, genre_dim=16), "has output_dim=16, expected 8"),
        ("not compiled", _with(genre_mlp, compiled=False), "compile the model with compile_classifier"),
    ],
    "nb08.PiecewiseLinearByHand": [
        ("not clipped", lambda values, edges: (values[:, None] - edges[:-1]) / np.diff(edges), "clip the result"),
        ("one bin short", lambda values, edges: np.clip((values[:, None] - edges[:-2]) / np.diff(edges)[:-1], 0, 1),
         "one column per bin"),
        ("divided by the right edge", lambda values, edges: np.clip((values[:, None] - edges[:-1]) / edges[1:], 0, 1),
         "not the same numbers"),
    ],
    "nb08.PeriodicFeatures": [
        ("cosines first", lambda x, f: np.concatenate([np.cos(2 * np.pi * f[None] * x[:, :, None]),
                                                       np.sin(2 * np.pi * f[None] * x[:, :, None])], axis=-1),
         "sines first"),
        ("without 2 pi", lambda x, f: np.concatenate([np.sin(f[None] * x[:, :, None]), np.cos(f[None] * x[:, :, None])],
                                                     axis=-1), "the angles are 2 * pi"),
        ("sines only", lambda x, f: np.sin(2 * np.pi * f[None] * x[:, :, None]), "shape (rows, features, 2k)"),
    ],
}

WRONG_CASES = [(name, label, function, fragment) for name, answers in WRONG_ANSWERS.items()
               for label, function, fragment in answers]


@pytest.mark.parametrize("class_id", CLASS_IDS)
def test_every_exercise_has_wrong_answers_here(class_id: str) -> None:
    assert WRONG_ANSWERS.get(class_id), f"write plausible wrong answers for {class_id} in WRONG_ANSWERS"


@pytest.mark.parametrize(("class_id", "label", "function", "fragment"), WRONG_CASES,
                         ids=[f"{name}-{label}" for name, label, _, _ in WRONG_CASES])
def test_a_plausible_wrong_answer_gets_its_hint(class_id: str, label: str, function: Callable, fragment: str,
                                                self_study, capsys: pytest.CaptureFixture) -> None:
    cls = CLASSES[CLASS_IDS.index(class_id)]
    outcome = cls().evaluate(function)
    assert outcome.status is Status.INCORRECT, f"{label}: {outcome}"
    assert fragment in outcome.message, f"{label}: {outcome.message}"
    cls().check(function)  # check prints the same verdict, and does not raise
    assert outcome.message in capsys.readouterr().out


def test_a_plausible_wrong_answer_fails_under_nbgrader(autograding) -> None:
    from helpers.exercises.nb01 import ClassCounts

    with pytest.raises(ExerciseNotPassed, match="belongs to the class below it"):
        ClassCounts().check(class_counts_upper)


def test_exercise_base_class_needs_evaluate() -> None:
    with pytest.raises(NotImplementedError):
        Exercise().evaluate(None)
