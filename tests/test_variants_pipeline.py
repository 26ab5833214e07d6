"""A small class with variants on, through real nbgrader: release records and publishes the roster's
variants, each student is graded on their own recorded numbers (by `python -m grader autograde`'s
tasks and by nbgrader's own autograde), a classmate's numbers earn nothing, and the instructor's
controls (list, reset, analysis) read and write the same records."""

import json

import nbformat
import pytest
from course_builder import make_course, place_submission, source_notebook

from grader.demo import classroom
from grader.demo.run import with_variants
from grader.pipeline import Course
from grader.variants import controls, publishing, records
from grader.variants.making import family_of

pytestmark = pytest.mark.pipeline

ASSIGNMENT = "ps5_learning_rate"  # the quickest to grade of the assignments whose answers vary
ROSTER = ("ada", "ben", "cy")
# The exercises whose answers are the same whatever the student's numbers: a classmate's numbers cost nothing there.
NUMBER_FREE = {"test_run_gd_1d", "test_outcome", "test_critical_lr", "test_max_stable_lr_mse"}


def _solution(course, variant):
    """The instructor's answers, written with `variant`'s numbers."""
    answers = classroom.instructor_answers(source_notebook(course, ASSIGNMENT))
    answers.update((ex, variant.render(t)) for ex, t in family_of(ASSIGNMENT).solutions.items())
    return answers


@pytest.fixture(scope="module")
def graded(tmp_path_factory, gradebooks):
    first = make_course(tmp_path_factory.mktemp("variants"), [ASSIGNMENT], gradebooks)
    with_variants(first.root)
    course = Course(first.root)
    for student in ROSTER:
        course.add_student(student)
    course.release(ASSIGNMENT)
    published = json.loads(publishing.published_path(
        course.root / "exchange", "calc4ml", ASSIGNMENT).read_text())
    made = records.recorded(course.db_url, ASSIGNMENT)
    place_submission(course, ASSIGNMENT, "ada", _solution(course, made["ada"].variant()))
    place_submission(course, ASSIGNMENT, "ben", _solution(course, made["ada"].variant()))  # ada's numbers
    late = records.given_variant_0(ASSIGNMENT, "late")  # not on the roster at release: shown variant 0
    place_submission(course, ASSIGNMENT, "late", _solution(course, late.variant()))
    results = course.autograde(ASSIGNMENT, ["ada", "ben"])
    nbgrader_own = course.api.autograde(ASSIGNMENT, "late", force=True)  # PoseRequests reads the record itself
    return course, published, made, late, results, nbgrader_own


def _automatic(course, student):
    return {cell: score for cell, score in course.question_scores(ASSIGNMENT)[student].items() if score is not None}


def _full(course):
    nb = source_notebook(course, ASSIGNMENT)
    return {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader["points"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"}


def test_release_records_and_publishes_a_variant_for_every_student_of_the_roster(graded):
    _, published, made, *_ = graded
    assert sorted(made) == sorted(ROSTER)
    assert published["students"] == {s: {"parameters": dict(v.parameters), "label": v.label,
                                         "public": dict(v.variant().public)} for s, v in made.items()}
    assert len({json.dumps(dict(v.parameters), sort_keys=True) for v in made.values()}) == len(ROSTER)


def test_each_student_is_graded_on_their_own_numbers(graded):
    course, _, _, _, results, nbgrader_own = graded
    assert all(r.ok for r in results) and nbgrader_own["success"]
    assert _automatic(course, "ada") == _full(course)
    assert _automatic(course, "late") == _full(course)


def test_a_student_nobody_published_a_variant_for_is_recorded_with_variant_0_what_they_saw(graded):
    course, _, _, late, *_ = graded
    assert records.recorded(course.db_url, ASSIGNMENT)["late"] == late


def test_a_classmates_numbers_earn_nothing_where_the_numbers_matter(graded):
    course, _, made, *_ = graded
    full, ben = _full(course), _automatic(course, "ben")
    lost = {cell for cell in full if ben[cell] < full[cell]}
    # quartic_study's answer is the same pattern in every variant (a rule of ps5's), so the numbers
    # that cost are the quadratic's, when ada's and ben's differ.
    template = family_of(ASSIGNMENT).solutions["steps_to_tolerance"]
    assert made["ada"].variant().render(template) != made["ben"].variant().render(template)
    assert "test_steps_to_tolerance" in lost
    assert not lost & NUMBER_FREE, lost


def test_the_graded_notebook_keeps_the_setup_cell_as_the_instructor_wrote_it(graded):
    course, *_ = graded
    nb = nbformat.read(str(course.root / "autograded" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), 4)
    sources = "\n".join(c.source for c in nb.cells)
    assert "course_variant(" in sources and ".pin(" not in sources


def test_list_shows_each_students_variant_and_score(graded):
    course, _, made, *_ = graded
    rows = {row.student: row for row in controls.student_rows(course.places, ASSIGNMENT)}
    assert rows["ada"].label == made["ada"].label and rows["ada"].scores == course.question_scores(ASSIGNMENT)["ada"]
    assert rows["cy"].scores == {}


def test_reset_is_refused_after_submission_and_gives_a_new_published_variant_before(graded):
    course, _, made, *_ = graded
    with pytest.raises(controls.ResetRefused, match="ada has already submitted"):
        controls.reset_variant(course.places, ASSIGNMENT, "ada")
    new = controls.reset_variant(course.places, ASSIGNMENT, "cy")
    assert new.parameters != made["cy"].parameters and new.draw == 1
    published = json.loads(publishing.published_path(course.root / "exchange", "calc4ml", ASSIGNMENT).read_text())
    assert published["students"]["cy"]["parameters"] == dict(new.parameters)
    assert records.recorded(course.db_url, ASSIGNMENT)["ada"] == made["ada"]


def test_the_analysis_per_variant_is_written(graded, tmp_path):
    course, *_ = graded
    path, found = controls.write_analysis(course.places, ASSIGNMENT, tmp_path)
    assert path.read_text().splitlines()[0].startswith("exercise,parameter,value,students")
    assert all(g.students >= 3 for g in found)
