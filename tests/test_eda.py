"""Unit tests of helpers.eda on the synthetic tracks of conftest.py (never real rows)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import eda
from helpers.data import MISSING_TEXT
from helpers.features import ALL_AUDIO_FEATURES, SEED_FEATURES, fit_scaler
from helpers.labels import class_names
from helpers.splits import honest_split, seed_split, song_groups


def test_column_overview_lists_every_column_with_meaning(tracks):
    table = eda.column_overview(tracks)
    assert table.index.tolist() == tracks.columns.tolist()
    assert list(table.columns) == ["dtype", "distinct values", "missing", "meaning"]
    assert table.loc["track_genre", "distinct values"] == tracks["track_genre"].nunique()
    assert table.loc["popularity", "dtype"] == "int64"
    assert (table["meaning"] != "").all()
    assert (table["missing"] == 0).all()


def test_missing_text_rows_finds_the_filled_rows(tracks):
    assert eda.missing_text_rows(tracks).empty
    tracks.loc[5, ["artists", "album_name", "track_name"]] = MISSING_TEXT
    tracks.loc[9, "album_name"] = MISSING_TEXT
    assert eda.missing_text_rows(tracks).index.tolist() == [5, 9]


def test_duplicate_summary_counts_repeats_and_songs(tracks):
    summary = eda.duplicate_summary(tracks)
    # make_tracks: 120 songs; every third listed under a second genre (40 repeats);
    # every sixth (song % 6 == 1, 20 songs) again under a new track_id
    assert summary["rows"] == len(tracks) == 180
    assert summary["unique track_ids"] == 140
    assert summary["repeated track_id rows"] == 40
    assert summary["songs"] == len(np.unique(song_groups(tracks)))
    assert summary["songs with several track_ids"] >= 20
    assert summary["rows per song"] == pytest.approx(len(tracks) / summary["songs"], abs=1e-3)


def test_genres_per_track_sums_to_unique_ids(tracks):
    counts = eda.genres_per_track(tracks)
    assert counts.to_dict() == {1: 100, 2: 40}
    assert counts.sum() == tracks["track_id"].nunique()


def test_zero_popularity_summary(tracks):
    tracks["popularity"] = 50
    tracks.loc[tracks["track_genre"] == "metal", "popularity"] = 0
    single = tracks["track_id"].str.startswith("single")
    tracks.loc[single, "popularity"] = 0  # the album version of these songs keeps 50
    summary = eda.zero_popularity_summary(tracks)
    zero = tracks["popularity"] == 0
    assert summary["rows with popularity 0"] == zero.sum()
    assert summary["share of all rows"] == pytest.approx(zero.mean(), abs=1e-3)
    assert summary["genres with over half zeros"] == 1
    # in make_tracks each song has its own track_name, so the name tells the song
    song_max = tracks.groupby("track_name")["popularity"].transform("max")
    expected = int((zero & (song_max > 0)).sum())
    assert expected >= single.sum() > 0
    assert summary["of them, the song has popularity > 0 in another row"] == expected


def test_popularity_correlations_sorted_by_strength(tracks):
    tracks["popularity"] = (100 * (1 - tracks["instrumentalness"])).round().astype(int)
    correlations = eda.popularity_correlations(tracks, SEED_FEATURES)
    assert correlations.index[0] == "instrumentalness"
    assert correlations.iloc[0] < -0.99
    assert set(correlations.index) == set(SEED_FEATURES)
    assert (np.diff(correlations.abs().to_numpy()) <= 1e-12).all()


def test_correlation_pairs(tracks):
    tracks["energy"] = 2 * tracks["loudness"] + 1  # a perfect pair
    pairs = eda.correlation_pairs(tracks, SEED_FEATURES, n=3)
    assert len(pairs) == 3
    assert {pairs.loc[0, "feature"], pairs.loc[0, "other feature"]} == {"energy", "loudness"}
    assert pairs.loc[0, "correlation"] == pytest.approx(1)
    assert pairs["correlation"].abs().is_monotonic_decreasing


def test_variance_explained_by_genre(tracks):
    genre_codes = tracks["track_genre"].astype("category").cat.codes
    tracks["popularity"] = 20 * genre_codes  # popularity fixed by genre
    assert eda.variance_explained_by_genre(tracks) == pytest.approx(1)
    tracks["popularity"] = 50
    assert eda.variance_explained_by_genre(tracks) == 0.0
    tracks["popularity"] = np.arange(len(tracks)) % 2 * 100  # alternates within every genre
    assert eda.variance_explained_by_genre(tracks) < 0.1


def test_genre_popularity_sorted_by_mean(tracks):
    table = eda.genre_popularity(tracks)
    assert set(table.index) == set(tracks["track_genre"])
    assert table["rows"].sum() == len(tracks)
    assert table["mean popularity"].is_monotonic_decreasing
    genre = table.index[0]
    assert table.loc[genre, "mean popularity"] == pytest.approx(
        tracks.loc[tracks["track_genre"] == genre, "popularity"].mean()
    )


@pytest.mark.parametrize("thresholds", [(30, 70), (25, 50, 75), (50,)])
def test_class_counts_follow_thresholds(tracks, thresholds):
    table = eda.class_counts(tracks, thresholds)
    assert table.index.tolist() == class_names(thresholds)
    assert table["tracks"].sum() == len(tracks)
    assert table["share"].sum() == pytest.approx(1, abs=0.01)


def test_feature_roles(tracks):
    roles = eda.feature_roles(tracks)
    assert roles.index.tolist() == tracks.columns.tolist()
    assert (roles["role"] == "input feature").sum() == len(SEED_FEATURES)
    assert roles.loc["popularity", "role"] == "target"
    assert roles.loc["track_name", "role"] == "left out"


def test_split_sizes_and_leak_table(tracks):
    seed, honest = seed_split(tracks), honest_split(tracks, seed=1)
    sizes = eda.split_sizes([seed, honest])
    assert sizes.index.tolist() == [seed.name, honest.name]
    assert sizes.loc[honest.name, "total"] == len(tracks)
    leaks = eda.leak_table(tracks, [seed, honest])
    assert leaks.loc[honest.name, "leaked"] == 0
    assert leaks.loc[seed.name, "leaked"] > 0
    assert leaks.loc[seed.name, "test rows"] == len(seed.test)
    row = leaks.loc[seed.name]
    assert row["leaked share"] == pytest.approx(row["leaked"] / row["test rows"], abs=1e-3)
    assert row["same song"] <= row["leaked"]


def test_scaling_summary_and_scaler_shift(tracks):
    split = honest_split(tracks, seed=1)
    scaler = fit_scaler(tracks, split.train)
    table = eda.scaling_summary(tracks, {"train": split.train, "test": split.test}, scaler)
    assert table.index.tolist() == SEED_FEATURES
    np.testing.assert_allclose(table[("train", "mean after")], 0, atol=1e-3)
    np.testing.assert_allclose(table[("train", "std after")], 1, atol=1e-3)
    values = table.to_numpy()
    assert not (np.signbit(values) & (values == 0)).any()  # no "-0.0" printed
    shift = eda.scaler_shift(tracks, split.train)
    np.testing.assert_allclose(shift["mean (train rows)"], scaler.mean_)
    np.testing.assert_allclose(shift["mean (all rows)"], tracks[SEED_FEATURES].mean().to_numpy())
    assert shift["mean shift (train stds)"].abs().max() > 0


def _titled(figure: Figure) -> bool:
    return all(ax.get_title() for ax in figure.axes if ax.get_label() != "<colorbar>")


def test_plot_popularity_histogram(tracks):
    figure = eda.plot_popularity_histogram(tracks, (30, 70))
    assert isinstance(figure, Figure) and len(figure.axes) == 1
    ax = figure.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.patches) == 101  # one bar per popularity value
    assert sum(p.get_height() for p in ax.patches) == len(tracks)
    assert len(ax.get_lines()) == 2  # the two cut points
    assert len(eda.plot_popularity_histogram(tracks, None).axes[0].get_lines()) == 0


def test_plot_feature_distributions(tracks):
    figure = eda.plot_feature_distributions(tracks, ALL_AUDIO_FEATURES, ncols=4)
    assert len(figure.axes) == len(ALL_AUDIO_FEATURES)
    assert [ax.get_title() for ax in figure.axes] == ALL_AUDIO_FEATURES
    assert figure.get_suptitle()


def test_plot_correlations(tracks):
    columns = [*SEED_FEATURES, "popularity"]
    figure = eda.plot_correlations(tracks, columns)
    assert len(figure.axes) == 2  # heatmap and colour bar
    ax = figure.axes[0]
    assert ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == columns


def test_plot_popularity_by_genre(tracks):
    figure = eda.plot_popularity_by_genre(tracks, n=2)
    assert len(figure.axes) == 2 and _titled(figure)
    top, bottom = figure.axes
    table = eda.genre_popularity(tracks)
    assert {t.get_text() for t in top.get_yticklabels()} == set(table.index[:2])
    assert {t.get_text() for t in bottom.get_yticklabels()} == set(table.index[-2:])
    assert all(ax.get_xlabel() == "mean popularity" for ax in figure.axes)


def test_plot_leak(tracks):
    table = eda.leak_table(tracks, [seed_split(tracks), honest_split(tracks, seed=1)])
    figure = eda.plot_leak(table)
    ax = figure.axes[0]
    assert ax.get_title() and ax.get_ylabel()
    heights = sorted(p.get_height() for p in ax.patches if p.get_height() > 0)
    assert max(heights) == pytest.approx(table["leaked"].iloc[0] / table["test rows"].iloc[0])
    assert [t.get_text() for t in ax.get_xticklabels()] == table.index.tolist()
