import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier

from helpers.splits import leak_mask
from helpers.baselines import (
    BOOSTING,
    MAJORITY,
    NEAREST,
    SECONDS,
    accuracy_by_leak,
    baseline_models,
    compare_splits,
    epochs_trained,
    evaluate_models,
    fit_model,
    mlp_training_cost,
    predict_test,
)
from helpers.evaluation import METRIC_NAMES
from helpers.pipeline import prepare_data
from helpers.splits import split_leak
from helpers.training import train_on


def test_baseline_models_are_fresh_and_seeded():
    first, second = baseline_models(3), baseline_models(3)
    assert list(first) == list(second) and MAJORITY in first and NEAREST in first
    assert first[BOOSTING] is not second[BOOSTING]
    assert first[BOOSTING].random_state == 3


def test_evaluate_models_scores_every_model(tracks):
    data = prepare_data(tracks)
    comparison = evaluate_models(baseline_models(0), data)
    assert list(comparison.scores.columns) == [*METRIC_NAMES, SECONDS]
    assert list(comparison.scores.index) == list(baseline_models(0))
    assert comparison.scores[list(METRIC_NAMES)].apply(lambda c: c.between(0, 1)).all().all()
    assert (comparison.scores[SECONDS] >= 0).all()
    majority = np.bincount(data.y_train).argmax()
    assert comparison.scores.loc[MAJORITY, "accuracy"] == pytest.approx(np.mean(data.y_test == majority))
    assert set(comparison.predictions[MAJORITY]) == {majority}
    assert comparison.metrics().equals(comparison.scores[list(METRIC_NAMES)].round(3))
    assert comparison.best("accuracy") == comparison.scores["accuracy"].idxmax()
    assert comparison.seconds().index.tolist() == list(baseline_models(0))


def test_evaluate_models_adds_pretrained_models_without_refitting(tracks):
    data = prepare_data(tracks)
    fitted = DummyClassifier(strategy="constant", constant=0).fit(data.x_train, data.y_train)
    comparison = evaluate_models({}, data, pretrained={"always low": (fitted, 12.5)})
    assert comparison.scores.loc["always low", SECONDS] == 12.5
    assert comparison.scores.loc["always low", "accuracy"] == pytest.approx(np.mean(data.y_test == 0))


def test_fit_model_uses_the_validation_rows_for_early_stopping(tracks, monkeypatch):
    data = prepare_data(tracks)
    seen = {}
    original = HistGradientBoostingClassifier.fit

    def spy(self, X, y, sample_weight=None, *, X_val=None, y_val=None):
        seen.update(X_val=X_val, y_val=y_val)
        return original(self, X, y, X_val=X_val, y_val=y_val)

    monkeypatch.setattr(HistGradientBoostingClassifier, "fit", spy)
    seconds = fit_model(HistGradientBoostingClassifier(max_iter=5, early_stopping=True), data)
    assert seconds >= 0 and seen["X_val"] is data.x_val and seen["y_val"] is data.y_val


def test_nearest_neighbour_remembers_training_rows(tracks):
    data = prepare_data(tracks)
    model = baseline_models(0)[NEAREST]
    fit_model(model, data)
    assert np.array_equal(predict_test(model, data.x_train), data.y_train) or (
        np.mean(predict_test(model, data.x_train) == data.y_train) > 0.95
    )


def test_leak_mask_agrees_with_the_leak_count(tracks):
    for split in ("seed", "honest"):
        data = prepare_data(tracks, split=split)
        mask = leak_mask(tracks, data.split)
        assert mask.dtype == bool and mask.shape == (len(data.split.test),)
        assert int(mask.sum()) == split_leak(tracks, data.split).leaked
    assert not leak_mask(tracks, prepare_data(tracks).split).any()


def test_accuracy_by_leak():
    y = np.array([0, 1, 2, 0])
    leaked = np.array([True, True, False, False])
    table = accuracy_by_leak(y, {"m": np.array([0, 1, 0, 1]), "perfect": y}, leaked)
    assert table.loc["m"].tolist() == [1.0, 0.0, 0.5]
    assert table.loc["perfect"].tolist() == [1.0, 1.0, 1.0]
    assert np.isnan(accuracy_by_leak(y, {"m": y}, np.zeros(4, bool)).loc["m", "leaked rows"])
    with pytest.raises(ValueError):
        accuracy_by_leak(y, {"m": y}, leaked[:3])


def test_compare_splits(tracks):
    honest = evaluate_models({MAJORITY: DummyClassifier()}, prepare_data(tracks))
    seed = evaluate_models({MAJORITY: DummyClassifier()}, prepare_data(tracks, split="seed"))
    table = compare_splits(honest, seed)
    assert list(table.columns) == ["honest split", "random split", "gain from the leak"]
    assert table.loc[MAJORITY, "gain from the leak"] == pytest.approx(
        round(seed.scores.loc[MAJORITY, "accuracy"] - honest.scores.loc[MAJORITY, "accuracy"], 3), abs=1e-3
    )


def test_keras_models_are_scored_and_their_cost_estimated(tracks):
    data = prepare_data(tracks)
    small = dict(width=16, depth=2)
    result = train_on(data, seed=1, epochs=3, patience=None, batch_size=32, **small)
    assert predict_test(result.model, data.x_test).shape == data.y_test.shape
    assert epochs_trained(result.model, len(data.y_train), 32) == 3
    cost = mlp_training_cost(result.model, data, seed=1, batch_size=32, **small)
    assert cost.epochs == 3 and cost.seconds_per_epoch > 0
    assert cost.seconds == pytest.approx(3 * cost.seconds_per_epoch)
    comparison = evaluate_models({}, data, pretrained={"mlp": (result.model, cost.seconds)})
    assert isinstance(comparison.scores, pd.DataFrame) and "mlp" in comparison.predictions
