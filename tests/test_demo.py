"""The demo plays a whole cycle (release, fetch, submit, collect, autograde, feedback, export)."""

import csv

import pytest
from conftest import REPO

from grader.demo import classroom
from grader.demo.run import run_demo

pytestmark = [pytest.mark.pipeline, pytest.mark.xdist_group("test_demo")]
ASSIGNMENT = "ps1_derivatives"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    lines = []
    outcome = run_demo(REPO, tmp_path_factory.mktemp("demo") / "work", [ASSIGNMENT], say=lines.append)
    return outcome, "\n".join(lines)


def test_solution_full_automatic_marks_and_blank_zero(demo):
    outcome, _ = demo
    scores = outcome["course"].question_scores(ASSIGNMENT)
    assert all(v == 0 for v in scores["blank"].values())
    automatic = {k: v for k, v in scores["solution"].items() if v is not None}
    assert automatic and all(v > 0 for v in automatic.values())
    assert sum(automatic.values()) == outcome["course"].scores()["solution"][ASSIGNMENT][0]


def test_each_student_loses_exactly_the_points_of_their_planned_mistakes(demo):
    outcome, _ = demo
    scores = outcome["course"].question_scores(ASSIGNMENT)
    full = scores["solution"]
    for student in classroom.CLASS:
        if student.kind == "blank":
            continue
        plan = outcome["plans"][(student.id, ASSIGNMENT)]
        lost = {cell for cell, v in scores[student.id].items() if v is not None and v < full[cell]}
        assert lost == {f"test_{exercise}" for exercise in plan.mistakes}, student.id


def test_every_student_gets_feedback_and_the_table_is_printed(demo):
    outcome, printed = demo
    for student in classroom.CLASS:
        assert (outcome["course"].root / "feedback" / student.id / ASSIGNMENT / f"{ASSIGNMENT}.html").exists()
        assert student.id in printed
    assert "Gradebook" in printed and str(outcome["by_question"]) in printed


def test_csv_exports_are_quoted_and_complete(demo):
    outcome, _ = demo
    with open(outcome["summary"], newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(classroom.CLASS)
    dara = next(r for r in rows if r["student_id"] == "dara")
    assert dara["last_name"] == "O'Neil, Jr."  # a comma in a name keeps its column
    with open(outcome["by_question"], newline="") as handle:
        by_question = list(csv.DictReader(handle))
    assert {r["student_id"] for r in by_question} == {s.id for s in classroom.CLASS}


def test_feedback_shows_no_hidden_test(demo):
    outcome, _ = demo
    for html in (outcome["course"].root / "feedback").rglob("*.html"):
        text = html.read_text()
        assert "HIDDEN TESTS" not in text and "sample_points(" not in text, html


def test_the_planted_copy_is_in_the_similarity_report(demo):
    """eli copied one of ada's answers with local names changed: the report flags that pair and prints where it is."""
    outcome, printed = demo
    exercise = outcome["planted"][ASSIGNMENT]
    report = outcome["similarity"][ASSIGNMENT]
    flagged = {(p.exercise, frozenset((p.first.student, p.second.student)))
               for c in report.comparisons for p in c.flagged()}
    assert (exercise, frozenset(("ada", "eli"))) in flagged
    eli = classroom.read(outcome["course"].root / "submitted" / "eli" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    assert "my_" in classroom.answer_cells(eli)[exercise].source  # renamed, not the same text
    assert f"Similarity report:       {report.html}" in printed
