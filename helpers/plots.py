"""Every figure of the course. Each function returns a matplotlib Figure.

Figures are made with pyplot, which tells Jupyter (JupyterLab, Colab, nbconvert) how to draw them as images, and then
released from pyplot, so a figure appears exactly once: when the cell returns it.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from helpers.evaluation import METRICS
from helpers.uncertainty import MACHINE_NOISE, Difference


def new_figure(width: float = 7.0, height: float = 4.0, nrows: int = 1, ncols: int = 1) -> tuple[Figure, np.ndarray]:
    """A figure and a flat array of its axes, not kept by pyplot (so it shows once)."""
    figure, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False, layout="constrained")
    plt.close(figure)
    return figure, axes.ravel()


def plot_popularity(popularity: pd.Series, thresholds: Sequence[float] = ()) -> Figure:
    """Histogram of popularity, one bar per value 0-100, with the zeros and the cut points marked."""
    values = np.asarray(popularity)
    figure, (ax,) = new_figure(9, 4)
    counts, _, bars = ax.hist(values, bins=np.arange(102) - 0.5, color="tab:blue")
    bars[0].set_color("tab:red")
    ax.annotate(f"popularity 0: {int(counts[0]):,} tracks ({counts[0] / len(values):.0%})", xy=(0, counts[0]),
                xytext=(8, counts[0] * 0.9), arrowprops={"arrowstyle": "->", "color": "tab:red"}, color="tab:red")
    for i, cut in enumerate(thresholds):
        ax.axvline(cut + 0.5, color="black", linestyle="--", label=("class cut point" if len(thresholds) == 1 else "class cut points") if i == 0 else None)
    if len(thresholds):
        ax.legend(loc="upper right")
    ax.set(title="Popularity of the tracks: a spike at 0, then a broad hump",
           xlabel="popularity (0-100)", ylabel="number of tracks", xlim=(-1.5, 101.5))
    return figure


FEATURE_UNITS: dict[str, str] = {
    "duration_ms": "length (minutes)",
    "loudness": "loudness (dB)",
    "tempo": "tempo (beats per minute)",
    "key": "pitch class (0 = C)",
    "mode": "0 = minor, 1 = major",
    "time_signature": "beats per bar",
    "explicit": "0 = no, 1 = yes",
}
"""The x-axis label of each audio feature's histogram; the others are scores from 0 to 1."""


def plot_feature_histograms(
    tracks: pd.DataFrame, features: Sequence[str], ncols: int = 4, log_counts: Sequence[str] = ()
) -> Figure:
    """One histogram per feature, on its own scale, its unit on the x-axis.

    ``duration_ms`` is drawn in minutes. Features named in ``log_counts`` get a logarithmic
    count axis (orange, labelled so), on which a handful of tracks far from the bulk (a tempo
    of 0, an hour-long track) shows as a bar instead of vanishing next to the tallest one.
    """
    nrows = int(np.ceil(len(features) / ncols))
    figure, axes = new_figure(3.2 * ncols, 2.4 * nrows, nrows, ncols)
    for ax, name in zip(axes, features):
        values = tracks[name].astype(float) / (60_000 if name == "duration_ms" else 1)
        log = name in log_counts
        ax.hist(values, bins=40, color="tab:orange" if log else "tab:blue", log=log)
        if log:
            ax.set_ylim(bottom=0.7)  # every log panel from one track, so that a bar of a few tracks shows
        ax.set(title=name, xlabel=FEATURE_UNITS.get(name, "score (0-1)"),
               ylabel="tracks (log scale)" if log else "tracks")
    for ax in axes[len(features):]:
        ax.remove()
    any_log = any(name in log_counts for name in features)
    figure.suptitle("The audio features: different scales, several piled up at one end"
                    + ("; orange panels count on a log scale, to show rare extreme values" if any_log else ""))
    return figure


def plot_correlations(frame: pd.DataFrame, title: str) -> Figure:
    """Heatmap of the Pearson correlations between the frame's columns (-1 to 1, annotated)."""
    matrix = frame.astype(float).corr()
    size = 1.5 + 0.5 * len(matrix)
    figure, (ax,) = new_figure(size + 1.5, size)
    sns.heatmap(matrix, annot=True, fmt=".2f", annot_kws={"fontsize": 7}, cmap="vlag", vmin=-1, vmax=1,
                square=True, cbar_kws={"label": "Pearson correlation"}, ax=ax)
    ax.set(title=title, xlabel="", ylabel="")
    return figure


def plot_genre_popularity(mean_by_genre: pd.Series, overall: float, n: int = 10) -> Figure:
    """The ``n`` genres with the highest and the ``n`` with the lowest mean popularity, side by side."""
    ranked = mean_by_genre.sort_values(ascending=False)
    figure, axes = new_figure(10, 0.3 * n + 1.6, ncols=2)
    for ax, (label, part, color) in zip(axes, [("highest", ranked.head(n)[::-1], "tab:green"),
                                              ("lowest", ranked.tail(n), "tab:red")]):
        bars = ax.barh(list(part.index), part.to_numpy(), color=color)
        ax.bar_label(bars, fmt="%.1f", padding=2, fontsize=8)
        ax.axvline(overall, color="black", linestyle="--", label=f"mean over all tracks ({overall:.1f})")
        ax.set(title=f"The {n} genres with the {label} mean popularity", xlabel="mean popularity",
               xlim=(0, ranked.max() * 1.15))
        ax.legend(loc="lower right", fontsize=8)
    return figure


def plot_class_balance(labels: np.ndarray, class_names: Sequence[str], title: str = "Tracks per popularity class") -> Figure:
    """Bars of how many rows fall into each class, each labelled with its count and share."""
    counts = np.bincount(np.asarray(labels), minlength=len(class_names))
    figure, (ax,) = new_figure(1.8 * len(class_names) + 2.5, 4)
    bars = ax.bar(list(class_names), counts, color=sns.color_palette("deep", len(class_names)))
    ax.bar_label(bars, labels=[f"{n:,}\n({n / counts.sum():.1%})" for n in counts], padding=2)
    ax.set(title=title, xlabel="popularity class", ylabel="number of tracks", ylim=(0, counts.max() * 1.25))
    return figure


def plot_learning_curves(
    history: pd.DataFrame,
    best_epoch: int | None = None,
    title: str = "Learning curves",
    baselines: Mapping[str, float] | None = None,
    best_label: str = "kept epoch",
) -> Figure:
    """Loss and accuracy per epoch on the training and the validation rows, the kept epoch marked.

    Both y-axes start at 0 (the floor of the cross-entropy; accuracy runs from 0 to 1), so that
    changes between epochs look as large as they are next to the values themselves, not
    magnified by a zoomed axis. ``baselines`` maps ``"loss"`` and/or ``"accuracy"`` to the score
    of a model without features, drawn as a dotted line labelled "no features". ``best_label``
    names the marked epoch in the legend (e.g. "lowest validation loss" where no epoch was kept).
    """
    figure, axes = new_figure(11, 4, ncols=2)
    for ax, metric, label in zip(axes, ["loss", "accuracy"], ["loss (cross-entropy)", "accuracy"]):
        ax.plot(history.index, history[metric], marker="o", markersize=3, label="training rows")
        if f"val_{metric}" in history:
            measured = history[f"val_{metric}"].dropna()
            ax.plot(measured.index, measured, marker="o", markersize=3, label="validation rows")
        if best_epoch is not None:
            ax.axvline(best_epoch, color="grey", linestyle="--", label=f"{best_label} ({best_epoch})")
        baseline = (baselines or {}).get(metric)
        if baseline is not None:
            ax.axhline(baseline, color="black", linestyle=":", label=f"no features ({baseline:.3f})")
        highest = max(float(history.filter([metric, f"val_{metric}"]).max().max()), float(baseline or 0.0))
        top = 1.0 if metric == "accuracy" else 1.15 * highest
        ax.set(title=f"{label.capitalize()} per epoch (axis from 0)", xlabel="epoch", ylabel=label, ylim=(0, top))
        ax.legend(loc="lower right" if metric == "accuracy" else "lower left", fontsize=8)
    figure.suptitle(title)
    return figure


def plot_confusion(matrix: pd.DataFrame, title: str) -> Figure:
    """Heatmap of a confusion matrix from :mod:`helpers.evaluation` (counts, or shares of each true class)."""
    shares = np.issubdtype(matrix.to_numpy().dtype, np.floating)
    figure, (ax,) = new_figure(1.6 * len(matrix) + 3, 1.3 * len(matrix) + 2)
    sns.heatmap(matrix, annot=True, fmt=".0%" if shares else ",d", cmap="Blues", vmin=0, vmax=1 if shares else None,
                cbar_kws={"label": "share of the true class" if shares else "tracks"}, ax=ax)
    ax.set(title=title, xlabel="predicted class", ylabel="true class")
    return figure


def plot_scores(
    table: pd.DataFrame,
    title: str,
    reference: tuple[str, float] | None = None,
    marks: Mapping[str, tuple[str, float]] | None = None,
) -> Figure:
    """Horizontal bars, one group per row of ``table`` (a model), one bar per score column.

    Score columns named as in :data:`~helpers.evaluation.METRICS` get readable names. ``reference`` draws a
    labelled vertical line (e.g. a chance level). ``marks`` maps a score column to a (label, value) drawn as a short
    tick across that column's bars only (e.g. a reported accuracy on the accuracy bars: dashed for the first column
    named, dotted for the others); those bars get their value labels inside, so the labels do not cover the tick.
    """
    columns = list(table.columns)
    rows = list(table.index)
    figure, (ax,) = new_figure(9, 0.45 * len(rows) * len(columns) + 1.6)
    height = 0.8 / len(columns)
    positions = np.arange(len(rows))[::-1]
    for i, column in enumerate(columns):
        offsets = positions + (len(columns) / 2 - i - 0.5) * height
        bars = ax.barh(offsets, table[column].to_numpy(dtype=float), height=height, label=METRICS.get(column, column))
        if marks and column in marks:
            ax.bar_label(bars, fmt="%.3f", fontsize=8, label_type="center", color="white")
            mark_label, mark = marks[column]
            style = "--" if column == next(iter(marks)) else ":"
            for j, offset in enumerate(offsets):
                ax.plot([mark, mark], [offset - height / 2, offset + height / 2], color="black", linestyle=style,
                        linewidth=1.5, label=mark_label if j == 0 else None)
        else:
            ax.bar_label(bars, fmt="%.3f", fontsize=8, padding=3)
    if reference is not None:
        ax.axvline(reference[1], color="black", linestyle="--", label=reference[0])
    ax.set_yticks(positions, [str(row) for row in rows])
    ax.set(title=title, xlabel="score", xlim=(0, 1.05))
    ax.legend(loc="lower right", fontsize=8)
    return figure


def plot_threshold_study(results: pd.DataFrame, title: str, rows: str = "validation") -> Figure:
    """One row per set of cut points: how the tracks spread over its classes, and the model's accuracy and macro-F1
    next to what guessing gets for the same cut points.

    ``results`` has one row per set of cut points with the columns ``shares`` (the class shares), ``accuracy``,
    ``majority_accuracy``, ``macro_f1``, ``chance_macro_f1`` and ``chosen``; ``rows`` names the rows the scores were
    measured on (it appears in the panel titles). A legend under the first panel says what each colour means: the
    classes are numbered from the lowest popularity, and a grey band marks the course's own cut points.
    """
    from matplotlib.patches import Patch

    labels = [f"{name}  (course)" if chosen else str(name) for name, chosen in results["chosen"].items()]
    y = np.arange(len(results))[::-1]
    most = max(len(shares) for shares in results["shares"])
    colours = sns.color_palette("deep", most)  # class i has colour i whatever the number of classes
    figure, (left, middle, right) = new_figure(14, 0.5 * len(results) + 2.8, ncols=3)
    for row, shares in zip(y, results["shares"]):
        starts = np.cumsum([0.0, *shares[:-1]])
        left.barh(row, shares, left=starts, color=colours[:len(shares)], edgecolor="white", height=0.7)
        for share, start in zip(shares, starts):
            if share > 0.07:
                left.text(start + share / 2, row, f"{share:.0%}", ha="center", va="center", fontsize=7, color="white")
    left.set(title="Share of tracks in each class\n(lowest popularity on the left)", xlabel="share of tracks",
             xlim=(0, 1))
    handles = [Patch(color=colour, label=f"class {i}" + (" (lowest popularity)" if i == 0 else ""))
               for i, colour in enumerate(colours)]
    if results["chosen"].any():
        handles.append(Patch(color="grey", alpha=0.15, label="the course's cut points"))
    left.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(len(handles), 3),
                fontsize=8, title="colours", title_fontsize=8)
    for ax, model, chance, label, chance_label in [
        (middle, "accuracy", "majority_accuracy", "accuracy", "always the largest class"),
        (right, "macro_f1", "chance_macro_f1", "macro-F1", "guessing in the class shares"),
    ]:
        ax.barh(y, results[model], height=0.7, color="tab:blue", label="boosted trees")
        ax.scatter(results[chance], y, marker="|", s=300, color="black", zorder=3, label=chance_label)
        ax.set(title=f"{label[0].upper()}{label[1:]} on the {rows} rows\nthe model (bars) against chance (ticks)",
               xlabel=label, xlim=(0, 1))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8)
    for ax in (left, middle, right):
        ax.set_yticks(y, labels if ax is left else [""] * len(y))
        for row in y[results["chosen"].to_numpy(dtype=bool)]:
            ax.axhspan(row - 0.5, row + 0.5, color="grey", alpha=0.15, zorder=0)  # behind the bars
    left.set_ylabel("cut points")
    figure.suptitle(title)
    return figure


def plot_differences(
    differences: Mapping[str, Difference],
    title: str,
    reference: str,
    noise: float | None = MACHINE_NOISE,
) -> Figure:
    """One row per model: its score minus the ``reference`` model's (a dot), with its 95%
    interval (a bar), on an axis of differences with 0 marked.

    ``differences`` maps a model's name to its :class:`~helpers.uncertainty.Difference` from the
    reference. Colours give the verdict (ahead, behind, no clear difference); the band of
    width ``noise`` on each side of 0 (if given) is where an end counts as touching 0, so no winner
    is named (``MACHINE_NOISE``: how far interval ends moved between computers on the same predictions).
    """
    colours = {"ahead": "tab:green", "behind": "tab:red", "no clear difference": "tab:grey"}
    names = list(differences)
    figure, (ax,) = new_figure(9, 0.6 * len(names) + 1.8)
    positions = np.arange(len(names))[::-1]
    if noise:
        ax.axvspan(-noise, noise, color="gold", alpha=0.25,
                   label=f"within MACHINE_NOISE ({noise}) of 0: no winner named")
    ax.axvline(0, color="black", linewidth=1)
    span = max(max(abs(d.low), abs(d.high)) for d in differences.values()) if names else 0.01
    span = max(span, 2 * noise if noise else 0.0, 0.005)
    for position, difference in zip(positions, differences.values()):
        colour = colours.get(difference.verdict, "tab:blue")
        ax.plot([difference.low, difference.high], [position, position], color=colour, linewidth=3)
        ax.plot([difference.estimate], [position], "o", color=colour, markersize=7)
    for verdict, colour in colours.items():
        if any(d.verdict == verdict for d in differences.values()):
            ax.plot([], [], color=colour, linewidth=3, label=verdict)
    metric = METRICS.get(next(iter(differences.values())).metric, "score") if names else "score"
    ax.set_yticks(positions, names)
    ax.set_ylim(-0.7, len(names) - 0.2)
    ax.set_xlim(-1.35 * span, 1.35 * span)
    ax.set(title=title, xlabel=f"{metric}: model minus {reference} (dot: estimate; bar: 95% interval)")
    numbers = ax.twinx()  # the numbers in a column of their own, right of the plot, clear of the bars
    numbers.set_ylim(ax.get_ylim())
    numbers.set_yticks(positions, [f"{d.estimate:+.3f} ({d.low:+.3f} to {d.high:+.3f})" for d in differences.values()])
    numbers.tick_params(axis="y", length=0, labelsize=8)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, fontsize=8, frameon=False)
    return figure
