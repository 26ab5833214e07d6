"""Each assignment through real nbgrader (generate_assignment, autograde): the solution gets full
automatic marks, the blank release gets 0 and grades without error, and a submission with only one
exercise wrong loses exactly that exercise's points."""

import pytest
from course_builder import make_course, one_mistake_each, place_submission, source_notebook
from paths import ASSIGNMENTS

from grader.demo import classroom

pytestmark = pytest.mark.pipeline


@pytest.fixture(scope="module", params=[pytest.param(a, marks=pytest.mark.xdist_group(a)) for a in ASSIGNMENTS])
def graded(request, tmp_path_factory, gradebooks):
    assignment = request.param
    course = make_course(tmp_path_factory.mktemp(assignment), [assignment], gradebooks)
    solution = classroom.instructor_answers(source_notebook(course, assignment))
    place_submission(course, assignment, "solution", solution)
    place_submission(course, assignment, "blank", {})
    mistakes = one_mistake_each(assignment)
    for exercise, mistake in mistakes.items():
        place_submission(course, assignment, f"wrong-{exercise}", {**solution, exercise: mistake.source})
    results = course.autograde(assignment)
    return course, assignment, results, mistakes


def test_every_submission_is_graded_without_error(graded):
    _, _, results, _ = graded
    assert [r.student for r in results if not r.ok] == []


def test_solution_gets_full_automatic_marks(graded):
    course, assignment, _, _ = graded
    scores = course.question_scores(assignment)["solution"]
    source = source_notebook(course, assignment)
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            assert scores[meta["grade_id"]] == meta["points"], meta["grade_id"]


def test_blank_release_scores_zero(graded):
    course, assignment, _, _ = graded
    scores = course.question_scores(assignment)["blank"]
    assert scores and all(score == 0 for score in scores.values())


def test_one_wrong_exercise_costs_exactly_its_own_points(graded):
    course, assignment, _, mistakes = graded
    table = course.question_scores(assignment)
    full = table["solution"]
    for exercise in mistakes:
        scores = table[f"wrong-{exercise}"]
        lost = {cell for cell in full if full[cell] is not None and scores[cell] != full[cell]}
        assert lost == {f"test_{exercise}"}, (exercise, mistakes[exercise].tag, lost)
