"""The release of ps5_learning_rate gives no graded value away, and its public tests still catch
obvious mistakes.

Two give-aways were found once and must not come back: a sentence naming `best_lr`'s value
("the fastest rate is 0.5", or a public count of 1 step at that rate), and a public test asserting
one of `quartic_study`'s outcomes (so a hard-coded dict passed). Public checks are judged here by
what they accept: every possible right-shaped answer, and none of the obviously wrong ones.
"""

import itertools
import re

import nbformat
import numpy as np
import pytest
from paths import REPO

import grader.checks
from grader.demo import classroom
from grader.in_kernel.gathering import normalise
from grader.judging.numeric import compare

ASSIGNMENT = "ps5_learning_rate"
GRID = np.linspace(0.05, 0.95, 19)
WORDS = ("converged", "diverged", "slow")


def _steps(lr, tol=1e-6):
    """steps_to_tolerance as the contract defines it, so the guarded value is computed, not copied."""
    x = 0.0
    for n in range(1, 10_001):
        x -= lr * 2 * (x - 3)
        if abs(x - 3) < tol:
            return n
    return -1


# rounded: linspace makes 0.49999999999999994 of the grid point 0.5
BEST_LR = round(float(GRID[int(np.argmin([_steps(lr) for lr in GRID]))]), 12)


def written_forms(value: float) -> re.Pattern:
    """The ways a notebook writes `value`: 0.5, .50, 1/2, \\frac{1}{2}, ½ for 0.5."""
    decimal = f"{value:.10f}".rstrip("0").lstrip("0")  # ".5"
    forms = [rf"(?<![\d.])0?{re.escape(decimal)}0*(?![\d])"]
    if value == 0.5:
        forms += [r"(?<![\d.])1\s*/\s*2(?![\d])", r"\\t?frac\s*\{?1\}?\s*\{?2\}?", "½"]
    return re.compile("|".join(forms))


SPEED_WORDS = re.compile(r"fast|quick|best|fewest|optim", re.I)


def sentences(nb):
    for cell in nb.cells:
        pieces = re.split(r"(?<=[.!?])\s+|\n", cell.source) if cell.cell_type == "markdown" else cell.source.splitlines()
        yield from (piece for piece in pieces if piece.strip())


def sentences_naming(nb, value: float) -> list[str]:
    """Sentences (lines of code) that speak of speed and write `value`."""
    forms = written_forms(value)
    return [s for s in sentences(nb) if SPEED_WORDS.search(s) and forms.search(s)]


def from_the_speed_section_on(nb):
    """The cells from the exercise that counts steps (steps_to_tolerance) to the end."""
    start = next(i for i, cell in enumerate(nb.cells)
                 if cell.cell_type == "markdown" and "`steps_to_tolerance(" in cell.source)
    return nb.cells[start:]


def public_expectations(nb, name: str, monkeypatch) -> list:
    """What the public checks of `name`'s released test cell expect (answers are never used)."""
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{name}")
    recorded = []

    def record(checked, answer, expected, **options):
        if checked == name:
            recorded.append(expected)

    monkeypatch.setattr(grader.checks, "check_value", record)
    namespace = {"np": np, "OneOf": grader.checks.OneOf, "check_value": record, name: None}
    exec(cell.source, namespace)  # the course's own released test cell
    assert recorded, f"the released test of {name} makes no public check"
    return recorded


def accepts(expected, value) -> bool:
    return compare(normalise(value), expected) is None


@pytest.fixture(scope="module")
def release():
    return classroom.read(REPO / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")


def test_the_guarded_value_is_the_contracts():
    assert BEST_LR == 0.5


@pytest.mark.parametrize("text, named", [
    ("The fastest rate is $\\eta = 1/f'' = 0.5$.", True),
    ("so the best rate is .50 here", True),
    ("Fewest steps at $\\tfrac12$.", True),
    ("The fastest rate is 0.55.", False),
    ("The critical rate is $2/4 = 0.5$.", False),          # a value, but not said to be the fastest
    ("It converges fastest at 0.25 on this other parabola.", False),
])
def test_naming_is_recognised(text, named):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    assert bool(sentences_naming(nb, BEST_LR)) == named


def test_no_sentence_names_best_lrs_value(release):
    assert sentences_naming(release, BEST_LR) == []


def test_nothing_from_the_speed_section_on_writes_best_lrs_value(release):
    # There a count of 1 step at 0.5, or "best_lr = 0.5" in a comment, would say it without a speed word.
    forms = written_forms(BEST_LR)
    found = [line for cell in from_the_speed_section_on(release) for line in cell.source.splitlines()
             if forms.search(line)]
    assert found == []


def test_the_release_carries_no_outputs(release):
    assert [cell.id for cell in release.cells if cell.get("outputs")] == []


def test_public_best_lr_check_accepts_every_rate_of_the_grid(release, monkeypatch):
    for expected in public_expectations(release, "best_lr", monkeypatch):
        assert all(accepts(expected, float(lr)) for lr in GRID)
        assert all(accepts(expected, lr) for lr in GRID)  # numpy floats too


def test_public_best_lr_check_rejects_obviously_wrong_answers(release, monkeypatch):
    (expected, *_) = public_expectations(release, "best_lr", monkeypatch)
    for wrong in (None, 9, 1, 0.0, 0.52, "0.5", [0.5], GRID):  # index, a count, off the grid, wrong type
        assert not accepts(expected, wrong), wrong


def test_public_quartic_study_check_asserts_no_outcome(release, monkeypatch):
    for expected in public_expectations(release, "quartic_study", monkeypatch):
        for words in itertools.product(WORDS, repeat=3):
            assert accepts(expected, dict(zip((0.001, 0.01, 0.1), words))), words


def test_public_quartic_study_check_rejects_obviously_wrong_answers(release, monkeypatch):
    (expected, *_) = public_expectations(release, "quartic_study", monkeypatch)
    for wrong in (None, ["slow", "converged", "diverged"], {"0.001": "slow", "0.01": "slow", "0.1": "slow"},
                  {0.001: "slow", 0.01: "converge", 0.1: "slow"}, {0.001: "slow", 0.01: "slow"},
                  {0.001: True, 0.01: "slow", 0.1: "slow"}):
        assert not accepts(expected, wrong), wrong
