"""helpers.fitting: class weights; fitting, timing and predicting networks, scikit-learn models and boosted trees.

Networks here are tiny (one hidden layer of 8 units) and train for a few epochs on
a few hundred synthetic rows, so each fit takes about a second.
"""

from __future__ import annotations

import dataclasses

import keras
import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.utils.class_weight import compute_class_weight

from helpers.evaluation import METRICS, scores
from helpers.exercises.synthetic import synthetic_tracks
from helpers.fitting import Estimator, Network, class_weights, fit_boosted_trees, fit_estimator, train_network
from helpers.models import FittedModel
from helpers.networks import build_genre_mlp, build_mlp, compile_classifier
from helpers.preprocessing import PreparedData, prepare_data
from helpers.splits import honest_split

PARTS = ("train", "validation", "test")


def tiny_mlp(data: PreparedData, seed: int = 1, learning_rate: float = 1e-3) -> keras.Model:
    keras.utils.set_random_seed(seed)
    return compile_classifier(build_mlp(data.n_features, data.n_classes, width=8, depth=1),
                              keras.optimizers.Adam(learning_rate))


@pytest.fixture(scope="module")
def data() -> PreparedData:
    frame = synthetic_tracks(200, seed=3)
    return prepare_data(frame, (30, 70), honest_split(frame, seed=0), genre=True)


@pytest.fixture(scope="module")
def fitted(data: PreparedData) -> FittedModel:
    return train_network(tiny_mlp(data), data, epochs=3, batch_size=64)


# --------------------------------------------------------------------------
# class_weights
# --------------------------------------------------------------------------


LABELS = np.array([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 0])


def test_balanced_weights_equal_scikit_learns() -> None:
    weights = class_weights(LABELS, 3, "balanced")
    expected = compute_class_weight("balanced", classes=np.arange(3), y=LABELS)
    assert list(weights) == [0, 1, 2]
    np.testing.assert_allclose([weights[c] for c in range(3)], expected)
    assert weights[1] > weights[2] > weights[0]  # the rarest class weighs most


def test_sqrt_balanced_weights_are_the_square_roots() -> None:
    balanced = class_weights(LABELS, 3, "balanced")
    softer = class_weights(LABELS, 3, "sqrt_balanced")
    np.testing.assert_allclose([softer[c] for c in range(3)], np.sqrt([balanced[c] for c in range(3)]))


def test_no_weighting_is_none() -> None:
    assert class_weights(LABELS, 3, None) is None


def test_a_class_without_rows_has_no_weight() -> None:
    with pytest.raises(ValueError, match=r"Classes \[3\] have no training rows"):
        class_weights(LABELS, 4, "balanced")


def test_an_unknown_weighting_is_rejected() -> None:
    with pytest.raises(ValueError, match="Unknown class weighting 'inverse'"):
        class_weights(LABELS, 3, "inverse")  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# train_network
# --------------------------------------------------------------------------


def test_train_network_returns_history_rounds_time_and_weights(fitted: FittedModel) -> None:
    history = fitted.history
    assert history.index.tolist() == [1, 2, 3]
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(history.columns)
    assert fitted.rounds == int(history["val_loss"].idxmin())
    assert fitted.seconds > 0
    assert isinstance(fitted.model, Network)
    assert fitted.n_parameters == fitted.model.network.count_params() == (8 * 8 + 8) + (8 * 3 + 3)


def test_probabilities_predictions_and_scores(fitted: FittedModel, data: PreparedData) -> None:
    for part in PARTS:
        probabilities = fitted.probabilities(part)
        _, y = data.part(part)
        assert probabilities.shape == (len(y), 3)
        np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)
        np.testing.assert_array_equal(fitted.predict(part), probabilities.argmax(axis=1))
        got = fitted.scores(part)
        assert list(got) == list(METRICS)
        assert got == scores(y, fitted.predict(part))
    expected = fitted.model.network.predict(data.x_test, verbose=0)
    np.testing.assert_allclose(fitted.probabilities("test"), expected, rtol=1e-5)


def test_network_probabilities_come_batch_by_batch_in_order(fitted: FittedModel, data: PreparedData) -> None:
    whole = fitted.model.probabilities(data, "validation", batch_size=len(data.y_val))
    in_batches = fitted.model.probabilities(data, "validation", batch_size=7)
    assert len(data.y_val) % 7 != 0  # a last, shorter batch
    np.testing.assert_allclose(in_batches, whole, rtol=1e-6)


def opposite_validation(data: PreparedData) -> PreparedData:
    """Training labels from the first feature; validation labels the other way round.

    The better the network learns the training rows, the worse its validation
    loss gets, so early stopping must end training after ``patience`` epochs.
    """
    def label(x: np.ndarray) -> np.ndarray:
        return np.digitize(x[:, 0], [-0.5, 0.5])

    return dataclasses.replace(data, y_train=label(data.x_train), y_val=2 - label(data.x_val))


def kept_validation_loss(run: FittedModel, data: PreparedData) -> float:
    probabilities = run.probabilities("validation")
    return log_loss(data.y_val, probabilities / probabilities.sum(axis=1, keepdims=True), labels=[0, 1, 2])


def test_early_stopping_stops_and_keeps_the_best_epoch(data: PreparedData) -> None:
    contrary = opposite_validation(data)
    run = train_network(tiny_mlp(contrary, learning_rate=0.05), contrary, epochs=40, patience=2, batch_size=32)
    history = run.history
    assert len(history) < 40
    assert run.rounds == int(history["val_loss"].idxmin())
    assert len(history) == run.rounds + 2  # stopped exactly `patience` epochs after the best
    # the best weights were put back
    assert kept_validation_loss(run, contrary) == pytest.approx(history.loc[run.rounds, "val_loss"], rel=1e-3)


def test_the_best_weights_are_put_back_even_when_every_epoch_runs(data: PreparedData) -> None:
    """train_network's promise: with patience, the kept epoch's weights, also when training never stopped early."""
    contrary = opposite_validation(data)
    run = train_network(tiny_mlp(contrary, learning_rate=0.05), contrary, epochs=4, patience=10, batch_size=32)
    assert len(run.history) == 4 and run.rounds < 4  # not stopped, and the best epoch is not the last
    assert kept_validation_loss(run, contrary) == pytest.approx(run.history.loc[run.rounds, "val_loss"], rel=1e-3)


def test_class_weights_reach_keras(data: PreparedData, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tiny_mlp(data)
    given = {}
    original_fit = model.fit

    def spy(*args, **kwargs):
        given.update(kwargs)
        return original_fit(*args, **kwargs)

    monkeypatch.setattr(model, "fit", spy)
    train_network(model, data, epochs=1, batch_size=64, class_weight="sqrt_balanced")
    assert given["class_weight"] == class_weights(data.y_train, 3, "sqrt_balanced")
    assert given["batch_size"] == 64 and given["epochs"] == 1


def test_a_genre_model_trains_on_features_and_genre(data: PreparedData) -> None:
    keras.utils.set_random_seed(1)
    model = compile_classifier(build_genre_mlp(data.n_features, len(data.genres), data.n_classes, width=8, depth=1))
    run = train_network(model, data, epochs=1, batch_size=64)
    probabilities = run.probabilities("test")
    assert probabilities.shape == (len(data.y_test), 3)
    expected = model.predict({"features": data.x_test, "genre": data.genre_test}, verbose=0)
    np.testing.assert_allclose(probabilities, expected, rtol=1e-5)


# --------------------------------------------------------------------------
# scikit-learn models and boosted trees
# --------------------------------------------------------------------------


def test_fit_estimator_fits_times_and_predicts(data: PreparedData) -> None:
    fitted = fit_estimator(LogisticRegression(max_iter=500), data)
    assert fitted.seconds > 0 and fitted.rounds is None and fitted.n_parameters is None
    assert isinstance(fitted.model, Estimator) and not fitted.model.with_genre and fitted.model.rounds is None
    reference = LogisticRegression(max_iter=500).fit(data.x_train, data.y_train)
    np.testing.assert_array_equal(fitted.predict("test"), reference.predict(data.x_test))
    np.testing.assert_allclose(fitted.probabilities("validation"), reference.predict_proba(data.x_val))


def test_fit_estimator_with_genre_adds_the_genre_column(data: PreparedData) -> None:
    fitted = fit_estimator(LogisticRegression(max_iter=500), data, with_genre=True)
    assert fitted.model.estimator.n_features_in_ == data.n_features + 1
    reference = LogisticRegression(max_iter=500).fit(np.column_stack([data.x_train, data.genre_train]), data.y_train)
    np.testing.assert_allclose(fitted.probabilities("test"),
                               reference.predict_proba(np.column_stack([data.x_test, data.genre_test])))


@pytest.fixture(scope="module")
def trees(data: PreparedData) -> FittedModel:
    return fit_boosted_trees(data, seed=0, max_rounds=40, learning_rate=0.3, max_leaf_nodes=8)


def validation_losses(trees: HistGradientBoostingClassifier, data: PreparedData, x_val: np.ndarray) -> list[float]:
    return [log_loss(data.y_val, p, labels=[0, 1, 2]) for p in trees.staged_predict_proba(x_val)]


def test_boosted_trees_keep_the_round_with_the_lowest_validation_loss(trees: FittedModel, data: PreparedData) -> None:
    assert isinstance(trees.model, Estimator) and trees.model.rounds == trees.rounds
    grown = trees.model.estimator
    assert grown.n_iter_ == 40 and 1 <= trees.rounds <= 40
    losses = validation_losses(grown, data, data.x_val)
    assert trees.rounds == int(np.argmin(losses)) + 1
    assert trees.rounds < 40  # with this learning rate the trees overfit these few rows
    staged = list(grown.staged_predict_proba(data.x_test))
    np.testing.assert_allclose(trees.probabilities("test"), staged[trees.rounds - 1])
    assert not np.allclose(trees.probabilities("test"), grown.predict_proba(data.x_test))
    assert trees.seconds > 0


def test_boosted_trees_with_genre_split_on_it_as_a_category(data: PreparedData) -> None:
    fitted = fit_boosted_trees(data, seed=0, max_rounds=10, with_genre=True)
    grown = fitted.model.estimator
    assert grown.n_features_in_ == data.n_features + 1
    assert grown.is_categorical_.tolist() == [False] * data.n_features + [True]
    x_test = np.column_stack([data.x_test, data.genre_test])
    np.testing.assert_allclose(fitted.probabilities("test"), list(grown.staged_predict_proba(x_test))[fitted.rounds - 1])
    losses = validation_losses(grown, data, np.column_stack([data.x_val, data.genre_val]))
    assert fitted.rounds == int(np.argmin(losses)) + 1


def test_boosted_trees_pass_class_weights_and_settings(data: PreparedData) -> None:
    fitted = fit_boosted_trees(data, seed=3, max_rounds=5, class_weight="balanced", max_leaf_nodes=4)
    grown = fitted.model.estimator
    assert grown.class_weight == class_weights(data.y_train, 3, "balanced")
    assert grown.max_leaf_nodes == 4 and grown.random_state == 3 and grown.early_stopping is False


def test_an_estimator_with_rounds_predicts_with_that_many_rounds(data: PreparedData) -> None:
    grown = HistGradientBoostingClassifier(max_iter=6, early_stopping=False, random_state=0).fit(data.x_train, data.y_train)
    staged = list(grown.staged_predict_proba(data.x_test))
    np.testing.assert_allclose(Estimator(grown, rounds=2).probabilities(data, "test"), staged[1])
    np.testing.assert_allclose(Estimator(grown, rounds=6).probabilities(data, "test"), grown.predict_proba(data.x_test))
