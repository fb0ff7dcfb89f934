"""Exploring the tracks (notebook 01) and checking the prepared data (notebook 02).

Tables come back as pandas objects, figures as :class:`matplotlib.figure.Figure`
(made without ``pyplot``, so a notebook shows each one once). Every function takes
the tracks frame returned by :func:`helpers.data.load_tracks` (or a frame shaped like
it) and computes what it reports, so the notebooks never type a number.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from sklearn.preprocessing import StandardScaler

from helpers.data import MISSING_TEXT, TEXT_COLUMNS
from helpers.features import ALL_AUDIO_FEATURES, SEED_FEATURES, feature_matrix, fit_scaler
from helpers.labels import DEFAULT_THRESHOLDS, class_names, class_ranges, popularity_classes
from helpers.plots import new_figure
from helpers.splits import LeakReport, Split, song_groups, split_leak

COLUMN_MEANINGS: dict[str, str] = {
    "track_id": "Spotify's identifier of the track (one release of a song)",
    "artists": "performing artists, several separated by ';'",
    "album_name": "album the track appears on",
    "track_name": "title of the track",
    "popularity": "0-100, computed by Spotify from recent plays (the target)",
    "duration_ms": "length of the track in milliseconds",
    "explicit": "whether the lyrics are explicit",
    "danceability": "0-1, how suitable for dancing (tempo, rhythm, beat strength)",
    "energy": "0-1, perceived intensity and activity",
    "key": "pitch class of the key, 0 = C, 1 = C#/Db, ...; -1 if unknown",
    "loudness": "overall loudness in decibels (dB), mostly -60 to 0",
    "mode": "1 = major, 0 = minor",
    "speechiness": "0-1, presence of spoken words",
    "acousticness": "0-1, confidence that the track is acoustic",
    "instrumentalness": "0-1, confidence that the track has no vocals",
    "liveness": "0-1, confidence that an audience is audible (live recording)",
    "valence": "0-1, musical positiveness (cheerful vs sad)",
    "tempo": "estimated tempo in beats per minute",
    "time_signature": "estimated beats per bar (3 to 7 means 3/4 to 7/4)",
    "track_genre": "the genre the track was collected under",
}
"""What each column of the data set means (after the data set's card)."""


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def column_overview(tracks: pd.DataFrame) -> pd.DataFrame:
    """One row per column: its dtype, number of distinct values, missing values and meaning.

    Shows no values of the data, so it can be printed without copying rows.
    """
    return pd.DataFrame(
        {
            "dtype": [str(tracks[c].dtype) for c in tracks.columns],
            "distinct values": [int(tracks[c].nunique()) for c in tracks.columns],
            "missing": [int(tracks[c].isna().sum()) for c in tracks.columns],
            "meaning": [COLUMN_MEANINGS.get(c, "") for c in tracks.columns],
        },
        index=pd.Index(list(tracks.columns), name="column"),
    )


def missing_text_rows(tracks: pd.DataFrame) -> pd.DataFrame:
    """Rows whose artists, album or track name was missing and filled with ``MISSING_TEXT``."""
    filled = (tracks[list(TEXT_COLUMNS)] == MISSING_TEXT).any(axis=1)
    return tracks.loc[filled]


def duplicate_summary(tracks: pd.DataFrame) -> pd.Series:
    """How often tracks and songs repeat.

    Keys: ``rows``; ``unique track_ids``; ``repeated track_id rows`` (rows whose
    ``track_id`` already appeared, i.e. the same track listed under another genre);
    ``songs`` (groups of :func:`helpers.splits.song_groups`: same ``track_id`` or same
    artists and name); ``songs with several track_ids``; ``rows per song`` (mean).
    """
    groups = song_groups(tracks)
    ids_per_song = pd.Series(tracks["track_id"].to_numpy()).groupby(groups).nunique()
    n_unique = int(tracks["track_id"].nunique())
    n_songs = int(len(np.unique(groups)))
    return pd.Series(
        {
            "rows": len(tracks),
            "unique track_ids": n_unique,
            "repeated track_id rows": len(tracks) - n_unique,
            "songs": n_songs,
            "songs with several track_ids": int((ids_per_song > 1).sum()),
            "rows per song": round(len(tracks) / n_songs, 3) if n_songs else 0.0,
        },
        dtype=object,
        name="count",
    )


def genres_per_track(tracks: pd.DataFrame) -> pd.Series:
    """How many ``track_id`` values are listed under 1, 2, 3, ... genres."""
    counts = tracks.groupby("track_id").size().value_counts().sort_index()
    counts.index.name = "genres per track_id"
    counts.name = "track_ids"
    return counts


def zero_popularity_summary(tracks: pd.DataFrame) -> pd.Series:
    """Facts about the rows with popularity 0.

    Keys: ``rows with popularity 0``; ``share of all rows``; ``of them, the song has
    popularity > 0 in another row`` (another release or listing of the same song,
    see :func:`helpers.splits.song_groups`); ``genres with over half zeros``.
    """
    zero = tracks["popularity"].to_numpy() == 0
    groups = song_groups(tracks)
    song_max = tracks["popularity"].groupby(groups).transform("max").to_numpy()
    zero_share_by_genre = (tracks["popularity"] == 0).groupby(tracks["track_genre"]).mean()
    return pd.Series(
        {
            "rows with popularity 0": int(zero.sum()),
            "share of all rows": round(float(zero.mean()), 3) if len(zero) else 0.0,
            "of them, the song has popularity > 0 in another row": int((zero & (song_max > 0)).sum()),
            "genres with over half zeros": int((zero_share_by_genre > 0.5).sum()),
        },
        dtype=object,
        name="value",
    )


def popularity_correlations(
    tracks: pd.DataFrame, features: Sequence[str] = ALL_AUDIO_FEATURES
) -> pd.Series:
    """Pearson correlation of each feature with popularity, strongest (by absolute value) first."""
    frame = tracks[list(features)].astype(float)
    correlations = frame.corrwith(tracks["popularity"].astype(float))
    order = correlations.abs().sort_values(ascending=False).index
    result = correlations.loc[order]
    result.name = "correlation with popularity"
    return result


def correlation_pairs(
    tracks: pd.DataFrame, columns: Sequence[str] = ALL_AUDIO_FEATURES, n: int = 5
) -> pd.DataFrame:
    """The ``n`` pairs of ``columns`` with the strongest Pearson correlation (by absolute value)."""
    matrix = tracks[list(columns)].astype(float).corr()
    names = list(matrix.columns)
    pairs = [
        (names[i], names[j], float(matrix.iloc[i, j]))
        for i in range(len(names))
        for j in range(i + 1, len(names))
    ]
    table = pd.DataFrame(pairs, columns=["feature", "other feature", "correlation"])
    order = table["correlation"].abs().sort_values(ascending=False, kind="stable").index
    return table.loc[order].head(n).reset_index(drop=True)


def variance_explained_by_genre(tracks: pd.DataFrame) -> float:
    """Share of popularity's variance explained by the genre alone (eta squared).

    It is the R² of predicting each track's popularity by its genre's mean popularity;
    compare it with the squared correlation of a single audio feature.
    """
    popularity = tracks["popularity"].astype(float)
    genre_means = popularity.groupby(tracks["track_genre"]).transform("mean")
    total = float(((popularity - popularity.mean()) ** 2).sum())
    between = float(((genre_means - popularity.mean()) ** 2).sum())
    return between / total if total else 0.0


def genre_popularity(tracks: pd.DataFrame) -> pd.DataFrame:
    """Per genre: rows, mean and median popularity, and the share with popularity 0.

    Sorted by mean popularity, highest first.
    """
    grouped = tracks.groupby("track_genre")["popularity"]
    table = pd.DataFrame(
        {
            "rows": grouped.size(),
            "mean popularity": grouped.mean(),
            "median popularity": grouped.median(),
            "share with popularity 0": grouped.apply(lambda s: float((s == 0).mean())),
        }
    )
    table.index.name = "genre"
    return table.sort_values("mean popularity", ascending=False)


def class_counts(
    tracks: pd.DataFrame, thresholds: Sequence[float] = DEFAULT_THRESHOLDS
) -> pd.DataFrame:
    """Rows per popularity class for ``thresholds``: range, count and share."""
    labels = popularity_classes(tracks["popularity"], thresholds)
    names = class_names(thresholds)
    counts = np.bincount(labels, minlength=len(names))
    total = max(int(counts.sum()), 1)
    return pd.DataFrame(
        {
            "popularity": class_ranges(thresholds),
            "tracks": counts.astype(int),
            "share": np.round(counts / total, 3),
        },
        index=pd.Index(names, name="class"),
    )


def feature_roles(
    tracks: pd.DataFrame, features: Sequence[str] = SEED_FEATURES
) -> pd.DataFrame:
    """What each column is used for: an input feature, the target, or left out (and why)."""
    roles = {}
    for column in tracks.columns:
        if column in features:
            roles[column] = ("input feature", "an audio feature the seed notebook used")
        elif column == "popularity":
            roles[column] = ("target", "turned into classes by the thresholds")
        elif column in ("track_id", *TEXT_COLUMNS):
            roles[column] = ("left out", "a name or identifier: it lets a model remember songs")
        elif column == "track_genre":
            roles[column] = ("left out", "not an audio feature; tried in notebook 07")
        elif column in ALL_AUDIO_FEATURES:
            roles[column] = ("left out", "an audio feature the seed notebook did not use")
        else:
            roles[column] = ("left out", "")
    return pd.DataFrame.from_dict(roles, orient="index", columns=["role", "why"]).rename_axis("column")


def split_sizes(splits: Sequence[Split]) -> pd.DataFrame:
    """Rows in the training, validation and test part of each split (and all of them)."""
    rows = {
        split.name: {
            "train": len(split.train),
            "validation": len(split.validation),
            "test": len(split.test),
        }
        for split in splits
    }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["total"] = table.sum(axis=1)
    table.index.name = "split"
    return table


def leak_table(tracks: pd.DataFrame, splits: Sequence[Split]) -> pd.DataFrame:
    """Per split, the test rows that have a copy among its training and validation rows.

    Columns: ``test rows``, ``same track_id``, ``same song``, ``leaked`` (either) and
    ``leaked share`` (of the test rows, rounded to 3 decimals); see
    :func:`helpers.splits.split_leak`.
    """
    reports: dict[str, LeakReport] = {split.name: split_leak(tracks, split) for split in splits}
    table = pd.DataFrame(
        {
            "test rows": [r.test_rows for r in reports.values()],
            "same track_id": [r.same_track_id for r in reports.values()],
            "same song": [r.same_song for r in reports.values()],
            "leaked": [r.leaked for r in reports.values()],
            "leaked share": [round(r.leaked_share, 3) for r in reports.values()],
        },
        index=pd.Index(list(reports), name="split"),
    )
    return table


def scaling_summary(
    tracks: pd.DataFrame,
    rows: Mapping[str, np.ndarray],
    scaler: StandardScaler,
    features: Sequence[str] = SEED_FEATURES,
) -> pd.DataFrame:
    """Mean and standard deviation of each feature before and after ``scaler``, per group of rows.

    ``rows`` maps a name (e.g. ``"train"``, ``"test"``) to row labels. Columns are a
    two-level index (group, statistic); values are rounded to 3 decimals.
    """
    parts = {}
    for name, labels in rows.items():
        raw = feature_matrix(tracks.loc[labels], features)
        scaled = scaler.transform(raw)
        parts[name] = pd.DataFrame(
            {
                "mean before": raw.mean(axis=0),
                "std before": raw.std(axis=0),
                "mean after": scaled.mean(axis=0),
                "std after": scaled.std(axis=0),
            },
            index=pd.Index(list(features), name="feature"),
        )
    table = pd.concat(parts, axis=1).round(3)
    return table + 0.0  # turns -0.0 into 0.0, so the printed table never shows "-0.0"


def scaler_shift(
    tracks: pd.DataFrame, train_rows: np.ndarray, features: Sequence[str] = SEED_FEATURES
) -> pd.DataFrame:
    """Compare a scaler fitted on the training rows with one fitted on all rows.

    Returns per feature the two means and standard deviations and ``mean shift (train
    stds)``: how far apart the two means are, in training standard deviations. A
    non-zero shift means the all-rows scaler carries information from the test rows.
    """
    train = fit_scaler(tracks, train_rows, features)
    every = fit_scaler(tracks, tracks.index.to_numpy(), features)
    return pd.DataFrame(
        {
            "mean (train rows)": train.mean_,
            "mean (all rows)": every.mean_,
            "std (train rows)": train.scale_,
            "std (all rows)": every.scale_,
            "mean shift (train stds)": (every.mean_ - train.mean_) / train.scale_,
        },
        index=pd.Index(list(features), name="feature"),
    )


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


def plot_popularity_histogram(
    tracks: pd.DataFrame, thresholds: Sequence[float] | None = DEFAULT_THRESHOLDS
) -> Figure:
    """Histogram of popularity, one bar per value 0-100; the zeros and the cut points are marked."""
    popularity = tracks["popularity"].to_numpy()
    figure, (ax,) = new_figure(width=9, height=4)
    counts, _, bars = ax.hist(popularity, bins=np.arange(0, 102) - 0.5, color="tab:blue")
    if len(bars):
        bars[0].set_color("tab:red")
        n_zero = int(counts[0])
        share = n_zero / max(len(popularity), 1)
        ax.annotate(
            f"popularity 0: {n_zero:,} tracks ({share:.0%})",
            xy=(0, n_zero),
            xytext=(8, n_zero * 0.9),
            arrowprops={"arrowstyle": "->", "color": "tab:red"},
            color="tab:red",
        )
    for i, cut in enumerate(thresholds or ()):
        ax.axvline(cut + 0.5, color="grey", linestyle="--", label="class cut points" if i == 0 else None)
    if thresholds:
        ax.legend(loc="upper right")
    ax.set(title="Popularity of the tracks", xlabel="popularity (0-100)", ylabel="number of tracks")
    ax.set_xlim(-1.5, 101.5)
    return figure


def plot_feature_distributions(
    tracks: pd.DataFrame, features: Sequence[str] = ALL_AUDIO_FEATURES, ncols: int = 4
) -> Figure:
    """A grid of histograms, one per feature."""
    features = list(features)
    nrows = max(1, int(np.ceil(len(features) / ncols)))
    figure = Figure(figsize=(3.2 * ncols, 2.4 * nrows), layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, name in zip(axes, features):
        values = tracks[name].astype(float).to_numpy()
        ax.hist(values, bins=40, color="tab:blue")
        ax.set(title=name, xlabel=name, ylabel="tracks")
    for ax in axes[len(features) :]:
        ax.remove()
    figure.suptitle("Distributions of the audio features")
    return figure


def plot_correlations(
    tracks: pd.DataFrame, columns: Sequence[str] = (*ALL_AUDIO_FEATURES, "popularity")
) -> Figure:
    """Heatmap of the Pearson correlations between ``columns`` (annotated, -1 to 1)."""
    matrix = tracks[list(columns)].astype(float).corr()
    size = 1.0 + 0.55 * len(columns)
    figure, (ax,) = new_figure(width=size + 1.5, height=size)
    sns.heatmap(
        matrix,
        annot=True,
        fmt=".2f",
        annot_kws={"fontsize": 7},
        cmap="vlag",
        vmin=-1,
        vmax=1,
        square=True,
        cbar_kws={"label": "Pearson correlation"},
        ax=ax,
    )
    ax.set(title="Correlations between the audio features and popularity", xlabel="", ylabel="")
    return figure


def plot_popularity_by_genre(tracks: pd.DataFrame, n: int = 10) -> Figure:
    """Mean popularity of the ``n`` most and ``n`` least popular genres, side by side.

    A dashed line marks the mean popularity over all tracks.
    """
    table = genre_popularity(tracks)["mean popularity"]
    overall = float(tracks["popularity"].mean())
    figure, axes = new_figure(width=10, height=0.3 * min(n, len(table)) + 1.5, ncols=2)
    parts = [("most popular", table.head(n)), ("least popular", table.tail(n))]
    upper = float(table.max()) * 1.15 if len(table) else 1.0
    for ax, (label, part), color in zip(axes, parts, ["tab:green", "tab:red"]):
        part = part.iloc[::-1] if label == "most popular" else part
        bars = ax.barh(list(part.index), part.to_numpy(), color=color)
        ax.bar_label(bars, fmt="%.1f", padding=2, fontsize=8)
        ax.axvline(overall, color="grey", linestyle="--", label=f"all tracks ({overall:.1f})")
        ax.set(title=f"The {len(part)} {label} genres", xlabel="mean popularity", ylabel="genre")
        ax.set_xlim(0, upper)
    axes[-1].legend(loc="lower right", fontsize=8)
    figure.suptitle("Mean popularity per genre")
    return figure


def plot_leak(table: pd.DataFrame, title: str = "Test rows with a copy in the training rows") -> Figure:
    """Bars per split (rows of :func:`leak_table`): share of test rows with the same
    track_id, the same song, or either among the training rows."""
    shares = pd.DataFrame(
        {
            "same track_id": table["same track_id"] / table["test rows"],
            "same song": table["same song"] / table["test rows"],
            "leaked (either)": table["leaked"] / table["test rows"],
        }
    )
    long = shares.reset_index(names="split").melt(id_vars="split", var_name="kind", value_name="share")
    figure, (ax,) = new_figure(width=8)
    sns.barplot(data=long, x="split", y="share", hue="kind", ax=ax)
    for container in ax.containers:
        ax.bar_label(container, fmt="%.3f", fontsize=8)
    top = float(long["share"].max()) if len(long) else 0.0
    ax.set(title=title, xlabel="", ylabel="share of the test rows", ylim=(0, max(top * 1.25, 0.1)))
    ax.legend(loc="upper right", fontsize=8)
    return figure
