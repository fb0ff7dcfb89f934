"""Compare outputs that depend on training a network: text exactly, numbers within a tolerance for their kind.

Training a network in float32 gives slightly different numbers on another CPU, with
another kernel library or another number of threads, and early stopping may then
keep another epoch. A notebook cell whose output depends on such training carries
the tag ``nbval-tolerance``; ``notebooks/conftest.py`` makes nbval compare its
outputs with :func:`compare_outputs` instead of character by character:

- the text around the numbers must be the same (runs of spaces count as one, since
  tables pad their columns to the widest number), so a sentence cannot change its
  meaning, and the same numbers must be printed; stderr is never compared, and where
  an output has both a ``text/plain`` and a ``text/html`` form (a DataFrame), only the
  ``text/plain`` one is (the HTML holds the same numbers, without the layout that tells
  a number's kind);
- each number must lie within the tolerance of its kind (:data:`TOLERANCES`) of the
  committed one.

A number's kind is read from the committed text (:func:`number_kind`):

1. by its format: a percentage (``37.5%``) is a ``percentage``; a decimal (``0.407``)
   can only be a ``score``, a ``per-class`` figure or a ``loss``; a whole number
   (``12``, ``8,190``) only a ``count`` or an ``epoch``;
2. in a table (a ``text/plain`` output, as pandas prints a DataFrame), a number under a
   column's header (the header line's text that ends where the number ends, in the block
   of lines the number is in) takes the kind named by the first of: that header
   (``macro_f1``, ``recall``, ``predicted``), the row's label before it (``macro_f1`` in a
   table of seeds), the index's name (the line under the header: ``validation macro-F1``);
3. elsewhere (a sentence, or a number in a row's label), by the nearest of the kinds'
   words (:data:`KIND_WORDS`) before the number in its sentence (up to ``.``, ``;``, ``!``
   or ``?`` and a space), else the first one after it;
4. the numbers of a range in parentheses (a class's name, ``low (0-30)``) have no kind;
5. a score, or a decimal of no kind, whose sentence or table row mentions leaked rows is a
   ``leaked-rows`` score (notebook 04's leak experiment: what a model memorised of the rows
   it saw copies of depends on the path of training, and its early stopping keeps another
   epoch on another kernel path, so these scores move about twice as far as the others).

A number of unknown kind gets the strictest tolerance that passes the spread measured
for such numbers (:data:`UNKNOWN`). Every other cell is compared strictly, and cells
whose output cannot repeat at all (timings, one line per epoch) carry
``nbval-ignore-output``. The README, "Tests on any machine", has the measured spread;
``python -m tools.spread`` measures it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

TAG = "nbval-tolerance"


@dataclass(frozen=True)
class Tolerance:
    """How far a number of one kind may move: ``margin`` times the largest move measured.

    For counts the move is also measured as a share of the committed value, and the
    larger of the two limits applies (a count of 10,000 moves more than one of 50).
    """

    measured: float
    """The largest move measured, in the number's unit (points for a percentage)."""
    margin: float
    measured_share: float = 0.0
    """The largest move measured as a share of the committed value (counts only)."""

    def limit(self, committed: float) -> float:
        """The largest difference allowed from ``committed``."""
        return self.margin * max(self.measured, self.measured_share * abs(committed))

    def allows(self, committed: float, new: float) -> bool:
        return abs(new - committed) <= self.limit(committed) + 1e-9


# Measured between the committed run (oneDNN, AVX-512, 2 threads) and the same notebooks executed
# with ONEDNN_MAX_CPU_ISA=AVX2, the setting that moved most, on 2026-12-02 (tests/fixtures/
# nbval_spread_avx2.json holds that run's tolerance cells), or in the earlier run under the same
# setting where that moved more (README, "Tests on any machine"). The margin is 1.5 for every kind:
# with it a change of a macro-F1 by 0.03 fails even after the largest real move of one (0.005).
TOLERANCES: dict[str, Tolerance] = {
    "score": Tolerance(measured=0.014, margin=1.5),
    "leaked-rows": Tolerance(measured=0.029, margin=1.5),
    "per-class": Tolerance(measured=0.029, margin=1.5),
    "loss": Tolerance(measured=0.056, margin=1.5),
    "percentage": Tolerance(measured=1.0, margin=1.5),
    "count": Tolerance(measured=7, margin=1.5, measured_share=0.075),
    "epoch": Tolerance(measured=5, margin=1.5),
}
"""Each kind's tolerance: the largest move measured for that kind, times a margin.

- ``score``: accuracy, macro-F1, balanced accuracy, their differences, interval ends, lifts
  (0.014: the balanced accuracy of an MLP whose class offsets are tuned, notebook 08);
- ``leaked-rows``: a score on, or about, the leaked rows of notebook 04 (0.029: a difference
  of lifts after early stopping on the leaky split);
- ``per-class``: one class's precision, recall or f1, the mean probability of a class (0.029
  in the earlier run; 0.008 in this one);
- ``loss``: training and validation losses (0.056: the validation loss after 100 epochs);
- ``percentage``: any number printed with ``%``, in points (1.0: the recipe's accuracy on
  its leaked rows, 83.0% -> 82.0%);
- ``count``: counts of tracks, of predictions of a class (``predicted``, ``support``): 7.5%
  of the value in the earlier run (1.7% in this one), at least 7 (559 -> 552, the smallest
  count that moved);
- ``epoch``: the epoch kept, the epochs or boosting rounds that ran (5: the lowest
  validation loss of the 100-epoch recipe, epoch 20 -> 15).
"""

EXACT = Tolerance(measured=0.0, margin=1.0)

UNKNOWN: dict[str, Tolerance] = {"decimal": TOLERANCES["score"], "whole": EXACT}
"""The tolerance of a number whose kind nothing names, by its format: the strictest tolerance
that passes the spread measured for such numbers. Decimals of unknown kind (an accuracy in a
column named after a model, the ends of an interval in a column ``to``) moved like scores;
whole numbers of unknown kind (sizes, numbers of weights, parameters) did not move at all."""

KIND_WORDS: dict[str, str] = {
    "score": r"macro[-_ ]f1|balanced[-_ ]accuracy|accuracy|lift|minus|interval|ahead|behind|difference|gain(?:ed|s)?"
             r"|gap|scored?|scores",
    "per-class": r"precision|recall|f1|probability",
    "loss": r"loss",
    "count": r"support|predicted|count|tracks",
    "epoch": r"epochs?|rounds?",
}
"""The words (regular expressions, case-insensitive, whole words) that name each kind."""

DECIMAL_KINDS = ("score", "per-class", "loss")
WHOLE_KINDS = ("count", "epoch")
LEAKED_ROWS = re.compile(r"(?<![A-Za-z])leaked(?![A-Za-z])", re.IGNORECASE)
"""A sentence or table row that mentions leaked rows (rule 5)."""

_NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?%?")
_KIND_WORD = re.compile("|".join(rf"(?<![A-Za-z])(?P<{kind.replace('-', '_')}>{words})(?![A-Za-z])"
                                 for kind, words in KIND_WORDS.items()), re.IGNORECASE)
_RANGE = re.compile(r"\(\d+-\d+\)")
_SENTENCE_END = re.compile(r"[.;!?](?=\s)")
_SKIP = {"metadata", "traceback", "execution_count", "output_type", "transient"}
_IMAGES = ("image/",)


@dataclass(frozen=True)
class Number:
    """A number as printed, and its kind (see :func:`number_kind`)."""

    text: str
    kind: str = "unknown"

    @property
    def value(self) -> float:
        return float(self.text.rstrip("%").replace(",", ""))

    @property
    def is_whole(self) -> bool:
        """A count or an epoch: no decimals and not a percentage (a share, however it is rounded)."""
        return not self.text.endswith("%") and "." not in self.text and "e" not in self.text.lower()

    @property
    def tolerance(self) -> Tolerance:
        if self.kind in TOLERANCES:
            return TOLERANCES[self.kind]
        return UNKNOWN["whole" if self.is_whole else "decimal"]


def _kind_named(text: str, allowed: tuple[str, ...], nearest_last: bool) -> str | None:
    """The kind named by the last (or first) word of an allowed kind in ``text``."""
    kinds = [match.lastgroup.replace("_", "-") for match in _KIND_WORD.finditer(text)]
    kinds = [kind for kind in kinds if kind in allowed]
    return (kinds[-1] if nearest_last else kinds[0]) if kinds else None


def _table_contexts(lines: list[str], end: int) -> list[str]:
    """The column header and the index's name of a number ending at ``end`` in the last of ``lines``
    ([] if it is not under a header)."""
    row = len(lines) - 1
    first = max((i for i in range(row) if not lines[i].strip()), default=-1) + 1
    header = lines[first]
    if first == row or len(header) < end or header[end - 1].isspace() or header[end:end + 1].strip():
        return []
    column = re.split(r"\s{2,}", header[:end].strip())[-1]
    if not re.search(r"[A-Za-z]", column):
        return []
    index_name = lines[first + 1] if first + 1 < row and not _NUMBER.search(lines[first + 1]) else ""
    return [column, index_name]


def number_kind(text: str, match: re.Match[str], table: bool = False) -> str:
    """The kind of the number ``match`` found in ``text`` (rules in the module's docstring)."""
    number = Number(match.group())
    if number.text.endswith("%"):
        return "percentage"
    if any(r.start() < match.start() and match.end() < r.end() for r in _RANGE.finditer(text)):
        return "unknown"
    allowed = WHOLE_KINDS if number.is_whole else DECIMAL_KINDS
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = len(text) if text.find("\n", match.end()) < 0 else text.find("\n", match.end())
    before, after = text[line_start:match.start()], text[match.end():line_end]
    contexts = _table_contexts(text[:line_end].split("\n"), match.end() - line_start) if table else []
    if contexts:  # a table cell: its column's header, its row's label, the index's name
        column, index_name = contexts
        kinds = (_kind_named(context, allowed, nearest_last=True) for context in (column, before, index_name))
        kind, qualifier = next((kind for kind in kinds if kind), "unknown"), before
    else:  # a sentence: the nearest kind word before the number, else the first after it
        ends = list(_SENTENCE_END.finditer(before))
        before = before[ends[-1].end():] if ends else before
        end = _SENTENCE_END.search(after)
        after = after[:end.start()] if end else after
        kind = (_kind_named(before, allowed, nearest_last=True) or _kind_named(after, allowed, nearest_last=False)
                or "unknown")
        qualifier = before + after
    if kind in ("score", "unknown") and not number.is_whole and LEAKED_ROWS.search(qualifier):
        return "leaked-rows"
    return kind


def split_numbers(text: str, table: bool = False) -> tuple[str, list[Number]]:
    """The text with each number replaced by ``#`` (and spaces collapsed), and the numbers with their kinds.

    ``table``: the text is a ``text/plain`` output, which may be a table (see :func:`number_kind`).
    """
    numbers = [Number(match.group(), number_kind(text, match, table)) for match in _NUMBER.finditer(text)]
    masked = _NUMBER.sub("#", text)
    return re.sub(r"\s+", " ", masked).strip(), numbers


def within_tolerance(committed: Number, new: Number) -> bool:
    """Whether ``new`` is close enough to ``committed``, by the committed number's kind."""
    return committed.tolerance.allows(committed.value, new.value)


def output_texts(outputs: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Each output's texts by kind (stream name or MIME type), streams of one name joined.

    Images are left out, and so is ``text/html`` where the output also has ``text/plain``.
    """
    flat: dict[str, list[str]] = {}
    streams: dict[str, str] = {}
    for output in outputs:
        if output.get("output_type") == "stream":
            streams[output["name"]] = streams.get(output["name"], "") + "".join(output["text"])
            continue
        for key, value in output.items():
            if key == "data":
                for mime, content in value.items():
                    if not mime.startswith(_IMAGES) and not (mime == "text/html" and "text/plain" in value):
                        flat.setdefault(mime, []).append("".join(content) if isinstance(content, list) else str(content))
            elif key not in _SKIP:
                flat.setdefault(key, []).append(str(value))
    for name, text in streams.items():
        flat.setdefault(name, []).append(text)
    return flat


def match_outputs(committed: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]],
                  skip: Iterable[str] = ("stderr",)) -> tuple[list[str], list[tuple[str, Number, Number, str]]]:
    """Line up a cell's committed and new outputs with their numbers masked.

    Returns the differences in the text (kinds or counts of outputs, words around the
    numbers), and every pair of numbers that stand in the same place: (kind of output,
    committed number, new number, the start of the text they stand in, numbers masked).
    """
    old, now = output_texts(committed), output_texts(new)
    for name in skip:
        old.pop(name, None)
        now.pop(name, None)
    if set(old) != set(now):
        return [f"different kinds of output: committed {sorted(old)}, new {sorted(now)}"], []
    differences, pairs = [], []
    for kind in old:
        if len(old[kind]) != len(now[kind]):
            differences.append(f"{kind}: {len(old[kind])} committed outputs, {len(now[kind])} new")
            continue
        for committed_text, new_text in zip(old[kind], now[kind]):
            committed_mask, committed_numbers = split_numbers(committed_text, table=kind == "text/plain")
            new_mask, new_numbers = split_numbers(new_text)
            if committed_mask != new_mask:
                differences.append(f"{kind}: the text differs (numbers aside):\n  committed: {committed_mask[:2000]}\n"
                                   f"  new:       {new_mask[:2000]}")
                continue
            pairs.extend((kind, a, b, committed_mask[:300]) for a, b in zip(committed_numbers, new_numbers))
    return differences, pairs


def compare_outputs(committed: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]],
                    skip: Iterable[str] = ("stderr",)) -> list[str]:
    """What differs between a cell's committed and new outputs, beyond the tolerances ([] if nothing)."""
    differences, pairs = match_outputs(committed, new, skip)
    return differences + [f"{kind}: {b.text} is too far from the committed {a.text} ({a.kind}: within "
                          f"{a.tolerance.limit(a.value):g}; in: {text})"
                          for kind, a, b, text in pairs if not within_tolerance(a, b)]
