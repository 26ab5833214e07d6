"""The catalogue of mistakes against the notebooks, without grading anyone: every exercise graded
automatically has catalogued mistakes to name, and every mistake names an exercise that exists."""

from collections import Counter

import pytest
from paths import ASSIGNMENTS, REPO

from grader import catalogue
from grader.demo import classroom


def _autograded_exercises(assignment: str) -> list[str]:
    nb = classroom.read(REPO / "source" / assignment / f"{assignment}.ipynb")
    return [gid for gid, cell in classroom.answer_cells(nb).items() if cell.cell_type == "code"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_autograded_exercise_has_at_least_three_catalogued_mistakes(assignment):
    exercises = _autograded_exercises(assignment)
    counts = Counter(m.exercise for m in catalogue.load(assignment).MISTAKES)
    assert exercises
    assert {e: counts[e] for e in exercises if counts[e] < 3} == {}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_catalogued_mistake_is_of_an_exercise_of_its_notebook(assignment):
    exercises = set(_autograded_exercises(assignment))
    assert {m.tag: m.exercise for m in catalogue.load(assignment).MISTAKES if m.exercise not in exercises} == {}
