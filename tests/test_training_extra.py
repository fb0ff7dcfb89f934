import pandas as pd

from helpers.model import build_mlp
from helpers.training import TrainingResult, full_run_seconds, layer_table


def test_layer_table_describes_the_mlp():
    model = build_mlp(8, 3, width=16, depth=3)
    table = layer_table(model)
    assert table["layer"].tolist() == ["Dense", "Dropout", "Dense", "Dense", "Dense"]
    assert table["units"].tolist() == ["16", "", "16", "16", "3"]
    assert table["activation"].tolist() == ["relu", "", "relu", "relu", "softmax"]
    assert table.loc[2, "dropout rate"] == "0.125"
    assert table.loc[5, "output shape"] == "(None, 3)"
    assert table["parameters"].sum() == model.count_params()
    assert table.index[0] == 1


def test_layer_table_does_not_depend_on_layer_names():
    build_mlp(8, 3, width=4, depth=1)
    assert layer_table(build_mlp(8, 3, width=4, depth=1)).equals(
        layer_table(build_mlp(8, 3, width=4, depth=1))
    )


def test_full_run_seconds():
    history = pd.DataFrame({"val_loss": [1.0, 0.9, 0.95]}, index=pd.RangeIndex(1, 4))
    result = TrainingResult(model=None, history=history, best_epoch=2, seconds=6.0)
    assert full_run_seconds(result, 100) == 200.0
