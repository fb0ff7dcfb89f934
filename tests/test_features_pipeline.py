import numpy as np
import pytest

from helpers.features import ALL_AUDIO_FEATURES, SEED_FEATURES, feature_matrix, fit_scaler, scaled_features
from helpers.labels import popularity_classes
from helpers.pipeline import make_split, prepare_data


def test_seed_features_are_the_original_eight():
    assert SEED_FEATURES == [
        "danceability", "energy", "loudness", "speechiness",
        "acousticness", "instrumentalness", "valence", "tempo",
    ]
    assert set(SEED_FEATURES) < set(ALL_AUDIO_FEATURES)


def test_scaler_is_fitted_on_training_rows_only(tracks):
    train = tracks.index[:100].to_numpy()
    scaler = fit_scaler(tracks, train)
    np.testing.assert_allclose(scaler.mean_, tracks.loc[train, SEED_FEATURES].mean().to_numpy())
    scaled_train = scaled_features(tracks, train, scaler)
    assert scaled_train.dtype == np.float32
    np.testing.assert_allclose(scaled_train.mean(axis=0), 0, atol=1e-5)
    rest = scaled_features(tracks, tracks.index[100:].to_numpy(), scaler)
    assert not np.allclose(rest.mean(axis=0), 0, atol=1e-3)


def test_unknown_feature_is_named(tracks):
    with pytest.raises(KeyError, match="genre_code"):
        feature_matrix(tracks, ["energy", "genre_code"])


def test_all_audio_features_are_numeric(tracks):
    assert feature_matrix(tracks, ALL_AUDIO_FEATURES).shape == (len(tracks), 14)


@pytest.mark.parametrize("thresholds", [(30, 70), (25, 50, 75), (50,)])
def test_prepare_data_is_consistent(tracks, thresholds):
    data = prepare_data(tracks, thresholds=thresholds, seed=1)
    assert data.n_classes == len(thresholds) + 1 == len(data.class_names)
    assert data.n_features == 8
    assert data.x_train.shape == (len(data.split.train), 8)
    assert len(data.x_val) == len(data.y_val) == len(data.split.validation)
    assert len(data.x_test) == len(data.y_test) == len(data.split.test)
    expected = popularity_classes(tracks.loc[data.split.test, "popularity"], thresholds)
    assert np.array_equal(data.y_test, expected)


def test_prepare_data_on_the_seed_split(tracks):
    data = prepare_data(tracks, split="seed")
    assert data.split.name.startswith("seed")
    with pytest.raises(ValueError, match="Unknown split"):
        make_split(tracks, "random")
