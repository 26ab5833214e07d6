"""The demo plays a whole cycle (release, fetch, submit, collect, autograde, feedback, export)."""

import csv
import subprocess
import sys

import pytest
from paths import REPO

from grader.demo import classroom, lms_rosters
from grader.demo.run import run_demo
from grader.lms_export import points

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
    pages = sorted((outcome["course"].root / "feedback").rglob("*.html"))
    assert len(pages) == len(classroom.CLASS), pages
    for html in pages:
        text = html.read_text()
        assert "HIDDEN TESTS" not in text and "sample_points(" not in text, html


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_lms_files_from_the_example_rosters(demo):
    outcome, printed = demo
    scores = outcome["course"].scores()
    assert f"Canvas gradebook import: {outcome['canvas']}" in printed
    assert f"Moodle grade import:     {outcome['moodle']}" in printed
    canvas = _rows(outcome["canvas"])
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                         f"{ASSIGNMENT} ({lms_rosters.canvas_assignment_id(0)})"]
    with open(outcome["summary"], newline="") as handle:
        max_score = float(next(csv.DictReader(handle))["max_score"])
    assert canvas[1] == ["Points Possible", "", "", "", "", points(max_score)]
    by_login = {row[3]: row for row in canvas[2:]}
    assert set(by_login) == {s.id for s in lms_rosters.lms_students()}      # the roster's students, and only them
    assert by_login["dara"][0] == "O'Neil, Jr., Dara" and float(by_login["dara"][5]) == scores["dara"][ASSIGNMENT][0]
    assert by_login["zoe"][0] == "Ñúñez-Åström, Zoë" and by_login["zoe"][5] == ""   # in Canvas, never submitted
    for account in lms_rosters.TEST_ACCOUNTS:                                 # submitted, not in the LMS: reported
        assert f"Canvas: {account}, " in printed and f"Moodle: {account}, " in printed
    moodle = {row[2]: row for row in _rows(outcome["moodle"])[1:]}
    assert moodle["Fatima@Example.edu"][3] == points(scores["fatima"][ASSIGNMENT][0])   # matched ignoring case
    assert moodle["zoe@example.edu"][3:] == ["-", ""]


def test_export_command_writes_lms_files_from_rosters(demo, tmp_path):
    outcome, _ = demo
    root = outcome["course"].root
    rosters = root.parent / "lms"
    run = subprocess.run(
        [sys.executable, "-m", "grader", "export", "--course", str(root), "--to", str(tmp_path / "with" / "grades.csv"),
         "--canvas-roster", str(rosters / "canvas_roster.csv"), "--moodle-roster", str(rosters / "moodle_roster.csv"),
         "--moodle-identity", "idnumber", "--missing-as-zero", "--canvas-assignment", f"{ASSIGNMENT}=424242"],
        capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"wrote {tmp_path / 'with' / 'canvas_grades.csv'} (Canvas, 7 student(s))" in run.stdout
    assert "warning: Canvas: solution, Sol Ution, solution@example.edu submitted work but is not in the Canvas roster" in run.stderr
    canvas = {row[3]: row for row in _rows(tmp_path / "with" / "canvas_grades.csv")[2:]}
    assert _rows(tmp_path / "with" / "canvas_grades.csv")[0][5] == f"{ASSIGNMENT} (424242)"   # the option wins
    assert canvas["zoe"][5] == "0"                                                           # --missing-as-zero
    moodle = _rows(tmp_path / "with" / "moodle_grades.csv")
    assert moodle[0][2] == "ID number" and {row[2] for row in moodle[1:]} == {
        lms_rosters.sis_id(s) for s in lms_rosters.lms_students()}
    assert moodle[-1][:5] == ["Zoë", "Ñúñez-Åström", lms_rosters.sis_id(lms_rosters.NEVER_SUBMITTED), "0", "No submission"]


def test_lms_files_without_rosters_list_every_gradebook_student(demo, tmp_path):
    outcome, _ = demo
    (canvas, made), (moodle, _) = outcome["course"].lms_export(tmp_path)
    table = _rows(canvas)
    assert table[0][5] == ASSIGNMENT and made.missing_canvas_ids == (ASSIGNMENT,)
    assert sorted(row[3] for row in table[2:]) == sorted(s.id for s in classroom.CLASS)     # everyone, by login
    assert sorted(row[2] for row in _rows(moodle)[1:]) == sorted(f"{s.id}@example.edu" for s in classroom.CLASS)


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
