"""helpers.plots: every figure is a labelled matplotlib Figure that pyplot no longer tracks.

A figure pyplot still tracks would be drawn twice in a notebook (once by the inline
backend, once as the cell's value); each test checks that ``plt.get_fignums()`` does
not grow.
"""

from __future__ import annotations

from typing import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import plots  # noqa: E402
from helpers.evaluation import confusion_counts, confusion_shares  # noqa: E402
from helpers.exercises.synthetic import synthetic_tracks  # noqa: E402

NAMES = ["low (0-30)", "mid (31-70)", "high (71-100)"]
Y_TRUE = np.array([0, 0, 1, 1, 2, 2, 0, 1])
Y_PRED = np.array([0, 1, 1, 1, 2, 0, 0, 0])


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_tracks(150, seed=2)


def make(draw: Callable[[], Figure]) -> Figure:
    """Call a plotting function; check it returns a Figure that pyplot does not keep, and that it renders."""
    plt.close("all")
    before = list(plt.get_fignums())
    figure = draw()
    assert isinstance(figure, Figure)
    assert plt.get_fignums() == before, "pyplot still tracks the figure: it would show twice"
    figure.canvas.draw()  # it renders without error
    return figure


def tick_texts(axis) -> list[str]:
    return [label.get_text() for label in axis.get_ticklabels()]


def test_new_figure_is_released_from_pyplot() -> None:
    figure = make(lambda: plots.new_figure(5, 3, nrows=2, ncols=3)[0])
    assert len(figure.axes) == 6
    assert tuple(figure.get_size_inches()) == (5, 3)
    _, axes = plots.new_figure()
    assert axes.shape == (1,)  # always a flat array, even for one panel


def test_plot_popularity(frame: pd.DataFrame) -> None:
    figure = make(lambda: plots.plot_popularity(frame["popularity"], (30, 70)))
    (ax,) = figure.axes
    assert ax.get_title() and ax.get_xlabel() == "popularity (0-100)" and ax.get_ylabel() == "number of tracks"
    assert len(ax.patches) == 101  # one bar per popularity value
    assert sum(bar.get_height() for bar in ax.patches) == len(frame)
    assert sorted(line.get_xdata()[0] for line in ax.get_lines()) == [30.5, 70.5]  # the cut points, between bars
    zeros = int((frame["popularity"] == 0).sum())
    assert any(f"popularity 0: {zeros:,} tracks" in text.get_text() for text in ax.texts)
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["class cut points"]
    (one,) = make(lambda: plots.plot_popularity(frame["popularity"], (70,))).axes
    assert [text.get_text() for text in one.get_legend().get_texts()] == ["class cut point"]  # one cut, singular


def test_plot_popularity_without_cut_points(frame: pd.DataFrame) -> None:
    (ax,) = make(lambda: plots.plot_popularity(frame["popularity"])).axes
    assert ax.get_lines() == [] and ax.get_legend() is None


def test_plot_feature_histograms(frame: pd.DataFrame) -> None:
    features = ["energy", "tempo", "loudness", "key", "explicit"]
    figure = make(lambda: plots.plot_feature_histograms(frame, features, ncols=2))
    assert figure.get_suptitle()
    assert [ax.get_title() for ax in figure.axes] == features  # each panel named by its feature
    assert all(ax.get_ylabel() == "tracks" for ax in figure.axes)  # the unused sixth panel is removed
    assert [ax.get_xlabel() for ax in figure.axes][:3] == ["score (0-1)", "tempo (beats per minute)", "loudness (dB)"]
    assert all(ax.get_yscale() == "linear" for ax in figure.axes)


def test_plot_feature_histograms_in_minutes_with_log_counts(frame: pd.DataFrame) -> None:
    figure = make(lambda: plots.plot_feature_histograms(frame, ["duration_ms", "energy"], ncols=2,
                                                        log_counts=["duration_ms"]))
    duration, energy = figure.axes
    assert duration.get_xlabel() == "length (minutes)"
    assert max(bar.get_x() + bar.get_width() for bar in duration.patches) == pytest.approx(
        frame["duration_ms"].max() / 60_000)  # drawn in minutes, not milliseconds
    assert duration.get_yscale() == "log" and duration.get_ylabel() == "tracks (log scale)"
    assert energy.get_yscale() == "linear" and energy.get_ylabel() == "tracks"
    assert "log scale" in figure.get_suptitle()


def test_plot_correlations(frame: pd.DataFrame) -> None:
    columns = ["energy", "loudness", "popularity"]
    figure = make(lambda: plots.plot_correlations(frame[columns], "Correlations"))
    heat, colourbar = figure.axes
    assert heat.get_title() == "Correlations"
    assert tick_texts(heat.xaxis) == columns and tick_texts(heat.yaxis) == columns  # the axes are labelled by name
    assert colourbar.get_ylabel() == "Pearson correlation"
    assert len(heat.texts) == 9 and heat.texts[0].get_text() == "1.00"


def test_plot_genre_popularity(frame: pd.DataFrame) -> None:
    means = frame.groupby("track_genre")["popularity"].mean()
    figure = make(lambda: plots.plot_genre_popularity(means, float(frame["popularity"].mean()), n=2))
    highest, lowest = figure.axes
    for ax in (highest, lowest):
        assert ax.get_title() and ax.get_xlabel() == "mean popularity"
        assert len(ax.patches) == 2
    top_two = means.sort_values(ascending=False).head(2)
    assert set(tick_texts(highest.yaxis)) == set(top_two.index)  # the bars are labelled with the genres
    for ax in (highest, lowest):  # each panel says what its dashed line is
        assert [text.get_text() for text in ax.get_legend().get_texts()] == [
            f"mean over all tracks ({frame['popularity'].mean():.1f})"]


def test_plot_class_balance() -> None:
    (ax,) = make(lambda: plots.plot_class_balance(Y_TRUE, NAMES)).axes
    assert ax.get_title() and ax.get_xlabel() == "popularity class" and ax.get_ylabel() == "number of tracks"
    assert tick_texts(ax.xaxis) == NAMES
    assert [bar.get_height() for bar in ax.patches] == [3, 3, 2]


def test_plot_learning_curves_with_validation_every_other_epoch() -> None:
    history = pd.DataFrame(
        {"loss": [1.0, 0.8, 0.7, 0.6], "accuracy": [0.5, 0.6, 0.7, 0.72],
         "val_loss": [np.nan, 0.85, np.nan, 0.9], "val_accuracy": [np.nan, 0.6, np.nan, 0.58]},
        index=pd.RangeIndex(1, 5, name="epoch"),
    )
    figure = make(lambda: plots.plot_learning_curves(history, best_epoch=2, title="Curves"))
    assert figure.get_suptitle() == "Curves"
    for ax, name in zip(figure.axes, ["loss", "accuracy"]):
        assert ax.get_title() and ax.get_xlabel() == "epoch" and name in ax.get_ylabel()
        training, validation, kept = ax.get_lines()
        assert list(training.get_xdata()) == [1, 2, 3, 4]
        assert list(validation.get_xdata()) == [2, 4]  # measured epochs only, no gaps drawn as zeros
        assert list(kept.get_xdata()) == [2, 2]
        assert ax.get_ylim()[0] == 0  # honest axes: from 0, not zoomed in on the curves
    assert figure.axes[1].get_ylim() == (0, 1)  # accuracy on its whole scale
    renamed = make(lambda: plots.plot_learning_curves(history, best_epoch=2, best_label="lowest validation loss"))
    assert any(text.get_text() == "lowest validation loss (2)" for text in renamed.axes[0].get_legend().get_texts())


def test_plot_learning_curves_draws_the_no_feature_baselines() -> None:
    history = pd.DataFrame({"loss": [1.0, 0.9], "accuracy": [0.5, 0.6], "val_loss": [1.1, 1.05],
                            "val_accuracy": [0.5, 0.55]}, index=pd.RangeIndex(1, 3, name="epoch"))
    figure = make(lambda: plots.plot_learning_curves(history, baselines={"loss": 1.3, "accuracy": 0.52}))
    loss, accuracy = figure.axes
    assert len(loss.get_lines()) == len(accuracy.get_lines()) == 3  # training, validation, baseline
    assert list(loss.get_lines()[-1].get_ydata()) == [1.3, 1.3]
    assert loss.get_ylim()[1] > 1.3  # the baseline is inside the axis
    assert any("no features (0.520)" == text.get_text() for text in accuracy.get_legend().get_texts())


@pytest.mark.parametrize("shares", [False, True])
def test_plot_confusion(shares: bool) -> None:
    matrix = (confusion_shares if shares else confusion_counts)(Y_TRUE, Y_PRED, NAMES)
    figure = make(lambda: plots.plot_confusion(matrix, "Confusion"))
    heat, colourbar = figure.axes
    assert heat.get_title() == "Confusion"
    assert heat.get_xlabel() == "predicted class" and heat.get_ylabel() == "true class"
    assert tick_texts(heat.xaxis) == NAMES and tick_texts(heat.yaxis) == NAMES
    first = heat.texts[0].get_text()
    assert first == ("67%" if shares else "2")  # 2 of the 3 true lows predicted low
    assert colourbar.get_ylabel() == ("share of the true class" if shares else "tracks")


def test_plot_scores() -> None:
    table = pd.DataFrame({"accuracy": [0.5, 0.6], "macro_f1": [0.4, 0.5], "balanced_accuracy": [0.3, 0.45]},
                         index=["model a", "model b"])
    figure = make(lambda: plots.plot_scores(table, "Scores", reference=("chance", 0.33)))
    (ax,) = figure.axes
    assert ax.get_title() == "Scores" and ax.get_xlabel() == "score"
    assert tick_texts(ax.yaxis) == ["model a", "model b"]  # the rows are labelled by model
    assert sorted(bar.get_width() for bar in ax.patches) == sorted(table.to_numpy().ravel())
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert {"accuracy", "macro-F1", "balanced accuracy", "chance"} <= set(legend)
    assert any(list(line.get_xdata()) == [0.33, 0.33] for line in ax.get_lines())  # the reference line is drawn


def test_plot_scores_marks_a_value_on_one_column_only() -> None:
    table = pd.DataFrame({"accuracy": [0.5, 0.6], "balanced_accuracy": [0.3, 0.45]}, index=["model a", "model b"])
    figure = make(lambda: plots.plot_scores(table, "Scores", marks={"accuracy": ("reported", 0.55),
                                                                    "balanced_accuracy": ("1/k", 0.5)}))
    (ax,) = figure.axes
    ticks = [line for line in ax.get_lines() if list(line.get_xdata()) == [0.55, 0.55]]
    assert len(ticks) == 2  # one short tick across each accuracy bar, not a line across every bar
    accuracy_bars = ax.containers[0]
    for tick, bar in zip(sorted(ticks, key=lambda line: line.get_ydata()[0]),
                         sorted(accuracy_bars, key=lambda patch: patch.get_y())):
        assert tuple(tick.get_ydata()) == pytest.approx((bar.get_y(), bar.get_y() + bar.get_height()))
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend.count("reported") == 1 and legend.count("1/k") == 1
    inside = [text for text in ax.texts if text.get_text() == "0.600"]
    assert inside and inside[0].get_position()[0] < 0.6  # its value label sits inside the bar, clear of the tick


def test_plot_threshold_study() -> None:
    results = pd.DataFrame(
        {"shares": [np.array([0.5, 0.5]), np.array([0.3, 0.4, 0.3])], "accuracy": [0.6, 0.5],
         "majority_accuracy": [0.5, 0.4], "macro_f1": [0.5, 0.4], "chance_macro_f1": [0.5, 0.33],
         "chosen": [False, True]},
        index=["50", "30/70"],
    )
    figure = make(lambda: plots.plot_threshold_study(results, "Study"))
    assert figure.get_suptitle() == "Study"
    shares, accuracy, macro_f1 = figure.axes
    for ax in figure.axes:
        assert ax.get_title() and ax.get_xlabel()
    assert shares.get_ylabel() == "cut points"
    assert tick_texts(shares.yaxis) == ["50", "30/70  (course)"]
    assert sum(len(bars) for bars in shares.containers) == 5  # one segment per class of each set of cut points
    assert len(shares.patches) == 5 + 1  # and a band behind the course's own cut points
    # the legend names each class colour (numbered from 0, the lowest popularity, as the labels are) and the band
    assert [text.get_text() for text in shares.get_legend().get_texts()] == [
        "class 0 (lowest popularity)", "class 1", "class 2", "the course's cut points"]
    for ax in (accuracy, macro_f1):
        assert "validation rows" in ax.get_title()
        assert "boosted trees" in [text.get_text() for text in ax.get_legend().get_texts()]
    other = make(lambda: plots.plot_threshold_study(results.assign(chosen=False), "Study", rows="training"))
    assert "training rows" in other.axes[1].get_title()
    assert "the course's cut points" not in [text.get_text() for text in other.axes[0].get_legend().get_texts()]


def test_plot_differences() -> None:
    from helpers.uncertainty import MACHINE_NOISE, Difference

    differences = {"net a": Difference("macro_f1", 0.02, 0.011, 0.03), "net b": Difference("macro_f1", -0.01, -0.02, 0.001),
                   "net c": Difference("macro_f1", -0.015, -0.025, -0.008)}
    figure = make(lambda: plots.plot_differences(differences, "Networks minus the trees", "the trees"))
    ax, numbers = figure.axes
    assert tick_texts(numbers.yaxis)[0] == "+0.020 (+0.011 to +0.030)"  # the numbers, beside the plot
    assert ax.get_title() == "Networks minus the trees"
    assert ax.get_xlabel().startswith("macro-F1: model minus the trees")
    assert tick_texts(ax.yaxis) == ["net a", "net b", "net c"]  # first name on top
    lines = [list(line.get_xdata()) for line in ax.get_lines()]
    assert [0, 0] in lines  # 0 is marked
    for difference in differences.values():
        assert [difference.low, difference.high] in lines  # each interval is drawn on the axis of differences
    low, high = ax.get_xlim()
    assert low < -0.025 and high > 0.03 and high - low < 0.2  # the intervals fill the axis, not a 0-1 scale
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert {"ahead", "behind", "no clear difference"} <= set(legend)
    assert any(str(MACHINE_NOISE) in text and "no winner named" in text for text in legend)  # the band where an end counts as touching 0
