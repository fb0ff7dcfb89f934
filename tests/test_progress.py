"""helpers.progress: the progress lines of a long training, and a Keras history as a table."""

from __future__ import annotations

import keras
import numpy as np
import pandas as pd
import pytest

from helpers.progress import Progress, history_table


def test_progress_prints_an_estimate_then_every_few_epochs(capsys: pytest.CaptureFixture) -> None:
    progress = Progress(every=2)
    progress.set_params({"epochs": 5})
    progress.on_train_begin()
    for epoch in range(5):
        progress.on_epoch_end(epoch, {"loss": 0.5, "val_loss": 0.6})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("epoch 1 took") and "all 5 epochs" in lines[0]
    assert [line.split(":")[0] for line in lines[1:]] == ["epoch 2/5", "epoch 4/5", "epoch 5/5"]
    assert "loss 0.500, val_loss 0.600" in lines[1]
    assert lines[-1].endswith("about 0 s left)")


def tiny_fit(epochs: int, **kwargs) -> keras.callbacks.History:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(0).normal(size=(40, 2)).astype("float32")
    return model.fit(x, (x[:, 0] > 0).astype(int), validation_split=0.25, epochs=epochs, verbose=0, **kwargs)


def test_progress_during_a_keras_fit(capsys: pytest.CaptureFixture) -> None:
    tiny_fit(3, callbacks=[Progress(every=2)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("epoch 1 took") and "all 3 epochs" in lines[0]
    assert [line.split(":")[0] for line in lines[1:]] == ["epoch 2/3", "epoch 3/3"]
    assert "val_loss" in lines[-1]  # Keras's logs, validation included


def test_history_table_is_the_history_numbered_by_epoch_from_one() -> None:
    history = tiny_fit(3).history
    table = history_table(history)
    assert table.index.tolist() == [1, 2, 3] and table.index.name == "epoch"
    pd.testing.assert_frame_equal(table.reset_index(drop=True), pd.DataFrame(history), check_dtype=False)
    assert table["val_loss"].idxmin() == int(np.argmin(history["val_loss"])) + 1


def test_history_table_with_validation_freq() -> None:
    table = history_table({"loss": [6, 5, 4, 3, 2, 1, 0.5], "val_loss": [9, 8, 7]}, validation_freq=2)
    assert table["loss"].tolist() == [6, 5, 4, 3, 2, 1, 0.5]
    assert table["val_loss"].dropna().to_dict() == {2: 9, 4: 8, 6: 7}
    assert table["val_loss"].isna().tolist() == [True, False, True, False, True, False, True]


def test_history_table_places_a_keras_validation_freq_history() -> None:
    history = tiny_fit(7, validation_freq=3).history
    assert len(history["loss"]) == 7 and len(history["val_loss"]) == 2  # Keras measured epochs 3 and 6
    table = history_table(history, validation_freq=3)
    assert table["val_loss"].dropna().index.tolist() == [3, 6]
    assert table["val_accuracy"].dropna().tolist() == history["val_accuracy"]


def test_history_table_refuses_validation_values_that_do_not_fit_the_epochs() -> None:
    with pytest.raises(ValueError):
        history_table({"loss": [3.0, 2.0, 1.0, 0.5], "val_loss": [9.0, 8.0, 7.0]}, validation_freq=2)
