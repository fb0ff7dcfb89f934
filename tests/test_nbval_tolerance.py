"""tools.nbval_tolerance: outputs that depend on training compared as text plus numbers within a tolerance per kind.

The fixture ``fixtures/nbval_spread_avx2.json`` holds every tolerance cell of a measured run
(``tools.spread.fixture``): its committed outputs and the outputs of the same notebooks
executed with ``ONEDNN_MAX_CPU_ISA=AVX2``. The real spread must pass; a planted change of a
macro-F1 by 0.03, or of a per-class figure or a count by a bit more than its tolerance, must not.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any, Iterator

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from tools.nbval_tolerance import (EXACT, TOLERANCES, UNKNOWN, Number, Tolerance, compare_outputs, match_outputs,
                                   number_kind, split_numbers, within_tolerance)
from tools.spread import Move

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "nbval_spread_avx2.json").read_text())
CELLS = FIXTURE["cells"]
CELL_IDS = [f"{cell['notebook'][:2]}-cell{cell['cell']}" for cell in CELLS]


def kinds(text: str, table: bool = False) -> list[tuple[str, str]]:
    return [(number.text, number.kind) for number in split_numbers(text, table)[1]]


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
    assert Number("37.5%").value == 37.5 and not Number("37.5%").is_whole
    assert Number("-0.012").value == -0.012
    assert not Number("1e-05").is_whole
    assert Number("95%").value == 95 and not Number("95%").is_whole


# --------------------------------------------------------------------------
# Kinds of numbers
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the nearest kind word before the number, in its sentence
        ("the MLP: accuracy 0.599, macro-F1 0.403, balanced accuracy 0.414",
         [("0.599", "score"), ("0.403", "score"), ("0.414", "score")]),
        ("training loss: 0.808 after epoch 1, 0.738 after the last epoch (10)",
         [("0.808", "loss"), ("1", "epoch"), ("0.738", "loss"), ("10", "epoch")]),
        ("recall 0.000 on its 958 tracks; its mean probability: 0.073",
         [("0.000", "per-class"), ("958", "count"), ("0.073", "per-class")]),
        ("the search's best network: validation macro-F1 0.611 -> 0.608, not kept",
         [("0.611", "score"), ("0.608", "score")]),
        # else the first one after it
        ("10 of at most 100 epochs ran", [("10", "epoch"), ("100", "epoch")]),
        ("The MLP is 0.181 ahead of the trees in macro-F1 (95% interval +0.172 to +0.189).",
         [("0.181", "score"), ("95%", "percentage"), ("+0.172", "score"), ("+0.189", "score")]),
        # only the kinds the format allows: a decimal is no epoch, a whole number no score
        ("during the last epoch (averaged over its batches) 0.907", [("0.907", "unknown")]),
        ("accuracy on 12 rows", [("12", "unknown")]),
        # a percentage by its format alone
        ("wrong answers: 9.3% of the training rows, 33.1% of the others",
         [("9.3%", "percentage"), ("33.1%", "percentage")]),
        # a range in parentheses (a class's name) names no kind; nor does a word of another sentence
        ("high (71-100): predicted for 0 of 22,622 test tracks",
         [("71", "unknown"), ("100", "unknown"), ("0", "count"), ("22,622", "count")]),
        ("The worst is 'high' (recall 0.000). Then 0.5 here.", [("0.000", "per-class"), ("0.5", "unknown")]),
        ("18,051 weights instead of 794,115", [("18,051", "unknown"), ("794,115", "unknown")]),
        # words inside names: sqrt_balanced is no balanced accuracy
        ("class_weight='sqrt_balanced', dropout 0.1", [("0.1", "unknown")]),
        # a score in a sentence about leaked rows, and only in that sentence
        ("Leaked minus unseen rows: lift +0.110 and 0.5 then; lift +0.328. Unseen rows: lift -0.053.",
         [("+0.110", "leaked-rows"), ("0.5", "leaked-rows"), ("+0.328", "score"), ("-0.053", "score")]),
        ("the advantage of the leaked rows: 12 epochs, 9.3%, loss 0.7",
         [("12", "epoch"), ("9.3%", "percentage"), ("0.7", "loss")]),
    ],
)
def test_kinds_in_sentences(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


PER_CLASS_REPORT = """\
               precision  recall     f1  support  predicted
class                                                      
low (0-30)         0.613   0.507  0.555    10334       8542
high (71-100)      0.000   0.000  0.000      958          0"""


def test_kinds_in_a_table_by_column_header() -> None:
    assert kinds(PER_CLASS_REPORT, table=True) == [
        ("0", "unknown"), ("30", "unknown"), ("0.613", "per-class"), ("0.507", "per-class"), ("0.555", "per-class"),
        ("10334", "count"), ("8542", "count"),
        ("71", "unknown"), ("100", "unknown"), ("0.000", "per-class"), ("0.000", "per-class"), ("0.000", "per-class"),
        ("958", "count"), ("0", "count")]


def test_kinds_in_a_wrapped_table_with_numbered_row_labels() -> None:
    table = """\
                          count  accuracy   lift  \\
rows                                              
1 original MLP (4 x 512)  20000     0.667  0.165   

                          balanced_accuracy  epochs kept  
rows                                                      
1 original MLP (4 x 512)              0.590           17  """
    assert kinds(table, table=True) == [
        ("1", "unknown"), ("4", "unknown"), ("512", "unknown"),
        ("20000", "count"), ("0.667", "score"), ("0.165", "score"),
        ("1", "unknown"), ("4", "unknown"), ("512", "unknown"), ("0.590", "score"), ("17", "epoch")]


def test_kinds_in_a_table_by_row_label_then_index_name() -> None:
    seeds = """\
                    mean    std
score                          
macro_f1           0.608  0.005
balanced_accuracy  0.625  0.012"""
    assert [kind for _, kind in kinds(seeds, table=True)] == ["score"] * 4
    offsets = """\
                       as trained  offsets tuned
validation macro-F1                             
MLP, plain                  0.611          0.614"""
    assert [kind for _, kind in kinds(offsets, table=True)] == ["score"] * 2
    unnamed = """\
               majority class  all epochs  width
rows                                            
all test rows           0.502       0.667    128"""
    assert kinds(unnamed, table=True) == [("0.502", "unknown"), ("0.667", "unknown"), ("128", "unknown")]


def test_a_table_row_of_leaked_rows_holds_leaked_rows_scores() -> None:
    table = """\
               count  accuracy  early stopping
rows                                          
leaked rows     7278     0.830           0.655
unseen rows    12722     0.573           0.616"""
    assert kinds(table, table=True) == [("7278", "count"), ("0.830", "leaked-rows"), ("0.655", "leaked-rows"),
                                        ("12722", "count"), ("0.573", "score"), ("0.616", "unknown")]


def test_a_table_is_only_read_as_one_in_text_plain() -> None:
    lines = "validation loss: 0.787 after epoch 1\nafter epoch 5 it stopped: 0.1234"
    assert kinds(lines) == [("0.787", "loss"), ("1", "epoch"), ("5", "epoch"), ("0.1234", "unknown")]
    series = "accuracy    0.512\nmacro_f1    0.431"  # a Series: no header line (its first line has a number)
    assert kinds(series, table=True) == [("0.512", "score"), ("0.431", "score")]


def test_number_kind_of_one_match() -> None:
    text = "macro-F1 0.41"
    assert number_kind(text, re.search(r"0\.41", text)) == "score"


# --------------------------------------------------------------------------
# Tolerances
# --------------------------------------------------------------------------


def test_each_tolerance_is_its_measured_spread_times_a_margin_of_at_least_one_and_a_half() -> None:
    for kind, tolerance in TOLERANCES.items():
        assert tolerance.margin >= 1.5, kind
        assert tolerance.limit(0.5) == pytest.approx(tolerance.margin * max(tolerance.measured,
                                                                            tolerance.measured_share * 0.5))


@pytest.mark.parametrize("kind", sorted(TOLERANCES))
def test_a_number_may_move_up_to_its_kinds_tolerance_and_no_further(kind: str) -> None:
    committed = {"percentage": "51.2%", "count": "1,000", "epoch": "12"}.get(kind, "0.512")
    number = Number(committed, kind)
    limit = number.tolerance.limit(number.value)
    assert within_tolerance(number, Number(f"{number.value + limit}"))
    assert within_tolerance(number, Number(f"{number.value - limit}"))
    assert not within_tolerance(number, Number(f"{number.value + limit * 1.01 + 1e-6}"))
    assert not within_tolerance(number, Number(f"{number.value - limit * 1.01 - 1e-6}"))


def test_a_count_is_held_to_a_share_of_large_values_and_to_units_for_small_ones() -> None:
    count = TOLERANCES["count"]
    assert count.limit(10_000) == pytest.approx(count.margin * count.measured_share * 10_000)
    assert count.limit(0) == pytest.approx(count.margin * count.measured)


def test_the_strictest_tolerances() -> None:
    decimal_kinds = ("score", "leaked-rows", "per-class", "loss")
    assert TOLERANCES["score"].limit(0.5) == min(TOLERANCES[kind].limit(0.5) for kind in decimal_kinds)
    assert UNKNOWN == {"decimal": TOLERANCES["score"], "whole": EXACT}
    assert EXACT == Tolerance(0.0, 1.0) and not EXACT.allows(3, 4) and EXACT.allows(3, 3)
    assert Number("0.5").tolerance == TOLERANCES["score"] and Number("5").tolerance == EXACT


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


def test_numbers_within_their_tolerance_agree() -> None:
    committed = [stream("kept epoch 12; accuracy 0.512, macro-F1 43.1%\n")]
    new = [stream("kept epoch 14; accuracy 0.520, macro-F1 44.0%\n")]
    assert compare_outputs(committed, new) == []


def test_a_changed_word_is_a_problem() -> None:
    problems = compare_outputs([stream("the MLP is ahead of the trees by 0.01")],
                               [stream("the MLP is behind the trees by 0.01")])
    assert len(problems) == 1 and "text differs" in problems[0]


def test_a_number_beyond_its_tolerance_is_a_problem() -> None:
    problems = compare_outputs([stream("accuracy 0.512")], [stream("accuracy 0.542")])
    assert len(problems) == 1 and "0.542" in problems[0] and "0.512" in problems[0] and "score" in problems[0]


def test_a_number_of_unknown_kind_is_held_to_the_strictest_tolerance() -> None:
    assert compare_outputs([stream("18,051 weights")], [stream("18,052 weights")])
    assert compare_outputs([stream("it gives 0.667")], [stream("it gives 0.697")])


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
    assert compare_outputs([stream("epoch 1 "), stream("done\n")], [stream("epoch 1 done\n")]) == []


def test_html_is_compared_only_where_there_is_no_plain_text() -> None:
    committed = [result("  accuracy\nmlp  0.512", **{"text/html": "<td>0.512</td><td>mid</td>"})]
    changed_html = [result("  accuracy\nmlp  0.512", **{"text/html": "<td>0.9</td><td>high</td>"})]
    assert compare_outputs(committed, changed_html) == []  # the same numbers as the text/plain, which is compared
    assert compare_outputs(committed, [result("  accuracy\nmlp  0.612", **{"text/html": "<td>0.512</td>"})])
    html_only = [{"output_type": "display_data", "metadata": {}, "data": {"text/html": "<td>0.512</td><td>mid</td>"}}]
    assert compare_outputs(html_only, [{**html_only[0], "data": {"text/html": "<td>0.520</td><td>mid</td>"}}]) == []
    assert compare_outputs(html_only, [{**html_only[0], "data": {"text/html": "<td>0.520</td><td>high</td>"}}])


# --------------------------------------------------------------------------
# The measured run: the real spread passes, planted changes do not
# --------------------------------------------------------------------------


def test_the_fixture_holds_every_tolerance_cell_of_the_run_as_text() -> None:
    assert FIXTURE["setting"].startswith("ONEDNN_MAX_CPU_ISA=AVX2") and len(CELLS) >= 30
    assert {cell["notebook"][:2] for cell in CELLS} == {"03", "04", "05", "07", "08"}
    mimes = {mime for cell in CELLS for output in cell["committed"] + cell["new"] for mime in output.get("data", {})}
    assert mimes == {"text/plain"}


@pytest.mark.parametrize("cell", CELLS, ids=CELL_IDS)
def test_the_real_spread_passes(cell: dict[str, Any]) -> None:
    assert compare_outputs(cell["committed"], cell["new"]) == []


def fixture_moves() -> list[Move]:
    return [Move(a, b, cell["notebook"])
            for cell in CELLS for _, a, b, _ in match_outputs(cell["committed"], cell["new"])[1]]


def test_the_measured_spreads_are_the_fixtures() -> None:
    """Each kind's stated spread is at least what the fixture moved, and an unknown number's tolerance the strictest
    that passes: unknown decimals moved (so no tolerance of 0), unknown whole numbers did not."""
    moves = fixture_moves()
    for move in moves:
        tolerance = move.committed.tolerance
        measured = max(tolerance.measured, tolerance.measured_share * abs(move.committed.value))
        assert move.difference <= measured + 1e-9, move
    assert max(m.difference for m in moves if m.kind == "unknown decimal") > 0
    assert max(m.difference for m in moves if m.kind == "unknown whole") == 0
    assert max(m.difference for m in moves if m.kind == "score") > 0.5 * TOLERANCES["score"].measured


def joined(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A copy of the outputs with each stream's texts joined into its first output, as compare_outputs reads them."""
    kept, streams = [], {}
    for output in copy.deepcopy(outputs):
        if output["output_type"] == "stream" and output["name"] in streams:
            streams[output["name"]]["text"] += output["text"]
            continue
        streams.update({output["name"]: output} if output["output_type"] == "stream" else {})
        kept.append(output)
    return kept


def texts_of(outputs: list[dict[str, Any]]) -> Iterator[tuple[int, str | None, str]]:
    """(output position, MIME type or None for a stream, text) of every text in (joined) outputs."""
    for position, output in enumerate(outputs):
        if output["output_type"] == "stream":
            yield position, None, output["text"]
        for mime, text in output.get("data", {}).items():
            yield position, mime, text


def text_pairs(cell: dict[str, Any]) -> Iterator[tuple[int, str | None, str, str]]:
    """(position in the joined new outputs, MIME type or None, new text, committed text) of a fixture cell."""
    committed = [(mime, text) for _, mime, text in texts_of(joined(cell["committed"]))]
    new = list(texts_of(joined(cell["new"])))
    assert [mime for mime, _ in committed] == [mime for _, mime, _ in new]
    for (position, mime, text), (_, old) in zip(new, committed):
        yield position, mime, text, old


def with_text(outputs: list[dict[str, Any]], position: int, mime: str | None, text: str) -> list[dict[str, Any]]:
    changed = joined(outputs)
    if mime is None:
        changed[position]["text"] = text
    else:
        changed[position]["data"][mime] = text
    return changed


Span = tuple[int, int]


def after_word(text: str, word: str) -> list[Span]:
    """Decimals printed right after ``word`` (and a colon or "is"): ``macro-F1 0.407``, ``macro-F1: +0.001``."""
    return [match.span(1) for match in re.finditer(rf"(?:{word})(?::| is)? ([-+]?\d+\.\d+)", text, re.IGNORECASE)]


def in_column(text: str, header: str) -> list[Span]:
    """Numbers of a printed table under a header matching ``header`` (right-aligned, as pandas prints them),
    or every decimal of a table whose index name (the line under the header) matches it."""
    spans, offset = [], 0
    for block in re.split(r"(\n\s*\n)", text):
        lines = block.split("\n")
        named = len(lines) > 2 and re.fullmatch(rf"\s*(?:{header})\s*", lines[1], re.IGNORECASE)
        ends = [match.end() for match in re.finditer(rf"(?<!\S)(?:{header})(?!\S)", lines[0], re.IGNORECASE)]
        start = offset + len(lines[0]) + 1
        for line in lines[1:]:
            for match in re.finditer(r"(?<![\w.(-])[-+]?\d+(?:\.\d+)?(?![\w.)-])", line):
                if match.end() in ends or (named and "." in match.group()):
                    spans.append((start + match.start(), start + match.end()))
            start += len(line) + 1
        offset += len(block)
    return spans


def in_row(text: str, label: str) -> list[Span]:
    """The decimals of a printed table's rows labelled ``label`` (``macro_f1  0.608  0.005``)."""
    return [(row.start() + match.start(), row.start() + match.end())
            for row in re.finditer(rf"^(?:{label})  .*$", text, re.MULTILINE | re.IGNORECASE)
            for match in re.finditer(r"(?<!\S)[-+]?\d+\.\d+(?!\S)", row.group())]


def planted(cell: dict[str, Any], finder, change) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """For every number ``finder`` finds in the new outputs: (the planted text, the new outputs with that number
    replaced by ``change(committed text, new text)``)."""
    for position, mime, text, old_text in text_pairs(cell):
        for (start, end), (old_start, old_end) in zip(finder(text, mime), finder(old_text, mime), strict=True):
            replacement = change(old_text[old_start:old_end], text[start:end])
            yield replacement, with_text(cell["new"], position, mime, text[:start] + replacement + text[end:])


def like(template: str, value: float) -> str:
    """``value`` printed like ``template``: the same decimals, a sign if it has one."""
    decimals = len(template.split(".")[1]) if "." in template else 0
    return f"{value:{'+' if template[0] in '+-' else ''}.{decimals}f}"


def moved(old: str, kind: str, step: int, beyond: bool = True) -> str:
    """``old`` moved up (``step`` 1) or down (-1) by one unit of its last digit more (or less) than its tolerance."""
    number = Number(old, kind)
    unit = 10.0 ** -len(old.split(".")[1]) if "." in old else 1.0
    limit = number.tolerance.limit(number.value)
    return like(old, number.value + step * (limit + unit if beyond else limit - unit))


def macro_f1s(text: str, mime: str | None) -> list[Span]:
    spans = after_word(text, r"macro-F1")
    if mime == "text/plain":
        return spans + in_column(text, r"(?:validation )?macro[-_]f1") + in_row(text, r"macro[-_]f1")
    return spans


def per_class(text: str, mime: str | None) -> list[Span]:
    return in_column(text, r"precision|recall|f1") if mime == "text/plain" else []


def counts(text: str, mime: str | None) -> list[Span]:
    return in_column(text, r"support|predicted|count") if mime == "text/plain" else []


def cells_with(finder) -> list[dict[str, Any]]:
    return [cell for cell in CELLS if any(finder(text, mime) for _, mime, text, _ in text_pairs(cell))]


MACRO_F1_CELLS = cells_with(macro_f1s)


def test_most_tolerance_cells_print_a_macro_f1() -> None:
    assert len(MACRO_F1_CELLS) >= 20
    assert {cell["notebook"][:2] for cell in MACRO_F1_CELLS} == {"04", "05", "07", "08"}


@pytest.mark.parametrize("cell", MACRO_F1_CELLS, ids=[f"{c['notebook'][:2]}-cell{c['cell']}" for c in MACRO_F1_CELLS])
@pytest.mark.parametrize("step", [0.03, -0.03])
def test_a_macro_f1_changed_by_003_fails(cell: dict[str, Any], step: float) -> None:
    changes = list(planted(cell, macro_f1s, lambda old, new: like(new, Number(new).value + step)))
    assert changes
    for replacement, outputs in changes:
        problems = compare_outputs(cell["committed"], outputs)
        assert len(problems) == 1 and f"{replacement} is too far" in problems[0], (replacement, problems)


def test_a_macro_f1_changed_by_003_fails_even_after_its_largest_real_move() -> None:
    largest = 0.0
    for cell in MACRO_F1_CELLS:
        for _, mime, text, old in text_pairs(cell):
            for (start, end), (old_start, old_end) in zip(macro_f1s(text, mime), macro_f1s(old, mime), strict=True):
                largest = max(largest, abs(Number(text[start:end]).value - Number(old[old_start:old_end]).value))
    assert 0 < largest and TOLERANCES["score"].limit(0.5) + largest < 0.03


@pytest.mark.parametrize(("finder", "kind"), [(per_class, "per-class"), (counts, "count")])
@pytest.mark.parametrize("step", [1, -1])
def test_a_per_class_figure_or_a_count_changed_beyond_its_tolerance_fails(finder, kind: str, step: int) -> None:
    cells = cells_with(finder)
    assert len(cells) >= 3
    for cell in cells:
        for replacement, outputs in planted(cell, finder, lambda old, new: moved(old, kind, step)):
            problems = compare_outputs(cell["committed"], outputs)
            assert len(problems) == 1 and f"{replacement} is too far" in problems[0] and kind in problems[0], problems


@pytest.mark.parametrize(("finder", "kind"), [(per_class, "per-class"), (counts, "count")])
@pytest.mark.parametrize("step", [1, -1])
def test_the_same_numbers_changed_within_their_tolerance_pass(finder, kind: str, step: int) -> None:
    for cell in cells_with(finder):
        for replacement, outputs in planted(cell, finder, lambda old, new: moved(old, kind, step, beyond=False)):
            assert compare_outputs(cell["committed"], outputs) == [], replacement


# --------------------------------------------------------------------------
# End to end: nbval itself, through notebooks/conftest.py
# --------------------------------------------------------------------------


@pytest.mark.course_run
def test_nbval_fails_a_planted_change_of_003_and_passes_the_spread(tmp_path: Path) -> None:
    """One tiny notebook (one kernel): its first cell printed ``macro-F1 0.582`` when committed, its second ``0.605``;
    both now print ``0.612``. nbval, with the course's conftest.py, must fail the first and pass the second."""
    pytest.importorskip("nbval")
    cells = []
    for committed in ("0.582", "0.605"):
        cell = new_code_cell('print("macro-F1 0.612")', metadata={"tags": ["nbval-tolerance"]}, execution_count=1)
        cell.outputs = [new_output("stream", name="stdout", text=f"macro-F1 {committed}\n")]
        cells.append(cell)
    notebook = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                  "language": "python"}})
    nbformat.write(notebook, tmp_path / "planted.ipynb")
    shutil.copy(ROOT / "notebooks" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    finished = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
                               "-p", "no:cacheprovider", "--junitxml", str(tmp_path / "report.xml"), "planted.ipynb"],
                              cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 1, finished.stdout + finished.stderr
    results = {case.get("name"): [child.tag for child in case]
               for case in ElementTree.parse(tmp_path / "report.xml").iter("testcase")}
    assert results == {"Cell 0": ["failure"], "Cell 1": []}, finished.stdout
    assert "0.612 is too far from the committed 0.582" in finished.stdout
