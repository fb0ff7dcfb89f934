"""No markdown cell states a number that a run produces.

Scores, counts, shares, epochs and times change with the cut points, the seed, the
epochs and the machine. A sentence that states one by hand is true for one run only,
so such numbers, and the conclusions that depend on them, are printed by code cells
from the values. Markdown explains ideas and how to read the output.

The scan removes what cannot be a measured number (code spans and blocks, math, link
addresses, the nbgrader model answers of self-assessed questions, which are answers
and not claims about a run, are scanned too) and then looks for every number written
in digits, and for spelled-out durations ("four minutes"). Each such number must be
explained by one pattern of :data:`ALLOWED`, a short list with a reason for each.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course_files import course_notebooks

NOTEBOOKS = course_notebooks()

STRIPPED = [
    re.compile(r"```.*?```", re.DOTALL),  # code blocks: code, not claims
    re.compile(r"`[^`]*`"),  # code spans: parameter values, function names, file names
    re.compile(r"\$[^$]+\$"),  # math
    re.compile(r"\]\([^)]*\)"),  # link addresses
    re.compile(r"<[^>]+>"),  # HTML tags and their attributes
]

ALLOWED: dict[str, str] = {
    # References to parts of the course: not measurements.
    r"\b[Nn]otebooks? \d\d(?:(?:-|, | and | to )\d\d)*\b": "a notebook of the series, e.g. 'notebook 03'",
    r"^#+ \d\d ·": "the notebook's number in its title",
    r"\b[Ee]xercises? \d+(?:(?:-|, | and )\d+)*\b": "an exercise of the notebook",
    r"\b[Ss]teps? \d+[a-z]?\b": "a step of notebook 07's numbered walk",
    r"\b[Qq]uestion \d+\b": "a quiz question",
    r"^\d+\. ": "a numbered list",
    r"^#+ (?:Exercise|Step|Question) \d+": "a heading that numbers an exercise, a step or a question",
    # Facts from elsewhere, attributed where they appear.
    r"\b68\.5%": "the accuracy the original notebook reported for its cut points (30, 70)",
    r"\b100,000 tracks\b": "the size of the original notebook's sample (its recipe, notebook 04)",
    r"\b114,000 tracks\b|\b114 genres\b|\b21 columns\b": "the data set's size as its publisher describes it",
    r"\b(?:ICLR|NeurIPS|ICML) 20\d\d\b|\(20\d\d\)|\b20\d\d\)": "the year of a cited paper",
    r"\b100 epochs\b": "the original notebook's protocol (notebook 04 reproduces it)",
    # The scale and definitions, not results.
    r"\b0-100\b|\b0 to 100\b|\b0 to 99\b|\b0 and 100\b": "the range of popularity and of the cut points",
    r"\b95%": "the level of every interval in the course (uncertainty.LEVEL)",
    r"\b0 and 1\b|\b1 when\b|\bnear 0\b|\bexactly 0\b|\bto 0\b|\bof 0\b|\bbelow 0\b|\babove 0\b|\bfrom 0\b|\bcontains 0\b|\bexcludes 0\b|\bat 0\b|\bis 0\b|\bis 1\b|\bare 0\b|\bgets? 0\b|\bcounts? as 0\b|\bcount 0\b|\bequal 0\b|\bscore of 0\b|\bscore 0\b|\brecall 0\b":
        "0 and 1 as the ends of a scale or the zero of a difference",
    r"\b1 ?/ ?(?:k|the number of classes)\b|\b1/k, 2/k\b": "the share of a class when k classes are equal",
    r"\b3/4\b|\b4/4\b|\b5/4\b|\b7/4\b": "time signatures, as the data set's documentation names them",
    r"\bk ?= ?\d+\b": "a parameter of a method named in the text (TabM's k members)",
    r"(?<![\w.,])[-+]?[01](?![\w.,%])": "0 and 1 (and -1, +1): the ends of a scale, class numbers, the zero of a difference",
    r"^#+ \d+[a-z]?\. ": "a numbered section heading",
    r"\b1-(?:nearest|D)\b|\b2/k\b": "names and notation: 1-nearest neighbour, a 1-D array, 1/k, 2/k",
}
"""Every kind of number a markdown cell may hold, with the reason it is not a measured one."""

NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*%?")
SPELLED_DURATION = re.compile(
    r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|a few|several|half an?)\s+"
    r"(?:seconds?|minutes?|hours?)\b", re.IGNORECASE)
_ALLOWED = [re.compile(pattern, re.MULTILINE) for pattern in ALLOWED if pattern]


def scanned_text(source: str) -> str:
    """The markdown with code, math, link addresses and tags blanked out (lines kept)."""
    for pattern in STRIPPED:
        source = pattern.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), source)
    return source


def unexplained_numbers(source: str) -> list[str]:
    """The numbers of a markdown cell that no pattern of :data:`ALLOWED` explains, with their context."""
    text = scanned_text(source)
    explained = [range(*m.span()) for pattern in _ALLOWED for m in pattern.finditer(text)]
    found = []
    for match in [*NUMBER.finditer(text), *SPELLED_DURATION.finditer(text)]:
        if not any(match.start() in span for span in explained):
            start, end = max(0, match.start() - 40), match.end() + 40
            found.append(f"{match.group()!r} in ...{' '.join(text[start:end].split())}...")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_no_markdown_cell_states_a_measured_number(path: Path) -> None:
    problems = []
    for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type == "markdown":
            problems += [f"cell {index}: {found}" for found in unexplained_numbers(cell.source)]
    assert not problems, (
        "markdown states numbers a run produces; print them (and the conclusions that depend on them) "
        "from code, or add a pattern with its reason to ALLOWED if the number is not a measurement:\n"
        + "\n".join(problems))


@pytest.mark.parametrize("text", [
    "Each epoch takes about 4 seconds.",
    "This cell trains for about four minutes.",
    "The MLP reaches 0.685 on the test rows.",
    "Over a third (37%) of its test rows leak.",
    "The genre adds 114 columns.",
    "7,278 leaked rows",
])
def test_the_scan_finds_measured_numbers(text: str) -> None:
    assert unexplained_numbers(text)


@pytest.mark.parametrize("text", [
    "# 04 · Evaluating honestly",
    "As notebook 03 showed, and exercise 2 asks,",
    "The original notebook reported 68.5% accuracy with its cut points, `(30, 70)`.",
    "Popularity runs from 0 to 100; `THRESHOLDS = (25, 50, 75)` makes four classes.",
    "1. a sample of 100,000 tracks",
    "Its 95% interval excludes 0.",
])
def test_the_scan_lets_ideas_and_references_through(text: str) -> None:
    assert not unexplained_numbers(text)
