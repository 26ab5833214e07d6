"""Every correct answer in an unexpected form (grader/demo/alternatives) keeps full marks, judged in this
process as autograde judges it: a rule such as `forbid=BY_HAND` or a new hidden probe that turns one of them
into a failure shows here in seconds, not only in the nbgrader corpus."""

import pytest
from paths import ASSIGNMENTS, REPO

from grader.demo import alternatives
from grader.in_process_grading import grade

CASES = [pytest.param(a, alt, id=f"{a}-{alt.exercise}-{alt.tag}") for a in ASSIGNMENTS for alt in alternatives.load(a)]


@pytest.mark.parametrize("assignment, alternative", CASES)
def test_a_correct_alternative_passes_its_own_test_cell(assignment, alternative):
    cell = f"test_{alternative.exercise}"
    verdicts = grade(REPO, assignment, {alternative.exercise: alternative.source}, from_cell=cell)[cell]
    assert verdicts and all(v.passed for v in verdicts), [v.message for v in verdicts if not v.passed]


def test_there_are_alternatives_for_every_assignment():
    assert all(alternatives.load(a) for a in ASSIGNMENTS)
