"""The answer readers shared by every exercise."""

from helpers.exercises import as_number, as_whole_number, is_percentage_of


def test_answer_readers():
    assert as_number(0.25) == 0.25 and as_number(3) == 3.0
    assert as_number("0.25") is None and as_number(None) is None and as_number(float("nan")) is None
    assert as_whole_number(4) == 4 and as_whole_number(4.0) == 4
    assert as_whole_number(4.5) is None and as_whole_number("4") is None
    assert is_percentage_of(37.0, 0.370, 1e-3) and not is_percentage_of(0.37, 0.370, 1e-3)
