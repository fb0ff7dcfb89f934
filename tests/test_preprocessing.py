"""helpers.preprocessing: labels, feature sets, a scaler fitted on the training rows only, genre codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.exercises.synthetic import synthetic_tracks
from helpers.labels import popularity_classes
from helpers.preprocessing import ALL_AUDIO_FEATURES, ORIGINAL_FEATURES, feature_matrix, prepare_data, quantile_bin_edges
from helpers.splits import honest_split


@pytest.fixture
def frame() -> pd.DataFrame:
    return synthetic_tracks(200, seed=5)


@pytest.fixture
def split(frame: pd.DataFrame):
    return honest_split(frame, seed=1)


def test_feature_sets() -> None:
    assert len(ORIGINAL_FEATURES) == 8
    assert set(ORIGINAL_FEATURES) <= set(ALL_AUDIO_FEATURES)
    assert not {"popularity", "track_genre", "track_id", "artists"} & set(ALL_AUDIO_FEATURES)


def test_feature_matrix_turns_explicit_into_numbers(frame: pd.DataFrame) -> None:
    rows = frame.index[:20]
    matrix = feature_matrix(frame, rows, ["explicit", "energy"])
    assert matrix.dtype == np.float64
    np.testing.assert_array_equal(matrix[:, 0], frame.loc[rows, "explicit"].astype(float))


def test_feature_matrix_names_unknown_columns(frame: pd.DataFrame) -> None:
    with pytest.raises(KeyError, match="nope"):
        feature_matrix(frame, frame.index[:3], ["energy", "nope"])


def test_training_rows_are_standardised_with_their_own_statistics(frame: pd.DataFrame, split) -> None:
    data = prepare_data(frame, (30, 70), split)
    np.testing.assert_allclose(data.x_train.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(data.x_train.std(axis=0), 1, atol=1e-4)
    raw_train = frame.loc[split.train, ORIGINAL_FEATURES]
    np.testing.assert_allclose(data.scaler.mean_, raw_train.mean(), rtol=1e-10)
    raw_test = frame.loc[split.test, ORIGINAL_FEATURES].to_numpy()
    expected_test = (raw_test - raw_train.mean().to_numpy()) / raw_train.std(ddof=0).to_numpy()
    np.testing.assert_allclose(data.x_test, expected_test, rtol=1e-5, atol=1e-5)


def test_changing_validation_and_test_rows_does_not_change_the_scaler(frame: pd.DataFrame, split) -> None:
    before = prepare_data(frame, (30, 70), split)
    changed = frame.copy()
    held_out = np.concatenate([split.validation, split.test])
    changed.loc[held_out, ORIGINAL_FEATURES] = changed.loc[held_out, ORIGINAL_FEATURES] * 10 + 5
    after = prepare_data(changed, (30, 70), split)
    np.testing.assert_array_equal(before.scaler.mean_, after.scaler.mean_)
    np.testing.assert_array_equal(before.scaler.scale_, after.scaler.scale_)
    np.testing.assert_array_equal(before.x_train, after.x_train)
    assert not np.allclose(before.x_test, after.x_test)


def test_inputs_are_float32_and_labels_follow_the_cut_points(frame: pd.DataFrame, split) -> None:
    data = prepare_data(frame, (30, 70), split)
    for part, rows in (("train", split.train), ("validation", split.validation), ("test", split.test)):
        x, y = data.part(part)
        assert x.dtype == np.float32 and x.shape == (len(rows), 8)
        np.testing.assert_array_equal(y, popularity_classes(frame.loc[rows, "popularity"], (30, 70)))
    assert data.n_classes == 3 and data.n_features == 8
    assert data.class_names == ["low (0-30)", "mid (31-70)", "high (71-100)"]
    assert data.thresholds == (30, 70) and data.features == ORIGINAL_FEATURES


def test_other_feature_sets(frame: pd.DataFrame, split) -> None:
    data = prepare_data(frame, (50,), split, features=ALL_AUDIO_FEATURES)
    assert data.x_train.shape == (len(split.train), len(ALL_AUDIO_FEATURES))
    assert data.n_classes == 2


def test_genre_codes_come_from_the_sorted_training_genres(frame: pd.DataFrame, split) -> None:
    data = prepare_data(frame, (30, 70), split, genre=True)
    assert data.genres == sorted(frame.loc[split.train, "track_genre"].unique())
    for part, rows in (("train", split.train), ("validation", split.validation), ("test", split.test)):
        codes = data.genre_codes(part)
        assert codes.dtype == np.int32
        assert [data.genres[c] for c in codes] == frame.loc[rows, "track_genre"].tolist()


def test_a_genre_unseen_in_training_gets_the_extra_code(frame: pd.DataFrame, split) -> None:
    frame = frame.copy()
    frame.loc[split.test[:3], "track_genre"] = "aaa-unseen"  # sorts first: must not shift the other codes
    data = prepare_data(frame, (30, 70), split, genre=True)
    baseline = prepare_data(synthetic_tracks(200, seed=5), (30, 70), split, genre=True)
    assert "aaa-unseen" not in data.genres
    assert data.genre_test[:3].tolist() == [len(data.genres)] * 3
    np.testing.assert_array_equal(data.genre_test[3:], baseline.genre_test[3:])
    np.testing.assert_array_equal(data.genre_train, baseline.genre_train)


def test_with_thresholds_relabels_without_refitting(frame: pd.DataFrame, split) -> None:
    data = prepare_data(frame, (30, 70), split, genre=True)
    two = data.with_thresholds(frame, [50])
    assert two.scaler is data.scaler
    assert two.x_train is data.x_train and two.x_val is data.x_val and two.x_test is data.x_test
    assert two.genre_test is data.genre_test
    assert two.thresholds == (50,) and two.n_classes == 2
    np.testing.assert_array_equal(two.y_test, popularity_classes(frame.loc[split.test, "popularity"], (50,)))
    np.testing.assert_array_equal(two.y_val, popularity_classes(frame.loc[split.validation, "popularity"], (50,)))
    assert data.thresholds == (30, 70)  # the original is unchanged


def test_with_thresholds_checks_the_cut_points(frame: pd.DataFrame, split) -> None:
    data = prepare_data(frame, (30, 70), split)
    with pytest.raises(ValueError):
        data.with_thresholds(frame, (70, 30))


def test_part_and_genre_codes_name_the_stored_arrays(frame: pd.DataFrame, split) -> None:
    data = prepare_data(frame, (30, 70), split, genre=True)
    for part, x, y, codes in (("train", data.x_train, data.y_train, data.genre_train),
                              ("validation", data.x_val, data.y_val, data.genre_val),
                              ("test", data.x_test, data.y_test, data.genre_test)):
        assert data.part(part)[0] is x and data.part(part)[1] is y and data.genre_codes(part) is codes
    without = prepare_data(frame, (30, 70), split)
    assert without.genres is None and without.genre_train is None and without.genre_val is None


def test_part_and_genre_codes_errors(frame: pd.DataFrame, split) -> None:
    data = prepare_data(frame, (30, 70), split)
    with pytest.raises(KeyError):
        data.part("everything")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="genre=True"):
        data.genre_codes("train")
    with pytest.raises(KeyError):
        prepare_data(frame, (30, 70), split, genre=True).genre_codes("everything")  # type: ignore[arg-type]


def test_bad_cut_points_are_rejected(frame: pd.DataFrame, split) -> None:
    with pytest.raises(ValueError):
        prepare_data(frame, (70, 30), split)


def test_quantile_bin_edges_hold_about_equal_rows_and_fewer_bins_for_few_values() -> None:
    rng = np.random.default_rng(0)
    x = np.column_stack([rng.normal(size=1000), rng.integers(0, 3, 1000), np.full(1000, 7.0)])
    edges = quantile_bin_edges(x, n_bins=4)
    assert len(edges) == 3
    spread, few, constant = edges
    assert len(spread) == 5 and spread[0] == x[:, 0].min() and spread[-1] == x[:, 0].max()
    counts = np.histogram(x[:, 0], bins=spread)[0]
    assert counts.min() >= 240 and counts.max() <= 260  # about a quarter of the rows in each bin
    assert list(few) == [0.0, 1.0, 2.0]  # three distinct values: two bins, no empty ones
    assert list(constant) == [7.0, 8.0]  # one value: one bin of width 1 instead of none
