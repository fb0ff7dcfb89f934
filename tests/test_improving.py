import numpy as np
import pandas as pd
import pytest

from helpers.features import ALL_AUDIO_FEATURES, SEED_FEATURES
from helpers.improving import (
    GENRE_PREFIX,
    FittedModel,
    best_gain,
    comparison_table,
    fit_hgb,
    prepare_inputs,
    search_hgb,
    search_mlp,
    train_step,
    tree_inputs,
    verdict,
)
from helpers.pipeline import prepare_data
from helpers.splits import Split, honest_split

TINY = dict(epochs=3, batch_size=32)


def test_prepare_inputs_without_genre_equals_prepare_data(tracks):
    data = prepare_inputs(tracks, "honest", SEED_FEATURES, use_genre=False, thresholds=(30, 70), seed=3)
    plain = prepare_data(tracks, (30, 70), "honest", SEED_FEATURES, seed=3)
    assert np.array_equal(data.x_train, plain.x_train) and np.array_equal(data.y_test, plain.y_test)
    assert data.n_numeric == data.n_features == len(SEED_FEATURES)
    assert not data.uses_genre and data.genre_encoder is None


def test_prepare_inputs_appends_one_hot_genres(tracks):
    split = honest_split(tracks, seed=1)
    data = prepare_inputs(tracks, split, ALL_AUDIO_FEATURES, use_genre=True, thresholds=(25, 50, 75))
    genres = sorted(tracks.loc[split.train, "track_genre"].unique())
    assert data.features[len(ALL_AUDIO_FEATURES):] == [GENRE_PREFIX + g for g in genres]
    assert data.n_numeric == len(ALL_AUDIO_FEATURES)
    for x, rows in [(data.x_train, split.train), (data.x_val, split.validation), (data.x_test, split.test)]:
        assert x.shape == (len(rows), len(ALL_AUDIO_FEATURES) + len(genres))
        onehot = x[:, data.n_numeric:]
        assert np.all(onehot.sum(axis=1) == 1)  # every genre here is seen in training
        named = np.array(genres)[onehot.argmax(axis=1)]
        assert list(named) == list(tracks.loc[rows, "track_genre"])
    assert data.n_classes == 4 and x.dtype == np.float32


def test_genre_unseen_in_training_is_all_zeros_and_missing_for_trees(tracks):
    jazz = tracks.index[tracks["track_genre"] == "jazz"].to_numpy()
    others = tracks.index[tracks["track_genre"] != "jazz"].to_numpy()
    split = Split("custom", others[::2], others[1::2], jazz)
    data = prepare_inputs(tracks, split, SEED_FEATURES, use_genre=True)
    assert "genre=jazz" not in data.features
    assert np.all(data.x_test[:, data.n_numeric:] == 0)
    codes = tree_inputs(data, "test")[:, -1]
    assert np.isnan(codes).all()
    val_codes = tree_inputs(data, "validation")[:, -1]
    assert not np.isnan(val_codes).any() and set(val_codes) <= {0.0, 1.0, 2.0}


def test_tree_inputs_without_genre_are_the_numeric_columns(tracks):
    data = prepare_inputs(tracks, "honest", SEED_FEATURES)
    assert np.array_equal(tree_inputs(data, "train"), data.x_train)
    with pytest.raises(ValueError):
        tree_inputs(data, "everything")


def test_search_mlp_scores_each_config_and_picks_the_best(tracks):
    data = prepare_inputs(tracks, "honest", SEED_FEATURES, use_genre=True)
    grid = [dict(width=8, depth=1, dropout=0.0), dict(width=16, depth=2, dropout=0.1, learning_rate=1e-2)]
    search = search_mlp(data, grid, seed=5, patience=None, class_weight="balanced", **TINY)
    assert len(search.table) == 2 and list(search.table["width"]) == [8, 16]
    assert {"rounds", "seconds", "val_accuracy", "val_macro_f1", "val_balanced_accuracy"} <= set(search.table.columns)
    assert list(search.table["rounds"]) == [3, 3]
    best = search.table["val_macro_f1"].to_numpy().argmax()
    assert search.best is search.fitted[best] and search.best_config == grid[best]
    assert search.best.scores("validation")["macro_f1"] == pytest.approx(search.table["val_macro_f1"].max())
    assert "seconds" not in search.display().columns
    with pytest.raises(ValueError):
        search_mlp(data, [], **TINY)


def test_train_step_is_reproducible_and_predicts_every_row(tracks):
    data = prepare_inputs(tracks, "honest", SEED_FEATURES)
    first = train_step(data, seed=2, width=8, depth=1, **TINY)
    second = train_step(data, seed=2, width=8, depth=1, **TINY)
    assert np.array_equal(first.predict("test"), second.predict("test"))
    assert len(first.predict("test")) == len(data.y_test) and not first.is_trees
    assert set(first.scores("test")) == {"accuracy", "macro_f1", "balanced_accuracy"}


def test_fit_hgb_uses_genre_as_category_and_is_seeded(tracks):
    data = prepare_inputs(tracks, "honest", ALL_AUDIO_FEATURES, use_genre=True)
    first = fit_hgb(data, seed=0, max_iter=20, max_leaf_nodes=7)
    second = fit_hgb(data, seed=0, max_iter=20, max_leaf_nodes=7)
    assert first.is_trees and 1 <= first.rounds <= 20
    assert list(first.model.is_categorical_) == [False] * len(ALL_AUDIO_FEATURES) + [True]
    assert np.array_equal(first.predict("test"), second.predict("test"))
    assert set(np.unique(first.predict("test"))) <= {0, 1, 2}
    search = search_hgb(data, [dict(max_leaf_nodes=7, max_iter=10), dict(max_leaf_nodes=15, max_iter=10)], seed=0)
    assert len(search.table) == 2 and search.best.is_trees


def test_fit_hgb_without_genre_has_no_categorical_column(tracks):
    data = prepare_inputs(tracks, "honest", SEED_FEATURES)
    fitted = fit_hgb(data, seed=0, max_iter=5, class_weight=None)
    assert not any(fitted.model.is_categorical_ if fitted.model.is_categorical_ is not None else [])


class _Fixed:
    """Stands in for a model: FittedModel.predict is replaced below."""


def _fake(data, predictions):
    fitted = FittedModel(_Fixed(), data)
    fitted.predict = lambda which="validation": predictions[which]  # type: ignore[method-assign]
    return fitted


def test_comparison_table_best_gain_and_verdict(tracks):
    data = prepare_inputs(tracks, "honest", SEED_FEATURES)
    perfect = _fake(data, {"test": data.y_test})
    constant = _fake(data, {"test": np.zeros_like(data.y_test)})
    table = comparison_table({"a": constant, "b": perfect, "trees": constant}, "test")
    assert list(table.columns) == ["accuracy", "macro_f1", "balanced_accuracy"]
    assert table.loc["b", "accuracy"] == 1.0 and table.loc["b", "macro_f1"] == 1.0
    assert best_gain(table.loc[["a", "b"]]) == ("b", pytest.approx(1.0 - table.loc["a", "macro_f1"]))
    assert "beats" in verdict(table, "b", "trees")
    assert "does not reach" in verdict(table, "a", "b")
    assert "matches" in verdict(table, "a", "trees")
    with pytest.raises(ValueError):
        best_gain(table.iloc[:1])


def test_best_gain_finds_the_largest_step():
    table = pd.DataFrame({"macro_f1": [0.4, 0.45, 0.6, 0.58]}, index=["s1", "s2", "s3", "s4"])
    step, gain = best_gain(table)
    assert step == "s3" and gain == pytest.approx(0.15)


def test_step_decision_keeps_only_a_validation_gain(tracks):
    from helpers.improving import step_decision

    data = prepare_inputs(tracks, "honest", SEED_FEATURES)
    perfect = _fake(data, {"validation": data.y_val})
    constant = _fake(data, {"validation": np.zeros_like(data.y_val)})
    keep, sentence = step_decision("the change", perfect, constant)
    assert keep and "keep the change" in sentence and "-> 1.000" in sentence
    keep, sentence = step_decision("the change", constant, perfect)
    assert not keep and "drop the change" in sentence


def test_plot_step_scores_draws_one_bar_per_step_and_metric():
    from matplotlib.figure import Figure

    from helpers.improving import plot_step_scores

    table = pd.DataFrame(
        {"accuracy": [0.6, 0.55], "macro_f1": [0.4, 0.5], "balanced_accuracy": [0.41, 0.52]},
        index=["seed", "weighted"],
    )
    figure = plot_step_scores(table)
    assert isinstance(figure, Figure)
    ax = figure.axes[0]
    assert len(ax.patches) == 6
    bottom_to_top = sorted(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()]))
    assert [name for _, name in bottom_to_top] == ["weighted", "seed"]  # first row on top


def test_grid_entries_may_set_the_class_weight(tracks):
    data = prepare_inputs(tracks, "honest", SEED_FEATURES)
    grid = [dict(width=8, depth=1), dict(width=8, depth=1, class_weight="balanced")]
    search = search_mlp(data, grid, seed=4, patience=None, **TINY)
    plain, weighted = search.fitted
    assert plain.settings["class_weight"] is None and weighted.settings["class_weight"] == "balanced"
    assert not np.array_equal(plain.model.get_weights()[0], weighted.model.get_weights()[0])


def test_mlp_predictions_match_keras_predict(tracks):
    from helpers.evaluation import predict_classes

    data = prepare_inputs(tracks, "honest", ALL_AUDIO_FEATURES, use_genre=True)
    fitted = train_step(data, seed=6, width=8, depth=1, **TINY)
    assert np.array_equal(fitted.predict("validation"), predict_classes(fitted.model, data.x_val))
    assert fitted.predict("validation") is fitted.predict("validation")  # computed once
