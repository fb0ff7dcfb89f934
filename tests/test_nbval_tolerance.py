"""tools.nbval_tolerance: outputs that depend on training compared as text plus numbers within tolerances."""

from __future__ import annotations

import pytest

from tools.nbval_tolerance import COUNT_TOLERANCE, DECIMAL_TOLERANCE, Number, compare_outputs, split_numbers, within_tolerance


def texts(text: str) -> list[str]:
    return [number.text for number in split_numbers(text)[1]]


# --------------------------------------------------------------------------
# split_numbers
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked", "numbers"),
    [
        ("accuracy 0.512 after 12 epochs", "accuracy # after # epochs", ["0.512", "12"]),
        ("89,741 track_ids of 114,000 rows", "# track_ids of # rows", ["89,741", "114,000"]),
        ("a share of 37.5% and -0.012 or +0.030", "a share of # and # or #", ["37.5%", "-0.012", "+0.030"]),
        ("loss 1e-05 then 2.5E+03", "loss # then #", ["1e-05", "2.5E+03"]),
        ("4 x512 layers and layer_2 and v2.1", "# x512 layers and layer_2 and v2.1", ["4"]),
        ("low (0-30), mid (31-70)", "low (#-#), mid (#-#)", ["0", "30", "31", "70"]),
    ],
)
def test_split_numbers(text: str, masked: str, numbers: list[str]) -> None:
    got_masked, got_numbers = split_numbers(text)
    assert got_masked == masked
    assert [number.text for number in got_numbers] == numbers


def test_split_numbers_collapses_runs_of_spaces() -> None:
    assert split_numbers("  a   1\n\n b\t2  ")[0] == "a # b #"


def test_number_values() -> None:
    assert Number("114,000").value == 114_000 and Number("114,000").is_whole
    assert Number("37.5%").value == 37.5 and Number("37.5%").scale == 100 and not Number("37.5%").is_whole
    assert Number("-0.012").value == -0.012 and Number("-0.012").scale == 1
    assert not Number("1e-05").is_whole
    assert Number("95%").value == 95 and not Number("95%").is_whole


# --------------------------------------------------------------------------
# within_tolerance
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("committed", "new", "close"),
    [
        ("0.512", "0.560", True),  # decimals: within 0.05
        ("0.512", "0.565", False),
        ("-0.010", "0.035", True),
        ("51.2%", "56.1%", True),  # percentages: within 100 x 0.05 = 5 points
        ("51.2%", "56.5%", False),
        ("45%", "50%", True),  # a whole percentage is a share, not a count: 5 points either way
        ("45%", "51%", False),
        ("12", "20", True),  # whole numbers: within 8 ...
        ("12", "21", False),
        ("1,000", "1,250", True),  # ... or 25% of the committed value, whichever is larger
        ("1,000", "1,251", False),
        ("3", "3.04", True),  # a decimal on either side: the decimal tolerance
        ("3", "3.5", False),
    ],
)
def test_within_tolerance(committed: str, new: str, close: bool) -> None:
    assert within_tolerance(Number(committed), Number(new)) is close


def test_the_tolerances_are_the_documented_ones() -> None:
    assert DECIMAL_TOLERANCE == 0.05 and COUNT_TOLERANCE == (8, 0.25)


# --------------------------------------------------------------------------
# compare_outputs
# --------------------------------------------------------------------------


def stream(text: str, name: str = "stdout") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def result(plain: str, **more: str) -> dict:
    return {"output_type": "execute_result", "execution_count": 3, "metadata": {}, "data": {"text/plain": plain, **more}}


def test_identical_outputs_agree() -> None:
    outputs = [stream("accuracy 0.512\n"), result("0.5")]
    assert compare_outputs(outputs, [dict(o) for o in outputs]) == []


def test_numbers_within_tolerance_agree() -> None:
    committed = [stream("kept epoch 12; accuracy 0.512, macro-F1 43.1%\n")]
    new = [stream("kept epoch 16; accuracy 0.530, macro-F1 44.0%\n")]
    assert compare_outputs(committed, new) == []


def test_a_changed_word_is_a_problem() -> None:
    problems = compare_outputs([stream("the MLP is ahead of the trees by 0.01")],
                               [stream("the MLP is behind the trees by 0.01")])
    assert len(problems) == 1 and "text differs" in problems[0]


def test_a_number_beyond_tolerance_is_a_problem() -> None:
    problems = compare_outputs([stream("accuracy 0.512")], [stream("accuracy 0.601")])
    assert len(problems) == 1 and "0.601" in problems[0] and "0.512" in problems[0]


def test_a_missing_or_extra_number_is_a_problem() -> None:
    assert compare_outputs([stream("scores 0.5 and 0.6")], [stream("scores 0.5")])


def test_a_different_number_of_outputs_is_a_problem() -> None:
    committed = [result("0.5"), result("0.6")]
    assert compare_outputs(committed, committed[:1])
    assert compare_outputs([stream("a")], [stream("a"), result("0.5")])  # a new kind of output


def test_images_are_ignored() -> None:
    committed = [result("<Figure size 900x400 with 1 Axes>", **{"image/png": "iVBORw0KGgoAAA"})]
    new = [result("<Figure size 900x400 with 1 Axes>", **{"image/png": "a completely different picture"})]
    assert compare_outputs(committed, new) == []


def test_stderr_is_ignored() -> None:
    committed = [stream("accuracy 0.512\n"), stream("W0000 some TensorFlow log line\n", "stderr")]
    new = [stream("accuracy 0.512\n")]
    assert compare_outputs(committed, new) == []
    assert compare_outputs(committed, new, skip=()) != []  # only because stderr is skipped


def test_table_padding_differences_are_ignored() -> None:
    committed = [result("       accuracy  macro_f1\nmlp       0.512     0.431\ntrees     0.498     0.440")]
    new = [result("       accuracy  macro_f1\nmlp        0.51     0.4305\ntrees     0.498      0.44")]
    assert compare_outputs(committed, new) == []


def test_streams_are_joined_before_comparing() -> None:
    committed = [stream("epoch 1 "), stream("done\n")]
    new = [stream("epoch 1 done\n")]
    assert compare_outputs(committed, new) == []


def test_html_tables_are_compared_too() -> None:
    committed = [result("x", **{"text/html": "<td>0.512</td><td>mid</td>"})]
    assert compare_outputs(committed, [result("x", **{"text/html": "<td>0.520</td><td>mid</td>"})]) == []
    assert compare_outputs(committed, [result("x", **{"text/html": "<td>0.520</td><td>high</td>"})])
