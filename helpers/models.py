"""Predicting with fitted models of any kind (networks, scikit-learn models, boosted trees, ensembles) alike:
the one thing they answer (:class:`Classifier`), :class:`FittedModel`, ensembles, and the decision rule's offsets."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Protocol

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from helpers.evaluation import scores
from helpers.preprocessing import Part, PreparedData


class Classifier(Protocol):
    """Anything fitted that gives each row of a part of ``data`` its probability of each class."""

    def probabilities(self, data: PreparedData, part: Part) -> np.ndarray: ...


@dataclass
class FittedModel:
    """A fitted :class:`Classifier` with the data it was fitted on.

    ``seconds`` is how long fitting took, ``rounds`` how many epochs or boosting rounds it kept, ``history`` a
    network's loss and accuracy per epoch, ``n_parameters`` the weights of a network or an ensemble of networks
    (``None`` for other models). ``offsets`` (one number per class, added to the log-probabilities before
    choosing the largest) changes the decision rule; see :func:`tune_offsets`.
    """

    model: Classifier
    data: PreparedData
    seconds: float = math.nan
    rounds: int | None = None
    history: pd.DataFrame | None = None
    n_parameters: int | None = None
    offsets: np.ndarray | None = None
    _probabilities: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def probabilities(self, part: Part) -> np.ndarray:
        """Each row's probability of each class, for the training, validation or test rows (computed once)."""
        if part not in self._probabilities:
            self._probabilities[part] = np.asarray(self.model.probabilities(self.data, part), dtype=np.float64)
        return self._probabilities[part]

    def predict(self, part: Part) -> np.ndarray:
        """Each row's most probable class (after adding ``offsets`` to the log-probabilities, if set)."""
        probabilities = self.probabilities(part)
        if self.offsets is None:
            return probabilities.argmax(axis=1)
        return (np.log(np.clip(probabilities, 1e-12, None)) + self.offsets).argmax(axis=1)

    def scores(self, part: Part) -> dict[str, float]:
        """Accuracy, macro-F1 and balanced accuracy on the training, validation or test rows."""
        return scores(self.data.part(part)[1], self.predict(part))


@dataclass(frozen=True)
class Ensemble:
    """Several fitted models as one :class:`Classifier` (see :func:`ensemble`)."""

    members: tuple[FittedModel, ...]

    def probabilities(self, data: PreparedData, part: Part) -> np.ndarray:
        """The mean of the members' probabilities (each member answers for its own data: the same rows)."""
        return np.mean([member.probabilities(part) for member in self.members], axis=0)


def ensemble(members: list[FittedModel]) -> FittedModel:
    """One model whose probabilities are the mean of the members' (fitted on the same data), with their fitting
    times and weights added up (no weights if a member has none)."""
    weights = [member.n_parameters for member in members]
    return FittedModel(Ensemble(tuple(members)), members[0].data, sum(member.seconds for member in members),
                       n_parameters=None if None in weights else sum(weights))


def tune_offsets(fitted: FittedModel, step: float = 0.05, largest: float = 3.0) -> FittedModel:
    """The same model with per-class offsets that maximise macro-F1 on the validation rows.

    Predicting the most probable class is not what maximises macro-F1 when classes are unequal: a rare class may
    deserve a prediction at a lower probability. Adding an offset to each class's log-probability moves the
    boundaries; each offset (the first class's stays 0) is chosen in turn from ``-largest`` to ``largest`` in
    steps of ``step``, keeping the best validation macro-F1, until nothing improves. Only validation rows are used.
    """
    log_p = np.log(np.clip(fitted.probabilities("validation"), 1e-12, None))
    y, k = fitted.data.y_val, fitted.data.n_classes
    grid = np.arange(-largest, largest + step / 2, step)
    offsets = np.zeros(k)
    macro_f1 = partial(f1_score, y, average="macro", zero_division=0)  # as scores() computes it, alone: faster
    best = macro_f1(log_p.argmax(axis=1))
    improved = True
    while improved:
        improved = False
        for c in range(1, k):
            for value in grid:
                trial = np.where(np.arange(k) == c, value, offsets)
                score = macro_f1((log_p + trial).argmax(axis=1))
                if score > best + 1e-12:
                    best, offsets, improved = score, trial, True
    return replace(fitted, offsets=offsets)
