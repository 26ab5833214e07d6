"""The corpus of simulated students, graded by real nbgrader (autograde, generate_feedback).

Round k of an assignment makes, in every exercise at once, that exercise's k-th
catalogued mistake; alternative round k answers every exercise with its k-th
correct alternative. Each submission's per-exercise scores must be exact, each
mistake must be named in the feedback, and no feedback file may show a hidden
test or the instructor's solution.
"""

import re
from html import unescape

import pytest
from course_builder import make_course, place_submission, released_notebook, source_notebook
from paths import ASSIGNMENTS

from grader import catalogue
from grader.demo import alternatives, classroom

pytestmark = pytest.mark.pipeline


def rounds(entries) -> list[dict]:
    by_exercise = {}
    for entry in entries:
        by_exercise.setdefault(entry.exercise, []).append(entry)
    depth = max((len(v) for v in by_exercise.values()), default=0)
    return [{ex: options[k] for ex, options in by_exercise.items() if k < len(options)} for k in range(depth)]


@pytest.fixture(scope="module", params=[pytest.param(a, marks=pytest.mark.xdist_group(f"corpus-{a}")) for a in ASSIGNMENTS])
def corpus(request, tmp_path_factory, gradebooks):
    assignment = request.param
    module = catalogue.load(assignment)
    course = make_course(tmp_path_factory.mktemp(f"corpus-{assignment}"), [assignment], gradebooks)
    source = source_notebook(course, assignment)
    # Written answers are the students' own words, not the model answer with its rubric.
    solution = {exercise: answer if classroom.exercise_is_autograded(source, exercise) else classroom.WRITTEN_ANSWER
                for exercise, answer in classroom.instructor_answers(source).items()}
    expected, written = {}, {}
    for kind, entries in (("mistakes", module.MISTAKES), ("alternatives", alternatives.load(assignment))):
        for k, chosen in enumerate(rounds(entries)):
            student = f"{kind}-{k}"
            written[student] = {**solution, **{ex: entry.source for ex, entry in chosen.items()}}
            place_submission(course, assignment, student, written[student])
            expected[student] = chosen if kind == "mistakes" else {}
    graded = course.autograde(assignment)
    course.feedback(assignment)
    return course, assignment, expected, graded, written


def test_every_submission_is_graded(corpus):
    _, _, expected, graded, _ = corpus
    assert {r.student for r in graded if r.ok} == set(expected)


def test_exact_scores_per_exercise(corpus):
    course, assignment, expected, *_ = corpus
    points = {cell.metadata.nbgrader["grade_id"]: cell.metadata.nbgrader["points"]
              for cell in source_notebook(course, assignment).cells
              if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code"}
    table = course.question_scores(assignment)
    for student, mistakes in expected.items():
        # A catalogued mistake keeps the share of the points the catalogue grants it (usually none).
        want = {cell: full * mistakes[cell.removeprefix("test_")].credit if cell.removeprefix("test_") in mistakes
                else full for cell, full in points.items()}
        got = {cell: table[student][cell] for cell in points}
        assert got == want, student


def test_feedback_names_every_mistake(corpus):
    course, assignment, expected, *_ = corpus
    for student, mistakes in expected.items():
        feedback = (course.root / "feedback" / student / assignment / f"{assignment}.html").read_text()
        for exercise, mistake in mistakes.items():
            assert f"✗ {exercise}: " in feedback and f"[{mistake.tag}]" in feedback, (student, exercise, mistake.tag)


def hidden_lines(nb) -> set[str]:
    lines = set()
    for cell in nb.cells:
        for region in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.S):
            lines |= {line.strip() for line in region.splitlines() if len(line.strip()) > 15}
    return lines


def test_feedback_leaks_no_hidden_test(corpus):
    course, assignment, _, _, written = corpus
    public = "\n".join(cell.source for cell in released_notebook(course, assignment).cells)
    secret = {line for line in hidden_lines(source_notebook(course, assignment)) if line not in public}
    assert secret, "the assignment has no hidden tests"
    for student, answers in written.items():
        html = course.root / "feedback" / student / assignment / f"{assignment}.html"
        text = unescape(re.sub(r"<[^>]+>", "", html.read_text()))
        assert "HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text and "Rubric" not in text, html
        own = "\n".join(answers.values())  # a line the student wrote is theirs to see
        leaked = [line for line in secret if line in text and line not in own]
        assert not leaked, (html, leaked[:3])
