"""What a network's training shows: a line every few epochs while it trains, and its history as a table.

:class:`Progress` is written by hand because ``tqdm.keras.TqdmCallback`` redraws one bar in place (``\\r``, or a
widget in Jupyter), which a committed notebook keeps only in its last state, with no word after the first epoch of
how long all epochs will take; Keras's own output (``verbose=1`` or ``2``) times each epoch, never the whole run.
"""

from __future__ import annotations

import time

import keras
import pandas as pd


class Progress(keras.callbacks.Callback):
    """Prints a line every ``every`` epochs with the losses, the time so far and an estimate of the time left;
    after the first epoch, how long the whole run will take at that pace."""

    def __init__(self, every: int = 10) -> None:
        super().__init__()
        self.every = every

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        done, total = epoch + 1, self.params["epochs"]
        elapsed = time.perf_counter() - self.started
        left = elapsed / done * (total - done)
        if done == 1:
            print(f"epoch 1 took {elapsed:.1f} s: about {(elapsed * total) / 60:.1f} minutes for all {total} epochs")
        if done % self.every == 0 or done == total:
            values = ", ".join(f"{name} {value:.3f}" for name, value in (logs or {}).items())
            print(f"epoch {done}/{total}: {values} ({elapsed:.0f} s so far, about {left:.0f} s left)", flush=True)


def history_table(history: dict[str, list[float]], validation_freq: int = 1) -> pd.DataFrame:
    """``pd.DataFrame(history)`` of a Keras history (``model.fit(...).history``), one row an epoch numbered from 1.

    With ``validation_freq=k`` (as given to ``fit``) the validation columns are shorter: they fill epochs k, 2k, ...
    and are NaN in between."""
    epochs = pd.RangeIndex(1, len(history["loss"]) + 1, name="epoch")
    measured = epochs[validation_freq - 1::validation_freq]
    return pd.DataFrame({name: pd.Series(values, index=epochs if len(values) == len(epochs) else measured, dtype=float)
                         for name, values in history.items()}, index=epochs)
