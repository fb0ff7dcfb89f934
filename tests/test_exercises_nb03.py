import pandas as pd
import pytest

from helpers.exercises import ____, Status
from helpers.exercises import nb03
from helpers.model import build_mlp
from helpers.training import TrainingResult


@pytest.fixture
def result():
    history = pd.DataFrame(
        {
            "loss": [1.0, 0.9, 0.8, 0.7, 0.6],
            "accuracy": [0.5, 0.55, 0.6, 0.62, 0.65],
            "val_loss": [0.95, 0.90, 0.92, 0.93, 0.94],
            "val_accuracy": [0.5, 0.52, 0.53, 0.51, 0.50],
        },
        index=pd.RangeIndex(1, 6, name="epoch"),
    )
    return TrainingResult(model=None, history=history, best_epoch=2, seconds=1.0)


def test_best_epoch(result):
    q = nb03.BestEpoch(result)
    assert q.evaluate(2).status is Status.CORRECT
    assert q.evaluate(3).status is Status.INCORRECT  # best validation accuracy
    assert q.evaluate(4).status is Status.INCORRECT
    assert q.evaluate(9).status is Status.INCORRECT
    assert q.evaluate("two").status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_best_epoch_on_a_real_training(tracks):
    from helpers.pipeline import prepare_data
    from helpers.training import train_on

    trained = train_on(prepare_data(tracks), seed=1, width=8, depth=1, epochs=4, batch_size=32)
    assert nb03.BestEpoch(trained).evaluate(int(trained.history["val_loss"].idxmin())).correct


@pytest.mark.parametrize("n_features, n_classes, width, depth", [(8, 3, 64, 2), (8, 4, 32, 3)])
def test_trainable_parameters(n_features, n_classes, width, depth):
    q = nb03.TrainableParameters(n_features, n_classes, width, depth)
    expected = build_mlp(n_features, n_classes, width=width, depth=depth).count_params()
    by_hand = (n_features * width + width) + (depth - 1) * (width * width + width) + (
        width * n_classes + n_classes
    )
    assert expected == by_hand
    assert q.evaluate(by_hand).status is Status.CORRECT
    no_bias = n_features * width + (depth - 1) * width * width + width * n_classes
    outcome = q.evaluate(no_bias)
    assert outcome.status is Status.INCORRECT and "biases" in outcome.message
    assert q.evaluate(by_hand + 1).status is Status.INCORRECT
    assert q.evaluate(____).status is Status.NOT_ANSWERED
    assert str(width) in q.solution_text


def test_overfitting_question():
    q = nb03.OverfittingQuestion()
    assert q.evaluate("The validation loss rises while training loss falls.").status is Status.REVIEW
    assert q.evaluate(____).status is Status.NOT_ANSWERED


def test_every_exercise_has_texts(result):
    for q in [nb03.BestEpoch(result), nb03.TrainableParameters(8, 3, 16, 2), nb03.OverfittingQuestion()]:
        assert q.title and q.hint_text and q.solution_text


def test_check_prints(result, capsys):
    nb03.BestEpoch(result).check(____)
    assert "Not answered yet" in capsys.readouterr().out
