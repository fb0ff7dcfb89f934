"""Compare outputs that depend on training a network: text exactly, numbers within tolerances.

Training a network in float32 gives slightly different numbers on another CPU, with
another kernel library or another number of threads, and early stopping may then
keep another epoch. A notebook cell whose output depends on such training carries
the tag ``nbval-tolerance``; ``notebooks/conftest.py`` makes nbval compare its
outputs with :func:`compare_outputs` instead of character by character:

- the text around the numbers must be the same (runs of spaces count as one, since
  tables pad their columns to the widest number), so a sentence cannot change its
  meaning, and the same numbers must be printed;
- each number must lie within the tolerance below of the committed one.

Every other cell is compared strictly, and cells whose output cannot repeat at all
(timings, one line per epoch) carry ``nbval-ignore-output``. The tolerances are
set from the spread measured across kernel paths and thread counts (see the README,
"Tests on any machine"), with a margin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

TAG = "nbval-tolerance"

DECIMAL_TOLERANCE = 0.05
"""Largest difference allowed for a number written with decimals (a score, a loss, a
probability, a difference of scores; a percentage may differ by 100 times this).
Measured (README, "Tests on any machine"): per-class precision and recall moved by up to
0.029 (the original MLP's boundary between two neighbouring classes shifts), overall scores
by up to 0.017; 0.05 leaves a margin of more than 1.5 times the largest."""

COUNT_TOLERANCE = (8, 0.25)
"""Largest difference allowed for a whole number (an epoch, a count of predictions): the
larger of this many units and this share of the committed value. Measured: epochs moved by
up to 4 (early stopping keeps another epoch), counts of predicted classes by up to 7.5%."""

_NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?%?")
_SKIP = {"metadata", "traceback", "execution_count", "output_type", "transient"}
_IMAGES = ("image/",)


@dataclass(frozen=True)
class Number:
    text: str

    @property
    def value(self) -> float:
        return float(self.text.rstrip("%").replace(",", ""))

    @property
    def is_whole(self) -> bool:
        """A count or an epoch: no decimals and not a percentage (a share, however it is rounded)."""
        return not self.text.endswith("%") and "." not in self.text and "e" not in self.text.lower()

    @property
    def scale(self) -> float:
        return 100.0 if self.text.endswith("%") else 1.0


def split_numbers(text: str) -> tuple[str, list[Number]]:
    """The text with each number replaced by ``#`` (and spaces collapsed), and the numbers."""
    numbers = [Number(match.group()) for match in _NUMBER.finditer(text)]
    masked = _NUMBER.sub("#", text)
    return re.sub(r"\s+", " ", masked).strip(), numbers


def within_tolerance(committed: Number, new: Number) -> bool:
    """Whether ``new`` is close enough to ``committed`` (see the tolerances above)."""
    difference = abs(new.value - committed.value)
    if committed.is_whole and new.is_whole:
        units, share = COUNT_TOLERANCE
        return difference <= max(units, share * abs(committed.value))
    return difference <= DECIMAL_TOLERANCE * committed.scale + 1e-12


def output_texts(outputs: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Each output's texts by kind (stream name or MIME type), streams of one name joined."""
    flat: dict[str, list[str]] = {}
    streams: dict[str, str] = {}
    for output in outputs:
        if output.get("output_type") == "stream":
            streams[output["name"]] = streams.get(output["name"], "") + "".join(output["text"])
            continue
        for key, value in output.items():
            if key == "data":
                for mime, content in value.items():
                    if not mime.startswith(_IMAGES):
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
            committed_mask, committed_numbers = split_numbers(committed_text)
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
    return differences + [f"{kind}: {b.text} is too far from the committed {a.text} (in: {text})"
                          for kind, a, b, text in pairs if not within_tolerance(a, b)]
