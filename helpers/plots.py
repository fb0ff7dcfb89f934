"""Figures for the course. Each function returns a matplotlib Figure.

Figures are made with :class:`matplotlib.figure.Figure` rather than ``pyplot``, so a
notebook shows a figure once, when a cell returns it, and nothing piles up in memory.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure


def new_figure(width: float = 6.4, height: float = 4.0, ncols: int = 1) -> tuple[Figure, np.ndarray]:
    """Return a figure and a flat array of its ``ncols`` axes side by side."""
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.subplots(1, ncols, squeeze=False)[0]
    return figure, axes


def plot_class_balance(
    labels: np.ndarray, class_names: Sequence[str], title: str = "Tracks per popularity class"
) -> Figure:
    """Bar chart of how many rows fall into each class, with each class's share on its bar."""
    counts = np.bincount(np.asarray(labels), minlength=len(class_names))
    figure, (ax,) = new_figure()
    bars = ax.bar(list(class_names), counts, color=sns.color_palette("deep", len(class_names)))
    shares = counts / max(counts.sum(), 1)
    ax.bar_label(bars, labels=[f"{n:,}\n({s:.0%})" for n, s in zip(counts, shares)], padding=2)
    ax.set(title=title, xlabel="popularity class", ylabel="number of tracks")
    ax.set_ylim(0, counts.max() * 1.2 if counts.max() else 1)
    return figure


def plot_learning_curves(history: pd.DataFrame, title: str = "Learning curves") -> Figure:
    """Loss and accuracy per epoch, training against validation; the best epoch is marked."""
    figure, axes = new_figure(width=10, ncols=2)
    best = int(history["val_loss"].idxmin())
    for ax, metric in zip(axes, ["loss", "accuracy"]):
        ax.plot(history.index, history[metric], marker="o", label="training")
        ax.plot(history.index, history[f"val_{metric}"], marker="o", label="validation")
        ax.axvline(best, color="grey", linestyle="--", label=f"best epoch ({best})")
        ax.set(xlabel="epoch", ylabel=metric, title=f"{metric.capitalize()} per epoch")
        ax.legend()
    figure.suptitle(title)
    return figure


def plot_confusion_matrix(
    matrix: pd.DataFrame, title: str = "Confusion matrix", normalised: bool | None = None
) -> Figure:
    """Heatmap of a confusion matrix from :mod:`helpers.evaluation` (counts or row shares)."""
    if normalised is None:
        normalised = bool(np.issubdtype(matrix.to_numpy().dtype, np.floating))
    figure, (ax,) = new_figure(width=6.4, height=5.2)
    sns.heatmap(
        matrix,
        annot=True,
        fmt=".0%" if normalised else ",d",
        cmap="Blues",
        vmin=0,
        vmax=1 if normalised else None,
        cbar_kws={"label": "share of the true class" if normalised else "tracks"},
        ax=ax,
    )
    ax.set(title=title, xlabel="predicted class", ylabel="true class")
    return figure


def plot_metric_bars(table: pd.DataFrame, title: str = "Test metrics") -> Figure:
    """Grouped bars: one group per row of ``table`` (a model or split), one bar per metric."""
    figure, (ax,) = new_figure(width=8)
    long = table.reset_index(names="model").melt(id_vars="model", var_name="metric", value_name="score")
    sns.barplot(data=long, x="model", y="score", hue="metric", ax=ax)
    for container in ax.containers:
        ax.bar_label(container, fmt="%.2f", fontsize=8)
    ax.set(title=title, xlabel="", ylabel="score", ylim=(0, 1))
    ax.legend(loc="upper right", fontsize=8)
    return figure
